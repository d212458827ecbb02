//! The words conciliation shows for codes: enum labels (`conc.object.dismissal`), the centre's
//! name, error messages with their parameters made readable (amounts in pesos, field names,
//! identifier reasons, command and status names), and the masking of personal identifiers.
//!
//! Every function here is pure: it reads the translations and catalogs it is given.

use faro_core::catalog::{Catalogs, Money};
use faro_core::{DomainError, Jurisdiction};
use serde::Serialize;

use crate::i18n::{I18n, Lang};

/// Parameters of conciliation errors that carry an amount in centavos.
const MONEY_PARAMS: [&str; 4] = ["minimum", "outstanding", "total", "installments"];

/// The stable code of an enum value: its serde name (`"unjustified_dismissal"`), or for an
/// internally tagged enum the tag (`PriorityNeed::Interpreter {..}` is `"interpreter"`).
pub fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(map)) => ["need", "type", "outcome", "ground", "level", "kind"]
            .iter()
            .find_map(|tag| map.get(*tag).and_then(|v| v.as_str()).map(str::to_string))
            .unwrap_or_default(),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The translation of `key`, placeholders filled.
pub fn text(i18n: &I18n, lang: Lang, key: &str, params: &[(&str, String)]) -> String {
    i18n.text(lang, key, params)
}

/// The label of `value` under `prefix`: the key `prefix.code`, or the code itself when there is
/// no translation (a gap shows rather than hides).
pub fn label<T: Serialize>(i18n: &I18n, lang: Lang, prefix: &str, value: &T) -> String {
    label_of_code(i18n, lang, prefix, &code_of(value))
}

/// The label of the code `code` under `prefix`, or the code itself.
pub fn label_of_code(i18n: &I18n, lang: Lang, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    if i18n.has(&key) {
        i18n.text(lang, &key, &[])
    } else {
        code.to_string()
    }
}

/// The conciliation centre of a jurisdiction: the CFCRL, or the state's centre.
pub fn center_name(i18n: &I18n, catalogs: &Catalogs, lang: Lang, center: Jurisdiction) -> String {
    match center {
        Jurisdiction::Federal => i18n.text(lang, "conc.doc.authority.federal", &[]),
        Jurisdiction::State(s) => {
            let state = catalogs
                .state(s)
                .map(|st| st.name.clone())
                .unwrap_or_else(|| s.as_str());
            i18n.text(lang, "conc.doc.authority.state", &[("state", state)])
        }
    }
}

/// The parameters of an error as a message shows them: field names translated
/// (`field.name.*`), amounts in centavos as pesos, identifier reasons, command and status names.
pub fn readable_params(i18n: &I18n, lang: Lang, params: &[(&'static str, String)]) -> Vec<(&'static str, String)> {
    params
        .iter()
        .map(|(name, value)| {
            let translated = |key: String| i18n.has(&key).then(|| i18n.text(lang, &key, &[]));
            let shown = match *name {
                "field" => translated(format!("field.name.{value}")),
                "reason" => translated(format!("conc.id_reason.{value}")),
                "command" => translated(format!("conc.command.{value}")),
                "status" => translated(format!("conc.status.{value}")),
                n if MONEY_PARAMS.contains(&n) => {
                    value.parse::<i64>().ok().map(|c| Money::from_centavos(c).to_string())
                }
                _ => None,
            };
            (*name, shown.unwrap_or_else(|| value.clone()))
        })
        .collect()
}

/// The message of an error of conciliation (or of the settlement calculator) in `lang`.
pub fn error_text(i18n: &I18n, lang: Lang, error: &DomainError) -> String {
    i18n.text(lang, error.code, &readable_params(i18n, lang, &error.params))
}

/// An identifier with all but its last four characters hidden: `BOXW310820HNERXN09` is
/// `**************XN09`. Four characters or fewer are hidden entirely.
pub fn mask_identifier(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let keep = chars.len() - 4;
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { '*' } else { *c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::conciliation::{Object, PriorityNeed};
    use faro_core::settlement::Termination;

    fn i18n() -> I18n {
        I18n::embedded().unwrap()
    }

    #[test]
    fn codes_and_labels_of_enums() {
        assert_eq!(code_of(&Termination::UnjustifiedDismissal), "unjustified_dismissal");
        assert_eq!(
            code_of(&PriorityNeed::Interpreter {
                language: "náhuatl".into()
            }),
            "interpreter"
        );
        let i = i18n();
        assert_eq!(label(&i, Lang::Es, "conc.object", &Object::ChristmasBonus), "Aguinaldo");
        assert_eq!(label(&i, Lang::En, "conc.object", &Object::Overtime), "Overtime");
        // No translation: the code shows.
        assert_eq!(label_of_code(&i, Lang::Es, "conc.object", "nope"), "nope");
    }

    #[test]
    fn error_messages_show_pesos_field_names_and_reasons() {
        let i = i18n();
        let e = DomainError::field("penalty_per_day", "conciliation.penalty_too_low", "low")
            .with("minimum", "40000")
            .with("article", "LFT 684-E");
        assert_eq!(
            error_text(&i, Lang::Es, &e),
            "Si el pago es diferido, la pena convencional debe ser de al menos $400.00 por cada día de retraso (LFT 684-E)."
        );
        let e = DomainError::field("requester.curp", "curp.invalid", "bad").with("reason", "curp.check_digit");
        assert_eq!(
            error_text(&i, Lang::En, &e),
            "The CURP is not valid: the check digit does not match"
        );
        let e = DomainError::field("daily_wage", "settlement.wage_not_positive", "zero");
        assert_eq!(
            error_text(&i, Lang::Es, &e),
            "El campo salario diario debe ser mayor que cero."
        );
        let e = DomainError::new("conciliation.illegal_transition", "no")
            .with("command", "hold_hearing")
            .with("status", "archived");
        assert_eq!(
            error_text(&i, Lang::Es, &e),
            "No es posible registrar la audiencia en un expediente con estado «Archivada por falta de interés»."
        );
    }

    #[test]
    fn identifiers_keep_only_their_last_four_characters() {
        assert_eq!(mask_identifier("BOXW310820HNERXN09"), "**************XN09");
        assert_eq!(mask_identifier(" MAB9307148T4 "), "********48T4");
        assert_eq!(mask_identifier("ABCD"), "****");
        assert_eq!(mask_identifier(""), "");
    }

    #[test]
    fn centres_are_named_by_their_state() {
        let i = i18n();
        let catalogs = Catalogs::embedded().unwrap();
        let jal = Jurisdiction::State(faro_core::StateCode::new(14).unwrap());
        assert_eq!(
            center_name(&i, &catalogs, Lang::Es, jal),
            "Centro de Conciliación Laboral — Jalisco"
        );
        assert_eq!(
            center_name(&i, &catalogs, Lang::En, Jurisdiction::Federal),
            "Federal Center for Conciliation and Labor Registration"
        );
    }
}
