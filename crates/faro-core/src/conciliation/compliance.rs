//! The compliance phase of a convenio: payments, the penalty, and the certificates of compliance
//! or non-compliance (684-E XIII, XIV).

use chrono::NaiveDate;

use super::command::Event;
use super::lifecycle::{date_not_future, refuse};
use super::settlement::Settlement;
use super::Ctx;
use crate::case::optional_text;
use crate::catalog::Money;
use crate::DomainError;

/// An instalment paid in full on `paid_on`.
pub(super) fn record_payment(
    ctx: &Ctx<'_>,
    st: &Settlement,
    installment: &u32,
    paid_on: &NaiveDate,
) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = ctx.now.date_naive();
    let i = st
        .installments
        .iter()
        .find(|i| i.number == *installment)
        .ok_or_else(|| {
            DomainError::field(
                "installment",
                "conciliation.installment_unknown",
                format!("there is no instalment {installment}"),
            )
        })?;
    if i.paid_on.is_some() {
        return Err(refuse(
            "conciliation.installment_already_paid",
            "that instalment is paid",
        ));
    }
    date_not_future("paid_on", *paid_on, today)?;
    if *paid_on < st.agreed_on {
        return Err(DomainError::field(
            "paid_on",
            "conciliation.payment_before_settlement",
            "a payment cannot be before the convenio",
        ));
    }
    let mut after = st.clone();
    if let Some(x) = after.installments.iter_mut().find(|x| x.number == *installment) {
        x.paid_on = Some(*paid_on);
    }
    Ok(vec![Event::InstallmentPaid {
        installment: *installment,
        amount: i.amount,
        paid_on: *paid_on,
        days_late: i.days_late(*paid_on),
        penalty_accrued: after.penalty_accrued(*paid_on),
        at: now,
    }])
}

/// Part of the accrued penalty paid.
pub(super) fn record_penalty_payment(
    ctx: &Ctx<'_>,
    st: &Settlement,
    amount: &Money,
    paid_on: &NaiveDate,
) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = ctx.now.date_naive();
    date_not_future("paid_on", *paid_on, today)?;
    if *amount <= Money::ZERO {
        return Err(DomainError::field(
            "amount",
            "conciliation.amount_not_positive",
            "the amount must be positive",
        ));
    }
    let outstanding = st.penalty_outstanding(today);
    if *amount > outstanding {
        return Err(DomainError::field(
            "amount",
            "conciliation.penalty_overpaid",
            format!("only {outstanding} of penalty is owed"),
        )
        .with("outstanding", outstanding.centavos().to_string()));
    }
    Ok(vec![Event::PenaltyPaid {
        amount: *amount,
        paid_on: *paid_on,
        at: now,
    }])
}

/// Certifies compliance: every instalment and the penalty paid (684-E XIV).
pub(super) fn certify_compliance(ctx: &Ctx<'_>, st: &Settlement) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = ctx.now.date_naive();
    if !st.fully_paid() {
        return Err(refuse(
            "conciliation.installments_unpaid",
            "some instalments are not paid",
        ));
    }
    if st.penalty_outstanding(today) > Money::ZERO {
        return Err(
            refuse("conciliation.penalty_unpaid", "the penalty for delay is not paid")
                .with("outstanding", st.penalty_outstanding(today).centavos().to_string()),
        );
    }
    Ok(vec![Event::ComplianceCertified {
        total_paid: st.paid(),
        penalty_accrued: st.penalty_accrued(today),
        penalty_paid: st.penalty_paid,
        on: today,
        at: now,
    }])
}

/// Certifies non-compliance: something is overdue (the worker may enforce, 684-E XIII).
pub(super) fn certify_non_compliance(ctx: &Ctx<'_>, st: &Settlement, note: &str) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = ctx.now.date_naive();
    let penalty_outstanding = st.penalty_outstanding(today);
    if st.overdue(today).is_empty() && penalty_outstanding == Money::ZERO {
        return Err(refuse(
            "conciliation.nothing_overdue",
            "nothing is overdue: no instalment is past due and no penalty is owed",
        ));
    }
    Ok(vec![Event::NonComplianceCertified {
        outstanding: st.outstanding(),
        unpaid_installments: st
            .installments
            .iter()
            .filter(|i| i.paid_on.is_none())
            .map(|i| i.number)
            .collect(),
        penalty_accrued: st.penalty_accrued(today),
        penalty_outstanding,
        on: today,
        note: optional_text("note", note, 2000)?,
        at: now,
    }])
}
