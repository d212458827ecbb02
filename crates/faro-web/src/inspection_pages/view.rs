//! The templates of the inspection, referral and sanction pages (embedded, like the foundation's,
//! with the same layout `base.html`), and the small formatting helpers every page of this module
//! shares: dates, days left, money, the names of jurisdictions and translated codes.

use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use faro_core::catalog::Money;
use faro_core::Jurisdiction;
use minijinja::Value;

use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("history.html", include_str!("../../templates/history.html")),
    ("insp_list.html", include_str!("../../templates/insp_list.html")),
    ("insp_workload.html", include_str!("../../templates/insp_workload.html")),
    ("insp_new.html", include_str!("../../templates/insp_new.html")),
    ("insp_case.html", include_str!("../../templates/insp_case.html")),
    ("insp_protocol.html", include_str!("../../templates/insp_protocol.html")),
    ("insp_timeline.html", include_str!("../../templates/insp_timeline.html")),
    ("ref_list.html", include_str!("../../templates/ref_list.html")),
    ("ref_case.html", include_str!("../../templates/ref_case.html")),
    ("sanc_list.html", include_str!("../../templates/sanc_list.html")),
    ("sanc_case.html", include_str!("../../templates/sanc_case.html")),
];

/// The stylesheet of these pages (the checklist's big radio buttons, status badges, forms).
pub const CSS: &str = include_str!("inspection.css");

static MODULE_TEMPLATES: crate::module_templates::ModuleTemplates =
    crate::module_templates::ModuleTemplates::new("inspection", TEMPLATES);

/// Checks that every template of the module compiles (called by a test).
pub fn check_templates() -> Result<(), String> {
    MODULE_TEMPLATES
        .environment()
        .map(|_| ())
        .map_err(|e| e.code.to_string())
}

/// Renders one of this module's templates as a page with `status`.
pub fn page(status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
    MODULE_TEMPLATES.page(status, name, ctx)
}

/// The name of a jurisdiction in `lang` ("Federal", "Jalisco").
pub fn jurisdiction_name(app: &AppState, lang: Lang, j: Jurisdiction) -> String {
    match j {
        Jurisdiction::Federal => app.renderer.i18n.text(lang, "jurisdiction.federal", &[]),
        Jurisdiction::State(s) => app
            .catalogs
            .state(s)
            .map(|st| st.name.clone())
            .unwrap_or_else(|| s.as_str()),
    }
}

/// The translation of `prefix.code` ("insp.status.ordered").
pub fn label(app: &AppState, lang: Lang, prefix: &str, code: &str) -> String {
    app.renderer.i18n.text(lang, &format!("{prefix}.{code}"), &[])
}

/// A moment as staff read it: "2026-03-02 16:00 UTC".
pub fn at(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A stored timestamp (RFC 3339) shown like [`at`]; left as it is when it does not parse.
pub fn stored_at(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| at(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| s.to_string())
}

/// Days from `today` to `deadline`: positive while there is time, negative once passed.
pub fn days_left(today: NaiveDate, deadline: NaiveDate) -> i64 {
    (deadline - today).num_days()
}

/// "Vence en 3 días" / "Venció hace 2 días" / "Vence hoy".
pub fn days_left_text(app: &AppState, lang: Lang, today: NaiveDate, deadline: NaiveDate) -> String {
    let d = days_left(today, deadline);
    let i = &app.renderer.i18n;
    match d {
        0 => i.text(lang, "insp.deadline.today", &[]),
        d if d > 0 => i.text(lang, "insp.deadline.left", &[("days", d.to_string())]),
        d => i.text(lang, "insp.deadline.passed", &[("days", (-d).to_string())]),
    }
}

/// Pesos as "$1,234.56".
pub fn money(m: Money) -> String {
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        check_templates().unwrap();
    }

    #[test]
    fn days_left_counts_calendar_days() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(days_left(d("2026-03-02"), d("2026-03-05")), 3);
        assert_eq!(days_left(d("2026-03-05"), d("2026-03-05")), 0);
        assert_eq!(days_left(d("2026-03-07"), d("2026-03-05")), -2);
    }

    #[test]
    fn stored_timestamps_are_shown_in_minutes() {
        assert_eq!(stored_at("2026-03-02T16:00:05.123456Z"), "2026-03-02 16:00 UTC");
        assert_eq!(stored_at("not a date"), "not a date");
    }
}
