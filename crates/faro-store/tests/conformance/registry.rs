//! Cases: migrations, the employer and workplace registry, search, imports, conflicts, rollback.

use std::collections::BTreeMap;

use chrono::Utc;
use faro_core::event::kinds;
use faro_core::registry::{PersonKind, RegistryBatch, SizeBand};
use faro_core::Jurisdiction;
use faro_store::chain::GENESIS_HASH;
use faro_store::registry::{RegistryCounts, WorkplaceQuery};
use faro_store::{Store, StoreError, Value};

use crate::fixtures::*;
use crate::harness::Ctx;

fn schema_versions(store: &Store) -> Vec<(i64, String)> {
    store
        .read(|tx| {
            tx.query("SELECT version, name FROM schema_migrations ORDER BY version", &[])?
                .iter()
                .map(|r| Ok((r.i64(0)?, r.string(1)?)))
                .collect()
        })
        .expect("read schema_migrations")
}

pub fn migrations_apply_once(ctx: &Ctx) {
    let store = &ctx.store;
    // The first run applied every migration, in order, starting with the initial schema.
    assert_eq!(ctx.first_migration.first().map(String::as_str), Some("0001_init"));
    let recorded = schema_versions(store);
    let names: Vec<String> = recorded.iter().map(|(v, n)| format!("{v:04}_{n}")).collect();
    assert_eq!(names, ctx.first_migration);
    // A second run applies nothing and changes nothing.
    assert_eq!(store.migrate(Utc::now()).expect("second migrate"), Vec::<String>::new());
    assert_eq!(schema_versions(store), recorded);
    // Another process opening the same database finds it migrated.
    let other = ctx.reopen();
    assert_eq!(
        other.migrate(Utc::now()).expect("migrate from a second store"),
        Vec::<String>::new()
    );
    other.ping().expect("the migrated database answers ping");
    // The empty database: no rows, the chain at genesis and intact.
    assert_eq!(
        store.counts().expect("counts"),
        RegistryCounts {
            employers: 0,
            workplaces: 0,
            events: 0
        }
    );
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!((report.events_checked, report.head_seq), (0, 0));
    assert_eq!(report.head_hash, GENESIS_HASH);
    assert!(store.recent_events(10).expect("recent").is_empty());
}

pub fn migrations_refuse_unknown_history(ctx: &Ctx) {
    let store = &ctx.store;
    // A migration that was edited after being applied is refused.
    store
        .write(|tx| {
            tx.execute(
                "UPDATE schema_migrations SET checksum = ? WHERE version = 1",
                &["edited".into()],
            )
        })
        .expect("alter the checksum");
    match store.migrate(Utc::now()) {
        Err(StoreError::Config(m)) => assert!(m.contains("differs"), "{m}"),
        other => panic!("an edited migration must be refused, got {other:?}"),
    }
    // A version this binary does not know (a newer Faro migrated the database) is refused.
    store
        .write(|tx| tx.execute("DELETE FROM schema_migrations WHERE version = 1", &[]))
        .expect("forget the migration record");
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                &[
                    Value::Int(999),
                    "future".into(),
                    "x".into(),
                    "2030-01-01T00:00:00.000000Z".into(),
                ],
            )
        })
        .expect("record a future migration");
    match store.migrate(Utc::now()) {
        Err(StoreError::Config(m)) => assert!(m.contains("newer Faro"), "{m}"),
        other => panic!("an unknown schema version must be refused, got {other:?}"),
    }
}

