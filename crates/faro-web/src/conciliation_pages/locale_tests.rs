//! Every code conciliation and the settlement calculator can show has its text in both languages.
//!
//! The codes are read from the sources of `faro_core::conciliation` and `faro_core::settlement`
//! at test time (every `.rs` file of those folders but their tests), so a new error in the core
//! fails here until it is translated:
//!
//! * the code of each `DomainError::new(code, ..)`, `DomainError::field(field, code, ..)` and of
//!   the folders' helpers `refuse(code, ..)` and `money_field(field, code, ..)`, with the
//!   parameters each use gives it (`field`, and every `.with("name", ..)`): the translation may
//!   only use placeholders every use provides;
//! * every `"conciliation.*"`, `"settlement.*"` and `"competence.*"` literal (event kinds, rule
//!   ids, notes, reasons, concepts, routing reasons);
//! * every field name (`field.name.*`): literal first arguments of `DomainError::field`,
//!   `money_field`, `required_text` and `optional_text`, and other dotted literals
//!   (`requester.curp`);
//! * the labels of every value of the domain's enums.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use faro_core::catalog::WageZone;
use faro_core::conciliation::{
    AbsentSide, Channel, ConstanciaKind, ExemptMatter, FederalBranches, HearingPurpose, HearingResult, NoticeMethod,
    Object, PartyRole, PersonKind, PriorityNeed, ServiceResult, Status, SummonsStatus, Term, Track, Venue,
};
use faro_core::settlement::{Concept, Termination};

use super::labels::code_of;
use crate::i18n::{I18n, Lang};

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../faro-core/src")
}

fn collect(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            if name != "tests" {
                collect(&p, out);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" {
            let text = std::fs::read_to_string(&p).unwrap();
            // Comments may quote codes that are not used.
            let code: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect();
            out.push((p.display().to_string(), code.join("\n")));
        }
    }
}

/// The sources of the two modules, comments removed.
fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in ["conciliation", "settlement"] {
        collect(&core_src().join(m), &mut out);
    }
    assert!(out.len() >= 10, "the core's sources were not found: {}", out.len());
    out
}

/// The arguments of the call whose `(` ends just before `at`, split at top-level commas, and
/// the position after its `)`.
fn args(s: &str, at: usize) -> (Vec<String>, usize) {
    let b = s.as_bytes();
    let (mut depth, mut i) = (0usize, at);
    let (mut in_str, mut escaped) = (false, false);
    let mut out = Vec::new();
    let mut cur = String::new();
    while i < b.len() {
        let c = b[i] as char;
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
        } else if "([{".contains(c) {
            depth += 1;
        } else if ")]}".contains(c) {
            if depth == 0 {
                out.push(cur.trim().to_string());
                return (out, i + 1);
            }
            depth -= 1;
        } else if c == ',' && depth == 0 {
            out.push(cur.trim().to_string());
            cur.clear();
            i += 1;
            continue;
        }
        // Multi-byte characters are copied byte by byte from the source's UTF-8.
        let ch_len = s[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        cur.push_str(&s[i..i + ch_len]);
        i += ch_len;
    }
    (out, i)
}

fn literal(arg: &str) -> Option<&str> {
    arg.strip_prefix('"')?.strip_suffix('"')
}

/// Starts of `call` in `s` that are calls, not definitions or longer names.
fn calls<'a>(s: &'a str, call: &'a str) -> impl Iterator<Item = usize> + 'a {
    s.match_indices(call).map(|(i, _)| i).filter(move |&i| {
        let before = s[..i].chars().next_back().unwrap_or(' ');
        !(before.is_alphanumeric() || before == '_' || s[..i].ends_with("fn "))
    })
}

