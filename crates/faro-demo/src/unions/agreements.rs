//! The collective agreements of one workplace, each through core's `agreement` procedure with
//! the votes and the certificate it needs: a legacy agreement recorded with its old number,
//! revised every year, legitimized by a vote before 1 May 2023 or terminated; an initial one
//! after a certificate of representativeness and the workers' approval, registered within the 30
//! days of 390, published, revised every year (wages) and every two (in full), each revision
//! approved by vote; a few end by closure, consent or a court's ruling.

use chrono::{Datelike, NaiveDate};
use faro_core::catalog::{Catalogs, WageZone};
use faro_core::ids::Rfc;
use faro_core::protocol::max_weekly_hours;
use faro_core::union::agreement::{
    current_revision_dates, Agreement, AgreementKind, Command, DepositInput, RevisionKind, Status, TerminationCause,
};
use faro_core::union::minimums::{AgreementDuration, AgreementTerms};
use faro_core::union::registration::{Officer, UnionType};
use faro_core::union::vote::{Outcome, Purpose, VoteRef};
use faro_core::DomainError;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::catalogue::{company_union_name, federation, prior_registration, reform_day, Catalogue, Profile};
use super::certificate::{run_certificate, CertificatePlan, CertificateRun};
use super::clock::{date_between, office_after, office_time, plus, ymd};
use super::model::{self, Branch};
use super::people::{Namer, Workforce, WorkforceSpec};
use super::recorder::{AgreementFile, Recorder, Registrar};
use super::terms::{self, BelowLaw};
use super::texts::{agreement_text, names_in_text, phone, PlantedPersonalData, TextInput};
use super::votes::{run_vote, Intent, VoteHistory, VotePlan};
use super::{stream_seed, AgreementHistory, WorkplaceRow};
use crate::random::{between, chance, index, unit, Cumulative};

const AGREEMENT_STREAM: u64 = 301;
const WORKFORCE_STREAM: u64 = 302;
const WORKPLACE_STREAM: u64 = 303;
const COMPANY_UNION_STREAM: u64 = 304;

/// A workplace as the agreements use it.
pub(crate) struct Place<'a> {
    pub(crate) row: &'a WorkplaceRow,
    pub(crate) branch: Branch,
    pub(crate) zone: WageZone,
    pub(crate) headcount: u32,
    pub(crate) state_name: String,
    pub(crate) municipality: String,
    pub(crate) activity: String,
    /// The employer's RFC if it parses, else empty.
    pub(crate) rfc: String,
}

/// What the run of a workplace shares.
pub(crate) struct Context<'a, 'r> {
    pub(crate) registrar: &'a Registrar<'r>,
    pub(crate) cat: &'a Catalogs,
    pub(crate) catalogue: &'a Catalogue,
    pub(crate) seed: u64,
    pub(crate) today: NaiveDate,
}

/// A company union to create with the workplace's agreements.
pub(crate) struct CompanyUnion {
    pub(crate) profile: Profile,
    pub(crate) affiliation: u64,
}

/// What a workplace yields.
#[derive(Default)]
pub(crate) struct WorkplaceYield {
    pub(crate) agreements: Vec<AgreementHistory>,
    pub(crate) company_unions: Vec<CompanyUnion>,
    pub(crate) workforce: Option<Workforce>,
}

fn sector_code(b: Branch) -> &'static str {
    match b {
        Branch::Agriculture => "11",
        Branch::Mining => "21",
        Branch::Utilities => "22",
        Branch::Construction => "23",
        Branch::Commerce => "46",
        Branch::Transport => "48-49",
        Branch::Media => "51",
        Branch::Finance => "52",
        Branch::BusinessServices => "56",
        Branch::Education => "61",
        Branch::Health => "62",
        Branch::Tourism => "72",
        Branch::OtherServices => "81",
        _ => "31-33",
    }
}

/// A sector union's pool of employers its members work for.
pub(crate) fn member_employers(rng: &mut impl RngCore, b: Branch, state_name: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let name = crate::names::company_name(rng, sector_code(b), state_name);
            format!("{name}, {}", crate::names::legal_form(rng, sector_code(b), ""))
        })
        .collect()
}

