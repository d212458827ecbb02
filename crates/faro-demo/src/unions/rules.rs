//! The registry's rules as the demo runs them: the official `rules/union/` files plus the
//! earlier versions of the three parameters a union's founding is checked against, so that a
//! union founded before the 2019 reform can be filed with its true founding date.
//!
//! Core checks a member list against the rules in force on the day of the founding assembly
//! (`members::check_members`), and the official files start every rule on 2 May 2019. The demo's
//! registry holds unions founded from 1936 on, whose files the Registral Authority received when
//! it took over the registries; for them the demo adds the versions the 1931 and 1970 laws had:
//!
//! * `union.min_workers` 20 and `union.min_employers` 3 (LFT 1931 art. 242; LFT 1970 art. 364,
//!   unchanged by the 2019 reform), from 28 August 1931 until 2 May 2019;
//! * `union.member_min_age` 14 (LFT 1970 art. 362, "mayores de catorce años", raised to 15 by the
//!   reform of DOF 12-06-2015), from 28 August 1931 until 13 June 2015.
//!
//! Every other rule is the official one, and every command after the founding runs on dates the
//! official rules cover. These versions belong in `rules/union/parameters.toml` (the demo's
//! report to the lead says so); until they are there the demo carries them.

use faro_core::union::UnionRules;
use faro_core::DomainError;

const DEADLINES: &str = include_str!("../../../../rules/union/deadlines.toml");
const PARAMETERS: &str = include_str!("../../../../rules/union/parameters.toml");

/// The versions of the founding parameters before the dates the official files start them.
const HISTORICAL: &str = r#"
[[parameter]]
id = "union.min_workers"
article = "LFT 1970 art. 364 (LFT 1931 art. 242)"
value = 20
in_force_from = "1931-08-28"
in_force_until = "2019-05-02"
source = "LFT 1970 art. 364 ('con veinte trabajadores en servicio activo'); the demo's addition"
confidence = "P"
configurable = false
note = "Twenty workers in active service, as before the 2019 reform."

[[parameter]]
id = "union.min_employers"
article = "LFT 1970 art. 364"
value = 3
in_force_from = "1931-08-28"
in_force_until = "2019-05-02"
source = "LFT 1970 art. 364 ('o con tres patrones, por lo menos'); the demo's addition"
confidence = "P"
configurable = false
note = "Three employers, as before the 2019 reform."

[[parameter]]
id = "union.member_min_age"
article = "LFT 1970 art. 362"
value = 14
in_force_from = "1931-08-28"
in_force_until = "2015-06-13"
source = "LFT 1970 art. 362 ('mayores de catorce años'), reformed DOF 12-06-2015; the demo's addition"
confidence = "P"
configurable = false
note = "Workers over fourteen could join a union before the 2015 reform."
"#;

/// The official union rules with the historical versions above.
pub(crate) fn demo_rules() -> Result<UnionRules, DomainError> {
    let parameters = format!("{PARAMETERS}\n{HISTORICAL}");
    UnionRules::from_toml(DEADLINES, &parameters)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use chrono::NaiveDate;
    use faro_core::union::{Param, UnionRules};

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn historical_founding_parameters_are_in_force_before_the_reform() {
        let r = demo_rules().unwrap();
        assert_eq!(r.count(Param::MinWorkers, day(1975, 3, 1)).unwrap(), 20);
        assert_eq!(r.count(Param::MinEmployers, day(1975, 3, 1)).unwrap(), 3);
        assert_eq!(r.count(Param::MemberMinAge, day(1975, 3, 1)).unwrap(), 14);
        assert_eq!(r.count(Param::MemberMinAge, day(2016, 3, 1)).unwrap(), 15);
        // The official rules do not reach back: the demo's additions are what makes this work.
        let official = UnionRules::official().unwrap();
        assert!(official.count(Param::MinWorkers, day(1975, 3, 1)).is_err());
    }

    #[test]
    fn every_other_rule_is_the_official_one() {
        let r = demo_rules().unwrap();
        let official = UnionRules::official().unwrap();
        for p in [
            Param::MemberUpdateMonths,
            Param::FinancialReportMonths,
            Param::ValidityMonths,
        ] {
            assert_eq!(
                r.count(p, day(2024, 1, 1)).unwrap(),
                official.count(p, day(2024, 1, 1)).unwrap()
            );
        }
        assert_eq!(
            r.date(Param::LegitimizationDeadline, day(2024, 1, 1)).unwrap(),
            official.date(Param::LegitimizationDeadline, day(2024, 1, 1)).unwrap()
        );
    }
}
