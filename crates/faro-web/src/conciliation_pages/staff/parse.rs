//! The case page's forms as commands. Pure: every error is a `DomainError` naming the field, so
//! the page says in the user's language what to fix; the law's own checks (windows, amounts,
//! the penalty's minimum) are core's.

use chrono::NaiveTime;
use faro_core::catalog::Money;
use faro_core::conciliation::{
    AbsentSide, Command, ExemptMatter, HearingOutcome, Installment, Item, Object, ServiceResult, SettlementInput, Slot,
    Venue,
};
use faro_core::{DomainError, Jurisdiction};

use crate::inspection_pages::form::{self, FormData};

/// A date and time, a conciliator and a place, from the fields `{prefix}date`, `{prefix}time`
/// ("HH:MM"), `{prefix}conciliator_id`, `{prefix}venue` ("room" or "remote"), `{prefix}room`
/// and `{prefix}link`.
pub fn slot(f: &FormData, prefix: &str) -> Result<Slot, DomainError> {
    let field = |name: &str| f.text(&format!("{prefix}{name}")).to_string();
    let date = form::date("date", &field("date"))?;
    let time = time("time", &field("time"))?;
    let conciliator_id = form::id("conciliator_id", &field("conciliator_id"))?.to_string();
    let venue = match field("venue").trim() {
        "remote" => Venue::Remote {
            link: field("link").trim().to_string(),
        },
        "room" => Venue::Room {
            name: form::required("venue.name", &field("room"))?.to_string(),
        },
        "" => return Err(DomainError::field("venue", "field.required", "venue is required")),
        other => {
            return Err(
                DomainError::field("venue", "insp.error.choice_invalid", format!("venue: '{other}'"))
                    .with("value", other),
            )
        }
    };
    Ok(Slot {
        date,
        time,
        conciliator_id,
        venue,
    })
}

/// A time of day as "HH:MM" (or "HH:MM:SS").
pub fn time(field: &'static str, value: &str) -> Result<NaiveTime, DomainError> {
    let t = form::required(field, value)?;
    NaiveTime::parse_from_str(t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
        .map_err(|_| {
            DomainError::field(
                field,
                "conc.staff.error.time_invalid",
                format!("{field}: '{t}' is not a time"),
            )
        })
}

pub fn schedule(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::ScheduleHearing { slot: slot(f, "")? })
}

pub fn reschedule(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::Reschedule {
        slot: slot(f, "")?,
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

fn service_result(value: &str) -> Result<ServiceResult, DomainError> {
    form::choice(
        "result",
        value,
        &[ServiceResult::Served, ServiceResult::Refused, ServiceResult::NotFound],
        |r| match r {
            ServiceResult::Served => "served",
            ServiceResult::Refused => "refused",
            ServiceResult::NotFound => "not_found",
        },
    )
}

pub fn service(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::RecordService {
        result: service_result(f.text("result"))?,
        on: form::date("on", f.text("on"))?,
        note: f.text("note").trim().to_string(),
    })
}

pub fn service_failed(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::CloseForFailedService {
        note: f.text("note").trim().to_string(),
    })
}

/// The convenio: rows of items (`item_concept`, `item_description`, `item_amount`) and of
/// payments (`installment_due_on`, `installment_amount`; one row is payment in one go), the
/// worker's daily wage, the penalty per day of delay and the ratification. Empty rows are left
/// out.
pub fn settlement(f: &FormData) -> Result<SettlementInput, DomainError> {
    let concepts = f.all("item_concept");
    let descriptions = f.all("item_description");
    let amounts = f.all("item_amount");
    let mut items = Vec::new();
    for (i, amount) in amounts.iter().enumerate() {
        let description = descriptions.get(i).copied().unwrap_or("").trim();
        if amount.trim().is_empty() && description.is_empty() {
            continue;
        }
        let concept = concepts.get(i).copied().unwrap_or("");
        let concept = Object::parse(concept).ok_or_else(|| {
            DomainError::field(
                "items",
                "insp.error.choice_invalid",
                format!("'{concept}' is not an object"),
            )
            .with("value", concept)
        })?;
        items.push(Item {
            concept,
            description: description.to_string(),
            amount: form::money("items.amount", amount)?,
        });
    }
    let dues = f.all("installment_due_on");
    let sums = f.all("installment_amount");
    let mut installments = Vec::new();
    for (i, due) in dues.iter().enumerate() {
        let amount = sums.get(i).copied().unwrap_or("");
        if due.trim().is_empty() && amount.trim().is_empty() {
            continue;
        }
        installments.push(Installment {
            number: u32::try_from(installments.len() + 1).unwrap_or(u32::MAX),
            due_on: form::date("installments.due_on", due)?,
            amount: form::money("installments.amount", amount)?,
            paid_on: None,
        });
    }
    let optional_money = |field: &'static str| -> Result<Money, DomainError> {
        let t = f.text(field);
        if t.trim().is_empty() {
            Ok(Money::ZERO)
        } else {
            form::money(field, t)
        }
    };
    Ok(SettlementInput {
        items,
        installments,
        daily_wage: optional_money("daily_wage")?,
        penalty_per_day: optional_money("penalty_per_day")?,
        ratified: checked(f, "ratified"),
    })
}

