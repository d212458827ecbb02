//! The PostgreSQL backend: a connection pool; each write is one transaction.

use std::collections::HashMap;
use std::error::Error;
use std::time::Duration;

use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{NoTls, Statement};
use r2d2_postgres::PostgresConnectionManager;

use crate::tx::{numbered_placeholders, Backend, Tx};
use crate::value::{Row, Value};
use crate::StoreError;

type BoxError = Box<dyn Error + Sync + Send>;

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.parse::<i32>()?.to_sql(ty, out),
                _ => s.as_str().to_sql(ty, out),
            },
            Value::Bytes(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Removes the password from a URL before it appears in a message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub struct PgDb {
    pool: r2d2::Pool<PostgresConnectionManager<NoTls>>,
    /// Writes queue here before they take a connection. Every write takes the chain head's row
    /// lock first, so writes run one at a time anyway; queued in the database instead, waiting
    /// writers would hold most of the pool's connections and make reads wait for one.
    writers: std::sync::Mutex<()>,
    /// The URL it was opened with, for the client tools (pg_dump, pg_restore).
    url: String,
}

impl PgDb {
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Config(format!("the PostgreSQL URL {} is not valid: {e}", redact(url))))?;
        let manager = PostgresConnectionManager::new(config, NoTls);
        // Connect once up front, so a wrong host or database is reported at once with its reason.
        let probe = r2d2::ManageConnection::connect(&manager)
            .map_err(|e| StoreError::Config(format!("cannot connect to PostgreSQL at {}: {e}", redact(url))))?;
        drop(probe);
        let pool = r2d2::Pool::builder()
            .max_size(16)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .map_err(|e| StoreError::Config(format!("cannot connect to PostgreSQL at {}: {e}", redact(url))))?;
        Ok(Self {
            pool,
            writers: std::sync::Mutex::new(()),
            url: url.to_string(),
        })
    }

    /// The URL this database was opened with (it may hold a password: never print it as is).
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn write<T>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        // A panic in another write poisons nothing this one relies on.
        let _turn = self.writers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut client = self.pool.get()?;
        let mut txn = client.transaction()?;
        let out = {
            let mut tx = PgTx {
                txn: &mut txn,
                statements: HashMap::new(),
            };
            f(&mut tx)
        };
        match out {
            Ok(v) => {
                txn.commit()?;
                Ok(v)
            }
            Err(e) => {
                let _ = txn.rollback();
                Err(e)
            }
        }
    }

    /// Runs `f` in a read-only REPEATABLE READ transaction: every statement sees the same snapshot
    /// (under the default READ COMMITTED each statement would see newer commits, and a chain
    /// verification running beside a write would report the new events as tampering).
    pub fn read<T>(&self, f: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut client = self.pool.get()?;
        let mut txn = client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let out = {
            let mut tx = PgTx {
                txn: &mut txn,
                statements: HashMap::new(),
            };
            f(&mut tx)
        };
        let _ = txn.commit();
        out
    }
}

struct PgTx<'a, 't> {
    txn: &'a mut postgres::Transaction<'t>,
    statements: HashMap<String, Statement>,
}

impl PgTx<'_, '_> {
    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.txn.prepare(&numbered_placeholders(sql))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn params_of(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// A NUMERIC read from its binary form: an integer when it has no fraction and fits, else a
/// float. Faro stores no NUMERIC columns; this is for aggregates.
struct Numeric(Value);

impl<'a> postgres::types::FromSql<'a> for Numeric {
    fn from_sql(_ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let word = |i: usize| -> Result<i16, BoxError> {
            let b = raw.get(i..i + 2).ok_or("a NUMERIC value is truncated")?;
            Ok(i16::from_be_bytes([b[0], b[1]]))
        };
        let ndigits = usize::try_from(word(0)?).map_err(|_| "a NUMERIC value has a negative length")?;
        let weight = i32::from(word(2)?);
        let sign = u16::from_be_bytes([raw.get(4).copied().unwrap_or(0), raw.get(5).copied().unwrap_or(0)]);
        if sign == 0xC000 {
            return Ok(Numeric(Value::Real(f64::NAN)));
        }
        let mut int: Option<i128> = Some(0);
        let mut float = 0f64;
        let mut fraction = false;
        for k in 0..ndigits {
            let d = i32::from(word(8 + 2 * k)?);
            let k = i32::try_from(k).map_err(|_| "a NUMERIC value is too long")?;
            let power = weight - k;
            float += f64::from(d) * 10000f64.powi(power);
            if power < 0 {
                fraction |= d != 0;
            } else {
                int = int.and_then(|v| {
                    let scale = 10000i128.checked_pow(u32::try_from(power).ok()?)?;
                    v.checked_add(i128::from(d).checked_mul(scale)?)
                });
            }
        }
        let negative = sign == 0x4000;
        let value = match int.and_then(|v| i64::try_from(v).ok()) {
            Some(v) if !fraction => Value::Int(if negative { -v } else { v }),
            _ => Value::Real(if negative { -float } else { float }),
        };
        Ok(Numeric(value))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

fn value_at(row: &postgres::Row, i: usize) -> Result<Value, StoreError> {
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Value::Int(i64::from(v))),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Value::Int(i64::from(v))),
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|v| Value::Real(f64::from(v))),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|v| Value::Int(i64::from(v))),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Bytes),
        // SUM and AVG of integers are NUMERIC on PostgreSQL (an INTEGER on SQLite).
        Type::NUMERIC => row.try_get::<_, Option<Numeric>>(i)?.map(|n| n.0),
        _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
    };
    Ok(v.unwrap_or(Value::Null))
}

impl Tx for PgTx<'_, '_> {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let stmt = self.statement(sql)?;
        Ok(self.txn.execute(&stmt, &params_of(params))?)
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.txn.batch_execute(sql)?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let rows = self.txn.query(&stmt, &params_of(params))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut vals = Vec::with_capacity(r.len());
            for i in 0..r.len() {
                vals.push(value_at(r, i)?);
            }
            out.push(Row(vals));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn hides_passwords() {
        assert_eq!(redact("postgres://ana:secret@db/faro"), "postgres://ana:***@db/faro");
        assert_eq!(redact("postgres://ana@db/faro"), "postgres://ana@db/faro");
    }
}
