//! SEPOMEX postal codes and their settlements (colonias), linked to INEGI municipalities by name.

use std::collections::HashMap;
use std::io::Read;

use serde::Serialize;

use super::geo::Geo;
use super::table::for_each_row;
use super::{CatalogError, Catalogs};
use crate::text::normalize;

pub(crate) const POSTAL_FILE: &str = "sepomex_postal_codes_2018.csv.gz";
const POSTAL_GZ: &[u8] = include_bytes!("../../../../data/catalogs/sepomex_postal_codes_2018.csv.gz");

/// State names SEPOMEX or common usage write differently from INEGI (normalized, INEGI code).
const STATE_ALIASES: &[(&str, u8)] = &[
    ("COAHUILA", 5),
    ("DISTRITO FEDERAL", 9),
    ("CDMX", 9),
    ("CIUDAD DE MEXICO", 9),
    ("ESTADO DE MEXICO", 15),
    ("MEXICO", 15),
    ("MICHOACAN", 16),
    ("QUERETARO DE ARTEAGA", 22),
    ("VERACRUZ", 30),
];

/// Municipalities SEPOMEX (2018) names differently from INEGI (2020): renamed municipalities
/// and the two Oaxacan pairs of homonyms SEPOMEX tells apart by judicial district.
/// (state code, normalized SEPOMEX name, INEGI cvegeo).
const MUNICIPALITY_ALIASES: &[(u8, &str, &str)] = &[
    (7, "CINTALAPA", "07017"),
    (8, "ROSARIO", "08056"),
    (11, "SAN JOSE ITURBIDE", "11032"),
    (12, "APAXTLA", "12006"),
    (20, "SAN JUAN MIXTEPEC DTO 08", "20208"),
    (20, "SAN JUAN MIXTEPEC DTO 26", "20209"),
    (20, "SAN PEDRO MIXTEPEC DTO 22", "20318"),
    (20, "SAN PEDRO MIXTEPEC DTO 26", "20319"),
    (20, "VILLA DE TUTUTEPEC DE MELCHOR OCAMPO", "20334"),
    (20, "TEZOATLAN DE SEGURA Y LUNA", "20549"),
    (20, "SANTIAGO CHAZUMBA", "20459"),
    (20, "SAN BLAS ATEMPA", "20124"),
    (20, "SAN MARTIN DE LOS CANSECOS", "20238"),
    (20, "VILLA HIDALGO", "20038"),
    (23, "SOLIDARIDAD", "23008"),
    (24, "AHUALULCO", "24001"),
];

/// One settlement (colonia, fraccionamiento, ranchería...) of a postal code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostalSettlement {
    /// Five digits ("06700").
    pub postal_code: String,
    /// Settlement name ("Roma Norte").
    pub settlement: String,
    /// "Colonia", "Fraccionamiento", "Ranchería", ...
    pub settlement_type: String,
    /// INEGI cvegeo of the municipality, matched by state and municipality names; `None` when the
    /// names match no INEGI municipality.
    pub municipality: Option<String>,
    /// City, empty when SEPOMEX gives none (rural settlements).
    pub city: String,
}

/// Matches state and municipality names, as SEPOMEX, DENUE or a person writes them, to INEGI.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameMatcher {
    states: HashMap<String, u8>,
    /// (state, normalized name) -> index in the municipality list; `None` when two municipalities
    /// of the state share the name.
    municipalities: HashMap<(u8, String), Option<usize>>,
}

impl NameMatcher {
    pub(crate) fn new(geo: &Geo) -> Result<NameMatcher, CatalogError> {
        let mut m = NameMatcher::default();
        for s in &geo.states {
            for name in [&s.name, &s.short_name] {
                m.states.insert(normalize(name), s.code.number());
            }
        }
        for (alias, code) in STATE_ALIASES {
            m.states.insert((*alias).to_string(), *code);
        }
        for (i, muni) in geo.municipalities.iter().enumerate() {
            m.municipalities
                .entry((muni.state.number(), normalize(&muni.name)))
                .and_modify(|v| *v = None)
                .or_insert(Some(i));
        }
        for (state, alias, cvegeo) in MUNICIPALITY_ALIASES {
            let i = geo.municipality_index(cvegeo).ok_or_else(|| {
                CatalogError::file(
                    POSTAL_FILE,
                    format!("the alias table names an unknown municipality {cvegeo}"),
                )
            })?;
            m.municipalities.insert((*state, (*alias).to_string()), Some(i));
        }
        Ok(m)
    }

