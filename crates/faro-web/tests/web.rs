//! Faro's web integration tests, in one binary: the authorization matrix generated from the route
//! table, the OpenAPI snapshot, CSRF, sessions, languages, hostile input, security headers,
//! probes, and a browser journey with accessibility checks.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "web/support.rs"]
mod support;

#[path = "web/accounts.rs"]
mod accounts;
#[path = "web/api_schema.rs"]
mod api_schema;
#[path = "web/audit.rs"]
mod audit;
#[path = "web/browser.rs"]
mod browser;
#[path = "web/browser_conciliation.rs"]
mod browser_conciliation;
#[path = "web/browser_inspection.rs"]
mod browser_inspection;
#[path = "web/browser_unions.rs"]
mod browser_unions;
#[path = "web/conciliation.rs"]
mod conciliation;
#[path = "web/conciliation_intake.rs"]
mod conciliation_intake;
#[path = "web/conciliation_staff.rs"]
mod conciliation_staff;
#[path = "web/csrf.rs"]
mod csrf;
#[path = "web/headers.rs"]
mod headers;
#[path = "web/hostile.rs"]
mod hostile;
#[path = "web/inspections.rs"]
mod inspections;
#[path = "web/language.rs"]
mod language;
#[path = "web/matrix.rs"]
mod matrix;
#[path = "web/openapi.rs"]
mod openapi;
#[path = "web/programs.rs"]
mod programs;
#[path = "web/public.rs"]
mod public;
#[path = "web/registry_search.rs"]
mod registry_search;
#[path = "web/risk.rs"]
mod risk;
#[path = "web/sessions.rs"]
mod sessions;
#[path = "web/union_public.rs"]
mod union_public;
#[path = "web/union_registrar.rs"]
mod union_registrar;
#[path = "web/union_registrar_seed.rs"]
mod union_registrar_seed;
#[path = "web/union_seed.rs"]
mod union_seed;
