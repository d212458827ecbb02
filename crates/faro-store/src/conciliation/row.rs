//! A conciliation case's read rows: the columns its state gives, the registry match made at
//! filing, the parties' identifiers, and the writing of all of it. The command path and the bulk
//! import both write through here, so that the same events give the same rows.

use std::collections::HashMap;

use chrono::NaiveDate;
use faro_core::conciliation::{Case, Channel, Hearing, PartyRole, Person, Status, Venue};
use faro_core::{DomainError, Jurisdiction};

use super::{constancia_code, ConciliationSummary};
use crate::tx::{Backend, Tx};
use crate::{timestamp, StoreError, Value};

/// Statuses of a case whose convenio was ratified (followed for compliance, or certified).
pub(crate) fn settled(status: Status) -> bool {
    matches!(status, Status::Settled | Status::Complied | Status::NotComplied)
}

pub(crate) fn channel_code(c: Channel) -> &'static str {
    match c {
        Channel::Online => "online",
        Channel::Counter => "counter",
        Channel::Joint => "joint",
    }
}

/// The hearing the row shows: the one set while the case waits for it, or the last one if it was
/// held. A hearing called off (the case closed before it) is not shown, nor counted in loads.
pub(crate) fn current_hearing(s: &Case) -> Option<&Hearing> {
    let h = s.hearing.as_ref()?;
    let held = s.held.last().is_some_and(|x| x.number == h.number);
    (s.status == Status::HearingScheduled || held).then_some(h)
}

/// A conciliator id as the slot carries it (a user id, as text).
pub(crate) fn conciliator_id(text: &str) -> Result<i64, StoreError> {
    text.trim().parse().map_err(|_| {
        StoreError::Domain(
            DomainError::field(
                "conciliator_id",
                "conciliation.conciliator_unknown",
                format!("'{text}' is not the id of a conciliator"),
            )
            .with("conciliator_id", text),
        )
    })
}

/// How the conciliation stage ended.
pub(crate) fn outcome(s: &Case) -> Option<&'static str> {
    match s.status {
        Status::Settled | Status::Complied | Status::NotComplied => Some("settlement"),
        Status::NotConciliated => Some(
            s.constancia
                .as_ref()
                .map_or("no_agreement", |c| constancia_code(c.kind)),
        ),
        Status::Archived => Some("archived"),
        Status::Exempt => Some("exempt"),
        Status::Forwarded => Some("forwarded"),
        Status::Filed | Status::HearingScheduled => None,
    }
}

/// The day the stage concluded: the convenio, the constancia, the archive or the exemption. A
/// forwarded request was not concluded here.
pub(crate) fn closed_on(s: &Case) -> Option<NaiveDate> {
    match s.status {
        Status::Settled | Status::Complied | Status::NotComplied => s.settlement.as_ref().map(|st| st.agreed_on),
        Status::NotConciliated => s
            .constancia
            .as_ref()
            .map(|c| c.issued_on)
            .or(s.ended_at.map(|t| t.date_naive())),
        Status::Archived | Status::Exempt => s.ended_at.map(|t| t.date_naive()),
        Status::Filed | Status::HearingScheduled | Status::Forwarded => None,
    }
}

/// The convenio's total, in centavos, for a settled case.
pub(crate) fn agreed(s: &Case) -> Option<i64> {
    if !settled(s.status) {
        return None;
    }
    s.settlement.as_ref().map(|st| st.total.centavos())
}

/// Whole days from the filing to the close (none while open).
pub(crate) fn days_to_close(s: &Case) -> Option<i64> {
    closed_on(s).map(|c| (c - s.filed_on).num_days().max(0))
}

/// Where a case's workplace is, as the registry and the request tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) employer_id: Option<i64>,
    pub(crate) workplace_id: Option<i64>,
    pub(crate) state: String,
    pub(crate) sector: String,
}

