//! The `faro` binary end to end: exit codes, messages, and what each command leaves in the
//! database. Runs the real binary on temporary data folders.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn faro(data: &Path, args: &[&str]) -> Output {
    faro_with_env(data, args, &[])
}

fn faro_with_env(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faro"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("FARO_DATABASE_URL")
        .env("FARO_LOG", "error")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run faro")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn check_prints_the_verdict_and_exits_by_validity() {
    let dir = tempfile::tempdir().unwrap();
    let ok = faro(dir.path(), &["check", "nss", "12345678903"]);
    let bad = faro(dir.path(), &["check", "nss", "12345678904"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(text(&bad).contains("NOT VALID"), "{}", text(&bad));
    let json = faro(dir.path(), &["check", "rfc", "XAXX010101000", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["kind"], "rfc");
    assert!(v["valid"].is_boolean());
    let structure = faro(dir.path(), &["check", "curp", "NOT-A-CURP"]);
    assert_eq!(structure.status.code(), Some(1));
}

#[test]
fn a_mistyped_database_is_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let typo = faro(dir.path(), &["--database-url", "postgress://h/db", "serve"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(text(&typo).contains("did you mean 'postgres://'"), "{}", text(&typo));
    let missing = dir.path().join("nope.sqlite3");
    let o = faro(
        dir.path(),
        &[
            "--database-url",
            &format!("sqlite:{}", missing.display()),
            "audit",
            "verify",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!missing.exists(), "a missing database must not be created");
    let empty_dir = dir.path().join("empty");
    let o = faro(&empty_dir, &["serve"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("faro demo"), "{}", text(&o));
}

#[test]
fn demo_builds_once_then_reuses_and_the_audit_catches_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = faro(&data, &["demo", "--scale", "0.01", "--no-serve"]);
    assert!(first.status.success(), "{}", text(&first));
    let out = text(&first);
    assert!(out.contains("Building the demo nation"), "{out}");
    assert!(out.contains("1000 workplaces"), "{out}");
    for login in [
        "admin",
        "inspector",
        "supervisor",
        "sanciones",
        "conciliador",
        "registrador",
        "analista",
    ] {
        assert!(out.contains(login), "login {login} not printed: {out}");
    }
    let second = faro(&data, &["demo", "--scale", "0.01", "--no-serve"]);
    assert!(text(&second).contains("Using the demo already"), "{}", text(&second));

    // A user from the command line, with the password from the environment.
    let add = faro_with_env(
        &data,
        &[
            "user",
            "add",
            "lucia.p",
            "--role",
            "conciliator",
            "--jurisdiction",
            "09",
            "--name",
            "Lucía P.",
        ],
        &[("FARO_NEW_PASSWORD", "una-frase-larga-de-prueba")],
    );
    assert!(add.status.success(), "{}", text(&add));
    let again = faro_with_env(
        &data,
        &[
            "user",
            "add",
            "lucia.p",
            "--role",
            "conciliator",
            "--jurisdiction",
            "09",
            "--name",
            "Lucía P.",
        ],
        &[("FARO_NEW_PASSWORD", "una-frase-larga-de-prueba")],
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("taken"), "{}", text(&again));
    let bad_role = faro(
        &data,
        &[
            "user",
            "add",
            "x.y.z",
            "--role",
            "wizard",
            "--jurisdiction",
            "09",
            "--name",
            "X",
        ],
    );
    assert_eq!(bad_role.status.code(), Some(2));

    let ok = faro(&data, &["audit", "verify"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    assert!(text(&ok).starts_with("intact"), "{}", text(&ok));

    // Backup, then tamper with the live database: verify names the altered event.
    let backup = dir.path().join("backup.sqlite3");
    let b = faro(&data, &["backup", backup.to_str().unwrap()]);
    assert!(b.status.success(), "{}", text(&b));
    let exists = faro(&data, &["backup", backup.to_str().unwrap()]);
    assert!(!exists.status.success(), "a backup never overwrites a file");
    {
        let conn = rusqlite::Connection::open(data.join("faro.sqlite3")).unwrap();
        conn.execute("UPDATE events SET payload = '{}' WHERE seq = 2", [])
            .unwrap();
    }
    let broken = faro(&data, &["audit", "verify", "--json"]);
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
    let v: serde_json::Value = serde_json::from_slice(&broken.stdout).unwrap();
    assert_eq!(v["broken"]["problem"], "content_altered");
    assert_eq!(v["broken"]["seq"], 2);

    // Restore brings the intact chain back.
    let r = faro(&data, &["restore", backup.to_str().unwrap()]);
    assert!(r.status.success(), "{}", text(&r));
    let ok = faro(&data, &["audit", "verify"]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
}

#[test]
fn import_denue_is_idempotent_and_reports_rejected_rows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    assert!(faro(&data, &["migrate"]).status.success());
    let cat = faro_core::catalog::Catalogs::embedded().unwrap();
    let file = dir.path().join("denue_test.csv");
    let opts = faro_denue::synth::SynthOptions {
        rows: 300,
        seed: 3,
        bad_fraction: 0.05,
        ..Default::default()
    };
    let summary = faro_denue::synth::write_synthetic_with(std::fs::File::create(&file).unwrap(), &opts, &cat).unwrap();
    let first = faro(&data, &["import", "denue", file.to_str().unwrap(), "--quiet"]);
    assert!(first.status.success(), "{}", text(&first));
    let good = 300 - summary.bad.len();
    assert!(
        text(&first).contains(&format!("imported {good} rows ({} rejected)", summary.bad.len())),
        "{}",
        text(&first)
    );
    let report = std::fs::read_to_string(dir.path().join("denue_test.csv.rejected.csv")).unwrap();
    assert_eq!(report.lines().count(), summary.bad.len() + 1, "{report}");
    assert!(report.starts_with("line,code,reason"));
    let second = faro(&data, &["import", "denue", file.to_str().unwrap(), "--quiet"]);
    assert!(second.status.success());
    let conn = rusqlite::Connection::open(data.join("faro.sqlite3")).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM workplaces", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, good, "re-importing must not duplicate");
    let not_csv = dir.path().join("nothing.csv");
    std::fs::write(&not_csv, "a,b,c\n1,2,3\n").unwrap();
    let o = faro(&data, &["import", "denue", not_csv.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(faro(&data, &["audit", "verify"]).status.success());
}

#[test]
fn rules_are_listed_with_their_article_and_overrides_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let o = faro(dir.path(), &["rules", "list", "--date", "2026-03-01", "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = v["rules"].as_array().unwrap();
    let fine = rules.iter().find(|r| r["id"] == "lft-994-v").unwrap();
    assert_eq!(fine["value"], "250-5000 UMA");
    assert_eq!(fine["article"], "LFT 994-V");
    assert_eq!(fine["configurable"], false);
    let notice = rules.iter().find(|r| r["id"] == "inspection.ordinary_notice").unwrap();
    assert_eq!(notice["value"], "24 hours");
    assert_eq!(notice["configurable"], true);
    let hearing = rules.iter().find(|r| r["id"] == "conciliation.hearing").unwrap();
    assert_eq!(
        hearing["value"],
        "15 days (kind unstated: the centre's setting, working by default)"
    );
    // A deployment may shorten a configurable deadline...
    let ok = dir.path().join("ok.toml");
    std::fs::write(&ok, "[deadlines.\"sanction.resolution\"]\namount = 20\n").unwrap();
    let o = faro(dir.path(), &["rules", "check", ok.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = faro(
        dir.path(),
        &["rules", "list", "--json", "--rules", ok.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "sanction.resolution")
        .cloned()
        .unwrap();
    assert_eq!(r["value"], "20 working days");
    // ...but not a fine range the law fixes.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[violations.\"lft-994-v\"]\nmax_uma = 100\n").unwrap();
    let o = faro(dir.path(), &["rules", "check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("lft-994-v"), "{}", text(&o));
}

/// A CSV of 600 units with a numeric, a categorical and a date column, an id, an origin with
/// random draws, and an outcome that follows the numeric column.
fn risk_csv(dir: &Path) -> std::path::PathBuf {
    let mut s = String::from("unit,employees,sector,visited,origin,violation\n");
    let mut x: u64 = 5;
    for i in 0..600u32 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let u = (x >> 33) as f64 / f64::from(1u32 << 31);
        let employees = (i * 37) % 200;
        let sector = ["23", "46", "52"][(i % 3) as usize];
        let p = 0.1 + 0.7 * f64::from(employees) / 200.0;
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let year = 2020 + i / 336;
        let origin = if i % 10 == 0 { "random" } else { "program" };
        s.push_str(&format!(
            "U{i},{employees},{sector},{year}-{month:02}-{day:02},{origin},{}\n",
            u8::from(u < p)
        ));
    }
    let path = dir.join("units.csv");
    std::fs::write(&path, s).unwrap();
    path
}

#[test]
fn risk_train_evaluate_and_score_any_csv() {
    let dir = tempfile::tempdir().unwrap();
    let data = risk_csv(dir.path());
    let model = dir.path().join("model.json");
    let report = dir.path().join("report.html");
    let report_json = dir.path().join("report.json");
    let d = data.to_str().unwrap();
    let m = model.to_str().unwrap();
    let out = faro(
        dir.path(),
        &[
            "risk",
            "train",
            "--data",
            d,
            "--target",
            "violation",
            "--time",
            "visited",
            "--id",
            "unit",
            "--selection",
            "origin=random",
            "--size",
            "employees",
            "--group",
            "sector",
            "--model",
            m,
            "--report",
            report.to_str().unwrap(),
            "--report-json",
            report_json.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("AUC model"), "{}", text(&out));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("<svg") && html.contains("lang=\"es"),
        "a Spanish report with charts"
    );
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report_json).unwrap()).unwrap();
    assert!(json["model"]["auc"].as_f64().unwrap() > 0.6, "{}", json["model"]);

    let out = faro(
        dir.path(),
        &[
            "risk",
            "evaluate",
            "--model",
            m,
            "--data",
            d,
            "--report-json",
            report_json.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let scores = dir.path().join("scores.csv");
    let out = faro(
        dir.path(),
        &[
            "risk",
            "score",
            "--model",
            m,
            "--data",
            d,
            "--out",
            scores.to_str().unwrap(),
            "--explain",
            "2",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = std::fs::read_to_string(&scores).unwrap();
    let mut lines = written.lines();
    assert_eq!(
        lines.next().unwrap(),
        "row,id,probability,rank,factor_1,effect_1,factor_2,effect_2"
    );
    assert_eq!(lines.count(), 600);
    assert!(written.contains(",U0,"));
}

#[test]
fn risk_train_scores_with_the_model_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let data = risk_csv(dir.path());
    let model = dir.path().join("model.json");
    let report_json = dir.path().join("report.json");
    let train = |scorer: &str| {
        faro(
            dir.path(),
            &[
                "risk",
                "train",
                "--data",
                data.to_str().unwrap(),
                "--target",
                "violation",
                "--time",
                "visited",
                "--id",
                "unit",
                "--scorer",
                scorer,
                "--model",
                model.to_str().unwrap(),
                "--report-json",
                report_json.to_str().unwrap(),
            ],
        )
    };
    let out = train("baseline");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("scored by the logistic baseline"), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report_json).unwrap()).unwrap();
    assert_eq!(json["scorer"]["scorer"], "baseline");
    assert_eq!(json["scorer"]["reason"], "requested");
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(saved["scorer"]["scorer"], "baseline");

    std::fs::remove_file(&model).unwrap();
    let bad = train("magic");
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(text(&bad).contains("auto, trees or baseline"), "{}", text(&bad));
    assert!(!model.exists());
}

#[test]
fn risk_refuses_bad_files_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let data = risk_csv(dir.path());
    let d = data.to_str().unwrap();
    let m = dir.path().join("m.json");
    let m = m.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["risk", "train", "--data", d, "--target", "nothing", "--model", m],
            "nothing",
        ),
        (
            vec!["risk", "train", "--data", d, "--target", "sector", "--model", m],
            "sector",
        ),
        (
            vec![
                "risk",
                "train",
                "--data",
                d,
                "--target",
                "violation",
                "--numeric",
                "origin",
                "--model",
                m,
            ],
            "origin",
        ),
        (
            vec![
                "risk",
                "train",
                "--data",
                "/no/such/file.csv",
                "--target",
                "violation",
                "--model",
                m,
            ],
            "/no/such/file.csv",
        ),
        (
            vec![
                "risk",
                "train",
                "--data",
                d,
                "--target",
                "violation",
                "--selection",
                "origin",
                "--model",
                m,
            ],
            "COLUMN=VALUE",
        ),
        (vec!["risk", "score", "--model", d, "--data", d, "--out", m], "model"),
    ];
    for (args, needle) in cases {
        let out = faro(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(needle), "{args:?}: {}", text(&out));
        assert!(!text(&out).contains("panicked"), "{args:?}");
    }
    // One class only.
    let one = dir.path().join("one.csv");
    std::fs::write(&one, "a,y\n1,0\n2,0\n3,0\n").unwrap();
    let out = faro(
        dir.path(),
        &[
            "risk",
            "train",
            "--data",
            one.to_str().unwrap(),
            "--target",
            "y",
            "--model",
            m,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn risk_retrain_on_a_database_without_history_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = faro(dir.path(), &["migrate"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = faro(dir.path(), &["risk", "retrain"]);
    // No matter has enough history: every one is skipped with the reason, and nothing is scored.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("not enough history"), "{}", text(&out));
    let out = faro(
        dir.path(),
        &["risk", "export", "--matter", "astrology", "--out", "x.csv"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
