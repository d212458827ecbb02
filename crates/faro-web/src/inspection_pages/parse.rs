//! Forms into domain commands: pure functions from the fields of a submitted form to the
//! inspection, referral and sanction commands of `faro_core`. Every error names its field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use faro_core::fine::{Capacity, Harm, Seriousness};
use faro_core::inspection::{
    Command, Kind, Matter, MeasureDraft, Origin, Participant, ParticipantRole, Signature, VerificationResult,
};
use faro_core::protocol::{Answer, Outcome};
use faro_core::referral;
use faro_core::sanction::{self, AppealOutcome, FineDecision};
use faro_core::{DomainError, Jurisdiction};

use super::form::{self, FormData};

/// The most rows a table of a form may send (participants, measures, decisions).
pub const MAX_ROWS: usize = 200;

/// What the planning form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramInput {
    pub workplace_id: i64,
    pub jurisdiction: Jurisdiction,
    pub kind: Kind,
    pub origin: Origin,
    pub matters: Vec<Matter>,
    pub planned_for: NaiveDate,
}

impl ProgramInput {
    pub fn command(&self) -> Command {
        Command::Program {
            workplace_id: self.workplace_id,
            jurisdiction: self.jurisdiction,
            kind: self.kind,
            origin: self.origin,
            matters: self.matters.clone(),
            planned_for: self.planned_for,
            program_id: None,
        }
    }
}

pub fn program(f: &FormData) -> Result<ProgramInput, DomainError> {
    let workplace_id = form::id("workplace", f.text("workplace"))?;
    let jurisdiction = form::required("jurisdiction", f.text("jurisdiction"))?
        .parse::<Jurisdiction>()
        .map_err(|e| e.with("field", "jurisdiction"))?;
    let kind = Kind::parse(f.text("kind"))?;
    let origin = Origin::parse(f.text("origin"))?;
    let mut matters = Vec::new();
    for m in f.all("matter") {
        let m = m.parse::<Matter>().map_err(|e| e.with("field", "matters"))?;
        if !matters.contains(&m) {
            matters.push(m);
        }
    }
    if matters.is_empty() {
        return Err(DomainError::field(
            "matters",
            "inspection.no_matters",
            "an inspection covers at least one matter",
        ));
    }
    let planned_for = form::date("planned_for", f.text("planned_for"))?;
    Ok(ProgramInput {
        workplace_id,
        jurisdiction,
        kind,
        origin,
        matters,
        planned_for,
    })
}

/// The order form: the inspector (by user id), its scope and legal basis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderInput {
    pub inspector_id: i64,
    pub scope: String,
    pub legal_basis: String,
}

pub fn order(f: &FormData) -> Result<OrderInput, DomainError> {
    Ok(OrderInput {
        inspector_id: form::id("inspector", f.text("inspector"))?,
        scope: f.text("scope").to_string(),
        legal_basis: f.text("legal_basis").to_string(),
    })
}

/// The number of an inspection order: "OI-{jurisdiction}-{year}-{id:06}".
pub fn order_number(jurisdiction: Jurisdiction, year: i32, id: i64) -> String {
    folio("OI", jurisdiction, year, id)
}

/// The folio of an inspection record (acta): "AI-{jurisdiction}-{year}-{id:06}".
pub fn record_folio(jurisdiction: Jurisdiction, year: i32, id: i64) -> String {
    folio("AI", jurisdiction, year, id)
}

/// The folio of a sanction resolution: "RS-{jurisdiction}-{year}-{id:06}".
pub fn resolution_folio(jurisdiction: Jurisdiction, year: i32, id: i64) -> String {
    folio("RS", jurisdiction, year, id)
}

fn folio(prefix: &str, jurisdiction: Jurisdiction, year: i32, id: i64) -> String {
    format!("{prefix}-{}-{year}-{id:06}", jurisdiction.code().to_uppercase())
}

pub fn notify(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::Notify {
        visit_at: form::moment("visit_at", f.text("visit_at"))?,
    })
}

fn participant_role(v: &str) -> Result<ParticipantRole, DomainError> {
    form::choice("participants", v, &ParticipantRole::ALL, ParticipantRole::code)
}

