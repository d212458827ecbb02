//! Pre-judicial conciliation cases (LFT 684-A to 684-U), stored like the inspections: each command
//! is decided by core and, in one transaction, its events are appended to the log under
//! `conciliation/{id}`, the case's read rows (`conciliation_cases`, `conciliation_parties`) and the
//! statistics' rollup (`conciliation_rollup`) are updated, and the documents it issues (receipt,
//! summons, convenio, constancia), rendered by the caller, are stored.
//!
//! * [`row`]: what the read rows hold, written the same way by the commands and the bulk import.
//! * [`rollup`]: each case's contribution to `conciliation_rollup`.
//! * [`command`]: [`Store::conciliation_command`] and the rooms.
//! * [`read`]: the lists, the agenda, the conciliators' loads, the court lookup, the statistics.
//!
//! A centre is a [`Jurisdiction`]: the federal centre (CFCRL) is `Federal`, a state's centre is
//! `State`. Unlike the inspection lists, `Federal` never means "every centre" here: the federal
//! centre is one centre among 33, and `None` asks for all.

mod command;
mod read;
pub(crate) mod rollup;
pub(crate) mod row;

use chrono::{NaiveDate, NaiveTime};
use faro_core::conciliation::{Case, ConstanciaKind, Event, Status};
use faro_core::Jurisdiction;
use serde::Serialize;

use crate::cases::{DocumentRecord, NewDocument};
use crate::StoreError;

pub use read::{CertificateHit, ConciliationCounts, ConciliationStats};

/// Which case a command is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConciliationTarget {
    /// A new case (the command must be `File`).
    New,
    Existing(i64),
}

/// The columns of a case's read row, for lists, the agenda and documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConciliationSummary {
    pub id: i64,
    /// "SC-14-2026-0000012".
    pub folio: String,
    pub center: Jurisdiction,
    pub status: Status,
    /// `Track::code`.
    pub track: String,
    /// `Object::code` of each object of the request.
    pub objects: Vec<String>,
    /// "online", "counter" or "joint".
    pub channel: String,
    /// RFC 3339 UTC.
    pub received_at: String,
    pub filed_on: NaiveDate,
    pub procedure_limit: NaiveDate,
    pub next_deadline: Option<NaiveDate>,
    /// The current (or last held) hearing; empty when none is set, or it was called off.
    pub conciliator_id: Option<i64>,
    pub hearing_on: Option<NaiveDate>,
    pub hearing_time: Option<NaiveTime>,
    pub room_id: Option<i64>,
    /// The registry's employer whose RFC the employer party gave, and its workplace if one fits.
    pub employer_id: Option<i64>,
    pub workplace_id: Option<i64>,
    /// The workplace's state ("14") and two-digit SCIAN sector ("" when unknown).
    pub state: String,
    pub sector: String,
    /// How the conciliation stage ended: "settlement", "no_agreement", "summoned_absent",
    /// "service_failed", "archived", "exempt", "forwarded".
    pub outcome: Option<String>,
    /// The convenio's total, in centavos.
    pub agreed: Option<i64>,
    /// The day the stage concluded (convenio, constancia, archive, exemption).
    pub closed_on: Option<NaiveDate>,
    pub ended_at: Option<String>,
    pub updated_seq: i64,
}

/// What a command did.
#[derive(Debug, Clone)]
pub struct ConciliationOutcome {
    pub id: i64,
    pub folio: String,
    pub events: Vec<Event>,
    pub state: Case,
    /// The documents the command issued, as /verify shows them.
    pub documents: Vec<DocumentRecord>,
    /// The number of the command's first event.
    pub seq: i64,
}

/// Renders the documents a command issues (receipt, summons, convenio, constancia) from the
/// case's read row, its state after the command and the command's events, inside the
/// transaction: if rendering fails, nothing is committed.
pub type ConciliationDocumentMaker<'a> =
    dyn Fn(&ConciliationSummary, &Case, &[Event]) -> Result<Vec<NewDocument>, StoreError> + 'a;

/// Filters of the case list. Pages go by id, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConciliationFilter {
    /// One centre; `None` for every centre.
    pub center: Option<Jurisdiction>,
    pub status: Option<Status>,
    pub conciliator_id: Option<i64>,
    /// Only cases waiting on a date on or before this one (`Case::next_deadline`).
    pub due_on_or_before: Option<NaiveDate>,
    /// One folio (any case).
    pub folio: Option<String>,
    /// 1 to 500.
    pub limit: u32,
    /// Keyset pagination: the `next_after` of the previous page (cases with a lower id follow).
    pub after: Option<i64>,
}

/// A hearing room of a centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConciliationRoom {
    pub id: i64,
    pub center: Jurisdiction,
    pub name: String,
    pub remote: bool,
    pub active: bool,
}

/// The stable code of a constancia's kind, as `outcome` stores it.
pub fn constancia_code(kind: ConstanciaKind) -> &'static str {
    match kind {
        ConstanciaKind::NoAgreement => "no_agreement",
        ConstanciaKind::SummonedAbsent => "summoned_absent",
        ConstanciaKind::ServiceFailed => "service_failed",
    }
}

/// The constancia kind of an `outcome` code, if it is one.
pub fn constancia_of(code: &str) -> Option<ConstanciaKind> {
    [
        ConstanciaKind::NoAgreement,
        ConstanciaKind::SummonedAbsent,
        ConstanciaKind::ServiceFailed,
    ]
    .into_iter()
    .find(|k| constancia_code(*k) == code)
}

/// The folio of a case: "SC-{FED or the state's two digits}-{year}-{id:07}".
pub fn folio(center: Jurisdiction, year: i32, id: i64) -> String {
    let c = match center {
        Jurisdiction::Federal => "FED".to_string(),
        Jurisdiction::State(s) => s.as_str(),
    };
    format!("SC-{c}-{year}-{id:07}")
}

#[cfg(test)]
mod tests {
    use faro_core::StateCode;

    use super::*;

    #[test]
    fn folios_name_the_centre_year_and_id() {
        let jal = Jurisdiction::State(StateCode::new(14).unwrap());
        assert_eq!(folio(jal, 2026, 12), "SC-14-2026-0000012");
        assert_eq!(folio(Jurisdiction::Federal, 2025, 1_234_567), "SC-FED-2025-1234567");
        assert_eq!(
            folio(Jurisdiction::State(StateCode::new(9).unwrap()), 2026, 12_345_678),
            "SC-09-2026-12345678"
        );
    }

    #[test]
    fn constancia_codes_round_trip() {
        for k in [
            ConstanciaKind::NoAgreement,
            ConstanciaKind::SummonedAbsent,
            ConstanciaKind::ServiceFailed,
        ] {
            assert_eq!(constancia_of(constancia_code(k)), Some(k));
        }
        assert_eq!(constancia_of("settlement"), None);
    }
}
