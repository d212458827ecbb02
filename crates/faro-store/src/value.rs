//! Backend-neutral values and rows: the only types that cross the `Tx` boundary.

use crate::StoreError;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    /// Binary data (attachments, documents): BLOB on SQLite, BYTEA on PostgreSQL.
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        match v {
            Some(x) => x.into(),
            None => Value::Null,
        }
    }
}

/// One result row, columns in the order of the SELECT.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn get(&self, i: usize) -> Result<&Value, StoreError> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Corrupt(format!("column {i} missing from a result row")))
    }

    pub fn i64(&self, i: usize) -> Result<i64, StoreError> {
        match self.get(i)? {
            Value::Int(v) => Ok(*v),
            Value::Real(v) => Ok(*v as i64),
            Value::Text(t) => t
                .parse()
                .map_err(|_| StoreError::Corrupt(format!("column {i}: '{t}' is not an integer"))),
            Value::Null => Err(StoreError::Corrupt(format!("column {i} is null, expected an integer"))),
            Value::Bytes(_) => Err(StoreError::Corrupt(format!(
                "column {i} is binary, expected an integer"
            ))),
        }
    }

    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            _ => self.i64(i).map(Some),
        }
    }

    pub fn opt_f64(&self, i: usize) -> Result<Option<f64>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            Value::Real(v) => Ok(Some(*v)),
            Value::Int(v) => Ok(Some(*v as f64)),
            Value::Text(t) => t
                .parse()
                .map(Some)
                .map_err(|_| StoreError::Corrupt(format!("column {i}: '{t}' is not a number"))),
            Value::Bytes(_) => Err(StoreError::Corrupt(format!("column {i} is binary, expected a number"))),
        }
    }

    pub fn string(&self, i: usize) -> Result<String, StoreError> {
        match self.get(i)? {
            Value::Text(t) => Ok(t.clone()),
            Value::Int(v) => Ok(v.to_string()),
            Value::Real(v) => Ok(v.to_string()),
            Value::Null => Err(StoreError::Corrupt(format!("column {i} is null, expected text"))),
            Value::Bytes(b) => String::from_utf8(b.clone())
                .map_err(|_| StoreError::Corrupt(format!("column {i} is binary, expected text"))),
        }
    }

    pub fn bytes(&self, i: usize) -> Result<Vec<u8>, StoreError> {
        match self.get(i)? {
            Value::Bytes(b) => Ok(b.clone()),
            Value::Text(t) => Ok(t.as_bytes().to_vec()),
            Value::Null => Err(StoreError::Corrupt(format!("column {i} is null, expected bytes"))),
            Value::Int(_) | Value::Real(_) => {
                Err(StoreError::Corrupt(format!("column {i} is a number, expected bytes")))
            }
        }
    }

    pub fn opt_string(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.get(i)? {
            Value::Null => Ok(None),
            _ => self.string(i).map(Some),
        }
    }
}
