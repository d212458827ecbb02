//! Tests of the inspection history generator: determinism, legality (every history replays through
//! core's `execute`), and the model's sector differences.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use faro_core::catalog::Catalogs;
use faro_core::inspection::{self, Event as InspectionEvent, Kind, Status};
use faro_core::law::Law;
use faro_core::registry::SizeBand;
use faro_core::{referral, sanction, StateCode};
use proptest::prelude::*;

use super::*;
use crate::{generate, DemoConfig};

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The workplaces of a demo nation as the store would number them: workplaces 1, 2, ... in
/// order, employers in the order they first appear.
fn nation(seed: u64, workplaces: u64) -> Vec<WorkplaceFacts> {
    static CAT: OnceLock<Catalogs> = OnceLock::new();
    let cat = CAT.get_or_init(|| Catalogs::embedded().unwrap());
    let mut employers: HashMap<String, i64> = HashMap::new();
    let mut out = Vec::new();
    for batch in generate(&DemoConfig { seed, workplaces }, cat) {
        for (key, _) in &batch.employers {
            let next = employers.len() as i64 + 1;
            employers.entry(key.clone()).or_insert(next);
        }
        for (key, w) in &batch.workplaces {
            out.push(WorkplaceFacts {
                id: out.len() as i64 + 1,
                employer_id: employers.get(key).copied().unwrap(),
                state: w.state,
                scian_class: w.scian_class.clone(),
                size_band: w.size_band,
                headcount: w.headcount,
                registered_on: w.registered_on,
            });
        }
    }
    out
}

fn histories(seed: u64, ws: &[WorkplaceFacts]) -> Vec<CaseHistory> {
    HistoryGenerator::new(HistoryConfig::new(seed, today()), law())
        .workplaces(ws)
        .unwrap()
}

fn big_sample() -> &'static Vec<CaseHistory> {
    static SAMPLE: OnceLock<Vec<CaseHistory>> = OnceLock::new();
    SAMPLE.get_or_init(|| histories(2026, &nation(2026, 20_000)))
}

/// Replays every step of a case through core's `execute` and checks it gives the recorded events
/// and the recorded final state; returns the number of steps.
fn replay(h: &CaseHistory, cutoff: chrono::DateTime<chrono::Utc>) -> usize {
    let l = law();
    let mut steps = 0;
    let mut state: Option<inspection::Inspection> = None;
    let mut last = None;
    for s in &h.inspection.steps {
        assert!(s.at < cutoff, "a command after the cutoff");
        assert!(last.is_none_or(|t| s.at > t), "commands out of time order");
        last = Some(s.at);
        let (events, next) = inspection::execute(state.as_ref(), &s.command, &l.inspection_ctx(s.at))
            .unwrap_or_else(|e| panic!("{} at {}: {e:?}", s.command.name(), s.at));
        assert_eq!(events, s.events);
        state = Some(next);
        steps += 1;
    }
    assert_eq!(state.as_ref(), Some(&h.inspection.state));
    for r in &h.referrals {
        let mut state: Option<referral::Referral> = None;
        for s in &r.steps {
            assert!(s.at < cutoff);
            let (events, next) = referral::execute(state.as_ref(), &s.command, &l.referral_ctx(s.at))
                .unwrap_or_else(|e| panic!("referral {} at {}: {e:?}", s.command.name(), s.at));
            assert_eq!(events, s.events);
            state = Some(next);
            steps += 1;
        }
        assert_eq!(state.as_ref(), Some(&r.state));
    }
    if let Some(t) = &h.sanction {
        let mut state: Option<sanction::Sanction> = None;
        for s in &t.steps {
            assert!(s.at < cutoff);
            let (events, next) = sanction::execute(state.as_ref(), &s.command, &l.sanction_ctx(s.at))
                .unwrap_or_else(|e| panic!("sanction {} at {}: {e:?}", s.command.name(), s.at));
            assert_eq!(events, s.events);
            state = Some(next);
            steps += 1;
        }
        assert_eq!(state.as_ref(), Some(&t.state));
    }
    // The follow-on cases are those the store would open for the same commands.
    let s = &h.inspection.state;
    assert_eq!(h.sanction.is_some(), s.status == Status::SentToSanction);
    let required: Vec<_> = h
        .inspection
        .events()
        .filter_map(|e| match e {
            InspectionEvent::ReferralRequired { authority, .. } => Some(*authority),
            _ => None,
        })
        .collect();
    assert_eq!(
        required,
        h.referrals.iter().map(|r| r.state.authority).collect::<Vec<_>>()
    );
    steps
}