/// Every error code with the parameters of each of its uses.
fn error_codes() -> BTreeMap<String, Vec<BTreeSet<String>>> {
    // (call, index of the code argument); a code at index 1 follows the field name.
    const CODE_CALLS: [(&str, usize); 4] = [
        ("DomainError::new(", 0),
        ("DomainError::field(", 1),
        ("refuse(", 0),
        ("money_field(", 1),
    ];
    let mut found: BTreeMap<String, Vec<BTreeSet<String>>> = BTreeMap::new();
    for (_, s) in sources() {
        for (call, pos) in CODE_CALLS {
            for start in calls(&s, call) {
                let (a, mut end) = args(&s, start + call.len());
                let Some(code) = a.get(pos).and_then(|c| literal(c)) else {
                    continue;
                };
                let mut params = BTreeSet::new();
                if pos == 1 {
                    params.insert("field".to_string());
                }
                loop {
                    let rest = &s[end..];
                    let trimmed = rest.trim_start();
                    if !trimmed.starts_with(".with(") {
                        break;
                    }
                    let at = end + (rest.len() - trimmed.len()) + ".with(".len();
                    let (w, next) = args(&s, at);
                    if let Some(name) = w.first().and_then(|n| literal(n)) {
                        params.insert(name.to_string());
                    }
                    end = next;
                }
                found.entry(code.to_string()).or_default().push(params);
            }
        }
    }
    found
}

/// Field names the sources give errors.
fn field_names() -> BTreeSet<String> {
    const FIELD_CALLS: [&str; 4] = [
        "DomainError::field(",
        "money_field(",
        "required_text(",
        "optional_text(",
    ];
    let mut out = BTreeSet::new();
    for (_, s) in sources() {
        for call in FIELD_CALLS {
            for start in calls(&s, call) {
                let (a, _) = args(&s, start + call.len());
                if let Some(f) = a.first().and_then(|f| literal(f)) {
                    out.insert(f.to_string());
                }
            }
        }
        for dotted in dotted_literals(&s) {
            let prefix = dotted.split('.').next().unwrap_or("");
            if ![
                "conciliation",
                "settlement",
                "competence",
                "rules",
                "field",
                "curp",
                "rfc",
            ]
            .contains(&prefix)
            {
                out.insert(dotted);
            }
        }
    }
    out
}

/// Literals like `"a.b"` or `"a.b.c"` (lower case and `_` only).
fn dotted_literals(s: &str) -> Vec<String> {
    s.split('"')
        .skip(1)
        .step_by(2)
        .filter(|l| {
            l.contains('.')
                && !l.starts_with('.')
                && !l.ends_with('.')
                && !l.contains("..")
                && l.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        })
        .map(str::to_string)
        .collect()
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(a, _)| a.to_string()))
        .collect()
}

/// The keys this module's locale files define.
fn ours() -> BTreeSet<String> {
    let es: BTreeMap<String, String> =
        serde_json::from_str(include_str!("../../locales/conciliation.es.json")).unwrap();
    es.into_keys().collect()
}

fn i18n() -> I18n {
    I18n::embedded().unwrap()
}

fn assert_translated(i: &I18n, key: &str, what: &str) {
    assert!(
        i.has(key) && i.keys(Lang::En).iter().any(|k| *k == key),
        "{what}: no translation for {key} in locales/conciliation.{{es,en}}.json"
    );
}

#[test]
fn the_sources_are_read() {
    let codes = error_codes();
    // A parser that silently stopped finding calls would pass everything below.
    assert!(codes.len() >= 50, "only {} codes: {codes:?}", codes.len());
    assert!(codes.contains_key("settlement.end_before_start"));
    assert!(codes.contains_key("conciliation.penalty_too_low"));
    let uses = &codes["conciliation.penalty_too_low"];
    assert_eq!(
        uses[0],
        ["article", "field", "minimum"].iter().map(|s| s.to_string()).collect()
    );
    assert!(field_names().contains("requester.curp"));
}

