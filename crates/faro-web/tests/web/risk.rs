//! Risk targeting through the pages: the models' overview and report, the ranking, a workplace's
//! risk with its reasons, and a plan generated, reviewed and accepted by a supervisor.

use std::collections::{BTreeMap, HashMap};

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use faro_core::inspection::program::ProgramDraft;
use faro_core::inspection::{Matter, Origin};
use faro_core::registry::SizeBand;
use faro_core::risk::{History, InspectionFacts, MatterSet, WorkplaceFacts};
use faro_core::{Actor, Jurisdiction, StateCode};
use faro_store::registry::WorkplaceSummary;
use faro_store::risk::plans::PlannedInspection;
use faro_store::risk::{NewPlan, NewRiskModel, ScoreRow};

use crate::support::{page_contains, text, Fixture};

/// A model of Faro's features, trained on a synthetic history where larger workplaces and those
/// with earlier findings are found in violation more often.
fn faro_model() -> (faro_risk::RiskModel, faro_risk::Report) {
    let mut workplaces = Vec::new();
    let mut inspections = Vec::new();
    let mut x: u64 = 7;
    let mut next = || {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (x >> 33) as f64 / f64::from(1u32 << 31)
    };
    let day0 = NaiveDate::from_ymd_opt(2021, 1, 4).unwrap();
    for id in 1..=600i64 {
        let band = SizeBand::ALL[(id % 7) as usize];
        workplaces.push(WorkplaceFacts {
            id,
            employer_id: id,
            municipality: 9_015,
            scian_class: if id % 2 == 0 { 236_110 } else { 461_110 },
            size_band: band,
            headcount: None,
            registered_on: Some(NaiveDate::from_ymd_opt(2010, 1, 1).unwrap()),
        });
        let mut found_before = false;
        for k in 0..3i64 {
            let day = day0 + Duration::days((id * 7 + k * 400) % 1400);
            let p = 0.15 + 0.08 * (id % 7) as f64 + if found_before { 0.25 } else { 0.0 };
            let found = next() < p;
            found_before |= found;
            inspections.push(InspectionFacts {
                id: id * 10 + k,
                workplace_id: id,
                employer_id: id,
                visited_on: day,
                known_on: day,
                origin: if id % 10 == 0 { Origin::Random } else { Origin::Program },
                matters: MatterSet::EMPTY.with(Matter::SafetyHealth),
                findings: if found {
                    MatterSet::EMPTY.with(Matter::SafetyHealth)
                } else {
                    MatterSet::EMPTY
                },
            });
        }
    }
    let history = History::new(workplaces, inspections, Vec::new(), Vec::new(), HashMap::new());
    let rows = history
        .training_rows(
            &[Matter::SafetyHealth],
            NaiveDate::MIN,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        )
        .pop()
        .unwrap();
    let table = faro_risk::registry::training_table(rows).unwrap();
    faro_risk::train(&table, &faro_risk::registry::training_spec(0.3, 1), Utc::now()).unwrap()
}

fn save_model(f: &Fixture) -> i64 {
    let (model, report) = faro_model();
    let record = NewRiskModel {
        matter: Matter::SafetyHealth,
        train_from: NaiveDate::from_ymd_opt(2021, 1, 4).unwrap(),
        cutoff: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
        test_until: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        train_rows: report.split.fit_rows as u64,
        test_rows: report.split.test_rows as u64,
        positives: report.dataset.positives as u64,
        auc: report.model.auc,
        baseline_auc: report.baseline.auc,
        lift_at_10: report.model.lift_at_10,
        fingerprint: model.fingerprint.clone(),
        params_json: "{}".into(),
        report_json: report.to_json().unwrap(),
        model_json: model.to_json().unwrap(),
    };
    f.store
        .save_risk_model(&Actor::system("test"), Utc::now(), &record)
        .unwrap()
}

fn score_of(w: &WorkplaceSummary, p: f64) -> ScoreRow {
    let mut by_matter = [None; 8];
    by_matter[1] = Some(p);
    ScoreRow {
        workplace_id: w.id,
        state: w.state.clone(),
        municipality: w.municipality.clone(),
        sector: w.scian_class.chars().take(2).collect(),
        size_band: w.size_band.clone(),
        by_matter,
        any: p,
    }
}

/// Scores every workplace of the fixture (the first ones highest), with one model.
fn score_all(f: &Fixture, model: i64) -> i64 {
    let rows: Vec<ScoreRow> = f
        .workplaces()
        .iter()
        .enumerate()
        .map(|(i, w)| score_of(w, 0.9 / (1.0 + i as f64 * 0.05)))
        .collect();
    f.store
        .save_risk_scores(
            &Actor::system("test"),
            Utc::now(),
            Utc::now().date_naive(),
            &BTreeMap::from([("safety_health".to_string(), model)]),
            &rows,
        )
        .unwrap()
}

