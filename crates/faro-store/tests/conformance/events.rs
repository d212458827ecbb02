//! Cases: the event log (metadata, history, recent, last of a kind), the hash chain under
//! concurrency, and tamper evidence: each kind of tampering is named at its first broken link.

use faro_core::event::kinds;
use faro_core::registry::{PersonKind, SizeBand};
use faro_core::{Jurisdiction, NewEvent};
use faro_store::chain::{event_hash, GENESIS_HASH};
use faro_store::{BrokenLink, EventRecord, Store, StoreError, Tx, Value};

use crate::fixtures::*;
use crate::harness::Ctx;

pub fn every_change_is_an_event(ctx: &Ctx) {
    let store = &ctx.store;
    let jal = Jurisdiction::State(state(14));
    let eid = store
        .register_employer(
            &system(),
            at(1),
            KEY_LUPE,
            &employer(Some(RFC_LUPE), "Grupo Doña Lupe", PersonKind::LegalEntity),
            jal,
        )
        .expect("register employer");
    let wid = store
        .register_workplace(
            &system(),
            at(2),
            eid,
            &workplace("faro:1", "Taquería", 14, "14039", "722514", SizeBand::B0To5),
        )
        .expect("register workplace");
    let batch = store.import_batch(&system(), at(3), &registry_batch()).expect("import");
    let ana = make_user(store, "ana");
    store.set_language(&system(), at(5), &ana, "en").expect("language");
    let custom = NewEvent::new(
        "demo.completed",
        Jurisdiction::Federal,
        "demo/1",
        serde_json::json!({ "seed": 7 }),
    );
    let custom_seq = store.record_event(&system(), at(6), &custom).expect("record event");
    store
        .start_session(at(7), &ana, "session-hash-abcdef", "csrf", at(3600), "10.0.0.1")
        .expect("session");
    store.record_login_failure(at(8), "beto", "10.0.0.2").expect("failure");
    store.end_session(at(9), "session-hash-abcdef").expect("end");

    let user_actor = format!("user:{}:ana", ana.id);
    let expected: Vec<(&str, &str, String, String)> = vec![
        (
            "system:conformance",
            "14",
            kinds::EMPLOYER_REGISTERED.into(),
            format!("employer/{eid}"),
        ),
        (
            "system:conformance",
            "14",
            kinds::WORKPLACE_REGISTERED.into(),
            format!("workplace/{wid}"),
        ),
        (
            "system:conformance",
            "federal",
            kinds::REGISTRY_BATCH_IMPORTED.into(),
            "import/demo".into(),
        ),
        (
            "system:conformance",
            "09",
            kinds::USER_CREATED.into(),
            format!("user/{}", ana.id),
        ),
        (
            "system:conformance",
            "09",
            kinds::USER_LANGUAGE_CHANGED.into(),
            format!("user/{}", ana.id),
        ),
        (
            "system:conformance",
            "federal",
            "demo.completed".into(),
            "demo/1".into(),
        ),
        (
            &user_actor,
            "09",
            kinds::SESSION_STARTED.into(),
            format!("user/{}", ana.id),
        ),
        ("public", "federal", "user.login_failed".into(), "login/beto".into()),
        (
            &user_actor,
            "09",
            kinds::SESSION_ENDED.into(),
            format!("user/{}", ana.id),
        ),
    ];
    let log = all_events(store);
    assert_eq!(log.len(), expected.len());
    assert_eq!((batch.seq, custom_seq), (3, 6));
    let mut prev = GENESIS_HASH.to_string();
    for (ev, (actor, jurisdiction, kind, subject)) in log.iter().zip(&expected) {
        assert_eq!(
            (ev.actor.as_str(), ev.jurisdiction.as_str(), &ev.kind, &ev.subject),
            (*actor, *jurisdiction, kind, subject),
            "event {}",
            ev.seq
        );
        assert_eq!(ev.prev_hash, prev, "event {} links to the one before", ev.seq);
        assert_eq!(ev.hash, ev.computed_hash(), "event {} hash", ev.seq);
        assert!(
            serde_json::from_str::<serde_json::Value>(&ev.payload).is_ok(),
            "event {} payload",
            ev.seq
        );
        prev = ev.hash.clone();
    }
    // Stored times are the given instants, RFC 3339 UTC with microseconds, on both backends.
    assert_eq!(log[0].at, "2026-03-02T10:00:01.000000Z");
    assert_eq!(log[8].at, faro_store::timestamp(at(9)));
    assert_eq!(
        store.event(custom_seq).expect("event").expect("exists").payload,
        r#"{"seed":7}"#
    );
    assert_eq!(store.event(0).expect("event"), None);
    assert_eq!(store.event(10).expect("event"), None);

    // history(): a record's events oldest first, plus named bulk events, without duplicates.
    let h = store.history(&format!("employer/{eid}"), &[]).expect("history");
    assert_eq!(h.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1]);
    assert_eq!(h[0].actor, "system:conformance");
    assert_eq!(h[0].kind, kinds::EMPLOYER_REGISTERED);
    assert_eq!(h[0].at, log[0].at);
    let h = store
        .history(&format!("user/{}", ana.id), &[3, 1, 3, 99])
        .expect("history");
    assert_eq!(h.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 3, 4, 5, 7, 9]);
    assert!(store.history("employer/999999", &[]).expect("history").is_empty());

    // recent_events(): newest first, limited.
    let recent = store.recent_events(3).expect("recent");
    assert_eq!(recent.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![9, 8, 7]);
    assert_eq!(recent[1].subject, "login/beto");
    assert_eq!(store.recent_events(100).expect("recent").len(), 9);

    // last_event_of_kind(): the latest of several, or none.
    store.set_language(&system(), at(10), &ana, "es").expect("language");
    let last = store
        .last_event_of_kind(kinds::USER_LANGUAGE_CHANGED)
        .expect("last")
        .expect("exists");
    assert_eq!(last.seq, 10);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&last.payload).expect("JSON")["language"],
        "es"
    );
    assert_eq!(store.last_event_of_kind("no.such.kind").expect("last"), None);

    // The whole chain verifies, and the head is the last event.
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.events_checked, report.head_seq), (10, 10));
    assert_eq!(report.head_hash, last.hash);
    assert_eq!(store.counts().expect("counts").events, 10);
}

