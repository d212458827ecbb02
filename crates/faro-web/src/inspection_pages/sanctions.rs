//! The sanction procedures: the list with the fines ledger (imposed, paid, outstanding), and each
//! case with its hearing, the resolution (a fine per finding, the amount per worker prefilled with
//! the suggestion of the LFT 992 criteria within the legal range, and the calculation shown once
//! resolved), notification, appeal, finality, payments and collection.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Utc};
use faro_core::catalog::Money;
use faro_core::fine::{suggested_uma, Criteria};
use faro_core::policy::{Action, Resource};
use faro_core::sanction::{self, Sanction, Status};
use faro_core::DomainError;
use minijinja::{context, Value};
use serde::Deserialize;

use super::access::{self, may_on};
use super::case::{posted_values, question_text, timeline};
use super::failure::{self, Failure};
use super::form::FormData;
use super::parse;
use super::resolution;
use super::view::{self, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
}

/// The ledger of one case or of many: what was imposed, paid and is still owed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ledger {
    pub imposed: Money,
    pub paid: Money,
    pub outstanding: Money,
}

impl Ledger {
    /// One case: a fine annulled on appeal is no longer imposed, and a written-off one is no
    /// longer owed.
    pub fn of(s: &Sanction) -> Ledger {
        match s.status {
            Status::Annulled => Ledger {
                imposed: Money::ZERO,
                paid: s.paid(),
                outstanding: Money::ZERO,
            },
            Status::WrittenOff => Ledger {
                imposed: s.imposed(),
                paid: s.paid(),
                outstanding: Money::ZERO,
            },
            _ => Ledger {
                imposed: s.imposed(),
                paid: s.paid(),
                outstanding: s.outstanding(),
            },
        }
    }

    /// The sum of several cases' ledgers.
    pub fn total<'a>(cases: impl Iterator<Item = &'a Sanction>) -> Ledger {
        let mut t = Ledger::default();
        for s in cases {
            let l = Ledger::of(s);
            t.imposed += l.imposed;
            t.paid += l.paid;
            t.outstanding += l.outstanding;
        }
        t
    }

    fn value(&self) -> Value {
        context! { imposed => view::money(self.imposed), paid => view::money(self.paid), outstanding => view::money(self.outstanding) }
    }
}

fn row(app: &AppState, lang: Lang, id: i64, s: &Sanction) -> Value {
    let today = Utc::now().date_naive();
    context! {
        id => id, inspection_id => s.inspection_id,
        status => s.status.code(), status_label => label(app, lang, "sanc.status", s.status.code()),
        acta_date => s.acta_date.to_string(), findings => s.findings.len(),
        ledger => Ledger::of(s).value(),
        deadline => s.next_deadline().map(|d| d.to_string()),
        deadline_text => s.next_deadline().map(|d| view::days_left_text(app, lang, today, d)),
        overdue => s.next_deadline().is_some_and(|d| d < today),
    }
}

pub async fn list(State(app): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    ctx.require(Action::ViewSanctions, Resource::Collection)?;
    let Some(user) = ctx.user.clone() else {
        return Err(WebError::needs_login());
    };
    let status = match q.status.trim() {
        "" => None,
        s => Some(Status::parse(s).ok_or_else(|| WebError::bad_request(format!("unknown status '{s}'")))?),
    };
    let store = app.store.clone();
    let rows = blocking(move || store.sanctions(Some(user.jurisdiction), status, 200)).await?;
    let lang = ctx.lang;
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| context! { code => s.code(), name => label(&app, lang, "sanc.status", s.code()) })
        .collect();
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(&ctx, "sanctions", "/sanctions"),
        ..context! {
            items => rows.iter().map(|(id, s)| row(&app, lang, *id, s)).collect::<Vec<_>>(),
            total => Ledger::total(rows.iter().map(|(_, s)| s)).value(),
            statuses => statuses,
            status => q.status.clone(),
            jurisdiction => view::jurisdiction_name(&app, lang, user.jurisdiction),
        }
    };
    view::page(StatusCode::OK, "sanc_list.html", page)
}

/// The actions a procedure in `status` takes, in the order of the procedure.
pub fn available(status: Status) -> Vec<&'static str> {
    match status {
        Status::Opened => vec!["summon"],
        Status::Summoned => vec!["response", "hearing"],
        Status::Heard => vec!["resolve"],
        Status::Resolved => vec!["notify"],
        Status::Notified => vec!["payment", "appeal", "final"],
        Status::Appealed => vec!["appeal_decision"],
        Status::Final => vec!["payment", "collection"],
        Status::InCollection => vec!["payment", "write_off"],
        Status::Paid | Status::Collected | Status::WrittenOff | Status::Annulled | Status::Absolved => Vec::new(),
    }
}

