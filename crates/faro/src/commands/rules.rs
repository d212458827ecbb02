//! `faro rules list|check`: the legal rules as data, as Faro applies them.

use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;
use faro_core::rules::{DeadlineUnit, ParameterValue, Rules};
use serde_json::json;

use crate::cli::{RulesCheckArgs, RulesListArgs};
use crate::error::CliError;

/// Reads an overrides file, with a message that names it.
pub fn read_overrides(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::usage(format!("cannot read the rules file {}: {e}", path.display())))
}

fn rules_with(path: Option<&Path>) -> Result<Rules, CliError> {
    let base = Rules::official().map_err(|e| CliError::failed(e.to_string()))?;
    match path {
        Some(p) => base
            .with_overrides(&read_overrides(p)?)
            .map_err(|e| CliError::usage(format!("{}: {e}", p.display()))),
        None => Ok(base.clone()),
    }
}

pub fn list(args: &RulesListArgs) -> Result<ExitCode, CliError> {
    let rules = rules_with(args.rules.as_deref())?;
    let on = args.date.unwrap_or_else(|| Utc::now().date_naive());
    let mut rows = Vec::new();
    for d in rules.deadlines().filter(|d| d.meta.in_force_on(on)) {
        let amount = match d.unit {
            DeadlineUnit::Hours => format!("{} hours", d.amount),
            DeadlineUnit::Days(_) if !d.day_count_stated => {
                format!(
                    "{} days (kind unstated: the centre's setting, working by default)",
                    d.amount
                )
            }
            DeadlineUnit::Days(c) => format!(
                "{} {} days",
                d.amount,
                if c == faro_core::calendar::DayCount::Working {
                    "working"
                } else {
                    "calendar"
                }
            ),
        };
        rows.push(("deadline", &d.meta, amount));
    }
    for v in rules.violations_on(on) {
        rows.push((
            "fine",
            &v.meta,
            format!(
                "{}-{} UMA{}",
                v.min_uma,
                v.max_uma,
                if v.criminal { " (+ criminal)" } else { "" }
            ),
        ));
    }
    for p in rules.parameters().filter(|p| p.meta.in_force_on(on)) {
        let value = match &p.value {
            ParameterValue::Int(i) => i.to_string(),
            ParameterValue::Text(t) => t.clone(),
        };
        rows.push(("parameter", &p.meta, value));
    }
    if args.json {
        let items: Vec<_> = rows
            .iter()
            .map(|(kind, m, value)| {
                json!({
                    "kind": kind, "id": m.id, "value": value, "article": m.article,
                    "in_force_from": m.in_force_from, "in_force_until": m.in_force_until,
                    "confidence": m.confidence.tag(), "configurable": m.configurable, "source": m.source,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&json!({ "date": on, "rules": items }))
            .map_err(|e| CliError::failed(e.to_string()))?;
        println!("{text}");
    } else {
        println!(
            "Rules in force on {on} (confidence: P primary text, S secondary source, U unconfirmed; * configurable)"
        );
        for (kind, m, value) in &rows {
            let star = if m.configurable { "*" } else { " " };
            println!(
                "{kind:<9} {:<36} {value:<28} {:<22} {}{star}",
                m.id,
                m.article,
                m.confidence.tag()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(args: &RulesCheckArgs) -> Result<ExitCode, CliError> {
    let base = Rules::official().map_err(|e| CliError::failed(e.to_string()))?;
    let text = read_overrides(&args.file)?;
    match base.with_overrides(&text) {
        Ok(_) => {
            println!("{}: every change is to a configurable rule", args.file.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("{}: {e}", args.file.display());
            Ok(ExitCode::from(1))
        }
    }
}
