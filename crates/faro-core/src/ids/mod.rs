//! Mexican identifiers as domain types: [`Rfc`] (SAT taxpayer registry), [`Curp`] (RENAPO population
//! registry) and [`Nss`] (IMSS social security number).
//!
//! A value can only be obtained by parsing (`parse`) or by a module's `build`, which computes the check
//! digit; the fields are private, so every value in the program has passed validation.
//!
//! Parsing first [`normalize`]s the input: separators (white space, hyphens, dots, underscores) are
//! removed and ASCII letters and `ñ` are upper-cased. A parse returns the value with its warnings
//! ([`Checked`]) or the first [`IdError`] found. [`check`] turns either outcome into a [`CheckReport`],
//! which the CLI (`faro check rfc|curp|nss VALUE`) prints as text or JSON.
//!
//! Rules and algorithms: law digest `NOTES.md` §8 (python-stdnum for the RFC and CURP, community sources
//! for the NSS).

pub mod curp;
pub mod nss;
pub mod rfc;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

pub use curp::{Curp, Sex};
pub use nss::Nss;
pub use rfc::Rfc;

/// A parsed value together with the warnings its parse produced (problems that do not make it invalid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked<T> {
    pub value: T,
    pub warnings: Vec<IdWarning>,
}

/// The kinds of identifier this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdKind {
    Rfc,
    Curp,
    Nss,
}

impl IdKind {
    /// Lower-case name, as the CLI and the API write it: "rfc", "curp", "nss".
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Rfc => "rfc",
            IdKind::Curp => "curp",
            IdKind::Nss => "nss",
        }
    }

    /// Upper-case name for messages: "RFC", "CURP", "NSS".
    pub fn label(self) -> &'static str {
        match self {
            IdKind::Rfc => "RFC",
            IdKind::Curp => "CURP",
            IdKind::Nss => "NSS",
        }
    }

    /// Picks one of three values by kind (used for the per-kind stable codes).
    fn pick(self, rfc: &'static str, curp: &'static str, nss: &'static str) -> &'static str {
        match self {
            IdKind::Rfc => rfc,
            IdKind::Curp => curp,
            IdKind::Nss => nss,
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for IdKind {
    type Err = IdError;

    /// Accepts "rfc", "curp" or "nss", in any case and with surrounding white space.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rfc" => Ok(IdKind::Rfc),
            "curp" => Ok(IdKind::Curp),
            "nss" => Ok(IdKind::Nss),
            _ => Err(IdError::UnknownKind {
                found: s.trim().to_string(),
            }),
        }
    }
}

/// Why an input is not a valid identifier. [`IdError::code`] is stable (translation key and API code);
/// the `Display` text is English and says what to fix. Positions are 1-based and count the characters
/// of the normalized input (separators removed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The kind name is not rfc, curp or nss.
    #[error("unknown identifier kind '{found}'; use rfc, curp or nss")]
    UnknownKind { found: String },
    /// Wrong number of characters.
    #[error("{}", length_message(.kind, .found))]
    Length { kind: IdKind, found: usize },
    /// A character that is not allowed at its position (for the NSS: a character that is not a digit).
    #[error("character {position} of the {kind} is '{found}' but {expected}")]
    Structure {
        kind: IdKind,
        position: usize,
        found: char,
        expected: &'static str,
    },
    /// The date digits (YYMMDD) do not form a calendar date.
    #[error("the {kind}'s date part {digits} (YYMMDD) is not a calendar date: {reason}")]
    Date {
        kind: IdKind,
        digits: String,
        reason: String,
    },
    /// The CURP's state of birth is not a RENAPO code.
    #[error(
        "the CURP's state of birth is '{found}', which is not a RENAPO code; \
         codes are two letters such as DF (Ciudad de México), JC (Jalisco) or NE (born abroad)"
    )]
    State { found: String },
    /// The CURP's sex character is not H, M or X.
    #[error("character 11 of the CURP is '{found}' but must be the sex: H (hombre), M (mujer) or X")]
    Sex { found: char },
    /// The check digit does not match the rest of the identifier (an error for the CURP and the NSS).
    #[error(
        "the {kind}'s check digit is {found} but the rest of the {kind} gives {expected}; \
         a character is probably mistyped"
    )]
    CheckDigit { kind: IdKind, found: char, expected: char },
    /// A builder was given a part that cannot appear in the identifier.
    #[error("cannot build the {kind}: the {part} '{value}' {expected}")]
    InvalidPart {
        kind: IdKind,
        part: &'static str,
        value: String,
        expected: &'static str,
    },
}

