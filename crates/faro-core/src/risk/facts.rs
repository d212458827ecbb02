//! The facts the store reads for the risk model: compact, because a national registry has five
//! million workplaces and a million inspections.

use chrono::NaiveDate;

use crate::inspection::{Matter, Origin};
use crate::registry::SizeBand;

/// A set of inspection matters, one bit per [`Matter::ALL`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MatterSet(u8);

impl MatterSet {
    pub const EMPTY: MatterSet = MatterSet(0);

    pub fn index(matter: Matter) -> usize {
        Matter::ALL.iter().position(|m| *m == matter).unwrap_or(0)
    }
    pub fn with(self, matter: Matter) -> MatterSet {
        MatterSet(self.0 | (1 << Self::index(matter)))
    }
    pub fn contains(self, matter: Matter) -> bool {
        self.0 & (1 << Self::index(matter)) != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn iter(self) -> impl Iterator<Item = Matter> {
        Matter::ALL.into_iter().filter(move |m| self.contains(*m))
    }
}

impl FromIterator<Matter> for MatterSet {
    fn from_iter<I: IntoIterator<Item = Matter>>(iter: I) -> Self {
        iter.into_iter().fold(MatterSet::EMPTY, MatterSet::with)
    }
}

/// A workplace as the registry has it today. Codes are kept as numbers: the municipality's INEGI
/// key (`cvegeo`, state x 1000 + municipality) and the six-digit SCIAN class.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkplaceFacts {
    pub id: i64,
    pub employer_id: i64,
    pub municipality: u32,
    pub scian_class: u32,
    pub size_band: SizeBand,
    pub headcount: Option<u32>,
    pub registered_on: Option<NaiveDate>,
}

impl WorkplaceFacts {
    pub fn state(&self) -> u32 {
        self.municipality / 1000
    }
    pub fn sector(&self) -> u32 {
        self.scian_class / 10_000
    }
    pub fn subsector(&self) -> u32 {
        self.scian_class / 1_000
    }
}

/// A closed inspection record: when the visit was, when its outcome became known (the record's
/// closing day), why it was made, the matters it covered and those where it found violations.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionFacts {
    pub id: i64,
    pub workplace_id: i64,
    pub employer_id: i64,
    pub visited_on: NaiveDate,
    pub known_on: NaiveDate,
    pub origin: Origin,
    pub matters: MatterSet,
    pub findings: MatterSet,
}

/// A fine imposed on an employer (amounts in centavos) and what was paid of it, when.
#[derive(Debug, Clone, PartialEq)]
pub struct FineFacts {
    pub employer_id: i64,
    pub imposed_on: NaiveDate,
    pub amount: i64,
    pub payments: Vec<(NaiveDate, i64)>,
}

/// A conciliation request naming the employer, on the day it was filed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConciliationFacts {
    pub employer_id: i64,
    pub filed_on: NaiveDate,
}
