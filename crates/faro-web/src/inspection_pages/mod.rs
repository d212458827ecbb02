//! Labor inspection, referrals and sanctions for staff: the pages and forms of each procedure.
//!
//! Every handler is thin: parse the path and form, ask the policy (the action first, then the
//! action on the case's jurisdiction, and for child or forced labor whether the user may see
//! protected cases), run the command through the store, and render. A command the law refuses
//! redraws its page with the translated reason and a 422; nothing is written.
//!
//! | module | job |
//! |---|---|
//! | `list` | the list of inspections with its filters, and the supervisor's workload |
//! | `new` | programming an inspection for a workplace |
//! | `case` | the page of one inspection and the forms allowed now |
//! | `commands` | one route per inspection command |
//! | `protocol` | the checklist of a matter, interviews, attachments |
//! | `acta` | the record's PDF, issued when the record closes, and its download |
//! | `referrals`, `sanctions`, `resolution` | referrals; sanction procedures, their ledger and resolution PDF |
//! | `access`, `form`, `parse`, `failure`, `view` | loading and authorizing cases, reading forms, refusals, templates |

pub mod access;
pub mod acta;
pub mod case;
pub mod commands;
pub mod failure;
pub mod form;
pub mod list;
pub mod new;
pub mod parse;
pub mod protocol;
pub mod referrals;
pub mod resolution;
pub mod sanctions;
pub mod view;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use faro_core::policy::Action;

use crate::routes::{route, RouteSpec, Surface};

/// The stylesheet of these pages (linked from their templates).
pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        view::CSS,
    )
        .into_response()
}

/// An upload's body may be a little larger than the file (the form's other fields and the
/// multipart boundaries).
const UPLOAD_BODY_LIMIT: usize = protocol::MAX_ATTACHMENT_BYTES + 64 * 1024;

pub const ROUTES: &[RouteSpec] = &[
    // Inspections
    route!(get, "/inspections", ViewInspections, Page, list::list),
    route!(get, "/inspections/workload", PlanInspections, Page, list::workload_page),
    route!(get, "/inspections/new", PlanInspections, Page, new::new_form),
    route!(post, "/inspections", PlanInspections, Page, new::create, jurisdictional),
    route!(
        get,
        "/inspections/{id}",
        ViewInspections,
        Page,
        case::page,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/order",
        PlanInspections,
        Page,
        commands::order,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/notify",
        ConductInspections,
        Page,
        commands::notify,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/start",
        ConductInspections,
        Page,
        commands::start,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/record",
        ConductInspections,
        Page,
        commands::close_record,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/measures",
        ConductInspections,
        Page,
        commands::measures,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/extension",
        ConductInspections,
        Page,
        commands::extend,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/verification/begin",
        ConductInspections,
        Page,
        commands::begin_verification,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/verification",
        ConductInspections,
        Page,
        commands::verification,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/close",
        ConductInspections,
        Page,
        commands::close,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/sanction",
        ConductInspections,
        Page,
        commands::send_to_sanction,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/acta",
        ConductInspections,
        Page,
        commands::issue_record,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/reassign",
        PlanInspections,
        Page,
        commands::reassign,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/cancel",
        PlanInspections,
        Page,
        commands::cancel,
        jurisdictional
    ),
    route!(
        get,
        "/inspections/{id}/protocol/{matter}",
        ViewInspections,
        Page,
        protocol::page,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/protocol/{matter}",
        ConductInspections,
        Page,
        protocol::answer,
        jurisdictional
    ),
    route!(
        post,
        "/inspections/{id}/interviews",
        ConductInspections,
        Page,
        protocol::interview,
        jurisdictional
    ),
    RouteSpec {
        method: "post",
        path: "/inspections/{id}/attachments",
        action: Action::ConductInspections,
        jurisdictional: true,
        surface: Surface::Page,
        handler: || post(protocol::attach).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
    },
    route!(
        get,
        "/inspections/{id}/attachments/{sha256}",
        ViewInspections,
        Page,
        protocol::download,
        jurisdictional
    ),
    route!(
        get,
        "/documents/{file}",
        ViewInspections,
        Page,
        acta::download,
        jurisdictional
    ),
    // Referrals
    route!(get, "/referrals", ViewProtectedCases, Page, referrals::list),
    route!(
        get,
        "/referrals/{id}",
        ViewProtectedCases,
        Page,
        referrals::page,
        jurisdictional
    ),
    route!(
        post,
        "/referrals/{id}/send",
        ManageReferrals,
        Page,
        referrals::send,
        jurisdictional
    ),
    route!(
        post,
        "/referrals/{id}/measure",
        ManageReferrals,
        Page,
        referrals::measure,
        jurisdictional
    ),
    route!(
        post,
        "/referrals/{id}/acknowledge",
        ManageReferrals,
        Page,
        referrals::acknowledge,
        jurisdictional
    ),
    route!(
        post,
        "/referrals/{id}/follow-up",
        ManageReferrals,
        Page,
        referrals::follow_up,
        jurisdictional
    ),
    route!(
        post,
        "/referrals/{id}/close",
        ManageReferrals,
        Page,
        referrals::close,
        jurisdictional
    ),
    // Sanctions
    route!(get, "/sanctions", ViewSanctions, Page, sanctions::list),
    route!(
        get,
        "/sanctions/{id}",
        ViewSanctions,
        Page,
        sanctions::page,
        jurisdictional
    ),
    route!(
        get,
        "/sanctions/{id}/resolution.pdf",
        ViewSanctions,
        Page,
        resolution::pdf,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/summon",
        ManageSanctions,
        Page,
        sanctions::summon,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/response",
        ManageSanctions,
        Page,
        sanctions::response,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/hearing",
        ManageSanctions,
        Page,
        sanctions::close_hearing,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/resolve",
        ManageSanctions,
        Page,
        sanctions::resolve,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/notify",
        ManageSanctions,
        Page,
        sanctions::notify,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/appeal",
        ManageSanctions,
        Page,
        sanctions::appeal,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/appeal-decision",
        ManageSanctions,
        Page,
        sanctions::appeal_decision,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/final",
        ManageSanctions,
        Page,
        sanctions::mark_final,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/payment",
        ManageSanctions,
        Page,
        sanctions::payment,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/collection",
        ManageSanctions,
        Page,
        sanctions::collection,
        jurisdictional
    ),
    route!(
        post,
        "/sanctions/{id}/write-off",
        ManageSanctions,
        Page,
        sanctions::write_off,
        jurisdictional
    ),
    // The stylesheet of these pages
    route!(get, "/static/inspection.css", ViewPublic, Asset, css),
];
