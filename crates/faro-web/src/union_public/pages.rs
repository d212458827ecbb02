//! The pages of one union, one agreement and one vote, from the store's public reads.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use faro_core::policy::{Action, Resource};
use faro_core::union::minimums::Flag;
use faro_store::unions::{AgreementFilter, AgreementRecord, UnionSummary, VoteRecord, VoteSummary};
use minijinja::{context, Value};
use serde::Serialize;

use super::items::{code_of, id_in_subject, is_legal_entity, percent_bp, results_public};
use super::parse_id;
use super::view::{self, word};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::public_pages::format::thousands;
use crate::public_pages::view::{place_name, sector, state_name};
use crate::AppState;

/// Agreements and votes listed on a union's page, at most.
const LIST_LIMIT: u32 = 200;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_day(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_default()
}

/// One periodic filing of a registered union as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilingView {
    /// "member_update" or "financial_report".
    pub obligation: &'static str,
    pub last: String,
    pub due: String,
    pub overdue: bool,
    pub days_overdue: i64,
}

/// A registered union's filings on `today`: overdue once the due date has passed
/// (`faro_core::union::compliance`). None for a union that is not registered.
pub fn filings(u: &UnionSummary, today: NaiveDate) -> Vec<FilingView> {
    if !u.status.is_registered() {
        return Vec::new();
    }
    [
        ("member_update", u.last_member_update, u.member_update_due),
        ("financial_report", u.last_financial_report, u.financial_report_due),
    ]
    .into_iter()
    .map(|(obligation, last, due)| {
        let days = due.map(|d| (today - d).num_days().max(0)).unwrap_or(0);
        FilingView {
            obligation,
            last: opt_day(last),
            due: opt_day(due),
            overdue: days > 0,
            days_overdue: days,
        }
    })
    .collect()
}

/// The employer as the public sees it: a legal entity's name, else "Persona física".
fn employer(app: &AppState, lang: Lang, name: &str, rfc: Option<&str>) -> String {
    if is_legal_entity(rfc) {
        name.to_string()
    } else {
        view::text(app, lang, "pub.individual")
    }
}

fn vote_row(app: &AppState, lang: Lang, v: &VoteSummary) -> Value {
    let public = results_public(v);
    context! {
        id => v.id,
        purpose => word(app, lang, "purpose", v.purpose.code()),
        vote_on => day(v.vote_on),
        status => word(app, lang, "vote_status", v.status.code()),
        outcome => v.outcome.as_deref().filter(|_| public).map(|o| word(app, lang, "outcome", o)).unwrap_or_default(),
        turnout => v.turnout_bp.filter(|_| public).map(percent_bp).unwrap_or_default(),
    }
}

pub async fn union_page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let (record, agreements, votes) = blocking(move || {
        let Some(record) = store.union(id)? else {
            return Ok((None, Vec::new(), Vec::new()));
        };
        let agreements = store.agreements(&AgreementFilter {
            union_id: Some(id),
            limit: LIST_LIMIT,
            ..AgreementFilter::default()
        })?;
        let votes = store.votes_of_union(id, LIST_LIMIT)?;
        Ok((Some(record), agreements.items, votes))
    })
    .await?;
    let record = record.ok_or_else(WebError::not_found)?;
    let lang = ctx.lang;
    let u = &record.summary;
    let today = Utc::now().date_naive();
    let filings: Vec<Value> = filings(u, today)
        .iter()
        .map(|f| {
            context! {
                label => view::text(&app, lang, &format!("upub.filing.{}", f.obligation)),
                last => f.last.clone(), due => f.due.clone(), overdue => f.overdue, days_overdue => f.days_overdue,
            }
        })
        .collect();
    let agreements: Vec<Value> = agreements
        .iter()
        .map(|a| {
            context! {
                id => a.id,
                number => a.registration_number.clone().unwrap_or_default(),
                employer => employer(&app, lang, &a.employer_name, a.employer_rfc.as_deref()),
                place => place_name(&app, &a.municipality, &a.state),
                status => word(&app, lang, "agreement_status", a.status.code()),
                covered => thousands(a.covered_workers),
            }
        })
        .collect();
    let votes: Vec<Value> = votes.iter().map(|v| vote_row(&app, lang, v)).collect();
    let leaders: Vec<Value> = record
        .leaders
        .iter()
        .map(|l| context! { name => l.name.clone(), office => l.office.clone() })
        .collect();
    let path = format!("/union-registry/unions/{id}");
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "union_registry", &path),
        ..context! {
            u => context! {
                id => u.id,
                name => u.name.clone(),
                number => u.registration_number.clone().unwrap_or_default(),
                kind => word(&app, lang, "union_kind", &code_of(&u.kind)),
                federation => u.federation.clone(),
                state => state_name(&app, &u.state),
                jurisdiction => word(&app, lang, "jurisdiction", if u.jurisdiction.state().is_some() { "local" } else { "federal" }),
                status => word(&app, lang, "union_status", u.status.code()),
                members => thousands(u.members),
                founded_on => day(u.founded_on),
                filed_on => day(u.filed_on),
                registered_on => opt_day(u.registered_on),
            },
            leaders => leaders,
            filings => filings,
            agreements => agreements,
            votes => votes,
        }
    };
    view::page(StatusCode::OK, "ureg_union.html", v)
}

