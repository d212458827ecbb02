//! The digital inspection protocols: one versioned checklist per matter of inspection, kept as data
//! in `rules/protocols/*.toml`, and the engine that answers their questions.
//!
//! Each [`Question`] is phrased so that "yes" means the workplace complies. When it fails it names
//! the violation of the fine table it leads to, whether a corrective order can fix it (and with
//! which kind of measure), and the authorities a failed answer is referred to. Some questions are
//! computed ([`Check`]): the inspector enters the facts (a wage, an age, years of service) and
//! [`evaluate`] decides by the law in force on the inspection date.
//!
//! The official protocols are embedded in the binary at compile time ([`Protocols::official`]);
//! nothing is read from disk. A matter may have several versions; [`Protocols::for_matter`] picks
//! the one in force on a date.

mod evaluate;
mod law;
mod load;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::inspection::{Matter, ReferralAuthority};
use crate::DomainError;

pub use evaluate::evaluate;
pub use law::{max_weekly_hours, vacation_days_required, MINIMUM_WORKING_AGE};

/// The protocol files shipped with Faro. A new version of a matter is a new file added here.
const OFFICIAL_FILES: [&str; 9] = [
    include_str!("../../../../rules/protocols/general_conditions.toml"),
    include_str!("../../../../rules/protocols/general_conditions.v2.toml"),
    include_str!("../../../../rules/protocols/safety_health.toml"),
    include_str!("../../../../rules/protocols/training.toml"),
    include_str!("../../../../rules/protocols/child_labor.toml"),
    include_str!("../../../../rules/protocols/forced_labor.toml"),
    include_str!("../../../../rules/protocols/subcontracting.toml"),
    include_str!("../../../../rules/protocols/freedom_of_association.toml"),
    include_str!("../../../../rules/protocols/discrimination_harassment.toml"),
];

/// The kind of corrective measure a failed, correctable question leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// A safety-and-health measure, with a deadline of up to 30 working days (RGITAS).
    Safety,
    /// Any other corrective order.
    General,
}

impl MeasureKind {
    pub fn code(self) -> &'static str {
        match self {
            MeasureKind::Safety => "safety",
            MeasureKind::General => "general",
        }
    }
}

/// A computed question: the inspector enters facts as text inputs and the engine decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Inputs [`INPUT_LOWEST_DAILY_WAGE`] and [`INPUT_ZONE`]; fails below the minimum wage of the
    /// zone in force on the inspection date.
    MinimumWage,
    /// Inputs [`INPUT_YEARS_OF_SERVICE`] and [`INPUT_DAYS_GRANTED`]; fails when fewer days are
    /// granted than [`vacation_days_required`].
    VacationDays,
    /// Input [`INPUT_WEEKLY_HOURS`] (ordinary hours a week of the day shift); fails above
    /// [`max_weekly_hours`].
    WeeklyHours,
    /// Input [`INPUT_AGE`] (the youngest person found working); fails below
    /// [`MINIMUM_WORKING_AGE`].
    MinorAge,
}

/// The lowest daily wage paid for a full day, in pesos ("315.04", "$1,250.50").
pub const INPUT_LOWEST_DAILY_WAGE: &str = "lowest_daily_wage";
/// The minimum-wage zone: "general" or "northern_border".
pub const INPUT_ZONE: &str = "zone";
/// Whole years of service.
pub const INPUT_YEARS_OF_SERVICE: &str = "years_of_service";
/// Vacation days granted for that year of service.
pub const INPUT_DAYS_GRANTED: &str = "days_granted";
/// Ordinary hours a week of the day shift, at most two decimals ("48", "47.5").
pub const INPUT_WEEKLY_HOURS: &str = "weekly_hours";
/// Age in whole years.
pub const INPUT_AGE: &str = "age";

impl Check {
    pub const ALL: [Check; 4] = [
        Check::MinimumWage,
        Check::VacationDays,
        Check::WeeklyHours,
        Check::MinorAge,
    ];

    /// The stable code used in the protocol files and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Check::MinimumWage => "minimum_wage",
            Check::VacationDays => "vacation_days",
            Check::WeeklyHours => "weekly_hours",
            Check::MinorAge => "minor_age",
        }
    }

    /// The names of the inputs the check reads from [`Answer::inputs`], for building forms.
    pub fn inputs(self) -> &'static [&'static str] {
        match self {
            Check::MinimumWage => &[INPUT_LOWEST_DAILY_WAGE, INPUT_ZONE],
            Check::VacationDays => &[INPUT_YEARS_OF_SERVICE, INPUT_DAYS_GRANTED],
            Check::WeeklyHours => &[INPUT_WEEKLY_HOURS],
            Check::MinorAge => &[INPUT_AGE],
        }
    }
}

