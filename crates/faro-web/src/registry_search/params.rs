//! The search's query parameters (the page's form and the API share them) checked and turned into
//! a [`faro_search::Query`]. Anything wrong is a 400 whose code names the parameter and says what
//! it accepts, in the user's language (`ureg_search.error.*`).

use axum::http::StatusCode;
use chrono::NaiveDate;
use faro_core::catalog::Catalogs;
use faro_core::union::{agreement, registration};
use faro_core::StateCode;
use faro_search::{Filters, Kind, Query, QueryError, Sort, DEFAULT_PAGE_SIZE, MAX_OFFSET, MAX_PAGE_SIZE};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::error::WebError;

/// The longest federation or municipality name accepted.
const MAX_NAME: usize = 200;

/// What the search accepts; every parameter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct SearchParams {
    /// Search text, Spanish-aware (accents and plurals do not matter): words (all required),
    /// "phrases", -excluded, a OR b; registration numbers and RFCs match exactly.
    pub q: String,
    /// `union` or `agreement`.
    pub kind: String,
    /// State: its name ("Jalisco") or its two-digit code ("14").
    pub state: String,
    /// Municipality: its name, or its five-digit INEGI key ("14039", which also sets the state).
    pub municipality: String,
    /// SCIAN sector: "46", "31-33", or any two-digit code inside a range.
    pub sector: String,
    /// Status of the union or agreement (see the statuses in the facets).
    pub status: String,
    /// Federation or confederation, exactly as the facets list it.
    pub federation: String,
    /// Registered or deposited on or after this day (YYYY-MM-DD).
    pub from: String,
    /// Registered or deposited on or before this day (YYYY-MM-DD).
    pub to: String,
    /// `relevance` (default with text), `newest` (default without) or `oldest`.
    pub sort: String,
    /// Page number, from 1.
    pub page: String,
    /// Results per page, 1 to 50 (default 20).
    pub size: String,
}

/// Every status a union or an agreement can have, as indexed.
pub fn statuses() -> Vec<&'static str> {
    let mut all: Vec<&'static str> = registration::Status::ALL.iter().map(|s| s.code()).collect();
    for s in agreement::Status::ALL {
        if !all.contains(&s.code()) {
            all.push(s.code());
        }
    }
    all
}

fn bad(code: &'static str) -> WebError {
    WebError::new(StatusCode::BAD_REQUEST, code)
}

fn optional(raw: &str) -> Option<&str> {
    let t = raw.trim();
    (!t.is_empty()).then_some(t)
}

/// A user's mistake reported by the search crate, as the 400 that explains it.
pub fn query_error(e: &QueryError) -> WebError {
    match e {
        QueryError::TooLong { max, .. } => bad("ureg_search.error.too_long").with("max", max.to_string()),
        QueryError::TooManyClauses { max, .. } => bad("ureg_search.error.too_many_words").with("max", max.to_string()),
        QueryError::InvalidPageSize { max, .. } => bad("ureg_search.error.size").with("max", max.to_string()),
        QueryError::PageTooDeep { max, .. } => bad("ureg_search.error.too_deep").with("max", max.to_string()),
        QueryError::InvalidDateRange { .. } => bad("ureg_search.error.dates_reversed"),
        QueryError::TooManyFilterValues { max, .. } => {
            bad("ureg_search.error.too_many_values").with("max", max.to_string())
        }
    }
}

fn parse_kind(raw: &str) -> Result<Option<Kind>, WebError> {
    optional(raw)
        .map(|k| Kind::parse(k).ok_or_else(|| bad("ureg_search.error.kind")))
        .transpose()
}

