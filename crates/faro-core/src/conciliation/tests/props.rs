//! Property tests: no sequence of commands reaches an illegal state, the random walks reach every
//! status, and a convenio's instalments never exceed (nor fall short of) the agreed total.

use std::collections::BTreeSet;

use chrono::{Days, Duration};
use proptest::prelude::*;

use super::settlement::three_instalments;
use super::*;
use crate::catalog::Money;
use crate::conciliation::clock::{self, Term};
use crate::conciliation::model::HearingResult;

fn t0() -> DateTime<Utc> {
    at(2026, 3, 2)
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

fn working_on_or_after(d: NaiveDate) -> NaiveDate {
    law().calendar.next_working_day(d)
}

/// The transitions the lifecycle allows; anything else is a bug.
fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    from == to
        || matches!(
            (from, to),
            (Filed, Forwarded)
                | (Filed, Exempt)
                | (Filed, HearingScheduled)
                | (HearingScheduled, Exempt)
                | (HearingScheduled, Settled)
                | (HearingScheduled, NotConciliated)
                | (HearingScheduled, Archived)
                | (Settled, Complied)
                | (Settled, NotComplied)
        )
}

fn request_for(p: u16) -> RequestInput {
    let mut r = worker_request();
    match p % 10 {
        4 | 5 => r.fast_track = true,
        6 | 7 => r.channel = Channel::Joint,
        8 => r.workplace.scian = "311311".into(),
        9 if p % 20 == 9 => r.exemption = Some(ExemptMatter::ALL[usize::from(p / 20) % 8]),
        _ => {}
    }
    if p.is_multiple_of(7) {
        // The employer files against the worker.
        std::mem::swap(&mut r.requester, &mut r.counterpart);
        r.requester_role = PartyRole::Employer;
        r.counterpart_role = PartyRole::Worker;
        r.requester.representative = Some(RepresentativeInput {
            name: "Apoderado".into(),
            ..RepresentativeInput::default()
        });
    }
    r
}

fn settlement_for(date: NaiveDate, p: u16) -> SettlementInput {
    match p % 3 {
        0 => three_instalments(date),
        1 => {
            let mut s = three_instalments(date);
            s.installments.truncate(1);
            s.installments[0].amount = Money::from_pesos(30_000);
            s
        }
        _ => {
            let mut s = three_instalments(date);
            s.penalty_per_day = Money::from_pesos(400 + i64::from(p % 5) * 50);
            s.installments[2].due_on = plus(date, u64::from(p % 40));
            s
        }
    }
}

fn outcome_for(s: &Case, p: u16, today: NaiveDate) -> HearingOutcome {
    let held_on = s.hearing.as_ref().map(|h| h.slot.date).unwrap_or(today);
    let base = held_on.max(today);
    let soon = working_on_or_after(plus(base, 1 + u64::from(p % 3)));
    let later = working_on_or_after(plus(base, 12 + u64::from(p % 6)));
    match p % 9 {
        0 | 1 => HearingOutcome::Settlement(settlement_for(held_on, p / 9)),
        2 => HearingOutcome::NoAgreement,
        3 => HearingOutcome::JointNewHearing { slot: slot(soon) },
        4 => HearingOutcome::RequesterAbsent {
            summoned_present: p.is_multiple_of(2),
        },
        5 | 6 => HearingOutcome::SummonedAbsent {
            new_slot: (s.track == Track::FastTrack || p.is_multiple_of(4)).then(|| slot(later)),
        },
        7 => HearingOutcome::JustifiedAbsence {
            absent: [AbsentSide::Requester, AbsentSide::Summoned, AbsentSide::Both][usize::from(p / 9) % 3],
            reason: "Causa justificada".into(),
            new_slot: slot(soon),
        },
        _ => {
            let mut x = settlement_for(held_on, 1);
            x.ratified = p.is_multiple_of(2);
            HearingOutcome::Settlement(x)
        }
    }
}

