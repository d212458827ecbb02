//! (placeholder: filled by its module's work)

use crate::routes::RouteSpec;

pub const ROUTES: &[RouteSpec] = &[];
