//! The documents of a case, built from cases the core's state machine drove: each renders to a
//! PDF, the same case gives the same bytes, each carries its verification code, and no CURP (nor
//! an individual's RFC) is printed in full.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use faro_core::calendar::DayCount;
use faro_core::catalog::{Catalogs, Money};
use faro_core::conciliation::{
    execute, Case, CenterSettings, Channel, Command, Ctx, FederalFlags, HearingOutcome, Installment, Item, Object,
    PartyInput, PartyRole, PersonKind, PriorityNeed, RepresentativeInput, RequestInput, SettlementInput, Slot, Venue,
    WorkplaceInput,
};
use faro_core::law::Law;
use faro_core::{Jurisdiction, StateCode};
use faro_docs::{Block, Document};

use super::documents::*;
use crate::i18n::{I18n, Lang};

const CURP: &str = "BOXW310820HNERXN09";
const COMPANY_RFC: &str = "MAB9307148T4";
const REP_CURP: &str = "GODE561231HDFRRN00";

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
}

fn i18n() -> &'static I18n {
    static I: OnceLock<I18n> = OnceLock::new();
    I.get_or_init(|| I18n::embedded().unwrap())
}

fn cx(lang: Lang) -> DocContext<'static> {
    DocContext {
        i18n: i18n(),
        catalogs: law().catalogs.as_ref(),
        rules: &law().rules,
        lang,
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 15, 0, 0).unwrap()
}

const SETTINGS: CenterSettings = CenterSettings {
    unspecified_days: DayCount::Working,
};

fn run(state: Option<&Case>, now: DateTime<Utc>, c: Command) -> Case {
    let ctx = Ctx {
        now,
        rules: &law().rules,
        calendar: &law().calendar,
        catalogs: law().catalogs.as_ref(),
        settings: &SETTINGS,
    };
    let name = c.name();
    execute(state, &c, &ctx)
        .unwrap_or_else(|e| panic!("{name}: {e} {:?}", e.params))
        .1
}

fn jalisco() -> Jurisdiction {
    Jurisdiction::State(StateCode::new(14).unwrap())
}

/// A worker of a grocery shop in Jalisco against the company, filed Monday 2 March 2026, the
/// hearing on Tuesday 17 March.
fn request() -> RequestInput {
    RequestInput {
        requester_role: PartyRole::Worker,
        requester: PartyInput {
            kind: Some(PersonKind::Individual),
            name: "Ana López".into(),
            curp: CURP.into(),
            rfc: String::new(),
            address: "Av. Juárez 10, Guadalajara".into(),
            representative: None,
        },
        counterpart_role: PartyRole::Employer,
        counterpart: PartyInput {
            kind: Some(PersonKind::LegalEntity),
            name: "Abarrotes del Centro SA de CV".into(),
            curp: String::new(),
            rfc: COMPANY_RFC.into(),
            address: "Calle Morelos 5, Guadalajara".into(),
            representative: Some(RepresentativeInput {
                name: "Daniel Gómez".into(),
                curp: REP_CURP.into(),
                capacity: "apoderado legal".into(),
            }),
        },
        workplace: WorkplaceInput {
            address: "Calle Morelos 5, Guadalajara".into(),
            state: "14".into(),
            scian: "461110".into(),
            federal: FederalFlags::default(),
        },
        objects: vec![Object::Dismissal, Object::ChristmasBonus],
        object_detail: String::new(),
        exemption: None,
        exemption_reason: String::new(),
        priority: vec![PriorityNeed::Interpreter {
            language: "wixárika".into(),
        }],
        revictimization_risk: false,
        channel: Channel::Counter,
        fast_track: false,
    }
}

fn filed(request: RequestInput) -> Case {
    run(
        None,
        at(2026, 3, 2),
        Command::File {
            center: jalisco(),
            request: Box::new(request),
            forwarded_from: None,
        },
    )
}

fn scheduled() -> Case {
    let filed = filed(request());
    run(
        Some(&filed),
        at(2026, 3, 2),
        Command::ScheduleHearing {
            slot: Slot {
                date: day(2026, 3, 17),
                time: NaiveTime::from_hms_opt(10, 30, 0).unwrap(),
                conciliator_id: "17".into(),
                venue: Venue::Room { name: "Sala 3".into() },
            },
        },
    )
}

