//! Street addresses: a street named as Mexican streets are, a number, and a real settlement and
//! postal code of the municipality.

use faro_core::catalog::{Catalogs, Municipality, PostalSettlement};
use rand::RngCore;

use crate::random::{between, chance, index, pick};

#[rustfmt::skip]
const STREET_KINDS: &[&str] = &[
    "Calle", "Calle", "Calle", "Av.", "Av.", "Privada", "Blvd.", "Callejón", "Calzada", "Andador",
];

#[rustfmt::skip]
const STREET_NAMES: &[&str] = &[
    "Juárez", "Hidalgo", "Morelos", "Insurgentes", "5 de Mayo", "16 de Septiembre", "Benito Juárez", "Miguel Hidalgo",
    "Francisco I. Madero", "Emiliano Zapata", "Vicente Guerrero", "Allende", "Aldama", "Independencia", "Reforma",
    "Revolución", "Constitución", "Álvaro Obregón", "Venustiano Carranza", "Lázaro Cárdenas", "Niños Héroes",
    "Guadalupe Victoria", "Nicolás Bravo", "Matamoros", "Galeana", "Zaragoza", "Juan Escutia",
    "Sor Juana Inés de la Cruz", "Josefa Ortiz de Domínguez", "Leona Vicario", "Las Flores", "Los Pinos",
    "Pino Suárez", "Cuauhtémoc", "20 de Noviembre", "Libertad", "Progreso", "Ocampo", "Abasolo", "Iturbide",
    "Guerrero", "Primero de Mayo", "del Trabajo", "Camino Real", "Francisco Villa", "Belisario Domínguez",
    "Ignacio Zaragoza", "Mariano Escobedo", "Adolfo López Mateos", "Fresno", "Jacarandas", "Olivos", "Cedros",
    "Sauces", "Naranjos", "Framboyanes", "Bugambilias", "Tulipanes", "Girasoles", "Orquídeas", "Mercurio", "Júpiter",
    "Venus", "Río Bravo", "Río Lerma", "Río Balsas", "Nezahualcóyotl", "Moctezuma", "Xicoténcatl", "Tláloc",
    "Quetzalcóatl", "Central", "Universidad", "Tecnológico", "de las Torres", "del Maestro", "Periférico",
    "Circunvalación",
];

/// A street, with its kind: "Av. Juárez", "Calle 5 de Mayo".
pub(crate) fn street(rng: &mut impl RngCore, industrial: bool) -> String {
    if industrial && chance(rng, 0.3) {
        return format!(
            "Carretera Federal {} km {}",
            between(rng, 15, 200),
            between(rng, 1, 120)
        );
    }
    if chance(rng, 0.08) {
        return format!("Calle {}", between(rng, 1, 60));
    }
    format!(
        "{} {}",
        pick(rng, STREET_KINDS, "Calle"),
        pick(rng, STREET_NAMES, "Juárez")
    )
}

/// An exterior number: mostly small, sometimes with a letter, a few without number ("S/N").
pub(crate) fn exterior_number(rng: &mut impl RngCore) -> String {
    if chance(rng, 0.05) {
        return "S/N".to_string();
    }
    let n = if chance(rng, 0.7) {
        between(rng, 1, 400)
    } else {
        between(rng, 401, 4_500)
    };
    if chance(rng, 0.08) {
        let letter = pick(rng, &["A", "B", "C"], "A");
        format!("{n}-{letter}")
    } else {
        n.to_string()
    }
}

/// Settlement types whose name is also the locality's (rural places).
#[rustfmt::skip]
const RURAL: &[&str] = &[
    "Ranchería", "Ejido", "Rancho", "Pueblo", "Poblado comunal", "Congregación", "Hacienda", "Granja", "Paraje",
    "Finca", "Campamento", "Exhacienda",
];

/// Settlement types preferred for industrial workplaces.
const INDUSTRIAL_TYPES: &[&str] = &["Zona industrial", "Parque industrial"];

/// Where a workplace is: settlement, postal code and locality.
pub(crate) struct Place {
    pub(crate) settlement: String,
    pub(crate) postal_code: String,
    pub(crate) locality: String,
}

/// A real settlement of the municipality; industrial workplaces look for an industrial zone among
/// a few candidates. Without postal data (municipalities created after 2018) the place is just
/// the municipality.
pub(crate) fn place(rng: &mut impl RngCore, cat: &Catalogs, m: &Municipality, industrial: bool) -> Place {
    let settlements = cat.settlements_of(&m.cvegeo);
    if settlements.is_empty() {
        return Place {
            settlement: String::new(),
            postal_code: String::new(),
            locality: m.name.clone(),
        };
    }
    let mut chosen: Option<&PostalSettlement> = None;
    let tries = if industrial { 6 } else { 1 };
    for _ in 0..tries {
        let s = settlements.get(index(rng, settlements.len()));
        if chosen.is_none() {
            chosen = s;
        }
        if s.is_some_and(|s| INDUSTRIAL_TYPES.contains(&s.settlement_type.as_str())) {
            chosen = s;
            break;
        }
    }
    let Some(s) = chosen else {
        return Place {
            settlement: String::new(),
            postal_code: String::new(),
            locality: m.name.clone(),
        };
    };
    let locality = if !s.city.is_empty() {
        s.city.clone()
    } else if RURAL.contains(&s.settlement_type.as_str()) {
        s.settlement.clone()
    } else {
        m.name.clone()
    };
    Place {
        settlement: s.settlement.clone(),
        postal_code: s.postal_code.clone(),
        locality,
    }
}
