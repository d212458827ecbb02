//! `GET /conciliation/calculator`: the public settlement calculator. The form is sent with GET so
//! that a result can be linked and shared; without a query it is the empty form. Input that
//! does not parse, or that the calculator refuses, shows the form again with a message at each
//! field at fault and a summary at the top, with status 422.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use faro_core::catalog::{Money, WageZone};
use faro_core::policy::{Action, Resource};
use faro_core::settlement::{calculate, SettlementInput, Termination};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::{labels, settlement_view, view};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::{I18n, Lang};
use crate::AppState;

pub const PATH: &str = "/conciliation/calculator";

/// The longest text of a field echoed back into the form.
const ECHO_MAX: usize = 100;

const ZONES: [WageZone; 2] = [WageZone::General, WageZone::NorthernBorder];
const TERMINATIONS: [Termination; 4] = [
    Termination::UnjustifiedDismissal,
    Termination::RescissionByWorker,
    Termination::Resignation,
    Termination::JustifiedDismissal,
];

/// The form as the query string sends it. Every field is text, so no input is refused before it
/// can be explained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CalculatorForm {
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub calculated_on: Option<String>,
    #[serde(default)]
    pub daily_wage: Option<String>,
    #[serde(default)]
    pub integrated_daily_wage: Option<String>,
    #[serde(default)]
    pub zone: Option<String>,
    #[serde(default)]
    pub termination: Option<String>,
    #[serde(default)]
    pub reinstatement_refused: Option<String>,
    #[serde(default)]
    pub vacation_days_taken: Option<String>,
    #[serde(default)]
    pub aguinaldo_days_paid: Option<String>,
    #[serde(default)]
    pub unpaid_wage_days: Option<String>,
}