/// The words of a flag of the agreement's minimums.
fn flag_text(app: &AppState, lang: Lang, flag: &Flag) -> String {
    let params: Vec<(&str, String)> = match flag {
        Flag::NoWageTable => vec![],
        Flag::WageBelowMinimum {
            position,
            daily_wage,
            minimum,
            ..
        } => vec![
            ("position", position.clone()),
            ("wage", daily_wage.to_string()),
            ("minimum", minimum.to_string()),
        ],
        Flag::VacationBelowLaw {
            year_of_service,
            days,
            required,
        } => vec![
            ("year", year_of_service.to_string()),
            ("days", days.to_string()),
            ("required", required.to_string()),
        ],
        Flag::VacationPremiumBelowLaw { percent, required } => {
            vec![("percent", percent.to_string()), ("required", required.to_string())]
        }
        Flag::YearEndBonusBelowLaw { days, required } => {
            vec![("days", days.to_string()), ("required", required.to_string())]
        }
        Flag::LawApplies { clause } => vec![("clause", clause.clone())],
    };
    let key = format!("upub.flag.{}", flag.code().trim_start_matches("minimums."));
    app.renderer.i18n.text(lang, &key, &params)
}

fn agreement_context(app: &AppState, lang: Lang, record: &AgreementRecord, votes: &[VoteSummary]) -> Value {
    let a = &record.summary;
    let flags = record
        .state
        .minimums
        .as_ref()
        .map(|m| m.flags.clone())
        .unwrap_or_default();
    let below_positions: Vec<String> = flags
        .iter()
        .filter_map(|f| match f {
            Flag::WageBelowMinimum { position, .. } => Some(position.clone()),
            _ => None,
        })
        .collect();
    let wage_table: Vec<Value> = record
        .wage_table
        .iter()
        .flatten()
        .map(|p| {
            context! {
                name => p.name.clone(),
                wage => p.daily_wage.to_string(),
                below => below_positions.contains(&p.name),
            }
        })
        .collect();
    let benefits = record.benefits.as_ref().map(|b| {
        context! {
            vacation => b.vacation.iter().map(|s| context! { from_year => s.from_year, days => s.days }).collect::<Vec<_>>(),
            premium => b.vacation_premium_percent,
            bonus => b.year_end_bonus_days,
            savings => b.savings_fund_percent,
            other => b.other.iter().map(|o| context! { name => o.name.clone(), description => o.description.clone() }).collect::<Vec<_>>(),
        }
    });
    let flags: Vec<Value> = flags
        .iter()
        .map(|f| context! { text => flag_text(app, lang, f), article => f.article(), below => f.below_law() })
        .collect();
    let revisions: Vec<Value> = record
        .revisions
        .iter()
        .map(|r| {
            context! {
                number => r.number,
                kind => word(app, lang, "revision_kind", &r.kind),
                agreed_on => day(r.agreed_on),
                effective_from => day(r.effective_from),
                deposited_on => day(r.deposited_on),
                vote_id => id_in_subject(&r.vote, "vote"),
                increase => r.increase_bp.map(percent_bp).unwrap_or_default(),
            }
        })
        .collect();
    let (sector_code, sector_name) = if a.sector.is_empty() {
        (String::new(), String::new())
    } else {
        sector(app, &a.sector)
    };
    let entity = is_legal_entity(a.employer_rfc.as_deref());
    context! {
        a => context! {
            id => a.id,
            number => a.registration_number.clone().unwrap_or_default(),
            kind => word(app, lang, "agreement_kind", &a.kind),
            union_id => a.union_id,
            union_name => a.union_name.clone(),
            union_registration => a.union_registration.clone(),
            employer => employer(app, lang, &a.employer_name, a.employer_rfc.as_deref()),
            rfc => if entity { a.employer_rfc.clone().unwrap_or_default() } else { String::new() },
            state => state_name(app, &a.state),
            place => place_name(app, &a.municipality, &a.state),
            sector_code => sector_code,
            sector => sector_name,
            jurisdiction => word(app, lang, "jurisdiction", if a.jurisdiction.state().is_some() { "local" } else { "federal" }),
            covered => thousands(a.covered_workers),
            status => word(app, lang, "agreement_status", a.status.code()),
            legitimization => word(app, lang, "legitimization", &a.legitimization),
            signed_on => day(a.signed_on),
            effective_from => day(a.effective_from),
            deposited_on => day(a.deposited_on),
            registered_on => opt_day(a.registered_on),
            termination => a.termination.as_deref().map(|t| word(app, lang, "termination", t)).unwrap_or_default(),
            certificate => a.certificate_number.clone().unwrap_or_default(),
            wage_revision_on => opt_day(a.wage_revision_on),
            full_revision_on => opt_day(a.full_revision_on),
            public_version_on => opt_day(a.public_version_on),
            below_law => a.below_law,
        },
        wage_table => wage_table,
        benefits => benefits,
        flags => flags,
        revisions => revisions,
        votes => votes.iter().map(|v| vote_row(app, lang, v)).collect::<Vec<_>>(),
        public_text => record.public_text.clone(),
    }
}

