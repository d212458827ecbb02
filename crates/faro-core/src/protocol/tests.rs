//! Tests of the shipped protocols (rules/protocols/) and of the engine on them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::catalog::Catalogs;

/// The violation ids of the violation catalog (rules/violations.toml) a protocol may name.
const VIOLATIONS: [&str; 19] = [
    "lft-993",
    "lft-994-i",
    "lft-994-ii",
    "lft-994-iii",
    "lft-994-iv",
    "lft-994-iv-bis",
    "lft-994-v",
    "lft-994-vi",
    "lft-994-vii",
    "lft-995",
    "lft-995-bis",
    "lft-1000",
    "lft-1001",
    "lft-1002",
    "lft-1004-i",
    "lft-1004-ii",
    "lft-1004-iii",
    "lft-1004-a",
    "lft-1004-c",
];

/// The ILO's 11 indicators of forced labour, in the booklet's order.
const ILO_INDICATORS: [&str; 11] = [
    "fl.abuse_of_vulnerability",
    "fl.deception",
    "fl.restriction_of_movement",
    "fl.isolation",
    "fl.physical_sexual_violence",
    "fl.intimidation_threats",
    "fl.retention_of_documents",
    "fl.withholding_of_wages",
    "fl.debt_bondage",
    "fl.abusive_conditions",
    "fl.excessive_overtime",
];

fn official() -> &'static Protocols {
    Protocols::official().unwrap()
}

fn catalogs() -> &'static Catalogs {
    static CAT: OnceLock<Catalogs> = OnceLock::new();
    CAT.get_or_init(|| Catalogs::embedded().unwrap())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn question(id: &str) -> &'static Question {
    official().question(id).unwrap().1
}

fn answer(id: &str, outcome: Outcome, affected: u32, inputs: &[(&str, &str)]) -> Answer {
    Answer {
        question_id: id.to_string(),
        outcome,
        note: String::new(),
        affected_workers: affected,
        inputs: inputs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    }
}

fn eval(id: &str, on: NaiveDate, affected: u32, inputs: &[(&str, &str)]) -> Result<Outcome, DomainError> {
    evaluate(
        question(id),
        &answer(id, Outcome::Complies, affected, inputs),
        on,
        catalogs(),
    )
}

fn all_questions() -> impl Iterator<Item = (&'static Protocol, &'static Question)> {
    official()
        .all()
        .iter()
        .flat_map(|p| p.questions.iter().map(move |q| (p, q)))
}

#[test]
fn every_file_parses_on_its_own() {
    for (i, text) in OFFICIAL_FILES.iter().enumerate() {
        let set = Protocols::from_toml_files(&[text]).unwrap_or_else(|e| panic!("file #{}: {e}", i + 1));
        assert_eq!(set.all().len(), 1);
    }
    assert_eq!(official().all().len(), OFFICIAL_FILES.len());
}

#[test]
fn every_matter_has_a_protocol_in_force_now_and_in_2030() {
    for on in [date(2021, 9, 1), date(2026, 6, 1), date(2030, 1, 1)] {
        for m in Matter::ALL {
            let p = official().for_matter(m, on).unwrap();
            assert_eq!(p.matter, m);
            assert!(p.questions.len() >= 5, "{m} has {} questions", p.questions.len());
        }
    }
}

#[test]
fn question_ids_are_unique_across_matters() {
    let mut owner: BTreeMap<&str, Matter> = BTreeMap::new();
    for (p, q) in all_questions() {
        assert_eq!(
            *owner.entry(q.id.as_str()).or_insert(p.matter),
            p.matter,
            "{} used by two matters",
            q.id
        );
    }
    for p in official().all() {
        let ids: BTreeSet<_> = p.questions.iter().map(|q| &q.id).collect();
        assert_eq!(
            ids.len(),
            p.questions.len(),
            "{} v{} repeats an id",
            p.matter,
            p.version
        );
    }
}

