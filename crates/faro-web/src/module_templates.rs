//! A module's own templates (beside the shared ones of `render`): compiled once on first use,
//! HTML-escaped, strict about undefined values, and rendered as pages. Each page module keeps its
//! list of `(name, source)` and a `static` of this type.

use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, Value};

use crate::error::WebError;

/// One module's templates.
pub struct ModuleTemplates {
    /// Which module, for the log.
    module: &'static str,
    templates: &'static [(&'static str, &'static str)],
    env: OnceLock<Result<Environment<'static>, String>>,
}

impl ModuleTemplates {
    pub const fn new(module: &'static str, templates: &'static [(&'static str, &'static str)]) -> Self {
        Self {
            module,
            templates,
            env: OnceLock::new(),
        }
    }

    /// The compiled templates; an error (logged) when one does not compile.
    pub fn environment(&self) -> Result<&Environment<'static>, WebError> {
        self.env
            .get_or_init(|| {
                let mut env = Environment::new();
                env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
                env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
                for (name, src) in self.templates {
                    env.add_template(name, src)
                        .map_err(|e| format!("template {name}: {e}"))?;
                }
                Ok(env)
            })
            .as_ref()
            .map_err(|e| {
                tracing::error!("{} templates: {e}", self.module);
                WebError::internal()
            })
    }

    /// Renders template `name` as a page with `status`.
    pub fn page(&self, status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
        let tmpl = self.environment()?.get_template(name).map_err(|e| {
            tracing::error!("template {name} missing: {e}");
            WebError::internal()
        })?;
        let html = tmpl.render(ctx).map_err(|e| {
            tracing::error!("template {name} failed: {e:#}");
            WebError::internal()
        })?;
        Ok((status, Html(html)).into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static GOOD: ModuleTemplates = ModuleTemplates::new("test", &[("a.html", "<p>{{ x }}</p>")]);
    static BAD: ModuleTemplates = ModuleTemplates::new("test", &[("b.html", "{% if %}")]);

    #[test]
    fn pages_escape_and_refuse_what_is_undefined_or_broken() {
        let r = GOOD.page(StatusCode::CREATED, "a.html", minijinja::context! { x => "<b>" });
        assert_eq!(r.map(|r| r.status()).ok(), Some(StatusCode::CREATED));
        let html = GOOD
            .environment()
            .and_then(|e| e.get_template("a.html").map_err(|_| WebError::internal()))
            .and_then(|t| {
                t.render(minijinja::context! { x => "<b>" })
                    .map_err(|_| WebError::internal())
            });
        assert_eq!(html.ok().as_deref(), Some("<p>&lt;b&gt;</p>"));
        assert!(
            GOOD.page(StatusCode::OK, "a.html", minijinja::context! {}).is_err(),
            "undefined x"
        );
        assert!(GOOD
            .page(StatusCode::OK, "missing.html", minijinja::context! {})
            .is_err());
        assert!(BAD.environment().is_err());
    }
}
