//! The legal clock, worked by hand from the LFT text and a printed 2026 calendar.

use super::*;
use crate::conciliation::clock::{self, Term};
use crate::rules::{Confidence, DeadlineUnit};

#[test]
fn every_term_has_its_rule_and_unstated_day_types_are_tagged_u() {
    let on = day(2026, 1, 1);
    for term in Term::ALL {
        let rule = law().rules.deadline(term.rule_id(), on).unwrap();
        assert!(rule.meta.article.starts_with("LFT 684"), "{}", term.rule_id());
        // The file says which terms the law leaves without a day type, as this module reads them.
        assert_eq!(!rule.day_count_stated, term.day_type_unstated(), "{}", term.rule_id());
        if term.day_type_unstated() {
            assert_eq!(rule.meta.confidence, Confidence::Unconfirmed, "{}", term.rule_id());
            assert!(rule.meta.configurable);
            // The file records the default the centres start from.
            assert_eq!(rule.unit, DeadlineUnit::Days(DayCount::Working));
        }
    }
    let max = law().rules.deadline("conciliation.procedure_max", on).unwrap();
    assert_eq!((max.amount, max.unit), (45, DeadlineUnit::Days(DayCount::Calendar)));
    let fast = law().rules.deadline("conciliation.fast_track_hearing", on).unwrap();
    assert_eq!((fast.amount, fast.unit), (5, DeadlineUnit::Days(DayCount::Working)));
    let fwd = law().rules.deadline("conciliation.forward", on).unwrap();
    assert_eq!((fwd.amount, fwd.unit), (24, DeadlineUnit::Hours));
    // Not in force before the 2019 reform.
    assert!(law().rules.deadline("conciliation.hearing", day(2019, 5, 1)).is_err());
}

#[test]
fn the_center_setting_decides_unstated_days_only() {
    let c = ctx(at(2026, 11, 6), &CALENDAR);
    // 684-D says "naturales", the fast track "hábiles": the setting does not change them.
    assert_eq!(
        clock::term_end(&c, Term::ProcedureMax, day(2026, 11, 6)).unwrap(),
        day(2026, 12, 21)
    );
    let w = ctx(at(2026, 11, 6), &WORKING);
    assert_eq!(
        clock::term_end(&c, Term::FastTrackHearing, day(2026, 9, 11)).unwrap(),
        clock::term_end(&w, Term::FastTrackHearing, day(2026, 9, 11)).unwrap()
    );
}

#[test]
fn hearing_within_15_working_days_across_16_september_and_a_month_end() {
    // Received Wednesday 9 September 2026. Counting from the next day: Thu 10 (1), Fri 11 (2),
    // Mon 14 (3), Tue 15 (4), [Wed 16 September, LFT 74-V], Thu 17 (5), Fri 18 (6),
    // 21-25 (7-11), 28, 29, 30 (12-14), Thu 1 October (15).
    let c = ctx(at(2026, 9, 9), &WORKING);
    assert_eq!(
        clock::term_end(&c, Term::Hearing, day(2026, 9, 9)).unwrap(),
        day(2026, 10, 1)
    );
    // As calendar days: 9 September + 15 = Thursday 24 September.
    let c = ctx(at(2026, 9, 9), &CALENDAR);
    assert_eq!(
        clock::term_end(&c, Term::Hearing, day(2026, 9, 9)).unwrap(),
        day(2026, 9, 24)
    );
}

#[test]
fn hearing_window_across_the_third_monday_of_november() {
    // Received Friday 6 November 2026. Working days: 9-13 (1-5), [Mon 16, third Monday of
    // November, LFT 74-VI], 17-20 (6-9), 23-27 (10-14), Mon 30 (15).
    let c = ctx(at(2026, 11, 6), &WORKING);
    let w = clock::window(&c, Term::Hearing, day(2026, 11, 6), day(2026, 11, 6)).unwrap();
    assert_eq!(w.legal_end, day(2026, 11, 30));
    // 684-D: 6 November + 45 calendar days = 21 December (24 left in November, 21 in December).
    assert_eq!(w.limit, day(2026, 12, 21));
    assert_eq!(w.latest(), day(2026, 11, 30));
    assert!(clock::check_hearing_date(&c, &w, day(2026, 11, 30)).is_ok());
    let e = clock::check_hearing_date(&c, &w, day(2026, 12, 1)).unwrap_err();
    assert_eq!(e.code, "conciliation.hearing_outside_window");
    assert_eq!(param(&e, "latest"), Some("2026-11-30"));
    let e = clock::check_hearing_date(&c, &w, day(2026, 11, 16)).unwrap_err();
    assert_eq!(e.code, "conciliation.hearing_not_working_day");
    let e = clock::check_hearing_date(&c, &w, day(2026, 11, 5)).unwrap_err();
    assert_eq!(e.code, "conciliation.hearing_in_past");
    let e = clock::check_hearing_date(&c, &w, day(2026, 12, 22)).unwrap_err();
    assert_eq!(e.code, "conciliation.hearing_too_late");
    assert_eq!(param(&e, "limit"), Some("2026-12-21"));

    // As calendar days: 6 November + 15 = Saturday 21 November, not a working day, so the last
    // possible hearing is Friday 20.
    let c = ctx(at(2026, 11, 6), &CALENDAR);
    let w = clock::window(&c, Term::Hearing, day(2026, 11, 6), day(2026, 11, 6)).unwrap();
    assert_eq!(w.legal_end, day(2026, 11, 21));
    assert_eq!(
        clock::check_hearing_date(&c, &w, day(2026, 11, 21)).unwrap_err().code,
        "conciliation.hearing_not_working_day"
    );
    assert!(clock::check_hearing_date(&c, &w, day(2026, 11, 20)).is_ok());
    assert_eq!(
        clock::check_hearing_date(&c, &w, day(2026, 11, 23)).unwrap_err().code,
        "conciliation.hearing_outside_window"
    );
}

