//! The registry's rules files: every term and parameter the code names is there, every number
//! is the law's (checked against the article), unconfirmed ones are tagged and configurable.

use std::collections::BTreeSet;

use super::*;
use crate::rules::{Confidence, DeadlineUnit};

#[test]
fn every_term_and_parameter_is_in_the_files_and_nothing_else() {
    let r = union_rules();
    let on = day(2026, 3, 2);
    let terms: BTreeSet<&str> = Term::ALL.iter().map(|t| t.rule_id()).collect();
    let params: BTreeSet<&str> = Param::ALL.iter().map(|p| p.rule_id()).collect();
    for t in Term::ALL {
        r.deadline(t, on).unwrap();
    }
    for p in Param::ALL {
        r.parameter(p, on).unwrap();
    }
    let in_file: BTreeSet<&str> = r.rules().deadlines().map(|d| d.meta.id.as_str()).collect();
    assert_eq!(in_file, terms, "deadlines.toml and Term disagree");
    let in_file: BTreeSet<&str> = r.rules().parameters().map(|p| p.meta.id.as_str()).collect();
    assert_eq!(in_file, params, "parameters.toml and Param disagree");
    assert_eq!(r.rules().violations().count(), 0);
}

#[test]
fn unstated_day_types_are_tagged_u_and_counted_by_the_registrar() {
    let on = day(2026, 3, 2);
    for t in Term::ALL {
        let rule = union_rules().deadline(t, on).unwrap();
        if !rule.day_count_stated {
            assert_eq!(rule.meta.confidence, Confidence::Unconfirmed, "{}", t.rule_id());
            assert!(rule.meta.configurable);
            assert_eq!(rule.unit, DeadlineUnit::Days(DayCount::Working));
        }
        if rule.meta.confidence != Confidence::Primary {
            assert!(rule.meta.configurable, "{}", t.rule_id());
        }
    }
}

/// Each number against its article (LFT.md as of DOF 01-05-2026).
#[test]
fn the_numbers_are_the_laws() {
    let r = union_rules();
    let on = day(2026, 3, 2);
    let amount = |t: Term| {
        let d = r.deadline(t, on).unwrap();
        (d.amount, d.unit, d.day_count_stated)
    };
    let unstated = DeadlineUnit::Days(DayCount::Working);
    // 366: warn "dentro de los cinco días", decide within "veinte días", deemed "tres días" after
    // the demand, certificate "dentro de los tres días".
    assert_eq!(amount(Term::DefectNotice), (5, unstated, false));
    assert_eq!(amount(Term::Resolution), (20, unstated, false));
    assert_eq!(amount(Term::DeemedAfterDemand), (3, unstated, false));
    assert_eq!(amount(Term::DeemedCertificate), (3, unstated, false));
    // 377-II, 364 Bis, 373: ten days each.
    for t in [
        Term::LeadershipReport,
        Term::StatuteReport,
        Term::LeadershipCertification,
        Term::FinancialMinutes,
    ] {
        assert_eq!(amount(t).0, 10, "{}", t.rule_id());
    }
    // 371-IX b and d.
    assert_eq!(amount(Term::ElectionCallMin).0, 10);
    assert_eq!(amount(Term::ElectionRollMin).0, 3);
    // 390: thirty days; 399 sixty and 399 Bis thirty calendar days, both stated.
    assert_eq!(amount(Term::AgreementRegistration), (30, unstated, false));
    assert_eq!(
        amount(Term::RevisionRequest),
        (60, DeadlineUnit::Days(DayCount::Calendar), true)
    );
    assert_eq!(
        amount(Term::WageRevisionRequest),
        (30, DeadlineUnit::Days(DayCount::Calendar), true)
    );
    // 390 Bis: 3, 3, 3, 10, 10; 10 to 15 days for the call.
    assert_eq!(amount(Term::RepresentativenessDefectNotice).0, 3);
    assert_eq!(amount(Term::RepresentativenessDefectCure).0, 3);
    assert_eq!(amount(Term::RepresentativenessNotice).0, 3);
    assert_eq!(amount(Term::JoiningWindow).0, 10);
    assert_eq!(amount(Term::RepresentativenessRoll).0, 10);
    assert_eq!(amount(Term::CallMin).0, 10);
    assert_eq!(amount(Term::CallMax).0, 15);
    // 390 Ter: 10 days of notice to the CFCRL, result posted within 2 days, reported within
    // "tres días hábiles" (stated: working days, P).
    assert_eq!(amount(Term::RegistrarNoticeMin).0, 10);
    assert_eq!(amount(Term::ResultPosting).0, 2);
    assert_eq!(
        amount(Term::ResultNotice),
        (3, DeadlineUnit::Days(DayCount::Working), true)
    );
    let p = |x: Param| r.count(x, on).unwrap();
    assert_eq!(p(Param::MinWorkers), 20); // 364
    assert_eq!(p(Param::MinEmployers), 3); // 364
    assert_eq!(p(Param::MemberMinAge), 15); // 362
    assert_eq!(p(Param::MemberUpdateMonths), 3); // 377-III
    assert_eq!(p(Param::FinancialReportMonths), 6); // 373
    assert_eq!(p(Param::SupportMinPercent), 30); // 390 Bis-I
    assert_eq!(p(Param::TurnoutMinPercent), 30); // 390 Bis-III
    assert_eq!(p(Param::ValidityMonths), 6); // 387
    assert_eq!(p(Param::RollDismissedMonths), 3); // 390 Bis-III a
    assert_eq!(p(Param::RepresentativesPerStation), 2); // 390 Bis-III c
    assert_eq!(p(Param::RecordsRetentionYears), 5); // 390 Ter-II g
    assert_eq!(p(Param::RevisionYears), 2); // 399, 400 Bis
    assert_eq!(p(Param::WageRevisionYears), 1); // 399 Bis
    assert_eq!(r.date(Param::LegacyCutoff, on).unwrap(), day(2019, 5, 2));
    assert_eq!(r.date(Param::LegitimizationDeadline, on).unwrap(), day(2023, 5, 1));
}