pub fn register_and_read_back(ctx: &Ctx) {
    let store = &ctx.store;
    let jur = Jurisdiction::State(state(9));
    let draft = employer(Some(RFC_SOL), "Panificadora El Sol", PersonKind::LegalEntity);
    let eid = store
        .register_employer(&system(), at(1), KEY_SOL, &draft, jur)
        .expect("register employer");
    let wp = full_workplace("faro:wp-1");
    let wid = store
        .register_workplace(&system(), at(2), eid, &wp)
        .expect("register workplace");

    let e = store.employer(eid).expect("read employer").expect("employer exists");
    assert_eq!(e.id, eid);
    assert_eq!(e.key, KEY_SOL);
    assert_eq!(e.rfc.as_deref(), Some(RFC_SOL));
    assert_eq!(e.name, "Panificadora El Sol");
    assert_eq!(e.legal_form, "S.A. de C.V.");
    assert_eq!(e.person_kind, "legal_entity");
    assert_eq!(e.workplace_count, 1);
    assert_eq!((e.created_seq, e.updated_seq), (1, 1));
    assert_eq!(store.employers_by_rfc(RFC_SOL).expect("by rfc"), vec![eid]);
    assert!(store.employers_by_rfc("XXX000000XX0").expect("by rfc").is_empty());

    let w = store.workplace(wid).expect("read workplace").expect("workplace exists");
    assert_eq!(w.id, wid);
    assert_eq!(w.source_key, "faro:wp-1");
    assert_eq!(w.name, "Panadería El Sol Centro");
    assert_eq!(w.employer_id, eid);
    assert_eq!(w.employer_name, "Panificadora El Sol");
    assert_eq!(w.employer_rfc.as_deref(), Some(RFC_SOL));
    assert_eq!(w.denue_id, Some(6_543_210));
    assert_eq!(
        (w.street.as_str(), w.exterior_number.as_str(), w.settlement.as_str()),
        ("Av. Reforma", "12", "Centro")
    );
    assert_eq!((w.postal_code.as_str(), w.locality.as_str()), ("06000", "Ciudad"));
    assert_eq!((w.state.as_str(), w.municipality.as_str()), ("09", "09015"));
    assert_eq!((w.scian_class.as_str(), w.size_band.as_str()), ("311812", "11-30"));
    assert_eq!(w.headcount, Some(23));
    assert_eq!(w.latitude, Some(19.432_608));
    assert_eq!(w.longitude, Some(-99.133_209));
    assert_eq!(w.registered_on.as_deref(), Some("2019-05-01"));
    assert_eq!((w.created_seq, w.updated_seq), (2, 2));

    // A workplace with every optional field empty reads back as empty.
    let bare = workplace("faro:wp-2", "Bodega", 9, "09005", "493111", SizeBand::B0To5);
    let bid = store
        .register_workplace(&system(), at(3), eid, &bare)
        .expect("register bare workplace");
    let b = store.workplace(bid).expect("read").expect("exists");
    assert_eq!(
        (b.denue_id, b.headcount, b.latitude, b.longitude),
        (None, None, None, None)
    );
    assert_eq!(b.registered_on, None);
    assert_eq!(store.employer(eid).expect("read").expect("exists").workplace_count, 2);

    // Absent records and missing employers.
    assert_eq!(store.employer(eid + 1000).expect("read"), None);
    assert_eq!(store.workplace(wid + 1000).expect("read"), None);
    let before = event_count(store);
    match store.register_workplace(
        &system(),
        at(4),
        eid + 1000,
        &workplace("faro:x", "X", 9, "09005", "1", SizeBand::B0To5),
    ) {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("a workplace of a missing employer must be NotFound, got {other:?}"),
    }
    assert_eq!(event_count(store), before);

    // The events name the records they created, with the id the store assigned.
    let ev = store.event(1).expect("event").expect("exists");
    assert_eq!(ev.kind, kinds::EMPLOYER_REGISTERED);
    assert_eq!(ev.subject, format!("employer/{eid}"));
    assert_eq!(ev.jurisdiction, "09");
    assert_eq!(ev.actor, "system:conformance");
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("payload is JSON");
    assert_eq!(payload["id"], eid);
    assert_eq!(payload["key"], KEY_SOL);
    let ev = store.event(2).expect("event").expect("exists");
    assert_eq!(ev.kind, kinds::WORKPLACE_REGISTERED);
    assert_eq!(ev.subject, format!("workplace/{wid}"));
    assert_eq!(ev.jurisdiction, "09");
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("payload is JSON");
    assert_eq!(payload["id"], wid);
    assert_eq!(payload["employer_id"], eid);
    assert!(store.verify_chain().expect("verify").is_intact());
}

