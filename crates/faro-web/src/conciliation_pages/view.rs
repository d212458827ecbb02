//! The templates of the conciliation pages (`conc_*`, with the common `base.html`), embedded in
//! the binary and rendered with the same settings as the rest of Faro.

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, Value};

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

fn environment() -> Result<&'static Environment<'static>, WebError> {
    static ENV: OnceLock<Result<Environment<'static>, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, src) in TEMPLATES {
            env.add_template(name, src)
                .map_err(|e| format!("template {name}: {e}"))?;
        }
        Ok(env)
    })
    .as_ref()
    .map_err(|e| {
        tracing::error!("{e}");
        WebError::internal()
    })
}

/// Renders one of this module's templates as a page with `status`.
pub fn page(status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
    let tmpl = environment()?.get_template(name).map_err(|e| {
        tracing::error!("template {name} missing: {e}");
        WebError::internal()
    })?;
    let html = tmpl.render(ctx).map_err(|e| {
        tracing::error!("template {name} failed: {e:#}");
        WebError::internal()
    })?;
    Ok((status, Html(html)).into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_parses() {
        assert!(super::environment().is_ok());
    }
}