#[test]
fn same_seed_same_histories() {
    let ws = nation(11, 3_000);
    let a = histories(11, &ws);
    let b = histories(11, &ws);
    assert!(a.len() > 200, "{}", a.len());
    assert_eq!(a, b);
    let c = histories(12, &ws);
    assert_ne!(a, c);
}

#[test]
fn a_workplace_gets_the_same_history_whatever_came_before() {
    let ws = nation(5, 2_000);
    let all = histories(5, &ws);
    // Workplaces whose employer has a single workplace depend on nothing generated before them.
    let mut units: HashMap<i64, usize> = HashMap::new();
    for w in &ws {
        *units.entry(w.employer_id).or_default() += 1;
    }
    let alone: Vec<&WorkplaceFacts> = ws
        .iter()
        .filter(|w| units.get(&w.employer_id) == Some(&1))
        .skip(500)
        .take(300)
        .collect();
    let mut g = HistoryGenerator::new(HistoryConfig::new(5, today()), law());
    for w in alone {
        let own = g.workplace(w).unwrap();
        let in_all: Vec<&CaseHistory> = all.iter().filter(|h| h.workplace_id == w.id).collect();
        assert_eq!(own.iter().collect::<Vec<_>>(), in_all);
    }
}

#[test]
fn every_history_of_a_nation_replays_and_reaches_every_state() {
    let sample = big_sample();
    let cutoff = HistoryGenerator::new(HistoryConfig::new(2026, today()), law()).cutoff();
    let mut statuses: HashMap<Status, usize> = HashMap::new();
    let mut sanction_statuses: HashMap<sanction::Status, usize> = HashMap::new();
    let mut referrals = 0;
    for h in sample {
        replay(h, cutoff);
        *statuses.entry(h.inspection.state.status).or_default() += 1;
        if let Some(s) = &h.sanction {
            *sanction_statuses.entry(s.state.status).or_default() += 1;
        }
        referrals += h.referrals.len();
    }
    // About 0.2 inspections per workplace over five years.
    let per_workplace = sample.len() as f64 / 20_000.0;
    assert!((0.15..0.27).contains(&per_workplace), "{per_workplace}");
    // Closed and sanctioned cases, and open ones at the end of the window.
    for s in [
        Status::Programmed,
        Status::Notified,
        Status::CorrectiveMeasures,
        Status::Closed,
        Status::SentToSanction,
        Status::Cancelled,
    ] {
        assert!(
            statuses.get(&s).copied().unwrap_or(0) > 0,
            "no case is {s:?}: {statuses:?}"
        );
    }
    for s in [
        sanction::Status::Paid,
        sanction::Status::InCollection,
        sanction::Status::Final,
    ] {
        assert!(
            sanction_statuses.get(&s).copied().unwrap_or(0) > 0,
            "no sanction is {s:?}: {sanction_statuses:?}"
        );
    }
    assert!(referrals > 0);
}

