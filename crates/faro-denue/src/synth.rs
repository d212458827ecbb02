//! Synthetic DENUE files, for tests and benchmarks: INEGI's column layout and quoting, Spanish
//! names with accents and ñ, real municipality keys (weighted by population), real settlements and
//! postal codes, real SCIAN classes, and optionally a share of deliberately bad rows.
//!
//! Layout as in INEGI's downloads: a header line of bare column names, then one line per
//! establishment with every non-empty value in double quotes (empty values bare), lines ending in
//! CRLF. Contact columns hold only reserved, obviously fake values (`example.com`, `55 0000 ...`).

use std::io::{self, Write};

use faro_core::catalog::{Catalogs, Municipality, ScianClass};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::columns::DENUE_COLUMNS;
use crate::encoding::Encoding;
use crate::error::codes;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthOptions {
    /// Number of establishments (data rows).
    pub rows: u64,
    /// Seed of the random generator: the same options give the same file.
    pub seed: u64,
    /// `Windows1252` for INEGI's "Latin-1" files, or `Utf8`.
    pub encoding: Encoding,
    /// Share of rows made deliberately bad, 0.0 to 1.0.
    pub bad_fraction: f64,
    /// Share of rows whose name holds a line break inside its quotes (a multi-line record).
    pub multiline_fraction: f64,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            rows: 1000,
            seed: 1,
            encoding: Encoding::Windows1252,
            bad_fraction: 0.0,
            multiline_fraction: 0.0,
        }
    }
}

/// The kinds of deliberately bad rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BadKind {
    /// `cve_mun` "999", which no state has.
    UnknownMunicipality,
    /// `per_ocu` that is not a size band ("7 personas").
    BadPerOcu,
    /// Coordinates of a city outside Mexico.
    OutsideMexico,
    /// The last field is missing.
    FieldCount,
}

impl BadKind {
    const ALL: [BadKind; 4] = [
        BadKind::UnknownMunicipality,
        BadKind::BadPerOcu,
        BadKind::OutsideMexico,
        BadKind::FieldCount,
    ];

    /// The [`RowError`](crate::RowError) code the reader or [`to_drafts`](crate::to_drafts) gives.
    pub fn expected_code(self) -> &'static str {
        match self {
            BadKind::UnknownMunicipality => codes::MUNICIPALITY_UNKNOWN,
            BadKind::BadPerOcu => codes::PER_OCU,
            BadKind::OutsideMexico => codes::COORDINATES_OUTSIDE,
            BadKind::FieldCount => codes::FIELD_COUNT,
        }
    }
}

/// What was written: counts, and where the bad rows are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynthSummary {
    /// Data rows written, good and bad.
    pub rows: u64,
    /// Physical lines written, the header included.
    pub lines: u64,
    /// Each bad row: the line it starts on and its kind.
    pub bad: Vec<(u64, BadKind)>,
}

/// Writes `rows` establishments with no bad rows.
pub fn write_synthetic(out: impl Write, rows: u64, seed: u64, encoding: Encoding, cat: &Catalogs) -> io::Result<()> {
    let options = SynthOptions {
        rows,
        seed,
        encoding,
        ..SynthOptions::default()
    };
    write_synthetic_with(out, &options, cat).map(|_| ())
}

/// Writes a synthetic DENUE file as `options` say.
pub fn write_synthetic_with(out: impl Write, options: &SynthOptions, cat: &Catalogs) -> io::Result<SynthSummary> {
    let mut out = io::BufWriter::with_capacity(1 << 20, out);
    let mut gen = Generator::new(options, cat)?;
    let mut line = String::with_capacity(1024);
    let mut summary = SynthSummary::default();
    line.push_str(&DENUE_COLUMNS.join(","));
    line.push_str("\r\n");
    write_line(&mut out, &line, options.encoding)?;
    summary.lines = 1;
    for i in 0..options.rows {
        line.clear();
        let bad = gen.row(i, &mut line);
        if let Some(kind) = bad {
            summary.bad.push((summary.lines + 1, kind));
        }
        summary.lines += line.matches('\n').count() as u64;
        write_line(&mut out, &line, options.encoding)?;
    }
    summary.rows = options.rows;
    out.flush()?;
    Ok(summary)
}

fn write_line(out: &mut impl Write, line: &str, encoding: Encoding) -> io::Result<()> {
    match encoding {
        Encoding::Utf8 => out.write_all(line.as_bytes()),
        Encoding::Windows1252 => out.write_all(&encoding_rs::WINDOWS_1252.encode(line).0),
    }
}

