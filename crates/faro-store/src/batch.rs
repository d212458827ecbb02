//! What the bulk loads of case histories share: the one event each batch appends, whose payload
//! carries every case's events under its subject, and reading a case's events back from it for
//! its history.

use chrono::{DateTime, Utc};
use faro_core::{conciliation, inspection, referral, sanction};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::events::EventSummary;
use crate::tx::Tx;
use crate::{timestamp, StoreError};

/// The batch event's payload, written case by case: `{"cases":[{"subject":..,"events":[..]},..]}`.
pub(crate) struct Payload {
    json: Vec<u8>,
    cases: usize,
    /// Events written so far.
    pub(crate) events: u64,
}

impl Payload {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        let mut json = Vec::with_capacity(bytes);
        json.extend_from_slice(b"{\"cases\":[");
        Payload {
            json,
            cases: 0,
            events: 0,
        }
    }

    pub(crate) fn case<E: Serialize>(&mut self, subject: &str, events: &[E]) -> Result<(), StoreError> {
        let json = serde_json::to_string(events)?;
        self.raw_case(subject, &json, events.len() as u64)
    }

    /// A case whose events are serialized already (a JSON array).
    pub(crate) fn raw_case(&mut self, subject: &str, events_json: &str, count: u64) -> Result<(), StoreError> {
        if self.cases > 0 {
            self.json.push(b',');
        }
        self.json.extend_from_slice(b"{\"subject\":");
        serde_json::to_writer(&mut self.json, subject)?;
        self.json.extend_from_slice(b",\"events\":");
        self.json.extend_from_slice(events_json.as_bytes());
        self.json.push(b'}');
        self.cases += 1;
        self.events += count;
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<String, StoreError> {
        self.json.extend_from_slice(b"]}");
        String::from_utf8(self.json).map_err(|_| StoreError::Corrupt("a batch payload is not UTF-8".into()))
    }
}

/// The events an import carried for `subject` ("inspection/12", "referral/3", "sanction/5",
/// "conciliation/7"), as a history shows them: each at its own time, with the number and actor
/// of the batch event that logged it. Empty for a case that was not imported.
pub(crate) fn imported_history(tx: &mut dyn Tx, subject: &str) -> Result<Vec<EventSummary>, StoreError> {
    let Some((kind, id)) = subject.split_once('/') else {
        return Ok(Vec::new());
    };
    let (table, batch_kind) = match kind {
        "inspection" => ("inspections", crate::inspection_bulk::BATCH_IMPORTED),
        "referral" => ("referrals", crate::inspection_bulk::BATCH_IMPORTED),
        "sanction" => ("sanctions", crate::inspection_bulk::BATCH_IMPORTED),
        "conciliation" => ("conciliation_cases", crate::conciliation_bulk::BATCH_IMPORTED),
        _ => return Ok(Vec::new()),
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(Vec::new());
    };
    let Some(row) = tx.query_one(&format!("SELECT created_seq FROM {table} WHERE id = ?"), &[id.into()])? else {
        return Ok(Vec::new());
    };
    let seq = row.i64(0)?;
    let Some(event) = tx.query_one("SELECT actor, kind, payload FROM events WHERE seq = ?", &[seq.into()])? else {
        return Ok(Vec::new());
    };
    if event.string(1)? != batch_kind {
        return Ok(Vec::new());
    }
    let (actor, payload) = (event.string(0)?, event.string(2)?);
    // Read only this case's array, not the whole payload (thousands of cases).
    let needle = format!("{{\"subject\":{},\"events\":", serde_json::to_string(subject)?);
    let start = payload
        .find(&needle)
        .ok_or_else(|| StoreError::Corrupt(format!("batch event {seq} does not carry {subject}")))?
        + needle.len();
    let rest = &payload[start..];
    let times: Vec<(&'static str, DateTime<Utc>)> = match kind {
        "inspection" => first_array::<inspection::Event>(rest)?
            .iter()
            .map(|e| (e.kind(), e.at()))
            .collect(),
        "referral" => first_array::<referral::Event>(rest)?
            .iter()
            .map(|e| (e.kind(), e.at()))
            .collect(),
        "sanction" => first_array::<sanction::Event>(rest)?
            .iter()
            .map(|e| (e.kind(), e.at()))
            .collect(),
        _ => first_array::<conciliation::Event>(rest)?
            .iter()
            .map(|e| (e.kind(), crate::conciliation_bulk::event_at(e)))
            .collect(),
    };
    Ok(times
        .into_iter()
        .map(|(kind, at)| EventSummary {
            seq,
            at: timestamp(at),
            actor: actor.clone(),
            kind: kind.to_string(),
            subject: subject.to_string(),
        })
        .collect())
}

/// The JSON array at the start of `json` (whatever follows it).
fn first_array<E: DeserializeOwned>(json: &str) -> Result<Vec<E>, StoreError> {
    match serde_json::Deserializer::from_str(json).into_iter::<Vec<E>>().next() {
        Some(Ok(events)) => Ok(events),
        Some(Err(e)) => Err(e.into()),
        None => Err(StoreError::Corrupt("an imported case without events".into())),
    }
}