#[test]
fn a_closure_day_of_the_center_moves_the_working_day_window() {
    // The same request as above; the centre is closed on Monday 30 November 2026, so the 15th
    // working day is Tuesday 1 December.
    let cal = LegalCalendar::official().with_closures([day(2026, 11, 30)]);
    let c = ctx_with(at(2026, 11, 6), &cal, &WORKING);
    assert_eq!(
        clock::term_end(&c, Term::Hearing, day(2026, 11, 6)).unwrap(),
        day(2026, 12, 1)
    );
    // Calendar days ignore it (the count), but no hearing can be set on it (the check).
    let c = ctx_with(at(2026, 11, 6), &cal, &CALENDAR);
    let w = clock::limit_window(&c, day(2026, 11, 6), day(2026, 11, 6)).unwrap();
    assert_eq!(
        clock::check_hearing_date(&c, &w, day(2026, 11, 30)).unwrap_err().code,
        "conciliation.hearing_not_working_day"
    );
}

#[test]
fn the_45_days_cross_month_ends() {
    let c = ctx(at(2026, 1, 20), &WORKING);
    // 20 January + 45: 11 days to 31 January, 28 in February (39), 6 March (45).
    assert_eq!(clock::procedure_limit(&c, day(2026, 1, 20)).unwrap(), day(2026, 3, 6));
    // 2028 is a leap year: 20 January + 45 = 5 March (29 days in February).
    assert_eq!(clock::procedure_limit(&c, day(2028, 1, 20)).unwrap(), day(2028, 3, 5));
    // 6 November 2026 + 45 = 21 December.
    assert_eq!(clock::procedure_limit(&c, day(2026, 11, 6)).unwrap(), day(2026, 12, 21));
}

#[test]
fn the_window_ends_at_the_45_day_limit_when_that_comes_first() {
    // A request first filed on 20 January 2026 at another centre and received here on
    // Monday 2 March: the 15 working days would run to 24 March (Tue 3 to Fri 6 = 1-4, 9-13 =
    // 5-9, [16], 17-20 = 10-13, 23 = 14, 24 = 15), but 684-D ends the procedure on 6 March.
    let c = ctx(at(2026, 3, 2), &WORKING);
    let w = clock::window(&c, Term::Hearing, day(2026, 3, 2), day(2026, 1, 20)).unwrap();
    assert_eq!(w.legal_end, day(2026, 3, 24));
    assert_eq!(w.limit, day(2026, 3, 6));
    assert_eq!(w.latest(), day(2026, 3, 6));
    let e = clock::check_hearing_date(&c, &w, day(2026, 3, 9)).unwrap_err();
    assert_eq!(e.code, "conciliation.hearing_too_late");
    assert_eq!(param(&e, "article"), Some("LFT 684-D"));
}

#[test]
fn fast_track_five_working_days() {
    // Filed Friday 11 September 2026: Mon 14 (1), Tue 15 (2), [Wed 16], Thu 17 (3), Fri 18 (4),
    // Mon 21 (5). Working days whatever the centre's setting.
    for settings in [&WORKING, &CALENDAR] {
        let c = ctx(at(2026, 9, 11), settings);
        assert_eq!(
            clock::term_end(&c, Term::FastTrackHearing, day(2026, 9, 11)).unwrap(),
            day(2026, 9, 21)
        );
    }
}

