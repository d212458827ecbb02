//! Which centre is competent: the federal centre (CFCRL) for the 22 branches of LFT 527-I and the
//! companies of 527-II, a state centre for everything else (529). And what a centre that is not
//! competent must do: forward the request within 24 hours and tell the requester (684-E V); the
//! filing still interrupts the limitation period (521-III).
//!
//! The branches and their SCIAN codes are data: `rules/conciliation/federal_branches.toml`, with
//! a comment explaining each mapping. The routing advises; the centre decides (it may forward a
//! request the table routes to it, or keep one the table would send away).

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::request::FederalFlags;
use crate::rules::{DeadlineUnit, Rules};
use crate::{DomainError, Jurisdiction, StateCode};

const BRANCHES_FILE: &str = "conciliation/federal_branches.toml";
const BRANCHES_TOML: &str = include_str!("../../../../rules/conciliation/federal_branches.toml");

/// One numeral of LFT 527-I.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederalBranch {
    pub number: u8,
    pub name_es: String,
    pub name_en: String,
    pub article: String,
    pub in_force_from: NaiveDate,
    #[serde(default)]
    pub in_force_until: Option<NaiveDate>,
    /// SCIAN prefixes, 2 to 6 digits.
    pub scian_prefixes: Vec<String>,
    /// Why these codes.
    pub comment: String,
}

impl FederalBranch {
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.in_force_from <= on && self.in_force_until.is_none_or(|u| on < u)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BranchesFile {
    branch: Vec<FederalBranch>,
}

/// The table of federal branches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FederalBranches {
    branches: Vec<FederalBranch>,
}

fn invalid(detail: impl Into<String>) -> DomainError {
    let detail = detail.into();
    DomainError::new("rules.invalid", format!("{BRANCHES_FILE}: {detail}")).with("file", BRANCHES_FILE)
}

impl FederalBranches {
    /// The table shipped in `rules/conciliation/`, parsed once.
    pub fn official() -> Result<&'static FederalBranches, DomainError> {
        static OFFICIAL: OnceLock<Result<FederalBranches, DomainError>> = OnceLock::new();
        OFFICIAL
            .get_or_init(|| FederalBranches::from_toml(BRANCHES_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and checks a table: numbers 1 to 22, prefixes of 2 to 6 digits, no prefix in two
    /// branches in force at the same time, a comment for each.
    pub fn from_toml(text: &str) -> Result<FederalBranches, DomainError> {
        let file: BranchesFile = toml::from_str(text).map_err(|e| invalid(e.to_string().trim_end().to_string()))?;
        let mut branches = file.branch;
        for b in &branches {
            if !(1..=22).contains(&b.number) {
                return Err(invalid(format!(
                    "branch {} is not a numeral 1-22 of LFT 527-I",
                    b.number
                )));
            }
            if b.comment.trim().is_empty() || b.name_es.trim().is_empty() || b.name_en.trim().is_empty() {
                return Err(invalid(format!(
                    "branch {} needs name_es, name_en and a comment",
                    b.number
                )));
            }
            if b.in_force_until.is_some_and(|u| u <= b.in_force_from) {
                return Err(invalid(format!(
                    "branch {}: in_force_until must be after in_force_from",
                    b.number
                )));
            }
            if b.scian_prefixes.is_empty() {
                return Err(invalid(format!("branch {} has no SCIAN prefix", b.number)));
            }
            for p in &b.scian_prefixes {
                if !(2..=6).contains(&p.len()) || !p.bytes().all(|c| c.is_ascii_digit()) {
                    return Err(invalid(format!(
                        "branch {}: '{p}' is not a SCIAN prefix of 2-6 digits",
                        b.number
                    )));
                }
            }
        }
        for (i, a) in branches.iter().enumerate() {
            for b in branches.iter().skip(i + 1) {
                let overlap = a.in_force_until.is_none_or(|u| u > b.in_force_from)
                    && b.in_force_until.is_none_or(|u| u > a.in_force_from);
                if !overlap {
                    continue;
                }
                if a.number == b.number {
                    return Err(invalid(format!("branch {} has overlapping versions", a.number)));
                }
                if let Some(p) = a.scian_prefixes.iter().find(|p| b.scian_prefixes.contains(p)) {
                    return Err(invalid(format!(
                        "prefix {p} is in branches {} and {}",
                        a.number, b.number
                    )));
                }
            }
        }
        branches.sort_by_key(|b| (b.number, b.in_force_from));
        Ok(FederalBranches { branches })
    }

    /// Every version of every branch, by number.
    pub fn all(&self) -> &[FederalBranch] {
        &self.branches
    }

    /// The branch in force on `on` with that numeral.
    pub fn get(&self, number: u8, on: NaiveDate) -> Option<&FederalBranch> {
        self.branches.iter().find(|b| b.number == number && b.in_force_on(on))
    }

    /// The branch of a SCIAN class on `on`: the one with the longest prefix of `scian`.
    pub fn branch_of(&self, scian: &str, on: NaiveDate) -> Option<&FederalBranch> {
        let scian = scian.trim();
        self.branches
            .iter()
            .filter(|b| b.in_force_on(on))
            .filter_map(|b| {
                b.scian_prefixes
                    .iter()
                    .filter(|p| scian.starts_with(p.as_str()))
                    .map(String::len)
                    .max()
                    .map(|len| (len, b))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, b)| b)
    }
}

/// Why a matter is federal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "ground", rename_all = "snake_case")]
pub enum FederalGround {
    /// A branch of 527-I, by numeral.
    Branch { number: u8 },
    /// 527-II-1.
    GovernmentCompany,
    /// 527-II-2 and 528.
    ContractOrConcession,
    /// 527-II-3.
    ZoneOrWaters,
}

impl FederalGround {
    pub fn article(self) -> String {
        match self {
            FederalGround::Branch { number } => format!("LFT 527-I-{number}"),
            FederalGround::GovernmentCompany => "LFT 527-II-1".to_string(),
            FederalGround::ContractOrConcession => "LFT 527-II-2, 528".to_string(),
            FederalGround::ZoneOrWaters => "LFT 527-II-3".to_string(),
        }
    }
}

/// Federal or local competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum Competence {
    Federal { ground: FederalGround },
    Local { state: StateCode },
}

impl Competence {
    /// The centre that conciliates: the CFCRL, or the state's centre.
    pub fn center(self) -> Jurisdiction {
        match self {
            Competence::Federal { .. } => Jurisdiction::Federal,
            Competence::Local { state } => Jurisdiction::State(state),
        }
    }
}

/// The competence found and why: a stable reason code and the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    pub competence: Competence,
    /// "competence.federal_branch", "competence.government_company",
    /// "competence.contract_or_concession", "competence.zone_or_waters",
    /// "competence.local_residual" (the class is in no branch) or "competence.local_unknown_class"
    /// (no SCIAN class given).
    pub reason: String,
    pub article: String,
    /// The SCIAN class the routing looked at.
    pub scian: Option<String>,
}

