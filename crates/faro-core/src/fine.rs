//! The fine calculator of LFT art. 992.
//!
//! How the article is read here (the text is quoted in `shared/law/LFT.md`):
//!
//! * **The UMA** is the one in force "al momento de cometerse la violación": on the violation
//!   date. A new UMA takes effect each 1 February.
//! * **One fine per affected worker**: "cuando en un solo acto u omisión se afecten a varios
//!   trabajadores, se impondrá sanción por cada uno de los trabajadores afectados". The total is
//!   the fine per worker times the workers affected.
//! * **The individualization** (criteria I-IV: intent, seriousness, harm, economic capacity) is
//!   the officer's choice of an amount in UMA within the range of the fraction in force on the
//!   violation date. It is recorded with a written justification, which is required.
//!   [`suggested_uma`] offers a transparent starting point.
//! * **Recidivism** (criterion V): "cada una de las subsecuentes infracciones a un mismo precepto,
//!   cometidas dentro de los dos años siguientes a la fecha del acta en que se hizo constar la
//!   infracción precedente, siempre que ésta no hubiese sido desvirtuada". So:
//!   - the dates compared are the date the **new violation was committed** and the date of the
//!     **acta** of the earlier one;
//!   - "the two years following" that acta run from the day after it to the same calendar day two
//!     years later, **included** (acta 2024-03-10: violations committed 2024-03-11 to 2026-03-10
//!     are repeat offences; 29 February gives 28 February);
//!   - an overturned ("desvirtuada") earlier acta does not count;
//!   - "la infracción precedente" is the latest earlier acta that counts;
//!   - "se duplicará la multa impuesta por la infracción anterior": the fine per worker is
//!     **twice the UMA per worker imposed then**, valued at the UMA of the new violation date (the
//!     fine is quantified in UMA, ¶2), whatever amount the officer chose now. The text sets no
//!     cap, so the doubled amount may exceed the range of the fraction; the steps say so when it
//!     does. The window (2 years) and the factor (2) are the parameters
//!     `sanction.recidivism_window_years` and `sanction.recidivism_factor`.
//! * A fine on a **worker** may not exceed one day's wage (CPEUM art. 21): not handled here; this
//!   calculator is for the catalog's employer fines.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::add_years;
use crate::catalog::{Catalogs, Money};
use crate::rules::{Confidence, Rules, UmaRange};
use crate::DomainError;

const WINDOW_PARAMETER: &str = "sanction.recidivism_window_years";
const FACTOR_PARAMETER: &str = "sanction.recidivism_factor";

/// LFT 992-II: how serious the violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seriousness {
    Low,
    Medium,
    High,
}

/// LFT 992-III: the harm done or that could have been done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Harm {
    None,
    Potential,
    Actual,
}

/// LFT 992-IV: the offender's economic capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capacity {
    Low,
    Medium,
    High,
}

/// The individualization criteria of LFT 992 as the officer recorded them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criteria {
    /// LFT 992-I: the act or omission was intentional.
    pub intent: bool,
    pub seriousness: Seriousness,
    pub harm: Harm,
    pub capacity: Capacity,
    /// Why this amount; required.
    pub justification: String,
}

/// An earlier fine of the same employer for the same violation id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorFine {
    /// Date of the acta that recorded the earlier violation.
    pub acta_date: NaiveDate,
    /// UMA per worker imposed then.
    pub per_worker_uma: u32,
    /// The earlier acta was overturned ("desvirtuada"): it does not count.
    pub overturned: bool,
}

/// What the officer decided for one violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineInput {
    /// Violation id of the catalog, e.g. "lft-994-v".
    pub violation: String,
    /// The day the violation was committed (or found, when that is all the acta says).
    pub violation_date: NaiveDate,
    /// At least 1.
    pub affected_workers: u32,
    /// The individualized amount per worker, within the range of the fraction.
    pub per_worker_uma: u32,
    pub criteria: Criteria,
    /// Earlier fines of the same employer for the same violation id, in any order.
    pub prior: Vec<PriorFine>,
}

/// The catalog entry a fine was calculated with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedRule {
    pub id: String,
    pub article: String,
    pub min_uma: u32,
    pub max_uma: u32,
    /// The version used: the one in force on the violation date.
    pub in_force_from: NaiveDate,
    pub confidence: Confidence,
    pub criminal: bool,
}

