//! The demo's conciliation history: about five years of requests to the conciliation centres
//! about the registry's workplaces, each case a legal history driven through core's
//! `conciliation` lifecycle (LFT 684-A to 684-U), with its hearings, constancias, convenios,
//! payments and fine requests.
//!
//! Pure and seeded like the nation and the inspections: [`ConciliationGenerator`] reads nothing
//! but the workplaces it is given (the caller reads them from the store), optionally the
//! employer as the registry has it ([`EmployerFacts`]), and the date it is told is today. Each
//! workplace's requests are drawn from its own random stream (seed, workplace id), each request
//! from its own (seed, workplace id, number), and nothing is carried from one workplace to the
//! next, so a page of workplaces gives the same cases whatever pages came before, in any order
//! or thread. Every command goes through core's `decide` and `apply` with the clock set to its
//! time, so every history is legal by construction; a command core refuses is reported as an
//! error (a bug of the generator). The generator is `Send + Sync` and takes `&self`, so pages of
//! workplaces can be generated on several threads.
//!
//! # The model
//!
//! **How many.** Mexico's centres receive several hundred thousand requests a year: the federal
//! centre (CFCRL) planned for about 59,000 a year (La Jornada, 13 January 2022), and the
//! Guanajuato local centre alone received more than 37,000 in 2023 (El Sol de León, October
//! 2024), which would be some 700,000 nationally if Guanajuato were typical. The demo takes about
//! 470,000 a year for a national-scale nation of 5 million workplaces, 0.094 per workplace-year
//! (an assumption on the low side: part of the real requests concern employers outside a
//! registry of establishments, such as domestic work). With the third stage's late start (below)
//! `faro demo --scale 50` gets about 1.9 million requests over five years, some 375,000 a year. A workplace expects
//! `persons x requests_per_person(band) x sector_factor(sector) x CALIBRATION` requests a
//! year ([`model::requests_per_year`]): per person 0.35 for 0-5 persons (owners and family
//! helpers count as persons), 0.75 for 6-10, 1.0 for 11-250 and 0.9 for 251 and more; sectors
//! from 1.6 (staffing services), 1.4 (food and lodging), 1.3 (construction, transport) and 1.2
//! (retail) down to 0.6 (agriculture), 0.5 (utilities) and 0.15 (public administration, whose
//! employees are under CPEUM 123-B). The count is Poisson over the period the workplace's
//! competent centre worked (see below), the dates uniform, times the employer's claims factor
//! ([`model::claims_factor`]): its hidden compliance culture (the inspections' model, 0.7, 1.0
//! or 1.6) over its mean, so careless employers draw 1.6 times the claims of average ones and the
//! national total is unchanged.
//!
//! **When the centres opened.** The new system began in three stages ([`model::centre_opened`]):
//! 18 November 2020 (Campeche, Chiapas, Durango, Estado de México, San Luis Potosí, Tabasco,
//! Zacatecas, and Hidalgo's federal office), 3 November 2021 (Aguascalientes, Baja California,
//! Colima, Guanajuato, Morelos, Oaxaca, Puebla, Querétaro, Quintana Roo, Tlaxcala, Veracruz,
//! Hidalgo's local centre, and the federal offices in Baja California Sur and Guerrero) and
//! 3 October 2022 (the rest, with 60% of the country's labour conflicts, and the local centres
//! of Baja California Sur and Guerrero). Sources: forojuridico.mx (first stage), El Economista,
//! 21 September 2021 (STPS agreement 11-21/09/2021 on the second), El Heraldo de México,
//! 25 November 2022 (the third) [S]. Before, a state's requests went to the Juntas.
//!
//! **Who and how.** Most requests come from workers; employers (companies only) file 3% to 10%
//! of them, more the larger they are ([`model::employer_share`]), to settle a termination. 4%
//! are joint filings (684-E VI), 3% of the workers' ask for the fast track; 45% come online
//! (scheduled after the staff reviews the form, 1-4 working days later), the rest at the counter
//! (the date given at once, 684-C). The object is dismissal in 62% (with aguinaldo, vacation,
//! wages... added), then benefits, unpaid wages, rescission, overtime and others; 10% of workers
//! of an individual employer name only the workplace's address (684-C, last paragraph). 1.2%
//! claim a 685 Ter matter (mostly discrimination or harassment, social security) and close at
//! once; 0.6% more are declared exempt by the centre. The competent centre comes from
//! `competence::route` with the workplace's SCIAN class; 8% of federal matters are filed at the
//! local centre and 1.5% of local ones at the federal office, and forwarded (684-E V), 95% within
//! the 24 hours; the competent centre files them again, keeping the first filing date.
//!
//! **Hearings.** The first hearing is set on a working day inside the window core computes (15
//! days, 5 for joint filings, 5 working days on the fast track; never after the 45 calendar days
//! of 684-D), late enough for the notifier to serve the summons five days ahead, with one of the
//! office's conciliators ([`office_slot`]) in a room or by video (12%). The notifier serves
//! (84%), finds a refusal (4%) or does not find the party (12%; a second attempt in half the
//! cases, then a new date in 60%, else the constancia of 684-E XI); 3% are served too late to
//! count. 2% of first hearings are moved by the centre. At a hearing the requester comes in 89%
//! of cases and the validly summoned party in 91% (30% when not validly summoned); an absence is
//! justified in 25% (a new hearing within 5 days, 684-E IX). Both present: a convenio in 68% at
//! the first hearing (90% for joint filings, 55% later), else no agreement, 15% of which ask for
//! a new hearing together (684-E VIII). The requester absent: archive (684-E X), with the
//! employer's fine request if it was absent too and validly summoned; the summoned absent:
//! constancia and the 994-VIII fine request for an employer, or on the fast track a new hearing
//! under the ordinary rules. Not more than three hearings besides moved ones.
//!
//! **Convenios.** Items from `faro_core::settlement::calculate` for the worker's employment: a
//! daily wage of the zone's minimum wage on the last day times a factor (1-1.2 for 35%, 1.2-2
//! for 40%, 2-4 for 20%, 4-8 for 5%; +15% in workplaces of 51 and more), an integrated wage 5.2%
//! above it, a service of months to thirty years, the termination the object implies (an
//! unjustified dismissal, 15% with reinstatement refused; the worker's rescission; else a
//! resignation) ending up to two months before the request (LFT 518); each line at a negotiated
//! share (45%-65% for 15%, 65%-90% for 60%, 90%-100% for 25%), in whole pesos. 55% are paid in
//! the act, 25% in one later payment, 20% in 2 to 6 instalments every 15 or 30 days; a deferred
//! convenio carries the penalty of one daily wage per day of delay (two for 20%), 684-E XIV.
//! 10% of deferred convenios have a late instalment (80% of those then pay the penalty), 5%
//! stop paying; the centre certifies compliance or non-compliance.
//!
//! **Open cases.** Nothing happens on or after `today`: requests filed in the last weeks have
//! their hearings in the coming days (the agenda of [`account_slots`]' conciliator), online
//! forms of the last days wait to be scheduled, and deferred convenios wait for their payments.

