//! What one request is: when and how it is filed, by whom, about what, and the form it sends
//! (684-C): the parties, the workplace and the objects.

use chrono::{DateTime, Days, NaiveDate, Utc};
use faro_core::catalog::{Money, WageZone};
use faro_core::conciliation::{
    Channel, ExemptMatter, FederalFlags, Object, PartyInput, PartyRole, PersonKind, PriorityNeed, RepresentativeInput,
    RequestInput, WorkplaceInput,
};
use faro_core::ids::Rfc;
use faro_core::registry::SizeBand;
use faro_core::settlement::Termination;
use faro_core::{DomainError, StateCode};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::{self, plus_days};
use super::parties::{self, EmployerFacts, Worker};
use super::texts;
use crate::random::{below, between, chance, unit};

/// A workplace as the conciliation generator uses it.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) id: i64,
    pub(crate) employer_id: i64,
    pub(crate) state: StateCode,
    pub(crate) state_name: String,
    /// The SCIAN class, when the catalog has it (else the request gives none).
    pub(crate) scian: Option<String>,
    pub(crate) band: SizeBand,
    pub(crate) employer: EmployerFacts,
    /// The employer's RFC, when it parses and fits its kind.
    pub(crate) employer_rfc: String,
    /// The minimum-wage zone: the northern border zone for Baja California (the zone covers the
    /// border municipalities; the demo does not know the municipality and takes the state).
    pub(crate) zone: WageZone,
}

impl Place {
    /// The employer's RFC if it is valid and fits the employer's kind.
    pub(crate) fn checked_rfc(employer: &EmployerFacts) -> String {
        match Rfc::parse(&employer.rfc) {
            Ok(c) if c.value.is_legal_entity() == employer.legal_entity => c.value.as_str().to_string(),
            _ => String::new(),
        }
    }
}

/// The employment a request is about, for the convenio's amounts.
#[derive(Debug, Clone)]
pub(crate) struct Employment {
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
    pub(crate) daily_wage: Money,
    pub(crate) integrated_wage: Money,
    pub(crate) termination: Termination,
    pub(crate) reinstatement_refused: bool,
    pub(crate) unpaid_wage_days: u32,
}

/// One request: who files it, when, how, about what.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) filed_at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) fast_track: bool,
    pub(crate) by_employer: bool,
    /// Filed at the centre that is not competent, and forwarded.
    pub(crate) wrong_centre: bool,
    /// The employer is named only by the workplace's address (684-C, last paragraph).
    pub(crate) employer_unnamed: bool,
    pub(crate) objects: Vec<Object>,
    pub(crate) object_detail: String,
    pub(crate) exemption: Option<ExemptMatter>,
    pub(crate) priority: Vec<PriorityNeed>,
    pub(crate) revictimization_risk: bool,
    pub(crate) worker: Worker,
    pub(crate) employment: Employment,
}

/// The object of a worker's request, then what it adds: dismissal is the most common.
fn worker_objects(rng: &mut impl RngCore) -> (Vec<Object>, String) {
    use Object::*;
    let x = unit(rng);
    let primary = match x {
        x if x < 0.62 => Dismissal,
        x if x < 0.72 => Benefits,
        x if x < 0.8 => UnpaidWages,
        x if x < 0.86 => Rescission,
        x if x < 0.89 => Overtime,
        x if x < 0.92 => Vacation,
        x if x < 0.95 => ChristmasBonus,
        x if x < 0.97 => SeniorityPremium,
        x if x < 0.99 => ProfitSharing,
        _ => Other,
    };
    let mut objects = vec![primary];
    if matches!(primary, Dismissal | Rescission) {
        for (o, p) in [
            (ChristmasBonus, 0.45),
            (Vacation, 0.4),
            (UnpaidWages, 0.2),
            (SeniorityPremium, 0.1),
            (ProfitSharing, 0.08),
            (Overtime, 0.08),
        ] {
            if chance(rng, p) {
                objects.push(o);
            }
        }
    } else if chance(rng, 0.2) {
        objects.push(Benefits);
    }
    let detail = if primary == Other {
        texts::other_object(rng).to_string()
    } else {
        String::new()
    };
    (objects, detail)
}

