//! Staff accounts, server-side sessions and login failures. Password hashes are kept only in the
//! users table, never in the event log.

use chrono::{DateTime, Utc};
use faro_core::event::kinds;
use faro_core::{Actor, Jurisdiction, Role};
use serde::Serialize;

use crate::events::{append_next, Append};
use crate::tx::Tx;
use crate::{timestamp, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction: Jurisdiction,
    #[serde(skip)]
    pub password_hash: String,
    pub language: String,
    pub active: bool,
}

/// A user to create; the password is already hashed by the caller (argon2id).
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub jurisdiction: Jurisdiction,
    pub password_hash: &'a str,
    pub language: &'a str,
}

const USER_COLUMNS: &str = "id, username, display_name, role, jurisdiction, password_hash, language, active";

fn user_of(r: &crate::Row) -> Result<User, StoreError> {
    Ok(User {
        id: r.i64(0)?,
        username: r.string(1)?,
        display_name: r.string(2)?,
        role: r
            .string(3)?
            .parse()
            .map_err(|e: faro_core::DomainError| StoreError::Corrupt(e.to_string()))?,
        jurisdiction: r
            .string(4)?
            .parse()
            .map_err(|e: faro_core::DomainError| StoreError::Corrupt(e.to_string()))?,
        password_hash: r.string(5)?,
        language: r.string(6)?,
        active: r.i64(7)? != 0,
    })
}

/// A live session and its user.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: String,
}

