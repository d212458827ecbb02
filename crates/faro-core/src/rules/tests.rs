use std::collections::BTreeSet;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn official() -> &'static Rules {
    Rules::official().unwrap()
}

/// The ids the checklist maps its questions to: every one must exist.
const CATALOG_IDS: &[&str] = &[
    "lft-993",
    "lft-994-i",
    "lft-994-ii",
    "lft-994-iii",
    "lft-994-iv",
    "lft-994-iv-bis",
    "lft-994-v",
    "lft-994-vi",
    "lft-994-vii",
    "lft-994-viii",
    "lft-995",
    "lft-995-bis",
    "lft-996-i",
    "lft-996-ii",
    "lft-997",
    "lft-997-a-i",
    "lft-997-a-ii",
    "lft-998",
    "lft-999",
    "lft-1000",
    "lft-1001",
    "lft-1002",
    "lft-1004-i",
    "lft-1004-ii",
    "lft-1004-iii",
    "lft-1004-a",
    "lft-1004-b",
    "lft-1004-c",
];

const DEADLINE_IDS: &[&str] = &[
    "inspection.ordinary_notice",
    "inspection.safety_correction_max",
    "inspection.safety_extension_max",
    "inspection.general_correction_max",
    "inspection.observations",
    "inspection.imminent_danger_report",
    "sanction.hearing_response",
    "sanction.resolution",
    "sanction.payment",
    "sanction.appeal",
    "referral.send",
    "referral.follow_up",
];

fn all_metas(r: &Rules) -> Vec<&RuleMeta> {
    r.deadlines()
        .map(|d| &d.meta)
        .chain(r.violations().map(|v| &v.meta))
        .chain(r.parameters().map(|p| &p.meta))
        .collect()
}

#[test]
fn the_shipped_files_parse() {
    let r = Rules::official();
    assert!(r.is_ok(), "{r:?}");
    let r = official();
    assert!(r.deadlines().count() >= DEADLINE_IDS.len());
    assert!(r.violations().count() >= CATALOG_IDS.len());
    assert!(r.parameters().count() >= 5);
}

#[test]
fn every_catalog_id_and_deadline_exists() {
    let r = official();
    let violations: BTreeSet<&str> = r.violations().map(|v| v.meta.id.as_str()).collect();
    for id in CATALOG_IDS {
        assert!(violations.contains(id), "{id}");
    }
    let deadlines: BTreeSet<&str> = r.deadlines().map(|d| d.meta.id.as_str()).collect();
    for id in DEADLINE_IDS {
        assert!(deadlines.contains(id), "{id}");
    }
}

#[test]
fn no_two_versions_of_one_rule_overlap() {
    let r = official();
    for (i, a) in all_metas(r).iter().enumerate() {
        for b in all_metas(r).iter().skip(i + 1) {
            if a.id != b.id {
                continue;
            }
            let a_before_b = a.in_force_until.is_some_and(|u| u <= b.in_force_from);
            let b_before_a = b.in_force_until.is_some_and(|u| u <= a.in_force_from);
            assert!(a_before_b || b_before_a, "{} overlaps", a.id);
        }
    }
}

#[test]
fn every_secondary_or_unconfirmed_rule_is_configurable() {
    for m in all_metas(official()) {
        if m.confidence != Confidence::Primary {
            assert!(
                m.configurable,
                "{} is {} but not configurable",
                m.id,
                m.confidence.tag()
            );
        }
    }
}

