//! What workplaces do and how big they are: a sector mix and class weights after DENUE's
//! counts, and size-band distributions that depend on the activity.

use faro_core::catalog::Catalogs;
use faro_core::registry::SizeBand;
use rand::RngCore;

use crate::names;
use crate::random::{unit, Cumulative};

/// Share of establishments by sector, in percent, roughly as in DENUE. Sector 93 (government) is
/// left out: labor inspection covers private employers.
const SECTOR_WEIGHTS: &[(&str, f64)] = &[
    ("46", 36.0),
    ("81", 14.0),
    ("72", 12.0),
    ("31-33", 11.0),
    ("62", 4.5),
    ("43", 3.5),
    ("61", 2.5),
    ("54", 2.2),
    ("56", 2.2),
    ("71", 1.6),
    ("53", 1.6),
    ("52", 1.2),
    ("23", 0.9),
    ("48-49", 0.9),
    ("51", 0.5),
    ("11", 0.5),
    ("22", 0.2),
    ("21", 0.15),
    ("55", 0.05),
];

/// A distribution of establishment sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SizeProfile {
    /// Shops, stalls and workshops run by their owners.
    Micro,
    /// Restaurants, surgeries, offices.
    Small,
    /// Wholesale, construction, transport, schools.
    Medium,
    /// Factories and mines.
    Industrial,
    /// Supermarkets, department stores, hospitals, large hotels.
    Large,
    /// Branches of a chain: a handful to a few dozen staff.
    ChainStore,
}

impl SizeProfile {
    const ALL: [SizeProfile; 6] = [
        SizeProfile::Micro,
        SizeProfile::Small,
        SizeProfile::Medium,
        SizeProfile::Industrial,
        SizeProfile::Large,
        SizeProfile::ChainStore,
    ];

    /// Relative weights of the bands 0-5, 6-10, 11-30, 31-50, 51-100, 101-250, 251+.
    fn band_weights(self) -> [f64; 7] {
        match self {
            SizeProfile::Micro => [965.0, 25.0, 7.0, 1.5, 0.8, 0.4, 0.3],
            SizeProfile::Small => [860.0, 90.0, 38.0, 7.0, 3.0, 1.5, 0.5],
            SizeProfile::Medium => [640.0, 180.0, 120.0, 30.0, 17.0, 9.0, 4.0],
            SizeProfile::Industrial => [350.0, 150.0, 200.0, 80.0, 85.0, 75.0, 60.0],
            SizeProfile::Large => [0.0, 20.0, 180.0, 220.0, 260.0, 210.0, 110.0],
            SizeProfile::ChainStore => [300.0, 550.0, 140.0, 8.0, 2.0, 0.0, 0.0],
        }
    }

