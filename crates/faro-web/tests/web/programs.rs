//! Inspection programs and the calendar of visits.

use std::sync::Arc;

use axum::http::StatusCode;
use chrono::{Datelike, Utc};
use faro_core::inspection::{Command, Kind, Matter, Origin};
use faro_core::law::Law;
use faro_core::{Actor, Jurisdiction};
use faro_store::inspections::Target;

use crate::support::{catalogs, page_contains, text, Fixture};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_creates_a_program_and_sees_visits_on_the_calendar() {
    let f = Fixture::new();
    let mut sup = f.login("supervisor").await;
    let csrf = sup.csrf().await;
    let today = Utc::now().date_naive();
    let start = today.to_string();
    let end = (today + chrono::Duration::days(90)).to_string();
    let good = [
        ("csrf", csrf.as_str()),
        ("name", "Programa nacional de seguridad 2026"),
        ("office", "Oficina central"),
        ("jurisdiction", "federal"),
        ("starts_on", start.as_str()),
        ("ends_on", end.as_str()),
        ("capacity_per_inspector", "12"),
        ("random_share_pct", "10"),
    ];
    // A random share over 50% is refused with the reason, in Spanish, and nothing is created.
    let mut bad = good.to_vec();
    bad[7] = ("random_share_pct", "90");
    let r = sup.post_form("/programs", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page_contains(
        &r.text(),
        &text("es", "program.random_share_out_of_range")
    ));
    assert!(faro_store::Store::programs(&f.store, None).unwrap().is_empty());
    // A date that is not a date names the field.
    let mut bad = good.to_vec();
    bad[4] = ("starts_on", "mañana");
    let r = sup.post_form("/programs", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Inicia"), "{}", r.text());

    let r = sup.post_form("/programs", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let programs = faro_store::Store::programs(&f.store, None).unwrap();
    assert_eq!(programs.len(), 1);
    let page = sup.get("/programs").await;
    assert!(page.text().contains("Programa nacional de seguridad 2026"));

    // An inspection planned today in the program appears on this month's calendar.
    let law = Law::official(catalogs(), None).unwrap();
    let w = f.workplaces().into_iter().next().unwrap();
    let out = f
        .store
        .inspection_command(
            &law,
            &Actor::system("test"),
            Utc::now(),
            Target::New,
            &Command::Program {
                workplace_id: w.id,
                jurisdiction: Jurisdiction::Federal,
                kind: Kind::Periodic,
                origin: Origin::Random,
                matters: vec![Matter::Training],
                planned_for: today,
                program_id: Some(programs[0].id),
            },
            None,
        )
        .unwrap();
    let month = format!("{}-{:02}", today.year(), today.month());
    let cal = sup.get(&format!("/calendar?month={month}&who=all")).await;
    assert_eq!(cal.status, StatusCode::OK);
    assert!(
        cal.text().contains(&format!("/inspections/{}", out.id)),
        "{}",
        cal.text()
    );
    let p = &faro_store::Store::programs(&f.store, None).unwrap()[0];
    assert_eq!((p.planned, p.random), (1, 1));
    // A malformed month is a 400, not a 500.
    assert_eq!(sup.get("/calendar?month=2026-13").await.status, StatusCode::BAD_REQUEST);
    let _ = Arc::clone(&f.store);
}