/// Imports the fixture batch and returns workplace ids by source key.
fn import_fixture(store: &Store) -> BTreeMap<String, i64> {
    let out = store.import_batch(&system(), at(1), &registry_batch()).expect("import");
    assert_eq!((out.employers, out.workplaces), (3, 6));
    let page = store
        .search_workplaces(&WorkplaceQuery {
            limit: 200,
            ..Default::default()
        })
        .expect("list everything");
    page.items
        .iter()
        .map(|s| {
            let d = store.workplace(s.id).expect("read").expect("exists");
            (d.source_key, d.id)
        })
        .collect()
}

/// The source keys of a search's results, in result order.
fn keys_of(store: &Store, ids: &BTreeMap<String, i64>, q: WorkplaceQuery) -> (Vec<String>, bool) {
    let page = store
        .search_workplaces(&q)
        .unwrap_or_else(|e| panic!("search {q:?}: {e}"));
    let by_id: BTreeMap<i64, &String> = ids.iter().map(|(k, v)| (*v, k)).collect();
    let keys = page.items.iter().map(|s| by_id[&s.id].clone()).collect();
    (keys, page.has_more)
}

fn q() -> WorkplaceQuery {
    WorkplaceQuery {
        limit: 50,
        ..Default::default()
    }
}

fn keys(list: &[&str]) -> Vec<String> {
    list.iter().map(|k| format!("demo:{k}")).collect()
}

