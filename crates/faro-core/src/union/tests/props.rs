//! Property tests of the four state machines: random sequences of commands never reach an illegal
//! state (only the transitions of each diagram, and each status's invariants), refused commands
//! change nothing, and the same random walks reach every status (so the property is not vacuous).

use std::collections::BTreeSet;
use std::fmt::Debug;

use chrono::{Days, Duration};
use proptest::prelude::*;

use super::agreement::{initial, terms, vote_ref};
use super::registration::{filing, leadership};
use super::vote::{stations, workers};
use super::*;
use crate::union::agreement::{self as ag, Agreement, AgreementKind, Legitimization};
use crate::union::members::{MemberInput, SupporterInput};
use crate::union::registration::{self as reg, RefusalGround, Union};
use crate::union::representativeness::{self as rep, Representativeness};
use crate::union::vote::tally::{approval_outcome, plurality_outcome};
use crate::union::vote::{
    self as vo, Effect, ObserverRole, Outcome, Purpose, RollChange, StationResult, Vote, VoteRef,
};

fn minus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap()
}

/// A procedure as the walks drive it.
trait Machine {
    type S: Clone + Debug + PartialEq;
    type C: Debug;
    type E;
    const ILLEGAL: &'static str;
    const MAX_HOURS: u16;
    fn decide(s: Option<&Self::S>, c: &Self::C, ctx: &Ctx<'_>) -> Result<Vec<Self::E>, DomainError>;
    fn apply(s: Option<Self::S>, e: &Self::E) -> Option<Self::S>;
    fn terminal(s: &Self::S) -> bool;
    fn status(s: &Self::S) -> &'static str;
    fn all_statuses() -> Vec<&'static str>;
    fn allowed(from: &'static str, to: &'static str) -> bool;
    fn start(first_p: u16) -> DateTime<Utc>;
    fn command(s: Option<&Self::S>, op: u8, p: u16, now: DateTime<Utc>) -> Self::C;
    fn check(s: &Self::S, now: DateTime<Utc>);
}

fn walk<M: Machine>(steps: &[(u8, u16, u16)], mut seen: impl FnMut(&M::S)) {
    let mut state: Option<M::S> = None;
    let mut now = M::start(steps.first().map(|s| s.1).unwrap_or(0));
    for &(op, p, hours) in steps {
        now += Duration::hours(i64::from(hours % M::MAX_HOURS));
        let command = M::command(state.as_ref(), op, p, now);
        let c = ctx(now);
        match M::decide(state.as_ref(), &command, &c) {
            Ok(events) => {
                let mut next = state.clone();
                for e in &events {
                    next = M::apply(next, e);
                }
                let next = next.expect("decided events always produce a state");
                if let Some(before) = &state {
                    assert!(
                        M::allowed(M::status(before), M::status(&next)),
                        "{} -> {} by {command:?}",
                        M::status(before),
                        M::status(&next)
                    );
                    assert!(!M::terminal(before), "a terminal case changed: {command:?}");
                }
                M::check(&next, now);
                seen(&next);
                state = Some(next);
            }
            Err(e) => {
                assert!(!e.code.is_empty());
                if state.as_ref().is_some_and(M::terminal) {
                    assert_eq!(e.code, M::ILLEGAL);
                }
            }
        }
    }
}

/// The walks, driven by a fixed pseudo-random sequence, reach every status.
fn reaches_every_status<M: Machine>(walks: usize, len: usize) {
    let mut statuses = BTreeSet::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for _ in 0..walks {
        let steps: Vec<(u8, u16, u16)> = (0..len)
            .map(|_| {
                let r = next();
                (
                    u8::try_from((r >> 8) % 40).unwrap(),
                    u16::try_from((r >> 16) & 0xFFFF).unwrap(),
                    u16::try_from((r >> 32) & 0xFFFF).unwrap(),
                )
            })
            .collect();
        walk::<M>(&steps, |s| {
            statuses.insert(M::status(s));
        });
    }
    let missing: Vec<_> = M::all_statuses()
        .into_iter()
        .filter(|s| !statuses.contains(s))
        .collect();
    assert!(missing.is_empty(), "never reached: {missing:?}");
}

// ---------------------------------------------------------------- registration

struct Registration;

impl Machine for Registration {
    type S = Union;
    type C = reg::Command;
    type E = reg::Event;
    const ILLEGAL: &'static str = "union.illegal_transition";
    const MAX_HOURS: u16 = 120;
    fn decide(s: Option<&Union>, c: &reg::Command, ctx: &Ctx<'_>) -> Result<Vec<reg::Event>, DomainError> {
        reg::decide(s, c, ctx)
    }
    fn apply(s: Option<Union>, e: &reg::Event) -> Option<Union> {
        reg::apply(s, e)
    }
    fn terminal(s: &Union) -> bool {
        s.status.is_terminal()
    }
    fn status(s: &Union) -> &'static str {
        s.status.code()
    }
    fn all_statuses() -> Vec<&'static str> {
        reg::Status::ALL.iter().map(|s| s.code()).collect()
    }
    fn allowed(from: &'static str, to: &'static str) -> bool {
        from == to
            || matches!(
                (from, to),
                ("filed", "defects_notified" | "decision_demanded" | "registered")
                    | ("defects_notified", "corrected" | "refused")
                    | (
                        "corrected",
                        "defects_notified" | "decision_demanded" | "registered" | "refused"
                    )
                    | ("decision_demanded", "registered" | "refused" | "deemed_registered")
                    | ("registered" | "deemed_registered", "cancelled")
            )
    }
    fn start(_: u16) -> DateTime<Utc> {
        at(2026, 3, 2)
    }
    fn command(s: Option<&Union>, op: u8, p: u16, now: DateTime<Utc>) -> reg::Command {
        use reg::Command as C;
        let today = now.date_naive();
        let size = |base: u32| base + u32::from(p % 6);
        let Some(s) = s else {
            let mut f = filing(size(16));
            if p.is_multiple_of(5) {
                f.documents.pop();
            }
            return C::File { filing: Box::new(f) };
        };
        let number = || format!("CFCRL-SIND-{p}");
        match op % 16 {
            0 => C::NotifyDefects {
                observations: if p.is_multiple_of(3) {
                    "Observación".into()
                } else {
                    String::new()
                },
            },
            1 => C::Correct {
                filing: Box::new(filing(size(17))),
            },
            2 => C::DemandDecision,
            3 => C::Register {
                registration_number: number(),
            },
            4 => C::Refuse {
                ground: [
                    RefusalGround::Purpose,
                    RefusalGround::Membership,
                    RefusalGround::Documents,
                ][usize::from(p % 3)],
                reason: "Motivo".into(),
            },
            5 => C::DeclareDeemedRegistered,
            6 => C::IssueCertificate {
                registration_number: number(),
            },
            7 => C::ReportLeadershipChange {
                leadership: leadership(minus(today, u64::from(p % 20))),
            },
            8 if p.is_multiple_of(2) => C::CertifyLeadership,
            8 => C::RejectLeadership {
                reason: "Elección inválida".into(),
            },
            9 => C::UpdateMembers {
                as_of: today,
                joined: vec![MemberInput {
                    name: "Nuevo".into(),
                    curp: adult(1000 + u32::from(p % 5000)),
                    ..MemberInput::default()
                }],
                left: if p.is_multiple_of(2) {
                    vec![adult(u32::from(p % 16))]
                } else {
                    vec![]
                },
            },
            10 => C::FileFinancialReport {
                assembly_on: minus(today, u64::from(p % 5)),
                period_from: minus(today, 180),
                period_until: minus(today, 5),
            },
            11 if p.is_multiple_of(7) => C::RecordCancellation {
                court: "Tribunal".into(),
                ruling_on: today,
                ground: reg::CancellationGround::LostRequirements,
                reason: "Sentencia".into(),
            },
            _ => Self::advance(s, p, now),
        }
    }
    fn check(s: &Union, now: DateTime<Utc>) {
        use reg::Status::*;
        let today = now.date_naive();
        assert!(s.filed_on <= today);
        assert!(s.defect_notice_by <= s.resolution_by);
        if s.status.is_registered() {
            let on = s.registered_on.expect("registered on a day");
            assert!(on >= s.filed_on);
            assert!(s.member_update_due.is_some_and(|d| d > on));
            assert!(s.financial_report_due.is_some_and(|d| d > on));
        } else {
            assert!(s.pending_leadership.is_none());
        }
        match s.status {
            Registered => {
                assert!(s.registration_number.is_some());
                assert!(s.review.complete(), "registered with defects");
            }
            DeemedRegistered => {
                assert!(s.demanded_on.is_some());
                assert_eq!(s.deemed_on, s.registered_on);
            }
            Refused => {
                assert!(s.defects_notified_on.is_some(), "refused without a warning");
                match s.refusal.expect("a ground") {
                    RefusalGround::Membership => assert!(!s.review.membership_complete()),
                    RefusalGround::Documents => assert!(!s.review.documents_complete()),
                    RefusalGround::Purpose => {}
                }
            }
            DecisionDemanded => assert!(s.demanded_on.is_some_and(|d| d > s.resolution_by)),
            DefectsNotified => assert!(!s.defects.is_empty()),
            _ => {}
        }
    }
}

