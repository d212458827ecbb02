//! The page of one conciliation case, for the staff of its centre: the parties (identifiers in
//! full: only here), the object and priority attention, the routing and its reason, the legal
//! dates, the hearing and its summons, the hearings held, the convenio with its payments and
//! penalty, the constancia, the interruption of the limitation period, the documents, the
//! timeline, and one form for each command the status allows.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use faro_core::conciliation::ExemptMatter;
use faro_core::conciliation::{
    Case, Competence, Hearing, NoticeMethod, Object, Party, Person, Status, SummonsStatus, Venue,
};
use faro_core::policy::Action;
use faro_core::{Jurisdiction, Role};
use faro_store::cases::DocumentRecord;
use faro_store::conciliation::ConciliationRoom;
use faro_store::users::User;
use faro_store::EventSummary;
use minijinja::{context, Value};

use super::super::labels::{self, center_name};
use super::super::view;
use super::access::{self, may_on, Loaded};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::inspection_pages::form::FormData;
use crate::inspection_pages::view::stored_at;
use crate::pages::blocking;
use crate::AppState;

/// Why a form was refused, and what it held.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    /// Which form of the page failed (its id in the template).
    pub form: String,
    pub message: String,
    pub posted: FormData,
}

/// The forms a user may send on a case in its status, in the order of the procedure.
pub fn available_forms(c: &Case, may_conduct: bool) -> Vec<&'static str> {
    let mut forms = Vec::new();
    if !may_conduct {
        return forms;
    }
    match c.status {
        Status::Filed => forms.extend(["schedule", "forward", "exempt"]),
        Status::HearingScheduled => {
            if let Some(h) = &c.hearing {
                if h.summons.needs_service() && !h.summons.delivered() {
                    forms.push("service");
                    if h.summons.method == NoticeMethod::Personal && h.summons.attempts > 0 {
                        forms.push("service_failed");
                    }
                }
            }
            forms.extend(["hearing", "reschedule", "exempt"]);
        }
        Status::Settled => {
            if c.settlement.as_ref().is_some_and(|s| !s.fully_paid()) {
                forms.push("payment");
            }
            forms.extend(["penalty_payment", "compliance", "non_compliance"]);
        }
        _ => {}
    }
    forms
}