pub fn concurrent_appends_keep_the_chain(ctx: &Ctx) {
    let store = &ctx.store;
    const THREADS: i64 = 4;
    const EACH: i64 = 15;
    std::thread::scope(|s| {
        for t in 0..THREADS {
            s.spawn(move || {
                for i in 0..EACH {
                    let ev = NewEvent::new(
                        "test.concurrent",
                        Jurisdiction::Federal,
                        format!("thread/{t}"),
                        serde_json::json!({ "i": i }),
                    );
                    store.record_event(&system(), at(i), &ev).expect("record concurrently");
                }
            });
        }
    });
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(
        (report.events_checked, report.head_seq),
        ((THREADS * EACH) as u64, THREADS * EACH)
    );
    for t in 0..THREADS {
        assert_eq!(
            store.history(&format!("thread/{t}"), &[]).expect("history").len() as i64,
            EACH
        );
    }
}

/// Verification reads one snapshot: events committed while it runs never look like tampering.
pub fn verify_during_writes(ctx: &Ctx) {
    let store = &ctx.store;
    seed_events(store, 50);
    let done = std::sync::atomic::AtomicBool::new(false);
    let verified = std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for i in 0..150 {
                let ev = NewEvent::new(
                    "test.more",
                    Jurisdiction::Federal,
                    "more",
                    serde_json::json!({ "i": i }),
                );
                let r = store.record_event(&system(), at(i), &ev);
                if r.is_err() {
                    done.store(true, std::sync::atomic::Ordering::SeqCst);
                    return r.map(|_| ());
                }
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
            Ok::<(), StoreError>(())
        });
        let mut verified = 0;
        while !done.load(std::sync::atomic::Ordering::SeqCst) {
            let report = store.verify_chain().expect("verify while writing");
            assert!(
                report.is_intact(),
                "a concurrent append looked like tampering: {report:?}"
            );
            assert_eq!(report.events_checked as i64, report.head_seq);
            verified += 1;
        }
        writer.join().expect("writer thread").expect("writes");
        verified
    });
    assert!(verified > 0);
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.head_seq, 200);
}

// ---------------------------------------------------------------------------------------------
// Tamper evidence. Each case seeds five events, changes the stored log with raw SQL the way an
// intruder with database access could, and checks the exact first broken link.

