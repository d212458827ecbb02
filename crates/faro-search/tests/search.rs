//! Search behaviour on a hand-counted fixture (see tests/common/mod.rs).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use common::{counts, date, fixture_docs, fixture_index};
use faro_search::{Document, Filters, Index, Kind, Query, QueryError, Results, SearchError, Sort};

fn ids(results: &Results) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

fn id_set(results: &Results) -> BTreeSet<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

fn search(index: &Index, text: &str) -> Results {
    index.search(&Query::text(text)).unwrap()
}

#[test]
fn browse_counts_everything_and_sorts_newest_first() {
    let index = fixture_index();
    let r = index.search(&Query::default()).unwrap();
    assert_eq!(r.total, 8);
    assert_eq!(r.sort, Sort::Newest);
    assert_eq!(ids(&r), vec!["a5", "a4", "a2", "a1", "a3", "u3", "u2", "u1"]);
    assert_eq!(counts(&r.facets.kind), vec![("agreement", 5), ("union", 3)]);
    assert_eq!(counts(&r.facets.state), vec![("Puebla", 5), ("Sonora", 3)]);
    assert_eq!(counts(&r.facets.sector), vec![("21", 3), ("31", 3), ("33", 2)]);
    assert_eq!(
        counts(&r.facets.status),
        vec![("vigente", 6), ("cancelado", 1), ("terminado", 1)]
    );
    assert_eq!(counts(&r.facets.federation), vec![("CROC", 3), ("CTM", 3)]);
    assert!(r.hits.iter().all(|h| h.score.is_none()));
}

#[test]
fn oldest_first_reverses_the_date_order() {
    let index = fixture_index();
    let q = Query {
        sort: Some(Sort::Oldest),
        ..Query::default()
    };
    let r = index.search(&q).unwrap();
    assert_eq!(ids(&r), vec!["u1", "u2", "u3", "a3", "a1", "a2", "a4", "a5"]);
}

#[test]
fn filters_combine_and_facets_follow_them() {
    let index = fixture_index();
    let q = Query {
        filters: Filters {
            kind: Some(Kind::Agreement),
            state: vec!["Puebla".into()],
            ..Filters::default()
        },
        ..Query::default()
    };
    let r = index.search(&q).unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(id_set(&r), BTreeSet::from(["a2", "a3", "a4"]));
    assert_eq!(counts(&r.facets.kind), vec![("agreement", 3)]);
    assert_eq!(counts(&r.facets.status), vec![("vigente", 2), ("terminado", 1)]);
    assert_eq!(counts(&r.facets.sector), vec![("31", 2), ("33", 1)]);
    assert_eq!(counts(&r.facets.federation), vec![("CROC", 2)]);
}

#[test]
fn each_filter_restricts() {
    let index = fixture_index();
    let run = |filters: Filters| {
        id_set(
            &index
                .search(&Query {
                    filters,
                    ..Query::default()
                })
                .unwrap(),
        )
        .into_iter()
        .map(str::to_string)
        .collect::<BTreeSet<String>>()
    };
    let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<String>>();
    assert_eq!(
        run(Filters {
            municipality: vec!["Cuautlancingo".into()],
            ..Filters::default()
        }),
        set(&["u3", "a4"])
    );
    assert_eq!(
        run(Filters {
            sector: vec!["33".into(), "21".into()],
            ..Filters::default()
        }),
        set(&["u1", "u3", "a1", "a4", "a5"])
    );
    assert_eq!(
        run(Filters {
            status: vec!["terminado".into(), "cancelado".into()],
            ..Filters::default()
        }),
        set(&["u3", "a3"])
    );
    assert_eq!(
        run(Filters {
            federation: vec!["CTM".into()],
            ..Filters::default()
        }),
        set(&["u1", "a1", "a5"])
    );
    assert_eq!(
        run(Filters {
            union_id: Some("u2".into()),
            ..Filters::default()
        }),
        set(&["a2", "a3"])
    );
    assert_eq!(
        run(Filters {
            union_id: Some(" ".into()),
            ..Filters::default()
        }),
        set(&[])
    );
    assert_eq!(
        run(Filters {
            date_from: Some(date(2020, 1, 1)),
            date_to: Some(date(2022, 12, 31)),
            ..Filters::default()
        }),
        set(&["a1", "a2", "a4"])
    );
    // Bounds are inclusive.
    assert_eq!(
        run(Filters {
            date_from: Some(date(2023, 4, 4)),
            ..Filters::default()
        }),
        set(&["a5"])
    );
    assert_eq!(
        run(Filters {
            date_to: Some(date(1990, 5, 1)),
            ..Filters::default()
        }),
        set(&["u1"])
    );
    assert_eq!(
        run(Filters {
            kind: Some(Kind::Union),
            ..Filters::default()
        }),
        set(&["u1", "u2", "u3"])
    );
}

