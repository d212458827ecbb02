//! From a DENUE row to the registry's drafts: an employer (the `raz_social`, or the establishment
//! itself) and a workplace, validated by `faro-core` against the catalogs.
//!
//! `telefono`, `correoelec` and `www` are never read: they may hold personal data.

use chrono::NaiveDate;
use faro_core::catalog::Catalogs;
use faro_core::registry::{
    coordinates_in_mexico, employer_key, validate_employer, validate_workplace, EmployerDraft, EmployerInput,
    PersonKind, SizeBand, WorkplaceDraft, WorkplaceInput,
};
use faro_core::{DomainError, StateCode};

use crate::columns::Field;
use crate::error::{codes, RowError};
use crate::legal_form::split_legal_form;
use crate::record::DenueRow;

/// What DENUE writes where a street or settlement has no name.
const NO_NAME: [&str; 2] = ["NINGUNO", "NINGUNA"];

/// Converts one DENUE row into the employer key, the employer and the workplace, validating the
/// workplace with `faro_core::registry::validate_workplace` and the employer with
/// `validate_employer`.
///
/// The workplace's `source_key` is `"denue:<id>"`. The employer is the company named in
/// `raz_social` (legal form split off, keyed by `registry::employer_key`, that is by its
/// normalized name) or, when `raz_social` is empty, the establishment itself: an individual named
/// like the establishment and keyed by the workplace (`"at:denue:<id>"`), so that unrelated shops
/// that share a name ("ABARROTES LUPITA") are not merged into one employer.
///
/// For a whole file use [`Converter`], which gives the same results in less than half the time.
pub fn to_drafts(row: &DenueRow, cat: &Catalogs) -> Result<(String, EmployerDraft, WorkplaceDraft), RowError> {
    let p = parse_row(row)?;
    let input = WorkplaceInput {
        name: p.name.to_string(),
        street: street(row),
        exterior_number: exterior_number(row),
        settlement: settlement(row),
        postal_code: p.postal_code.as_str().to_string(),
        locality: row.get(Field::Localidad).to_string(),
        municipality: p.municipality.as_str().to_string(),
        scian_class: row.get(Field::CodigoAct).to_string(),
        headcount: None,
        size_band: Some(p.size_band.code().to_string()),
        latitude: p.latitude,
        longitude: p.longitude,
        denue_id: Some(p.id),
        registered_on: p.registered_on,
    };
    let workplace =
        validate_workplace(&input, source_key(p.id), cat).map_err(|e| workplace_error(row, &p.municipality, &e))?;
    let raz_social = row.get(Field::RazSocial);
    if raz_social.is_empty() {
        let input = EmployerInput {
            rfc: String::new(),
            name: workplace.name.clone(),
            legal_form: String::new(),
        };
        let (draft, _) = validate_employer(&input).map_err(|e| domain_error(row.line(), &e, "nom_estab"))?;
        return Ok((own_employer_key(&workplace.source_key), draft, workplace));
    }
    let split = split_legal_form(raz_social);
    let input = EmployerInput {
        rfc: String::new(),
        name: company_name(split.name, &workplace.name).to_string(),
        legal_form: split.legal_form.to_string(),
    };
    let (draft, _) = validate_employer(&input).map_err(|e| domain_error(row.line(), &e, "raz_social"))?;
    let key = employer_key(&draft, &workplace.source_key);
    Ok((key, draft, workplace))
}

/// Converts rows like [`to_drafts`] in less than half the time: catalog lookups go through dense
/// tables built once, and values are checked and copied once.
///
/// Whenever a row is not plainly valid, the converter hands it to [`to_drafts`], so errors are
/// exactly those of `faro-core`'s validation; the tests check that both give the same drafts.
#[derive(Debug, Clone)]
pub struct Converter<'c> {
    cat: &'c Catalogs,
    /// The state of each municipality, by `state * 1000 + municipality`.
    municipalities: Vec<Option<StateCode>>,
    /// SCIAN class codes as numbers, sorted.
    scian: Vec<u32>,
}

