//! Every route of Faro in one table. The router is built from [`ROUTES`], so the authorization
//! matrix test, which walks the same table, cannot miss a route.

use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use faro_core::policy::Action;

use crate::{api, assets, layers, pages, AppState};

/// How a route answers: an HTML page (errors become pages or a redirect to the login) or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Page,
    Api,
    /// Static files and probes: no session needed, never an error page.
    Asset,
}

/// One route: its method and path (axum syntax), the action the policy is asked about, whether
/// that action is checked against the jurisdiction of a record, and its handler.
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub action: Action,
    /// The handler checks the action against the jurisdiction of the record it touches.
    pub jurisdictional: bool,
    pub surface: Surface,
    pub handler: fn() -> MethodRouter<AppState>,
}

macro_rules! route {
    ($method:ident, $path:literal, $action:ident, $surface:ident, $handler:path) => {
        RouteSpec {
            method: stringify!($method),
            path: $path,
            action: Action::$action,
            jurisdictional: false,
            surface: Surface::$surface,
            handler: || $method($handler),
        }
    };
    ($method:ident, $path:literal, $action:ident, $surface:ident, $handler:path, jurisdictional) => {
        RouteSpec {
            method: stringify!($method),
            path: $path,
            action: Action::$action,
            jurisdictional: true,
            surface: Surface::$surface,
            handler: || $method($handler),
        }
    };
}

pub(crate) use route;

/// Every route: the foundation's table below, then each module's own table.
pub fn all() -> impl Iterator<Item = &'static RouteSpec> {
    ROUTES
        .iter()
        .chain(crate::inspection_pages::ROUTES.iter())
        .chain(crate::public_pages::ROUTES.iter())
        .chain(crate::program_pages::ROUTES.iter())
        .chain(crate::risk_pages::ROUTES.iter())
        .chain(crate::conciliation_pages::ROUTES.iter())
        .chain(crate::conciliation_pages::intake::ROUTES.iter())
        .chain(crate::conciliation_pages::staff::ROUTES.iter())
        .chain(crate::union_public::ROUTES.iter())
        .chain(crate::union_registrar::ROUTES.iter())
        .chain(crate::registry_search::ROUTES.iter())
}

/// The foundation's routes (registry, accounts, audit, probes, assets).
pub const ROUTES: &[RouteSpec] = &[
    // Pages
    route!(get, "/", ViewPublic, Page, pages::home),
    route!(get, "/login", ViewPublic, Page, pages::login_form),
    route!(post, "/login", ViewPublic, Page, pages::login_submit),
    route!(post, "/logout", ManageOwnAccount, Page, pages::logout),
    route!(post, "/language", ViewPublic, Page, pages::set_language),
    route!(get, "/registry", ViewRegistry, Page, pages::registry_search),
    route!(get, "/employers/{id}", ViewRegistry, Page, pages::employer_page),
    route!(get, "/workplaces/{id}", ViewRegistry, Page, pages::workplace_page),
    route!(get, "/audit", ViewAudit, Page, pages::audit_page),
    route!(get, "/users", ManageUsers, Page, pages::users_page),
    route!(get, "/api/docs", ViewPublic, Page, api::docs_page),
    // Probes and the API document
    route!(get, "/health", ViewPublic, Asset, api::health),
    route!(get, "/ready", ViewPublic, Asset, api::ready),
    route!(get, "/api/openapi.json", ViewPublic, Api, api::openapi_json),
    // JSON API
    route!(get, "/api/v1/me", ManageOwnAccount, Api, api::me),
    route!(get, "/api/v1/workplaces", ViewRegistry, Api, api::search_workplaces),
    route!(get, "/api/v1/workplaces/{id}", ViewRegistry, Api, api::get_workplace),
    route!(
        post,
        "/api/v1/workplaces",
        EditRegistry,
        Api,
        api::create_workplace,
        jurisdictional
    ),
    route!(get, "/api/v1/employers/{id}", ViewRegistry, Api, api::get_employer),
    route!(
        post,
        "/api/v1/employers",
        EditRegistry,
        Api,
        api::create_employer,
        jurisdictional
    ),
    route!(get, "/api/v1/audit/verify", ViewAudit, Api, api::audit_verify),
    route!(
        get,
        "/api/v1/identifiers/{kind}/{value}",
        ViewPublic,
        Api,
        api::check_identifier
    ),
    // Static assets
    route!(get, "/static/faro.css", ViewPublic, Asset, assets::css),
    route!(get, "/static/vendor/htmx-2.0.4.min.js", ViewPublic, Asset, assets::htmx),
];

pub fn router(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for r in all() {
        router = router.route(r.path, (r.handler)());
    }
    router
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.clone(), layers::session_layer))
        .layer(from_fn_with_state(state.clone(), layers::render_errors))
        .layer(from_fn_with_state(state.clone(), layers::security_headers))
        .with_state(state)
}
