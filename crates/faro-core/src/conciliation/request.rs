//! The conciliation request (LFT 684-C, 684-E I, II, VI and the fast track) and its validation.
//!
//! The form sends a [`RequestInput`] of plain strings; [`validate`] returns a typed
//! [`RequestDraft`] (CURP and RFC parsed by [`crate::ids`], the SCIAN class checked against the
//! catalog) or a [`DomainError`] whose `field` parameter names the input at fault
//! (`requester.curp`, `counterpart.name`, `workplace.scian`, ...).

use serde::{Deserialize, Serialize};

use super::exceptions::ExemptMatter;
use crate::case::{optional_text, required_text};
use crate::catalog::Catalogs;
use crate::ids::{Curp, Rfc};
use crate::{DomainError, StateCode};

/// The side a party is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Worker,
    Employer,
    /// A union (684-C II, 684-E I).
    Union,
}

/// A natural person or a legal entity (company, union).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    Individual,
    LegalEntity,
}

/// Who a party is, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Person {
    /// 684-C I asks the requester's CURP; an individual employer may be known by its RFC.
    Individual {
        name: String,
        curp: Option<Curp>,
        rfc: Option<Rfc>,
    },
    LegalEntity {
        name: String,
        rfc: Option<Rfc>,
    },
}

impl Person {
    pub fn name(&self) -> &str {
        match self {
            Person::Individual { name, .. } | Person::LegalEntity { name, .. } => name,
        }
    }
    pub fn kind(&self) -> PersonKind {
        match self {
            Person::Individual { .. } => PersonKind::Individual,
            Person::LegalEntity { .. } => PersonKind::LegalEntity,
        }
    }
}

/// Somebody acting for a party: the legal representative of a company or union (684-E I), an
/// attorney, a Procurador de la Defensa del Trabajo (684-E VII).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representative {
    pub name: String,
    pub curp: Option<Curp>,
    /// In what capacity ("apoderado legal", "procurador"...), free text.
    pub capacity: String,
}

/// A party of the request. `person` is `None` only for a counterpart a worker names by the
/// workplace address alone (684-C, last paragraph).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub role: PartyRole,
    pub person: Option<Person>,
    /// Where the party is notified (684-C I and III).
    pub address: String,
    pub representative: Option<Representative>,
}

impl Party {
    /// The name to show: the person's, or empty when only the workplace is known.
    pub fn name(&self) -> &str {
        self.person.as_ref().map(Person::name).unwrap_or("")
    }
}

/// The 527-II grounds of federal competence that SCIAN cannot show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FederalFlags {
    /// 527-II-1: run directly or through a decentralised body by the federal government.
    #[serde(default)]
    pub federal_government_company: bool,
    /// 527-II-2 and 528: works under a federal contract or concession, or is connected to such a
    /// company (permanently and directly linked in making one product or one service).
    #[serde(default)]
    pub federal_contract_or_concession: bool,
    /// 527-II-3: works in federal zones, or in territorial waters or the exclusive economic zone.
    #[serde(default)]
    pub federal_zone_or_waters: bool,
}

impl FederalFlags {
    pub fn any(self) -> bool {
        self.federal_government_company || self.federal_contract_or_concession || self.federal_zone_or_waters
    }
}

/// Where the work was done: it decides competence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workplace {
    pub address: String,
    pub state: StateCode,
    /// A six-digit SCIAN class from the catalog, when known.
    pub scian: Option<String>,
    pub federal: FederalFlags,
}

/// What the request is about (684-C IV). Codes only; labels are translated elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Object {
    Dismissal,
    UnpaidWages,
    /// Prestaciones: benefits owed under the law or the contract.
    Benefits,
    /// Rescission of the employment relationship (LFT 51, 47).
    Rescission,
    SeniorityPremium,
    Vacation,
    /// Aguinaldo (year-end bonus, LFT 87).
    ChristmasBonus,
    ProfitSharing,
    Overtime,
    Other,
}