    fn position(self) -> usize {
        SizeProfile::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// Default class weight and size profile of each sector.
const SECTOR_DEFAULTS: &[(&str, f64, SizeProfile)] = &[
    ("11", 1.0, SizeProfile::Medium),
    ("21", 0.3, SizeProfile::Industrial),
    ("22", 0.5, SizeProfile::Medium),
    ("23", 1.0, SizeProfile::Medium),
    ("31-33", 0.15, SizeProfile::Industrial),
    ("43", 1.5, SizeProfile::Medium),
    ("46", 3.0, SizeProfile::Micro),
    ("48-49", 0.5, SizeProfile::Medium),
    ("51", 0.5, SizeProfile::Medium),
    ("52", 0.5, SizeProfile::Small),
    ("53", 1.0, SizeProfile::Micro),
    ("54", 1.0, SizeProfile::Small),
    ("55", 1.0, SizeProfile::Industrial),
    ("56", 1.0, SizeProfile::Small),
    ("61", 1.0, SizeProfile::Medium),
    ("62", 1.0, SizeProfile::Small),
    ("71", 1.0, SizeProfile::Micro),
    ("72", 3.0, SizeProfile::Small),
    ("81", 3.0, SizeProfile::Micro),
];

/// Classes much more common than their sector's default, in thousands of DENUE establishments
/// (roughly). Classes not listed take the sector default; public-sector classes weigh zero.
const CLASS_WEIGHTS: &[(&str, f64)] = &[
    // Retail.
    ("461110", 570.0),
    ("461121", 45.0),
    ("461122", 35.0),
    ("461130", 70.0),
    ("461150", 15.0),
    ("461160", 20.0),
    ("461170", 25.0),
    ("461190", 80.0),
    ("461212", 45.0),
    ("461213", 60.0),
    ("462112", 50.0),
    ("463211", 160.0),
    ("463215", 25.0),
    ("463310", 40.0),
    ("464111", 45.0),
    ("464112", 15.0),
    ("465111", 30.0),
    ("465311", 110.0),
    ("465912", 30.0),
    ("465919", 30.0),
    ("466111", 25.0),
    ("466212", 30.0),
    ("466312", 20.0),
    ("467111", 85.0),
    ("467115", 15.0),
    ("468211", 60.0),
    ("468213", 15.0),
    ("468411", 12.0),
    // Food and lodging.
    ("721111", 8.0),
    ("721112", 10.0),
    ("722330", 10.0),
    ("722412", 20.0),
    ("722511", 90.0),
    ("722512", 25.0),
    ("722513", 120.0),
    ("722514", 120.0),
    ("722515", 70.0),
    ("722517", 45.0),
    ("722518", 40.0),
    ("722519", 50.0),
    // Other services.
    ("811111", 80.0),
    ("811121", 30.0),
    ("811122", 8.0),
    ("811191", 25.0),
    ("811192", 25.0),
    ("811211", 25.0),
    ("811410", 15.0),
    ("811430", 15.0),
    ("811491", 8.0),
    ("811492", 15.0),
    ("811499", 15.0),
    ("812110", 170.0),
    ("812210", 30.0),
    ("812310", 6.0),
    ("812410", 10.0),
    ("812990", 15.0),
    ("813110", 5.0),
    ("813210", 60.0),
    ("813230", 15.0),
    ("814110", 0.0),
    // Manufacturing.
    ("311520", 15.0),
    ("311812", 60.0),
    ("311813", 5.0),
    ("311830", 100.0),
    ("311993", 10.0),
    ("312112", 20.0),
    ("314991", 8.0),
    ("315225", 10.0),
    ("316211", 6.0),
    ("321910", 10.0),
    ("323119", 20.0),
    ("327121", 15.0),
    ("332320", 60.0),
    ("332710", 5.0),
    ("337120", 25.0),
    ("339912", 4.0),
    ("339950", 6.0),
    ("339999", 4.0),
    // Wholesale.
    ("431110", 20.0),
    ("431130", 8.0),
    ("431211", 8.0),
    ("434211", 10.0),
    ("434219", 8.0),
    ("434311", 12.0),
    ("434314", 5.0),
    ("436112", 8.0),
    // Health.
    ("621111", 70.0),
    ("621113", 35.0),
    ("621211", 40.0),
    ("621115", 6.0),
    ("621320", 8.0),
    ("621331", 6.0),
    ("621511", 10.0),
    ("622111", 3.0),
    ("624411", 6.0),
    // Education.
    ("611111", 15.0),
    ("611121", 10.0),
    ("611131", 5.0),
    ("611161", 5.0),
    ("611311", 4.0),
    ("611611", 3.0),
    ("611621", 3.0),
    ("611631", 3.0),
    ("611691", 3.0),
    // Professional services.
    ("541110", 20.0),
    ("541120", 4.0),
    ("541211", 25.0),
    ("541310", 5.0),
    ("541330", 5.0),
    ("541430", 5.0),
    ("541510", 4.0),
    ("541610", 4.0),
    ("541890", 6.0),
    ("541920", 8.0),
    ("541941", 15.0),
    // Business support.
    ("561320", 2.0),
    ("561431", 25.0),
    ("561432", 20.0),
    ("561510", 8.0),
    ("561610", 5.0),
    ("561720", 5.0),
    // Recreation.
    ("711131", 3.0),
    ("713120", 8.0),
    ("713291", 6.0),
    ("713941", 4.0),
    ("713943", 15.0),
    ("713991", 8.0),
    // Real estate and rentals.
    ("531113", 10.0),
    ("531114", 10.0),
    ("531210", 8.0),
    ("532281", 4.0),
    ("532282", 20.0),
    // Finance.
    ("521110", 0.0),
    ("522110", 12.0),
    ("522320", 6.0),
    ("522452", 10.0),
    ("522460", 4.0),
    ("524210", 5.0),
    // Construction, transport, media, primary.
    ("236111", 5.0),
    ("238130", 3.0),
    ("484119", 5.0),
    ("484129", 3.0),
    ("485111", 2.0),
    ("485311", 3.0),
    ("492210", 2.0),
    ("516110", 1.5),
    ("517311", 3.0),
    ("517312", 3.0),
    ("512130", 1.0),
    ("114119", 3.0),
    ("212321", 1.0),
    ("212311", 0.5),
    ("221311", 1.0),
];

/// Size profiles that differ from the sector default, by class code or prefix (longest wins).
const PROFILE_OVERRIDES: &[(&str, SizeProfile)] = &[
    // Craft manufacturing.
    ("311340", SizeProfile::Micro),
    ("311520", SizeProfile::Micro),
    ("311812", SizeProfile::Micro),
    ("311813", SizeProfile::Micro),
    ("311830", SizeProfile::Micro),
    ("311993", SizeProfile::Micro),
    ("312112", SizeProfile::Micro),
    ("312113", SizeProfile::Small),
    ("314991", SizeProfile::Micro),
    ("315225", SizeProfile::Micro),
    ("316219", SizeProfile::Micro),
    ("321910", SizeProfile::Micro),
    ("321992", SizeProfile::Micro),
    ("321999", SizeProfile::Micro),
    ("323119", SizeProfile::Micro),
    ("327121", SizeProfile::Micro),
    ("332320", SizeProfile::Micro),
    ("332710", SizeProfile::Small),
    ("337120", SizeProfile::Micro),
    ("339912", SizeProfile::Micro),
    ("339913", SizeProfile::Micro),
    ("339950", SizeProfile::Micro),
    ("339994", SizeProfile::Micro),
    ("3116", SizeProfile::Small),
    // Retail.
    ("462111", SizeProfile::Large),
    ("462112", SizeProfile::Small),
    ("462210", SizeProfile::Large),
    ("466112", SizeProfile::Small),
    ("468111", SizeProfile::Medium),
    ("468411", SizeProfile::Medium),
    // Lodging and food.
    ("721111", SizeProfile::Large),
    ("721120", SizeProfile::Large),
    ("721112", SizeProfile::Small),
    ("722310", SizeProfile::Medium),
    ("722516", SizeProfile::Medium),
    ("722513", SizeProfile::Micro),
    ("722514", SizeProfile::Micro),
    ("722515", SizeProfile::Micro),
    ("722518", SizeProfile::Micro),
    ("722519", SizeProfile::Micro),
    // Health and education.
    ("621111", SizeProfile::Micro),
    ("621113", SizeProfile::Micro),
    ("621211", SizeProfile::Micro),
    ("621320", SizeProfile::Micro),
    ("621331", SizeProfile::Micro),
    ("622", SizeProfile::Large),
    ("6244", SizeProfile::Small),
    ("611111", SizeProfile::Small),
    ("611311", SizeProfile::Industrial),
    ("611611", SizeProfile::Small),
    ("611621", SizeProfile::Small),
    ("611631", SizeProfile::Small),
    ("611691", SizeProfile::Micro),
    // Services.
    ("561320", SizeProfile::Industrial),
    ("561330", SizeProfile::Industrial),
    ("561422", SizeProfile::Industrial),
    ("561610", SizeProfile::Industrial),
    ("561720", SizeProfile::Medium),
    ("561431", SizeProfile::Micro),
    ("561432", SizeProfile::Micro),
    ("485311", SizeProfile::Micro),
    ("485312", SizeProfile::Micro),
    ("522110", SizeProfile::Medium),
    ("713111", SizeProfile::Large),
    ("713210", SizeProfile::Large),
    ("713941", SizeProfile::Medium),
    ("713943", SizeProfile::Small),
];

/// A class the generator can draw, with what it needs to name and size its workplaces.
#[derive(Debug, Clone)]
pub(crate) struct ClassPlan {
    /// Index into `Catalogs::scian_classes()`.
    pub(crate) class: usize,
    /// The sector code as the sectors file writes it ("31-33").
    pub(crate) sector: &'static str,
    pub(crate) profile: SizeProfile,
    /// Nouns for a small business of this class ("Taquería").
    pub(crate) nouns: &'static [&'static str],
}

/// The activity mix: sectors, then classes within a sector.
#[derive(Debug, Clone)]
pub(crate) struct Industry {
    sectors: Vec<(&'static str, Vec<ClassPlan>, Cumulative)>,
    sector_pick: Cumulative,
    bands: Vec<Cumulative>,
}

fn is_public_sector(title: &str) -> bool {
    title.contains("sector público")
}

fn profile_for(code: &str, default: SizeProfile) -> SizeProfile {
    PROFILE_OVERRIDES
        .iter()
        .filter(|(prefix, _)| code.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(default, |(_, p)| *p)
}

impl Industry {
    pub(crate) fn new(cat: &Catalogs) -> Industry {
        let all = cat.scian_classes();
        let mut sectors = Vec::new();
        let mut weights = Vec::new();
        for &(sector, share) in SECTOR_WEIGHTS {
            let (default_weight, default_profile) = SECTOR_DEFAULTS
                .iter()
                .find(|d| d.0 == sector)
                .map_or((1.0, SizeProfile::Small), |d| (d.1, d.2));
            let classes = cat.scian_classes_of_sector(sector);
            let first = classes.first().map_or(0, |f| all.partition_point(|c| c.code < f.code));
            let mut plans = Vec::with_capacity(classes.len());
            let mut class_weights = Vec::with_capacity(classes.len());
            for (i, c) in classes.iter().enumerate() {
                let weight = if is_public_sector(&c.title) {
                    0.0
                } else {
                    CLASS_WEIGHTS
                        .iter()
                        .find(|w| w.0 == c.code)
                        .map_or(default_weight, |w| w.1)
                };
                class_weights.push(weight);
                plans.push(ClassPlan {
                    class: first + i,
                    sector,
                    profile: profile_for(&c.code, default_profile),
                    nouns: names::business_nouns(&c.code),
                });
            }
            let pick = Cumulative::new(class_weights);
            weights.push(if pick.total() > 0.0 { share } else { 0.0 });
            sectors.push((sector, plans, pick));
        }
        let bands = SizeProfile::ALL
            .iter()
            .map(|p| Cumulative::new(p.band_weights()))
            .collect();
        Industry {
            sectors,
            sector_pick: Cumulative::new(weights),
            bands,
        }
    }

    /// Draws a class: a sector by its share, then a class by its weight.
    pub(crate) fn draw(&self, rng: &mut impl RngCore) -> Option<&ClassPlan> {
        let (_, plans, pick) = self.sectors.get(self.sector_pick.draw(rng)?)?;
        plans.get(pick.draw(rng)?)
    }

    /// The plan of a given class code, if the generator knows it.
    pub(crate) fn class(&self, code: &str, cat: &Catalogs) -> Option<&ClassPlan> {
        let all = cat.scian_classes();
        self.sectors
            .iter()
            .flat_map(|(_, plans, _)| plans.iter())
            .find(|p| all.get(p.class).is_some_and(|c| c.code == code))
    }

    /// Draws a size band for a profile.
    pub(crate) fn band(&self, rng: &mut impl RngCore, profile: SizeProfile) -> SizeBand {
        self.bands
            .get(profile.position())
            .and_then(|c| c.draw(rng))
            .and_then(|i| SizeBand::ALL.get(i).copied())
            .unwrap_or(SizeBand::B0To5)
    }
}

/// A headcount inside the band: owner-run units mostly have one to three persons; inside other
/// bands smaller numbers are likelier; above 250 a heavy (Pareto) tail up to 20,000.
pub(crate) fn headcount(rng: &mut impl RngCore, band: SizeBand) -> u32 {
    match band.bounds() {
        (0, Some(5)) => {
            const SMALL: [f64; 6] = [0.03, 0.30, 0.28, 0.18, 0.12, 0.09];
            let x = unit(rng);
            let mut acc = 0.0;
            for (n, p) in SMALL.iter().enumerate() {
                acc += p;
                if x < acc {
                    return n as u32;
                }
            }
            5
        }
        (lo, Some(hi)) => {
            let span = f64::from(hi - lo + 1);
            let offset = (span * unit(rng).powf(1.6)).floor() as u32;
            (lo + offset).min(hi)
        }
        (lo, None) => {
            let u = unit(rng).max(1e-9);
            let n = f64::from(lo) * u.powf(-1.0 / 1.3);
            (n as u32).clamp(lo, 20_000)
        }
    }
}