impl<'c> Converter<'c> {
    /// Indexes the catalogs (about 70 KB, a fraction of a millisecond).
    pub fn new(cat: &'c Catalogs) -> Self {
        let mut municipalities = vec![None; 33 * 1000];
        for m in cat.municipalities() {
            if let Some(slot) = dense_index(&m.cvegeo).and_then(|i| municipalities.get_mut(i)) {
                *slot = Some(m.state);
            }
        }
        let mut scian: Vec<u32> = cat
            .scian_classes()
            .iter()
            .filter_map(|c| scian_number(&c.code))
            .collect();
        scian.sort_unstable();
        Converter {
            cat,
            municipalities,
            scian,
        }
    }

    /// The catalogs this converter checks against.
    pub fn catalogs(&self) -> &'c Catalogs {
        self.cat
    }

    /// Converts one row; the same result as [`to_drafts`].
    pub fn to_drafts(&self, row: &DenueRow) -> Result<(String, EmployerDraft, WorkplaceDraft), RowError> {
        let p = parse_row(row)?;
        match self.fast(row, &p) {
            Some(drafts) => Ok(drafts),
            None => to_drafts(row, self.cat),
        }
    }

    /// The conversion of a plainly valid row, or `None` to let [`to_drafts`] decide.
    fn fast(&self, row: &DenueRow, p: &Parsed<'_>) -> Option<(String, EmployerDraft, WorkplaceDraft)> {
        let name = checked(p.name).filter(|n| !n.is_empty())?;
        let street = street(row);
        let exterior_number = exterior_number(row);
        let settlement = settlement(row);
        let locality = row.get(Field::Localidad);
        for text in [&street, &exterior_number, &settlement] {
            checked(text).filter(|t| t.len() == text.len())?;
        }
        let locality = checked(locality)?;
        let state = dense_index(p.municipality.as_str()).and_then(|i| self.municipalities.get(i).copied().flatten())?;
        let scian = row.get(Field::CodigoAct);
        scian_number(scian).filter(|n| self.scian.binary_search(n).is_ok())?;
        let workplace = WorkplaceDraft {
            source_key: source_key(p.id),
            name: name.to_string(),
            denue_id: Some(p.id),
            street,
            exterior_number,
            settlement,
            postal_code: p.postal_code.as_str().to_string(),
            locality: locality.to_string(),
            state,
            municipality: p.municipality.as_str().to_string(),
            scian_class: scian.to_string(),
            size_band: p.size_band,
            headcount: None,
            latitude: p.latitude,
            longitude: p.longitude,
            registered_on: p.registered_on,
        };
        let raz_social = row.get(Field::RazSocial);
        if raz_social.is_empty() {
            let employer = EmployerDraft {
                rfc: None,
                name: workplace.name.clone(),
                legal_form: String::new(),
                person_kind: PersonKind::Individual,
            };
            return Some((own_employer_key(&workplace.source_key), employer, workplace));
        }
        let split = split_legal_form(raz_social);
        let company = checked(company_name(split.name, &workplace.name)).filter(|n| !n.is_empty())?;
        let employer = EmployerDraft {
            rfc: None,
            name: company.to_string(),
            legal_form: split.legal_form.to_string(),
            person_kind: if split.legal_form.is_empty() {
                PersonKind::Individual
            } else {
                PersonKind::LegalEntity
            },
        };
        let key = employer_key(&employer, &workplace.source_key);
        Some((key, employer, workplace))
    }
}

/// The longest name `faro-core` accepts, in characters. Should `faro-core` lower its limit, the
/// tests comparing [`Converter`] with [`to_drafts`] fail.
const MAX_TEXT_CHARS: usize = 300;