    fn state(&self, name: &str) -> Option<u8> {
        self.states.get(&normalize(name)).copied()
    }

    /// Index of the municipality named `municipality` in the state named `state`.
    pub(crate) fn municipality(&self, state: &str, municipality: &str) -> Option<usize> {
        let s = self.state(state)?;
        self.municipalities
            .get(&(s, normalize(municipality)))
            .copied()
            .flatten()
    }
}

/// The parsed postal catalog with its indexes.
#[derive(Debug, Clone, Default)]
pub(crate) struct PostalIndex {
    /// Sorted by postal code (file order within a code).
    settlements: Vec<PostalSettlement>,
    /// Indexes into `settlements`, grouped by municipality (in municipality order), then by code.
    by_municipality: Vec<u32>,
    /// `by_municipality[settlement_offsets[i]..settlement_offsets[i + 1]]` are municipality `i`'s.
    settlement_offsets: Vec<usize>,
    /// Distinct postal codes grouped by municipality, sorted within each.
    codes: Vec<String>,
    code_offsets: Vec<usize>,
}

fn decompress() -> Result<Vec<u8>, CatalogError> {
    let mut out = Vec::with_capacity(10 << 20);
    flate2::read::GzDecoder::new(POSTAL_GZ)
        .read_to_end(&mut out)
        .map_err(|e| CatalogError::file(POSTAL_FILE, format!("cannot decompress: {e}")))?;
    Ok(out)
}

impl PostalIndex {
    pub(crate) fn parse(geo: &Geo, matcher: &NameMatcher) -> Result<PostalIndex, CatalogError> {
        let data = decompress()?;
        let mut rows: Vec<(PostalSettlement, Option<u32>)> = Vec::with_capacity(150_000);
        // Rows come grouped by municipality: remember the last lookup.
        let mut last: Option<(String, String, Option<usize>)> = None;
        let cols = ["cp", "place", "place_type", "municipality", "city", "state"];
        for_each_row(POSTAL_FILE, &data, &cols, |row| {
            let cp = row.digits(0, 5, "cp")?;
            let (state, muni) = (row.required(5, "state")?, row.required(3, "municipality")?);
            let idx = match &last {
                Some((s, m, i)) if s == state && m == muni => *i,
                _ => {
                    let i = matcher.municipality(state, muni);
                    last = Some((state.to_string(), muni.to_string(), i));
                    i
                }
            };
            let settlement = PostalSettlement {
                postal_code: cp.to_string(),
                settlement: row.required(1, "place")?.to_string(),
                settlement_type: row.get(2)?.to_string(),
                municipality: idx.and_then(|i| geo.municipalities.get(i)).map(|m| m.cvegeo.clone()),
                city: row.get(4)?.to_string(),
            };
            rows.push((settlement, idx.and_then(|i| u32::try_from(i).ok())));
            Ok(())
        })?;
        if u32::try_from(rows.len()).is_err() {
            return Err(CatalogError::file(POSTAL_FILE, "too many rows"));
        }
        // Sort by postal code; the sort is stable, so file order is kept within a code.
        rows.sort_by(|a, b| a.0.postal_code.cmp(&b.0.postal_code));
        let (sorted, sorted_muni): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        let n_muni = geo.municipalities.len();
        Ok(Self::index(sorted, &sorted_muni, n_muni))
    }

