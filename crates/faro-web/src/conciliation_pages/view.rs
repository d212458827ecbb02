//! The templates of the conciliation pages (`conc_*`, with the common `base.html`), embedded in
//! the binary and rendered with the same settings as the rest of Faro.

use axum::http::StatusCode;
use axum::response::Response;
use minijinja::Value;

use crate::error::WebError;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "conc_calculator.html",
        include_str!("../../templates/conc_calculator.html"),
    ),
    (
        "conc_staff_case.html",
        include_str!("../../templates/conc_staff_case.html"),
    ),
    (
        "conc_staff_list.html",
        include_str!("../../templates/conc_staff_list.html"),
    ),
    (
        "conc_staff_agenda.html",
        include_str!("../../templates/conc_staff_agenda.html"),
    ),
    (
        "conc_staff_deadlines.html",
        include_str!("../../templates/conc_staff_deadlines.html"),
    ),
    (
        "conc_intake_form.html",
        include_str!("../../templates/conc_intake_form.html"),
    ),
    (
        "conc_intake_receipt.html",
        include_str!("../../templates/conc_intake_receipt.html"),
    ),
    (
        "conc_intake_stats.html",
        include_str!("../../templates/conc_intake_stats.html"),
    ),
];

static MODULE_TEMPLATES: crate::module_templates::ModuleTemplates =
    crate::module_templates::ModuleTemplates::new("conciliation", TEMPLATES);

/// Renders one of this module's templates as a page with `status`.
pub fn page(status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
    MODULE_TEMPLATES.page(status, name, ctx)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_parses() {
        assert!(super::MODULE_TEMPLATES.environment().is_ok());
    }
}
