//! The registrar's templates (`ureg_staff_*`, with the common `base.html`), embedded in the
//! binary, and what every page of the module shares: dates as shown, labels of codes, the
//! translated refusal of a form and the values it held.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use faro_core::DomainError;
use minijinja::Value;

use crate::error::WebError;
use crate::i18n::{I18n, Lang};
use crate::inspection_pages::form::FormData;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "ureg_staff_queue.html",
        include_str!("../../templates/ureg_staff_queue.html"),
    ),
    (
        "ureg_staff_union.html",
        include_str!("../../templates/ureg_staff_union.html"),
    ),
    (
        "ureg_staff_agreement.html",
        include_str!("../../templates/ureg_staff_agreement.html"),
    ),
    (
        "ureg_staff_vote.html",
        include_str!("../../templates/ureg_staff_vote.html"),
    ),
    (
        "ureg_staff_anomalies.html",
        include_str!("../../templates/ureg_staff_anomalies.html"),
    ),
];

static MODULE_TEMPLATES: crate::module_templates::ModuleTemplates =
    crate::module_templates::ModuleTemplates::new("union registrar", TEMPLATES);

/// Renders one of this module's templates as a page with `status`.
pub fn page(status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
    MODULE_TEMPLATES.page(status, name, ctx)
}

/// A date as the pages show it (ISO 8601, as the date inputs take it).
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date)
}

/// The label of `{prefix}.{code}` ("ureg.status.filed"), or the code itself.
pub fn label(i18n: &I18n, lang: Lang, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    if i18n.has(&key) {
        i18n.text(lang, &key, &[])
    } else {
        code.to_string()
    }
}

/// The message of a refusal in `lang`: this module's text of its code (`ureg.error.{code}`), else
/// the common one (`field.required`), else the general refusal naming the code; field, command
/// and status names translated.
pub fn error_text(i18n: &I18n, lang: Lang, e: &DomainError) -> String {
    let params: Vec<(&str, String)> = e
        .params
        .iter()
        .map(|(name, value)| {
            let shown = match *name {
                "field" => ["ureg.field", "field.name"]
                    .iter()
                    .map(|p| format!("{p}.{value}"))
                    .find(|k| i18n.has(k))
                    .map(|k| i18n.text(lang, &k, &[])),
                "command" => Some(label(i18n, lang, "ureg.command", value)),
                "status" => Some(label(i18n, lang, "ureg.status", value)),
                _ => None,
            };
            (*name, shown.unwrap_or_else(|| value.clone()))
        })
        .collect();
    let own = format!("ureg.error.{}", e.code);
    if i18n.has(&own) {
        i18n.text(lang, &own, &params)
    } else if i18n.has(e.code) {
        i18n.text(lang, e.code, &params)
    } else {
        i18n.text(lang, "ureg.error.refused", &[("code", e.code.to_string())])
    }
}

/// Why a form was refused, and what it held.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    /// Which form of the page failed (its id in the template).
    pub form: String,
    pub message: String,
    /// The input the refusal names ("votes.1.0"), else its field ("registration_number").
    pub field: Option<String>,
    pub posted: FormData,
}

impl Failure {
    pub fn new(i18n: &I18n, lang: Lang, form: &str, e: &DomainError, posted: FormData) -> Failure {
        Failure {
            form: form.to_string(),
            message: error_text(i18n, lang, e),
            field: ["input", "field"]
                .iter()
                .find_map(|name| e.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())),
            posted,
        }
    }

    /// The failure as the templates read it.
    pub fn value(failure: Option<&Failure>) -> Value {
        match failure {
            None => Value::from(()),
            Some(f) => minijinja::context! {
                form => f.form.clone(), message => f.message.clone(), field => f.field.clone(),
            },
        }
    }

    /// What the refused form held, by field name (the first value of each).
    pub fn posted(failure: Option<&Failure>) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        if let Some(f) = failure {
            for (k, val) in f.posted.pairs() {
                v.entry(k.clone()).or_insert_with(|| val.clone());
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_parses() {
        assert!(super::MODULE_TEMPLATES.environment().is_ok());
    }
}
