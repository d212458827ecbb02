//! The law as versioned data: deadlines, the violation catalog (fines in UMA) and other
//! parameters, each rule with the article it comes from, the dates it is in force, its source and
//! how sure we are of it.
//!
//! The rules live in the repository folder `rules/` (`deadlines.toml`, `violations.toml`,
//! `parameters.toml`; the format is in `rules/README.md`) and are embedded in the binary.
//! [`Rules::official`] parses them once. A deployment may change the rules marked `configurable`
//! with [`Rules::with_overrides`]; nothing else can be changed without editing the files.
//!
//! A rule may have several versions with the same id; their periods `[in_force_from,
//! in_force_until)` never overlap, and the lookups take the version in force on a date.

mod load;
mod overrides;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::DayCount;
use crate::DomainError;

const DEADLINES_TOML: &str = include_str!("../../../../rules/deadlines.toml");
const VIOLATIONS_TOML: &str = include_str!("../../../../rules/violations.toml");
const PARAMETERS_TOML: &str = include_str!("../../../../rules/parameters.toml");

/// How sure we are of a rule, as tagged in the research digest (`shared/law/NOTES.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// "P": the primary text was read.
    #[serde(rename = "P")]
    Primary,
    /// "S": a secondary source only (press, law-firm note, another project).
    #[serde(rename = "S")]
    Secondary,
    /// "U": unconfirmed; a default or a recollection. Always configurable.
    #[serde(rename = "U")]
    Unconfirmed,
}

impl Confidence {
    /// The one-letter tag used in the files: "P", "S" or "U".
    pub fn tag(self) -> &'static str {
        match self {
            Confidence::Primary => "P",
            Confidence::Secondary => "S",
            Confidence::Unconfirmed => "U",
        }
    }
}

/// What every rule carries besides its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMeta {
    pub id: String,
    /// The legal basis, e.g. "LFT 994-V".
    pub article: String,
    /// First day this version is in force.
    pub in_force_from: NaiveDate,
    /// First day this version is **no longer** in force; `None` while it is.
    pub in_force_until: Option<NaiveDate>,
    /// Where the rule comes from (DOF publication, digest section). Ends with
    /// "; overridden by the deployment" when [`Rules::with_overrides`] changed it.
    pub source: String,
    pub confidence: Confidence,
    /// Whether a deployment may change it. Every [`Confidence::Secondary`] or
    /// [`Confidence::Unconfirmed`] rule is.
    pub configurable: bool,
    pub note: String,
}

impl RuleMeta {
    /// Whether this version is in force on `on`: `in_force_from <= on < in_force_until`.
    pub fn in_force_on(&self, on: NaiveDate) -> bool {
        self.in_force_from <= on && self.in_force_until.is_none_or(|until| on < until)
    }
}

/// The unit of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineUnit {
    Hours,
    Days(DayCount),
}

/// A term of the procedures: `amount` hours or days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    pub meta: RuleMeta,
    pub amount: u32,
    pub unit: DeadlineUnit,
    /// False where the law gives the term in plain "días" without saying which kind
    /// (`day_count = "unstated"` in the file): `unit` then holds Faro's default (working days)
    /// and each centre chooses (`conciliation::CenterSettings`); a deployment override cannot
    /// set it.
    pub day_count_stated: bool,
}

/// A fine range in UMA, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UmaRange {
    pub min: u32,
    pub max: u32,
}

/// One entry of the violation catalog: a fraction of LFT Title Sixteen and its fine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationRule {
    pub meta: RuleMeta,
    pub title_es: String,
    pub title_en: String,
    /// The provisions breached, e.g. ["LFT 61", "LFT 69"]; empty for the residual fine.
    pub articles: Vec<String>,
    /// Minimum fine in UMA per affected worker; 0 where the text only says "up to".
    pub min_uma: u32,
    pub max_uma: u32,
    /// The article also sets a prison term (for a criminal court).
    pub criminal: bool,
}

impl ViolationRule {
    pub fn range(&self) -> UmaRange {
        UmaRange {
            min: self.min_uma,
            max: self.max_uma,
        }
    }
}

/// The value of a parameter: a whole number or a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParameterValue {
    Int(i64),
    Text(String),
}

/// Any other setting, e.g. the recidivism window of LFT 992.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterRule {
    pub meta: RuleMeta,
    pub value: ParameterValue,
}

/// Every rule, each kind sorted by id and then by `in_force_from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    deadlines: Vec<DeadlineRule>,
    violations: Vec<ViolationRule>,
    parameters: Vec<ParameterRule>,
}

