//! The checklist of one matter on a phone: each question with its legal basis and the evidence
//! to look for, three large choices (complies / fails / not applicable), the workers affected, a
//! note and the facts of a computed check; one small form per question, so each answer is saved
//! as soon as it is given and the page works without JavaScript. Worker interviews (an
//! anonymous code and a summary) and photos or files are added on the same page.

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use faro_core::inspection::{AttachmentRef, Command, Matter, Status};
use faro_core::policy::Action;
use faro_core::protocol::{Check, Outcome};
use faro_core::DomainError;
use minijinja::{context, Value};

use super::access::{self, may_on, Case};
use super::commands::execute;
use super::failure::{self, Failure, Refusal};
use super::form::FormData;
use super::parse;
use super::view::{self, label};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;

/// The largest file an inspector may attach.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// Media types served inline; anything else is sent as a download of unknown type, so that no
/// uploaded file can run as a page of Faro.
const INLINE_TYPES: [&str; 5] = ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"];

fn matter_of(case: &Case, raw: &str) -> Result<Matter, WebError> {
    let m = raw.parse::<Matter>().map_err(|_| WebError::not_found())?;
    if case.inspection.matters.contains(&m) {
        Ok(m)
    } else {
        Err(WebError::not_found())
    }
}

fn check_inputs(
    app: &AppState,
    lang: Lang,
    check: Check,
    current: &std::collections::BTreeMap<String, String>,
) -> Vec<Value> {
    check
        .inputs()
        .iter()
        .map(|name| {
            context! {
                name => *name, label => label(app, lang, "insp.input", name),
                value => current.get(*name).cloned().unwrap_or_default(),
                zone => *name == faro_core::protocol::INPUT_ZONE,
            }
        })
        .collect()
}

async fn render(
    app: &AppState,
    ctx: &Ctx,
    case: &Case,
    matter: Matter,
    failure: Option<Failure>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let lang = ctx.lang;
    let i = &case.inspection;
    let protocol = app
        .law
        .protocols
        .for_matter(matter, i.act_date())
        .map_err(WebError::from)?;
    let may_conduct = may_on(ctx, Action::ConductInspections, i.jurisdiction);
    let answering = may_conduct && i.status == Status::InProgress;
    let failed_question = failure
        .as_ref()
        .filter(|f| f.form == "answer")
        .map(|f| f.posted.text("question").to_string());
    let questions: Vec<Value> = protocol
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let this_failed = failed_question.as_deref() == Some(q.id.as_str());
            let saved = i.answers.get(&q.id);
            let (outcome, affected, note, inputs) = match (this_failed, &failure, saved) {
                (true, Some(f), _) => {
                    let a = parse::answer(&f.posted).unwrap_or_default();
                    (
                        f.posted.text("outcome").to_string(),
                        f.posted.text("affected_workers").to_string(),
                        a.note,
                        a.inputs,
                    )
                }
                (_, _, Some(a)) => (
                    parse::outcome_code(a.outcome).to_string(),
                    if a.affected_workers > 0 {
                        a.affected_workers.to_string()
                    } else {
                        String::new()
                    },
                    a.note.clone(),
                    a.inputs.clone(),
                ),
                _ => (String::new(), String::new(), String::new(), Default::default()),
            };
            let (text, evidence) = match lang {
                Lang::Es => (q.text_es.clone(), q.evidence_es.clone()),
                Lang::En => (q.text_en.clone(), q.evidence_en.clone()),
            };
            context! {
                n => n + 1,
                id => q.id.clone(),
                anchor => q.id.replace('.', "-"),
                text => text,
                evidence => evidence,
                article => q.article.clone(),
                correctable => q.correctable,
                referral => !q.referral.is_empty(),
                computed => q.check.is_some(),
                inputs => q.check.map(|c| check_inputs(app, lang, c, &inputs)).unwrap_or_default(),
                answered => saved.is_some(),
                saved_outcome => saved.map(|a| label(app, lang, "insp.outcome", parse::outcome_code(a.outcome))),
                saved_fails => saved.is_some_and(|a| a.outcome == Outcome::Fails),
                outcome => outcome,
                affected => affected,
                note => note,
                error => if this_failed { failure.as_ref().map(|f| f.message.clone()) } else { None },
            }
        })
        .collect();
    let answered = protocol
        .questions
        .iter()
        .filter(|q| i.answers.contains_key(&q.id))
        .count();
    let interviews: Vec<Value> = i
        .interviews
        .iter()
        .filter(|iv| iv.matter == matter)
        .map(|iv| context! { code => iv.code.clone(), summary => iv.summary.clone(), at => view::at(iv.at) })
        .collect();
    let attachments: Vec<Value> = i
        .attachments
        .iter()
        .map(|a| {
            context! { sha256 => a.sha256.clone(), file_name => a.file_name.clone(), caption => a.caption.clone(),
            size_kb => a.size.div_ceil(1024), media_type => a.media_type.clone() }
        })
        .collect();
    let other_failure = failure
        .as_ref()
        .filter(|f| f.form != "answer")
        .map(|f| context! { form => f.form.clone(), message => f.message.clone() });
    let posted = failure.as_ref().map(|f| f.posted.clone()).unwrap_or_default();
    let title = match lang {
        Lang::Es => protocol.title_es.clone(),
        Lang::En => protocol.title_en.clone(),
    };
    let path = format!("/inspections/{}/protocol/{}", case.id, matter.code());
    let r = &app.renderer;
    let page = context! {
        ..r.base_context(ctx, "inspections", &path),
        ..context! {
            id => case.id,
            path => path,
            matter => matter.code(),
            matter_name => label(app, lang, "matter", matter.code()),
            title => title,
            version => protocol.version,
            workplace => case.summary.workplace_name.clone(),
            status_label => label(app, lang, "insp.status", i.status.code()),
            answering => answering,
            attaching => may_conduct && matches!(i.status, Status::InProgress | Status::Verification),
            questions => questions,
            answered => answered,
            total => protocol.questions.len(),
            interviews => interviews,
            attachments => attachments,
            failure => other_failure,
            v => context! { code => posted.text("code"), summary => posted.text("summary"), caption => posted.text("caption") },
            max_mb => MAX_ATTACHMENT_BYTES / (1024 * 1024),
        }
    };
    view::page(status, "insp_protocol.html", page)
}

