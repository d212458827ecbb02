//! An agreement's structured terms: a wage table of the workplace's positions, vacations, the
//! vacation premium, the year-end bonus, the savings fund and other benefits; and how each
//! revision changes them.
//!
//! The lowest position earns the zone's minimum wage to 30 % more, skilled ones up to four times
//! it. Vacations follow the law's table on the day (the 2023 table from 2023) or give two to four
//! days more; the premium is 25 % to 50 %, the bonus 15 to 40 days. A wage revision raises every
//! position by the year's contractual raise (about 4 %-10 %, [`super::model::wage_raise_mean`])
//! and lifts any position the new minimum wage overtook; the first revision after 1 January 2023
//! adopts the new vacation table. At a low rate ([`super::model::BELOW_MINIMUM_SHARE`]) a deposit
//! carries one clause below the law: a position under the minimum wage, a 20 % premium, a 12-day
//! bonus or an old vacation table kept after 2023.

use chrono::NaiveDate;
use faro_core::catalog::{Catalogs, Money, WageZone};
use faro_core::protocol::vacation_days_required;
use faro_core::union::minimums::{AgreementDuration, AgreementTerms, Benefits, OtherBenefit, Position, VacationStep};
use rand::RngCore;

use super::catalogue::normal;
use super::model::{self, Branch};
use crate::random::{between, chance, index, unit};

/// Municipalities of the Zona Libre de la Frontera Norte (decree of 2018, in force 2019), by
/// INEGI key.
const BORDER_ZONE: &[&str] = &[
    "02001", "02002", "02003", "02004", "02005", "02006", "02007", "26002", "26004", "26017", "26019", "26039",
    "26043", "26048", "26055", "26059", "26060", "26070", "08005", "08015", "08028", "08035", "08037", "08042",
    "08052", "08053", "05002", "05012", "05013", "05014", "05022", "05023", "05025", "05038", "19005", "28007",
    "28014", "28015", "28022", "28024", "28025", "28027", "28032", "28033", "28040",
];

/// The minimum wage zone of a municipality ("09015").
pub(crate) fn zone_of(municipality: &str) -> WageZone {
    if BORDER_ZONE.contains(&municipality) {
        WageZone::NorthernBorder
    } else {
        WageZone::General
    }
}

/// Positions of a branch's wage tables, from the least to the most skilled.
fn positions(branch: Branch) -> &'static [&'static str] {
    match branch {
        Branch::Food
        | Branch::Textile
        | Branch::Chemical
        | Branch::Metal
        | Branch::Automotive
        | Branch::OtherManufacturing => &[
            "Ayudante general",
            "Operador de producción C",
            "Empacador",
            "Operador de producción B",
            "Almacenista",
            "Montacarguista",
            "Operador de producción A",
            "Inspector de calidad",
            "Soldador",
            "Electricista",
            "Mecánico de mantenimiento",
            "Técnico de procesos",
            "Líder de línea",
            "Técnico electromecánico especializado",
        ],
        Branch::Mining => &[
            "Ayudante de mina",
            "Peón",
            "Ayudante de perforista",
            "Operador de equipo ligero",
            "Perforista",
            "Operador de camión de acarreo",
            "Mecánico de equipo pesado",
            "Electricista de mina",
            "Operador de planta de beneficio",
            "Técnico en voladuras",
        ],
        Branch::Utilities => &[
            "Auxiliar de cuadrilla",
            "Lecturista",
            "Liniero",
            "Operador de planta",
            "Electricista",
            "Técnico de redes",
            "Operador de subestación",
            "Ingeniero de turno",
        ],
        Branch::Construction => &[
            "Peón",
            "Ayudante de albañil",
            "Albañil",
            "Fierrero",
            "Carpintero de obra negra",
            "Plomero",
            "Electricista",
            "Operador de maquinaria pesada",
            "Cabo de obra",
            "Sobrestante",
        ],
        Branch::Commerce => &[
            "Auxiliar de piso",
            "Cajero",
            "Empacador de mercancía",
            "Almacenista",
            "Vendedor de mostrador",
            "Chofer repartidor",
            "Encargado de departamento",
            "Auxiliar administrativo",
            "Jefe de tienda",
        ],
        Branch::Transport => &[
            "Ayudante de chofer",
            "Estibador",
            "Despachador",
            "Mecánico",
            "Operador de autobús",
            "Operador de tractocamión",
            "Jefe de patio",
            "Instructor de operadores",
        ],
        Branch::Tourism => &[
            "Lavaloza",
            "Ayudante de cocina",
            "Camarista",
            "Mesero",
            "Botones",
            "Cantinero",
            "Recepcionista",
            "Cocinero",
            "Ama de llaves",
            "Capitán de meseros",
            "Chef de partida",
        ],
        Branch::Education => &[
            "Intendente",
            "Auxiliar administrativo",
            "Prefecto",
            "Profesor de educación básica",
            "Profesor de educación media",
            "Coordinador académico",
        ],
        Branch::Health => &[
            "Camillero",
            "Auxiliar de enfermería",
            "Afanadora",
            "Técnico laboratorista",
            "Enfermera general",
            "Técnico radiólogo",
            "Enfermera especialista",
        ],
        _ => &[
            "Auxiliar de limpieza",
            "Ayudante general",
            "Auxiliar administrativo",
            "Recepcionista",
            "Guardia de seguridad",
            "Técnico de servicio",
            "Supervisor",
        ],
    }
}

