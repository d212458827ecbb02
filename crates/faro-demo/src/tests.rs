//! Tests of the demo generator: determinism, distributions, validity against the catalogs.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use faro_core::catalog::Catalogs;
use faro_core::ids::rfc::Rfc;
use faro_core::registry::{validate_workplace, PersonKind, RegistryBatch, SizeBand, WorkplaceInput};
use faro_core::{Jurisdiction, Role, StateCode};

use super::*;

fn cat() -> &'static Catalogs {
    static CAT: OnceLock<Catalogs> = OnceLock::new();
    CAT.get_or_init(|| Catalogs::embedded().unwrap())
}

fn sample(seed: u64, workplaces: u64) -> Vec<RegistryBatch> {
    generate(&DemoConfig { seed, workplaces }, cat()).collect()
}

#[test]
fn same_seed_same_nation() {
    let a = sample(7, 5_000);
    let b = sample(7, 5_000);
    assert_eq!(a, b);
    let c = sample(8, 5_000);
    assert_ne!(a, c);
}

#[test]
fn batches_stream_and_keys_are_sequential() {
    let mut gen = generate(
        &DemoConfig {
            seed: 1,
            workplaces: 4_500,
        },
        cat(),
    );
    assert_eq!(gen.size_hint(), (3, Some(3)));
    let first = gen.next().unwrap();
    assert_eq!(first.source, "demo");
    assert_eq!(first.workplaces.len(), BATCH_SIZE);
    assert_eq!(first.workplaces[0].1.source_key, "demo:1");
    let rest: Vec<_> = gen.collect();
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[1].workplaces.len(), 500);
    assert_eq!(rest[1].workplaces.last().unwrap().1.source_key, "demo:4500");
    assert!(generate(&DemoConfig { seed: 1, workplaces: 0 }, cat()).next().is_none());
}

#[test]
fn employers_appear_once_before_or_with_their_first_workplace() {
    let batches = sample(3, 30_000);
    let mut known: HashSet<String> = HashSet::new();
    let mut units: HashMap<String, usize> = HashMap::new();
    for b in &batches {
        for (key, _) in &b.employers {
            assert!(known.insert(key.clone()), "employer {key} emitted twice");
        }
        for (key, _) in &b.workplaces {
            assert!(known.contains(key), "workplace of unknown employer {key}");
            *units.entry(key.clone()).or_default() += 1;
        }
    }
    let mut sizes: Vec<usize> = units.values().copied().collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let single = sizes.iter().filter(|&&n| n == 1).count();
    println!(
        "employers: {}, largest chains: {:?}, single-workplace share {:.3}",
        sizes.len(),
        &sizes[..5],
        single as f64 / sizes.len() as f64
    );
    assert!(sizes[0] >= 200, "the largest chain has {} units", sizes[0]);
    assert!(single as f64 / sizes.len() as f64 > 0.95);
}

#[test]
fn every_rfc_is_valid_and_unique() {
    let batches = sample(11, 20_000);
    let mut seen = HashSet::new();
    let (mut entities, mut individuals) = (0, 0);
    for (_, e) in batches.iter().flat_map(|b| b.employers.iter()) {
        let rfc = e.rfc.as_deref().expect("every demo employer has an RFC");
        let parsed = Rfc::parse(rfc).unwrap();
        assert!(parsed.warnings.is_empty(), "{rfc}: {:?}", parsed.warnings);
        match e.person_kind {
            PersonKind::LegalEntity => {
                entities += 1;
                assert_eq!(rfc.chars().count(), 12, "{rfc}");
                assert!(parsed.value.is_legal_entity());
                assert!(!e.legal_form.is_empty());
            }
            PersonKind::Individual => {
                individuals += 1;
                assert_eq!(rfc.chars().count(), 13, "{rfc}");
                assert!(e.legal_form.is_empty());
            }
        }
        assert!(seen.insert(rfc.to_string()), "RFC {rfc} repeated");
    }
    println!("legal entities {entities}, individuals {individuals}");
    assert!(individuals > entities * 3);
    assert!(entities > 500);
}