/// A date for the first hearing inside the legal window (the latest working day, or a little
/// before it).
fn good_first_date(s: &Case, p: u16, now: DateTime<Utc>) -> NaiveDate {
    let c = ctx(now, &WORKING);
    let term = match s.track {
        Track::Ordinary => Term::Hearing,
        Track::Joint => Term::JointHearing,
        Track::FastTrack => Term::FastTrackHearing,
    };
    let Ok(w) = clock::window(&c, term, s.received_at.date_naive(), s.filed_on) else {
        return now.date_naive();
    };
    let mut d = w.latest();
    let mut back = p % 3;
    loop {
        while !law().calendar.is_working_day(d) && d > now.date_naive() {
            d = d.pred_opt().unwrap();
        }
        if back == 0 || d <= now.date_naive() {
            return d;
        }
        back -= 1;
        d = d.pred_opt().unwrap();
    }
}

/// The sensible next step for the case, so that the walks get far.
fn advance(s: &Case, p: u16, now: DateTime<Utc>) -> Command {
    let today = now.date_naive();
    match s.status {
        Status::Filed if p.is_multiple_of(13) => Command::Forward {
            to: if s.center == Jurisdiction::Federal {
                jalisco()
            } else {
                Jurisdiction::Federal
            },
            reason: "No competente".into(),
        },
        Status::HearingScheduled => {
            let h = s.hearing.as_ref().unwrap();
            if h.summons.needs_service() && !h.summons.delivered() && today <= h.slot.date && !p.is_multiple_of(5) {
                let result =
                    [ServiceResult::Served, ServiceResult::Refused, ServiceResult::NotFound][usize::from(p % 3)];
                Command::RecordService {
                    result,
                    on: today,
                    note: String::new(),
                }
            } else if h.summons.status == SummonsStatus::NotFound && p.is_multiple_of(3) {
                Command::CloseForFailedService { note: String::new() }
            } else {
                Command::HoldHearing {
                    conciliator_id: "17".into(),
                    outcome: outcome_for(s, p / 5, today),
                }
            }
        }
        Status::Settled => {
            let st = s.settlement.as_ref().unwrap();
            if p.is_multiple_of(9) {
                return Command::CertifyNonCompliance { note: String::new() };
            }
            match st.installments.iter().find(|i| i.paid_on.is_none()) {
                Some(i) => Command::RecordPayment {
                    installment: i.number,
                    paid_on: today,
                },
                None if st.penalty_outstanding(today) > Money::ZERO => Command::RecordPenaltyPayment {
                    amount: st.penalty_outstanding(today),
                    paid_on: today,
                },
                None => Command::CertifyCompliance,
            }
        }
        _ => Command::ScheduleHearing {
            slot: slot(good_first_date(s, p, now)),
        },
    }
}

fn command_for(s: Option<&Case>, op: u8, p: u16, now: DateTime<Utc>) -> Command {
    let Some(s) = s else {
        return file(request_for(p));
    };
    let today = now.date_naive();
    match op % 14 {
        0 => Command::Forward {
            to: [
                Jurisdiction::Federal,
                jalisco(),
                Jurisdiction::State(StateCode::new(9).unwrap()),
            ][usize::from(p % 3)],
            reason: "Incompetencia".into(),
        },
        1 if p.is_multiple_of(4) => Command::DeclareExempt {
            matter: ExemptMatter::ALL[usize::from(p) % 8],
            reason: "Materia exceptuada".into(),
        },
        2 => Command::ScheduleHearing {
            slot: slot(plus(today, u64::from(p % 25))),
        },
        3 => Command::Reschedule {
            slot: slot(plus(today, u64::from(p % 30))),
            reason: "Reprogramación".into(),
        },
        4 => Command::RecordService {
            result: [ServiceResult::Served, ServiceResult::Refused, ServiceResult::NotFound][usize::from(p % 3)],
            on: today - Duration::days(i64::from(p % 4)),
            note: String::new(),
        },
        5 => Command::CloseForFailedService { note: String::new() },
        6 => Command::HoldHearing {
            conciliator_id: "17".into(),
            outcome: outcome_for(s, p, plus(today, u64::from(p % 9))),
        },
        7 => Command::RecordPayment {
            installment: u32::from(p % 4),
            paid_on: today - Duration::days(i64::from(p % 6)),
        },
        8 => Command::RecordPenaltyPayment {
            amount: Money::from_pesos(i64::from(p % 900)),
            paid_on: today,
        },
        9 => Command::CertifyCompliance,
        10 => Command::CertifyNonCompliance { note: String::new() },
        _ => advance(s, p, now),
    }
}