/// Centavos as money.
fn money(centavos: f64) -> Money {
    Money::from_centavos(centavos.round().max(0.0) as i64)
}

/// The vacation table the law gives on `on`, plus `extra` days at every step.
pub(crate) fn vacation_table(on: NaiveDate, extra: u32) -> Vec<VacationStep> {
    [1, 2, 3, 4, 5, 6, 10, 11, 15, 16, 20, 21, 25, 26, 30, 31, 35]
        .into_iter()
        .map(|from_year| VacationStep {
            from_year,
            days: vacation_days_required(from_year, on) + extra,
        })
        .collect()
}

/// Which clause of a deposit falls below the law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BelowLaw {
    Wage,
    Premium,
    Bonus,
}

/// The terms of a new agreement (or of a legacy one as recorded) on `on`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn initial(
    rng: &mut impl RngCore,
    cat: &Catalogs,
    branch: Branch,
    zone: WageZone,
    headcount: u32,
    on: NaiveDate,
    duration: AgreementDuration,
    below: Option<BelowLaw>,
) -> AgreementTerms {
    let minimum = cat.minimum_wage_on(on, zone).map_or(30_000.0, |m| m.centavos() as f64);
    let names = positions(branch);
    let count = match headcount {
        0..=10 => between(rng, 2, 4),
        11..=50 => between(rng, 3, 7),
        51..=250 => between(rng, 5, 11),
        _ => between(rng, 8, 14),
    } as usize;
    let count = count.min(names.len()).max(1);
    // Keep the order of skill: take `count` positions spread over the list.
    let step = names.len() as f64 / count as f64;
    let floor = 1.0 + 0.3 * unit(rng);
    let top = floor + (0.6 + 2.4 * unit(rng)) * (count as f64 / 14.0).max(0.3);
    let mut wage_table: Vec<Position> = (0..count)
        .map(|k| {
            let name = names
                .get((k as f64 * step) as usize)
                .copied()
                .unwrap_or("Ayudante general");
            let x = if count > 1 { k as f64 / (count - 1) as f64 } else { 0.0 };
            let factor = floor + (top - floor) * x.powf(1.3);
            Position {
                name: name.to_string(),
                daily_wage: money(minimum * factor),
            }
        })
        .collect();
    if below == Some(BelowLaw::Wage) {
        if let Some(p) = wage_table.first_mut() {
            p.daily_wage = money(minimum * (0.86 + 0.1 * unit(rng)));
        }
    }
    let extra = match index(rng, 10) {
        0..=4 => 0,
        5..=7 => 2,
        _ => 4,
    };
    let premium = if below == Some(BelowLaw::Premium) {
        20
    } else if chance(rng, 0.5) {
        25
    } else {
        [30, 35, 40, 45, 50].get(index(rng, 5)).copied().unwrap_or(30)
    };
    let bonus = if below == Some(BelowLaw::Bonus) {
        12
    } else if chance(rng, 0.4) {
        15
    } else {
        [18, 20, 20, 25, 30, 30, 40].get(index(rng, 7)).copied().unwrap_or(20)
    };
    let savings = if chance(rng, 0.3) {
        None
    } else {
        Some(between(rng, 3, 13))
    };
    let mut other = Vec::new();
    for (name, description, p) in OTHER_BENEFITS {
        if chance(rng, *p) {
            other.push(OtherBenefit {
                name: (*name).to_string(),
                description: (*description).to_string(),
            });
        }
    }
    AgreementTerms {
        zone,
        wage_table,
        benefits: Benefits {
            vacation: vacation_table(on, extra),
            vacation_premium_percent: Some(premium),
            year_end_bonus_days: Some(bonus),
            savings_fund_percent: savings,
            other,
        },
        duration,
    }
}

