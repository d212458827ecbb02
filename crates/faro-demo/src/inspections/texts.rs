//! The words of the demo's cases, in Spanish as an inspectorate writes them: scopes, notes,
//! measures, reasons, authorities.

use faro_core::inspection::{Matter, ReferralAuthority};
use faro_core::protocol::MeasureKind;
use faro_core::Jurisdiction;
use rand::RngCore;

use crate::random::pick;

pub(crate) const LEGAL_BASIS_ORDINARY: &str =
    "CPEUM art. 123-A-XXXI; LFT arts. 540, 541, 542 y 550; RGITAS arts. 12, 13 y 17 (inspección ordinaria)";
pub(crate) const LEGAL_BASIS_EXTRAORDINARY: &str =
    "CPEUM art. 123-A-XXXI; LFT arts. 540, 541, 542 y 550; RGITAS arts. 12, 14 y 17 (inspección extraordinaria)";

fn matter_es(m: Matter) -> &'static str {
    match m {
        Matter::GeneralConditions => "condiciones generales de trabajo",
        Matter::SafetyHealth => "seguridad y salud en el trabajo",
        Matter::Training => "capacitación y adiestramiento",
        Matter::ChildLabor => "trabajo infantil y de personas adolescentes",
        Matter::ForcedLabor => "trabajo forzoso",
        Matter::Subcontracting => "subcontratación y servicios especializados",
        Matter::FreedomOfAssociation => "libertad sindical",
        Matter::DiscriminationHarassment => "igualdad, no discriminación y hostigamiento",
    }
}

/// The scope of the order: the matters, in words.
pub(crate) fn scope(matters: &[Matter]) -> String {
    let names: Vec<&str> = matters.iter().map(|m| matter_es(*m)).collect();
    format!(
        "Verificar en todo el centro de trabajo el cumplimiento de la normatividad laboral en materia de {}.",
        names.join(", ")
    )
}

/// A short note of what the inspector saw when an item fails.
pub(crate) fn failure_note(rng: &mut impl RngCore, matter: Matter) -> String {
    let notes: &[&str] = match matter {
        Matter::GeneralConditions => &[
            "No exhibió la documentación solicitada.",
            "Los recibos de nómina revisados no acreditan el cumplimiento.",
            "Personas trabajadoras entrevistadas manifestaron el incumplimiento.",
        ],
        Matter::SafetyHealth => &[
            "Se observó en el recorrido por las instalaciones.",
            "No exhibió los registros ni el programa correspondiente.",
            "La condición observada representa riesgo para el personal.",
        ],
        Matter::Training => &[
            "No exhibió planes ni constancias de capacitación.",
            "La comisión mixta no sesiona.",
        ],
        Matter::ChildLabor => &[
            "Se encontró a una persona menor de edad realizando labores.",
            "No se acreditaron los requisitos para el trabajo de adolescentes.",
        ],
        Matter::ForcedLabor => &["Personas trabajadoras entrevistadas describieron la situación en privado."],
        Matter::Subcontracting => &["No exhibió registro REPSE ni contrato de servicios especializados."],
        Matter::FreedomOfAssociation => &["Personas trabajadoras entrevistadas describieron la conducta."],
        Matter::DiscriminationHarassment => &["No exhibió el protocolo ni evidencia de su difusión."],
    };
    pick(rng, notes, "Se hizo constar en el acta.").to_string()
}

/// What a corrective measure orders.
pub(crate) fn measure(kind: MeasureKind, question_id: &str) -> String {
    match kind {
        MeasureKind::Safety => format!(
            "Corregir la condición de seguridad y salud señalada en el punto {question_id} del acta y exhibir evidencia documental y fotográfica."
        ),
        MeasureKind::General => format!(
            "Subsanar el incumplimiento señalado en el punto {question_id} del acta y exhibir la documentación que lo acredite."
        ),
    }
}

pub(crate) const EXTENSION_REASON: &str =
    "El patrón acreditó que la corrección requiere obra o compra de equipo con plazo de entrega mayor.";
