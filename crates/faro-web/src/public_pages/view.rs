//! The templates of these pages (`pub_*`, `dash_*`, with the common `base.html`), embedded in the
//! binary and rendered with the same settings as the rest of Faro, and the names the pages show
//! for codes (states, municipalities, sectors, matters, statuses).

use axum::http::StatusCode;
use axum::response::Response;
use faro_core::StateCode;
use minijinja::Value;

use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("pub_verify.html", include_str!("../../templates/pub_verify.html")),
    (
        "pub_verify_result.html",
        include_str!("../../templates/pub_verify_result.html"),
    ),
    ("pub_results.html", include_str!("../../templates/pub_results.html")),
    (
        "pub_results_list.html",
        include_str!("../../templates/pub_results_list.html"),
    ),
    ("pub_workplace.html", include_str!("../../templates/pub_workplace.html")),
    ("pub_employer.html", include_str!("../../templates/pub_employer.html")),
    ("pub_cases.html", include_str!("../../templates/pub_cases.html")),
    ("pub_data.html", include_str!("../../templates/pub_data.html")),
    ("dash_index.html", include_str!("../../templates/dash_index.html")),
    ("dash_charts.html", include_str!("../../templates/dash_charts.html")),
];

static MODULE_TEMPLATES: crate::module_templates::ModuleTemplates =
    crate::module_templates::ModuleTemplates::new("public", TEMPLATES);

/// Renders one of this module's templates as a page with `status`.
pub fn page(status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
    MODULE_TEMPLATES.page(status, name, ctx)
}

/// A translated text of the request's language.
pub fn text(app: &AppState, lang: Lang, key: &str) -> String {
    app.renderer.i18n.text(lang, key, &[])
}

/// The translation of `prefix.code`, or the code itself when there is none.
pub fn label(app: &AppState, lang: Lang, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    if app.renderer.i18n.has(&key) {
        app.renderer.i18n.text(lang, &key, &[])
    } else {
        code.to_string()
    }
}

pub fn state_name(app: &AppState, code: &str) -> String {
    code.parse::<StateCode>()
        .ok()
        .and_then(|s| app.catalogs.state(s))
        .map(|s| s.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// "Zapopan, Jalisco".
pub fn place_name(app: &AppState, municipality: &str, state: &str) -> String {
    let st = state_name(app, state);
    match app.catalogs.municipality(municipality) {
        Some(m) => format!("{}, {st}", m.name),
        None => st,
    }
}

/// The SCIAN sector a two-digit code belongs to, as (its code, its name): "32" gives "31-33".
pub fn sector(app: &AppState, two_digits: &str) -> (String, String) {
    match app.catalogs.scian_sector(two_digits) {
        Some(s) => (s.code.clone(), s.name.clone()),
        None => (two_digits.to_string(), two_digits.to_string()),
    }
}

/// The employer's name as the public sees it: a legal entity's name, else "Persona física".
pub fn employer_name(app: &AppState, lang: Lang, name: Option<&str>) -> String {
    match name {
        Some(n) => n.to_string(),
        None => text(app, lang, "pub.individual"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        let env = MODULE_TEMPLATES.environment().unwrap();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }
}