#[test]
fn every_error_code_is_translated_with_only_the_parameters_it_has() {
    let i = i18n();
    for (code, uses) in error_codes() {
        assert_translated(&i, &code, "error code");
        // Placeholders a message may use: those every use of the code provides.
        let mut common = uses[0].clone();
        for u in &uses[1..] {
            common = common.intersection(u).cloned().collect();
        }
        // Texts of other modules' files (e.g. `rules.invalid`) are theirs to word.
        if !ours().contains(&code) {
            continue;
        }
        for lang in [Lang::Es, Lang::En] {
            let text = i.text(lang, &code, &[]);
            let extra: Vec<_> = placeholders(&text).difference(&common).cloned().collect();
            assert!(
                extra.is_empty(),
                "{code} ({lang:?}) uses {extra:?}, which some use of it does not provide (it provides {common:?})"
            );
        }
    }
    // Codes that reach these modules' callers from the helpers they call.
    for code in [
        "field.required",
        "field.too_long",
        "curp.invalid",
        "rfc.invalid",
        "rules.not_in_force",
        "rules.invalid",
        "rules.unknown",
    ] {
        assert_translated(&i, code, "error code from a helper");
    }
}

#[test]
fn every_domain_code_in_the_sources_has_a_text() {
    let i = i18n();
    let mut n = 0;
    for (file, s) in sources() {
        for code in dotted_literals(&s) {
            let prefix = code.split('.').next().unwrap_or("");
            if ["conciliation", "settlement", "competence"].contains(&prefix) {
                assert_translated(&i, &code, &file);
                n += 1;
            }
        }
    }
    assert!(n >= 100, "{n}");
}

#[test]
fn every_field_name_has_a_text() {
    let i = i18n();
    let names = field_names();
    assert!(names.len() >= 40, "{names:?}");
    for f in names {
        assert_translated(&i, &format!("field.name.{f}"), "field name");
    }
    // And the calculator's own fields.
    for f in super::calculator::CalculatorForm::FIELD_NAMES {
        assert_translated(&i, &format!("field.name.{f}"), "calculator field");
        assert_translated(&i, &format!("conc.calc.{f}"), "calculator label");
    }
}

/// All the values of an enum of unit variants; adding a variant breaks the build here until it
/// is listed.
macro_rules! all {
    ($t:ident: $($v:ident),+ $(,)?) => {{
        let v = vec![$($t::$v),+];
        for x in &v {
            match x {
                $($t::$v)|+ => {}
            }
        }
        v
    }};
}

fn check_labels<T: serde::Serialize>(i: &I18n, prefix: &str, values: &[T]) {
    assert!(!values.is_empty());
    for v in values {
        let code = code_of(v);
        assert!(!code.is_empty(), "{prefix}: a value without a code");
        assert_translated(i, &format!("{prefix}.{code}"), "enum label");
    }
}