#[test]
fn fine_ranges_match_the_law_text() {
    // (id, date, min, max, criminal) read from LFT arts. 993-1004-C.
    let cases: &[(&str, NaiveDate, u32, u32, bool)] = &[
        ("lft-993", day(2026, 3, 2), 250, 2500, false),
        ("lft-994-i", day(2026, 3, 2), 50, 250, false),
        ("lft-994-ii", day(2026, 3, 2), 250, 5000, false),
        ("lft-994-iii", day(2026, 3, 2), 50, 1500, false),
        ("lft-994-iv", day(2026, 3, 2), 250, 5000, false),
        ("lft-994-iv-bis", day(2026, 5, 1), 250, 5000, false),
        ("lft-994-v", day(2026, 3, 2), 250, 5000, false),
        ("lft-994-vi", day(2026, 3, 2), 250, 5000, false),
        ("lft-994-vii", day(2026, 3, 2), 250, 2500, false),
        ("lft-994-viii", day(2026, 3, 2), 50, 100, false),
        ("lft-995", day(2026, 3, 2), 50, 2500, false),
        ("lft-995-bis", day(2026, 3, 2), 250, 5000, true),
        ("lft-996-i", day(2026, 3, 2), 50, 500, false),
        ("lft-996-ii", day(2026, 3, 2), 50, 2500, false),
        ("lft-997", day(2026, 3, 2), 250, 2500, false),
        ("lft-997-a-i", day(2026, 3, 2), 250, 2500, false),
        ("lft-997-a-ii", day(2026, 3, 2), 250, 5000, false),
        ("lft-997-b-i", day(2026, 3, 2), 2000, 25000, false),
        ("lft-997-b-ii", day(2026, 3, 2), 1000, 25000, false),
        ("lft-997-b-iii", day(2026, 3, 2), 250, 5000, false),
        ("lft-997-b-iv", day(2026, 3, 2), 500, 25000, false),
        ("lft-998", day(2026, 3, 2), 50, 250, false),
        ("lft-999", day(2026, 3, 2), 50, 2500, false),
        ("lft-1000", day(2026, 3, 2), 250, 5000, false),
        ("lft-1001", day(2026, 3, 2), 50, 500, false),
        ("lft-1002", day(2026, 3, 2), 50, 5000, false),
        ("lft-1004-i", day(2026, 3, 2), 0, 800, true),
        ("lft-1004-ii", day(2026, 3, 2), 0, 1600, true),
        ("lft-1004-iii", day(2026, 3, 2), 0, 3200, true),
        ("lft-1004-a", day(2026, 3, 2), 250, 5000, false),
        ("lft-1004-b", day(2020, 3, 2), 250, 2500, false),
        ("lft-1004-c", day(2026, 3, 2), 2000, 50000, false),
    ];
    let r = official();
    for (id, on, min, max, criminal) in cases {
        let v = r.violation(id, *on).unwrap();
        assert_eq!((v.min_uma, v.max_uma, v.criminal), (*min, *max, *criminal), "{id}");
        assert!(!v.title_es.is_empty() && !v.title_en.is_empty());
    }
    assert_eq!(
        r.violation("lft-994-i", day(2026, 3, 2)).unwrap().articles,
        ["LFT 61", "LFT 69", "LFT 76", "LFT 77"]
    );
}

#[test]
fn lookups_on_both_sides_of_a_boundary() {
    let r = official();
    // 994-IV Bis: added DOF 01-05-2026, in force that day.
    assert_eq!(
        r.violation("lft-994-iv-bis", day(2026, 4, 30)).unwrap_err().code,
        "rules.not_in_force"
    );
    assert_eq!(
        r.violation("lft-994-iv-bis", day(2026, 5, 1))
            .unwrap()
            .meta
            .in_force_from,
        day(2026, 5, 1)
    );
    // 994-III: reformed DOF 04-04-2024, in force the next day.
    let before = r.violation("lft-994-iii", day(2024, 4, 4)).unwrap();
    let after = r.violation("lft-994-iii", day(2024, 4, 5)).unwrap();
    assert_eq!(before.meta.confidence, Confidence::Unconfirmed);
    assert_eq!(after.meta.confidence, Confidence::Primary);
    assert!(!before.articles.contains(&"LFT 132-XXVI Bis".to_string()));
    assert!(after.articles.contains(&"LFT 132-XXVI Bis".to_string()));
    // 1004-B until 2021-04-24 (excluded); 1004-C from that day.
    assert!(r.violation("lft-1004-b", day(2021, 4, 23)).is_ok());
    assert_eq!(
        r.violation("lft-1004-b", day(2021, 4, 24)).unwrap_err().code,
        "rules.not_in_force"
    );
    assert_eq!(
        r.violation("lft-1004-c", day(2021, 4, 23)).unwrap_err().code,
        "rules.not_in_force"
    );
    assert!(r.violation("lft-1004-c", day(2021, 4, 24)).is_ok());
    // 997-A: DOF 24-01-2024, in force the next day.
    assert!(r.violation("lft-997-a-i", day(2024, 1, 24)).is_err());
    assert!(r.violation("lft-997-a-i", day(2024, 1, 25)).is_ok());
    // 997-B: 180 days after DOF 24-12-2024.
    assert!(r.violation("lft-997-b-i", day(2025, 6, 21)).is_err());
    assert!(r.violation("lft-997-b-i", day(2025, 6, 22)).is_ok());
    // Before the UMA there is no fine in UMA.
    assert_eq!(
        r.violation("lft-994-v", day(2016, 1, 27)).unwrap_err().code,
        "rules.not_in_force"
    );
    // Deadlines of the 2022 RGITAS reform; before it, the 2014 text's general limit.
    let d = r
        .deadline("inspection.safety_correction_max", day(2022, 8, 23))
        .unwrap();
    assert_eq!((d.amount, d.meta.confidence), (90, Confidence::Unconfirmed));
    assert!(r.deadline("inspection.safety_extension_max", day(2022, 8, 23)).is_err());
    let d = r
        .deadline("inspection.safety_correction_max", day(2022, 8, 24))
        .unwrap();
    assert_eq!((d.amount, d.unit), (30, DeadlineUnit::Days(DayCount::Working)));
    let d = r.deadline("inspection.ordinary_notice", day(2026, 3, 2)).unwrap();
    assert_eq!((d.amount, d.unit), (24, DeadlineUnit::Hours));
    let d = r.deadline("referral.follow_up", day(2026, 3, 2)).unwrap();
    assert_eq!((d.amount, d.unit), (30, DeadlineUnit::Days(DayCount::Calendar)));
}

