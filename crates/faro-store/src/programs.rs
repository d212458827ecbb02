//! Inspection programs, their use of capacity, and the calendar of planned visits.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::inspection::program::{Program, ProgramDraft};
use faro_core::{Actor, Jurisdiction};
use serde::Serialize;

use crate::cases::EventWriter;
use crate::{timestamp, Store, StoreError, Value};

/// A program with how much of it is planned and done.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProgramSummary {
    pub id: i64,
    pub name: String,
    pub jurisdiction: String,
    pub office: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity_per_inspector: i64,
    pub random_share_pct: i64,
    /// Active inspectors of the program's jurisdiction.
    pub inspectors: i64,
    /// Inspections the inspectors can carry out over the program.
    pub capacity: i64,
    pub planned: i64,
    pub random: i64,
    /// Of which finished (closed or sent to sanction).
    pub done: i64,
    /// Random draws the share calls for, given what is planned.
    pub random_quota: i64,
}

/// One planned or notified visit, for the calendar.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CalendarEntry {
    pub inspection_id: i64,
    pub date: String,
    pub status: String,
    pub kind: String,
    pub workplace_name: String,
    pub municipality: String,
    pub inspector_id: Option<i64>,
    pub protected: bool,
}

impl Store {
    /// Creates a program (checked by core) and records it in the log.
    pub fn create_program(&self, actor: &Actor, now: DateTime<Utc>, draft: &ProgramDraft) -> Result<i64, StoreError> {
        let program = faro_core::inspection::program::decide_create(draft)?;
        let d = program.draft();
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let row = tx
                .query_one(
                    "INSERT INTO inspection_programs (name, jurisdiction, office, starts_on, ends_on,
                         capacity_per_inspector, random_share_pct, created_seq)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    &[
                        d.name.clone().into(),
                        d.jurisdiction.code().into(),
                        d.office.clone().into(),
                        d.starts_on.to_string().into(),
                        d.ends_on.to_string().into(),
                        d.capacity_per_inspector.into(),
                        d.random_share_pct.into(),
                        seq.into(),
                    ],
                )?
                .ok_or_else(|| StoreError::Corrupt("a program insert returned no id".into()))?;
            let id = row.i64(0)?;
            events.append(
                tx,
                d.jurisdiction,
                "program.created",
                &format!("program/{id}"),
                &program,
            )?;
            Ok(id)
        })
    }

    /// Programs of a jurisdiction (federal: all), newest first, with their use of capacity.
    pub fn programs(&self, jurisdiction: Option<Jurisdiction>) -> Result<Vec<ProgramSummary>, StoreError> {
        self.programs_where(jurisdiction, None)
    }

    /// One program with its use of capacity, whatever its jurisdiction.
    pub fn program(&self, id: i64) -> Result<Option<ProgramSummary>, StoreError> {
        Ok(self.programs_where(None, Some(id))?.into_iter().next())
    }

    fn programs_where(
        &self,
        jurisdiction: Option<Jurisdiction>,
        id: Option<i64>,
    ) -> Result<Vec<ProgramSummary>, StoreError> {
        let mut sql = "SELECT p.id, p.name, p.jurisdiction, p.office, p.starts_on, p.ends_on, p.capacity_per_inspector,
                    p.random_share_pct,
                    (SELECT COUNT(*) FROM users u WHERE u.role = 'inspector' AND u.active = 1
                        AND u.jurisdiction = p.jurisdiction),
                    (SELECT COUNT(*) FROM inspections i WHERE i.program_id = p.id AND i.status <> 'cancelled'),
                    (SELECT COUNT(*) FROM inspections i WHERE i.program_id = p.id AND i.status <> 'cancelled'
                        AND i.origin = 'random'),
                    (SELECT COUNT(*) FROM inspections i WHERE i.program_id = p.id
                        AND i.status IN ('closed', 'sent_to_sanction'))
             FROM inspection_programs p WHERE 1 = 1"
            .to_string();
        let mut params: Vec<Value> = Vec::new();
        if let Some(j) = jurisdiction.filter(|j| *j != Jurisdiction::Federal) {
            sql.push_str(" AND p.jurisdiction = ?");
            params.push(j.code().into());
        }
        if let Some(id) = id {
            sql.push_str(" AND p.id = ?");
            params.push(id.into());
        }
        sql.push_str(" ORDER BY p.id DESC LIMIT 200");
        self.read(|tx| {
            tx.query(&sql, &params)?
                .iter()
                .map(|r| {
                    let draft = ProgramDraft {
                        name: r.string(1)?,
                        jurisdiction: r.string(2)?.parse().map_err(StoreError::Domain)?,
                        office: r.string(3)?,
                        starts_on: parse_date(&r.string(4)?)?,
                        ends_on: parse_date(&r.string(5)?)?,
                        capacity_per_inspector: u32::try_from(r.i64(6)?).unwrap_or(0),
                        random_share_pct: u32::try_from(r.i64(7)?).unwrap_or(0),
                    };
                    let program: Program = faro_core::inspection::program::decide_create(&draft)?;
                    let inspectors = r.i64(8)?;
                    let planned = r.i64(9)?;
                    Ok(ProgramSummary {
                        id: r.i64(0)?,
                        name: draft.name.clone(),
                        jurisdiction: r.string(2)?,
                        office: draft.office.clone(),
                        starts_on: draft.starts_on.to_string(),
                        ends_on: draft.ends_on.to_string(),
                        capacity_per_inspector: r.i64(6)?,
                        random_share_pct: r.i64(7)?,
                        inspectors,
                        capacity: i64::from(program.capacity(u32::try_from(inspectors).unwrap_or(0))),
                        planned,
                        random: r.i64(10)?,
                        done: r.i64(11)?,
                        random_quota: i64::from(program.random_quota(u32::try_from(planned).unwrap_or(0))),
                    })
                })
                .collect()
        })
    }

    /// Visits planned or notified between two dates (inclusive), for the calendar of a
    /// jurisdiction or of one inspector. Protected cases are left out unless asked for.
    pub fn inspection_calendar(
        &self,
        jurisdiction: Option<Jurisdiction>,
        inspector_id: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
        include_protected: bool,
    ) -> Result<Vec<CalendarEntry>, StoreError> {
        let mut sql =
            "SELECT i.id, COALESCE(substr(i.visit_at, 1, 10), i.planned_for) AS day, i.status, i.kind, w.name,
                    w.municipality, i.inspector_id, i.protected
             FROM inspections i JOIN workplaces w ON w.id = i.workplace_id
             WHERE i.status IN ('programmed', 'ordered', 'notified', 'in_progress')
               AND COALESCE(substr(i.visit_at, 1, 10), i.planned_for) BETWEEN ? AND ?"
                .to_string();
        let mut params: Vec<Value> = vec![from.to_string().into(), to.to_string().into()];
        if let Some(j) = jurisdiction.filter(|j| *j != Jurisdiction::Federal) {
            sql.push_str(" AND i.jurisdiction = ?");
            params.push(j.code().into());
        }
        if let Some(id) = inspector_id {
            sql.push_str(" AND i.inspector_id = ?");
            params.push(id.into());
        }
        if !include_protected {
            sql.push_str(" AND i.protected = 0");
        }
        sql.push_str(" ORDER BY day, i.id LIMIT 2000");
        self.read(|tx| {
            tx.query(&sql, &params)?
                .iter()
                .map(|r| {
                    Ok(CalendarEntry {
                        inspection_id: r.i64(0)?,
                        date: r.string(1)?,
                        status: r.string(2)?,
                        kind: r.string(3)?,
                        workplace_name: r.string(4)?,
                        municipality: r.string(5)?,
                        inspector_id: r.opt_i64(6)?,
                        protected: r.i64(7)? != 0,
                    })
                })
                .collect()
        })
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("'{s}' is not a date")))
}