/// One finding's line of the resolution form: the legal range in force on the acta date and the
/// amount the criteria suggest (from the posted criteria when the officer asked to recompute).
fn decision_rows(app: &AppState, lang: Lang, s: &Sanction, posted: Option<&FormData>, recompute: bool) -> Vec<Value> {
    let empty = FormData::default();
    let f = posted.unwrap_or(&empty);
    s.findings
        .iter()
        .map(|finding| {
            let q = &finding.question_id;
            let rule = app.law.rules.violation(&finding.violation, s.acta_date).ok();
            let criteria = parse::criteria(f, q).unwrap_or(Criteria {
                intent: false,
                seriousness: faro_core::fine::Seriousness::Medium,
                harm: faro_core::fine::Harm::Potential,
                capacity: faro_core::fine::Capacity::Medium,
                justification: String::new(),
            });
            let suggested = rule.map(|r| suggested_uma(r.range(), &criteria));
            let uma = match (posted, recompute) {
                (Some(p), false) if !p.text(&format!("uma.{q}")).is_empty() => p.text(&format!("uma.{q}")).to_string(),
                _ => suggested.map(|v| v.to_string()).unwrap_or_default(),
            };
            let title = rule.map(|r| match lang {
                Lang::Es => r.title_es.clone(),
                Lang::En => r.title_en.clone(),
            });
            context! {
                q => q.clone(),
                question => question_text(app, lang, q),
                article => finding.article.clone(),
                violation => finding.violation.clone(),
                title => title,
                workers => finding.affected_workers,
                min => rule.map(|r| r.min_uma.max(1)),
                max => rule.map(|r| r.max_uma),
                range_article => rule.map(|r| r.meta.article.clone()),
                confidence => rule.map(|r| r.meta.confidence.tag()),
                suggested => suggested,
                uma => uma,
                decide => match f.text(&format!("decide.{q}")) { "" => "fine".to_string(), v => v.to_string() },
                intent => criteria.intent,
                seriousness => parse::seriousness_code(criteria.seriousness),
                harm => parse::harm_code(criteria.harm),
                capacity => parse::capacity_code(criteria.capacity),
                justification => criteria.justification,
            }
        })
        .collect()
}

