//! Templates (minijinja, embedded in the binary) and the common page context.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use faro_core::policy::Action;
use minijinja::{context, Environment, Value};

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::I18n;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("home_public.html", include_str!("../templates/home_public.html")),
    ("home_staff.html", include_str!("../templates/home_staff.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("search_results.html", include_str!("../templates/search_results.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("employer.html", include_str!("../templates/employer.html")),
    ("workplace.html", include_str!("../templates/workplace.html")),
    ("risk_index.html", include_str!("../templates/risk_index.html")),
    ("risk_ranking.html", include_str!("../templates/risk_ranking.html")),
    ("risk_plan_form.html", include_str!("../templates/risk_plan_form.html")),
    ("risk_plan.html", include_str!("../templates/risk_plan.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("api_docs.html", include_str!("../templates/api_docs.html")),
    ("prog_list.html", include_str!("../templates/prog_list.html")),
    ("prog_calendar.html", include_str!("../templates/prog_calendar.html")),
];

pub struct Renderer {
    env: Environment<'static>,
    pub i18n: I18n,
}

impl Renderer {
    pub fn new() -> Result<Self, String> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        for (name, src) in TEMPLATES {
            env.add_template(name, src)
                .map_err(|e| format!("template {name}: {e}"))?;
        }
        Ok(Self {
            env,
            i18n: I18n::embedded()?,
        })
    }

    /// The values every page needs: language, translations, user, CSRF token, navigation.
    pub fn base_context(&self, ctx: &Ctx, section: &str, current_path: &str) -> Value {
        let user = ctx.user.as_ref().map(|u| {
            context! { display_name => u.display_name.clone(), role => u.role.code(), username => u.username.clone() }
        });
        context! {
            html_lang => ctx.lang.html_lang(),
            lang => ctx.lang.code(),
            other_lang => ctx.lang.other().code(),
            t => self.i18n.template_value(ctx.lang),
            user => user,
            csrf => ctx.csrf.clone(),
            section => section,
            current_path => current_path,
            may_audit => ctx.may(Action::ViewAudit),
            may_users => ctx.may(Action::ManageUsers),
            // What the policy lets this user reach, for navigation (the pages check again).
            may => context! {
                inspections => ctx.may(Action::ViewInspections),
                plan => ctx.may(Action::PlanInspections),
                protected => ctx.may(Action::ViewProtectedCases),
                sanctions => ctx.may(Action::ViewSanctions),
                dashboards => ctx.may(Action::ViewDashboards),
                risk => ctx.may(Action::ViewRisk),
                conciliation => ctx.may(Action::ViewConciliation),
                conduct_conciliation => ctx.may(Action::ConductConciliation),
                union_registry => ctx.may(Action::ManageUnionRegistry),
            },
        }
    }

    pub fn render(&self, name: &str, ctx: Value) -> Result<String, WebError> {
        let tmpl = self.env.get_template(name).map_err(|e| {
            tracing::error!("template {name} missing: {e}");
            WebError::internal()
        })?;
        tmpl.render(ctx).map_err(|e| {
            tracing::error!("template {name} failed: {e:#}");
            WebError::internal()
        })
    }

    pub fn page(&self, status: StatusCode, name: &str, ctx: Value) -> Result<Response, WebError> {
        Ok((status, Html(self.render(name, ctx)?)).into_response())
    }
}