/// The registry and room look-ups of a write, remembered for the rest of it (a bulk batch asks
/// the same ones many times).
#[derive(Default)]
pub(crate) struct Lookups {
    employers: HashMap<String, Option<i64>>,
    workplaces: HashMap<(i64, String), Vec<(i64, String)>>,
    rooms: HashMap<(String, String), Option<i64>>,
}

impl Lookups {
    fn employer(&mut self, tx: &mut dyn Tx, rfc: &str) -> Result<Option<i64>, StoreError> {
        if let Some(id) = self.employers.get(rfc) {
            return Ok(*id);
        }
        let id = tx
            .query_one(
                "SELECT id FROM employers WHERE rfc = ? ORDER BY id LIMIT 1",
                &[rfc.into()],
            )?
            .map(|r| r.i64(0))
            .transpose()?;
        self.employers.insert(rfc.to_string(), id);
        Ok(id)
    }

    fn workplaces(&mut self, tx: &mut dyn Tx, employer_id: i64, state: &str) -> Result<&[(i64, String)], StoreError> {
        let key = (employer_id, state.to_string());
        if !self.workplaces.contains_key(&key) {
            let rows = tx
                .query(
                    "SELECT id, scian_class FROM workplaces WHERE employer_id = ? AND state = ? ORDER BY id LIMIT 200",
                    &[employer_id.into(), state.into()],
                )?
                .iter()
                .map(|r| Ok((r.i64(0)?, r.string(1)?)))
                .collect::<Result<Vec<_>, StoreError>>()?;
            self.workplaces.insert(key.clone(), rows);
        }
        Ok(self.workplaces.get(&key).map(Vec::as_slice).unwrap_or(&[]))
    }

