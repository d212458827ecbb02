//! Tests of the conciliation history generator: determinism, independence between workplaces,
//! legality (every case replays through core's `execute` to its recorded state), coverage of
//! every status and outcome, and the request rates of the model.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::catalog::{Catalogs, Money};
use faro_core::conciliation::{
    execute, CenterSettings, Command, ConstanciaKind, Event, HearingResult, Object, PartyRole, ServiceResult, Status,
    Track,
};
use faro_core::law::Law;
use faro_core::registry::SizeBand;
use faro_core::StateCode;
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

/// The workplaces of a demo nation as the store would number them.
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

fn generator(seed: u64) -> ConciliationGenerator<'static> {
    ConciliationGenerator::new(ConciliationConfig::new(seed, today()), law()).unwrap()
}

fn cases(seed: u64, ws: &[WorkplaceFacts]) -> Vec<ConciliationCase> {
    generator(seed).workplaces(ws).unwrap()
}

const SAMPLE: u64 = 20_000;

fn sample_nation() -> &'static Vec<WorkplaceFacts> {
    static N: OnceLock<Vec<WorkplaceFacts>> = OnceLock::new();
    N.get_or_init(|| nation(2026, SAMPLE))
}

fn big_sample() -> &'static Vec<ConciliationCase> {
    static S: OnceLock<Vec<ConciliationCase>> = OnceLock::new();
    S.get_or_init(|| cases(2026, sample_nation()))
}

/// Replays every step of a case through core's `execute`: the same events and the same final
/// state; commands in time order and before the cutoff.
fn replay(c: &ConciliationCase, cutoff: DateTime<Utc>) {
    let settings = CenterSettings::default();
    let mut state = None;
    let mut last: Option<DateTime<Utc>> = None;
    for s in &c.trail.steps {
        assert!(s.at < cutoff, "{}: a command after the cutoff", c.key);
        assert!(last.is_none_or(|t| s.at > t), "{}: commands out of order", c.key);
        last = Some(s.at);
        let (events, next) = execute(state.as_ref(), &s.command, &law().conciliation_ctx(s.at, &settings))
            .unwrap_or_else(|e| panic!("{} {} at {}: {e:?}", c.key, s.command.name(), s.at));
        assert_eq!(events, s.events, "{}", c.key);
        state = Some(next);
    }
    assert_eq!(state.as_ref(), Some(&c.trail.state), "{}", c.key);
}

fn is_request(c: &ConciliationCase) -> bool {
    c.forwarded_from.is_none()
}

#[test]
fn same_seed_same_histories() {
    let ws = nation(11, 3_000);
    let a = cases(11, &ws);
    let b = cases(11, &ws);
    assert!(a.len() > 300, "{}", a.len());
    assert_eq!(a, b);
    assert_ne!(a, cases(12, &ws));
}

#[test]
fn a_workplace_gets_the_same_cases_whatever_came_before() {
    let ws = nation(5, 2_000);
    let all = cases(5, &ws);
    let g = generator(5);
    // Backwards, and each alone.
    for w in ws.iter().rev().step_by(7) {
        let own = g.workplace(w).unwrap();
        let in_all: Vec<&ConciliationCase> = all.iter().filter(|c| c.workplace_id == w.id).collect();
        assert_eq!(own.iter().collect::<Vec<_>>(), in_all);
    }
}

/// The company a case names, if the employer is one.
fn company(c: &ConciliationCase) -> Option<bool> {
    let r = &c.state().request;
    let employer = if r.requester.role == PartyRole::Employer {
        &r.requester
    } else {
        &r.counterpart
    };
    employer
        .person
        .as_ref()
        .map(|p| p.kind() == faro_core::conciliation::PersonKind::LegalEntity)
}