/// `s` trimmed, if `faro-core` plainly accepts it as a name or free text: at most
/// [`MAX_TEXT_CHARS`] characters and no control characters.
fn checked(s: &str) -> Option<&str> {
    let t = trim(s);
    let short = t.len() <= MAX_TEXT_CHARS || t.chars().count() <= MAX_TEXT_CHARS;
    // Control characters are ASCII bytes or, in UTF-8, start with 0xC2 (U+0080 to U+009F).
    let maybe_control = t.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2);
    let control = maybe_control && t.chars().any(char::is_control);
    (short && !control).then_some(t)
}

/// `s.trim()`, without its cost for the usual value that starts and ends with a visible ASCII
/// character.
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7F);
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Position of a five-digit municipality key in the dense table.
fn dense_index(cvegeo: &str) -> Option<usize> {
    let b = cvegeo.as_bytes();
    if b.len() != 5 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = b.iter().fold(0usize, |acc, &d| acc * 10 + usize::from(d - b'0'));
    (n < 33_000).then_some(n)
}

/// A six-digit SCIAN code as a number.
fn scian_number(code: &str) -> Option<u32> {
    let b = code.as_bytes();
    if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0')))
}

/// The DENUE-specific values of a row, parsed and checked; the text fields are checked later by
/// `faro-core`'s rules.
struct Parsed<'r> {
    id: i64,
    municipality: Key5,
    size_band: SizeBand,
    postal_code: PostalCode,
    latitude: Option<f64>,
    longitude: Option<f64>,
    registered_on: Option<NaiveDate>,
    /// `nom_estab`, or `raz_social` when the establishment has no name.
    name: &'r str,
}

fn parse_row(row: &DenueRow) -> Result<Parsed<'_>, RowError> {
    let id = parse_id(row)?;
    let municipality = municipality_key(row)?;
    let size_band = size_band(row)?;
    let postal_code = postal_code(row)?;
    let (latitude, longitude) = coordinates(row)?;
    let registered_on = registered_on(row)?;
    let nom_estab = row.get(Field::NomEstab);
    Ok(Parsed {
        id,
        municipality,
        size_band,
        postal_code,
        latitude,
        longitude,
        registered_on,
        name: if nom_estab.is_empty() {
            row.get(Field::RazSocial)
        } else {
            nom_estab
        },
    })
}

fn source_key(id: i64) -> String {
    format!("denue:{id}")
}

/// The key of an employer that is the establishment itself.
fn own_employer_key(source_key: &str) -> String {
    format!("at:{source_key}")
}

/// The company's name; a `raz_social` that is only a legal form ("S.A. DE C.V.") leaves the
/// company named like the establishment.
fn company_name<'a>(split_name: &'a str, establishment: &'a str) -> &'a str {
    if split_name.is_empty() {
        establishment
    } else {
        split_name
    }
}

fn street(row: &DenueRow) -> String {
    join_named(row.get(Field::TipoVial), row.get(Field::NomVial))
}

fn exterior_number(row: &DenueRow) -> String {
    join_words(row.get(Field::NumeroExt), row.get(Field::LetraExt))
}

fn settlement(row: &DenueRow) -> String {
    join_named(row.get(Field::TipoAsent), row.get(Field::NombAsent))
}

/// A `faro-core` workplace error, with DENUE's columns named for the catalog misses.
fn workplace_error(row: &DenueRow, municipality: &Key5, e: &DomainError) -> RowError {
    let line = row.line();
    match e.code {
        codes::MUNICIPALITY_UNKNOWN => RowError::new(
            line,
            codes::MUNICIPALITY_UNKNOWN,
            format!(
                "municipality {} (cve_ent '{}', cve_mun '{}') is not in INEGI's catalog",
                municipality.as_str(),
                row.get(Field::CveEnt),
                row.get(Field::CveMun)
            ),
        ),
        codes::SCIAN_UNKNOWN => RowError::new(
            line,
            codes::SCIAN_UNKNOWN,
            format!(
                "codigo_act '{}' is not a SCIAN class of the catalog (six digits, such as 311812)",
                row.get(Field::CodigoAct)
            ),
        ),
        _ => domain_error(line, e, "nom_estab"),
    }
}