/// A matter of 685 Ter a requester claims: discrimination and harassment most often.
fn exempt_matter(rng: &mut impl RngCore) -> ExemptMatter {
    let x = unit(rng);
    match x {
        x if x < 0.55 => ExemptMatter::Discrimination,
        x if x < 0.8 => ExemptMatter::SocialSecurity,
        x if x < 0.92 => ExemptMatter::BeneficiaryDesignation,
        x if x < 0.96 => ExemptMatter::FreedomOfAssociation,
        x if x < 0.98 => ExemptMatter::ForcedLabor,
        _ => ExemptMatter::ChildLabor,
    }
}

fn priority(rng: &mut impl RngCore, worker: &Worker, state: StateCode, on: NaiveDate) -> Vec<PriorityNeed> {
    let mut out = Vec::new();
    if chance(rng, 0.01) {
        out.push(PriorityNeed::Interpreter {
            language: texts::language(rng, state.number()).to_string(),
        });
    }
    if chance(rng, 0.012) {
        out.push(PriorityNeed::Disability);
    }
    if worker.person.female && chance(rng, 0.025) {
        out.push(PriorityNeed::Pregnancy);
    }
    if on.years_since(worker.birth).is_some_and(|age| age >= 60) {
        out.push(PriorityNeed::OlderAdult);
    }
    out
}

/// The daily wage as a multiple of the minimum wage: most near it, a tail to eight times.
fn wage_factor(rng: &mut impl RngCore, band: SizeBand) -> f64 {
    let x = unit(rng);
    let base = match x {
        x if x < 0.35 => 1.0 + 0.2 * unit(rng),
        x if x < 0.75 => 1.2 + 0.8 * unit(rng),
        x if x < 0.95 => 2.0 + 2.0 * unit(rng),
        _ => 4.0 + 4.0 * unit(rng),
    };
    if band >= SizeBand::B51To100 {
        base * 1.15
    } else {
        base
    }
}

/// Years of service: many short relations, a tail of long ones.
fn service_days(rng: &mut impl RngCore) -> u64 {
    let x = unit(rng);
    let years = match x {
        x if x < 0.4 => unit(rng),
        x if x < 0.7 => 1.0 + 2.0 * unit(rng),
        x if x < 0.9 => 3.0 + 7.0 * unit(rng),
        _ => 10.0 + 20.0 * unit(rng),
    };
    (years * 365.25) as u64 + 7
}

fn employment(
    rng: &mut impl RngCore,
    law_minimum: impl Fn(NaiveDate) -> Option<Money>,
    objects: &[Object],
    by_employer: bool,
    worker: &Worker,
    band: SizeBand,
    filed_on: NaiveDate,
) -> Result<Employment, DomainError> {
    let primary = objects.first().copied().unwrap_or(Object::Other);
    let (termination, back) = match primary {
        _ if by_employer => (Termination::Resignation, between(rng, 0, 20)),
        // LFT 518: a dismissed worker has two months to act; most come within weeks.
        Object::Dismissal => (Termination::UnjustifiedDismissal, between(rng, 1, 55)),
        Object::Rescission => (Termination::RescissionByWorker, between(rng, 1, 28)),
        _ => (Termination::Resignation, between(rng, 0, 120)),
    };
    let end = filed_on
        .checked_sub_days(Days::new(u64::from(back)))
        .unwrap_or(filed_on);
    let earliest = worker
        .birth
        .checked_add_days(Days::new(16 * 366))
        .unwrap_or(end)
        .min(end);
    let start = end
        .checked_sub_days(Days::new(service_days(rng)))
        .unwrap_or(end)
        .max(earliest);
    let minimum = law_minimum(end)
        .ok_or_else(|| DomainError::new("demo.no_minimum_wage", format!("no minimum wage in force on {end}")))?;
    let daily = Money::from_centavos((minimum.centavos() as f64 * wage_factor(rng, band)).round() as i64);
    // The integrated wage adds at least the aguinaldo and the vacation premium (LFT 84, 89).
    let integrated = daily.mul_ratio(1_052, 1_000).unwrap_or(daily).max(daily);
    Ok(Employment {
        start,
        end,
        daily_wage: daily,
        integrated_wage: integrated,
        termination,
        reinstatement_refused: termination == Termination::UnjustifiedDismissal && chance(rng, 0.15),
        unpaid_wage_days: if objects.contains(&Object::UnpaidWages) || chance(rng, 0.15) {
            between(rng, 1, 15)
        } else {
            0
        },
    })
}

