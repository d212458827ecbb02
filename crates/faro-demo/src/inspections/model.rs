//! The model behind the demo's inspection outcomes: how often a workplace is inspected, and how
//! likely each protocol question is to fail there. The module comment of `inspections` states it
//! in full; the numbers live here.

use faro_core::registry::SizeBand;
use faro_core::StateCode;
use rand::RngCore;

use crate::random::unit;

/// Expected inspections of a workplace over the five years, by size band (before the sector's
/// visit factor). Larger workplaces are programmed more often.
pub fn visits_by_size(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 => 0.15,
        SizeBand::B6To10 => 0.39,
        SizeBand::B11To30 => 0.75,
        SizeBand::B31To50 => 1.1,
        SizeBand::B51To100 => 1.4,
        SizeBand::B101To250 => 1.75,
        SizeBand::B251Plus => 2.2,
    }
}

/// How much more often than average a sector is programmed (high-risk sectors first).
pub fn visits_by_sector(sector: &str) -> f64 {
    match sector {
        "23" => 1.8,
        "21" | "22" => 1.6,
        "11" => 1.3,
        "31" | "32" | "33" => 1.4,
        "48" | "49" => 1.3,
        "56" => 1.3,
        "72" => 1.05,
        "52" | "54" | "55" => 0.8,
        _ => 1.0,
    }
}

/// How much more likely than average a workplace of this two-digit sector is to fail a question:
/// construction, agriculture and manufacturing highest, finance and professional services lowest.
pub fn sector_factor(sector: &str) -> f64 {
    match sector {
        "23" => 2.6,
        "11" => 2.4,
        "31" | "32" | "33" => 1.8,
        "21" => 1.8,
        "56" => 1.5,
        "48" | "49" => 1.4,
        "72" => 1.3,
        "81" => 1.15,
        "46" | "71" => 1.0,
        "43" => 0.9,
        "53" => 0.75,
        "62" => 0.6,
        "61" => 0.55,
        "51" => 0.5,
        "54" => 0.45,
        "22" | "55" => 0.4,
        "52" => 0.3,
        _ => 1.0,
    }
}

/// Smaller workplaces fail more often (fewer resources for compliance).
pub fn size_factor(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 => 1.7,
        SizeBand::B6To10 => 1.4,
        SizeBand::B11To30 => 1.1,
        SizeBand::B31To50 => 0.9,
        SizeBand::B51To100 => 0.75,
        SizeBand::B101To250 => 0.65,
        SizeBand::B251Plus => 0.55,
    }
}

/// Regional differences in compliance: the south and southeast higher, the north lower.
pub fn region_factor(state: StateCode) -> f64 {
    match state.number() {
        // Chiapas, Guerrero, Oaxaca.
        7 | 12 | 20 => 1.5,
        // Campeche, Tabasco, Veracruz, Yucatán, Quintana Roo, Michoacán, Puebla, Hidalgo, Tlaxcala.
        4 | 27 | 30 | 31 | 23 | 16 | 21 | 13 | 29 => 1.25,
        // Baja California, Baja California Sur, Coahuila, Chihuahua, Nuevo León, Sonora, Tamaulipas.
        2 | 3 | 5 | 8 | 19 | 26 | 28 => 0.75,
        _ => 1.0,
    }
}

/// A workplace whose previous record had findings is this much more likely to fail again.
pub const PRIOR_FINDINGS_FACTOR: f64 = 1.7;

/// Extraordinary inspections follow complaints, which are usually founded.
pub const COMPLAINT_FACTOR: f64 = 1.6;

/// No question fails with a probability above this.
pub const MAX_FAILURE: f64 = 0.6;

/// The employer's hidden compliance culture, shared by all its workplaces and never stored:
/// 0.7 (careful, 35%), 1.0 (45%) or 1.6 (careless, 20%). A model can only see it through the
/// employer's and the workplace's past findings.
pub fn employer_culture(rng: &mut impl RngCore) -> f64 {
    let x = unit(rng);
    if x < 0.35 {
        0.7
    } else if x < 0.8 {
        1.0
    } else {
        1.6
    }
}

/// The mean of [`employer_culture`]: 0.35 x 0.7 + 0.45 x 1.0 + 0.2 x 1.6.
pub const MEAN_CULTURE: f64 = 1.015;