fn checked(f: &FormData, name: &str) -> bool {
    matches!(f.text(name).trim(), "on" | "true" | "1" | "yes")
}

/// The outcome of the hearing (`outcome`) and what it needs.
pub fn outcome(f: &FormData) -> Result<HearingOutcome, DomainError> {
    Ok(match f.text("outcome").trim() {
        "settlement" => HearingOutcome::Settlement(settlement(f)?),
        "no_agreement" => HearingOutcome::NoAgreement,
        "joint_new_hearing" => HearingOutcome::JointNewHearing { slot: slot(f, "new_")? },
        "requester_absent" => HearingOutcome::RequesterAbsent {
            summoned_present: checked(f, "summoned_present"),
        },
        "summoned_absent" => HearingOutcome::SummonedAbsent {
            new_slot: if f.text("new_date").trim().is_empty() {
                None
            } else {
                Some(slot(f, "new_")?)
            },
        },
        "justified_absence" => HearingOutcome::JustifiedAbsence {
            absent: form::choice(
                "absent",
                f.text("absent"),
                &[AbsentSide::Requester, AbsentSide::Summoned, AbsentSide::Both],
                |a| match a {
                    AbsentSide::Requester => "requester",
                    AbsentSide::Summoned => "summoned",
                    AbsentSide::Both => "both",
                },
            )?,
            reason: f.text("reason").trim().to_string(),
            new_slot: slot(f, "new_")?,
        },
        "" => return Err(DomainError::field("outcome", "field.required", "outcome is required")),
        other => {
            return Err(
                DomainError::field("outcome", "insp.error.choice_invalid", format!("outcome: '{other}'"))
                    .with("value", other),
            )
        }
    })
}

/// The hearing as recorded by `conciliator_id` (the form's, or `default_conciliator`).
pub fn hearing(f: &FormData, default_conciliator: &str) -> Result<Command, DomainError> {
    let given = f.text("conciliator_id").trim();
    let conciliator_id = if given.is_empty() {
        default_conciliator.to_string()
    } else {
        form::id("conciliator_id", given)?.to_string()
    };
    Ok(Command::HoldHearing {
        conciliator_id,
        outcome: outcome(f)?,
    })
}

pub fn payment(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::RecordPayment {
        installment: form::whole("installment", f.text("installment"), 10_000)?,
        paid_on: form::date("paid_on", f.text("paid_on"))?,
    })
}

pub fn penalty_payment(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::RecordPenaltyPayment {
        amount: form::money("amount", f.text("amount"))?,
        paid_on: form::date("paid_on", f.text("paid_on"))?,
    })
}

pub fn non_compliance(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::CertifyNonCompliance {
        note: f.text("note").trim().to_string(),
    })
}

