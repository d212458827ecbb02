//! Deciding the outcome of an answer, computing it for the questions that have a [`Check`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{
    law, Answer, Check, Outcome, Question, INPUT_AGE, INPUT_DAYS_GRANTED, INPUT_LOWEST_DAILY_WAGE, INPUT_WEEKLY_HOURS,
    INPUT_YEARS_OF_SERVICE, INPUT_ZONE,
};
use crate::catalog::{Catalogs, Money, WageZone};
use crate::DomainError;

/// The outcome of `answer` to `question` on the inspection date `on`.
///
/// For a computed question the inputs are parsed (a missing or malformed one is a
/// `protocol.input_invalid` error naming the field) and the law in force on `on` decides; the
/// inspector's `NotApplicable` skips the computation. Otherwise the inspector's outcome stands. A
/// failed outcome needs `affected_workers >= 1` (`protocol.affected_required`).
pub fn evaluate(
    question: &Question,
    answer: &Answer,
    on: NaiveDate,
    catalogs: &Catalogs,
) -> Result<Outcome, DomainError> {
    if answer.question_id != question.id {
        return Err(DomainError::new(
            "protocol.question_mismatch",
            format!("the answer is for '{}', not for '{}'", answer.question_id, question.id),
        )
        .with("question", question.id.clone())
        .with("answer", answer.question_id.clone()));
    }
    let outcome = match (question.check, answer.outcome) {
        (_, Outcome::NotApplicable) => Outcome::NotApplicable,
        (None, chosen) => chosen,
        (Some(check), _) => compute(check, &answer.inputs, on, catalogs)?,
    };
    if outcome == Outcome::Fails && answer.affected_workers == 0 {
        return Err(DomainError::new(
            "protocol.affected_required",
            format!(
                "question '{}' fails: say how many workers are affected (at least 1)",
                question.id
            ),
        )
        .with("question", question.id.clone()));
    }
    Ok(outcome)
}

fn fails_if(failed: bool) -> Outcome {
    if failed {
        Outcome::Fails
    } else {
        Outcome::Complies
    }
}

fn compute(
    check: Check,
    inputs: &BTreeMap<String, String>,
    on: NaiveDate,
    catalogs: &Catalogs,
) -> Result<Outcome, DomainError> {
    match check {
        Check::MinimumWage => {
            let wage = wage_input(inputs, INPUT_LOWEST_DAILY_WAGE)?;
            let zone = zone_input(inputs, INPUT_ZONE)?;
            let minimum = catalogs.minimum_wage_on(on, zone).ok_or_else(|| {
                DomainError::new(
                    "protocol.check_unavailable",
                    format!("no minimum wage is known for {on}"),
                )
                .with("check", check.code())
                .with("date", on.to_string())
            })?;
            Ok(fails_if(wage < minimum))
        }
        Check::VacationDays => {
            let years = whole_input(inputs, INPUT_YEARS_OF_SERVICE, 100)?;
            let granted = whole_input(inputs, INPUT_DAYS_GRANTED, 366)?;
            Ok(fails_if(granted < law::vacation_days_required(years, on)))
        }
        Check::WeeklyHours => {
            let hundredths = hours_input(inputs, INPUT_WEEKLY_HOURS)?;
            Ok(fails_if(hundredths > u64::from(law::max_weekly_hours(on)) * 100))
        }
        Check::MinorAge => {
            let age = whole_input(inputs, INPUT_AGE, 120)?;
            Ok(fails_if(age < law::MINIMUM_WORKING_AGE))
        }
    }
}

fn invalid(field: &'static str, value: &str, why: &str) -> DomainError {
    DomainError::field(field, "protocol.input_invalid", format!("input '{field}': {why}")).with("value", value)
}

/// The trimmed, non-empty value of an input.
fn required<'a>(inputs: &'a BTreeMap<String, String>, field: &'static str) -> Result<&'a str, DomainError> {
    match inputs.get(field).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(invalid(field, "", "is missing")),
    }
}

/// A whole number from 0 to `max`.
fn whole_input(inputs: &BTreeMap<String, String>, field: &'static str, max: u32) -> Result<u32, DomainError> {
    let v = required(inputs, field)?;
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(field, v, "is not a whole number"));
    }
    match v.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(invalid(field, v, &format!("must be at most {max}"))),
    }
}

