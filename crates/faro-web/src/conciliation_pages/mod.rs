//! Pre-judicial conciliation (LFT 684-A to 684-U) on the web. For now, what does not need the
//! store:
//!
//! * [`calculator`]: the public settlement calculator, `GET /conciliation/calculator` (a form sent
//!   with GET, so a result can be linked), and [`api`]: the same as JSON,
//!   `POST /api/v1/conciliation/settlement`, in the OpenAPI document.
//! * [`documents`]: the case's documents as official PDFs (receipt, summons, convenio,
//!   constancia), pure functions returning what the store keeps of each.
//! * [`settlement_view`]: a settlement as people read it (translated formulas, amounts in pesos).
//! * [`labels`]: labels of the domain's codes, error messages with readable parameters, the
//!   centre's name, and the masking of identifiers.
//!
//! Translations live in `locales/conciliation.{es,en}.json`; templates are `templates/conc_*`.

pub mod api;
pub mod calculator;
pub mod documents;
pub mod intake;
pub mod labels;
pub mod settlement_view;
pub mod staff;
mod view;

#[cfg(test)]
mod documents_tests;
#[cfg(test)]
mod locale_tests;

use axum::routing::{get, post};
use faro_core::policy::Action;

use crate::routes::{route, RouteSpec, Surface};

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/conciliation/calculator", ViewPublic, Page, calculator::page),
    route!(
        post,
        "/api/v1/conciliation/settlement",
        ViewPublic,
        Api,
        api::settlement
    ),
];