impl Registration {
    fn advance(s: &Union, p: u16, now: DateTime<Utc>) -> reg::Command {
        use reg::Command as C;
        let today = now.date_naive();
        match s.status {
            reg::Status::Filed | reg::Status::Corrected if !s.review.complete() => C::NotifyDefects {
                observations: String::new(),
            },
            reg::Status::Filed | reg::Status::Corrected if p.is_multiple_of(3) => C::Register {
                registration_number: format!("R-{p}"),
            },
            reg::Status::Filed | reg::Status::Corrected => C::DemandDecision,
            reg::Status::DefectsNotified if p.is_multiple_of(2) => C::Correct {
                filing: Box::new(filing(20 + u32::from(p % 3))),
            },
            reg::Status::DefectsNotified => C::Refuse {
                ground: RefusalGround::Membership,
                reason: "Menos de 20".into(),
            },
            reg::Status::DecisionDemanded if s.deemed_on.is_some_and(|d| today >= d) || p.is_multiple_of(2) => {
                C::DeclareDeemedRegistered
            }
            reg::Status::DecisionDemanded => C::Register {
                registration_number: format!("R-{p}"),
            },
            _ if s.registration_number.is_none() => C::IssueCertificate {
                registration_number: format!("R-{p}"),
            },
            _ if s.pending_leadership.is_some() => C::CertifyLeadership,
            _ => C::FileFinancialReport {
                assembly_on: today,
                period_from: minus(today, 180),
                period_until: today,
            },
        }
    }
}