/// The base probability that a question fails, for an average workplace in an ordinary
/// inspection. Questions not listed fail with [`DEFAULT_BASE`].
const BASE: &[(&str, f64)] = &[
    ("gc.written_conditions", 0.05),
    ("gc.social_security", 0.05),
    ("gc.profit_sharing", 0.04),
    ("gc.profit_sharing_disclosure", 0.035),
    ("gc.overtime_pay", 0.03),
    ("gc.aguinaldo", 0.025),
    ("gc.vacation_premium", 0.03),
    ("gc.vacation_days", 0.03),
    ("gc.weekly_hours", 0.025),
    ("gc.electronic_time_record", 0.06),
    ("gc.minimum_wage", 0.0035),
    ("gc.mexican_workers", 0.003),
    ("sh.safety_commission", 0.06),
    ("sh.risk_assessment", 0.06),
    ("sh.psychosocial_risk", 0.05),
    ("sh.fire_prevention", 0.04),
    ("sh.personal_protective_equipment", 0.035),
    ("sh.first_aid", 0.03),
    ("sh.work_at_height", 0.04),
    ("tr.joint_commission", 0.06),
    ("tr.plans_kept", 0.05),
    ("tr.competence_certificates", 0.04),
    ("sc.repse_registration", 0.06),
    ("sc.no_personnel_subcontracting", 0.03),
    ("dh.protocol", 0.08),
    ("dh.no_sexual_harassment", 0.02),
    ("fa.collective_agreement_copy", 0.03),
    ("cl.under_15", 0.06),
];

/// Forced-labor indicators are rare even where inspected.
const FORCED_LABOR_BASE: f64 = 0.01;

/// Other child-labor items (hours, hazards, permits of 15-17 year olds).
const CHILD_LABOR_BASE: f64 = 0.02;

pub const DEFAULT_BASE: f64 = 0.015;

/// The base failure probability of a question.
pub fn base_rate(question_id: &str) -> f64 {
    if let Some((_, p)) = BASE.iter().find(|(q, _)| *q == question_id) {
        return *p;
    }
    if question_id.starts_with("fl.") {
        FORCED_LABOR_BASE
    } else if question_id.starts_with("cl.") {
        CHILD_LABOR_BASE
    } else {
        DEFAULT_BASE
    }
}

/// The probability that `question_id` fails given the product of the workplace's factors.
pub fn failure_probability(question_id: &str, multiplier: f64) -> f64 {
    (base_rate(question_id) * multiplier).clamp(0.0, MAX_FAILURE)
}

/// Everything that raises or lowers a workplace's failure rates at one inspection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskFactors {
    pub sector: f64,
    pub size: f64,
    pub region: f64,
    pub culture: f64,
    /// The workplace's previous closed record had findings.
    pub prior_findings: bool,
    /// The inspection follows a complaint.
    pub complaint: bool,
}

impl RiskFactors {
    /// The product that multiplies each question's base rate.
    pub fn multiplier(&self) -> f64 {
        let prior = if self.prior_findings {
            PRIOR_FINDINGS_FACTOR
        } else {
            1.0
        };
        let complaint = if self.complaint { COMPLAINT_FACTOR } else { 1.0 };
        self.sector * self.size * self.region * self.culture * prior * complaint
    }
}

/// The chance that a corrective measure is found complied at verification: careless employers
/// comply less.
pub fn compliance_at_verification(culture: f64) -> f64 {
    (0.9 - 0.12 * culture).clamp(0.4, 0.9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_risk_sectors_weigh_more_than_offices() {
        for high in ["23", "11", "31", "32", "33"] {
            assert!(sector_factor(high) >= 1.5, "{high}");
            assert!(sector_factor(high) > sector_factor("46"));
            assert!(sector_factor(high) > 2.0 * sector_factor("52"));
        }
        assert!(size_factor(SizeBand::B0To5) > size_factor(SizeBand::B251Plus));
    }

    #[test]
    fn probabilities_are_capped_and_scale_with_the_multiplier() {
        assert!((failure_probability("sh.safety_commission", 1.0) - 0.06).abs() < 1e-12);
        assert!((failure_probability("fl.debt_bondage", 2.0) - 0.02).abs() < 1e-12);
        assert_eq!(failure_probability("sh.safety_commission", 100.0), MAX_FAILURE);
        let f = RiskFactors {
            sector: 2.0,
            size: 1.0,
            region: 1.0,
            culture: 1.0,
            prior_findings: true,
            complaint: false,
        };
        assert!((f.multiplier() - 2.0 * PRIOR_FINDINGS_FACTOR).abs() < 1e-12);
    }
}
