//! Parsing and checking the rule files.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{
    Confidence, DeadlineRule, DeadlineUnit, ParameterRule, ParameterValue, RuleMeta, Rules, Versioned, ViolationRule,
};
use crate::calendar::DayCount;
use crate::DomainError;

pub(super) const DEADLINES_FILE: &str = "deadlines.toml";
pub(super) const VIOLATIONS_FILE: &str = "violations.toml";
pub(super) const PARAMETERS_FILE: &str = "parameters.toml";

/// The unit as written in the files: "hours" or "days" (with a separate `day_count`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawUnit {
    Hours,
    Days,
}

struct RawMeta {
    id: String,
    article: String,
    in_force_from: String,
    in_force_until: Option<String>,
    source: String,
    confidence: Confidence,
    configurable: bool,
    note: String,
}

/// A rule as written: the fields every rule has, plus its own. (Written out rather than with
/// `#[serde(flatten)]`, which cannot be combined with `deny_unknown_fields`.)
macro_rules! raw_rule {
    ($name:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $name {
            id: String,
            article: String,
            in_force_from: String,
            in_force_until: Option<String>,
            source: String,
            confidence: Confidence,
            configurable: bool,
            note: String,
            $($field: $ty),*
        }

        impl $name {
            fn split(self) -> (RawMeta, ($($ty,)*)) {
                (
                    RawMeta {
                        id: self.id,
                        article: self.article,
                        in_force_from: self.in_force_from,
                        in_force_until: self.in_force_until,
                        source: self.source,
                        confidence: self.confidence,
                        configurable: self.configurable,
                        note: self.note,
                    },
                    ($(self.$field,)*),
                )
            }
        }
    };
}

/// The day count as written in `deadlines.toml`: a kind, or "unstated" where the law says
/// plain "días".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawDayCount {
    Calendar,
    Working,
    Unstated,
}

raw_rule!(RawDeadline {
    amount: u32,
    unit: RawUnit,
    day_count: Option<RawDayCount>,
});

raw_rule!(RawViolation {
    title_es: String,
    title_en: String,
    articles: Vec<String>,
    min_uma: u32,
    max_uma: u32,
    criminal: bool,
});