impl IdError {
    /// Stable machine code, such as "rfc.length", "curp.check_digit" or "nss.digits".
    pub fn code(&self) -> &'static str {
        match self {
            IdError::UnknownKind { .. } => "id.kind",
            IdError::Length { kind, .. } => kind.pick("rfc.length", "curp.length", "nss.length"),
            IdError::Structure { kind, .. } => kind.pick("rfc.structure", "curp.structure", "nss.digits"),
            IdError::Date { kind, .. } => kind.pick("rfc.date", "curp.date", "nss.date"),
            IdError::State { .. } => "curp.state",
            IdError::Sex { .. } => "curp.sex",
            IdError::CheckDigit { kind, .. } => kind.pick("rfc.check_digit", "curp.check_digit", "nss.check_digit"),
            IdError::InvalidPart { kind, .. } => kind.pick("rfc.part", "curp.part", "nss.part"),
        }
    }
}

/// The message for a wrong length, which depends on the kind.
fn length_message(kind: &IdKind, found: &usize) -> String {
    match (kind, *found) {
        (_, 0) => format!("the {kind} is empty"),
        (IdKind::Rfc, 10) => "RFC has 10 characters: that is an individual's RFC without its 3-character homoclave; \
                              enter all 13 characters"
            .to_string(),
        (IdKind::Rfc, n) => {
            format!("RFC has {n} characters; a legal entity's has 12 and an individual's 13")
        }
        (IdKind::Curp, n) => format!("CURP has {n} characters; it must have 18"),
        (IdKind::Nss, n) => format!("NSS has {n} characters; it must have 11 digits"),
    }
}

/// A problem that does not make the identifier invalid. [`IdWarning::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdWarning {
    /// The RFC's check digit does not match; real RFCs sometimes fail the check.
    #[error(
        "check digit is {found} but the rest of the RFC gives {expected}; \
         about 1.5% of RFCs in use fail this check, so it is only a warning"
    )]
    RfcCheckDigit { found: char, expected: char },
    /// One of SAT's generic RFCs, which do not identify a particular taxpayer.
    #[error("{rfc} is SAT's generic RFC for {meaning}, not a particular taxpayer's RFC")]
    RfcGeneric { rfc: String, meaning: &'static str },
    /// Sex "X" in a CURP.
    #[error("sex X is reported for new CURPs but is not confirmed; check it against the CURP document")]
    CurpSexX,
    /// The CURP's birth date is after the reference date (only [`check_at`] adds this warning).
    #[error(
        "the CURP's birth date {date} is in the future; check the year and the homonym differentiator \
         (character 17: a digit for births before 2000, a letter from 2000)"
    )]
    CurpFutureBirthDate { date: NaiveDate },
}

impl IdWarning {
    /// Stable machine code, such as "rfc.check_digit".
    pub fn code(&self) -> &'static str {
        match self {
            IdWarning::RfcCheckDigit { .. } => "rfc.check_digit",
            IdWarning::RfcGeneric { .. } => "rfc.generic",
            IdWarning::CurpSexX => "curp.sex_x",
            IdWarning::CurpFutureBirthDate { .. } => "curp.future_date",
        }
    }
}

/// Removes separators (white space, hyphens and dashes, dots, underscores) and upper-cases ASCII letters
/// and `ñ`. Other characters are kept as they are, so the parsers can point at them. Idempotent.
pub fn normalize(input: &str) -> String {
    input.chars().filter(|c| !is_separator(*c)).map(upper).collect()
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '_' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}')
}

fn upper(c: char) -> char {
    if c == 'ñ' {
        'Ñ'
    } else {
        c.to_ascii_uppercase()
    }
}

/// Value of two ASCII digits ("93" -> 93); `None` if either is not a digit.
pub(crate) fn two_digits(tens: char, units: char) -> Option<u32> {
    Some(tens.to_digit(10)? * 10 + units.to_digit(10)?)
}

/// Explains why month `mm` / day `dd` is not a date in any of `years`.
pub(crate) fn date_problem(mm: u32, dd: u32, years: &[i32]) -> String {
    if !(1..=12).contains(&mm) {
        return format!("there is no month {mm:02}");
    }
    if dd == 0 || dd > 31 {
        return format!("there is no day {dd:02}");
    }
    if mm == 2 && dd == 29 {
        let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        return format!("29 February does not exist in {} (not a leap year)", list.join(" or "));
    }
    format!("month {mm:02} has no day {dd:02}")
}

