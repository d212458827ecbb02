//! A reference settlement ([`faro_core::settlement`]) as people read it, in their language: each
//! line with its concept, article, the formula in words, base wage, days, amount and notes; the
//! indemnities not owed and why; the total.
//!
//! The core writes each formula in English; here it is rebuilt from the translation
//! `settlement.formula.<concept>` with the figures the core used: the `settlement.*` parameters
//! the line names (read from the rules on the end date), the service length, and the input. The
//! English translations are worded exactly as the core's formulas, and a test checks that they
//! come out identical, so the figures shown cannot drift from the ones computed. If a figure
//! cannot be found (a rule missing), the core's English formula is shown instead.

use chrono::{Datelike, NaiveDate};
use faro_core::protocol::vacation_days_required;
use faro_core::rules::Rules;
use faro_core::settlement::{Concept, Days, Settlement, SettlementInput, SettlementLine};
use serde::Serialize;

use super::labels;
use crate::i18n::{I18n, Lang};

/// One line owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineView {
    /// `settlement.aguinaldo`...
    pub code: String,
    pub concept: String,
    pub article: String,
    pub formula: String,
    pub base_wage: String,
    pub days: String,
    pub amount: String,
    pub notes: Vec<String>,
}

/// One indemnity not owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotDueView {
    pub code: String,
    pub concept: String,
    pub article: String,
    pub reason: String,
}

/// The whole settlement, ready for a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementView {
    pub service: String,
    pub termination: String,
    pub zone: String,
    pub daily_wage: String,
    pub integrated_daily_wage: String,
    pub minimum_wage: String,
    pub seniority_wage_cap: String,
    pub lines: Vec<LineView>,
    pub not_due: Vec<NotDueView>,
    /// "$72,484.93".
    pub total: String,
    pub total_centavos: i64,
}

/// The settlement `s`, calculated from `input`, in `lang`.
pub fn view(i18n: &I18n, rules: &Rules, lang: Lang, input: &SettlementInput, s: &Settlement) -> SettlementView {
    let service = &s.years_of_service;
    SettlementView {
        service: i18n.text(
            lang,
            "conc.calc.service_value",
            &[
                ("years", service.whole_years.to_string()),
                ("days", service.extra_days.to_string()),
                ("total", service.total_days.to_string()),
            ],
        ),
        termination: labels::label(i18n, lang, "conc.termination", &s.termination),
        zone: labels::label(i18n, lang, "conc.zone", &s.zone),
        daily_wage: s.daily_wage.to_string(),
        integrated_daily_wage: s.integrated_daily_wage.to_string(),
        minimum_wage: s.minimum_wage.to_string(),
        seniority_wage_cap: s.seniority_wage_cap.to_string(),
        lines: s
            .lines
            .iter()
            .map(|line| LineView {
                code: line.code.to_string(),
                concept: i18n.text(lang, line.code, &[]),
                article: line.article.to_string(),
                formula: formula(i18n, rules, lang, input, s, line),
                base_wage: line.base_wage.to_string(),
                days: line.days.to_string(),
                amount: line.amount.to_string(),
                notes: line.notes.iter().map(|n| i18n.text(lang, n, &[])).collect(),
            })
            .collect(),
        not_due: s
            .not_due
            .iter()
            .map(|n| NotDueView {
                code: n.code.to_string(),
                concept: i18n.text(lang, n.code, &[]),
                article: n.article.to_string(),
                reason: i18n.text(lang, n.reason, &[]),
            })
            .collect(),
        total: s.total.to_string(),
        total_centavos: s.total.centavos(),
    }
}

/// The formula of `line` in words, in `lang`.
pub fn formula(
    i18n: &I18n,
    rules: &Rules,
    lang: Lang,
    input: &SettlementInput,
    s: &Settlement,
    line: &SettlementLine,
) -> String {
    let key = format!("settlement.formula.{}", labels::code_of(&line.concept));
    match formula_params(rules, input, s, line) {
        Some((params, clamped)) => {
            let mut text = i18n.text(lang, &key, &params);
            if clamped {
                text.push_str(&i18n.text(lang, &format!("{key}_clamped"), &[]));
            }
            text
        }
        None => line.formula.clone(),
    }
}