fn program_in(f: &Fixture, state: &str) -> i64 {
    let today = Utc::now().date_naive();
    f.store
        .create_program(
            &Actor::system("test"),
            Utc::now(),
            &ProgramDraft {
                name: "Programa por riesgo".into(),
                jurisdiction: Jurisdiction::State(state.parse::<StateCode>().unwrap()),
                office: "Oficina".into(),
                starts_on: today,
                ends_on: today + Duration::days(60),
                capacity_per_inspector: 5,
                random_share_pct: 20,
            },
        )
        .unwrap()
}

/// The ids the authorization matrix needs: a model, a program and a proposed plan of the
/// target's state.
pub struct RiskIds {
    pub model: i64,
    pub program: i64,
    pub plan: i64,
}

pub fn seed_for_matrix(f: &Fixture, target: &WorkplaceSummary) -> RiskIds {
    let model = save_model(f);
    let run = score_all(f, model);
    let program = program_in(f, &target.state);
    let plan = f
        .store
        .propose_plan(
            &Actor::system("test"),
            Utc::now(),
            &NewPlan {
                program_id: program,
                run_id: run,
                matters: vec![Matter::SafetyHealth],
                spec_json: "{}".into(),
                plan_json: serde_json::to_string(&faro_core::targeting::Plan {
                    picks: Vec::new(),
                    summary: serde_json::from_value(serde_json::json!({
                        "capacity": 1, "targets": {"planned": 1, "random_quota": 0, "model_target": 1, "sector_cap": 1, "small_minimum": 0},
                        "candidates": 1, "model_picks": 1, "random_picks": 0, "expected_findings_model": 0.5,
                        "expected_findings_random": 0.0, "expected_rate_model": 0.5, "expected_rate_random": 0.0,
                        "population_rate": 0.5, "by_sector": [], "small_share_pct": 0.0, "areas": 1, "constraints": []
                    }))
                    .unwrap(),
                })
                .unwrap(),
                picks: vec![PlannedInspection {
                    workplace_id: target.id,
                    origin: Origin::RiskModel,
                    planned_for: Utc::now().date_naive() + Duration::days(3),
                }],
            },
        )
        .unwrap();
    RiskIds { model, program, plan }
}

