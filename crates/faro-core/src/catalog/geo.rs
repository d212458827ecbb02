//! States and municipalities (INEGI geostatistical framework, 2020 census population).

use serde::Serialize;

use super::table::for_each_row;
use super::{CatalogError, Catalogs};
use crate::StateCode;

pub(crate) const STATES_FILE: &str = "inegi_states.csv";
pub(crate) const MUNICIPALITIES_FILE: &str = "inegi_municipios.csv";
const STATES_CSV: &[u8] = include_bytes!("../../../../data/catalogs/inegi_states.csv");
const MUNICIPALITIES_CSV: &[u8] = include_bytes!("../../../../data/catalogs/inegi_municipios.csv");

/// RENAPO's code for "born abroad" in the states file; it is not a state.
const BORN_ABROAD_CODE: &str = "99";

/// Common names of the states whose official name differs from the one people use.
const SHORT_NAMES: &[(u8, &str)] = &[
    (5, "Coahuila"),
    (15, "Estado de México"),
    (16, "Michoacán"),
    (30, "Veracruz"),
];

/// One of the 32 states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct State {
    pub code: StateCode,
    /// Official name in proper case, as INEGI writes it: "Ciudad de México", "Coahuila de Zaragoza",
    /// "México".
    pub name: String,
    /// The name in everyday use: "Coahuila", "Estado de México"; equal to `name` for most states.
    pub short_name: String,
    /// Two-letter code RENAPO uses inside a CURP ("DF", "JC").
    pub renapo_code: String,
    /// Usual abbreviation ("CDMX", "JAL").
    pub abbrev: String,
}

/// A municipality (or a borough of Mexico City).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Municipality {
    /// INEGI geostatistical key: state code + municipality code ("09015").
    pub cvegeo: String,
    pub state: StateCode,
    /// Municipality code within the state, three digits ("015").
    pub code: String,
    pub name: String,
    /// Population in the 2020 census.
    pub population: u64,
}

/// The parsed geographic catalogs.
#[derive(Debug, Clone)]
pub(crate) struct Geo {
    /// Sorted by state code; exactly the 32 states.
    pub(crate) states: Vec<State>,
    pub(crate) renapo_born_abroad: String,
    /// Sorted by `cvegeo`, so each state's municipalities are contiguous.
    pub(crate) municipalities: Vec<Municipality>,
    /// `state_offsets[n - 1]..state_offsets[n]` is the range of state `n`'s municipalities.
    pub(crate) state_offsets: [usize; 33],
}

impl Geo {
    pub(crate) fn parse() -> Result<Geo, CatalogError> {
        let (municipalities, names) = parse_municipalities()?;
        let mut state_offsets = [0usize; 33];
        for n in 1..=32u8 {
            state_offsets[usize::from(n)] = municipalities.partition_point(|m| m.state.number() <= n);
        }
        let (states, renapo_born_abroad) = parse_states(&names, &state_offsets)?;
        Ok(Geo {
            states,
            renapo_born_abroad,
            municipalities,
            state_offsets,
        })
    }

    /// Index of a municipality in the sorted list.
    pub(crate) fn municipality_index(&self, cvegeo: &str) -> Option<usize> {
        self.municipalities
            .binary_search_by(|m| m.cvegeo.as_str().cmp(cvegeo))
            .ok()
    }
}

/// Official state names by state number, as the municipalities file writes them.
type StateNames = Vec<(u8, String)>;

/// Reads the municipalities, sorted by key, and the official state names (proper case) found in
/// the same file.
fn parse_municipalities() -> Result<(Vec<Municipality>, StateNames), CatalogError> {
    let mut out: Vec<Municipality> = Vec::with_capacity(2_500);
    let mut names: StateNames = Vec::with_capacity(32);
    let cols = ["cvegeo", "cve_ent", "cve_mun", "nom_mun", "pob_total_2020", "nom_ent"];
    for_each_row(MUNICIPALITIES_FILE, MUNICIPALITIES_CSV, &cols, |row| {
        let cvegeo = row.digits(0, 5, "cvegeo")?;
        let ent = row.digits(1, 2, "cve_ent")?;
        let mun = row.digits(2, 3, "cve_mun")?;
        if cvegeo[..2] != *ent || cvegeo[2..] != *mun {
            return Err(row.error(format!(
                "cvegeo '{cvegeo}' does not join cve_ent '{ent}' and cve_mun '{mun}'"
            )));
        }
        let state: StateCode = ent.parse().map_err(|e: crate::DomainError| row.error(e.detail))?;
        let population = row
            .get(4)?
            .parse::<u64>()
            .map_err(|e| row.error(format!("pob_total_2020: {e}")))?;
        if !names.iter().any(|(c, _)| *c == state.number()) {
            names.push((state.number(), row.required(5, "nom_ent")?.to_string()));
        }
        out.push(Municipality {
            cvegeo: cvegeo.to_string(),
            state,
            code: mun.to_string(),
            name: row.required(3, "nom_mun")?.to_string(),
            population,
        });
        Ok(())
    })?;
    out.sort_by(|a, b| a.cvegeo.cmp(&b.cvegeo));
    if let Some(w) = out.windows(2).find(|w| w[0].cvegeo == w[1].cvegeo) {
        return Err(CatalogError::file(
            MUNICIPALITIES_FILE,
            format!("cvegeo {} appears twice", w[0].cvegeo),
        ));
    }
    Ok((out, names))
}

