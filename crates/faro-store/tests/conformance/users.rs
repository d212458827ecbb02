//! Cases: staff accounts, sessions, login failures.

use chrono::Duration;
use faro_core::event::kinds;
use faro_core::{Actor, Jurisdiction, Role};

use crate::fixtures::*;
use crate::harness::Ctx;

pub fn users_create_and_read(ctx: &Ctx) {
    let store = &ctx.store;
    let id = store
        .create_user(&system(), at(1), &new_user("ana", Jurisdiction::State(state(9))))
        .expect("create ana");
    let ana = store.user_by_username("ana").expect("read").expect("ana exists");
    assert_eq!(ana.id, id);
    assert_eq!(ana.username, "ana");
    assert_eq!(ana.display_name, "Ana Pérez");
    assert_eq!(ana.role, Role::Inspector);
    assert_eq!(ana.jurisdiction, Jurisdiction::State(state(9)));
    assert_eq!(ana.password_hash, new_user("ana", Jurisdiction::Federal).password_hash);
    assert_eq!(ana.language, "es");
    assert!(ana.active);
    assert_eq!(store.user_by_username("nadie").expect("read"), None);
    assert_eq!(
        store.user_by_username("ANA").expect("read"),
        None,
        "user names are exact"
    );

    let mut admin = new_user("beto", Jurisdiction::Federal);
    admin.role = Role::Administrator;
    admin.language = "en";
    store.create_user(&system(), at(2), &admin).expect("create beto");
    let names: Vec<String> = store.users().expect("users").into_iter().map(|u| u.username).collect();
    assert_eq!(names, vec!["ana", "beto"]);
    let beto = store.user_by_username("beto").expect("read").expect("exists");
    assert_eq!(
        (beto.role, beto.jurisdiction, beto.language.as_str()),
        (Role::Administrator, Jurisdiction::Federal, "en")
    );

    // The creation event: who, where, what, about which record; never the password hash.
    let ev = store.event(1).expect("event").expect("exists");
    assert_eq!(ev.kind, kinds::USER_CREATED);
    assert_eq!(ev.subject, format!("user/{id}"));
    assert_eq!(ev.actor, "system:conformance");
    assert_eq!(ev.jurisdiction, "09");
    assert!(!ev.payload.contains("argon2"), "{}", ev.payload);
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("JSON");
    assert_eq!(payload["username"], "ana");
    assert_eq!(payload["role"], "inspector");

    // Language.
    store.set_language(&system(), at(3), &ana, "en").expect("set language");
    let ana2 = store.user_by_username("ana").expect("read").expect("exists");
    assert_eq!(ana2.language, "en");
    let ev = store
        .last_event_of_kind(kinds::USER_LANGUAGE_CHANGED)
        .expect("last")
        .expect("exists");
    assert_eq!(
        (ev.seq, ev.subject.as_str(), ev.jurisdiction.as_str()),
        (3, format!("user/{id}").as_str(), "09")
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&ev.payload).expect("JSON")["language"],
        "en"
    );

    // Password: the hash changes, the event does not carry it.
    store
        .set_password_hash(&system(), at(4), &ana2, "$argon2id$new")
        .expect("set password");
    assert_eq!(
        store
            .user_by_username("ana")
            .expect("read")
            .expect("exists")
            .password_hash,
        "$argon2id$new"
    );
    let ev = store
        .last_event_of_kind(kinds::USER_PASSWORD_CHANGED)
        .expect("last")
        .expect("exists");
    assert!(!ev.payload.contains("argon2"), "{}", ev.payload);

    let kinds_of_ana: Vec<String> = store
        .history(&format!("user/{id}"), &[])
        .expect("history")
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds_of_ana,
        vec![
            kinds::USER_CREATED,
            kinds::USER_LANGUAGE_CHANGED,
            kinds::USER_PASSWORD_CHANGED
        ]
    );
    assert!(store.verify_chain().expect("verify").is_intact());
}