pub async fn agreement_page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let (record, votes) = blocking(move || {
        let Some(record) = store.agreement(id)? else {
            return Ok((None, Vec::new()));
        };
        Ok((Some(record), store.votes_of_agreement(id)?))
    })
    .await?;
    let record = record.ok_or_else(WebError::not_found)?;
    let path = format!("/union-registry/agreements/{id}");
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "union_registry", &path),
        ..agreement_context(&app, ctx.lang, &record, &votes)
    };
    view::page(StatusCode::OK, "ureg_agreement.html", v)
}

/// The link to what a vote is about, when it has a public page.
fn subject_link(subject: &str) -> Option<String> {
    if let Some(id) = id_in_subject(subject, "agreement") {
        return Some(format!("/union-registry/agreements/{id}"));
    }
    id_in_subject(subject, "union").map(|id| format!("/union-registry/unions/{id}"))
}

fn vote_context(app: &AppState, lang: Lang, record: &VoteRecord) -> Value {
    let v = &record.summary;
    let public = results_public(v);
    let columns: Vec<String> = if v.options.is_empty() {
        vec![
            view::text(app, lang, "upub.vote.for"),
            view::text(app, lang, "upub.vote.against"),
        ]
    } else {
        v.options.iter().map(|o| word(app, lang, "option", o)).collect()
    };
    let stations: Vec<Value> = record
        .stations
        .iter()
        .map(|s| {
            let counts: Vec<String> = match (&s.votes, public) {
                (Some(votes), true) => votes.iter().map(|n| thousands(i64::from(*n))).collect(),
                _ => Vec::new(),
            };
            context! {
                station => s.station.clone(),
                place => s.place.clone(),
                roll => thousands(s.roll),
                counts => counts,
                void => s.void.filter(|_| public).map(thousands).unwrap_or_default(),
                blank => s.blank.filter(|_| public).map(thousands).unwrap_or_default(),
            }
        })
        .collect();
    let totals: Vec<String> = match (&v.totals, public) {
        (Some(t), true) => t.iter().map(|n| thousands(i64::from(*n))).collect(),
        _ => Vec::new(),
    };
    let shown = |x: Option<i64>| x.filter(|_| public).map(thousands).unwrap_or_default();
    context! {
        v => context! {
            id => v.id,
            purpose => word(app, lang, "purpose", v.purpose.code()),
            subject => v.subject.clone(),
            subject_link => subject_link(&v.subject),
            organizer => v.organizer.clone(),
            state => state_name(app, &v.state),
            status => word(app, lang, "vote_status", v.status.code()),
            called_on => day(v.called_on),
            vote_on => day(v.vote_on),
            held_on => opt_day(v.held_on),
            published_on => opt_day(v.published_on),
            roll => v.roll.map(thousands).unwrap_or_default(),
            void => shown(v.void),
            blank => shown(v.blank),
            ballots => shown(v.ballots),
            valid => shown(v.valid),
            turnout => v.turnout_bp.filter(|_| public).map(percent_bp).unwrap_or_default(),
            margin => v.margin_bp.filter(|_| public).map(percent_bp).unwrap_or_default(),
            outcome => v.outcome.as_deref().filter(|_| public).map(|o| word(app, lang, "outcome", o)).unwrap_or_default(),
            winner => v.winner.clone().filter(|_| public).unwrap_or_default(),
        },
        public => public,
        columns => columns,
        stations => stations,
        totals => totals,
    }
}

pub async fn vote_page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let id = parse_id(&raw)?;
    let store = app.store.clone();
    let record = blocking(move || store.vote(id))
        .await?
        .ok_or_else(WebError::not_found)?;
    let path = format!("/union-registry/votes/{id}");
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "union_registry", &path),
        ..vote_context(&app, ctx.lang, &record)
    };
    view::page(StatusCode::OK, "ureg_vote.html", v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_link_to_their_pages() {
        assert_eq!(
            subject_link("agreement/7").as_deref(),
            Some("/union-registry/agreements/7")
        );
        assert_eq!(subject_link("union/3").as_deref(), Some("/union-registry/unions/3"));
        assert_eq!(subject_link("representativeness/2"), None);
    }
}
