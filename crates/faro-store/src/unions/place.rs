//! Where an agreement or a certificate request is, resolved against the registry of employers and
//! workplaces, and the look-ups a write repeats (a bulk batch asks the same ones many times).

use std::collections::HashMap;

use faro_core::ids::normalize;
use faro_core::{DomainError, Jurisdiction};

use super::derive::sector_of;
use super::Site;
use crate::tx::Tx;
use crate::StoreError;

/// A resolved [`Site`], as the read rows store it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) employer_id: Option<i64>,
    pub(crate) workplace_id: Option<i64>,
    pub(crate) state: String,
    pub(crate) municipality: String,
    pub(crate) sector: String,
    pub(crate) jurisdiction: Jurisdiction,
}

/// A workplace of the registry: its employer, state, municipality and SCIAN class.
#[derive(Debug, Clone)]
struct WorkplaceFacts {
    employer_id: i64,
    state: String,
    municipality: String,
    scian_class: String,
}

/// A union of the registry by its registration number: its id and whether it is registered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnionRef {
    pub(crate) id: i64,
    pub(crate) registered: bool,
}

/// The look-ups of one write, remembered for the rest of it.
#[derive(Default)]
pub(crate) struct Lookups {
    employers: HashMap<String, Option<i64>>,
    workplaces: HashMap<i64, Option<WorkplaceFacts>>,
    unions: HashMap<String, Option<UnionRef>>,
}

fn site_error(field: &'static str, code: &'static str, detail: String) -> StoreError {
    StoreError::Domain(DomainError::field(field, code, detail))
}

impl Lookups {
    /// The registry's employer with this RFC (the lowest id if several share it).
    pub(crate) fn employer(&mut self, tx: &mut dyn Tx, rfc: &str) -> Result<Option<i64>, StoreError> {
        let rfc = normalize(rfc);
        if rfc.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self.employers.get(&rfc) {
            return Ok(*id);
        }
        let id = tx
            .query_one(
                "SELECT id FROM employers WHERE rfc = ? ORDER BY id LIMIT 1",
                &[rfc.clone().into()],
            )?
            .map(|r| r.i64(0))
            .transpose()?;
        self.employers.insert(rfc, id);
        Ok(id)
    }

    fn workplace(&mut self, tx: &mut dyn Tx, id: i64) -> Result<Option<WorkplaceFacts>, StoreError> {
        if let Some(w) = self.workplaces.get(&id) {
            return Ok(w.clone());
        }
        let w = tx
            .query_one(
                "SELECT employer_id, state, municipality, scian_class FROM workplaces WHERE id = ?",
                &[id.into()],
            )?
            .map(|r| {
                Ok::<_, StoreError>(WorkplaceFacts {
                    employer_id: r.i64(0)?,
                    state: r.string(1)?,
                    municipality: r.string(2)?,
                    scian_class: r.string(3)?,
                })
            })
            .transpose()?;
        self.workplaces.insert(id, w.clone());
        Ok(w)
    }

    /// The union registered under `registration_number` (spaces around it aside).
    pub(crate) fn union(&mut self, tx: &mut dyn Tx, registration_number: &str) -> Result<Option<UnionRef>, StoreError> {
        let key = registration_number.trim().to_string();
        if key.is_empty() {
            return Ok(None);
        }
        if let Some(u) = self.unions.get(&key) {
            return Ok(*u);
        }
        let u = tx
            .query_one(
                "SELECT id, status FROM unions WHERE registration_number = ?",
                &[key.clone().into()],
            )?
            .map(|r| {
                let status = r.string(1)?;
                Ok::<_, StoreError>(UnionRef {
                    id: r.i64(0)?,
                    registered: matches!(status.as_str(), "registered" | "deemed_registered"),
                })
            })
            .transpose()?;
        // Only a hit is remembered: a union registered later in the same batch must be found.
        if u.is_some() {
            self.unions.insert(key, u);
        }
        Ok(u)
    }

    /// Resolves a site: the registry's workplace (which must exist) gives the state, municipality,
    /// sector and employer; otherwise the site's own fields do and the employer is matched by
    /// `employer_rfc`.
    pub(crate) fn place(&mut self, tx: &mut dyn Tx, site: &Site, employer_rfc: &str) -> Result<Place, StoreError> {
        let (employer_id, state, municipality, sector) = match site.workplace_id {
            Some(w) => {
                let facts = self.workplace(tx, w)?.ok_or_else(|| {
                    site_error(
                        "workplace_id",
                        "union_registry.workplace_unknown",
                        format!("workplace {w} is not in the registry"),
                    )
                })?;
                let sector = sector_of(&facts.scian_class).unwrap_or_default();
                (Some(facts.employer_id), facts.state, facts.municipality, sector)
            }
            None => {
                let sector = sector_of(&site.sector).ok_or_else(|| {
                    site_error(
                        "sector",
                        "union_registry.sector_invalid",
                        format!("'{}' is not a SCIAN sector (two digits or more)", site.sector.trim()),
                    )
                })?;
                (
                    self.employer(tx, employer_rfc)?,
                    site.state.map(|s| s.as_str()).unwrap_or_default(),
                    site.municipality.trim().to_string(),
                    sector,
                )
            }
        };
        let jurisdiction = if site.federal {
            Jurisdiction::Federal
        } else {
            let st = state.parse().map_err(|_| {
                site_error(
                    "state",
                    "union_registry.state_required",
                    "a record under a state's labour jurisdiction needs its state".into(),
                )
            })?;
            Jurisdiction::State(st)
        };
        Ok(Place {
            employer_id,
            workplace_id: site.workplace_id,
            state,
            municipality,
            sector,
            jurisdiction,
        })
    }
}