fn int(rules: &Rules, id: &str, on: NaiveDate) -> Option<i64> {
    rules.parameter_int(id, on).ok()
}

fn days(numerator: i64, denominator: i64) -> Option<String> {
    Days::new(numerator, denominator).map(|d| d.to_string())
}

/// The figures of a line's formula, and whether its days were clamped at zero.
fn formula_params(
    rules: &Rules,
    input: &SettlementInput,
    s: &Settlement,
    line: &SettlementLine,
) -> Option<(Vec<(&'static str, String)>, bool)> {
    let on = s.end_date;
    let service = &s.years_of_service;
    let served = || {
        vec![
            ("years", service.whole_years.to_string()),
            ("served", service.extra_days.to_string()),
            ("year_days", service.service_year_days.to_string()),
        ]
    };
    let clamped = |note: &'static str| line.notes.contains(&note);
    Some(match line.concept {
        Concept::OutstandingWages => (vec![("days", input.unpaid_wage_days.to_string())], false),
        Concept::Aguinaldo => {
            // The days worked in the calendar year of the end date, both ends included.
            let per_year = int(rules, "settlement.aguinaldo_days", on)?;
            let january_first = NaiveDate::from_ymd_opt(on.year(), 1, 1)?;
            let next_january_first = NaiveDate::from_ymd_opt(on.year().checked_add(1)?, 1, 1)?;
            let worked = (on - s.start_date.max(january_first)).num_days() + 1;
            let year_days = (next_january_first - january_first).num_days();
            (
                vec![
                    ("per_year", per_year.to_string()),
                    ("worked", worked.to_string()),
                    ("year_days", year_days.to_string()),
                    ("year", on.year().to_string()),
                    ("owed", days(per_year.checked_mul(worked)?, year_days)?),
                    ("paid", input.aguinaldo_days_paid.to_string()),
                ],
                clamped("settlement.aguinaldo_paid_exceeds_owed"),
            )
        }
        Concept::Vacation => {
            let service_year = service.whole_years.checked_add(1)?;
            let entitlement = i64::from(vacation_days_required(service_year, on));
            (
                vec![
                    ("entitlement", entitlement.to_string()),
                    ("service_year", service_year.to_string()),
                    ("served", service.extra_days.to_string()),
                    ("year_days", service.service_year_days.to_string()),
                    (
                        "owed",
                        days(entitlement.checked_mul(service.extra_days)?, service.service_year_days)?,
                    ),
                    ("taken", input.vacation_days_taken.to_string()),
                ],
                clamped("settlement.vacation_taken_exceeds_owed"),
            )
        }
        Concept::VacationPremium => {
            let vacation = s.lines.iter().find(|l| l.concept == Concept::Vacation)?;
            (
                vec![
                    (
                        "percent",
                        int(rules, "settlement.vacation_premium_percent", on)?.to_string(),
                    ),
                    ("vacation_days", vacation.days.to_string()),
                ],
                false,
            )
        }
        Concept::SeniorityPremium => {
            let mut p = served();
            p.push((
                "per_year",
                int(rules, "settlement.seniority_premium_days_per_year", on)?.to_string(),
            ));
            p.push(("integrated", s.integrated_daily_wage.to_string()));
            p.push(("minimum", s.minimum_wage.to_string()));
            p.push((
                "multiple",
                int(rules, "settlement.seniority_premium_wage_cap_multiple", on)?.to_string(),
            ));
            p.push(("cap", s.seniority_wage_cap.to_string()));
            (p, false)
        }
        Concept::ConstitutionalSeverance => (
            vec![(
                "days",
                int(rules, "settlement.constitutional_severance_days", on)?.to_string(),
            )],
            false,
        ),
        Concept::TwentyDaysPerYear => {
            let mut p = served();
            p.push((
                "per_year",
                int(rules, "settlement.indemnity_days_per_year", on)?.to_string(),
            ));
            (p, false)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::catalog::{Catalogs, WageZone};
    use faro_core::settlement::{calculate, Termination};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn input(start: NaiveDate, end: NaiveDate, wage: &str, termination: Termination) -> SettlementInput {
        SettlementInput {
            start_date: start,
            end_date: end,
            calculated_on: end,
            daily_wage: wage.parse().unwrap(),
            integrated_daily_wage: None,
            zone: WageZone::General,
            termination,
            reinstatement_refused: false,
            vacation_days_taken: 0,
            aguinaldo_days_paid: 0,
            unpaid_wage_days: 0,
        }
    }

    /// Varied cases: every concept, caps and floors, clamped lines, leap years.
    fn cases() -> Vec<SettlementInput> {
        let mut v = Vec::new();
        let mut a = input(
            day(2022, 3, 1),
            day(2025, 6, 30),
            "500",
            Termination::UnjustifiedDismissal,
        );
        a.reinstatement_refused = true;
        a.unpaid_wage_days = 6;
        v.push(a);
        let mut b = input(day(2010, 1, 15), day(2026, 4, 14), "800", Termination::Resignation);
        b.integrated_daily_wage = Some("850".parse().unwrap());
        b.vacation_days_taken = 2;
        v.push(b);
        let mut c = input(
            day(2023, 2, 28),
            day(2024, 2, 29),
            "200",
            Termination::RescissionByWorker,
        );
        c.vacation_days_taken = 40;
        c.aguinaldo_days_paid = 30;
        v.push(c);
        v.push(input(
            day(2020, 12, 31),
            day(2025, 1, 1),
            "1500.55",
            Termination::JustifiedDismissal,
        ));
        v
    }

    /// The English translations are the core's own words: the same text, figure for figure.
    #[test]
    fn english_formulas_are_the_cores_formulas() {
        let i18n = I18n::embedded().unwrap();
        let rules = Rules::official().unwrap();
        let catalogs = Catalogs::embedded().unwrap();
        let mut checked = 0;
        for i in cases() {
            let s = calculate(rules, &catalogs, &i).unwrap();
            for line in &s.lines {
                assert!(formula_params(rules, &i, &s, line).is_some(), "{line:?}");
                assert_eq!(formula(&i18n, rules, Lang::En, &i, &s, line), line.formula);
                checked += 1;
            }
        }
        assert!(checked >= 20, "{checked}");
    }

    #[test]
    fn spanish_view_of_a_hand_checked_case() {
        // The core's case "unjustified dismissal after three years four months": total
        // 3719.18 + 3008.22 + 752.05 + 20005.48 + 45000.00 = $72,484.93.
        let i18n = I18n::embedded().unwrap();
        let rules = Rules::official().unwrap();
        let catalogs = Catalogs::embedded().unwrap();
        let i = input(
            day(2022, 3, 1),
            day(2025, 6, 30),
            "500",
            Termination::UnjustifiedDismissal,
        );
        let s = calculate(rules, &catalogs, &i).unwrap();
        let v = view(&i18n, rules, Lang::Es, &i, &s);
        assert_eq!(v.total, "$72,484.93");
        assert_eq!(v.service, "3 años y 122 días (1218 días en total)");
        assert_eq!(v.lines[0].concept, "Aguinaldo proporcional");
        assert_eq!(
            v.lines[0].formula,
            "15 días × 181/365 días trabajados en 2025 = 7.4384 días, menos 0 días ya pagados"
        );
        assert_eq!(v.lines[0].amount, "$3,719.18");
        assert_eq!(
            v.lines[1].formula,
            "18 días (artículo 76, año de servicios 4) × 122/365 días de servicio en ese año = 6.0164 días, menos 0 días disfrutados"
        );
        assert_eq!(v.not_due.len(), 1);
        assert_eq!(
            v.not_due[0].reason,
            "Solo procede si el patrón se niega a reinstalar a la persona trabajadora (artículos 49 y 50, fracción II)."
        );
    }
}