pub fn sessions_start_lookup_expire_end(ctx: &Ctx) {
    let store = &ctx.store;
    let ana = make_user(store, "ana");
    let start = at(100);
    store
        .start_session(
            start,
            &ana,
            "hash-one-0123456789",
            "csrf-1",
            start + Duration::hours(1),
            "10.0.0.1",
        )
        .expect("start a session");

    // Live until it expires, then gone, also exactly at the expiry instant.
    let s = store
        .session("hash-one-0123456789", start + Duration::minutes(1))
        .expect("lookup")
        .expect("live");
    assert_eq!(s.user, ana);
    assert_eq!(s.csrf_token, "csrf-1");
    assert_eq!(s.expires_at, faro_store::timestamp(start + Duration::hours(1)));
    assert!(store
        .session("hash-one-0123456789", start + Duration::hours(1))
        .expect("lookup")
        .is_none());
    assert!(store
        .session("hash-one-0123456789", start + Duration::hours(2))
        .expect("lookup")
        .is_none());
    assert!(store.session("no-such-session", start).expect("lookup").is_none());

    // The session event is the user's own action, in their jurisdiction; only a prefix of the hash.
    let ev = store
        .last_event_of_kind(kinds::SESSION_STARTED)
        .expect("last")
        .expect("exists");
    assert_eq!(ev.actor, format!("user:{}:ana", ana.id));
    assert_eq!(ev.subject, format!("user/{}", ana.id));
    assert_eq!(ev.jurisdiction, "09");
    assert_eq!(ev.at, faro_store::timestamp(start));
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("JSON");
    assert_eq!(payload["client"], "10.0.0.1");
    assert_eq!(payload["session"], "hash-one-012");

    // Logout.
    let before = event_count(store);
    store
        .end_session(start + Duration::minutes(5), "hash-one-0123456789")
        .expect("end");
    assert!(store
        .session("hash-one-0123456789", start + Duration::minutes(6))
        .expect("lookup")
        .is_none());
    assert_eq!(event_count(store), before + 1);
    let ev = store
        .last_event_of_kind(kinds::SESSION_ENDED)
        .expect("last")
        .expect("exists");
    assert_eq!(
        (ev.actor.as_str(), ev.subject.as_str()),
        (
            format!("user:{}:ana", ana.id).as_str(),
            format!("user/{}", ana.id).as_str()
        )
    );
    // Ending an unknown or ended session is a no-op, without an event.
    store
        .end_session(start + Duration::minutes(7), "hash-one-0123456789")
        .expect("end again");
    assert_eq!(event_count(store), before + 1);

    // Purge removes only what has expired.
    store
        .start_session(
            start,
            &ana,
            "short-session-hash",
            "csrf-2",
            start + Duration::minutes(10),
            "10.0.0.1",
        )
        .expect("start short");
    store
        .start_session(
            start,
            &ana,
            "long-session-hash",
            "csrf-3",
            start + Duration::hours(8),
            "10.0.0.2",
        )
        .expect("start long");
    let events_before_purge = event_count(store);
    assert_eq!(
        store
            .purge_expired_sessions(start + Duration::minutes(5))
            .expect("purge"),
        0
    );
    assert_eq!(
        store
            .purge_expired_sessions(start + Duration::minutes(30))
            .expect("purge"),
        1
    );
    assert_eq!(
        store
            .purge_expired_sessions(start + Duration::minutes(30))
            .expect("purge"),
        0
    );
    assert_eq!(
        event_count(store),
        events_before_purge,
        "purging is housekeeping, not an event"
    );
    assert!(store
        .session("long-session-hash", start + Duration::minutes(30))
        .expect("lookup")
        .is_some());
    assert!(store
        .session("short-session-hash", start + Duration::minutes(1))
        .expect("lookup")
        .is_none());

    // A password change ends every session of the user.
    store
        .set_password_hash(&system(), at(200), &ana, "$argon2id$new")
        .expect("set password");
    assert!(store
        .session("long-session-hash", start + Duration::minutes(31))
        .expect("lookup")
        .is_none());

    // A session id is unique.
    store
        .start_session(start, &ana, "dup-session-hash", "c", start + Duration::hours(1), "x")
        .expect("start");
    let before = event_count(store);
    assert!(store
        .start_session(start, &ana, "dup-session-hash", "c", start + Duration::hours(1), "x")
        .is_err());
    assert_eq!(event_count(store), before);
    assert!(store.verify_chain().expect("verify").is_intact());
}

pub fn login_failures_are_counted(ctx: &Ctx) {
    let store = &ctx.store;
    let ana = make_user(store, "ana");
    let base = event_count(store);
    for i in 0..3 {
        store
            .record_login_failure(at(10 + i), "ana", "10.0.0.1")
            .expect("record failure");
    }
    store
        .record_login_failure(at(20), "beto", "10.0.0.1")
        .expect("record failure");
    store
        .record_login_failure(at(21), "ana", "10.0.0.9")
        .expect("record failure");
    assert_eq!(event_count(store), base + 5, "each failure is an event");

    assert_eq!(
        store.login_failures_since("ana", "10.0.0.1", at(0)).expect("count"),
        (4, 4)
    );
    assert_eq!(
        store.login_failures_since("beto", "10.0.0.9", at(0)).expect("count"),
        (1, 1)
    );
    // Only failures strictly after `since`.
    assert_eq!(
        store.login_failures_since("ana", "10.0.0.1", at(11)).expect("count"),
        (2, 2)
    );
    assert_eq!(
        store.login_failures_since("ana", "10.0.0.1", at(21)).expect("count"),
        (0, 0)
    );
    assert_eq!(
        store.login_failures_since("nadie", "192.0.2.1", at(0)).expect("count"),
        (0, 0)
    );

    let ev = store
        .last_event_of_kind("user.login_failed")
        .expect("last")
        .expect("exists");
    assert_eq!(ev.actor, Actor::Public.label());
    assert_eq!(ev.jurisdiction, "federal");
    assert_eq!(ev.subject, "login/ana");
    assert_eq!(ev.at, faro_store::timestamp(at(21)));

    // A successful login clears the user's failures, not the other users' ones from that client.
    store
        .start_session(at(30), &ana, "session-after-failures", "c", at(3600), "10.0.0.1")
        .expect("start session");
    assert_eq!(
        store.login_failures_since("ana", "10.0.0.1", at(0)).expect("count"),
        (0, 1)
    );
    assert_eq!(
        store.login_failures_since("beto", "10.0.0.1", at(0)).expect("count"),
        (1, 1)
    );
    assert!(store.verify_chain().expect("verify").is_intact());
}