mod case;
mod clock;
mod convenio;
mod hearings;
pub mod model;
mod parties;
mod recorder;
mod request;
#[cfg(test)]
mod tests;
mod texts;

use std::collections::HashMap;

use chrono::{DateTime, Months, NaiveDate, Utc};
use faro_core::catalog::WageZone;
use faro_core::conciliation::{route, CenterSettings, FederalBranches, FederalFlags};
use faro_core::law::Law;
use faro_core::{conciliation, DomainError, Jurisdiction, StateCode};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use crate::inspections::{HistoryConfig, Step, Trail, WorkplaceFacts};
pub use parties::EmployerFacts;

use case::Setup;
use request::Place;

/// Conciliators per centre office unless the caller says otherwise.
pub const DEFAULT_CONCILIATORS_PER_OFFICE: u32 = 6;

/// What to generate: the seed, the day the history is generated on (nothing happens on or after
/// it), the years before it, and how many conciliators each office has (more for larger nations,
/// so that each one's agenda stays realistic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConciliationConfig {
    pub seed: u64,
    pub today: NaiveDate,
    pub years: u32,
    pub conciliators_per_office: u32,
}

impl ConciliationConfig {
    /// Five years up to `today`, [`DEFAULT_CONCILIATORS_PER_OFFICE`] conciliators per office.
    pub fn new(seed: u64, today: NaiveDate) -> ConciliationConfig {
        ConciliationConfig {
            seed,
            today,
            years: 5,
            conciliators_per_office: DEFAULT_CONCILIATORS_PER_OFFICE,
        }
    }
}

impl From<HistoryConfig> for ConciliationConfig {
    fn from(h: HistoryConfig) -> Self {
        ConciliationConfig {
            years: h.years,
            ..ConciliationConfig::new(h.seed, h.today)
        }
    }
}

