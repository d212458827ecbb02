//! Reading protocol files (TOML) and checking them, one by one and as a set.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Check, MeasureKind, Protocol, Question};
use crate::inspection::{Matter, ReferralAuthority};
use crate::DomainError;

/// A protocol file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProtocol {
    matter: String,
    version: u32,
    in_force_from: toml::value::Datetime,
    title_es: String,
    title_en: String,
    source: String,
    #[serde(default)]
    notes: String,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    text_es: String,
    text_en: String,
    article: String,
    evidence_es: String,
    evidence_en: String,
    violation: String,
    correctable: bool,
    measure: RawMeasure,
    #[serde(default)]
    referral: Option<OneOrMany>,
    #[serde(default)]
    check: Option<Check>,
    #[serde(default)]
    note: String,
}

/// `measure` must be written out, "none" included, so that every question says it.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawMeasure {
    Safety,
    General,
    None,
}

/// `referral = "prosecutor"` or `referral = ["child_protection", "prosecutor"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(ReferralAuthority),
    Many(Vec<ReferralAuthority>),
}

fn file_error(file: usize, detail: impl Into<String>) -> DomainError {
    let detail = detail.into();
    DomainError::new("protocol.file_invalid", format!("protocol file #{file}: {detail}"))
        .with("file", file.to_string())
        .with("reason", detail)
}

fn question_error(file: usize, question: &str, field: &'static str, detail: impl Into<String>) -> DomainError {
    let detail = detail.into();
    DomainError::new(
        "protocol.question_invalid",
        format!("protocol file #{file}, question '{question}', {field}: {detail}"),
    )
    .with("file", file.to_string())
    .with("question", question)
    .with("field", field)
    .with("reason", detail)
}

/// Parses and checks one file. `file` is its 1-based position, for error messages.
pub(super) fn parse_file(file: usize, text: &str) -> Result<Protocol, DomainError> {
    let raw: RawProtocol = toml::from_str(text).map_err(|e| file_error(file, e.to_string()))?;
    let matter: Matter = raw
        .matter
        .parse()
        .map_err(|_| file_error(file, format!("'{}' is not a matter of inspection", raw.matter)))?;
    if raw.version == 0 {
        return Err(file_error(file, "version must be 1 or more"));
    }
    let in_force_from = toml_date(&raw.in_force_from).ok_or_else(|| {
        file_error(
            file,
            format!("in_force_from '{}' is not a plain date (YYYY-MM-DD)", raw.in_force_from),
        )
    })?;
    for (field, value) in [
        ("title_es", &raw.title_es),
        ("title_en", &raw.title_en),
        ("source", &raw.source),
    ] {
        if value.trim().is_empty() {
            return Err(file_error(file, format!("{field} is empty")));
        }
    }
    if raw.questions.is_empty() {
        return Err(file_error(file, "a protocol needs at least one question"));
    }
    let mut seen = BTreeSet::new();
    let mut questions = Vec::with_capacity(raw.questions.len());
    for q in raw.questions {
        if !seen.insert(q.id.clone()) {
            return Err(DomainError::new(
                "protocol.duplicate_question",
                format!("protocol file #{file}: question '{}' appears twice", q.id),
            )
            .with("file", file.to_string())
            .with("question", q.id));
        }
        questions.push(question(file, q)?);
    }
    Ok(Protocol {
        matter,
        version: raw.version,
        in_force_from,
        title_es: raw.title_es,
        title_en: raw.title_en,
        source: raw.source,
        notes: raw.notes.trim().to_string(),
        questions,
    })
}

/// A TOML local date (no time, no offset) as a `NaiveDate`.
fn toml_date(d: &toml::value::Datetime) -> Option<NaiveDate> {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
        }
        _ => None,
    }
}