impl Object {
    pub const ALL: [Object; 10] = [
        Object::Dismissal,
        Object::UnpaidWages,
        Object::Benefits,
        Object::Rescission,
        Object::SeniorityPremium,
        Object::Vacation,
        Object::ChristmasBonus,
        Object::ProfitSharing,
        Object::Overtime,
        Object::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Object::Dismissal => "dismissal",
            Object::UnpaidWages => "unpaid_wages",
            Object::Benefits => "benefits",
            Object::Rescission => "rescission",
            Object::SeniorityPremium => "seniority_premium",
            Object::Vacation => "vacation",
            Object::ChristmasBonus => "christmas_bonus",
            Object::ProfitSharing => "profit_sharing",
            Object::Overtime => "overtime",
            Object::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Object> {
        Object::ALL.into_iter().find(|o| o.code() == s.trim())
    }
}

/// Priority attention the centre must give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "need", rename_all = "snake_case")]
pub enum PriorityNeed {
    /// An interpreter of an indigenous (or other) language, named.
    Interpreter {
        language: String,
    },
    Disability,
    Pregnancy,
    OlderAdult,
    Minor,
    Other {
        description: String,
    },
}

/// How the request came in (684-E II and VI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Online,
    /// In person or in writing at the centre's counter.
    Counter,
    /// Both parties together, in person (684-E VI): the hearing within 5 days, or at once.
    Joint,
}

/// A party as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartyInput {
    pub kind: Option<PersonKind>,
    pub name: String,
    pub curp: String,
    pub rfc: String,
    pub address: String,
    pub representative: Option<RepresentativeInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RepresentativeInput {
    pub name: String,
    pub curp: String,
    pub capacity: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkplaceInput {
    pub address: String,
    /// INEGI state code, "01" to "32".
    pub state: String,
    pub scian: String,
    pub federal: FederalFlags,
}

/// The request as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInput {
    pub requester_role: PartyRole,
    pub requester: PartyInput,
    pub counterpart_role: PartyRole,
    pub counterpart: PartyInput,
    pub workplace: WorkplaceInput,
    pub objects: Vec<Object>,
    /// What "other" means, or any detail of the objects.
    #[serde(default)]
    pub object_detail: String,
    /// A matter of 685 Ter the requester claims, which skips conciliation.
    #[serde(default)]
    pub exemption: Option<ExemptMatter>,
    #[serde(default)]
    pub exemption_reason: String,
    #[serde(default)]
    pub priority: Vec<PriorityNeed>,
    /// 684-E XII: sexual harassment, discrimination or other violence with a risk of
    /// revictimisation; the parties never meet.
    #[serde(default)]
    pub revictimization_risk: bool,
    pub channel: Channel,
    /// The requester asks for the fast track and will deliver the summons.
    #[serde(default)]
    pub fast_track: bool,
}

/// A validated request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDraft {
    pub requester: Party,
    pub counterpart: Party,
    pub workplace: Workplace,
    /// Sorted, without repeats; at least one.
    pub objects: Vec<Object>,
    pub object_detail: String,
    pub exemption: Option<ExemptMatter>,
    pub exemption_reason: String,
    pub priority: Vec<PriorityNeed>,
    pub revictimization_risk: bool,
    pub channel: Channel,
    pub fast_track: bool,
    /// Stable codes of the identifier warnings (e.g. "rfc.check_digit"), to show, not to refuse.
    pub id_warnings: Vec<String>,
}

const NAME_MAX: usize = 300;
const ADDRESS_MAX: usize = 500;
const TEXT_MAX: usize = 2000;

/// Field names of a party, so that errors name the right input.
struct Fields {
    name: &'static str,
    curp: &'static str,
    rfc: &'static str,
    address: &'static str,
    kind: &'static str,
    representative: &'static str,
    representative_name: &'static str,
    representative_curp: &'static str,
    representative_capacity: &'static str,
}

const REQUESTER: Fields = Fields {
    name: "requester.name",
    curp: "requester.curp",
    rfc: "requester.rfc",
    address: "requester.address",
    kind: "requester.kind",
    representative: "requester.representative",
    representative_name: "requester.representative.name",
    representative_curp: "requester.representative.curp",
    representative_capacity: "requester.representative.capacity",
};

