//! Which inspections a workplace gets over the window: how many, when, of what kind, covering
//! which matters, and by which authority (LFT 527 and 529).

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use faro_core::calendar::LegalCalendar;
use faro_core::inspection::{Kind, Matter, Origin};
use faro_core::protocol::Protocols;
use faro_core::registry::SizeBand;
use faro_core::{Jurisdiction, StateCode};
use rand::RngCore;

use super::clock::office_time;
use super::model::{visits_by_sector, visits_by_size};
use super::Place;
use crate::random::{below, between, chance, unit};

/// SCIAN prefixes of the industries of federal competence (LFT 527): textiles, electricity,
/// film, rubber, sugar, mining, metallurgy and steel, hydrocarbons, petrochemicals, cement, lime,
/// automotive, chemicals and pharmaceuticals, pulp and paper, vegetable oils, packaged food,
/// bottled beverages, railways, sawmills, glass, tobacco, banking.
const FEDERAL_INDUSTRIES: &[&str] = &[
    "313", "314", "2211", "335", "5121", "3262", "31131", "21", "331", "211", "324", "325", "3273", "32741", "3361",
    "3362", "3363", "322", "31122", "3114", "3121", "482", "3211", "3272", "3122", "5221", "5222",
];

/// Is the workplace's industry of federal competence (LFT 527)? Everything else is local (529).
pub(crate) fn federal_industry(scian_class: &str) -> bool {
    FEDERAL_INDUSTRIES.iter().any(|p| scian_class.starts_with(p))
}

/// Training and safety and health are federal for every employer (LFT 527, last paragraph).
fn federal_matter(m: Matter) -> bool {
    matches!(m, Matter::SafetyHealth | Matter::Training)
}

/// Who inspects: the federal authority for federal industries and for safety, health and
/// training; the state for the rest.
pub(crate) fn jurisdiction(place: &Place, matters: &[Matter]) -> Jurisdiction {
    if place.federal_industry || matters.iter().all(|m| federal_matter(*m)) {
        Jurisdiction::Federal
    } else {
        Jurisdiction::State(place.state)
    }
}

/// One inspection the workplace will get.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlannedCase {
    pub(crate) programmed_at: DateTime<Utc>,
    pub(crate) planned_for: NaiveDate,
    pub(crate) kind: Kind,
    pub(crate) origin: Origin,
    pub(crate) matters: Vec<Matter>,
    pub(crate) jurisdiction: Jurisdiction,
    /// The program an ordinary inspection belongs to, when the programs are known.
    pub(crate) program_id: Option<i64>,
}

/// The period histories cover.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub(crate) start: NaiveDate,
    /// The last day an inspection may be planned for: programmed before the cutoff, visited after.
    pub(crate) horizon: NaiveDate,
    /// Nothing happens on or after this instant.
    pub(crate) cutoff: DateTime<Utc>,
    /// The length of a full window in days, for prorating a workplace registered inside it.
    pub(crate) days: i64,
}

/// A Poisson draw (inversion; `lambda` is small here).
fn poisson(rng: &mut impl RngCore, lambda: f64) -> u32 {
    let limit = (-lambda.max(0.0)).exp();
    let mut k = 0;
    let mut p = unit(rng);
    while p > limit && k < 60 {
        k += 1;
        p *= unit(rng);
    }
    k
}

/// The share of inspections that follow a complaint, by size: more workers, more complaints.
fn complaint_share(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 => 0.18,
        SizeBand::B6To10 | SizeBand::B11To30 => 0.24,
        _ => 0.3,
    }
}

/// Minimum days between two inspections of the same workplace.
const MIN_GAP_DAYS: i64 = 45;

