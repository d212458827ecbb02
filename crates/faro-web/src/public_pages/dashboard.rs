//! `/dashboards`: the managers' view of inspections and fines, read from the rollups. A state
//! user sees their state; a federal user the country, or one state with the `state` filter.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate, Utc};
use faro_core::policy::{Action, Resource};
use faro_core::{DomainError, Jurisdiction};
use faro_store::dashboard::{Dashboard, DashboardFilter, FineCounts, InspectionCounts, Month};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::api::{Coverage, DashboardSummary, FineGroup, InspectionGroup, MatterGroup};
use super::chart::{self, RowInput};
use super::{format, parse_state, view};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::AppState;

/// The longest period a dashboard covers.
const MAX_MONTHS: usize = 120;

/// What the dashboards show.
#[derive(Debug, Deserialize, Serialize, Default, Clone, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// State code, 01 to 32: a federal user's choice; a state user always sees their own state.
    #[serde(default)]
    pub state: String,
    /// First month, YYYY-MM (default: eleven months before `to`).
    #[serde(default)]
    pub from: String,
    /// Last month, YYYY-MM (default: the current month).
    #[serde(default)]
    pub to: String,
}

/// The period asked for, with its defaults: the twelve months ending with `today`'s.
pub fn period(p: &DashboardParams, today: NaiveDate) -> Result<(Month, Month), WebError> {
    let to = match p.to.trim() {
        "" => Month::new(today.year(), today.month())?,
        t => Month::parse(t)?,
    };
    let from = match p.from.trim() {
        "" => to.minus(11),
        f => Month::parse(f)?,
    };
    let months = from.through(to).len();
    if months == 0 || months > MAX_MONTHS {
        return Err(WebError::from(
            DomainError::new(
                "dash.invalid_period",
                "the period must run forward and last at most 120 months",
            )
            .with("from", from.code())
            .with("to", to.code())
            .with("max", MAX_MONTHS.to_string()),
        ));
    }
    Ok((from, to))
}

fn group(key: String, name: String, c: &InspectionCounts) -> InspectionGroup {
    InspectionGroup {
        key,
        name,
        inspections: c.inspections,
        closed: c.closed,
        with_findings: c.with_findings,
        days_to_close: c.days_to_close,
        average_days_to_close: format::ratio(c.days_to_close, c.closed),
    }
}

fn add(into: &mut InspectionCounts, c: &InspectionCounts) {
    into.inspections += c.inspections;
    into.closed += c.closed;
    into.with_findings += c.with_findings;
    into.days_to_close += c.days_to_close;
}

fn fine_group(key: String, name: String, f: &FineCounts) -> FineGroup {
    FineGroup {
        key,
        name,
        sanctions: f.sanctions,
        imposed_centavos: f.imposed,
        paid_centavos: f.paid,
        collection_rate: format::ratio(f.paid, f.imposed),
    }
}

fn add_fines(into: &mut FineCounts, f: &FineCounts) {
    into.sanctions += f.sanctions;
    into.imposed += f.imposed;
    into.paid += f.paid;
}

/// The rollups' numbers with names, averages and rates; two-digit sectors merged into the SCIAN
/// sectors of the catalog ("31", "32" and "33" are "31-33"); every month of the period present.
pub fn summarize(app: &AppState, lang: Lang, f: &DashboardFilter, d: &Dashboard) -> DashboardSummary {
    let by_state: Vec<InspectionGroup> = d
        .by_state
        .iter()
        .map(|c| group(c.key.clone(), view::state_name(app, &c.key), c))
        .collect();
    let mut sectors: BTreeMap<(String, String), InspectionCounts> = BTreeMap::new();
    for c in &d.by_sector {
        add(sectors.entry(view::sector(app, &c.key)).or_default(), c);
    }
    let by_sector = sectors
        .iter()
        .map(|((code, name), c)| group(code.clone(), name.clone(), c))
        .collect();
    let by_month = f
        .from
        .through(f.to)
        .into_iter()
        .map(|m| {
            let code = m.code();
            let c = d.by_month.iter().find(|c| c.key == code).cloned().unwrap_or_default();
            group(code.clone(), code, &c)
        })
        .collect();
    let mut total = InspectionCounts::default();
    for c in &d.by_state {
        add(&mut total, c);
    }
    let by_matter = d
        .by_matter
        .iter()
        .map(|m| MatterGroup {
            matter: m.matter.clone(),
            name: view::label(app, lang, "pub.matter", &m.matter),
            inspections: m.inspections,
            with_findings: m.with_findings,
            violation_rate: format::ratio(m.with_findings, m.inspections),
        })
        .collect();
    let fines_by_state = d
        .fines_by_state
        .iter()
        .map(|c| fine_group(c.key.clone(), view::state_name(app, &c.key), c))
        .collect();
    let mut fine_sectors: BTreeMap<(String, String), FineCounts> = BTreeMap::new();
    for c in &d.fines_by_sector {
        add_fines(fine_sectors.entry(view::sector(app, &c.key)).or_default(), c);
    }
    let fines_by_sector = fine_sectors
        .iter()
        .map(|((code, name), c)| fine_group(code.clone(), name.clone(), c))
        .collect();
    let fines_by_year = d
        .fines_by_year
        .iter()
        .map(|c| fine_group(c.key.clone(), c.key.clone(), c))
        .collect();
    let mut fines_total = FineCounts::default();
    for c in &d.fines_by_year {
        add_fines(&mut fines_total, c);
    }
    let all = view::text(app, lang, "dash.all");
    DashboardSummary {
        state: f.state.map(|s| s.as_str()),
        from: f.from.code(),
        to: f.to.code(),
        totals: group("total".into(), all.clone(), &total),
        by_state,
        by_sector,
        by_month,
        by_matter,
        fines_totals: fine_group("total".into(), all, &fines_total),
        fines_by_state,
        fines_by_sector,
        fines_by_year,
        coverage: Coverage {
            workplaces: d.workplaces,
            year: d.coverage_year,
            workplaces_visited: d.workplaces_visited,
            coverage: format::ratio(d.workplaces_visited, d.workplaces),
            visited_last_12_months: d.visited_last_12_months,
        },
    }
}

