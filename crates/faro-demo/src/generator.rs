//! The streaming generator: batches of workplaces with their employers, drawn from one seeded
//! random stream so that the same seed and size give the same nation.

use chrono::{Days, NaiveDate};
use faro_core::catalog::Catalogs;
use faro_core::registry::{employer_key, EmployerDraft, PersonKind, RegistryBatch, SizeBand, WorkplaceDraft};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::address;
use crate::chains::{Chains, CHAIN_SHARE, HOME_SHARE};
use crate::geo::{municipality_center, point_near, MunicipalityPicker};
use crate::industry::{headcount, ClassPlan, Industry, SizeProfile};
use crate::names;
use crate::random::{below, chance, index};
use crate::rfc::{company_letters, individual_letters, make, RfcSequence};
use crate::{DemoConfig, BATCH_SIZE, SOURCE};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A uniform date in `lo..=hi` (`lo` if the range is empty).
fn date_between(rng: &mut ChaCha8Rng, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    let days = (hi - lo).num_days();
    if days <= 0 {
        return lo;
    }
    lo + Days::new(below(rng, days as u64 + 1))
}

/// Probability that a workplace outside chains belongs to a company rather than to an
/// individual, by size band.
fn company_probability(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 => 0.06,
        SizeBand::B6To10 => 0.3,
        SizeBand::B11To30 => 0.65,
        SizeBand::B31To50 => 0.85,
        _ => 0.95,
    }
}

/// A chain's employer, registered with the chain's first workplace.
#[derive(Debug, Clone)]
struct ChainEmployer {
    key: String,
    draft: EmployerDraft,
    emitted: bool,
}

/// The demo nation, batch by batch. Built by [`crate::generate`].
#[derive(Debug, Clone)]
pub struct DemoGenerator<'c> {
    cat: &'c Catalogs,
    total: u64,
    produced: u64,
    rng: ChaCha8Rng,
    industry: Industry,
    municipalities: MunicipalityPicker,
    centers: Vec<(f64, f64, f64)>,
    chains: Chains,
    chain_employers: Vec<ChainEmployer>,
    individuals: RfcSequence,
    companies: RfcSequence,
    first_registration: NaiveDate,
    last_registration: NaiveDate,
}

