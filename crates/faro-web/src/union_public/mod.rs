//! The public face of the registry of unions and collective agreements (LFT 365 Bis, 391 Bis):
//! each union's, agreement's and vote's page (`pages`), the analytics with server-drawn charts
//! (`stats`), the unions overdue with their filings (`compliance`), open data with its dictionary
//! (`data`, `dictionary`, `items`) and the public JSON API (`api`).
//!
//! Only the store's public reads are used (never a `*_file` read): no member's or voter's name,
//! CURP, address or phone reaches these pages. Officers' names are public (365 Bis).

pub mod api;
mod compliance;
mod data;
mod dictionary;
pub mod items;
mod pages;
mod stats;
mod view;

use axum::http::StatusCode;
use axum::routing::get;
use faro_core::calendar::DayCount;
use faro_core::law::Law;
use faro_core::policy::Action;
use faro_core::union::{RegistrarSettings, UnionRules};
use faro_core::StateCode;
use faro_store::unions::UnionLaw;

use crate::error::WebError;
use crate::routes::{route, RouteSpec, Surface};

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/union-registry/unions/{id}", ViewPublic, Page, pages::union_page),
    route!(
        get,
        "/union-registry/agreements/{id}",
        ViewPublic,
        Page,
        pages::agreement_page
    ),
    route!(get, "/union-registry/votes/{id}", ViewPublic, Page, pages::vote_page),
    route!(get, "/union-registry/statistics", ViewPublic, Page, stats::page),
    route!(get, "/union-registry/compliance", ViewPublic, Page, compliance::page),
    route!(get, "/union-registry/data", ViewPublic, Page, data::page),
    route!(
        get,
        "/union-registry/data/unions.csv",
        ViewPublic,
        Page,
        data::unions_csv
    ),
    route!(
        get,
        "/union-registry/data/unions.json",
        ViewPublic,
        Page,
        data::unions_json
    ),
    route!(
        get,
        "/union-registry/data/agreements.csv",
        ViewPublic,
        Page,
        data::agreements_csv
    ),
    route!(
        get,
        "/union-registry/data/agreements.json",
        ViewPublic,
        Page,
        data::agreements_json
    ),
    route!(
        get,
        "/union-registry/data/revisions.csv",
        ViewPublic,
        Page,
        data::revisions_csv
    ),
    route!(get, "/union-registry/data/votes.csv", ViewPublic, Page, data::votes_csv),
    route!(
        get,
        "/union-registry/data/dictionary.json",
        ViewPublic,
        Page,
        data::dictionary_json
    ),
    route!(get, "/api/v1/public/unions/{id}", ViewPublic, Api, api::union),
    route!(get, "/api/v1/public/agreements/{id}", ViewPublic, Api, api::agreement),
    route!(get, "/api/v1/public/votes/{id}", ViewPublic, Api, api::vote),
    route!(
        get,
        "/api/v1/public/union-registry/statistics",
        ViewPublic,
        Api,
        api::statistics
    ),
];

/// The law the compliance view is read under: the official registry rules and the registrar's
/// default settings.
fn union_law(law: &Law) -> Result<UnionLaw<'_>, faro_store::StoreError> {
    static SETTINGS: RegistrarSettings = RegistrarSettings {
        unspecified_days: DayCount::Working,
    };
    Ok(UnionLaw {
        law,
        rules: UnionRules::official()?,
        settings: &SETTINGS,
    })
}

fn bad(code: &'static str, value: &str) -> WebError {
    WebError::new(StatusCode::BAD_REQUEST, code).with("value", value.chars().take(40).collect::<String>())
}

/// A record's number from the path: a positive whole number, else 400.
fn parse_id(raw: &str) -> Result<i64, WebError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| bad("upub.error.bad_id", raw))
}

/// A state code ("14") from a query parameter; empty is none; anything else 400.
fn parse_state(raw: &str) -> Result<Option<StateCode>, WebError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<StateCode>()
        .map(Some)
        .map_err(|_| bad("upub.error.bad_state", raw))
}

/// A page number (1 to 10,000) from a query parameter; empty is the first.
fn parse_page(raw: &str) -> Result<u32, WebError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(1);
    }
    t.parse::<u32>()
        .ok()
        .filter(|p| (1..=10_000).contains(p))
        .ok_or_else(|| bad("upub.error.bad_page", raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked() {
        assert_eq!(parse_id("12").unwrap(), 12);
        for bad_id in ["0", "-3", "x", "", "99999999999999999999"] {
            assert_eq!(
                parse_id(bad_id).unwrap_err().status,
                StatusCode::BAD_REQUEST,
                "{bad_id}"
            );
        }
        assert_eq!(parse_state("").unwrap(), None);
        assert_eq!(parse_state("14").unwrap().unwrap().as_str(), "14");
        assert_eq!(parse_state("99").unwrap_err().code, "upub.error.bad_state");
        assert_eq!(parse_page("").unwrap(), 1);
        assert_eq!(parse_page("3").unwrap(), 3);
        assert_eq!(parse_page("0").unwrap_err().code, "upub.error.bad_page");
    }
}
