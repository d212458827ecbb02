//! What the registry's row writers and readers share: new ids, the confidential files, enum codes
//! and dates as stored.

use chrono::NaiveDate;
use serde::Serialize;

use crate::tx::{Backend, Tx};
use crate::{Row, StoreError, Value};

/// The tables of the registry whose ids the store assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Unions,
    Requests,
    Agreements,
    Votes,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Unions => "unions",
            Table::Requests => "representativeness_requests",
            Table::Agreements => "agreements",
            Table::Votes => "votes",
        }
    }

    /// The confidential table with the record's folded state, and its key column (none for
    /// agreements, whose state is public and kept in their row).
    pub(crate) fn file(self) -> Option<(&'static str, &'static str)> {
        match self {
            Table::Unions => Some(("union_files", "union_id")),
            Table::Requests => Some(("representativeness_files", "request_id")),
            Table::Votes => Some(("vote_files", "vote_id")),
            Table::Agreements => None,
        }
    }
}

/// The id the next record gets. Records are written under the chain head's lock (every write
/// takes it first), so on SQLite the highest id plus one is free; PostgreSQL draws from the id
/// sequence.
pub(crate) fn next_id(tx: &mut dyn Tx, table: Table) -> Result<i64, StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {}", table.name()),
        Backend::Postgres => format!("SELECT nextval(pg_get_serial_sequence('{}', 'id'))", table.name()),
    };
    tx.query_one(&sql, &[])?
        .ok_or_else(|| StoreError::Corrupt(format!("no id for a new row of {}", table.name())))?
        .i64(0)
}

/// After rows were written with ids chosen by a loader: moves PostgreSQL's id sequence past them.
pub(crate) fn sync_sequence(tx: &mut dyn Tx, table: Table) -> Result<(), StoreError> {
    if tx.backend() == Backend::Postgres {
        let t = table.name();
        tx.query_one(
            &format!("SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"),
            &[],
        )?;
    }
    Ok(())
}

/// Writes a record's folded state to its confidential file (`insert` for a new record).
pub(crate) fn write_file(tx: &mut dyn Tx, table: Table, id: i64, json: &str, insert: bool) -> Result<(), StoreError> {
    let Some((file, key)) = table.file() else {
        return Ok(());
    };
    let sql = if insert {
        format!("INSERT INTO {file} ({key}, state_json) VALUES (?, ?)")
    } else {
        format!("UPDATE {file} SET state_json = ? WHERE {key} = ?")
    };
    let params: [Value; 2] = if insert {
        [id.into(), json.into()]
    } else {
        [json.into(), id.into()]
    };
    tx.execute(&sql, &params)?;
    Ok(())
}

/// The stable code of a unit enum serialized in snake_case ("national_industry").
pub(crate) fn code_of<T: Serialize>(value: &T) -> Result<String, StoreError> {
    match serde_json::to_value(value)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(StoreError::Corrupt(format!("{other} is not a code"))),
    }
}

/// A date as stored (ISO 8601), or NULL.
pub(crate) fn day(d: Option<NaiveDate>) -> Value {
    d.map(|d| d.to_string()).into()
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("a registry row's {what} is '{value}'"))
}

pub(crate) fn date(r: &Row, i: usize) -> Result<NaiveDate, StoreError> {
    let t = r.string(i)?;
    t.parse().map_err(|_| corrupt("date", &t))
}

pub(crate) fn opt_date(r: &Row, i: usize) -> Result<Option<NaiveDate>, StoreError> {
    r.opt_string(i)?
        .map(|t| t.parse().map_err(|_| corrupt("date", &t)))
        .transpose()
}

/// A stored code parsed back with `parse`.
pub(crate) fn parsed<T>(r: &Row, i: usize, what: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let t = r.string(i)?;
    parse(&t).ok_or_else(|| corrupt(what, &t))
}

/// A snake_case code read back into its enum.
pub(crate) fn from_code<T: serde::de::DeserializeOwned>(r: &Row, i: usize, what: &str) -> Result<T, StoreError> {
    let t = r.string(i)?;
    serde_json::from_value(serde_json::Value::String(t.clone())).map_err(|_| corrupt(what, &t))
}
