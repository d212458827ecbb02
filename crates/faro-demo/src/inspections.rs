//! The demo's inspection history: about five years of inspections of the registry's workplaces,
//! each a legal history driven through core's procedures, with the referrals and sanction
//! procedures they opened.
//!
//! Pure and seeded like the nation: [`HistoryGenerator`] reads nothing but the workplaces it is
//! given (the caller reads them from the store) and the date it is told is today. Each
//! workplace's history is drawn from its own random stream (seed, workplace id) and each
//! employer's hidden culture from (seed, employer id), so a page of workplaces gives the same
//! histories whatever pages came before. The one thing carried from workplace to workplace is the
//! fines ledger of each employer, which the sanction procedure reads for the repeat-offence rule
//! (LFT 992) exactly as the store does: the fines of every case generated before, in order.
//!
//! # The model (for the risk-targeting work to recover)
//!
//! **How often.** A workplace registered before the window expects
//! `visits_by_size(band) x visits_by_sector(sector)` inspections over five years (0.13 for 0-5
//! persons up to 1.9 for 251 and more; construction x1.8, mining and utilities x1.6,
//! manufacturing x1.4, agriculture, transport and staffing x1.3, finance and professional
//! services x0.8), prorated when it registered inside the window; the count is Poisson, the dates
//! uniform (ordinary visits mostly February to November, the programs' season), at least 45 days
//! apart. 18% (0-5 persons) to 30% (31 and more) follow a complaint: extraordinary, no notice.
//! Ordinary ones are periodic or, for a first visit to a workplace registered inside the window,
//! initial; they belong to the year's program of their authority in the workplace's state
//! ([`demo_programs`]: a federal and a state program per state and year), and 10% of them are the
//! program's random draws. About 4% of ordinary and 2% of extraordinary
//! inspections are cancelled before the visit. Visits planned in the next 60 days are already
//! programmed; cases run only until the day before today, so the last months hold cases
//! programmed, notified, in progress, in corrective measures and in the sanction procedure.
//!
//! **Matters and authority.** Periodic inspections cover general conditions and/or safety and
//! health, sometimes training; each state's program stresses one matter a year (a rotation by
//! state); child labor is added mostly in agriculture (35%) and construction (10%), forced labor
//! in agriculture (10%), subcontracting in staffing services (30%) and large workplaces (10%).
//! Complaints cover one matter (general conditions 55%-60%, safety 20%, harassment 9%, child
//! labor 6% (15% in agriculture), forced labor 1.2% (4%), unions, subcontracting). Industries of
//! LFT 527 and safety, health and training everywhere are federal; the rest is the state's.
//!
//! **Outcomes.** Every question of every matter is answered (some "not applicable": union items
//! without a union, heights and machines outside industry, items on adolescents when none work
//! there). A question fails with probability
//!
//! ```text
//! p = min(0.6, base(question) x sector x size x region x culture x prior x complaint)
//! ```
//!
//! - `base`: 1.5% by default; 3.5% to 8% for commonly failed items (safety commission and risk
//!   assessment 6%, harassment protocol 8%, written conditions and social security 5%, ...);
//!   0.35% for paying under the minimum wage; 3.5% for a child under 15 where child labor is
//!   inspected; 0.35% for each forced-labor indicator ([`model::base_rate`]).
//! - `sector` ([`model::sector_factor`]): construction 2.6, agriculture 2.4, manufacturing and
//!   mining 1.8, staffing 1.5, transport 1.4, food and lodging 1.3, retail 1.0, health 0.6,
//!   education 0.55, professional services 0.45, finance 0.3.
//! - `size` ([`model::size_factor`]): 1.7 for 0-5 persons down to 0.55 for 251 and more.
//! - `region` ([`model::region_factor`]): 1.5 Chiapas, Guerrero, Oaxaca; 1.25 the rest of the
//!   south-southeast and Michoacán, Puebla, Hidalgo, Tlaxcala; 0.75 the northern border states
//!   and Baja California Sur; 1.0 elsewhere.
//! - `culture` ([`employer_culture_of`]): hidden, per employer: 0.7 (35%), 1.0 (45%), 1.6
//!   (20%), shared by all the employer's workplaces. It is never stored, but it shows where a
//!   model can see it: in the employer's other workplaces' records and in the conciliation
//!   requests its workers file (the conciliation generator draws them in proportion to it).
//!
//! The spread of these factors is wider than the first demo's: with the narrower one the
//! observable part of the risk (sector, size, region) was too small beside the hidden culture for
//! any model to rank visibly better than chance on a demo-sized history.
//! - `prior` ([`model::PRIOR_FINDINGS_FACTOR`]): 1.7 when the workplace's previous record had
//!   findings: a workplace with findings is more likely to have them again.
//! - `complaint` ([`model::COMPLAINT_FACTOR`]): 1.6 for extraordinary inspections.
//!
//! Failed items affect 1 to 40 workers (mostly one or two). Correctable findings get measures
//! (safety: 5-30 working days, sometimes extended once; others 15-60 days) and a verification
//! visit, where each measure is found complied with probability `0.9 - 0.12 x culture`. An
//! inspection whose findings are all corrected closes; otherwise it goes to the sanction
//! procedure. A child under 15 (about 0.3% of inspections) or a forced-labor indicator (about
//! 0.05%) also opens referrals to the child-protection authority or the prosecutor, as does pay
//! under the minimum wage (prosecutor, LFT 1004).
//!
//! **Sanctions.** Summons 5-30 days after; the employer answers in 60% of cases; resolution with
//! one fine per finding at `fine::suggested_uma` of the criteria recorded (4% absolved); then
//! about 22% pay at once, 8% appeal (upheld 50%, reduced 30%, annulled 20%), the rest become
//! final: 20% of them pay, the others go to collection, where 35% are collected and 25% written
//! off. About 35% of resolved fines end paid.

