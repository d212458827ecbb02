//! The request form: its fields (named as the core names them, `requester.curp`, so that a
//! refusal of the core lands on its input), and their parsing into a `RequestInput`. Every
//! problem the web can see is reported at once, one per field; the core's validation follows
//! and adds its own (the first) when the form is otherwise fine.

use std::collections::BTreeMap;

use faro_core::catalog::Catalogs;
use faro_core::conciliation::{
    validate, Channel, ExemptMatter, FederalFlags, Object, PartyInput, PartyRole, PersonKind, PriorityNeed,
    RepresentativeInput, RequestDraft, RequestInput, WorkplaceInput,
};
use faro_core::ids::{Curp, Rfc};
use faro_core::{DomainError, StateCode};

use crate::inspection_pages::form::FormData;

/// The message of each field at fault, by the field's name.
pub type FieldErrors = BTreeMap<String, DomainError>;

/// Common activities for the pick list: SCIAN classes a worker recognizes without the code.
pub const ACTIVITIES: [&str; 10] = [
    "461110", // grocery shops
    "722511", // restaurants
    "721111", // hotels
    "236111", // house building
    "814110", // domestic work
    "561610", // security services
    "311311", // sugar mills (federal, 527-I)
    "336110", // car manufacturing (federal, 527-I)
    "611111", // private schools
    "621111", // doctors' offices
];

/// Longest text echoed back into the form.
const ECHO_MAX: usize = 500;

/// The request's fields as the form posts them, kept to redraw it.
#[derive(Debug, Clone, Default)]
pub struct Posted(pub FormData);

impl Posted {
    pub fn text(&self, name: &str) -> String {
        self.0.text(name).trim().chars().take(ECHO_MAX).collect()
    }
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.all(name).into_iter().map(|v| v.trim().to_string()).collect()
    }
    pub fn checked(&self, name: &str) -> bool {
        matches!(self.0.text(name).trim(), "on" | "true" | "1")
    }
}

fn err(field: &str, code: &'static str, detail: &str) -> DomainError {
    DomainError::field(field_static(field), code, detail.to_string())
}

/// Field names as `&'static str` (DomainError wants them so).
fn field_static(field: &str) -> &'static str {
    FIELDS.iter().copied().find(|f| *f == field).unwrap_or("form")
}

/// Every field name of the form, in order.
pub const FIELDS: [&str; 31] = [
    "requester_role",
    "requester.kind",
    "requester.name",
    "requester.curp",
    "requester.rfc",
    "requester.address",
    "contact",
    "requester.representative.name",
    "requester.representative.capacity",
    "counterpart.kind",
    "counterpart.name",
    "counterpart.rfc",
    "counterpart.curp",
    "counterpart.address",
    "workplace.address",
    "workplace.state",
    "workplace.municipality",
    "workplace.activity",
    "workplace.scian",
    "federal",
    "objects",
    "object_detail",
    "priority",
    "priority.language",
    "exemption",
    "exemption_reason",
    "fast_track",
    "revictimization_risk",
    "consent",
    "channel",
    "center",
];

fn role(p: &Posted, errors: &mut FieldErrors) -> PartyRole {
    match p.text("requester_role").as_str() {
        "employer" => PartyRole::Employer,
        "worker" | "" => PartyRole::Worker,
        _ => {
            errors.insert(
                "requester_role".into(),
                err("requester_role", "conc.intake.error.choice", "not an option"),
            );
            PartyRole::Worker
        }
    }
}

fn kind(p: &Posted, field: &str, rfc: &str, errors: &mut FieldErrors) -> Option<PersonKind> {
    match p.text(field).as_str() {
        "individual" => Some(PersonKind::Individual),
        "legal_entity" => Some(PersonKind::LegalEntity),
        "" => match rfc.trim().len() {
            12 => Some(PersonKind::LegalEntity),
            _ => Some(PersonKind::Individual),
        },
        _ => {
            errors.insert(field.into(), err(field, "conc.intake.error.choice", "not an option"));
            None
        }
    }
}