pub fn search_workplaces(ctx: &Ctx) {
    let store = &ctx.store;
    let ids = import_fixture(store);
    assert_eq!(ids.len(), 6);
    // Ids follow insertion order, and results are ordered by id.
    let in_order: Vec<i64> = (1..=6).map(|n| ids[&format!("demo:{n}")]).collect();
    assert!(in_order.windows(2).all(|w| w[0] < w[1]), "{in_order:?}");
    let search = |query: WorkplaceQuery| keys_of(store, &ids, query);
    let text = |t: &str| {
        search(WorkplaceQuery {
            text: Some(t.into()),
            ..q()
        })
        .0
    };

    // Everything.
    assert_eq!(search(q()), (keys(&["1", "2", "3", "4", "5", "6"]), false));
    // Text: each word a prefix, accents ignored, employer names included, case-insensitive.
    assert_eq!(text("pan"), keys(&["1", "2"]));
    assert_eq!(text("Panadería"), keys(&["1", "2"]));
    assert_eq!(text("PANADERIA el"), keys(&["1", "2"]));
    assert_eq!(text("panif"), keys(&["1", "2"]), "the employer's name is searchable");
    assert_eq!(text("sol cen"), keys(&["1"]));
    assert_eq!(text("lupe"), keys(&["3", "6"]));
    assert_eq!(text("doña"), keys(&["3", "6"]));
    assert_eq!(text("DOÑA"), keys(&["3", "6"]));
    // Ñ is its own letter on both backends: "dona" is another word.
    assert_eq!(text("dona"), Vec::<String>::new());
    assert_eq!(text("taqu"), keys(&["3"]));
    assert_eq!(text("esperanza suc"), keys(&["5"]));
    assert_eq!(text("zzz"), Vec::<String>::new());
    assert_eq!(text("pan zzz"), Vec::<String>::new(), "every word must match");
    // Query syntax cannot be injected; text with no words is no filter.
    assert_eq!(text("\"pan\" OR *"), Vec::<String>::new());
    assert_eq!(
        text("pan:* | lupe"),
        Vec::<String>::new(),
        "words, not tsquery operators"
    );
    assert_eq!(text("sol) (cen"), keys(&["1"]));
    assert_eq!(text("  & "), keys(&["1", "2", "3", "4", "5", "6"]));

    // RFC prefix, case-insensitive, wildcards stripped.
    let rfc = |r: &str| {
        search(WorkplaceQuery {
            rfc: Some(r.into()),
            ..q()
        })
        .0
    };
    assert_eq!(rfc("PES"), keys(&["1", "2"]));
    assert_eq!(rfc("pes0101"), keys(&["1", "2"]));
    assert_eq!(rfc(RFC_LUPE), keys(&["3", "6"]));
    assert_eq!(rfc("P_S"), Vec::<String>::new(), "_ is not a wildcard");
    assert_eq!(rfc("ZZZ"), Vec::<String>::new());

    // State, municipality, SCIAN prefix, size band, employer.
    let st = |n: u8| {
        search(WorkplaceQuery {
            state: Some(state(n)),
            ..q()
        })
        .0
    };
    assert_eq!(st(14), keys(&["3", "4", "5"]));
    assert_eq!(st(9), keys(&["1", "2", "6"]));
    assert_eq!(st(1), Vec::<String>::new());
    let mun = |m: &str| {
        search(WorkplaceQuery {
            municipality: Some(m.into()),
            ..q()
        })
        .0
    };
    assert_eq!(mun("14039"), keys(&["3", "4"]));
    assert_eq!(mun("09015"), keys(&["1", "6"]));
    assert_eq!(mun("0901"), Vec::<String>::new(), "municipality is exact, not a prefix");
    let scian = |s: &str| {
        search(WorkplaceQuery {
            scian: Some(s.into()),
            ..q()
        })
        .0
    };
    assert_eq!(scian("46"), keys(&["4", "5"]));
    assert_eq!(scian("7225"), keys(&["3", "6"]));
    assert_eq!(scian("311812"), keys(&["1", "2"]));
    assert_eq!(scian("3"), keys(&["1", "2"]));
    assert_eq!(scian("9"), Vec::<String>::new());
    let band = |b: &str| {
        search(WorkplaceQuery {
            size_band: Some(b.into()),
            ..q()
        })
        .0
    };
    assert_eq!(band("0-5"), keys(&["3", "4", "5"]));
    assert_eq!(band("6-10"), keys(&["2", "6"]));
    assert_eq!(band("251+"), Vec::<String>::new());
    let esperanza = store
        .workplace(ids["demo:4"])
        .expect("read")
        .expect("exists")
        .employer_id;
    assert_eq!(
        search(WorkplaceQuery {
            employer_id: Some(esperanza),
            ..q()
        })
        .0,
        keys(&["4", "5"])
    );
    // Filters combine.
    assert_eq!(
        search(WorkplaceQuery {
            text: Some("lupe".into()),
            state: Some(state(9)),
            ..q()
        })
        .0,
        keys(&["6"])
    );
    assert_eq!(
        search(WorkplaceQuery {
            scian: Some("46".into()),
            municipality: Some("14120".into()),
            size_band: Some("0-5".into()),
            ..q()
        })
        .0,
        keys(&["5"])
    );

    // The summary carries the employer.
    let page = store
        .search_workplaces(&WorkplaceQuery {
            text: Some("taqueria".into()),
            ..q()
        })
        .expect("search");
    let s = &page.items[0];
    assert_eq!(s.name, "Taquería Doña Lupe");
    assert_eq!(s.employer_name, "Grupo Doña Lupe");
    assert_eq!(s.employer_rfc.as_deref(), Some(RFC_LUPE));
    assert_eq!(
        (
            s.state.as_str(),
            s.municipality.as_str(),
            s.scian_class.as_str(),
            s.size_band.as_str()
        ),
        ("14", "14039", "722514", "0-5")
    );

    // Keyset pagination: pages of two, each after the last id of the one before.
    let page_after = |after: Option<i64>, limit: u32| {
        search(WorkplaceQuery {
            after_id: after,
            limit,
            ..Default::default()
        })
    };
    assert_eq!(page_after(None, 2), (keys(&["1", "2"]), true));
    assert_eq!(page_after(Some(ids["demo:2"]), 2), (keys(&["3", "4"]), true));
    assert_eq!(page_after(Some(ids["demo:4"]), 2), (keys(&["5", "6"]), false));
    assert_eq!(page_after(Some(ids["demo:6"]), 2), (Vec::new(), false));
    assert_eq!(
        page_after(None, 6),
        (keys(&["1", "2", "3", "4", "5", "6"]), false),
        "an exact fit has no more"
    );
    assert!(page_after(None, 5).1);
    assert_eq!(page_after(None, 0), (keys(&["1"]), true), "a limit of 0 is raised to 1");
    // Pagination through a text search and through a filter.
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let (page, more) = search(WorkplaceQuery {
            text: Some("e".into()),
            after_id: after,
            limit: 1,
            ..Default::default()
        });
        assert_eq!(page.len(), 1);
        after = Some(ids[&page[0]]);
        seen.extend(page);
        if !more {
            break;
        }
    }
    assert_eq!(seen, keys(&["1", "2", "4", "5", "6"]));
    assert_eq!(seen, text("e"));
    assert_eq!(
        search(WorkplaceQuery {
            state: Some(state(14)),
            after_id: Some(ids["demo:3"]),
            limit: 1,
            ..Default::default()
        }),
        (keys(&["4"]), true)
    );
}