impl<'a> Place<'a> {
    pub(crate) fn new(row: &'a WorkplaceRow, cat: &Catalogs, seed: u64) -> Place<'a> {
        let branch = Branch::of_class(&row.scian_class);
        let headcount = match row.headcount {
            Some(h) => h,
            None => {
                let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed, WORKPLACE_STREAM, row.workplace_id));
                crate::industry::headcount(&mut rng, row.size_band)
            }
        }
        .max(1);
        Place {
            row,
            branch,
            zone: terms::zone_of(&row.municipality),
            headcount,
            state_name: cat
                .state(row.state)
                .map_or_else(|| row.state.as_str(), |s| s.short_name.clone()),
            municipality: cat
                .municipality(&row.municipality)
                .map_or_else(|| row.state.as_str(), |m| m.name.clone()),
            activity: cat
                .scian_class(&row.scian_class)
                .map_or_else(|| "servicios".to_string(), |c| c.title.clone()),
            rfc: if Rfc::parse(&row.employer_rfc).is_ok() {
                row.employer_rfc.trim().to_uppercase()
            } else {
                String::new()
            },
        }
    }

    fn trusted_share(&self) -> f64 {
        if self.headcount >= 11 {
            0.1
        } else {
            0.0
        }
    }

    /// Covered workers when the workforce is not followed.
    fn covered_estimate(&self) -> u32 {
        let trusted = (f64::from(self.headcount) * self.trusted_share()).round() as u32;
        self.headcount.saturating_sub(trusted).max(1)
    }

    fn scope(&self) -> String {
        format!(
            "Centro de trabajo de {} en {}, {} (SCIAN {})",
            self.row.employer_name, self.municipality, self.state_name, self.row.scian_class
        )
    }
}

/// The day a legacy agreement was first deposited: mostly between 1995 and 2018.
fn legacy_day(rng: &mut impl RngCore, not_before: NaiveDate) -> NaiveDate {
    let lo = not_before.max(ymd(1975, 1, 1));
    let hi = ymd(2019, 4, 30);
    if lo >= hi {
        return hi;
    }
    // A triangular draw leaning to recent years.
    let span = (hi - lo).num_days().max(1) as f64;
    let x = unit(rng).sqrt();
    plus(lo, (span * x) as i64)
}

/// A legitimization vote's day: few in 2019-2020, most in 2022 and the months before the
/// deadline.
fn legitimization_day(rng: &mut impl RngCore) -> NaiveDate {
    let spans = [
        (ymd(2019, 9, 2), ymd(2019, 12, 15), 0.05),
        (ymd(2020, 1, 10), ymd(2020, 12, 15), 0.1),
        (ymd(2021, 1, 10), ymd(2021, 12, 15), 0.2),
        (ymd(2022, 1, 10), ymd(2022, 12, 15), 0.35),
        (ymd(2023, 1, 9), ymd(2023, 4, 14), 0.3),
    ];
    let c = Cumulative::new(spans.iter().map(|y| y.2));
    let (lo, hi, _) = c.draw(rng).and_then(|i| spans.get(i)).copied().unwrap_or(spans[3]);
    date_between(rng, lo, hi)
}

/// When and with what a public version is published.
#[derive(Clone, Copy)]
struct Publication<'x> {
    on: NaiveDate,
    certificate: Option<&'x str>,
    approval_vote_on: Option<NaiveDate>,
    legacy: Option<(&'x str, NaiveDate)>,
}

/// One agreement's run.
struct Run<'a, 'r, 'p> {
    ctx: &'a Context<'a, 'r>,
    place: &'a Place<'p>,
    key: String,
    rec: Recorder<AgreementFile>,
    votes: Vec<VoteHistory>,
    union: Profile,
    terms: Option<AgreementTerms>,
    planted: Option<PlantedPersonalData>,
    kind: AgreementKind,
    keep_old_vacations: bool,
}

