//! Filing a request and setting its first hearing at once: two commands, each one transaction
//! with its documents (the receipt when filed; the summons and the receipt with the hearing when
//! the hearing is set). If no hearing can be set, the case stays filed, with its deadline, for the
//! staff to schedule; nothing is left half-written inside either command.

use chrono::{DateTime, Utc};
use faro_core::conciliation::slots::{self, Availability, ConciliatorAgenda, HearingHours, RoomAgenda};
use faro_core::conciliation::{Case, CenterSettings, Command, Event, RequestInput, Status};
use faro_core::{Actor, DomainError, Jurisdiction};
use faro_store::cases::NewDocument;
use faro_store::conciliation::{ConciliationSummary, ConciliationTarget};
use faro_store::{Store, StoreError};

use super::super::documents::{self, DocContext, KIND_RECEIPT};
use crate::i18n::Lang;
use crate::AppState;

/// What the intake did.
#[derive(Debug, Clone)]
pub struct Filed {
    pub id: i64,
    pub folio: String,
    /// The newest receipt's verification code (the key to the receipt page).
    pub receipt_code: String,
    /// Why the hearing could not be set, if it could not.
    pub not_scheduled: Option<DomainError>,
}

/// The documents a filing or a first hearing issues.
fn make(
    app: &AppState,
    lang: Lang,
    s: &ConciliationSummary,
    case: &Case,
    events: &[Event],
) -> Result<Vec<NewDocument>, StoreError> {
    let cx = DocContext::new(app, lang);
    let mut out = Vec::new();
    let filed = events.iter().any(|e| matches!(e, Event::Filed { .. }));
    let scheduled = events.iter().any(|e| matches!(e, Event::HearingScheduled { .. }));
    if scheduled {
        out.push(documents::summons(&cx, case, &s.folio).map_err(StoreError::Domain)?);
    }
    if filed || scheduled {
        out.push(documents::receipt(&cx, case, &s.folio).map_err(StoreError::Domain)?);
    }
    Ok(out)
}

/// The centre's conciliators, their loads and taken times, and its free in-person rooms, from
/// today to the last day of the procedure.
fn availability(store: &Store, case: &Case, today: chrono::NaiveDate) -> Result<Availability, StoreError> {
    let to = case.procedure_limit;
    let agenda = store.conciliation_agenda(case.center, None, today, to)?;
    let loads = store.conciliator_loads(case.center, today, to)?;
    let rooms = store.conciliation_rooms(case.center)?;
    let taken_by = |pick: &dyn Fn(&ConciliationSummary) -> bool| {
        agenda
            .iter()
            .filter(|h| pick(h))
            .filter_map(|h| Some((h.hearing_on?, h.hearing_time?)))
            .collect::<Vec<_>>()
    };
    Ok(Availability {
        conciliators: loads
            .iter()
            .map(|(id, load)| ConciliatorAgenda {
                id: *id,
                load: *load,
                taken: taken_by(&|h| h.conciliator_id == Some(*id)),
            })
            .collect(),
        rooms: rooms
            .iter()
            .filter(|r| r.active && !r.remote)
            .map(|r| RoomAgenda {
                name: r.name.clone(),
                taken: taken_by(&|h| h.room_id == Some(r.id)),
            })
            .collect(),
    })
}

/// Files `request` at `center` as `actor`, then sets the first hearing unless the request is
/// closed already (exempt). A refusal of the filing writes nothing and is returned; a refusal of
/// the scheduling is reported in [`Filed::not_scheduled`].
pub fn file_and_schedule(
    app: &AppState,
    lang: Lang,
    actor: &Actor,
    now: DateTime<Utc>,
    center: Jurisdiction,
    request: RequestInput,
) -> Result<Filed, StoreError> {
    let settings = CenterSettings::default();
    let maker = |s: &ConciliationSummary, c: &Case, evs: &[Event]| make(app, lang, s, c, evs);
    let command = Command::File {
        center,
        request: Box::new(request),
        forwarded_from: None,
    };
    let filed = app.store.conciliation_command(
        &app.law,
        &settings,
        actor,
        now,
        ConciliationTarget::New,
        &command,
        Some(&maker),
    )?;
    let receipt = |docs: &[faro_store::cases::DocumentRecord]| {
        docs.iter()
            .rev()
            .find(|d| d.kind == KIND_RECEIPT)
            .map(|d| d.code.clone())
    };
    let mut out = Filed {
        id: filed.id,
        folio: filed.folio.clone(),
        receipt_code: receipt(&filed.documents).unwrap_or_default(),
        not_scheduled: None,
    };
    if filed.state.status != Status::Filed {
        return Ok(out);
    }
    let ctx = app.law.conciliation_ctx(now, &settings);
    let scheduled = availability(&app.store, &filed.state, now.date_naive()).and_then(|available| {
        let slot =
            slots::first_slot(&ctx, &filed.state, &HearingHours::default(), &available).map_err(StoreError::Domain)?;
        app.store.conciliation_command(
            &app.law,
            &settings,
            actor,
            now,
            ConciliationTarget::Existing(filed.id),
            &Command::ScheduleHearing { slot },
            Some(&maker),
        )
    });
    match scheduled {
        Ok(s) => {
            if let Some(code) = receipt(&s.documents) {
                out.receipt_code = code;
            }
        }
        Err(StoreError::Domain(e)) => out.not_scheduled = Some(e),
        Err(other) => {
            tracing::error!("scheduling the hearing of {} failed: {other}", filed.folio);
            out.not_scheduled = Some(DomainError::new(
                "conc.intake.not_scheduled",
                "the hearing could not be set now",
            ));
        }
    }
    Ok(out)
}
