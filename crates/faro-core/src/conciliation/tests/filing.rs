//! Filing: forwarding to the competent centre (684-E V), the 45-day limit (684-D) and exempt
//! matters (685 Ter).

use super::workflow::ordinary_until_hearing;
use super::*;

#[test]
fn an_incompetent_center_forwards_within_24_hours() {
    let mut input = worker_request();
    input.workplace.scian = "311311".into(); // sugar mill: federal, LFT 527-I-5
    let mut r = Run::new(at(2026, 3, 2));
    r.ok(file(input.clone()));
    let s = r.s();
    assert_eq!(s.routing.competence.center(), Jurisdiction::Federal);
    assert_eq!(s.forward_due, Some(at(2026, 3, 3)));
    assert_eq!(s.next_deadline(), Some(day(2026, 3, 3)));
    assert_eq!(
        r.err(Command::Forward {
            to: jalisco(),
            reason: "x".into()
        })
        .code,
        "conciliation.forward_to_self"
    );
    // Sent 30 hours later: late.
    r.now = at(2026, 3, 3) + chrono::Duration::hours(6);
    let ev = r.ok(Command::Forward {
        to: Jurisdiction::Federal,
        reason: "Industria azucarera, LFT 527-I-5".into(),
    });
    match &ev[0] {
        Event::Forwarded {
            late,
            routing_agrees,
            forwarding,
            ..
        } => {
            assert!(*late && *routing_agrees);
            assert!(forwarding.notify_requester && forwarding.limitation_interrupted);
        }
        other => panic!("{other:?}"),
    }
    let s = r.s();
    assert_eq!(s.status, Status::Forwarded);
    // The limitation period stays interrupted (521-III).
    assert_eq!(s.interruption.resumes_on, None);

    // The federal centre receives it: the procedure began on 2 March.
    let mut f = Run::new(at(2026, 3, 4));
    f.ok(Command::File {
        center: Jurisdiction::Federal,
        request: Box::new(input),
        forwarded_from: Some(ForwardedFrom {
            center: jalisco(),
            filed_on: day(2026, 3, 2),
        }),
    });
    let s = f.s();
    assert_eq!((s.filed_on, s.procedure_limit), (day(2026, 3, 2), day(2026, 4, 16)));
    assert_eq!((s.forwarded_from, s.forward_due), (Some(jalisco()), None));
    assert_eq!(s.interruption.start, day(2026, 3, 2));
}

#[test]
fn no_hearing_after_the_45_days() {
    // First filed 20 January 2026 elsewhere; the limit is 6 March.
    let mut r = Run::new(at(2026, 3, 2));
    r.ok(Command::File {
        center: Jurisdiction::Federal,
        request: Box::new(worker_request()),
        forwarded_from: Some(ForwardedFrom {
            center: jalisco(),
            filed_on: day(2026, 1, 20),
        }),
    });
    let e = r.err(Command::ScheduleHearing {
        slot: slot(day(2026, 3, 9)),
    });
    assert_eq!(e.code, "conciliation.hearing_too_late");
    assert_eq!(param(&e, "limit"), Some("2026-03-06"));
}

#[test]
fn exempt_matters_skip_conciliation() {
    let mut input = worker_request();
    input.exemption = Some(ExemptMatter::Discrimination);
    input.exemption_reason = "Despido por embarazo".into();
    let mut r = Run::new(at(2026, 3, 2));
    let ev = r.ok(file(input));
    assert_eq!(ev.len(), 2);
    let s = r.s();
    assert_eq!(s.status, Status::Exempt);
    let ex = s.exemption.as_ref().unwrap();
    assert_eq!(
        (ex.article.as_str(), ex.reason.as_str()),
        ("LFT 685 Ter-I", "Despido por embarazo")
    );
    assert_eq!(s.interruption.cause, Some(ResumeCause::Exempt));
    // Found after the hearing was set.
    let mut r = Run::new(at(2026, 3, 2));
    ordinary_until_hearing(&mut r);
    r.ok(Command::DeclareExempt {
        matter: ExemptMatter::SocialSecurity,
        reason: "Riesgo de trabajo".into(),
    });
    assert_eq!(r.s().status, Status::Exempt);
    assert_eq!(r.s().interruption.resumes_on, Some(day(2026, 3, 3)));
}