impl<'a, 'r, 'p> Run<'a, 'r, 'p> {
    fn registrar(&self) -> &Registrar<'r> {
        self.ctx.registrar
    }

    fn state(&self) -> Option<&Agreement> {
        self.rec.state()
    }

    fn active(&self) -> bool {
        !self.rec.halted() && self.state().is_some_and(|s| s.status == Status::Registered)
    }

    fn next_vote_key(&self) -> String {
        format!("{}-V{}", self.key, self.votes.len() + 1)
    }

    /// Holds a vote; the reference when its outcome was applied.
    fn vote(
        &mut self,
        rng: &mut impl RngCore,
        workforce: &Workforce,
        purpose: Purpose,
        vote_on: NaiveDate,
        intent: Intent,
    ) -> Result<(Option<VoteRef>, Option<NaiveDate>), DomainError> {
        let plan = VotePlan {
            key: self.next_vote_key(),
            purpose,
            subject: self.key.clone(),
            organizer: self.union.name.clone(),
            options: Vec::new(),
            vote_on,
            intent,
            request_filed_on: None,
        };
        let run = run_vote(self.registrar(), rng, &plan, workforce)?;
        if let Some(h) = run.history {
            self.votes.push(h);
        }
        Ok((run.reference, run.ended_on))
    }

    /// An approval vote, held again (30 to 60 days later) once if it did not approve.
    fn approval(
        &mut self,
        rng: &mut impl RngCore,
        workforce: &Workforce,
        purpose: Purpose,
        vote_on: NaiveDate,
        p_fail: f64,
    ) -> Result<Option<(VoteRef, NaiveDate)>, DomainError> {
        let intent = if chance(rng, p_fail) {
            if chance(rng, 0.6) {
                Intent::NoMajority
            } else {
                Intent::Reject
            }
        } else {
            Intent::Approve
        };
        let (r, ended) = self.vote(rng, workforce, purpose, vote_on, intent)?;
        match (r, ended) {
            (Some(r), Some(e)) if r.outcome == Outcome::Approved => return Ok(Some((r, e))),
            (_, None) => return Ok(None),
            _ => {}
        }
        let again = plus(ended.unwrap_or(vote_on), i64::from(between(rng, 30, 60)));
        let intent = if chance(rng, 0.75) {
            Intent::Approve
        } else {
            Intent::NoMajority
        };
        let (r, ended) = self.vote(rng, workforce, purpose, again, intent)?;
        Ok(match (r, ended) {
            (Some(r), Some(e)) if r.outcome == Outcome::Approved => Some((r, e)),
            _ => None,
        })
    }

    /// The text, published as the public version (391 Bis).
    fn publish(
        &mut self,
        rng: &mut impl RngCore,
        namer: &mut Namer,
        workforce: Option<&Workforce>,
        p: &Publication<'_>,
    ) -> Result<(), DomainError> {
        let Publication {
            on,
            certificate,
            approval_vote_on,
            legacy,
        } = *p;
        let Some((covered, signed_on, effective_from)) =
            self.state().map(|s| (s.covered_workers, s.signed_on, s.effective_from))
        else {
            return Ok(());
        };
        let Some(terms) = self.terms.clone() else { return Ok(()) };
        let worker = match workforce.and_then(|w| {
            let covered: Vec<_> = w.covered_on(on).collect();
            covered.get(index(rng, covered.len().max(1))).map(|x| x.person.clone())
        }) {
            Some(p) => p,
            None => namer.citizen(
                rng,
                None,
                super::clock::plus_years(on, -60),
                super::clock::plus_years(on, -20),
                self.place.row.state,
            )?,
        };
        let planted = PlantedPersonalData {
            name: worker.name,
            curp: worker.curp,
            phone: phone(rng),
        };
        let officers = self.signatories(rng, namer, on)?;
        let representative = namer
            .citizen(
                rng,
                None,
                super::clock::plus_years(on, -65),
                super::clock::plus_years(on, -30),
                self.place.row.state,
            )?
            .name;
        let input = TextInput {
            legacy,
            union_name: &self.union.name,
            union_kind: self.union.kind,
            union_registration: &self.union.registration_number,
            federation: self.union.federation,
            employer_name: &self.place.row.employer_name,
            employer_rfc: &self.place.rfc,
            municipality: &self.place.municipality,
            state_name: &self.place.state_name,
            activity: &self.place.activity,
            covered,
            signed_on,
            effective_from,
            terms: &terms,
            certificate,
            approval_vote_on,
            officers: &officers,
            employer_representative: &representative,
            planted: &planted,
            weekly_hours: max_weekly_hours(on),
        };
        let text = agreement_text(rng, &input);
        let names = names_in_text(&input);
        let at = office_time(rng, on);
        if self
            .rec
            .run(self.ctx.registrar, at, Command::PublishPublicVersion { text, names })?
        {
            self.planted = Some(planted);
        }
        Ok(())
    }

    /// Who signs for the union: the secretary general and two more for a company union; the
    /// section's delegates for a sector union.
    fn signatories(
        &self,
        rng: &mut impl RngCore,
        namer: &mut Namer,
        on: NaiveDate,
    ) -> Result<Vec<Officer>, DomainError> {
        let offices: Vec<String> = if self.union.kind == UnionType::Company {
            vec![
                "Secretario General".into(),
                "Secretario de Trabajo y Conflictos".into(),
                "Secretario de Actas y Acuerdos".into(),
            ]
        } else {
            let section = between(rng, 1, 120);
            vec![
                format!("Secretario General de la Sección {section}"),
                "Delegado sindical".into(),
            ]
        };
        let women = model::leadership_women_share(self.union.branch, on >= reform_day());
        let mut out = Vec::with_capacity(offices.len());
        for office in offices {
            let female = chance(rng, women);
            let c = namer.citizen(
                rng,
                Some(female),
                super::clock::plus_years(on, -62),
                super::clock::plus_years(on, -28),
                self.place.row.state,
            )?;
            let office = if female {
                office
                    .replacen("Secretario", "Secretaria", 1)
                    .replacen("Delegado", "Delegada", 1)
            } else {
                office
            };
            out.push(Officer { name: c.name, office });
        }
        Ok(out)
    }

    /// Revisions every year from the registration until `until`, each requested, voted and
    /// deposited; closures and terminations by consent or a court on the way.
    fn revisions(
        &mut self,
        rng: &mut impl RngCore,
        workforce: &Workforce,
        until: NaiveDate,
    ) -> Result<(), DomainError> {
        let cal = &self.ctx.registrar.law.calendar;
        let mut cursor = self.state().and_then(|s| s.registered_on).unwrap_or(until);
        for _ in 0..40 {
            if !self.active() || cursor >= until {
                break;
            }
            let probe = self.registrar().ctx(office_time(rng, cursor));
            let Some(state) = self.state() else { break };
            let pending = state.pending_request.is_some();
            let Some(dates) = current_revision_dates(&probe, state)? else {
                break;
            };
            let (kind, due) = if dates.full_on <= plus(dates.wage_on, 15) {
                (RevisionKind::Full, dates.full_on)
            } else {
                (RevisionKind::Wage, dates.wage_on)
            };
            if due >= until || due >= self.ctx.today {
                break;
            }
            // Some ends along the way (401).
            let x = unit(rng);
            if x < 0.012 {
                let on = date_between(rng, cursor, due);
                let at = office_after(rng, cal, on, 2, 20);
                self.rec.run(
                    self.ctx.registrar,
                    at,
                    Command::Terminate {
                        cause: TerminationCause::Closure,
                        on,
                        vote: None,
                        reason: "Cierre definitivo del centro de trabajo (LFT 401-III, 434)".into(),
                    },
                )?;
                break;
            }
            if x < 0.016 {
                let on = date_between(rng, cursor, due);
                let (r, ended) = self.vote(rng, workforce, Purpose::Termination, on, Intent::Approve)?;
                if let (Some(r), Some(e)) = (r.filter(|r| r.outcome == Outcome::Approved), ended) {
                    let at = office_after(rng, cal, e, 1, 10);
                    self.rec.run(
                        self.ctx.registrar,
                        at,
                        Command::Terminate {
                            cause: TerminationCause::MutualConsent,
                            on: e,
                            vote: Some(r),
                            reason: "Terminación por mutuo consentimiento aprobada por los trabajadores (LFT 401-I)"
                                .into(),
                        },
                    )?;
                    break;
                }
            }
            if x < 0.019 {
                let on = date_between(rng, cursor, due);
                let at = office_after(rng, cal, on, 5, 30);
                self.rec.run(
                    self.ctx.registrar,
                    at,
                    Command::Terminate {
                        cause: TerminationCause::CourtRuling,
                        on,
                        vote: None,
                        reason: "Resolución del tribunal laboral sobre la titularidad del contrato (LFT 389)".into(),
                    },
                )?;
                break;
            }
            // An agreement nobody asks to revise is extended (400): 6 % of the years.
            if chance(rng, 0.06) {
                cursor = plus(due, 1);
                continue;
            }
            let ahead = match kind {
                RevisionKind::Wage => {
                    if chance(rng, 0.88) {
                        between(rng, 32, 70)
                    } else {
                        between(rng, 5, 28)
                    }
                }
                RevisionKind::Full => {
                    if chance(rng, 0.88) {
                        between(rng, 62, 100)
                    } else {
                        between(rng, 20, 58)
                    }
                }
            };
            if !pending {
                let at = office_time(rng, plus(due, -i64::from(ahead)).max(cursor));
                if !self
                    .rec
                    .run(self.ctx.registrar, at, Command::RequestRevision { kind })?
                {
                    break;
                }
            }
            let vote_on = plus(due, i64::from(between(rng, 0, 40)) - 10);
            let Some((vote, ended)) = self.approval(rng, workforce, Purpose::Revision, vote_on, 0.04)? else {
                cursor = plus(due, 1);
                continue;
            };
            let Some(current) = self.terms.clone() else { break };
            let full = kind == RevisionKind::Full;
            let agreed = vote.held_on;
            let raise = terms::raise(rng, due.year());
            let new_terms = terms::revise(
                rng,
                self.ctx.cat,
                &current,
                agreed.max(due),
                raise,
                full,
                self.keep_old_vacations,
            );
            let at = office_after(rng, cal, ended, 1, 8);
            let ran = self.rec.run(
                self.ctx.registrar,
                at,
                Command::DepositRevision {
                    kind,
                    agreed_on: agreed,
                    effective_from: Some(due),
                    vote,
                    terms: Some(new_terms.clone()),
                },
            )?;
            if !ran {
                break;
            }
            self.terms = Some(new_terms);
            cursor = plus(due, 1);
        }
        Ok(())
    }

    fn finish(self, workplace: &WorkplaceRow, certificate: Option<CertificateRun>) -> AgreementHistory {
        AgreementHistory {
            key: self.key,
            workplace_id: workplace.workplace_id,
            employer_id: workplace.employer_id,
            union_key: self.union.key,
            kind: self.kind,
            certificate: certificate.and_then(CertificateRun::finish),
            votes: self.votes,
            planted_personal_data: self.planted,
            trail: self.rec.finish(),
        }
    }
}