pub(crate) const CLOSED_CLEAN: &str = "No se encontraron incumplimientos.";
pub(crate) const CLOSED_CORRECTED: &str = "El patrón acreditó el cumplimiento de todas las medidas ordenadas.";
pub(crate) const TO_SANCTION: &str = "Incumplimientos no subsanables o medidas no cumplidas.";
pub(crate) const VERIFIED: &str = "Se constató en la visita de comprobación.";
pub(crate) const NOT_VERIFIED: &str = "En la visita de comprobación persistía el incumplimiento.";

/// Why a planned inspection did not take place.
pub(crate) fn cancel_reason(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "El centro de trabajo no se localizó en el domicilio registrado.",
            "El centro de trabajo cerró sus operaciones.",
            "Se reprogramó dentro de otra inspección del mismo patrón.",
        ],
        "El centro de trabajo no se localizó en el domicilio registrado.",
    )
}

/// The interview summary of an anonymous worker.
pub(crate) fn interview(rng: &mut impl RngCore, matter: Matter) -> String {
    let lines: &[&str] = match matter {
        Matter::GeneralConditions => &[
            "Refiere jornada de lunes a sábado y pago semanal en efectivo.",
            "Refiere que no recibe recibo de nómina.",
        ],
        Matter::SafetyHealth => &[
            "Refiere que el equipo de protección se entrega sin costo.",
            "Refiere accidentes sin reporte.",
        ],
        Matter::ChildLabor => &["Refiere que acude a la escuela por la tarde."],
        Matter::ForcedLabor => &["Refiere que no puede salir del lugar al terminar la jornada."],
        Matter::DiscriminationHarassment => &["Refiere conductas de hostigamiento por parte de un supervisor."],
        _ => &["Refiere las condiciones en que presta sus servicios."],
    };
    pick(rng, lines, "Refiere las condiciones en que presta sus servicios.").to_string()
}

/// The authority a referral goes to, by name.
pub(crate) fn authority_name(authority: ReferralAuthority, jurisdiction: Jurisdiction, state: &str) -> String {
    match (authority, jurisdiction) {
        (ReferralAuthority::ChildProtection, _) => {
            format!("Procuraduría de Protección de Niñas, Niños y Adolescentes del Estado de {state}")
        }
        (ReferralAuthority::Prosecutor, Jurisdiction::Federal) => "Fiscalía General de la República".to_string(),
        (ReferralAuthority::Prosecutor, Jurisdiction::State(_)) => format!("Fiscalía General del Estado de {state}"),
    }
}

pub(crate) fn referral_measure(authority: ReferralAuthority) -> &'static str {
    match authority {
        ReferralAuthority::ChildProtection => {
            "Se ordenó el retiro inmediato de la persona menor de edad de la actividad y se dio aviso a su familia."
        }
        ReferralAuthority::Prosecutor => {
            "Se resguardó la identidad de las personas entrevistadas y se dio aviso inmediato."
        }
    }
}

pub(crate) fn follow_up(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "La autoridad informó que el asunto sigue en trámite.",
            "Se solicitó informe del estado del asunto.",
            "La autoridad informó las medidas de protección adoptadas.",
        ],
        "Se solicitó informe del estado del asunto.",
    )
}

pub(crate) fn referral_closing(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "La autoridad informó la conclusión de su intervención.",
            "Se recibió el informe final de la autoridad.",
        ],
        "Se recibió el informe final de la autoridad.",
    )
}

pub(crate) const RESPONSE: &str =
    "El patrón ofreció pruebas y alegatos; manifestó haber iniciado la corrección de las irregularidades.";

/// The written reasons of the amount chosen (LFT 992).
pub(crate) fn justification(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "Se individualiza conforme al art. 992 LFT atendiendo al carácter intencional, la gravedad, el daño y la capacidad económica acreditada.",
            "Monto sugerido por los criterios del art. 992 LFT; no se acreditaron atenuantes.",
            "Se consideraron la gravedad de la infracción, el número de personas afectadas y la capacidad económica del infractor.",
        ],
        "Monto sugerido por los criterios del art. 992 LFT; no se acreditaron atenuantes.",
    )
}

pub(crate) const APPEAL: &str = "El patrón interpuso recurso de revisión contra la resolución.";
pub(crate) const WRITE_OFF: &str =
    "Crédito fiscal incosteable o sin bienes embargables, según informe de la autoridad fiscal.";