fn served(case: &Case) -> Case {
    run(
        Some(case),
        at(2026, 3, 5),
        Command::RecordService {
            result: faro_core::conciliation::ServiceResult::Served,
            on: day(2026, 3, 5),
            note: String::new(),
        },
    )
}

/// 30,000 pesos in three instalments from 17 March, a 400-peso penalty per day.
fn settled() -> Case {
    let pesos = Money::from_pesos;
    let inst = |due_on: NaiveDate| Installment {
        number: 0,
        due_on,
        amount: pesos(10_000),
        paid_on: None,
    };
    run(
        Some(&served(&scheduled())),
        at(2026, 3, 17),
        Command::HoldHearing {
            conciliator_id: "17".into(),
            outcome: HearingOutcome::Settlement(SettlementInput {
                items: vec![
                    Item {
                        concept: Object::Dismissal,
                        description: "Indemnización constitucional".into(),
                        amount: pesos(20_000),
                    },
                    Item {
                        concept: Object::ChristmasBonus,
                        description: String::new(),
                        amount: pesos(10_000),
                    },
                ],
                installments: vec![inst(day(2026, 3, 17)), inst(day(2026, 3, 31)), inst(day(2026, 4, 17))],
                daily_wage: pesos(400),
                penalty_per_day: pesos(400),
                ratified: true,
            }),
        },
    )
}

fn not_conciliated() -> Case {
    run(
        Some(&served(&scheduled())),
        at(2026, 3, 17),
        Command::HoldHearing {
            conciliator_id: "17".into(),
            outcome: HearingOutcome::NoAgreement,
        },
    )
}

/// Every text the document prints (blocks, title, authority), as one string.
fn printed(doc: &Document) -> String {
    let mut out = vec![doc.authority.clone(), doc.title.clone(), doc.folio.clone()];
    for b in &doc.blocks {
        match b {
            Block::Heading(t) | Block::Paragraph(t) => out.push(t.clone()),
            Block::Fields(f) => out.extend(f.iter().flat_map(|(k, v)| [k.clone(), v.clone()])),
            Block::Table { headers, rows } => {
                out.extend(headers.iter().cloned());
                out.extend(rows.iter().flatten().cloned());
            }
            Block::Signatures(s) => out.extend(s.iter().flat_map(|s| [s.name.clone(), s.role.clone()])),
        }
    }
    out.join("\n")
}

/// Checks what every document must: a PDF, the same bytes twice, its code in the document and
/// the store's record, the public summary without personal data, no identifier in full.
fn check(kind: &str, make: impl Fn() -> faro_store::cases::NewDocument, doc: &Document) {
    let a = make();
    let b = make();
    assert!(a.pdf.starts_with(b"%PDF-"), "{kind}");
    assert_eq!(a, b, "{kind}: the same case gives the same document");
    assert_eq!(a.kind, kind);
    assert_eq!(a.code, doc.verification_code);
    assert_eq!(faro_docs::normalize_code(&a.code).as_deref(), Some(a.code.as_str()));
    assert_eq!(doc.verify_url, format!("/verify?code={}", a.code));
    assert_eq!(a.sha256, faro_docs::sha256_hex(&a.pdf));
    assert_eq!(a.summary["kind"], kind);
    assert_eq!(a.summary["folio"], a.folio.as_str());
    assert_eq!(a.summary["jurisdiction"], "14");
    let text = printed(doc);
    for id in [CURP, REP_CURP] {
        assert!(!text.contains(id), "{kind} prints {id} in full:\n{text}");
        assert!(!a.summary.to_string().contains(id), "{kind}: summary");
    }
    let summary = a.summary.to_string();
    for personal in ["Ana López", "Morelos", "Juárez", COMPANY_RFC] {
        assert!(!summary.contains(personal), "{kind}: the public summary has {personal}");
    }
}