/// One conciliation case at one centre: its commands with their events, and its state. A
/// request forwarded between centres gives two cases: the first centre's, ended `forwarded`, and
/// the competent centre's, whose `forwarded_from` is the first one's key.
#[derive(Debug, Clone, PartialEq)]
pub struct ConciliationCase {
    pub workplace_id: i64,
    pub employer_id: i64,
    /// Unique in the demo: the workplace and the request's number there ("D123-4"), "-2" for the
    /// competent centre's case of a forwarded request.
    pub key: String,
    pub forwarded_from: Option<String>,
    pub trail: Trail<conciliation::Command, conciliation::Event, conciliation::Case>,
}

impl ConciliationCase {
    /// The case's state after its last command.
    pub fn state(&self) -> &conciliation::Case {
        &self.trail.state
    }
}

/// The id of conciliator `slot` (1 to the conciliators per office) of the office of `center` in
/// `state`: the federal centre has an office in each state, each state its local centre. Apart
/// from the inspectors' ids.
pub fn office_slot(center: Jurisdiction, state: StateCode, slot: u32) -> i64 {
    let base = match center {
        Jurisdiction::Federal => 3_000_000,
        Jurisdiction::State(_) => 4_000_000,
    };
    base + i64::from(state.number()) * 1_000 + i64::from(slot.min(999))
}

/// The office slots the demo's `conciliador` account (a federal conciliator) holds: every slot
/// of the federal offices in Mexico City, Jalisco, the State of Mexico and Nuevo León (at the
/// default staffing), so that logging in as it shows an agenda with hearings in the coming days.
pub fn account_slots() -> Vec<(&'static str, i64)> {
    [9, 14, 15, 19]
        .into_iter()
        .filter_map(|n| StateCode::new(n).ok())
        .flat_map(|s| {
            (1..=DEFAULT_CONCILIATORS_PER_OFFICE)
                .map(move |slot| ("conciliador", office_slot(Jurisdiction::Federal, s, slot)))
        })
        .collect()
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

const WORKPLACE_STREAM: u64 = 101;
const EMPLOYER_STREAM: u64 = 102;
const ADDRESS_STREAM: u64 = 103;
const CONCILIATOR_STREAM: u64 = 104;
const REQUEST_STREAM: u64 = 105;

/// The name of a synthetic conciliator (not an account of the demo), the same for a seed.
pub fn conciliator_name(seed: u64, conciliator_id: i64) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed, CONCILIATOR_STREAM, conciliator_id));
    crate::names::person(&mut rng).full_name()
}

/// Generates conciliation histories workplace by workplace. Keeps nothing between workplaces.
pub struct ConciliationGenerator<'l> {
    law: &'l Law,
    cfg: ConciliationConfig,
    settings: CenterSettings,
    branches: &'static FederalBranches,
    start: NaiveDate,
    cutoff: DateTime<Utc>,
    /// Office slots held by a user account of the demo: slot id -> user id.
    accounts: HashMap<i64, i64>,
}

