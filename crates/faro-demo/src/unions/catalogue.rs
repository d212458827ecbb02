//! Who the registry's unions are: their names, kinds, branches, federations, founding dates and
//! sizes, drawn before any history so that an agreement anywhere in the nation can name its union
//! whatever page it is generated in.
//!
//! Sector unions (industrial, national industry, gremial, of various trades) form a catalogue the
//! size of the nation, each drawn from its own random stream; company unions are drawn with the
//! agreement of their workplace. Federation and confederation names are invented and generic:
//! none is a real organisation's.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use faro_core::catalog::Catalogs;
use faro_core::union::registration::UnionType;
use faro_core::StateCode;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::clock::{date_between, plus, ymd};
use super::model::{self, Branch};
use super::stream_seed;
use crate::random::{chance, pick, unit, Cumulative};

/// The day the 2019 reform took effect.
pub(crate) fn reform_day() -> NaiveDate {
    ymd(2019, 5, 2)
}

/// Invented federations and confederations a union may belong to (365 Bis-VII), with their
/// weights.
pub const FEDERATIONS: [(&str, f64); 12] = [
    ("Confederación Nacional de Trabajadores del Ramo", 24.0),
    ("Confederación Mexicana de Obreros y Empleados Unidos", 16.0),
    ("Central de Trabajadores de la Industria y los Servicios", 12.0),
    ("Confederación Sindical del Progreso Nacional", 10.0),
    ("Federación Nacional de Sindicatos Autónomos del Trabajo", 8.0),
    ("Unión General de Asalariados de la República", 7.0),
    ("Alianza Obrera y Popular Mexicana", 6.0),
    ("Confederación Regional de Obreros del Pacífico y el Bajío", 5.0),
    ("Federación de Sindicatos de Trabajadores del Golfo y Sureste", 4.0),
    ("Central Unitaria de Trabajadores del Norte", 4.0),
    ("Coalición Democrática de Sindicatos Independientes", 2.0),
    ("Frente Sindical de Trabajadores Libres", 2.0),
];

/// Mottos some unions carry in their name.
const MOTTOS: &[&str] = &[
    "Unidad y Progreso",
    "Justicia Social",
    "Vanguardia Obrera",
    "Libertad y Trabajo",
    "Renovación Sindical",
    "Solidaridad y Democracia",
    "Fuerza y Unidad",
    "Dignidad Obrera",
    "Progreso y Bienestar",
    "Lealtad y Trabajo",
    "Frente Común",
    "Primero de Mayo",
    "Nueva Generación",
    "Conciencia y Trabajo",
    "Tierra y Trabajo",
];

/// The federation of a union, if any: three in four before the reform, two in five of the
/// unions founded after it (the new independent unions).
pub(crate) fn federation(rng: &mut impl RngCore, after_reform: bool) -> Option<&'static str> {
    let p = if after_reform { 0.4 } else { 0.75 };
    if !chance(rng, p) {
        return None;
    }
    let c = Cumulative::new(FEDERATIONS.iter().map(|(_, w)| *w));
    c.draw(rng).and_then(|i| FEDERATIONS.get(i)).map(|(n, _)| *n)
}

/// How a union was registered before the Registral Authority took its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorRegistration {
    /// The STPS's registry of associations (federal) or a state's board (local).
    pub authority: String,
    pub number: String,
    pub registered_on: NaiveDate,
}

/// A union as drawn, before its history.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Profile {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) kind: UnionType,
    pub(crate) branch: Branch,
    pub(crate) state: StateCode,
    pub(crate) federation: Option<&'static str>,
    pub(crate) founded_on: NaiveDate,
    /// Registered (in the old registry or by the Registral Authority) by this day.
    pub(crate) available_from: NaiveDate,
    /// The number its registration has in the registry.
    pub(crate) registration_number: String,
    /// Before the reform: the registration in the old registry and the day the Registral
    /// Authority received the file.
    pub(crate) prior: Option<(PriorRegistration, NaiveDate)>,
    /// About how many members it has.
    pub(crate) members: u32,
    /// How likely it is to be chosen for an agreement.
    pub(crate) weight: f64,
    /// A filing the registrar refuses (new unions only); never chosen for an agreement.
    pub(crate) refused: bool,
    /// Dissolved before today (369-I); never chosen for an agreement.
    pub(crate) dissolves: bool,
    pub(crate) home_workplace_id: Option<i64>,
    pub(crate) employer_id: Option<i64>,
}