/// The state's name as indexed, from its name or its code.
fn parse_state(catalogs: &Catalogs, raw: &str) -> Result<Option<String>, WebError> {
    let Some(s) = optional(raw) else {
        return Ok(None);
    };
    if let Ok(code) = s.parse::<StateCode>() {
        if let Some(state) = catalogs.state(code) {
            return Ok(Some(state.name.clone()));
        }
    }
    catalogs
        .states()
        .iter()
        .find(|st| st.name == s)
        .map(|st| Some(st.name.clone()))
        .ok_or_else(|| bad("ureg_search.error.state").with("value", s.chars().take(40).collect::<String>()))
}

/// The municipality's name as indexed, and the state its INEGI key implies.
fn parse_municipality(catalogs: &Catalogs, raw: &str) -> Result<Option<(String, Option<String>)>, WebError> {
    let Some(m) = optional(raw) else {
        return Ok(None);
    };
    let unknown = || bad("ureg_search.error.municipality").with("value", m.chars().take(40).collect::<String>());
    if m.chars().count() > MAX_NAME {
        return Err(unknown());
    }
    if m.len() == 5 && m.bytes().all(|b| b.is_ascii_digit()) {
        let found = catalogs.municipality(m).ok_or_else(unknown)?;
        let state = catalogs.state(found.state).map(|s| s.name.clone());
        return Ok(Some((found.name.clone(), state)));
    }
    if catalogs.municipalities().iter().any(|x| x.name == m) {
        Ok(Some((m.to_string(), None)))
    } else {
        Err(unknown())
    }
}

fn parse_sector(catalogs: &Catalogs, raw: &str) -> Result<Option<String>, WebError> {
    let Some(s) = optional(raw) else {
        return Ok(None);
    };
    let unknown = || bad("ureg_search.error.sector").with("value", s.chars().take(10).collect::<String>());
    if s.len() > 5 {
        return Err(unknown());
    }
    catalogs
        .scian_sector(s)
        .map(|sector| Some(sector.code.clone()))
        .ok_or_else(unknown)
}

fn parse_status(raw: &str) -> Result<Option<String>, WebError> {
    let Some(s) = optional(raw) else {
        return Ok(None);
    };
    if statuses().contains(&s) {
        Ok(Some(s.to_string()))
    } else {
        Err(bad("ureg_search.error.status"))
    }
}

fn parse_federation(raw: &str) -> Result<Option<String>, WebError> {
    match optional(raw) {
        Some(f) if f.chars().count() > MAX_NAME => {
            Err(bad("ureg_search.error.federation").with("max", MAX_NAME.to_string()))
        }
        other => Ok(other.map(str::to_string)),
    }
}

fn parse_date(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, WebError> {
    optional(raw)
        .map(|d| {
            NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| bad("ureg_search.error.date").with("field", field))
        })
        .transpose()
}

fn parse_sort(raw: &str) -> Result<Option<Sort>, WebError> {
    match optional(raw) {
        None => Ok(None),
        Some("relevance") => Ok(Some(Sort::Relevance)),
        Some("newest") => Ok(Some(Sort::Newest)),
        Some("oldest") => Ok(Some(Sort::Oldest)),
        Some(_) => Err(bad("ureg_search.error.sort")),
    }
}

fn parse_count(raw: &str, code: &'static str, max: usize, default: usize) -> Result<usize, WebError> {
    match optional(raw) {
        None => Ok(default),
        Some(t) => t
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| bad(code).with("max", max.to_string())),
    }
}