#[test]
fn question_ids_carry_the_prefix_of_their_matter() {
    for (p, q) in all_questions() {
        let prefix = match p.matter {
            Matter::GeneralConditions => "gc.",
            Matter::SafetyHealth => "sh.",
            Matter::Training => "tr.",
            Matter::ChildLabor => "cl.",
            Matter::ForcedLabor => "fl.",
            Matter::Subcontracting => "sc.",
            Matter::FreedomOfAssociation => "fa.",
            Matter::DiscriminationHarassment => "dh.",
        };
        assert!(q.id.starts_with(prefix), "{}", q.id);
    }
}

#[test]
fn every_question_has_article_and_evidence_in_both_languages() {
    for (_, q) in all_questions() {
        for (field, text) in [
            ("text_es", &q.text_es),
            ("text_en", &q.text_en),
            ("article", &q.article),
            ("evidence_es", &q.evidence_es),
            ("evidence_en", &q.evidence_en),
        ] {
            assert!(text.trim().len() >= 5, "{} has no {field}", q.id);
        }
        assert!(
            q.text_es.trim_end().ends_with('?'),
            "{} text_es is not a question",
            q.id
        );
        assert!(
            q.text_en.trim_end().ends_with('?'),
            "{} text_en is not a question",
            q.id
        );
        assert!(
            ["LFT ", "LSS ", "CPEUM "].iter().any(|law| q.article.starts_with(law)),
            "{} article '{}' names no law",
            q.id,
            q.article
        );
    }
}

#[test]
fn every_violation_is_in_the_catalog_list() {
    for (_, q) in all_questions() {
        assert!(
            VIOLATIONS.contains(&q.violation.as_str()),
            "{}: unknown violation {}",
            q.id,
            q.violation
        );
    }
}

#[test]
fn measures_follow_correctability_and_matter() {
    for (p, q) in all_questions() {
        assert_eq!(q.correctable, q.measure.is_some(), "{}", q.id);
        if q.correctable {
            let expected = if p.matter == Matter::SafetyHealth {
                MeasureKind::Safety
            } else {
                MeasureKind::General
            };
            assert_eq!(q.measure, Some(expected), "{}", q.id);
        }
    }
}

#[test]
fn forced_labor_has_exactly_the_eleven_ilo_indicators() {
    let p = official().for_matter(Matter::ForcedLabor, date(2026, 6, 1)).unwrap();
    let ids: Vec<&str> = p.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ILO_INDICATORS);
    for q in &p.questions {
        assert_eq!(q.referral, vec![ReferralAuthority::Prosecutor], "{}", q.id);
        assert!(!q.correctable, "{}", q.id);
    }
}

#[test]
fn child_labor_covers_each_group_of_article_176() {
    let p = official().for_matter(Matter::ChildLabor, date(2026, 6, 1)).unwrap();
    for fraction in ["I", "II", "III", "IV", "V", "VI", "VII"] {
        let cite = format!("LFT 176-{fraction}");
        let covering: Vec<_> = p
            .questions
            .iter()
            .filter(|q| q.article.split([',', ';']).any(|part| part.trim() == cite))
            .collect();
        assert_eq!(covering.len(), 1, "{cite} must have exactly one question");
        let q = covering[0];
        assert_eq!(q.violation, "lft-995", "{}", q.id);
        assert_eq!(q.referral, vec![ReferralAuthority::ChildProtection], "{}", q.id);
        assert!(!q.correctable, "{}", q.id);
    }
}

#[test]
fn a_child_under_15_is_removed_and_referred_to_both_authorities() {
    let q = question("cl.under_15");
    assert_eq!(q.check, Some(Check::MinorAge));
    assert_eq!(q.violation, "lft-995-bis");
    assert_eq!(
        q.referral,
        vec![ReferralAuthority::ChildProtection, ReferralAuthority::Prosecutor]
    );
    assert!(!q.correctable);
    assert_eq!(q.measure, None);
    let on = date(2026, 6, 1);
    assert_eq!(
        eval("cl.under_15", on, 1, &[(INPUT_AGE, "14")]).unwrap(),
        Outcome::Fails
    );
    assert_eq!(eval("cl.under_15", on, 1, &[(INPUT_AGE, "0")]).unwrap(), Outcome::Fails);
    assert_eq!(
        eval("cl.under_15", on, 0, &[(INPUT_AGE, "15")]).unwrap(),
        Outcome::Complies
    );
    assert_eq!(
        eval("cl.under_15", on, 0, &[(INPUT_AGE, "17")]).unwrap(),
        Outcome::Complies
    );
}