#[test]
fn joint_filing_and_new_hearings_within_5_days() {
    // A hearing on Thursday 24 December 2026 with a justified absence. Working days: 28, 29, 30,
    // 31 (1-4), [1 January], Monday 4 January 2027 (5). Calendar days: 29 December.
    let w = ctx(at(2026, 12, 24), &WORKING);
    let c = ctx(at(2026, 12, 24), &CALENDAR);
    for term in [Term::AbsenceRehearing, Term::JointRehearing, Term::JointHearing] {
        assert_eq!(clock::term_end(&w, term, day(2026, 12, 24)).unwrap(), day(2027, 1, 4));
        assert_eq!(clock::term_end(&c, term, day(2026, 12, 24)).unwrap(), day(2026, 12, 29));
    }
    // Fast track re-set: 15 days from a missed hearing on Thursday 30 April 2026. Working:
    // [1 May], 4-8 (1-5), 11-15 (6-10), 18-22 (11-15) -> Friday 22 May. Calendar: 15 May.
    assert_eq!(
        clock::term_end(&w, Term::FastTrackResetHearing, day(2026, 4, 30)).unwrap(),
        day(2026, 5, 22)
    );
    assert_eq!(
        clock::term_end(&c, Term::FastTrackResetHearing, day(2026, 4, 30)).unwrap(),
        day(2026, 5, 15)
    );
}

#[test]
fn the_summons_gives_five_whole_days_of_notice() {
    // Hearing Tuesday 17 March 2026. Working days: service on Friday 6 March counts Mon 9 to
    // Fri 13 (5), all before the hearing. Service on Monday 9 would count 10-13 and
    // [16 = third Monday of March] Tue 17: the fifth day is the hearing day itself, too late.
    let c = ctx(at(2026, 3, 2), &WORKING);
    assert_eq!(
        clock::latest_timely_service(&c, day(2026, 3, 17)).unwrap(),
        day(2026, 3, 6)
    );
    assert!(clock::summons_timely(&c, day(2026, 3, 6), day(2026, 3, 17)).unwrap());
    assert!(!clock::summons_timely(&c, day(2026, 3, 9), day(2026, 3, 17)).unwrap());
    // Calendar days: served on S, the days S+1..S+5 must end before the 17th, so S <= 11
    // (Wednesday 11 March, a working day).
    let c = ctx(at(2026, 3, 2), &CALENDAR);
    assert_eq!(
        clock::latest_timely_service(&c, day(2026, 3, 17)).unwrap(),
        day(2026, 3, 11)
    );
    // Calendar days, hearing on Monday 9 March: S <= 3 (Tuesday 3).
    assert_eq!(
        clock::latest_timely_service(&c, day(2026, 3, 9)).unwrap(),
        day(2026, 3, 3)
    );
    // Working days, hearing on Monday 9 March: 5 working days must fit before it, so service
    // by Friday 27 February (counting 2-6 March).
    let c = ctx(at(2026, 2, 20), &WORKING);
    assert_eq!(
        clock::latest_timely_service(&c, day(2026, 3, 9)).unwrap(),
        day(2026, 2, 27)
    );
}

#[test]
fn forwarding_within_24_hours() {
    let received = at(2026, 3, 2);
    let branches = FederalBranches::official().unwrap();
    // A sugar mill (311311) in Jalisco is federal (527-I-5).
    let routing = route(
        branches,
        Some("311311"),
        jal(),
        FederalFlags::default(),
        day(2026, 3, 2),
    );
    let f = crate::conciliation::competence::forwarding(&law().rules, jalisco(), &routing, received)
        .unwrap()
        .unwrap();
    assert_eq!(f.to, Jurisdiction::Federal);
    assert_eq!(f.due_by, Utc.with_ymd_and_hms(2026, 3, 3, 15, 0, 0).unwrap());
    assert!(f.notify_requester && f.limitation_interrupted);
    assert_eq!(f.article, "LFT 684-E V");
    // The competent centre owes no forwarding.
    assert!(
        crate::conciliation::competence::forwarding(&law().rules, Jurisdiction::Federal, &routing, received)
            .unwrap()
            .is_none()
    );
}

#[test]
fn the_interruption_runs_from_the_filing_to_the_day_after_the_act() {
    let i = Interruption::begin(day(2026, 3, 2));
    assert_eq!(i.article, "LFT 521-III");
    assert_eq!(i.resumes_on, None);
    // Still interrupted on 10 March: 2-10 March, 9 days.
    assert_eq!(i.days(day(2026, 3, 10)), 9);
    // Constancia on 20 March: the period runs again from 21 March; 2-20 March, 19 days.
    let ended = i.ended(day(2026, 3, 20), ResumeCause::Constancia);
    assert_eq!(ended.resumes_on, Some(day(2026, 3, 21)));
    assert_eq!(ended.days(day(2026, 12, 31)), 19);
    // Archived on the last day of February 2028 (leap year): resumes 1 March.
    let i = Interruption::begin(day(2028, 2, 1)).ended(day(2028, 2, 29), ResumeCause::Archive);
    assert_eq!(i.resumes_on, Some(day(2028, 3, 1)));
}