#[test]
fn free_text_is_spanish_aware() {
    let index = fixture_index();
    // Plural in query, singular and plural in texts; accents either way.
    let salarios = search(&index, "salarios");
    assert_eq!(id_set(&salarios), BTreeSet::from(["a1", "a2", "a4"]));
    assert_eq!(salarios.sort, Sort::Relevance);
    assert!(salarios.hits.iter().all(|h| h.score.is_some()));
    assert_eq!(id_set(&search(&index, "SALARIO")), id_set(&salarios));
    let vacaciones = search(&index, "vacaciones");
    assert_eq!(id_set(&vacaciones), BTreeSet::from(["a1", "a3", "a5"]));
    assert_eq!(id_set(&search(&index, "vacación")), id_set(&vacaciones));
    assert_eq!(id_set(&search(&index, "vacacion")), id_set(&vacaciones));
    assert_eq!(counts(&vacaciones.facets.state), vec![("Sonora", 2), ("Puebla", 1)]);
    assert_eq!(id_set(&search(&index, "antiguedad")), BTreeSet::from(["a2"]));
}

#[test]
fn enye_is_not_n() {
    let index = fixture_index();
    assert_eq!(id_set(&search(&index, "años")), BTreeSet::from(["a2", "a4"]));
    assert_eq!(search(&index, "ano").total, 0);
}

#[test]
fn all_words_are_required() {
    let index = fixture_index();
    assert_eq!(id_set(&search(&index, "salarios huelga")), BTreeSet::from(["a4"]));
    assert_eq!(search(&index, "salarios inexistente").total, 0);
}

#[test]
fn phrases_need_adjacent_words() {
    let index = fixture_index();
    assert_eq!(
        id_set(&search(&index, "\"prima vacacional\"")),
        BTreeSet::from(["a1", "a3"])
    );
    assert_eq!(search(&index, "\"vacacional prima\"").total, 0);
    assert_eq!(
        id_set(&search(&index, "\"prima de antigüedad\"")),
        BTreeSet::from(["a2"])
    );
    // Stop words between phrase words are ignored.
    assert_eq!(id_set(&search(&index, "\"prima antigüedad\"")), BTreeSet::from(["a2"]));
    // Three words: every consecutive pair must be there.
    assert_eq!(
        id_set(&search(&index, "\"vacaciones pagadas prima\"")),
        BTreeSet::from(["a1"])
    );
    assert_eq!(search(&index, "\"vacaciones pagadas huelga\"").total, 0);
    // Phrases in names.
    assert_eq!(
        id_set(&search(&index, "\"industria textil\"")),
        BTreeSet::from(["u2", "a2", "a3"])
    );
    assert_eq!(search(&index, "\"textil industria\"").total, 0);
    // A phrase may be excluded, and phrases combine.
    assert_eq!(
        id_set(&search(&index, "vacaciones -\"prima vacacional\"")),
        BTreeSet::from(["a5"])
    );
    assert_eq!(
        id_set(&search(&index, "\"prima vacacional\" \"horas extras\"")),
        BTreeSet::from(["a3"])
    );
    // Unclosed quote: phrase to the end.
    assert_eq!(id_set(&search(&index, "\"horas extras")), BTreeSet::from(["a3"]));
}

#[test]
fn exclusion_and_or() {
    let index = fixture_index();
    assert_eq!(
        id_set(&search(&index, "salarios -huelga")),
        BTreeSet::from(["a1", "a2"])
    );
    assert_eq!(
        id_set(&search(&index, "aguinaldo OR bono")),
        BTreeSet::from(["a2", "a4"])
    );
    // Only exclusions: browse everything else, newest first.
    let r = search(&index, "-vacaciones");
    assert_eq!(r.total, 5);
    assert_eq!(r.sort, Sort::Newest);
}

#[test]
fn identifiers_match_exactly_and_rank_first() {
    let index = fixture_index();
    for text in ["MNO900101AB1", "mno900101ab1", "MNO-900101-AB1", "MNO 900101 AB1"] {
        let r = search(&index, text);
        assert_eq!(ids(&r).first(), Some(&"a1"), "{text}");
        assert_eq!(r.total, 1, "{text}");
    }
    assert_eq!(ids(&search(&index, "10/2002")).first(), Some(&"u2"));
    assert_eq!(ids(&search(&index, "CCT-2021-002")).first(), Some(&"a2"));
    // An identifier next to words still works (each word may match an identifier).
    assert_eq!(ids(&search(&index, "APU100101ZZ9 huelga")), vec!["a4"]);
}