// ---------------------------------------------------------------- agreement

struct AgreementMachine;

impl Machine for AgreementMachine {
    type S = Agreement;
    type C = ag::Command;
    type E = ag::Event;
    const ILLEGAL: &'static str = "agreement.illegal_transition";
    const MAX_HOURS: u16 = 400;
    fn decide(s: Option<&Agreement>, c: &ag::Command, ctx: &Ctx<'_>) -> Result<Vec<ag::Event>, DomainError> {
        ag::decide(s, c, ctx)
    }
    fn apply(s: Option<Agreement>, e: &ag::Event) -> Option<Agreement> {
        ag::apply(s, e)
    }
    fn terminal(s: &Agreement) -> bool {
        s.status.is_terminal()
    }
    fn status(s: &Agreement) -> &'static str {
        s.status.code()
    }
    fn all_statuses() -> Vec<&'static str> {
        ag::Status::ALL.iter().map(|s| s.code()).collect()
    }
    fn allowed(from: &'static str, to: &'static str) -> bool {
        from == to
            || matches!(
                (from, to),
                ("deposited", "registered" | "refused") | ("registered", "terminated")
            )
    }
    fn start(first: u16) -> DateTime<Utc> {
        // Legacy agreements need walks that start before the legitimization deadline.
        if first.is_multiple_of(2) {
            at(2022, 6, 1)
        } else {
            at(2026, 3, 2)
        }
    }
    fn command(s: Option<&Agreement>, op: u8, p: u16, now: DateTime<Utc>) -> ag::Command {
        use ag::Command as C;
        let today = now.date_naive();
        let Some(s) = s else {
            let mut input = initial();
            input.signed_on = minus(today, 3);
            if let Some(c) = input.certificate.as_mut() {
                c.issued_on = minus(today, 30);
                c.valid_until = minus(today, 30) + Duration::days(180);
            }
            match p % 5 {
                0 | 1 => {
                    input.kind = AgreementKind::Legacy;
                    input.legacy_number = "CC-1/2015".into();
                    input.legacy_deposited_on = Some(day(2015, 6, 1));
                }
                2 => input.certificate = None,
                _ => {}
            }
            return C::Deposit { input: Box::new(input) };
        };
        let outcome = [Outcome::Approved, Outcome::Rejected, Outcome::NoMajority][usize::from(p % 3)].clone();
        let kind = if p.is_multiple_of(2) {
            ag::RevisionKind::Wage
        } else {
            ag::RevisionKind::Full
        };
        match op % 12 {
            0 => C::Register {
                registration_number: format!("CCT-{p}"),
            },
            1 if p.is_multiple_of(3) => C::Refuse {
                reason: "Motivo".into(),
            },
            2 => C::RequestRevision { kind },
            3 => C::DepositRevision {
                kind,
                agreed_on: today,
                effective_from: None,
                vote: vote_ref(Purpose::Revision, outcome, today),
                terms: p.is_multiple_of(4).then(|| terms(300 + i64::from(p % 200))),
            },
            4 => C::RecordLegitimization {
                vote: vote_ref(Purpose::Legitimization, outcome, today),
            },
            5 if p.is_multiple_of(4) => C::Terminate {
                cause: [
                    ag::TerminationCause::MutualConsent,
                    ag::TerminationCause::EndOfWork,
                    ag::TerminationCause::LegitimizationLapsed,
                    ag::TerminationCause::LegitimizationRejected,
                ][usize::from(p / 4 % 4)],
                on: today,
                vote: p
                    .is_multiple_of(3)
                    .then(|| vote_ref(Purpose::Termination, outcome.clone(), today)),
                reason: "Terminación".into(),
            },
            6 => C::PublishPublicVersion {
                text: format!("Cláusula {p}. Firma {}", adult(u32::from(p))),
                names: vec![],
            },
            _ => match s.status {
                ag::Status::Deposited if p.is_multiple_of(5) => C::Refuse {
                    reason: "Motivo".into(),
                },
                ag::Status::Deposited => C::Register {
                    registration_number: format!("CCT-{p}"),
                },
                _ if s.kind == AgreementKind::Legacy => C::RecordLegitimization {
                    vote: vote_ref(Purpose::Legitimization, outcome, today),
                },
                _ => C::RequestRevision { kind },
            },
        }
    }
    fn check(s: &Agreement, _now: DateTime<Utc>) {
        assert_eq!(
            s.kind == AgreementKind::Initial,
            s.legitimization == Legitimization::NotRequired
        );
        if s.status == ag::Status::Registered || s.registration_number.is_some() {
            assert!(s.registration_number.is_some() && s.revision_dates.is_some());
        }
        if s.kind == AgreementKind::Initial && s.registration_number.is_some() {
            assert!(s.unmet.is_empty(), "registered without its requirements");
        }
        if let Some(d) = &s.revision_dates {
            assert!(d.wage_request_by < d.wage_on && d.full_request_by < d.full_on);
        }
        assert_eq!(s.status == ag::Status::Terminated, s.termination.is_some());
        if matches!(s.legitimization, Legitimization::Rejected { .. }) {
            assert_eq!(s.status, ag::Status::Terminated);
        }
        if let Some(ag::TerminationCause::LegitimizationLapsed) = s.termination {
            assert!(!matches!(s.legitimization, Legitimization::Legitimized { .. }));
        }
    }
}