const COUNTERPART: Fields = Fields {
    name: "counterpart.name",
    curp: "counterpart.curp",
    rfc: "counterpart.rfc",
    address: "counterpart.address",
    kind: "counterpart.kind",
    representative: "counterpart.representative",
    representative_name: "counterpart.representative.name",
    representative_curp: "counterpart.representative.curp",
    representative_capacity: "counterpart.representative.capacity",
};

fn curp(field: &'static str, text: &str) -> Result<Option<Curp>, DomainError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let checked = Curp::parse(text)
        .map_err(|e| DomainError::field(field, "curp.invalid", e.to_string()).with("reason", e.code()))?;
    Ok(Some(checked.value))
}

fn rfc(field: &'static str, text: &str, warnings: &mut Vec<String>) -> Result<Option<Rfc>, DomainError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let checked = Rfc::parse(text)
        .map_err(|e| DomainError::field(field, "rfc.invalid", e.to_string()).with("reason", e.code()))?;
    warnings.extend(checked.warnings.iter().map(|w| w.code().to_string()));
    Ok(Some(checked.value))
}

fn representative(f: &Fields, input: &RepresentativeInput) -> Result<Representative, DomainError> {
    Ok(Representative {
        name: required_text(f.representative_name, &input.name, NAME_MAX)?,
        curp: curp(f.representative_curp, &input.curp)?,
        capacity: optional_text(f.representative_capacity, &input.capacity, 200)?,
    })
}

fn person(f: &Fields, input: &PartyInput, warnings: &mut Vec<String>) -> Result<Person, DomainError> {
    let name = required_text(f.name, &input.name, NAME_MAX)?;
    let kind = input.kind.ok_or_else(|| {
        DomainError::field(
            f.kind,
            "field.required",
            "say whether the party is a person or a company",
        )
    })?;
    let rfc = rfc(f.rfc, &input.rfc, warnings)?;
    match kind {
        PersonKind::Individual => {
            if rfc.as_ref().is_some_and(Rfc::is_legal_entity) {
                return Err(DomainError::field(
                    f.rfc,
                    "conciliation.rfc_kind_mismatch",
                    "a 12-character RFC belongs to a legal entity, not to a person",
                ));
            }
            Ok(Person::Individual {
                name,
                curp: curp(f.curp, &input.curp)?,
                rfc,
            })
        }
        PersonKind::LegalEntity => {
            if rfc.as_ref().is_some_and(|r| !r.is_legal_entity()) {
                return Err(DomainError::field(
                    f.rfc,
                    "conciliation.rfc_kind_mismatch",
                    "a 13-character RFC belongs to a person, not to a legal entity",
                ));
            }
            if !input.curp.trim().is_empty() {
                return Err(DomainError::field(
                    f.curp,
                    "conciliation.curp_for_legal_entity",
                    "a legal entity has no CURP; give its representative's",
                ));
            }
            Ok(Person::LegalEntity { name, rfc })
        }
    }
}

fn requester(role: PartyRole, input: &PartyInput, warnings: &mut Vec<String>) -> Result<Party, DomainError> {
    let f = &REQUESTER;
    let person = person(f, input, warnings)?;
    // 684-C I: name, CURP and an address for notifications; 684-E I: companies and unions sign
    // through their legal representative.
    if let Person::Individual { curp: None, .. } = person {
        return Err(DomainError::field(
            f.curp,
            "field.required",
            "the requester's CURP is required (LFT 684-C I)",
        ));
    }
    let rep = match &input.representative {
        Some(r) => Some(representative(f, r)?),
        None => None,
    };
    if person.kind() == PersonKind::LegalEntity && rep.is_none() {
        return Err(DomainError::field(
            f.representative,
            "conciliation.representative_required",
            "a company or union files through its legal representative (LFT 684-E I)",
        ));
    }
    Ok(Party {
        role,
        person: Some(person),
        address: required_text(f.address, &input.address, ADDRESS_MAX)?,
        representative: rep,
    })
}