#[test]
fn the_required_topics_are_covered() {
    let on = date(2026, 6, 1);
    let required = [
        (Matter::GeneralConditions, "LFT 61", "lft-994-i"),
        (Matter::GeneralConditions, "LFT 66", "lft-1002"),
        (Matter::GeneralConditions, "LFT 69", "lft-994-i"),
        (Matter::GeneralConditions, "LFT 76", "lft-994-i"),
        (Matter::GeneralConditions, "LFT 80", "lft-1002"),
        (Matter::GeneralConditions, "LFT 87", "lft-1002"),
        (Matter::GeneralConditions, "LFT 117", "lft-994-ii"),
        (Matter::GeneralConditions, "LSS 15", "lft-1002"),
        (Matter::Training, "LFT 132-XV", "lft-994-iv"),
        (Matter::SafetyHealth, "LFT 509", "lft-994-v"),
        (Matter::SafetyHealth, "NOM-002-STPS-2010", "lft-994-v"),
        (Matter::SafetyHealth, "NOM-017-STPS-2008", "lft-994-v"),
        (Matter::SafetyHealth, "NOM-004-STPS-1999", "lft-994-v"),
        (Matter::SafetyHealth, "NOM-005-STPS-1998", "lft-994-v"),
        (Matter::SafetyHealth, "NOM-029-STPS-2011", "lft-994-v"),
        (Matter::SafetyHealth, "LFT 504-I", "lft-994-v"),
        (Matter::SafetyHealth, "NOM-035-STPS-2018", "lft-994-v"),
        (Matter::ChildLabor, "LFT 177", "lft-995"),
        (Matter::ChildLabor, "LFT 178", "lft-995"),
        (Matter::ChildLabor, "LFT 179", "lft-995"),
        (Matter::ChildLabor, "LFT 180-I", "lft-995"),
        (Matter::Subcontracting, "LFT 15", "lft-1004-c"),
        (Matter::FreedomOfAssociation, "LFT 133-IV", "lft-994-vi"),
        (Matter::FreedomOfAssociation, "LFT 133-V", "lft-994-vi"),
        (Matter::FreedomOfAssociation, "LFT 133-IX", "lft-1002"),
        (Matter::DiscriminationHarassment, "LFT 132-XXXI", "lft-1002"),
        (Matter::DiscriminationHarassment, "LFT 133-XII", "lft-994-vi"),
        (Matter::DiscriminationHarassment, "LFT 133-XIII", "lft-994-vi"),
        (Matter::DiscriminationHarassment, "LFT 133-XIV", "lft-995"),
        (Matter::DiscriminationHarassment, "LFT 133-XV", "lft-995"),
    ];
    for (matter, cite, violation) in required {
        let p = official().for_matter(matter, on).unwrap();
        let found = p
            .questions
            .iter()
            .any(|q| q.violation == violation && cites(&q.article, cite));
        assert!(found, "{matter}: no question cites {cite} with {violation}");
    }
}

/// Whether an article field like "LFT 66, 68; NOM-017-STPS-2008" cites `cite` ("LFT 68",
/// "NOM-017-STPS-2008").
fn cites(article: &str, cite: &str) -> bool {
    let groups = article.split(';').map(str::trim);
    match cite.split_once(' ') {
        None => groups.into_iter().any(|g| g == cite),
        Some((law, number)) => groups.into_iter().any(|g| match g.split_once(' ') {
            Some((l, numbers)) => l == law && numbers.split(',').any(|n| n.trim() == number),
            None => false,
        }),
    }
}

#[test]
fn the_topic_finder_reads_article_fields() {
    assert!(cites("LFT 66, 68", "LFT 68"));
    assert!(!cites("LFT 66, 68", "LFT 6"));
    assert!(cites("LFT 132-XVI; NOM-002-STPS-2010", "NOM-002-STPS-2010"));
    assert!(!cites("LFT 132-XVI; NOM-002-STPS-2010", "NOM-002-STPS-201"));
    assert!(!cites("LSS 15; LFT 5-XV", "LFT 15"));
    assert!(cites("LSS 15; LFT 5-XV", "LSS 15"));
}