/// The competent centre for a workplace in `state` with SCIAN class `scian` and the 527-II
/// `flags`, on `on`. A branch of 527-I comes first (it is the more specific ground), then the
/// company grounds of 527-II, else the state (529).
pub fn route(
    branches: &FederalBranches,
    scian: Option<&str>,
    state: StateCode,
    flags: FederalFlags,
    on: NaiveDate,
) -> Routing {
    let federal = |ground: FederalGround, reason: &str| Routing {
        competence: Competence::Federal { ground },
        reason: reason.to_string(),
        article: ground.article(),
        scian: scian.map(str::to_string),
    };
    if let Some(b) = scian.and_then(|s| branches.branch_of(s, on)) {
        return federal(FederalGround::Branch { number: b.number }, "competence.federal_branch");
    }
    if flags.federal_government_company {
        return federal(FederalGround::GovernmentCompany, "competence.government_company");
    }
    if flags.federal_contract_or_concession {
        return federal(FederalGround::ContractOrConcession, "competence.contract_or_concession");
    }
    if flags.federal_zone_or_waters {
        return federal(FederalGround::ZoneOrWaters, "competence.zone_or_waters");
    }
    Routing {
        competence: Competence::Local { state },
        reason: if scian.is_some() {
            "competence.local_residual"
        } else {
            "competence.local_unknown_class"
        }
        .to_string(),
        article: "LFT 529".to_string(),
        scian: scian.map(str::to_string),
    }
}

/// A centre that is not competent sends the request on (684-E V).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forwarding {
    pub from: Jurisdiction,
    pub to: Jurisdiction,
    pub received_at: DateTime<Utc>,
    /// 24 hours after receipt (rule `conciliation.forward`).
    pub due_by: DateTime<Utc>,
    pub article: String,
    /// The requester must be told, to continue before the competent centre.
    pub notify_requester: bool,
    /// The filing interrupted the limitation period although the centre was not competent
    /// (521-III).
    pub limitation_interrupted: bool,
}

/// The forwarding a centre `center` owes for a request received at `received_at`, if `routing`
/// says another centre is competent.
pub fn forwarding(
    rules: &Rules,
    center: Jurisdiction,
    routing: &Routing,
    received_at: DateTime<Utc>,
) -> Result<Option<Forwarding>, DomainError> {
    let to = routing.competence.center();
    if to == center {
        return Ok(None);
    }
    forward_to(rules, center, to, received_at).map(Some)
}

/// The forwarding from `from` to `to` of a request received at `received_at`.
pub fn forward_to(
    rules: &Rules,
    from: Jurisdiction,
    to: Jurisdiction,
    received_at: DateTime<Utc>,
) -> Result<Forwarding, DomainError> {
    let rule = rules.deadline("conciliation.forward", received_at.date_naive())?;
    let hours = match rule.unit {
        DeadlineUnit::Hours => i64::from(rule.amount),
        DeadlineUnit::Days(_) => i64::from(rule.amount).saturating_mul(24),
    };
    Ok(Forwarding {
        from,
        to,
        received_at,
        due_by: received_at + Duration::hours(hours),
        article: rule.meta.article.clone(),
        notify_requester: true,
        limitation_interrupted: true,
    })
}
