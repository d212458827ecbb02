//! `faro risk`: train, evaluate and score risk models on any CSV (an inspectorate's own history,
//! no code needed), and retrain on this database's history.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;
use faro_core::catalog::Catalogs;
use faro_core::inspection::Matter;
use faro_core::Actor;
use faro_risk::{read_csv, CsvOptions, Lang, Report, RiskModel, Selection, Table, TrainSpec};

use crate::cli::{
    CsvColumnArgs, RiskEvaluateArgs, RiskExportArgs, RiskReportArgs, RiskRetrainArgs, RiskScoreArgs, RiskTrainArgs,
};
use crate::db::Target;
use crate::error::CliError;
use crate::risk::{self, MatterResult, RetrainOptions};

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::failed(e.to_string())
}

/// A bad file or a bad column is the user's to fix: a usage error (exit 2) with the reason.
fn usage(e: impl std::fmt::Display) -> CliError {
    CliError::usage(e.to_string())
}

fn open(path: &Path) -> Result<BufReader<File>, CliError> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))
}

fn create(path: &Path) -> Result<BufWriter<File>, CliError> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))
}

fn read_table(path: &Path, options: &CsvOptions) -> Result<Table, CliError> {
    read_csv(open(path)?, options).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

fn csv_options(c: &CsvColumnArgs) -> CsvOptions {
    CsvOptions {
        numeric: c.numeric.clone(),
        categorical: c.categorical.clone(),
        ignore: c.ignore.clone(),
        delimiter: None,
    }
}

fn lang(code: &str) -> Result<Lang, CliError> {
    match code.trim() {
        "es" => Ok(Lang::Es),
        "en" => Ok(Lang::En),
        other => Err(CliError::usage(format!("--lang is es or en, not '{other}'"))),
    }
}

fn write_report(report: &Report, out: &RiskReportArgs) -> Result<(), CliError> {
    let lang = lang(&out.lang)?;
    if let Some(path) = &out.report {
        std::fs::write(path, report.to_html(lang))
            .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
    }
    if let Some(path) = &out.report_json {
        std::fs::write(path, report.to_json().map_err(failed)?)
            .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

fn fmt(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn print_summary(report: &Report) {
    println!(
        "rows {} (positives {}), test rows {} ({} positives)",
        report.dataset.rows, report.dataset.positives, report.split.test_rows, report.split.test_positives
    );
    println!(
        "AUC model {} | baseline {}; lift at 10% {}",
        fmt(report.model.auc),
        fmt(report.baseline.auc),
        fmt(report.model.lift_at_10)
    );
    if let Some(s) = &report.selection {
        println!(
            "hit rate: random draws {} ({} rows), model's top 10% of random draws {}",
            fmt(s.random.rate),
            s.random.rows,
            fmt(s.model_top_10_of_random.rate)
        );
    }
}

pub fn train(args: &RiskTrainArgs) -> Result<ExitCode, CliError> {
    lang(&args.output.lang)?;
    let t = Instant::now();
    let table = read_table(&args.data, &csv_options(&args.columns))?;
    let read_seconds = t.elapsed().as_secs_f64();
    let mut spec = TrainSpec::new(args.target.clone());
    spec.time = args.time.clone();
    spec.id = args.id.clone();
    spec.size = args.size.clone();
    spec.groups = args.groups.clone();
    spec.ignore = args.columns.ignore.clone();
    spec.test_fraction = args.test_fraction;
    spec.budget = args.budget;
    spec.seed = args.seed;
    spec.scorer = args.scorer;
    if let Some(sel) = &args.selection {
        let (column, value) = sel
            .split_once('=')
            .ok_or_else(|| CliError::usage("--selection is COLUMN=VALUE, e.g. origin=random"))?;
        spec.selection = Some(Selection {
            column: column.trim().to_string(),
            random_value: value.trim().to_string(),
        });
    }
    let t = Instant::now();
    let (model, report) = faro_risk::train(&table, &spec, Utc::now()).map_err(usage)?;
    let train_seconds = t.elapsed().as_secs_f64();
    let mut out = create(&args.model)?;
    model.save(&mut out).map_err(failed)?;
    out.flush()?;
    write_report(&report, &args.output)?;
    print_summary(&report);
    println!(
        "read {} rows in {read_seconds:.1} s; trained ({} trees, scored by the {}) in {train_seconds:.1} s; model written to {}",
        table.rows(),
        model.trees(),
        match model.scorer.scorer {
            faro_risk::Scorer::Trees => "trees",
            faro_risk::Scorer::Baseline => "logistic baseline",
        },
        args.model.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn load_model(path: &Path) -> Result<RiskModel, CliError> {
    RiskModel::load(open(path)?).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

pub fn evaluate(args: &RiskEvaluateArgs) -> Result<ExitCode, CliError> {
    lang(&args.output.lang)?;
    let model = load_model(&args.model)?;
    let table = read_table(&args.data, &model.csv_options())?;
    let report = faro_risk::evaluate(&model, &table, &model.eval_spec(), Utc::now()).map_err(usage)?;
    write_report(&report, &args.output)?;
    print_summary(&report);
    Ok(ExitCode::SUCCESS)
}

/// A CSV field, quoted when needed.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn score(args: &RiskScoreArgs) -> Result<ExitCode, CliError> {
    let model = load_model(&args.model)?;
    let t = Instant::now();
    let table = read_table(&args.data, &model.csv_options())?;
    let read_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let ids: Option<Vec<String>> = model
        .spec
        .id
        .as_ref()
        .and_then(|c| table.column(c))
        .map(|c| (0..table.rows()).map(|r| c.text(r).unwrap_or_default()).collect());
    let scored: Vec<(faro_risk::Score, Vec<faro_risk::Factor>)> = if args.explain > 0 {
        faro_risk::score_with_factors(&model, &table, args.explain)
            .map_err(usage)?
            .into_iter()
            .map(|s| (s.score, s.factors))
            .collect()
    } else {
        faro_risk::score(&model, &table)
            .map_err(usage)?
            .into_iter()
            .map(|s| (s, Vec::new()))
            .collect()
    };
    let score_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    // Rank: highest log-odds first (ties in calibrated probability broken by the raw score).
    let mut order: Vec<usize> = (0..scored.len()).collect();
    order.sort_by(|a, b| scored[*b].0.log_odds.total_cmp(&scored[*a].0.log_odds).then(a.cmp(b)));
    let mut rank = vec![0usize; scored.len()];
    for (r, i) in order.iter().enumerate() {
        rank[*i] = r + 1;
    }
    let mut out = create(&args.out)?;
    let mut header = vec!["row".to_string(), "id".into(), "probability".into(), "rank".into()];
    for k in 1..=args.explain {
        header.push(format!("factor_{k}"));
        header.push(format!("effect_{k}"));
    }
    writeln!(out, "{}", header.join(","))?;
    for (i, (s, factors)) in scored.iter().enumerate() {
        let id = ids.as_ref().and_then(|v| v.get(s.row)).cloned().unwrap_or_default();
        let mut line = vec![
            (s.row + 1).to_string(),
            field(&id),
            format!("{:.6}", s.probability),
            rank[i].to_string(),
        ];
        for k in 0..args.explain {
            match factors.get(k) {
                Some(f) => {
                    let value = f.value.clone().unwrap_or_default();
                    line.push(field(&format!("{}={value}", f.column)));
                    line.push(format!("{:+.4}", f.contribution));
                }
                None => {
                    line.push(String::new());
                    line.push(String::new());
                }
            }
        }
        writeln!(out, "{}", line.join(","))?;
    }
    out.flush()?;
    println!(
        "{} rows: read in {read_seconds:.1} s, scored in {score_seconds:.1} s, ranked and written in {:.1} s, to {}",
        scored.len(),
        t.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn matters(codes: &[String]) -> Result<Vec<Matter>, CliError> {
    codes
        .iter()
        .map(|c| c.parse::<Matter>().map_err(|e| CliError::usage(e.detail)))
        .collect()
}

fn catalogs() -> Result<Catalogs, CliError> {
    Ok(Catalogs::embedded()?)
}

pub fn retrain(target: &Target, args: &RiskRetrainArgs) -> Result<ExitCode, CliError> {
    let store = target.open_existing()?;
    let now = Utc::now();
    let opts = RetrainOptions {
        as_of: args.as_of.unwrap_or(now.date_naive()),
        matters: matters(&args.matters)?,
        budget: args.budget,
        seed: args.seed,
        score: !args.no_score,
    };
    let summary = risk::retrain(&store, &catalogs()?, &Actor::system("risk retrain"), now, &opts)?;
    println!("history read in {:.1} s", summary.read_seconds);
    for (matter, result) in &summary.matters {
        match result {
            MatterResult::Trained {
                model_id,
                report,
                seconds,
            } => {
                println!(
                    "{}: model {model_id} in {seconds:.1} s; AUC {} (baseline {}), lift at 10% {}",
                    matter.code(),
                    fmt(report.model.auc),
                    fmt(report.baseline.auc),
                    fmt(report.model.lift_at_10)
                );
                if let Some(dir) = &args.reports {
                    std::fs::create_dir_all(dir)?;
                    write_report(
                        report,
                        &RiskReportArgs {
                            report: Some(dir.join(format!("{}.html", matter.code()))),
                            report_json: Some(dir.join(format!("{}.json", matter.code()))),
                            lang: "es".into(),
                        },
                    )?;
                }
            }
            MatterResult::Skipped(reason) => println!("{}: no model ({reason})", matter.code()),
        }
    }
    if let Some((run, n, seconds)) = summary.scored {
        println!("{n} workplaces scored in {seconds:.1} s (run {run})");
    }
    if summary
        .matters
        .iter()
        .all(|(_, r)| matches!(r, MatterResult::Skipped(_)))
    {
        return Err(CliError::failed(
            "no model was trained: no matter has enough history yet",
        ));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(target: &Target, args: &RiskExportArgs) -> Result<ExitCode, CliError> {
    let matter: Matter = args
        .matter
        .parse()
        .map_err(|e: faro_core::DomainError| CliError::usage(e.detail))?;
    let store = target.open_existing()?;
    let as_of = args.as_of.unwrap_or(Utc::now().date_naive());
    let history = store.risk_history(risk::population(&catalogs()?))?;
    let rows = history
        .training_rows(&[matter], chrono::NaiveDate::MIN, as_of)
        .pop()
        .ok_or_else(|| CliError::failed("no training rows"))?;
    let n = rows.len();
    let table = faro_risk::registry::training_table(rows).map_err(failed)?;
    let mut out = create(&args.out)?;
    faro_risk::csv_write::write_csv(&table, &mut out).map_err(failed)?;
    out.flush()?;
    println!("{n} rows of {} written to {}", matter.code(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