/// Business names: kind of shop by SCIAN sector (two digits; "" for any other).
const SHOP_KINDS: &[(&str, &[&str])] = &[
    (
        "46",
        &[
            "ABARROTES",
            "MISCELÁNEA",
            "FARMACIA",
            "PAPELERÍA",
            "FERRETERÍA",
            "CARNICERÍA",
            "FRUTERÍA",
            "ZAPATERÍA",
        ],
    ),
    ("43", &["DISTRIBUIDORA", "COMERCIALIZADORA", "BODEGA", "MAYOREO"]),
    (
        "72",
        &[
            "TAQUERÍA",
            "LONCHERÍA",
            "COCINA ECONÓMICA",
            "RESTAURANTE",
            "CAFETERÍA",
            "MARISQUERÍA",
            "POZOLERÍA",
        ],
    ),
    (
        "81",
        &[
            "TALLER MECÁNICO",
            "ESTÉTICA",
            "LAVANDERÍA",
            "VULCANIZADORA",
            "HERRERÍA",
            "REPARACIÓN DE CALZADO",
        ],
    ),
    ("31", &["TORTILLERÍA", "PANADERÍA", "PURIFICADORA", "TOSTADERÍA"]),
    ("32", &["CARPINTERÍA", "IMPRENTA", "BLOQUERA"]),
    ("33", &["HERRERÍA", "TALLER DE SOLDADURA", "MAQUILADORA"]),
    ("61", &["ESCUELA PRIMARIA", "JARDÍN DE NIÑOS", "COLEGIO", "ACADEMIA"]),
    (
        "62",
        &[
            "CONSULTORIO MÉDICO",
            "CONSULTORIO DENTAL",
            "CLÍNICA",
            "LABORATORIO",
            "GUARDERÍA",
        ],
    ),
    ("", &["SERVICIOS", "DESPACHO", "AGENCIA", "GRUPO", "CENTRO"]),
];

const SHOP_NAMES: &[&str] = &[
    "LA ESPERANZA",
    "DOÑA MARÍA",
    "EL GÜERO",
    "SAN JOSÉ",
    "LA PEÑA",
    "LOS ÁNGELES",
    "EL NIÑO",
    "SANTA CECILIA",
    "LA GUADALUPANA",
    "LA MONTAÑA",
    "EL CAÑAVERAL",
    "JESÚS",
    "LA ÚNICA",
    "EL PAISANO",
    "LUPITA",
    "HERMANOS MUÑOZ",
    "DON TOÑO",
    "LA CIGÜEÑA",
    "EL AÑIL",
    "SAN MARTÍN",
    "LA JOYA",
    "EL PORVENIR",
    "ESPAÑA",
    "LA BENDICIÓN",
];

const COMPANY_WORDS: &[&str] = &[
    "GRUPO",
    "COMERCIALIZADORA",
    "DISTRIBUIDORA",
    "SERVICIOS",
    "CONSTRUCTORA",
    "INDUSTRIAS",
    "ALIMENTOS",
    "TRANSPORTES",
    "INMOBILIARIA",
    "CONSORCIO",
    "OPERADORA",
    "PROMOTORA",
];

const COMPANY_NAMES: &[&str] = &[
    "DEL NORTE",
    "PEÑA",
    "MONTAÑÉS",
    "ARAGÓN",
    "DEL BAJÍO",
    "DEL PACÍFICO",
    "IBÁÑEZ",
    "NÚÑEZ",
    "DEL SURESTE",
    "OCÉANO",
    "ANÁHUAC",
    "YUCATÁN",
    "MUÑOZ HERMANOS",
];

/// Legal forms as DENUE spells them, with the form the registry should read.
pub const LEGAL_FORM_SPELLINGS: &[(&str, &str)] = &[
    ("SA DE CV", "S.A. de C.V."),
    ("S.A. DE C.V.", "S.A. de C.V."),
    ("S DE RL DE CV", "S. de R.L. de C.V."),
    ("SC", "S.C."),
    ("AC", "A.C."),
    ("SAPI DE CV", "S.A.P.I. de C.V."),
    ("S.C.", "S.C."),
    ("SAS DE CV", "S.A.S. de C.V."),
    ("S. DE R.L.", "S. de R.L."),
    ("SA", "S.A."),
];

const STREET_KINDS: &[&str] = &[
    "CALLE",
    "CALLE",
    "CALLE",
    "AVENIDA",
    "BOULEVARD",
    "CALLEJÓN",
    "PRIVADA",
    "CERRADA",
    "ANDADOR",
    "PROLONGACIÓN",
    "CARRETERA",
    "CALZADA",
];