pub fn import_batch_is_idempotent(ctx: &Ctx) {
    let store = &ctx.store;
    let first = store
        .import_batch(&system(), at(1), &registry_batch())
        .expect("first import");
    assert_eq!((first.seq, first.employers, first.workplaces), (1, 3, 6));
    let counts = store.counts().expect("counts");
    assert_eq!(
        counts,
        RegistryCounts {
            employers: 3,
            workplaces: 6,
            events: 1
        }
    );
    let everything = WorkplaceQuery {
        limit: 200,
        ..Default::default()
    };
    let ids_before: Vec<i64> = store
        .search_workplaces(&everything)
        .expect("list")
        .items
        .iter()
        .map(|s| s.id)
        .collect();

    // The same source keys again, one workplace and one employer renamed.
    crate::storage::assert_workplace_counts(store);
    let mut batch = registry_batch();
    batch.workplaces[0].1.name = "Panadería El Sol Matriz".into();
    batch.workplaces[0].1.headcount = Some(40);
    // One workplace moves to Mexico City: its state's count follows.
    batch.workplaces[1].1.state = state(9);
    batch.workplaces[1].1.municipality = "09015".into();
    batch.employers[1].1.name = "Grupo Lupita".into();
    let second = store.import_batch(&system(), at(2), &batch).expect("second import");
    assert_eq!((second.seq, second.employers, second.workplaces), (2, 3, 6));
    crate::storage::assert_workplace_counts(store);
    assert_eq!(
        store.counts().expect("counts"),
        RegistryCounts {
            employers: 3,
            workplaces: 6,
            events: 2
        }
    );
    let ids_after: Vec<i64> = store
        .search_workplaces(&everything)
        .expect("list")
        .items
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids_before, ids_after, "rows are updated in place, not duplicated");

    let w = store.workplace(ids_after[0]).expect("read").expect("exists");
    assert_eq!(w.source_key, "demo:1");
    assert_eq!(w.name, "Panadería El Sol Matriz");
    assert_eq!(w.headcount, Some(40));
    assert_eq!((w.created_seq, w.updated_seq), (1, 2));
    let lupe = store
        .employer(store.employers_by_rfc(RFC_LUPE).expect("by rfc")[0])
        .expect("read")
        .expect("exists");
    assert_eq!(lupe.name, "Grupo Lupita");
    assert_eq!((lupe.created_seq, lupe.updated_seq), (1, 2));
    assert_eq!(lupe.workplace_count, 2);
    // The search index follows the update.
    let text = |t: &str| {
        store
            .search_workplaces(&WorkplaceQuery {
                text: Some(t.into()),
                limit: 50,
                ..Default::default()
            })
            .expect("search")
            .items
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(text("matriz"), vec![ids_after[0]]);
    assert_eq!(text("centro"), Vec::<i64>::new());
    assert_eq!(text("lupita").len(), 2);

    // A third identical import changes nothing but the event count.
    let third = store.import_batch(&system(), at(3), &batch).expect("third import");
    assert_eq!(third.seq, 3);
    assert_eq!(store.counts().expect("counts").workplaces, 6);

    // Each batch is one event carrying every row.
    let ev = store
        .last_event_of_kind(kinds::REGISTRY_BATCH_IMPORTED)
        .expect("last")
        .expect("exists");
    assert_eq!(ev.seq, 3);
    assert_eq!(ev.subject, "import/demo");
    assert_eq!(ev.actor, "system:conformance");
    assert_eq!(ev.jurisdiction, "federal");
    let payload: serde_json::Value = serde_json::from_str(&ev.payload).expect("payload is JSON");
    assert_eq!(payload["workplaces"].as_array().map(Vec::len), Some(6));
    assert_eq!(payload["employers"].as_array().map(Vec::len), Some(3));

    // An empty batch is refused, writing nothing.
    match store.import_batch(&system(), at(4), &RegistryBatch::default()) {
        Err(StoreError::Domain(_)) => {}
        other => panic!("an empty batch must be refused, got {other:?}"),
    }
    // A workplace naming an unknown employer rolls the whole batch back, its employers too.
    let broken = RegistryBatch {
        source: "broken".into(),
        employers: vec![(
            "rfc:NEW010101AAA".into(),
            employer(Some("NEW010101AAA"), "Nueva", PersonKind::LegalEntity),
        )],
        workplaces: vec![
            (
                "rfc:NEW010101AAA".into(),
                workplace("demo:7", "Nueva Tienda", 9, "09005", "461110", SizeBand::B0To5),
            ),
            (
                "rfc:NOPE".into(),
                workplace("demo:8", "Huérfana", 9, "09005", "461110", SizeBand::B0To5),
            ),
        ],
    };
    match store.import_batch(&system(), at(5), &broken) {
        Err(StoreError::NotFound(_)) => {}
        other => panic!("an unknown employer key must be NotFound, got {other:?}"),
    }
    assert_eq!(
        store.counts().expect("counts"),
        RegistryCounts {
            employers: 3,
            workplaces: 6,
            events: 3
        }
    );
    assert!(store.employers_by_rfc("NEW010101AAA").expect("by rfc").is_empty());
    assert!(store.verify_chain().expect("verify").is_intact());
}