/// The active conciliators of a centre (the hearing's possible conciliators).
pub fn conciliators(users: &[User], center: Jurisdiction) -> Vec<&User> {
    users
        .iter()
        .filter(|u| u.active && u.role == Role::Conciliator && u.jurisdiction == center)
        .collect()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn t(app: &AppState, lang: Lang, key: &str) -> String {
    app.renderer.i18n.text(lang, key, &[])
}

/// The translation of a full key code ("conciliation.filed", "competence.federal_branch"), or
/// the code itself.
pub fn code_text(app: &AppState, lang: Lang, code: &str) -> String {
    let i = &app.renderer.i18n;
    if i.has(code) {
        i.text(lang, code, &[])
    } else {
        code.to_string()
    }
}

fn person_view(app: &AppState, lang: Lang, p: &Party, full: bool) -> Value {
    let i = &app.renderer.i18n;
    let show = |id: String| if full { id } else { labels::mask_identifier(&id) };
    let (name, kind, curp, rfc) = match &p.person {
        Some(Person::Individual { name, curp, rfc }) => (
            name.clone(),
            "individual",
            curp.as_ref().map(|c| show(c.to_string())),
            rfc.as_ref().map(|r| show(r.to_string())),
        ),
        Some(Person::LegalEntity { name, rfc }) => {
            // A company's RFC is a public fact; an individual's is personal data.
            (name.clone(), "legal_entity", None, rfc.as_ref().map(|r| r.to_string()))
        }
        None => (String::new(), "", None, None),
    };
    let rep = p.representative.as_ref().map(|r| {
        context! { name => r.name.clone(), capacity => r.capacity.clone(),
        curp => r.curp.as_ref().map(|c| show(c.to_string())) }
    });
    context! {
        role => labels::label(i, lang, "conc.party_role", &p.role),
        kind => if kind.is_empty() { String::new() } else { labels::label_of_code(i, lang, "conc.person_kind", kind) },
        name => name, curp => curp, rfc => rfc, address => p.address.clone(), representative => rep,
    }
}

/// A party as the agenda shows it: name and masked identifiers.
pub fn party_masked(app: &AppState, lang: Lang, p: &Party) -> Value {
    person_view(app, lang, p, false)
}

fn venue_text(app: &AppState, lang: Lang, v: &Venue) -> String {
    let i = &app.renderer.i18n;
    match v {
        Venue::Room { name } => format!("{} · {name}", labels::label(i, lang, "conc.venue", v)),
        Venue::Remote { link } if link.is_empty() => labels::label(i, lang, "conc.venue", v),
        Venue::Remote { link } => format!("{} · {link}", labels::label(i, lang, "conc.venue", v)),
    }
}

fn hearing_view(app: &AppState, lang: Lang, h: &Hearing, names: &BTreeMap<String, String>) -> Value {
    let i = &app.renderer.i18n;
    let s = &h.summons;
    context! {
        number => h.number,
        purpose => labels::label(i, lang, "conc.purpose", &h.purpose),
        date => date(h.slot.date), time => h.slot.time.format("%H:%M").to_string(),
        conciliator => names.get(&h.slot.conciliator_id).cloned().unwrap_or_else(|| h.slot.conciliator_id.clone()),
        venue => venue_text(app, lang, &h.slot.venue),
        window_from => date(h.window.from), window_end => date(h.window.legal_end), window_limit => date(h.window.limit),
        window_article => h.window.article.clone(),
        reschedules => h.reschedules,
        summons => context! {
            method => labels::label(i, lang, "conc.notice", &s.method),
            status => labels::label(i, lang, "conc.summons_status", &s.status),
            pending => s.status == SummonsStatus::Pending,
            served_on => s.served_on.map(date), attempts => s.attempts, serve_by => s.serve_by.map(date),
            effective => s.effective(),
        },
    }
}

fn settlement_view(app: &AppState, lang: Lang, c: &Case, today: NaiveDate) -> Option<Value> {
    let i = &app.renderer.i18n;
    let s = c.settlement.as_ref()?;
    let items: Vec<Value> = s
        .items
        .iter()
        .map(|it| {
            context! { concept => labels::label(i, lang, "conc.object", &it.concept),
            description => it.description.clone(), amount => it.amount.to_string() }
        })
        .collect();
    let installments: Vec<Value> = s
        .installments
        .iter()
        .map(|n| {
            context! { number => n.number, due_on => date(n.due_on), amount => n.amount.to_string(),
            paid_on => n.paid_on.map(date), overdue => n.paid_on.is_none() && n.due_on < today }
        })
        .collect();
    let unpaid: Vec<u32> = s
        .installments
        .iter()
        .filter(|n| n.paid_on.is_none())
        .map(|n| n.number)
        .collect();
    Some(context! {
        agreed_on => date(s.agreed_on), total => s.total.to_string(), items => items,
        installments => installments, unpaid => unpaid, deferred => s.deferred,
        daily_wage => s.daily_wage.to_string(), penalty_per_day => s.penalty_per_day.to_string(),
        paid => s.paid().to_string(), outstanding => s.outstanding().to_string(),
        penalty_accrued => s.penalty_accrued(today).to_string(),
        penalty_outstanding => s.penalty_outstanding(today).to_string(),
        penalty_paid => s.penalty_paid.to_string(),
    })
}

struct Extra {
    history: Vec<EventSummary>,
    documents: Vec<DocumentRecord>,
    users: Vec<User>,
    rooms: Vec<ConciliationRoom>,
}

async fn extra(app: &AppState, id: i64, center: Jurisdiction) -> Result<Extra, WebError> {
    let store = app.store.clone();
    blocking(move || {
        Ok(Extra {
            history: store.history(&format!("conciliation/{id}"), &[])?,
            documents: store.documents_of(&format!("conciliation/{id}"))?,
            users: store.users()?,
            rooms: store.conciliation_rooms(center)?,
        })
    })
    .await
}

/// The posted fields of a failed form, first value of each name.
fn posted_values(failure: Option<&Failure>) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    if let Some(f) = failure {
        for (k, val) in f.posted.pairs() {
            v.entry(k.clone()).or_insert_with(|| val.clone());
        }
    }
    v
}

