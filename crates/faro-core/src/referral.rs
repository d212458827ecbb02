//! Referral of child-labor and forced-labor findings to the competent authorities (child
//! protection, the public prosecutor), tracked to closure. A failed protocol item that calls for a
//! referral opens one automatically (see `inspection::Event::ReferralRequired`).
//!
//! ```text
//! open -> sent -> acknowledged -> closed
//!    \______\__________________/
//! ```
//! Immediate measures and follow-up notes can be recorded at any time before closing.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::LegalCalendar;
use crate::case::required_text as text;
use crate::inspection::{Matter, ReferralAuthority};
use crate::rules::{DeadlineUnit, Rules};
use crate::{DomainError, Jurisdiction};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Sent,
    Acknowledged,
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Sent, Status::Acknowledged, Status::Closed];
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Sent => "sent",
            Status::Acknowledged => "acknowledged",
            Status::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.code() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The authority took the case and acted (rescue, protection measures, investigation).
    Attended,
    /// The authority declared itself not competent; say in the note where it went.
    NotCompetent,
    /// The facts were not confirmed.
    NotConfirmed,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Attended, Outcome::NotCompetent, Outcome::NotConfirmed];
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Attended => "attended",
            Outcome::NotCompetent => "not_competent",
            Outcome::NotConfirmed => "not_confirmed",
        }
    }
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|k| k.code() == s.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub text: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub inspection_id: i64,
    pub workplace_id: i64,
    pub jurisdiction: Jurisdiction,
    pub authority: ReferralAuthority,
    pub matter: Matter,
    pub question_id: String,
    pub status: Status,
    pub opened_at: DateTime<Utc>,
    /// When it must be sent to the authority (rule `referral.send`).
    pub send_by: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub authority_name: String,
    pub reference: String,
    pub authority_case: String,
    /// When the next follow-up is due (rule `referral.follow_up`), while not closed.
    pub follow_up_by: Option<NaiveDate>,
    pub measures: Vec<Note>,
    pub follow_ups: Vec<Note>,
    pub outcome: Option<Outcome>,
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Open {
        inspection_id: i64,
        workplace_id: i64,
        jurisdiction: Jurisdiction,
        authority: ReferralAuthority,
        matter: Matter,
        question_id: String,
    },
    RecordMeasure {
        text: String,
    },
    Send {
        authority_name: String,
        reference: String,
    },
    Acknowledge {
        authority_case: String,
    },
    FollowUp {
        text: String,
    },
    Close {
        outcome: Outcome,
        text: String,
    },
}

impl Command {
    pub fn name(&self) -> &'static str {
        match self {
            Command::Open { .. } => "open",
            Command::RecordMeasure { .. } => "record_measure",
            Command::Send { .. } => "send",
            Command::Acknowledge { .. } => "acknowledge",
            Command::FollowUp { .. } => "follow_up",
            Command::Close { .. } => "close",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Opened {
        inspection_id: i64,
        workplace_id: i64,
        jurisdiction: Jurisdiction,
        authority: ReferralAuthority,
        matter: Matter,
        question_id: String,
        at: DateTime<Utc>,
        send_by: DateTime<Utc>,
    },
    MeasureRecorded {
        note: Note,
    },
    Sent {
        authority_name: String,
        reference: String,
        at: DateTime<Utc>,
        follow_up_by: NaiveDate,
    },
    Acknowledged {
        authority_case: String,
        at: DateTime<Utc>,
        follow_up_by: NaiveDate,
    },
    FollowedUp {
        note: Note,
        follow_up_by: NaiveDate,
    },
    Closed {
        outcome: Outcome,
        note: Note,
    },
}

impl Event {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Event::Opened { at, .. } | Event::Sent { at, .. } | Event::Acknowledged { at, .. } => *at,
            Event::MeasureRecorded { note } | Event::FollowedUp { note, .. } | Event::Closed { note, .. } => note.at,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Event::Opened { .. } => "referral.opened",
            Event::MeasureRecorded { .. } => "referral.measure_recorded",
            Event::Sent { .. } => "referral.sent",
            Event::Acknowledged { .. } => "referral.acknowledged",
            Event::FollowedUp { .. } => "referral.followed_up",
            Event::Closed { .. } => "referral.closed",
        }
    }
}

pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub rules: &'a Rules,
    pub calendar: &'a LegalCalendar,
}

fn next_follow_up(ctx: &Ctx<'_>) -> Result<NaiveDate, DomainError> {
    let today = ctx.now.date_naive();
    let rule = ctx.rules.deadline("referral.follow_up", today)?;
    Ok(match rule.unit {
        DeadlineUnit::Days(count) => ctx.calendar.deadline(today, rule.amount, count),
        DeadlineUnit::Hours => (ctx.now + Duration::hours(i64::from(rule.amount))).date_naive(),
    })
}

pub fn decide(state: Option<&Referral>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let Some(s) = state else {
        return match command {
            Command::Open {
                inspection_id,
                workplace_id,
                jurisdiction,
                authority,
                matter,
                question_id,
            } => {
                let rule = ctx.rules.deadline("referral.send", now.date_naive())?;
                let send_by = match rule.unit {
                    DeadlineUnit::Hours => now + Duration::hours(i64::from(rule.amount)),
                    DeadlineUnit::Days(count) => {
                        let day = ctx.calendar.deadline(now.date_naive(), rule.amount, count);
                        day.and_hms_opt(23, 59, 59).map(|t| t.and_utc()).unwrap_or(now)
                    }
                };
                Ok(vec![Event::Opened {
                    inspection_id: *inspection_id,
                    workplace_id: *workplace_id,
                    jurisdiction: *jurisdiction,
                    authority: *authority,
                    matter: *matter,
                    question_id: question_id.clone(),
                    at: now,
                    send_by,
                }])
            }
            other => Err(DomainError::new(
                "referral.not_found",
                format!("cannot {} a referral that does not exist", other.name()),
            )),
        };
    };
    let illegal = || {
        Err(DomainError::new(
            "referral.illegal_transition",
            format!("cannot {} a referral that is {}", command.name(), s.status.code()),
        )
        .with("command", command.name())
        .with("status", s.status.code()))
    };
    if s.status == Status::Closed {
        return illegal();
    }
    match command {
        Command::Open { .. } => Err(DomainError::new("referral.exists", "the referral is already open")),
        Command::RecordMeasure { text: t } => Ok(vec![Event::MeasureRecorded {
            note: Note {
                text: text("text", t, 4000)?,
                at: now,
            },
        }]),
        Command::Send {
            authority_name,
            reference,
        } => {
            if s.status != Status::Open {
                return illegal();
            }
            Ok(vec![Event::Sent {
                authority_name: text("authority_name", authority_name, 300)?,
                reference: text("reference", reference, 200)?,
                at: now,
                follow_up_by: next_follow_up(ctx)?,
            }])
        }
        Command::Acknowledge { authority_case } => {
            if s.status != Status::Sent {
                return illegal();
            }
            Ok(vec![Event::Acknowledged {
                authority_case: text("authority_case", authority_case, 200)?,
                at: now,
                follow_up_by: next_follow_up(ctx)?,
            }])
        }
        Command::FollowUp { text: t } => {
            if s.status == Status::Open {
                return illegal();
            }
            Ok(vec![Event::FollowedUp {
                note: Note {
                    text: text("text", t, 4000)?,
                    at: now,
                },
                follow_up_by: next_follow_up(ctx)?,
            }])
        }
        Command::Close { outcome, text: t } => {
            if s.status == Status::Open {
                return Err(DomainError::new(
                    "referral.not_sent",
                    "a referral is closed only after it was sent to the authority",
                ));
            }
            Ok(vec![Event::Closed {
                outcome: *outcome,
                note: Note {
                    text: text("text", t, 4000)?,
                    at: now,
                },
            }])
        }
    }
}

