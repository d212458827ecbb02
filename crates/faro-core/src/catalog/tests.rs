//! Tests of the embedded catalogs: counts, known values, name matching and load time.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::*;
use crate::StateCode;

fn cat() -> &'static Catalogs {
    static CAT: OnceLock<Catalogs> = OnceLock::new();
    CAT.get_or_init(|| Catalogs::embedded().unwrap())
}

fn state(n: u8) -> StateCode {
    StateCode::new(n).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn counts() {
    let c = cat();
    assert_eq!(c.states().len(), 32);
    assert_eq!(c.municipalities().len(), 2_478);
    assert_eq!(c.scian_sectors().len(), 20);
    assert_eq!(c.scian_classes().len(), 1_086);
    assert_eq!(c.postal_settlements().len(), 145_468);
    assert_eq!(c.uma_values().len(), 11);
    assert_eq!(c.minimum_wages().len(), 17);
}

#[test]
fn states() {
    let c = cat();
    let cdmx = c.state(state(9)).unwrap();
    assert_eq!(cdmx.name, "Ciudad de México");
    assert_eq!(cdmx.renapo_code, "DF");
    assert_eq!(cdmx.abbrev, "CDMX");
    let mex = c.state(state(15)).unwrap();
    assert_eq!(mex.name, "México");
    assert_eq!(mex.short_name, "Estado de México");
    assert_eq!(c.state(state(31)).unwrap().name, "Yucatán");
    assert_eq!(c.state(state(30)).unwrap().short_name, "Veracruz");
    assert_eq!(c.state(state(14)).unwrap().short_name, "Jalisco");
    assert_eq!(c.renapo_born_abroad(), "NE");
    assert!(c.states().iter().all(|s| s.renapo_code != "NE"));
    assert_eq!(c.state_by_renapo("jc").unwrap().code, state(14));
    for (i, s) in c.states().iter().enumerate() {
        assert_eq!(usize::from(s.code.number()), i + 1);
    }
}

#[test]
fn municipalities() {
    let c = cat();
    let m = c.municipality("09015").unwrap();
    assert_eq!(m.name, "Cuauhtémoc");
    assert_eq!(m.state, state(9));
    assert_eq!(m.code, "015");
    assert_eq!(c.municipality("14039").unwrap().name, "Guadalajara");
    assert!(c.municipality("99999").is_none());
    assert!(c.municipality("0901").is_none());
    let cdmx = c.municipalities_of(state(9));
    assert_eq!(cdmx.len(), 16);
    assert!(cdmx.iter().all(|m| m.state == state(9)));
    let total: usize = StateCode::all().map(|s| c.municipalities_of(s).len()).sum();
    assert_eq!(total, 2_478);
    assert_eq!(c.municipalities_of(state(20)).len(), 570);
    let population: u64 = c.municipalities().iter().map(|m| m.population).sum();
    assert!(
        (125_000_000..128_000_000).contains(&population),
        "population {population}"
    );
    assert!(c.state_population(state(15)) > 16_000_000);
}

#[test]
fn scian() {
    let c = cat();
    let class = c.scian_class("311812").unwrap();
    assert_eq!(class.subsector, "311");
    assert_eq!(class.sector, "31");
    assert_eq!(c.scian_sector_of_class("311812").unwrap().code, "31-33");
    assert_eq!(c.scian_sector_of_class("336110").unwrap().code, "31-33");
    assert_eq!(c.scian_sector_of_class("484111").unwrap().code, "48-49");
    assert_eq!(c.scian_sector_of_class("461110").unwrap().code, "46");
    assert!(c.scian_class("000000").is_none());
    for code in ["31", "32", "33", "31-33"] {
        assert_eq!(c.scian_sector(code).unwrap().name, "Industrias manufactureras");
    }
    assert_eq!(c.scian_sector("49").unwrap().code, "48-49");
    assert!(c.scian_sector("34").is_none());
    let manufacturing = c.scian_classes_of_sector("31-33");
    assert_eq!(manufacturing.len(), 95 + 87 + 111);
    assert!(manufacturing
        .iter()
        .all(|k| ["31", "32", "33"].contains(&k.sector.as_str())));
    assert_eq!(c.scian_classes_of_sector("46").len(), 84);
    let total: usize = c
        .scian_sectors()
        .iter()
        .map(|s| c.scian_classes_of_sector(&s.code).len())
        .sum();
    assert_eq!(total, 1_086);
    // Every class resolves to a sector.
    assert!(c
        .scian_classes()
        .iter()
        .all(|k| c.scian_sector_of_class(&k.code).is_some()));
}

#[test]
fn money_parses_and_displays() {
    assert_eq!("1234.56".parse::<Money>().unwrap(), Money::from_centavos(123_456));
    assert_eq!("$1,234.5".parse::<Money>().unwrap(), Money::from_centavos(123_450));
    assert_eq!("-3".parse::<Money>().unwrap(), Money::from_pesos(-3));
    assert!("1.234".parse::<Money>().is_err());
    assert!("abc".parse::<Money>().is_err());
    assert!("".parse::<Money>().is_err());
    assert_eq!(Money::from_centavos(123_456).to_string(), "$1,234.56");
    assert_eq!(Money::from_centavos(5).to_string(), "$0.05");
    assert_eq!(Money::from_centavos(-100_000_000).to_string(), "-$1,000,000.00");
    assert_eq!(Money::from_pesos(999).to_string(), "$999.00");
    let uma = Money::from_centavos(11_731);
    assert_eq!(uma * 3, Money::from_centavos(35_193));
    assert_eq!(uma.mul_ratio(304, 10), Some(Money::from_centavos(356_622)));
    assert_eq!(Money::from_centavos(-5).mul_ratio(1, 2), Some(Money::from_centavos(-3)));
    assert_eq!(uma.mul_ratio(1, 0), None);
    assert_eq!([uma, uma].into_iter().sum::<Money>(), Money::from_centavos(23_462));
}

#[test]
fn uma_in_force() {
    let c = cat();
    let jan = c.uma_on(date(2024, 1, 31)).unwrap();
    assert_eq!(jan.year, 2023);
    assert_eq!(jan.daily, Money::from_centavos(10_374));
    let feb = c.uma_on(date(2024, 2, 1)).unwrap();
    assert_eq!(feb.year, 2024);
    assert_eq!(feb.daily, Money::from_centavos(10_857));
    assert_eq!(c.uma_on(date(2025, 6, 1)).unwrap().monthly.to_string(), "$3,439.46");
    assert_eq!(c.uma_on(date(2030, 1, 1)).unwrap().year, 2026);
    assert_eq!(c.uma_on(date(2016, 1, 28)).unwrap().year, 2016);
    assert!(c.uma_on(date(2016, 1, 27)).is_none());
}

#[test]
fn minimum_wage_in_force() {
    let c = cat();
    let d = date(2026, 3, 1);
    assert_eq!(
        c.minimum_wage_on(d, WageZone::General),
        Some(Money::from_centavos(31_504))
    );
    assert_eq!(
        c.minimum_wage_on(d, WageZone::NorthernBorder),
        Some(Money::from_centavos(44_087))
    );
    // Before the border zone existed (2019) it falls back to the general wage.
    let d = date(2018, 6, 1);
    assert_eq!(
        c.minimum_wage_on(d, WageZone::General),
        Some(Money::from_centavos(8_836))
    );
    assert_eq!(
        c.minimum_wage_on(d, WageZone::NorthernBorder),
        Some(Money::from_centavos(8_836))
    );
    assert_eq!(
        c.minimum_wage_on(date(2017, 11, 30), WageZone::General),
        Some(Money::from_centavos(8_004))
    );
    // Zone years: general is zone A.
    let w = c.minimum_wage_entry_on(date(2012, 7, 1)).unwrap();
    assert_eq!(w.general, Money::from_centavos(6_233));
    assert_eq!(w.zone_b, Some(Money::from_centavos(5_908)));
    assert!(c.minimum_wage_on(date(2009, 12, 31), WageZone::General).is_none());
}

#[test]
fn postal_codes() {
    let c = cat();
    let roma = c.postal_code("06700");
    assert!(!roma.is_empty());
    assert!(roma.iter().any(|s| s.settlement == "Roma Norte"));
    assert!(roma.iter().all(|s| s.municipality.as_deref() == Some("09015")));
    let gdl = c.postal_code("44100");
    assert!(gdl.iter().all(|s| s.municipality.as_deref() == Some("14039")));
    assert!(c.postal_code("00000").is_empty());
    assert!(c.postal_code("99999").is_empty());
    // Puerto Escondido is in San Pedro Mixtepec, district 22 (20318); Playa del Carmen was
    // "Solidaridad" in SEPOMEX.
    assert!(c
        .postal_code("71980")
        .iter()
        .all(|s| s.municipality.as_deref() == Some("20318")));
    assert!(c
        .postal_code("77710")
        .iter()
        .all(|s| s.municipality.as_deref() == Some("23008")));

    let codes = c.postal_codes_of("09015");
    assert!(codes.contains(&"06700".to_string()));
    assert!(codes.windows(2).all(|w| w[0] < w[1]));
    for code in codes {
        assert!(c
            .postal_code(code)
            .iter()
            .any(|s| s.municipality.as_deref() == Some("09015")));
    }
    let settlements = c.settlements_of("09015");
    assert!(settlements.len() >= codes.len());
    assert!(settlements.iter().all(|s| s.municipality.as_deref() == Some("09015")));
    assert_eq!(settlements.iter().count(), settlements.len());
    assert!(settlements.get(settlements.len()).is_none());
    assert!(c.postal_codes_of("99999").is_empty());
    assert!(c.settlements_of("99999").is_empty());
    let with_codes = c
        .municipalities()
        .iter()
        .filter(|m| !c.postal_codes_of(&m.cvegeo).is_empty())
        .count();
    println!(
        "municipalities with postal codes: {with_codes} of {}",
        c.municipalities().len()
    );
    assert!(with_codes > 2_400);
}

#[test]
fn postal_match_rate() {
    let c = cat();
    let all = c.postal_settlements();
    let matched = all.iter().filter(|s| s.municipality.is_some()).count();
    let rate = matched as f64 / all.len() as f64;
    println!(
        "SEPOMEX rows matched to an INEGI municipality: {matched} of {} ({:.2}%)",
        all.len(),
        rate * 100.0
    );
    assert!(rate > 0.99, "match rate {rate}");
    // Every matched municipality exists.
    assert!(all
        .iter()
        .filter_map(|s| s.municipality.as_deref())
        .all(|m| c.municipality(m).is_some()));
}

#[test]
fn name_matching() {
    let c = cat();
    let m = |s: &str, n: &str| c.match_municipality(s, n).map(|m| m.cvegeo.as_str());
    assert_eq!(m("Distrito Federal", "Cuauhtemoc"), Some("09015"));
    assert_eq!(m("CIUDAD DE MÉXICO", "cuauhtémoc"), Some("09015"));
    assert_eq!(m("Coahuila", "Saltillo"), Some("05030"));
    assert_eq!(m("Coahuila de Zaragoza", "Saltillo"), Some("05030"));
    assert_eq!(m("Estado de México", "Toluca"), Some("15106"));
    assert_eq!(m("Michoacán", "Morelia"), Some("16053"));
    assert_eq!(m("Veracruz", "Xalapa"), Some("30087"));
    assert_eq!(m("Jalisco", "Guadalajara"), Some("14039"));
    assert_eq!(m("Jalisco", "Atlantis"), None);
    // Two Oaxacan municipalities share this name: no guess.
    assert_eq!(m("Oaxaca", "San Juan Mixtepec"), None);
}

#[test]
fn errors_name_file_and_line() {
    let e = CatalogError::row("inegi_states.csv", 7, "bad code");
    assert_eq!(e.to_string(), "inegi_states.csv, line 7: bad code");
    assert_eq!(e.file_name(), "inegi_states.csv");
    let mut seen = None;
    let data = b"a,b\n1,2\n3,\n";
    let r = table::for_each_row("x.csv", data, &["a", "b"], |row| {
        row.required(1, "b")?;
        seen = Some(row.get(0)?.to_string());
        Ok(())
    });
    assert_eq!(r.unwrap_err(), CatalogError::row("x.csv", 3, "b is empty"));
    assert_eq!(seen.as_deref(), Some("1"));
    let r = table::for_each_row("x.csv", data, &["c"], |_| Ok(()));
    assert_eq!(r.unwrap_err(), CatalogError::file("x.csv", "column 'c' is missing"));
}

#[test]
fn loads_fast() {
    let start = std::time::Instant::now();
    let c = Catalogs::embedded().unwrap();
    let elapsed = start.elapsed();
    println!("Catalogs::embedded() took {elapsed:?}");
    assert_eq!(c.postal_settlements().len(), 145_468);
    // Generous bound so unoptimized test builds pass; release builds take a fraction of this.
    assert!(elapsed.as_secs_f64() < 5.0);
}
