//! The conciliators' work (LFT 684-A to 684-U): the centre's cases, the agenda of hearings, the
//! legal clock's dashboard, the page of one case and one route per command on it.
//!
//! Every page asks `ViewConciliation` on the case's centre, every command `ConductConciliation`,
//! the rooms `ManageConciliation`. A command the law refuses redraws the case page with the
//! translated reason and a 422; nothing is written.
//!
//! | module | job |
//! |---|---|
//! | `access` | loading a case and checking an action on its centre; the centre a user works at |
//! | `parse` | forms to commands (slots, service, hearing outcomes with the convenio, payments) |
//! | `maker` | the PDFs a command issues (receipt, summons, convenio, constancia) |
//! | `case` | the case page and the forms its status allows |
//! | `commands` | the command routes |
//! | `lists` | the case list, the agenda, the deadlines dashboard and the rooms |

pub mod access;
pub mod case;
pub mod commands;
pub mod lists;
pub mod maker;
pub mod parse;

use axum::routing::{get, post};
use faro_core::policy::Action;

use crate::routes::{route, RouteSpec, Surface};

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/conciliation", ViewConciliation, Page, lists::list),
    route!(get, "/conciliation/agenda", ViewConciliation, Page, lists::agenda),
    route!(get, "/conciliation/deadlines", ViewConciliation, Page, lists::deadlines),
    route!(post, "/conciliation/rooms", ManageConciliation, Page, lists::add_room),
    route!(
        get,
        "/conciliation/{id}",
        ViewConciliation,
        Page,
        case::page,
        jurisdictional
    ),
    route!(
        get,
        "/conciliation/{id}/documents/{file}",
        ViewConciliation,
        Page,
        case::document,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/schedule",
        ConductConciliation,
        Page,
        commands::schedule,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/reschedule",
        ConductConciliation,
        Page,
        commands::reschedule,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/service",
        ConductConciliation,
        Page,
        commands::service,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/service-failed",
        ConductConciliation,
        Page,
        commands::service_failed,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/hearing",
        ConductConciliation,
        Page,
        commands::hearing,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/payment",
        ConductConciliation,
        Page,
        commands::payment,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/penalty-payment",
        ConductConciliation,
        Page,
        commands::penalty_payment,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/compliance",
        ConductConciliation,
        Page,
        commands::compliance,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/non-compliance",
        ConductConciliation,
        Page,
        commands::non_compliance,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/forward",
        ConductConciliation,
        Page,
        commands::forward,
        jurisdictional
    ),
    route!(
        post,
        "/conciliation/{id}/exempt",
        ConductConciliation,
        Page,
        commands::exempt,
        jurisdictional
    ),
];
