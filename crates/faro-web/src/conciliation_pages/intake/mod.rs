//! Conciliation requests (LFT 684-C, 684-E): the public online form and the counter intake, the
//! filing at the competent centre and the first hearing set at once, the receipt; the labour
//! courts' lookup of constancias; the centres' public statistics.
//!
//! * [`form`]: the request form, parsed into the core's `RequestInput` with a message per field.
//! * [`filing`]: filing and scheduling through the store, with the receipt and summons PDFs.
//! * [`request`]: `GET/POST /conciliation/request` (public) and `GET/POST /conciliation/new`
//!   (staff at the counter).
//! * [`receipt`]: `GET /conciliation/receipt/{folio}?code=..`, reachable only with the code.
//! * [`lookup`]: `GET /api/v1/conciliation/certificates?q=..` for the courts.
//! * [`stats`]: `GET /conciliation/stats`, per centre and month, no personal data.
//!
//! Translations: `locales/conciliation_intake.{es,en}.json`; templates `conc_intake_*.html`.

pub mod filing;
pub mod form;
pub mod lookup;
pub mod receipt;
pub mod request;
pub mod stats;

use axum::routing::{get, post};
use faro_core::policy::Action;

use crate::routes::{route, RouteSpec, Surface};

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/conciliation/request", ViewPublic, Page, request::public_form),
    route!(post, "/conciliation/request", ViewPublic, Page, request::public_submit),
    route!(get, "/conciliation/receipt/{folio}", ViewPublic, Page, receipt::page),
    route!(
        get,
        "/conciliation/new",
        ConductConciliation,
        Page,
        request::counter_form
    ),
    route!(
        post,
        "/conciliation/new",
        ConductConciliation,
        Page,
        request::counter_submit,
        jurisdictional
    ),
    route!(
        get,
        "/api/v1/conciliation/certificates",
        LookupCertificates,
        Api,
        lookup::certificates
    ),
    route!(get, "/conciliation/stats", ViewPublic, Page, stats::page),
];