#[test]
fn unconfirmed_vote_rules_are_parameters_shown_as_such() {
    let r = union_rules();
    let on = day(2026, 3, 2);
    for p in [
        Param::ApprovalMajorityBase,
        Param::ApprovalTurnoutMinPercent,
        Param::LegitimizationMajorityBase,
        Param::LegitimizationTurnoutMinPercent,
        Param::ReviewRestartsOnCure,
        Param::IdenticalCountsMinBallots,
        Param::UnanimityMinRoll,
        Param::UnanimityPercent,
    ] {
        let rule = r.parameter(p, on).unwrap();
        assert_eq!(rule.meta.confidence, Confidence::Unconfirmed, "{}", p.rule_id());
        assert!(rule.meta.configurable);
    }
    assert_eq!(
        r.parameter(Param::LegitimizationDeadline, on).unwrap().meta.confidence,
        Confidence::Secondary
    );
    // The literal reading is the default: a majority of the workers on the roll.
    assert_eq!(
        r.majority_base(Param::ApprovalMajorityBase, on).unwrap(),
        MajorityBase::Roll
    );
    assert_eq!(
        r.majority_base(Param::LegitimizationMajorityBase, on).unwrap(),
        MajorityBase::Roll
    );
    assert!(r.review_restarts_on_cure(on).unwrap());
}

#[test]
fn a_deployment_overrides_only_configurable_rules() {
    let r = union_rules();
    let on = day(2026, 3, 2);
    let o = r
        .with_overrides(
            r#"
[parameters."vote.legitimization_majority_base"]
value = "ballots_cast"

[deadlines."union.resolution"]
amount = 25
"#,
        )
        .unwrap();
    assert_eq!(
        o.majority_base(Param::LegitimizationMajorityBase, on).unwrap(),
        MajorityBase::BallotsCast
    );
    assert_eq!(o.deadline(Term::Resolution, on).unwrap().amount, 25);
    // 364's twenty workers are the law's: not configurable.
    let e = r
        .with_overrides("[parameters.\"union.min_workers\"]\nvalue = 10\n")
        .unwrap_err();
    assert_eq!(e.code, "rules.not_configurable");
    // A bad value of a text parameter is refused where it is read.
    let bad = r
        .with_overrides("[parameters.\"vote.approval_majority_base\"]\nvalue = \"most\"\n")
        .unwrap();
    assert_eq!(
        bad.majority_base(Param::ApprovalMajorityBase, on).unwrap_err().code,
        "rules.invalid"
    );
    let bad = r
        .with_overrides("[parameters.\"anomaly.unanimity_percent\"]\nvalue = 120\n")
        .unwrap();
    assert_eq!(
        bad.percent(Param::UnanimityPercent, on).unwrap_err().code,
        "rules.invalid"
    );
}

#[test]
fn shares_round_up() {
    // 30 % of 100 is 30; of 101 it is 30.3, so 31 workers are needed; of 0, none.
    assert_eq!(crate::union::rules::share_ceil(100, 30), 30);
    assert_eq!(crate::union::rules::share_ceil(101, 30), 31);
    assert_eq!(crate::union::rules::share_ceil(0, 30), 0);
    assert!(crate::union::rules::reaches(30, 100, 30));
    assert!(!crate::union::rules::reaches(30, 101, 30));
    assert!(crate::union::rules::reaches(0, 0, 30));
}

#[test]
fn event_kinds_are_unique_and_prefixed() {
    let all: BTreeSet<&str> = kinds::ALL.iter().copied().collect();
    assert_eq!(all.len(), kinds::ALL.len());
    for k in kinds::ALL {
        assert!(
            ["union.", "agreement.", "representativeness.", "vote."]
                .iter()
                .any(|p| k.starts_with(p)),
            "{k}"
        );
    }
}
