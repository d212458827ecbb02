//! Risk targeting through the store: the facts the model reads, model versions, the registry's
//! scores, and plans whose acceptance programs every inspection or none.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use faro_core::inspection::program::ProgramDraft;
use faro_core::inspection::{Matter, Origin, Status};
use faro_core::Jurisdiction;
use faro_store::inspections::InspectionFilter;
use faro_store::risk::plans::PlannedInspection;
use faro_store::risk::{NewPlan, NewRiskModel, ScoreRow};
use faro_store::StoreError;

use crate::fixtures::{event_count, state, system, t0};
use crate::harness::Ctx;
use crate::inspections::{a_workplace, law, Driver};

fn jal() -> Jurisdiction {
    Jurisdiction::State(state(14))
}

/// A closed record with a safety finding is read back as a fact, with its matters and findings.
pub fn risk_history_reads_closed_records(ctx: &Ctx) {
    let store = &ctx.store;
    let w = a_workplace(store, "r1");
    let mut d = Driver::started(store, w, Matter::SafetyHealth);
    d.answer_and_close(Matter::SafetyHealth, &["sh.safety_commission"]);
    // A second inspection still open is not a fact yet.
    let _open = Driver::started(store, w, Matter::GeneralConditions);
    let history = store.risk_history(std::collections::HashMap::new()).unwrap();
    assert_eq!(history.workplaces().len(), 1);
    assert_eq!(history.workplaces()[0].municipality, 14_039);
    assert_eq!(history.workplaces()[0].scian_class, 236_211);
    let facts = history.inspections();
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].workplace_id, w);
    assert!(facts[0].matters.contains(Matter::SafetyHealth));
    assert!(facts[0].findings.contains(Matter::SafetyHealth));
    assert!(!facts[0].findings.contains(Matter::GeneralConditions));
    assert_eq!(facts[0].origin, Origin::Complaint);
    assert_eq!(facts[0].known_on, t0().date_naive());
}

fn model(matter: Matter, auc: f64) -> NewRiskModel {
    NewRiskModel {
        matter,
        train_from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        cutoff: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        test_until: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        train_rows: 900,
        test_rows: 300,
        positives: 120,
        auc: Some(auc),
        baseline_auc: Some(0.6),
        lift_at_10: Some(2.5),
        fingerprint: "f".repeat(64),
        params_json: "{\"budget\":0.5}".into(),
        report_json: "{}".into(),
        model_json: format!("{{\"matter\":\"{}\",\"auc\":{auc}}}", matter.code()),
    }
}

fn score(workplace_id: i64, p: f64) -> ScoreRow {
    let mut by_matter = [None; 8];
    by_matter[1] = Some(p);
    ScoreRow {
        workplace_id,
        state: "14".into(),
        municipality: "14039".into(),
        sector: "23".into(),
        size_band: "11-30".into(),
        by_matter,
        any: p,
    }
}