    /// Builds the per-municipality indexes over settlements already sorted by postal code.
    fn index(settlements: Vec<PostalSettlement>, muni_of: &[Option<u32>], n_muni: usize) -> PostalIndex {
        let mut counts = vec![0usize; n_muni + 1];
        for m in muni_of.iter().flatten() {
            if let Some(c) = counts.get_mut(*m as usize + 1) {
                *c += 1;
            }
        }
        let mut running = 0;
        for c in counts.iter_mut() {
            running += *c;
            *c = running;
        }
        let settlement_offsets = counts.clone();
        let mut next = counts;
        let mut by_municipality = vec![0u32; settlement_offsets.last().copied().unwrap_or(0)];
        for (i, m) in muni_of.iter().enumerate() {
            if let Some(m) = m {
                let slot = &mut next[*m as usize];
                if let Some(s) = by_municipality.get_mut(*slot) {
                    *s = i as u32;
                }
                *slot += 1;
            }
        }
        // Settlements are sorted by code, so within each municipality the codes come sorted too.
        let mut codes = Vec::with_capacity(40_000);
        let mut code_offsets = Vec::with_capacity(n_muni + 1);
        code_offsets.push(0);
        for w in settlement_offsets.windows(2) {
            let mut prev: Option<&str> = None;
            for &si in by_municipality.get(w[0]..w[1]).unwrap_or(&[]) {
                if let Some(s) = settlements.get(si as usize) {
                    if prev != Some(s.postal_code.as_str()) {
                        codes.push(s.postal_code.clone());
                        prev = Some(s.postal_code.as_str());
                    }
                }
            }
            code_offsets.push(codes.len());
        }
        PostalIndex {
            settlements,
            by_municipality,
            settlement_offsets,
            codes,
            code_offsets,
        }
    }
}

/// The settlements of one municipality: a cheap view that can be indexed (for random picks).
#[derive(Debug, Clone, Copy)]
pub struct MunicipalSettlements<'a> {
    all: &'a [PostalSettlement],
    indexes: &'a [u32],
}

impl<'a> MunicipalSettlements<'a> {
    pub fn len(&self) -> usize {
        self.indexes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty()
    }

    /// The `i`-th settlement (by postal code).
    pub fn get(&self, i: usize) -> Option<&'a PostalSettlement> {
        self.indexes.get(i).and_then(|&j| self.all.get(j as usize))
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a PostalSettlement> + 'a {
        let all = self.all;
        self.indexes.iter().map(move |&j| &all[j as usize])
    }
}

impl Catalogs {
    /// Every settlement of a postal code (empty for an unknown code).
    pub fn postal_code(&self, cp: &str) -> &[PostalSettlement] {
        let cp = cp.trim();
        let all = &self.postal.settlements;
        let start = all.partition_point(|s| s.postal_code.as_str() < cp);
        let end = start + all.get(start..).unwrap_or(&[]).partition_point(|s| s.postal_code == cp);
        all.get(start..end).unwrap_or(&[])
    }

    /// Every settlement of the catalog, sorted by postal code.
    pub fn postal_settlements(&self) -> &[PostalSettlement] {
        &self.postal.settlements
    }

    /// The distinct postal codes of a municipality, sorted; empty when the municipality is
    /// unknown or SEPOMEX lists none for it (municipalities created after 2018).
    pub fn postal_codes_of(&self, cvegeo: &str) -> &[String] {
        let p = &self.postal;
        self.geo
            .municipality_index(cvegeo.trim())
            .and_then(|i| Some((*p.code_offsets.get(i)?, *p.code_offsets.get(i + 1)?)))
            .and_then(|(a, b)| p.codes.get(a..b))
            .unwrap_or(&[])
    }

    /// The settlements of a municipality, by postal code.
    pub fn settlements_of(&self, cvegeo: &str) -> MunicipalSettlements<'_> {
        let p = &self.postal;
        let indexes = self
            .geo
            .municipality_index(cvegeo.trim())
            .and_then(|i| Some((*p.settlement_offsets.get(i)?, *p.settlement_offsets.get(i + 1)?)))
            .and_then(|(a, b)| p.by_municipality.get(a..b))
            .unwrap_or(&[]);
        MunicipalSettlements {
            all: &p.settlements,
            indexes,
        }
    }

    /// The INEGI municipality that a state name and a municipality name (as SEPOMEX, DENUE or a
    /// person writes them, with or without accents) designate, if exactly one does.
    pub fn match_municipality(&self, state: &str, municipality: &str) -> Option<&super::Municipality> {
        self.matcher
            .municipality(state, municipality)
            .and_then(|i| self.geo.municipalities.get(i))
    }
}