fn parse_states(names: &[(u8, String)], offsets: &[usize; 33]) -> Result<(Vec<State>, String), CatalogError> {
    let mut states: Vec<State> = Vec::with_capacity(32);
    let mut born_abroad = None;
    let cols = ["cve_ent", "name", "renapo_code", "abbrev"];
    for_each_row(STATES_FILE, STATES_CSV, &cols, |row| {
        let code = row.digits(0, 2, "cve_ent")?;
        let renapo_code = row.required(2, "renapo_code")?.to_string();
        if code == BORN_ABROAD_CODE {
            born_abroad = Some(renapo_code);
            return Ok(());
        }
        let state: StateCode = code.parse().map_err(|e: crate::DomainError| row.error(e.detail))?;
        let n = state.number();
        let name = names
            .iter()
            .find(|(c, _)| *c == n)
            .map(|(_, name)| name.clone())
            .ok_or_else(|| row.error(format!("state {code} has no municipalities in {MUNICIPALITIES_FILE}")))?;
        let short_name = SHORT_NAMES
            .iter()
            .find(|(c, _)| *c == n)
            .map_or_else(|| name.clone(), |(_, s)| (*s).to_string());
        states.push(State {
            code: state,
            name,
            short_name,
            renapo_code,
            abbrev: row.required(3, "abbrev")?.to_string(),
        });
        Ok(())
    })?;
    states.sort_by_key(|s| s.code);
    states.dedup_by_key(|s| s.code);
    if states.len() != 32 {
        return Err(CatalogError::file(
            STATES_FILE,
            format!("{} distinct states, 32 expected", states.len()),
        ));
    }
    if let Some(n) = (1..=32usize).find(|&n| offsets[n] == offsets[n - 1]) {
        return Err(CatalogError::file(
            MUNICIPALITIES_FILE,
            format!("state {n:02} has no municipalities"),
        ));
    }
    let born_abroad = born_abroad.ok_or_else(|| {
        CatalogError::file(
            STATES_FILE,
            format!("the born-abroad row ({BORN_ABROAD_CODE}) is missing"),
        )
    })?;
    Ok((states, born_abroad))
}

impl Catalogs {
    /// The 32 states, by code.
    pub fn states(&self) -> &[State] {
        &self.geo.states
    }

    /// One state.
    pub fn state(&self, code: StateCode) -> Option<&State> {
        self.geo.states.get(usize::from(code.number()).checked_sub(1)?)
    }

    /// RENAPO's two-letter code for persons born abroad ("NE"), used in the CURP in place of a
    /// state. It is not a state, so [`Catalogs::states`] does not list it.
    pub fn renapo_born_abroad(&self) -> &str {
        &self.geo.renapo_born_abroad
    }

    /// The state whose RENAPO code (as used inside a CURP) is `code`.
    pub fn state_by_renapo(&self, code: &str) -> Option<&State> {
        self.geo
            .states
            .iter()
            .find(|s| s.renapo_code.eq_ignore_ascii_case(code))
    }

    /// A municipality by its five-digit INEGI key ("09015"). Binary search.
    pub fn municipality(&self, cvegeo: &str) -> Option<&Municipality> {
        self.geo
            .municipality_index(cvegeo.trim())
            .and_then(|i| self.geo.municipalities.get(i))
    }

    /// Every municipality, sorted by INEGI key.
    pub fn municipalities(&self) -> &[Municipality] {
        &self.geo.municipalities
    }

    /// The municipalities of one state, sorted by INEGI key.
    pub fn municipalities_of(&self, state: StateCode) -> &[Municipality] {
        let n = usize::from(state.number());
        let (start, end) = (self.geo.state_offsets[n - 1], self.geo.state_offsets[n]);
        self.geo.municipalities.get(start..end).unwrap_or(&[])
    }

    /// Total 2020 census population of a state (the sum over its municipalities).
    pub fn state_population(&self, state: StateCode) -> u64 {
        self.municipalities_of(state).iter().map(|m| m.population).sum()
    }
}