// ---------------------------------------------------------------- representativeness

struct RepresentativenessMachine;

fn supporters(from: u32, n: u32) -> Vec<SupporterInput> {
    (from..from + n)
        .map(|i| SupporterInput {
            name: format!("T{i}"),
            curp: adult(i),
            hired_on: Some(day(2024, 1, 8)),
            signed: true,
        })
        .collect()
}

impl Machine for RepresentativenessMachine {
    type S = Representativeness;
    type C = rep::Command;
    type E = rep::Event;
    const ILLEGAL: &'static str = "representativeness.illegal_transition";
    const MAX_HOURS: u16 = 200;
    fn decide(s: Option<&Representativeness>, c: &rep::Command, ctx: &Ctx<'_>) -> Result<Vec<rep::Event>, DomainError> {
        rep::decide(s, c, ctx)
    }
    fn apply(s: Option<Representativeness>, e: &rep::Event) -> Option<Representativeness> {
        rep::apply(s, e)
    }
    fn terminal(s: &Representativeness) -> bool {
        s.status.is_terminal()
    }
    fn status(s: &Representativeness) -> &'static str {
        s.status.code()
    }
    fn all_statuses() -> Vec<&'static str> {
        rep::Status::ALL.iter().map(|s| s.code()).collect()
    }
    fn allowed(from: &'static str, to: &'static str) -> bool {
        from == to
            || matches!(
                (from, to),
                ("requested", "defects_notified" | "notice_published" | "denied")
                    | ("defects_notified", "requested" | "denied")
                    | ("notice_published", "window_closed" | "vote_required" | "denied")
                    | ("window_closed", "issued" | "denied")
                    | ("vote_required", "issued" | "denied")
                    | ("issued", "expired")
            )
    }
    fn start(_: u16) -> DateTime<Utc> {
        at(2026, 3, 2)
    }
    fn command(s: Option<&Representativeness>, op: u8, p: u16, now: DateTime<Utc>) -> rep::Command {
        use rep::Command as C;
        let today = now.date_naive();
        let n = 20 + u32::from(p % 20);
        let Some(s) = s else {
            return C::Request {
                union: "Sindicato A".into(),
                registration_number: "R-1".into(),
                employer_name: "Planta".into(),
                employer_rfc: String::new(),
                workplace: "Planta Norte".into(),
                activity: String::new(),
                covered_workers: 100,
                support: supporters(0, n),
            };
        };
        let union = ["Sindicato B", "Sindicato C"][usize::from(p % 2)];
        match op % 14 {
            0 => C::NotifyDefects {
                observations: if p.is_multiple_of(2) {
                    "Falta domicilio".into()
                } else {
                    String::new()
                },
            },
            1 => C::Correct {
                support: supporters(0, n + 5),
            },
            2 => C::PublishNotice,
            3 => C::Join {
                union: union.into(),
                registration_number: "R-2".into(),
                support: supporters(500 * (1 + u32::from(p % 2)), n + 5),
            },
            4 => C::CloseWindow,
            5 => C::Issue {
                certificate_number: format!("CR-{p}"),
            },
            6 => C::RecordVote {
                vote: VoteRef {
                    vote_id: "v".into(),
                    purpose: Purpose::Representativeness,
                    held_on: today,
                    outcome: match p % 3 {
                        0 => Outcome::InsufficientTurnout,
                        _ => Outcome::Winner {
                            option: s
                                .applicants
                                .get(usize::from(p % 3))
                                .map(|a| a.union.clone())
                                .unwrap_or_else(|| "Sindicato Z".into()),
                        },
                    },
                    tally: vo::Tally {
                        options: vec![],
                        votes: vec![],
                        void: 0,
                        blank: 0,
                        roll: 100,
                    },
                },
                certificate_number: format!("CR-{p}"),
            },
            7 if p.is_multiple_of(6) => C::Deny {
                reason: "Motivo".into(),
            },
            8 => C::RecordStrike {
                started_on: minus(today, u64::from(p % 3)),
            },
            9 => C::RecordStrikeEnded { ended_on: today },
            10 => C::Expire,
            _ => match s.status {
                rep::Status::Requested if s.applicants[0].qualifies() => C::PublishNotice,
                rep::Status::Requested => C::NotifyDefects {
                    observations: String::new(),
                },
                rep::Status::DefectsNotified => C::Correct {
                    support: supporters(0, n + 10),
                },
                rep::Status::NoticePublished if p.is_multiple_of(3) => C::Join {
                    union: union.into(),
                    registration_number: "R-2".into(),
                    support: supporters(500, 35),
                },
                rep::Status::NoticePublished => C::CloseWindow,
                rep::Status::WindowClosed => C::Issue {
                    certificate_number: format!("CR-{p}"),
                },
                _ => C::Expire,
            },
        }
    }
    fn check(s: &Representativeness, now: DateTime<Utc>) {
        use rep::Status::*;
        let qualifying = s.qualifying().len();
        match s.status {
            WindowClosed => assert_eq!(qualifying, 1),
            VoteRequired => assert!(qualifying >= 2 && s.roll_due.is_some()),
            Issued | Expired => {
                let c = s.certificate.as_ref().expect("a certificate");
                assert!(
                    s.qualifying().iter().any(|a| a.union == c.union),
                    "issued to a union that did not qualify"
                );
                assert!(c.valid_until > c.issued_on);
                if s.status == Expired {
                    assert!(s.strike_since.is_none());
                    assert!(now.date_naive() > c.valid_until);
                }
            }
            _ => assert!(s.certificate.is_none()),
        }
        if s.status == NoticePublished {
            assert!(s.window_until.is_some());
        }
    }
}