/// The earlier fine that made this one a repeat offence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recidivism {
    pub earlier_acta_date: NaiveDate,
    pub earlier_per_worker_uma: u32,
    /// Last day of the window opened by the earlier acta.
    pub window_end: NaiveDate,
    pub factor: u32,
}

/// A calculated fine, with every figure used and an English explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineCalculation {
    pub violation_date: NaiveDate,
    /// The date whose UMA applies: the violation date (LFT 992 ¶2).
    pub uma_date: NaiveDate,
    /// The day the UMA applied took effect (1 February of its year; 28 January 2016).
    pub uma_valid_from: NaiveDate,
    pub uma_daily: Money,
    pub rule: AppliedRule,
    /// The amount the officer chose, within the range.
    pub individualized_uma: u32,
    /// The amount per worker imposed: the individualized one, or the doubled earlier fine.
    pub per_worker_uma: u32,
    pub recidivism: Option<Recidivism>,
    pub per_worker_amount: Money,
    pub workers: u32,
    pub total: Money,
    pub criteria: Criteria,
    pub steps: Vec<String>,
}

/// The points each criterion adds to the suggestion, 0 to 8 in all: intent 2; seriousness,
/// harm and economic capacity 0, 1 or 2 each (low/none, medium/potential, high/actual).
pub fn criteria_points(criteria: &Criteria) -> u32 {
    let intent = if criteria.intent { 2 } else { 0 };
    let seriousness = match criteria.seriousness {
        Seriousness::Low => 0,
        Seriousness::Medium => 1,
        Seriousness::High => 2,
    };
    let harm = match criteria.harm {
        Harm::None => 0,
        Harm::Potential => 1,
        Harm::Actual => 2,
    };
    let capacity = match criteria.capacity {
        Capacity::Low => 0,
        Capacity::Medium => 1,
        Capacity::High => 2,
    };
    intent + seriousness + harm + capacity
}

/// The maximum of [`criteria_points`].
pub const MAX_POINTS: u32 = 8;

/// A suggested amount per worker: `low + (high - low) * points / 8`, rounded down, where `low`
/// is the range's minimum (at least 1 UMA), `high` its maximum and `points` the
/// [`criteria_points`]. No aggravating criterion gives the minimum; all of them the maximum.
/// Only a suggestion: the officer decides and justifies the amount.
pub fn suggested_uma(range: UmaRange, criteria: &Criteria) -> u32 {
    let low = range.min.max(1);
    let high = range.max.max(low);
    let span = u64::from(high - low);
    let step = span * u64::from(criteria_points(criteria)) / u64::from(MAX_POINTS);
    low.saturating_add(u32::try_from(step).unwrap_or(u32::MAX)).min(high)
}

/// The earlier fine that makes a violation committed on `on` a repeat offence, if any.
fn find_recidivism(prior: &[PriorFine], on: NaiveDate, window_years: u32, factor: u32) -> Option<Recidivism> {
    let earlier = prior
        .iter()
        .filter(|p| !p.overturned && p.acta_date < on)
        .max_by_key(|p| p.acta_date)?;
    let window_end = add_years(earlier.acta_date, window_years);
    (on <= window_end).then_some(Recidivism {
        earlier_acta_date: earlier.acta_date,
        earlier_per_worker_uma: earlier.per_worker_uma,
        window_end,
        factor,
    })
}

fn positive_parameter(rules: &Rules, id: &'static str, on: NaiveDate) -> Result<u32, DomainError> {
    let v = rules.parameter_int(id, on)?;
    u32::try_from(v).ok().filter(|v| *v >= 1).ok_or_else(|| {
        DomainError::new(
            "rules.invalid",
            format!("parameter '{id}' must be a whole number of at least 1, not {v}"),
        )
        .with("id", id)
    })
}

fn overflow() -> DomainError {
    DomainError::new("fine.overflow", "the fine is too large to calculate")
}