/// Rules of any kind carry a [`RuleMeta`].
trait Versioned {
    fn meta(&self) -> &RuleMeta;
}

impl Versioned for DeadlineRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

impl Versioned for ViolationRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

impl Versioned for ParameterRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

/// The version of `id` in force on `on`.
fn in_force<'a, T: Versioned>(items: &'a [T], kind: &str, id: &str, on: NaiveDate) -> Result<&'a T, DomainError> {
    let mut versions = items.iter().filter(|r| r.meta().id == id).peekable();
    if versions.peek().is_none() {
        return Err(DomainError::new("rules.unknown", format!("there is no {kind} rule '{id}'")).with("id", id));
    }
    versions.find(|r| r.meta().in_force_on(on)).ok_or_else(|| {
        DomainError::new(
            "rules.not_in_force",
            format!("no version of the {kind} rule '{id}' is in force on {on}"),
        )
        .with("id", id)
        .with("date", on.to_string())
    })
}

impl Rules {
    /// The rules shipped in `rules/`, parsed once. Fails only if those files are malformed,
    /// which the tests rule out.
    pub fn official() -> Result<&'static Rules, DomainError> {
        static OFFICIAL: OnceLock<Result<Rules, DomainError>> = OnceLock::new();
        OFFICIAL
            .get_or_init(|| Rules::from_toml(DEADLINES_TOML, VIOLATIONS_TOML, PARAMETERS_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and checks the three files (see `rules/README.md`). Errors are `rules.invalid`
    /// and name the file and, where there is one, the rule.
    pub fn from_toml(deadlines: &str, violations: &str, parameters: &str) -> Result<Rules, DomainError> {
        load::parse(deadlines, violations, parameters)
    }

    /// A copy with a deployment's overrides applied (format in `rules/README.md`). Only
    /// configurable rules may change: the amount or unit of a deadline, the range of a
    /// violation, the value of a parameter. An unknown id is `rules.unknown`, a rule that is not
    /// configurable `rules.not_configurable`, anything malformed `rules.invalid`; each names the
    /// rule.
    pub fn with_overrides(&self, toml: &str) -> Result<Rules, DomainError> {
        overrides::apply(self, toml)
    }

    /// The version of deadline `id` in force on `on`.
    pub fn deadline(&self, id: &str, on: NaiveDate) -> Result<&DeadlineRule, DomainError> {
        in_force(&self.deadlines, "deadline", id, on)
    }

    /// The version of violation `id` (e.g. "lft-994-v") in force on `on`.
    pub fn violation(&self, id: &str, on: NaiveDate) -> Result<&ViolationRule, DomainError> {
        in_force(&self.violations, "violation", id, on)
    }

    /// The version of parameter `id` in force on `on`.
    pub fn parameter(&self, id: &str, on: NaiveDate) -> Result<&ParameterRule, DomainError> {
        in_force(&self.parameters, "parameter", id, on)
    }

    /// A whole-number parameter; `rules.invalid` if it is a text.
    pub fn parameter_int(&self, id: &str, on: NaiveDate) -> Result<i64, DomainError> {
        match &self.parameter(id, on)?.value {
            ParameterValue::Int(v) => Ok(*v),
            ParameterValue::Text(_) => Err(DomainError::new(
                "rules.invalid",
                format!("parameter '{id}' is a text, not a number"),
            )
            .with("id", id)),
        }
    }

    /// A text parameter; `rules.invalid` if it is a number.
    pub fn parameter_str(&self, id: &str, on: NaiveDate) -> Result<&str, DomainError> {
        match &self.parameter(id, on)?.value {
            ParameterValue::Text(v) => Ok(v),
            ParameterValue::Int(_) => Err(DomainError::new(
                "rules.invalid",
                format!("parameter '{id}' is a number, not a text"),
            )
            .with("id", id)),
        }
    }

    /// Every version of every deadline, by id and then date.
    pub fn deadlines(&self) -> impl Iterator<Item = &DeadlineRule> {
        self.deadlines.iter()
    }

    /// Every version of every violation, by id and then date.
    pub fn violations(&self) -> impl Iterator<Item = &ViolationRule> {
        self.violations.iter()
    }

    /// Every version of every parameter, by id and then date.
    pub fn parameters(&self) -> impl Iterator<Item = &ParameterRule> {
        self.parameters.iter()
    }

    /// The violations in force on `on`, one per id.
    pub fn violations_on(&self, on: NaiveDate) -> impl Iterator<Item = &ViolationRule> {
        self.violations.iter().filter(move |v| v.meta.in_force_on(on))
    }
}