/// The inspections of one workplace over the window, in date order.
pub(crate) fn cases(
    rng: &mut impl RngCore,
    cal: &LegalCalendar,
    protocols: &Protocols,
    place: &Place,
    window: &Window,
) -> Vec<PlannedCase> {
    let first = place.registered_on.map_or(window.start, |d| d.max(window.start));
    let span = (window.horizon - first).num_days();
    if span <= 0 || window.days <= 0 {
        return Vec::new();
    }
    let lambda = visits_by_size(place.band) * visits_by_sector(&place.sector) * span as f64 / window.days as f64;
    let count = poisson(rng, lambda);
    let mut dates: Vec<(NaiveDate, bool)> = (0..count)
        .map(|_| {
            let complaint = chance(rng, complaint_share(place.band));
            let mut day = first + Days::new(below(rng, span as u64 + 1));
            // Programs run from February to November; most ordinary visits fall inside them.
            if !complaint && matches!(day.month(), 12 | 1) && chance(rng, 0.8) {
                day = first + Days::new(below(rng, span as u64 + 1));
            }
            (cal.next_working_day(day), complaint)
        })
        .collect();
    dates.sort();
    let mut out: Vec<PlannedCase> = Vec::with_capacity(dates.len());
    let mut last: Option<NaiveDate> = None;
    for (planned_for, complaint) in dates {
        if last.is_some_and(|l| (planned_for - l).num_days() < MIN_GAP_DAYS) {
            continue;
        }
        let lead = if complaint {
            between(rng, 1, 6)
        } else {
            between(rng, 14, 45)
        };
        let programmed_on = planned_for
            .checked_sub_days(Days::new(u64::from(lead)))
            .unwrap_or(planned_for);
        let programmed_at = office_time(rng, cal.next_working_day(programmed_on).min(planned_for));
        if programmed_at >= window.cutoff {
            continue;
        }
        let (kind, origin, matters) = if complaint {
            (Kind::Extraordinary, Origin::Complaint, complaint_matters(rng, place))
        } else {
            let initial = out.is_empty() && place.registered_on.is_some_and(|d| d >= window.start) && chance(rng, 0.5);
            let kind = if initial { Kind::Initial } else { Kind::Periodic };
            let origin = if !initial && chance(rng, f64::from(super::RANDOM_SHARE_PCT) / 100.0) {
                Origin::Random
            } else {
                Origin::Program
            };
            (kind, origin, program_matters(rng, place, planned_for.year()))
        };
        // Only matters with a protocol in force by the visit (subcontracting's dates from the
        // reform of 2021).
        let mut matters: Vec<Matter> = matters
            .into_iter()
            .filter(|m| protocols.for_matter(*m, planned_for).is_ok())
            .collect();
        if matters.is_empty() {
            if protocols.for_matter(Matter::GeneralConditions, planned_for).is_err() {
                continue;
            }
            matters.push(Matter::GeneralConditions);
        }
        last = Some(planned_for);
        out.push(PlannedCase {
            programmed_at,
            planned_for,
            kind,
            origin,
            jurisdiction: jurisdiction(place, &matters),
            matters,
            program_id: None,
        });
    }
    out
}

/// The matter each state's program emphasises in a year (a rotation that differs by state).
fn program_focus(place: &Place, year: i32) -> Matter {
    const ROTATION: [Matter; 4] = [
        Matter::SafetyHealth,
        Matter::GeneralConditions,
        Matter::Training,
        Matter::Subcontracting,
    ];
    let i = (i64::from(place.state.number()) + i64::from(year)).rem_euclid(ROTATION.len() as i64);
    ROTATION.get(i as usize).copied().unwrap_or(Matter::SafetyHealth)
}

fn add(matters: &mut Vec<Matter>, m: Matter) {
    if !matters.contains(&m) {
        matters.push(m);
    }
}

/// Can `m` join an inspection of `matters` without mixing federal and state competence?
fn compatible(place: &Place, matters: &[Matter], m: Matter) -> bool {
    place.federal_industry || matters.iter().all(|x| federal_matter(*x) == federal_matter(m))
}