// ---------------------------------------------------------------- vote

struct VoteMachine;

const PURPOSES: [Purpose; 6] = Purpose::ALL;

impl Machine for VoteMachine {
    type S = Vote;
    type C = vo::Command;
    type E = vo::Event;
    const ILLEGAL: &'static str = "vote.illegal_transition";
    // Less than a day per step, so no walk jumps over the day of the vote.
    const MAX_HOURS: u16 = 24;
    fn decide(s: Option<&Vote>, c: &vo::Command, ctx: &Ctx<'_>) -> Result<Vec<vo::Event>, DomainError> {
        vo::decide(s, c, ctx)
    }
    fn apply(s: Option<Vote>, e: &vo::Event) -> Option<Vote> {
        vo::apply(s, e)
    }
    fn terminal(s: &Vote) -> bool {
        s.status.is_terminal()
    }
    fn status(s: &Vote) -> &'static str {
        s.status.code()
    }
    fn all_statuses() -> Vec<&'static str> {
        vo::Status::ALL.iter().map(|s| s.code()).collect()
    }
    fn allowed(from: &'static str, to: &'static str) -> bool {
        from == to
            || matches!(
                (from, to),
                ("called", "roll_published" | "cancelled")
                    | ("roll_published", "roll_final" | "cancelled")
                    | ("roll_final", "held" | "cancelled")
                    | ("held", "results_recorded")
                    | ("results_recorded", "published" | "annulled")
                    | ("published", "challenged" | "outcome_applied" | "annulled")
                    | ("challenged", "upheld" | "annulled")
                    | ("upheld", "outcome_applied" | "annulled")
            )
    }
    fn start(_: u16) -> DateTime<Utc> {
        at(2026, 3, 2)
    }
    fn command(s: Option<&Vote>, op: u8, p: u16, now: DateTime<Utc>) -> vo::Command {
        use vo::Command as C;
        let today = now.date_naive();
        let Some(s) = s else {
            let purpose = PURPOSES[usize::from(p % 6)];
            let c = ctx(now);
            let first = crate::union::clock::term_end(&c, Term::CallMin, today).unwrap();
            return C::Call {
                purpose,
                subject: "agreement/1".into(),
                organizer: "Sindicato".into(),
                options: vec!["Sindicato A".into(), "Sindicato B".into()],
                vote_on: first + Duration::days(1 + i64::from(p % 4)),
                stations: stations(),
                registrar_notified_on: Some(today),
                request_filed_on: Some(minus(today, 20)),
            };
        };
        let n = 1 + usize::from(!p.is_multiple_of(4));
        let counts = |k: u16| -> Vec<u32> { (0..s.options.len()).map(|i| u32::from((k >> (i * 3)) % 9)).collect() };
        match op % 16 {
            0 => C::PublishRoll { workers: workers() },
            1 => C::ChallengeRoll {
                change: match p % 3 {
                    0 => RollChange::Exclude {
                        curp: adult(u32::from(p % 20)),
                    },
                    1 => RollChange::Include {
                        entry: crate::union::members::RollEntry {
                            name: "Nuevo".into(),
                            curp: adult(400 + u32::from(p % 30)),
                            station: "C2".into(),
                        },
                    },
                    _ => RollChange::Correct {
                        curp: adult(u32::from(p % 20)),
                        entry: crate::union::members::RollEntry {
                            name: "Corregido".into(),
                            curp: adult(u32::from(p % 20)),
                            station: "C1".into(),
                        },
                    },
                },
                by: "Trabajador".into(),
                reason: "Motivo".into(),
            },
            2 => C::ResolveRollChallenge {
                number: u32::from(p % 4) + 1,
                accepted: !p.is_multiple_of(3),
            },
            3 => C::CloseRoll,
            4 => C::AccreditObserver {
                name: format!("R{p}"),
                party: ["Sindicato A", "Sindicato B"][usize::from(p % 2)].into(),
                station: ["C1", "C2"][usize::from(p / 2 % 2)].into(),
                role: if p.is_multiple_of(5) {
                    ObserverRole::Observer
                } else {
                    ObserverRole::Representative
                },
            },
            5 => C::Hold,
            6 => C::RecordResults {
                results: stations()
                    .iter()
                    .take(n)
                    .enumerate()
                    .map(|(i, st)| StationResult {
                        station: st.id.clone(),
                        votes: counts(p.rotate_left(u32::try_from(i).unwrap() * 5)),
                        void: u32::from(p % 2),
                        blank: u32::from(p.is_multiple_of(3)),
                    })
                    .collect(),
            },
            7 => C::PublishResults,
            8 => C::Challenge {
                by: "Sindicato B".into(),
                grounds: "Irregularidades".into(),
            },
            9 => C::ResolveChallenge {
                founded: p.is_multiple_of(3),
                resolution: "Resuelto".into(),
            },
            10 if p.is_multiple_of(9) => C::Annul {
                reason: "Inconsistencias".into(),
            },
            11 => C::ApplyOutcome,
            12 if p.is_multiple_of(11) => C::Cancel {
                reason: "Desistimiento".into(),
            },
            _ => match s.status {
                vo::Status::Called => C::PublishRoll { workers: workers() },
                vo::Status::RollPublished if s.pending_roll_challenges() > 0 => C::ResolveRollChallenge {
                    number: s
                        .roll_challenges
                        .iter()
                        .find(|c| c.accepted.is_none())
                        .map(|c| c.number)
                        .unwrap_or(1),
                    accepted: p.is_multiple_of(2),
                },
                vo::Status::RollPublished => C::CloseRoll,
                vo::Status::RollFinal => C::Hold,
                vo::Status::Held => C::RecordResults {
                    results: stations()
                        .iter()
                        .map(|st| StationResult {
                            station: st.id.clone(),
                            votes: counts(p),
                            void: 0,
                            blank: 0,
                        })
                        .collect(),
                },
                vo::Status::ResultsRecorded => C::PublishResults,
                vo::Status::Published if p.is_multiple_of(4) => C::Challenge {
                    by: "Sindicato B".into(),
                    grounds: "Irregularidades".into(),
                },
                vo::Status::Challenged => C::ResolveChallenge {
                    founded: p.is_multiple_of(3),
                    resolution: "Resuelto".into(),
                },
                _ => C::ApplyOutcome,
            },
        }
    }
    fn check(s: &Vote, _now: DateTime<Utc>) {
        use vo::Status::*;
        assert!(s.called_on < s.vote_on);
        if !matches!(s.status, Called | Cancelled) {
            assert!(s.roll_published_on.is_some());
        }
        if s.roll_published_on.is_some() {
            assert!(!s.roll.is_empty());
            let curps: BTreeSet<&str> = s.roll.iter().map(|e| e.curp.as_str()).collect();
            assert_eq!(curps.len(), s.roll.len(), "a voter twice on the roll");
        }
        if !s.status.before_vote() && s.status != Cancelled {
            assert_eq!(s.held_on, Some(s.vote_on), "held on another day");
            assert_eq!(s.pending_roll_challenges(), 0);
        }
        if s.status == RollFinal {
            assert_eq!(s.pending_roll_challenges(), 0);
        }
        for st in &s.stations {
            for party in ["SINDICATOA", "SINDICATOB"] {
                let reps = s
                    .observers
                    .iter()
                    .filter(|o| {
                        o.role == ObserverRole::Representative
                            && o.station == st.id
                            && crate::ids::normalize(&o.party) == party
                    })
                    .count();
                assert!(reps <= 2, "more than 2 representatives of a party at a station");
            }
        }
        if let (Some(t), Some(o)) = (&s.tally, &s.outcome) {
            assert_eq!(t.roll, s.roll_size());
            let expected = match s.purpose {
                Purpose::LeadershipElection => plurality_outcome(t, 0),
                Purpose::Representativeness => plurality_outcome(t, 30),
                _ => approval_outcome(t, MajorityBase::Roll, 0),
            };
            assert_eq!(*o, expected);
        }
        if s.status == OutcomeApplied {
            let o = s.outcome.as_ref().expect("an outcome");
            assert_eq!(s.effect, Some(Effect::of(s.purpose, o)));
            assert!(s.challenges.iter().all(|c| c.founded == Some(false)));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn registration_never_reaches_an_illegal_state(
        steps in proptest::collection::vec((0u8..40, any::<u16>(), any::<u16>()), 1..60)
    ) {
        walk::<Registration>(&steps, |_| {});
    }

    #[test]
    fn agreements_never_reach_an_illegal_state(
        steps in proptest::collection::vec((0u8..40, any::<u16>(), any::<u16>()), 1..60)
    ) {
        walk::<AgreementMachine>(&steps, |_| {});
    }

    #[test]
    fn representativeness_never_reaches_an_illegal_state(
        steps in proptest::collection::vec((0u8..40, any::<u16>(), any::<u16>()), 1..60)
    ) {
        walk::<RepresentativenessMachine>(&steps, |_| {});
    }

    #[test]
    fn votes_never_reach_an_illegal_state(
        steps in proptest::collection::vec((0u8..40, any::<u16>(), any::<u16>()), 1..120)
    ) {
        walk::<VoteMachine>(&steps, |_| {});
    }
}

#[test]
fn the_registration_walks_reach_every_status() {
    reaches_every_status::<Registration>(300, 60);
}

#[test]
fn the_agreement_walks_reach_every_status() {
    reaches_every_status::<AgreementMachine>(200, 40);
}

#[test]
fn the_representativeness_walks_reach_every_status() {
    reaches_every_status::<RepresentativenessMachine>(300, 100);
}

#[test]
fn the_vote_walks_reach_every_status() {
    reaches_every_status::<VoteMachine>(300, 120);
}