fn counterpart(
    role: PartyRole,
    requester_role: PartyRole,
    input: &PartyInput,
    warnings: &mut Vec<String>,
) -> Result<Party, DomainError> {
    let f = &COUNTERPART;
    let unnamed = input.name.trim().is_empty() && input.curp.trim().is_empty() && input.rfc.trim().is_empty();
    // 684-C, last paragraph: a worker who does not know the employer's name gives the workplace
    // address instead.
    let person = if unnamed && requester_role == PartyRole::Worker && role == PartyRole::Employer {
        None
    } else {
        Some(person(f, input, warnings)?)
    };
    let rep = match &input.representative {
        Some(r) => Some(representative(f, r)?),
        None => None,
    };
    Ok(Party {
        role,
        person,
        address: required_text(f.address, &input.address, ADDRESS_MAX)?,
        representative: rep,
    })
}

fn workplace(input: &WorkplaceInput, catalogs: &Catalogs) -> Result<Workplace, DomainError> {
    let state: StateCode = input
        .state
        .parse()
        .map_err(|e: DomainError| DomainError::field("workplace.state", e.code, e.detail))?;
    let scian = input.scian.trim();
    let scian = if scian.is_empty() {
        None
    } else {
        let class = catalogs.scian_class(scian).ok_or_else(|| {
            DomainError::field(
                "workplace.scian",
                "conciliation.scian_unknown",
                format!("'{scian}' is not a six-digit SCIAN class"),
            )
            .with("value", scian)
        })?;
        Some(class.code.clone())
    };
    Ok(Workplace {
        address: required_text("workplace.address", &input.address, ADDRESS_MAX)?,
        state,
        scian,
        federal: input.federal,
    })
}

fn priority(needs: &[PriorityNeed]) -> Result<Vec<PriorityNeed>, DomainError> {
    let mut out: Vec<PriorityNeed> = Vec::with_capacity(needs.len());
    for n in needs {
        let n = match n {
            PriorityNeed::Interpreter { language } => PriorityNeed::Interpreter {
                language: required_text("priority.language", language, 100)?,
            },
            PriorityNeed::Other { description } => PriorityNeed::Other {
                description: required_text("priority.description", description, 500)?,
            },
            other => other.clone(),
        };
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

/// Checks a request and returns it typed. The first problem is the error; its `field` parameter
/// names the input.
pub fn validate(input: &RequestInput, catalogs: &Catalogs) -> Result<RequestDraft, DomainError> {
    let mut warnings = Vec::new();
    if input.requester_role == input.counterpart_role && input.requester_role != PartyRole::Union {
        return Err(DomainError::field(
            "counterpart_role",
            "conciliation.parties_same_role",
            "a conciliation is between a worker and an employer, or involves a union",
        ));
    }
    let requester = requester(input.requester_role, &input.requester, &mut warnings)?;
    let counterpart = counterpart(
        input.counterpart_role,
        input.requester_role,
        &input.counterpart,
        &mut warnings,
    )?;
    let workplace = workplace(&input.workplace, catalogs)?;
    let mut objects = input.objects.clone();
    objects.sort();
    objects.dedup();
    if objects.is_empty() {
        return Err(DomainError::field(
            "objects",
            "conciliation.no_object",
            "say what the request is about (LFT 684-C IV)",
        ));
    }
    let object_detail = optional_text("object_detail", &input.object_detail, TEXT_MAX)?;
    if objects.contains(&Object::Other) && object_detail.is_empty() {
        return Err(DomainError::field(
            "object_detail",
            "field.required",
            "describe the 'other' object of the request",
        ));
    }
    let exemption_reason = optional_text("exemption_reason", &input.exemption_reason, TEXT_MAX)?;
    if input.channel == Channel::Joint && input.fast_track {
        return Err(DomainError::field(
            "fast_track",
            "conciliation.fast_track_with_joint_filing",
            "a joint filing already has its hearing within 5 days (LFT 684-E VI); the fast track is for one requester",
        ));
    }
    if input.channel == Channel::Joint && counterpart.person.is_none() {
        return Err(DomainError::field(
            "counterpart.name",
            "field.required",
            "in a joint filing both parties are present and named",
        ));
    }
    Ok(RequestDraft {
        requester,
        counterpart,
        workplace,
        objects,
        object_detail,
        exemption: input.exemption,
        exemption_reason,
        priority: priority(&input.priority)?,
        revictimization_risk: input.revictimization_risk,
        channel: input.channel,
        fast_track: input.fast_track,
        id_warnings: warnings,
    })
}