#[test]
fn the_receipt_has_the_folio_hearing_and_masked_curp() {
    let case = scheduled();
    let es = cx(Lang::Es);
    let doc = receipt_document(&es, &case, "CCL-JAL-2026-000123").unwrap();
    check(
        KIND_RECEIPT,
        || receipt(&es, &case, "CCL-JAL-2026-000123").unwrap(),
        &doc,
    );
    assert_eq!(doc.issued_at, case.received_at);
    assert_eq!(doc.title, "Acuse de recibo de la solicitud de conciliación");
    assert_eq!(doc.authority, "Centro de Conciliación Laboral — Jalisco");
    let text = printed(&doc);
    for want in [
        "**************XN09",
        "2026-03-02 15:00 UTC",
        "2026-03-17",
        "10:30",
        "Sala 3, en las instalaciones del centro de conciliación",
        "Despido; Aguinaldo",
        "Intérprete o traductor: wixárika",
        "Competencia local: la actividad no está reservada a las autoridades federales (artículo 529)",
        "interrumpe la prescripción de las acciones a partir del 2026-03-02 (LFT 521-III)",
        "debe acudir personalmente",
    ] {
        assert!(text.contains(want), "receipt lacks {want:?}:\n{text}");
    }
    let r = receipt(&es, &case, "CCL-JAL-2026-000123").unwrap();
    assert_eq!(r.summary["hearing_date"], "2026-03-17");
    assert_eq!(r.summary["received_on"], "2026-03-02");
    // Another folio is another document.
    assert_ne!(receipt(&es, &case, "CCL-JAL-2026-000124").unwrap().code, r.code);
    // English fixed text, the same code: the code fingerprints the facts, not the language.
    let en = receipt_document(&cx(Lang::En), &case, "CCL-JAL-2026-000123").unwrap();
    assert_eq!(en.title, "Receipt of the conciliation request");
    assert_eq!(en.verification_code, doc.verification_code);
}

#[test]
fn the_summons_warns_the_employer_of_the_fine() {
    let case = scheduled();
    let es = cx(Lang::Es);
    let doc = summons_document(&es, &case, "CCL-JAL-2026-000123-C1").unwrap();
    check(
        KIND_SUMMONS,
        || summons(&es, &case, "CCL-JAL-2026-000123-C1").unwrap(),
        &doc,
    );
    assert_eq!(doc.issued_at, case.hearing.as_ref().unwrap().set_at);
    let text = printed(&doc);
    // The fine of LFT 994-VIII as rules/violations.toml gives it (50 to 100 UMA); the UMA of
    // 2026 is in the catalog, so the amounts in pesos too.
    let v = law().rules.violation("lft-994-viii", day(2026, 3, 17)).unwrap();
    let warning = format!(
        "se le impondrá una multa de entre {} y {} veces la Unidad de Medida y Actualización (LFT 994-VIII)",
        v.min_uma, v.max_uma
    );
    assert!(text.contains(&warning), "{text}");
    let uma = law().catalogs.uma_on(day(2026, 3, 17)).unwrap();
    assert!(text.contains(&format!(
        "la multa va de {} a {}",
        uma.daily * i64::from(v.min_uma),
        uma.daily * i64::from(v.max_uma)
    )));
    for want in [
        "Abarrotes del Centro SA de CV",
        COMPANY_RFC,
        "Daniel Gómez (apoderado legal), CURP **************RN00",
        "Calle Morelos 5, Guadalajara",
        "2026-03-17",
        "10:30",
        "se le tendrá por inconforme con todo arreglo conciliatorio",
        "representante con facultades suficientes",
    ] {
        assert!(text.contains(want), "summons lacks {want:?}:\n{text}");
    }
    // Without a hearing there is no summons.
    let mut none = case.clone();
    none.hearing = None;
    assert_eq!(
        summons_document(&es, &none, "X").unwrap_err().code,
        "conc.doc.no_hearing"
    );
}

