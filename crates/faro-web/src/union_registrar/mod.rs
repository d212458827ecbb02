//! The registrar's pages of the union and collective-agreement registry (LFT 356-403): the work
//! queue ordered by legal deadline, the file of a union, an agreement and a vote with one form
//! per command core allows in the record's state, and the integrity flags with their review.
//!
//! Every page asks `ViewUnionFiles` (the files are confidential: members, rolls), every command
//! `ManageUnionRegistry`; both are national (no jurisdiction check). A command the law refuses
//! redraws the record's page with the translated reason next to its form and a 422; nothing is
//! written.
//!
//! | module | job |
//! |---|---|
//! | `view` | templates, dates, labels and the translated refusal |
//! | `parse` | forms to commands (pure) |
//! | `run` | the registry's law and running a command through the store |
//! | `queue` | `/registrar`: the work queue |
//! | `unions`, `agreements`, `votes` | each record's page and its command routes |
//! | `anomalies` | the open flags and their review |

pub mod agreements;
pub mod anomalies;
pub mod parse;
pub mod queue;
pub mod run;
pub mod unions;
pub mod view;
pub mod votes;

use axum::routing::{get, post};
use faro_core::policy::Action;

use crate::routes::{route, RouteSpec, Surface};

pub const ROUTES: &[RouteSpec] = &[
    route!(get, "/registrar", ManageUnionRegistry, Page, queue::page),
    route!(get, "/registrar/unions/{id}", ViewUnionFiles, Page, unions::page),
    route!(
        post,
        "/registrar/unions/{id}/defects",
        ManageUnionRegistry,
        Page,
        unions::defects
    ),
    route!(
        post,
        "/registrar/unions/{id}/register",
        ManageUnionRegistry,
        Page,
        unions::register
    ),
    route!(
        post,
        "/registrar/unions/{id}/refuse",
        ManageUnionRegistry,
        Page,
        unions::refuse
    ),
    route!(
        post,
        "/registrar/unions/{id}/deemed",
        ManageUnionRegistry,
        Page,
        unions::deemed
    ),
    route!(
        post,
        "/registrar/unions/{id}/certificate",
        ManageUnionRegistry,
        Page,
        unions::certificate
    ),
    route!(
        post,
        "/registrar/unions/{id}/leadership/certify",
        ManageUnionRegistry,
        Page,
        unions::certify_leadership
    ),
    route!(
        post,
        "/registrar/unions/{id}/leadership/reject",
        ManageUnionRegistry,
        Page,
        unions::reject_leadership
    ),
    route!(
        post,
        "/registrar/unions/{id}/financial-report",
        ManageUnionRegistry,
        Page,
        unions::financial_report
    ),
    route!(
        get,
        "/registrar/agreements/{id}",
        ViewUnionFiles,
        Page,
        agreements::page
    ),
    route!(
        post,
        "/registrar/agreements/{id}/register",
        ManageUnionRegistry,
        Page,
        agreements::register
    ),
    route!(
        post,
        "/registrar/agreements/{id}/refuse",
        ManageUnionRegistry,
        Page,
        agreements::refuse
    ),
    route!(
        post,
        "/registrar/agreements/{id}/public-version",
        ManageUnionRegistry,
        Page,
        agreements::public_version
    ),
    route!(get, "/registrar/votes/{id}", ViewUnionFiles, Page, votes::page),
    route!(
        post,
        "/registrar/votes/{id}/hold",
        ManageUnionRegistry,
        Page,
        votes::hold
    ),
    route!(
        post,
        "/registrar/votes/{id}/results",
        ManageUnionRegistry,
        Page,
        votes::results
    ),
    route!(
        post,
        "/registrar/votes/{id}/publish",
        ManageUnionRegistry,
        Page,
        votes::publish
    ),
    route!(
        post,
        "/registrar/votes/{id}/apply",
        ManageUnionRegistry,
        Page,
        votes::apply
    ),
    route!(
        post,
        "/registrar/votes/{id}/annul",
        ManageUnionRegistry,
        Page,
        votes::annul
    ),
    route!(get, "/registrar/anomalies", ViewUnionFiles, Page, anomalies::page),
    route!(
        post,
        "/registrar/anomalies/{id}/review",
        ManageUnionRegistry,
        Page,
        anomalies::review
    ),
];
