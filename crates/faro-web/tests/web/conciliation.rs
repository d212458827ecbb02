//! Conciliation on the web: the public settlement calculator, as a page in Spanish and English
//! and as JSON, with input refused field by field (422, never a 500).
//!
//! The case checked by hand is the core's "unjustified dismissal after three years four months"
//! (`crates/faro-core/src/settlement/tests.rs`): served 2022-03-01 to 2025-06-30 at $500.00 a
//! day, general zone, minimum wage 2025 $278.80 (cap $557.60):
//!
//! * aguinaldo (LFT 87): 181 days worked in 2025 of 365; 15 × 181/365 = 7.4384 days;
//!   50000 × 543/73 = 371917.8 → $3,719.18;
//! * vacation (LFT 76, fourth service year: 18 days): 18 × 122/365 = 6.0164 days → $3,008.22;
//! * vacation premium (LFT 80): 25 % of that, 1.5041 days → $752.05;
//! * seniority premium (LFT 162): 12 × 1217/365 = 40.0110 days on $500.00 → $20,005.48;
//! * constitutional severance: 90 days × $500.00 = $45,000.00;
//! * total 3,719.18 + 3,008.22 + 752.05 + 20,005.48 + 45,000.00 = $72,484.93;
//! * with reinstatement refused, plus 20 × 1217/365 = 66.6849 days → $33,342.47: $105,827.40.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::support::{locale, page_contains, Fixture};

/// The text of `key` in `lang`, from this module's locale files or the others.
fn t(lang: &str, key: &str) -> String {
    let ours: BTreeMap<String, String> = serde_json::from_str(match lang {
        "es" => include_str!("../../locales/conciliation.es.json"),
        _ => include_str!("../../locales/conciliation.en.json"),
    })
    .expect("locale");
    ours.get(key)
        .or_else(|| locale(lang).get(key))
        .cloned()
        .unwrap_or_else(|| panic!("no {lang} text for {key}"))
}

