//! Tests of the union registry generator: determinism and page independence, legality (every
//! history replays through core's `execute` to its recorded state), the model's rates on a
//! sample, and the privacy of the public versions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use faro_core::catalog::Catalogs;
use faro_core::law::Law;
use faro_core::registry::SizeBand;
use faro_core::union::agreement::AgreementKind;
use faro_core::union::registration::UnionType;

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
fn nation(seed: u64, workplaces: u64) -> Vec<WorkplaceRow> {
    let cat = law().catalogs.as_ref();
    let mut employers: HashMap<String, (i64, faro_core::registry::EmployerDraft)> = HashMap::new();
    let mut out = Vec::new();
    for batch in generate(&DemoConfig { seed, workplaces }, cat) {
        for (key, e) in &batch.employers {
            let next = employers.len() as i64 + 1;
            employers.entry(key.clone()).or_insert((next, e.clone()));
        }
        for (key, w) in &batch.workplaces {
            let (id, e) = employers.get(key).unwrap();
            out.push(WorkplaceRow::from_drafts(*id, e, out.len() as i64 + 1, w));
        }
    }
    out
}

fn generator(seed: u64, nation: u64) -> UnionRegistryGenerator<'static> {
    UnionRegistryGenerator::new(UnionsConfig::new(seed, today(), nation), law()).unwrap()
}

/// A sample nation and its registry, generated once for the tests that measure rates.
struct Sample {
    rows: Vec<WorkplaceRow>,
    page: RegistryPage,
    sector: Vec<UnionHistory>,
}

const SAMPLE: u64 = 8_000;

fn sample() -> &'static Sample {
    static S: OnceLock<Sample> = OnceLock::new();
    S.get_or_init(|| {
        let rows = nation(2026, SAMPLE);
        let g = generator(2026, SAMPLE);
        let mut page = RegistryPage::default();
        for p in g.pages(rows.chunks(1_000).map(<[WorkplaceRow]>::to_vec)) {
            let p = p.unwrap();
            page.unions.extend(p.unions);
            page.agreements.extend(p.agreements);
        }
        let sector = g.sector_unions().flat_map(|b| b.unwrap()).collect();
        Sample { rows, page, sector }
    })
}

fn all_unions(s: &Sample) -> impl Iterator<Item = &UnionHistory> {
    s.sector.iter().chain(s.page.unions.iter())
}

fn all_votes(s: &Sample) -> impl Iterator<Item = &VoteHistory> {
    s.page
        .agreements
        .iter()
        .flat_map(|a| a.votes.iter().chain(a.certificate.iter().flat_map(|c| c.vote.iter())))
}