fn signature(v: &str) -> Result<Signature, DomainError> {
    form::choice(
        "participants",
        v,
        &[Signature::Signed, Signature::Refused, Signature::Absent],
        Signature::code,
    )
}

fn too_many_rows(field: &'static str) -> DomainError {
    DomainError::field(field, "insp.error.too_many_rows", format!("more than {MAX_ROWS} rows"))
        .with("max", MAX_ROWS.to_string())
}

/// The participants of a record: rows of `participant_name`, `participant_role` and
/// `participant_signature`; rows left without a name are blank lines of the form and skipped.
pub fn participants(f: &FormData) -> Result<Vec<Participant>, DomainError> {
    let names = f.all("participant_name");
    let roles = f.all("participant_role");
    let signatures = f.all("participant_signature");
    if names.len() > MAX_ROWS {
        return Err(too_many_rows("participants"));
    }
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if name.trim().is_empty() {
            continue;
        }
        out.push(Participant {
            name: name.trim().to_string(),
            role: participant_role(roles.get(i).copied().unwrap_or(""))?,
            signature: signature(signatures.get(i).copied().unwrap_or(""))?,
        });
    }
    Ok(out)
}

pub fn close_record(f: &FormData, folio: String) -> Result<Command, DomainError> {
    Ok(Command::CloseRecord {
        folio,
        participants: participants(f)?,
    })
}

/// One measure per row of `measure_question`, `measure_description`, `measure_days`; a row left
/// without a description orders nothing for that finding.
pub fn measures(f: &FormData) -> Result<Command, DomainError> {
    let questions = f.all("measure_question");
    let descriptions = f.all("measure_description");
    let days = f.all("measure_days");
    if questions.len() > MAX_ROWS {
        return Err(too_many_rows("measures"));
    }
    let mut out = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let description = descriptions.get(i).copied().unwrap_or("").trim();
        if description.is_empty() {
            continue;
        }
        out.push(MeasureDraft {
            question_id: q.trim().to_string(),
            description: description.to_string(),
            days: form::whole("days", days.get(i).copied().unwrap_or(""), 10_000)?,
        });
    }
    Ok(Command::IssueMeasures { measures: out })
}

pub fn extension(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::ExtendMeasure {
        measure: form::whole("measure", f.text("measure"), 10_000)?,
        days: form::whole("days", f.text("days"), 10_000)?,
        reason: f.text("reason").to_string(),
    })
}

/// One result per measure: `result.{n}` is "complied" or "not_complied", `note.{n}` optional.
pub fn verification(f: &FormData) -> Result<Command, DomainError> {
    let mut results = Vec::new();
    for (number, value) in f.with_prefix("result.") {
        if results.len() >= MAX_ROWS {
            return Err(too_many_rows("measure"));
        }
        let measure = form::whole("measure", number, 10_000)?;
        let complied = form::choice("measure", value, &[true, false], |b| {
            if b {
                "complied"
            } else {
                "not_complied"
            }
        })?;
        results.push(VerificationResult {
            measure,
            complied,
            note: f.text(&format!("note.{number}")).to_string(),
        });
    }
    Ok(Command::RecordVerification { results })
}

pub fn reason(f: &FormData) -> String {
    f.text("reason").to_string()
}

/// The stable code of a protocol outcome, as the checklist's radio buttons send it.
pub fn outcome_code(o: Outcome) -> &'static str {
    match o {
        Outcome::Complies => "complies",
        Outcome::Fails => "fails",
        Outcome::NotApplicable => "not_applicable",
    }
}

/// An answer to one question: `question`, `outcome`, `affected_workers`, `note` and the inputs
/// of a computed check as `input.{name}`.
pub fn answer(f: &FormData) -> Result<Answer, DomainError> {
    let question_id = form::required("question", f.text("question"))?.to_string();
    let outcome = form::choice(
        "outcome",
        f.text("outcome"),
        &[Outcome::Complies, Outcome::Fails, Outcome::NotApplicable],
        outcome_code,
    )?;
    let affected = f.text("affected_workers").trim();
    let affected_workers = if affected.is_empty() {
        0
    } else {
        form::whole("affected_workers", affected, 1_000_000)?
    };
    let inputs: BTreeMap<String, String> = f
        .with_prefix("input.")
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.to_string(), v.trim().to_string()))
        .collect();
    Ok(Answer {
        question_id,
        outcome,
        note: f.text("note").to_string(),
        affected_workers,
        inputs,
    })
}

