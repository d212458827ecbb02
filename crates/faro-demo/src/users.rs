//! The demo's staff accounts: one per role, plus an inspector of a state.

use faro_core::{Jurisdiction, Role, StateCode};
use serde::{Deserialize, Serialize};

/// The password of every demo account. Demo data only: never use it for a real deployment.
pub const DEMO_PASSWORD: &str = "faro-demo-2026";

/// A staff account for the demo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction: Jurisdiction,
    /// In clear: the caller hashes it before storing.
    pub password: String,
}

fn user(username: &str, display_name: &str, role: Role, jurisdiction: Jurisdiction) -> DemoUser {
    DemoUser {
        username: username.to_string(),
        display_name: display_name.to_string(),
        role,
        jurisdiction,
        password: DEMO_PASSWORD.to_string(),
    }
}

/// One federal user per role (`Role::ALL` order), then a state inspector for Jalisco (14).
pub fn demo_users() -> Vec<DemoUser> {
    let mut users: Vec<DemoUser> = Role::ALL
        .iter()
        .map(|&role| {
            let (username, name) = match role {
                Role::Administrator => ("admin", "Ana Lucía Ramírez Ortega"),
                Role::Inspector => ("inspector", "Jorge Luis Méndez Salazar"),
                Role::InspectionSupervisor => ("supervisor", "Patricia Guzmán Herrera"),
                Role::SanctionsOfficer => ("sanciones", "Ricardo Fuentes Navarro"),
                Role::Conciliator => ("conciliador", "María Fernanda Ochoa Ruiz"),
                Role::Registrar => ("registrador", "Héctor Villanueva Cruz"),
                Role::Analyst => ("analista", "Daniela Ibarra Campos"),
            };
            user(username, name, role, Jurisdiction::Federal)
        })
        .collect();
    if let Ok(jalisco) = StateCode::new(14) {
        users.push(user(
            "inspector.jal",
            "Luis Enrique Padilla Torres",
            Role::Inspector,
            Jurisdiction::State(jalisco),
        ));
    }
    users
}