pub fn import_links_to_registered_employers(ctx: &Ctx) {
    let store = &ctx.store;
    let eid = store
        .register_employer(
            &system(),
            at(1),
            KEY_SOL,
            &employer(Some(RFC_SOL), "Panificadora El Sol", PersonKind::LegalEntity),
            Jurisdiction::Federal,
        )
        .expect("register");
    // A later batch brings only a workplace, naming the employer by key.
    let batch = RegistryBatch {
        source: "later".into(),
        employers: vec![],
        workplaces: vec![(
            KEY_SOL.into(),
            workplace("demo:9", "Expendio Oriente", 9, "09005", "311812", SizeBand::B0To5),
        )],
    };
    let out = store.import_batch(&system(), at(2), &batch).expect("import");
    assert_eq!((out.seq, out.employers, out.workplaces), (2, 0, 1));
    let page = store
        .search_workplaces(&WorkplaceQuery {
            employer_id: Some(eid),
            limit: 10,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].employer_name, "Panificadora El Sol");
    // Found by its own name and, like every workplace, by its employer's name.
    for words in ["expendio", "panificadora sol", "oriente panif"] {
        let found = store
            .search_workplaces(&WorkplaceQuery {
                text: Some(words.into()),
                limit: 10,
                ..Default::default()
            })
            .expect("search");
        assert_eq!(found.items.len(), 1, "search for {words:?}");
    }
}

