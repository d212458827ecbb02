//! Checks every procedure of the registry shares.

use chrono::NaiveDate;

use crate::DomainError;

/// `<area>.illegal_transition`: the command does not apply in this status.
pub(crate) fn wrong_state(code: &'static str, command: &'static str, status: &'static str) -> DomainError {
    DomainError::new(code, format!("cannot {command} in status {status}"))
        .with("command", command)
        .with("status", status)
}

/// `<area>.not_found`: a command on a case that does not exist.
pub(crate) fn not_found(code: &'static str, command: &'static str) -> DomainError {
    DomainError::new(code, format!("cannot {command} a case that does not exist")).with("command", command)
}

/// A date that cannot be after today (`registry.date_in_future`).
pub(crate) fn not_future(field: &'static str, on: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if on > today {
        return Err(
            DomainError::field(field, "registry.date_in_future", format!("{on} is after today"))
                .with("date", on.to_string()),
        );
    }
    Ok(())
}

/// `from <= until`, else `registry.period_reversed`.
pub(crate) fn ordered(field: &'static str, from: NaiveDate, until: NaiveDate) -> Result<(), DomainError> {
    if until < from {
        return Err(DomainError::field(
            field,
            "registry.period_reversed",
            format!("the period ends ({until}) before it starts ({from})"),
        )
        .with("from", from.to_string())
        .with("until", until.to_string()));
    }
    Ok(())
}

/// The day after `d` (saturating).
pub(crate) fn next_day(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(NaiveDate::MAX)
}

/// The day before `d` (saturating).
pub(crate) fn prev_day(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(NaiveDate::MIN)
}