/// Plans and runs the agreements of one workplace.
pub(crate) fn workplace(ctx: &Context<'_, '_>, row: &WorkplaceRow) -> Result<WorkplaceYield, DomainError> {
    let place = Place::new(row, ctx.cat, ctx.seed);
    let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(ctx.seed, WORKPLACE_STREAM, row.workplace_id));
    let mut out = WorkplaceYield::default();
    if !chance(&mut rng, model::coverage(row.size_band, place.branch)) {
        return Ok(out);
    }
    let extra = row.size_band >= faro_core::registry::SizeBand::B101To250 && chance(&mut rng, 0.08);
    let mut namer = Namer::new();
    let mut number = 0u64;
    for k in 0..(1 + usize::from(extra)) {
        number += 1;
        let mut arng = ChaCha8Rng::seed_from_u64(stream_seed(
            ctx.seed.wrapping_add(number.wrapping_mul(0xD6E8_FEB8_6659_FD93)),
            AGREEMENT_STREAM,
            row.workplace_id,
        ));
        let trade = k == 1;
        let legacy = chance(&mut arng, model::LEGACY_SHARE);
        let ended = if legacy {
            legacy_agreement(ctx, &place, &mut arng, &mut namer, &mut out, number, trade)?
        } else {
            Some((
                plus(ymd(2020, 12, 1), i64::from(between(&mut arng, 0, 60))),
                false,
                true,
            ))
        };
        // A new agreement after the legacy one ended, or the workplace's first.
        if let Some((from, rejected, fresh)) = ended {
            let p = if fresh {
                1.0
            } else {
                model::new_agreement_after(row.size_band, rejected)
            };
            if chance(&mut arng, p) {
                number += 1;
                let mut irng = ChaCha8Rng::seed_from_u64(stream_seed(
                    ctx.seed.wrapping_add(number.wrapping_mul(0xD6E8_FEB8_6659_FD93)),
                    AGREEMENT_STREAM,
                    row.workplace_id,
                ));
                let lo = plus(from, 30).max(ymd(2020, 12, 1));
                let hi = plus(ctx.today, -45);
                if lo < hi {
                    let requested = if fresh {
                        date_between(&mut irng, lo, hi)
                    } else {
                        date_between(&mut irng, lo, plus(lo, 400).min(hi))
                    };
                    initial_agreement(ctx, &place, &mut irng, &mut namer, &mut out, number, requested, trade)?;
                }
            }
        }
    }
    Ok(out)
}