#[test]
fn names_and_places_are_searchable() {
    let index = fixture_index();
    assert_eq!(id_set(&search(&index, "mineros")), BTreeSet::from(["u1", "a1", "a5"]));
    // "Minera" (employer) and "Mineros" (union) share a stem.
    assert_eq!(id_set(&search(&index, "minera")), BTreeSet::from(["u1", "a1", "a5"]));
    assert_eq!(id_set(&search(&index, "Atlixco")), BTreeSet::from(["a3"]));
    assert_eq!(id_set(&search(&index, "Cananea")), BTreeSet::from(["u1", "a1"]));
    assert_eq!(id_set(&search(&index, "CROC")), BTreeSet::from(["u2", "a2", "a3"]));
}

#[test]
fn snippets_are_escaped_and_marked() {
    let index = fixture_index();
    let r = search(&index, "aguinaldo");
    let hit = &r.hits[0];
    assert_eq!(hit.id, "a2");
    let snippet = hit.snippet.as_deref().unwrap();
    assert!(snippet.contains("<mark>aguinaldo</mark>"), "{snippet}");
    assert!(snippet.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{snippet}");
    assert!(!snippet.contains("<script>"), "{snippet}");
    // Unions have no snippet; agreements in browse mode get the leading text.
    let browse = index.search(&Query::default()).unwrap();
    for h in &browse.hits {
        match h.kind {
            Kind::Union => assert!(h.snippet.is_none()),
            Kind::Agreement => assert!(!h.snippet.as_deref().unwrap().contains("<mark>")),
        }
    }
}

#[test]
fn hits_carry_the_stored_fields() {
    let index = fixture_index();
    let r = search(&index, "MNO900101AB1");
    let h = &r.hits[0];
    assert_eq!(h.kind, Kind::Agreement);
    assert_eq!(h.number, "CCT-2020-001");
    assert_eq!(h.title, "Minera del Norte S.A. de C.V.");
    assert_eq!(h.union_id.as_deref(), Some("u1"));
    assert_eq!(h.union_name.as_deref(), Some(common::U1_NAME));
    assert_eq!(h.federation.as_deref(), Some("CTM"));
    assert_eq!(h.employer_rfc.as_deref(), Some("MNO900101AB1"));
    assert_eq!((h.state.as_str(), h.municipality.as_str()), ("Sonora", "Cananea"));
    assert_eq!((h.sector.as_str(), h.status.as_str()), ("21", "vigente"));
    assert_eq!(h.date, date(2020, 1, 15));
    assert_eq!(h.people, 3000);
}

#[test]
fn pagination_walks_all_results_once() {
    let index = fixture_index();
    let mut seen = Vec::new();
    for page in 0..3 {
        let q = Query {
            page,
            page_size: 3,
            ..Query::default()
        };
        let r = index.search(&q).unwrap();
        assert_eq!(r.total, 8);
        assert_eq!(r.hits.len(), if page < 2 { 3 } else { 2 });
        seen.extend(r.hits.into_iter().map(|h| h.id));
    }
    assert_eq!(seen, vec!["a5", "a4", "a2", "a1", "a3", "u3", "u2", "u1"]);
    let past_end = Query {
        page: 3,
        page_size: 3,
        ..Query::default()
    };
    let r = index.search(&past_end).unwrap();
    assert!(r.hits.is_empty());
    assert_eq!(r.total, 8);
    // Relevance pages too.
    let first = index
        .search(&Query {
            page_size: 1,
            ..Query::text("salarios")
        })
        .unwrap();
    let second = index
        .search(&Query {
            page: 1,
            page_size: 1,
            ..Query::text("salarios")
        })
        .unwrap();
    assert_ne!(first.hits[0].id, second.hits[0].id);
}

#[test]
fn invalid_requests_are_typed_errors() {
    let index = fixture_index();
    let err = index
        .search(&Query {
            page_size: 51,
            ..Query::default()
        })
        .unwrap_err();
    assert!(matches!(
        err,
        SearchError::Query(QueryError::InvalidPageSize { size: 51, max: 50 })
    ));
    let err = index.search(&Query::text("a".repeat(501))).unwrap_err();
    assert!(matches!(err, SearchError::Query(QueryError::TooLong { .. })));
    assert!(err.to_string().contains("shorten"));
}

#[test]
fn unsearchable_text_matches_nothing_but_blank_browses() {
    let index = fixture_index();
    assert_eq!(search(&index, "¿?").total, 0);
    assert_eq!(search(&index, "de la").total, 0);
    assert_eq!(search(&index, "   ").total, 8);
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let index = fixture_index();
    let mut writer = index.writer().unwrap();
    let mut a3 = fixture_docs().remove(5);
    let Document::Agreement(ref mut a) = a3 else {
        panic!("a3 is an agreement")
    };
    a.status = "vigente".into();
    a.text = "Nuevo texto con despensa mensual.".into();
    writer.upsert(&a3).unwrap();
    writer.commit().unwrap();
    let r = index.search(&Query::default()).unwrap();
    assert_eq!(r.total, 8);
    assert_eq!(counts(&r.facets.status), vec![("vigente", 7), ("cancelado", 1)]);
    assert_eq!(search(&index, "dobles").total, 0);
    assert_eq!(ids(&search(&index, "despensa")), vec!["a3"]);

    writer.delete(Kind::Union, "u3");
    // Deleting a union does not touch an agreement with the same id.
    writer.delete(Kind::Agreement, "u1");
    writer.commit().unwrap();
    assert_eq!(index.num_docs(), 7);
    assert_eq!(search(&index, "10/2003").total, 0);

    // Uncommitted changes are rolled back.
    writer.delete(Kind::Union, "u1");
    writer.rollback().unwrap();
    writer.commit().unwrap();
    assert_eq!(index.num_docs(), 7);
}

#[test]
fn rebuild_replaces_everything() {
    let index = fixture_index();
    let mut writer = index.writer().unwrap();
    let docs = fixture_docs();
    assert_eq!(writer.rebuild(&docs[..2]).unwrap(), 2);
    assert_eq!(index.num_docs(), 2);
    assert_eq!(search(&index, "salarios").total, 0);
}

#[test]
fn empty_id_is_refused() {
    let index = Index::in_memory().unwrap();
    let mut writer = index.writer().unwrap();
    let mut doc = fixture_docs().remove(0);
    if let Document::Union(ref mut u) = doc {
        u.id = "  ".into();
    }
    assert!(matches!(writer.add(&doc), Err(SearchError::InvalidDocument { .. })));
}

#[test]
fn on_disk_index_persists_and_guards_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idx");
    assert!(matches!(Index::open(&path), Err(SearchError::NotFound(_))));
    {
        let index = Index::create(&path).unwrap();
        let mut writer = index.writer().unwrap();
        writer.add_all(fixture_docs()).unwrap();
        writer.finish().unwrap();
        assert_eq!(index.num_docs(), 8);
    }
    assert!(matches!(Index::create(&path), Err(SearchError::AlreadyExists(_))));
    let reopened = Index::open(&path).unwrap();
    assert_eq!(
        id_set(&search(&reopened, "vacaciones")),
        BTreeSet::from(["a1", "a3", "a5"])
    );
    let again = Index::open_or_create(&path).unwrap();
    assert_eq!(again.num_docs(), 8);
}