pub fn conflicts_write_nothing(ctx: &Ctx) {
    let store = &ctx.store;
    let draft = employer(Some(RFC_SOL), "Panificadora El Sol", PersonKind::LegalEntity);
    let eid = store
        .register_employer(&system(), at(1), KEY_SOL, &draft, Jurisdiction::Federal)
        .expect("register");
    let wp = workplace("faro:1", "Panadería", 9, "09015", "311812", SizeBand::B0To5);
    store
        .register_workplace(&system(), at(2), eid, &wp)
        .expect("register workplace");
    let user = make_user(store, "ana");
    let before = store.verify_chain().expect("verify");
    let counts = store.counts().expect("counts");
    assert_eq!(counts.events, 3);

    // The same employer key, even with another name.
    let other = employer(Some(RFC_SOL), "Otro Nombre", PersonKind::LegalEntity);
    assert_conflict(store.register_employer(&system(), at(3), KEY_SOL, &other, Jurisdiction::Federal));
    // The same workplace source key.
    let again = workplace("faro:1", "Otra", 14, "14039", "461110", SizeBand::B6To10);
    assert_conflict(store.register_workplace(&system(), at(4), eid, &again));
    // The same user name.
    assert_conflict(store.create_user(&system(), at(5), &new_user("ana", Jurisdiction::Federal)));

    // Nothing was written: no row, no event, no half-written record.
    assert_eq!(store.counts().expect("counts"), counts);
    let after = store.verify_chain().expect("verify");
    assert!(after.is_intact(), "{after:?}");
    assert_eq!((after.head_seq, &after.head_hash), (before.head_seq, &before.head_hash));
    assert_eq!(store.event(4).expect("event"), None);
    let e = store.employer(eid).expect("read").expect("exists");
    assert_eq!((e.name.as_str(), e.updated_seq), ("Panificadora El Sol", 1));
    let w = store
        .workplace(store.search_workplaces(&q()).expect("list").items[0].id)
        .expect("read")
        .expect("exists");
    assert_eq!((w.name.as_str(), w.state.as_str()), ("Panadería", "09"));
    let users = store.users().expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0], user);
    // The next change gets the next number: no number was used up by the refusals.
    let id2 = store
        .register_employer(
            &system(),
            at(6),
            KEY_LUPE,
            &employer(Some(RFC_LUPE), "Lupe", PersonKind::LegalEntity),
            Jurisdiction::Federal,
        )
        .expect("register another");
    assert_eq!(
        store.history(&format!("employer/{id2}"), &[]).expect("history")[0].seq,
        4
    );
}

pub fn concurrent_duplicates_conflict(ctx: &Ctx) {
    let store = &ctx.store;
    const THREADS: usize = 6;
    for round in 0..4 {
        let key = format!("rfc:CON{round:02}0101AAA");
        let draft = employer(Some(&key[4..]), "Concurrente", PersonKind::LegalEntity);
        let barrier = std::sync::Barrier::new(THREADS);
        let results: Vec<Result<i64, StoreError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        store.register_employer(&system(), at(1), &key, &draft, Jurisdiction::Federal)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: exactly one registration wins: {results:?}");
        for r in results.iter().filter(|r| r.is_err()) {
            assert!(matches!(r, Err(StoreError::Conflict(_))), "round {round}: {r:?}");
        }
        let c = store.counts().expect("counts");
        assert_eq!((c.employers, c.events), (round + 1, round + 1), "round {round}");
    }
    let employer_id = store.employers_by_rfc("CON000101AAA").expect("by rfc")[0];

    // The same for a workplace's source key and a user name.
    fn race<T: Send + std::fmt::Debug>(what: &str, f: impl Fn() -> Result<T, StoreError> + Sync) {
        let barrier = std::sync::Barrier::new(THREADS);
        let results: Vec<Result<T, StoreError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        barrier.wait();
                        f()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{what}: exactly one wins: {results:?}"
        );
        for r in results.iter().filter(|r| r.is_err()) {
            assert!(matches!(r, Err(StoreError::Conflict(_))), "{what}: {r:?}");
        }
    }
    for round in 0..3 {
        let events = event_count(store);
        let wp = workplace(
            &format!("race:{round}"),
            "Carrera",
            9,
            "09015",
            "461110",
            SizeBand::B0To5,
        );
        race("workplace", || {
            store.register_workplace(&system(), at(2), employer_id, &wp)
        });
        let name = format!("racer{round}");
        race("user", || {
            store.create_user(&system(), at(3), &new_user(&name, Jurisdiction::Federal))
        });
        assert_eq!(event_count(store), events + 2, "round {round}: one event per winner");
    }
    assert_eq!(store.counts().expect("counts").workplaces, 3);
    assert_eq!(store.users().expect("users").len(), 3);
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
}

