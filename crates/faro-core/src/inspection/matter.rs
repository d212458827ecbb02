//! The matters an inspection can cover, each with its own digital protocol (checklist).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::DomainError;

/// A matter of labor inspection. An inspection covers one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matter {
    /// Hours, rest, vacation, wages, profit sharing, social security (condiciones generales de trabajo).
    GeneralConditions,
    /// Safety and health at work (seguridad y salud en el trabajo).
    SafetyHealth,
    /// Training and skills (capacitación y adiestramiento).
    Training,
    /// Child labor and the protection of working minors (LFT 22, 23, 173-180).
    ChildLabor,
    /// Forced labor, by the ILO's 11 indicators.
    ForcedLabor,
    /// Subcontracting and specialised services (LFT 12-15, REPSE).
    Subcontracting,
    /// Freedom of association and anti-union retaliation (LFT 133, 357).
    FreedomOfAssociation,
    /// Discrimination and sexual harassment (LFT 3, 133, 132-XXXI).
    DiscriminationHarassment,
}

impl Matter {
    pub const ALL: [Matter; 8] = [
        Matter::GeneralConditions,
        Matter::SafetyHealth,
        Matter::Training,
        Matter::ChildLabor,
        Matter::ForcedLabor,
        Matter::Subcontracting,
        Matter::FreedomOfAssociation,
        Matter::DiscriminationHarassment,
    ];

    /// The stable code used in URLs, files, the database and translation keys ("matter.<code>").
    pub fn code(self) -> &'static str {
        match self {
            Matter::GeneralConditions => "general_conditions",
            Matter::SafetyHealth => "safety_health",
            Matter::Training => "training",
            Matter::ChildLabor => "child_labor",
            Matter::ForcedLabor => "forced_labor",
            Matter::Subcontracting => "subcontracting",
            Matter::FreedomOfAssociation => "freedom_of_association",
            Matter::DiscriminationHarassment => "discrimination_harassment",
        }
    }

    /// Findings in these matters can open a referral to other authorities and are visible
    /// only to the roles the policy allows.
    pub fn is_protected(self) -> bool {
        matches!(self, Matter::ChildLabor | Matter::ForcedLabor)
    }
}

impl fmt::Display for Matter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Matter {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Matter::ALL.into_iter().find(|m| m.code() == t).ok_or_else(|| {
            DomainError::new("matter.unknown", format!("'{t}' is not a matter of inspection")).with("value", t)
        })
    }
}

/// The authority a finding is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralAuthority {
    /// The child protection authority (Procuraduría de Protección de Niñas, Niños y Adolescentes).
    ChildProtection,
    /// The public prosecutor (Ministerio Público / Fiscalía): forced labor, trafficking, under-15 work (LFT 995 Bis).
    Prosecutor,
}

impl ReferralAuthority {
    pub const ALL: [ReferralAuthority; 2] = [ReferralAuthority::ChildProtection, ReferralAuthority::Prosecutor];
    pub fn code(self) -> &'static str {
        match self {
            ReferralAuthority::ChildProtection => "child_protection",
            ReferralAuthority::Prosecutor => "prosecutor",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for m in Matter::ALL {
            assert_eq!(m.code().parse::<Matter>().unwrap(), m);
            assert_eq!(serde_json::to_value(m).unwrap(), serde_json::json!(m.code()));
        }
        assert_eq!("nope".parse::<Matter>().unwrap_err().code, "matter.unknown");
    }
}
