//! The demo's union registry: the unions of the nation and the collective agreements of its
//! workplaces, each a legal history driven through core's `union` procedures (registration,
//! agreement, vote, representativeness), with the agreements' texts and their public versions.
//!
//! Pure and seeded like the nation, the inspections and the conciliation cases:
//! [`UnionRegistryGenerator`] reads nothing but the workplaces it is given ([`WorkplaceRow`],
//! the caller reads them from the store) and the date it is told is today. Every union and every
//! agreement is drawn from its own random stream (seed, id), and nothing is carried from one page
//! of workplaces to the next, so a page gives the same histories whatever pages came before, in
//! any order or thread. Every command goes through core's `decide` and `apply` with the clock set
//! to its time, so every history is legal by construction; a command core refuses is reported as
//! an error (a bug of the generator). Nothing happens on or after `today`: files under way stay
//! open.
//!
//! Two streams of batches: [`UnionRegistryGenerator::sector_unions`] yields the nation's sector
//! unions (industrial, national industry, gremial, of various trades), about 0.6 % of the
//! workplaces (30,000 for 5 million workplaces, 370 for the default demo's 60,000);
//! [`UnionRegistryGenerator::page`] yields, for a page of workplaces, their agreements and the
//! company unions created with them. A nation of 5 million workplaces gets about 50,000 unions
//! and 500,000 agreements.
//!
//! # The model
//!
//! **Unions.** Kinds of LFT 360: company, industrial, national industry, gremial and of various
//! trades (employers' unions are left out). 88 % of sector unions were founded before the 2019
//! reform (from 1936, most between 1980 and 2012); company unions are founded with the agreement
//! of their workplace (a protection contract's union a few months before it; a new independent
//! union before its certificate request). Three in four older unions and two in five new ones
//! belong to one of twelve invented federations and confederations ([`FEDERATIONS`]). A union
//! founded before the reform reaches the registry with its file from the old one (the STPS's for
//! federal branches and national unions, a state's board otherwise) in the stage of its state
//! (18 Nov 2020, 3 Nov 2021, 3 Oct 2022): filed with its founding date, founders and leadership
//! and registered under its old number ([`PriorRegistration`]; see the demo's historical rules in
//! `unions/rules.rs`). A new union files within two months of its founding: 15 % of filings have
//! a defect (a missing document or statute clause), most cured, 4 % of sector filings refused;
//! 4 % wait for the deemed registration of 366. Leaderships have five to twelve officers, about a
//! fifth women in industry (fewer in mining, construction and transport) and 30 % in services, 7 points more after the
//! reform ([`model::leadership_women_share`]: about 30 % overall); terms of 3 to 6 years, each election reported
//! (12 % late) and certified (15 % late, 3 % refused). Members: a company union's are 60 %-95 %
//! of the workplace's covered workers, followed as they come and go; a sector union's are drawn
//! log-normal by kind (medians 400 national, 80 industrial, 45 gremial, 35 various trades; at most
//! 3,000), with 1 %-7 % churn a quarter. Filings: 45 % of unions update their members every three months
//! and their accounts every six, 30 % irregularly, 25 % stop after one or two ([`Diligence`]):
//! about 40 % of registered unions are overdue with their member update on any day. 1.5 % of
//! sector unions are dissolved by a court's ruling (369).
//!
//! **Agreements.** A workplace has had an agreement with probability [`model::coverage`]: 11 %
//! for 0-5 persons up to 80 % for 251 and more, times 1.3-1.6 in manufacturing, mining,
//! transport and utilities and 0.25-0.55 in personal services and retail (halved again for shops
//! of ten persons or fewer; at least the base above 100 persons). 86 % of them predate
//! the reform (deposited mostly 1995-2018); 8 % of workplaces of 101 persons and more have a
//! second one with a gremial union. The union is the workplace's own company union (4 % of units
//! of 11-30 persons to 42 % of 251 and more, and only with 20 covered workers) or a sector union
//! of its branch and state, likelier the larger. A legacy agreement is recorded in the registry
//! in 2019-2021 with its old number, as registered; a legitimization vote is held for 3 % of
//! those of units of 0-5 persons up to 75 % of 251 and more (mostly in 2022 and early 2023):
//! 92 % approve, 5 % reject (terminated), 3 % without a majority (held again in part); the rest
//! lapse and are terminated after 1 May 2023. After a legacy agreement ends, 3 %-45 % of
//! workplaces get an initial agreement, and 14 % of covered workplaces get a first one after the
//! reform: a certificate request with the support of 34 %-75 % of the covered workers (3 %
//! short), sometimes contested by another union and decided by a vote, the approval vote (7 %
//! fail, held again), the deposit and its registration (7 % after the 30 days, 2 % refused), the
//! public version, then revisions. Every year a wage revision and every two a full one (6 % of
//! years none: the agreement is extended, 400), requested 30 or 60 days ahead (12 % late),
//! approved by vote (4 % fail, held again), deposited with the new wage table: raises of about
//! 4 %-5 % before 2019 and 5.5 %-9 % in 2019-2025 ([`model::wage_raise_mean`]), positions
//! overtaken by the minimum wage lifted. 1.9 % of agreements a year end by closure, consent or a
//! court. 3 % are deposited with a clause below the law; 4 % of legacy ones keep the old vacation
//! table after 2023.
//!
//! **Votes.** The call 11 to 15 working days ahead, the roll from the employer's list of the day
//! it is published (trusted employees and leavers excluded by core), one polling station per 400
//! voters; turnout 60 %-95 %; results the same day or within the 3 working days; the outcome
//! applied after the 10 working days for challenges (1.5 % challenged, a fifth founded). Planted
//! anomalies ([`PlantedAnomaly`]): identical counts in two stations (1 % of votes with two),
//! turnout above a station's roll (0.4 %, 60 % of them annulled), unanimity where the roll
//! reaches 100 (2 %), results after the deadline (2 %).
//!
//! **Texts.** Each registered agreement's public version is published from a Spanish draft of
//! 3-15 KB written from its terms ([`texts`]), with the signatories' names and, in an annex, a
//! worker's name, CURP and telephone ([`PlantedPersonalData`]) that core's `redact` removes.