/// Models keep their versions (one active per matter), scores replace the last run's, and a plan
/// is accepted once, programming all its inspections in one transaction.
pub fn risk_models_scores_and_plans(ctx: &Ctx) {
    let store = &ctx.store;
    let before = event_count(store);
    let m1 = store
        .save_risk_model(&system(), t0(), &model(Matter::SafetyHealth, 0.7))
        .unwrap();
    let m2 = store
        .save_risk_model(&system(), t0(), &model(Matter::SafetyHealth, 0.75))
        .unwrap();
    let m3 = store
        .save_risk_model(&system(), t0(), &model(Matter::GeneralConditions, 0.68))
        .unwrap();
    assert_eq!(event_count(store), before + 3);
    let models = store.risk_models().unwrap();
    assert_eq!(models.iter().map(|m| m.id).collect::<Vec<_>>(), vec![m3, m2, m1]);
    assert!(!models[2].active && models[1].active && models[0].active);
    assert_eq!(models[1].auc, Some(0.75));
    assert_eq!(models[1].digest.len(), 64);
    let active = store.active_risk_models().unwrap();
    assert_eq!(active.len(), 2);
    let (info, json, report) = store.risk_model(m2).unwrap().unwrap();
    assert_eq!(info.matter, "safety_health");
    assert!(json.contains("0.75"));
    assert_eq!(report, "{}");

    let a = a_workplace(store, "p1");
    let b = a_workplace(store, "p2");
    let c = a_workplace(store, "p3");
    let models_used = BTreeMap::from([("safety_health".to_string(), m2)]);
    let today = t0().date_naive();
    let run0 = store
        .save_risk_scores(&system(), t0(), today, &models_used, &[score(a, 0.2)])
        .unwrap();
    let run = store
        .save_risk_scores(
            &system(),
            t0(),
            today,
            &models_used,
            &[score(a, 0.3), score(b, 0.6), score(c, 0.1)],
        )
        .unwrap();
    assert!(run > run0);
    let latest = store.latest_score_run().unwrap().unwrap();
    assert_eq!((latest.id, latest.workplaces), (run, 3));
    assert_eq!(latest.models, models_used);
    let ranked = store.risk_candidates(Some("14")).unwrap();
    assert_eq!(ranked.iter().map(|s| s.workplace_id).collect::<Vec<_>>(), vec![b, a, c]);
    assert!(store.risk_candidates(Some("09")).unwrap().is_empty());
    let one = store.workplace_risk(b).unwrap().unwrap();
    assert_eq!(one.by_matter[1], Some(0.6));
    assert_eq!(one.by_matter[0], None);

    let program = store
        .create_program(
            &system(),
            t0(),
            &ProgramDraft {
                name: "Programa dirigido".into(),
                jurisdiction: jal(),
                office: "Guadalajara".into(),
                starts_on: today,
                ends_on: today + Duration::days(90),
                capacity_per_inspector: 10,
                random_share_pct: 10,
            },
        )
        .unwrap();
    let plan = |picks: Vec<PlannedInspection>| NewPlan {
        program_id: program,
        run_id: run,
        matters: vec![Matter::SafetyHealth],
        spec_json: "{}".into(),
        plan_json: "{}".into(),
        picks,
    };
    let pick = |workplace_id, origin| PlannedInspection {
        workplace_id,
        origin,
        planned_for: today + Duration::days(7),
    };
    // A plan naming a workplace that does not exist programs nothing when accepted.
    let broken = store
        .propose_plan(
            &system(),
            t0(),
            &plan(vec![pick(b, Origin::RiskModel), pick(999_999, Origin::Random)]),
        )
        .unwrap();
    let events_before = event_count(store);
    assert!(store.accept_plan(law(), &system(), t0(), broken).is_err());
    assert_eq!(event_count(store), events_before);
    assert!(store
        .inspections(&InspectionFilter {
            limit: 50,
            ..InspectionFilter::default()
        })
        .unwrap()
        .is_empty());
    assert_eq!(store.plan(broken).unwrap().unwrap().status, "proposed");
    store.discard_plan(&system(), t0(), broken).unwrap();
    assert_eq!(store.plan(broken).unwrap().unwrap().status, "discarded");

    let good = store
        .propose_plan(
            &system(),
            t0(),
            &plan(vec![pick(b, Origin::RiskModel), pick(c, Origin::Random)]),
        )
        .unwrap();
    let ids = store.accept_plan(law(), &system(), t0(), good).unwrap();
    assert_eq!(ids.len(), 2);
    let listed = store
        .inspections(&InspectionFilter {
            limit: 50,
            ..InspectionFilter::default()
        })
        .unwrap();
    assert_eq!(listed.len(), 2);
    let (_, first) = store.inspection(ids[0]).unwrap().unwrap();
    assert_eq!(first.origin, Origin::RiskModel);
    assert_eq!(first.status, Status::Programmed);
    assert_eq!(first.program_id, Some(program));
    let (_, second) = store.inspection(ids[1]).unwrap().unwrap();
    assert_eq!(second.origin, Origin::Random);
    let again = store.accept_plan(law(), &system(), t0(), good);
    assert!(matches!(again, Err(StoreError::Domain(e)) if e.code == "plan.already_decided"));
    let plans = store.plans_of_program(program).unwrap();
    assert_eq!(
        plans.iter().map(|p| p.status.as_str()).collect::<Vec<_>>(),
        vec!["accepted", "discarded"]
    );
    assert_eq!(plans[0].picks.len(), 2);
    assert!(store.verify_chain().unwrap().is_intact());
}