fn parse_id(row: &DenueRow) -> Result<i64, RowError> {
    let raw = row.get(Field::Id);
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(RowError::new(
            row.line(),
            codes::ID,
            format!("id '{raw}' is not a DENUE identifier (a positive whole number)"),
        )),
    }
}

/// The five-digit municipality key, on the stack.
struct Key5([u8; 5]);

impl Key5 {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// `cve_ent` (two digits) and `cve_mun` (three), with leading zeros restored when an export lost
/// them ("9" and "15" give "09015").
fn municipality_key(row: &DenueRow) -> Result<Key5, RowError> {
    let (ent, mun) = (row.get(Field::CveEnt), row.get(Field::CveMun));
    let mut key = [b'0'; 5];
    if pad_digits(ent, &mut key[..2]) && pad_digits(mun, &mut key[2..]) {
        return Ok(Key5(key));
    }
    Err(RowError::new(
        row.line(),
        codes::MUNICIPALITY_KEY,
        format!("cve_ent '{ent}' and cve_mun '{mun}' are not an INEGI municipality key (2 and 3 digits)"),
    ))
}

/// Writes `digits` right-aligned into `out` (pre-filled with '0'); false if they are not 1 to
/// `out.len()` ASCII digits.
fn pad_digits(digits: &str, out: &mut [u8]) -> bool {
    let d = digits.as_bytes();
    if d.is_empty() || d.len() > out.len() || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let start = out.len() - d.len();
    out.get_mut(start..).is_some_and(|tail| {
        tail.copy_from_slice(d);
        true
    })
}

fn size_band(row: &DenueRow) -> Result<SizeBand, RowError> {
    let raw = row.get(Field::PerOcu);
    SizeBand::parse_denue(raw).ok_or_else(|| {
        RowError::new(
            row.line(),
            codes::PER_OCU,
            format!("per_ocu '{raw}' is not a DENUE size band (such as '0 a 5 personas' or '251 y más personas')"),
        )
    })
}

/// A postal code of five digits, or none, on the stack.
struct PostalCode {
    digits: [u8; 5],
    len: usize,
}

impl PostalCode {
    fn as_str(&self) -> &str {
        self.digits
            .get(..self.len)
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or_default()
    }
}

/// Five digits, a four-digit code that lost its leading zero, or empty.
fn postal_code(row: &DenueRow) -> Result<PostalCode, RowError> {
    let raw = row.get(Field::CodPostal);
    let mut digits = [b'0'; 5];
    match raw.len() {
        0 => Ok(PostalCode { digits, len: 0 }),
        4 | 5 if pad_digits(raw, &mut digits) => Ok(PostalCode { digits, len: 5 }),
        _ => Err(RowError::new(
            row.line(),
            codes::POSTAL_CODE,
            format!("cod_postal '{raw}' is not a five-digit postal code"),
        )),
    }
}

/// Both coordinates or neither, as decimal degrees inside Mexico.
fn coordinates(row: &DenueRow) -> Result<(Option<f64>, Option<f64>), RowError> {
    let (lat, lon) = (row.get(Field::Latitud), row.get(Field::Longitud));
    let line = row.line();
    match (lat.is_empty(), lon.is_empty()) {
        (true, true) => return Ok((None, None)),
        (false, false) => {}
        _ => {
            return Err(RowError::new(
                line,
                codes::COORDINATES_INCOMPLETE,
                format!("latitud '{lat}' and longitud '{lon}': give both coordinates or neither"),
            ))
        }
    }
    let parse = |s: &str| s.parse::<f64>().ok().filter(|v| v.is_finite());
    let (Some(la), Some(lo)) = (parse(lat), parse(lon)) else {
        return Err(RowError::new(
            line,
            codes::COORDINATES,
            format!("latitud '{lat}' and longitud '{lon}' are not decimal degrees"),
        ));
    };
    if !coordinates_in_mexico(la, lo) {
        return Err(RowError::new(
            line,
            codes::COORDINATES_OUTSIDE,
            format!("latitud {lat}, longitud {lon} is not in Mexico"),
        ));
    }
    Ok((Some(la), Some(lo)))
}

/// The first day of `fecha_alta`'s month; `None` when it is empty.
fn registered_on(row: &DenueRow) -> Result<Option<NaiveDate>, RowError> {
    let raw = row.get(Field::FechaAlta);
    if raw.is_empty() {
        return Ok(None);
    }
    parse_year_month(raw)
        .and_then(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1))
        .map(Some)
        .ok_or_else(|| {
            RowError::new(
                row.line(),
                codes::FECHA_ALTA,
                format!("fecha_alta '{raw}' is not a year and month such as 2019-11"),
            )
        })
}

