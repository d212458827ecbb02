//! Official catalogs: states and municipalities (INEGI), economic activities (SCIAN), the UMA and
//! minimum wages, and postal codes (SEPOMEX).
//!
//! The catalog files live in `data/catalogs/` (see its README and PROVENANCE) and are embedded in
//! the binary at compile time; nothing is read from disk. [`Catalogs::embedded`] parses them all
//! once; callers keep the result in an `Arc` and share it.

mod error;
mod geo;
mod money;
mod postal;
mod scian;
mod table;
#[cfg(test)]
mod tests;

pub use error::CatalogError;
pub use geo::{Municipality, State};
pub use money::{MinimumWage, Money, ParseMoneyError, UmaValue, WageZone};
pub use postal::{MunicipalSettlements, PostalSettlement};
pub use scian::{ScianClass, ScianSector};

/// Every official catalog, parsed and indexed. Lookups are by binary search over sorted vectors.
#[derive(Debug, Clone)]
pub struct Catalogs {
    geo: geo::Geo,
    scian: scian::Scian,
    money: money::MoneyTables,
    matcher: postal::NameMatcher,
    postal: postal::PostalIndex,
}

impl Catalogs {
    /// Parses the catalogs embedded in the binary. Fails only if a catalog file is malformed,
    /// which the tests rule out for the files shipped.
    pub fn embedded() -> Result<Catalogs, CatalogError> {
        let geo = geo::Geo::parse()?;
        let matcher = postal::NameMatcher::new(&geo)?;
        let postal = postal::PostalIndex::parse(&geo, &matcher)?;
        Ok(Catalogs {
            scian: scian::Scian::parse()?,
            money: money::MoneyTables::parse()?,
            geo,
            matcher,
            postal,
        })
    }
}