/// One workplace's history, read without the registry, gives the same features today as the
/// whole registry's.
pub fn risk_history_of_one_workplace(ctx: &Ctx) {
    let store = &ctx.store;
    let w = a_workplace(store, "h1");
    let other = a_workplace(store, "h2");
    let mut d = Driver::started(store, w, Matter::SafetyHealth);
    d.answer_and_close(Matter::SafetyHealth, &["sh.safety_commission"]);
    let mut d = Driver::started(store, other, Matter::ChildLabor);
    d.answer_and_close(Matter::ChildLabor, &[]);
    let today = t0().date_naive() + Duration::days(1);
    let all = store.risk_history(std::collections::HashMap::new()).unwrap();
    let one = store
        .risk_history_of_workplace(w, std::collections::HashMap::new())
        .unwrap()
        .unwrap();
    let a = all.features_of(w, today).unwrap();
    let b = one.features_of(w, today).unwrap();
    assert!(a.same_as(&b), "{a:?} vs {b:?}");
    assert_eq!(a.numbers[faro_core::risk::features::idx::WP_VISITS], 1.0);
    assert!(store
        .risk_history_of_workplace(123_456, std::collections::HashMap::new())
        .unwrap()
        .is_none());

    // Several workplaces at once (a plan's picks), one of them unknown: each gets the features
    // the whole registry gives it.
    let many = store
        .risk_history_of_workplaces(&[other, 123_456, w], std::collections::HashMap::new())
        .unwrap()
        .unwrap();
    for id in [w, other] {
        let a = all.features_of(id, today).unwrap();
        let b = many.features_of(id, today).unwrap();
        assert!(a.same_as(&b), "{id}: {a:?} vs {b:?}");
    }
    assert!(many.features_of(123_456, today).is_none());
    assert!(store
        .risk_history_of_workplaces(&[123_456], std::collections::HashMap::new())
        .unwrap()
        .is_none());
}

/// Rankings join the registry and order by the matter asked for; names come back for a plan.
pub fn risk_rankings(ctx: &Ctx) {
    let store = &ctx.store;
    let a = a_workplace(store, "k1");
    let b = a_workplace(store, "k2");
    let mut sa = score(a, 0.3);
    sa.by_matter[0] = Some(0.9);
    let sb = score(b, 0.6);
    store
        .save_risk_scores(&system(), t0(), t0().date_naive(), &BTreeMap::new(), &[sa, sb])
        .unwrap();
    let any = store.risk_ranking(Some("14"), None, 10).unwrap();
    assert_eq!(any.iter().map(|r| r.score.workplace_id).collect::<Vec<_>>(), vec![b, a]);
    assert_eq!(any[0].name, "Obra Demo");
    assert_eq!(any[0].employer_name, "Constructora Demo");
    let gc = store.risk_ranking(None, Some(Matter::GeneralConditions), 10).unwrap();
    assert_eq!(gc.iter().map(|r| r.score.workplace_id).collect::<Vec<_>>(), vec![a]);
    assert!(store.risk_ranking(Some("09"), None, 10).unwrap().is_empty());
    let names = store.workplace_names(&[a, b, 424_242]).unwrap();
    assert_eq!(names.len(), 2);
    assert_eq!(names[&a].0, "Obra Demo");
}
