//! Static assets, embedded in the binary: the stylesheet and the pinned, vendored htmx.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const FARO_CSS: &str = include_str!("../static/faro.css");
const HTMX: &str = include_str!("../static/vendor/htmx-2.0.4.min.js");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        body,
    )
        .into_response()
}

pub async fn css() -> Response {
    asset("text/css; charset=utf-8", FARO_CSS)
}

pub async fn htmx() -> Response {
    asset("text/javascript; charset=utf-8", HTMX)
}
