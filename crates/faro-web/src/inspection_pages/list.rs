//! The list of inspections of the user's jurisdiction (federal staff see every one) with its
//! filters, and the supervisor's workload view: open inspections per inspector, by status, with
//! their overdue measure deadlines.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, NaiveDate, Utc};
use faro_core::inspection::Status;
use faro_core::policy::{Action, Resource};
use faro_core::Jurisdiction;
use faro_store::inspections::{InspectionFilter, InspectionSummary};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use super::view::{self, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::AppState;

const PAGE: u32 = 50;

/// The list's query string, kept as text so that any value gets a clear answer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub mine: String,
    #[serde(default)]
    pub overdue: String,
    #[serde(default)]
    pub before: String,
}

fn checked(v: &str) -> bool {
    matches!(v, "1" | "on" | "true" | "yes")
}

/// The store filter of a list query, for a user of `jurisdiction` (`user_id` for "mine").
pub fn filter(
    q: &ListQuery,
    jurisdiction: Jurisdiction,
    user_id: i64,
    include_protected: bool,
    today: NaiveDate,
) -> Result<InspectionFilter, WebError> {
    let status = match q.status.trim() {
        "" => None,
        s => Some(Status::parse(s).ok_or_else(|| WebError::bad_request(format!("unknown status '{s}'")))?),
    };
    let before_id = match q.before.trim() {
        "" => None,
        b => Some(
            b.parse::<i64>()
                .ok()
                .filter(|v| *v > 0)
                .ok_or_else(|| WebError::bad_request(format!("'{b}' is not a position in the list")))?,
        ),
    };
    let overdue = checked(&q.overdue);
    Ok(InspectionFilter {
        jurisdiction: Some(jurisdiction),
        status,
        open_only: overdue,
        inspector_id: checked(&q.mine).then_some(user_id),
        deadline_by: overdue.then(|| today - Duration::days(1)),
        include_protected,
        before_id,
        limit: PAGE,
        ..Default::default()
    })
}

pub fn inspector_names(app: &AppState) -> Result<HashMap<i64, String>, faro_store::StoreError> {
    Ok(app.store.users()?.into_iter().map(|u| (u.id, u.display_name)).collect())
}

fn row(app: &AppState, lang: Lang, s: &InspectionSummary, names: &HashMap<i64, String>, today: NaiveDate) -> Value {
    let deadline = s.next_deadline.as_deref().and_then(|d| d.parse::<NaiveDate>().ok());
    let matters: Vec<String> = s.matters.iter().map(|m| label(app, lang, "matter", m)).collect();
    context! {
        id => s.id,
        workplace => s.workplace_name.clone(),
        employer => s.employer_name.clone(),
        kind => label(app, lang, "insp.kind", &s.kind),
        status => s.status.clone(),
        status_label => label(app, lang, "insp.status", &s.status),
        matters => matters.join(", "),
        protected => s.protected,
        order_number => s.order_number.clone(),
        inspector => s.inspector_id.and_then(|i| names.get(&i).cloned()),
        planned_for => s.planned_for.clone(),
        deadline => deadline.map(|d| d.to_string()),
        deadline_text => deadline.map(|d| view::days_left_text(app, lang, today, d)),
        overdue => deadline.is_some_and(|d| d < today),
    }
}

pub async fn list(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewInspections, Resource::Collection)?;
    let Some(user) = ctx.user.clone() else {
        return Err(WebError::needs_login());
    };
    let today = Utc::now().date_naive();
    let protected = ctx.may(Action::ViewProtectedCases);
    let f = filter(&q, user.jurisdiction, user.id, protected, today)?;
    let a = app.clone();
    let (rows, names) = blocking(move || Ok((a.store.inspections(&f)?, inspector_names(&a)?))).await?;
    let lang = ctx.lang;
    let next_url = (rows.len() == PAGE as usize)
        .then(|| rows.last().map(|r| r.id))
        .flatten()
        .map(|last| {
            let mut next = q.clone();
            next.before = last.to_string();
            format!(
                "/inspections?{}",
                serde_urlencoded::to_string(&next).unwrap_or_default()
            )
        });
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| context! { code => s.code(), name => label(&app, lang, "insp.status", s.code()) })
        .collect();
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(&ctx, "inspections", "/inspections"),
        ..context! {
            items => rows.iter().map(|s| row(&app, lang, s, &names, today)).collect::<Vec<_>>(),
            q => context! { status => q.status.clone(), mine => checked(&q.mine), overdue => checked(&q.overdue) },
            statuses => statuses,
            next_url => next_url,
            may_plan => ctx.may(Action::PlanInspections),
            may_workload => ctx.may(Action::PlanInspections),
            may_referrals => ctx.may(Action::ViewProtectedCases),
            may_sanctions => ctx.may(Action::ViewSanctions),
            jurisdiction => view::jurisdiction_name(&app, lang, user.jurisdiction),
        }
    };
    view::page(StatusCode::OK, "insp_list.html", page)
}

/// One inspector's open work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// `None`: inspections not yet ordered to anybody.
    pub inspector_id: Option<i64>,
    pub by_status: BTreeMap<Status, u32>,
    pub open: u32,
    /// Open inspections whose earliest pending measure deadline has passed.
    pub overdue: u32,
}

/// The open statuses, in the order of the procedure: the workload table's columns.
pub const OPEN_STATUSES: [Status; 7] = [
    Status::Programmed,
    Status::Ordered,
    Status::Notified,
    Status::InProgress,
    Status::RecordClosed,
    Status::CorrectiveMeasures,
    Status::Verification,
];