/// A procedure's `execute`.
type Execute<C, E, S> = fn(Option<&S>, &C, &faro_core::union::Ctx<'_>) -> Result<(Vec<E>, S), faro_core::DomainError>;

/// Replays a trail through core's `execute` with the generator's rules: the same events, the
/// same final state, commands in time order and before the cutoff.
fn replay<C, E, S>(trail: &Trail<C, E, S>, g: &UnionRegistryGenerator<'_>, execute: Execute<C, E, S>, what: &str)
where
    C: std::fmt::Debug,
    E: PartialEq + std::fmt::Debug,
    S: PartialEq + std::fmt::Debug + Clone,
{
    let mut state: Option<S> = None;
    let mut last = None;
    for step in &trail.steps {
        assert!(step.at < g.cutoff(), "{what}: {:?} after the cutoff", step.command);
        if let Some(l) = last {
            assert!(step.at > l, "{what}: commands out of order");
        }
        last = Some(step.at);
        let ctx = law().union_ctx(step.at, g.rules(), g.settings());
        let (events, next) = execute(state.as_ref(), &step.command, &ctx)
            .unwrap_or_else(|e| panic!("{what}: {:?} refused: {e:?}", step.command));
        assert_eq!(events, step.events, "{what}");
        state = Some(next);
    }
    assert_eq!(state.as_ref(), Some(&trail.state), "{what}: the final state");
}

fn replay_page(g: &UnionRegistryGenerator<'_>, page: &RegistryPage, unions: &[UnionHistory]) {
    use faro_core::union::{agreement, registration, representativeness, vote};
    for u in unions.iter().chain(page.unions.iter()) {
        replay(&u.trail, g, registration::execute, &u.key);
    }
    for a in &page.agreements {
        if let Some(t) = &a.trail {
            replay(t, g, agreement::execute, &a.key);
        }
        for v in &a.votes {
            replay(&v.trail, g, vote::execute, &v.key);
        }
        if let Some(c) = &a.certificate {
            replay(&c.trail, g, representativeness::execute, &c.key);
            if let Some(v) = &c.vote {
                replay(&v.trail, g, vote::execute, &v.key);
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_registry_and_a_page_does_not_depend_on_the_others() {
    let rows = nation(11, 1_500);
    let g = generator(11, 1_500);
    let whole = g.page(&rows).unwrap();
    // The same rows in two pages, the second first.
    let (a, b) = rows.split_at(700);
    let second = g.page(b).unwrap();
    let first = g.page(a).unwrap();
    let mut split = first.clone();
    split.unions.extend(second.unions);
    split.agreements.extend(second.agreements);
    assert_eq!(whole, split);
    assert!(!whole.agreements.is_empty());
    // Another generator with the same seed; another seed.
    assert_eq!(generator(11, 1_500).page(a).unwrap(), first);
    assert_ne!(generator(12, 1_500).page(&rows).unwrap(), whole);
    let s1: Vec<_> = g.sector_unions().flat_map(|b| b.unwrap()).collect();
    let s2: Vec<_> = generator(11, 1_500).sector_unions().flat_map(|b| b.unwrap()).collect();
    assert_eq!(s1, s2);
    assert_eq!(g.sector_union(3).unwrap(), s1.iter().find(|u| u.key == "S4").cloned());
    // Pages generated on two threads come out the same and in order.
    let pages: Vec<Vec<WorkplaceRow>> = rows.chunks(400).map(<[WorkplaceRow]>::to_vec).collect();
    let serial: Vec<RegistryPage> = g.pages(pages.clone()).map(Result::unwrap).collect();
    let parallel: Vec<RegistryPage> = g.pages_parallel(pages, 2).map(Result::unwrap).collect();
    assert_eq!(serial, parallel);
    assert_eq!(serial.len(), 4);
}

#[test]
fn every_history_folds_through_core_to_its_state() {
    let s = sample();
    let g = generator(2026, SAMPLE);
    replay_page(&g, &s.page, &s.sector);
}

#[test]
fn unions_are_registered_over_decades_with_their_members_and_leaderships() {
    let s = sample();
    let unions: Vec<&UnionHistory> = all_unions(s).collect();
    let n = unions.len() as f64;
    let per_workplace = n / s.rows.len() as f64;
    assert!((0.007..0.014).contains(&per_workplace), "{per_workplace}");
    let before = unions
        .iter()
        .filter(|u| u.founded_on < NaiveDate::from_ymd_opt(2019, 5, 2).unwrap())
        .count() as f64;
    assert!(before / n > 0.7, "most unions were founded before 2019: {}", before / n);
    for kind in [
        UnionType::Company,
        UnionType::Industrial,
        UnionType::NationalIndustry,
        UnionType::Trade,
        UnionType::VariousTrades,
    ] {
        assert!(unions.iter().any(|u| u.union_type == kind), "{kind:?}");
    }
    let affiliated = unions.iter().filter(|u| u.federation.is_some()).count() as f64 / n;
    assert!((0.5..0.85).contains(&affiliated), "{affiliated}");
    // Women in the leaderships in office: 20 %-35 %, more in services than in industry.
    let share = |f: &dyn Fn(&UnionHistory) -> bool| {
        let (w, o) = unions
            .iter()
            .filter(|u| f(u) && u.state().status.is_registered())
            .fold((0, 0), |acc, u| {
                let (w, o) = u.women_in_leadership();
                (acc.0 + w, acc.1 + o)
            });
        w as f64 / o.max(1) as f64
    };
    let all = share(&|_| true);
    assert!((0.2..0.35).contains(&all), "{all}");
    assert!(share(&|u| u.branch.services()) > share(&|u| u.branch.industrial()));
    // Registered unions hold members; company unions' members are the workplace's workers.
    let registered: Vec<&&UnionHistory> = unions.iter().filter(|u| u.state().status.is_registered()).collect();
    assert!(registered.len() as f64 / n > 0.9);
    assert!(registered.iter().all(|u| u.state().member_count() > 0));
}

#[test]
fn a_realistic_share_of_unions_is_overdue_with_its_filings() {
    use faro_core::union::compliance::{overdue, Obligation, UnionFilings};
    let s = sample();
    let g = generator(2026, SAMPLE);
    let filings: Vec<UnionFilings> = all_unions(s)
        .filter_map(|u| UnionFilings::of(&u.key, u.state()))
        .collect();
    let ctx = law().union_ctx(g.cutoff(), g.rules(), g.settings());
    let late = overdue(&ctx, &filings, today()).unwrap();
    let share = |o: Obligation| late.iter().filter(|x| x.obligation == o).count() as f64 / filings.len() as f64;
    let members = share(Obligation::MemberUpdate);
    let accounts = share(Obligation::FinancialReport);
    assert!((0.3..0.55).contains(&members), "member updates overdue: {members}");
    assert!(
        (0.25..0.55).contains(&accounts),
        "financial reports overdue: {accounts}"
    );
    // The diligent are mostly up to date.
    let diligent: Vec<&str> = all_unions(s)
        .filter(|u| u.diligence == Diligence::Diligent)
        .map(|u| u.key.as_str())
        .collect();
    let diligent_late = late
        .iter()
        .filter(|x| x.obligation == Obligation::MemberUpdate && diligent.contains(&x.union_id.as_str()))
        .count() as f64;
    assert!(diligent_late / (diligent.len() as f64) < 0.25);
}

#[test]
fn agreements_concentrate_in_industry_and_legacy_ones_are_legitimized_or_terminated() {
    use faro_core::union::agreement::{Legitimization, Status, TerminationCause};
    let s = sample();
    let per_workplace = s.page.agreements.len() as f64 / s.rows.len() as f64;
    assert!((0.07..0.13).contains(&per_workplace), "{per_workplace}");
    // Coverage by branch and size: most large plants, few small shops.
    let rate = |f: &dyn Fn(&WorkplaceRow) -> bool| {
        let ids: std::collections::HashSet<i64> = s.rows.iter().filter(|r| f(r)).map(|r| r.workplace_id).collect();
        let covered: std::collections::HashSet<i64> = s
            .page
            .agreements
            .iter()
            .filter(|a| ids.contains(&a.workplace_id))
            .map(|a| a.workplace_id)
            .collect();
        covered.len() as f64 / ids.len().max(1) as f64
    };
    let big_industry = rate(&|r| r.size_band >= SizeBand::B51To100 && Branch::of_class(&r.scian_class).industrial());
    let small_shops = rate(&|r| r.size_band == SizeBand::B0To5 && Branch::of_class(&r.scian_class) == Branch::Commerce);
    assert!(big_industry > 0.6, "{big_industry}");
    assert!(small_shops < 0.05, "{small_shops}");
    // Legacy agreements: every one is legitimized or terminated after the deadline.
    let legacy: Vec<&AgreementHistory> = s
        .page
        .agreements
        .iter()
        .filter(|a| a.kind == AgreementKind::Legacy && a.state().is_some())
        .collect();
    let mut legitimized = 0;
    for a in &legacy {
        let st = a.state().unwrap();
        match (&st.legitimization, st.status, st.termination) {
            (Legitimization::Legitimized { on, .. }, _, _) => {
                assert!(*on <= NaiveDate::from_ymd_opt(2023, 5, 1).unwrap());
                legitimized += 1;
            }
            (_, Status::Terminated, Some(_)) => {}
            other => panic!("{}: {other:?}", a.key),
        }
    }
    let lapsed = legacy
        .iter()
        .filter(|a| a.state().unwrap().termination == Some(TerminationCause::LegitimizationLapsed))
        .count();
    assert!(lapsed > legitimized, "most legacy agreements lapsed");
    // Legitimization votes: most approve.
    let votes: Vec<&VoteHistory> = all_votes(s)
        .filter(|v| v.purpose == faro_core::union::vote::Purpose::Legitimization)
        .collect();
    let approved = votes
        .iter()
        .filter(|v| v.trail.state.outcome == Some(faro_core::union::vote::Outcome::Approved))
        .count() as f64;
    assert!(approved / votes.len() as f64 > 0.8, "{approved} of {}", votes.len());
    // Initial agreements carry their certificate and approval.
    for a in s.page.agreements.iter().filter(|a| a.kind == AgreementKind::Initial) {
        assert!(a.certificate.is_some());
        if let Some(st) = a.state() {
            assert!(st.certificate.is_some() && st.approval.is_some(), "{}", a.key);
        }
    }
}

#[test]
fn revisions_raise_wages_with_the_years_and_votes_have_realistic_turnout() {
    use faro_core::union::agreement::Event;
    let s = sample();
    let mut by_year: std::collections::BTreeMap<i32, Vec<f64>> = Default::default();
    for a in &s.page.agreements {
        let Some(t) = &a.trail else { continue };
        let mut last: Option<i64> = None;
        for e in t.events() {
            let terms = match e {
                Event::Deposited { deposit, .. } => deposit.terms.as_ref(),
                Event::RevisionDeposited { terms, .. } => terms.as_ref(),
                _ => None,
            };
            let Some(terms) = terms else { continue };
            let top = terms
                .wage_table
                .iter()
                .map(|p| p.daily_wage.centavos())
                .max()
                .unwrap_or(0);
            if let (Some(l), Event::RevisionDeposited { effective_from, .. }) = (last, e) {
                by_year
                    .entry(chrono::Datelike::year(effective_from))
                    .or_default()
                    .push(top as f64 / l as f64 - 1.0);
            }
            last = Some(top);
        }
    }
    let mean = |y: i32| {
        let v = &by_year[&y];
        v.iter().sum::<f64>() / v.len() as f64 * 100.0
    };
    assert!((7.0..11.0).contains(&mean(2023)), "{}", mean(2023));
    assert!((4.0..8.5).contains(&mean(2021)), "{}", mean(2021));
    assert!(mean(2023) > mean(2021));
    // Turnout: 60 %-95 % of the roll in the votes without a planted excess.
    let turnouts: Vec<f64> = all_votes(s)
        .filter(|v| v.planted.is_empty())
        .filter_map(|v| v.trail.state.tally.as_ref())
        .filter(|t| t.roll >= 20)
        .map(|t| f64::from(t.ballots()) / f64::from(t.roll))
        .collect();
    let inside = turnouts.iter().filter(|t| (0.55..=0.97).contains(*t)).count() as f64;
    assert!(inside / turnouts.len() as f64 > 0.97);
}

#[test]
fn planted_anomalies_are_rare_and_core_flags_each_of_them() {
    let s = sample();
    let votes: Vec<&VoteHistory> = all_votes(s)
        .filter(|v| v.trail.state.results_recorded_on.is_some())
        .collect();
    let mut planted = 0;
    let mut unplanted_flags = 0;
    for v in &votes {
        let flagged: Vec<&str> = v.trail.state.result_anomalies.iter().map(|a| a.code()).collect();
        for p in &v.planted {
            planted += 1;
            assert!(
                flagged.contains(&p.code()),
                "{}: {p:?} planted, flagged {flagged:?}",
                v.key
            );
        }
        unplanted_flags += flagged
            .iter()
            .filter(|f| !v.planted.iter().any(|p| p.code() == **f))
            .count();
    }
    let share = planted as f64 / votes.len() as f64;
    assert!(
        planted > 0 && share < 0.08,
        "{planted} planted in {} votes",
        votes.len()
    );
    assert!(
        (unplanted_flags as f64) < votes.len() as f64 * 0.005,
        "{unplanted_flags} flags by chance"
    );
}

#[test]
fn a_few_deposits_fall_below_the_legal_minimums() {
    use faro_core::union::agreement::Event;
    let s = sample();
    let reports: Vec<bool> = s
        .page
        .agreements
        .iter()
        .filter_map(|a| a.trail.as_ref())
        .flat_map(|t| t.events())
        .filter_map(|e| match e {
            Event::Deposited { minimums, .. } => minimums.as_ref().map(|m| m.below_law()),
            _ => None,
        })
        .collect();
    let below = reports.iter().filter(|b| **b).count() as f64 / reports.len() as f64;
    assert!((0.01..0.07).contains(&below), "{below}");
}

#[test]
fn public_versions_carry_no_personal_data() {
    use faro_core::ids::Curp;
    use faro_core::union::agreement::{Command, Event};
    let s = sample();
    let mut published = 0;
    for a in &s.page.agreements {
        let Some(t) = &a.trail else { continue };
        for step in &t.steps {
            let Command::PublishPublicVersion { text, names } = &step.command else {
                continue;
            };
            let planted = a
                .planted_personal_data
                .as_ref()
                .expect("planted data of a published text");
            // The draft holds the data; the public version does not.
            assert!(text.contains(&planted.curp) && text.contains(&planted.phone) && text.contains(&planted.name));
            assert!(
                (3_000..=15_000).contains(&text.len()),
                "{}: {} bytes",
                a.key,
                text.len()
            );
            assert!(names.contains(&planted.name));
            let Some(Event::PublicVersionPublished { public_text, .. }) = step.events.first() else {
                panic!("{}: no public version", a.key);
            };
            published += 1;
            assert!(!public_text.contains(&planted.curp), "{}", a.key);
            assert!(!public_text.contains(&planted.phone), "{}", a.key);
            assert!(!public_text.contains(&planted.name), "{}", a.key);
            let chars: Vec<char> = public_text.chars().collect();
            for w in chars.windows(18) {
                let candidate: String = w.iter().collect();
                assert!(
                    Curp::parse(&candidate).is_err(),
                    "{}: a CURP is left: {candidate}",
                    a.key
                );
            }
            assert!(public_text.contains("TABULADOR DE SALARIOS") && public_text.contains("Aguinaldo"));
        }
    }
    assert!(published > 50, "{published}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]

    /// Whatever the seed and the page, every history is legal and every agreement names a union
    /// of the registry.
    #[test]
    fn any_page_is_legal(seed in 0u64..1_000, skip in 0usize..1_500, take in 50usize..250) {
        let rows = nation(3, 2_000);
        let rows: Vec<WorkplaceRow> = rows.into_iter().skip(skip).take(take).collect();
        let g = generator(seed, 2_000);
        let page = g.page(&rows).unwrap();
        replay_page(&g, &page, &[]);
        let sector: std::collections::HashSet<String> = (0..g.sector_union_count()).map(|i| format!("S{}", i + 1)).collect();
        for a in &page.agreements {
            proptest::prop_assert!(
                sector.contains(&a.union_key) || page.unions.iter().any(|u| u.key == a.union_key),
                "{} names {}", a.key, a.union_key
            );
        }
    }
}

/// Prints the model's rates on a sample (run with `--ignored --nocapture`, in release).
#[test]
#[ignore]
fn print_stats() {
    use std::collections::BTreeMap;
    use std::time::Instant;
    let n: u64 = std::env::var("UNIONS_SAMPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let rows = nation(7, n);
    let mut bands: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        *bands.entry(r.size_band.code().to_string()).or_default() += 1;
    }
    eprintln!("bands {bands:?}");
    let g = generator(7, n);
    let t = Instant::now();
    let mut agreements = Vec::new();
    let mut unions = Vec::new();
    for chunk in rows.chunks(2_000) {
        let p = g.page(chunk).unwrap();
        agreements.extend(p.agreements);
        unions.extend(p.unions);
    }
    let dt = t.elapsed().as_secs_f64();
    eprintln!(
        "{} agreements in {dt:.1}s: {:.0}/s; {} company unions",
        agreements.len(),
        agreements.len() as f64 / dt,
        unions.len()
    );
    let t = Instant::now();
    let sector: Vec<UnionHistory> = g.sector_unions().flat_map(|b| b.unwrap()).collect();
    eprintln!("{} sector unions in {:.1}s", sector.len(), t.elapsed().as_secs_f64());
    let per = agreements.len() as f64 / n as f64;
    eprintln!(
        "agreements per workplace {per:.3}; unions per workplace {:.4}",
        (sector.len() + unions.len()) as f64 / n as f64
    );
    let mut status: BTreeMap<String, usize> = BTreeMap::new();
    for a in &agreements {
        let k = match a.state() {
            Some(s) => format!("{:?} {:?} {:?}", a.kind, s.status, s.termination),
            None => format!("{:?} none", a.kind),
        };
        *status.entry(k).or_default() += 1;
    }
    for (k, v) in &status {
        eprintln!("  {k}: {v}");
    }
    let votes: Vec<&VoteHistory> = agreements.iter().flat_map(|a| a.votes.iter()).collect();
    let mut by_purpose: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for v in &votes {
        let e = by_purpose.entry(format!("{:?}", v.purpose)).or_default();
        e.0 += 1;
        if v.trail.state.outcome == Some(faro_core::union::vote::Outcome::Approved) {
            e.1 += 1;
        }
    }
    eprintln!("votes by purpose (n, approved) {by_purpose:?}");
    let planted: usize = votes.iter().map(|v| v.planted.len()).sum();
    eprintln!("{} votes, {} planted anomalies", votes.len(), planted);
    let rolls: usize = votes.iter().map(|v| v.trail.state.roll.len()).sum();
    let mut big: Vec<usize> = votes.iter().map(|v| v.trail.state.roll.len()).collect();
    big.sort_unstable();
    eprintln!(
        "roll entries {rolls}; largest rolls {:?}",
        &big[big.len().saturating_sub(8)..]
    );
    let texts: Vec<usize> = agreements
        .iter()
        .filter_map(|a| a.trail.as_ref())
        .flat_map(|t| t.steps.iter())
        .filter_map(|s| match &s.command {
            faro_core::union::agreement::Command::PublishPublicVersion { text, .. } => Some(text.len()),
            _ => None,
        })
        .collect();
    eprintln!(
        "{} texts, min {:?} max {:?} mean {:.0}",
        texts.len(),
        texts.iter().min(),
        texts.iter().max(),
        texts.iter().sum::<usize>() as f64 / texts.len().max(1) as f64
    );
    let all: Vec<&UnionHistory> = sector.iter().chain(unions.iter()).collect();
    let (mut women, mut officers) = (0, 0);
    for u in &all {
        let (w, o) = u.women_in_leadership();
        women += w;
        officers += o;
    }
    eprintln!("women in leadership {:.3}", women as f64 / officers.max(1) as f64);
    let before = all
        .iter()
        .filter(|u| u.founded_on < NaiveDate::from_ymd_opt(2019, 5, 2).unwrap())
        .count();
    eprintln!("founded before 2019: {:.3}", before as f64 / all.len() as f64);
    {
        use faro_core::union::compliance::{overdue, Obligation, UnionFilings};
        let filings: Vec<UnionFilings> = all.iter().filter_map(|u| UnionFilings::of(&u.key, u.state())).collect();
        let ctx = law().union_ctx(g.cutoff(), g.rules(), g.settings());
        let late = overdue(&ctx, &filings, today()).unwrap();
        for o in [Obligation::MemberUpdate, Obligation::FinancialReport] {
            let n = late.iter().filter(|x| x.obligation == o).count();
            eprintln!(
                "overdue {o:?}: {:.3} of {}",
                n as f64 / filings.len() as f64,
                filings.len()
            );
        }
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for u in &all {
            *kinds
                .entry(format!("{:?} {:?}", u.union_type, u.state().status))
                .or_default() += 1;
        }
        eprintln!("unions {kinds:?}");
        let members: Vec<u32> = all.iter().map(|u| u.state().member_count()).collect();
        eprintln!(
            "members total {} max {:?}",
            members.iter().sum::<u32>(),
            members.iter().max()
        );
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &votes {
        for p in &v.planted {
            *kinds.entry(p.code()).or_default() += 1;
        }
    }
    eprintln!("planted {kinds:?}");
    let below = agreements
        .iter()
        .filter_map(|a| a.trail.as_ref())
        .flat_map(|t| t.events())
        .filter_map(|e| match e {
            faro_core::union::agreement::Event::Deposited { minimums, .. } => minimums.as_ref().map(|m| m.below_law()),
            _ => None,
        })
        .fold((0, 0), |(b, n), x| (b + usize::from(x), n + 1));
    eprintln!("deposits below the law {} of {}", below.0, below.1);
}

/// This thread's CPU time in seconds (Linux; 0 elsewhere): the machine is shared, so wall time
/// says little.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command's ')'.
    (ticks(11) + ticks(12)) / 100.0
}

/// Times the pages alone (run with `--ignored --nocapture`, in release).
#[test]
#[ignore]
fn bench_pages() {
    use std::time::Instant;
    let n: u64 = std::env::var("UNIONS_SAMPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let rows = nation(7, n);
    let g = generator(7, n);
    let t = Instant::now();
    let cpu = cpu_seconds();
    let mut agreements = 0;
    for _ in 0..3 {
        for chunk in rows.chunks(2_000) {
            agreements += g.page(chunk).unwrap().agreements.len();
        }
    }
    let dt = t.elapsed().as_secs_f64();
    let dc = cpu_seconds() - cpu;
    eprintln!(
        "{agreements} agreements in {dt:.2}s wall ({:.0}/s), {dc:.2}s CPU ({:.0}/s)",
        agreements as f64 / dt,
        agreements as f64 / dc
    );
    let t = Instant::now();
    let pages: Vec<Vec<WorkplaceRow>> = rows.chunks(2_000).map(<[WorkplaceRow]>::to_vec).collect();
    let parallel: usize = g.pages_parallel(pages, 2).map(|p| p.unwrap().agreements.len()).sum();
    let dt = t.elapsed().as_secs_f64();
    eprintln!(
        "on two threads: {parallel} agreements in {dt:.2}s wall ({:.0}/s)",
        parallel as f64 / dt
    );
    let t = Instant::now();
    let cpu = cpu_seconds();
    let sector: usize = g.sector_unions().map(|b| b.unwrap().len()).sum();
    eprintln!(
        "{sector} sector unions in {:.2}s wall, {:.2}s CPU",
        t.elapsed().as_secs_f64(),
        cpu_seconds() - cpu
    );
}
