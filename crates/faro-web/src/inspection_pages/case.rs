//! The page of one inspection: the workplace, the status and the timeline of its events, the
//! order, the notice, the record with its findings, the measures with their deadlines, the
//! referrals and sanction procedure it opened, its documents, and one form for each command the
//! user may give now.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use faro_core::inspection::{Inspection, Kind, MeasureState, ParticipantRole, Status};
use faro_core::policy::Action;
use faro_core::protocol::MeasureKind;
use faro_core::rules::DeadlineUnit;
use faro_core::{Jurisdiction, Role};
use faro_store::cases::DocumentRecord;
use faro_store::users::User;
use faro_store::EventSummary;
use minijinja::{context, Value};

use super::access::{self, may_on, Case};
use super::failure::Failure;
use super::parse;
use super::view::{self, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::AppState;

/// The forms a user may send on an inspection in `status`, in the order of the procedure.
pub fn available_forms(i: &Inspection, may_plan: bool, may_conduct: bool) -> Vec<&'static str> {
    let mut forms = Vec::new();
    let has_findings = !i.findings().is_empty();
    let pending = i.measures.iter().any(|m| m.state == MeasureState::Pending);
    match i.status {
        Status::Programmed => {
            if may_plan {
                forms.push("order");
            }
        }
        Status::Ordered => {
            if may_conduct {
                forms.push("notify");
                if i.kind == Kind::Extraordinary {
                    forms.push("start");
                }
            }
        }
        Status::Notified => {
            if may_conduct {
                forms.push("start");
            }
        }
        Status::InProgress => {
            if may_conduct {
                forms.push("record");
            }
        }
        Status::RecordClosed => {
            if may_conduct {
                if i.findings().iter().any(|f| f.correctable) {
                    forms.push("measures");
                }
                if has_findings {
                    forms.push("sanction");
                } else {
                    forms.push("close");
                }
            }
        }
        Status::CorrectiveMeasures => {
            if may_conduct {
                if i.measures
                    .iter()
                    .any(|m| m.kind == MeasureKind::Safety && !m.extended && m.state == MeasureState::Pending)
                {
                    forms.push("extend");
                }
                forms.push("begin_verification");
            }
        }
        Status::Verification => {
            if may_conduct {
                if pending {
                    forms.push("verification");
                } else if i.unresolved_findings().is_empty() {
                    forms.push("close");
                } else {
                    forms.push("sanction");
                }
            }
        }
        Status::Closed | Status::SentToSanction | Status::Cancelled => {}
    }
    if may_plan && i.order.is_some() && !i.status.is_terminal() {
        forms.push("reassign");
    }
    if may_plan && matches!(i.status, Status::Programmed | Status::Ordered | Status::Notified) {
        forms.push("cancel");
    }
    forms
}

/// The question's text in `lang`, or its id when the protocols no longer have it.
pub fn question_text(app: &AppState, lang: Lang, id: &str) -> String {
    match app.law.protocols.question(id) {
        Some((_, q)) => match lang {
            Lang::Es => q.text_es.clone(),
            Lang::En => q.text_en.clone(),
        },
        None => id.to_string(),
    }
}

/// Staff who may be named in an order for a case of `jurisdiction`.
pub fn eligible_inspectors(users: &[User], jurisdiction: Jurisdiction) -> Vec<&User> {
    users
        .iter()
        .filter(|u| u.active && matches!(u.role, Role::Inspector | Role::InspectionSupervisor))
        .filter(|u| u.jurisdiction.covers(jurisdiction))
        .collect()
}

struct Extra {
    history: Vec<EventSummary>,
    referrals: Vec<(i64, faro_core::referral::Referral)>,
    sanction: Option<(i64, faro_core::sanction::Sanction)>,
    documents: Vec<DocumentRecord>,
    users: Vec<User>,
}