fn check_invariants(before: Option<&Case>, after: &Case, events: &[Event], now: DateTime<Utc>) {
    match before {
        Some(b) => {
            assert!(allowed(b.status, after.status), "{:?} -> {:?}", b.status, after.status);
            assert!(!b.status.is_terminal() || events.is_empty(), "a terminal case changed");
            for e in events {
                if let Event::FineRequested { .. } = e {
                    assert_eq!(b.request.counterpart.role, PartyRole::Employer, "a worker fined");
                    assert_ne!(b.track, Track::FastTrack, "fined on the fast track");
                }
            }
        }
        None => assert!(matches!(after.status, Status::Filed | Status::Exempt)),
    }
    let received = after.received_at.date_naive();
    assert_eq!(after.interruption.start, after.filed_on);
    assert!(after.filed_on <= received);
    if let Some(h) = &after.hearing {
        assert!(h.slot.date <= after.procedure_limit, "a hearing after the 45 days");
        assert!(h.slot.date >= received);
        assert!(law().calendar.is_working_day(h.slot.date));
        if h.summons.method == NoticeMethod::Personal {
            assert!(h.summons.serve_by.is_some_and(|by| by < h.slot.date));
        }
    }
    for held in &after.held {
        assert!(held.date <= after.procedure_limit);
    }
    let resumes = after.interruption.resumes_on;
    match after.status {
        Status::Filed => assert!(after.hearing.is_none() && after.held.is_empty()),
        Status::HearingScheduled => assert!(after.hearing.is_some() && resumes.is_none()),
        Status::Forwarded => assert!(after.forwarding.is_some() && resumes.is_none()),
        Status::Exempt => {
            assert!(after.exemption.is_some());
            assert_eq!(after.interruption.cause, Some(ResumeCause::Exempt));
        }
        Status::NotConciliated => {
            let c = after.constancia.as_ref().expect("a constancia");
            assert_eq!(resumes, Some(plus(c.issued_on, 1)));
            assert_eq!(after.interruption.cause, Some(ResumeCause::Constancia));
        }
        Status::Archived => {
            assert!(after.constancia.is_none(), "archived with a constancia");
            let last = after.held.last().expect("archived at a hearing");
            assert!(!last.requester_present);
            assert_eq!(resumes, Some(plus(last.date, 1)));
        }
        Status::Settled | Status::Complied | Status::NotComplied => {
            assert!(after.settlement.is_some() && after.constancia.is_none() && resumes.is_none());
        }
    }
    if let Some(st) = &after.settlement {
        let scheduled: Money = st.installments.iter().map(|i| i.amount).sum();
        let items: Money = st.items.iter().map(|i| i.amount).sum();
        assert_eq!(scheduled, st.total, "instalments differ from the agreed total");
        assert_eq!(items, st.total);
        assert!(st.paid() <= st.total, "more paid than agreed");
        assert!(st.penalty_paid <= st.penalty_accrued(now.date_naive()));
        if st.deferred {
            assert!(st.penalty_per_day >= st.daily_wage && st.daily_wage > Money::ZERO);
        }
        for (n, i) in st.installments.iter().enumerate() {
            assert_eq!(i.number as usize, n + 1);
            assert!(i.due_on >= st.agreed_on);
        }
        if after.status == Status::Complied {
            assert!(st.fully_paid());
        }
    }
    if after.fine_requested {
        assert_eq!(after.request.counterpart.role, PartyRole::Employer);
        assert!(!after.held.last().expect("fined at a hearing").summoned_present);
    }
}

