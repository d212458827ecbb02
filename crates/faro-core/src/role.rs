//! Staff roles. The public needs no account and has no role.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    Inspector,
    InspectionSupervisor,
    SanctionsOfficer,
    Conciliator,
    Registrar,
    Analyst,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Administrator,
        Role::Inspector,
        Role::InspectionSupervisor,
        Role::SanctionsOfficer,
        Role::Conciliator,
        Role::Registrar,
        Role::Analyst,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Inspector => "inspector",
            Role::InspectionSupervisor => "inspection_supervisor",
            Role::SanctionsOfficer => "sanctions_officer",
            Role::Conciliator => "conciliator",
            Role::Registrar => "registrar",
            Role::Analyst => "analyst",
        }
    }
}

impl FromStr for Role {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.into_iter().find(|r| r.code() == t).ok_or_else(|| {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
            DomainError::new(
                "role.invalid",
                format!("'{s}' is not a role; roles are: {}", known.join(", ")),
            )
            .with("value", s)
        })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>().unwrap(), r);
        }
        assert!("wizard".parse::<Role>().is_err());
    }
}