/// The workforce of the workplace, generated once.
fn workforce<'w>(
    ctx: &Context<'_, '_>,
    place: &Place<'_>,
    namer: &mut Namer,
    slot: &'w mut Option<Workforce>,
) -> Result<&'w Workforce, DomainError> {
    if slot.is_none() {
        let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(ctx.seed, WORKFORCE_STREAM, place.row.workplace_id));
        let spec = WorkforceSpec {
            slots: place.headcount,
            trusted_share: place.trusted_share(),
            turnover: place.branch.turnover(),
            female_share: place.branch.female_share(),
            from: ymd(2019, 1, 1),
            until: ctx.today,
            state: place.row.state,
        };
        *slot = Some(Workforce::generate(&mut rng, namer, &spec)?);
    }
    match slot.as_ref() {
        Some(w) => Ok(w),
        None => Err(DomainError::new("demo.workforce", "the workforce was not generated")),
    }
}

/// A company union for the workplace, founded on `founded_on`.
fn company_union(
    ctx: &Context<'_, '_>,
    place: &Place<'_>,
    number: u64,
    founded_on: NaiveDate,
    covered: u32,
) -> CompanyUnion {
    let row = place.row;
    let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(
        ctx.seed.wrapping_add(number.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        COMPANY_UNION_STREAM,
        row.workplace_id,
    ));
    let after = founded_on >= reform_day();
    let independent = after && chance(&mut rng, 0.5);
    let name = company_union_name(&mut rng, &row.employer_name, &place.municipality, independent);
    let key = format!("E{}-{number}", row.workplace_id);
    let affiliation = u64::from(between(&mut rng, 60, 95));
    let members = ((f64::from(covered) * affiliation as f64 / 100.0).round() as u32).max(20);
    let federal = matches!(
        place.branch,
        Branch::Mining | Branch::Utilities | Branch::Automotive | Branch::Chemical | Branch::Textile | Branch::Metal
    );
    let (prior, registration_number, available_from) = if after {
        (
            None,
            format!("CFCRL-RS-E{}-{number}/{}", row.workplace_id, founded_on.year()),
            plus(founded_on, 150),
        )
    } else {
        let (p, received) = prior_registration(
            &mut rng,
            ctx.cat,
            founded_on,
            row.state,
            federal,
            &format!("E{}{number}", row.workplace_id),
        );
        let number = p.number.clone();
        let available = p.registered_on;
        (Some((p, received)), number, available)
    };
    CompanyUnion {
        profile: Profile {
            key,
            name,
            kind: UnionType::Company,
            branch: place.branch,
            state: row.state,
            federation: federation(&mut rng, after),
            founded_on,
            available_from,
            registration_number,
            prior,
            members,
            weight: 1.0,
            refused: false,
            dissolves: false,
            home_workplace_id: Some(row.workplace_id),
            employer_id: Some(row.employer_id),
        },
        affiliation,
    }
}