/// One yes/no question of a protocol ("yes" = complies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Globally unique and stable, e.g. "gc.weekly_rest". The same id in two versions of a matter
    /// is the same question.
    pub id: String,
    pub text_es: String,
    pub text_en: String,
    /// The legal basis, e.g. "LFT 69, 70; CPEUM 123-A-IV".
    pub article: String,
    /// What the inspector should see or ask for.
    pub evidence_es: String,
    pub evidence_en: String,
    /// The violation of the violation catalog (rules/violations.toml) a failed answer leads to.
    pub violation: String,
    /// Whether a corrective order can fix a failure (a missing extinguisher can; a child under 15
    /// working cannot: the work stops at once).
    pub correctable: bool,
    /// The corrective measure of a correctable question; `None` when not correctable.
    pub measure: Option<MeasureKind>,
    /// Authorities a failed answer is referred to automatically.
    pub referral: Vec<ReferralAuthority>,
    pub check: Option<Check>,
    /// A maintainer's note (legal reading, source caveats); may be empty.
    pub note: String,
}

/// One version of the protocol of a matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protocol {
    pub matter: Matter,
    pub version: u32,
    /// In force from this date until the next version of the matter.
    pub in_force_from: NaiveDate,
    pub title_es: String,
    pub title_en: String,
    pub source: String,
    pub notes: String,
    pub questions: Vec<Question>,
}

impl Protocol {
    /// The question with this id in this version.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

/// Every protocol version, validated: question ids unique across matters, versions of a matter
/// in force from strictly later dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocols {
    /// Sorted by matter, then version.
    protocols: Vec<Protocol>,
}

impl Protocols {
    /// The protocols shipped with Faro (`rules/protocols/`), parsed once. Fails only if a shipped
    /// file is malformed, which the tests rule out.
    pub fn official() -> Result<&'static Protocols, DomainError> {
        static OFFICIAL: OnceLock<Result<Protocols, DomainError>> = OnceLock::new();
        OFFICIAL
            .get_or_init(|| Protocols::from_toml_files(&OFFICIAL_FILES))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and validates protocol files (one version of one matter each). Errors name the file
    /// by its 1-based position in `files`.
    pub fn from_toml_files(files: &[&str]) -> Result<Protocols, DomainError> {
        let mut protocols = Vec::with_capacity(files.len());
        for (i, text) in files.iter().enumerate() {
            protocols.push(load::parse_file(i + 1, text)?);
        }
        load::check_set(&mut protocols)?;
        Ok(Protocols { protocols })
    }

    /// The version of the matter's protocol in force on `on`: the one with the latest
    /// `in_force_from` not after it.
    pub fn for_matter(&self, matter: Matter, on: NaiveDate) -> Result<&Protocol, DomainError> {
        self.protocols
            .iter()
            .filter(|p| p.matter == matter && p.in_force_from <= on)
            .max_by_key(|p| p.in_force_from)
            .ok_or_else(|| {
                DomainError::new(
                    "protocol.not_in_force",
                    format!("no protocol of matter '{matter}' is in force on {on}"),
                )
                .with("matter", matter.code())
                .with("date", on.to_string())
            })
    }

    /// A given version of a matter's protocol (inspections record the version they used).
    pub fn version(&self, matter: Matter, version: u32) -> Option<&Protocol> {
        self.protocols
            .iter()
            .find(|p| p.matter == matter && p.version == version)
    }

    /// The question with this id, in the latest version of its matter that has it.
    pub fn question(&self, id: &str) -> Option<(&Protocol, &Question)> {
        self.protocols.iter().rev().find_map(|p| p.question(id).map(|q| (p, q)))
    }

    /// Every version of every matter, sorted by matter, then version.
    pub fn all(&self) -> &[Protocol] {
        &self.protocols
    }
}

/// What the inspector found for one question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Complies,
    Fails,
    #[default]
    NotApplicable,
}

/// The inspector's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub question_id: String,
    /// The inspector's choice. For a computed question it is replaced by the computed outcome,
    /// except `NotApplicable`, which skips the computation.
    pub outcome: Outcome,
    #[serde(default)]
    pub note: String,
    /// Workers affected by a failure (fines are per affected worker, LFT 992); at least 1 when the
    /// answer fails.
    #[serde(default)]
    pub affected_workers: u32,
    /// The facts a computed question reads, by the names in [`Check::inputs`].
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
}