    /// The registry match made at filing: the employer whose RFC the employer party gave (the
    /// lowest id if several share it), and its one workplace in the workplace's state (or the one
    /// with the request's SCIAN class there). The sector is the request's SCIAN sector, else the
    /// matched workplace's, else ''.
    pub(crate) fn place(&mut self, tx: &mut dyn Tx, s: &Case) -> Result<Place, StoreError> {
        let r = &s.request;
        let state = r.workplace.state.as_str();
        let employer_rfc = [&r.counterpart, &r.requester]
            .into_iter()
            .filter(|p| p.role == PartyRole::Employer)
            .find_map(|p| match &p.person {
                Some(Person::LegalEntity { rfc: Some(rfc), .. }) | Some(Person::Individual { rfc: Some(rfc), .. }) => {
                    Some(rfc.as_str().trim().to_uppercase())
                }
                _ => None,
            });
        let employer_id = match &employer_rfc {
            Some(rfc) => self.employer(tx, rfc)?,
            None => None,
        };
        let scian = r.workplace.scian.as_deref().unwrap_or("");
        let workplace = match employer_id {
            Some(e) => {
                let all = self.workplaces(tx, e, &state)?;
                match all {
                    [one] => Some(one.clone()),
                    _ if !scian.is_empty() => {
                        let same: Vec<&(i64, String)> = all.iter().filter(|(_, c)| c == scian).collect();
                        match same.as_slice() {
                            [one] => Some((*one).clone()),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            None => None,
        };
        let sector_of = |class: &str| class.chars().take(2).collect::<String>();
        let sector = if !scian.is_empty() {
            sector_of(scian)
        } else {
            workplace.as_ref().map(|(_, c)| sector_of(c)).unwrap_or_default()
        };
        Ok(Place {
            employer_id,
            workplace_id: workplace.map(|(id, _)| id),
            state,
            sector,
        })
    }

    /// The room of the current hearing, by its name at the case's centre (none for a remote
    /// hearing or a name the centre has not registered).
    pub(crate) fn room(&mut self, tx: &mut dyn Tx, s: &Case) -> Result<Option<i64>, StoreError> {
        let Some(Venue::Room { name }) = current_hearing(s).map(|h| &h.slot.venue) else {
            return Ok(None);
        };
        let key = (s.center.code(), name.clone());
        if let Some(id) = self.rooms.get(&key) {
            return Ok(*id);
        }
        let id = tx
            .query_one(
                "SELECT id FROM conciliation_rooms WHERE center = ? AND name = ?",
                &[key.0.clone().into(), name.into()],
            )?
            .map(|r| r.i64(0))
            .transpose()?;
        self.rooms.insert(key, id);
        Ok(id)
    }
}

/// The id the next case gets. Cases are written under the chain head's lock (every write takes it
/// first), so on SQLite the highest id plus one is free; PostgreSQL draws from the id sequence.
pub(crate) fn next_case_id(tx: &mut dyn Tx) -> Result<i64, StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => "SELECT COALESCE(MAX(id), 0) + 1 FROM conciliation_cases",
        Backend::Postgres => "SELECT nextval(pg_get_serial_sequence('conciliation_cases', 'id'))",
    };
    tx.query_one(sql, &[])?
        .ok_or_else(|| StoreError::Corrupt("no id for a new conciliation case".into()))?
        .i64(0)
}

/// The columns that change with the case's state, in the order of [`UPDATE_CASE`].
fn changing(s: &Case, json: &str, room_id: Option<i64>, seq: i64) -> Result<Vec<Value>, StoreError> {
    let hearing = current_hearing(s);
    let conciliator = match hearing {
        Some(h) => Some(conciliator_id(&h.slot.conciliator_id)?),
        None => None,
    };
    Ok(vec![
        s.status.code().into(),
        s.track.code().into(),
        s.next_deadline().map(|d| d.to_string()).into(),
        conciliator.into(),
        hearing.map(|h| h.slot.date.to_string()).into(),
        hearing.map(|h| h.slot.time.format("%H:%M:%S").to_string()).into(),
        room_id.into(),
        outcome(s).into(),
        agreed(s).into(),
        closed_on(s).map(|d| d.to_string()).into(),
        s.ended_at.map(timestamp).into(),
        json.into(),
        seq.into(),
    ])
}

const UPDATE_CASE: &str = "UPDATE conciliation_cases SET status = ?, track = ?, next_deadline = ?,
     conciliator_id = ?, hearing_on = ?, hearing_time = ?, room_id = ?, outcome = ?, agreed = ?, closed_on = ?,
     ended_at = ?, state_json = ?, updated_seq = ?
 WHERE id = ?";

/// Rewrites the row of case `id` after a change (`json` is the state serialized).
pub(crate) fn update_case(
    tx: &mut dyn Tx,
    id: i64,
    s: &Case,
    json: &str,
    room_id: Option<i64>,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params = changing(s, json, room_id, seq)?;
    params.push(id.into());
    tx.execute(UPDATE_CASE, &params)?;
    Ok(())
}

/// Inserts the row of a new case as number `id`, and its parties' identifiers.
#[allow(clippy::too_many_arguments)]
pub(crate) fn insert_case(
    tx: &mut dyn Tx,
    id: i64,
    folio: &str,
    s: &Case,
    json: &str,
    place: &Place,
    room_id: Option<i64>,
    seq: i64,
) -> Result<(), StoreError> {
    let objects = s.request.objects.iter().map(|o| o.code()).collect::<Vec<_>>().join(",");
    let mut params: Vec<Value> = vec![
        id.into(),
        folio.into(),
        s.center.code().into(),
        objects.into(),
        channel_code(s.request.channel).into(),
        timestamp(s.received_at).into(),
        s.filed_on.to_string().into(),
        s.procedure_limit.to_string().into(),
        place.employer_id.into(),
        place.workplace_id.into(),
        place.state.clone().into(),
        place.sector.clone().into(),
    ];
    params.extend(changing(s, json, room_id, seq)?);
    params.push(seq.into());
    tx.execute(
        "INSERT INTO conciliation_cases (id, folio, center, object, channel, received_at, filed_on, procedure_limit,
             employer_id, workplace_id, state, sector, status, track, next_deadline, conciliator_id, hearing_on,
             hearing_time, room_id, outcome, agreed, closed_on, ended_at, state_json, updated_seq, created_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &params,
    )?;
    write_parties(tx, id, s)
}

/// The parties' CURP and RFC, uppercase, for the courts' lookup of constancias.
fn write_parties(tx: &mut dyn Tx, id: i64, s: &Case) -> Result<(), StoreError> {
    let r = &s.request;
    for (role, party) in [("requester", &r.requester), ("summoned", &r.counterpart)] {
        let (kind, ids) = match &party.person {
            Some(Person::Individual { curp, rfc, .. }) => (
                "individual",
                [
                    curp.as_ref().map(|c| c.as_str().to_string()),
                    rfc.as_ref().map(|r| r.as_str().to_string()),
                ],
            ),
            Some(Person::LegalEntity { rfc, .. }) => {
                ("legal_entity", [rfc.as_ref().map(|r| r.as_str().to_string()), None])
            }
            None => continue,
        };
        for identifier in ids.into_iter().flatten() {
            tx.execute(
                "INSERT INTO conciliation_parties (case_id, role, kind, identifier) VALUES (?, ?, ?, ?)
                 ON CONFLICT (case_id, role, identifier) DO NOTHING",
                &[
                    id.into(),
                    role.into(),
                    kind.into(),
                    identifier.trim().to_uppercase().into(),
                ],
            )?;
        }
    }
    Ok(())
}

/// The columns of [`ConciliationSummary`], in its order.
pub(crate) const SUMMARY_COLUMNS: &str = "c.id, c.folio, c.center, c.status, c.track, c.object, c.channel,
    c.received_at, c.filed_on, c.procedure_limit, c.next_deadline, c.conciliator_id, c.hearing_on, c.hearing_time,
    c.room_id, c.employer_id, c.workplace_id, c.state, c.sector, c.outcome, c.agreed, c.closed_on, c.ended_at,
    c.updated_seq";

/// The number of [`SUMMARY_COLUMNS`]: the next column of a query is at this index.
pub(crate) const SUMMARY_WIDTH: usize = 24;

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("a conciliation case's {what} is '{value}'"))
}