/// The union of an agreement: the workplace's own company union, or a sector union usable on
/// `on`. `None` when the catalogue has none and the workplace is too small for its own.
#[allow(clippy::too_many_arguments)]
fn choose_union(
    ctx: &Context<'_, '_>,
    place: &Place<'_>,
    rng: &mut impl RngCore,
    out: &mut WorkplaceYield,
    number: u64,
    on: NaiveDate,
    founded_hint: NaiveDate,
    trade: bool,
) -> Option<Profile> {
    let band = place.row.size_band;
    let covered = place.covered_estimate();
    let own = covered >= 20 && !trade && chance(rng, model::company_union(band, place.branch));
    if !own {
        let kind = if trade {
            UnionType::Trade
        } else {
            let kinds = model::sector_union_kinds(band);
            let c = Cumulative::new(kinds.iter().map(|k| k.1));
            c.draw(rng)
                .and_then(|i| kinds.get(i))
                .map_or(UnionType::Industrial, |k| k.0)
        };
        if let Some(p) = ctx.catalogue.choose(rng, kind, place.branch, place.row.state, on) {
            return Some(p.clone());
        }
        if covered < 20 {
            return None;
        }
    }
    let union = company_union(ctx, place, number, founded_hint, covered);
    let profile = union.profile.clone();
    out.company_unions.push(union);
    Some(profile)
}