mod agreements;
mod catalogue;
mod certificate;
mod clock;
pub mod model;
mod people;
mod recorder;
mod rules;
mod terms;
#[cfg(test)]
mod tests;
pub mod texts;
mod union_file;
mod votes;

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::law::Law;
use faro_core::registry::{EmployerDraft, SizeBand, WorkplaceDraft};
use faro_core::union::agreement::{self, AgreementKind};
use faro_core::union::registration::{self, UnionType};
use faro_core::union::{RegistrarSettings, UnionRules};
use faro_core::{DomainError, StateCode};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use crate::inspections::{Step, Trail};
pub use catalogue::{PriorRegistration, FEDERATIONS};
pub use certificate::CertificateHistory;
pub use model::{Branch, Diligence};
pub use texts::PlantedPersonalData;
pub use votes::{PlantedAnomaly, VoteHistory};

use agreements::{member_employers, Context};
use catalogue::{Catalogue, Profile};
use recorder::Registrar;
use union_file::{Members, UnionRun};

/// Sector unions per batch of [`UnionRegistryGenerator::sector_unions`].
pub const SECTOR_UNION_BATCH: usize = 500;

/// A workplace and its employer as the registry has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkplaceRow {
    pub employer_id: i64,
    /// The employer's name, with its legal form for a company.
    pub employer_name: String,
    /// Its RFC, or empty when unknown.
    pub employer_rfc: String,
    pub workplace_id: i64,
    pub state: StateCode,
    /// INEGI key of the municipality ("09015").
    pub municipality: String,
    /// SCIAN class, six digits.
    pub scian_class: String,
    pub size_band: SizeBand,
    /// Persons employed, when known (else drawn inside the band).
    pub headcount: Option<u32>,
}