/// "gc.weekly_rest": a lowercase prefix, a dot, then lowercase letters, digits and underscores.
fn valid_id(id: &str) -> bool {
    let Some((prefix, name)) = id.split_once('.') else {
        return false;
    };
    !prefix.is_empty()
        && !name.is_empty()
        && prefix.bytes().all(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// "lft-994-iv-bis": "lft-" then lowercase letters, digits and single dashes.
fn valid_violation(v: &str) -> bool {
    v.strip_prefix("lft-").is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('-')
            && !rest.ends_with('-')
            && !rest.contains("--")
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

fn question(file: usize, q: RawQuestion) -> Result<Question, DomainError> {
    let id = q.id;
    if !valid_id(&id) {
        return Err(question_error(
            file,
            &id,
            "id",
            "must look like 'gc.weekly_rest' (lowercase, one dot)",
        ));
    }
    let texts = [
        ("text_es", &q.text_es),
        ("text_en", &q.text_en),
        ("article", &q.article),
        ("evidence_es", &q.evidence_es),
        ("evidence_en", &q.evidence_en),
    ];
    for (field, value) in texts {
        if value.trim().is_empty() {
            return Err(question_error(file, &id, field, "is empty"));
        }
    }
    if !valid_violation(&q.violation) {
        return Err(question_error(
            file,
            &id,
            "violation",
            format!("'{}' is not a violation id like 'lft-994-v'", q.violation),
        ));
    }
    let measure = match q.measure {
        RawMeasure::Safety => Some(MeasureKind::Safety),
        RawMeasure::General => Some(MeasureKind::General),
        RawMeasure::None => None,
    };
    if q.correctable != measure.is_some() {
        return Err(question_error(
            file,
            &id,
            "measure",
            "a correctable question needs a measure (safety or general); one that is not correctable has none",
        ));
    }
    let referral = match q.referral {
        None => Vec::new(),
        Some(OneOrMany::One(r)) => vec![r],
        Some(OneOrMany::Many(rs)) => rs,
    };
    let distinct: BTreeSet<_> = referral.iter().collect();
    if distinct.len() != referral.len() {
        return Err(question_error(file, &id, "referral", "an authority is named twice"));
    }
    Ok(Question {
        id,
        text_es: q.text_es,
        text_en: q.text_en,
        article: q.article,
        evidence_es: q.evidence_es,
        evidence_en: q.evidence_en,
        violation: q.violation,
        correctable: q.correctable,
        measure,
        referral,
        check: q.check,
        note: q.note.trim().to_string(),
    })
}

/// Checks the files as a set and sorts them by matter, then version: one file per version of a
/// matter, later versions in force from strictly later dates, and a question id never used by two
/// matters (the same id in two versions of one matter is the same question).
pub(super) fn check_set(protocols: &mut [Protocol]) -> Result<(), DomainError> {
    protocols.sort_by_key(|p| (p.matter, p.version));
    for pair in protocols.windows(2) {
        let [a, b] = pair else { continue };
        if a.matter != b.matter {
            continue;
        }
        if a.version == b.version {
            return Err(DomainError::new(
                "protocol.duplicate_version",
                format!("version {} of '{}' is given twice", a.version, a.matter),
            )
            .with("matter", a.matter.code())
            .with("version", a.version.to_string()));
        }
        if b.in_force_from <= a.in_force_from {
            return Err(DomainError::new(
                "protocol.version_order",
                format!(
                    "version {} of '{}' must come into force after version {} ({})",
                    b.version, b.matter, a.version, a.in_force_from
                ),
            )
            .with("matter", b.matter.code())
            .with("version", b.version.to_string()));
        }
    }
    let mut owner: BTreeMap<&str, Matter> = BTreeMap::new();
    for p in protocols.iter() {
        for q in &p.questions {
            let first = *owner.entry(q.id.as_str()).or_insert(p.matter);
            if first != p.matter {
                return Err(DomainError::new(
                    "protocol.duplicate_question",
                    format!("question '{}' is used by '{}' and '{}'", q.id, first, p.matter),
                )
                .with("question", q.id.clone()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(valid_id("gc.weekly_rest"));
        assert!(valid_id("cl.under_15"));
        for bad in [
            "",
            "gc",
            "gc.",
            ".x",
            "GC.x",
            "gc.Weekly",
            "gc.a.b",
            "g1.x",
            "gc.a-b",
            "gc.a b",
        ] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn violations() {
        for good in ["lft-993", "lft-994-iv-bis", "lft-1004-c"] {
            assert!(valid_violation(good), "{good}");
        }
        for bad in [
            "",
            "lft-",
            "lft--1",
            "lft-1-",
            "LFT-993",
            "993",
            "lft-99 3",
            "lft-994_i",
        ] {
            assert!(!valid_violation(bad), "{bad}");
        }
    }
}