/// One error or warning in a [`CheckReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: String,
    pub message: String,
}

impl From<&IdError> for Finding {
    fn from(e: &IdError) -> Self {
        Finding {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

impl From<&IdWarning> for Finding {
    fn from(w: &IdWarning) -> Self {
        Finding {
            code: w.code().to_string(),
            message: w.to_string(),
        }
    }
}

/// The verdict on one input, for the CLI and the API. `valid` means no errors (warnings are allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// "rfc", "curp" or "nss".
    pub kind: String,
    /// The input as given.
    pub input: String,
    pub valid: bool,
    /// The canonical form, when valid.
    pub normalized: Option<String>,
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// What the identifier says (dates, person kind, state...), when valid.
    pub details: BTreeMap<String, String>,
}

impl CheckReport {
    /// A human-readable, multi-line verdict in English.
    pub fn to_text(&self) -> String {
        let label = self.kind.to_uppercase();
        let verdict = match (self.valid, self.warnings.is_empty()) {
            (false, _) => "NOT VALID",
            (true, true) => "valid",
            (true, false) => "valid, with warnings",
        };
        let mut out = format!("{label} \"{}\": {verdict}\n", self.input);
        if let Some(normalized) = &self.normalized {
            out.push_str(&format!("  normalized: {normalized}\n"));
        }
        for (key, value) in &self.details {
            out.push_str(&format!("  {}: {value}\n", key.replace('_', " ")));
        }
        for finding in &self.errors {
            out.push_str(&format!("  error [{}]: {}\n", finding.code, finding.message));
        }
        for finding in &self.warnings {
            out.push_str(&format!("  warning [{}]: {}\n", finding.code, finding.message));
        }
        out
    }
}

/// What a successful parse contributes to a report.
struct Parsed {
    normalized: String,
    warnings: Vec<IdWarning>,
    details: BTreeMap<String, String>,
}

/// Checks `input` as an identifier of `kind`, with today's local date resolving RFC centuries and
/// spotting CURP birth dates in the future. See [`check_at`] for the pure version.
pub fn check(kind: IdKind, input: &str) -> CheckReport {
    check_at(kind, input, chrono::Local::now().date_naive())
}

/// Checks `input` as an identifier of `kind`; `today` resolves the RFC's two-digit year and flags CURP
/// birth dates in the future.
pub fn check_at(kind: IdKind, input: &str, today: NaiveDate) -> CheckReport {
    let outcome = match kind {
        IdKind::Rfc => Rfc::parse(input).map(|c| Parsed {
            normalized: c.value.as_str().to_string(),
            details: c.value.details(today),
            warnings: c.warnings,
        }),
        IdKind::Curp => Curp::parse(input).map(|c| {
            let mut warnings = c.warnings;
            if c.value.birth_date() > today {
                warnings.push(IdWarning::CurpFutureBirthDate {
                    date: c.value.birth_date(),
                });
            }
            Parsed {
                normalized: c.value.as_str().to_string(),
                details: c.value.details(),
                warnings,
            }
        }),
        IdKind::Nss => Nss::parse(input).map(|c| Parsed {
            normalized: c.value.as_str().to_string(),
            details: c.value.details(),
            warnings: c.warnings,
        }),
    };
    report(kind, input, outcome)
}

fn report(kind: IdKind, input: &str, outcome: Result<Parsed, IdError>) -> CheckReport {
    let mut report = CheckReport {
        kind: kind.as_str().to_string(),
        input: input.to_string(),
        valid: outcome.is_ok(),
        normalized: None,
        errors: Vec::new(),
        warnings: Vec::new(),
        details: BTreeMap::new(),
    };
    match outcome {
        Ok(parsed) => {
            report.normalized = Some(parsed.normalized);
            report.warnings = parsed.warnings.iter().map(Finding::from).collect();
            report.details = parsed.details;
        }
        Err(error) => report.errors.push(Finding::from(&error)),
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn kind_parses_and_displays() {
        assert_eq!("rfc".parse::<IdKind>().unwrap(), IdKind::Rfc);
        assert_eq!(" CURP ".parse::<IdKind>().unwrap(), IdKind::Curp);
        assert_eq!("nss".parse::<IdKind>().unwrap(), IdKind::Nss);
        let err = "ine".parse::<IdKind>().unwrap_err();
        assert_eq!(err.code(), "id.kind");
        assert_eq!(err.to_string(), "unknown identifier kind 'ine'; use rfc, curp or nss");
        assert_eq!(IdKind::Nss.to_string(), "NSS");
    }

    #[test]
    fn normalize_removes_separators_and_uppercases() {
        assert_eq!(normalize(" mab-930714.8t4 "), "MAB9307148T4");
        assert_eq!(normalize("peña"), "PEÑA");
        assert_eq!(normalize("é"), "é");
    }

    #[test]
    fn length_messages() {
        let e = IdError::Length {
            kind: IdKind::Rfc,
            found: 11,
        };
        assert_eq!(
            e.to_string(),
            "RFC has 11 characters; a legal entity's has 12 and an individual's 13"
        );
        assert_eq!(e.code(), "rfc.length");
        let e = IdError::Length {
            kind: IdKind::Curp,
            found: 0,
        };
        assert_eq!(e.to_string(), "the CURP is empty");
    }

    #[test]
    fn report_for_valid_rfc() {
        let r = check_at(IdKind::Rfc, "mab-930714-8t4", day(2026, 1, 1));
        assert!(r.valid);
        assert_eq!(r.normalized.as_deref(), Some("MAB9307148T4"));
        assert_eq!(r.details.get("person_kind").map(String::as_str), Some("legal_entity"));
        assert_eq!(r.details.get("date").map(String::as_str), Some("1993-07-14"));
        assert_eq!(r.details.get("homoclave").map(String::as_str), Some("8T4"));
        let text = r.to_text();
        assert!(text.starts_with("RFC \"mab-930714-8t4\": valid\n"), "{text}");
        assert!(text.contains("person kind: legal_entity"), "{text}");
    }

    #[test]
    fn report_with_warning_and_json() {
        let r = check_at(IdKind::Rfc, "MAB9307148T7", day(2026, 1, 1));
        assert!(r.valid);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].code, "rfc.check_digit");
        assert!(r.to_text().contains("valid, with warnings"));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["kind"], "rfc");
        assert_eq!(json["valid"], true);
        assert_eq!(json["warnings"][0]["code"], "rfc.check_digit");
    }

