//! The conflicts exempt from pre-judicial conciliation (LFT 685 Ter, added DOF 01-05-2019). A
//! request about one of them skips conciliation: the case is closed without a hearing and the
//! matter, its article and the reason are recorded. The worker goes straight to the court.
//!
//! For the matters of fraction IV (freedom of association, trafficking and forced labour, child
//! labour) the article adds that there must be indicia giving the court a reasonable suspicion
//! that the right is being violated; the court judges that, not the centre, so Faro records the
//! claim and the centre's note.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// First day art. 685 Ter is in force (DOF 01-05-2019, in force the next day).
fn in_force_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 5, 2).unwrap_or(NaiveDate::MIN)
}

/// A matter of LFT 685 Ter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptMatter {
    /// I: discrimination in employment (pregnancy, sex, sexual orientation, race, religion, ethnic
    /// origin, social condition) or sexual harassment.
    Discrimination,
    /// II: designation of beneficiaries on a worker's death.
    BeneficiaryDesignation,
    /// III: social-security benefits (occupational risks, maternity, sickness, disability, life,
    /// childcare, benefits in kind, work accidents).
    SocialSecurity,
    /// IV a: freedom of association, trade-union freedom, effective recognition of collective
    /// bargaining.
    FreedomOfAssociation,
    /// IV b: labour trafficking, forced or compulsory labour.
    ForcedLabor,
    /// IV c: child labour.
    ChildLabor,
    /// V: disputes over who holds a collective agreement or a contrato-ley.
    CollectiveAgreementOwnership,
    /// VI: challenges to union statutes or their amendment.
    UnionStatutes,
}

impl ExemptMatter {
    pub const ALL: [ExemptMatter; 8] = [
        ExemptMatter::Discrimination,
        ExemptMatter::BeneficiaryDesignation,
        ExemptMatter::SocialSecurity,
        ExemptMatter::FreedomOfAssociation,
        ExemptMatter::ForcedLabor,
        ExemptMatter::ChildLabor,
        ExemptMatter::CollectiveAgreementOwnership,
        ExemptMatter::UnionStatutes,
    ];

    /// Stable code (translation key suffix, API value).
    pub fn code(self) -> &'static str {
        match self {
            ExemptMatter::Discrimination => "discrimination",
            ExemptMatter::BeneficiaryDesignation => "beneficiary_designation",
            ExemptMatter::SocialSecurity => "social_security",
            ExemptMatter::FreedomOfAssociation => "freedom_of_association",
            ExemptMatter::ForcedLabor => "forced_labor",
            ExemptMatter::ChildLabor => "child_labor",
            ExemptMatter::CollectiveAgreementOwnership => "collective_agreement_ownership",
            ExemptMatter::UnionStatutes => "union_statutes",
        }
    }

    pub fn parse(s: &str) -> Result<ExemptMatter, DomainError> {
        ExemptMatter::ALL
            .into_iter()
            .find(|m| m.code() == s.trim())
            .ok_or_else(|| {
                DomainError::field(
                    "exemption",
                    "conciliation.exemption_unknown",
                    format!("'{s}' is not a matter of LFT 685 Ter"),
                )
                .with("value", s.trim())
            })
    }

    /// The article and fraction.
    pub fn article(self) -> &'static str {
        match self {
            ExemptMatter::Discrimination => "LFT 685 Ter-I",
            ExemptMatter::BeneficiaryDesignation => "LFT 685 Ter-II",
            ExemptMatter::SocialSecurity => "LFT 685 Ter-III",
            ExemptMatter::FreedomOfAssociation => "LFT 685 Ter-IV-a",
            ExemptMatter::ForcedLabor => "LFT 685 Ter-IV-b",
            ExemptMatter::ChildLabor => "LFT 685 Ter-IV-c",
            ExemptMatter::CollectiveAgreementOwnership => "LFT 685 Ter-V",
            ExemptMatter::UnionStatutes => "LFT 685 Ter-VI",
        }
    }

    /// The text of the fraction as published (LFT.md, reform DOF 01-05-2019). Law text, quoted;
    /// not a translated label.
    pub fn text_es(self) -> &'static str {
        match self {
            ExemptMatter::Discrimination => {
                "Discriminación en el empleo y ocupación por embarazo, así como por razones de sexo, orientación \
                 sexual, raza, religión, origen étnico, condición social o acoso u hostigamiento sexual"
            }
            ExemptMatter::BeneficiaryDesignation => "Designación de beneficiarios por muerte",
            ExemptMatter::SocialSecurity => {
                "Prestaciones de seguridad social por riesgos de trabajo, maternidad, enfermedades, invalidez, vida, \
                 guarderías y prestaciones en especie y accidentes de trabajo"
            }
            ExemptMatter::FreedomOfAssociation => {
                "La libertad de asociación, libertad sindical y el reconocimiento efectivo de la negociación colectiva"
            }
            ExemptMatter::ForcedLabor => "Trata laboral, así como trabajo forzoso y obligatorio",
            ExemptMatter::ChildLabor => "Trabajo infantil",
            ExemptMatter::CollectiveAgreementOwnership => {
                "La disputa de la titularidad de contratos colectivos o contratos ley"
            }
            ExemptMatter::UnionStatutes => "La impugnación de los estatutos de los sindicatos o su modificación",
        }
    }

    /// Fraction IV: the exemption needs indicia that give the court a reasonable suspicion that
    /// the right is being violated.
    pub fn needs_indicia(self) -> bool {
        matches!(
            self,
            ExemptMatter::FreedomOfAssociation | ExemptMatter::ForcedLabor | ExemptMatter::ChildLabor
        )
    }

    /// Whether the exemption exists on `on` (art. 685 Ter is in force from 02-05-2019).
    pub fn in_force_on(self, on: NaiveDate) -> bool {
        on >= in_force_from()
    }
}

/// An exemption found in a request: the matter, its article and why the centre applied it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub matter: ExemptMatter,
    pub article: String,
    /// The centre's note (what the requester said, the indicia offered).
    pub reason: String,
    /// Fraction IV: the court will require indicia of the violation.
    pub needs_indicia: bool,
}

/// The exemption for `matter` on `on`, with the centre's `reason`; an error if 685 Ter was not
/// yet in force.
pub fn exemption(matter: ExemptMatter, reason: &str, on: NaiveDate) -> Result<Exemption, DomainError> {
    if !matter.in_force_on(on) {
        return Err(DomainError::field(
            "exemption",
            "conciliation.exemption_not_in_force",
            format!("LFT 685 Ter is not in force on {on}"),
        )
        .with("date", on.to_string()));
    }
    Ok(Exemption {
        matter,
        article: matter.article().to_string(),
        reason: reason.trim().to_string(),
        needs_indicia: matter.needs_indicia(),
    })
}
