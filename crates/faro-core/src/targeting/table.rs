//! Compact per-candidate columns (sector and area as small integers, the small flag) and the one
//! order every stage uses: probability descending, ties by workplace id ascending.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::spec::Candidate;

/// The candidates as columns indexed by their position in the input slice ("row").
pub(super) struct Table<'a> {
    pub rows: &'a [Candidate],
    /// Sector number of each row; numbers follow the sector codes' order.
    pub sector: Vec<u32>,
    pub sector_names: Vec<&'a str>,
    pub small: Vec<bool>,
    /// Area number of each row (empty when areas are not needed); numbers follow the codes' order.
    pub area: Vec<u32>,
    pub area_names: Vec<&'a str>,
}

impl<'a> Table<'a> {
    /// One pass over the candidates (they can be millions, and each pass costs a read of all).
    pub fn build(rows: &'a [Candidate], with_areas: bool) -> Self {
        let mut sectors = Interner::default();
        let mut areas = Interner::default();
        let mut sector = Vec::with_capacity(rows.len());
        let mut area = Vec::with_capacity(if with_areas { rows.len() } else { 0 });
        let mut small = Vec::with_capacity(rows.len());
        for c in rows {
            sector.push(sectors.id(&c.sector));
            if with_areas {
                area.push(areas.id(&c.municipality));
            }
            small.push(c.is_small());
        }
        let sector_names = sectors.finish(&mut sector);
        let area_names = areas.finish(&mut area);
        Self {
            rows,
            sector,
            sector_names,
            small,
            area,
            area_names,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn p(&self, row: u32) -> f64 {
        self.rows[row as usize].probability
    }

    pub fn sector_of(&self, row: u32) -> usize {
        self.sector[row as usize] as usize
    }

    pub fn is_small(&self, row: u32) -> bool {
        self.small[row as usize]
    }

    /// Sort key: ascending key = better candidate. Probabilities are validated to be in 0..=1, so
    /// the bit pattern orders them; -0.0 is folded into 0.0.
    pub fn key(&self, row: u32) -> (u64, i64) {
        let c = &self.rows[row as usize];
        let p = if c.probability == 0.0 { 0.0 } else { c.probability };
        (!p.to_bits(), c.workplace_id)
    }

    /// Sorts rows best first.
    pub fn sort_best_first(&self, rows: &mut [u32]) {
        let mut keyed: Vec<(u64, i64, u32)> = rows
            .iter()
            .map(|&r| {
                let (a, b) = self.key(r);
                (a, b, r)
            })
            .collect();
        keyed.sort_unstable();
        for (slot, (_, _, r)) in rows.iter_mut().zip(keyed) {
            *slot = r;
        }
    }

    /// Every row, best first, with its probability alongside (read once, in input order).
    pub fn all_best_first(&self) -> (Vec<u32>, Vec<f64>) {
        let mut keyed: Vec<(u64, i64, u32)> = (0..self.len())
            .map(|r| {
                let r = row_u32(r);
                let (a, b) = self.key(r);
                (a, b, r)
            })
            .collect();
        keyed.sort_unstable();
        let rows = keyed.iter().map(|&(_, _, r)| r).collect();
        let probabilities = keyed.iter().map(|&(bits, _, _)| f64::from_bits(!bits)).collect();
        (rows, probabilities)
    }

    /// Keeps the best `depth` rows (in no particular order), in linear time.
    pub fn keep_best(&self, rows: &mut Vec<u32>, depth: usize) {
        if rows.len() <= depth {
            return;
        }
        if depth == 0 {
            rows.clear();
            return;
        }
        rows.select_nth_unstable_by_key(depth - 1, |&r| self.key(r));
        rows.truncate(depth);
    }

    /// Rows grouped by sector number.
    pub fn rows_by_sector(&self) -> Vec<Vec<u32>> {
        let mut groups = vec![Vec::new(); self.sector_names.len()];
        for (row, &s) in self.sector.iter().enumerate() {
            groups[s as usize].push(row_u32(row));
        }
        groups
    }
}

/// Rows are checked to fit in u32 before a table is built.
pub(super) fn row_u32(row: usize) -> u32 {
    u32::try_from(row).unwrap_or(u32::MAX)
}

/// Numbers distinct codes as they come, then renumbers them in sorted order so that results never
/// depend on the input order. Remembers the last code, since candidates often come grouped.
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, u32, BuildHasherDefault<Fnv>>,
    last: Option<(&'a str, u32)>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, code: &'a str) -> u32 {
        if let Some((last, id)) = self.last {
            if last == code {
                return id;
            }
        }
        let next = row_u32(self.ids.len());
        let id = *self.ids.entry(code).or_insert(next);
        self.last = Some((code, id));
        id
    }

    /// Renumbers `ids` in code order and returns the codes by number.
    fn finish(self, ids: &mut [u32]) -> Vec<&'a str> {
        let mut names: Vec<(&'a str, u32)> = self.ids.into_iter().collect();
        names.sort_unstable();
        let mut remap = vec![0u32; names.len()];
        for (sorted, &(_, seen)) in names.iter().enumerate() {
            remap[seen as usize] = row_u32(sorted);
        }
        for id in ids {
            *id = remap[*id as usize];
        }
        names.into_iter().map(|(n, _)| n).collect()
    }
}

/// FNV-1a: codes are a few bytes and not attacker-chosen, so the default SipHash is needless cost.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
