//! The model behind the demo's conciliation history: how many requests a workplace's workers (and
//! its employer) file, when the centres of each state opened, and the shares of the ways a case
//! goes. The module comment of `conciliation` states it in full with its sources; the numbers
//! live here.

use chrono::{Days, NaiveDate};
use faro_core::registry::SizeBand;
use faro_core::{Jurisdiction, StateCode};

use crate::inspections::WorkplaceFacts;

/// Requests a year per person employed, by size band, before the sector's factor and
/// [`CALIBRATION`]. Micro units count their owners and family helpers among the persons
/// employed (most of them are not employees), so they file far fewer requests per person.
pub fn requests_per_person(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 => 0.35,
        SizeBand::B6To10 => 0.75,
        SizeBand::B11To30 | SizeBand::B31To50 | SizeBand::B51To100 | SizeBand::B101To250 => 1.0,
        SizeBand::B251Plus => 0.9,
    }
}

/// How much more often than average the workers of a two-digit sector go to conciliation: high
/// turnover (food and lodging, staffing, retail, construction, transport) more, finance,
/// education, utilities and public administration (whose own employees are under a different
/// law, CPEUM 123-B) less.
pub fn sector_factor(sector: &str) -> f64 {
    match sector {
        "56" => 1.6,
        "72" => 1.4,
        "23" | "48" | "49" => 1.3,
        "46" => 1.2,
        "43" => 1.1,
        "31" | "32" | "33" | "71" => 1.0,
        "51" | "53" | "54" | "81" => 0.9,
        "21" | "52" | "55" | "62" => 0.8,
        "61" => 0.7,
        "11" => 0.6,
        "22" => 0.5,
        "93" => 0.15,
        _ => 1.0,
    }
}

/// Scales the relative rates to the national level the demo aims at: about 470,000 requests a
/// year for the 5 million workplaces of a national-scale nation once every centre works (0.094
/// per workplace-year; the `conciliation_calibration` test prints it).
pub const CALIBRATION: f64 = 0.0148;

/// The persons a rate is computed on: the headcount, or the lower bound of the band (at least 1).
fn persons(w: &WorkplaceFacts) -> f64 {
    let (lo, _) = w.size_band.bounds();
    f64::from(w.headcount.unwrap_or(lo).max(1))
}

/// Expected requests a year about one workplace, while its centre works.
pub fn requests_per_year(w: &WorkplaceFacts) -> f64 {
    let sector: String = w.scian_class.chars().take(2).collect();
    persons(w) * requests_per_person(w.size_band) * sector_factor(&sector) * CALIBRATION
}

/// When the new system (conciliation centres instead of the Juntas) began in a state, for its
/// local centre and for the federal centre's office there: three stages, 18 November 2020,
/// 3 November 2021 and 3 October 2022. Before it, the state's requests went to the Juntas de
/// Conciliación y Arbitraje and are not in Faro.
pub fn centre_opened(center: Jurisdiction, state: StateCode) -> NaiveDate {
    const STAGE_1: (i32, u32, u32) = (2020, 11, 18);
    const STAGE_2: (i32, u32, u32) = (2021, 11, 3);
    const STAGE_3: (i32, u32, u32) = (2022, 10, 3);
    let federal = center == Jurisdiction::Federal;
    let (y, m, d) = match state.number() {
        // Campeche, Chiapas, Durango, México, San Luis Potosí, Tabasco, Zacatecas.
        4 | 7 | 10 | 15 | 24 | 27 | 32 => STAGE_1,
        // Hidalgo: the federal office in the first stage, the local centre in the second.
        13 if federal => STAGE_1,
        // Aguascalientes, Baja California, Colima, Guanajuato, Hidalgo, Morelos, Oaxaca, Puebla,
        // Querétaro, Quintana Roo, Tlaxcala, Veracruz.
        1 | 2 | 6 | 11 | 13 | 17 | 20 | 21 | 22 | 23 | 29 | 30 => STAGE_2,
        // Baja California Sur and Guerrero: the federal offices in the second stage, the local
        // centres in the third.
        3 | 12 if federal => STAGE_2,
        // The rest: Coahuila, Chihuahua, Mexico City, Jalisco, Michoacán, Nayarit, Nuevo León,
        // Sinaloa, Sonora, Tamaulipas, Yucatán, and the local centres of BCS and Guerrero.
        _ => STAGE_3,
    };
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The first and the last day (exclusive) requests may be filed about a workplace in the
/// window ending on `today`: from the latest of the window's start, its registration and the
/// opening of its centre.
pub fn filing_period(
    w: &WorkplaceFacts,
    center: Jurisdiction,
    start: NaiveDate,
    today: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let first = start
        .max(centre_opened(center, w.state))
        .max(w.registered_on.unwrap_or(start));
    (first < today).then_some((first, today))
}

/// Expected requests (not counting the copies forwarded between centres) about a workplace whose
/// competent centre is `center`, over the window from `start` to `today`.
pub fn expected_requests(w: &WorkplaceFacts, center: Jurisdiction, start: NaiveDate, today: NaiveDate) -> f64 {
    match filing_period(w, center, start, today) {
        Some((first, end)) => requests_per_year(w) * (end - first).num_days() as f64 / 365.25,
        None => 0.0,
    }
}

/// How many more claims than average an employer of this compliance culture draws (the
/// inspections' hidden culture over its mean: 0.69, 0.99 or 1.58).
pub fn claims_factor(culture: f64) -> f64 {
    culture / crate::inspections::model::MEAN_CULTURE
}

/// A day `n` days after `d` (saturating).
pub(crate) fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

/// The share of requests an employer files (to formalise a termination, or to settle before the
/// worker sues), by size: larger employers use conciliation more.
pub fn employer_share(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 | SizeBand::B6To10 => 0.03,
        SizeBand::B11To30 | SizeBand::B31To50 => 0.06,
        _ => 0.1,
    }
}

