//! The templates of the registry's public pages (`ureg_*`, with the common `base.html` and the
//! dashboards' chart macros), embedded in the binary and rendered with the settings of the rest
//! of Faro, and the words the pages show for the registry's codes.

use axum::http::StatusCode;
use axum::response::Response;
use minijinja::Value;

use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("dash_charts.html", include_str!("../../templates/dash_charts.html")),
    ("ureg_union.html", include_str!("../../templates/ureg_union.html")),
    (
        "ureg_agreement.html",
        include_str!("../../templates/ureg_agreement.html"),
    ),
    ("ureg_vote.html", include_str!("../../templates/ureg_vote.html")),
    ("ureg_stats.html", include_str!("../../templates/ureg_stats.html")),
    (
        "ureg_compliance.html",
        include_str!("../../templates/ureg_compliance.html"),
    ),
    ("ureg_data.html", include_str!("../../templates/ureg_data.html")),
    (
        "ureg_votes_table.html",
        include_str!("../../templates/ureg_votes_table.html"),
    ),
];

static MODULE_TEMPLATES: crate::module_templates::ModuleTemplates =
    crate::module_templates::ModuleTemplates::new("union public", TEMPLATES);

/// Renders one of this module's templates as a page with `status`.
pub fn page(status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
    MODULE_TEMPLATES.page(status, name, ctx)
}

/// The word for a registry code (`upub.<group>.<code>`), or the code itself when there is none.
pub fn word(app: &AppState, lang: Lang, group: &str, code: &str) -> String {
    crate::public_pages::view::label(app, lang, &format!("upub.{group}"), code)
}

/// A translated text.
pub fn text(app: &AppState, lang: Lang, key: &str) -> String {
    crate::public_pages::view::text(app, lang, key)
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