#[test]
fn ordinary_visits_are_notified_a_day_ahead_and_every_question_is_answered() {
    for h in big_sample().iter().take(2_000) {
        let s = &h.inspection.state;
        if s.kind.is_ordinary() {
            if let (Some(n), Some(v)) = (s.notified_at, s.visit_at) {
                assert!(v - n >= chrono::Duration::hours(24));
            }
        }
        if s.record.is_some() {
            let questions: usize = s
                .matters
                .iter()
                .map(|m| law().protocols.for_matter(*m, s.act_date()).unwrap().questions.len())
                .sum();
            assert_eq!(s.answers.len(), questions);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Any seed, any day: every generated history is legal.
    #[test]
    fn histories_replay_through_execute(seed in 0u64..1_000_000, days_back in 0i64..900, skip in 0usize..2_000) {
        let day = today() - chrono::Duration::days(days_back);
        let ws: Vec<WorkplaceFacts> = nation(seed % 7, 2_600).into_iter().skip(skip).take(600).collect();
        let mut g = HistoryGenerator::new(HistoryConfig::new(seed, day), law());
        let cutoff = g.cutoff();
        let hs = g.workplaces(&ws).unwrap();
        prop_assert!(!hs.is_empty());
        for h in &hs {
            replay(h, cutoff);
        }
    }
}

#[test]
fn ordinary_inspections_belong_to_their_state_and_year_program() {
    let cfg = HistoryConfig::new(4, today());
    let programs = demo_programs(&cfg, &law().catalogs);
    // 2021 to 2027 (visits already planned for January), 32 states, federal and state.
    assert_eq!(programs.len(), 7 * 32 * 2);
    for p in &programs {
        faro_core::inspection::program::decide_create(&p.draft).unwrap();
    }
    let mut g = HistoryGenerator::new(cfg, law());
    for (i, p) in programs.iter().enumerate() {
        g.add_program(p, i as i64 + 1);
    }
    let ws = nation(4, 2_000);
    let states: HashMap<i64, StateCode> = ws.iter().map(|w| (w.id, w.state)).collect();
    let hs = g.workplaces(&ws).unwrap();
    let mut random = 0;
    for h in &hs {
        let s = &h.inspection.state;
        match s.kind {
            Kind::Extraordinary => assert_eq!(s.program_id, None),
            _ => {
                let p = &programs[(s.program_id.unwrap() - 1) as usize];
                assert_eq!(p.jurisdiction, s.jurisdiction);
                assert_eq!(Some(&p.state), states.get(&h.workplace_id));
                assert_eq!(p.year, chrono::Datelike::year(&s.planned_for));
                random += usize::from(s.origin == inspection::Origin::Random);
            }
        }
    }
    assert!(random > 0);
}

fn facts(id: i64, scian: &str, band: SizeBand) -> WorkplaceFacts {
    WorkplaceFacts {
        id,
        employer_id: id,
        state: StateCode::new(14).unwrap(),
        scian_class: scian.to_string(),
        size_band: band,
        headcount: Some(20),
        registered_on: NaiveDate::from_ymd_opt(2015, 1, 1),
    }
}

/// The share of answered (applicable) items that failed, by the workplaces' class.
fn failure_rate(hs: &[CaseHistory]) -> f64 {
    let (mut failed, mut answered) = (0usize, 0usize);
    for h in hs {
        for a in h.inspection.state.answers.values() {
            match a.outcome {
                faro_core::protocol::Outcome::Fails => {
                    failed += 1;
                    answered += 1;
                }
                faro_core::protocol::Outcome::Complies => answered += 1,
                faro_core::protocol::Outcome::NotApplicable => {}
            }
        }
    }
    failed as f64 / answered.max(1) as f64
}

#[test]
fn violation_rates_differ_by_sector_as_designed() {
    // Same state, size and history; only the activity differs.
    let classes = [
        ("construction", "236211"),
        ("manufacturing", "332710"),
        ("retail", "461110"),
        ("finance", "522320"),
    ];
    let mut rates = HashMap::new();
    for (i, (name, scian)) in classes.iter().enumerate() {
        let ws: Vec<WorkplaceFacts> = (0..1_500)
            .map(|n| facts(1 + i as i64 * 10_000 + n, scian, SizeBand::B11To30))
            .collect();
        let hs = histories(3, &ws);
        assert!(hs.len() > 500, "{name}: {}", hs.len());
        rates.insert(*name, failure_rate(&hs));
    }
    let r = |n: &str| rates.get(n).copied().unwrap();
    // The designed factors are 2.6, 1.8, 1.0 and 0.3; matter mixes and caps blur them a little.
    let construction = r("construction") / r("retail");
    assert!((1.9..3.4).contains(&construction), "{rates:?}");
    assert!(r("manufacturing") > 1.4 * r("retail"), "{rates:?}");
    assert!(r("finance") < 0.5 * r("retail"), "{rates:?}");
}

#[test]
fn findings_make_findings_likelier_next_time() {
    let ws: Vec<WorkplaceFacts> = (0..4_000).map(|n| facts(n + 1, "311812", SizeBand::B51To100)).collect();
    let hs = histories(9, &ws);
    // (inspections after one with findings, of which with findings), and after one without.
    let (mut after_yes, mut yes_yes, mut after_no, mut no_yes) = (0usize, 0usize, 0usize, 0usize);
    let mut previous: HashMap<i64, bool> = HashMap::new();
    for h in &hs {
        let Some(r) = h.inspection.state.record.as_ref() else {
            continue;
        };
        if h.inspection.state.kind == Kind::Extraordinary {
            continue;
        }
        let found = !r.findings.is_empty();
        if let Some(before) = previous.get(&h.workplace_id) {
            if *before {
                after_yes += 1;
                yes_yes += usize::from(found);
            } else {
                after_no += 1;
                no_yes += usize::from(found);
            }
        }
        previous.insert(h.workplace_id, found);
    }
    let p_yes = yes_yes as f64 / after_yes.max(1) as f64;
    let p_no = no_yes as f64 / after_no.max(1) as f64;
    assert!(after_yes > 100 && after_no > 100, "{after_yes} {after_no}");
    assert!(p_yes > p_no + 0.05, "{p_yes} vs {p_no}");
}

/// Prints the demo's figures: `cargo test -p faro-demo --release calibration -- --ignored --nocapture`.
#[test]
#[ignore]
fn calibration() {
    let ws = nation(2026, 100_000);
    let started = std::time::Instant::now();
    let hs = histories(2026, &ws);
    let secs = started.elapsed().as_secs_f64();
    let n = hs.len() as f64;
    let mut statuses: HashMap<String, usize> = HashMap::new();
    let mut sanctions: HashMap<String, usize> = HashMap::new();
    let (mut child, mut forced, mut findings, mut visited, mut events, mut referrals) = (0, 0, 0, 0, 0usize, 0);
    for h in &hs {
        let s = &h.inspection.state;
        *statuses.entry(s.status.code().into()).or_default() += 1;
        if let Some(r) = &s.record {
            visited += 1;
            findings += usize::from(!r.findings.is_empty());
            child += usize::from(r.findings.iter().any(|f| f.question_id == "cl.under_15"));
            forced += usize::from(r.findings.iter().any(|f| f.question_id.starts_with("fl.")));
        }
        if let Some(t) = &h.sanction {
            *sanctions.entry(t.state.status.code().into()).or_default() += 1;
        }
        referrals += h.referrals.len();
        events += h.inspection.events().count();
    }
    println!(
        "{} inspections for {} workplaces in {secs:.1} s ({:.0} per s)",
        hs.len(),
        ws.len(),
        n / secs
    );
    println!("statuses {statuses:?}");
    println!("sanctions {sanctions:?}");
    println!(
        "records {visited}, with findings {:.1}%, child under 15 {:.2}%, forced labor {:.3}%, referrals {referrals}, events per inspection {:.1}",
        100.0 * findings as f64 / visited as f64,
        100.0 * child as f64 / n,
        100.0 * forced as f64 / n,
        events as f64 / n
    );
}

#[test]
fn the_demo_inspector_accounts_hold_the_cases_of_their_office_slots() {
    // Twice the big sample: the slots' open cases are few (those in progress today).
    let ws = nation(2026, 40_000);
    let mut g = HistoryGenerator::new(HistoryConfig::new(2026, today()), law());
    let slots = account_slots();
    let accounts = ["inspector", "inspector.jal"];
    assert_eq!(slots.len(), 6);
    let account_id = |username: &str| 9_000 + accounts.iter().position(|a| *a == username).unwrap() as i64;
    for (username, slot) in &slots {
        g.add_account(*slot, account_id(username), username);
    }
    let held = |h: &CaseHistory| {
        h.inspection
            .state
            .order
            .as_ref()
            .map(|o| (o.inspector_id, o.inspector_name.clone()))
    };
    let with_accounts = g.workplaces(&ws).unwrap();
    // The same histories as without accounts, except who holds the slots' orders.
    let plain = &histories(2026, &ws);
    assert_eq!(with_accounts.len(), plain.len());
    let (mut cases, mut open) = ([0usize; 2], [0usize; 2]);
    for (a, p) in with_accounts.iter().zip(plain) {
        match (held(a), held(p)) {
            (Some((id, name)), Some((was, _))) if (9_000..9_002).contains(&id) => {
                let i = usize::try_from(id - 9_000).unwrap();
                assert!(
                    slots.contains(&(accounts[i], was)),
                    "only the slots' cases go to the account"
                );
                assert_eq!(name, accounts[i]);
                cases[i] += 1;
                if a.inspection.state.status.is_open() {
                    open[i] += 1;
                }
            }
            (a_order, p_order) => assert_eq!(a_order, p_order),
        }
    }
    // Each account has a history of cases, and some are still open today.
    assert!(cases.iter().all(|n| *n > 0), "cases per account: {cases:?}");
    assert!(
        open.iter().sum::<usize>() > 0,
        "open cases per account: {open:?} of {cases:?}"
    );
}
