//! The documents of a conciliation case as official PDFs (see `crates/faro-docs`): the receipt of
//! the request (acuse), the summons to the hearing (citatorio), the settlement agreement
//! (convenio) and the certificate of no conciliation (constancia). Each returns what
//! [`faro_store::cases::NewDocument`] needs, to be stored with the change that issues it.
//!
//! Pure functions: the translations, catalogs and rules come in a [`DocContext`], the moment of
//! issue comes from the case (receipt: the request's reception; summons: when the hearing was
//! set) or from the caller (convenio, constancia: the event's time); the same case gives the same
//! bytes. The verification code is `verification_code` of the canonical JSON of what the
//! document states, so it changes whenever its content would.
//!
//! Personal identifiers are never printed in full: CURPs, and the RFCs of individuals, show only
//! their last four characters. The public summary that `/verify` shows carries no personal data.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::catalog::{Catalogs, Money};
use faro_core::conciliation::{
    Case, Competence, ConstanciaKind, FederalGround, Hearing, HearingResult, PartyRole, Person, PriorityNeed, Track,
    Venue,
};
use faro_core::rules::Rules;
use faro_core::DomainError;
use faro_docs::{Block, Document, Signature, SignatureStatus};
use faro_store::cases::NewDocument;
use serde::Serialize;
use serde_json::{json, Value};

use super::labels::{self, mask_identifier};
use crate::i18n::{I18n, Lang};
use crate::inspection_pages::acta::canonical_json;
use crate::AppState;

/// The kinds of the documents in the store (and on `/verify`, labelled `pub.doc_kind.<kind>`).
pub const KIND_RECEIPT: &str = "conc_receipt";
pub const KIND_SUMMONS: &str = "conc_summons";
pub const KIND_CONVENIO: &str = "conc_convenio";
pub const KIND_CONSTANCIA: &str = "conc_constancia";

/// What the documents read besides the case: translations, catalogs (state names, UMA), rules
/// (the fine of 994-VIII, the penalty's article), and the language of the fixed text.
#[derive(Clone, Copy)]
pub struct DocContext<'a> {
    pub i18n: &'a I18n,
    pub catalogs: &'a Catalogs,
    pub rules: &'a Rules,
    pub lang: Lang,
}