/// Draws the case page; `failure` puts a refused form's reason and values back on it.
pub async fn render(
    app: &AppState,
    ctx: &Ctx,
    loaded: &Loaded,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let i = &app.renderer.i18n;
    let c = &loaded.case;
    let x = extra(app, loaded.id, c.center).await?;
    let today = Utc::now().date_naive();
    let may_conduct = may_on(ctx, Action::ConductConciliation, c.center);
    let forms = available_forms(c, may_conduct);
    let names: BTreeMap<String, String> = x
        .users
        .iter()
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect();
    let r = &c.request;
    let routing = {
        let (level, article) = match c.routing.competence {
            Competence::Federal { ground } => (t(app, lang, "conc.staff.competence.federal"), ground.article()),
            Competence::Local { .. } => (
                center_name(i, &app.catalogs, lang, c.routing.competence.center()),
                c.routing.article.clone(),
            ),
        };
        context! {
            center => center_name(i, &app.catalogs, lang, c.routing.competence.center()),
            level => level, reason => code_text(app, lang, &c.routing.reason),
            article => article, scian => c.routing.scian.clone(),
            agrees => c.routing.competence.center() == c.center,
        }
    };
    let held: Vec<Value> = c
        .held
        .iter()
        .map(|h| {
            context! {
                number => h.number, date => date(h.date),
                conciliator => names.get(&h.conciliator_id).cloned().unwrap_or_else(|| h.conciliator_id.clone()),
                requester_present => h.requester_present, summoned_present => h.summoned_present,
                result => labels::label(i, lang, "conc.hearing_result", &h.result), note => h.note.clone(),
            }
        })
        .collect();
    let constancia = c.constancia.as_ref().map(|k| {
        context! { kind => labels::label(i, lang, "conc.constancia", &k.kind), issued_on => date(k.issued_on),
        article => k.article.clone(), hearing => k.hearing }
    });
    let documents: Vec<Value> = x
        .documents
        .iter()
        .map(|d| {
            context! { code => d.code.clone(), kind => labels::label_of_code(i, lang, "pub.doc_kind", &d.kind),
            title => d.title.clone(), issued_at => stored_at(&d.issued_at),
            href => format!("/conciliation/{}/documents/{}.pdf", loaded.id, d.code) }
        })
        .collect();
    let timeline: Vec<Value> = x
        .history
        .iter()
        .map(|e| {
            context! { at => stored_at(&e.at), actor => e.actor.clone(),
            what => code_text(app, lang, &e.kind) }
        })
        .collect();
    let conciliator_options: Vec<Value> = conciliators(&x.users, c.center)
        .into_iter()
        .map(|u| context! { id => u.id, name => u.display_name.clone() })
        .collect();
    let rooms: Vec<Value> = x
        .rooms
        .iter()
        .filter(|r| r.active)
        .map(|r| context! { name => r.name.clone(), remote => r.remote })
        .collect();
    let objects: Vec<Value> = Object::ALL
        .iter()
        .map(|o| context! { code => o.code(), name => labels::label(i, lang, "conc.object", o) })
        .collect();
    let exempt_matters: Vec<Value> = ExemptMatter::ALL
        .iter()
        .map(|m| context! { code => m.code(), name => labels::label(i, lang, "conc.exempt", m) })
        .collect();
    let centers: Vec<Value> = std::iter::once(Jurisdiction::Federal)
        .chain(app.catalogs.states().iter().map(|s| Jurisdiction::State(s.code)))
        .filter(|j| *j != c.center)
        .map(|j| context! { code => j.code(), name => center_name(i, &app.catalogs, lang, j) })
        .collect();
    let default_dates = c
        .hearing
        .as_ref()
        .map(|h| [date(h.slot.date), date(h.slot.date + chrono::Duration::days(30))])
        .unwrap_or_else(|| [date(today), date(today + chrono::Duration::days(30))]);
    let own_id = ctx.user.as_ref().map(|u| u.id.to_string()).unwrap_or_default();
    let path = format!("/conciliation/{}", loaded.id);
    let page = context! {
        ..app.renderer.base_context(ctx, "conciliation", &path),
        ..context! {
            id => loaded.id,
            folio => loaded.summary.folio.clone(),
            status => c.status.code(),
            status_label => labels::label(i, lang, "conc.status", &c.status),
            track => labels::label(i, lang, "conc.track", &c.track),
            channel => labels::label(i, lang, "conc.channel", &r.channel),
            center => center_name(i, &app.catalogs, lang, c.center),
            requester => person_view(app, lang, &r.requester, true),
            counterpart => person_view(app, lang, &r.counterpart, true),
            workplace => context! { address => r.workplace.address.clone(), scian => r.workplace.scian.clone() },
            objects => r.objects.iter().map(|o| labels::label(i, lang, "conc.object", o)).collect::<Vec<_>>(),
            object_detail => r.object_detail.clone(),
            priority => r.priority.iter().map(|p| labels::label(i, lang, "conc.priority", p)).collect::<Vec<_>>(),
            revictimization_risk => r.revictimization_risk,
            routing => routing,
            received_at => crate::inspection_pages::view::at(c.received_at),
            filed_on => date(c.filed_on),
            forwarded_from => c.forwarded_from.map(|j| center_name(i, &app.catalogs, lang, j)),
            procedure_limit => date(c.procedure_limit),
            procedure_overdue => !c.status.is_terminal() && c.procedure_limit < today,
            forward_due => c.forward_due.map(crate::inspection_pages::view::at),
            next_deadline => c.next_deadline().map(date),
            overdue => c.next_deadline().is_some_and(|d| d < today),
            forwarding => c.forwarding.as_ref().map(|f| context! {
                to => center_name(i, &app.catalogs, lang, f.to), article => f.article.clone() }),
            exemption => c.exemption.as_ref().map(|e| context! {
                matter => labels::label(i, lang, "conc.exempt", &e.matter), article => e.article.clone(),
                reason => e.reason.clone() }),
            hearing => c.hearing.as_ref().filter(|_| c.status == Status::HearingScheduled)
                .map(|h| hearing_view(app, lang, h, &names)),
            held => held,
            settlement => settlement_view(app, lang, c, today),
            constancia => constancia,
            fine_requested => c.fine_requested,
            interruption => context! {
                start => date(c.interruption.start), resumes_on => c.interruption.resumes_on.map(date),
                article => c.interruption.article.clone(),
            },
            end_reason => c.end_reason.clone(),
            documents => documents,
            timeline => timeline,
            forms => forms,
            conciliators => conciliator_options,
            rooms => rooms,
            object_options => objects,
            exempt_matters => exempt_matters,
            centers => centers,
            default_dates => default_dates,
            own_id => own_id,
            today => date(today),
            failure => failure.as_ref().map(|f| context! { form => f.form.clone(), message => f.message.clone() }),
            posted => posted_values(failure.as_ref()),
        },
    };
    view::page(status, "conc_staff_case.html", page)
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let loaded = access::load(&app, &ctx, &raw, Action::ViewConciliation).await?;
    render(&app, &ctx, &loaded, None, StatusCode::OK).await
}

/// A document of the case as a PDF (`/conciliation/{id}/documents/{code}.pdf`).
pub async fn document(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((raw, file)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let loaded = access::load(&app, &ctx, &raw, Action::ViewConciliation).await?;
    let code = file
        .strip_suffix(".pdf")
        .and_then(faro_docs::normalize_code)
        .ok_or_else(WebError::not_found)?;
    let store = app.store.clone();
    let c2 = code.clone();
    let record = blocking(move || store.document(&c2))
        .await?
        .filter(|r| r.subject == format!("conciliation/{}", loaded.id))
        .ok_or_else(WebError::not_found)?;
    let store = app.store.clone();
    let pdf = blocking(move || store.document_pdf(&code))
        .await?
        .ok_or_else(WebError::not_found)?;
    Ok(crate::inspection_pages::acta::pdf_response(&record.folio, pdf))
}
