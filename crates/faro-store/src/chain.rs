//! The hash chain of the event log: how an event's hash is computed, and how a stream of stored
//! events is verified link by link. Pure: no database here.

use sha2::{Digest, Sha256};
use std::fmt;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One stored event, exactly as it sits in the log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EventRecord {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub jurisdiction: String,
    pub kind: String,
    pub subject: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 over every field, each prefixed by its length so that no two different events can
/// produce the same input by moving text from one field to the next.
#[allow(clippy::too_many_arguments)]
pub fn event_hash(
    seq: i64,
    prev_hash: &str,
    at: &str,
    actor: &str,
    jurisdiction: &str,
    kind: &str,
    subject: &str,
    payload: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"faro-event-v1\n");
    for field in [
        &seq.to_string() as &str,
        prev_hash,
        at,
        actor,
        jurisdiction,
        kind,
        subject,
        payload,
    ] {
        h.update(field.len().to_string().as_bytes());
        h.update(b":");
        h.update(field.as_bytes());
        h.update(b"\n");
    }
    hex::encode(h.finalize())
}

impl EventRecord {
    pub fn computed_hash(&self) -> String {
        event_hash(
            self.seq,
            &self.prev_hash,
            &self.at,
            &self.actor,
            &self.jurisdiction,
            &self.kind,
            &self.subject,
            &self.payload,
        )
    }
}

/// The first place where the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum BrokenLink {
    /// Events are missing: a sequence number was skipped (a row was deleted).
    Gap { expected_seq: i64, found_seq: i64 },
    /// The event's content no longer matches its hash (the row was altered).
    ContentAltered { seq: i64 },
    /// The event does not point at the hash of the event before it (a row was replaced,
    /// re-hashed, or moved).
    WrongPrevious { seq: i64 },
    /// The head recorded at the last write does not match the last event (events were removed
    /// from the end, or added after it without going through Faro).
    HeadMismatch { head_seq: i64, last_seq: i64 },
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrokenLink::Gap { expected_seq, found_seq } => write!(
                f,
                "event {expected_seq} is missing (the next event found is {found_seq}): rows were deleted"
            ),
            BrokenLink::ContentAltered { seq } => {
                write!(f, "event {seq}: its content does not match its hash: the row was altered")
            }
            BrokenLink::WrongPrevious { seq } => write!(
                f,
                "event {seq}: it does not link to the hash of event {}: a row was replaced, re-hashed or reordered",
                seq - 1
            ),
            BrokenLink::HeadMismatch { head_seq, last_seq } => write!(
                f,
                "the chain head says the last event is {head_seq} but the log ends at {last_seq}: events were removed from or added to the end"
            ),
        }
    }
}

/// Walks the chain in order. Feed events by ascending seq, then call [`Verifier::finish`].
#[derive(Debug)]
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
    pub checked: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
            checked: 0,
        }
    }
}

impl Verifier {
    /// A verifier that continues a walk already made up to event `seq`, whose hash was `hash`.
    pub fn resume(seq: i64, hash: &str) -> Self {
        Self {
            expected_seq: seq + 1,
            prev_hash: hash.to_string(),
            checked: 0,
        }
    }

    pub fn feed(&mut self, ev: &EventRecord) -> Result<(), BrokenLink> {
        if ev.seq != self.expected_seq {
            return Err(BrokenLink::Gap {
                expected_seq: self.expected_seq,
                found_seq: ev.seq,
            });
        }
        if ev.computed_hash() != ev.hash {
            return Err(BrokenLink::ContentAltered { seq: ev.seq });
        }
        if ev.prev_hash != self.prev_hash {
            return Err(BrokenLink::WrongPrevious { seq: ev.seq });
        }
        self.prev_hash = ev.hash.clone();
        self.expected_seq += 1;
        self.checked += 1;
        Ok(())
    }

    /// Compares the end of the walk with the head written by the last transaction.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), BrokenLink> {
        let last_seq = self.expected_seq - 1;
        if head_seq != last_seq || head_hash != self.prev_hash {
            return Err(BrokenLink::HeadMismatch { head_seq, last_seq });
        }
        Ok(())
    }

    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<EventRecord> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = EventRecord {
                    seq,
                    at: format!("2026-01-01T00:00:{seq:02}Z"),
                    actor: "system:test".into(),
                    jurisdiction: "federal".into(),
                    kind: "test.happened".into(),
                    subject: format!("thing/{seq}"),
                    payload: format!("{{\"n\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.computed_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(events: &[EventRecord], head: (i64, &str)) -> Result<(), BrokenLink> {
        let mut v = Verifier::default();
        for e in events {
            v.feed(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, (5, &c[4].hash)), Ok(()));
    }

    #[test]
    fn detects_each_kind_of_tampering() {
        let c = chain(5);
        let head = (5, c[4].hash.clone());
        let mut altered = c.clone();
        altered[2].payload = "{\"n\":99}".into();
        assert_eq!(
            verify(&altered, (head.0, &head.1)),
            Err(BrokenLink::ContentAltered { seq: 3 })
        );
        let mut rehashed = altered.clone();
        rehashed[2].hash = rehashed[2].computed_hash();
        assert_eq!(
            verify(&rehashed, (head.0, &head.1)),
            Err(BrokenLink::WrongPrevious { seq: 4 })
        );
        let mut deleted = c.clone();
        deleted.remove(1);
        assert_eq!(
            verify(&deleted, (head.0, &head.1)),
            Err(BrokenLink::Gap {
                expected_seq: 2,
                found_seq: 3
            })
        );
        let truncated = &c[..4];
        assert_eq!(
            verify(truncated, (head.0, &head.1)),
            Err(BrokenLink::HeadMismatch {
                head_seq: 5,
                last_seq: 4
            })
        );
    }

    #[test]
    fn fields_cannot_bleed_into_each_other() {
        let a = event_hash(1, GENESIS_HASH, "t", "ab", "c", "k", "s", "p");
        let b = event_hash(1, GENESIS_HASH, "t", "a", "bc", "k", "s", "p");
        assert_ne!(a, b);
    }
}