/// The matters of an ordinary (programmed) inspection.
fn program_matters(rng: &mut impl RngCore, place: &Place, year: i32) -> Vec<Matter> {
    use Matter::{
        ChildLabor, DiscriminationHarassment, ForcedLabor, FreedomOfAssociation, GeneralConditions, SafetyHealth,
        Subcontracting, Training,
    };
    let x = unit(rng);
    let mut matters = if place.federal_industry {
        match x {
            x if x < 0.35 => vec![GeneralConditions, SafetyHealth],
            x if x < 0.6 => vec![SafetyHealth],
            x if x < 0.72 => vec![GeneralConditions],
            x if x < 0.87 => vec![SafetyHealth, Training],
            _ => vec![GeneralConditions, SafetyHealth, Training],
        }
    } else {
        match x {
            x if x < 0.42 => vec![GeneralConditions],
            x if x < 0.77 => vec![SafetyHealth],
            x if x < 0.93 => vec![SafetyHealth, Training],
            _ => vec![Training],
        }
    };
    let focus = program_focus(place, year);
    if chance(rng, 0.25) && compatible(place, &matters, focus) {
        add(&mut matters, focus);
    }
    let sector = place.sector.as_str();
    let micro = matches!(place.band, SizeBand::B0To5 | SizeBand::B6To10);
    let child = match sector {
        "11" => 0.35,
        "23" => 0.1,
        "31" | "32" | "33" | "46" | "72" if micro => 0.05,
        _ => 0.015,
    };
    let forced = match sector {
        "11" => 0.1,
        "23" => 0.03,
        _ => 0.002,
    };
    let subcontracting = if sector == "56" {
        0.3
    } else if place.band >= SizeBand::B51To100 {
        0.1
    } else {
        0.02
    };
    let union = if place.band >= SizeBand::B51To100 { 0.04 } else { 0.005 };
    for (m, p) in [
        (ChildLabor, child),
        (ForcedLabor, forced),
        (Subcontracting, subcontracting),
        (DiscriminationHarassment, 0.03),
        (FreedomOfAssociation, union),
    ] {
        if chance(rng, p) && compatible(place, &matters, m) {
            add(&mut matters, m);
        }
    }
    matters.sort();
    matters
}

/// The matter of a complaint (sometimes two).
fn complaint_matters(rng: &mut impl RngCore, place: &Place) -> Vec<Matter> {
    use Matter::{
        ChildLabor, DiscriminationHarassment, ForcedLabor, FreedomOfAssociation, GeneralConditions, SafetyHealth,
        Subcontracting,
    };
    let x = unit(rng);
    let child = if place.sector == "11" { 0.15 } else { 0.06 };
    let forced = if place.sector == "11" { 0.04 } else { 0.012 };
    let m = if x < child {
        ChildLabor
    } else if x < child + forced {
        ForcedLabor
    } else if x < child + forced + 0.2 {
        SafetyHealth
    } else if x < child + forced + 0.29 {
        DiscriminationHarassment
    } else if x < child + forced + 0.33 {
        FreedomOfAssociation
    } else if x < child + forced + 0.375 {
        Subcontracting
    } else {
        GeneralConditions
    };
    let mut matters = vec![m];
    if m == GeneralConditions && chance(rng, 0.1) {
        matters.push(DiscriminationHarassment);
    }
    matters.sort();
    matters
}

/// The inspectors of each office: a few per state, federal and state offices apart.
pub(crate) const INSPECTORS_PER_OFFICE: u32 = 8;

/// The id of one of the office's inspectors (not a user account of the demo).
pub(crate) fn inspector_id(rng: &mut impl RngCore, jurisdiction: Jurisdiction, place: &Place) -> i64 {
    office_slot(jurisdiction, place.state, between(rng, 1, INSPECTORS_PER_OFFICE))
}

/// The id of inspector `slot` (1 to [`INSPECTORS_PER_OFFICE`]) of the office of `jurisdiction`
/// in `state`.
pub(crate) fn office_slot(jurisdiction: Jurisdiction, state: StateCode, slot: u32) -> i64 {
    let office = match jurisdiction {
        Jurisdiction::Federal => 100_000,
        Jurisdiction::State(_) => 200_000,
    };
    office + i64::from(state.number()) * 100 + i64::from(slot)
}