/// Checks an identifier as the core will, to report every bad one at once.
fn check_ids(p: &Posted, errors: &mut FieldErrors) {
    for f in ["requester.curp", "counterpart.curp"] {
        let v = p.text(f);
        if !v.is_empty() {
            if let Err(e) = Curp::parse(&v) {
                errors.insert(
                    f.into(),
                    err(f, "curp.invalid", &e.to_string()).with("reason", e.code()),
                );
            }
        }
    }
    for f in ["requester.rfc", "counterpart.rfc"] {
        let v = p.text(f);
        if !v.is_empty() {
            if let Err(e) = Rfc::parse(&v) {
                errors.insert(f.into(), err(f, "rfc.invalid", &e.to_string()).with("reason", e.code()));
            }
        }
    }
}

/// An address for the electronic mailbox: something@domain.tld, no spaces.
fn contact(p: &Posted, errors: &mut FieldErrors) -> String {
    let v = p.text("contact");
    let ok = v.len() <= 200
        && !v.contains(char::is_whitespace)
        && v.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.') && !host.ends_with('.')
        });
    if v.is_empty() {
        errors.insert(
            "contact".into(),
            err("contact", "conc.intake.error.required", "required"),
        );
    } else if !ok {
        errors.insert(
            "contact".into(),
            err("contact", "conc.intake.error.contact", "not an e-mail"),
        );
    }
    v
}

/// The workplace: state, municipality (from the catalog, written into the address), activity.
fn workplace(p: &Posted, catalogs: &Catalogs, errors: &mut FieldErrors) -> WorkplaceInput {
    let state_text = p.text("workplace.state");
    let state: Option<StateCode> = state_text.parse().ok();
    if state.is_none() {
        let code = if state_text.is_empty() {
            "conc.intake.error.required"
        } else {
            "conc.intake.error.choice"
        };
        errors.insert("workplace.state".into(), err("workplace.state", code, "state"));
    }
    let municipality = p.text("workplace.municipality");
    // The INEGI key ("14039") or the name as people write it ("Guadalajara").
    let found = state.and_then(|s| {
        catalogs
            .municipality(&municipality)
            .filter(|m| m.state == s)
            .or_else(|| {
                let state_name = catalogs.state(s).map(|st| st.name.clone()).unwrap_or_default();
                catalogs
                    .match_municipality(&state_name, &municipality)
                    .filter(|m| m.state == s)
            })
    });
    if found.is_none() && state.is_some() {
        let code = if municipality.is_empty() {
            "conc.intake.error.required"
        } else {
            "conc.intake.error.municipality"
        };
        errors.insert(
            "workplace.municipality".into(),
            err("workplace.municipality", code, "municipality"),
        );
    }
    let typed = p.text("workplace.scian");
    let picked = p.text("workplace.activity");
    if !picked.is_empty() && !ACTIVITIES.contains(&picked.as_str()) {
        errors.insert(
            "workplace.activity".into(),
            err("workplace.activity", "conc.intake.error.choice", "activity"),
        );
    }
    let scian = if typed.is_empty() { picked } else { typed };
    let street = p.text("workplace.address");
    let address = match found {
        Some(m) if !street.is_empty() => format!("{street}, {}", m.name),
        _ => street,
    };
    WorkplaceInput {
        address,
        state: state_text,
        scian,
        federal: FederalFlags {
            federal_government_company: p.all("federal").iter().any(|v| v == "government"),
            federal_contract_or_concession: p.all("federal").iter().any(|v| v == "concession"),
            federal_zone_or_waters: p.all("federal").iter().any(|v| v == "zone"),
        },
    }
}

fn objects(p: &Posted, errors: &mut FieldErrors) -> Vec<Object> {
    let mut out = Vec::new();
    for v in p.all("objects") {
        match Object::parse(&v) {
            Some(o) => out.push(o),
            None => {
                errors.insert("objects".into(), err("objects", "conc.intake.error.choice", "object"));
            }
        }
    }
    if out.is_empty() && !errors.contains_key("objects") {
        errors.insert(
            "objects".into(),
            err("objects", "conciliation.no_object", "say what the request is about"),
        );
    }
    out
}