pub fn apply(state: Option<Referral>, event: &Event) -> Option<Referral> {
    if let Event::Opened {
        inspection_id,
        workplace_id,
        jurisdiction,
        authority,
        matter,
        question_id,
        at,
        send_by,
    } = event
    {
        return Some(Referral {
            inspection_id: *inspection_id,
            workplace_id: *workplace_id,
            jurisdiction: *jurisdiction,
            authority: *authority,
            matter: *matter,
            question_id: question_id.clone(),
            status: Status::Open,
            opened_at: *at,
            send_by: *send_by,
            sent_at: None,
            authority_name: String::new(),
            reference: String::new(),
            authority_case: String::new(),
            follow_up_by: None,
            measures: Vec::new(),
            follow_ups: Vec::new(),
            outcome: None,
            closed_at: None,
        });
    }
    let mut s = state?;
    match event {
        Event::Opened { .. } => {}
        Event::MeasureRecorded { note } => s.measures.push(note.clone()),
        Event::Sent {
            authority_name,
            reference,
            at,
            follow_up_by,
        } => {
            s.status = Status::Sent;
            s.authority_name = authority_name.clone();
            s.reference = reference.clone();
            s.sent_at = Some(*at);
            s.follow_up_by = Some(*follow_up_by);
        }
        Event::Acknowledged {
            authority_case,
            follow_up_by,
            ..
        } => {
            s.status = Status::Acknowledged;
            s.authority_case = authority_case.clone();
            s.follow_up_by = Some(*follow_up_by);
        }
        Event::FollowedUp { note, follow_up_by } => {
            s.follow_ups.push(note.clone());
            s.follow_up_by = Some(*follow_up_by);
        }
        Event::Closed { outcome, note } => {
            s.status = Status::Closed;
            s.outcome = Some(*outcome);
            s.follow_ups.push(note.clone());
            s.closed_at = Some(note.at);
            s.follow_up_by = None;
        }
    }
    Some(s)
}

pub fn execute(
    state: Option<&Referral>,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<(Vec<Event>, Referral), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("referral.not_found", "the referral does not exist")
    })
}

impl Referral {
    /// Is the referral late: not sent after its send-by time, or a follow-up overdue?
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            Status::Open => now > self.send_by,
            Status::Closed => false,
            _ => self.follow_up_by.is_some_and(|d| now.date_naive() > d),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use chrono::TimeZone;

    use super::*;
    use crate::catalog::Catalogs;
    use crate::law::Law;
    use crate::StateCode;

    fn law() -> &'static Law {
        static LAW: OnceLock<Law> = OnceLock::new();
        LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
    }

    #[test]
    fn a_referral_is_sent_within_24_hours_and_followed_to_closure() {
        let t = Utc.with_ymd_and_hms(2026, 3, 2, 16, 0, 0).unwrap();
        let open = Command::Open {
            inspection_id: 1,
            workplace_id: 2,
            jurisdiction: Jurisdiction::State(StateCode::new(14).unwrap()),
            authority: ReferralAuthority::ChildProtection,
            matter: Matter::ChildLabor,
            question_id: "cl.under_15".into(),
        };
        let (_, r) = execute(None, &open, &law().referral_ctx(t)).unwrap();
        assert_eq!(r.send_by, t + Duration::hours(24));
        assert!(!r.is_overdue(t + Duration::hours(23)));
        assert!(r.is_overdue(t + Duration::hours(25)));
        // Not closed before it was sent.
        let close = Command::Close {
            outcome: Outcome::Attended,
            text: "x".into(),
        };
        assert_eq!(
            decide(Some(&r), &close, &law().referral_ctx(t)).unwrap_err().code,
            "referral.not_sent"
        );
        let (_, r) = execute(
            Some(&r),
            &Command::RecordMeasure {
                text: "Se retiró al menor de la línea de producción".into(),
            },
            &law().referral_ctx(t),
        )
        .unwrap();
        let (_, r) = execute(
            Some(&r),
            &Command::Send {
                authority_name: "Procuraduría de Protección de NNA de Jalisco".into(),
                reference: "OF-123".into(),
            },
            &law().referral_ctx(t + Duration::hours(3)),
        )
        .unwrap();
        // Follow-up due 30 calendar days after sending (a configurable Faro default).
        assert_eq!(r.follow_up_by, NaiveDate::from_ymd_opt(2026, 4, 1));
        let (_, r) = execute(Some(&r), &close, &law().referral_ctx(t + Duration::days(5))).unwrap();
        assert_eq!(r.status, Status::Closed);
        assert!(!r.is_overdue(t + Duration::days(400)));
        assert_eq!(
            decide(
                Some(&r),
                &Command::FollowUp { text: "y".into() },
                &law().referral_ctx(t)
            )
            .unwrap_err()
            .code,
            "referral.illegal_transition"
        );
    }
}