raw_rule!(RawParameter { value: ParameterValue });

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlinesFile {
    #[serde(default)]
    deadline: Vec<RawDeadline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViolationsFile {
    #[serde(default)]
    violation: Vec<RawViolation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParametersFile {
    #[serde(default)]
    parameter: Vec<RawParameter>,
}

/// A `rules.invalid` error about `file` (and `id`, when not empty).
pub(super) fn invalid(file: &str, id: &str, detail: impl Into<String>) -> DomainError {
    let detail = detail.into();
    let e = DomainError::new(
        "rules.invalid",
        if id.is_empty() {
            format!("{file}: {detail}")
        } else {
            format!("{file}, rule '{id}': {detail}")
        },
    )
    .with("file", file);
    if id.is_empty() {
        e
    } else {
        e.with("id", id)
    }
}

fn parse_file<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, DomainError> {
    toml::from_str(text).map_err(|e| invalid(file, "", e.to_string().trim_end().to_string()))
}

pub(super) fn parse_date(file: &str, id: &str, field: &str, value: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| invalid(file, id, format!("{field} '{value}' is not a date YYYY-MM-DD")))
}

fn meta(file: &str, raw: RawMeta) -> Result<RuleMeta, DomainError> {
    let id = raw.id.trim().to_string();
    if id.is_empty() || id.chars().any(char::is_whitespace) {
        return Err(invalid(file, &raw.id, "the id must be non-empty and have no spaces"));
    }
    for (field, value) in [("article", &raw.article), ("source", &raw.source)] {
        if value.trim().is_empty() {
            return Err(invalid(file, &id, format!("{field} is empty")));
        }
    }
    let in_force_from = parse_date(file, &id, "in_force_from", &raw.in_force_from)?;
    let in_force_until = match &raw.in_force_until {
        Some(v) => Some(parse_date(file, &id, "in_force_until", v)?),
        None => None,
    };
    if in_force_until.is_some_and(|until| until <= in_force_from) {
        return Err(invalid(file, &id, "in_force_until must be after in_force_from"));
    }
    if raw.confidence != Confidence::Primary && !raw.configurable {
        return Err(invalid(
            file,
            &id,
            format!("a rule tagged {} must be configurable", raw.confidence.tag()),
        ));
    }
    Ok(RuleMeta {
        id,
        article: raw.article,
        in_force_from,
        in_force_until,
        source: raw.source,
        confidence: raw.confidence,
        configurable: raw.configurable,
        note: raw.note,
    })
}

/// The unit of a deadline from its written form.
pub(super) fn unit(
    file: &str,
    id: &str,
    unit: RawUnit,
    day_count: Option<DayCount>,
) -> Result<DeadlineUnit, DomainError> {
    match (unit, day_count) {
        (RawUnit::Hours, None) => Ok(DeadlineUnit::Hours),
        (RawUnit::Hours, Some(_)) => Err(invalid(file, id, "a deadline in hours takes no day_count")),
        (RawUnit::Days, Some(count)) => Ok(DeadlineUnit::Days(count)),
        (RawUnit::Days, None) => Err(invalid(
            file,
            id,
            "a deadline in days needs day_count = \"working\", \"calendar\" or \"unstated\"",
        )),
    }
}

pub(super) fn check_amount(file: &str, id: &str, amount: u32) -> Result<(), DomainError> {
    if amount == 0 {
        return Err(invalid(file, id, "amount must be at least 1"));
    }
    Ok(())
}

pub(super) fn check_range(file: &str, id: &str, min: u32, max: u32) -> Result<(), DomainError> {
    if max == 0 || min > max {
        return Err(invalid(file, id, format!("the range {min}-{max} UMA is empty")));
    }
    Ok(())
}

fn deadline(raw: RawDeadline) -> Result<DeadlineRule, DomainError> {
    let (raw_meta, (amount, raw_unit, day_count)) = raw.split();
    let meta = meta(DEADLINES_FILE, raw_meta)?;
    check_amount(DEADLINES_FILE, &meta.id, amount)?;
    let (day_count, day_count_stated) = match day_count {
        Some(RawDayCount::Calendar) => (Some(DayCount::Calendar), true),
        Some(RawDayCount::Working) => (Some(DayCount::Working), true),
        // Faro's default where the law is silent; the centres choose (see DeadlineRule).
        Some(RawDayCount::Unstated) => (Some(DayCount::Working), false),
        None => (None, true),
    };
    if !day_count_stated && meta.confidence == Confidence::Primary {
        return Err(invalid(
            DEADLINES_FILE,
            &meta.id,
            "a day count the law leaves unstated cannot be tagged P",
        ));
    }
    let unit = unit(DEADLINES_FILE, &meta.id, raw_unit, day_count)?;
    Ok(DeadlineRule {
        meta,
        amount,
        unit,
        day_count_stated,
    })
}

fn violation(raw: RawViolation) -> Result<ViolationRule, DomainError> {
    let (raw_meta, (title_es, title_en, articles, min_uma, max_uma, criminal)) = raw.split();
    let meta = meta(VIOLATIONS_FILE, raw_meta)?;
    check_range(VIOLATIONS_FILE, &meta.id, min_uma, max_uma)?;
    if title_es.trim().is_empty() || title_en.trim().is_empty() {
        return Err(invalid(VIOLATIONS_FILE, &meta.id, "title_es and title_en are required"));
    }
    Ok(ViolationRule {
        meta,
        title_es,
        title_en,
        articles,
        min_uma,
        max_uma,
        criminal,
    })
}

fn parameter(raw: RawParameter) -> Result<ParameterRule, DomainError> {
    let (raw_meta, (value,)) = raw.split();
    Ok(ParameterRule {
        meta: meta(PARAMETERS_FILE, raw_meta)?,
        value,
    })
}

/// Sorts the versions by id and date and refuses two versions of one id that overlap.
pub(super) fn sort_and_check<T: Versioned>(file: &str, items: &mut [T]) -> Result<(), DomainError> {
    items.sort_by(|a, b| (&a.meta().id, a.meta().in_force_from).cmp(&(&b.meta().id, b.meta().in_force_from)));
    for pair in items.windows(2) {
        let [a, b] = pair else { continue };
        let (a, b) = (a.meta(), b.meta());
        if a.id == b.id && a.in_force_until.is_none_or(|until| until > b.in_force_from) {
            return Err(invalid(
                file,
                &a.id,
                format!(
                    "the versions from {} and from {} overlap",
                    a.in_force_from, b.in_force_from
                ),
            ));
        }
    }
    Ok(())
}

pub(super) fn parse(deadlines: &str, violations: &str, parameters: &str) -> Result<Rules, DomainError> {
    let d: DeadlinesFile = parse_file(DEADLINES_FILE, deadlines)?;
    let v: ViolationsFile = parse_file(VIOLATIONS_FILE, violations)?;
    let p: ParametersFile = parse_file(PARAMETERS_FILE, parameters)?;
    let mut rules = Rules {
        deadlines: d.deadline.into_iter().map(deadline).collect::<Result<_, _>>()?,
        violations: v.violation.into_iter().map(violation).collect::<Result<_, _>>()?,
        parameters: p.parameter.into_iter().map(parameter).collect::<Result<_, _>>()?,
    };
    sort_and_check(DEADLINES_FILE, &mut rules.deadlines)?;
    sort_and_check(VIOLATIONS_FILE, &mut rules.violations)?;
    sort_and_check(PARAMETERS_FILE, &mut rules.parameters)?;
    Ok(rules)
}