/// A legacy agreement: recorded, perhaps revised and legitimized, else terminated. Returns when
/// it ended (and whether the workers rejected it), for a new agreement to follow.
fn legacy_agreement(
    ctx: &Context<'_, '_>,
    place: &Place<'_>,
    rng: &mut impl RngCore,
    namer: &mut Namer,
    out: &mut WorkplaceYield,
    number: u64,
    trade: bool,
) -> Result<Option<(NaiveDate, bool, bool)>, DomainError> {
    let row = place.row;
    let cal = &ctx.registrar.law.calendar;
    let signed = legacy_day(rng, ymd(1975, 1, 1));
    let founded_hint = plus(signed, -i64::from(between(rng, 10, 700)));
    let Some(union) = choose_union(ctx, place, rng, out, number, signed, founded_hint, trade) else {
        return Ok(None);
    };
    let signed = if union.available_from > signed {
        legacy_day(rng, union.available_from)
    } else {
        signed
    };
    let voted = chance(rng, model::legitimization_vote(row.size_band, place.branch));
    let vote_day = legitimization_day(rng);
    let recorded = if voted {
        plus(vote_day, -i64::from(between(rng, 25, 90))).max(ymd(2019, 8, 1))
    } else {
        date_between(rng, ymd(2019, 8, 1), ymd(2021, 6, 30))
    };
    let needs_workforce = voted || union.kind == UnionType::Company;
    if needs_workforce {
        workforce(ctx, place, namer, &mut out.workforce)?;
    }
    let covered = match out.workforce.as_ref() {
        Some(w) => (w.covered_on(recorded).count() as u32).max(1),
        None => place.covered_estimate(),
    };
    let below = chance(rng, model::BELOW_MINIMUM_SHARE);
    let below_kind = match index(rng, 3) {
        0 => BelowLaw::Wage,
        1 => BelowLaw::Premium,
        _ => BelowLaw::Bonus,
    };
    let duration = if chance(rng, 0.8) {
        AgreementDuration::Indefinite
    } else {
        AgreementDuration::Fixed { months: 24 }
    };
    let terms = terms::initial(
        rng,
        ctx.cat,
        place.branch,
        place.zone,
        place.headcount,
        recorded,
        duration,
        below.then_some(below_kind),
    );
    let key = format!("C{}-{number}", row.workplace_id);
    let abbrev = ctx
        .cat
        .state(row.state)
        .map_or_else(|| row.state.as_str(), |s| s.abbrev.clone());
    let legacy_number = format!("CCT-{abbrev}-{}-{number}/{}", row.workplace_id, signed.year());
    let mut run = Run {
        ctx,
        place,
        key,
        rec: Recorder::new(ctx.registrar.cutoff),
        votes: Vec::new(),
        union: union.clone(),
        terms: Some(terms.clone()),
        planted: None,
        kind: AgreementKind::Legacy,
        // A few keep the old vacation table after the 2023 reform (below the law).
        keep_old_vacations: chance(rng, 0.04),
    };
    let deposit = DepositInput {
        kind: AgreementKind::Legacy,
        union_name: union.name.clone(),
        union_registration: union.registration_number.clone(),
        employer_name: row.employer_name.clone(),
        employer_rfc: place.rfc.clone(),
        scope: place.scope(),
        covered_workers: covered,
        signed_on: signed,
        effective_from: Some(signed),
        duration,
        certificate: None,
        approval: None,
        terms: Some(terms),
        legacy_number: legacy_number.clone(),
        legacy_deposited_on: Some(signed),
    };
    if !run.rec.run(
        ctx.registrar,
        office_time(rng, recorded),
        Command::Deposit {
            input: Box::new(deposit),
        },
    )? {
        out.agreements.push(run.finish(row, None));
        return Ok(None);
    }
    let deadline = run
        .state()
        .and_then(|s| s.legitimization_deadline)
        .unwrap_or(ymd(2023, 5, 1));
    let mut outcome: Option<bool> = None;
    if voted {
        if let Some(w) = out.workforce.as_ref() {
            run.revisions(rng, w, plus(vote_day, -30))?;
            let c = Cumulative::new(model::LEGITIMIZATION_OUTCOMES);
            let mut intent = match c.draw(rng) {
                Some(0) => Intent::Approve,
                Some(1) => Intent::Reject,
                _ => Intent::NoMajority,
            };
            let mut day = vote_day;
            for attempt in 0..2 {
                if !run.active() {
                    break;
                }
                let (r, ended) = run.vote(rng, w, Purpose::Legitimization, day, intent)?;
                let (Some(r), Some(ended)) = (r, ended) else {
                    // Annulled or cut off: another try before the deadline.
                    day = plus(ended.unwrap_or(day), i64::from(between(rng, 40, 90)));
                    if day > plus(deadline, -20) || attempt > 0 || ended.is_none() {
                        break;
                    }
                    continue;
                };
                if r.held_on > deadline {
                    break;
                }
                let at = office_after(rng, cal, ended, 1, 10);
                if !run
                    .rec
                    .run(ctx.registrar, at, Command::RecordLegitimization { vote: r.clone() })?
                {
                    break;
                }
                match r.outcome {
                    Outcome::Approved => {
                        outcome = Some(true);
                        break;
                    }
                    Outcome::Rejected => {
                        outcome = Some(false);
                        break;
                    }
                    _ => {
                        day = plus(ended, i64::from(between(rng, 45, 100)));
                        if day > plus(deadline, -20) || !chance(rng, 0.6) {
                            break;
                        }
                        intent = Intent::Approve;
                    }
                }
            }
        }
    }
    match outcome {
        Some(true) => {
            let legitimized_on = run.rec.last_at().map_or(deadline, |t| t.date_naive());
            if chance(rng, 0.9) {
                let on = super::clock::working_days_after(cal, legitimized_on, between(rng, 3, 40));
                let wf = out.workforce.as_ref();
                let approval = run.state().and_then(|s| match &s.legitimization {
                    faro_core::union::agreement::Legitimization::Legitimized { on, .. } => Some(*on),
                    _ => None,
                });
                let p = Publication {
                    on,
                    certificate: None,
                    approval_vote_on: approval,
                    legacy: Some((&legacy_number, signed)),
                };
                run.publish(rng, namer, wf, &p)?;
            }
            if let Some(w) = out.workforce.as_ref() {
                run.revisions(rng, w, ctx.today)?;
            }
            let ended = run
                .state()
                .filter(|s| s.status == Status::Terminated)
                .and_then(|s| s.ended_at)
                .map(|t| (t.date_naive(), false, false));
            out.agreements.push(run.finish(row, None));
            Ok(ended)
        }
        Some(false) => {
            let ended = run.rec.last_at().map(|t| (t.date_naive(), true, false));
            out.agreements.push(run.finish(row, None));
            Ok(ended)
        }
        None => {
            // Not legitimized by the deadline: terminated (Transitory 11th).
            let day = date_between(rng, plus(deadline, 1), plus(deadline, 150));
            let at = office_time(rng, day);
            let on = plus(deadline, 1);
            let ran = run.active()
                && run.rec.run(
                    ctx.registrar,
                    at,
                    Command::Terminate {
                        cause: TerminationCause::LegitimizationLapsed,
                        on,
                        vote: None,
                        reason: "El contrato no fue legitimado por la mayoría de los trabajadores dentro del plazo del artículo décimo primero transitorio del decreto de 1 de mayo de 2019".into(),
                    },
                )?;
            let ended = ran.then_some((on, false, false));
            out.agreements.push(run.finish(row, None));
            Ok(ended)
        }
    }
}

