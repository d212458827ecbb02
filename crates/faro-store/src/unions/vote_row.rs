//! A vote's read rows: `votes` (the call, the totals, the outcome), `vote_stations` (each
//! station's roll size and results record) and `vote_files` (the whole state with the roll,
//! confidential).

use faro_core::union::vote::{Effect, Outcome, Vote};

use super::common::{day, write_file, Table};
use super::derive::{margin_bp, turnout_bp};
use crate::tx::Tx;
use crate::{timestamp, StoreError, Value};

/// The record a vote is about, and where that is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct VoteLink {
    pub(crate) agreement_id: Option<i64>,
    pub(crate) union_id: Option<i64>,
    pub(crate) request_id: Option<i64>,
    pub(crate) state: String,
    /// `Jurisdiction::code`.
    pub(crate) jurisdiction: String,
}

/// The stable code of an effect ("agreement_approved").
pub(crate) fn effect_code(e: &Effect) -> Result<String, StoreError> {
    match serde_json::to_value(e)?.get("effect") {
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        _ => Err(StoreError::Corrupt("an effect without its code".into())),
    }
}

/// The columns that follow the state, in the order of [`UPDATE_VOTE`].
fn changing(s: &Vote, seq: i64) -> Result<Vec<Value>, StoreError> {
    let t = s.tally.as_ref();
    let approval = s.purpose.is_approval();
    let roll = match t {
        Some(t) => Some(i64::from(t.roll)),
        None => s.roll_published_on.map(|_| i64::from(s.roll_size())),
    };
    let winner = match &s.outcome {
        Some(Outcome::Winner { option }) => Some(option.clone()),
        _ => None,
    };
    Ok(vec![
        s.status.code().into(),
        day(s.held_on),
        roll.into(),
        t.filter(|_| approval).map(|t| t.votes_of(0)).into(),
        t.filter(|_| approval).map(|t| t.votes_of(1)).into(),
        t.map(|t| t.void).into(),
        t.map(|t| t.blank).into(),
        t.map(|t| t.ballots()).into(),
        t.map(|t| t.valid()).into(),
        t.map(|t| serde_json::to_string(&t.votes)).transpose()?.into(),
        t.and_then(turnout_bp).into(),
        t.and_then(|t| margin_bp(s.purpose, t)).into(),
        s.outcome.as_ref().map(|o| o.code()).into(),
        winner.into(),
        s.effect.as_ref().map(effect_code).transpose()?.into(),
        day(s.results_recorded_on),
        day(s.published_on),
        day(s.next_deadline().map(|d| d.on)),
        s.ended_at.map(timestamp).into(),
        seq.into(),
    ])
}

const UPDATE_VOTE: &str = "UPDATE votes SET status = ?, held_on = ?, roll = ?, votes_for = ?, votes_against = ?,
     void = ?, blank = ?, ballots = ?, valid = ?, totals_json = ?, turnout_bp = ?, margin_bp = ?, outcome = ?,
     winner = ?, effect = ?, results_recorded_on = ?, published_on = ?, next_deadline = ?, ended_at = ?,
     updated_seq = ?
 WHERE id = ?";

/// Inserts a new vote's rows as number `id`.
pub(crate) fn insert_vote(
    tx: &mut dyn Tx,
    id: i64,
    s: &Vote,
    json: &str,
    link: &VoteLink,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params: Vec<Value> = vec![
        id.into(),
        s.purpose.code().into(),
        s.subject.clone().into(),
        link.agreement_id.into(),
        link.union_id.into(),
        link.request_id.into(),
        link.state.clone().into(),
        link.jurisdiction.clone().into(),
        s.organizer.clone().into(),
        serde_json::to_string(&s.options)?.into(),
        s.called_on.to_string().into(),
        s.vote_on.to_string().into(),
        seq.into(),
    ];
    params.extend(changing(s, seq)?);
    tx.execute(
        "INSERT INTO votes (id, purpose, subject, agreement_id, union_id, request_id, state, jurisdiction, organizer,
             options_json, called_on, vote_on, created_seq, status, held_on, roll, votes_for, votes_against, void,
             blank, ballots, valid, totals_json, turnout_bp, margin_bp, outcome, winner, effect, results_recorded_on,
             published_on, next_deadline, ended_at, updated_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &params,
    )?;
    write_stations(tx, id, s, false)?;
    write_file(tx, Table::Votes, id, json, true)
}

/// Rewrites vote `id`'s rows after a change; the stations when the roll or the results changed.
pub(crate) fn update_vote(
    tx: &mut dyn Tx,
    id: i64,
    before: &Vote,
    s: &Vote,
    json: &str,
    seq: i64,
) -> Result<(), StoreError> {
    let mut params = changing(s, seq)?;
    params.push(id.into());
    tx.execute(UPDATE_VOTE, &params)?;
    if before.roll != s.roll || before.results != s.results || before.stations != s.stations {
        write_stations(tx, id, s, true)?;
    }
    write_file(tx, Table::Votes, id, json, false)
}

/// Each station with the size of its roll and its results record (counts only).
fn write_stations(tx: &mut dyn Tx, id: i64, s: &Vote, replace: bool) -> Result<(), StoreError> {
    if replace {
        tx.execute("DELETE FROM vote_stations WHERE vote_id = ?", &[id.into()])?;
    }
    let rolls = s.roll_by_station();
    for st in &s.stations {
        let result = s.results.iter().find(|r| r.station == st.id);
        tx.execute(
            "INSERT INTO vote_stations (vote_id, station, place, roll, votes_json, void, blank) VALUES (?, ?, ?, ?, ?, ?, ?)",
            &[
                id.into(),
                st.id.clone().into(),
                st.place.clone().into(),
                rolls.get(&st.id).copied().unwrap_or(0).into(),
                result.map(|r| serde_json::to_string(&r.votes)).transpose()?.into(),
                result.map(|r| r.void).into(),
                result.map(|r| r.blank).into(),
            ],
        )?;
    }
    Ok(())
}
