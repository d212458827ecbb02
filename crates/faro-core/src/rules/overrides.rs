//! A deployment's changes to the configurable rules.
//!
//! ```toml
//! [deadlines."sanction.resolution"]
//! amount = 20
//! day_count = "working"          # or unit = "hours"
//!
//! [violations."lft-994-iii"]
//! in_force_from = "2016-01-28"   # optional: only the version that starts on that day
//! min_uma = 50
//! max_uma = 1500
//!
//! [parameters."sanction.publish_when"]
//! value = "notified"
//! ```
//!
//! Without `in_force_from` an override changes every version of the rule, and every one of them
//! must be configurable.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::load::{self, check_amount, check_range, invalid, parse_date, RawUnit};
use super::{DeadlineUnit, ParameterValue, RuleMeta, Rules, Versioned};
use crate::calendar::DayCount;
use crate::DomainError;

const FILE: &str = "overrides";
const MARK: &str = "; overridden by the deployment";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overrides {
    #[serde(default)]
    deadlines: BTreeMap<String, DeadlineOverride>,
    #[serde(default)]
    violations: BTreeMap<String, ViolationOverride>,
    #[serde(default)]
    parameters: BTreeMap<String, ParameterOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineOverride {
    in_force_from: Option<String>,
    amount: Option<u32>,
    unit: Option<RawUnit>,
    day_count: Option<DayCount>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViolationOverride {
    in_force_from: Option<String>,
    min_uma: Option<u32>,
    max_uma: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParameterOverride {
    in_force_from: Option<String>,
    value: ParameterValue,
}

/// The versions of `id` an override targets (all, or the one starting on `in_force_from`), each
/// checked to be configurable.
fn targets<'a, T: Versioned>(
    items: &'a mut [T],
    kind: &str,
    id: &str,
    in_force_from: Option<&str>,
) -> Result<Vec<&'a mut T>, DomainError> {
    let from = match in_force_from {
        Some(v) => Some(parse_date(FILE, id, "in_force_from", v)?),
        None => None,
    };
    let chosen: Vec<&mut T> = items
        .iter_mut()
        .filter(|r| r.meta().id == id && from.is_none_or(|f| r.meta().in_force_from == f))
        .collect();
    if chosen.is_empty() {
        let what = match from {
            Some(f) => format!("there is no version of the {kind} rule '{id}' in force from {f}"),
            None => format!("there is no {kind} rule '{id}'"),
        };
        return Err(DomainError::new("rules.unknown", what).with("id", id));
    }
    if chosen.iter().any(|r| !r.meta().configurable) {
        return Err(DomainError::new(
            "rules.not_configurable",
            format!("the {kind} rule '{id}' is fixed by the law and cannot be overridden"),
        )
        .with("id", id));
    }
    Ok(chosen)
}

fn mark(meta: &mut RuleMeta) {
    if !meta.source.ends_with(MARK) {
        meta.source.push_str(MARK);
    }
}

pub(super) fn apply(rules: &Rules, text: &str) -> Result<Rules, DomainError> {
    let o: Overrides = toml::from_str(text).map_err(|e| invalid(FILE, "", e.to_string().trim_end().to_string()))?;
    let mut out = rules.clone();

    for (id, d) in &o.deadlines {
        if d.amount.is_none() && d.unit.is_none() && d.day_count.is_none() {
            return Err(invalid(FILE, id, "nothing to change: give amount, unit or day_count"));
        }
        if let Some(amount) = d.amount {
            check_amount(FILE, id, amount)?;
        }
        for rule in targets(&mut out.deadlines, "deadline", id, d.in_force_from.as_deref())? {
            if !rule.day_count_stated && d.day_count.is_some() {
                return Err(invalid(
                    FILE,
                    id,
                    "the law does not say which days count for this term: each conciliation centre chooses \
                     (its setting for plain \"días\"), not the rules",
                ));
            }
            let current = match rule.unit {
                DeadlineUnit::Hours => (RawUnit::Hours, None),
                DeadlineUnit::Days(c) => (RawUnit::Days, Some(c)),
            };
            let written_unit = d.unit.unwrap_or(current.0);
            // A new unit of hours drops the day count; otherwise a missing day count is kept.
            let day_count = match (d.day_count, written_unit) {
                (Some(c), _) => Some(c),
                (None, RawUnit::Hours) => None,
                (None, RawUnit::Days) => current.1,
            };
            rule.unit = load::unit(FILE, id, written_unit, day_count)?;
            if let Some(amount) = d.amount {
                rule.amount = amount;
            }
            mark(&mut rule.meta);
        }
    }

    for (id, v) in &o.violations {
        if v.min_uma.is_none() && v.max_uma.is_none() {
            return Err(invalid(FILE, id, "nothing to change: give min_uma or max_uma"));
        }
        for rule in targets(&mut out.violations, "violation", id, v.in_force_from.as_deref())? {
            let min = v.min_uma.unwrap_or(rule.min_uma);
            let max = v.max_uma.unwrap_or(rule.max_uma);
            check_range(FILE, id, min, max)?;
            rule.min_uma = min;
            rule.max_uma = max;
            mark(&mut rule.meta);
        }
    }

    for (id, p) in &o.parameters {
        for rule in targets(&mut out.parameters, "parameter", id, p.in_force_from.as_deref())? {
            let same_kind = matches!(
                (&rule.value, &p.value),
                (ParameterValue::Int(_), ParameterValue::Int(_)) | (ParameterValue::Text(_), ParameterValue::Text(_))
            );
            if !same_kind {
                return Err(invalid(
                    FILE,
                    id,
                    "the new value must be of the same kind (number or text) as the old",
                ));
            }
            rule.value = p.value.clone();
            mark(&mut rule.meta);
        }
    }
    Ok(out)
}