impl WorkplaceRow {
    /// A row from the drafts of a demo batch, with the ids the store gave them.
    pub fn from_drafts(
        employer_id: i64,
        employer: &EmployerDraft,
        workplace_id: i64,
        w: &WorkplaceDraft,
    ) -> WorkplaceRow {
        let name = if employer.legal_form.is_empty() {
            employer.name.clone()
        } else {
            format!("{}, {}", employer.name, employer.legal_form)
        };
        WorkplaceRow {
            employer_id,
            employer_name: name,
            employer_rfc: employer.rfc.clone().unwrap_or_default(),
            workplace_id,
            state: w.state,
            municipality: w.municipality.clone(),
            scian_class: w.scian_class.clone(),
            size_band: w.size_band,
            headcount: w.headcount,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnionsConfig {
    pub seed: u64,
    /// Nothing happens on or after this day.
    pub today: NaiveDate,
    /// Workplaces in the whole registry: the catalogue of sector unions is sized after it.
    pub nation_workplaces: u64,
}

impl UnionsConfig {
    /// The registry of a nation of `nation_workplaces` workplaces as of `today`.
    pub fn new(seed: u64, today: NaiveDate, nation_workplaces: u64) -> UnionsConfig {
        UnionsConfig {
            seed,
            today,
            nation_workplaces,
        }
    }

    /// How many sector unions the nation has.
    pub fn sector_unions(&self) -> usize {
        ((self.nation_workplaces as f64) * model::SECTOR_UNIONS_PER_WORKPLACE)
            .round()
            .max(8.0) as usize
    }
}

/// One union's file.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionHistory {
    /// Unique in the demo: "S17" for a sector union, "E123-1" for a company union of
    /// workplace 123.
    pub key: String,
    pub name: String,
    pub union_type: UnionType,
    pub branch: Branch,
    pub state: StateCode,
    pub federation: Option<String>,
    pub founded_on: NaiveDate,
    /// How it was registered before the reform, and when its file reached the registry.
    pub prior: Option<(PriorRegistration, NaiveDate)>,
    /// A company union's workplace and employer.
    pub workplace_id: Option<i64>,
    pub employer_id: Option<i64>,
    pub diligence: Diligence,
    pub trail: Trail<registration::Command, registration::Event, registration::Union>,
}

impl UnionHistory {
    /// The file's state after its last command.
    pub fn state(&self) -> &registration::Union {
        &self.trail.state
    }

    /// Women and officers in the leadership in office.
    pub fn women_in_leadership(&self) -> (usize, usize) {
        let officers = &self.state().leadership.officers;
        let women = officers
            .iter()
            .filter(|o| union_file::office_held_by_woman(&o.office))
            .count();
        (women, officers.len())
    }
}

/// One collective agreement of a workplace, with the certificate and the votes it needed. The
/// trail is `None` when the union's attempt ended before a deposit (no certificate, the workers
/// did not approve).
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementHistory {
    /// Unique in the demo: "C123-2", the second agreement of workplace 123.
    pub key: String,
    pub workplace_id: i64,
    pub employer_id: i64,
    /// The key of its union (a [`UnionHistory::key`]).
    pub union_key: String,
    pub kind: AgreementKind,
    pub certificate: Option<CertificateHistory>,
    /// Its votes, oldest first: approval, legitimization, revisions, termination.
    pub votes: Vec<VoteHistory>,
    /// The personal data planted in the draft of its public version, if one was published.
    pub planted_personal_data: Option<PlantedPersonalData>,
    pub trail: Option<Trail<agreement::Command, agreement::Event, agreement::Agreement>>,
}

impl AgreementHistory {
    /// The agreement's state, once deposited.
    pub fn state(&self) -> Option<&agreement::Agreement> {
        self.trail.as_ref().map(|t| &t.state)
    }
}

/// What a page of workplaces yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistryPage {
    /// The company unions of the page's workplaces.
    pub unions: Vec<UnionHistory>,
    pub agreements: Vec<AgreementHistory>,
}

/// Mixes the seed, a purpose and an id into the seed of one random stream.
pub(crate) fn stream_seed(seed: u64, purpose: u64, id: i64) -> u64 {
    // SplitMix64 finalizer over the three.
    let mut z = seed
        .wrapping_add(purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add((id as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const SECTOR_HISTORY_STREAM: u64 = 401;
const COMPANY_HISTORY_STREAM: u64 = 402;

/// Generates the union registry. Keeps nothing between calls; `Send + Sync`, so pages can be
/// generated on several threads.
pub struct UnionRegistryGenerator<'l> {
    law: &'l Law,
    rules: UnionRules,
    settings: RegistrarSettings,
    cfg: UnionsConfig,
    catalogue: Catalogue,
    cutoff: DateTime<Utc>,
}

impl<'l> UnionRegistryGenerator<'l> {
    /// A generator for `cfg` with the law `law` and the registrar's default settings (plain
    /// "días" are working days).
    pub fn new(cfg: UnionsConfig, law: &'l Law) -> Result<UnionRegistryGenerator<'l>, DomainError> {
        let catalogue = Catalogue::new(cfg.seed, cfg.sector_unions(), law.catalogs.as_ref(), cfg.today);
        Ok(UnionRegistryGenerator {
            law,
            rules: rules::demo_rules()?,
            settings: RegistrarSettings::default(),
            cfg,
            catalogue,
            cutoff: clock::midnight(cfg.today),
        })
    }

    /// The rules the histories were decided with: the official ones plus the historical
    /// versions of the founding parameters (`unions/rules.rs`). Replaying a history needs them.
    pub fn rules(&self) -> &UnionRules {
        &self.rules
    }

    /// The registrar's settings the histories were decided with (the defaults).
    pub fn settings(&self) -> &RegistrarSettings {
        &self.settings
    }

    /// Nothing happens on or after this instant.
    pub fn cutoff(&self) -> DateTime<Utc> {
        self.cutoff
    }

    fn registrar(&self) -> Registrar<'_> {
        Registrar {
            law: self.law,
            rules: &self.rules,
            settings: &self.settings,
            cutoff: self.cutoff,
        }
    }

    /// How many sector unions [`Self::sector_unions`] yields (refused ones included).
    pub fn sector_union_count(&self) -> usize {
        self.catalogue.unions.len()
    }

    fn history(
        &self,
        profile: &Profile,
        members: Members<'_>,
        stream: u64,
        id: i64,
        namer: &mut people::Namer,
    ) -> Result<Option<UnionHistory>, DomainError> {
        let registrar = self.registrar();
        let run = UnionRun {
            registrar: &registrar,
            cat: self.law.catalogs.as_ref(),
            today: self.cfg.today,
            profile,
            members,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(self.cfg.seed, stream, id));
        let outcome = run.run(&mut rng, namer)?;
        Ok(outcome.trail.map(|trail| UnionHistory {
            key: profile.key.clone(),
            name: profile.name.clone(),
            union_type: profile.kind,
            branch: profile.branch,
            state: profile.state,
            federation: profile.federation.map(str::to_string),
            founded_on: profile.founded_on,
            prior: profile.prior.clone(),
            workplace_id: profile.home_workplace_id,
            employer_id: profile.employer_id,
            diligence: outcome.diligence,
            trail,
        }))
    }

    /// The history of sector union number `index` (0-based), if it ever filed before today.
    pub fn sector_union(&self, index: usize) -> Result<Option<UnionHistory>, DomainError> {
        let Some(profile) = self.catalogue.unions.get(index) else {
            return Ok(None);
        };
        let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(self.cfg.seed, SECTOR_HISTORY_STREAM + 100, index as i64));
        let state_name = self
            .law
            .catalogs
            .state(profile.state)
            .map_or_else(|| profile.state.as_str(), |s| s.short_name.clone());
        let pool = match profile.kind {
            UnionType::NationalIndustry => 30,
            UnionType::Industrial => 12,
            _ => 5,
        };
        let employers = member_employers(&mut rng, profile.branch, &state_name, pool);
        let mut namer = people::Namer::new();
        self.history(
            profile,
            Members::Synthetic { employers },
            SECTOR_HISTORY_STREAM,
            index as i64,
            &mut namer,
        )
    }

    /// The nation's sector unions in batches of [`SECTOR_UNION_BATCH`].
    pub fn sector_unions(&self) -> SectorUnions<'_, 'l> {
        SectorUnions {
            generator: self,
            next: 0,
        }
    }

    /// The agreements of a page of workplaces and the company unions created with them.
    pub fn page(&self, rows: &[WorkplaceRow]) -> Result<RegistryPage, DomainError> {
        let registrar = self.registrar();
        let ctx = Context {
            registrar: &registrar,
            cat: self.law.catalogs.as_ref(),
            catalogue: &self.catalogue,
            seed: self.cfg.seed,
            today: self.cfg.today,
        };
        let mut page = RegistryPage::default();
        for row in rows {
            let y = agreements::workplace(&ctx, row)?;
            let mut namer = people::Namer::new();
            for (k, cu) in y.company_unions.iter().enumerate() {
                let Some(workforce) = y.workforce.as_ref() else {
                    continue;
                };
                let members = Members::Workforce {
                    workforce,
                    employer: &row.employer_name,
                    affiliation: cu.affiliation,
                };
                let id = row.workplace_id.wrapping_mul(8).wrapping_add(k as i64);
                if let Some(h) = self.history(&cu.profile, members, COMPANY_HISTORY_STREAM, id, &mut namer)? {
                    page.unions.push(h);
                }
            }
            page.agreements.extend(y.agreements);
        }
        Ok(page)
    }

    /// Streams pages of workplaces into pages of the registry, in order.
    pub fn pages<'a, I>(&'a self, pages: I) -> impl Iterator<Item = Result<RegistryPage, DomainError>> + 'a
    where
        I: IntoIterator<Item = Vec<WorkplaceRow>>,
        I::IntoIter: 'a,
    {
        pages.into_iter().map(move |rows| self.page(&rows))
    }

    /// Like [`Self::pages`], generating up to `threads` pages at a time on scoped threads; the
    /// pages come out in input order and are the same as [`Self::pages`] gives (each page
    /// depends only on its rows).
    pub fn pages_parallel<'a, I>(&'a self, pages: I, threads: usize) -> ParallelPages<'a, 'l, I::IntoIter>
    where
        I: IntoIterator<Item = Vec<WorkplaceRow>>,
    {
        ParallelPages {
            generator: self,
            input: pages.into_iter(),
            threads: threads.max(1),
            ready: std::collections::VecDeque::new(),
        }
    }
}

/// Pages generated a few at a time on scoped threads. Built by
/// [`UnionRegistryGenerator::pages_parallel`].
pub struct ParallelPages<'g, 'l, I> {
    generator: &'g UnionRegistryGenerator<'l>,
    input: I,
    threads: usize,
    ready: std::collections::VecDeque<Result<RegistryPage, DomainError>>,
}

impl<I: Iterator<Item = Vec<WorkplaceRow>>> Iterator for ParallelPages<'_, '_, I> {
    type Item = Result<RegistryPage, DomainError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            let batch: Vec<Vec<WorkplaceRow>> = self.input.by_ref().take(self.threads).collect();
            if batch.is_empty() {
                return None;
            }
            let generator = self.generator;
            let results: Vec<Result<RegistryPage, DomainError>> = std::thread::scope(|s| {
                let handles: Vec<_> = batch.iter().map(|rows| s.spawn(move || generator.page(rows))).collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(DomainError::new("demo.thread", "a page's generation thread stopped"))
                        })
                    })
                    .collect()
            });
            self.ready.extend(results);
        }
        self.ready.pop_front()
    }
}

/// The sector unions, batch by batch. Built by [`UnionRegistryGenerator::sector_unions`].
pub struct SectorUnions<'g, 'l> {
    generator: &'g UnionRegistryGenerator<'l>,
    next: usize,
}

impl Iterator for SectorUnions<'_, '_> {
    type Item = Result<Vec<UnionHistory>, DomainError>;

    fn next(&mut self) -> Option<Self::Item> {
        let total = self.generator.sector_union_count();
        if self.next >= total {
            return None;
        }
        let end = (self.next + SECTOR_UNION_BATCH).min(total);
        let mut out = Vec::with_capacity(end - self.next);
        for i in self.next..end {
            match self.generator.sector_union(i) {
                Ok(Some(h)) => out.push(h),
                Ok(None) => {}
                Err(e) => {
                    self.next = total;
                    return Some(Err(e));
                }
            }
        }
        self.next = end;
        Some(Ok(out))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self
            .generator
            .sector_union_count()
            .saturating_sub(self.next)
            .div_ceil(SECTOR_UNION_BATCH);
        (left, Some(left))
    }
}
