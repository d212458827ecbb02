//! Requests: the public online form, the counter intake, scheduling, the receipt; the court lookup API; the centres' public statistics. Being written.

use crate::routes::RouteSpec;

pub const ROUTES: &[RouteSpec] = &[];
