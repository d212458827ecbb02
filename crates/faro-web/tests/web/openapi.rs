//! Case 2: the OpenAPI document is snapshot-tested, and documents every `/api/v1` route.

use std::path::PathBuf;

use axum::http::StatusCode;
use faro_web::routes;
use serde_json::Value;

use crate::support::Fixture;

fn snapshot_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/openapi.json")
}

#[tokio::test]
async fn openapi_document_matches_snapshot() {
    let f = Fixture::new();
    let r = f.agent().get("/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.is_json());
    let doc: Value = r.json();
    let pretty = format!("{}\n", serde_json::to_string_pretty(&doc).expect("pretty"));
    let path = snapshot_path();
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::write(&path, &pretty).expect("write the snapshot");
        println!("updated {}", path.display());
    } else {
        let stored = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}); run with UPDATE_SNAPSHOTS=1 to create it",
                path.display()
            )
        });
        if stored != pretty {
            let first = stored
                .lines()
                .zip(pretty.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| stored.lines().count().min(pretty.lines().count()));
            panic!(
                "the OpenAPI document differs from {} from line {}:\n  stored: {:?}\n  served: {:?}\n\
                 If the change is intended, run UPDATE_SNAPSHOTS=1 cargo test -p faro-web --test web and review the diff.",
                path.display(),
                first + 1,
                stored.lines().nth(first),
                pretty.lines().nth(first)
            );
        }
    }

    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    let mut documented = 0;
    for r in routes::all().filter(|r| r.path.starts_with("/api/v1/")) {
        let item = paths
            .get(r.path)
            .unwrap_or_else(|| panic!("{} {} is served but not in the OpenAPI document", r.method, r.path));
        assert!(
            item.get(r.method).is_some(),
            "{} {} is served but the document has no {} operation for it",
            r.method,
            r.path,
            r.method
        );
        documented += 1;
    }
    assert!(documented >= 8, "only {documented} /api/v1 routes found");
    // And nothing is documented that is not served.
    for (path, item) in paths {
        for method in item.as_object().expect("path item").keys() {
            assert!(
                routes::all().any(|r| r.path == path && r.method == method),
                "the document describes {method} {path}, which is not served"
            );
        }
    }
}