impl<'l> ConciliationGenerator<'l> {
    /// A generator for `cfg` with the law `law` (the centres' default settings: plain "días" are
    /// working days).
    pub fn new(cfg: ConciliationConfig, law: &'l Law) -> Result<ConciliationGenerator<'l>, DomainError> {
        let start = cfg
            .today
            .checked_sub_months(Months::new(cfg.years.saturating_mul(12)))
            .unwrap_or(cfg.today);
        Ok(ConciliationGenerator {
            law,
            cfg,
            settings: CenterSettings::default(),
            branches: FederalBranches::official()?,
            start,
            cutoff: clock::midnight(cfg.today),
            accounts: HashMap::new(),
        })
    }

    /// Gives an office slot of [`account_slots`] to the user account `user_id`: that slot's
    /// hearings name the account as their conciliator, so logging in as it shows a real agenda.
    pub fn add_account(&mut self, slot: i64, user_id: i64) {
        self.accounts.insert(slot, user_id);
    }

    /// Nothing happens on or after this instant.
    pub fn cutoff(&self) -> DateTime<Utc> {
        self.cutoff
    }

    /// The first day of the history.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The centre competent for a workplace on `on` (LFT 527-529, from its SCIAN class).
    pub fn competent_centre(&self, w: &WorkplaceFacts, on: NaiveDate) -> Jurisdiction {
        let scian = self.law.catalogs.scian_class(&w.scian_class).map(|c| c.code.as_str());
        route(self.branches, scian, w.state, FederalFlags::default(), on)
            .competence
            .center()
    }

    /// Expected requests about `w` over the window (the model the generator draws from).
    pub fn expected_requests(&self, w: &WorkplaceFacts) -> f64 {
        let center = self.competent_centre(w, self.cfg.today);
        self.expected_from(w, center)
    }

    /// Expected requests about `w` with `centre` competent: the workplace's rate times its
    /// employer's claims factor (careless employers draw more claims).
    fn expected_from(&self, w: &WorkplaceFacts, centre: Jurisdiction) -> f64 {
        let culture = crate::inspections::employer_culture_of(self.cfg.seed, w.employer_id);
        model::expected_requests(w, centre, self.start, self.cfg.today) * model::claims_factor(culture)
    }

    fn place(&self, w: &WorkplaceFacts, employer: Option<&EmployerFacts>) -> Place {
        let state_name = self
            .law
            .catalogs
            .state(w.state)
            .map_or_else(|| w.state.as_str(), |s| s.short_name.clone());
        let scian = self.law.catalogs.scian_class(&w.scian_class).map(|c| c.code.clone());
        let sector: String = w.scian_class.chars().take(2).collect();
        let employer = match employer {
            Some(e) => e.clone(),
            None => {
                let mut at = ChaCha8Rng::seed_from_u64(stream_seed(self.cfg.seed, ADDRESS_STREAM, w.id));
                let address = parties::address(&mut at, &state_name);
                let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(self.cfg.seed, EMPLOYER_STREAM, w.employer_id));
                parties::synthetic_employer(&mut rng, w.size_band, &sector, &w.scian_class, &state_name, address)
            }
        };
        Place {
            id: w.id,
            employer_id: w.employer_id,
            state: w.state,
            state_name,
            scian,
            band: w.size_band,
            employer_rfc: Place::checked_rfc(&employer),
            employer,
            zone: if w.state.number() == 2 {
                WageZone::NorthernBorder
            } else {
                WageZone::General
            },
        }
    }

    /// The cases about one workplace, in filing order, with a synthetic employer.
    pub fn workplace(&self, w: &WorkplaceFacts) -> Result<Vec<ConciliationCase>, DomainError> {
        self.workplace_with(w, None)
    }

    /// The cases about one workplace, naming the employer as the registry has it when given.
    /// The employer changes the names in the requests only, not the cases' course.
    pub fn workplace_with(
        &self,
        w: &WorkplaceFacts,
        employer: Option<&EmployerFacts>,
    ) -> Result<Vec<ConciliationCase>, DomainError> {
        let today = self.cfg.today;
        let centre = self.competent_centre(w, today);
        let Some((first, end)) = model::filing_period(w, centre, self.start, today) else {
            return Ok(Vec::new());
        };
        let expected = self.expected_from(w, centre);
        let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(self.cfg.seed, WORKPLACE_STREAM, w.id));
        let days = request::filing_days(&mut rng, expected, first, end);
        if days.is_empty() {
            return Ok(Vec::new());
        }
        let place = self.place(w, employer);
        let setup = Setup {
            law: self.law,
            settings: &self.settings,
            cutoff: self.cutoff,
            conciliators_per_office: self.cfg.conciliators_per_office,
            accounts: &self.accounts,
        };
        let cal = &self.law.calendar;
        let catalogs = self.law.catalogs.as_ref();
        let mut out = Vec::with_capacity(days.len());
        for (k, day) in days.into_iter().enumerate() {
            let number = k as u64 + 1;
            let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(
                self.cfg.seed.wrapping_add(number.wrapping_mul(0xD6E8_FEB8_6659_FD93)),
                REQUEST_STREAM,
                w.id,
            ));
            let competent = route(
                self.branches,
                place.scian.as_deref(),
                w.state,
                FederalFlags::default(),
                day,
            )
            .competence
            .center();
            if model::centre_opened(competent, w.state) > day {
                continue;
            }
            let plan = request::plan(
                &mut rng,
                &place,
                day,
                competent == Jurisdiction::Federal,
                |d| cal.is_working_day(d),
                |d| cal.next_working_day(d),
                |d| catalogs.minimum_wage_on(d, place.zone),
            )?;
            let input = request::input(&mut rng, &place, &plan)?;
            let key = format!("D{}-{number}", w.id);
            out.extend(case::run(&setup, &mut rng, &place, &plan, input, competent, key)?);
        }
        Ok(out)
    }

    /// The cases of several workplaces, in the order given.
    pub fn workplaces(&self, ws: &[WorkplaceFacts]) -> Result<Vec<ConciliationCase>, DomainError> {
        let mut out = Vec::new();
        for w in ws {
            out.extend(self.workplace(w)?);
        }
        Ok(out)
    }
}
