//! `GET /api/v1/public/union-registry/search`: the search as JSON, with its OpenAPI description
//! ([`RegistrySearchApiDoc`], merged into the main document by `crate::api::openapi_document`).

use axum::extract::{Query, State};
use axum::Json;
use faro_core::policy::{Action, Resource};
use faro_search::{FacetCount, Hit, Results};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::params::SearchParams;
use super::view::record_url;
use crate::api::{ApiError, ErrorBody};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// One union or agreement found.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryHit {
    /// `union` or `agreement`.
    pub kind: String,
    pub id: String,
    /// The record's public page.
    pub url: String,
    /// Relevance (only when sorted by relevance).
    pub score: Option<f32>,
    /// Registration number (unions) or the agreement's registration number ('' before it).
    pub number: String,
    /// The union's name, or the agreement's employer ('' for an individual, whose name is
    /// personal data).
    pub title: String,
    /// Agreements: the holding union.
    pub union_id: Option<String>,
    pub union_name: Option<String>,
    pub federation: Option<String>,
    /// Agreements: the employer's RFC (legal entities only).
    pub employer_rfc: Option<String>,
    /// State and municipality names; SCIAN sector code ("31-33").
    pub state: String,
    pub municipality: String,
    pub sector: String,
    pub status: String,
    /// Registration (unions) or deposit (agreements) date, YYYY-MM-DD.
    pub date: String,
    /// Members (unions) or covered workers (agreements).
    pub people: u64,
    /// Agreements: a passage of the public version as HTML (escaped; matches in `<mark>`).
    pub snippet: Option<String>,
}

/// A facet value and how many results have it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryFacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts over all results (not only this page).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryFacets {
    pub kind: Vec<RegistryFacetCount>,
    pub state: Vec<RegistryFacetCount>,
    pub sector: Vec<RegistryFacetCount>,
    pub status: Vec<RegistryFacetCount>,
    /// The most frequent federations only.
    pub federation: Vec<RegistryFacetCount>,
}

/// A page of results.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrySearchPage {
    pub total: u64,
    /// From 1.
    pub page: usize,
    pub page_size: usize,
    /// The order used: relevance, newest or oldest.
    pub sort: String,
    pub hits: Vec<RegistryHit>,
    pub facets: RegistryFacets,
}

fn counts(list: &[FacetCount]) -> Vec<RegistryFacetCount> {
    list.iter()
        .map(|c| RegistryFacetCount {
            value: c.value.clone(),
            count: c.count,
        })
        .collect()
}

fn hit(h: Hit) -> RegistryHit {
    RegistryHit {
        kind: h.kind.as_str().to_string(),
        url: record_url(h.kind, &h.id),
        id: h.id,
        score: h.score,
        number: h.number,
        title: h.title,
        union_id: h.union_id.filter(|s| !s.is_empty()),
        union_name: h.union_name,
        federation: h.federation,
        employer_rfc: h.employer_rfc,
        state: h.state,
        municipality: h.municipality,
        sector: h.sector,
        status: h.status,
        date: h.date.to_string(),
        people: h.people,
        snippet: h.snippet,
    }
}

/// The index's results as the API answers them.
pub fn page_of(r: Results) -> RegistrySearchPage {
    let sort = match r.sort {
        faro_search::Sort::Relevance => "relevance",
        faro_search::Sort::Newest => "newest",
        faro_search::Sort::Oldest => "oldest",
    };
    RegistrySearchPage {
        total: r.total,
        page: r.page + 1,
        page_size: r.page_size,
        sort: sort.to_string(),
        facets: RegistryFacets {
            kind: counts(&r.facets.kind),
            state: counts(&r.facets.state),
            sector: counts(&r.facets.sector),
            status: counts(&r.facets.status),
            federation: counts(&r.facets.federation),
        },
        hits: r.hits.into_iter().map(hit).collect(),
    }
}

/// Searches the public registry of unions and collective agreements: free text (Spanish-aware:
/// accents and plurals do not matter; snippets of the agreements' public versions), filters and
/// facet counts. No personal data.
#[utoipa::path(get, path = "/api/v1/public/union-registry/search", tag = "union_registry",
    params(SearchParams),
    responses((status = 200, body = RegistrySearchPage), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<SearchParams>,
) -> Result<Json<RegistrySearchPage>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let results = super::run(&app, &p).await?;
    Ok(Json(page_of(results)))
}

#[derive(OpenApi)]
#[openapi(
    paths(search),
    components(schemas(RegistrySearchPage, RegistryHit, RegistryFacets, RegistryFacetCount, ErrorBody, ApiError)),
    tags((name = "union_registry", description = "The public registry of unions and collective agreements"))
)]
pub struct RegistrySearchApiDoc;
