//! The audit page: a full walk of the chain at the first view, then only what is new.

use axum::http::StatusCode;
use faro_core::{Jurisdiction, Role};

use crate::support::{page_contains, text, Fixture};

fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page.find(start).map_or(0, |i| i + start.len());
    let to = page[from..].find(end).map_or(page.len(), |i| from + i);
    &page[from..to]
}

#[tokio::test]
async fn the_audit_page_walks_the_whole_chain_once_then_only_what_is_new() {
    let f = Fixture::new();
    let mut analyst = f.login("analista").await;
    let first = analyst.get("/audit").await;
    assert_eq!(first.status, StatusCode::OK);
    let first = first.text();
    let full = f.store.verify_chain().unwrap();
    let whole = text("es", "audit.intact")
        .replace("{count}", &full.events_checked.to_string())
        .replace("{hash}", &full.head_hash);
    assert!(
        page_contains(&first, &whole) || first.contains(&full.head_hash),
        "{first}"
    );
    assert!(!first.contains("/audit?full=1"), "a full walk offers no second one");

    // Two more events (users added), then the page walks only those.
    f.add_user("nuevo1", Role::Inspector, Jurisdiction::Federal);
    f.add_user("nuevo2", Role::Inspector, Jurisdiction::Federal);
    let now = f.store.verify_chain().unwrap();
    assert!(now.head_seq > full.head_seq);
    let second = analyst.get("/audit").await.text();
    let status = between(&second, "role=\"status\">", "</p>");
    let new = (now.head_seq - full.head_seq).to_string();
    assert!(status.contains(&format!(" {new} ")), "{status}");
    assert!(status.contains(&now.head_hash), "{status}");
    assert!(second.contains("/audit?full=1"), "it offers the full walk");
    assert!(page_contains(&second, &text("es", "audit.verify_all")));

    // ?full=1 walks it all again.
    let again = analyst.get("/audit?full=1").await.text();
    let status = between(&again, "role=\"status\">", "</p>");
    assert!(status.contains(&now.head_hash), "{status}");
    assert!(!again.contains("/audit?full=1"), "{status}");
}