/// Checks the user and the filter, reads the rollups and summarizes them.
pub async fn load(app: &AppState, ctx: &Ctx, p: &DashboardParams) -> Result<DashboardSummary, WebError> {
    ctx.require(Action::ViewDashboards, Resource::Collection)?;
    let user = ctx.user.as_ref().ok_or_else(WebError::needs_login)?;
    let asked = parse_state(&p.state)?;
    let state = match user.jurisdiction {
        Jurisdiction::Federal => asked,
        Jurisdiction::State(own) => {
            if asked.is_some_and(|a| a != own) {
                return Err(WebError::forbidden("policy.other_jurisdiction"));
            }
            Some(own)
        }
    };
    let (from, to) = period(p, Utc::now().date_naive())?;
    let filter = DashboardFilter { state, from, to };
    let store = app.store.clone();
    let f2 = filter.clone();
    let data = blocking(move || store.dashboard(&f2)).await?;
    Ok(summarize(app, ctx.lang, &filter, &data))
}

#[derive(Serialize)]
struct Row {
    name: String,
    cells: Vec<String>,
}

fn inspection_rows(groups: &[InspectionGroup]) -> Vec<Row> {
    groups
        .iter()
        .map(|g| Row {
            name: g.name.clone(),
            cells: vec![
                format::thousands(g.inspections),
                format::thousands(g.closed),
                format::thousands(g.with_findings),
                format::average(g.days_to_close, g.closed),
            ],
        })
        .collect()
}

fn fine_rows(groups: &[FineGroup]) -> Vec<Row> {
    groups
        .iter()
        .map(|g| Row {
            name: g.name.clone(),
            cells: vec![
                format::thousands(g.sanctions),
                format::money(g.imposed_centavos),
                format::money(g.paid_centavos),
                format::percent(g.collection_rate),
            ],
        })
        .collect()
}

fn count_bars(groups: &[InspectionGroup]) -> chart::BarChart {
    chart::bars(
        &groups
            .iter()
            .map(|g| RowInput {
                label: g.name.clone(),
                values: vec![(g.inspections, format::thousands(g.inspections))],
            })
            .collect::<Vec<_>>(),
    )
}

fn fine_bars(groups: &[FineGroup]) -> chart::BarChart {
    chart::bars(
        &groups
            .iter()
            .map(|g| RowInput {
                label: g.name.clone(),
                values: vec![
                    (g.imposed_centavos, format::money(g.imposed_centavos)),
                    (g.paid_centavos, format::money(g.paid_centavos)),
                ],
            })
            .collect::<Vec<_>>(),
    )
}

