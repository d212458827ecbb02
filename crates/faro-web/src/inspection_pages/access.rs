//! Loading a case and asking the policy about it: first whether the role may do the action at
//! all (so an anonymous visitor is sent to the login and a role without the action is refused
//! before anything is read), then whether the user's jurisdiction covers the case's, and for
//! inspections of child or forced labor, whether the user may see protected cases.

use faro_core::inspection::Inspection;
use faro_core::policy::{Action, Resource};
use faro_core::referral::Referral;
use faro_core::sanction::Sanction;
use faro_store::inspections::InspectionSummary;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::{blocking, parse_id};
use crate::AppState;

/// An inspection as its pages need it: the registry facts and the folded state.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: i64,
    pub summary: InspectionSummary,
    pub inspection: Inspection,
}

/// Reads inspection `raw` and checks `action` on it.
pub async fn inspection(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<Case, WebError> {
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let (summary, inspection) = blocking(move || store.inspection(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    check_inspection(ctx, &summary, &inspection, action)?;
    Ok(Case {
        id,
        summary,
        inspection,
    })
}

/// The checks of [`inspection`] on a case already read.
pub fn check_inspection(
    ctx: &Ctx,
    summary: &InspectionSummary,
    inspection: &Inspection,
    action: Action,
) -> Result<(), WebError> {
    let on = Resource::InJurisdiction(inspection.jurisdiction);
    ctx.require(action, on)?;
    if summary.protected {
        ctx.require(Action::ViewProtectedCases, on)?;
    }
    Ok(())
}

/// Reads referral `raw` and checks `action` on it (every referral is a protected case).
pub async fn referral(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<(i64, Referral), WebError> {
    ctx.require(Action::ViewProtectedCases, Resource::Collection)?;
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let r = blocking(move || store.referral(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let on = Resource::InJurisdiction(r.jurisdiction);
    ctx.require(Action::ViewProtectedCases, on)?;
    ctx.require(action, on)?;
    Ok((id, r))
}

/// Reads sanction procedure `raw` and checks `action` on it.
pub async fn sanction(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<(i64, Sanction), WebError> {
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let s = blocking(move || store.sanction(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    ctx.require(action, Resource::InJurisdiction(s.jurisdiction))?;
    Ok((id, s))
}

/// May the user do `action` on a record of this jurisdiction (to show or hide a form)?
pub fn may_on(ctx: &Ctx, action: Action, jurisdiction: faro_core::Jurisdiction) -> bool {
    faro_core::policy::authorize(&ctx.principal(), action, Resource::InJurisdiction(jurisdiction)).is_allowed()
}