pub fn interview(f: &FormData) -> Result<Command, DomainError> {
    Ok(Command::AddInterview {
        code: f.text("code").to_string(),
        matter: f
            .text("matter")
            .parse::<Matter>()
            .map_err(|e| e.with("field", "matter"))?,
        summary: f.text("summary").to_string(),
    })
}

// Referrals.

pub fn referral_send(f: &FormData) -> referral::Command {
    referral::Command::Send {
        authority_name: f.text("authority_name").to_string(),
        reference: f.text("reference").to_string(),
    }
}

pub fn referral_measure(f: &FormData) -> referral::Command {
    referral::Command::RecordMeasure {
        text: f.text("text").to_string(),
    }
}

pub fn referral_acknowledge(f: &FormData) -> referral::Command {
    referral::Command::Acknowledge {
        authority_case: f.text("authority_case").to_string(),
    }
}

pub fn referral_follow_up(f: &FormData) -> referral::Command {
    referral::Command::FollowUp {
        text: f.text("text").to_string(),
    }
}

pub fn referral_close(f: &FormData) -> Result<referral::Command, DomainError> {
    Ok(referral::Command::Close {
        outcome: form::choice(
            "outcome",
            f.text("outcome"),
            &referral::Outcome::ALL,
            referral::Outcome::code,
        )?,
        text: f.text("text").to_string(),
    })
}

// Sanctions.

pub fn seriousness_code(s: Seriousness) -> &'static str {
    match s {
        Seriousness::Low => "low",
        Seriousness::Medium => "medium",
        Seriousness::High => "high",
    }
}

pub fn harm_code(h: Harm) -> &'static str {
    match h {
        Harm::None => "none",
        Harm::Potential => "potential",
        Harm::Actual => "actual",
    }
}

pub fn capacity_code(c: Capacity) -> &'static str {
    match c {
        Capacity::Low => "low",
        Capacity::Medium => "medium",
        Capacity::High => "high",
    }
}

pub const SERIOUSNESS: [Seriousness; 3] = [Seriousness::Low, Seriousness::Medium, Seriousness::High];
pub const HARM: [Harm; 3] = [Harm::None, Harm::Potential, Harm::Actual];
pub const CAPACITY: [Capacity; 3] = [Capacity::Low, Capacity::Medium, Capacity::High];
pub const APPEAL_OUTCOMES: [AppealOutcome; 3] =
    [AppealOutcome::Upheld, AppealOutcome::Reduced, AppealOutcome::Annulled];

pub fn appeal_outcome_code(o: AppealOutcome) -> &'static str {
    match o {
        AppealOutcome::Upheld => "upheld",
        AppealOutcome::Reduced => "reduced",
        AppealOutcome::Annulled => "annulled",
    }
}

/// The criteria of one finding as the resolution form sends them (also used to recompute the
/// suggested amount): `intent.{q}`, `seriousness.{q}`, `harm.{q}`, `capacity.{q}`,
/// `justification.{q}`. Missing choices take the middle value, as the form preselects.
pub fn criteria(f: &FormData, question: &str) -> Result<faro_core::fine::Criteria, DomainError> {
    let pick = |name: &str| {
        let v = f.text(&format!("{name}.{question}")).trim().to_string();
        v
    };
    let seriousness = match pick("seriousness").as_str() {
        "" => Seriousness::Medium,
        v => form::choice("seriousness", v, &SERIOUSNESS, seriousness_code)?,
    };
    let harm = match pick("harm").as_str() {
        "" => Harm::Potential,
        v => form::choice("harm", v, &HARM, harm_code)?,
    };
    let capacity = match pick("capacity").as_str() {
        "" => Capacity::Medium,
        v => form::choice("capacity", v, &CAPACITY, capacity_code)?,
    };
    Ok(faro_core::fine::Criteria {
        intent: matches!(pick("intent").as_str(), "1" | "on" | "yes" | "true"),
        seriousness,
        harm,
        capacity,
        justification: pick("justification"),
    })
}