pub fn matrix_path(path: &str, ids: &RiskIds) -> Option<String> {
    Some(match path {
        "/risk/models/{id}/report" => format!("/risk/models/{}/report", ids.model),
        "/programs/{id}/plan" => format!("/programs/{}/plan", ids.program),
        p if p.starts_with("/plans/{id}") => p.replace("{id}", &ids.plan.to_string()),
        _ => return None,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn models_ranking_and_a_workplace_s_reasons() {
    let f = Fixture::new();
    let mut analyst = f.login("analista").await;
    let empty = analyst.get("/risk").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text());
    assert!(page_contains(&empty.text(), &text("es", "risk.no_models")));

    let model = save_model(&f);
    score_all(&f, model);
    let page = analyst.get("/risk").await.text();
    assert!(page.contains(&format!("/risk/models/{model}/report")));
    assert!(page_contains(&page, &text("es", "matter.safety_health")));
    // It says which of its two models gives the scores.
    let scorer = match faro_model().1.scorer.map(|d| d.scorer) {
        Some(faro_risk::Scorer::Baseline) => "risk.scorer.baseline",
        _ => "risk.scorer.trees",
    };
    assert!(
        page_contains(&page, &format!("<td>{}</td>", text("es", scorer))),
        "{page}"
    );
    let report = analyst.get(&format!("/risk/models/{model}/report")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.text().contains("<svg"), "the report has its charts");
    let csp = report.header("content-security-policy").unwrap();
    assert!(csp.contains("sandbox") && !csp.contains("script"), "{csp}");
    assert_eq!(
        analyst.get("/risk/models/999999/report").await.status,
        StatusCode::NOT_FOUND
    );

    let first = &f.workplaces()[0];
    let ranking = analyst.get("/risk/ranking?matter=safety_health").await;
    assert_eq!(ranking.status, StatusCode::OK);
    assert!(ranking.text().contains(&format!("/workplaces/{}", first.id)));
    assert_eq!(
        analyst.get("/risk/ranking?matter=astrology").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        analyst.get("/risk/ranking?state=99").await.status,
        StatusCode::BAD_REQUEST
    );

    // The workplace page explains the score to those who may see it, never to the public.
    let mut inspector = f.login("inspector").await;
    let w = inspector.get(&format!("/workplaces/{}", first.id)).await.text();
    assert!(
        page_contains(&w, &text("es", "risk.workplace.title")),
        "the risk section is there"
    );
    assert!(w.contains("class=\"factors\""), "with its factors");
    let mut registrar = f.login("registrador").await;
    let w = registrar.get(&format!("/workplaces/{}", first.id)).await.text();
    assert!(!page_contains(&w, &text("es", "risk.workplace.title")));
    let public = f.agent().get("/risk").await;
    assert_eq!(public.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_generates_reviews_and_accepts_a_plan() {
    let f = Fixture::new();
    let model = save_model(&f);
    score_all(&f, model);
    let target = f.workplace_outside_jalisco();
    let program = program_in(&f, &target.state);
    let mut sup = f.login("supervisor").await;
    let form = sup.get(&format!("/programs/{program}/plan")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());

    // No matter ticked: refused with the reason, nothing stored.
    let csrf = sup.csrf().await;
    let bad = sup
        .post_form(
            &format!("/programs/{program}/plan"),
            &[
                ("csrf", &csrf),
                ("inspectors", "2"),
                ("max_sector_share_pct", "50"),
                ("min_small_share_pct", "0"),
                ("min_per_area", "0"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(&bad.text(), &text("es", "plan.matters_required")));
    assert!(f.store.plans_of_program(program).unwrap().is_empty());

    let csrf = sup.csrf().await;
    let made = sup
        .post_form(
            &format!("/programs/{program}/plan"),
            &[
                ("csrf", &csrf),
                ("matters", "safety_health"),
                ("matters", "general_conditions"),
                ("inspectors", "2"),
                ("max_sector_share_pct", "100"),
                ("min_small_share_pct", "0"),
                ("min_per_area", "0"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text());
    let plans = f.store.plans_of_program(program).unwrap();
    assert_eq!(plans.len(), 1);
    let plan = &plans[0];
    assert_eq!(plan.status, "proposed");
    assert!(!plan.picks.is_empty());
    assert!(
        plan.picks.iter().any(|p| p.origin == Origin::Random),
        "the random share is kept"
    );
    assert!(plan.picks.iter().all(|p| p.planned_for > Utc::now().date_naive()));
    let view = sup.get(&format!("/plans/{}", plan.id)).await;
    assert_eq!(view.status, StatusCode::OK);
    let view = view.text();
    assert!(view.contains("id=\"accept-plan\""));
    assert!(page_contains(&view, &text("es", "plan.why")));
    // Each pick says why, in the words of the workplace page: its strongest factors.
    let pick = plan.picks.iter().find(|p| p.origin == Origin::RiskModel).unwrap();
    let link = format!("/workplaces/{}\"", pick.workplace_id);
    let row = &view[view.find(&link).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("class=\"factors\""), "{row}");
    let first = row.split("<li class=\"").nth(1).unwrap();
    let (class, rest) = first.split_once("\">").unwrap();
    let reason = &rest[..rest.find("</li>").unwrap()];
    assert!(class == "raises" || class == "lowers", "{class}");
    let workplace = sup.get(&format!("/workplaces/{}", pick.workplace_id)).await.text();
    assert!(
        workplace.contains(&format!("</meter> {reason}</li>")),
        "{reason} not in the workplace page"
    );

    // A state inspector of another state may not even read it.
    if target.state != "14" {
        let mut jal = f.login("inspector.jal").await;
        assert_eq!(
            jal.get(&format!("/plans/{}", plan.id)).await.status,
            StatusCode::FORBIDDEN
        );
    }

    let before = f
        .store
        .inspections(&faro_store::inspections::InspectionFilter {
            limit: 500,
            ..Default::default()
        })
        .unwrap()
        .len();
    let csrf = sup.csrf().await;
    let accepted = sup
        .post_form(&format!("/plans/{}/accept", plan.id), &[("csrf", &csrf)])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let after = f
        .store
        .inspections(&faro_store::inspections::InspectionFilter {
            limit: 500,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(after.len(), before + plan.picks.len());
    assert_eq!(f.store.plan(plan.id).unwrap().unwrap().status, "accepted");
    let csrf = sup.csrf().await;
    let again = sup
        .post_form(&format!("/plans/{}/accept", plan.id), &[("csrf", &csrf)])
        .await;
    assert!(again.status.is_client_error(), "{}", again.status);
    assert_eq!(
        f.store
            .inspections(&faro_store::inspections::InspectionFilter {
                limit: 500,
                ..Default::default()
            })
            .unwrap()
            .len(),
        after.len()
    );
}