/// Groups open inspections by inspector (unassigned last), counting each status and the overdue.
pub fn workload(rows: &[InspectionSummary], today: NaiveDate) -> Vec<Workload> {
    let mut by: BTreeMap<(bool, i64), Workload> = BTreeMap::new();
    for r in rows {
        let Some(status) = Status::parse(&r.status).filter(|s| s.is_open()) else {
            continue;
        };
        let key = (r.inspector_id.is_none(), r.inspector_id.unwrap_or(0));
        let w = by.entry(key).or_insert_with(|| Workload {
            inspector_id: r.inspector_id,
            by_status: BTreeMap::new(),
            open: 0,
            overdue: 0,
        });
        *w.by_status.entry(status).or_insert(0) += 1;
        w.open += 1;
        let late = r
            .next_deadline
            .as_deref()
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .is_some_and(|d| d < today);
        if late {
            w.overdue += 1;
        }
    }
    by.into_values().collect()
}

pub async fn workload_page(State(app): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    ctx.require(Action::PlanInspections, Resource::Collection)?;
    let Some(user) = ctx.user.clone() else {
        return Err(WebError::needs_login());
    };
    let today = Utc::now().date_naive();
    let f = InspectionFilter {
        jurisdiction: Some(user.jurisdiction),
        open_only: true,
        include_protected: ctx.may(Action::ViewProtectedCases),
        limit: 500,
        ..Default::default()
    };
    let a = app.clone();
    let (rows, names) = blocking(move || Ok((a.store.inspections(&f)?, inspector_names(&a)?))).await?;
    let lang = ctx.lang;
    let unassigned = app.renderer.i18n.text(lang, "insp.workload.unassigned", &[]);
    let table: Vec<Value> = workload(&rows, today)
        .into_iter()
        .map(|w| {
            let counts: Vec<u32> = OPEN_STATUSES
                .iter()
                .map(|s| w.by_status.get(s).copied().unwrap_or(0))
                .collect();
            context! {
                inspector => w.inspector_id.map(|i| names.get(&i).cloned().unwrap_or_else(|| format!("#{i}")))
                    .unwrap_or_else(|| unassigned.clone()),
                inspector_id => w.inspector_id,
                counts => counts,
                open => w.open,
                overdue => w.overdue,
            }
        })
        .collect();
    let columns: Vec<String> = OPEN_STATUSES
        .iter()
        .map(|s| label(&app, lang, "insp.status", s.code()))
        .collect();
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(&ctx, "inspections", "/inspections/workload"),
        ..context! {
            rows => table,
            columns => columns,
            truncated => rows.len() >= 500,
            jurisdiction => view::jurisdiction_name(&app, lang, user.jurisdiction),
        }
    };
    view::page(StatusCode::OK, "insp_workload.html", page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: i64, inspector: Option<i64>, status: &str, deadline: Option<&str>) -> InspectionSummary {
        InspectionSummary {
            id,
            workplace_id: 1,
            workplace_name: "W".into(),
            employer_id: 1,
            employer_name: "E".into(),
            employer_rfc: None,
            employer_person_kind: "legal_entity".into(),
            address: String::new(),
            municipality: "14039".into(),
            jurisdiction: "14".into(),
            state: "14".into(),
            sector: "31".into(),
            kind: "initial".into(),
            origin: "program".into(),
            status: status.into(),
            matters: vec!["training".into()],
            protected: false,
            inspector_id: inspector,
            order_number: None,
            planned_for: "2026-03-01".into(),
            visit_at: None,
            findings: 0,
            next_deadline: deadline.map(str::to_string),
            updated_seq: 1,
        }
    }

    #[test]
    fn workload_by_inspector_status_and_overdue() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let rows = vec![
            summary(1, Some(7), "in_progress", None),
            summary(2, Some(7), "corrective_measures", Some("2026-03-09")),
            summary(3, Some(7), "corrective_measures", Some("2026-03-10")),
            summary(4, None, "programmed", None),
            summary(5, Some(3), "closed", None),
            summary(6, Some(3), "verification", Some("2026-01-01")),
        ];
        let w = workload(&rows, today);
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].inspector_id, Some(3));
        assert_eq!((w[0].open, w[0].overdue), (1, 1), "the closed one is not open work");
        assert_eq!(w[1].inspector_id, Some(7));
        assert_eq!(
            (w[1].open, w[1].overdue),
            (3, 1),
            "a deadline of today is not overdue yet"
        );
        assert_eq!(w[1].by_status.get(&Status::CorrectiveMeasures), Some(&2));
        assert_eq!(w[2].inspector_id, None, "unassigned last");
    }

    #[test]
    fn list_filters() {
        let today: NaiveDate = "2026-03-10".parse().unwrap();
        let q = ListQuery {
            status: "ordered".into(),
            mine: "1".into(),
            overdue: "on".into(),
            before: "40".into(),
        };
        let f = filter(&q, Jurisdiction::Federal, 9, false, today).unwrap();
        assert_eq!(f.status, Some(Status::Ordered));
        assert_eq!(f.inspector_id, Some(9));
        assert!(f.open_only);
        assert_eq!(f.deadline_by, Some("2026-03-09".parse().unwrap()));
        assert_eq!(f.before_id, Some(40));
        assert!(!f.include_protected);
        let bad = ListQuery {
            status: "lost".into(),
            ..Default::default()
        };
        assert_eq!(
            filter(&bad, Jurisdiction::Federal, 9, true, today).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let plain = filter(&ListQuery::default(), Jurisdiction::Federal, 9, true, today).unwrap();
        assert!(plain.inspector_id.is_none() && plain.deadline_by.is_none() && plain.include_protected);
    }
}