/// The probability that a request is filed at the centre that is not competent.
fn wrong_centre_share(federal: bool) -> f64 {
    if federal {
        model::WRONG_CENTRE_FEDERAL_MATTER
    } else {
        model::WRONG_CENTRE_LOCAL_MATTER
    }
}

/// Draws one request filed on `day` about `place`, whose competent centre is federal or not.
pub(crate) fn plan(
    rng: &mut impl RngCore,
    place: &Place,
    day: NaiveDate,
    federal: bool,
    is_working_day: impl Fn(NaiveDate) -> bool,
    next_working_day: impl Fn(NaiveDate) -> NaiveDate,
    law_minimum: impl Fn(NaiveDate) -> Option<Money>,
) -> Result<Plan, DomainError> {
    // Every draw is made whatever the employer's kind, so that the registry's employer changes
    // the names in the requests and not their course (only companies file).
    let by_employer = chance(rng, model::employer_share(place.band)) && place.employer.legal_entity;
    let joint = !by_employer && chance(rng, model::JOINT_SHARE);
    let online = !joint && chance(rng, model::ONLINE_SHARE);
    let channel = if joint {
        Channel::Joint
    } else if online {
        Channel::Online
    } else {
        Channel::Counter
    };
    // Online forms any day; at the counter, the next working day.
    let filed_day = if online || is_working_day(day) {
        day
    } else {
        next_working_day(day)
    };
    let filed_at = if online {
        super::clock::online_time(rng, filed_day)
    } else {
        super::clock::office_time(rng, filed_day)
    };
    let fast_track = !by_employer && !joint && chance(rng, model::FAST_TRACK_SHARE);
    let (objects, object_detail) = if by_employer {
        (vec![Object::Other], texts::employer_object(rng).to_string())
    } else {
        worker_objects(rng)
    };
    let exemption = (!by_employer && !joint && chance(rng, model::EXEMPT_AT_FILING)).then(|| exempt_matter(rng));
    let worker = parties::worker(rng, place.state, &place.state_name, filed_day)?;
    let priority = if by_employer {
        Vec::new()
    } else {
        priority(rng, &worker, place.state, filed_day)
    };
    let employment = employment(rng, law_minimum, &objects, by_employer, &worker, place.band, filed_day)?;
    Ok(Plan {
        filed_at,
        channel,
        fast_track,
        by_employer,
        wrong_centre: !joint && chance(rng, wrong_centre_share(federal)),
        employer_unnamed: chance(rng, 0.1) && !by_employer && !joint && !place.employer.legal_entity,
        revictimization_risk: exemption == Some(ExemptMatter::Discrimination) || chance(rng, 0.003),
        objects,
        object_detail,
        exemption,
        priority,
        worker,
        employment,
    })
}

fn worker_party(rng: &mut impl RngCore, w: &Worker, requester: bool) -> PartyInput {
    let representative = if requester {
        parties::worker_representative(rng).map(|(name, capacity)| RepresentativeInput {
            name,
            curp: String::new(),
            capacity: capacity.to_string(),
        })
    } else {
        None
    };
    PartyInput {
        kind: Some(PersonKind::Individual),
        name: w.name(),
        curp: w.curp.clone(),
        rfc: String::new(),
        address: w.address.clone(),
        representative,
    }
}