mod clock;
pub mod model;
mod plan;
mod procedures;
mod programs;
mod recorder;
#[cfg(test)]
mod tests;
mod texts;
mod visit;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use faro_core::inspection::{self, Inspection, Kind};
use faro_core::law::Law;
use faro_core::referral::{self, Referral};
use faro_core::registry::SizeBand;
use faro_core::sanction::{self, PriorFineRecord, Sanction, Status as SanctionStatus};
use faro_core::{DomainError, Jurisdiction, StateCode};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use programs::{demo_programs, DemoProgram, CAPACITY_PER_INSPECTOR, RANDOM_SHARE_PCT};
pub use recorder::{Step, Trail};

use model::{employer_culture, region_factor, sector_factor, size_factor, RiskFactors};
use plan::{federal_industry, Window};
use visit::{CaseOutcome, CaseRun};

/// What the generator needs to know of a workplace, as the registry has it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkplaceFacts {
    pub id: i64,
    pub employer_id: i64,
    pub state: StateCode,
    pub scian_class: String,
    pub size_band: SizeBand,
    pub headcount: Option<u32>,
    pub registered_on: Option<NaiveDate>,
}

/// What to generate: the seed, and the day the history is generated on (nothing happens on or
/// after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryConfig {
    pub seed: u64,
    pub today: NaiveDate,
    /// Years of history before today.
    pub years: u32,
}

impl HistoryConfig {
    /// Five years of history up to `today`.
    pub fn new(seed: u64, today: NaiveDate) -> HistoryConfig {
        HistoryConfig { seed, today, years: 5 }
    }
}

/// One inspection's history with the referral and sanction cases it opened. The referral and
/// sanction `Open` commands carry `inspection_id: 0`: the store gives the inspection its id.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHistory {
    pub workplace_id: i64,
    pub employer_id: i64,
    pub inspection: Trail<inspection::Command, inspection::Event, Inspection>,
    pub referrals: Vec<Trail<referral::Command, referral::Event, Referral>>,
    pub sanction: Option<Trail<sanction::Command, sanction::Event, Sanction>>,
}

/// A workplace as the generator uses it.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) id: i64,
    pub(crate) employer_id: i64,
    pub(crate) state: StateCode,
    pub(crate) state_name: String,
    /// The two-digit SCIAN sector ("31", not "31-33").
    pub(crate) sector: String,
    pub(crate) band: SizeBand,
    pub(crate) headcount: u32,
    pub(crate) registered_on: Option<NaiveDate>,
    pub(crate) federal_industry: bool,
    /// Agriculture, mining, utilities, construction, manufacturing.
    pub(crate) industrial: bool,
}