#[test]
fn unknown_ids_and_parameters() {
    let r = official();
    let e = r.violation("lft-9999", day(2026, 3, 2)).unwrap_err();
    assert_eq!(e.code, "rules.unknown");
    assert!(e.params.contains(&("id", "lft-9999".to_string())));
    assert_eq!(r.deadline("nope", day(2026, 3, 2)).unwrap_err().code, "rules.unknown");
    let on = day(2026, 3, 2);
    assert_eq!(r.parameter_int("sanction.recidivism_window_years", on).unwrap(), 2);
    assert_eq!(r.parameter_int("sanction.recidivism_factor", on).unwrap(), 2);
    assert_eq!(r.parameter_int("inspection.minimum_age", on).unwrap(), 15);
    assert_eq!(r.parameter_int("inspection.adult_age", on).unwrap(), 18);
    assert_eq!(r.parameter_str("sanction.publish_when", on).unwrap(), "final");
    assert_eq!(
        r.parameter_int("sanction.publish_when", on).unwrap_err().code,
        "rules.invalid"
    );
    assert_eq!(
        r.parameter_str("inspection.adult_age", on).unwrap_err().code,
        "rules.invalid"
    );
}

#[test]
fn violations_on_gives_one_version_per_id() {
    let r = official();
    let on = day(2026, 6, 1);
    let ids: Vec<&str> = r.violations_on(on).map(|v| v.meta.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
    assert!(!unique.contains("lft-1004-b"));
    assert!(unique.contains("lft-994-iv-bis"));
}

#[test]
fn overrides_of_configurable_rules_are_accepted() {
    let r = official();
    let on = day(2026, 3, 2);
    let o = r
        .with_overrides(
            r#"
            [deadlines."sanction.resolution"]
            amount = 20
            [deadlines."referral.send"]
            unit = "days"
            day_count = "working"
            amount = 1
            [deadlines."referral.follow_up"]
            day_count = "working"
            [parameters."sanction.publish_when"]
            value = "notified"
            [violations."lft-994-iii"]
            in_force_from = "2016-01-28"
            max_uma = 1000
            "#,
        )
        .unwrap();
    let d = o.deadline("sanction.resolution", on).unwrap();
    assert_eq!((d.amount, d.unit), (20, DeadlineUnit::Days(DayCount::Working)));
    assert!(d.meta.source.ends_with("overridden by the deployment"));
    let d = o.deadline("referral.send", on).unwrap();
    assert_eq!((d.amount, d.unit), (1, DeadlineUnit::Days(DayCount::Working)));
    let d = o.deadline("referral.follow_up", on).unwrap();
    assert_eq!((d.amount, d.unit), (30, DeadlineUnit::Days(DayCount::Working)));
    assert_eq!(o.parameter_str("sanction.publish_when", on).unwrap(), "notified");
    assert_eq!(o.violation("lft-994-iii", day(2020, 1, 1)).unwrap().max_uma, 1000);
    assert_eq!(o.violation("lft-994-iii", on).unwrap().max_uma, 1500);
    // The original is untouched, and an empty override changes nothing.
    assert_eq!(r.deadline("sanction.resolution", on).unwrap().amount, 30);
    assert_eq!(&r.with_overrides("").unwrap(), r);
    // A deadline in days can become one in hours, dropping the day count.
    let o = r
        .with_overrides("[deadlines.\"sanction.payment\"]\nunit = \"hours\"\namount = 72\n")
        .unwrap();
    let d = o.deadline("sanction.payment", on).unwrap();
    assert_eq!((d.amount, d.unit), (72, DeadlineUnit::Hours));
}

#[test]
fn overrides_of_fixed_or_unknown_rules_are_refused() {
    let r = official();
    let refused = |toml: &str| r.with_overrides(toml).unwrap_err();

    let e = refused("[parameters.\"sanction.recidivism_window_years\"]\nvalue = 3\n");
    assert_eq!(e.code, "rules.not_configurable");
    assert!(e
        .params
        .contains(&("id", "sanction.recidivism_window_years".to_string())));
    assert_eq!(
        refused("[deadlines.\"inspection.imminent_danger_report\"]\namount = 48\n").code,
        "rules.not_configurable"
    );
    assert_eq!(
        refused("[violations.\"lft-994-v\"]\nmin_uma = 1\n").code,
        "rules.not_configurable"
    );
    // All versions of 994-III include the current one, which is fixed.
    assert_eq!(
        refused("[violations.\"lft-994-iii\"]\nmax_uma = 1000\n").code,
        "rules.not_configurable"
    );

    let e = refused("[deadlines.\"sanction.nope\"]\namount = 3\n");
    assert_eq!(e.code, "rules.unknown");
    assert!(e.params.contains(&("id", "sanction.nope".to_string())));
    assert_eq!(
        refused("[violations.\"lft-994-iii\"]\nin_force_from = \"2017-01-01\"\nmax_uma = 9\n").code,
        "rules.unknown"
    );

    for bad in [
        "[deadlines.\"sanction.resolution\"]\namount = 0\n",
        "[deadlines.\"sanction.resolution\"]\n",
        "[deadlines.\"sanction.resolution\"]\ndays = 3\n",
        "[deadlines.\"inspection.ordinary_notice\"]\nunit = \"days\"\n",
        "[deadlines.\"inspection.ordinary_notice\"]\nday_count = \"working\"\n",
        "[parameters.\"sanction.publish_when\"]\nvalue = 3\n",
        "[violations.\"lft-1004-b\"]\nmin_uma = 3000\n",
        "[rules.\"x\"]\nvalue = 1\n",
        "not toml at all [",
    ] {
        assert_eq!(refused(bad).code, "rules.invalid", "{bad}");
    }
}

const DEADLINE: &str = r#"
[[deadline]]
id = "a.b"
article = "LFT 1"
amount = 3
unit = "days"
day_count = "working"
in_force_from = "2020-01-01"
source = "test"
confidence = "P"
configurable = false
note = ""
"#;

const VIOLATION: &str = r#"
[[violation]]
id = "lft-1"
article = "LFT 1"
title_es = "uno"
title_en = "one"
articles = []
min_uma = 1
max_uma = 2
criminal = false
in_force_from = "2020-01-01"
in_force_until = "2021-01-01"
source = "test"
confidence = "P"
configurable = false
note = ""
"#;

#[test]
fn malformed_files_are_refused() {
    let ok = Rules::from_toml(DEADLINE, VIOLATION, "");
    assert!(ok.is_ok(), "{ok:?}");
    let invalid = |d: &str, v: &str| Rules::from_toml(d, v, "").unwrap_err();

    // Two versions that overlap.
    let overlapping = format!(
        "{VIOLATION}{}",
        VIOLATION
            .replace("\"2020-01-01\"", "\"2020-06-01\"")
            .replace("in_force_until = \"2021-01-01\"\n", "")
    );
    let e = invalid(DEADLINE, &overlapping);
    assert_eq!(e.code, "rules.invalid");
    assert!(e.params.contains(&("id", "lft-1".to_string())));
    // A version with no end followed by another.
    let open = format!(
        "{}{}",
        VIOLATION.replace("in_force_until = \"2021-01-01\"\n", ""),
        VIOLATION
            .replace("2020-01-01", "2022-01-01")
            .replace("2021-01-01", "2023-01-01")
    );
    assert_eq!(invalid(DEADLINE, &open).code, "rules.invalid");
    // Consecutive versions are fine.
    let consecutive = format!(
        "{VIOLATION}{}",
        VIOLATION
            .replace("\"2020-01-01\"", "\"2021-01-01\"")
            .replace("in_force_until = \"2021-01-01\"\n", "")
    );
    assert!(Rules::from_toml(DEADLINE, &consecutive, "").is_ok());

    for (d, v) in [
        (DEADLINE.replace("\"P\"", "\"U\""), VIOLATION.to_string()), // U but not configurable
        (DEADLINE.replace("\"P\"", "\"X\""), VIOLATION.to_string()),
        (DEADLINE.replace("day_count = \"working\"\n", ""), VIOLATION.to_string()),
        (DEADLINE.replace("\"days\"", "\"hours\""), VIOLATION.to_string()),
        (DEADLINE.replace("amount = 3", "amount = 0"), VIOLATION.to_string()),
        (DEADLINE.replace("2020-01-01", "2020-13-01"), VIOLATION.to_string()),
        (
            DEADLINE.replace("note = \"\"", "note = \"\"\ncolour = \"red\""),
            VIOLATION.to_string(),
        ),
        (DEADLINE.replace("id = \"a.b\"", "id = \"a b\""), VIOLATION.to_string()),
        (
            DEADLINE.replace("source = \"test\"", "source = \" \""),
            VIOLATION.to_string(),
        ),
        (DEADLINE.to_string(), VIOLATION.replace("min_uma = 1", "min_uma = 3")),
        (
            DEADLINE.to_string(),
            VIOLATION.replace("\"2021-01-01\"", "\"2019-01-01\""),
        ),
        (
            DEADLINE.to_string(),
            VIOLATION.replace("title_es = \"uno\"", "title_es = \"\""),
        ),
        (DEADLINE.to_string(), VIOLATION.replace("min_uma = 1", "min_uma = -1")),
    ] {
        assert_eq!(invalid(&d, &v).code, "rules.invalid", "{d}\n{v}");
    }
}

proptest! {
    /// Whatever versions a file holds, a lookup returns the one whose period contains the date,
    /// or `rules.not_in_force` when none does.
    #[test]
    fn lookup_returns_the_version_in_force(
        cuts in proptest::collection::btree_set(0i64..3000, 1..6),
        probe in -100i64..3200,
    ) {
        let base = day(2016, 1, 28);
        let cuts: Vec<i64> = cuts.into_iter().collect();
        let mut text = String::new();
        for (i, from) in cuts.iter().enumerate() {
            let from_date = base + chrono::TimeDelta::days(*from);
            let until = cuts.get(i + 1).map(|u| format!("in_force_until = \"{}\"\n", base + chrono::TimeDelta::days(*u))).unwrap_or_default();
            text.push_str(&format!(
                "[[violation]]\nid = \"lft-x\"\narticle = \"LFT x\"\ntitle_es = \"x\"\ntitle_en = \"x\"\narticles = []\nmin_uma = {n}\nmax_uma = {n}\ncriminal = false\nin_force_from = \"{from_date}\"\n{until}source = \"s\"\nconfidence = \"P\"\nconfigurable = false\nnote = \"\"\n",
                n = i + 1
            ));
        }
        let rules = Rules::from_toml("", &text, "").unwrap();
        let on = base + chrono::TimeDelta::days(probe);
        let expected = cuts.iter().rposition(|c| *c <= probe);
        match (rules.violation("lft-x", on), expected) {
            (Ok(v), Some(i)) => prop_assert_eq!(v.min_uma as usize, i + 1),
            (Err(e), None) => prop_assert_eq!(e.code, "rules.not_in_force"),
            (got, want) => prop_assert!(false, "got {:?}, expected version {:?}", got.map(|v| v.min_uma), want),
        }
    }
}

#[test]
fn an_unstated_day_count_is_the_centres_choice_not_an_override() {
    let r = official();
    let on = day(2026, 3, 2);
    let hearing = r.deadline("conciliation.hearing", on).unwrap();
    assert!(!hearing.day_count_stated);
    assert_eq!(hearing.unit, DeadlineUnit::Days(DayCount::Working));
    assert!(r.deadline("conciliation.procedure_max", on).unwrap().day_count_stated);
    // Its amount may be overridden; which days count may not.
    let o = r
        .with_overrides("[deadlines.\"conciliation.hearing\"]\namount = 10\n")
        .unwrap();
    assert_eq!(o.deadline("conciliation.hearing", on).unwrap().amount, 10);
    let e = r
        .with_overrides("[deadlines.\"conciliation.hearing\"]\nday_count = \"calendar\"\n")
        .unwrap_err();
    assert_eq!(e.code, "rules.invalid");
    // A rule the law leaves unstated cannot claim to have been read in the primary text.
    let text = r#"
[[deadline]]
id = "x.unstated"
article = "LFT 684-E IV"
amount = 15
unit = "days"
day_count = "unstated"
in_force_from = "2019-05-02"
source = "test"
confidence = "P"
configurable = false
note = ""
"#;
    assert_eq!(Rules::from_toml(text, "", "").unwrap_err().code, "rules.invalid");
}
