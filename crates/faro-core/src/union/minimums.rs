//! A collective agreement's terms as data (its wage table, benefits and duration), checked
//! against the legal minimums in force on a date. A clause below the law is flagged with the
//! article it falls short of; it does not bind the workers (LFT 5-XIII), and the registrar sees
//! it at the deposit.
//!
//! | clause | minimum | read from |
//! |---|---|---|
//! | each position's daily wage | the minimum wage of the zone (LFT 90; CPEUM 123-A-VI) | `Catalogs::minimum_wage_on` |
//! | vacation days by year of service | LFT 76 (the 2023 table from 1 January 2023) | `protocol::vacation_days_required` |
//! | vacation premium | 25 % (LFT 80) | parameter `settlement.vacation_premium_percent` |
//! | year-end bonus | 15 days (LFT 87) | parameter `settlement.aguinaldo_days` |
//!
//! An agreement without wages is not an agreement (393); one silent on vacations leaves the law
//! in force (393), which is flagged as information. Professional minimum wages (CONASAMI's list
//! of trades) are not in the catalogs and are not checked. The savings fund has no legal
//! minimum: it is recorded, not checked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::required_text;
use crate::catalog::{Catalogs, Money, WageZone};
use crate::protocol::vacation_days_required;
use crate::rules::Rules;
use crate::DomainError;

/// How many years of service the vacation table is checked for.
pub const VACATION_YEARS_CHECKED: u32 = 35;

const VACATION_PREMIUM: &str = "settlement.vacation_premium_percent";
const YEAR_END_BONUS: &str = "settlement.aguinaldo_days";

/// One position of the wage table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub name: String,
    pub daily_wage: Money,
}

/// A step of the agreement's vacation table: `days` from the `from_year`-th year of service
/// until the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacationStep {
    pub from_year: u32,
    pub days: u32,
}

/// A benefit without a legal minimum, recorded as the agreement states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherBenefit {
    pub name: String,
    pub description: String,
}

/// The benefits of an agreement. `None` (or an empty table) where the agreement is silent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Benefits {
    pub vacation: Vec<VacationStep>,
    pub vacation_premium_percent: Option<u32>,
    pub year_end_bonus_days: Option<u32>,
    /// The employer's contribution to the savings fund, per cent of the wage.
    pub savings_fund_percent: Option<u32>,
    pub other: Vec<OtherBenefit>,
}

/// How long the agreement runs (397, 399).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AgreementDuration {
    Fixed {
        months: u32,
    },
    Indefinite,
    /// Por obra determinada.
    SpecificWork,
}

/// An agreement's terms as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementTerms {
    /// The minimum wage zone of the workplaces covered.
    pub zone: WageZone,
    pub wage_table: Vec<Position>,
    pub benefits: Benefits,
    pub duration: AgreementDuration,
}

/// A clause below the law, or the law filling a silence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    /// LFT 393: without wages it is not a collective agreement.
    NoWageTable,
    WageBelowMinimum {
        position: String,
        daily_wage: Money,
        minimum: Money,
        zone: WageZone,
    },
    VacationBelowLaw {
        year_of_service: u32,
        days: u32,
        required: u32,
    },
    VacationPremiumBelowLaw {
        percent: u32,
        required: u32,
    },
    YearEndBonusBelowLaw {
        days: u32,
        required: u32,
    },
    /// LFT 393: the agreement is silent on this; the law applies. Information, not a defect.
    LawApplies {
        clause: String,
    },
}

impl Flag {
    pub fn code(&self) -> &'static str {
        match self {
            Flag::NoWageTable => "minimums.no_wage_table",
            Flag::WageBelowMinimum { .. } => "minimums.wage_below_minimum",
            Flag::VacationBelowLaw { .. } => "minimums.vacation_below_law",
            Flag::VacationPremiumBelowLaw { .. } => "minimums.vacation_premium_below_law",
            Flag::YearEndBonusBelowLaw { .. } => "minimums.year_end_bonus_below_law",
            Flag::LawApplies { .. } => "minimums.law_applies",
        }
    }
    pub fn article(&self) -> &'static str {
        match self {
            Flag::NoWageTable => "LFT 393",
            Flag::WageBelowMinimum { .. } => "LFT 90; CPEUM 123-A-VI",
            Flag::VacationBelowLaw { .. } => "LFT 76",
            Flag::VacationPremiumBelowLaw { .. } => "LFT 80",
            Flag::YearEndBonusBelowLaw { .. } => "LFT 87",
            Flag::LawApplies { .. } => "LFT 393",
        }
    }
    /// A clause below the law (as opposed to information).
    pub fn below_law(&self) -> bool {
        !matches!(self, Flag::LawApplies { .. })
    }
}