#[test]
fn computed_questions_are_where_they_should_be() {
    let expect = [
        ("gc.weekly_hours", Check::WeeklyHours),
        ("gc.vacation_days", Check::VacationDays),
        ("gc.minimum_wage", Check::MinimumWage),
        ("cl.under_15", Check::MinorAge),
    ];
    let computed: Vec<_> = official()
        .for_matter(Matter::GeneralConditions, date(2026, 6, 1))
        .unwrap()
        .questions
        .iter()
        .chain(
            &official()
                .for_matter(Matter::ChildLabor, date(2026, 6, 1))
                .unwrap()
                .questions,
        )
        .filter_map(|q| q.check.map(|c| (q.id.as_str(), c)))
        .collect();
    assert_eq!(computed, expect);
    let gc = question("gc.minimum_wage");
    assert_eq!(gc.violation, "lft-1004-i");
    assert_eq!(gc.referral, vec![ReferralAuthority::Prosecutor]);
}

#[test]
fn versions_are_picked_by_date() {
    let p = official();
    let v1 = p.for_matter(Matter::GeneralConditions, date(2026, 12, 31)).unwrap();
    assert_eq!(v1.version, 1);
    assert!(v1.question("gc.electronic_time_record").is_none());
    let v2 = p.for_matter(Matter::GeneralConditions, date(2027, 1, 1)).unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(question("gc.electronic_time_record").violation, "lft-994-iv-bis");
    assert!(v2.question("gc.electronic_time_record").is_some());
    assert_eq!(
        p.for_matter(Matter::GeneralConditions, date(2019, 5, 2))
            .unwrap()
            .version,
        1
    );

    let err = p.for_matter(Matter::GeneralConditions, date(2019, 5, 1)).unwrap_err();
    assert_eq!(err.code, "protocol.not_in_force");
    assert!(err.params.contains(&("matter", "general_conditions".to_string())));
    assert_eq!(
        p.for_matter(Matter::Subcontracting, date(2021, 8, 31))
            .unwrap_err()
            .code,
        "protocol.not_in_force"
    );
    assert_eq!(
        p.for_matter(Matter::Subcontracting, date(2021, 9, 1)).unwrap().version,
        1
    );

    assert_eq!(
        p.version(Matter::GeneralConditions, 2).unwrap().in_force_from,
        date(2027, 1, 1)
    );
    assert!(p.version(Matter::GeneralConditions, 3).is_none());
    // A question in both versions is found in the latest.
    let (found_in, _) = p.question("gc.weekly_rest").unwrap();
    assert_eq!(found_in.version, 2);
    let (found_in, _) = p.question("sh.fire_prevention").unwrap();
    assert_eq!(found_in.matter, Matter::SafetyHealth);
    assert!(p.question("gc.nope").is_none());
}

#[test]
fn general_conditions_v2_is_v1_plus_the_electronic_record() {
    let v1 = official().version(Matter::GeneralConditions, 1).unwrap();
    let v2 = official().version(Matter::GeneralConditions, 2).unwrap();
    assert_eq!(v2.questions.len(), v1.questions.len() + 1);
    assert_eq!(v2.questions[..v1.questions.len()], v1.questions[..]);
    assert_eq!(v2.questions.last().unwrap().id, "gc.electronic_time_record");
}