#[test]
fn the_convenio_lists_items_instalments_penalty_and_ratification() {
    let case = settled();
    let es = cx(Lang::Es);
    let issued = at(2026, 3, 17);
    let doc = convenio_document(&es, &case, "CCL-JAL-2026-000123-V", issued).unwrap();
    check(
        KIND_CONVENIO,
        || convenio(&es, &case, "CCL-JAL-2026-000123-V", issued).unwrap(),
        &doc,
    );
    assert_eq!(doc.issued_at, issued);
    let text = printed(&doc);
    for want in [
        "Indemnización constitucional",
        "$20,000.00",
        "$30,000.00",
        "2026-03-31",
        "2026-04-17",
        "la parte patronal pagará $400.00",
        "que es de $400.00 (LFT 684-E, last paragraph)",
        "lo ratifican en este acto",
        "cosa juzgada",
        "**************XN09",
    ] {
        assert!(text.contains(want), "convenio lacks {want:?}:\n{text}");
    }
    let tables: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { rows, .. } => Some(rows.len()),
            _ => None,
        })
        .collect();
    // Two items and the total; three instalments.
    assert_eq!(tables, vec![3, 3]);
    assert!(doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Signatures(s) if s.len() == 2)));
    let stored = convenio(&es, &case, "CCL-JAL-2026-000123-V", issued).unwrap();
    assert_eq!(stored.summary["total"], "$30,000.00");
    assert_eq!(stored.summary["installments"], 3);
    // Recording a payment later does not change the convenio as agreed.
    let paid = run(
        Some(&case),
        at(2026, 3, 17),
        Command::RecordPayment {
            installment: 1,
            paid_on: day(2026, 3, 17),
        },
    );
    assert_eq!(convenio(&es, &paid, "CCL-JAL-2026-000123-V", issued).unwrap(), stored);
    assert_eq!(
        convenio_document(&es, &scheduled(), "X", issued).unwrap_err().code,
        "conc.doc.no_settlement"
    );
}

#[test]
fn the_constancia_states_its_kind_and_when_prescription_runs_again() {
    let case = not_conciliated();
    let es = cx(Lang::Es);
    let issued = at(2026, 3, 17);
    let doc = constancia_document(&es, &case, "CCL-JAL-2026-000123-K", issued).unwrap();
    check(
        KIND_CONSTANCIA,
        || constancia(&es, &case, "CCL-JAL-2026-000123-K", issued).unwrap(),
        &doc,
    );
    assert_eq!(doc.title, "Constancia de no conciliación");
    let text = printed(&doc);
    for want in [
        "Las partes no llegaron a un acuerdo",
        "LFT 684-E VIII",
        "2026-03-17",
        "se agotó la etapa de conciliación prejudicial obligatoria",
        "se reanuda a partir del 2026-03-18 (LFT 521-III)",
        "**************XN09",
    ] {
        assert!(text.contains(want), "constancia lacks {want:?}:\n{text}");
    }
    let stored = constancia(&es, &case, "CCL-JAL-2026-000123-K", issued).unwrap();
    assert_eq!(stored.summary["article"], "LFT 684-E VIII");
    assert_eq!(stored.summary["issued_on"], "2026-03-17");
    assert_eq!(
        constancia_document(&es, &settled(), "X", issued).unwrap_err().code,
        "conc.doc.no_constancia"
    );
}

#[test]
fn documents_differ_by_content() {
    let es = cx(Lang::Es);
    let case = scheduled();
    let codes = [
        receipt(&es, &case, "F").unwrap().code,
        summons(&es, &case, "F").unwrap().code,
        convenio(&es, &settled(), "F", at(2026, 3, 17)).unwrap().code,
        constancia(&es, &not_conciliated(), "F", at(2026, 3, 17)).unwrap().code,
    ];
    let unique: std::collections::BTreeSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), 4, "{codes:?}");
}

#[test]
fn a_receipt_before_the_hearing_names_the_federal_branch() {
    // An automotive plant (SCIAN 336110): federal, LFT 527-I-12. Filed, no hearing set yet.
    let mut r = request();
    r.workplace.scian = "336110".into();
    let case = filed(r);
    let doc = receipt_document(&cx(Lang::Es), &case, "F-1").unwrap();
    let text = printed(&doc);
    assert!(
        text.contains("Competencia federal: rama industrial del artículo 527, fracción I — Rama 12: Automotriz"),
        "{text}"
    );
    assert!(text.contains(&i18n().text(Lang::Es, "conc.doc.no_hearing_yet", &[])));
    let stored = receipt(&cx(Lang::Es), &case, "F-1").unwrap();
    assert_eq!(stored.summary["hearing_date"], serde_json::Value::Null);
}