/// Spanish month names and abbreviations, upper case, by month number.
const MONTHS: [(&str, &str); 12] = [
    ("ENERO", "ENE"),
    ("FEBRERO", "FEB"),
    ("MARZO", "MAR"),
    ("ABRIL", "ABR"),
    ("MAYO", "MAY"),
    ("JUNIO", "JUN"),
    ("JULIO", "JUL"),
    ("AGOSTO", "AGO"),
    ("SEPTIEMBRE", "SEP"),
    ("OCTUBRE", "OCT"),
    ("NOVIEMBRE", "NOV"),
    ("DICIEMBRE", "DIC"),
];

/// Year and month from "2019-11" (INEGI's form), "2019-11-01", "2019/11", "11/2019",
/// "01/11/2019", "201911" or "NOVIEMBRE 2019".
pub(crate) fn parse_year_month(s: &str) -> Option<(i32, u32)> {
    let mut parts = s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty());
    let (a, b, c) = (parts.next()?, parts.next(), parts.next());
    if parts.next().is_some() {
        return None;
    }
    let (year, month) = match (b, c) {
        (None, None) if a.len() == 6 => (a.get(..4)?, a.get(4..)?),
        (Some(b), None) if is_year(a) => (a, b),
        (Some(b), None) => (b, a),
        (Some(b), Some(_)) if is_year(a) => (a, b),
        (Some(b), Some(c)) if is_year(c) => (c, b),
        _ => return None,
    };
    if !is_year(year) {
        return None;
    }
    let y: i32 = year.parse().ok()?;
    let m = month_number(month)?;
    (1900..=2100).contains(&y).then_some((y, m))
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

fn month_number(s: &str) -> Option<u32> {
    if s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|m| (1..=12).contains(m));
    }
    let i = MONTHS.iter().position(|(long, short)| {
        s.eq_ignore_ascii_case(long)
            || s.eq_ignore_ascii_case(short)
            || (*short == "SEP" && s.eq_ignore_ascii_case("SEPT"))
    })?;
    u32::try_from(i + 1).ok()
}

/// "CALLE" + "HIDALGO" -> "CALLE HIDALGO"; empty when the name is empty or "NINGUNO".
fn join_named(kind: &str, name: &str) -> String {
    if name.is_empty() || NO_NAME.iter().any(|n| name.eq_ignore_ascii_case(n)) {
        return String::new();
    }
    let kind = if NO_NAME.iter().any(|n| kind.eq_ignore_ascii_case(n)) {
        ""
    } else {
        kind
    };
    join_words(kind, name)
}

/// Two words joined by a space, skipping empty ones.
fn join_words(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len() + 1);
    out.push_str(a);
    if !a.is_empty() && !b.is_empty() {
        out.push(' ');
    }
    out.push_str(b);
    out
}

