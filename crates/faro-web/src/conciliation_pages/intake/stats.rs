//! `GET /conciliation/stats?center=..&from=YYYY-MM&to=YYYY-MM`: the centres' public statistics,
//! from the store's rollup: requests, settlements, the settlement rate, the amounts agreed and the
//! mean days to close, per centre and per month, with a bar chart of the requests by month.
//! Counts only: no case and no person is named.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, Utc};
use faro_core::catalog::Money;
use faro_core::policy::{Action, Resource};
use faro_core::Jurisdiction;
use faro_store::conciliation::ConciliationCounts;
use faro_store::dashboard::Month;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::super::{labels, view};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use crate::AppState;

pub const PATH: &str = "/conciliation/stats";

#[derive(Debug, Default, Deserialize)]
pub struct StatsQuery {
    #[serde(default)]
    pub center: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

#[derive(Debug, Serialize)]
struct Row {
    label: String,
    requests: i64,
    settled: i64,
    rate: String,
    agreed: String,
    days: String,
    /// The bar's width, percent of the largest month.
    bar: i64,
}

fn row(label: String, c: &ConciliationCounts, max: i64) -> Row {
    Row {
        label,
        requests: c.requests,
        settled: c.settled,
        rate: c
            .settlement_rate()
            .map(|r| format!("{:.1} %", r * 100.0))
            .unwrap_or_else(|| "—".into()),
        agreed: Money::from_centavos(c.agreed).to_string(),
        days: c
            .mean_days_to_close()
            .map(|d| format!("{d:.1}"))
            .unwrap_or_else(|| "—".into()),
        bar: if max > 0 { c.requests * 100 / max } else { 0 },
    }
}

fn month(raw: Option<&str>, default: Month) -> Result<Month, WebError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some(t) => Month::parse(t).map_err(WebError::from),
    }
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(q): Query<StatsQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let i18n = &app.renderer.i18n;
    let lang = ctx.lang;
    let today = Utc::now().date_naive();
    let this_month = Month::new(today.year(), today.month())?;
    let to = month(q.to.as_deref(), this_month)?;
    let from = month(q.from.as_deref(), to.minus(11))?;
    if from > to || to.year() - from.year() > 10 {
        return Err(WebError::new(StatusCode::BAD_REQUEST, "conc.intake.stats.bad_period"));
    }
    let center = match q.center.as_deref().map(str::trim) {
        None | Some("") | Some("all") => None,
        Some(t) => Some(
            t.parse::<Jurisdiction>()
                .map_err(|_| WebError::new(StatusCode::BAD_REQUEST, "conc.intake.stats.bad_center"))?,
        ),
    };
    let store = app.store.clone();
    let stats = blocking(move || store.conciliation_stats(center, from, to)).await?;
    let name = |code: &str| match code.parse::<Jurisdiction>() {
        Ok(j) => labels::center_name(i18n, &app.catalogs, lang, j),
        Err(_) => code.to_string(),
    };
    let max_center = stats.by_center.iter().map(|c| c.requests).max().unwrap_or(0);
    let max_month = stats.by_month.iter().map(|c| c.requests).max().unwrap_or(0);
    let by_center: Vec<Row> = stats
        .by_center
        .iter()
        .map(|c| row(name(&c.key), c, max_center))
        .collect();
    let by_month: Vec<Row> = stats
        .by_month
        .iter()
        .map(|c| row(c.key.clone(), c, max_month))
        .collect();
    let total = row(i18n.text(lang, "conc.intake.stats.total", &[]), &stats.total, 0);
    let centers: Vec<(String, String)> = std::iter::once(Jurisdiction::Federal)
        .chain(app.catalogs.states().iter().map(|s| Jurisdiction::State(s.code)))
        .map(|j| (j.code(), labels::center_name(i18n, &app.catalogs, lang, j)))
        .collect();
    let page = context! {
        ..app.renderer.base_context(&ctx, "conciliation", PATH),
        ..context! {
            action => PATH,
            from => from.code(),
            to => to.code(),
            center => center.map(|c| c.code()).unwrap_or_default(),
            centers => Value::from_serialize(&centers),
            total => Value::from_serialize(&total),
            by_center => Value::from_serialize(&by_center),
            by_month => Value::from_serialize(&by_month),
        }
    };
    view::page(StatusCode::OK, "conc_intake_stats.html", page)
}