async fn extra(app: &AppState, id: i64) -> Result<Extra, WebError> {
    let store = app.store.clone();
    blocking(move || {
        Ok(Extra {
            history: store.history(&format!("inspection/{id}"), &[])?,
            referrals: store.referrals_of_inspection(id)?,
            sanction: store.sanction_of_inspection(id)?,
            documents: store.documents_of(&format!("inspection/{id}"))?,
            users: store.users()?,
        })
    })
    .await
}

pub fn timeline(app: &AppState, lang: Lang, history: &[EventSummary]) -> Vec<Value> {
    history
        .iter()
        .map(|e| {
            context! {
                seq => e.seq, at => view::stored_at(&e.at), actor => e.actor.clone(),
                kind => e.kind.clone(), what => label(app, lang, "insp.event", &e.kind),
            }
        })
        .collect()
}

/// The posted fields of a failed form, first value of each name, for templates.
pub fn posted_values(failure: Option<&Failure>) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    if let Some(f) = failure {
        for (k, val) in f.posted.pairs() {
            v.entry(k.clone()).or_insert_with(|| val.clone());
        }
    }
    v
}

/// The most days a measure of `kind` may be given, by the rule in force on `on`.
fn max_days(app: &AppState, kind: MeasureKind, on: NaiveDate) -> Option<(u32, String)> {
    let id = match kind {
        MeasureKind::Safety => "inspection.safety_correction_max",
        MeasureKind::General => "inspection.general_correction_max",
    };
    let rule = app.law.rules.deadline(id, on).ok()?;
    let unit = match rule.unit {
        DeadlineUnit::Days(faro_core::calendar::DayCount::Working) => "working",
        DeadlineUnit::Days(_) => "calendar",
        DeadlineUnit::Hours => "hours",
    };
    Some((rule.amount, unit.to_string()))
}

fn participant_rows(app: &AppState, lang: Lang, case: &Case, failure: Option<&Failure>) -> Vec<Value> {
    if let Some(f) = failure.filter(|f| f.form == "record") {
        let names = f.posted.all("participant_name");
        let roles = f.posted.all("participant_role");
        let sigs = f.posted.all("participant_signature");
        return names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                context! { name => n.to_string(), role => roles.get(i).copied().unwrap_or(""),
                signature => sigs.get(i).copied().unwrap_or("") }
            })
            .collect();
    }
    let _ = (app, lang);
    let inspector = case
        .inspection
        .order
        .as_ref()
        .map(|o| o.inspector_name.clone())
        .unwrap_or_default();
    let mut rows = vec![context! { name => inspector, role => "inspector", signature => "signed" }];
    for role in [
        ParticipantRole::EmployerRepresentative,
        ParticipantRole::WorkerRepresentative,
        ParticipantRole::Witness,
        ParticipantRole::Witness,
    ] {
        rows.push(context! { name => "", role => role.code(), signature => "signed" });
    }
    rows
}