/// One random walk: (op, parameter, hours to wait) per step.
fn walk(steps: &[(u8, u16, u16)], mut seen: impl FnMut(&Case)) {
    let mut state: Option<Case> = None;
    let mut now = t0();
    for &(op, p, hours) in steps {
        now += Duration::hours(i64::from(hours));
        let command = command_for(state.as_ref(), op, p, now);
        let c = ctx(now, &WORKING);
        match decide(state.as_ref(), &command, &c) {
            Ok(events) => {
                let mut next = state.clone();
                for e in &events {
                    next = apply(next, e);
                }
                let next = next.expect("decided events always produce a state");
                check_invariants(state.as_ref(), &next, &events, now);
                seen(&next);
                state = Some(next);
            }
            Err(e) => {
                assert!(!e.code.is_empty());
                if state.as_ref().is_some_and(|s| s.status.is_terminal()) {
                    assert_eq!(e.code, "conciliation.illegal_transition");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_commands_reaches_an_illegal_state(
        steps in proptest::collection::vec((0u8..28, any::<u16>(), 0u16..60), 1..80)
    ) {
        walk(&steps, |_| {});
    }

    #[test]
    fn a_valid_convenio_schedules_exactly_its_total(
        amounts in proptest::collection::vec(1i64..5_000_000, 1..5),
        parts in proptest::collection::vec((0u64..90, 1i64..5_000_000), 1..6),
        wage in 0i64..200_000,
        penalty in 0i64..400_000,
    ) {
        let agreed = day(2026, 3, 2);
        let input = SettlementInput {
            items: amounts.iter().map(|a| Item {
                concept: Object::UnpaidWages,
                description: String::new(),
                amount: Money::from_centavos(*a),
            }).collect(),
            installments: parts.iter().map(|(d, a)| Installment {
                number: 0,
                due_on: plus(agreed, *d),
                amount: Money::from_centavos(*a),
                paid_on: None,
            }).collect(),
            daily_wage: Money::from_centavos(wage),
            penalty_per_day: Money::from_centavos(penalty),
            ratified: true,
        };
        if let Ok(s) = crate::conciliation::settlement::validate(&input, agreed, &law().rules) {
            let scheduled: Money = s.installments.iter().map(|i| i.amount).sum();
            prop_assert_eq!(scheduled, s.total);
            prop_assert_eq!(s.total, Money::from_centavos(amounts.iter().sum()));
            prop_assert!(!s.deferred || s.penalty_per_day >= s.daily_wage);
        } else {
            let items: i64 = amounts.iter().sum();
            let sched: i64 = parts.iter().map(|(_, a)| a).sum();
            let deferred = parts.iter().any(|(d, _)| *d > 0);
            prop_assert!(items != sched || (deferred && (wage == 0 || penalty < wage)));
        }
    }
}

/// The random walks do reach every status, every hearing result and every constancia (so the
/// property test is not vacuous): the same generator, driven by a fixed pseudo-random sequence.
#[test]
fn the_random_walks_reach_every_status() {
    let mut statuses = BTreeSet::new();
    let mut results = BTreeSet::new();
    let mut constancias = BTreeSet::new();
    let mut fined = false;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..400 {
        let steps: Vec<(u8, u16, u16)> = (0..80)
            .map(|_| {
                let r = next();
                (
                    u8::try_from((r >> 8) % 28).unwrap(),
                    u16::try_from((r >> 16) & 0xFFFF).unwrap(),
                    u16::try_from(r % 60).unwrap(),
                )
            })
            .collect();
        walk(&steps, |s| {
            statuses.insert(s.status);
            results.extend(s.held.iter().map(|h| format!("{:?}", h.result)));
            if let Some(c) = &s.constancia {
                constancias.insert(format!("{:?}", c.kind));
            }
            fined |= s.fine_requested;
        });
    }
    let missing: Vec<_> = Status::ALL.iter().filter(|s| !statuses.contains(s)).collect();
    assert!(missing.is_empty(), "never reached: {missing:?}");
    let all_results = [
        HearingResult::Settlement,
        HearingResult::NoAgreement,
        HearingResult::JointNewHearing,
        HearingResult::RequesterAbsent,
        HearingResult::SummonedAbsent,
        HearingResult::FastTrackReset,
        HearingResult::JustifiedAbsence,
    ];
    for r in all_results {
        assert!(results.contains(&format!("{r:?}")), "never held with {r:?}");
    }
    for k in [
        ConstanciaKind::NoAgreement,
        ConstanciaKind::SummonedAbsent,
        ConstanciaKind::ServiceFailed,
    ] {
        assert!(constancias.contains(&format!("{k:?}")), "never issued {k:?}");
    }
    assert!(fined, "no walk requested a fine");
}