const STREETS: &[&str] = &[
    "MIGUEL HIDALGO",
    "BENITO JUÁREZ",
    "JOSÉ MARÍA MORELOS",
    "INDEPENDENCIA",
    "5 DE MAYO",
    "20 DE NOVIEMBRE",
    "REFORMA",
    "NIÑOS HÉROES",
    "EMILIANO ZAPATA",
    "VENUSTIANO CARRANZA",
    "LÁZARO CÁRDENAS",
    "GUADALUPE VICTORIA",
    "IGNACIO ALLENDE",
    "JUAN ALDAMA",
    "MARIANO MATAMOROS",
    "VICENTE GUERRERO",
    "FRANCISCO I. MADERO",
    "CUAUHTÉMOC",
    "NICOLÁS BRAVO",
    "PASEO DE LA MONTAÑA",
];

const SETTLEMENT_KINDS: &[&str] = &["COLONIA", "FRACCIONAMIENTO", "BARRIO", "PUEBLO", "UNIDAD HABITACIONAL"];
const SETTLEMENTS: &[&str] = &[
    "CENTRO",
    "SAN JOSÉ",
    "LA PEÑITA",
    "EL MIRADOR",
    "LOS PINOS",
    "SANTA MARÍA",
    "LAS ÁGUILAS",
];

/// DENUE's size bands and their cumulative share of establishments (per thousand).
const SIZE_BANDS: &[(&str, u32)] = &[
    ("0 a 5 personas", 760),
    ("6 a 10 personas", 880),
    ("11 a 30 personas", 950),
    ("31 a 50 personas", 970),
    ("51 a 100 personas", 984),
    ("101 a 250 personas", 994),
    ("251 y más personas", 1000),
];

const BAD_PER_OCU: &[&str] = &["7 personas", "no especificado", "muchas personas"];
/// New York, Bogotá, Los Angeles, Madrid.
const FOREIGN_PLACES: &[(&str, &str)] = &[
    ("40.71280000", "-74.00600000"),
    ("4.71100000", "-74.07210000"),
    ("34.05220000", "-118.24370000"),
    ("40.41680000", "-3.70380000"),
];

/// Rough centre of each state (latitude, longitude), by state number.
const STATE_CENTRES: [(f64, f64); 32] = [
    (21.88, -102.29),
    (31.0, -115.5),
    (24.14, -110.31),
    (19.83, -90.53),
    (25.42, -101.0),
    (19.24, -103.72),
    (16.75, -93.12),
    (28.63, -106.07),
    (19.43, -99.13),
    (24.02, -104.66),
    (21.02, -101.26),
    (17.55, -99.5),
    (20.1, -98.76),
    (20.67, -103.35),
    (19.29, -99.65),
    (19.7, -101.19),
    (18.92, -99.23),
    (21.5, -104.89),
    (25.67, -100.31),
    (17.06, -96.72),
    (19.04, -98.2),
    (20.59, -100.39),
    (20.5, -87.5),
    (22.15, -100.98),
    (24.8, -107.39),
    (29.07, -110.96),
    (17.99, -92.93),
    (23.74, -99.15),
    (19.32, -98.24),
    (19.17, -96.13),
    (20.97, -89.62),
    (22.77, -102.58),
];

/// The address columns of a row.
struct Street {
    kind: &'static str,
    name: &'static str,
    cross: [&'static str; 3],
    number: String,
    letter: &'static str,
    interior: String,
}

/// The contact columns of a row.
struct Contact {
    phone: String,
    email: &'static str,
    www: &'static str,
}

/// Picks values for one row after another.
struct Generator<'c> {
    cat: &'c Catalogs,
    rng: ChaCha8Rng,
    /// Municipalities and their cumulative population, for weighted picks.
    municipalities: &'c [Municipality],
    cumulative: Vec<u64>,
    classes: &'c [ScianClass],
    bad_fraction: f64,
    multiline_fraction: f64,
}