/// A validation error of `faro-core`, told with the DENUE column it came from; `name_column` is
/// the column the draft's name was taken from.
fn domain_error(line: u64, e: &DomainError, name_column: &'static str) -> RowError {
    let field = e.params.iter().find(|(k, _)| *k == "field").map(|(_, v)| v.as_str());
    let column = match field {
        Some("name") => name_column,
        Some("street") => "nom_vial",
        Some("exterior_number") => "numero_ext",
        Some("settlement") => "nomb_asent",
        Some("locality") => "localidad",
        Some("postal_code") => "cod_postal",
        Some("municipality") => "cve_mun",
        Some("scian_class") => "codigo_act",
        Some("size_band" | "headcount") => "per_ocu",
        Some("latitude" | "longitude") => "latitud/longitud",
        Some("legal_form") => "raz_social",
        Some(other) => other,
        None => "row",
    };
    RowError::new(line, e.code, format!("{column}: {}", e.detail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> &'static Catalogs {
        static CAT: std::sync::OnceLock<Catalogs> = std::sync::OnceLock::new();
        CAT.get_or_init(|| Catalogs::embedded().unwrap())
    }

    /// Converts with both paths and checks that they agree.
    fn convert(row: &DenueRow) -> Result<(String, EmployerDraft, WorkplaceDraft), RowError> {
        let reference = to_drafts(row, cat());
        let fast = Converter::new(cat()).to_drafts(row);
        assert_eq!(fast, reference);
        reference
    }

    fn base() -> Vec<(Field, &'static str)> {
        vec![
            (Field::Id, "6553394"),
            (Field::NomEstab, "PANADERÍA LA ESPIGA"),
            (Field::RazSocial, ""),
            (Field::CodigoAct, "311812"),
            (Field::PerOcu, "6 a 10 personas"),
            (Field::TipoVial, "CALLE"),
            (Field::NomVial, "MIGUEL HIDALGO"),
            (Field::NumeroExt, "123"),
            (Field::LetraExt, "A"),
            (Field::TipoAsent, "COLONIA"),
            (Field::NombAsent, "CENTRO"),
            (Field::CodPostal, "6700"),
            (Field::CveEnt, "9"),
            (Field::CveMun, "15"),
            (Field::Localidad, "Cuauhtémoc"),
            (Field::Latitud, "19.43260000"),
            (Field::Longitud, "-99.13320000"),
            (Field::FechaAlta, "2019-11"),
        ]
    }

    fn with(changes: &[(Field, &'static str)]) -> DenueRow {
        let mut v = base();
        for (f, val) in changes {
            if let Some(slot) = v.iter_mut().find(|(g, _)| g == f) {
                slot.1 = val;
            }
        }
        DenueRow::from_fields(7, &v)
    }

    #[test]
    fn establishment_without_raz_social_is_its_own_employer() {
        let (key, e, w) = convert(&with(&[])).unwrap();
        assert_eq!(key, "at:denue:6553394");
        assert_eq!(e.name, "PANADERÍA LA ESPIGA");
        assert_eq!(e.person_kind, PersonKind::Individual);
        assert_eq!(e.legal_form, "");
        assert_eq!(e.rfc, None);
        assert_eq!(w.source_key, "denue:6553394");
        assert_eq!(w.denue_id, Some(6553394));
        assert_eq!(w.name, "PANADERÍA LA ESPIGA");
        assert_eq!(w.street, "CALLE MIGUEL HIDALGO");
        assert_eq!(w.exterior_number, "123 A");
        assert_eq!(w.settlement, "COLONIA CENTRO");
        assert_eq!(w.postal_code, "06700");
        assert_eq!(w.municipality, "09015");
        assert_eq!(w.state.number(), 9);
        assert_eq!(w.scian_class, "311812");
        assert_eq!(w.size_band, SizeBand::B6To10);
        assert_eq!(w.headcount, None);
        assert_eq!(w.latitude, Some(19.4326));
        assert_eq!(w.registered_on, NaiveDate::from_ymd_opt(2019, 11, 1));
    }

    #[test]
    fn company_employer_with_legal_form() {
        let row = with(&[(Field::RazSocial, "PANIFICADORA DEL VALLE, S.A. DE C.V.")]);
        let (key, e, _) = convert(&row).unwrap();
        assert_eq!(e.name, "PANIFICADORA DEL VALLE");
        assert_eq!(e.legal_form, "S.A. de C.V.");
        assert_eq!(e.person_kind, PersonKind::LegalEntity);
        assert_eq!(key, "name:PANIFICADORA DEL VALLE");
        let row = with(&[(Field::RazSocial, "JOSÉ PÉREZ NÚÑEZ")]);
        let (key, e, _) = convert(&row).unwrap();
        assert_eq!(
            (e.person_kind, key.as_str()),
            (PersonKind::Individual, "name:JOSE PEREZ NUÑEZ")
        );
        let row = with(&[(Field::RazSocial, "SA DE CV")]);
        let (_, e, _) = convert(&row).unwrap();
        assert_eq!(
            (e.name.as_str(), e.legal_form.as_str()),
            ("PANADERÍA LA ESPIGA", "S.A. de C.V.")
        );
    }

    #[test]
    fn leading_zeros_are_restored() {
        let (_, _, w) = convert(&with(&[(Field::CveEnt, "14"), (Field::CveMun, "39")])).unwrap();
        assert_eq!(w.municipality, "14039");
        let (_, _, w) = convert(&with(&[(Field::CveEnt, "09"), (Field::CveMun, "015")])).unwrap();
        assert_eq!(w.municipality, "09015");
    }

    #[test]
    fn empty_optional_values() {
        let row = with(&[
            (Field::CodPostal, ""),
            (Field::Latitud, ""),
            (Field::Longitud, ""),
            (Field::FechaAlta, ""),
            (Field::NomVial, "NINGUNO"),
            (Field::LetraExt, ""),
        ]);
        let (_, _, w) = convert(&row).unwrap();
        assert_eq!(
            (w.postal_code.as_str(), w.street.as_str(), w.exterior_number.as_str()),
            ("", "", "123")
        );
        assert_eq!((w.latitude, w.longitude, w.registered_on), (None, None, None));
    }

    fn err(changes: &[(Field, &'static str)]) -> RowError {
        convert(&with(changes)).unwrap_err()
    }

    #[test]
    fn bad_values_are_row_errors_naming_the_column() {
        let e = err(&[(Field::PerOcu, "7 personas")]);
        assert_eq!((e.line, e.code), (7, codes::PER_OCU));
        assert!(
            e.reason.starts_with("per_ocu '7 personas' is not a DENUE size band"),
            "{}",
            e.reason
        );
        let e = err(&[(Field::CveMun, "999")]);
        assert_eq!(e.code, codes::MUNICIPALITY_UNKNOWN);
        assert!(e.reason.contains("municipality 09999"), "{}", e.reason);
        assert_eq!(err(&[(Field::CveEnt, "9A")]).code, codes::MUNICIPALITY_KEY);
        assert_eq!(err(&[(Field::CveMun, "1234")]).code, codes::MUNICIPALITY_KEY);
        assert_eq!(err(&[(Field::CodigoAct, "999999")]).code, codes::SCIAN_UNKNOWN);
        assert_eq!(err(&[(Field::Id, "abc")]).code, codes::ID);
        assert_eq!(err(&[(Field::CodPostal, "123")]).code, codes::POSTAL_CODE);
        assert_eq!(
            err(&[(Field::Latitud, "40.71"), (Field::Longitud, "-74.0")]).code,
            codes::COORDINATES_OUTSIDE
        );
        assert_eq!(err(&[(Field::Latitud, "")]).code, codes::COORDINATES_INCOMPLETE);
        assert_eq!(err(&[(Field::Latitud, "norte")]).code, codes::COORDINATES);
        assert_eq!(err(&[(Field::Latitud, "NaN")]).code, codes::COORDINATES);
        assert_eq!(err(&[(Field::FechaAlta, "2019-13")]).code, codes::FECHA_ALTA);
        let e = err(&[(Field::NomEstab, "")]);
        assert_eq!(e.code, "field.required");
        assert!(e.reason.starts_with("nom_estab:"), "{}", e.reason);
    }

    #[test]
    fn plain_rows_take_the_fast_path() {
        let converter = Converter::new(cat());
        for row in [
            with(&[]),
            with(&[(Field::RazSocial, "ACME, S.A. DE C.V.")]),
            with(&[(Field::CodPostal, "")]),
        ] {
            let parsed = parse_row(&row).unwrap();
            let fast = converter.fast(&row, &parsed).unwrap();
            assert_eq!(Ok(fast), to_drafts(&row, cat()));
        }
        let row = with(&[(Field::NomEstab, "CTRL\u{85}C1")]);
        assert!(converter.fast(&row, &parse_row(&row).unwrap()).is_none());
    }

    #[test]
    fn both_paths_agree_on_text_limits_and_odd_characters() {
        let long = |n: usize| "Ñ".repeat(n);
        let names: Vec<String> = [1, 100, 150, 200, 250, 299, 300, 301, 400]
            .into_iter()
            .map(long)
            .collect();
        for name in &names {
            let row = DenueRow::from_fields(
                3,
                &[
                    (Field::Id, "1"),
                    (Field::NomEstab, name),
                    (Field::CodigoAct, "311812"),
                    (Field::PerOcu, "0 a 5 personas"),
                    (Field::CveEnt, "09"),
                    (Field::CveMun, "015"),
                ],
            );
            let _ = convert(&row);
            let row = with(&[(Field::RazSocial, "ACME SA")]);
            let _ = convert(&row);
        }
        let odd = [
            "  PADDED  ",
            "\u{a0}NBSP\u{a0}",
            "CTRL\u{85}C1",
            "TAB\tIN",
            "Nº 5 ¿QUÉ?",
            "\u{7f}",
        ];
        for text in odd {
            for field in [
                Field::NomEstab,
                Field::RazSocial,
                Field::NomVial,
                Field::NumeroExt,
                Field::NombAsent,
                Field::Localidad,
                Field::CodigoAct,
            ] {
                let mut values = base();
                if let Some(slot) = values.iter_mut().find(|(f, _)| *f == field) {
                    slot.1 = text;
                }
                let _ = convert(&DenueRow::from_fields(5, &values));
            }
        }
        let e = convert(&with(&[(Field::NomEstab, "CTRL\u{85}C1")])).unwrap_err();
        assert_eq!(e.code, "field.control_chars");
        assert!(e.reason.starts_with("nom_estab: "), "{}", e.reason);
        let e = convert(&with(&[(Field::NomEstab, &*Box::leak(long(301).into_boxed_str()))])).unwrap_err();
        assert_eq!(e.code, "field.too_long");
    }

    #[test]
    fn fecha_alta_forms() {
        assert_eq!(parse_year_month("2010-07"), Some((2010, 7)));
        assert_eq!(parse_year_month("2019-11-01"), Some((2019, 11)));
        assert_eq!(parse_year_month("2019/11"), Some((2019, 11)));
        assert_eq!(parse_year_month("11/2019"), Some((2019, 11)));
        assert_eq!(parse_year_month("01/11/2019"), Some((2019, 11)));
        assert_eq!(parse_year_month("201911"), Some((2019, 11)));
        assert_eq!(parse_year_month("DICIEMBRE 2014"), Some((2014, 12)));
        assert_eq!(parse_year_month("sept 2014"), Some((2014, 9)));
        assert_eq!(parse_year_month("2019-00"), None);
        assert_eq!(parse_year_month("19-11"), None);
        assert_eq!(parse_year_month("ayer"), None);
        assert_eq!(parse_year_month("2019-11-01-05"), None);
    }
}