/// The names a `match` in `file` gives to the variants of `ty` (`Command::File { .. } => "file"`).
fn names_in_source(file: &str, ty: &str) -> Vec<String> {
    let text = std::fs::read_to_string(core_src().join(file)).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let (true, Some((_, right))) = (t.starts_with(&format!("{ty}::")), t.split_once("=> \"")) {
            if let Some(name) = right.split('"').next() {
                if !name.contains('.') {
                    out.push(name.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn every_value_of_the_domain_has_a_label() {
    let i = i18n();
    check_labels(&i, "conc.object", &Object::ALL);
    check_labels(&i, "conc.status", &Status::ALL);
    check_labels(&i, "conc.exempt", &ExemptMatter::ALL);
    check_labels(&i, "conc.channel", &all!(Channel: Online, Counter, Joint));
    check_labels(&i, "conc.track", &all!(Track: Ordinary, Joint, FastTrack));
    check_labels(&i, "conc.party_role", &all!(PartyRole: Worker, Employer, Union));
    check_labels(&i, "conc.person_kind", &all!(PersonKind: Individual, LegalEntity));
    check_labels(&i, "conc.absent", &all!(AbsentSide: Requester, Summoned, Both));
    check_labels(
        &i,
        "conc.purpose",
        &all!(HearingPurpose: First, JointRequest, JustifiedAbsence, FastTrackReset),
    );
    check_labels(
        &i,
        "conc.notice",
        &all!(NoticeMethod: Personal, ByRequester, AtFiling, AtHearing, Bulletin),
    );
    check_labels(&i, "conc.service", &all!(ServiceResult: Served, Refused, NotFound));
    check_labels(
        &i,
        "conc.summons_status",
        &all!(SummonsStatus: Pending, Served, Refused, NotFound),
    );
    let kinds = all!(ConstanciaKind: NoAgreement, SummonedAbsent, ServiceFailed);
    check_labels(&i, "conc.constancia", &kinds);
    check_labels(&i, "conc.doc.constancia", &kinds);
    check_labels(
        &i,
        "conc.hearing_result",
        &all!(HearingResult: Settlement, NoAgreement, JointNewHearing, RequesterAbsent, SummonedAbsent, FastTrackReset, JustifiedAbsence),
    );
    let needs = vec![
        PriorityNeed::Interpreter {
            language: "maya".into(),
        },
        PriorityNeed::Disability,
        PriorityNeed::Pregnancy,
        PriorityNeed::OlderAdult,
        PriorityNeed::Minor,
        PriorityNeed::Other {
            description: "x".into(),
        },
    ];
    for n in &needs {
        match n {
            PriorityNeed::Interpreter { .. }
            | PriorityNeed::Disability
            | PriorityNeed::Pregnancy
            | PriorityNeed::OlderAdult
            | PriorityNeed::Minor
            | PriorityNeed::Other { .. } => {}
        }
    }
    check_labels(&i, "conc.priority", &needs);
    let venues = vec![Venue::Room { name: "1".into() }, Venue::Remote { link: String::new() }];
    for v in &venues {
        match v {
            Venue::Room { .. } | Venue::Remote { .. } => {}
        }
    }
    check_labels(&i, "conc.venue", &venues);
    check_labels(
        &i,
        "conc.termination",
        &all!(Termination: UnjustifiedDismissal, RescissionByWorker, Resignation, JustifiedDismissal),
    );
    check_labels(&i, "conc.zone", &all!(WageZone: General, NorthernBorder));
    // Concepts: their code is the key, and each has its formula.
    for c in all!(Concept: OutstandingWages, Aguinaldo, Vacation, VacationPremium, SeniorityPremium, ConstitutionalSeverance, TwentyDaysPerYear)
    {
        assert_translated(&i, c.code(), "concept");
        assert_translated(&i, &format!("settlement.formula.{}", code_of(&c)), "formula");
    }
    // The terms of the clock are rules: each is labelled.
    for t in Term::ALL {
        assert_translated(&i, t.rule_id(), "term");
    }
    // The 22 branches of LFT 527-I, by number.
    let branches = FederalBranches::official().unwrap();
    assert!(branches.all().len() >= 22);
    for b in branches.all() {
        assert_translated(&i, &format!("conc.branch.{}", b.number), "federal branch");
    }
    // Commands and hearing outcomes are named in the core's sources.
    let commands = names_in_source("conciliation/command.rs", "Command");
    assert!(commands.len() >= 12, "{commands:?}");
    for c in commands {
        assert_translated(&i, &format!("conc.command.{c}"), "command");
    }
    let outcomes = names_in_source("conciliation/command.rs", "HearingOutcome");
    assert!(outcomes.len() >= 6, "{outcomes:?}");
    for o in outcomes {
        assert_translated(&i, &format!("conc.outcome.{o}"), "hearing outcome");
    }
    // The documents' kinds on /verify.
    for kind in [
        super::documents::KIND_RECEIPT,
        super::documents::KIND_SUMMONS,
        super::documents::KIND_CONVENIO,
        super::documents::KIND_CONSTANCIA,
    ] {
        assert_translated(&i, &format!("pub.doc_kind.{kind}"), "document kind");
    }
}
