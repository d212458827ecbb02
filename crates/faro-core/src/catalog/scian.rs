//! SCIAN, the North American Industry Classification System as INEGI publishes it for Mexico:
//! 20 sectors and 1,086 six-digit classes.

use serde::Serialize;

use super::table::for_each_row;
use super::{CatalogError, Catalogs};

pub(crate) const SECTORS_FILE: &str = "scian_sectors.csv";
pub(crate) const CLASSES_FILE: &str = "scian_classes_6digit.csv";
const SECTORS_CSV: &[u8] = include_bytes!("../../../../data/catalogs/scian_sectors.csv");
const CLASSES_CSV: &[u8] = include_bytes!("../../../../data/catalogs/scian_classes_6digit.csv");

/// A SCIAN sector. Manufacturing ("31-33") and transport ("48-49") span several two-digit codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScianSector {
    /// "46", or a range "31-33".
    pub code: String,
    pub name: String,
    /// First and last two-digit codes the sector covers (equal for most sectors).
    #[serde(skip)]
    first: u8,
    #[serde(skip)]
    last: u8,
}

impl ScianSector {
    /// Whether the two-digit code `two_digits` ("32") belongs to this sector.
    pub fn covers(&self, two_digits: &str) -> bool {
        two_digits.len() == 2
            && two_digits
                .parse::<u8>()
                .is_ok_and(|n| (self.first..=self.last).contains(&n))
    }
}

/// A six-digit SCIAN class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScianClass {
    /// Six digits ("311812").
    pub code: String,
    pub title: String,
    /// Three-digit subsector code ("311"); subsector titles are not in the catalog.
    pub subsector: String,
    /// Two-digit sector code as the class file writes it ("31"): use
    /// [`Catalogs::scian_sector_of_class`] to get the sector ("31-33").
    pub sector: String,
}

/// The parsed SCIAN catalog.
#[derive(Debug, Clone)]
pub(crate) struct Scian {
    /// In file order, which is by code.
    pub(crate) sectors: Vec<ScianSector>,
    /// Sorted by code, so each sector's classes are contiguous.
    pub(crate) classes: Vec<ScianClass>,
}

impl Scian {
    pub(crate) fn parse() -> Result<Scian, CatalogError> {
        let sectors = parse_sectors()?;
        let classes = parse_classes(&sectors)?;
        Ok(Scian { sectors, classes })
    }

    fn sector(&self, code: &str) -> Option<&ScianSector> {
        let code = code.trim();
        self.sectors
            .iter()
            .find(|s| s.code == code)
            .or_else(|| self.sectors.iter().find(|s| s.covers(code)))
    }
}

fn parse_two_digits(s: &str) -> Option<u8> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn parse_sectors() -> Result<Vec<ScianSector>, CatalogError> {
    let mut out = Vec::with_capacity(20);
    for_each_row(SECTORS_FILE, SECTORS_CSV, &["codigo", "nombre"], |row| {
        let code = row.required(0, "codigo")?;
        let (first, last) = match code.split_once('-') {
            Some((a, b)) => (parse_two_digits(a), parse_two_digits(b)),
            None => (parse_two_digits(code), parse_two_digits(code)),
        };
        let (Some(first), Some(last)) = (first, last) else {
            return Err(row.error(format!(
                "sector code '{code}' is neither two digits nor a range 'NN-NN'"
            )));
        };
        if first > last {
            return Err(row.error(format!("sector range '{code}' is reversed")));
        }
        out.push(ScianSector {
            code: code.to_string(),
            name: row.required(1, "nombre")?.to_string(),
            first,
            last,
        });
        Ok(())
    })?;
    Ok(out)
}

fn parse_classes(sectors: &[ScianSector]) -> Result<Vec<ScianClass>, CatalogError> {
    let mut out: Vec<ScianClass> = Vec::with_capacity(1_100);
    let cols = ["scian_clase", "titulo", "subsector_3d", "sector_2d"];
    for_each_row(CLASSES_FILE, CLASSES_CSV, &cols, |row| {
        let code = row.digits(0, 6, "scian_clase")?;
        let subsector = row.digits(2, 3, "subsector_3d")?;
        let sector = row.digits(3, 2, "sector_2d")?;
        if !code.starts_with(subsector) || !code.starts_with(sector) {
            return Err(row.error(format!(
                "class {code} is not in subsector {subsector} and sector {sector}"
            )));
        }
        if !sectors.iter().any(|s| s.covers(sector)) {
            return Err(row.error(format!("sector {sector} of class {code} is not in {SECTORS_FILE}")));
        }
        out.push(ScianClass {
            code: code.to_string(),
            title: row.required(1, "titulo")?.to_string(),
            subsector: subsector.to_string(),
            sector: sector.to_string(),
        });
        Ok(())
    })?;
    out.sort_by(|a, b| a.code.cmp(&b.code));
    if let Some(w) = out.windows(2).find(|w| w[0].code == w[1].code) {
        return Err(CatalogError::file(
            CLASSES_FILE,
            format!("class {} appears twice", w[0].code),
        ));
    }
    Ok(out)
}

impl Catalogs {
    /// A six-digit class ("311812"). Binary search.
    pub fn scian_class(&self, code: &str) -> Option<&ScianClass> {
        let code = code.trim();
        let classes = &self.scian.classes;
        classes
            .binary_search_by(|c| c.code.as_str().cmp(code))
            .ok()
            .and_then(|i| classes.get(i))
    }

    /// Every class, sorted by code.
    pub fn scian_classes(&self) -> &[ScianClass] {
        &self.scian.classes
    }

    /// A sector by its code ("46", "31-33"); a two-digit code inside a range ("32") gives the
    /// range's sector.
    pub fn scian_sector(&self, code: &str) -> Option<&ScianSector> {
        self.scian.sector(code)
    }

    /// The 20 sectors, by code.
    pub fn scian_sectors(&self) -> &[ScianSector] {
        &self.scian.sectors
    }

    /// The sector of a six-digit class: class "311812" (sector "31") gives "31-33".
    pub fn scian_sector_of_class(&self, class: &str) -> Option<&ScianSector> {
        self.scian_class(class).and_then(|c| self.scian.sector(&c.sector))
    }

    /// The classes of a sector ("46", "31-33", or "32" for the whole "31-33" range), sorted by
    /// code; empty for an unknown sector.
    pub fn scian_classes_of_sector(&self, sector: &str) -> &[ScianClass] {
        let Some(s) = self.scian.sector(sector) else {
            return &[];
        };
        let classes = &self.scian.classes;
        let two = |c: &ScianClass| c.code.get(..2).and_then(|p| p.parse::<u8>().ok()).unwrap_or(0);
        let start = classes.partition_point(|c| two(c) < s.first);
        let end = classes.partition_point(|c| two(c) <= s.last);
        classes.get(start..end).unwrap_or(&[])
    }
}
