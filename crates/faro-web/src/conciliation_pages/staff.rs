//! The conciliators' work: the agenda, a case's page and its commands, deadlines. Being written.

use crate::routes::RouteSpec;

pub const ROUTES: &[RouteSpec] = &[];
