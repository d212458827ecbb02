//! `GET /api/v1/conciliation/certificates?q=CURP|RFC|folio`: the labour courts' lookup of the
//! constancias de no conciliación (a claim needs one, LFT 684-B), for now for logged-in staff who
//! may look them up. The answer names the case, the centre, the kind and the date, never a
//! party.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use faro_core::ids::{Curp, Rfc};
use faro_core::policy::{Action, Resource};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::super::labels::code_of;
use crate::api::ErrorBody;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use crate::AppState;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// A party's CURP or RFC, or a case's folio ("SC-14-2026-0000012").
    #[serde(default)]
    pub q: String,
}

/// A constancia de no conciliación.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Certificate {
    /// The case's folio.
    pub folio: String,
    /// The centre that issued it: "federal" (CFCRL) or the state's two-digit code.
    pub center: String,
    /// "no_agreement" (684-E VIII), "summoned_absent" (684-E X) or "service_failed" (684-E XI).
    pub kind: String,
    pub issued_on: NaiveDate,
}

/// Whether `q` reads as a folio: "SC-" then "FED" or two digits, a four-digit year, and the number.
pub fn is_folio(q: &str) -> bool {
    let parts: Vec<&str> = q.split('-').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    matches!(parts.as_slice(), ["SC", center, year, number]
        if (*center == "FED" || (center.len() == 2 && digits(center)))
            && year.len() == 4 && digits(year)
            && (7..=12).contains(&number.len()) && digits(number))
}

/// The lookup key, or a 400 naming what it must be.
pub fn key(q: Option<&str>) -> Result<String, WebError> {
    let q = q.unwrap_or("").trim().to_uppercase();
    let ok = is_folio(&q) || Curp::parse(&q).is_ok() || Rfc::parse(&q).is_ok();
    if q.is_empty() || q.len() > 40 || !ok {
        return Err(WebError::new(StatusCode::BAD_REQUEST, "conc.intake.lookup.bad_query"));
    }
    Ok(q)
}

#[utoipa::path(get, path = "/api/v1/conciliation/certificates", tag = "conciliation", params(LookupQuery), responses(
    (status = 200, description = "The constancias found (none is an empty list)", body = [Certificate]),
    (status = 400, description = "q is not a CURP, an RFC or a folio", body = ErrorBody),
    (status = 401, body = ErrorBody),
    (status = 403, body = ErrorBody)
))]
pub async fn certificates(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<LookupQuery>,
) -> Result<Json<Vec<Certificate>>, WebError> {
    ctx.require(Action::LookupCertificates, Resource::Collection)?;
    let q = key(Some(&p.q))?;
    let store = app.store.clone();
    let hits = blocking(move || store.certificates_for(&q)).await?;
    Ok(Json(
        hits.into_iter()
            .map(|h| Certificate {
                folio: h.folio,
                center: h.center.code(),
                kind: code_of(&h.kind),
                issued_on: h.issued_on,
            })
            .collect(),
    ))
}

#[derive(OpenApi)]
#[openapi(paths(certificates), components(schemas(Certificate)))]
pub struct LookupApiDoc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folios_curps_and_rfcs_are_keys_and_nothing_else() {
        assert!(is_folio("SC-14-2026-0000012"));
        assert!(is_folio("SC-FED-2025-1234567"));
        assert!(!is_folio("SC-1-2026-0000012"));
        assert!(!is_folio("SC-14-26-0000012"));
        assert_eq!(key(Some(" sc-fed-2025-1234567 ")).unwrap(), "SC-FED-2025-1234567");
        assert!(key(Some("BOXW310820HNERXN09")).is_ok());
        assert!(key(Some("MAB9307148T4")).is_ok());
        for bad in [None, Some(""), Some("juan"), Some("' OR 1=1 --")] {
            let e = key(bad).unwrap_err();
            assert_eq!(
                (e.status, e.code),
                (StatusCode::BAD_REQUEST, "conc.intake.lookup.bad_query")
            );
        }
    }
}