fn employer_party(rng: &mut impl RngCore, place: &Place, plan: &Plan) -> Result<PartyInput, DomainError> {
    let e = &place.employer;
    // The representative's own stream: one draw whatever the employer, so that the registry's
    // employer does not change what follows.
    let rep_seed = rng.next_u64();
    if plan.employer_unnamed {
        return Ok(PartyInput {
            kind: None,
            name: String::new(),
            curp: String::new(),
            rfc: String::new(),
            address: e.address.clone(),
            representative: None,
        });
    }
    let representative = if plan.by_employer && e.legal_entity {
        let mut rep_rng = ChaCha8Rng::seed_from_u64(rep_seed);
        let (name, curp) = parties::company_representative(&mut rep_rng, place.state, plan.filed_at.date_naive())?;
        Some(RepresentativeInput {
            name,
            curp,
            capacity: "Apoderado legal".to_string(),
        })
    } else {
        None
    };
    Ok(PartyInput {
        kind: Some(if e.legal_entity {
            PersonKind::LegalEntity
        } else {
            PersonKind::Individual
        }),
        name: e.name.clone(),
        curp: String::new(),
        rfc: place.employer_rfc.clone(),
        address: e.address.clone(),
        representative,
    })
}

/// The form of a request.
pub(crate) fn input(rng: &mut impl RngCore, place: &Place, plan: &Plan) -> Result<RequestInput, DomainError> {
    let employer = employer_party(rng, place, plan)?;
    let (requester_role, requester, counterpart_role, counterpart) = if plan.by_employer {
        (
            PartyRole::Employer,
            employer,
            PartyRole::Worker,
            worker_party(rng, &plan.worker, false),
        )
    } else {
        (
            PartyRole::Worker,
            worker_party(rng, &plan.worker, true),
            PartyRole::Employer,
            employer,
        )
    };
    Ok(RequestInput {
        requester_role,
        requester,
        counterpart_role,
        counterpart,
        workplace: WorkplaceInput {
            address: place.employer.address.clone(),
            state: place.state.as_str(),
            scian: place.scian.clone().unwrap_or_default(),
            federal: FederalFlags::default(),
        },
        objects: plan.objects.clone(),
        object_detail: plan.object_detail.clone(),
        exemption: plan.exemption,
        exemption_reason: plan
            .exemption
            .map(|m| texts::exemption_reason(m).to_string())
            .unwrap_or_default(),
        priority: plan.priority.clone(),
        revictimization_risk: plan.revictimization_risk,
        channel: plan.channel,
        fast_track: plan.fast_track,
    })
}

/// The days requests are filed on over `first..end`: a Poisson count around `expected`, uniform
/// dates, in order.
pub(crate) fn filing_days(rng: &mut impl RngCore, expected: f64, first: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let span = (end - first).num_days();
    if span <= 0 {
        return Vec::new();
    }
    let n = poisson(rng, expected);
    let mut days: Vec<NaiveDate> = (0..n).map(|_| plus_days(first, below(rng, span as u64))).collect();
    days.sort();
    days
}

/// A Poisson draw: inversion for small means, a rounded normal for large ones.
pub(crate) fn poisson(rng: &mut impl RngCore, lambda: f64) -> u32 {
    if lambda <= 0.0 || !lambda.is_finite() {
        return 0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = unit(rng);
        while p > limit && k < 200 {
            k += 1;
            p *= unit(rng);
        }
        return k;
    }
    // Box-Muller.
    let u1 = unit(rng).max(f64::MIN_POSITIVE);
    let u2 = unit(rng);
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    (lambda + lambda.sqrt() * z).round().max(0.0) as u32
}