#[test]
fn minimum_wage_at_the_2025_2026_boundary() {
    let last_2025 = date(2025, 12, 31);
    let first_2026 = date(2026, 1, 1);
    let wage = |w: &str, zone: &str, on: NaiveDate| {
        eval(
            "gc.minimum_wage",
            on,
            3,
            &[(INPUT_LOWEST_DAILY_WAGE, w), (INPUT_ZONE, zone)],
        )
        .unwrap()
    };
    // General zone: 278.80 in 2025, 315.04 from 1 January 2026.
    assert_eq!(wage("300.00", "general", last_2025), Outcome::Complies);
    assert_eq!(wage("300.00", "general", first_2026), Outcome::Fails);
    assert_eq!(wage("278.80", "general", last_2025), Outcome::Complies);
    assert_eq!(wage("278.79", "general", last_2025), Outcome::Fails);
    assert_eq!(wage("315.04", "general", first_2026), Outcome::Complies);
    assert_eq!(wage("315.03", "general", first_2026), Outcome::Fails);
    // Northern border free zone: 419.88 in 2025, 440.87 from 1 January 2026.
    assert_eq!(wage("430.00", "northern_border", last_2025), Outcome::Complies);
    assert_eq!(wage("430.00", "northern_border", first_2026), Outcome::Fails);
    assert_eq!(wage("419.87", "northern_border", last_2025), Outcome::Fails);
    assert_eq!(wage("440.87", "northern_border", first_2026), Outcome::Complies);
    assert_eq!(wage("$440.86", "northern_border", first_2026), Outcome::Fails);
    // The same wage passes in the general zone and fails on the border.
    assert_eq!(wage("400.00", "general", first_2026), Outcome::Complies);
    assert_eq!(wage("400.00", "northern_border", first_2026), Outcome::Fails);
}

#[test]
fn vacation_check_uses_the_table_of_the_inspection_date() {
    let days = |years: &str, granted: &str, on: NaiveDate| {
        eval(
            "gc.vacation_days",
            on,
            1,
            &[(INPUT_YEARS_OF_SERVICE, years), (INPUT_DAYS_GRANTED, granted)],
        )
        .unwrap()
    };
    assert_eq!(days("1", "6", date(2022, 12, 31)), Outcome::Complies);
    assert_eq!(days("1", "6", date(2023, 1, 1)), Outcome::Fails);
    assert_eq!(days("1", "12", date(2023, 1, 1)), Outcome::Complies);
    assert_eq!(days("6", "21", date(2026, 6, 1)), Outcome::Fails);
    assert_eq!(days("6", "22", date(2026, 6, 1)), Outcome::Complies);
    assert_eq!(days("0", "0", date(2026, 6, 1)), Outcome::Complies);
}

#[test]
fn weekly_hours_check_follows_the_phase_in() {
    let hours = |h: &str, on: NaiveDate| eval("gc.weekly_hours", on, 1, &[(INPUT_WEEKLY_HOURS, h)]).unwrap();
    assert_eq!(hours("48", date(2026, 12, 31)), Outcome::Complies);
    assert_eq!(hours("48.5", date(2026, 12, 31)), Outcome::Fails);
    assert_eq!(hours("48", date(2027, 1, 1)), Outcome::Fails);
    assert_eq!(hours("46", date(2027, 1, 1)), Outcome::Complies);
    assert_eq!(hours("40", date(2030, 1, 1)), Outcome::Complies);
    assert_eq!(hours("40,5", date(2030, 1, 1)), Outcome::Fails);
}