#[test]
fn rfc_letters_follow_sat_rules() {
    use crate::names::Person;
    use crate::rfc::{company_letters, individual_letters};
    let p = |given, paternal, maternal| Person {
        given,
        paternal,
        maternal,
        female: false,
    };
    assert_eq!(individual_letters(&p("Juan", "Hernández", "López")), "HELJ");
    assert_eq!(individual_letters(&p("María Guadalupe", "Gómez", "Díaz")), "GODG");
    assert_eq!(individual_letters(&p("José Luis", "de la Cruz", "Pérez")), "CUPL");
    // "PEDO" is an inconvenient word: the last letter becomes X.
    assert_eq!(individual_letters(&p("Omar", "Peña", "Domínguez")), "PEDX");
    assert_eq!(company_letters("Manufacturas Industriales del Bajío"), "MIB");
    assert_eq!(company_letters("Grupo Bimbo"), "GBI");
    assert_eq!(company_letters("Mabe"), "MAB");
    assert_eq!(company_letters("Constructora Hernández y Asociados"), "CHA");
    assert_eq!(company_letters("Compañía Minera Azteca"), "MAZ");
    assert_eq!(company_letters("Muñecos Españoles"), "MES");
    assert_eq!(company_letters("El Chaparrito"), "HAP");
}

#[test]
fn workplaces_validate_against_the_catalogs() {
    let c = cat();
    for (_, w) in sample(5, 20_000).iter().flat_map(|b| b.workplaces.iter()) {
        let input = WorkplaceInput {
            name: w.name.clone(),
            street: w.street.clone(),
            exterior_number: w.exterior_number.clone(),
            settlement: w.settlement.clone(),
            postal_code: w.postal_code.clone(),
            locality: w.locality.clone(),
            municipality: w.municipality.clone(),
            scian_class: w.scian_class.clone(),
            headcount: w.headcount,
            size_band: Some(w.size_band.code().to_string()),
            latitude: w.latitude,
            longitude: w.longitude,
            denue_id: w.denue_id,
            registered_on: w.registered_on,
        };
        let back = validate_workplace(&input, w.source_key.clone(), c).unwrap();
        assert_eq!(&back, w);
        let m = c.municipality(&w.municipality).unwrap();
        assert_eq!(m.state, w.state);
        if !w.postal_code.is_empty() {
            assert!(c
                .postal_code(&w.postal_code)
                .iter()
                .any(|s| s.settlement == w.settlement && s.municipality.as_deref() == Some(w.municipality.as_str())));
        }
        let d = w.registered_on.unwrap();
        assert!(d.to_string().as_str() >= "2010-01-01" && d.to_string().as_str() <= "2025-12-31");
        assert!(!c.scian_class(&w.scian_class).unwrap().title.contains("sector público"));
    }
}

#[test]
fn distribution_is_realistic() {
    let c = cat();
    let n = 50_000u64;
    let batches = sample(2026, n);
    let workplaces: Vec<_> = batches
        .iter()
        .flat_map(|b| b.workplaces.iter().map(|(_, w)| w))
        .collect();
    assert_eq!(workplaces.len() as u64, n);

    let total_population: u64 = c.municipalities().iter().map(|m| m.population).sum();
    for state in [15u8, 9, 14, 3] {
        let code = StateCode::new(state).unwrap();
        let expected = c.state_population(code) as f64 / total_population as f64;
        let got = workplaces.iter().filter(|w| w.state == code).count() as f64 / n as f64;
        println!("state {state:02}: {got:.4} of workplaces, {expected:.4} of population");
        assert!(
            (got - expected).abs() < 0.01 + expected * 0.08,
            "state {state}: {got} vs {expected}"
        );
    }

    let small = workplaces
        .iter()
        .filter(|w| matches!(w.size_band, SizeBand::B0To5 | SizeBand::B6To10))
        .count() as f64
        / n as f64;
    println!("share with 0-10 persons: {small:.4}");
    assert!((0.93..=0.97).contains(&small), "0-10 share {small}");
    assert!(workplaces.iter().any(|w| w.size_band == SizeBand::B251Plus));
    assert!(workplaces.iter().all(|w| {
        let (lo, hi) = w.size_band.bounds();
        let h = w.headcount.unwrap();
        h >= lo && hi.is_none_or(|hi| h <= hi)
    }));

    let mut by_sector: HashMap<String, usize> = HashMap::new();
    for w in &workplaces {
        let s = c.scian_sector_of_class(&w.scian_class).unwrap();
        *by_sector.entry(s.code.clone()).or_default() += 1;
    }
    let share = |s: &str| by_sector.get(s).copied().unwrap_or(0) as f64 / n as f64;
    println!(
        "sectors: 46 {:.3}, 81 {:.3}, 72 {:.3}, 31-33 {:.3}, 62 {:.3}, 21 {:.4}",
        share("46"),
        share("81"),
        share("72"),
        share("31-33"),
        share("62"),
        share("21")
    );
    assert!((0.33..0.42).contains(&share("46")));
    assert!((0.11..0.17).contains(&share("81")));
    assert!((0.10..0.16).contains(&share("72")));
    assert!((0.08..0.14).contains(&share("31-33")));
    assert!(share("93") == 0.0);

    let with_postal = workplaces.iter().filter(|w| !w.postal_code.is_empty()).count() as f64 / n as f64;
    assert!(with_postal > 0.99, "{with_postal}");
    assert!(workplaces
        .iter()
        .all(|w| faro_core::registry::coordinates_in_mexico(w.latitude.unwrap(), w.longitude.unwrap())));
}