/// Hours with at most two decimals (point or comma), from 0 to 168, in hundredths.
fn hours_input(inputs: &BTreeMap<String, String>, field: &'static str) -> Result<u64, DomainError> {
    let v = required(inputs, field)?;
    let (whole, frac) = v.split_once(['.', ',']).unwrap_or((v, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 || whole.len() > 3 {
        return Err(invalid(field, v, "is not a number of hours (e.g. 48 or 47.5)"));
    }
    let whole: u64 = whole
        .parse()
        .map_err(|_| invalid(field, v, "is not a number of hours"))?;
    let frac: u64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u64>().map(|f| f * 10).unwrap_or(0),
        _ => frac.parse().unwrap_or(0),
    };
    let hundredths = whole * 100 + frac;
    if hundredths > 168 * 100 {
        return Err(invalid(field, v, "a week has 168 hours"));
    }
    Ok(hundredths)
}

/// An amount of pesos, not negative. Commas are accepted only as thousands separators, so that
/// "315,04" (a decimal comma) is refused instead of being read as 31,504 pesos.
fn wage_input(inputs: &BTreeMap<String, String>, field: &'static str) -> Result<Money, DomainError> {
    let v = required(inputs, field)?;
    let bad = || invalid(field, v, "is not an amount of pesos (e.g. 315.04)");
    let number = v.strip_prefix('$').unwrap_or(v).trim();
    let whole = number.split_once('.').map_or(number, |(w, _)| w);
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    if whole.contains(',') && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3)) {
        return Err(bad());
    }
    let money: Money = v.parse().map_err(|_| bad())?;
    if money < Money::ZERO {
        return Err(invalid(field, v, "cannot be negative"));
    }
    Ok(money)
}

/// "general" or "northern_border".
fn zone_input(inputs: &BTreeMap<String, String>, field: &'static str) -> Result<WageZone, DomainError> {
    let v = required(inputs, field)?;
    match v.to_ascii_lowercase().as_str() {
        "general" => Ok(WageZone::General),
        "northern_border" => Ok(WageZone::NorthernBorder),
        _ => Err(invalid(field, v, "must be 'general' or 'northern_border'")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn hours() {
        let ok = [
            ("48", 4800),
            ("47.5", 4750),
            ("47,5", 4750),
            ("40.25", 4025),
            (" 0 ", 0),
            ("168", 16800),
        ];
        for (text, hundredths) in ok {
            assert_eq!(hours_input(&inputs(&[("h", text)]), "h").unwrap(), hundredths, "{text}");
        }
        for bad in ["", "abc", "-1", "48.123", "168.01", "1000", ".5", "4 8", "48h", "1e2"] {
            let err = hours_input(&inputs(&[("h", bad)]), "h").unwrap_err();
            assert_eq!(err.code, "protocol.input_invalid", "{bad}");
        }
    }

    #[test]
    fn wages() {
        let ok = [
            ("315.04", 31_504),
            ("$315.04", 31_504),
            ("315", 31_500),
            ("1,250.50", 125_050),
            ("0", 0),
        ];
        for (text, centavos) in ok {
            assert_eq!(
                wage_input(&inputs(&[("w", text)]), "w").unwrap(),
                Money::from_centavos(centavos),
                "{text}"
            );
        }
        for bad in ["315,04", "31,5.00", ",315", "1,2345", "-315.04", "abc", "315.045", ""] {
            let err = wage_input(&inputs(&[("w", bad)]), "w").unwrap_err();
            assert_eq!(err.code, "protocol.input_invalid", "{bad}");
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(whole_input(&inputs(&[("n", " 14 ")]), "n", 120).unwrap(), 14);
        for bad in ["-1", "1.5", "x", "121", "99999999999"] {
            assert_eq!(
                whole_input(&inputs(&[("n", bad)]), "n", 120).unwrap_err().code,
                "protocol.input_invalid",
                "{bad}"
            );
        }
        let missing = whole_input(&inputs(&[]), "n", 120).unwrap_err();
        assert!(missing.params.contains(&("field", "n".to_string())));
    }

    #[test]
    fn zones() {
        assert_eq!(
            zone_input(&inputs(&[("z", "General")]), "z").unwrap(),
            WageZone::General
        );
        assert_eq!(
            zone_input(&inputs(&[("z", "northern_border")]), "z").unwrap(),
            WageZone::NorthernBorder
        );
        assert_eq!(
            zone_input(&inputs(&[("z", "zlfn")]), "z").unwrap_err().code,
            "protocol.input_invalid"
        );
    }
}