/// The check of an agreement's terms on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumsReport {
    pub on: NaiveDate,
    pub minimum_wage: Money,
    pub flags: Vec<Flag>,
}

impl MinimumsReport {
    /// Whether some clause falls below the law.
    pub fn below_law(&self) -> bool {
        self.flags.iter().any(Flag::below_law)
    }
}

/// The agreement's vacation days in the `year`-th year of service.
pub fn vacation_days_in_year(table: &[VacationStep], year: u32) -> u32 {
    table
        .iter()
        .filter(|s| s.from_year <= year)
        .max_by_key(|s| s.from_year)
        .map(|s| s.days)
        .unwrap_or(0)
}

fn parameter(rules: &Rules, id: &'static str, on: NaiveDate) -> Result<u32, DomainError> {
    let v = rules.parameter_int(id, on)?;
    u32::try_from(v)
        .map_err(|_| DomainError::new("rules.invalid", format!("parameter '{id}' is negative")).with("id", id))
}

/// Checks that the terms are well formed: positions named, wages not negative, steps from the
/// first year on.
pub fn validate(terms: &AgreementTerms) -> Result<AgreementTerms, DomainError> {
    let mut out = terms.clone();
    for p in &mut out.wage_table {
        p.name = required_text("wage_table.name", &p.name, 200)?;
        if p.daily_wage < Money::ZERO {
            return Err(DomainError::field(
                "wage_table.daily_wage",
                "minimums.negative_wage",
                format!("the wage of {} is negative", p.name),
            ));
        }
    }
    if out.benefits.vacation.iter().any(|s| s.from_year == 0) {
        return Err(DomainError::field(
            "benefits.vacation",
            "minimums.vacation_step_year",
            "years of service count from 1",
        ));
    }
    out.benefits.vacation.sort_by_key(|s| s.from_year);
    if let AgreementDuration::Fixed { months: 0 } = out.duration {
        return Err(DomainError::field(
            "duration",
            "minimums.duration_empty",
            "a fixed term has at least one month",
        ));
    }
    Ok(out)
}

/// Checks `terms` against the law in force on `on`.
pub fn check(
    terms: &AgreementTerms,
    rules: &Rules,
    catalogs: &Catalogs,
    on: NaiveDate,
) -> Result<MinimumsReport, DomainError> {
    let minimum_wage = catalogs.minimum_wage_on(on, terms.zone).ok_or_else(|| {
        DomainError::field(
            "on",
            "minimums.no_minimum_wage",
            format!("the catalog has no minimum wage for {on}"),
        )
        .with("date", on.to_string())
    })?;
    let mut flags = Vec::new();
    if terms.wage_table.is_empty() {
        flags.push(Flag::NoWageTable);
    }
    for p in &terms.wage_table {
        if p.daily_wage < minimum_wage {
            flags.push(Flag::WageBelowMinimum {
                position: p.name.clone(),
                daily_wage: p.daily_wage,
                minimum: minimum_wage,
                zone: terms.zone,
            });
        }
    }
    let b = &terms.benefits;
    if b.vacation.is_empty() {
        flags.push(Flag::LawApplies {
            clause: "vacation".into(),
        });
    } else {
        for year in 1..=VACATION_YEARS_CHECKED {
            let days = vacation_days_in_year(&b.vacation, year);
            let required = vacation_days_required(year, on);
            if days < required {
                flags.push(Flag::VacationBelowLaw {
                    year_of_service: year,
                    days,
                    required,
                });
            }
        }
    }
    let premium_min = parameter(rules, VACATION_PREMIUM, on)?;
    match b.vacation_premium_percent {
        None => flags.push(Flag::LawApplies {
            clause: "vacation_premium".into(),
        }),
        Some(p) if p < premium_min => flags.push(Flag::VacationPremiumBelowLaw {
            percent: p,
            required: premium_min,
        }),
        Some(_) => {}
    }
    let bonus_min = parameter(rules, YEAR_END_BONUS, on)?;
    match b.year_end_bonus_days {
        None => flags.push(Flag::LawApplies {
            clause: "year_end_bonus".into(),
        }),
        Some(d) if d < bonus_min => flags.push(Flag::YearEndBonusBelowLaw {
            days: d,
            required: bonus_min,
        }),
        Some(_) => {}
    }
    Ok(MinimumsReport {
        on,
        minimum_wage,
        flags,
    })
}