/// Calculates the fine for one violation. Errors: `fine.justification_required`,
/// `fine.workers_required`, `fine.amount_out_of_range` (params `min`, `max`, `amount`),
/// `fine.prior_invalid`, `fine.uma_unknown`, `fine.overflow`, and the lookups' `rules.unknown`
/// and `rules.not_in_force`.
pub fn calculate(rules: &Rules, catalogs: &Catalogs, input: &FineInput) -> Result<FineCalculation, DomainError> {
    let on = input.violation_date;
    if input.criteria.justification.trim().is_empty() {
        return Err(DomainError::field(
            "justification",
            "fine.justification_required",
            "the reasons for the amount (LFT 992 criteria) are required",
        ));
    }
    if input.affected_workers == 0 {
        return Err(DomainError::field(
            "affected_workers",
            "fine.workers_required",
            "at least one affected worker",
        ));
    }
    let rule = rules.violation(&input.violation, on)?;
    let min = rule.min_uma.max(1);
    if input.per_worker_uma < min || input.per_worker_uma > rule.max_uma {
        return Err(DomainError::field(
            "per_worker_uma",
            "fine.amount_out_of_range",
            format!(
                "{} UMA is outside {}'s range of {min} to {} UMA",
                input.per_worker_uma, rule.meta.article, rule.max_uma
            ),
        )
        .with("min", min.to_string())
        .with("max", rule.max_uma.to_string())
        .with("amount", input.per_worker_uma.to_string())
        .with("article", rule.meta.article.clone()));
    }
    if let Some(p) = input.prior.iter().find(|p| p.per_worker_uma == 0) {
        return Err(
            DomainError::field("prior", "fine.prior_invalid", "an earlier fine of 0 UMA")
                .with("date", p.acta_date.to_string()),
        );
    }
    let uma = catalogs.uma_on(on).ok_or_else(|| {
        DomainError::new("fine.uma_unknown", format!("no UMA value is known for {on}")).with("date", on.to_string())
    })?;

    let window_years = positive_parameter(rules, WINDOW_PARAMETER, on)?;
    let factor = positive_parameter(rules, FACTOR_PARAMETER, on)?;
    let recidivism = find_recidivism(&input.prior, on, window_years, factor);
    let per_worker_uma = match &recidivism {
        Some(r) => r.earlier_per_worker_uma.checked_mul(r.factor).ok_or_else(overflow)?,
        None => input.per_worker_uma,
    };
    let per_worker_amount = uma.daily.checked_mul(i64::from(per_worker_uma)).ok_or_else(overflow)?;
    let total = per_worker_amount
        .checked_mul(i64::from(input.affected_workers))
        .ok_or_else(overflow)?;

    let mut steps = vec![
        format!(
            "Violation {} ({}), committed on {on}: the version in force from {} sets {} to {} UMA per affected worker{}.",
            rule.meta.id,
            rule.meta.article,
            rule.meta.in_force_from,
            rule.min_uma,
            rule.max_uma,
            if rule.meta.confidence == Confidence::Primary {
                String::new()
            } else {
                format!(" (confidence {}: check the source)", rule.meta.confidence.tag())
            }
        ),
        format!(
            "UMA at the date of the violation (LFT 992): {} a day, in force from {}.",
            uma.daily, uma.valid_from
        ),
        format!(
            "Individualized amount (LFT 992 I-IV: intent {}, seriousness {:?}, harm {:?}, economic capacity {:?}): {} UMA per worker.",
            if input.criteria.intent { "yes" } else { "no" },
            input.criteria.seriousness,
            input.criteria.harm,
            input.criteria.capacity,
            input.per_worker_uma
        ),
    ];
    match &recidivism {
        Some(r) => {
            steps.push(format!(
                "Repeat offence (LFT 992 V): the earlier acta of {} was not overturned and this violation falls within the {window_years} years following it (until {}). The fine is {} times the {} UMA per worker imposed then: {per_worker_uma} UMA per worker.",
                r.earlier_acta_date, r.window_end, r.factor, r.earlier_per_worker_uma
            ));
            if per_worker_uma > rule.max_uma {
                steps.push(format!(
                    "The repeat-offence amount exceeds the range maximum of {} UMA; LFT 992 sets no cap on it.",
                    rule.max_uma
                ));
            }
        }
        None => steps
            .push("No repeat offence: no earlier acta for this violation that counts within the window.".to_string()),
    }
    steps.push(format!(
        "Per worker: {per_worker_uma} UMA x {} = {per_worker_amount}.",
        uma.daily
    ));
    steps.push(format!(
        "One fine for each affected worker (LFT 992): {} x {per_worker_amount} = {total}.",
        input.affected_workers
    ));
    if rule.criminal {
        steps.push(format!(
            "{} also sets a prison term, which only a criminal court can impose: report the facts to the public prosecutor.",
            rule.meta.article
        ));
    }

    Ok(FineCalculation {
        violation_date: on,
        uma_date: on,
        uma_valid_from: uma.valid_from,
        uma_daily: uma.daily,
        rule: AppliedRule {
            id: rule.meta.id.clone(),
            article: rule.meta.article.clone(),
            min_uma: rule.min_uma,
            max_uma: rule.max_uma,
            in_force_from: rule.meta.in_force_from,
            confidence: rule.meta.confidence,
            criminal: rule.criminal,
        },
        individualized_uma: input.per_worker_uma,
        per_worker_uma,
        recidivism,
        per_worker_amount,
        workers: input.affected_workers,
        total,
        criteria: input.criteria.clone(),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn catalogs() -> &'static Catalogs {
        static C: OnceLock<Catalogs> = OnceLock::new();
        C.get_or_init(|| Catalogs::embedded().unwrap())
    }

    fn rules() -> &'static Rules {
        Rules::official().unwrap()
    }

    fn criteria() -> Criteria {
        Criteria {
            intent: false,
            seriousness: Seriousness::Medium,
            harm: Harm::Potential,
            capacity: Capacity::Medium,
            justification: "Guards missing on two presses; medium-sized employer.".to_string(),
        }
    }

    fn input(violation: &str, on: NaiveDate, workers: u32, uma: u32) -> FineInput {
        FineInput {
            violation: violation.to_string(),
            violation_date: on,
            affected_workers: workers,
            per_worker_uma: uma,
            criteria: criteria(),
            prior: Vec::new(),
        }
    }

    fn prior(acta: NaiveDate, uma: u32, overturned: bool) -> PriorFine {
        PriorFine {
            acta_date: acta,
            per_worker_uma: uma,
            overturned,
        }
    }

    fn pesos(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn per_worker_multiplication_by_hand() {
        // 994-V, 3 workers, 300 UMA at 117.31: 300 x 117.31 = 35,193.00; x 3 = 105,579.00.
        let c = calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 3, 2), 3, 300)).unwrap();
        assert_eq!(c.uma_daily, pesos("117.31"));
        assert_eq!(c.per_worker_uma, 300);
        assert_eq!(c.per_worker_amount, pesos("35193.00"));
        assert_eq!(c.workers, 3);
        assert_eq!(c.total, pesos("105579.00"));
        assert_eq!(c.rule.article, "LFT 994-V");
        assert_eq!((c.rule.min_uma, c.rule.max_uma), (250, 5000));
        assert!(c.recidivism.is_none());
        assert!(
            c.steps.iter().any(|s| s.contains("3 x $35,193.00 = $105,579.00")),
            "{:#?}",
            c.steps
        );
    }

    #[test]
    fn uma_changes_on_1_february() {
        let before = calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 1, 31), 1, 300)).unwrap();
        assert_eq!(before.uma_daily, pesos("113.14"));
        assert_eq!(before.uma_valid_from, day(2025, 2, 1));
        assert_eq!(before.total, pesos("33942.00")); // 300 x 113.14
        let after = calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 2, 1), 1, 300)).unwrap();
        assert_eq!(after.uma_daily, pesos("117.31"));
        assert_eq!(after.uma_valid_from, day(2026, 2, 1));
        assert_eq!(after.total, pesos("35193.00"));
    }

    #[test]
    fn repeat_offence_within_two_years_of_the_earlier_acta_doubles() {
        let mut i = input("lft-994-v", day(2026, 3, 9), 2, 400);
        i.prior = vec![prior(day(2024, 3, 10), 300, false)];
        let c = calculate(rules(), catalogs(), &i).unwrap();
        let r = c.recidivism.unwrap();
        assert_eq!(r.earlier_acta_date, day(2024, 3, 10));
        assert_eq!(r.window_end, day(2026, 3, 10));
        // Twice the 300 UMA imposed then, whatever was chosen now: 600 x 117.31 = 70,386.00; x 2.
        assert_eq!(c.individualized_uma, 400);
        assert_eq!(c.per_worker_uma, 600);
        assert_eq!(c.per_worker_amount, pesos("70386.00"));
        assert_eq!(c.total, pesos("140772.00"));
    }

    #[test]
    fn the_window_ends_on_the_second_anniversary_of_the_acta_included() {
        let mut on_last_day = input("lft-994-v", day(2026, 3, 10), 1, 300);
        on_last_day.prior = vec![prior(day(2024, 3, 10), 300, false)];
        assert_eq!(
            calculate(rules(), catalogs(), &on_last_day).unwrap().per_worker_uma,
            600
        );

        let mut day_after = on_last_day.clone();
        day_after.violation_date = day(2026, 3, 11);
        let c = calculate(rules(), catalogs(), &day_after).unwrap();
        assert!(c.recidivism.is_none());
        assert_eq!(c.per_worker_uma, 300);

        // The window starts the day after the acta: a violation on the acta's own day is not
        // "subsequent" to it.
        let mut same_day = on_last_day.clone();
        same_day.violation_date = day(2024, 3, 10);
        assert!(calculate(rules(), catalogs(), &same_day).unwrap().recidivism.is_none());

        // 29 February: the window ends on 28 February two years later.
        let mut leap = input("lft-994-v", day(2026, 2, 28), 1, 300);
        leap.prior = vec![prior(day(2024, 2, 29), 300, false)];
        assert!(calculate(rules(), catalogs(), &leap).unwrap().recidivism.is_some());
        leap.violation_date = day(2026, 3, 1);
        assert!(calculate(rules(), catalogs(), &leap).unwrap().recidivism.is_none());
    }

    #[test]
    fn an_overturned_acta_does_not_count() {
        let mut i = input("lft-994-v", day(2026, 3, 9), 1, 300);
        i.prior = vec![prior(day(2025, 6, 1), 1000, true)];
        assert!(calculate(rules(), catalogs(), &i).unwrap().recidivism.is_none());
        // ...but an earlier one that stands still does.
        i.prior.push(prior(day(2025, 1, 15), 250, false));
        let c = calculate(rules(), catalogs(), &i).unwrap();
        assert_eq!(c.recidivism.unwrap().earlier_acta_date, day(2025, 1, 15));
        assert_eq!(c.per_worker_uma, 500);
    }

    #[test]
    fn the_latest_earlier_acta_is_the_precedent_and_later_actas_are_ignored() {
        let mut i = input("lft-994-v", day(2026, 3, 9), 1, 300);
        i.prior = vec![
            prior(day(2024, 6, 1), 250, false),
            prior(day(2025, 9, 1), 700, false),
            prior(day(2026, 5, 1), 4000, false), // after this violation: not a precedent
        ];
        let c = calculate(rules(), catalogs(), &i).unwrap();
        assert_eq!(c.recidivism.unwrap().earlier_acta_date, day(2025, 9, 1));
        assert_eq!(c.per_worker_uma, 1400);
    }

    #[test]
    fn the_doubled_amount_is_not_capped_but_flagged() {
        let mut i = input("lft-994-v", day(2026, 3, 9), 1, 300);
        i.prior = vec![prior(day(2025, 3, 9), 3000, false)];
        let c = calculate(rules(), catalogs(), &i).unwrap();
        assert_eq!(c.per_worker_uma, 6000);
        assert!(c.steps.iter().any(|s| s.contains("exceeds the range maximum")));
    }

    #[test]
    fn amount_outside_the_range_is_refused() {
        for uma in [249, 5001, 0] {
            let e = calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 3, 2), 1, uma)).unwrap_err();
            assert_eq!(e.code, "fine.amount_out_of_range");
            assert!(e.params.contains(&("min", "250".to_string())));
            assert!(e.params.contains(&("max", "5000".to_string())));
        }
        assert!(calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 3, 2), 1, 250)).is_ok());
        assert!(calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 3, 2), 1, 5000)).is_ok());
        // "Up to" fines: at least 1 UMA.
        let e = calculate(rules(), catalogs(), &input("lft-1004-i", day(2026, 3, 2), 1, 0)).unwrap_err();
        assert_eq!(e.code, "fine.amount_out_of_range");
        let c = calculate(rules(), catalogs(), &input("lft-1004-i", day(2026, 3, 2), 1, 1)).unwrap();
        assert!(c.rule.criminal);
        assert!(c.steps.iter().any(|s| s.contains("public prosecutor")));
    }

    #[test]
    fn justification_and_workers_are_required() {
        let mut i = input("lft-994-v", day(2026, 3, 2), 1, 300);
        i.criteria.justification = "  \n".to_string();
        assert_eq!(
            calculate(rules(), catalogs(), &i).unwrap_err().code,
            "fine.justification_required"
        );
        let e = calculate(rules(), catalogs(), &input("lft-994-v", day(2026, 3, 2), 0, 300)).unwrap_err();
        assert_eq!(e.code, "fine.workers_required");
    }

    #[test]
    fn no_rule_in_force_on_the_date_is_refused() {
        // 994-IV Bis is in force from 1 May 2026.
        let e = calculate(rules(), catalogs(), &input("lft-994-iv-bis", day(2026, 4, 30), 1, 300)).unwrap_err();
        assert_eq!(e.code, "rules.not_in_force");
        assert!(calculate(rules(), catalogs(), &input("lft-994-iv-bis", day(2026, 5, 1), 1, 300)).is_ok());
        // 1004-B is treated as inactive from 24 April 2021.
        let e = calculate(rules(), catalogs(), &input("lft-1004-b", day(2021, 4, 24), 1, 300)).unwrap_err();
        assert_eq!(e.code, "rules.not_in_force");
        let e = calculate(rules(), catalogs(), &input("lft-nope", day(2026, 3, 2), 1, 300)).unwrap_err();
        assert_eq!(e.code, "rules.unknown");
    }

    #[test]
    fn the_version_in_force_on_the_violation_date_is_used() {
        let c = calculate(rules(), catalogs(), &input("lft-994-iii", day(2024, 4, 4), 1, 100)).unwrap();
        assert_eq!(c.rule.in_force_from, day(2016, 1, 28));
        assert_eq!(c.rule.confidence, Confidence::Unconfirmed);
        assert!(c.steps[0].contains("confidence U"));
        let c = calculate(rules(), catalogs(), &input("lft-994-iii", day(2024, 4, 5), 1, 100)).unwrap();
        assert_eq!(c.rule.in_force_from, day(2024, 4, 5));
        assert_eq!(c.uma_daily, pesos("108.57"));
        assert_eq!(c.total, pesos("10857.00"));
    }

    #[test]
    fn an_earlier_fine_of_zero_is_refused() {
        let mut i = input("lft-994-v", day(2026, 3, 9), 1, 300);
        i.prior = vec![prior(day(2025, 3, 9), 0, false)];
        assert_eq!(
            calculate(rules(), catalogs(), &i).unwrap_err().code,
            "fine.prior_invalid"
        );
    }

    #[test]
    fn suggestion_by_hand() {
        let range = UmaRange { min: 250, max: 5000 };
        let mut c = criteria();
        c.seriousness = Seriousness::Low;
        c.harm = Harm::None;
        c.capacity = Capacity::Low;
        assert_eq!(suggested_uma(range, &c), 250);
        // intent (2) + high (2) + actual (2) + high (2) = 8: the maximum.
        c = Criteria {
            intent: true,
            seriousness: Seriousness::High,
            harm: Harm::Actual,
            capacity: Capacity::High,
            ..criteria()
        };
        assert_eq!(suggested_uma(range, &c), 5000);
        // medium, potential, medium, no intent = 3 points: 250 + 4750 x 3 / 8 = 250 + 1781 = 2031.
        assert_eq!(criteria_points(&criteria()), 3);
        assert_eq!(suggested_uma(range, &criteria()), 2031);
        // "Up to" ranges start at 1 UMA: 1 + 799 x 3 / 8 = 1 + 299 = 300.
        assert_eq!(suggested_uma(UmaRange { min: 0, max: 800 }, &criteria()), 300);
    }

    #[test]
    fn suggestion_stays_in_range_and_grows_with_points() {
        let levels = [Seriousness::Low, Seriousness::Medium, Seriousness::High];
        let range = UmaRange { min: 50, max: 100 };
        let mut last = 0;
        for (i, s) in levels.iter().enumerate() {
            let c = Criteria {
                seriousness: *s,
                ..criteria()
            };
            let v = suggested_uma(range, &c);
            assert!((50..=100).contains(&v), "{i}: {v}");
            assert!(v >= last);
            last = v;
        }
    }
}