/// Worker and employer filing together in person (684-E VI): agreed terminations.
pub const JOINT_SHARE: f64 = 0.04;
/// A worker asks for the fast track and delivers the summons (684-E, last paragraphs).
pub const FAST_TRACK_SHARE: f64 = 0.03;
/// Requests filed online (the rest at the counter).
pub const ONLINE_SHARE: f64 = 0.45;
/// Requests filed at the wrong centre and forwarded: a federal matter at the local centre, and a
/// local one at the federal centre's office.
pub const WRONG_CENTRE_FEDERAL_MATTER: f64 = 0.08;
pub const WRONG_CENTRE_LOCAL_MATTER: f64 = 0.015;
/// A forward after the 24 hours of 684-E V.
pub const LATE_FORWARD: f64 = 0.05;
/// The requester claims a matter of 685 Ter at filing.
pub const EXEMPT_AT_FILING: f64 = 0.012;
/// The centre finds an exempt matter before the hearing.
pub const EXEMPT_DECLARED: f64 = 0.006;
/// The centre moves a hearing for its own reasons (before any service).
pub const CENTRE_RESCHEDULE: f64 = 0.02;

/// The notifier's first attempt: served, refused, not found (684-E IV, XI).
pub const SERVICE_SERVED: f64 = 0.84;
pub const SERVICE_REFUSED: f64 = 0.04;
/// A summons served, but after the last day that gives the five days of notice.
pub const SERVICE_LATE: f64 = 0.03;
/// After a failed attempt: another attempt, else a new date (when one fits), else the constancia
/// of 684-E XI.
pub const SECOND_ATTEMPT: f64 = 0.5;
pub const RESCHEDULE_AFTER_FAILURE: f64 = 0.6;

/// At a hearing: the requester comes (684-E VII: the worker in person).
pub const REQUESTER_PRESENT: f64 = 0.89;
/// The summoned party comes when validly summoned; it comes less often when not.
pub const SUMMONED_PRESENT: f64 = 0.91;
pub const SUMMONED_PRESENT_UNSERVED: f64 = 0.3;
/// An absence the conciliator accepts as justified (684-E IX, 684-F II).
pub const ABSENCE_JUSTIFIED: f64 = 0.25;
/// Both present, first hearing: a convenio, or no agreement (some of them ask for a new hearing).
pub const SETTLEMENT_FIRST: f64 = 0.68;
pub const JOINT_NEW_HEARING: f64 = 0.15;
/// Both present at a later hearing.
pub const SETTLEMENT_LATER: f64 = 0.55;
/// Both present at a joint filing's hearing.
pub const SETTLEMENT_JOINT: f64 = 0.9;

/// How a convenio is paid: all in the act, one deferred payment, or instalments.
pub const PAID_IN_ACT: f64 = 0.55;
pub const ONE_DEFERRED: f64 = 0.25;
/// How an employer pays a deferred convenio: on time, some instalment late, or stops paying.
pub const PAYS_LATE: f64 = 0.1;
pub const DEFAULTS: f64 = 0.05;
/// A late payer pays the penalty too (else non-compliance is certified).
pub const PAYS_PENALTY: f64 = 0.8;

#[cfg(test)]
mod tests {
    use super::*;

    fn state(n: u8) -> StateCode {
        StateCode::new(n).unwrap()
    }

    #[test]
    fn the_centres_opened_in_three_stages() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Estado de México: first stage, both levels.
        assert_eq!(centre_opened(Jurisdiction::Federal, state(15)), day(2020, 11, 18));
        assert_eq!(
            centre_opened(Jurisdiction::State(state(15)), state(15)),
            day(2020, 11, 18)
        );
        // Hidalgo: federal first stage, local second.
        assert_eq!(centre_opened(Jurisdiction::Federal, state(13)), day(2020, 11, 18));
        assert_eq!(
            centre_opened(Jurisdiction::State(state(13)), state(13)),
            day(2021, 11, 3)
        );
        // Guerrero: federal second, local third.
        assert_eq!(centre_opened(Jurisdiction::Federal, state(12)), day(2021, 11, 3));
        assert_eq!(
            centre_opened(Jurisdiction::State(state(12)), state(12)),
            day(2022, 10, 3)
        );
        // Mexico City and Jalisco: third.
        assert_eq!(centre_opened(Jurisdiction::Federal, state(9)), day(2022, 10, 3));
        assert_eq!(
            centre_opened(Jurisdiction::State(state(14)), state(14)),
            day(2022, 10, 3)
        );
    }

    #[test]
    fn larger_and_high_turnover_workplaces_file_more() {
        let w = |band: SizeBand, headcount: u32, scian: &str| WorkplaceFacts {
            id: 1,
            employer_id: 1,
            state: state(14),
            scian_class: scian.to_string(),
            size_band: band,
            headcount: Some(headcount),
            registered_on: None,
        };
        let shop = requests_per_year(&w(SizeBand::B0To5, 2, "461110"));
        let restaurant = requests_per_year(&w(SizeBand::B11To30, 20, "722511"));
        let bank = requests_per_year(&w(SizeBand::B11To30, 20, "522110"));
        assert!(restaurant > 10.0 * shop);
        assert!((restaurant / bank - 1.4 / 0.8).abs() < 1e-9);
        // 20 persons x 1.0 x 1.4 x CALIBRATION.
        assert!((restaurant - 20.0 * 1.4 * CALIBRATION).abs() < 1e-12);
    }
}