/// The resolution: for each finding sent to the procedure (by question id), `decide.{q}` is
/// "fine" or "none"; a fined one needs `uma.{q}` and its criteria. No fine at all absolves.
pub fn resolve(f: &FormData, findings: &[String], folio: String) -> Result<sanction::Command, DomainError> {
    let mut decisions = Vec::new();
    for q in findings {
        let decide = f.text(&format!("decide.{q}")).trim();
        if decide == "none" {
            continue;
        }
        if decide != "fine" {
            return Err(
                DomainError::field("decisions", "insp.error.choice_invalid", "choose fine or none")
                    .with("value", decide),
            );
        }
        let c = criteria(f, q)?;
        decisions.push(FineDecision {
            question_id: q.clone(),
            per_worker_uma: form::whole("per_worker_uma", f.text(&format!("uma.{q}")), 1_000_000)?,
            intent: c.intent,
            seriousness: c.seriousness,
            harm: c.harm,
            capacity: c.capacity,
            justification: c.justification,
        });
    }
    Ok(sanction::Command::Resolve {
        folio,
        decisions,
        prior: Vec::new(),
    })
}

pub fn response(f: &FormData) -> sanction::Command {
    sanction::Command::RecordResponse {
        summary: f.text("summary").to_string(),
    }
}

pub fn appeal(f: &FormData) -> sanction::Command {
    sanction::Command::FileAppeal {
        summary: f.text("summary").to_string(),
    }
}

/// The appeal's decision; for a reduction, `reduce.{n}` gives the new UMA per worker of fine n
/// (blank: unchanged).
pub fn appeal_decision(f: &FormData) -> Result<sanction::Command, DomainError> {
    let outcome = form::choice("outcome", f.text("outcome"), &APPEAL_OUTCOMES, appeal_outcome_code)?;
    let mut reductions = Vec::new();
    if outcome == AppealOutcome::Reduced {
        for (number, value) in f.with_prefix("reduce.") {
            if value.trim().is_empty() {
                continue;
            }
            if reductions.len() >= MAX_ROWS {
                return Err(too_many_rows("reductions"));
            }
            reductions.push((
                form::whole("reductions", number, 10_000)?,
                form::whole("reductions", value, 1_000_000)?,
            ));
        }
    }
    Ok(sanction::Command::DecideAppeal { outcome, reductions })
}

pub fn payment(f: &FormData) -> Result<sanction::Command, DomainError> {
    Ok(sanction::Command::RecordPayment {
        amount: form::money("amount", f.text("amount"))?,
        paid_on: form::date("paid_on", f.text("paid_on"))?,
        reference: f.text("reference").to_string(),
    })
}

pub fn collection(f: &FormData) -> sanction::Command {
    sanction::Command::SendToCollection {
        reference: f.text("reference").to_string(),
    }
}

