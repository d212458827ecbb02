//! The registry's public JSON API (`/api/v1/public/unions/{id}`, `agreements/{id}`,
//! `votes/{id}`, `union-registry/statistics`) and its OpenAPI description, [`UnionPublicApiDoc`],
//! which `crate::api::openapi_document` merges into the main document. The records are the open
//! data's ([`super::items`]): no member's or voter's personal data.

use axum::extract::{Path, Query, State};
use axum::Json;
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_core::union::minimums::Flag;
use faro_store::unions::AgreementFilter;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::items::{results_public, AgreementItem, RevisionItem, UnionItem, VoteItem};
use super::pages::{filings, FilingView};
use super::stats::{
    self, ComplianceSummary, CoverageLine, StatsParams, UnionStatistics, VoteLine, WageLine, WomenLine,
};
use super::{parse_id, parse_state};
use crate::api::ErrorBody;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::blocking;
use crate::AppState;

/// Agreements and votes listed with a union, at most.
const LIST_LIMIT: u32 = 200;

/// An officer of the leadership in office (public: LFT 365 Bis).
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderItem {
    pub name: String,
    pub office: String,
}

/// A periodic filing of a registered union.
#[derive(Debug, Serialize, ToSchema)]
pub struct FilingItem {
    /// "member_update" (LFT 377-III) or "financial_report" (373).
    pub obligation: String,
    pub last: Option<String>,
    pub due: Option<String>,
    pub overdue: bool,
    pub days_overdue: i64,
}

impl FilingItem {
    fn new(f: &FilingView) -> Self {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        FilingItem {
            obligation: f.obligation.to_string(),
            last: opt(&f.last),
            due: opt(&f.due),
            overdue: f.overdue,
            days_overdue: f.days_overdue,
        }
    }
}

/// A union, its leadership, its agreements, its votes and its filings.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnionDetail {
    pub union: UnionItem,
    pub leaders: Vec<LeaderItem>,
    pub agreements: Vec<AgreementItem>,
    pub votes: Vec<VoteItem>,
    pub filings: Vec<FilingItem>,
}

/// A position of the wage table.
#[derive(Debug, Serialize, ToSchema)]
pub struct PositionItem {
    pub name: String,
    pub daily_wage_centavos: i64,
    /// Below the minimum wage (LFT 90).
    pub below_minimum: bool,
}

/// A step of the vacation table.
#[derive(Debug, Serialize, ToSchema)]
pub struct VacationItem {
    pub from_year: u32,
    pub days: u32,
}

/// A benefit without a legal minimum.
#[derive(Debug, Serialize, ToSchema)]
pub struct OtherBenefitItem {
    pub name: String,
    pub description: String,
}

/// The agreement's benefits.
#[derive(Debug, Serialize, ToSchema)]
pub struct BenefitsItem {
    pub vacation: Vec<VacationItem>,
    pub vacation_premium_percent: Option<u32>,
    pub year_end_bonus_days: Option<u32>,
    pub savings_fund_percent: Option<u32>,
    pub other: Vec<OtherBenefitItem>,
}

/// A check of the agreement's terms against the law.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlagItem {
    /// "minimums.wage_below_minimum", ...
    pub code: String,
    pub article: String,
    /// A clause below the law (otherwise information: the law applies where it is silent).
    pub below_law: bool,
}

/// An agreement, its terms, revisions, votes and public version.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDetail {
    pub agreement: AgreementItem,
    pub wage_table: Vec<PositionItem>,
    pub benefits: Option<BenefitsItem>,
    pub flags: Vec<FlagItem>,
    pub revisions: Vec<RevisionItem>,
    pub votes: Vec<VoteItem>,
    /// The public version (LFT 391 Bis): personal data removed.
    pub public_text: Option<String>,
}

/// A polling station: its roll's size and, once published, its results.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationItem {
    pub station: String,
    pub place: String,
    pub roll: i64,
    /// Votes per option (for and against, in an approval).
    pub votes: Option<Vec<u32>>,
    pub void: Option<i64>,
    pub blank: Option<i64>,
}

/// A vote, its options and its stations.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoteDetail {
    pub vote: VoteItem,
    /// The options of a contest (empty in an approval: for and against).
    pub options: Vec<String>,
    pub totals: Option<Vec<u32>>,
    pub stations: Vec<StationItem>,
}

