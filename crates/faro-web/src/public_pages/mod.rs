//! What Faro shows the public, and the managers' dashboards: document verification (`/verify`),
//! the published results of inspections (`/results`), open data (`/data`), the public API
//! (`/api/v1/public`), and the dashboards (`/dashboards`, `/api/v1/dashboards/summary`).
//!
//! Publication follows the rule `sanction.publish_when` of the law as data (see
//! [`faro_store::public`]); personal data never reach these pages: the store's public queries do
//! not read them.

pub mod api;
pub(crate) mod chart;
pub(crate) mod csv;
pub mod dashboard;
mod data;
pub(crate) mod dictionary;
pub(crate) mod export;
pub(crate) mod format;
mod results;
pub mod verify;
pub(crate) mod view;

use axum::routing::{get, post};
use chrono::NaiveDate;
use faro_core::policy::Action;
use faro_core::{DomainError, StateCode};
use faro_store::public::PublishRule;

use crate::error::WebError;
use crate::routes::{route, RouteSpec, Surface};
use crate::AppState;

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/verify", ViewPublic, Page, verify::page),
    route!(post, "/verify", ViewPublic, Page, verify::upload),
    route!(get, "/results", ViewPublic, Page, results::search),
    route!(get, "/results/workplaces/{id}", ViewPublic, Page, results::workplace),
    route!(get, "/results/employers/{id}", ViewPublic, Page, results::employer),
    route!(get, "/data", ViewPublic, Page, data::page),
    route!(get, "/data/inspections.csv", ViewPublic, Page, data::inspections_csv),
    route!(get, "/data/inspections.json", ViewPublic, Page, data::inspections_json),
    route!(get, "/data/findings.csv", ViewPublic, Page, data::findings_csv),
    route!(get, "/data/sanctions.csv", ViewPublic, Page, data::sanctions_csv),
    route!(get, "/data/dictionary.json", ViewPublic, Page, data::dictionary_json),
    route!(
        get,
        "/api/v1/public/inspections",
        ViewPublic,
        Api,
        api::public_inspections
    ),
    route!(
        get,
        "/api/v1/public/workplaces/{id}/results",
        ViewPublic,
        Api,
        api::workplace_results
    ),
    route!(get, "/dashboards", ViewDashboards, Page, dashboard::page),
    route!(
        get,
        "/api/v1/dashboards/summary",
        ViewDashboards,
        Api,
        api::dashboard_summary
    ),
];

/// The publication rule in force today.
fn publish_rule(app: &AppState, today: NaiveDate) -> Result<PublishRule, WebError> {
    let value = app.law.rules.parameter_str(PublishRule::PARAMETER, today)?;
    Ok(PublishRule::parse(value)?)
}

fn optional(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// A state code from a query parameter; empty is none.
fn parse_state(raw: &str) -> Result<Option<StateCode>, WebError> {
    match optional(raw) {
        None => Ok(None),
        Some(s) => Ok(Some(s.parse::<StateCode>()?)),
    }
}

/// A SCIAN sector from a query parameter ("46", "31-33", or "32" for the whole "31-33"), as the
/// two-digit codes it spans; empty is none.
fn parse_sector(app: &AppState, raw: &str) -> Result<Vec<String>, WebError> {
    let Some(code) = optional(raw) else {
        return Ok(Vec::new());
    };
    let unknown = || WebError::from(DomainError::new("scian.unknown", "not a SCIAN sector").with("value", code));
    if code.len() > 5 {
        return Err(unknown());
    }
    let sector = app.catalogs.scian_sector(code).ok_or_else(unknown)?;
    Ok((10..100)
        .map(|n: u32| n.to_string())
        .filter(|two| sector.covers(two))
        .collect())
}

/// A positive whole number from a query parameter; empty is none.
fn parse_number(field: &'static str, raw: &str) -> Result<Option<i64>, WebError> {
    match optional(raw) {
        None => Ok(None),
        Some(t) => t
            .parse::<i64>()
            .ok()
            .filter(|v| *v >= 0)
            .map(Some)
            .ok_or_else(|| WebError::from(DomainError::field(field, "field.invalid_number", "not a number"))),
    }
}