fn date(r: &crate::Row, i: usize) -> Result<NaiveDate, StoreError> {
    let t = r.string(i)?;
    t.parse().map_err(|_| corrupt("date", &t))
}

fn opt_date(r: &crate::Row, i: usize) -> Result<Option<NaiveDate>, StoreError> {
    r.opt_string(i)?
        .map(|t| t.parse().map_err(|_| corrupt("date", &t)))
        .transpose()
}

pub(crate) fn summary_row(r: &crate::Row) -> Result<ConciliationSummary, StoreError> {
    let center = r.string(2)?;
    let status = r.string(3)?;
    Ok(ConciliationSummary {
        id: r.i64(0)?,
        folio: r.string(1)?,
        center: center.parse::<Jurisdiction>().map_err(|_| corrupt("centre", &center))?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        track: r.string(4)?,
        objects: r
            .string(5)?
            .split(',')
            .filter(|o| !o.is_empty())
            .map(str::to_string)
            .collect(),
        channel: r.string(6)?,
        received_at: r.string(7)?,
        filed_on: date(r, 8)?,
        procedure_limit: date(r, 9)?,
        next_deadline: opt_date(r, 10)?,
        conciliator_id: r.opt_i64(11)?,
        hearing_on: opt_date(r, 12)?,
        hearing_time: r
            .opt_string(13)?
            .map(|t| chrono::NaiveTime::parse_from_str(&t, "%H:%M:%S").map_err(|_| corrupt("hearing time", &t)))
            .transpose()?,
        room_id: r.opt_i64(14)?,
        employer_id: r.opt_i64(15)?,
        workplace_id: r.opt_i64(16)?,
        state: r.string(17)?,
        sector: r.string(18)?,
        outcome: r.opt_string(19)?,
        agreed: r.opt_i64(20)?,
        closed_on: opt_date(r, 21)?,
        ended_at: r.opt_string(22)?,
        updated_seq: r.i64(23)?,
    })
}