fn priority(p: &Posted, errors: &mut FieldErrors) -> Vec<PriorityNeed> {
    let mut out = Vec::new();
    for v in p.all("priority") {
        match v.as_str() {
            "disability" => out.push(PriorityNeed::Disability),
            "pregnancy" => out.push(PriorityNeed::Pregnancy),
            "older_adult" => out.push(PriorityNeed::OlderAdult),
            "minor" => out.push(PriorityNeed::Minor),
            _ => {
                errors.insert("priority".into(), err("priority", "conc.intake.error.choice", "need"));
            }
        }
    }
    let language = p.text("priority.language");
    if !language.is_empty() {
        out.push(PriorityNeed::Interpreter { language });
    }
    out
}

fn exemption(p: &Posted, errors: &mut FieldErrors) -> Option<ExemptMatter> {
    let v = p.text("exemption");
    if v.is_empty() || v == "none" {
        return None;
    }
    let found = ExemptMatter::ALL.into_iter().find(|m| m.code() == v);
    if found.is_none() {
        errors.insert(
            "exemption".into(),
            err("exemption", "conc.intake.error.choice", "exemption"),
        );
    }
    found
}

/// The channel of a counter filing: at the counter, or both parties together (684-E VI).
pub fn channel(p: &Posted, errors: &mut FieldErrors) -> Channel {
    match p.text("channel").as_str() {
        "" | "counter" => Channel::Counter,
        "joint" => Channel::Joint,
        _ => {
            errors.insert("channel".into(), err("channel", "conc.intake.error.choice", "channel"));
            Channel::Counter
        }
    }
}

