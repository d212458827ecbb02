//! The convenio (684-E VIII, XIII, XIV): what the employer pays and when, ratified at the
//! hearing; and its compliance: instalments paid on time or late, and the penalty for delay.
//!
//! 684-E, last paragraph: when payment is deferred, in one or more instalments due after the
//! convenio is signed, the convenio must set a penalty of at least the worker's daily wage "por
//! cada día que transcurra sin que se dé cumplimiento cabal al convenio". The minimum multiple is
//! the parameter `conciliation.late_penalty_min_daily_wages`. A day of delay is a calendar day
//! (the text counts days that pass) on which some instalment is past due and unpaid; two late
//! instalments on the same day make one day of delay, since the penalty is for the convenio not
//! being complied with in full, not per instalment.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::request::Object;
use crate::case::optional_text;
use crate::catalog::Money;
use crate::rules::Rules;
use crate::DomainError;

/// One thing the convenio pays for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub concept: Object,
    pub description: String,
    pub amount: Money,
}

/// One payment the convenio schedules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    /// 1, 2, ... in order of due date.
    pub number: u32,
    pub due_on: NaiveDate,
    pub amount: Money,
    pub paid_on: Option<NaiveDate>,
}

impl Installment {
    /// Calendar days between the due date and the payment (0 when on time).
    pub fn days_late(&self, paid_on: NaiveDate) -> u32 {
        u32::try_from((paid_on - self.due_on).num_days().max(0)).unwrap_or(u32::MAX)
    }
}

/// The convenio as input at the hearing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementInput {
    pub items: Vec<Item>,
    /// Due dates and amounts; numbers and payments are ignored.
    pub installments: Vec<Installment>,
    /// The worker's daily wage, the measure of the penalty.
    pub daily_wage: Money,
    /// The penalty per day of delay agreed.
    pub penalty_per_day: Money,
    /// Signed and ratified in the act (684-E VIII). A convenio that is not is not one.
    pub ratified: bool,
}

/// A ratified convenio and its compliance so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    pub agreed_on: NaiveDate,
    pub items: Vec<Item>,
    pub total: Money,
    /// Sorted by due date; their amounts add up to `total`.
    pub installments: Vec<Installment>,
    pub daily_wage: Money,
    pub penalty_per_day: Money,
    /// Some instalment is due after `agreed_on`, so the penalty is mandatory.
    pub deferred: bool,
    pub penalty_paid: Money,
}

impl Settlement {
    /// What has been paid of the instalments.
    pub fn paid(&self) -> Money {
        self.installments
            .iter()
            .filter(|i| i.paid_on.is_some())
            .map(|i| i.amount)
            .sum()
    }

    /// What is left of the instalments.
    pub fn outstanding(&self) -> Money {
        self.total - self.paid()
    }

    pub fn fully_paid(&self) -> bool {
        self.installments.iter().all(|i| i.paid_on.is_some())
    }

    /// Instalments due before `as_of` and not paid.
    pub fn overdue(&self, as_of: NaiveDate) -> Vec<&Installment> {
        self.installments
            .iter()
            .filter(|i| i.paid_on.is_none() && i.due_on < as_of)
            .collect()
    }

    /// The next unpaid instalment's due date.
    pub fn next_due(&self) -> Option<NaiveDate> {
        self.installments
            .iter()
            .filter(|i| i.paid_on.is_none())
            .map(|i| i.due_on)
            .min()
    }

    /// Days of delay up to and including `as_of`: the days `d` on which some instalment has
    /// `due_on < d` and was not paid before `d` (a payment on `d` still makes `d` late).
    pub fn delay_days(&self, as_of: NaiveDate) -> u32 {
        let mut spans: Vec<(NaiveDate, NaiveDate)> = self
            .installments
            .iter()
            .filter_map(|i| {
                let first = i.due_on.succ_opt()?;
                let last = i.paid_on.unwrap_or(as_of).min(as_of);
                (first <= last).then_some((first, last))
            })
            .collect();
        spans.sort();
        let mut days: i64 = 0;
        let mut covered_to: Option<NaiveDate> = None;
        for (first, last) in spans {
            let first = match covered_to {
                Some(c) if c >= first => match c.succ_opt() {
                    Some(next) => next,
                    None => continue,
                },
                _ => first,
            };
            if first <= last {
                days += (last - first).num_days() + 1;
                covered_to = Some(last);
            }
        }
        u32::try_from(days).unwrap_or(u32::MAX)
    }

    /// The penalty accrued up to `as_of`: days of delay times the penalty per day (saturating).
    pub fn penalty_accrued(&self, as_of: NaiveDate) -> Money {
        self.penalty_per_day
            .checked_mul(i64::from(self.delay_days(as_of)))
            .unwrap_or(Money::from_centavos(i64::MAX))
    }

    /// The accrued penalty not yet paid.
    pub fn penalty_outstanding(&self, as_of: NaiveDate) -> Money {
        let o = self.penalty_accrued(as_of) - self.penalty_paid;
        o.max(Money::ZERO)
    }
}

