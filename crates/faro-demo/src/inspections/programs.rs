//! The inspection programs the demo's ordinary inspections belong to: each year, in each state,
//! the federal office's program and the state's own (LFT 527 and 529 split the matters between
//! them), running January to December with a tenth of their inspections drawn at random.

use chrono::{Datelike, NaiveDate};
use faro_core::catalog::Catalogs;
use faro_core::inspection::program::ProgramDraft;
use faro_core::{Jurisdiction, StateCode};

use super::HistoryConfig;

/// Inspections one inspector carries out in a month, as the programs plan it.
pub const CAPACITY_PER_INSPECTOR: u32 = 20;

/// Percentage of each program kept for workplaces drawn at random.
pub const RANDOM_SHARE_PCT: u32 = 10;

/// One program of the demo: the authority, the state where its office works, its year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoProgram {
    pub jurisdiction: Jurisdiction,
    pub state: StateCode,
    pub year: i32,
    pub draft: ProgramDraft,
}

/// The programs of every year the history touches (its window and the visits already planned
/// after it), in a fixed order: by year, state, then federal before state.
pub fn demo_programs(cfg: &HistoryConfig, cat: &Catalogs) -> Vec<DemoProgram> {
    let window = super::window(cfg);
    let mut out = Vec::new();
    for year in window.start.year()..=window.horizon.year() {
        let (Some(starts_on), Some(ends_on)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            continue;
        };
        for state in StateCode::all() {
            let name = cat
                .state(state)
                .map_or_else(|| state.as_str(), |s| s.short_name.clone());
            for jurisdiction in [Jurisdiction::Federal, Jurisdiction::State(state)] {
                let (title, office) = match jurisdiction {
                    Jurisdiction::Federal => (
                        format!("Programa de inspección federal {year} en {name}"),
                        format!("Oficina de Representación Federal del Trabajo en {name}"),
                    ),
                    Jurisdiction::State(_) => (
                        format!("Programa estatal de inspección {year}, {name}"),
                        format!("Dirección de Inspección del Trabajo de {name}"),
                    ),
                };
                out.push(DemoProgram {
                    jurisdiction,
                    state,
                    year,
                    draft: ProgramDraft {
                        name: title,
                        jurisdiction,
                        office,
                        starts_on,
                        ends_on,
                        capacity_per_inspector: CAPACITY_PER_INSPECTOR,
                        random_share_pct: RANDOM_SHARE_PCT,
                    },
                });
            }
        }
    }
    out
}
