//! `/union-registry/compliance`: the registered unions overdue with their member updates
//! (LFT 377-III) or their accounts (373), the longest overdue first, by state, a page at a time.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_core::union::compliance::Overdue;
use faro_store::unions::OverdueFilter;
use minijinja::{context, Value};
use serde::Deserialize;

use super::items::{code_of, id_in_subject};
use super::view;
use super::{parse_page, parse_state, union_law};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use crate::public_pages::format::thousands;
use crate::public_pages::view::state_name;
use crate::AppState;

/// Filings per page.
pub const PAGE_SIZE: usize = 50;
/// The most filings the view reads (the compliance view's own bound).
const READ_LIMIT: usize = 5_000;

#[derive(Debug, Default, Deserialize)]
pub struct ComplianceParams {
    #[serde(default)]
    state: String,
    #[serde(default)]
    page: String,
}

/// The rows of page `page` (from 1) and whether a next page exists.
pub fn page_of(all: &[Overdue], page: u32) -> (&[Overdue], bool) {
    let start = (page as usize - 1).saturating_mul(PAGE_SIZE).min(all.len());
    let end = (start + PAGE_SIZE).min(all.len());
    (&all[start..end], end < all.len())
}

pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ComplianceParams>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let state = parse_state(&p.state)?;
    let page = parse_page(&p.page)?;
    let store = app.store.clone();
    let law = app.law.clone();
    let now = Utc::now();
    let limit = (page as usize * PAGE_SIZE + 1).min(READ_LIMIT) as u32;
    let all = blocking(move || store.overdue_unions(&union_law(&law)?, now, &OverdueFilter { state, limit })).await?;
    let (rows, more) = page_of(&all, page);
    let lang = ctx.lang;
    let items: Vec<Value> = rows
        .iter()
        .map(|o| {
            context! {
                union_id => id_in_subject(&o.union_id, "union"),
                name => o.name.clone(),
                obligation => view::text(&app, lang, &format!("upub.filing.{}", code_of(&o.obligation))),
                article => o.article.clone(),
                due_on => o.due_on.format("%Y-%m-%d").to_string(),
                days => thousands(o.days_overdue),
            }
        })
        .collect();
    let states: Vec<Value> = app
        .catalogs
        .states()
        .iter()
        .map(|s| context! { code => s.code.as_str(), name => s.name.clone() })
        .collect();
    let code = state.map(|s| s.as_str()).unwrap_or_default();
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "union_registry", "/union-registry/compliance"),
        ..context! {
            items => items,
            state => code.clone(),
            state_name => if code.is_empty() { String::new() } else { state_name(&app, &code) },
            states => states,
            page => page,
            prev => (page > 1).then(|| page - 1),
            next => more.then(|| page + 1),
        }
    };
    view::page(StatusCode::OK, "ureg_compliance.html", v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::union::compliance::Obligation;

    #[test]
    fn pages_split_the_list() {
        let o = Overdue {
            union_id: "union/1".into(),
            name: "S".into(),
            obligation: Obligation::MemberUpdate,
            article: "LFT 377-III".into(),
            due_on: chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap(),
            days_overdue: 1,
        };
        let all = vec![o; PAGE_SIZE + 3];
        assert_eq!(page_of(&all, 1).0.len(), PAGE_SIZE);
        assert!(page_of(&all, 1).1);
        assert_eq!(page_of(&all, 2).0.len(), 3);
        assert!(!page_of(&all, 2).1);
        assert!(page_of(&all, 9).0.is_empty());
    }
}