/// Mixes the seed, a purpose and an id into the seed of one random stream.
fn stream_seed(seed: u64, purpose: u64, id: i64) -> u64 {
    // SplitMix64 finalizer over the three.
    let mut z = seed
        .wrapping_add(purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add((id as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const WORKPLACE_STREAM: u64 = 1;
const EMPLOYER_STREAM: u64 = 2;

/// The hidden compliance culture of an employer in the demo of `seed` ([`model::employer_culture`]
/// drawn from the employer's own stream): the same for every generator that asks.
pub fn employer_culture_of(seed: u64, employer_id: i64) -> f64 {
    employer_culture(&mut ChaCha8Rng::seed_from_u64(stream_seed(
        seed,
        EMPLOYER_STREAM,
        employer_id,
    )))
}
const INSPECTOR_STREAM: u64 = 3;

/// Generates inspection histories workplace by workplace. Keeps each employer's fines (for the
/// repeat-offence rule) and the inspectors' names between calls.
pub struct HistoryGenerator<'l> {
    law: &'l Law,
    cfg: HistoryConfig,
    window: Window,
    ledger: HashMap<i64, Vec<PriorFineRecord>>,
    inspectors: HashMap<i64, String>,
    /// Office slots held by a user account of the demo: slot id -> (user id, name).
    accounts: HashMap<i64, (i64, String)>,
    /// Program ids by authority, state of the office and year.
    programs: HashMap<(Jurisdiction, StateCode, i32), i64>,
}

/// The office slots the demo's inspector accounts hold, by username: the federal inspector
/// the first slot of the federal offices in Mexico City, Jalisco, the State of Mexico and Nuevo
/// León; the Jalisco inspector the first two slots of the state's own office. Every other slot
/// is a synthetic inspector without an account.
pub fn account_slots() -> Vec<(&'static str, i64)> {
    let state = |n: u8| StateCode::new(n).ok();
    let mut slots: Vec<(&'static str, i64)> = [9, 14, 15, 19]
        .into_iter()
        .filter_map(state)
        .map(|s| ("inspector", plan::office_slot(Jurisdiction::Federal, s, 1)))
        .collect();
    if let Some(jalisco) = state(14) {
        for slot in [1, 2] {
            slots.push((
                "inspector.jal",
                plan::office_slot(Jurisdiction::State(jalisco), jalisco, slot),
            ));
        }
    }
    slots
}

/// The period a configuration covers.
fn window(cfg: &HistoryConfig) -> Window {
    let start = cfg
        .today
        .checked_sub_months(Months::new(cfg.years.saturating_mul(12)))
        .unwrap_or(cfg.today);
    let horizon = cfg.today + chrono::Days::new(60);
    Window {
        start,
        horizon,
        cutoff: clock::midnight(cfg.today),
        days: (horizon - start).num_days(),
    }
}

impl<'l> HistoryGenerator<'l> {
    pub fn new(cfg: HistoryConfig, law: &'l Law) -> HistoryGenerator<'l> {
        HistoryGenerator {
            law,
            cfg,
            window: window(&cfg),
            ledger: HashMap::new(),
            inspectors: HashMap::new(),
            accounts: HashMap::new(),
            programs: HashMap::new(),
        }
    }

    /// Tells the generator the id the store gave a program of [`demo_programs`]: ordinary
    /// inspections of that authority, state and year belong to it. Without programs they have
    /// none.
    pub fn add_program(&mut self, program: &DemoProgram, id: i64) {
        self.programs
            .insert((program.jurisdiction, program.state, program.year), id);
    }

    /// Adds a fine already in the store's ledger (before generating on a database that has
    /// cases), so repeat offences are found as the store would find them.
    pub fn remember_fine(&mut self, employer_id: i64, fine: PriorFineRecord) {
        self.ledger.entry(employer_id).or_default().push(fine);
    }

    fn place(&self, w: &WorkplaceFacts) -> Place {
        let sector: String = w.scian_class.chars().take(2).collect();
        let (lo, _) = w.size_band.bounds();
        Place {
            id: w.id,
            employer_id: w.employer_id,
            state: w.state,
            state_name: self
                .law
                .catalogs
                .state(w.state)
                .map_or_else(|| w.state.as_str(), |s| s.short_name.clone()),
            industrial: matches!(sector.as_str(), "11" | "21" | "22" | "23" | "31" | "32" | "33"),
            federal_industry: federal_industry(&w.scian_class),
            sector,
            band: w.size_band,
            headcount: w.headcount.unwrap_or(lo).max(1),
            registered_on: w.registered_on,
        }
    }

    /// Gives an office slot of [`account_slots`] to the user account `user_id`: the cases of
    /// that slot are ordered to the account, so logging in as it shows a real workload.
    pub fn add_account(&mut self, slot: i64, user_id: i64, name: &str) {
        self.accounts.insert(slot, (user_id, name.to_string()));
    }

    fn inspector(&mut self, id: i64) -> (i64, String) {
        if let Some(account) = self.accounts.get(&id) {
            return account.clone();
        }
        let seed = self.cfg.seed;
        let name = self
            .inspectors
            .entry(id)
            .or_insert_with(|| {
                let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed, INSPECTOR_STREAM, id));
                crate::names::person(&mut rng).full_name()
            })
            .clone();
        (id, name)
    }

    /// The inspections of one workplace, oldest first. Workplaces must come in the same order
    /// every time (the store's id order) for the fines ledger to be the same.
    pub fn workplace(&mut self, w: &WorkplaceFacts) -> Result<Vec<CaseHistory>, DomainError> {
        let place = self.place(w);
        let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(self.cfg.seed, WORKPLACE_STREAM, w.id));
        let culture = employer_culture_of(self.cfg.seed, w.employer_id);
        let mut planned = plan::cases(&mut rng, &self.law.calendar, self.law.protocols, &place, &self.window);
        for p in planned.iter_mut().filter(|p| p.kind != Kind::Extraordinary) {
            p.program_id = self
                .programs
                .get(&(p.jurisdiction, place.state, p.planned_for.year()))
                .copied();
        }
        let mut out = Vec::with_capacity(planned.len());
        let mut prior_findings = false;
        for (k, p) in planned.iter().enumerate() {
            let inspector = self.inspector(plan::inspector_id(&mut rng, p.jurisdiction, &place));
            let prior = self.ledger.get(&place.employer_id).cloned().unwrap_or_default();
            let run = CaseRun {
                law: self.law,
                rng: &mut rng,
                place: &place,
                factors: RiskFactors {
                    sector: sector_factor(&place.sector),
                    size: size_factor(place.band),
                    region: region_factor(place.state),
                    culture,
                    prior_findings,
                    complaint: p.kind == Kind::Extraordinary,
                },
                prior: &prior,
                cutoff: self.window.cutoff,
                tag: format!("D{}-{}", place.id, k + 1),
                inspector,
            };
            let Some(case) = finish(run.run(p)?, &place) else {
                continue;
            };
            if let Some(r) = case.inspection.state.record.as_ref() {
                prior_findings = !r.findings.is_empty();
            }
            if let Some(s) = case.sanction.as_ref().map(|t| &t.state) {
                let overturned = s.status == SanctionStatus::Annulled;
                let ledger = self.ledger.entry(place.employer_id).or_default();
                for f in &s.fines {
                    ledger.push(PriorFineRecord {
                        violation: f.violation.clone(),
                        acta_date: s.acta_date,
                        per_worker_uma: f.per_worker_uma,
                        overturned,
                    });
                }
            }
            out.push(case);
        }
        Ok(out)
    }

    /// The histories of several workplaces, in the order given.
    pub fn workplaces(&mut self, ws: &[WorkplaceFacts]) -> Result<Vec<CaseHistory>, DomainError> {
        let mut out = Vec::new();
        for w in ws {
            out.extend(self.workplace(w)?);
        }
        Ok(out)
    }

    /// Nothing happens on or after this instant.
    pub fn cutoff(&self) -> DateTime<Utc> {
        self.window.cutoff
    }
}

fn finish(o: CaseOutcome, place: &Place) -> Option<CaseHistory> {
    let inspection = o.inspection.finish()?;
    Some(CaseHistory {
        workplace_id: place.id,
        employer_id: place.employer_id,
        inspection,
        referrals: o.referrals.into_iter().filter_map(|r| r.finish()).collect(),
        sanction: o.sanction.and_then(|s| s.finish()),
    })
}