/// The request as the index takes it, or the 400 of the first parameter that is wrong.
pub fn to_query(catalogs: &Catalogs, p: &SearchParams) -> Result<Query, WebError> {
    let size = parse_count(&p.size, "ureg_search.error.size", MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)?;
    let max_page = MAX_OFFSET / size + 1;
    let page = parse_count(&p.page, "ureg_search.error.page", max_page, 1)?;
    let mut filters = Filters {
        kind: parse_kind(&p.kind)?,
        sector: parse_sector(catalogs, &p.sector)?.into_iter().collect(),
        status: parse_status(&p.status)?.into_iter().collect(),
        federation: parse_federation(&p.federation)?.into_iter().collect(),
        date_from: parse_date("from", &p.from)?,
        date_to: parse_date("to", &p.to)?,
        ..Filters::default()
    };
    let state = parse_state(catalogs, &p.state)?;
    let municipality = parse_municipality(catalogs, &p.municipality)?;
    if let Some((name, implied)) = municipality {
        filters.municipality.push(name);
        match (&state, implied) {
            (Some(given), Some(implied)) if *given != implied => {
                return Err(bad("ureg_search.error.municipality_state"));
            }
            (None, Some(implied)) => filters.state.push(implied),
            _ => {}
        }
    }
    if let Some(s) = state {
        filters.state.push(s);
    }
    let query = Query {
        text: p.q.clone(),
        filters,
        sort: parse_sort(&p.sort)?,
        page: page - 1,
        page_size: size,
        facet_limit: 15,
    };
    query.validate().map_err(|e| query_error(&e))?;
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogs() -> Catalogs {
        Catalogs::embedded().unwrap()
    }

    fn params(f: impl FnOnce(&mut SearchParams)) -> SearchParams {
        let mut p = SearchParams::default();
        f(&mut p);
        p
    }

    #[test]
    fn codes_and_names_become_the_indexed_names() {
        let c = catalogs();
        let q = to_query(
            &c,
            &params(|p| {
                p.state = "14".into();
                p.sector = "32".into();
                p.kind = "agreement".into();
                p.page = "2".into();
            }),
        )
        .unwrap();
        assert_eq!(q.filters.state, vec!["Jalisco".to_string()]);
        assert_eq!(q.filters.sector, vec!["31-33".to_string()]);
        assert_eq!(q.filters.kind, Some(Kind::Agreement));
        assert_eq!(q.page, 1);
    }

    #[test]
    fn a_municipality_key_sets_its_state_and_refuses_another() {
        let c = catalogs();
        let q = to_query(&c, &params(|p| p.municipality = "14039".into())).unwrap();
        assert_eq!(q.filters.municipality, vec!["Guadalajara".to_string()]);
        assert_eq!(q.filters.state, vec!["Jalisco".to_string()]);
        let e = to_query(
            &c,
            &params(|p| {
                p.municipality = "14039".into();
                p.state = "09".into();
            }),
        )
        .unwrap_err();
        assert_eq!(e.code, "ureg_search.error.municipality_state");
    }

    #[test]
    fn bad_values_are_400s_naming_the_parameter() {
        let c = catalogs();
        type Case = (fn(&mut SearchParams), &'static str);
        let cases: [Case; 10] = [
            (|p| p.kind = "vote".into(), "ureg_search.error.kind"),
            (|p| p.state = "Atlantis".into(), "ureg_search.error.state"),
            (|p| p.municipality = "99999".into(), "ureg_search.error.municipality"),
            (|p| p.sector = "99".into(), "ureg_search.error.sector"),
            (|p| p.status = "dissolved".into(), "ureg_search.error.status"),
            (|p| p.from = "2024-13-01".into(), "ureg_search.error.date"),
            (|p| p.sort = "random".into(), "ureg_search.error.sort"),
            (|p| p.size = "500".into(), "ureg_search.error.size"),
            (|p| p.page = "0".into(), "ureg_search.error.page"),
            (
                |p| {
                    p.from = "2024-05-01".into();
                    p.to = "2024-04-01".into();
                },
                "ureg_search.error.dates_reversed",
            ),
        ];
        for (set, code) in cases {
            let e = to_query(&c, &params(set)).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{code}");
            assert_eq!(e.code, code);
        }
    }

    #[test]
    fn statuses_hold_both_kinds_once() {
        let all = statuses();
        assert!(all.contains(&"deemed_registered") && all.contains(&"terminated"));
        assert_eq!(all.iter().filter(|s| **s == "registered").count(), 1);
    }
}