#[utoipa::path(get, path = "/api/v1/public/unions/{id}", tag = "union_registry",
    params(("id" = i64, Path, description = "Union id")),
    responses((status = 200, body = UnionDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn union(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<UnionDetail>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let found = blocking(move || {
        let Some(record) = store.union(id)? else {
            return Ok(None);
        };
        let agreements = store.agreements(&AgreementFilter {
            union_id: Some(id),
            limit: LIST_LIMIT,
            ..AgreementFilter::default()
        })?;
        Ok(Some((record, agreements.items, store.votes_of_union(id, LIST_LIMIT)?)))
    })
    .await?;
    let (record, agreements, votes) = found.ok_or_else(WebError::not_found)?;
    Ok(Json(UnionDetail {
        union: UnionItem::new(&record.summary),
        leaders: record
            .leaders
            .iter()
            .map(|l| LeaderItem {
                name: l.name.clone(),
                office: l.office.clone(),
            })
            .collect(),
        agreements: agreements.iter().map(AgreementItem::new).collect(),
        votes: votes.iter().map(VoteItem::new).collect(),
        filings: filings(&record.summary, Utc::now().date_naive())
            .iter()
            .map(FilingItem::new)
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/public/agreements/{id}", tag = "union_registry",
    params(("id" = i64, Path, description = "Agreement id")),
    responses((status = 200, body = AgreementDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn agreement(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<AgreementDetail>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let found = blocking(move || {
        let Some(record) = store.agreement(id)? else {
            return Ok(None);
        };
        Ok(Some((record, store.votes_of_agreement(id)?)))
    })
    .await?;
    let (record, votes) = found.ok_or_else(WebError::not_found)?;
    let flags: Vec<Flag> = record
        .state
        .minimums
        .as_ref()
        .map(|m| m.flags.clone())
        .unwrap_or_default();
    let below = |name: &str| {
        flags
            .iter()
            .any(|f| matches!(f, Flag::WageBelowMinimum { position, .. } if position == name))
    };
    Ok(Json(AgreementDetail {
        agreement: AgreementItem::new(&record.summary),
        wage_table: record
            .wage_table
            .iter()
            .flatten()
            .map(|p| PositionItem {
                name: p.name.clone(),
                daily_wage_centavos: p.daily_wage.centavos(),
                below_minimum: below(&p.name),
            })
            .collect(),
        benefits: record.benefits.as_ref().map(|b| BenefitsItem {
            vacation: b
                .vacation
                .iter()
                .map(|s| VacationItem {
                    from_year: s.from_year,
                    days: s.days,
                })
                .collect(),
            vacation_premium_percent: b.vacation_premium_percent,
            year_end_bonus_days: b.year_end_bonus_days,
            savings_fund_percent: b.savings_fund_percent,
            other: b
                .other
                .iter()
                .map(|o| OtherBenefitItem {
                    name: o.name.clone(),
                    description: o.description.clone(),
                })
                .collect(),
        }),
        flags: flags
            .iter()
            .map(|f| FlagItem {
                code: f.code().to_string(),
                article: f.article().to_string(),
                below_law: f.below_law(),
            })
            .collect(),
        revisions: record
            .revisions
            .iter()
            .map(|r| {
                RevisionItem::new(&faro_store::unions::AgreementRevision {
                    agreement_id: record.summary.id,
                    agreement_registration: record.summary.registration_number.clone(),
                    revision: r.clone(),
                })
            })
            .collect(),
        votes: votes.iter().map(VoteItem::new).collect(),
        public_text: record.public_text.clone(),
    }))
}

#[utoipa::path(get, path = "/api/v1/public/votes/{id}", tag = "union_registry",
    params(("id" = i64, Path, description = "Vote id")),
    responses((status = 200, body = VoteDetail), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn vote(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<VoteDetail>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let record = blocking(move || store.vote(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let v = &record.summary;
    let public = results_public(v);
    Ok(Json(VoteDetail {
        vote: VoteItem::new(v),
        options: v.options.clone(),
        totals: v.totals.clone().filter(|_| public),
        stations: record
            .stations
            .iter()
            .map(|s| StationItem {
                station: s.station.clone(),
                place: s.place.clone(),
                roll: s.roll,
                votes: s.votes.clone().filter(|_| public),
                void: s.void.filter(|_| public),
                blank: s.blank.filter(|_| public),
            })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/public/union-registry/statistics", tag = "union_registry",
    params(StatsParams),
    responses((status = 200, body = UnionStatistics), (status = 400, body = ErrorBody)))]
pub async fn statistics(
    State(app): State<AppState>,
    ctx: Ctx,
    Query(p): Query<StatsParams>,
) -> Result<Json<UnionStatistics>, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let state = parse_state(&p.state)?;
    Ok(Json(stats::load(&app, state).await?))
}

#[derive(OpenApi)]
#[openapi(
    paths(union, agreement, vote, statistics),
    components(schemas(
        UnionDetail, UnionItem, LeaderItem, FilingItem, AgreementDetail, AgreementItem, PositionItem, BenefitsItem,
        VacationItem, OtherBenefitItem, FlagItem, RevisionItem, VoteDetail, VoteItem, StationItem, UnionStatistics,
        CoverageLine, WageLine, VoteLine, WomenLine, ComplianceSummary
    )),
    tags((name = "union_registry", description = "The public registry of unions, collective agreements and worker votes, without personal data"))
)]
pub struct UnionPublicApiDoc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_merged_document_describes_every_route_of_this_module() {
        let json = serde_json::to_value(UnionPublicApiDoc::openapi()).unwrap();
        for r in super::super::ROUTES.iter().filter(|r| r.path.starts_with("/api/v1/")) {
            assert!(
                json["paths"][r.path][r.method].is_object(),
                "{} {} is not described",
                r.method,
                r.path
            );
        }
    }
}