pub async fn page(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((raw, matter)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ViewInspections).await?;
    let matter = matter_of(&case, &matter)?;
    render(&app, &ctx, &case, matter, None, StatusCode::OK).await
}

/// Saves one answer and goes back to its question.
pub async fn answer(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((raw, matter)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ConductInspections).await?;
    let matter = matter_of(&case, &matter)?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let outcome = async {
        let f = FormData::parse(&body)?;
        let a = parse::answer(&f)?;
        let in_matter = app
            .law
            .protocols
            .for_matter(matter, case.inspection.act_date())?
            .question(&a.question_id)
            .is_some();
        if !in_matter {
            return Err(Refusal::Domain(
                DomainError::field(
                    "question",
                    "inspection.question_not_in_scope",
                    "the question is not part of this checklist",
                )
                .with("question", a.question_id.clone()),
            ));
        }
        let anchor = a.question_id.replace('.', "-");
        execute(&app, &ctx, case.id, Command::Answer(a)).await?;
        Ok(anchor)
    }
    .await;
    match outcome {
        Ok(anchor) => Ok(Redirect::to(&format!(
            "/inspections/{}/protocol/{}#q-{anchor}",
            case.id,
            matter.code()
        ))
        .into_response()),
        Err(refusal) => {
            let failure = refusal.into_failure(&app, ctx.lang, "answer", posted)?;
            render(
                &app,
                &ctx,
                &case,
                matter,
                Some(failure),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The checklist a follow-up form came from (its hidden `matter`), else the case's first matter.
fn back_matter(case: &Case, f: &FormData) -> Matter {
    f.text("matter")
        .parse::<Matter>()
        .ok()
        .filter(|m| case.inspection.matters.contains(m))
        .or_else(|| case.inspection.matters.first().copied())
        .unwrap_or(Matter::GeneralConditions)
}

pub async fn interview(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ConductInspections).await?;
    let posted = FormData::parse(&body).unwrap_or_default();
    let matter = back_matter(&case, &posted);
    let outcome = async {
        let f = FormData::parse(&body)?;
        execute(&app, &ctx, case.id, parse::interview(&f)?).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!(
            "/inspections/{}/protocol/{}#interviews",
            case.id,
            matter.code()
        ))
        .into_response()),
        Err(refusal) => {
            let failure = refusal.into_failure(&app, ctx.lang, "interview", posted)?;
            render(
                &app,
                &ctx,
                &case,
                matter,
                Some(failure),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The uploaded file and its caption.
struct Upload {
    file_name: String,
    media_type: String,
    bytes: Vec<u8>,
    caption: String,
    matter: String,
}

fn upload_error(detail: impl Into<String>) -> DomainError {
    DomainError::field("file", "insp.error.upload_invalid", detail)
}

async fn read_upload(mut m: Multipart) -> Result<Upload, DomainError> {
    let mut up = Upload {
        file_name: String::new(),
        media_type: String::new(),
        bytes: Vec::new(),
        caption: String::new(),
        matter: String::new(),
    };
    let mut got_file = false;
    while let Some(mut field) = m.next_field().await.map_err(|e| upload_error(e.to_string()))? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                up.file_name = field.file_name().unwrap_or("").trim().to_string();
                up.media_type = field.content_type().unwrap_or("application/octet-stream").to_string();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| upload_error(e.to_string()))? {
                    if bytes.len() + chunk.len() > MAX_ATTACHMENT_BYTES {
                        return Err(DomainError::field(
                            "file",
                            "insp.error.upload_too_large",
                            "the file is larger than allowed",
                        )
                        .with("max", (MAX_ATTACHMENT_BYTES / (1024 * 1024)).to_string()));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                up.bytes = bytes;
                got_file = true;
            }
            "caption" | "matter" => {
                let text = field.text().await.map_err(|e| upload_error(e.to_string()))?;
                if name == "caption" {
                    up.caption = text;
                } else {
                    up.matter = text;
                }
            }
            _ => {
                // csrf and anything else: read and ignore.
                let _ = field.bytes().await.map_err(|e| upload_error(e.to_string()))?;
            }
        }
    }
    if !got_file || up.bytes.is_empty() || up.file_name.is_empty() {
        return Err(DomainError::field("file", "insp.error.upload_missing", "choose a file"));
    }
    Ok(up)
}

/// Stores an uploaded photo or file (up to [`MAX_ATTACHMENT_BYTES`]) and attaches it.
pub async fn attach(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ConductInspections).await?;
    let mut matter = case
        .inspection
        .matters
        .first()
        .copied()
        .unwrap_or(Matter::GeneralConditions);
    let mut caption = String::new();
    let outcome = async {
        let m = multipart.map_err(|e| upload_error(e.body_text()))?;
        let up = read_upload(m).await?;
        caption = up.caption.clone();
        if let Ok(mt) = up.matter.parse::<Matter>() {
            if case.inspection.matters.contains(&mt) {
                matter = mt;
            }
        }
        let (a, actor, j) = (app.clone(), ctx.actor(), case.inspection.jurisdiction);
        let media_type = up.media_type.clone();
        let bytes = up.bytes;
        let size = bytes.len() as u64;
        let sha256 =
            failure::blocking(move || a.store.put_attachment(&actor, Utc::now(), j, &media_type, &bytes)).await?;
        let command = Command::Attach(AttachmentRef {
            sha256,
            file_name: up.file_name,
            media_type: up.media_type,
            size,
            caption: up.caption,
        });
        execute(&app, &ctx, case.id, command).await.map(|_| ())
    }
    .await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/inspections/{}/protocol/{}#attachments",
            case.id,
            matter.code()
        ))
        .into_response()),
        Err(refusal) => {
            let posted = FormData::from_pairs(&[("caption", caption.as_str())]);
            let failure = refusal.into_failure(&app, ctx.lang, "attachment", posted)?;
            render(
                &app,
                &ctx,
                &case,
                matter,
                Some(failure),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// GET /inspections/{id}/attachments/{sha256}: a file of the inspection, to those who may see it.
pub async fn download(
    State(app): State<AppState>,
    ctx: Ctx,
    Path((raw, sha256)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let case = access::inspection(&app, &ctx, &raw, Action::ViewInspections).await?;
    let Some(meta) = case.inspection.attachments.iter().find(|a| a.sha256 == sha256).cloned() else {
        return Err(WebError::not_found());
    };
    let store = app.store.clone();
    let (_, bytes) = crate::pages::blocking(move || store.attachment(&sha256))
        .await?
        .ok_or_else(WebError::not_found)?;
    let inline = INLINE_TYPES.contains(&meta.media_type.as_str());
    let name: String = meta
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let (content_type, disposition) = if inline {
        (meta.media_type.clone(), format!("inline; filename=\"{name}\""))
    } else {
        (
            "application/octet-stream".to_string(),
            format!("attachment; filename=\"{name}\""),
        )
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}