#[test]
fn bad_inputs_name_the_field() {
    let on = date(2026, 6, 1);
    type Case = (&'static str, &'static [(&'static str, &'static str)], &'static str);
    let cases: [Case; 11] = [
        ("gc.minimum_wage", &[(INPUT_ZONE, "general")], INPUT_LOWEST_DAILY_WAGE),
        (
            "gc.minimum_wage",
            &[(INPUT_LOWEST_DAILY_WAGE, "abc"), (INPUT_ZONE, "general")],
            INPUT_LOWEST_DAILY_WAGE,
        ),
        (
            "gc.minimum_wage",
            &[(INPUT_LOWEST_DAILY_WAGE, "315,04"), (INPUT_ZONE, "general")],
            INPUT_LOWEST_DAILY_WAGE,
        ),
        (
            "gc.minimum_wage",
            &[(INPUT_LOWEST_DAILY_WAGE, "-10"), (INPUT_ZONE, "general")],
            INPUT_LOWEST_DAILY_WAGE,
        ),
        (
            "gc.minimum_wage",
            &[(INPUT_LOWEST_DAILY_WAGE, "300"), (INPUT_ZONE, "south")],
            INPUT_ZONE,
        ),
        ("gc.minimum_wage", &[(INPUT_LOWEST_DAILY_WAGE, "300")], INPUT_ZONE),
        (
            "gc.vacation_days",
            &[(INPUT_YEARS_OF_SERVICE, "two"), (INPUT_DAYS_GRANTED, "12")],
            INPUT_YEARS_OF_SERVICE,
        ),
        ("gc.vacation_days", &[(INPUT_YEARS_OF_SERVICE, "2")], INPUT_DAYS_GRANTED),
        ("gc.weekly_hours", &[(INPUT_WEEKLY_HOURS, "lots")], INPUT_WEEKLY_HOURS),
        ("gc.weekly_hours", &[(INPUT_WEEKLY_HOURS, "200")], INPUT_WEEKLY_HOURS),
        ("cl.under_15", &[(INPUT_AGE, "-3")], INPUT_AGE),
    ];
    for (id, inputs, field) in cases {
        let err = eval(id, on, 1, inputs).unwrap_err();
        assert_eq!(err.code, "protocol.input_invalid", "{id} {inputs:?}");
        assert!(
            err.params.contains(&("field", field.to_string())),
            "{id} {inputs:?}: {:?}",
            err.params
        );
    }
}

#[test]
fn not_applicable_skips_the_computation() {
    let q = question("gc.minimum_wage");
    let a = answer("gc.minimum_wage", Outcome::NotApplicable, 0, &[]);
    assert_eq!(
        evaluate(q, &a, date(2026, 6, 1), catalogs()).unwrap(),
        Outcome::NotApplicable
    );
}

#[test]
fn the_computation_overrides_the_inspectors_choice() {
    let q = question("cl.under_15");
    let a = answer("cl.under_15", Outcome::Complies, 2, &[(INPUT_AGE, "13")]);
    assert_eq!(evaluate(q, &a, date(2026, 6, 1), catalogs()).unwrap(), Outcome::Fails);
    let a = answer("cl.under_15", Outcome::Fails, 0, &[(INPUT_AGE, "16")]);
    assert_eq!(
        evaluate(q, &a, date(2026, 6, 1), catalogs()).unwrap(),
        Outcome::Complies
    );
}

#[test]
fn a_failure_needs_affected_workers() {
    let on = date(2026, 6, 1);
    let q = question("sh.fire_prevention");
    for (outcome, affected, ok) in [
        (Outcome::Fails, 0, false),
        (Outcome::Fails, 1, true),
        (Outcome::Complies, 0, true),
        (Outcome::NotApplicable, 0, true),
    ] {
        let result = evaluate(q, &answer(&q.id, outcome, affected, &[]), on, catalogs());
        match result {
            Ok(o) => {
                assert!(ok, "{outcome:?} with {affected}");
                assert_eq!(o, outcome);
            }
            Err(e) => {
                assert!(!ok, "{outcome:?} with {affected}");
                assert_eq!(e.code, "protocol.affected_required");
            }
        }
    }
    // A computed failure needs them too.
    let err = eval("cl.under_15", on, 0, &[(INPUT_AGE, "12")]).unwrap_err();
    assert_eq!(err.code, "protocol.affected_required");
}

#[test]
fn an_answer_for_another_question_is_refused() {
    let q = question("sh.fire_prevention");
    let a = answer("sh.first_aid", Outcome::Complies, 0, &[]);
    assert_eq!(
        evaluate(q, &a, date(2026, 6, 1), catalogs()).unwrap_err().code,
        "protocol.question_mismatch"
    );
}

#[test]
fn outcome_and_answer_serialize_in_snake_case() {
    assert_eq!(
        serde_json::to_value(Outcome::NotApplicable).unwrap(),
        serde_json::json!("not_applicable")
    );
    assert_eq!(
        serde_json::to_value(Outcome::Complies).unwrap(),
        serde_json::json!("complies")
    );
    let a: Answer = serde_json::from_value(serde_json::json!({
        "question_id": "gc.weekly_rest",
        "outcome": "fails",
        "affected_workers": 4,
    }))
    .unwrap();
    assert_eq!(a.outcome, Outcome::Fails);
    assert_eq!(a.affected_workers, 4);
    assert!(a.inputs.is_empty() && a.note.is_empty());
    let back: Answer = serde_json::from_value(serde_json::to_value(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    assert_eq!(
        serde_json::to_value(MeasureKind::Safety).unwrap(),
        serde_json::json!("safety")
    );
    assert_eq!(
        serde_json::to_value(Check::MinorAge).unwrap(),
        serde_json::json!("minor_age")
    );
    for c in Check::ALL {
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(c.code()));
        assert!(!c.inputs().is_empty());
    }
}

// ---- Loading errors, on small hand-written files ----

const MINIMAL: &str = r#"
matter = "training"
version = 1
in_force_from = 2020-01-01
title_es = "Capacitación"
title_en = "Training"
source = "test"

[[questions]]
id = "tr.one"
text_es = "¿Sí?"
text_en = "Yes?"
article = "LFT 153-A"
evidence_es = "Listas"
evidence_en = "Lists"
violation = "lft-994-iv"
correctable = true
measure = "general"
"#;

fn load_error(files: &[&str]) -> DomainError {
    Protocols::from_toml_files(files).unwrap_err()
}

#[test]
fn the_minimal_file_loads_with_defaults() {
    let set = Protocols::from_toml_files(&[MINIMAL]).unwrap();
    let q = &set.all()[0].questions[0];
    assert!(q.referral.is_empty() && q.check.is_none() && q.note.is_empty());
    assert_eq!(q.measure, Some(MeasureKind::General));
    let one = MINIMAL.replace(
        "measure = \"general\"",
        "measure = \"general\"\nreferral = \"prosecutor\"",
    );
    let set = Protocols::from_toml_files(&[&one]).unwrap();
    assert_eq!(set.all()[0].questions[0].referral, vec![ReferralAuthority::Prosecutor]);
}

#[test]
fn malformed_files_are_refused() {
    let cases = [
        (
            MINIMAL.replace("matter = \"training\"", "matter = \"nope\""),
            "protocol.file_invalid",
        ),
        (MINIMAL.replace("version = 1", "version = 0"), "protocol.file_invalid"),
        (MINIMAL.replace("2020-01-01", "\"2020-01-01\""), "protocol.file_invalid"),
        (
            MINIMAL.replace("2020-01-01", "2020-01-01T10:00:00"),
            "protocol.file_invalid",
        ),
        (
            MINIMAL.replace("source = \"test\"", "source = \"test\"\nsorce = \"typo\""),
            "protocol.file_invalid",
        ),
        (
            MINIMAL.replace("measure = \"general\"", "measure = \"urgent\""),
            "protocol.file_invalid",
        ),
        (MINIMAL.replace("measure = \"general\"", ""), "protocol.file_invalid"),
        (
            MINIMAL.replace("measure = \"general\"", "measure = \"general\"\ncheck = \"salary\""),
            "protocol.file_invalid",
        ),
        (
            MINIMAL.replace(
                "measure = \"general\"",
                "measure = \"general\"\nreferral = [\"police\"]",
            ),
            "protocol.file_invalid",
        ),
        (
            MINIMAL.replace("title_en = \"Training\"", "title_en = \" \""),
            "protocol.file_invalid",
        ),
        (
            MINIMAL.replace("measure = \"general\"", "measure = \"none\""),
            "protocol.question_invalid",
        ),
        (
            MINIMAL.replace("correctable = true", "correctable = false"),
            "protocol.question_invalid",
        ),
        (
            MINIMAL.replace("id = \"tr.one\"", "id = \"Tr One\""),
            "protocol.question_invalid",
        ),
        (
            MINIMAL.replace("violation = \"lft-994-iv\"", "violation = \"994-IV\""),
            "protocol.question_invalid",
        ),
        (
            MINIMAL.replace("evidence_en = \"Lists\"", "evidence_en = \"\""),
            "protocol.question_invalid",
        ),
        (
            MINIMAL.replace("article = \"LFT 153-A\"", "article = \"  \""),
            "protocol.question_invalid",
        ),
        (
            MINIMAL.replace(
                "measure = \"general\"",
                "measure = \"general\"\nreferral = [\"prosecutor\", \"prosecutor\"]",
            ),
            "protocol.question_invalid",
        ),
        (
            format!(
                "{MINIMAL}\n[[questions]]\n{}",
                MINIMAL.split("[[questions]]").nth(1).unwrap()
            ),
            "protocol.duplicate_question",
        ),
    ];
    for (text, code) in cases {
        let err = load_error(&[&text]);
        assert_eq!(err.code, code, "{text}\n{err}");
        assert!(err.params.iter().any(|(k, _)| *k == "file"), "{err:?}");
    }
    let no_questions = MINIMAL.split("[[questions]]").next().unwrap().to_string() + "questions = []\n";
    assert_eq!(load_error(&[&no_questions]).code, "protocol.file_invalid");
}

#[test]
fn inconsistent_sets_are_refused() {
    let v2 = MINIMAL
        .replace("version = 1", "version = 2")
        .replace("2020-01-01", "2021-01-01");
    let set = Protocols::from_toml_files(&[&v2, MINIMAL]).unwrap();
    assert_eq!(set.for_matter(Matter::Training, date(2020, 6, 1)).unwrap().version, 1);
    assert_eq!(set.for_matter(Matter::Training, date(2021, 1, 1)).unwrap().version, 2);

    assert_eq!(load_error(&[MINIMAL, MINIMAL]).code, "protocol.duplicate_version");
    let v2_earlier = MINIMAL
        .replace("version = 1", "version = 2")
        .replace("2020-01-01", "2019-01-01");
    assert_eq!(load_error(&[MINIMAL, &v2_earlier]).code, "protocol.version_order");
    let v2_same_day = MINIMAL.replace("version = 1", "version = 2");
    assert_eq!(load_error(&[MINIMAL, &v2_same_day]).code, "protocol.version_order");
    let other_matter = MINIMAL.replace("matter = \"training\"", "matter = \"child_labor\"");
    let err = load_error(&[MINIMAL, &other_matter]);
    assert_eq!(err.code, "protocol.duplicate_question");
    assert!(err.params.contains(&("question", "tr.one".to_string())));
}

proptest! {
    /// Whatever the inspector types, a computed question gives an outcome or a clear input error.
    #[test]
    fn any_input_gives_an_outcome_or_an_input_error(
        id in prop::sample::select(vec!["gc.minimum_wage", "gc.vacation_days", "gc.weekly_hours", "cl.under_15"]),
        a in ".{0,12}",
        b in "[0-9.,$ -]{0,10}",
        day in 0i64..4000,
    ) {
        let q = question(id);
        let names = q.check.unwrap().inputs();
        let mut inputs: Vec<(&str, &str)> = vec![(names[0], b.as_str())];
        if let Some(second) = names.get(1) {
            inputs.push((second, a.as_str()));
        }
        let on = date(2019, 5, 2) + chrono::Duration::days(day);
        match eval(id, on, 1, &inputs) {
            Ok(o) => prop_assert!(o != Outcome::NotApplicable),
            Err(e) => prop_assert_eq!(e.code, "protocol.input_invalid"),
        }
    }

    /// The weekly-hours check fails exactly above the maximum of the date.
    #[test]
    fn weekly_hours_fail_exactly_above_the_maximum(hours in 0u32..=168, day in 0i64..5000) {
        let on = date(2019, 5, 2) + chrono::Duration::days(day);
        let outcome = eval("gc.weekly_hours", on, 1, &[(INPUT_WEEKLY_HOURS, &hours.to_string())]).unwrap();
        prop_assert_eq!(outcome == Outcome::Fails, hours > max_weekly_hours(on));
    }

    /// The minimum-age check fails exactly below 15.
    #[test]
    fn minor_age_fails_exactly_below_15(age in 0u32..=120) {
        let outcome = eval("cl.under_15", date(2026, 6, 1), 1, &[(INPUT_AGE, &age.to_string())]).unwrap();
        prop_assert_eq!(outcome == Outcome::Fails, age < MINIMUM_WORKING_AGE);
    }
}