impl<'c> Generator<'c> {
    fn new(options: &SynthOptions, cat: &'c Catalogs) -> io::Result<Self> {
        let municipalities = cat.municipalities();
        let mut total = 0u64;
        let cumulative = municipalities
            .iter()
            .map(|m| {
                total += m.population.max(1);
                total
            })
            .collect();
        let classes = cat.scian_classes();
        if municipalities.is_empty() || classes.is_empty() {
            return Err(io::Error::other(
                "the catalogs have no municipalities or no SCIAN classes",
            ));
        }
        Ok(Generator {
            cat,
            rng: ChaCha8Rng::seed_from_u64(options.seed),
            municipalities,
            cumulative,
            classes,
            bad_fraction: options.bad_fraction.clamp(0.0, 1.0),
            multiline_fraction: options.multiline_fraction.clamp(0.0, 1.0),
        })
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list.get(self.rng.gen_range(0..list.len().max(1)))
            .copied()
            .unwrap_or_default()
    }

    fn municipality(&mut self) -> &'c Municipality {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let x = self.rng.gen_range(0..total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        // Non-empty: checked in `new`.
        let all = self.municipalities;
        &all[i.min(all.len() - 1)]
    }

    fn class(&mut self) -> &'c ScianClass {
        let all = self.classes;
        let i = self.rng.gen_range(0..all.len());
        &all[i]
    }

    fn per_ocu(&mut self) -> &'static str {
        let x = self.rng.gen_range(0..1000);
        SIZE_BANDS
            .iter()
            .find(|(_, c)| x < *c)
            .map_or("0 a 5 personas", |(b, _)| b)
    }

    /// Writes row `i` into `line`; returns the kind of bad row it is, if it is one.
    fn row(&mut self, i: u64, line: &mut String) -> Option<BadKind> {
        let bad = (self.bad_fraction > 0.0 && self.rng.gen_bool(self.bad_fraction))
            .then(|| BadKind::ALL[self.rng.gen_range(0..BadKind::ALL.len())]);
        let muni = self.municipality();
        let class = self.class();
        let state_name = self.cat.state(muni.state).map_or("", |s| s.name.as_str());
        let id = 1 + i * 3 + self.rng.gen_range(0..3);
        let clee = format!(
            "{}{}{i:09}000000U{}",
            muni.cvegeo,
            class.code,
            self.rng.gen_range(0..10)
        );
        let name = self.shop_name(&class.code);
        let raz_social = self.raz_social();
        let per_ocu = if bad == Some(BadKind::BadPerOcu) {
            self.pick(BAD_PER_OCU)
        } else {
            self.per_ocu()
        };
        let street = self.street();
        let (settlement_kind, settlement, postal_code) = self.settlement(&muni.cvegeo);
        let cve_mun = if bad == Some(BadKind::UnknownMunicipality) {
            "999"
        } else {
            muni.code.as_str()
        };
        let (lat, lon) = self.coordinates(muni.state.number(), bad == Some(BadKind::OutsideMexico));
        let contact = self.contact();
        let ageb = format!("{:03}{}", self.rng.gen_range(0..999), self.pick(&["0", "1", "5", "A"]));
        let manzana = format!("{:03}", self.rng.gen_range(1..60));
        let fecha_alta = format!("{}-{:02}", self.rng.gen_range(2010..=2024), self.rng.gen_range(1..=12));
        let fixed = if self.rng.gen_bool(0.95) { "Fijo" } else { "Semifijo" };
        #[rustfmt::skip]
        let values: [&str; 42] = [
            &id.to_string(), &clee, &name, &raz_social, &class.code, &class.title, per_ocu,
            street.kind, street.name, "CALLE", street.cross[0], "CALLE", street.cross[1], "CALLE", street.cross[2],
            &street.number, street.letter, "", "", &street.interior, "",
            &settlement_kind, &settlement, "", "", "", &postal_code,
            &muni.state.to_string(), state_name, cve_mun, &muni.name, "0001", &muni.name, &ageb, &manzana,
            &contact.phone, contact.email, contact.www, fixed, &lat, &lon, &fecha_alta,
        ];
        let n = if bad == Some(BadKind::FieldCount) {
            values.len() - 1
        } else {
            values.len()
        };
        push_record(line, values.iter().take(n).copied());
        bad
    }

    /// Street, cross streets and numbers.
    fn street(&mut self) -> Street {
        let kind = self.pick(STREET_KINDS);
        let name = self.pick(STREETS);
        let cross = [self.pick(STREETS), self.pick(STREETS), self.pick(STREETS)];
        let number = if self.rng.gen_bool(0.1) {
            "SN".to_string()
        } else {
            self.rng.gen_range(1..3000).to_string()
        };
        let letter = if self.rng.gen_bool(0.1) {
            self.pick(&["A", "B", "C", "BIS"])
        } else {
            ""
        };
        let interior = if self.rng.gen_bool(0.08) {
            self.rng.gen_range(1..40).to_string()
        } else {
            String::new()
        };
        Street {
            kind,
            name,
            cross,
            number,
            letter,
            interior,
        }
    }

    /// Contact columns: empty or obviously fake (reserved domain, a "5500" number).
    fn contact(&mut self) -> Contact {
        let phone = if self.rng.gen_bool(0.2) {
            format!("5500{:06}", self.rng.gen_range(0..1_000_000))
        } else {
            String::new()
        };
        let email = if self.rng.gen_bool(0.05) {
            "contacto@example.com"
        } else {
            ""
        };
        let www = if self.rng.gen_bool(0.02) { "www.example.com" } else { "" };
        Contact { phone, email, www }
    }

    fn shop_name(&mut self, scian: &str) -> String {
        let sector = scian.get(..2).unwrap_or_default();
        let kinds = SHOP_KINDS
            .iter()
            .find(|(s, _)| *s == sector)
            .or_else(|| SHOP_KINDS.last())
            .map_or(&[][..], |(_, k)| *k);
        let kind = self.pick(kinds);
        let name = self.pick(SHOP_NAMES);
        let x: f64 = self.rng.gen();
        if x < self.multiline_fraction {
            format!("{kind}\r\n{name}")
        } else if x < self.multiline_fraction + 0.02 {
            format!("{kind} \"{name}\"")
        } else if x < self.multiline_fraction + 0.04 {
            format!("{kind}, {name}")
        } else {
            format!("{kind} {name}")
        }
    }

    fn raz_social(&mut self) -> String {
        if !self.rng.gen_bool(0.35) {
            return String::new();
        }
        let word = self.pick(COMPANY_WORDS);
        let name = self.pick(COMPANY_NAMES);
        let (form, _) = LEGAL_FORM_SPELLINGS[self.rng.gen_range(0..LEGAL_FORM_SPELLINGS.len())];
        if self.rng.gen_bool(0.3) {
            format!("{word} {name}, {form}")
        } else {
            format!("{word} {name} {form}")
        }
    }

    /// Settlement type, name and postal code: a real one of the municipality when SEPOMEX has
    /// any, else a made-up one.
    fn settlement(&mut self, cvegeo: &str) -> (String, String, String) {
        let list = self.cat.settlements_of(cvegeo);
        if !list.is_empty() {
            if let Some(s) = list.get(self.rng.gen_range(0..list.len())) {
                return (
                    s.settlement_type.to_uppercase(),
                    s.settlement.to_uppercase(),
                    s.postal_code.clone(),
                );
            }
        }
        let kind = self.pick(SETTLEMENT_KINDS).to_string();
        let name = self.pick(SETTLEMENTS).to_string();
        let code = if self.rng.gen_bool(0.1) {
            String::new()
        } else {
            format!("{:05}", self.rng.gen_range(1000..99999))
        };
        (kind, name, code)
    }

    /// A point near the centre of the state, eight decimals as DENUE writes them; or, for a bad
    /// row, a city abroad.
    fn coordinates(&mut self, state: u8, abroad: bool) -> (String, String) {
        if abroad {
            let (lat, lon) = FOREIGN_PLACES[self.rng.gen_range(0..FOREIGN_PLACES.len())];
            return (lat.to_string(), lon.to_string());
        }
        let (lat, lon) = STATE_CENTRES
            .get(usize::from(state).saturating_sub(1))
            .copied()
            .unwrap_or((19.43, -99.13));
        let lat = lat + self.rng.gen_range(-0.25..0.25);
        let lon = lon + self.rng.gen_range(-0.25..0.25);
        (format!("{lat:.8}"), format!("{lon:.8}"))
    }
}

/// Appends one CSV record: non-empty values quoted (inner quotes doubled), empty ones bare, CRLF.
fn push_record<'a>(line: &mut String, values: impl Iterator<Item = &'a str>) {
    for (i, v) in values.enumerate() {
        if i > 0 {
            line.push(',');
        }
        if !v.is_empty() {
            line.push('"');
            for part in v.split('"').enumerate() {
                if part.0 > 0 {
                    line.push_str("\"\"");
                }
                line.push_str(part.1);
            }
            line.push('"');
        }
    }
    line.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_inegi() {
        let mut line = String::new();
        push_record(&mut line, ["1", "", "ABARROTES \"LA GÜERA\"", "A, B"].into_iter());
        assert_eq!(line, "\"1\",,\"ABARROTES \"\"LA GÜERA\"\"\",\"A, B\"\r\n");
    }
}
