//! Loading a conciliation case and asking the policy about it: first the action at all (an
//! anonymous visitor goes to the login, a role without it is refused before anything is read),
//! then the action on the case's centre. And the centre a list shows.

use faro_core::conciliation::Case;
use faro_core::policy::{authorize, Action, Resource};
use faro_core::Jurisdiction;
use faro_store::conciliation::ConciliationSummary;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::{blocking, parse_id};
use crate::AppState;

/// A case as its pages need it: the read row and the folded state.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub id: i64,
    pub summary: ConciliationSummary,
    pub case: Case,
}

/// Reads case `raw` and checks `action` on its centre.
pub async fn load(app: &AppState, ctx: &Ctx, raw: &str, action: Action) -> Result<Loaded, WebError> {
    ctx.require(action, Resource::Collection)?;
    let id = parse_id(raw)?;
    let store = app.store.clone();
    let (summary, case) = blocking(move || store.conciliation_case(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    ctx.require(action, Resource::InJurisdiction(case.center))?;
    Ok(Loaded { id, summary, case })
}

/// May the user do `action` at `center` (to show or hide a form)?
pub fn may_on(ctx: &Ctx, action: Action, center: Jurisdiction) -> bool {
    authorize(&ctx.principal(), action, Resource::InJurisdiction(center)).is_allowed()
}

/// The centre a list shows: the one asked for (`center=federal` or a state's two digits) if the
/// user's jurisdiction covers it, else the user's own. A centre the user may not see is refused.
pub fn center_of(ctx: &Ctx, asked: Option<&str>) -> Result<Jurisdiction, WebError> {
    let own = ctx
        .user
        .as_ref()
        .map(|u| u.jurisdiction)
        .ok_or_else(WebError::needs_login)?;
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(own),
        Some(code) => {
            let center: Jurisdiction = code
                .parse()
                .map_err(|_| WebError::bad_request(format!("'{code}' is not a centre")))?;
            ctx.require(Action::ViewConciliation, Resource::InJurisdiction(center))?;
            Ok(center)
        }
    }
}