impl CalculatorForm {
    /// The names of the form's fields, in order.
    pub const FIELD_NAMES: [&'static str; 11] = FIELDS;

    fn submitted(&self) -> bool {
        *self != CalculatorForm::default()
    }

    /// The value of a field as typed, trimmed.
    fn get(&self, field: &str) -> &str {
        let v = match field {
            "start_date" => &self.start_date,
            "end_date" => &self.end_date,
            "calculated_on" => &self.calculated_on,
            "daily_wage" => &self.daily_wage,
            "integrated_daily_wage" => &self.integrated_daily_wage,
            "zone" => &self.zone,
            "termination" => &self.termination,
            "reinstatement_refused" => &self.reinstatement_refused,
            "vacation_days_taken" => &self.vacation_days_taken,
            "aguinaldo_days_paid" => &self.aguinaldo_days_paid,
            "unpaid_wage_days" => &self.unpaid_wage_days,
            _ => &None,
        };
        v.as_deref().map(str::trim).unwrap_or("")
    }

    /// The form in a canonical query string (the link to its result).
    fn query(&self) -> String {
        let pairs: Vec<(&str, &str)> = FIELDS
            .iter()
            .map(|f| (*f, self.get(f)))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The fields, in the order of the form.
const FIELDS: [&str; 11] = [
    "start_date",
    "end_date",
    "calculated_on",
    "daily_wage",
    "integrated_daily_wage",
    "zone",
    "termination",
    "reinstatement_refused",
    "vacation_days_taken",
    "aguinaldo_days_paid",
    "unpaid_wage_days",
];

/// What is wrong with the input: a message key per field.
type FieldErrors = BTreeMap<&'static str, String>;

fn date(form: &CalculatorForm, field: &'static str, errors: &mut FieldErrors, required: bool) -> Option<NaiveDate> {
    let raw = form.get(field);
    if raw.is_empty() {
        if required {
            errors.insert(field, "conc.calc.error.required".into());
        }
        return None;
    }
    let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.insert(field, "conc.calc.error.date".into());
    }
    parsed
}

fn money(form: &CalculatorForm, field: &'static str, errors: &mut FieldErrors, required: bool) -> Option<Money> {
    let raw = form.get(field);
    if raw.is_empty() {
        if required {
            errors.insert(field, "conc.calc.error.required".into());
        }
        return None;
    }
    let parsed = raw.parse::<Money>().ok();
    if parsed.is_none() {
        errors.insert(field, "conc.calc.error.money".into());
    }
    parsed
}

fn whole_days(form: &CalculatorForm, field: &'static str, errors: &mut FieldErrors) -> u32 {
    let raw = form.get(field);
    if raw.is_empty() {
        return 0;
    }
    raw.parse::<u32>().unwrap_or_else(|_| {
        errors.insert(field, "conc.calc.error.days".into());
        0
    })
}

fn choice<T: Copy + Serialize>(
    form: &CalculatorForm,
    field: &'static str,
    options: &[T],
    default: Option<T>,
    errors: &mut FieldErrors,
) -> Option<T> {
    let raw = form.get(field);
    if raw.is_empty() {
        if default.is_none() {
            errors.insert(field, "conc.calc.error.required".into());
        }
        return default;
    }
    let found = options.iter().copied().find(|o| labels::code_of(o) == raw);
    if found.is_none() {
        errors.insert(field, "conc.calc.error.choice".into());
    }
    found
}

fn checkbox(form: &CalculatorForm, field: &'static str, errors: &mut FieldErrors) -> bool {
    match form.get(field) {
        "" | "false" | "off" | "0" => false,
        "true" | "on" | "1" => true,
        _ => {
            errors.insert(field, "conc.calc.error.choice".into());
            false
        }
    }
}

/// The calculator's input, or the key of the message of each field at fault.
pub fn parse(form: &CalculatorForm) -> Result<SettlementInput, FieldErrors> {
    let mut errors = FieldErrors::new();
    let start_date = date(form, "start_date", &mut errors, true);
    let end_date = date(form, "end_date", &mut errors, true);
    let calculated_on = date(form, "calculated_on", &mut errors, false);
    let daily_wage = money(form, "daily_wage", &mut errors, true);
    let integrated_daily_wage = money(form, "integrated_daily_wage", &mut errors, false);
    let zone = choice(form, "zone", &ZONES, Some(WageZone::General), &mut errors);
    let termination = choice(form, "termination", &TERMINATIONS, None, &mut errors);
    let reinstatement_refused = checkbox(form, "reinstatement_refused", &mut errors);
    let vacation_days_taken = whole_days(form, "vacation_days_taken", &mut errors);
    let aguinaldo_days_paid = whole_days(form, "aguinaldo_days_paid", &mut errors);
    let unpaid_wage_days = whole_days(form, "unpaid_wage_days", &mut errors);
    match (start_date, end_date, daily_wage, zone, termination) {
        (Some(start_date), Some(end_date), Some(daily_wage), Some(zone), Some(termination)) if errors.is_empty() => {
            Ok(SettlementInput {
                start_date,
                end_date,
                calculated_on: calculated_on.unwrap_or(end_date),
                daily_wage,
                integrated_daily_wage,
                zone,
                termination,
                reinstatement_refused,
                vacation_days_taken,
                aguinaldo_days_paid,
                unpaid_wage_days,
            })
        }
        _ => Err(errors),
    }
}

#[derive(Debug, Serialize)]
struct OptionView {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct FieldView {
    name: &'static str,
    label: String,
    /// date, money, days, select or checkbox.
    kind: &'static str,
    value: String,
    hint: String,
    error: String,
    required: bool,
    options: Vec<OptionView>,
}

#[derive(Debug, Serialize)]
struct GroupView {
    legend: String,
    fields: Vec<FieldView>,
}

#[derive(Debug, Serialize)]
struct ErrorView {
    /// The id of the input, for the summary's link; empty when no field is at fault.
    id: String,
    label: String,
    message: String,
}

fn options<T: Serialize>(i18n: &I18n, lang: Lang, prefix: &str, all: &[T], chosen: &str) -> Vec<OptionView> {
    all.iter()
        .map(|o| {
            let code = labels::code_of(o);
            OptionView {
                label: labels::label_of_code(i18n, lang, prefix, &code),
                selected: code == chosen,
                value: code,
            }
        })
        .collect()
}

/// The form's groups of fields with their values and messages.
fn groups(i18n: &I18n, lang: Lang, form: &CalculatorForm, errors: &BTreeMap<&'static str, String>) -> Vec<GroupView> {
    let t = |key: &str| i18n.text(lang, key, &[]);
    let field = |name: &'static str, kind: &'static str, hint: &str, required: bool| FieldView {
        name,
        label: t(&format!("conc.calc.{name}")),
        kind,
        value: form.get(name).chars().take(ECHO_MAX).collect(),
        hint: if hint.is_empty() { String::new() } else { t(hint) },
        error: errors.get(name).cloned().unwrap_or_default(),
        required,
        options: Vec::new(),
    };
    let zone = if form.get("zone").is_empty() {
        "general"
    } else {
        form.get("zone")
    };
    vec![
        GroupView {
            legend: t("conc.calc.dates"),
            fields: vec![
                field("start_date", "date", "conc.calc.date_hint", true),
                field("end_date", "date", "conc.calc.date_hint", true),
                field("calculated_on", "date", "conc.calc.calculated_on_hint", false),
            ],
        },
        GroupView {
            legend: t("conc.calc.wages"),
            fields: vec![
                field("daily_wage", "money", "", true),
                field("integrated_daily_wage", "money", "conc.calc.integrated_hint", false),
                FieldView {
                    options: options(i18n, lang, "conc.zone", &ZONES, zone),
                    ..field("zone", "select", "", true)
                },
            ],
        },
        GroupView {
            legend: t("conc.calc.ending"),
            fields: vec![
                FieldView {
                    options: options(i18n, lang, "conc.termination", &TERMINATIONS, form.get("termination")),
                    ..field("termination", "select", "", true)
                },
                field(
                    "reinstatement_refused",
                    "checkbox",
                    "conc.calc.reinstatement_hint",
                    false,
                ),
            ],
        },
        GroupView {
            legend: t("conc.calc.pending"),
            fields: vec![
                field("vacation_days_taken", "days", "", false),
                field("aguinaldo_days_paid", "days", "", false),
                field("unpaid_wage_days", "days", "", false),
            ],
        },
    ]
}

fn render(
    app: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: &CalculatorForm,
    errors: BTreeMap<&'static str, String>,
    general: Vec<String>,
    result: Option<settlement_view::SettlementView>,
) -> Result<Response, WebError> {
    let i18n = &app.renderer.i18n;
    let lang = ctx.lang;
    let mut summary: Vec<ErrorView> = FIELDS
        .iter()
        .filter_map(|f| {
            errors.get(f).map(|message| ErrorView {
                id: format!("c-{f}"),
                label: i18n.text(lang, &format!("conc.calc.{f}"), &[]),
                message: message.clone(),
            })
        })
        .collect();
    summary.extend(general.into_iter().map(|message| ErrorView {
        id: String::new(),
        label: String::new(),
        message,
    }));
    let path = if form.submitted() {
        format!("{PATH}?{}", form.query())
    } else {
        PATH.to_string()
    };
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(ctx, "calculator", &path),
        ..context! {
            action => PATH,
            groups => Value::from_serialize(groups(i18n, lang, form, &errors)),
            errors => Value::from_serialize(&summary),
            result => Value::from_serialize(&result),
            link => path,
        }
    };
    view::page(status, "conc_calculator.html", page)
}

pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(form): Query<CalculatorForm>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    if !form.submitted() {
        return render(&app, &ctx, StatusCode::OK, &form, BTreeMap::new(), Vec::new(), None);
    }
    let i18n = &app.renderer.i18n;
    let lang = ctx.lang;
    let input = match parse(&form) {
        Ok(input) => input,
        Err(keys) => {
            let messages = keys
                .into_iter()
                .map(|(field, key)| (field, i18n.text(lang, &key, &[])))
                .collect();
            return render(
                &app,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                messages,
                Vec::new(),
                None,
            );
        }
    };
    match calculate(&app.law.rules, &app.catalogs, &input) {
        Ok(s) => {
            let result = settlement_view::view(i18n, &app.law.rules, lang, &input, &s);
            render(
                &app,
                &ctx,
                StatusCode::OK,
                &form,
                BTreeMap::new(),
                Vec::new(),
                Some(result),
            )
        }
        Err(e) => {
            let message = labels::error_text(i18n, lang, &e);
            let field = e
                .params
                .iter()
                .find(|(k, _)| *k == "field")
                .and_then(|(_, v)| FIELDS.iter().copied().find(|f| f == v));
            let (errors, general) = match field {
                Some(f) => (BTreeMap::from([(f, message)]), Vec::new()),
                None => (BTreeMap::new(), vec![message]),
            };
            render(
                &app,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                errors,
                general,
                None,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> CalculatorForm {
        let q = serde_urlencoded::to_string(pairs).unwrap();
        serde_urlencoded::from_str(&q).unwrap()
    }

    #[test]
    fn a_complete_form_parses_with_defaults() {
        let f = form(&[
            ("start_date", "2022-03-01"),
            ("end_date", " 2025-06-30 "),
            ("daily_wage", "$1,500.5"),
            ("termination", "unjustified_dismissal"),
            ("reinstatement_refused", "on"),
        ]);
        let i = parse(&f).unwrap();
        assert_eq!(i.calculated_on, i.end_date);
        assert_eq!(i.daily_wage, Money::from_centavos(150_050));
        assert_eq!(i.integrated_daily_wage, None);
        assert_eq!(i.zone, WageZone::General);
        assert!(i.reinstatement_refused);
        assert_eq!(
            (i.vacation_days_taken, i.aguinaldo_days_paid, i.unpaid_wage_days),
            (0, 0, 0)
        );
        assert_eq!(
            f.query(),
            "start_date=2022-03-01&end_date=2025-06-30&daily_wage=%241%2C500.5&termination=unjustified_dismissal&reinstatement_refused=on"
        );
    }

    #[test]
    fn every_field_at_fault_gets_its_message() {
        let f = form(&[
            ("start_date", "2022-13-01"),
            ("daily_wage", "quinientos"),
            ("integrated_daily_wage", "1.234"),
            ("zone", "north"),
            ("reinstatement_refused", "maybe"),
            ("vacation_days_taken", "-1"),
            ("aguinaldo_days_paid", "2.5"),
            ("unpaid_wage_days", "99999999999"),
        ]);
        let e = parse(&f).unwrap_err();
        let want: BTreeMap<&str, String> = [
            ("start_date", "conc.calc.error.date"),
            ("end_date", "conc.calc.error.required"),
            ("daily_wage", "conc.calc.error.money"),
            ("integrated_daily_wage", "conc.calc.error.money"),
            ("zone", "conc.calc.error.choice"),
            ("termination", "conc.calc.error.required"),
            ("reinstatement_refused", "conc.calc.error.choice"),
            ("vacation_days_taken", "conc.calc.error.days"),
            ("aguinaldo_days_paid", "conc.calc.error.days"),
            ("unpaid_wage_days", "conc.calc.error.days"),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        assert_eq!(e, want);
    }

    #[test]
    fn an_empty_query_is_the_blank_form() {
        assert!(!CalculatorForm::default().submitted());
        assert!(form(&[("zone", "")]).submitted());
    }
}