#[test]
fn explain_reports_scores() {
    let index = fixture_index();
    let text = index.explain(&Query::text("salarios"), Kind::Agreement, "a1").unwrap();
    assert!(text.unwrap().contains("value"));
    assert!(index.explain(&Query::text("x"), Kind::Union, "nope").unwrap().is_none());
}

#[test]
fn excluded_phrase_without_matches_does_not_panic() {
    // Found by the any-input property: with positional phrase queries this tripped a debug
    // assertion inside tantivy's phrase scorer (excluded phrase matching no document).
    let index = fixture_index();
    assert_eq!(search(&index, "NOT\"prima-huelga").total, 8);
    assert_eq!(search(&index, "salarios -\"prima huelga\"").total, 3);
}

#[test]
fn a_name_match_outranks_a_text_mention() {
    let index = Index::in_memory().unwrap();
    let mut writer = index.writer().unwrap();
    let docs = fixture_docs();
    let mut named = docs[3].clone();
    let mut mentioned = docs[4].clone();
    if let (Document::Agreement(n), Document::Agreement(m)) = (&mut named, &mut mentioned) {
        n.id = "named".into();
        n.employer_name = "Bonos Express".into();
        n.text = "Cláusula única.".into();
        m.id = "mentioned".into();
        m.text = "Se pagará un bono anual.".into();
    }
    writer.add_all([&mentioned, &named]).unwrap();
    writer.commit().unwrap();
    let r = search(&index, "bonos");
    assert_eq!(ids(&r), vec!["named", "mentioned"]);
    assert!(r.hits[0].score > r.hits[1].score);
}

#[test]
fn an_index_with_another_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("title", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(dir.path(), builder.build()).unwrap();
    assert!(matches!(Index::open(dir.path()), Err(SearchError::SchemaMismatch(_))));
}