/// The dashboards page: charts, and beside each the table of its numbers.
pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<DashboardParams>,
) -> Result<Response, WebError> {
    let s = load(&app, &ctx, &p).await?;
    let lang = ctx.lang;
    let federal = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.jurisdiction == Jurisdiction::Federal);
    let matter_chart = chart::bars(
        &s.by_matter
            .iter()
            .map(|m| RowInput {
                label: m.name.clone(),
                values: vec![(
                    m.violation_rate.map(|r| (r * 1000.0).round() as i64).unwrap_or(0),
                    format::percent(m.violation_rate),
                )],
            })
            .collect::<Vec<_>>(),
    );
    let matter_rows: Vec<Row> = s
        .by_matter
        .iter()
        .map(|m| Row {
            name: m.name.clone(),
            cells: vec![
                format::thousands(m.inspections),
                format::thousands(m.with_findings),
                format::percent(m.violation_rate),
            ],
        })
        .collect();
    let month_chart = chart::line(
        &s.by_month
            .iter()
            .map(|g| (g.key.clone(), g.inspections, format::thousands(g.inspections)))
            .collect::<Vec<_>>(),
    );
    let states: Vec<Value> = app
        .catalogs
        .states()
        .iter()
        .map(|st| context! { code => st.code.as_str(), name => st.name.clone() })
        .collect();
    let scope = match &s.state {
        Some(code) => view::state_name(&app, code),
        None => view::text(&app, lang, "dash.national"),
    };
    let query = serde_urlencoded::to_string(DashboardParams {
        state: s.state.clone().unwrap_or_default(),
        from: s.from.clone(),
        to: s.to.clone(),
    })
    .unwrap_or_default();
    let r = &app.renderer;
    let coverage = &s.coverage;
    let ctxv = context! {
        ..r.base_context(&ctx, "dashboards", &format!("/dashboards?{query}")),
        ..context! {
            federal => federal, states => states, scope => scope,
            q => context! { state => s.state.clone().unwrap_or_default(), from => s.from.clone(), to => s.to.clone() },
            json_url => format!("/api/v1/dashboards/summary?{query}"),
            cards => context! {
                inspections => format::thousands(s.totals.inspections),
                closed => format::thousands(s.totals.closed),
                average_days => format::average(s.totals.days_to_close, s.totals.closed),
                imposed => format::money(s.fines_totals.imposed_centavos),
                paid => format::money(s.fines_totals.paid_centavos),
                collection => format::percent(s.fines_totals.collection_rate),
                coverage => format::percent(coverage.coverage),
                coverage_year => coverage.year,
                visited_workplaces => format::thousands(coverage.workplaces_visited),
                visited => format::thousands(coverage.visited_last_12_months),
                workplaces => format::thousands(coverage.workplaces),
            },
            by_state => context! { chart => count_bars(&s.by_state), rows => Value::from_serialize(inspection_rows(&s.by_state)) },
            by_sector => context! { chart => count_bars(&s.by_sector), rows => Value::from_serialize(inspection_rows(&s.by_sector)) },
            by_month => context! { chart => month_chart, rows => Value::from_serialize(inspection_rows(&s.by_month)) },
            by_matter => context! { chart => matter_chart, rows => Value::from_serialize(matter_rows) },
            fines_by_state => context! { chart => fine_bars(&s.fines_by_state), rows => Value::from_serialize(fine_rows(&s.fines_by_state)) },
            fines_by_sector => context! { chart => fine_bars(&s.fines_by_sector), rows => Value::from_serialize(fine_rows(&s.fines_by_sector)) },
            fines_by_year => context! { chart => fine_bars(&s.fines_by_year), rows => Value::from_serialize(fine_rows(&s.fines_by_year)) },
        }
    };
    view::page(StatusCode::OK, "dash_index.html", ctxv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_default_period_is_the_twelve_months_ending_this_one() {
        let (from, to) = period(&DashboardParams::default(), day(2026, 3, 15)).unwrap();
        assert_eq!((from.code(), to.code()), ("2025-04".to_string(), "2026-03".to_string()));
        let p = DashboardParams {
            from: "2026-01".into(),
            to: "2026-02".into(),
            ..Default::default()
        };
        let (from, to) = period(&p, day(2026, 3, 15)).unwrap();
        assert_eq!((from.code(), to.code()), ("2026-01".to_string(), "2026-02".to_string()));
    }

    #[test]
    fn backwards_long_or_malformed_periods_are_refused() {
        let today = day(2026, 3, 15);
        let p = |from: &str, to: &str| DashboardParams {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        };
        assert_eq!(
            period(&p("2026-03", "2026-01"), today).unwrap_err().code,
            "dash.invalid_period"
        );
        assert_eq!(
            period(&p("2010-01", "2026-01"), today).unwrap_err().code,
            "dash.invalid_period"
        );
        assert_eq!(
            period(&p("2016-02", "2026-01"), today).map(|(f, _)| f.code()).unwrap(),
            "2016-02"
        );
        assert_eq!(period(&p("2026-1", ""), today).unwrap_err().code, "dash.invalid_month");
    }
}