impl<'a> DocContext<'a> {
    pub fn new(app: &'a AppState, lang: Lang) -> DocContext<'a> {
        DocContext {
            i18n: &app.renderer.i18n,
            catalogs: app.catalogs.as_ref(),
            rules: &app.law.rules,
            lang,
        }
    }

    fn t(&self, key: &str) -> String {
        self.i18n.text(self.lang, &format!("conc.doc.{key}"), &[])
    }

    fn tp(&self, key: &str, params: &[(&str, String)]) -> String {
        self.i18n.text(self.lang, &format!("conc.doc.{key}"), params)
    }

    fn label<T: Serialize>(&self, prefix: &str, value: &T) -> String {
        labels::label(self.i18n, self.lang, prefix, value)
    }

    fn docs_lang(&self) -> faro_docs::Lang {
        match self.lang {
            Lang::Es => faro_docs::Lang::Es,
            Lang::En => faro_docs::Lang::En,
        }
    }
}

fn value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn moment(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn missing(code: &'static str, detail: &str) -> DomainError {
    DomainError::new(code, detail.to_string())
}

/// The code of a document: its kind, folio and what it states.
fn code_for(kind: &str, folio: &str, content: Value) -> String {
    let v = json!({ "kind": kind, "folio": folio, "content": content });
    faro_docs::verification_code(canonical_json(&v).as_bytes())
}

/// What heads a document: its kind, title, folio and moment of issue.
struct Head<'a> {
    kind: &'a str,
    title_key: &'a str,
    folio: &'a str,
    issued_at: DateTime<Utc>,
}

fn document(cx: &DocContext<'_>, case: &Case, head: Head<'_>, content: Value, blocks: Vec<Block>) -> Document {
    let code = code_for(head.kind, head.folio, content);
    Document {
        lang: cx.docs_lang(),
        authority: labels::center_name(cx.i18n, cx.catalogs, cx.lang, case.center),
        title: cx.t(head.title_key),
        folio: head.folio.to_string(),
        issued_at: head.issued_at,
        verify_url: format!("/verify?code={code}"),
        verification_code: code,
        blocks,
    }
}

/// The document as a PDF with what the store keeps of it.
fn finish(kind: &str, doc: &Document, mut summary: Value) -> Result<NewDocument, DomainError> {
    let pdf = faro_docs::render_pdf(doc).map_err(|e| {
        let mut d = DomainError::new(e.code(), e.to_string());
        for (k, v) in e.params() {
            d = d.with(k, v);
        }
        d
    })?;
    if let Value::Object(map) = &mut summary {
        map.insert("kind".into(), Value::String(kind.to_string()));
        map.insert("folio".into(), Value::String(doc.folio.clone()));
    }
    Ok(NewDocument {
        code: doc.verification_code.clone(),
        kind: kind.to_string(),
        folio: doc.folio.clone(),
        title: doc.title.clone(),
        sha256: faro_docs::sha256_hex(&pdf),
        summary,
        pdf,
    })
}

/// The name a party is printed with: the person's, or for a counterpart known only by the
/// workplace (684-C), "the holder of the workplace".
fn party_name(cx: &DocContext<'_>, person: Option<&Person>) -> String {
    match person {
        Some(p) => p.name().to_string(),
        None => cx.t("unnamed_employer"),
    }
}

/// A party's name, role and identifiers, masked.
fn party_fields(cx: &DocContext<'_>, label_key: &str, party: &faro_core::conciliation::Party) -> Vec<(String, String)> {
    let mut out = vec![
        (cx.t(label_key), party_name(cx, party.person.as_ref())),
        (cx.t("role"), cx.label("conc.party_role", &party.role)),
    ];
    match &party.person {
        Some(Person::Individual { curp, rfc, .. }) => {
            if let Some(c) = curp {
                out.push((cx.t("curp"), mask_identifier(c.as_str())));
            }
            if let Some(r) = rfc {
                out.push((cx.t("rfc"), mask_identifier(r.as_str())));
            }
        }
        Some(Person::LegalEntity { rfc: Some(r), .. }) => out.push((cx.t("rfc"), r.as_str().to_string())),
        Some(Person::LegalEntity { rfc: None, .. }) | None => {}
    }
    if let Some(rep) = &party.representative {
        let mut shown = rep.name.clone();
        if !rep.capacity.is_empty() {
            shown.push_str(&format!(" ({})", rep.capacity));
        }
        if let Some(c) = &rep.curp {
            shown.push_str(&format!(", CURP {}", mask_identifier(c.as_str())));
        }
        out.push((cx.t("representative"), shown));
    }
    out
}

fn priority_text(cx: &DocContext<'_>, need: &PriorityNeed) -> String {
    let label = cx.label("conc.priority", need);
    match need {
        PriorityNeed::Interpreter { language } => format!("{label}: {language}"),
        PriorityNeed::Other { description } => format!("{label}: {description}"),
        _ => label,
    }
}

fn venue_text(cx: &DocContext<'_>, venue: &Venue) -> String {
    match venue {
        Venue::Room { name } => cx.tp("venue.room", &[("name", name.clone())]),
        Venue::Remote { link } if link.trim().is_empty() => cx.t("venue.remote_pending"),
        Venue::Remote { link } => cx.tp("venue.remote", &[("link", link.clone())]),
    }
}

fn hearing_fields(cx: &DocContext<'_>, h: &Hearing) -> Vec<(String, String)> {
    vec![
        (cx.t("hearing_number"), h.number.to_string()),
        (cx.t("date"), date(h.slot.date)),
        (cx.t("time"), h.slot.time.format("%H:%M").to_string()),
        (cx.t("place"), venue_text(cx, &h.slot.venue)),
    ]
}

/// The competence the routing found (its label names the article) and its branch of 527-I, if
/// any.
fn competence_text(cx: &DocContext<'_>, case: &Case) -> String {
    let mut text = cx.i18n.text(cx.lang, &case.routing.reason, &[]);
    if let Competence::Federal {
        ground: FederalGround::Branch { number },
    } = case.routing.competence
    {
        text.push_str(&format!(
            " — {}",
            labels::label_of_code(cx.i18n, cx.lang, "conc.branch", &number.to_string())
        ));
    }
    text
}

/// The attendance rule for the party of `role` (684-E VII).
fn attendance(cx: &DocContext<'_>, role: PartyRole) -> String {
    match role {
        PartyRole::Worker => cx.t("worker_attends"),
        PartyRole::Employer | PartyRole::Union => cx.t("employer_attends"),
    }
}

/// The receipt (acuse) of the request: folio, centre, reception, the hearing set (or the
/// forwarding or exemption), and the interruption of the limitation period (521-III).
pub fn receipt_document(cx: &DocContext<'_>, case: &Case, folio: &str) -> Result<Document, DomainError> {
    let r = &case.request;
    let mut fields = vec![
        (
            cx.t("center"),
            labels::center_name(cx.i18n, cx.catalogs, cx.lang, case.center),
        ),
        (cx.t("received_at"), moment(case.received_at)),
        (cx.t("channel"), cx.label("conc.channel", &r.channel)),
        (cx.t("track"), cx.label("conc.track", &case.track)),
    ];
    fields.extend(party_fields(cx, "requester", &r.requester));
    fields.push((cx.t("summoned"), party_name(cx, r.counterpart.person.as_ref())));
    fields.push((cx.t("workplace"), r.workplace.address.clone()));
    fields.push((
        cx.t("objects"),
        r.objects
            .iter()
            .map(|o| cx.label("conc.object", o))
            .collect::<Vec<_>>()
            .join("; "),
    ));
    fields.push((cx.t("competence"), competence_text(cx, case)));
    if !r.priority.is_empty() {
        fields.push((
            cx.t("priority"),
            r.priority
                .iter()
                .map(|n| priority_text(cx, n))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    let mut blocks = vec![Block::Fields(fields), Block::Heading(cx.t("hearing"))];
    if let Some(f) = &case.forwarding {
        blocks.push(Block::Paragraph(cx.tp(
            "forwarded",
            &[
                ("to", labels::center_name(cx.i18n, cx.catalogs, cx.lang, f.to)),
                ("due_by", moment(f.due_by)),
                ("article", f.article.clone()),
            ],
        )));
    } else if let Some(e) = &case.exemption {
        blocks.push(Block::Paragraph(cx.tp(
            "exempt",
            &[
                ("article", e.article.clone()),
                ("matter", cx.label("conc.exempt", &e.matter)),
            ],
        )));
    } else if let Some(h) = &case.hearing {
        blocks.push(Block::Fields(hearing_fields(cx, h)));
        blocks.push(Block::Paragraph(attendance(cx, r.requester.role)));
    } else {
        blocks.push(Block::Paragraph(cx.t("no_hearing_yet")));
    }
    blocks.push(Block::Paragraph(cx.tp(
        "interruption",
        &[
            ("start", date(case.interruption.start)),
            ("article", case.interruption.article.clone()),
        ],
    )));
    let content = json!({
        "center": case.center.code(),
        "received_at": case.received_at.to_rfc3339(),
        "request": value(r),
        "track": value(&case.track),
        "routing": value(&case.routing),
        "forwarding": value(&case.forwarding),
        "exemption": value(&case.exemption),
        "hearing": case.hearing.as_ref().map(|h| value(&h.slot)),
        "interruption": value(&case.interruption),
    });
    Ok(document(
        cx,
        case,
        Head {
            kind: KIND_RECEIPT,
            title_key: "receipt_title",
            folio,
            issued_at: case.received_at,
        },
        content,
        blocks,
    ))
}

/// The receipt as a document to store.
pub fn receipt(cx: &DocContext<'_>, case: &Case, folio: &str) -> Result<NewDocument, DomainError> {
    let doc = receipt_document(cx, case, folio)?;
    let summary = json!({
        "jurisdiction": case.center.code(),
        "received_on": date(case.received_at.date_naive()),
        "hearing_date": case.hearing.as_ref().map(|h| date(h.slot.date)),
    });
    finish(KIND_RECEIPT, &doc, summary)
}

/// The 994-VIII warning of the summons, with the fine in UMA from the rules in force on the
/// hearing day and, when the catalog has that day's UMA, in pesos.
fn fine_warning(cx: &DocContext<'_>, on: NaiveDate) -> Result<Vec<Block>, DomainError> {
    let id = cx.rules.parameter_str("conciliation.non_appearance_violation", on)?;
    let v = cx.rules.violation(id, on)?;
    let mut blocks = vec![Block::Paragraph(cx.tp(
        "summons_warning",
        &[
            ("min", v.min_uma.to_string()),
            ("max", v.max_uma.to_string()),
            ("article", v.meta.article.clone()),
        ],
    ))];
    if let Some(uma) = cx.catalogs.uma_on(on) {
        let times = |n: u32| uma.daily.checked_mul(i64::from(n)).map(|m| m.to_string());
        if let (Some(min_amount), Some(max_amount)) = (times(v.min_uma), times(v.max_uma)) {
            blocks.push(Block::Paragraph(cx.tp(
                "summons_warning_amount",
                &[
                    ("year", uma.year.to_string()),
                    ("uma", uma.daily.to_string()),
                    ("min_amount", min_amount),
                    ("max_amount", max_amount),
                ],
            )));
        }
    }
    Ok(blocks)
}

/// The summons (citatorio) of the hearing set, to the summoned party: date, time and place, and
/// for an employer the warning of the 50-100 UMA fine (684-E IV, 994-VIII).
pub fn summons_document(cx: &DocContext<'_>, case: &Case, folio: &str) -> Result<Document, DomainError> {
    let h = case
        .hearing
        .as_ref()
        .ok_or_else(|| missing("conc.doc.no_hearing", "the case has no hearing set"))?;
    let r = &case.request;
    let mut fields = vec![(
        cx.t("center"),
        labels::center_name(cx.i18n, cx.catalogs, cx.lang, case.center),
    )];
    fields.extend(party_fields(cx, "summoned", &r.counterpart));
    fields.push((cx.t("address"), r.counterpart.address.clone()));
    fields.push((cx.t("requester"), r.requester.name().to_string()));
    fields.push((
        cx.t("objects"),
        r.objects
            .iter()
            .map(|o| cx.label("conc.object", o))
            .collect::<Vec<_>>()
            .join("; "),
    ));
    let mut blocks = vec![
        Block::Fields(fields),
        Block::Paragraph(cx.tp(
            "summons_intro",
            &[
                ("party", party_name(cx, r.counterpart.person.as_ref())),
                ("requester", r.requester.name().to_string()),
            ],
        )),
        Block::Heading(cx.t("hearing")),
        Block::Fields(hearing_fields(cx, h)),
    ];
    let employer = r.counterpart.role == PartyRole::Employer;
    if employer && case.track != Track::FastTrack {
        blocks.extend(fine_warning(cx, h.slot.date)?);
    }
    if !employer {
        blocks.push(Block::Paragraph(cx.t("summons_worker_absent")));
    }
    blocks.push(Block::Paragraph(attendance(cx, r.counterpart.role)));
    blocks.push(Block::Paragraph(cx.t("summons_identify")));
    if r.revictimization_risk {
        blocks.push(Block::Paragraph(cx.t("revictimization")));
    }
    if case.track == Track::FastTrack {
        blocks.push(Block::Paragraph(cx.t("summons_by_requester")));
    }
    let content = json!({
        "center": case.center.code(),
        "hearing": value(h),
        "track": value(&case.track),
        "counterpart": value(&r.counterpart),
        "requester": r.requester.name(),
        "objects": value(&r.objects),
        "revictimization_risk": r.revictimization_risk,
    });
    Ok(document(
        cx,
        case,
        Head {
            kind: KIND_SUMMONS,
            title_key: "summons_title",
            folio,
            issued_at: h.set_at,
        },
        content,
        blocks,
    ))
}

/// The summons as a document to store.
pub fn summons(cx: &DocContext<'_>, case: &Case, folio: &str) -> Result<NewDocument, DomainError> {
    let doc = summons_document(cx, case, folio)?;
    let summary = json!({
        "jurisdiction": case.center.code(),
        "hearing_date": case.hearing.as_ref().map(|h| date(h.slot.date)),
    });
    finish(KIND_SUMMONS, &doc, summary)
}

/// The settlement agreement (convenio) ratified at the hearing: items and amounts, the payment
/// schedule, the penalty clause when payment is deferred (684-E, last paragraph), ratification
/// (684-E VIII, XIII, XIV) and the parties' signatures. `issued_at` is when it was ratified.
pub fn convenio_document(
    cx: &DocContext<'_>,
    case: &Case,
    folio: &str,
    issued_at: DateTime<Utc>,
) -> Result<Document, DomainError> {
    let st = case
        .settlement
        .as_ref()
        .ok_or_else(|| missing("conc.doc.no_settlement", "the case has no settlement"))?;
    let r = &case.request;
    let hearing = case
        .held
        .iter()
        .rev()
        .find(|h| h.result == HearingResult::Settlement)
        .map(|h| h.number);
    let mut fields = vec![
        (
            cx.t("center"),
            labels::center_name(cx.i18n, cx.catalogs, cx.lang, case.center),
        ),
        (cx.t("agreed_on"), date(st.agreed_on)),
    ];
    if let Some(n) = hearing {
        fields.push((cx.t("hearing_number"), n.to_string()));
    }
    fields.extend(party_fields(cx, "requester", &r.requester));
    fields.extend(party_fields(cx, "summoned", &r.counterpart));
    let mut item_rows: Vec<Vec<String>> = st
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            vec![
                (n + 1).to_string(),
                cx.label("conc.object", &i.concept),
                i.description.clone(),
                i.amount.to_string(),
            ]
        })
        .collect();
    item_rows.push(vec![String::new(), cx.t("total"), String::new(), st.total.to_string()]);
    let mut blocks = vec![
        Block::Fields(fields),
        Block::Heading(cx.t("items")),
        Block::Table {
            headers: vec![
                cx.t("col.number"),
                cx.t("col.concept"),
                cx.t("col.description"),
                cx.t("col.amount"),
            ],
            rows: item_rows,
        },
        Block::Heading(cx.t("installments")),
        Block::Table {
            headers: vec![cx.t("col.number"), cx.t("col.due_on"), cx.t("col.amount")],
            rows: st
                .installments
                .iter()
                .map(|i| vec![i.number.to_string(), date(i.due_on), i.amount.to_string()])
                .collect(),
        },
    ];
    if st.deferred {
        let article = cx
            .rules
            .parameter("conciliation.late_penalty_min_daily_wages", st.agreed_on)?
            .meta
            .article
            .clone();
        blocks.push(Block::Paragraph(cx.tp(
            "penalty",
            &[
                ("penalty", st.penalty_per_day.to_string()),
                ("daily_wage", st.daily_wage.to_string()),
                ("article", article),
            ],
        )));
    } else {
        blocks.push(Block::Paragraph(cx.t("single_payment")));
    }
    blocks.push(Block::Paragraph(cx.t("ratified")));
    blocks.push(Block::Heading(cx.t("signatures")));
    blocks.push(Block::Signatures(
        [&r.requester, &r.counterpart]
            .iter()
            .map(|p| Signature {
                name: party_name(cx, p.person.as_ref()),
                role: cx.label("conc.party_role", &p.role),
                status: SignatureStatus::Signed,
            })
            .collect(),
    ));
    let content = json!({
        "center": case.center.code(),
        "settlement": value(&agreed(st)),
        "hearing": hearing,
        "requester": value(&r.requester),
        "counterpart": value(&r.counterpart),
    });
    Ok(document(
        cx,
        case,
        Head {
            kind: KIND_CONVENIO,
            title_key: "convenio_title",
            folio,
            issued_at,
        },
        content,
        blocks,
    ))
}

/// The convenio as agreed: its payments' later records do not change the document.
fn agreed(st: &faro_core::conciliation::Settlement) -> faro_core::conciliation::Settlement {
    let mut s = st.clone();
    for i in &mut s.installments {
        i.paid_on = None;
    }
    s.penalty_paid = Money::ZERO;
    s
}

/// The convenio as a document to store.
pub fn convenio(
    cx: &DocContext<'_>,
    case: &Case,
    folio: &str,
    issued_at: DateTime<Utc>,
) -> Result<NewDocument, DomainError> {
    let doc = convenio_document(cx, case, folio, issued_at)?;
    let st = case
        .settlement
        .as_ref()
        .ok_or_else(|| missing("conc.doc.no_settlement", "the case has no settlement"))?;
    let summary = json!({
        "jurisdiction": case.center.code(),
        "agreed_on": date(st.agreed_on),
        "total": st.total.to_string(),
        "installments": st.installments.len(),
    });
    finish(KIND_CONVENIO, &doc, summary)
}

fn constancia_kind_text(cx: &DocContext<'_>, kind: ConstanciaKind) -> String {
    cx.t(&format!("constancia.{}", labels::code_of(&kind)))
}

/// The certificate of no conciliation (constancia): its kind, basis and date, and when the
/// limitation period runs again (521-III). `issued_at` is when it was issued.
pub fn constancia_document(
    cx: &DocContext<'_>,
    case: &Case,
    folio: &str,
    issued_at: DateTime<Utc>,
) -> Result<Document, DomainError> {
    let c = case
        .constancia
        .as_ref()
        .ok_or_else(|| missing("conc.doc.no_constancia", "the case has no constancia"))?;
    let r = &case.request;
    let mut fields = vec![
        (
            cx.t("center"),
            labels::center_name(cx.i18n, cx.catalogs, cx.lang, case.center),
        ),
        (cx.t("filed_on"), date(case.filed_on)),
    ];
    fields.extend(party_fields(cx, "requester", &r.requester));
    fields.extend(party_fields(cx, "summoned", &r.counterpart));
    fields.push((cx.t("issued_on"), date(c.issued_on)));
    fields.push((cx.t("kind"), cx.label("conc.constancia", &c.kind)));
    fields.push((cx.t("basis"), c.article.clone()));
    if let Some(n) = c.hearing {
        fields.push((cx.t("hearing_number"), n.to_string()));
    }
    let mut blocks = vec![
        Block::Fields(fields),
        Block::Paragraph(constancia_kind_text(cx, c.kind)),
        Block::Paragraph(cx.t("constancia_text")),
    ];
    if let Some(resumes) = case.interruption.resumes_on {
        blocks.push(Block::Paragraph(cx.tp(
            "resumes",
            &[("date", date(resumes)), ("article", case.interruption.article.clone())],
        )));
    }
    let content = json!({
        "center": case.center.code(),
        "constancia": value(c),
        "filed_on": date(case.filed_on),
        "requester": value(&r.requester),
        "counterpart": value(&r.counterpart),
        "interruption": value(&case.interruption),
    });
    Ok(document(
        cx,
        case,
        Head {
            kind: KIND_CONSTANCIA,
            title_key: "constancia_title",
            folio,
            issued_at,
        },
        content,
        blocks,
    ))
}

/// The constancia as a document to store.
pub fn constancia(
    cx: &DocContext<'_>,
    case: &Case,
    folio: &str,
    issued_at: DateTime<Utc>,
) -> Result<NewDocument, DomainError> {
    let doc = constancia_document(cx, case, folio, issued_at)?;
    let c = case
        .constancia
        .as_ref()
        .ok_or_else(|| missing("conc.doc.no_constancia", "the case has no constancia"))?;
    let summary = json!({
        "jurisdiction": case.center.code(),
        "issued_on": date(c.issued_on),
        "article": c.article,
    });
    finish(KIND_CONSTANCIA, &doc, summary)
}