#[test]
fn names_fit_the_activity() {
    let batches = sample(9, 20_000);
    let names: Vec<(&str, &str)> = batches
        .iter()
        .flat_map(|b| {
            b.workplaces
                .iter()
                .map(|(_, w)| (w.scian_class.as_str(), w.name.as_str()))
        })
        .collect();
    for (class, name) in names.iter().take(40) {
        println!("{class} {name}");
    }
    let tortillas: Vec<_> = names.iter().filter(|(c, _)| *c == "311830").collect();
    assert!(!tortillas.is_empty());
    assert!(tortillas
        .iter()
        .all(|(_, n)| n.contains("Tortill") || n.contains(" Planta ")));
    let groceries = names.iter().filter(|(c, _)| *c == "461110").count();
    assert!(groceries > 1_000, "{groceries} grocery stores");
    let companies: Vec<String> = batches
        .iter()
        .flat_map(|b| b.employers.iter())
        .filter(|(_, e)| e.person_kind == PersonKind::LegalEntity)
        .take(15)
        .map(|(_, e)| format!("{}, {}", e.name, e.legal_form))
        .collect();
    println!("{companies:#?}");
}

#[test]
fn city_centers_name_real_municipalities() {
    for (cvegeo, name, lat, lon) in crate::geo::CITY_CENTERS {
        let m = cat().municipality(cvegeo).unwrap_or_else(|| panic!("{cvegeo} unknown"));
        assert_eq!(&m.name, name, "{cvegeo}");
        assert!(faro_core::registry::coordinates_in_mexico(*lat, *lon));
    }
}

#[test]
fn demo_users_cover_every_role() {
    let users = demo_users();
    assert_eq!(users.len(), Role::ALL.len() + 1);
    for role in Role::ALL {
        assert!(users
            .iter()
            .any(|u| u.role == role && u.jurisdiction == Jurisdiction::Federal));
    }
    let jal = users.iter().find(|u| u.username == "inspector.jal").unwrap();
    assert_eq!(jal.role, Role::Inspector);
    assert_eq!(jal.jurisdiction, Jurisdiction::State(StateCode::new(14).unwrap()));
    let names: HashSet<_> = users.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names.len(), users.len());
    assert!(users
        .iter()
        .all(|u| u.password == DEMO_PASSWORD && !u.display_name.is_empty()));
    assert!(names.contains("admin") && names.contains("analista") && names.contains("sanciones"));
}

#[test]
fn speed() {
    let start = std::time::Instant::now();
    let count: usize = generate(
        &DemoConfig {
            seed: 1,
            workplaces: 100_000,
        },
        cat(),
    )
    .map(|b| b.workplaces.len())
    .sum();
    let elapsed = start.elapsed();
    println!("100,000 workplaces in {elapsed:?}");
    assert_eq!(count, 100_000);
}