pub fn forward(f: &FormData) -> Result<Command, DomainError> {
    let to = form::required("to", f.text("to"))?;
    let to: Jurisdiction = to
        .parse()
        .map_err(|_| DomainError::field("to", "insp.error.choice_invalid", format!("to: '{to}'")).with("value", to))?;
    Ok(Command::Forward {
        to,
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

pub fn exempt(f: &FormData) -> Result<Command, DomainError> {
    let matter = f.text("matter");
    let matter = if matter.trim().is_empty() {
        return Err(DomainError::field(
            "exemption",
            "field.required",
            "the matter is required",
        ));
    } else {
        ExemptMatter::parse(matter)?
    };
    Ok(Command::DeclareExempt {
        matter,
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn f(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_pairs(pairs)
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_slot_needs_each_of_its_fields() {
        let ok = f(&[
            ("date", "2026-03-17"),
            ("time", "10:30"),
            ("conciliator_id", "7"),
            ("venue", "room"),
            ("room", "Sala 1"),
        ]);
        let s = slot(&ok, "").unwrap();
        assert_eq!(s.date, d("2026-03-17"));
        assert_eq!(s.time, NaiveTime::from_hms_opt(10, 30, 0).unwrap());
        assert_eq!(s.conciliator_id, "7");
        assert_eq!(s.venue, Venue::Room { name: "Sala 1".into() });
        let remote = f(&[
            ("new_date", "2026-03-17"),
            ("new_time", "09:00"),
            ("new_conciliator_id", "7"),
            ("new_venue", "remote"),
            ("new_link", "https://meet.example/x"),
        ]);
        assert!(matches!(slot(&remote, "new_").unwrap().venue, Venue::Remote { .. }));
        let e = slot(&f(&[("date", "2026-03-17"), ("time", "25:00")]), "").unwrap_err();
        assert_eq!(
            (e.code, e.params[0].1.as_str()),
            ("conc.staff.error.time_invalid", "time")
        );
        let e = slot(
            &f(&[
                ("date", "2026-03-17"),
                ("time", "10:00"),
                ("conciliator_id", "7"),
                ("venue", "room"),
            ]),
            "",
        )
        .unwrap_err();
        assert_eq!(e.code, "field.required");
        assert!(slot(&f(&[]), "").is_err());
    }

    #[test]
    fn a_settlement_with_two_instalments_skips_empty_rows() {
        let form = f(&[
            ("outcome", "settlement"),
            ("item_concept", "dismissal"),
            ("item_description", "Indemnización"),
            ("item_amount", "30000"),
            ("item_concept", "christmas_bonus"),
            ("item_description", ""),
            ("item_amount", ""),
            ("installment_due_on", "2026-03-17"),
            ("installment_amount", "10000"),
            ("installment_due_on", "2026-04-17"),
            ("installment_amount", "20,000.00"),
            ("installment_due_on", ""),
            ("installment_amount", ""),
            ("daily_wage", "400"),
            ("penalty_per_day", "400"),
            ("ratified", "on"),
        ]);
        let HearingOutcome::Settlement(s) = outcome(&form).unwrap() else {
            panic!("a settlement")
        };
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].amount, Money::from_pesos(30_000));
        assert_eq!(s.installments.len(), 2);
        assert_eq!(s.installments[1].number, 2);
        assert_eq!(s.installments[1].amount, Money::from_pesos(20_000));
        assert_eq!(s.penalty_per_day, Money::from_pesos(400));
        assert!(s.ratified);
        let bad = f(&[
            ("outcome", "settlement"),
            ("item_concept", "nope"),
            ("item_amount", "1"),
        ]);
        assert_eq!(outcome(&bad).unwrap_err().code, "insp.error.choice_invalid");
        let bad = f(&[
            ("outcome", "settlement"),
            ("item_concept", "dismissal"),
            ("item_amount", "x"),
        ]);
        assert_eq!(outcome(&bad).unwrap_err().code, "insp.error.money_invalid");
    }

    #[test]
    fn outcomes_and_their_fields() {
        assert_eq!(
            outcome(&f(&[("outcome", "no_agreement")])).unwrap(),
            HearingOutcome::NoAgreement
        );
        assert_eq!(
            outcome(&f(&[("outcome", "requester_absent"), ("summoned_present", "on")])).unwrap(),
            HearingOutcome::RequesterAbsent { summoned_present: true }
        );
        assert_eq!(
            outcome(&f(&[("outcome", "summoned_absent")])).unwrap(),
            HearingOutcome::SummonedAbsent { new_slot: None }
        );
        assert_eq!(outcome(&f(&[])).unwrap_err().code, "field.required");
        assert_eq!(
            outcome(&f(&[("outcome", "x")])).unwrap_err().code,
            "insp.error.choice_invalid"
        );
        // A justified absence needs the new hearing.
        assert!(outcome(&f(&[("outcome", "justified_absence"), ("absent", "summoned")])).is_err());
        let c = hearing(&f(&[("outcome", "no_agreement")]), "12").unwrap();
        assert!(matches!(c, Command::HoldHearing { ref conciliator_id, .. } if conciliator_id == "12"));
    }

    #[test]
    fn service_payment_forward_and_exemption() {
        let c = service(&f(&[("result", "refused"), ("on", "2026-03-05")])).unwrap();
        assert!(matches!(
            c,
            Command::RecordService {
                result: ServiceResult::Refused,
                ..
            }
        ));
        assert_eq!(service(&f(&[("on", "2026-03-05")])).unwrap_err().code, "field.required");
        let c = payment(&f(&[("installment", "2"), ("paid_on", "2026-04-20")])).unwrap();
        assert_eq!(
            c,
            Command::RecordPayment {
                installment: 2,
                paid_on: d("2026-04-20")
            }
        );
        let c = forward(&f(&[("to", "14"), ("reason", "local")])).unwrap();
        assert!(matches!(
            c,
            Command::Forward {
                to: Jurisdiction::State(_),
                ..
            }
        ));
        assert!(forward(&f(&[("to", "99"), ("reason", "x")])).is_err());
        assert!(exempt(&f(&[("matter", "discrimination"), ("reason", "acoso")])).is_ok());
        assert!(exempt(&f(&[("reason", "x")])).is_err());
    }
}
