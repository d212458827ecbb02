//! The registry's clock worked by hand on a printed 2026 calendar (rest days of LFT 74 in 2026:
//! 1 January, Monday 2 February, Monday 16 March, 1 May, 16 September, Monday 16 November,
//! 25 December).

use super::*;
use crate::union::clock::{add_months, gives_notice, last_day_for_notice, term_end};

#[test]
fn lft_366_defects_within_5_days_and_a_decision_within_20() {
    // Filed Wednesday 11 March 2026. Five working days: Thu 12 (1), Fri 13 (2), [Mon 16 is a
    // rest day], Tue 17 (3), Wed 18 (4), Thu 19 (5).
    let c = ctx(at(2026, 3, 11));
    assert_eq!(
        term_end(&c, Term::DefectNotice, day(2026, 3, 11)).unwrap(),
        day(2026, 3, 19)
    );
    // Twenty: ... Thu 19 (5), Fri 20 (6), 23-27 (7-11), 30, 31, 1, 2, 3 April (12-16),
    // 6, 7, 8, 9 April (17-20).
    assert_eq!(
        term_end(&c, Term::Resolution, day(2026, 3, 11)).unwrap(),
        day(2026, 4, 9)
    );
    // A registrar that counts plain "días" as calendar days: 11 + 5 = 16 March, 11 + 20 = 31.
    let c = ctx_calendar(at(2026, 3, 11));
    assert_eq!(
        term_end(&c, Term::DefectNotice, day(2026, 3, 11)).unwrap(),
        day(2026, 3, 16)
    );
    assert_eq!(
        term_end(&c, Term::Resolution, day(2026, 3, 11)).unwrap(),
        day(2026, 3, 31)
    );
}

#[test]
fn lft_734_a_closure_day_of_the_registrar_does_not_count() {
    let closed = law().calendar.clone().with_closures([day(2026, 3, 18)]);
    let c = ctx_with(at(2026, 3, 11), union_rules(), &closed, &WORKING);
    // Wed 18 closed: Thu 19 is the 4th day, Fri 20 the 5th.
    assert_eq!(
        term_end(&c, Term::DefectNotice, day(2026, 3, 11)).unwrap(),
        day(2026, 3, 20)
    );
}

#[test]
fn lft_390_ter_f_three_working_days_whatever_the_setting() {
    // Vote on Friday 13 March 2026: Tue 17 (1), Wed 18 (2), Thu 19 (3). "Hábiles" is stated,
    // so the registrar's setting does not change it.
    for c in [ctx(at(2026, 3, 13)), ctx_calendar(at(2026, 3, 13))] {
        assert_eq!(
            term_end(&c, Term::ResultNotice, day(2026, 3, 13)).unwrap(),
            day(2026, 3, 19)
        );
    }
}

#[test]
fn lft_390_bis_call_10_to_15_days_ahead() {
    // Called Monday 2 March 2026. Ten working days end on Tue 17 (3-6, 9-13, [16], 17), so the
    // vote is from Wed 18; fifteen end on Tue 24 (18, 19, 20, 23, 24).
    let c = ctx(at(2026, 3, 2));
    let called = day(2026, 3, 2);
    assert_eq!(term_end(&c, Term::CallMin, called).unwrap(), day(2026, 3, 17));
    assert!(!gives_notice(&c, Term::CallMin, called, day(2026, 3, 17)).unwrap());
    assert!(gives_notice(&c, Term::CallMin, called, day(2026, 3, 18)).unwrap());
    assert_eq!(term_end(&c, Term::CallMax, called).unwrap(), day(2026, 3, 24));
}

#[test]
fn lft_366_deemed_registration_after_3_days_and_its_certificate_3_more() {
    // Demand on Thursday 9 April 2026: Fri 10 (1), Mon 13 (2), Tue 14 (3): deemed registered
    // from Wednesday 15; the certificate by Fri 17 (15, 16, 17).
    let c = ctx(at(2026, 4, 9));
    let end = term_end(&c, Term::DeemedAfterDemand, day(2026, 4, 9)).unwrap();
    assert_eq!(end, day(2026, 4, 14));
    assert_eq!(term_end(&c, Term::DeemedCertificate, end).unwrap(), day(2026, 4, 17));
}

#[test]
fn lft_399_and_399_bis_requests_in_calendar_days() {
    let c = ctx(at(2026, 3, 2));
    // 399: at least 60 calendar days before 1 March 2028. 31 December 2027 + 60 = 29 February
    // 2028 (a leap year), the day before: the last day to ask. 1 January 2028 + 60 = 1 March.
    assert_eq!(
        last_day_for_notice(&c, Term::RevisionRequest, day(2028, 3, 1)).unwrap(),
        day(2027, 12, 31)
    );
    // 399 Bis: 30 days before 1 March 2027: 29 January + 30 = 28 February.
    assert_eq!(
        last_day_for_notice(&c, Term::WageRevisionRequest, day(2027, 3, 1)).unwrap(),
        day(2027, 1, 29)
    );
}

#[test]
fn months_clamp_to_the_end_of_the_month() {
    // 373: six months from 31 August 2026 end on 28 February 2027.
    assert_eq!(add_months(day(2026, 8, 31), 6), day(2027, 2, 28));
    assert_eq!(add_months(day(2026, 3, 2), 3), day(2026, 6, 2));
    assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
}