/// Benefits without a legal minimum, with how often agreements give them.
pub(crate) const OTHER_BENEFITS: &[(&str, &str, f64)] = &[
    (
        "Vales de despensa",
        "Vales de despensa mensuales equivalentes al 8 % del salario tabulado",
        0.55,
    ),
    (
        "Bono de puntualidad y asistencia",
        "Diez por ciento del salario semanal por asistencia y puntualidad perfectas",
        0.45,
    ),
    (
        "Ayuda de transporte",
        "Ayuda semanal para transporte entregada junto con el salario",
        0.3,
    ),
    (
        "Ayuda para útiles escolares",
        "Ayuda anual para útiles escolares por cada hijo en educación básica",
        0.25,
    ),
    (
        "Seguro de vida",
        "Seguro de vida de grupo con suma asegurada de veinte meses de salario",
        0.3,
    ),
    (
        "Becas",
        "Becas para hijos de trabajadores con promedio de nueve o más",
        0.12,
    ),
    (
        "Permiso por paternidad",
        "Diez días hábiles con goce de salario por nacimiento o adopción",
        0.15,
    ),
    (
        "Comedor",
        "Servicio de comedor con una cuota de recuperación simbólica",
        0.2,
    ),
    (
        "Ropa de trabajo",
        "Dos uniformes completos y un par de calzado de seguridad al año",
        0.4,
    ),
];

/// The raise of a revision agreed in `year`, in per cent: the year's mean and a spread, 3.5 % to
/// 11 %.
pub(crate) fn raise(rng: &mut impl RngCore, year: i32) -> f64 {
    (model::wage_raise_mean(year) + 1.2 * normal(rng)).clamp(3.5, 11.0)
}