pub fn write_off(f: &FormData) -> sanction::Command {
    sanction::Command::WriteOff {
        reason: f.text("reason").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::catalog::Money;
    use faro_core::StateCode;
    use proptest::prelude::*;

    fn form(pairs: &[(&str, &str)]) -> FormData {
        FormData::from_pairs(pairs)
    }

    #[test]
    fn folios_name_jurisdiction_year_and_id() {
        let jal = Jurisdiction::State(StateCode::new(14).unwrap());
        assert_eq!(order_number(jal, 2026, 12), "OI-14-2026-000012");
        assert_eq!(
            order_number(Jurisdiction::Federal, 2026, 1_234_567),
            "OI-FEDERAL-2026-1234567"
        );
        assert_eq!(record_folio(jal, 2026, 3), "AI-14-2026-000003");
        assert_eq!(resolution_folio(jal, 2027, 3), "RS-14-2027-000003");
    }

    #[test]
    fn program_form() {
        let f = form(&[
            ("workplace", "17"),
            ("jurisdiction", "14"),
            ("kind", "extraordinary"),
            ("origin", "complaint"),
            ("matter", "training"),
            ("matter", "child_labor"),
            ("matter", "training"),
            ("planned_for", "2026-03-02"),
        ]);
        let p = program(&f).unwrap();
        assert_eq!(p.workplace_id, 17);
        assert_eq!(p.jurisdiction, Jurisdiction::State(StateCode::new(14).unwrap()));
        assert_eq!(p.matters, vec![Matter::Training, Matter::ChildLabor]);
        let no_matter = form(&[
            ("workplace", "17"),
            ("jurisdiction", "federal"),
            ("kind", "initial"),
            ("origin", "program"),
            ("planned_for", "2026-03-02"),
        ]);
        assert_eq!(program(&no_matter).unwrap_err().code, "inspection.no_matters");
        let bad_kind = form(&[("workplace", "17"), ("jurisdiction", "federal"), ("kind", "x")]);
        assert_eq!(program(&bad_kind).unwrap_err().code, "inspection.kind_unknown");
        assert_eq!(program(&form(&[])).unwrap_err().code, "field.required");
    }

    #[test]
    fn participants_skip_blank_rows_and_check_codes() {
        let f = form(&[
            ("participant_name", "Jorge Méndez"),
            ("participant_role", "inspector"),
            ("participant_signature", "signed"),
            ("participant_name", ""),
            ("participant_role", "witness"),
            ("participant_signature", "signed"),
            ("participant_name", "Lucía Ortega"),
            ("participant_role", "employer_representative"),
            ("participant_signature", "refused"),
        ]);
        let p = participants(&f).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].role, ParticipantRole::EmployerRepresentative);
        assert_eq!(p[1].signature, Signature::Refused);
        let bad = form(&[
            ("participant_name", "X"),
            ("participant_role", "boss"),
            ("participant_signature", "signed"),
        ]);
        assert_eq!(participants(&bad).unwrap_err().code, "insp.error.choice_invalid");
        let missing_signature = form(&[("participant_name", "X"), ("participant_role", "inspector")]);
        assert_eq!(participants(&missing_signature).unwrap_err().code, "field.required");
    }

    #[test]
    fn measures_rows() {
        let f = form(&[
            ("measure_question", "tr.plans_kept"),
            ("measure_description", "Registrar los planes"),
            ("measure_days", "30"),
            ("measure_question", "tr.joint_commission"),
            ("measure_description", ""),
            ("measure_days", "30"),
        ]);
        let Command::IssueMeasures { measures: m } = measures(&f).unwrap() else {
            panic!("not measures")
        };
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].days, 30);
        let bad = form(&[
            ("measure_question", "q"),
            ("measure_description", "d"),
            ("measure_days", "treinta"),
        ]);
        assert_eq!(measures(&bad).unwrap_err().code, "field.invalid_number");
    }

    #[test]
    fn verification_results() {
        let f = form(&[("result.1", "complied"), ("note.1", "ok"), ("result.2", "not_complied")]);
        let Command::RecordVerification { results } = verification(&f).unwrap() else {
            panic!("not a verification")
        };
        assert_eq!(results.len(), 2);
        assert!(results[0].complied && !results[1].complied);
        assert_eq!(results[0].note, "ok");
        assert_eq!(
            verification(&form(&[("result.x", "complied")])).unwrap_err().code,
            "field.invalid_number"
        );
    }

    #[test]
    fn answers() {
        let f = form(&[
            ("question", "cl.under_15"),
            ("outcome", "fails"),
            ("affected_workers", "2"),
            ("input.age", " 13 "),
            ("input.zone", ""),
            ("note", "Dos adolescentes en la línea 3"),
        ]);
        let a = answer(&f).unwrap();
        assert_eq!(a.outcome, Outcome::Fails);
        assert_eq!(a.affected_workers, 2);
        assert_eq!(a.inputs.get("age").map(String::as_str), Some("13"));
        assert!(!a.inputs.contains_key("zone"));
        let none = answer(&form(&[("question", "q"), ("outcome", "not_applicable")])).unwrap();
        assert_eq!(none.affected_workers, 0);
        assert_eq!(answer(&form(&[("question", "q")])).unwrap_err().code, "field.required");
    }

    #[test]
    fn resolution_decisions() {
        let findings = vec!["sc.repse_registration".to_string(), "sc.written_contract".to_string()];
        let f = form(&[
            ("decide.sc.repse_registration", "fine"),
            ("uma.sc.repse_registration", "2500"),
            ("intent.sc.repse_registration", "1"),
            ("seriousness.sc.repse_registration", "high"),
            ("harm.sc.repse_registration", "actual"),
            ("capacity.sc.repse_registration", "low"),
            ("justification.sc.repse_registration", "Sin registro REPSE"),
            ("decide.sc.written_contract", "none"),
        ]);
        let sanction::Command::Resolve { decisions, folio, .. } = resolve(&f, &findings, "RS-1".into()).unwrap() else {
            panic!("not a resolution")
        };
        assert_eq!(folio, "RS-1");
        assert_eq!(decisions.len(), 1);
        let d = &decisions[0];
        assert_eq!(d.per_worker_uma, 2500);
        assert!(d.intent);
        assert_eq!(
            (d.seriousness, d.harm, d.capacity),
            (Seriousness::High, Harm::Actual, Capacity::Low)
        );
        let absolve = form(&[
            ("decide.sc.repse_registration", "none"),
            ("decide.sc.written_contract", "none"),
        ]);
        let sanction::Command::Resolve { decisions, .. } = resolve(&absolve, &findings, "RS-1".into()).unwrap() else {
            panic!("not a resolution")
        };
        assert!(decisions.is_empty());
        let missing = form(&[("decide.sc.repse_registration", "fine")]);
        assert_eq!(
            resolve(&missing, &findings[..1], "RS-1".into()).unwrap_err().code,
            "field.required"
        );
    }

    #[test]
    fn payments_and_appeals() {
        let f = form(&[
            ("amount", "$1,000.50"),
            ("paid_on", "2026-03-02"),
            ("reference", "SAT-1"),
        ]);
        let sanction::Command::RecordPayment { amount, .. } = payment(&f).unwrap() else {
            panic!("not a payment")
        };
        assert_eq!(amount, Money::from_centavos(100_050));
        let reduce = form(&[("outcome", "reduced"), ("reduce.1", "100"), ("reduce.2", "")]);
        assert_eq!(
            appeal_decision(&reduce).unwrap(),
            sanction::Command::DecideAppeal {
                outcome: AppealOutcome::Reduced,
                reductions: vec![(1, 100)]
            }
        );
        assert_eq!(
            appeal_decision(&form(&[("outcome", "maybe")])).unwrap_err().code,
            "insp.error.choice_invalid"
        );
    }

    proptest! {
        /// No form makes a parser panic: every field may be missing, empty or garbage.
        #[test]
        fn parsers_never_panic(pairs in proptest::collection::vec(
            (prop_oneof![
                Just("workplace".to_string()), Just("kind".to_string()), Just("matter".to_string()),
                Just("participant_name".to_string()), Just("participant_role".to_string()),
                Just("participant_signature".to_string()), Just("measure_question".to_string()),
                Just("measure_days".to_string()), Just("measure_description".to_string()),
                Just("result.1".to_string()), Just("outcome".to_string()), Just("input.age".to_string()),
                Just("affected_workers".to_string()), Just("amount".to_string()), Just("paid_on".to_string()),
                Just("decide.q".to_string()), Just("uma.q".to_string()), Just("reduce.1".to_string()),
                "[a-z.]{1,10}",
            ], "\\PC{0,16}"),
            0..12,
        )) {
            let owned: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let f = FormData::from_pairs(&owned);
            let _ = program(&f);
            let _ = order(&f);
            let _ = notify(&f);
            let _ = participants(&f);
            let _ = measures(&f);
            let _ = extension(&f);
            let _ = verification(&f);
            let _ = answer(&f);
            let _ = interview(&f);
            let _ = referral_close(&f);
            let _ = resolve(&f, &["q".to_string()], "F".into());
            let _ = appeal_decision(&f);
            let _ = payment(&f);
        }

        /// Participants are the named rows, in order, whatever blank rows lie between them.
        #[test]
        fn participants_are_the_named_rows(names in proptest::collection::vec("[A-Za-zÁÉÍÓÚñ ]{0,12}", 0..10)) {
            let mut pairs = Vec::new();
            for n in &names {
                pairs.push(("participant_name", n.as_str()));
                pairs.push(("participant_role", "witness"));
                pairs.push(("participant_signature", "absent"));
            }
            let p = participants(&FormData::from_pairs(&pairs)).unwrap();
            let want: Vec<String> = names.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect();
            let got: Vec<String> = p.iter().map(|p| p.name.clone()).collect();
            prop_assert_eq!(got, want);
        }
    }
}