/// The request the form describes, checked by the core, or the message of each field at fault.
pub fn parse(p: &Posted, channel: Channel, catalogs: &Catalogs) -> Result<(RequestInput, RequestDraft), FieldErrors> {
    let mut errors = FieldErrors::new();
    let requester_role = role(p, &mut errors);
    let counterpart_role = match requester_role {
        PartyRole::Worker => PartyRole::Employer,
        _ => PartyRole::Worker,
    };
    check_ids(p, &mut errors);
    let contact = contact(p, &mut errors);
    let requester_kind = kind(p, "requester.kind", &p.text("requester.rfc"), &mut errors);
    let rep_name = p.text("requester.representative.name");
    let requester = PartyInput {
        kind: requester_kind,
        name: p.text("requester.name"),
        curp: p.text("requester.curp"),
        rfc: p.text("requester.rfc"),
        address: {
            let a = p.text("requester.address");
            if a.is_empty() {
                a
            } else {
                format!("{a} · {contact}")
            }
        },
        representative: (!rep_name.is_empty()).then(|| RepresentativeInput {
            name: rep_name,
            curp: String::new(),
            capacity: p.text("requester.representative.capacity"),
        }),
    };
    let counterpart_rfc = p.text("counterpart.rfc");
    let counterpart = PartyInput {
        kind: kind(p, "counterpart.kind", &counterpart_rfc, &mut errors),
        name: p.text("counterpart.name"),
        curp: p.text("counterpart.curp"),
        rfc: counterpart_rfc,
        address: p.text("counterpart.address"),
        representative: None,
    };
    let workplace = workplace(p, catalogs, &mut errors);
    let objects = objects(p, &mut errors);
    let priority = priority(p, &mut errors);
    let exemption = exemption(p, &mut errors);
    if !p.checked("consent") {
        errors.insert(
            "consent".into(),
            err(
                "consent",
                "conc.intake.error.consent",
                "the privacy notice must be accepted",
            ),
        );
    }
    for f in [
        "requester.name",
        "requester.address",
        "counterpart.address",
        "workplace.address",
    ] {
        if p.text(f).is_empty() {
            errors.insert(f.into(), err(f, "conc.intake.error.required", "required"));
        }
    }
    if requester_kind == Some(PersonKind::Individual) && p.text("requester.curp").is_empty() {
        errors.entry("requester.curp".into()).or_insert_with(|| {
            err(
                "requester.curp",
                "conc.intake.error.required",
                "the requester's CURP (684-C I)",
            )
        });
    }
    let input = RequestInput {
        requester_role,
        requester,
        counterpart_role,
        counterpart,
        workplace,
        objects,
        object_detail: p.text("object_detail"),
        exemption,
        exemption_reason: p.text("exemption_reason"),
        priority,
        revictimization_risk: p.checked("revictimization_risk"),
        channel,
        fast_track: p.checked("fast_track"),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    match validate(&input, catalogs) {
        Ok(draft) => Ok((input, draft)),
        Err(e) => {
            let field = e
                .params
                .iter()
                .find(|(k, _)| *k == "field")
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| "form".into());
            Err(FieldErrors::from([(field, e)]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted(FormData::from_pairs(pairs))
    }

    pub(crate) const GOOD: [(&str, &str); 14] = [
        ("requester_role", "worker"),
        ("requester.kind", "individual"),
        ("requester.name", "Ana López"),
        ("requester.curp", "BOXW310820HNERXN09"),
        ("requester.address", "Av. Juárez 10, Guadalajara"),
        ("contact", "ana@example.mx"),
        ("counterpart.name", "Abarrotes del Centro SA de CV"),
        ("counterpart.rfc", "MAB9307148T4"),
        ("counterpart.address", "Calle Morelos 5"),
        ("workplace.address", "Calle Morelos 5"),
        ("workplace.state", "14"),
        ("workplace.municipality", "14039"),
        ("objects", "dismissal"),
        ("consent", "on"),
    ];

    fn catalogs() -> Catalogs {
        Catalogs::embedded().unwrap()
    }

    #[test]
    fn a_good_form_parses_and_the_counterpart_is_a_company_by_its_rfc() {
        let (input, draft) = parse(&posted(&GOOD), Channel::Online, &catalogs()).unwrap();
        assert_eq!(input.counterpart.kind, Some(PersonKind::LegalEntity));
        assert_eq!(input.counterpart_role, PartyRole::Employer);
        assert!(input.requester.address.ends_with("ana@example.mx"));
        assert!(draft.workplace.address.starts_with("Calle Morelos 5, "));
        assert_eq!(draft.objects, vec![Object::Dismissal]);
    }

    #[test]
    fn every_field_at_fault_is_reported_at_once() {
        let mut pairs: Vec<(&str, &str)> = GOOD
            .iter()
            .copied()
            .filter(|(k, _)| !matches!(*k, "consent" | "objects" | "contact"))
            .collect();
        pairs.retain(|(k, _)| !matches!(*k, "requester.curp" | "counterpart.rfc" | "workplace.municipality"));
        pairs.push(("requester.curp", "BOXW310820HNERXN0X"));
        pairs.push(("counterpart.rfc", "NOPE"));
        pairs.push(("workplace.municipality", "09015"));
        let e = parse(&posted(&pairs), Channel::Online, &catalogs()).unwrap_err();
        let fields: Vec<&str> = e.keys().map(String::as_str).collect();
        for f in [
            "consent",
            "objects",
            "contact",
            "requester.curp",
            "workplace.municipality",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
        assert_eq!(e["requester.curp"].code, "curp.invalid");
    }

    #[test]
    fn the_core_refusal_lands_on_its_field() {
        let mut pairs = GOOD.to_vec();
        pairs.push(("requester.kind", "legal_entity"));
        pairs.retain(|(k, v)| !(*k == "requester.kind" && *v == "individual"));
        pairs.retain(|(k, _)| *k != "requester.curp");
        let e = parse(&posted(&pairs), Channel::Online, &catalogs()).unwrap_err();
        assert_eq!(e.keys().next().map(String::as_str), Some("requester.representative"));
    }
}
