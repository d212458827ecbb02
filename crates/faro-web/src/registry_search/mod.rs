//! The public search of the union registry (`/union-registry`, and the same as JSON at
//! `/api/v1/public/union-registry/search`): every union and agreement, by free text (Spanish-aware,
//! with highlighted snippets of the agreements' public versions) and by filters, with facet counts.
//!
//! * `index`: [`RegistryIndex`], the `faro_search` index kept current from the store's feed.
//! * `docs`: the feed's records as the index's documents (codes become catalog names).
//! * `params`: the query parameters checked into a search (400 with a reason otherwise).
//! * `view`: what the page shows; `api`: the JSON answer and its OpenAPI description.
//!
//! Only public data is indexed: the feed reads public tables, and an individual employer's name
//! and RFC are left out (the public version's text is already redacted by core).

pub mod api;
mod docs;
mod index;
pub mod params;
mod view;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use faro_core::policy::{Action, Resource};
use faro_search::{Results, SearchError};
use minijinja::{context, Value};

pub use index::{catch_up_in_background, spawn_keep_current, CatchUp, RegistryIndex, RegistryIndexError, CURSOR_FILE};
pub use params::SearchParams;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::routes::{route, RouteSpec, Surface};
use crate::AppState;

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/union-registry", ViewPublic, Page, page),
    route!(
        get,
        "/api/v1/public/union-registry/search",
        ViewPublic,
        Api,
        api::search
    ),
];

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("ureg_search.html", include_str!("../../templates/ureg_search.html")),
    (
        "ureg_search_results.html",
        include_str!("../../templates/ureg_search_results.html"),
    ),
];

static MODULE_TEMPLATES: crate::module_templates::ModuleTemplates =
    crate::module_templates::ModuleTemplates::new("registry search", TEMPLATES);

fn render(name: &str, ctx: Value) -> Result<Response, WebError> {
    MODULE_TEMPLATES.page(StatusCode::OK, name, ctx)
}

/// Checks the parameters and runs the search on a blocking thread.
async fn run(app: &AppState, p: &SearchParams) -> Result<Results, WebError> {
    let query = params::to_query(&app.catalogs, p)?;
    let index = app.registry_index.clone();
    let results = tokio::task::spawn_blocking(move || index.index().search(&query)).await?;
    results.map_err(|e| match e {
        SearchError::Query(q) => params::query_error(&q),
        other => {
            tracing::error!("search of the union registry failed: {other}");
            WebError::internal()
        }
    })
}

fn choices(app: &AppState, lang: crate::i18n::Lang) -> Value {
    let i18n = &app.renderer.i18n;
    let states: Vec<String> = app.catalogs.states().iter().map(|s| s.name.clone()).collect();
    let sectors: Vec<Value> = app
        .catalogs
        .scian_sectors()
        .iter()
        .map(|s| context! { code => s.code.clone(), label => view::sector_label(&app.catalogs, &s.code) })
        .collect();
    let statuses: Vec<Value> = params::statuses()
        .into_iter()
        .map(|s| context! { code => s, label => view::status_label(i18n, lang, s) })
        .collect();
    context! { states => states, sectors => sectors, statuses => statuses }
}

/// `GET /union-registry`: the search page (its results alone for htmx).
pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(p): Query<SearchParams>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let results = run(&app, &p).await?;
    let lang = ctx.lang;
    let shown = view::results_view(&app.catalogs, &app.renderer.i18n, lang, &p, &results);
    let current = view::url(&p);
    let r = &app.renderer;
    let values = context! {
        ..r.base_context(&ctx, "union_registry", &current),
        ..context! {
            p => Value::from_serialize(&p),
            results => Value::from_serialize(&shown),
            choices => choices(&app, lang),
        }
    };
    if ctx.htmx {
        return render("ureg_search_results.html", values);
    }
    render("ureg_search.html", values)
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