fn money_field(field: &'static str, code: &'static str, detail: &str) -> DomainError {
    DomainError::field(field, code, detail.to_string())
}

/// Checks a convenio agreed on `agreed_on` against 684-E: ratified, items and instalments that
/// add up, no instalment before the convenio, and the minimum penalty if payment is deferred.
pub fn validate(input: &SettlementInput, agreed_on: NaiveDate, rules: &Rules) -> Result<Settlement, DomainError> {
    if !input.ratified {
        return Err(DomainError::field(
            "ratified",
            "conciliation.settlement_not_ratified",
            "a convenio is signed and ratified in the act (LFT 684-E VIII)",
        ));
    }
    if input.items.is_empty() {
        return Err(money_field(
            "items",
            "conciliation.settlement_no_items",
            "list what the convenio pays",
        ));
    }
    let mut items = Vec::with_capacity(input.items.len());
    let mut total = Money::ZERO;
    for item in &input.items {
        if item.amount <= Money::ZERO {
            return Err(money_field(
                "items.amount",
                "conciliation.amount_not_positive",
                "every amount must be positive",
            ));
        }
        let description = optional_text("items.description", &item.description, 500)?;
        if item.concept == Object::Other && description.is_empty() {
            return Err(money_field(
                "items.description",
                "field.required",
                "describe the 'other' concept",
            ));
        }
        total = total.checked_add(item.amount).ok_or_else(|| {
            money_field(
                "items.amount",
                "conciliation.amount_too_large",
                "the total is too large",
            )
        })?;
        items.push(Item {
            concept: item.concept,
            description,
            amount: item.amount,
        });
    }
    if input.installments.is_empty() {
        return Err(money_field(
            "installments",
            "conciliation.settlement_no_installments",
            "give at least one payment (the whole amount on the day, if paid at once)",
        ));
    }
    let mut schedule: Vec<(NaiveDate, Money)> = Vec::with_capacity(input.installments.len());
    let mut sum = Money::ZERO;
    for i in &input.installments {
        if i.amount <= Money::ZERO {
            return Err(money_field(
                "installments.amount",
                "conciliation.amount_not_positive",
                "every instalment must be positive",
            ));
        }
        if i.due_on < agreed_on {
            return Err(DomainError::field(
                "installments.due_on",
                "conciliation.installment_before_settlement",
                format!("an instalment cannot fall due before the convenio ({agreed_on})"),
            )
            .with("agreed_on", agreed_on.to_string()));
        }
        sum = sum.checked_add(i.amount).ok_or_else(|| {
            money_field(
                "installments.amount",
                "conciliation.amount_too_large",
                "the instalments are too large",
            )
        })?;
        schedule.push((i.due_on, i.amount));
    }
    if sum != total {
        return Err(DomainError::field(
            "installments",
            "conciliation.installments_total_mismatch",
            format!("the instalments add up to {sum} but the convenio totals {total}"),
        )
        .with("total", total.centavos().to_string())
        .with("installments", sum.centavos().to_string()));
    }
    schedule.sort();
    let deferred = schedule.iter().any(|(due, _)| *due > agreed_on);
    if input.daily_wage < Money::ZERO || input.penalty_per_day < Money::ZERO {
        return Err(money_field(
            "penalty_per_day",
            "conciliation.amount_not_positive",
            "the daily wage and the penalty cannot be negative",
        ));
    }
    if deferred {
        if input.daily_wage <= Money::ZERO {
            return Err(money_field(
                "daily_wage",
                "conciliation.daily_wage_required",
                "a deferred payment needs the worker's daily wage, the measure of the penalty (LFT 684-E)",
            ));
        }
        let rule = rules.parameter("conciliation.late_penalty_min_daily_wages", agreed_on)?;
        let times = rules.parameter_int("conciliation.late_penalty_min_daily_wages", agreed_on)?;
        let minimum = input
            .daily_wage
            .checked_mul(times)
            .unwrap_or(Money::from_centavos(i64::MAX));
        if input.penalty_per_day < minimum {
            return Err(DomainError::field(
                "penalty_per_day",
                "conciliation.penalty_too_low",
                format!(
                    "a deferred payment needs a penalty of at least {minimum} per day of delay ({})",
                    rule.meta.article
                ),
            )
            .with("minimum", minimum.centavos().to_string())
            .with("article", rule.meta.article.clone()));
        }
    }
    let installments = schedule
        .into_iter()
        .enumerate()
        .map(|(n, (due_on, amount))| Installment {
            number: u32::try_from(n + 1).unwrap_or(u32::MAX),
            due_on,
            amount,
            paid_on: None,
        })
        .collect();
    Ok(Settlement {
        agreed_on,
        items,
        total,
        installments,
        daily_wage: input.daily_wage,
        penalty_per_day: input.penalty_per_day,
        deferred,
        penalty_paid: Money::ZERO,
    })
}