    #[test]
    fn report_for_invalid_curp() {
        let r = check_at(IdKind::Curp, "BOXW310820HNERXN08", day(2026, 1, 1));
        assert!(!r.valid);
        assert_eq!(r.normalized, None);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].code, "curp.check_digit");
        assert!(r.to_text().contains("NOT VALID"));
        assert!(r.details.is_empty());
    }

    #[test]
    fn report_for_curp_details_and_future_birth() {
        let r = check_at(IdKind::Curp, "BOXW310820HNERXN09", day(2026, 1, 1));
        assert!(r.valid);
        assert_eq!(r.details.get("birth_date").map(String::as_str), Some("1931-08-20"));
        assert_eq!(r.details.get("sex").map(String::as_str), Some("male"));
        assert_eq!(r.details.get("state_of_birth").map(String::as_str), Some("NE"));
        let built = curp::build(&curp::CurpParts {
            initials: "ABCD",
            birth_date: day(2030, 1, 1),
            sex: Sex::Female,
            state: "JC",
            consonants: "BCD",
            differentiator: 'A',
        })
        .unwrap();
        let r = check_at(IdKind::Curp, built.as_str(), day(2026, 1, 1));
        assert!(r.valid);
        assert_eq!(r.warnings[0].code, "curp.future_date");
    }

    #[test]
    fn report_for_nss() {
        let r = check_at(IdKind::Nss, "1234 5678 903", day(2026, 1, 1));
        assert!(r.valid, "{r:?}");
        assert_eq!(r.details.get("subdelegation").map(String::as_str), Some("12"));
        assert_eq!(r.details.get("registration_year").map(String::as_str), Some("34"));
        assert_eq!(r.details.get("birth_year").map(String::as_str), Some("56"));
        let r = check_at(IdKind::Nss, "1234567890A", day(2026, 1, 1));
        assert_eq!(r.errors[0].code, "nss.digits");
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(s in any::<String>()) {
            let once = normalize(&s);
            prop_assert_eq!(normalize(&once), once);
        }

        #[test]
        fn check_never_panics(s in any::<String>(), k in 0usize..3) {
            let kind = [IdKind::Rfc, IdKind::Curp, IdKind::Nss][k];
            let r = check(kind, &s);
            prop_assert_eq!(r.valid, r.errors.is_empty());
            let _ = r.to_text();
        }
    }
}