const N: i64 = 5;

fn raw(store: &Store, sql: &str, params: &[Value]) -> u64 {
    store
        .write(|tx| tx.execute(sql, params))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Overwrites every column of event `seq` but `seq` itself with `r`'s.
fn put_event(tx: &mut dyn Tx, seq: i64, r: &EventRecord) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE events SET at = ?, actor = ?, jurisdiction = ?, kind = ?, subject = ?, payload = ?, prev_hash = ?, hash = ?
         WHERE seq = ?",
        &[
            r.at.clone().into(),
            r.actor.clone().into(),
            r.jurisdiction.clone().into(),
            r.kind.clone().into(),
            r.subject.clone().into(),
            r.payload.clone().into(),
            r.prev_hash.clone().into(),
            r.hash.clone().into(),
            seq.into(),
        ],
    )
}

fn insert_event(tx: &mut dyn Tx, r: &EventRecord) -> Result<u64, StoreError> {
    tx.execute(
        "INSERT INTO events (seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &[
            r.seq.into(),
            r.at.clone().into(),
            r.actor.clone().into(),
            r.jurisdiction.clone().into(),
            r.kind.clone().into(),
            r.subject.clone().into(),
            r.payload.clone().into(),
            r.prev_hash.clone().into(),
            r.hash.clone().into(),
        ],
    )
}

/// Recomputes the stored hash of event `seq` from its (possibly altered) content.
fn rehash(store: &Store, seq: i64) -> String {
    let ev = store.event(seq).expect("read").expect("exists");
    let h = event_hash(
        ev.seq,
        &ev.prev_hash,
        &ev.at,
        &ev.actor,
        &ev.jurisdiction,
        &ev.kind,
        &ev.subject,
        &ev.payload,
    );
    raw(
        store,
        "UPDATE events SET hash = ? WHERE seq = ?",
        &[h.clone().into(), seq.into()],
    );
    h
}

fn broken(store: &Store) -> (Option<BrokenLink>, u64) {
    let r = store.verify_chain().expect("verify runs on a tampered log");
    (r.broken, r.events_checked)
}

fn seeded(ctx: &Ctx) -> Vec<EventRecord> {
    let log = seed_events(&ctx.store, N);
    let report = ctx.store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.head_seq, N);
    log
}

pub fn tamper_altered_payload(ctx: &Ctx) {
    let store = &ctx.store;
    seeded(ctx);
    assert_eq!(
        raw(
            store,
            "UPDATE events SET payload = ? WHERE seq = 3",
            &[r#"{"n":99}"#.into()]
        ),
        1
    );
    assert_eq!(broken(store), (Some(BrokenLink::ContentAltered { seq: 3 }), 2));
    // Any other column counts as content too.
    raw(
        store,
        "UPDATE events SET actor = ? WHERE seq = 2",
        &["system:someone-else".into()],
    );
    assert_eq!(broken(store).0, Some(BrokenLink::ContentAltered { seq: 2 }));
    raw(
        store,
        "UPDATE events SET at = ? WHERE seq = 1",
        &["2020-01-01T00:00:00.000000Z".into()],
    );
    assert_eq!(broken(store), (Some(BrokenLink::ContentAltered { seq: 1 }), 0));
}

pub fn tamper_deleted_middle_event(ctx: &Ctx) {
    let store = &ctx.store;
    seeded(ctx);
    assert_eq!(raw(store, "DELETE FROM events WHERE seq = 3", &[]), 1);
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::Gap {
                expected_seq: 3,
                found_seq: 4
            }),
            2
        )
    );
    assert_eq!(raw(store, "DELETE FROM events WHERE seq = 1", &[]), 1);
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::Gap {
                expected_seq: 1,
                found_seq: 2
            }),
            0
        )
    );
}

pub fn tamper_rehashed_event(ctx: &Ctx) {
    let store = &ctx.store;
    let log = seeded(ctx);
    raw(
        store,
        "UPDATE events SET payload = ? WHERE seq = 3",
        &[r#"{"n":99}"#.into()],
    );
    let new3 = rehash(store, 3);
    assert_ne!(new3, log[2].hash);
    // Event 3 now matches its own hash; event 4 still points at the old one.
    assert_eq!(broken(store), (Some(BrokenLink::WrongPrevious { seq: 4 }), 3));
    // Re-linking and re-hashing the whole tail leaves only the head to tell.
    let mut prev = new3;
    for seq in 4..=N {
        raw(
            store,
            "UPDATE events SET prev_hash = ? WHERE seq = ?",
            &[prev.clone().into(), seq.into()],
        );
        prev = rehash(store, seq);
    }
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::HeadMismatch {
                head_seq: N,
                last_seq: N
            }),
            N as u64
        )
    );
}

