//! Inspection programs: an office's plan for a period, with the capacity of its inspectors and the
//! share of inspections kept for workplaces drawn at random (so that the targeting model's bias can
//! be measured against them).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{DomainError, Jurisdiction};

/// What a supervisor asks for when creating a program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramDraft {
    pub name: String,
    pub jurisdiction: Jurisdiction,
    /// The office (delegación, oficina de representación) that carries it out.
    pub office: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Inspections one inspector can carry out in a month.
    pub capacity_per_inspector: u32,
    /// Percentage of the program's inspections reserved for randomly chosen workplaces.
    pub random_share_pct: u32,
}

/// The checked program, ready to store; its event payload is the program itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program(ProgramDraft);

impl Program {
    pub fn draft(&self) -> &ProgramDraft {
        &self.0
    }
    /// Whole or started months the program spans.
    pub fn months(&self) -> u32 {
        let d = &self.0;
        let months = (d.ends_on.year_month() - d.starts_on.year_month()) + 1;
        u32::try_from(months.max(1)).unwrap_or(1)
    }
    /// The inspections the program can carry out with `inspectors` inspectors.
    pub fn capacity(&self, inspectors: u32) -> u32 {
        self.0
            .capacity_per_inspector
            .saturating_mul(inspectors)
            .saturating_mul(self.months())
    }
    /// How many of `planned` inspections should be random draws.
    pub fn random_quota(&self, planned: u32) -> u32 {
        planned.saturating_mul(self.0.random_share_pct).div_ceil(100)
    }
}

trait YearMonth {
    fn year_month(&self) -> i64;
}

impl YearMonth for NaiveDate {
    fn year_month(&self) -> i64 {
        use chrono::Datelike;
        i64::from(self.year()) * 12 + i64::from(self.month0())
    }
}

/// Checks a draft: a name and office, a period of at most two years in order, a capacity of 1 to
/// 200 inspections per inspector per month, and a random share of 0 to 50%.
pub fn decide_create(draft: &ProgramDraft) -> Result<Program, DomainError> {
    let mut d = draft.clone();
    d.name = d.name.trim().to_string();
    d.office = d.office.trim().to_string();
    if d.name.is_empty() {
        return Err(DomainError::field("name", "field.required", "the program needs a name"));
    }
    if d.name.chars().count() > 200 {
        return Err(DomainError::field("name", "field.too_long", "the name is too long").with("max", "200"));
    }
    if d.office.is_empty() {
        return Err(DomainError::field(
            "office",
            "field.required",
            "the program needs an office",
        ));
    }
    if d.ends_on < d.starts_on {
        return Err(DomainError::field(
            "ends_on",
            "program.period_reversed",
            "the program ends before it starts",
        ));
    }
    if (d.ends_on - d.starts_on).num_days() > 731 {
        return Err(DomainError::field(
            "ends_on",
            "program.period_too_long",
            "a program spans at most two years",
        ));
    }
    if !(1..=200).contains(&d.capacity_per_inspector) {
        return Err(DomainError::field(
            "capacity_per_inspector",
            "program.capacity_out_of_range",
            "capacity is 1 to 200 inspections per inspector per month",
        ));
    }
    if d.random_share_pct > 50 {
        return Err(DomainError::field(
            "random_share_pct",
            "program.random_share_out_of_range",
            "the random share is 0 to 50%",
        ));
    }
    Ok(Program(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StateCode;

    fn draft() -> ProgramDraft {
        ProgramDraft {
            name: " Programa 2026-1 ".into(),
            jurisdiction: Jurisdiction::State(StateCode::new(14).unwrap()),
            office: "Guadalajara".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            capacity_per_inspector: 12,
            random_share_pct: 10,
        }
    }

    #[test]
    fn capacity_counts_months_and_inspectors() {
        let p = decide_create(&draft()).unwrap();
        assert_eq!(p.draft().name, "Programa 2026-1");
        assert_eq!(p.months(), 6);
        // 12 a month x 4 inspectors x 6 months.
        assert_eq!(p.capacity(4), 288);
        // 10% of 288, rounded up.
        assert_eq!(p.random_quota(288), 29);
        assert_eq!(p.random_quota(0), 0);
    }

    #[test]
    fn bad_drafts_say_which_field() {
        let mut d = draft();
        d.ends_on = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert_eq!(decide_create(&d).unwrap_err().code, "program.period_reversed");
        let mut d = draft();
        d.random_share_pct = 60;
        assert_eq!(decide_create(&d).unwrap_err().code, "program.random_share_out_of_range");
        let mut d = draft();
        d.capacity_per_inspector = 0;
        assert_eq!(decide_create(&d).unwrap_err().code, "program.capacity_out_of_range");
        let mut d = draft();
        d.name = "  ".into();
        assert_eq!(decide_create(&d).unwrap_err().code, "field.required");
    }
}