fn insert_employer_sql() -> &'static str {
    "INSERT INTO employers (key, rfc, name, name_norm, legal_form, person_kind, created_seq, updated_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
}

fn employer_row(key: &str) -> Vec<Value> {
    vec![
        key.into(),
        Value::Null,
        "Fantasma".into(),
        "FANTASMA".into(),
        "".into(),
        "individual".into(),
        Value::Int(1),
        Value::Int(1),
    ]
}

pub fn failed_write_rolls_back(ctx: &Ctx) {
    let store = &ctx.store;
    // A closure that changes a read table and appends an event, then fails.
    let result: Result<(), StoreError> = store.write(|tx| {
        tx.execute(insert_employer_sql(), &employer_row("name:FANTASMA"))?;
        let hash = faro_store::chain::event_hash(1, GENESIS_HASH, "t", "system:x", "federal", "k", "s", "{}");
        tx.execute(
            "INSERT INTO events (seq, at, actor, jurisdiction, kind, subject, payload, prev_hash, hash)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                Value::Int(1),
                "t".into(),
                "system:x".into(),
                "federal".into(),
                "k".into(),
                "s".into(),
                "{}".into(),
                GENESIS_HASH.into(),
                hash.clone().into(),
            ],
        )?;
        tx.execute(
            "UPDATE event_chain_head SET last_seq = 1, last_hash = ? WHERE id = 1",
            &[hash.into()],
        )?;
        // Inside the transaction the changes are visible.
        let n = tx
            .query_one("SELECT COUNT(*) FROM employers", &[])?
            .map(|r| r.i64(0))
            .transpose()?;
        assert_eq!(n, Some(1));
        Err(StoreError::Conflict("forced failure".into()))
    });
    assert!(
        matches!(result, Err(StoreError::Conflict(ref m)) if m == "forced failure"),
        "{result:?}"
    );
    assert_eq!(
        store.counts().expect("counts"),
        RegistryCounts {
            employers: 0,
            workplaces: 0,
            events: 0
        }
    );
    assert_eq!(store.event(1).expect("event"), None);

    // A statement that fails halfway (a duplicate key) rolls back the statements before it.
    let result = store.write(|tx| {
        tx.execute(insert_employer_sql(), &employer_row("name:UNO"))?;
        tx.execute(insert_employer_sql(), &employer_row("name:UNO"))?;
        Ok(())
    });
    assert!(
        matches!(result, Err(StoreError::Sqlite(_) | StoreError::Postgres(_))),
        "{result:?}"
    );
    assert_eq!(store.counts().expect("counts").employers, 0);

    // A failing store method rolls back its own projection: the workplace upsert of a batch
    // whose second workplace fails.
    let batch = RegistryBatch {
        source: "half".into(),
        employers: vec![(KEY_SOL.into(), employer(Some(RFC_SOL), "Sol", PersonKind::LegalEntity))],
        workplaces: vec![
            (
                KEY_SOL.into(),
                workplace("demo:1", "Uno", 9, "09005", "311812", SizeBand::B0To5),
            ),
            (
                "rfc:MISSING".into(),
                workplace("demo:2", "Dos", 9, "09005", "311812", SizeBand::B0To5),
            ),
        ],
    };
    assert!(store.import_batch(&system(), at(1), &batch).is_err());
    assert_eq!(
        store.counts().expect("counts"),
        RegistryCounts {
            employers: 0,
            workplaces: 0,
            events: 0
        }
    );

    // The store is usable afterwards and the chain starts at 1.
    let id = store
        .register_employer(
            &system(),
            at(2),
            KEY_SOL,
            &employer(Some(RFC_SOL), "Sol", PersonKind::LegalEntity),
            Jurisdiction::Federal,
        )
        .expect("register after rollbacks");
    assert_eq!(store.employer(id).expect("read").expect("exists").created_seq, 1);
    let report = store.verify_chain().expect("verify");
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.head_seq, 1);
}