fn options(app: &AppState, lang: Lang, prefix: &str, codes: &[&'static str]) -> Vec<Value> {
    codes
        .iter()
        .map(|c| context! { code => *c, name => label(app, lang, prefix, c) })
        .collect()
}

async fn render(
    app: &AppState,
    ctx: &Ctx,
    id: i64,
    s: &Sanction,
    failure: Option<Failure>,
    recompute: Option<FormData>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let store = app.store.clone();
    let iid = s.inspection_id;
    let (history, summary) =
        blocking(move || Ok((store.history(&format!("sanction/{id}"), &[])?, store.inspection(iid)?))).await?;
    let may_manage = may_on(ctx, Action::ManageSanctions, s.jurisdiction);
    let may_inspection = summary
        .as_ref()
        .is_some_and(|(x, i)| access::check_inspection(ctx, x, i, Action::ViewInspections).is_ok());
    let today = Utc::now().date_naive();
    let i = &app.renderer.i18n;
    let findings: Vec<Value> = s
        .findings
        .iter()
        .map(|f| {
            context! { question => question_text(app, lang, &f.question_id), article => f.article.clone(),
            matter => label(app, lang, "matter", f.matter.code()), workers => f.affected_workers,
            violation => f.violation.clone(), note => f.note.clone() }
        })
        .collect();
    let fines: Vec<Value> = s
        .fines
        .iter()
        .map(|f| {
            context! {
                number => f.number, question => question_text(app, lang, &f.question_id), article => f.article.clone(),
                workers => f.workers, per_worker_uma => f.per_worker_uma, amount => view::money(f.amount),
                repeat => f.repeat_offence, justification => f.decision.justification.clone(),
                steps => resolution::steps(i, lang, &f.calculation),
            }
        })
        .collect();
    let payments: Vec<Value> = s
        .payments
        .iter()
        .map(|p| context! { amount => view::money(p.amount), paid_on => p.paid_on.to_string(), reference => p.reference.clone() })
        .collect();
    let deadline = |d: Option<chrono::NaiveDate>| {
        d.map(|d| context! { date => d.to_string(), left => view::days_left_text(app, lang, today, d) })
    };
    let preview = recompute.is_some();
    let posted_for_rows = recompute
        .as_ref()
        .or(failure.as_ref().filter(|f| f.form == "resolve").map(|f| &f.posted));
    let path = format!("/sanctions/{id}");
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(ctx, "sanctions", &path),
        ..context! {
            id => id,
            s => row(app, lang, id, s),
            inspection_link => may_inspection,
            workplace => summary.as_ref().map(|(x, _)| x.workplace_name.clone()),
            employer => summary.as_ref().map(|(x, _)| x.employer_name.clone()),
            rfc => summary.as_ref().and_then(|(x, _)| x.employer_rfc.clone()),
            order_number => summary.as_ref().and_then(|(x, _)| x.order_number.clone()),
            jurisdiction => view::jurisdiction_name(app, lang, s.jurisdiction),
            findings => findings,
            summoned_at => s.summoned_at.map(view::at),
            response_deadline => deadline(s.response_deadline),
            response => s.response.clone(),
            heard_at => s.heard_at.map(view::at),
            folio => (!s.resolution_folio.is_empty()).then(|| s.resolution_folio.clone()),
            resolved_at => s.resolved_at.map(view::at),
            fines => fines,
            notified_at => s.notified_at.map(view::at),
            appeal_deadline => deadline(s.appeal_deadline),
            payment_deadline => deadline(s.payment_deadline),
            appeal => s.appeal.clone(),
            appeal_outcome => s.appeal_outcome.map(|o| label(app, lang, "sanc.appeal", parse::appeal_outcome_code(o))),
            final_on => s.final_on.map(|d| d.to_string()),
            collection_reference => s.collection_reference.clone(),
            payments => payments,
            closed_reason => s.closed_reason.clone(),
            ledger => Ledger::of(s).value(),
            has_resolution => s.resolved_at.is_some(),
            forms => if may_manage { available(s.status) } else { Vec::new() },
            decisions => decision_rows(app, lang, s, posted_for_rows, preview),
            preview => preview,
            seriousness => options(app, lang, "sanc.seriousness", &["low", "medium", "high"]),
            harms => options(app, lang, "sanc.harm", &["none", "potential", "actual"]),
            capacities => options(app, lang, "sanc.capacity", &["low", "medium", "high"]),
            appeal_outcomes => options(app, lang, "sanc.appeal", &["upheld", "reduced", "annulled"]),
            today => today.to_string(),
            history => timeline(app, lang, &history),
            v => posted_values(failure.as_ref()),
            failure => failure.as_ref().map(|f| context! { form => f.form.clone(), message => f.message.clone() }),
        }
    };
    view::page(status, "sanc_case.html", page)
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let (id, s) = access::sanction(&app, &ctx, &raw, Action::ViewSanctions).await?;
    render(&app, &ctx, id, &s, None, None, StatusCode::OK).await
}

type Build = fn(i64, &Sanction, &FormData) -> Result<sanction::Command, DomainError>;