impl Store {
    pub fn create_user(&self, actor: &Actor, at: DateTime<Utc>, u: &NewUser<'_>) -> Result<i64, StoreError> {
        let stamp = timestamp(at);
        let result = self.write(|tx| {
            if tx
                .query_one("SELECT id FROM users WHERE username = ?", &[u.username.into()])?
                .is_some()
            {
                return Err(StoreError::Conflict(format!("the user name '{}' is taken", u.username)));
            }
            let row = tx
                .query_one(
                    "INSERT INTO users (username, display_name, role, jurisdiction, password_hash, language, active,
                         created_seq, updated_seq)
                     VALUES (?, ?, ?, ?, ?, ?, 1, 0, 0) RETURNING id",
                    &[
                        u.username.into(),
                        u.display_name.into(),
                        u.role.code().into(),
                        u.jurisdiction.code().into(),
                        u.password_hash.into(),
                        u.language.into(),
                    ],
                )?
                .ok_or_else(|| StoreError::Corrupt("a user insert returned no id".into()))?;
            let id = row.i64(0)?;
            let payload = serde_json::json!({
                "id": id, "username": u.username, "display_name": u.display_name,
                "role": u.role.code(), "jurisdiction": u.jurisdiction.code(), "language": u.language,
            });
            let seq = append_next(
                tx,
                Append {
                    actor,
                    at: &stamp,
                    jurisdiction: u.jurisdiction,
                    kind: kinds::USER_CREATED,
                    subject: &format!("user/{id}"),
                    payload: &payload.to_string(),
                },
            )?;
            tx.execute(
                "UPDATE users SET created_seq = ?, updated_seq = ? WHERE id = ?",
                &[seq.into(), seq.into(), id.into()],
            )?;
            Ok(id)
        });
        match result {
            Err(e) if e.is_unique_violation() => {
                Err(StoreError::Conflict(format!("the user name '{}' is taken", u.username)))
            }
            other => other,
        }
    }

    pub fn user_by_username(&self, username: &str) -> Result<Option<User>, StoreError> {
        self.read(|tx| {
            tx.query_one(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?"),
                &[username.into()],
            )?
            .map(|r| user_of(&r))
            .transpose()
        })
    }

    pub fn users(&self) -> Result<Vec<User>, StoreError> {
        self.read(|tx| {
            tx.query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"), &[])?
                .iter()
                .map(user_of)
                .collect()
        })
    }

    fn user_event(
        tx: &mut dyn Tx,
        actor: &Actor,
        stamp: &str,
        user: &User,
        kind: &str,
        payload: serde_json::Value,
    ) -> Result<i64, StoreError> {
        append_next(
            tx,
            Append {
                actor,
                at: stamp,
                jurisdiction: user.jurisdiction,
                kind,
                subject: &format!("user/{}", user.id),
                payload: &payload.to_string(),
            },
        )
    }

    /// Changes a user's interface language ("es" or "en").
    pub fn set_language(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        user: &User,
        language: &str,
    ) -> Result<(), StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| {
            let seq = Self::user_event(
                tx,
                actor,
                &stamp,
                user,
                kinds::USER_LANGUAGE_CHANGED,
                serde_json::json!({ "language": language }),
            )?;
            tx.execute(
                "UPDATE users SET language = ?, updated_seq = ? WHERE id = ?",
                &[language.into(), seq.into(), user.id.into()],
            )?;
            Ok(())
        })
    }

    /// Replaces a user's password hash (the event records that it changed, not the hash).
    pub fn set_password_hash(
        &self,
        actor: &Actor,
        at: DateTime<Utc>,
        user: &User,
        hash: &str,
    ) -> Result<(), StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| {
            let seq = Self::user_event(
                tx,
                actor,
                &stamp,
                user,
                kinds::USER_PASSWORD_CHANGED,
                serde_json::json!({}),
            )?;
            tx.execute(
                "UPDATE users SET password_hash = ?, updated_seq = ? WHERE id = ?",
                &[hash.into(), seq.into(), user.id.into()],
            )?;
            tx.execute("DELETE FROM sessions WHERE user_id = ?", &[user.id.into()])?;
            Ok(())
        })
    }

    /// Starts a session: stores the hash of its id (the id itself lives only in the cookie).
    pub fn start_session(
        &self,
        at: DateTime<Utc>,
        user: &User,
        id_hash: &str,
        csrf_token: &str,
        expires_at: DateTime<Utc>,
        client: &str,
    ) -> Result<(), StoreError> {
        let stamp = timestamp(at);
        let actor = Actor::User {
            id: user.id,
            username: user.username.clone(),
        };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                &[
                    id_hash.into(),
                    user.id.into(),
                    csrf_token.into(),
                    stamp.clone().into(),
                    timestamp(expires_at).into(),
                ],
            )?;
            tx.execute(
                "DELETE FROM login_failures WHERE username = ?",
                &[user.username.clone().into()],
            )?;
            Self::user_event(
                tx,
                &actor,
                &stamp,
                user,
                kinds::SESSION_STARTED,
                serde_json::json!({ "client": client, "session": &id_hash[..12.min(id_hash.len())] }),
            )?;
            Ok(())
        })
    }

    /// The live session with this id hash, if it has not expired.
    pub fn session(&self, id_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionRecord>, StoreError> {
        let cols = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!(
                    "SELECT {cols}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.id_hash = ? AND s.expires_at > ? AND u.active = 1"
                ),
                &[id_hash.into(), timestamp(now).into()],
            )?
            else {
                return Ok(None);
            };
            Ok(Some(SessionRecord {
                user: user_of(&r)?,
                csrf_token: r.string(8)?,
                expires_at: r.string(9)?,
            }))
        })
    }

    /// Ends a session (logout).
    pub fn end_session(&self, at: DateTime<Utc>, id_hash: &str) -> Result<(), StoreError> {
        let stamp = timestamp(at);
        let Some(s) = self.session(id_hash, at)? else {
            return Ok(());
        };
        let actor = Actor::User {
            id: s.user.id,
            username: s.user.username.clone(),
        };
        self.write(|tx| {
            tx.execute("DELETE FROM sessions WHERE id_hash = ?", &[id_hash.into()])?;
            Self::user_event(tx, &actor, &stamp, &s.user, kinds::SESSION_ENDED, serde_json::json!({}))?;
            Ok(())
        })
    }

    /// Records a failed login, as an event and in the table that throttling counts.
    pub fn record_login_failure(&self, at: DateTime<Utc>, username: &str, client: &str) -> Result<(), StoreError> {
        let stamp = timestamp(at);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO login_failures (username, client, at) VALUES (?, ?, ?)",
                &[username.into(), client.into(), stamp.clone().into()],
            )?;
            append_next(
                tx,
                Append {
                    actor: &Actor::Public,
                    at: &stamp,
                    jurisdiction: Jurisdiction::Federal,
                    kind: "user.login_failed",
                    subject: &format!("login/{username}"),
                    payload: &serde_json::json!({ "username": username, "client": client }).to_string(),
                },
            )?;
            Ok(())
        })
    }

    /// Failed logins since `since`, for this user name and for this client address.
    pub fn login_failures_since(
        &self,
        username: &str,
        client: &str,
        since: DateTime<Utc>,
    ) -> Result<(i64, i64), StoreError> {
        let s = timestamp(since);
        self.read(|tx| {
            let by_user = tx
                .query_one(
                    "SELECT COUNT(*) FROM login_failures WHERE username = ? AND at > ?",
                    &[username.into(), s.clone().into()],
                )?
                .map(|r| r.i64(0))
                .transpose()?
                .unwrap_or(0);
            let by_client = tx
                .query_one(
                    "SELECT COUNT(*) FROM login_failures WHERE client = ? AND at > ?",
                    &[client.into(), s.into()],
                )?
                .map(|r| r.i64(0))
                .transpose()?
                .unwrap_or(0);
            Ok((by_user, by_client))
        })
    }

    /// Removes expired sessions (housekeeping; not an event: nothing a person did).
    pub fn purge_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.write(|tx| tx.execute("DELETE FROM sessions WHERE expires_at <= ?", &[timestamp(now).into()]))
    }
}