/// Draws the case page; `failure` puts a refused form's reason and values back on it.
pub async fn render(
    app: &AppState,
    ctx: &Ctx,
    case: &Case,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let x = extra(app, case.id).await?;
    let i = &case.inspection;
    let s = &case.summary;
    let today = Utc::now().date_naive();
    let j = i.jurisdiction;
    let may_plan = may_on(ctx, Action::PlanInspections, j);
    let may_conduct = may_on(ctx, Action::ConductInspections, j);
    let may_protected = may_on(ctx, Action::ViewProtectedCases, j);
    let may_sanctions = may_on(ctx, Action::ViewSanctions, j);
    let forms = available_forms(i, may_plan, may_conduct);
    let names: BTreeMap<i64, String> = x.users.iter().map(|u| (u.id, u.display_name.clone())).collect();

    let matters: Vec<Value> = i
        .matters
        .iter()
        .map(|m| {
            let total = app
                .law
                .protocols
                .for_matter(*m, i.act_date())
                .map(|p| p.questions.len())
                .unwrap_or(0);
            let answered = app
                .law
                .protocols
                .for_matter(*m, i.act_date())
                .map(|p| p.questions.iter().filter(|q| i.answers.contains_key(&q.id)).count())
                .unwrap_or(0);
            context! { code => m.code(), name => label(app, lang, "matter", m.code()), total => total, answered => answered }
        })
        .collect();
    let unanswered: usize = i
        .matters
        .iter()
        .filter_map(|m| app.law.protocols.for_matter(*m, i.act_date()).ok())
        .map(|p| p.questions.iter().filter(|q| !i.answers.contains_key(&q.id)).count())
        .sum();
    let order = i.order.as_ref().map(|o| {
        context! {
            number => o.number.clone(), inspector => o.inspector_name.clone(), inspector_id => o.inspector_id,
            scope => o.scope.clone(),
            legal_basis => o.legal_basis.clone(), issued_at => view::at(o.issued_at),
        }
    });
    let record = i.record.as_ref().map(|r| {
        let participants: Vec<Value> = r
            .participants
            .iter()
            .map(|p| {
                context! { name => p.name.clone(), role => label(app, lang, "insp.participant", p.role.code()),
                signature => label(app, lang, "insp.signature", p.signature.code()) }
            })
            .collect();
        context! { folio => r.folio.clone(), closed_at => view::at(r.closed_at), participants => participants }
    });
    let findings: Vec<Value> = i
        .findings()
        .iter()
        .map(|f| {
            context! {
                question_id => f.question_id.clone(), question => question_text(app, lang, &f.question_id),
                matter => label(app, lang, "matter", f.matter.code()), article => f.article.clone(),
                violation => f.violation.clone(), affected => f.affected_workers, note => f.note.clone(),
                correctable => f.correctable,
                measure_kind => f.measure.map(|k| k.code()),
            }
        })
        .collect();
    let record_date = i.record.as_ref().map(|r| r.closed_at.date_naive()).unwrap_or(today);
    let measure_rows: Vec<Value> = i
        .findings()
        .iter()
        .filter(|f| f.correctable)
        .map(|f| {
            let kind = f.measure.unwrap_or(MeasureKind::General);
            let (max, unit) = max_days(app, kind, record_date).unwrap_or((0, "working".into()));
            context! {
                question_id => f.question_id.clone(), question => question_text(app, lang, &f.question_id),
                kind => label(app, lang, "insp.measure_kind", kind.code()), max => max,
                unit => label(app, lang, "insp.day_unit", &unit),
            }
        })
        .collect();
    let measures: Vec<Value> = i
        .measures
        .iter()
        .map(|m| {
            let state = match m.state {
                MeasureState::Pending => "pending",
                MeasureState::Complied => "complied",
                MeasureState::NotComplied => "not_complied",
            };
            context! {
                number => m.number, question => question_text(app, lang, &m.question_id),
                kind => label(app, lang, "insp.measure_kind", m.kind.code()), safety => m.kind == MeasureKind::Safety,
                description => m.description.clone(), days => m.days, deadline => m.deadline.to_string(),
                left => (m.state == MeasureState::Pending).then(|| view::days_left_text(app, lang, today, m.deadline)),
                overdue => m.state == MeasureState::Pending && m.deadline < today,
                extended => m.extended, state => state, state_label => label(app, lang, "insp.measure_state", state),
                note => m.verification_note.clone(),
            }
        })
        .collect();
    let referrals: Vec<Value> = if may_protected {
        x.referrals
            .iter()
            .map(|(rid, r)| {
                context! {
                    id => rid, authority => label(app, lang, "ref.authority", r.authority.code()),
                    status => r.status.code(), status_label => label(app, lang, "ref.status", r.status.code()),
                    overdue => r.is_overdue(Utc::now()),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let sanction = x.sanction.as_ref().map(|(sid, sc)| {
        context! { id => sid, status_label => label(app, lang, "sanc.status", sc.status.code()), link => may_sanctions }
    });
    let documents: Vec<Value> = x
        .documents
        .iter()
        .map(|d| {
            context! { code => d.code.clone(), kind => label(app, lang, "insp.document", &d.kind), folio => d.folio.clone(),
                       title => d.title.clone(), issued_at => view::stored_at(&d.issued_at) }
        })
        .collect();
    let inspectors: Vec<Value> = eligible_inspectors(&x.users, j)
        .into_iter()
        .map(|u| context! { id => u.id, name => u.display_name.clone(), role => label(app, lang, "role", u.role.code()) })
        .collect();
    let participant_roles: Vec<Value> = ParticipantRole::ALL
        .iter()
        .map(|r| context! { code => r.code(), name => label(app, lang, "insp.participant", r.code()) })
        .collect();
    let signatures: Vec<Value> = ["signed", "refused", "absent"]
        .iter()
        .map(|c| context! { code => *c, name => label(app, lang, "insp.signature", c) })
        .collect();
    let attachments: Vec<Value> = i
        .attachments
        .iter()
        .map(|a| context! { sha256 => a.sha256.clone(), file_name => a.file_name.clone(), caption => a.caption.clone(), size => a.size })
        .collect();
    let default_scope = i
        .matters
        .iter()
        .map(|m| label(app, lang, "matter", m.code()))
        .collect::<Vec<_>>()
        .join("; ");
    let next_number = parse::order_number(j, today.format("%Y").to_string().parse().unwrap_or(0), case.id);
    let path = format!("/inspections/{}", case.id);
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(ctx, "inspections", &path),
        ..context! {
            id => case.id,
            s => context! {
                workplace_id => s.workplace_id, workplace => s.workplace_name.clone(), employer_id => s.employer_id,
                employer => s.employer_name.clone(), rfc => s.employer_rfc.clone(), address => s.address.clone(),
                protected => s.protected,
            },
            jurisdiction => view::jurisdiction_name(app, lang, j),
            kind => label(app, lang, "insp.kind", i.kind.code()),
            ordinary => i.kind.is_ordinary(),
            origin => label(app, lang, "insp.origin", i.origin.code()),
            status => i.status.code(),
            status_label => label(app, lang, "insp.status", i.status.code()),
            planned_for => i.planned_for.to_string(),
            programmed_at => view::at(i.programmed_at),
            notified_at => i.notified_at.map(view::at),
            visit_at => i.visit_at.map(view::at),
            started_at => i.started_at.map(view::at),
            ended_at => i.ended_at.map(view::at),
            end_reason => i.end_reason.clone(),
            matters => matters,
            unanswered => unanswered,
            order => order,
            record => record,
            findings => findings,
            measures => measures,
            measure_rows => measure_rows,
            referrals => referrals,
            sanction => sanction,
            documents => documents,
            // A record loaded in bulk (the demo's history, a migration) has no PDF until asked for.
            may_issue_record => may_conduct && i.record.is_some()
                && !x.documents.iter().any(|d| d.kind == super::acta::KIND),
            attachments => attachments,
            interviews => i.interviews.len(),
            history => timeline(app, lang, &x.history),
            forms => forms,
            inspectors => inspectors,
            inspector_names => names.len(),
            participant_roles => participant_roles,
            signatures => signatures,
            participants => participant_rows(app, lang, case, failure.as_ref()),
            default_scope => default_scope,
            default_basis => app.renderer.i18n.text(lang, "insp.order.default_basis", &[]),
            next_number => next_number,
            may_conduct => may_conduct,
            v => posted_values(failure.as_ref()),
            failure => failure.as_ref().map(|f| context! { form => f.form.clone(), message => f.message.clone() }),
        }
    };
    view::page(status, "insp_case.html", page)
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Path(raw): Path<String>) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ViewInspections).await?;
    render(&app, &ctx, &case, None, StatusCode::OK).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::inspection::{Finding, Measure, Order, Origin, Record};
    use faro_core::StateCode;

    fn inspection(status: Status, kind: Kind) -> Inspection {
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-02T16:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        Inspection {
            workplace_id: 1,
            jurisdiction: Jurisdiction::State(StateCode::new(14).unwrap()),
            kind,
            origin: Origin::Program,
            matters: vec![faro_core::inspection::Matter::Training],
            status,
            program_id: None,
            planned_for: t.date_naive(),
            programmed_at: t,
            order: None,
            notified_at: None,
            visit_at: None,
            started_at: None,
            answers: Default::default(),
            interviews: vec![],
            attachments: vec![],
            record: None,
            measures: vec![],
            referrals: vec![],
            ended_at: None,
            end_reason: String::new(),
        }
    }

    fn finding(correctable: bool) -> Finding {
        Finding {
            question_id: "tr.plans_kept".into(),
            matter: faro_core::inspection::Matter::Training,
            article: "LFT 153-A".into(),
            violation: "lft-994-iv".into(),
            affected_workers: 1,
            note: String::new(),
            correctable,
            measure: correctable.then_some(MeasureKind::General),
        }
    }

    #[test]
    fn forms_follow_status_and_permissions() {
        let p = inspection(Status::Programmed, Kind::Initial);
        assert_eq!(available_forms(&p, true, true), vec!["order", "cancel"]);
        assert!(available_forms(&p, false, true).is_empty(), "inspectors do not order");
        let o = inspection(Status::Ordered, Kind::Initial);
        assert_eq!(
            available_forms(&o, false, true),
            vec!["notify"],
            "ordinary: notice first"
        );
        let e = inspection(Status::Ordered, Kind::Extraordinary);
        assert_eq!(available_forms(&e, false, true), vec!["notify", "start"]);
        assert_eq!(available_forms(&e, true, false), vec!["cancel"]);
        // Once ordered, a supervisor may give it to another inspector until it ends.
        let mut held = e.clone();
        held.order = Some(Order {
            number: "OI-1".into(),
            inspector_id: 3,
            inspector_name: "Inspectora".into(),
            scope: "x".into(),
            legal_basis: "x".into(),
            issued_at: held.programmed_at,
        });
        assert_eq!(available_forms(&held, true, false), vec!["reassign", "cancel"]);
        assert!(available_forms(&held, false, true).iter().all(|f| *f != "reassign"));
        held.status = Status::Closed;
        assert!(available_forms(&held, true, true).is_empty());
        let ip = inspection(Status::InProgress, Kind::Extraordinary);
        assert_eq!(available_forms(&ip, true, true), vec!["record"]);
        let mut rc = inspection(Status::RecordClosed, Kind::Initial);
        let t = rc.programmed_at;
        rc.record = Some(Record {
            folio: "A".into(),
            closed_at: t,
            participants: vec![],
            findings: vec![],
        });
        assert_eq!(available_forms(&rc, true, true), vec!["close"]);
        rc.record.as_mut().unwrap().findings = vec![finding(true)];
        assert_eq!(available_forms(&rc, true, true), vec!["measures", "sanction"]);
        rc.record.as_mut().unwrap().findings = vec![finding(false)];
        assert_eq!(available_forms(&rc, true, true), vec!["sanction"]);
        let mut v = rc.clone();
        v.status = Status::Verification;
        v.record.as_mut().unwrap().findings = vec![finding(true)];
        v.measures = vec![Measure {
            number: 1,
            question_id: "tr.plans_kept".into(),
            kind: MeasureKind::General,
            description: "x".into(),
            days: 10,
            deadline: t.date_naive(),
            extended: false,
            state: MeasureState::Pending,
            verification_note: String::new(),
        }];
        assert_eq!(available_forms(&v, true, true), vec!["verification"]);
        v.measures[0].state = MeasureState::Complied;
        assert_eq!(available_forms(&v, true, true), vec!["close"]);
        v.measures[0].state = MeasureState::NotComplied;
        assert_eq!(available_forms(&v, true, true), vec!["sanction"]);
        let mut cm = v.clone();
        cm.status = Status::CorrectiveMeasures;
        cm.measures[0].state = MeasureState::Pending;
        assert_eq!(available_forms(&cm, true, true), vec!["begin_verification"]);
        cm.measures[0].kind = MeasureKind::Safety;
        assert_eq!(available_forms(&cm, true, true), vec!["extend", "begin_verification"]);
        assert!(available_forms(&inspection(Status::Closed, Kind::Initial), true, true).is_empty());
    }
}