impl<'c> DemoGenerator<'c> {
    pub(crate) fn new(cfg: &DemoConfig, cat: &'c Catalogs) -> DemoGenerator<'c> {
        let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
        let industry = Industry::new(cat);
        let chains = Chains::new(&mut rng, cat, &industry, cfg.workplaces);
        let individuals = RfcSequence::new(ymd(1950, 1, 1), ymd(2000, 12, 31), rng_salt(&mut rng));
        let mut companies = RfcSequence::new(ymd(1960, 1, 1), ymd(2024, 12, 31), rng_salt(&mut rng));
        let chain_employers = chains
            .chains
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (date, homonym) = companies.next_pair();
                let rfc = make(&company_letters(&c.company), date, &homonym);
                let draft = EmployerDraft {
                    rfc: rfc.map(|r| r.as_str().to_string()),
                    name: c.company.clone(),
                    legal_form: c.legal_form.to_string(),
                    person_kind: PersonKind::LegalEntity,
                };
                ChainEmployer {
                    key: employer_key(&draft, &format!("{SOURCE}:chain:{i}")),
                    draft,
                    emitted: false,
                }
            })
            .collect();
        DemoGenerator {
            cat,
            total: cfg.workplaces,
            produced: 0,
            rng,
            industry,
            municipalities: MunicipalityPicker::new(cat),
            centers: cat.municipalities().iter().map(municipality_center).collect(),
            chains,
            chain_employers,
            individuals,
            companies,
            first_registration: ymd(2010, 1, 1),
            last_registration: ymd(2025, 12, 31),
        }
    }

    /// Number of workplaces still to come.
    pub fn remaining(&self) -> u64 {
        self.total - self.produced
    }

    /// Adds workplace number `n` (and its employer, when new) to the batch.
    fn add_workplace(&mut self, n: u64, batch: &mut RegistryBatch) {
        let source_key = format!("{SOURCE}:{n}");
        let chain = if chance(&mut self.rng, CHAIN_SHARE) {
            self.chains.draw(&mut self.rng)
        } else {
            None
        };
        let (plan, profile, home) = match chain.and_then(|c| self.chains.chains.get(c)) {
            Some(c) => (c.plan.clone(), c.profile, c.home),
            None => match self.industry.draw(&mut self.rng) {
                Some(p) => (p.clone(), p.profile, None),
                None => return,
            },
        };
        let muni_index = match home {
            Some(state) if chance(&mut self.rng, HOME_SHARE) => {
                self.municipalities.in_state(&mut self.rng, self.cat, state)
            }
            _ => self.municipalities.national(&mut self.rng),
        };
        let Some(m) = muni_index.and_then(|i| self.cat.municipalities().get(i)) else {
            return;
        };
        let Some(class) = self.cat.scian_classes().get(plan.class) else {
            return;
        };
        let band = self.industry.band(&mut self.rng, profile);
        let persons = headcount(&mut self.rng, band);
        let industrial = profile == SizeProfile::Industrial;
        let place = address::place(&mut self.rng, self.cat, m, industrial);
        let street = address::street(&mut self.rng, industrial);
        let exterior_number = address::exterior_number(&mut self.rng);
        let center = muni_index
            .and_then(|i| self.centers.get(i))
            .copied()
            .unwrap_or((19.43, -99.13, 0.02));
        let (latitude, longitude) = point_near(&mut self.rng, center);

        let (employer_key, name, founded) = match chain {
            Some(c) => self.chain_workplace(c, m, &place, industrial, batch),
            None => self.own_employer(&plan, band, m, &place, &source_key, batch),
        };
        let earliest = founded.max(self.first_registration);
        let registered_on = date_between(&mut self.rng, earliest, self.last_registration);
        batch.workplaces.push((
            employer_key,
            WorkplaceDraft {
                source_key,
                name,
                denue_id: None,
                street,
                exterior_number,
                settlement: place.settlement,
                postal_code: place.postal_code,
                locality: place.locality,
                state: m.state,
                municipality: m.cvegeo.clone(),
                scian_class: class.code.clone(),
                size_band: band,
                headcount: Some(persons),
                latitude: Some(latitude),
                longitude: Some(longitude),
                registered_on: Some(registered_on),
            },
        ));
    }

    /// A unit of chain `c`: emits the chain's employer the first time. Returns the employer key,
    /// the workplace's name and the earliest registration date.
    fn chain_workplace(
        &mut self,
        c: usize,
        m: &faro_core::catalog::Municipality,
        place: &address::Place,
        industrial: bool,
        batch: &mut RegistryBatch,
    ) -> (String, String, NaiveDate) {
        let brand = self.chains.chains.get(c).map_or("Tiendas", |ch| ch.brand.as_str());
        let spot = if place.settlement.is_empty() {
            m.name.as_str()
        } else {
            place.settlement.as_str()
        };
        let name = if industrial {
            format!("{brand} Planta {}", m.name)
        } else {
            match index(&mut self.rng, 10) {
                0..=4 => format!("{brand} {spot}"),
                5..=7 => format!("{brand} Sucursal {spot}"),
                _ => format!("{brand} {}", m.name),
            }
        };
        let Some(employer) = self.chain_employers.get_mut(c) else {
            return (String::new(), name, self.first_registration);
        };
        if !employer.emitted {
            employer.emitted = true;
            batch.employers.push((employer.key.clone(), employer.draft.clone()));
        }
        (employer.key.clone(), name, self.first_registration)
    }

    /// A workplace's own new employer: a company for larger units, an individual for most small
    /// ones. Returns the employer key, the workplace's name and the employer's founding (or
    /// coming of age) date.
    fn own_employer(
        &mut self,
        plan: &ClassPlan,
        band: SizeBand,
        m: &faro_core::catalog::Municipality,
        place: &address::Place,
        source_key: &str,
        batch: &mut RegistryBatch,
    ) -> (String, String, NaiveDate) {
        let rng = &mut self.rng;
        let class_code = self.cat.scian_classes().get(plan.class).map_or("", |c| c.code.as_str());
        // Associations (SCIAN 813) are always legal entities (A.C.).
        let association = class_code.starts_with("813");
        let (draft, name, founded) = if association || chance(rng, company_probability(band)) {
            let state = self.cat.state(m.state).map_or("", |s| s.short_name.as_str());
            let company = names::company_name(rng, if association { "813" } else { plan.sector }, state);
            let legal_form = names::legal_form(rng, plan.sector, class_code);
            let (date, homonym) = self.companies.next_pair();
            let rfc = make(&company_letters(&company), date, &homonym);
            // Small units carry a trade name; larger ones often the company's own.
            let spot = if place.settlement.is_empty() {
                m.name.as_str()
            } else {
                place.settlement.as_str()
            };
            let name = match plan.profile {
                SizeProfile::Micro | SizeProfile::Small => names::trade_name(rng, plan.nouns, spot),
                _ if chance(rng, 0.4) => names::trade_name(rng, plan.nouns, spot),
                _ => company.clone(),
            };
            let draft = EmployerDraft {
                rfc: rfc.map(|r| r.as_str().to_string()),
                name: company,
                legal_form: legal_form.to_string(),
                person_kind: PersonKind::LegalEntity,
            };
            (draft, name, date)
        } else {
            let owner = names::person(rng);
            let spot = if place.settlement.is_empty() {
                m.name.as_str()
            } else {
                place.settlement.as_str()
            };
            let name = names::small_business_name(rng, plan.nouns, &owner, spot);
            let (birth, homonym) = self.individuals.next_pair();
            let rfc = make(&individual_letters(&owner), birth, &homonym);
            let draft = EmployerDraft {
                rfc: rfc.map(|r| r.as_str().to_string()),
                name: owner.full_name(),
                legal_form: String::new(),
                person_kind: PersonKind::Individual,
            };
            let adult = birth.checked_add_days(Days::new(18 * 365 + 5)).unwrap_or(birth);
            (draft, name, adult)
        };
        let key = employer_key(&draft, source_key);
        batch.employers.push((key.clone(), draft));
        (key, name, founded)
    }
}

fn rng_salt(rng: &mut ChaCha8Rng) -> u64 {
    below(rng, u64::MAX)
}

impl Iterator for DemoGenerator<'_> {
    type Item = RegistryBatch;

    fn next(&mut self) -> Option<RegistryBatch> {
        if self.produced >= self.total {
            return None;
        }
        let size = self.remaining().min(BATCH_SIZE as u64);
        let mut batch = RegistryBatch {
            source: SOURCE.to_string(),
            employers: Vec::with_capacity(size as usize),
            workplaces: Vec::with_capacity(size as usize),
        };
        for _ in 0..size {
            self.produced += 1;
            self.add_workplace(self.produced, &mut batch);
        }
        Some(batch)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let batches = self.remaining().div_ceil(BATCH_SIZE as u64) as usize;
        (batches, Some(batches))
    }
}