impl Profile {
    /// Whether an agreement may name it on `on`.
    pub(crate) fn usable_on(&self, on: NaiveDate) -> bool {
        !self.refused && !self.dissolves && self.available_from <= on
    }
}

/// The words for a state in a name: "del Estado de Jalisco", "de la Ciudad de México".
pub(crate) fn in_state(cat: &Catalogs, state: StateCode) -> String {
    match state.number() {
        9 => "de la Ciudad de México".to_string(),
        15 => "del Estado de México".to_string(),
        _ => {
            let name = cat
                .state(state)
                .map_or_else(|| state.as_str(), |s| s.short_name.clone());
            format!("del Estado de {name}")
        }
    }
}

/// A municipality of the state, likelier the more populous.
pub(crate) fn municipality_name(rng: &mut impl RngCore, cat: &Catalogs, state: StateCode) -> String {
    let ms = cat.municipalities_of(state);
    let c = Cumulative::new(ms.iter().map(|m| (m.population as f64).sqrt()));
    c.draw(rng)
        .and_then(|i| ms.get(i))
        .map_or_else(|| state.as_str(), |m| m.name.clone())
}

/// A normal draw (Box-Muller).
pub(crate) fn normal(rng: &mut impl RngCore) -> f64 {
    let u1 = unit(rng).max(1e-12);
    let u2 = unit(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A log-normal count with the given median and spread, clamped.
pub(crate) fn lognormal(rng: &mut impl RngCore, median: f64, sigma: f64, lo: u32, hi: u32) -> u32 {
    let x = median * (sigma * normal(rng)).exp();
    (x.round() as u32).clamp(lo, hi)
}

/// A founding day: most unions before the reform, spread over the decades since 1936.
pub(crate) fn founding_day(rng: &mut impl RngCore, new_share: f64, today: NaiveDate) -> NaiveDate {
    if chance(rng, new_share) {
        return date_between(rng, reform_day(), plus(today, -200).max(reform_day()));
    }
    const ERAS: [(i32, i32, f64); 6] = [
        (1936, 1959, 6.0),
        (1960, 1979, 16.0),
        (1980, 1994, 24.0),
        (1995, 2004, 24.0),
        (2005, 2012, 17.0),
        (2013, 2019, 13.0),
    ];
    let c = Cumulative::new(ERAS.iter().map(|e| e.2));
    let (from, until, _) = c.draw(rng).and_then(|i| ERAS.get(i)).copied().unwrap_or(ERAS[3]);
    let hi = if until == 2019 {
        ymd(2019, 4, 30)
    } else {
        ymd(until, 12, 31)
    };
    date_between(rng, ymd(from, 1, 1), hi)
}

/// Branches whose unions registered with the STPS (federal competence, LFT 527) rather than a
/// state's board.
fn federal_branch(b: Branch) -> bool {
    matches!(
        b,
        Branch::Mining
            | Branch::Utilities
            | Branch::Automotive
            | Branch::Chemical
            | Branch::Textile
            | Branch::Metal
            | Branch::Media
    )
}

/// The day the Registral Authority started receiving the files of a state's board: the three
/// stages of the reform (18 Nov 2020, 3 Nov 2021, 3 Oct 2022); the STPS's federal files from the
/// first.
fn transfer_stage(state: StateCode, federal: bool) -> NaiveDate {
    if federal {
        return ymd(2020, 11, 18);
    }
    match state.number() {
        4 | 7 | 10 | 15 | 24 | 27 | 32 => ymd(2020, 11, 18),
        1 | 2 | 6 | 11 | 13 | 17 | 20 | 21 | 22 | 23 | 29 | 30 => ymd(2021, 11, 3),
        _ => ymd(2022, 10, 3),
    }
}

/// The prior registration of a union founded before the reform, and the day its file reached
/// the Registral Authority.
pub(crate) fn prior_registration(
    rng: &mut impl RngCore,
    cat: &Catalogs,
    founded_on: NaiveDate,
    state: StateCode,
    federal: bool,
    serial: &str,
) -> (PriorRegistration, NaiveDate) {
    let registered_on = plus(founded_on, i64::from(crate::random::between(rng, 20, 150)));
    let registered_on = registered_on.min(ymd(2019, 5, 1));
    let (authority, number) = if federal {
        (
            "Secretaría del Trabajo y Previsión Social, Dirección General de Registro de Asociaciones".to_string(),
            format!("{serial}/{}", registered_on.year()),
        )
    } else {
        let abbrev = cat.state(state).map_or_else(|| state.as_str(), |s| s.abbrev.clone());
        (
            format!("Junta Local de Conciliación y Arbitraje {}", in_state(cat, state)),
            format!("JLCA-{abbrev}-{serial}/{}", registered_on.year()),
        )
    };
    let stage = transfer_stage(state, federal);
    let received = plus(stage, i64::from(crate::random::between(rng, 0, 150)));
    (
        PriorRegistration {
            authority,
            number,
            registered_on,
        },
        received,
    )
}

/// A company union's name: "Sindicato de Trabajadores de Aceros del Norte, planta Monclova".
pub(crate) fn company_union_name(
    rng: &mut impl RngCore,
    employer: &str,
    municipality: &str,
    independent: bool,
) -> String {
    let employer = employer.split(',').next().unwrap_or(employer).trim();
    let head = if independent && chance(rng, 0.6) {
        "Sindicato Independiente de Trabajadores de"
    } else {
        pick(
            rng,
            &[
                "Sindicato de Trabajadores de",
                "Sindicato Único de Trabajadores de",
                "Sindicato de Trabajadores y Empleados de",
                "Sindicato de Obreros y Empleados de",
                "Sindicato de Trabajadores al Servicio de",
            ],
            "Sindicato de Trabajadores de",
        )
    };
    match crate::random::index(rng, 3) {
        0 => format!("{head} {employer}, planta {municipality}"),
        1 => format!("{head} {employer} en {municipality}"),
        _ => format!("{head} {employer}"),
    }
}

/// A sector union's name.
fn sector_union_name(
    rng: &mut impl RngCore,
    cat: &Catalogs,
    kind: UnionType,
    branch: Branch,
    state: StateCode,
    motto: bool,
) -> String {
    let words = pick(rng, branch.industry_words(), "de Servicios Diversos");
    let words = if words.starts_with("de ") || words.starts_with("del ") {
        words.to_string()
    } else {
        format!("de la Industria {words}")
    };
    let place = in_state(cat, state);
    let base = match kind {
        UnionType::NationalIndustry => {
            let head = pick(
                rng,
                &[
                    "Sindicato Nacional de Trabajadores",
                    "Sindicato Nacional de Trabajadores y Empleados",
                    "Sindicato Nacional de Obreros y Similares",
                ],
                "Sindicato Nacional de Trabajadores",
            );
            let tail = if chance(rng, 0.4) {
                " de la República Mexicana"
            } else {
                ""
            };
            format!("{head} {words}{tail}")
        }
        UnionType::Industrial => {
            let head = pick(
                rng,
                &[
                    "Sindicato de Trabajadores",
                    "Sindicato Industrial de Trabajadores",
                    "Sindicato de Obreros y Empleados",
                    "Sindicato Progresista de Trabajadores",
                ],
                "Sindicato de Trabajadores",
            );
            format!("{head} {words} {place}")
        }
        UnionType::Trade => {
            let trade = pick(rng, branch.trades(), "Trabajadores");
            if chance(rng, 0.5) {
                format!("Sindicato de {trade} {place}")
            } else {
                let m = municipality_name(rng, cat, state);
                format!("Unión de {trade} de {m}")
            }
        }
        _ => {
            if chance(rng, 0.6) {
                let m = municipality_name(rng, cat, state);
                format!("Sindicato de Trabajadores de Oficios Varios de {m}")
            } else {
                format!("Sindicato de Oficios Varios y Similares {place}")
            }
        }
    };
    if motto {
        format!("{base} \"{}\"", pick(rng, MOTTOS, "Unidad y Progreso"))
    } else {
        base
    }
}

/// The registry's sector unions, indexed for choosing one for an agreement.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalogue {
    pub(crate) unions: Vec<Profile>,
    /// (kind, branch, state) of local unions; (kind, branch) of national ones as state 0.
    index: HashMap<(u8, Branch, u8), Vec<usize>>,
}

fn kind_code(k: UnionType) -> u8 {
    match k {
        UnionType::Industrial => 1,
        UnionType::NationalIndustry => 2,
        UnionType::Trade => 3,
        UnionType::VariousTrades => 4,
        _ => 0,
    }
}

const CATALOGUE_STREAM: u64 = 201;

impl Catalogue {
    /// `count` sector unions, each from its own stream (seed, id).
    pub(crate) fn new(seed: u64, count: usize, cat: &Catalogs, today: NaiveDate) -> Catalogue {
        let states: Vec<StateCode> = StateCode::all().collect();
        let by_population = Cumulative::new(states.iter().map(|s| cat.state_population(*s) as f64));
        let branches = Cumulative::new(Branch::ALL.iter().map(|b| b.union_weight()));
        let kinds = Cumulative::new(model::SECTOR_UNION_KINDS.iter().map(|k| k.1));
        let mut names: HashSet<String> = HashSet::new();
        let mut out = Catalogue::default();
        for id in 1..=count {
            let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed, CATALOGUE_STREAM, id as i64));
            let kind = kinds
                .draw(&mut rng)
                .and_then(|i| model::SECTOR_UNION_KINDS.get(i))
                .map_or(UnionType::Industrial, |k| k.0);
            let branch = branches
                .draw(&mut rng)
                .and_then(|i| Branch::ALL.get(i))
                .copied()
                .unwrap_or(Branch::Commerce);
            let national = kind == UnionType::NationalIndustry;
            let state = if national && chance(&mut rng, 0.6) {
                StateCode::new(9).ok()
            } else {
                by_population.draw(&mut rng).and_then(|i| states.get(i)).copied()
            };
            let Some(state) = state else { continue };
            let founded_on = founding_day(&mut rng, model::NEW_UNION_SHARE, today);
            let after = founded_on >= reform_day();
            let federation = federation(&mut rng, after);
            let motto = chance(&mut rng, 0.12);
            let mut name = sector_union_name(&mut rng, cat, kind, branch, state, motto);
            for attempt in 0..6 {
                if !names.contains(&name) {
                    break;
                }
                name = sector_union_name(&mut rng, cat, kind, branch, state, attempt > 0);
            }
            if names.contains(&name) {
                name = format!("{name}, Sección {id}");
            }
            names.insert(name.clone());
            let (median, sigma, cap) = match kind {
                UnionType::NationalIndustry => (400.0, 0.9, 3_000),
                UnionType::Industrial => (80.0, 0.9, 1_500),
                UnionType::Trade => (45.0, 0.8, 800),
                _ => (35.0, 0.8, 600),
            };
            let members = lognormal(&mut rng, median, sigma, 20, cap);
            let weight = unit(&mut rng).max(1e-6).powf(-0.8) * if national { 4.0 } else { 1.0 };
            let serial = format!("{}", 1000 + id);
            let (prior, registration_number, available_from) = if after {
                let number = format!("CFCRL-RS-{id:06}/{}", founded_on.year());
                (None, number, plus(founded_on, 150))
            } else {
                let federal = national || federal_branch(branch);
                let (p, received) = prior_registration(&mut rng, cat, founded_on, state, federal, &serial);
                let number = p.number.clone();
                let available = p.registered_on;
                (Some((p, received)), number, available)
            };
            let refused = after && chance(&mut rng, 0.04);
            let dissolves = !refused && chance(&mut rng, 0.015);
            let profile = Profile {
                key: format!("S{id}"),
                name,
                kind,
                branch,
                state,
                federation,
                founded_on,
                available_from,
                registration_number,
                prior,
                members,
                weight,
                refused,
                dissolves,
                home_workplace_id: None,
                employer_id: None,
            };
            let home = if national { 0 } else { state.number() };
            let i = out.unions.len();
            out.index.entry((kind_code(kind), branch, home)).or_default().push(i);
            out.unions.push(profile);
        }
        out
    }

    fn candidates(&self, kind: UnionType, branch: Branch, state: StateCode) -> &[usize] {
        let key = match kind {
            UnionType::NationalIndustry => (kind_code(kind), branch, 0),
            _ => (kind_code(kind), branch, state.number()),
        };
        self.index.get(&key).map_or(&[], |v| v.as_slice())
    }

    /// Unions of various trades of any branch in the state.
    fn various_in(&self, state: StateCode) -> Vec<usize> {
        Branch::ALL
            .iter()
            .flat_map(|b| self.candidates(UnionType::VariousTrades, *b, state).iter().copied())
            .collect()
    }

    /// A union of `kind` for a workplace of `branch` in `state`, usable on `on`, likelier the
    /// larger its weight; falls back to an industrial union of the state, a national union of
    /// the branch, a union of various trades of the state, then any national union.
    pub(crate) fn choose(
        &self,
        rng: &mut impl RngCore,
        kind: UnionType,
        branch: Branch,
        state: StateCode,
        on: NaiveDate,
    ) -> Option<&Profile> {
        let various = self.various_in(state);
        let tiers: [Vec<usize>; 5] = [
            if kind == UnionType::VariousTrades {
                various.clone()
            } else {
                self.candidates(kind, branch, state).to_vec()
            },
            self.candidates(UnionType::Industrial, branch, state).to_vec(),
            self.candidates(UnionType::NationalIndustry, branch, state).to_vec(),
            various,
            Branch::ALL
                .iter()
                .flat_map(|b| self.candidates(UnionType::NationalIndustry, *b, state).iter().copied())
                .collect(),
        ];
        for tier in tiers {
            let usable: Vec<usize> = tier
                .into_iter()
                .filter(|i| self.unions.get(*i).is_some_and(|u| u.usable_on(on)))
                .collect();
            let c = Cumulative::new(usable.iter().map(|i| self.unions.get(*i).map_or(0.0, |u| u.weight)));
            if let Some(p) = c
                .draw(rng)
                .and_then(|k| usable.get(k))
                .and_then(|i| self.unions.get(*i))
            {
                return Some(p);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::OnceLock;

    use super::*;

    fn cat() -> &'static Catalogs {
        static CAT: OnceLock<Catalogs> = OnceLock::new();
        CAT.get_or_init(|| Catalogs::embedded().unwrap())
    }

    #[test]
    fn the_catalogue_is_seeded_and_its_names_unique() {
        let today = ymd(2026, 11, 23);
        let a = Catalogue::new(5, 3_000, cat(), today);
        let b = Catalogue::new(5, 3_000, cat(), today);
        assert_eq!(a.unions, b.unions);
        let names: HashSet<&str> = a.unions.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names.len(), a.unions.len());
        let before = a.unions.iter().filter(|u| u.founded_on < reform_day()).count();
        assert!(before * 100 > a.unions.len() * 80, "most unions predate the reform");
        for u in &a.unions {
            assert!(u.founded_on.year() >= 1936 && u.founded_on < today);
            assert!(u.available_from >= u.founded_on);
        }
    }

    #[test]
    fn federations_are_invented_not_real_organisations() {
        const REAL: &[&str] = &[
            "Confederación de Trabajadores de México",
            "Confederación Revolucionaria de Obreros y Campesinos",
            "Confederación Regional Obrera Mexicana",
            "Unión Nacional de Trabajadores",
            "Confederación Autónoma de Trabajadores y Empleados de México",
            "Frente Auténtico del Trabajo",
            "Confederación de Trabajadores y Campesinos",
            "Confederación Obrera Revolucionaria",
            "Confederación Internacional de Trabajadores",
            "Confederación Sindical Internacional Democrática",
            "Federación de Sindicatos de Trabajadores al Servicio del Estado",
            "Central Sindical Independiente de Trabajadores y Empleados",
        ];
        let norm = |s: &str| faro_core::text::normalize(s);
        for (f, w) in FEDERATIONS {
            assert!(w > 0.0);
            assert!(
                REAL.iter().all(|r| norm(r) != norm(f)),
                "{f} is a real organisation's name"
            );
        }
    }

    #[test]
    fn a_union_is_chosen_when_the_catalogue_has_one() {
        let today = ymd(2026, 11, 23);
        let c = Catalogue::new(8, 400, cat(), today);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let jal = StateCode::new(14).unwrap();
        for kind in [
            UnionType::Industrial,
            UnionType::Trade,
            UnionType::VariousTrades,
            UnionType::NationalIndustry,
        ] {
            let u = c
                .choose(&mut rng, kind, Branch::Automotive, jal, ymd(2018, 1, 1))
                .unwrap();
            assert!(u.usable_on(ymd(2018, 1, 1)));
        }
    }
}