#[test]
fn the_registry_employer_changes_names_not_the_course_of_cases() {
    let ws: Vec<WorkplaceFacts> = nation(8, 1_500)
        .into_iter()
        .filter(|w| w.size_band >= SizeBand::B11To30)
        .collect();
    let g = generator(8);
    let employer = EmployerFacts {
        name: "Abarrotes del Centro, S.A. de C.V.".into(),
        rfc: "MAB9307148T4".into(),
        legal_entity: true,
        address: "Calle Morelos 5, Guadalajara".into(),
    };
    let mut compared = 0;
    for w in &ws {
        let plain = g.workplace(w).unwrap();
        // Compare where the stand-in is a company too: only companies file requests.
        if plain.iter().any(|c| company(c) == Some(false)) {
            continue;
        }
        let named = g.workplace_with(w, Some(&employer)).unwrap();
        assert_eq!(plain.len(), named.len());
        for (p, n) in plain.iter().zip(&named) {
            replay(n, g.cutoff());
            let r = &n.state().request;
            let named_employer = if r.requester.role == PartyRole::Employer {
                &r.requester
            } else {
                &r.counterpart
            };
            assert_eq!(named_employer.name(), employer.name);
            assert_eq!(r.workplace.address, employer.address);
            let same_course = |c: &ConciliationCase| {
                c.trail
                    .steps
                    .iter()
                    .map(|s| (s.at, s.command.name()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(same_course(p), same_course(n));
            assert_eq!(p.state().status, n.state().status);
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn every_case_of_a_nation_replays_and_forwarded_requests_pair_up() {
    let sample = big_sample();
    let cutoff = generator(2026).cutoff();
    let by_key: HashMap<&str, &ConciliationCase> = sample.iter().map(|c| (c.key.as_str(), c)).collect();
    assert_eq!(by_key.len(), sample.len(), "keys are unique");
    for c in sample {
        replay(c, cutoff);
        if let Some(from) = &c.forwarded_from {
            let first = by_key.get(from.as_str()).unwrap();
            assert_eq!(first.state().status, Status::Forwarded);
            let fw = first.state().forwarding.as_ref().unwrap();
            assert_eq!(fw.to, c.state().center);
            assert_eq!(c.state().forwarded_from, Some(first.state().center));
            assert_eq!(c.state().filed_on, first.state().filed_on);
            // The competent centre is the one the routing table gives.
            assert_eq!(c.state().routing.competence.center(), c.state().center);
        } else if !matches!(c.state().status, Status::Forwarded | Status::Exempt) {
            // (A request claiming a 685 Ter matter is closed where it was filed.)
            assert_eq!(c.state().routing.competence.center(), c.state().center, "{}", c.key);
        }
    }
}

/// Counts of everything a case can reach.
#[derive(Default, Debug)]
struct Reached {
    statuses: BTreeMap<&'static str, usize>,
    results: HashMap<HearingResult, usize>,
    first_results: HashMap<HearingResult, usize>,
    constancias: HashMap<ConstanciaKind, usize>,
    services: HashMap<ServiceResult, usize>,
    tracks: HashMap<Track, usize>,
    objects: HashMap<Object, usize>,
    fines: usize,
    reschedules: usize,
    late_forwards: usize,
    exempt_at_filing: usize,
    exempt_declared: usize,
    late_payments: usize,
    penalties_paid: usize,
    instalment_plans: usize,
    by_employer: usize,
    unnamed_employer: usize,
    upcoming_hearings: usize,
}

fn reached(cases: &[ConciliationCase]) -> Reached {
    let mut r = Reached::default();
    for c in cases {
        let s = c.state();
        *r.statuses.entry(s.status.code()).or_default() += 1;
        *r.tracks.entry(s.track).or_default() += 1;
        if let Some(o) = s.request.objects.first() {
            if is_request(c) {
                *r.objects.entry(*o).or_default() += 1;
            }
        }
        for h in &s.held {
            *r.results.entry(h.result).or_default() += 1;
            if h.number == 1 {
                *r.first_results.entry(h.result).or_default() += 1;
            }
        }
        if let Some(k) = s.constancia.as_ref().map(|k| k.kind) {
            *r.constancias.entry(k).or_default() += 1;
        }
        if s.request.requester.role == PartyRole::Employer {
            r.by_employer += 1;
        }
        if s.request.counterpart.person.is_none() {
            r.unnamed_employer += 1;
        }
        if let (Status::HearingScheduled, Some(h)) = (s.status, &s.hearing) {
            if h.slot.date >= today() {
                r.upcoming_hearings += 1;
            }
        }
        if let Some(st) = &s.settlement {
            if st.installments.len() > 1 {
                r.instalment_plans += 1;
            }
        }
        for step in &c.trail.steps {
            match &step.command {
                Command::File { .. } if step.events.len() > 1 => r.exempt_at_filing += 1,
                Command::DeclareExempt { .. } => r.exempt_declared += 1,
                _ => {}
            }
        }
        for e in c.trail.events() {
            match e {
                Event::ServiceRecorded { result, .. } => *r.services.entry(*result).or_default() += 1,
                Event::FineRequested { .. } => r.fines += 1,
                Event::HearingRescheduled { .. } => r.reschedules += 1,
                Event::Forwarded { late: true, .. } => r.late_forwards += 1,
                Event::InstallmentPaid { days_late, .. } if *days_late > 0 => r.late_payments += 1,
                Event::PenaltyPaid { .. } => r.penalties_paid += 1,
                _ => {}
            }
        }
    }
    r
}

#[test]
fn every_status_and_outcome_is_reached() {
    let r = reached(big_sample());
    for s in Status::ALL {
        assert!(
            r.statuses.get(s.code()).copied().unwrap_or(0) > 0,
            "no case is {s:?}: {r:?}"
        );
    }
    for h in [
        HearingResult::Settlement,
        HearingResult::NoAgreement,
        HearingResult::JointNewHearing,
        HearingResult::RequesterAbsent,
        HearingResult::SummonedAbsent,
        HearingResult::FastTrackReset,
        HearingResult::JustifiedAbsence,
    ] {
        assert!(
            r.results.get(&h).copied().unwrap_or(0) > 0,
            "no hearing ended {h:?}: {r:?}"
        );
    }
    for k in [
        ConstanciaKind::NoAgreement,
        ConstanciaKind::SummonedAbsent,
        ConstanciaKind::ServiceFailed,
    ] {
        assert!(r.constancias.get(&k).copied().unwrap_or(0) > 0, "no constancia {k:?}");
    }
    for s in [ServiceResult::Served, ServiceResult::Refused, ServiceResult::NotFound] {
        assert!(r.services.get(&s).copied().unwrap_or(0) > 0, "no service {s:?}");
    }
    for t in [Track::Ordinary, Track::Joint, Track::FastTrack] {
        assert!(r.tracks.get(&t).copied().unwrap_or(0) > 0, "no case on track {t:?}");
    }
    for (what, n) in [
        ("fine requests", r.fines),
        ("reschedules", r.reschedules),
        ("late forwards", r.late_forwards),
        ("exemptions at filing", r.exempt_at_filing),
        ("exemptions declared", r.exempt_declared),
        ("late payments", r.late_payments),
        ("penalties paid", r.penalties_paid),
        ("instalment plans", r.instalment_plans),
        ("employer requests", r.by_employer),
        ("unnamed employers", r.unnamed_employer),
        ("hearings in the coming days", r.upcoming_hearings),
    ] {
        assert!(n > 0, "no {what}: {r:?}");
    }
}

#[test]
fn outcomes_have_realistic_shares() {
    let r = reached(big_sample());
    let first = |h: HearingResult| r.first_results.get(&h).copied().unwrap_or(0);
    let held: usize = r.first_results.values().sum();
    // Settlement the most common, then no agreement, archive, the summoned party's absence.
    let settled = first(HearingResult::Settlement);
    assert!((0.45..0.65).contains(&(settled as f64 / held as f64)), "{r:?}");
    assert!(settled > first(HearingResult::NoAgreement), "{r:?}");
    assert!(
        first(HearingResult::NoAgreement) > first(HearingResult::RequesterAbsent),
        "{r:?}"
    );
    assert!(
        first(HearingResult::RequesterAbsent) > first(HearingResult::SummonedAbsent),
        "{r:?}"
    );
    assert!(first(HearingResult::JustifiedAbsence) > 0 && r.reschedules > 0, "{r:?}");
    // Dismissal is the most common object of the workers' requests.
    let dismissal = r.objects.get(&Object::Dismissal).copied().unwrap_or(0);
    assert!(
        r.objects.iter().all(|(o, n)| *o == Object::Dismissal || *n < dismissal),
        "{r:?}"
    );
    assert!(
        dismissal as f64 > 0.5 * r.objects.values().sum::<usize>() as f64,
        "{r:?}"
    );
}

#[test]
fn convenios_pay_what_the_calculator_gives_with_the_penalty() {
    let mut checked = 0;
    for c in big_sample() {
        let Some(st) = &c.state().settlement else {
            continue;
        };
        assert!(st.total > Money::ZERO);
        assert!(st.daily_wage > Money::ZERO);
        if st.deferred {
            assert!(st.penalty_per_day >= st.daily_wage, "{}", c.key);
        }
        // Whole pesos per item; the instalments add up to the total (core checks it too).
        assert!(st.items.iter().all(|i| i.amount.centavos() % 100 == 0), "{}", c.key);
        assert_eq!(st.installments.iter().map(|i| i.amount).sum::<Money>(), st.total);
        checked += 1;
    }
    assert!(checked > 1_000, "{checked}");
}

#[test]
fn requests_per_workplace_year_match_the_model() {
    let ws = sample_nation();
    let g = generator(2026);
    let sample = big_sample();
    let mut observed: HashMap<i64, usize> = HashMap::new();
    for c in sample.iter().filter(|c| is_request(c)) {
        *observed.entry(c.workplace_id).or_default() += 1;
    }
    let mut by_band: BTreeMap<SizeBand, (f64, usize)> = BTreeMap::new();
    let (mut expected, mut seen) = (0.0, 0usize);
    for w in ws {
        let e = g.expected_requests(w);
        let o = observed.get(&w.id).copied().unwrap_or(0);
        expected += e;
        seen += o;
        let entry = by_band.entry(w.size_band).or_default();
        entry.0 += e;
        entry.1 += o;
    }
    // Poisson counts: the total within 5%, four standard deviations of a count of about 7,000
    // (and a little less for counter filings moved past today).
    assert!(seen > 4_000, "{seen}");
    let ratio = seen as f64 / expected;
    assert!(
        (0.95..1.05).contains(&ratio),
        "{seen} requests for {expected:.0} expected"
    );
    for (band, (e, o)) in by_band {
        if e >= 300.0 {
            let r = o as f64 / e;
            assert!((0.85..1.15).contains(&r), "{band:?}: {o} requests for {e:.0} expected");
        }
    }
    // At national scale (5 million workplaces) at least a million requests over five years.
    let national = expected / ws.len() as f64 * 5_000_000.0;
    assert!(national > 1_000_000.0, "{national:.0}");
}

#[test]
fn synthetic_workers_have_valid_curps() {
    for c in big_sample().iter().take(3_000) {
        for p in [&c.state().request.requester, &c.state().request.counterpart] {
            if let Some(faro_core::conciliation::Person::Individual { curp: Some(curp), .. }) = &p.person {
                assert!(faro_core::ids::Curp::parse(curp.as_str()).is_ok());
            }
        }
    }
}

#[test]
fn the_conciliador_account_holds_its_slots_hearings() {
    let ws = sample_nation();
    let mut g = generator(2026);
    let slots = account_slots();
    assert_eq!(slots.len(), 4 * DEFAULT_CONCILIATORS_PER_OFFICE as usize);
    for (_, slot) in &slots {
        g.add_account(*slot, 9_001);
    }
    let with = g.workplaces(ws).unwrap();
    let plain = big_sample();
    assert_eq!(with.len(), plain.len());
    let ids: Vec<String> = slots.iter().map(|(_, s)| s.to_string()).collect();
    let mut held = 0;
    for (a, p) in with.iter().zip(plain) {
        let (ha, hp) = (&a.state().hearing, &p.state().hearing);
        match (ha, hp) {
            (Some(x), Some(y)) if x.slot.conciliator_id == "9001" => {
                assert!(ids.contains(&y.slot.conciliator_id));
                held += 1;
            }
            _ => assert_eq!(a.state(), p.state()),
        }
    }
    assert!(held > 0, "the account holds no case");
}

#[test]
fn the_generator_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>(_: &T) {}
    shared(&generator(1));
}

#[test]
fn office_slots_are_apart_from_each_other_and_from_the_inspectors() {
    let s = |n| StateCode::new(n).unwrap();
    let fed = office_slot(Jurisdiction::Federal, s(9), 1);
    assert_eq!(fed, 3_009_001);
    assert_eq!(office_slot(Jurisdiction::State(s(14)), s(14), 12), 4_014_012);
    // Inspector ids are below 300,000.
    assert!(fed > 300_000);
    assert_eq!(conciliator_name(1, fed), conciliator_name(1, fed));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Any seed, any day, any slice of a nation: every case is legal.
    #[test]
    fn cases_replay_through_execute(seed in 0u64..1_000_000, days_back in 0i64..900, skip in 0usize..2_000) {
        let day = today() - chrono::Duration::days(days_back);
        let ws: Vec<WorkplaceFacts> = nation(seed % 7, 2_600).into_iter().skip(skip).take(600).collect();
        let g = ConciliationGenerator::new(ConciliationConfig::new(seed, day), law()).unwrap();
        let cs = g.workplaces(&ws).unwrap();
        prop_assert!(!cs.is_empty());
        for c in &cs {
            replay(c, g.cutoff());
        }
    }
}

/// The CPU time of this thread so far, in seconds (Linux), to time generation on a busy machine.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name, which ends with ')': utime and stime are the 12th and
    // 13th, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Prints the figures: `cargo test -p faro-demo --release conciliation_calibration -- --ignored --nocapture`.
#[test]
#[ignore]
fn conciliation_calibration() {
    let ws = nation(2026, 100_000);
    let g = generator(2026);
    let started = std::time::Instant::now();
    let cpu = thread_cpu_seconds();
    let cs = g.workplaces(&ws).unwrap();
    let secs = started.elapsed().as_secs_f64();
    if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
        println!(
            "CPU time {:.2} s: {:.0} cases per CPU second",
            b - a,
            cs.len() as f64 / (b - a)
        );
    }
    let requests = cs.iter().filter(|c| is_request(c)).count();
    let expected: f64 = ws.iter().map(|w| g.expected_requests(w)).sum();
    let events: usize = cs.iter().map(|c| c.trail.events().count()).sum();
    println!(
        "{} cases ({requests} requests, {expected:.0} expected) for {} workplaces in {secs:.2} s: {:.0} cases/s, {:.1} events per case",
        cs.len(),
        ws.len(),
        cs.len() as f64 / secs,
        events as f64 / cs.len() as f64
    );
    println!(
        "national scale (5,000,000 workplaces): {:.0} requests over {} years, {:.0} a year",
        requests as f64 * 50.0,
        5,
        requests as f64 * 50.0 / 5.0
    );
    let full_rate: f64 = ws.iter().map(model::requests_per_year).sum::<f64>() / ws.len() as f64;
    println!(
        "{full_rate:.4} requests per workplace-year once every centre works: {:.0} a year at national scale",
        full_rate * 5_000_000.0
    );
    let r = reached(&cs);
    println!("statuses {:?}", r.statuses);
    println!("first hearings {:?}", r.first_results);
    println!("objects {:?}", r.objects);
    println!("{r:?}");
    let mut by_state: BTreeMap<u8, usize> = BTreeMap::new();
    for c in cs.iter().filter(|c| is_request(c)) {
        *by_state.entry(c.state().request.workplace.state.number()).or_default() += 1;
    }
    println!("requests by state {by_state:?}");
}
