//! The documents a command on a conciliation case issues, made inside the store's transaction:
//! the receipt when a request is filed, the summons when a hearing the centre (or the requester)
//! must serve is set or moved, the convenio when one is ratified, the constancia when one is
//! issued. Official documents are in Spanish.

use faro_core::conciliation::{Case, Event};
use faro_store::cases::NewDocument;
use faro_store::conciliation::ConciliationSummary;
use faro_store::StoreError;

use super::super::documents::{self, DocContext};
use crate::i18n::Lang;
use crate::AppState;

/// The documents `events` call for, rendered from the case after them.
pub fn documents(
    app: &AppState,
    summary: &ConciliationSummary,
    case: &Case,
    events: &[Event],
) -> Result<Vec<NewDocument>, StoreError> {
    let cx = DocContext::new(app, Lang::Es);
    let folio = summary.folio.as_str();
    let mut out = Vec::new();
    for e in events {
        let doc = match e {
            Event::Filed { .. } => Some(documents::receipt(&cx, case, folio)),
            Event::HearingScheduled { hearing, .. } | Event::HearingRescheduled { hearing, .. }
                if hearing.summons.needs_service() =>
            {
                Some(documents::summons(&cx, case, folio))
            }
            Event::SettlementRatified { at, .. } => Some(documents::convenio(&cx, case, folio, *at)),
            Event::ConstanciaIssued { at, .. } => Some(documents::constancia(&cx, case, folio, *at)),
            _ => None,
        };
        if let Some(doc) = doc {
            out.push(doc.map_err(StoreError::Domain)?);
        }
    }
    Ok(out)
}