/// The terms after a revision agreed on `on`: every wage raised by `percent`, the positions the
/// minimum wage overtook lifted above it; a full revision may improve a benefit; the 2023
/// vacation table adopted unless `keep_old_vacations`.
pub(crate) fn revise(
    rng: &mut impl RngCore,
    cat: &Catalogs,
    terms: &AgreementTerms,
    on: NaiveDate,
    percent: f64,
    full: bool,
    keep_old_vacations: bool,
) -> AgreementTerms {
    let minimum = cat.minimum_wage_on(on, terms.zone).map_or(0.0, |m| m.centavos() as f64);
    let mut t = terms.clone();
    for p in &mut t.wage_table {
        let raised = p.daily_wage.centavos() as f64 * (1.0 + percent / 100.0);
        let lifted = if raised < minimum * 1.01 {
            minimum * (1.01 + 0.06 * unit(rng))
        } else {
            raised
        };
        p.daily_wage = money(lifted);
    }
    // Keep the table in order of skill after the lifts.
    let mut wages: Vec<Money> = t.wage_table.iter().map(|p| p.daily_wage).collect();
    wages.sort();
    for (p, w) in t.wage_table.iter_mut().zip(wages) {
        p.daily_wage = w;
    }
    let b = &mut t.benefits;
    let law_now = vacation_table(on, 0);
    let below_law = b.vacation.iter().zip(&law_now).any(|(have, law)| have.days < law.days);
    if below_law && !keep_old_vacations {
        let extra = b
            .vacation
            .first()
            .zip(law_now.first())
            .map_or(0, |(h, l)| h.days.saturating_sub(l.days));
        b.vacation = vacation_table(on, extra.min(4));
    }
    if full {
        if chance(rng, 0.25) {
            if let Some(s) = b.savings_fund_percent.as_mut() {
                *s = (*s + 1).min(13);
            }
        }
        if chance(rng, 0.15) {
            if let Some(d) = b.year_end_bonus_days.as_mut() {
                *d += 2;
            }
        }
        if chance(rng, 0.1) {
            if let Some(p) = b.vacation_premium_percent.as_mut() {
                *p = (*p + 5).min(100);
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::OnceLock;

    use faro_core::rules::Rules;
    use faro_core::union::minimums::check;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::super::clock::ymd;
    use super::*;

    fn cat() -> &'static Catalogs {
        static CAT: OnceLock<Catalogs> = OnceLock::new();
        CAT.get_or_init(|| Catalogs::embedded().unwrap())
    }

    #[test]
    fn border_municipalities_have_their_zone() {
        assert_eq!(zone_of("02004"), WageZone::NorthernBorder);
        assert_eq!(zone_of("28032"), WageZone::NorthernBorder);
        assert_eq!(zone_of("19039"), WageZone::General);
        assert_eq!(BORDER_ZONE.len(), 45);
    }

    #[test]
    fn terms_meet_the_law_unless_planted_and_revisions_keep_them_there() {
        let rules = Rules::official().unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let on = ymd(2021, 3, 1);
        for _ in 0..200 {
            let t = initial(
                &mut rng,
                cat(),
                Branch::Metal,
                WageZone::General,
                120,
                on,
                AgreementDuration::Indefinite,
                None,
            );
            let r = check(&t, rules, cat(), on).unwrap();
            assert!(!r.below_law(), "{:?}", r.flags);
            // Through the fast minimum-wage years, with the vacation reform of 2023.
            let mut t = t;
            for year in 2022..=2026 {
                let d = ymd(year, 3, 1);
                let pct = raise(&mut rng, year);
                t = revise(&mut rng, cat(), &t, d, pct, year % 2 == 0, false);
                let r = check(&t, rules, cat(), d).unwrap();
                assert!(!r.below_law(), "{year}: {:?}", r.flags);
            }
        }
        for (below, code) in [
            (BelowLaw::Wage, "minimums.wage_below_minimum"),
            (BelowLaw::Premium, "minimums.vacation_premium_below_law"),
            (BelowLaw::Bonus, "minimums.year_end_bonus_below_law"),
        ] {
            let t = initial(
                &mut rng,
                cat(),
                Branch::Tourism,
                WageZone::NorthernBorder,
                30,
                on,
                AgreementDuration::Fixed { months: 24 },
                Some(below),
            );
            let r = check(&t, rules, cat(), on).unwrap();
            assert!(r.flags.iter().any(|f| f.code() == code), "{:?}", r.flags);
        }
        // An old vacation table kept after the reform falls below the law.
        let t = initial(
            &mut rng,
            cat(),
            Branch::Commerce,
            WageZone::General,
            30,
            ymd(2020, 1, 1),
            AgreementDuration::Indefinite,
            None,
        );
        let kept = revise(&mut rng, cat(), &t, ymd(2023, 6, 1), 8.0, false, true);
        let r = check(&kept, rules, cat(), ymd(2023, 6, 1)).unwrap();
        assert!(r.flags.iter().any(|f| f.code() == "minimums.vacation_below_law"));
    }

    #[test]
    fn raises_track_the_years() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mean = |y: i32, rng: &mut ChaCha8Rng| (0..2_000).map(|_| raise(rng, y)).sum::<f64>() / 2_000.0;
        let early = mean(2016, &mut rng);
        let high = mean(2023, &mut rng);
        assert!((3.9..4.9).contains(&early), "{early}");
        assert!((8.3..9.3).contains(&high), "{high}");
    }
}