pub fn tamper_deleted_last_event(ctx: &Ctx) {
    let store = &ctx.store;
    seeded(ctx);
    assert_eq!(raw(store, "DELETE FROM events WHERE seq = ?", &[N.into()]), 1);
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::HeadMismatch {
                head_seq: N,
                last_seq: N - 1
            }),
            (N - 1) as u64
        )
    );
    raw(store, "DELETE FROM events", &[]);
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::HeadMismatch {
                head_seq: N,
                last_seq: 0
            }),
            0
        )
    );
}

pub fn tamper_appended_after_head(ctx: &Ctx) {
    let store = &ctx.store;
    let log = seeded(ctx);
    // A well-formed event, correctly linked and hashed, but written around Faro (head not moved).
    let last = &log[(N - 1) as usize];
    let mut extra = EventRecord {
        seq: N + 1,
        at: faro_store::timestamp(at(100)),
        actor: "system:conformance".into(),
        jurisdiction: "federal".into(),
        kind: "test.happened".into(),
        subject: "thing/forged".into(),
        payload: "{}".into(),
        prev_hash: last.hash.clone(),
        hash: String::new(),
    };
    extra.hash = extra.computed_hash();
    store
        .write(|tx| insert_event(tx, &extra))
        .expect("insert a forged event");
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::HeadMismatch {
                head_seq: N,
                last_seq: N + 1
            }),
            (N + 1) as u64
        )
    );
}

pub fn tamper_head_hash(ctx: &Ctx) {
    let store = &ctx.store;
    seeded(ctx);
    raw(
        store,
        "UPDATE event_chain_head SET last_hash = ? WHERE id = 1",
        &[GENESIS_HASH.into()],
    );
    assert_eq!(
        broken(store),
        (
            Some(BrokenLink::HeadMismatch {
                head_seq: N,
                last_seq: N
            }),
            N as u64
        )
    );
}

pub fn tamper_reordered_events(ctx: &Ctx) {
    let store = &ctx.store;
    let log = seeded(ctx);
    // Swap the contents of events 2 and 3 (the same as swapping their numbers).
    store
        .write(|tx| {
            put_event(tx, 2, &log[2])?;
            put_event(tx, 3, &log[1])
        })
        .expect("swap two events");
    assert_eq!(broken(store), (Some(BrokenLink::ContentAltered { seq: 2 }), 1));
    // Re-hashing each swapped row under its new number is still caught at the first one.
    rehash(store, 2);
    rehash(store, 3);
    assert_eq!(broken(store), (Some(BrokenLink::WrongPrevious { seq: 2 }), 1));
}

/// The verifier pages through the log; a break past the first page is still found exactly.
pub fn tamper_found_past_a_page(ctx: &Ctx) {
    let store = &ctx.store;
    // One batch-free way to make many events fast: one write with many raw, correct appends.
    const MANY: i64 = 5_200;
    store
        .write(|tx| {
            let mut prev = GENESIS_HASH.to_string();
            for seq in 1..=MANY {
                let mut r = EventRecord {
                    seq,
                    at: faro_store::timestamp(at(seq)),
                    actor: "system:conformance".into(),
                    jurisdiction: "federal".into(),
                    kind: "test.bulk".into(),
                    subject: format!("bulk/{seq}"),
                    payload: "{}".into(),
                    prev_hash: prev,
                    hash: String::new(),
                };
                r.hash = r.computed_hash();
                insert_event(tx, &r)?;
                prev = r.hash;
            }
            tx.execute(
                "UPDATE event_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1",
                &[MANY.into(), prev.into()],
            )
        })
        .expect("write many events");
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.events_checked, MANY as u64);
    raw(store, "UPDATE events SET subject = 'x' WHERE seq = 5100", &[]);
    assert_eq!(broken(store), (Some(BrokenLink::ContentAltered { seq: 5100 }), 5099));
}