fn with(text: String, params: &[(&str, &str)]) -> String {
    params.iter().fold(text, |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

const CASE: &str =
    "/conciliation/calculator?start_date=2022-03-01&end_date=2025-06-30&daily_wage=500&termination=unjustified_dismissal";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calculator_page_in_spanish_and_english() {
    let f = Fixture::new();

    // The empty form, for anyone.
    let mut es = f.agent().with_language("es-MX");
    let r = es.get("/conciliation/calculator").await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.text();
    assert!(page_contains(&body, &t("es", "conc.calc.title")));
    assert!(page_contains(&body, &t("es", "conc.calc.disclaimer")));
    assert!(body.contains("name=\"start_date\"") && body.contains("name=\"termination\""));
    assert!(!body.contains("id=\"calc-total\""), "no result without input");

    // The hand-checked case, in Spanish.
    let r = es.get(CASE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let body = r.text();
    assert!(body.contains("$72,484.93"), "the total of the hand-checked case");
    for (concept, amount) in [
        ("settlement.aguinaldo", "$3,719.18"),
        ("settlement.vacation", "$3,008.22"),
        ("settlement.vacation_premium", "$752.05"),
        ("settlement.seniority_premium", "$20,005.48"),
        ("settlement.constitutional_severance", "$45,000.00"),
    ] {
        assert!(
            page_contains(
                &body,
                &format!("{}: <span class=\"mono\">{amount}</span>", t("es", concept))
            ),
            "{concept} {amount}"
        );
    }
    assert!(body.contains("LFT 87") && body.contains("LFT 162, 485, 486"));
    assert!(page_contains(
        &body,
        "15 días × 181/365 días trabajados en 2025 = 7.4384 días, menos 0 días ya pagados"
    ));
    assert!(body.contains("7.4384"));
    // The twenty days are not owed, and the page says why.
    assert!(page_contains(&body, &t("es", "settlement.twenty_days_per_year")));
    assert!(page_contains(&body, &t("es", "settlement.reinstatement_not_refused")));
    // Always with the notice that it is a reference, not legal advice.
    assert!(page_contains(&body, &t("es", "conc.calc.disclaimer")));
    assert!(page_contains(&body, &t("es", "conc.calc.total")));
    // The result links to itself.
    assert!(body.contains("id=\"calc-link\""));
    assert!(body.contains("end_date=2025-06-30"));

    // Refused reinstatement adds the twenty days per year.
    let r = es.get(&format!("{CASE}&reinstatement_refused=true")).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.text();
    assert!(body.contains("$105,827.40"));
    assert!(body.contains("$33,342.47"));

    // The same in English.
    let mut en = f.agent().with_language("en-US");
    let r = en.get(CASE).await;
    assert_eq!(r.status, StatusCode::OK);
    let body = r.text();
    assert!(body.contains("lang=\"en\""));
    assert!(body.contains("$72,484.93"));
    assert!(page_contains(&body, &t("en", "conc.calc.total")));
    assert!(page_contains(&body, &t("en", "conc.calc.disclaimer")));
    assert!(page_contains(&body, &t("en", "settlement.aguinaldo")));
    assert!(page_contains(
        &body,
        "15 days × 181/365 days worked in 2025 = 7.4384 days, less 0 days already paid"
    ));
    assert!(!page_contains(&body, &t("es", "conc.calc.total")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_shows_the_form_again_with_a_message_per_field() {
    let f = Fixture::new();
    let mut es = f.agent().with_language("es");

    // Input that does not parse: each field says what is wrong, in the user's language.
    let r = es
        .get("/conciliation/calculator?start_date=2025-13-01&daily_wage=quinientos&vacation_days_taken=-2&termination=despido")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text();
    for (field, key) in [
        ("start_date", "conc.calc.error.date"),
        ("end_date", "conc.calc.error.required"),
        ("daily_wage", "conc.calc.error.money"),
        ("vacation_days_taken", "conc.calc.error.days"),
        ("termination", "conc.calc.error.choice"),
    ] {
        let at = format!("<p class=\"alert\" id=\"c-{field}-error\">{}</p>", t("es", key));
        assert!(page_contains(&body, &at), "{field}: {key}");
        assert!(body.contains(&format!("href=\"#c-{field}\"")), "summary links {field}");
    }
    assert!(body.contains("aria-invalid=\"true\""));
    assert!(page_contains(&body, &t("es", "conc.calc.errors_title")));
    // What was typed stays in the form.
    assert!(body.contains("value=\"quinientos\""));
    assert!(!body.contains("id=\"calc-total\""));

    // Input the calculator refuses: the message of its code, at its field.
    let r = es
        .get(
            "/conciliation/calculator?start_date=2025-06-30&end_date=2025-01-01&daily_wage=500&termination=resignation",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = t("es", "settlement.end_before_start");
    assert!(page_contains(
        &r.text(),
        &format!("<p class=\"alert\" id=\"c-end_date-error\">{message}</p>")
    ));
    let r = es
        .get("/conciliation/calculator?start_date=2020-01-01&end_date=2025-01-01&daily_wage=500&integrated_daily_wage=400&termination=resignation")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &t("es", "settlement.integrated_below_daily")));
    let r = es
        .get("/conciliation/calculator?start_date=2020-01-01&end_date=2025-01-01&daily_wage=0&termination=resignation")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let zero = with(
        t("es", "settlement.wage_not_positive"),
        &[("field", &t("es", "field.name.daily_wage"))],
    );
    assert_eq!(zero, "El campo salario diario debe ser mayor que cero.");
    assert!(page_contains(&r.text(), &zero));
    let mut en = f.agent().with_language("en");
    let r = en
        .get("/conciliation/calculator?start_date=2020-01-01&end_date=2025-01-01&daily_wage=500&termination=resignation&reinstatement_refused=true")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(
        &r.text(),
        &t("en", "settlement.reinstatement_not_applicable")
    ));
    // Before the catalog's minimum wages: out of range, said so.
    let r = en
        .get("/conciliation/calculator?start_date=1900-01-01&end_date=1900-02-01&daily_wage=5&termination=resignation")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&r.text(), &t("en", "settlement.date_out_of_range")));

    // Hostile input: refused or computed, never a server error.
    let long = "9".repeat(20_000);
    for q in [
        format!("start_date={long}&end_date=2025-01-01&daily_wage=1&termination=resignation"),
        format!("start_date=2020-01-01&end_date=2025-01-01&daily_wage={long}&termination=resignation"),
        "start_date=2020-01-01&end_date=2025-01-01&daily_wage=92233720368547758.07&termination=resignation".to_string(),
        "start_date=2020-01-01&end_date=2025-01-01&daily_wage=90000000000000000&termination=resignation".to_string(),
        "start_date=0001-01-01&end_date=9999-12-31&daily_wage=1&termination=resignation".to_string(),
        "start_date=%FF%FE&end_date=%00&daily_wage=%3Cscript%3E&termination=%22".to_string(),
        "start_date=2020-01-01&start_date=2021-01-01".to_string(),
        "zone=".to_string(),
    ] {
        let r = es.get(&format!("/conciliation/calculator?{q}")).await;
        assert!(
            !r.status.is_server_error(),
            "{q:.80}: {} {}",
            r.status,
            r.text().chars().take(300).collect::<String>()
        );
        assert!(!r.text().contains("<script>"), "{q:.80}: echoed unescaped");
        if q.contains(&long) || q.contains("%FF") {
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{q:.80}");
            // The value echoed back is cut short.
            assert!(r.text().len() < 40_000, "{q:.80}");
        }
    }
}

fn hand_checked_body() -> Value {
    json!({
        "start_date": "2022-03-01", "end_date": "2025-06-30", "calculated_on": "2025-07-15",
        "daily_wage": 50000, "zone": "general", "termination": "unjustified_dismissal"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settlement_api_answers_json() {
    let f = Fixture::new();
    let mut a = f.agent();
    let csrf = a.csrf().await;
    let url = "/api/v1/conciliation/settlement";

    let r = a.post_json(url, &hand_checked_body().to_string(), Some(&csrf)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.is_json());
    let v = r.json();
    assert_eq!(v["total"], 7_248_493);
    assert_eq!(v["minimum_wage"], 27_880);
    assert_eq!(v["seniority_wage_cap"], 55_760);
    assert_eq!(v["calculated_on"], "2025-07-15");
    assert_eq!(v["years_of_service"]["whole_years"], 3);
    assert_eq!(v["years_of_service"]["extra_days"], 122);
    let lines = v["lines"].as_array().expect("lines");
    let amounts: Vec<(&str, i64)> = lines
        .iter()
        .map(|l| (l["concept"].as_str().unwrap(), l["amount"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        amounts,
        vec![
            ("aguinaldo", 371_918),
            ("vacation", 300_822),
            ("vacation_premium", 75_205),
            ("seniority_premium", 2_000_548),
            ("constitutional_severance", 4_500_000),
        ]
    );
    assert_eq!(lines[0]["days"], json!({"numerator": 543, "denominator": 73}));
    assert_eq!(lines[0]["article"], "LFT 87");
    assert_eq!(v["not_due"][0]["concept"], "twenty_days_per_year");
    assert_eq!(v["not_due"][0]["reason"], "settlement.reinstatement_not_refused");

    // Refused input: 422 with the code, the field and the message in the request's language.
    let mut bad = hand_checked_body();
    bad["end_date"] = json!("2021-01-01");
    let r = a.post_json(url, &bad.to_string(), Some(&csrf)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (code, message, params) = r.api_error();
    assert_eq!(code, "settlement.end_before_start");
    assert_eq!(message, t("es", "settlement.end_before_start"));
    assert_eq!(params.get("field").map(String::as_str), Some("end_date"));
    let mut en = a.clone().with_language("en");
    let mut bad = hand_checked_body();
    bad["daily_wage"] = json!(-5);
    let r = en.post_json(url, &bad.to_string(), Some(&csrf)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (code, message, _) = r.api_error();
    assert_eq!(code, "settlement.wage_not_positive");
    assert_eq!(message, "The field daily wage must be greater than zero.");

    // Bodies that are not the request: a JSON error, never a 500.
    for body in [
        String::new(),
        "{".to_string(),
        "[]".to_string(),
        json!({"start_date": "2022-03-01"}).to_string(),
        {
            let mut b = hand_checked_body();
            b["termination"] = json!("fired");
            b.to_string()
        },
        {
            let mut b = hand_checked_body();
            b["vacation_days_taken"] = json!(-1);
            b.to_string()
        },
        {
            let mut b = hand_checked_body();
            b["daily_wage"] = json!(i64::MAX);
            b.to_string()
        },
    ] {
        let r = a.post_json(url, &body, Some(&csrf)).await;
        assert!(r.status.is_client_error(), "{body:.80}: {} {}", r.status, r.text());
        assert!(r.is_json(), "{body:.80}");
        r.api_error();
    }

    // Like every POST, it needs the CSRF token.
    let r = a.post_json(url, &hand_checked_body().to_string(), None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.api_error().0, "error.csrf");

    // And it is in the OpenAPI document.
    let doc = a.get("/api/openapi.json").await.json();
    let op = &doc["paths"]["/api/v1/conciliation/settlement"]["post"];
    assert!(op.is_object(), "{}", doc["paths"]);
    assert!(doc["components"]["schemas"]["SettlementResponse"].is_object());
    assert!(doc["components"]["schemas"]["SettlementRequest"].is_object());
}