/// An initial agreement: certificate, approval, deposit, registration, public version,
/// revisions.
#[allow(clippy::too_many_arguments)]
fn initial_agreement(
    ctx: &Context<'_, '_>,
    place: &Place<'_>,
    rng: &mut impl RngCore,
    namer: &mut Namer,
    out: &mut WorkplaceYield,
    number: u64,
    requested: NaiveDate,
    trade: bool,
) -> Result<(), DomainError> {
    let row = place.row;
    let cal = &ctx.registrar.law.calendar;
    let founded_hint = plus(requested, -i64::from(between(rng, 160, 500)));
    let Some(union) = choose_union(ctx, place, rng, out, number, requested, founded_hint, trade) else {
        return Ok(());
    };
    let rival = if chance(rng, 0.04) {
        ctx.catalogue
            .choose(rng, UnionType::VariousTrades, place.branch, row.state, requested)
            .filter(|r| r.name != union.name)
            .cloned()
    } else {
        None
    };
    workforce(ctx, place, namer, &mut out.workforce)?;
    let Some(w) = out.workforce.as_ref() else { return Ok(()) };
    let key = format!("C{}-{number}", row.workplace_id);
    let plan = CertificatePlan {
        key: format!("{key}-R"),
        union: &union,
        rival: rival.as_ref(),
        employer_name: &row.employer_name,
        employer_rfc: &place.rfc,
        workplace: &place.scope(),
        activity: &place.activity,
        requested_on: requested,
    };
    let mut certificate = run_certificate(ctx.registrar, rng, &plan, w)?;
    let mut run = Run {
        ctx,
        place,
        key,
        rec: Recorder::new(ctx.registrar.cutoff),
        votes: Vec::new(),
        union: union.clone(),
        terms: None,
        planted: None,
        kind: AgreementKind::Initial,
        keep_old_vacations: false,
    };
    let Some((cert, rival_won)) = certificate.certificate.clone() else {
        out.agreements.push(run.finish(row, Some(certificate)));
        return Ok(());
    };
    if rival_won {
        if let Some(r) = rival {
            run.union = r;
        }
    }
    let signed = date_between(rng, plus(cert.issued_on, 20), plus(cert.issued_on, 110)).min(cert.valid_until);
    let vote_on = plus(signed, i64::from(between(rng, 14, 40)));
    let approved = run.approval(rng, w, Purpose::InitialAgreement, vote_on, 0.07)?;
    let Some((vote, ended)) = approved else {
        certificate.expire(ctx.registrar, rng)?;
        out.agreements.push(run.finish(row, Some(certificate)));
        return Ok(());
    };
    let deposited = office_after(rng, cal, ended, 1, 12);
    let covered = (w.covered_on(deposited.date_naive()).count() as u32).max(1);
    let below = chance(rng, model::BELOW_MINIMUM_SHARE);
    let below_kind = match index(rng, 3) {
        0 => BelowLaw::Wage,
        1 => BelowLaw::Premium,
        _ => BelowLaw::Bonus,
    };
    let duration = match index(rng, 10) {
        0..=5 => AgreementDuration::Indefinite,
        6..=8 => AgreementDuration::Fixed { months: 24 },
        _ => AgreementDuration::Fixed { months: 12 },
    };
    let terms = terms::initial(
        rng,
        ctx.cat,
        place.branch,
        place.zone,
        place.headcount,
        deposited.date_naive(),
        duration,
        below.then_some(below_kind),
    );
    run.terms = Some(terms.clone());
    let deposit = DepositInput {
        kind: AgreementKind::Initial,
        union_name: run.union.name.clone(),
        union_registration: run.union.registration_number.clone(),
        employer_name: row.employer_name.clone(),
        employer_rfc: place.rfc.clone(),
        scope: place.scope(),
        covered_workers: covered,
        signed_on: signed,
        effective_from: if chance(rng, 0.4) { Some(signed) } else { None },
        duration,
        certificate: Some(cert.clone()),
        approval: Some(vote.clone()),
        terms: Some(terms),
        legacy_number: String::new(),
        legacy_deposited_on: None,
    };
    if !run.rec.run(
        ctx.registrar,
        deposited,
        Command::Deposit {
            input: Box::new(deposit),
        },
    )? {
        certificate.expire(ctx.registrar, rng)?;
        out.agreements.push(run.finish(row, Some(certificate)));
        return Ok(());
    }
    let x = unit(rng);
    let decided = if x < 0.07 {
        office_after(rng, cal, deposited.date_naive(), 24, 40)
    } else {
        office_after(rng, cal, deposited.date_naive(), 4, 22)
    };
    let command = if x > 0.98 {
        Command::Refuse {
            reason: "El contrato depositado no corresponde al centro de trabajo señalado en la constancia de representatividad".into(),
        }
    } else {
        Command::Register {
            registration_number: format!("CFCRL-CCT-{}", run.key),
        }
    };
    let registered = run.rec.run(ctx.registrar, decided, command)?;
    certificate.expire(ctx.registrar, rng)?;
    if registered && run.active() {
        let on = super::clock::working_days_after(cal, decided.date_naive(), between(rng, 1, 15));
        let p = Publication {
            on,
            certificate: Some(&cert.id),
            approval_vote_on: Some(vote.held_on),
            legacy: None,
        };
        run.publish(rng, namer, Some(w), &p)?;
        run.revisions(rng, w, ctx.today)?;
    }
    out.agreements.push(run.finish(row, Some(certificate)));
    Ok(())
}