async fn run(
    app: AppState,
    ctx: Ctx,
    raw: String,
    body: Bytes,
    form_name: &'static str,
    build: Build,
) -> Result<Response, WebError> {
    let (id, s) = access::sanction(&app, &ctx, &raw, Action::ManageSanctions).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    if form_name == "resolve" && posted.has("preview") {
        return render(&app, &ctx, id, &s, None, Some(posted), StatusCode::OK).await;
    }
    let outcome = async {
        let f = FormData::parse(&body)?;
        let command = build(id, &s, &f)?;
        let (a, actor) = (app.clone(), ctx.actor());
        failure::blocking(move || {
            let maker = |id: i64, s: &Sanction, evs: &[sanction::Event], summary: Option<&_>| {
                super::resolution::documents(&a, id, s, evs, summary)
            };
            a.store
                .sanction_command_with_documents(&a.law, &actor, Utc::now(), id, &command, Some(&maker))
        })
        .await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/sanctions/{id}")).into_response()),
        Err(refusal) => {
            let failure = refusal.into_failure(&app, ctx.lang, form_name, posted)?;
            render(
                &app,
                &ctx,
                id,
                &s,
                Some(failure),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

macro_rules! sanction_route {
    ($name:ident, $form:literal, $build:expr) => {
        pub async fn $name(
            State(app): State<AppState>,
            ctx: Ctx,
            Path(raw): Path<String>,
            body: Bytes,
        ) -> Result<Response, WebError> {
            run(app, ctx, raw, body, $form, $build).await
        }
    };
}

sanction_route!(summon, "summon", |_, _, _| Ok(sanction::Command::Summon));
sanction_route!(response, "response", |_, _, f| Ok(parse::response(f)));
sanction_route!(close_hearing, "hearing", |_, _, _| Ok(sanction::Command::CloseHearing));
sanction_route!(resolve, "resolve", |id, s, f| {
    let findings: Vec<String> = s.findings.iter().map(|x| x.question_id.clone()).collect();
    let year = Utc::now().year();
    parse::resolve(f, &findings, parse::resolution_folio(s.jurisdiction, year, id))
});
sanction_route!(notify, "notify", |_, _, _| Ok(sanction::Command::NotifyResolution));
sanction_route!(appeal, "appeal", |_, _, f| Ok(parse::appeal(f)));
sanction_route!(appeal_decision, "appeal_decision", |_, _, f| parse::appeal_decision(f));
sanction_route!(mark_final, "final", |_, _, _| Ok(sanction::Command::MarkFinal));
sanction_route!(payment, "payment", |_, _, f| parse::payment(f));
sanction_route!(collection, "collection", |_, _, f| Ok(parse::collection(f)));
sanction_route!(write_off, "write_off", |_, _, f| Ok(parse::write_off(f)));

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use faro_core::catalog::Catalogs;
    use faro_core::fine::{self, Capacity, Harm, Seriousness};
    use faro_core::rules::Rules;
    use faro_core::sanction::{Fine, FineDecision, Payment};
    use faro_core::Jurisdiction;

    /// A case resolved with one fine of 100 UMA for 2 workers on 2026-03-02 (UMA 117.31).
    fn resolved() -> Sanction {
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let at = day.and_hms_opt(16, 0, 0).unwrap().and_utc();
        let mut s = sanction::apply(
            None,
            &sanction::Event::Opened {
                inspection_id: 1,
                workplace_id: 1,
                employer_id: 1,
                jurisdiction: Jurisdiction::Federal,
                acta_date: day,
                findings: vec![],
                at,
            },
        )
        .unwrap();
        let decision = FineDecision {
            question_id: "q".into(),
            per_worker_uma: 100,
            intent: false,
            seriousness: Seriousness::Low,
            harm: Harm::None,
            capacity: Capacity::Low,
            justification: "x".into(),
        };
        let calculation = fine::calculate(
            Rules::official().unwrap(),
            &Catalogs::embedded().unwrap(),
            &fine::FineInput {
                violation: "lft-1002".into(),
                violation_date: day,
                affected_workers: 2,
                per_worker_uma: 100,
                criteria: fine::Criteria {
                    intent: false,
                    seriousness: Seriousness::Low,
                    harm: Harm::None,
                    capacity: Capacity::Low,
                    justification: "x".into(),
                },
                prior: vec![],
            },
        )
        .unwrap();
        s.fines = vec![Fine {
            number: 1,
            question_id: "q".into(),
            violation: "lft-1002".into(),
            article: "LFT 1002".into(),
            workers: 2,
            per_worker_uma: 100,
            amount: calculation.total,
            repeat_offence: false,
            decision,
            calculation,
        }];
        s.status = Status::Final;
        s.payments = vec![Payment {
            amount: Money::from_pesos(1_000),
            paid_on: day,
            reference: "r".into(),
        }];
        s
    }

    #[test]
    fn ledger_by_hand() {
        // 100 UMA x $117.31 x 2 workers = $23,462.00; $1,000.00 paid.
        let s = resolved();
        let l = Ledger::of(&s);
        assert_eq!(l.imposed, "23462.00".parse().unwrap());
        assert_eq!(l.paid, Money::from_pesos(1_000));
        assert_eq!(l.outstanding, "22462.00".parse().unwrap());
        let mut annulled = s.clone();
        annulled.status = Status::Annulled;
        assert_eq!(Ledger::of(&annulled).imposed, Money::ZERO);
        assert_eq!(Ledger::of(&annulled).outstanding, Money::ZERO);
        let mut written_off = s.clone();
        written_off.status = Status::WrittenOff;
        assert_eq!(Ledger::of(&written_off).imposed, l.imposed);
        assert_eq!(Ledger::of(&written_off).outstanding, Money::ZERO);
        let t = Ledger::total([&s, &annulled, &written_off].into_iter());
        assert_eq!(t.imposed, l.imposed + l.imposed);
        assert_eq!(t.paid, Money::from_pesos(3_000));
        assert_eq!(t.outstanding, l.outstanding);
    }

    #[test]
    fn actions_follow_status() {
        assert_eq!(available(Status::Opened), vec!["summon"]);
        assert_eq!(available(Status::Heard), vec!["resolve"]);
        assert!(available(Status::Notified).contains(&"payment"));
        for s in [
            Status::Paid,
            Status::Collected,
            Status::WrittenOff,
            Status::Annulled,
            Status::Absolved,
        ] {
            assert!(available(s).is_empty(), "{s:?} is terminal");
        }
    }
}
