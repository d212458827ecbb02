//! Shared plumbing for case records (inspections, referrals, sanctions): appending a case's events
//! to the log in one go, and the official documents issued with them.

use faro_core::{Actor, Jurisdiction};
use serde::{Deserialize, Serialize};

use crate::events::{append, next_seq, Append};
use crate::tx::Tx;
use crate::StoreError;

/// Appends events to the chain one after the other, inside the caller's transaction. The first
/// call locks the chain head (PostgreSQL), like every write.
pub(crate) struct EventWriter<'a> {
    actor: &'a Actor,
    at: String,
    next: Option<(i64, String)>,
    pub(crate) first_seq: Option<i64>,
}

impl<'a> EventWriter<'a> {
    pub(crate) fn new(actor: &'a Actor, at: String) -> Self {
        Self {
            actor,
            at,
            next: None,
            first_seq: None,
        }
    }

    /// The sequence number the next event will get (locks the head on first use).
    pub(crate) fn peek_seq(&mut self, tx: &mut dyn Tx) -> Result<i64, StoreError> {
        if self.next.is_none() {
            self.next = Some(next_seq(tx)?);
        }
        Ok(self.next.as_ref().map(|n| n.0).unwrap_or(0))
    }

    pub(crate) fn append(
        &mut self,
        tx: &mut dyn Tx,
        jurisdiction: Jurisdiction,
        kind: &str,
        subject: &str,
        payload: &impl Serialize,
    ) -> Result<i64, StoreError> {
        let (seq, prev) = match self.next.take() {
            Some(n) => n,
            None => next_seq(tx)?,
        };
        let payload = serde_json::to_string(payload)?;
        let hash = append(
            tx,
            seq,
            &prev,
            Append {
                actor: self.actor,
                at: &self.at,
                jurisdiction,
                kind,
                subject,
                payload: &payload,
            },
        )?;
        self.first_seq.get_or_insert(seq);
        self.next = Some((seq + 1, hash));
        Ok(seq)
    }

    pub(crate) fn at(&self) -> &str {
        &self.at
    }
}

/// An official document to store with the change that issues it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub code: String,
    pub kind: String,
    pub folio: String,
    pub title: String,
    pub sha256: String,
    /// The public facts /verify shows (JSON): never personal data.
    pub summary: serde_json::Value,
    pub pdf: Vec<u8>,
}

/// What /verify shows of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    pub code: String,
    pub kind: String,
    pub subject: String,
    pub folio: String,
    pub title: String,
    pub issued_at: String,
    pub sha256: String,
    pub summary: serde_json::Value,
}

pub(crate) fn insert_document(
    tx: &mut dyn Tx,
    events: &mut EventWriter<'_>,
    jurisdiction: Jurisdiction,
    subject: &str,
    doc: &NewDocument,
) -> Result<(), StoreError> {
    let seq = events.peek_seq(tx)?;
    tx.execute(
        "INSERT INTO documents (code, kind, subject, folio, title, issued_at, sha256, summary, pdf, created_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            doc.code.clone().into(),
            doc.kind.clone().into(),
            subject.into(),
            doc.folio.clone().into(),
            doc.title.clone().into(),
            events.at().into(),
            doc.sha256.clone().into(),
            serde_json::to_string(&doc.summary)?.into(),
            doc.pdf.clone().into(),
            seq.into(),
        ],
    )?;
    events.append(
        tx,
        jurisdiction,
        "document.issued",
        subject,
        &serde_json::json!({
            "code": doc.code, "kind": doc.kind, "folio": doc.folio, "title": doc.title, "sha256": doc.sha256,
        }),
    )?;
    Ok(())
}

pub(crate) fn document_row(row: &crate::Row) -> Result<DocumentRecord, StoreError> {
    Ok(DocumentRecord {
        code: row.string(0)?,
        kind: row.string(1)?,
        subject: row.string(2)?,
        folio: row.string(3)?,
        title: row.string(4)?,
        issued_at: row.string(5)?,
        sha256: row.string(6)?,
        summary: serde_json::from_str(&row.string(7)?)?,
    })
}

pub(crate) const DOCUMENT_COLUMNS: &str = "code, kind, subject, folio, title, issued_at, sha256, summary";

impl crate::Store {
    /// The document with this verification code, for /verify.
    pub fn document(&self, code: &str) -> Result<Option<DocumentRecord>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE code = ?"),
                &[code.into()],
            )?
            .map(|r| document_row(&r))
            .transpose()
        })
    }

    /// The stored PDF of a document.
    pub fn document_pdf(&self, code: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.read(|tx| {
            tx.query_one("SELECT pdf FROM documents WHERE code = ?", &[code.into()])?
                .map(|r| r.bytes(0))
                .transpose()
        })
    }

    /// Issues a document about `subject` afterwards (for example the record of an inspection
    /// that was loaded in bulk, whose PDF was never made): stored with its `document.issued`
    /// event, in one transaction. A document of the same kind about the same subject, or with the
    /// same code, is refused with a conflict.
    pub fn issue_document(
        &self,
        actor: &Actor,
        now: chrono::DateTime<chrono::Utc>,
        jurisdiction: Jurisdiction,
        subject: &str,
        doc: &NewDocument,
    ) -> Result<DocumentRecord, StoreError> {
        self.write(|tx| {
            let taken = tx
                .query_one(
                    "SELECT 1 FROM documents WHERE (subject = ? AND kind = ?) OR code = ?",
                    &[subject.into(), doc.kind.clone().into(), doc.code.clone().into()],
                )?
                .is_some();
            if taken {
                return Err(StoreError::Conflict(format!("{subject} already has its {}", doc.kind)));
            }
            let mut events = EventWriter::new(actor, crate::timestamp(now));
            insert_document(tx, &mut events, jurisdiction, subject, doc)?;
            tx.query_one(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE code = ?"),
                &[doc.code.clone().into()],
            )?
            .map(|r| document_row(&r))
            .transpose()?
            .ok_or_else(|| StoreError::Corrupt("a document just issued is missing".into()))
        })
    }

    /// The documents issued about one record ("inspection/12").
    pub fn documents_of(&self, subject: &str) -> Result<Vec<DocumentRecord>, StoreError> {
        self.read(|tx| {
            tx.query(
                &format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE subject = ? ORDER BY issued_at"),
                &[subject.into()],
            )?
            .iter()
            .map(document_row)
            .collect()
        })
    }
}
