//! The free texts of the demo's conciliation cases, as a centre's staff would write them.

use faro_core::conciliation::{ExemptMatter, Object};
use faro_core::settlement::Concept;
use rand::RngCore;

use crate::random::pick;

/// What "other" means in a worker's request.
pub(crate) fn other_object(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "Reconocimiento de antigüedad",
            "Entrega de constancia de percepciones y retenciones",
            "Pago de fondo de ahorro",
            "Reintegro de descuentos no autorizados",
            "Entrega de documentos personales retenidos",
        ],
        "Reconocimiento de antigüedad",
    )
}

/// What an employer's request is about.
pub(crate) fn employer_object(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "Terminación voluntaria de la relación de trabajo y pago de finiquito",
            "Pago de finiquito por renuncia del trabajador",
            "Terminación de la relación de trabajo por mutuo consentimiento",
            "Regularización de la relación de trabajo y pago de prestaciones",
        ],
        "Terminación voluntaria de la relación de trabajo y pago de finiquito",
    )
}

/// Why a requester claims a matter of 685 Ter.
pub(crate) fn exemption_reason(matter: ExemptMatter) -> &'static str {
    match matter {
        ExemptMatter::Discrimination => {
            "La solicitante refiere hostigamiento sexual por parte de su superior jerárquico y despido posterior a la queja"
        }
        ExemptMatter::BeneficiaryDesignation => "Designación de beneficiarios por fallecimiento del trabajador",
        ExemptMatter::SocialSecurity => "Reclamo de prestaciones de seguridad social derivadas de un riesgo de trabajo",
        ExemptMatter::FreedomOfAssociation => "Refiere represalias por afiliación sindical",
        ExemptMatter::ForcedLabor => "Refiere retención de documentos y trabajo bajo amenaza",
        ExemptMatter::ChildLabor => "Se trata de una persona menor de quince años",
        ExemptMatter::CollectiveAgreementOwnership => "Disputa por la titularidad del contrato colectivo",
        ExemptMatter::UnionStatutes => "Impugnación de estatutos sindicales",
    }
}

/// Why the centre declares a request exempt before the hearing.
pub(crate) const DECLARED_EXEMPT: &str =
    "De la entrevista con la parte solicitante se desprende un asunto exceptuado de la conciliación prejudicial";

/// Why a centre that is not competent forwards a request (684-E V).
pub(crate) fn forward_reason(to_federal: bool) -> &'static str {
    if to_federal {
        "La actividad de la empresa corresponde a una rama industrial de competencia federal (LFT 527)"
    } else {
        "La actividad de la empresa no corresponde a la competencia federal; se remite al centro local (LFT 529)"
    }
}

/// Why the centre moves a hearing.
pub(crate) fn reschedule_reason(rng: &mut impl RngCore, failed_service: bool) -> &'static str {
    if failed_service {
        return pick(
            rng,
            &[
                "No fue posible notificar el citatorio con la anticipación debida",
                "El notificador no localizó el domicilio de la parte citada; se fija nueva fecha",
            ],
            "No fue posible notificar el citatorio con la anticipación debida",
        );
    }
    pick(
        rng,
        &[
            "Cargas de trabajo de la persona conciliadora",
            "Suspensión de labores en la sede por causa de fuerza mayor",
            "Reasignación de la sala de audiencias",
        ],
        "Cargas de trabajo de la persona conciliadora",
    )
}

/// The notifier's note on a service.
pub(crate) fn service_note(rng: &mut impl RngCore, delivered: bool, refused: bool) -> &'static str {
    if refused {
        return "La persona que atendió se negó a recibir el citatorio; se fijó en lugar visible";
    }
    if delivered {
        return pick(
            rng,
            &[
                "Se entregó el citatorio al representante legal",
                "Se entregó el citatorio a la persona encargada del centro de trabajo",
                "Se entregó el citatorio personalmente",
            ],
            "Se entregó el citatorio personalmente",
        );
    }
    pick(
        rng,
        &[
            "No se localizó el domicilio señalado",
            "El domicilio se encontró cerrado en horario hábil",
            "Vecinos informan que la empresa ya no opera en el domicilio",
        ],
        "No se localizó el domicilio señalado",
    )
}

pub(crate) const FAILED_SERVICE: &str =
    "No fue posible notificar a la parte citada pese a los intentos realizados (LFT 684-E XI)";

/// A cause of absence the conciliator accepts.
pub(crate) fn absence_reason(rng: &mut impl RngCore) -> &'static str {
    pick(
        rng,
        &[
            "Incapacidad médica expedida por el IMSS",
            "Hospitalización de un familiar directo",
            "Caso fortuito acreditado documentalmente",
            "Comparecencia ante otra autoridad a la misma hora",
        ],
        "Incapacidad médica expedida por el IMSS",
    )
}

pub(crate) const NON_COMPLIANCE: &str = "La parte patronal no cubrió los pagos en las fechas pactadas en el convenio";
pub(crate) const PENALTY_UNPAID: &str = "La parte patronal no cubrió la pena convencional por el retraso en los pagos";

/// A convenio item's description and the object it pays.
pub(crate) fn item(concept: Concept) -> (Object, &'static str) {
    match concept {
        Concept::OutstandingWages => (Object::UnpaidWages, "Salarios devengados"),
        Concept::Aguinaldo => (Object::ChristmasBonus, "Aguinaldo proporcional"),
        Concept::Vacation => (Object::Vacation, "Vacaciones proporcionales"),
        Concept::VacationPremium => (Object::Vacation, "Prima vacacional"),
        Concept::SeniorityPremium => (Object::SeniorityPremium, "Prima de antigüedad"),
        Concept::ConstitutionalSeverance => (Object::Dismissal, "Indemnización constitucional (tres meses)"),
        Concept::TwentyDaysPerYear => (Object::Dismissal, "Veinte días de salario por año de servicios"),
    }
}

pub(crate) const GRATUITY: &str = "Gratificación por terminación de la relación de trabajo";

/// An indigenous language for an interpreter, by state.
pub(crate) fn language(rng: &mut impl RngCore, state: u8) -> &'static str {
    match state {
        7 => pick(rng, &["Tseltal", "Tsotsil", "Ch'ol"], "Tseltal"),
        20 => pick(rng, &["Zapoteco", "Mixteco", "Mazateco"], "Zapoteco"),
        31 | 23 | 4 => "Maya",
        12 => pick(rng, &["Náhuatl", "Mixteco", "Tlapaneco"], "Náhuatl"),
        30 | 21 | 13 | 24 => pick(rng, &["Náhuatl", "Totonaco", "Otomí"], "Náhuatl"),
        8 => "Rarámuri",
        _ => pick(rng, &["Náhuatl", "Otomí", "Mazahua"], "Náhuatl"),
    }
}
