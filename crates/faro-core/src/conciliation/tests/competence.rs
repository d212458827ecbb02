//! The competence table (LFT 527-529) and the exempt matters (685 Ter).

use super::*;

fn branches() -> &'static FederalBranches {
    FederalBranches::official().unwrap()
}

fn route_on(scian: &str, flags: FederalFlags) -> Routing {
    route(branches(), Some(scian), jal(), flags, day(2026, 3, 2))
}

#[test]
fn the_table_has_the_22_branches_and_every_prefix_is_a_scian_class() {
    let all = branches().all();
    let numbers: Vec<u8> = all.iter().map(|b| b.number).collect();
    assert_eq!(numbers, (1..=22).collect::<Vec<u8>>());
    for b in all {
        assert_eq!(b.article, format!("LFT 527-I-{}", b.number));
        assert!(!b.comment.trim().is_empty());
        for p in &b.scian_prefixes {
            assert!(
                law()
                    .catalogs
                    .scian_classes()
                    .iter()
                    .any(|c| c.code.starts_with(p.as_str())),
                "branch {}: prefix {p} matches no SCIAN class",
                b.number
            );
        }
    }
}

#[test]
fn at_least_one_class_per_federal_branch() {
    let cases: [(&str, u8); 30] = [
        ("313210", 1),  // telas anchas de tejido de trama
        ("314110", 1),  // alfombras y tapetes
        ("221122", 2),  // distribución de energía eléctrica
        ("512130", 3),  // exhibición de películas
        ("326211", 4),  // llantas y cámaras
        ("325212", 4),  // hules sintéticos: carved out of chemicals
        ("311311", 5),  // azúcar de caña
        ("212221", 6),  // minería de oro
        ("213119", 6),  // servicios a la minería
        ("331111", 7),  // complejos siderúrgicos
        ("211111", 8),  // extracción de petróleo
        ("213111", 8),  // perforación de pozos petroleros
        ("324110", 8),  // refinación de petróleo
        ("486210", 8),  // gas natural por ductos
        ("325110", 9),  // petroquímicos básicos: carved out of chemicals
        ("327310", 10), // cemento
        ("327410", 11), // cal
        ("336110", 12), // automóviles
        ("336320", 12), // autopartes eléctricas
        ("325412", 13), // preparaciones farmacéuticas
        ("325510", 13), // pinturas
        ("322121", 14), // papel
        ("311222", 15), // aceites vegetales
        ("311513", 16), // derivados lácteos
        ("311811", 16), // panificación industrial
        ("312120", 17), // cerveza
        ("482110", 18), // ferrocarril
        ("321111", 19), // aserraderos
        ("327213", 20), // envases de vidrio
        ("312221", 21), // cigarros
    ];
    for (scian, number) in cases {
        let r = route_on(scian, FederalFlags::default());
        assert_eq!(
            r.competence,
            Competence::Federal {
                ground: FederalGround::Branch { number }
            },
            "{scian}"
        );
        assert_eq!(r.reason, "competence.federal_branch");
        assert_eq!(r.article, format!("LFT 527-I-{number}"));
        assert_eq!(r.competence.center(), Jurisdiction::Federal);
    }
    // Banking: commercial banks.
    assert_eq!(
        route_on("522110", FederalFlags::default()).competence,
        Competence::Federal {
            ground: FederalGround::Branch { number: 22 }
        }
    );
}

#[test]
fn classes_outside_the_branches_are_local() {
    for scian in [
        "461110", // abarrotes
        "722511", // restaurantes
        "315223", // uniformes: garments are not 'textil' in Faro's table
        "311830", // tortillas de maíz: not packaged food
        "311812", // panificación tradicional
        "312113", // hielo: not a beverage
        "327320", // concreto: not cement
        "327215", // artículos de vidrio domésticos: 'exclusivamente' flat glass and containers
        "522210", // banca de desarrollo: CPEUM 123-B XIII bis
        "336510", // equipo ferroviario
        "332110", // productos metálicos forjados: not basic metals
    ] {
        assert!(law().catalogs.scian_class(scian).is_some(), "{scian}");
        let r = route_on(scian, FederalFlags::default());
        assert_eq!(r.competence, Competence::Local { state: jal() }, "{scian}");
        assert_eq!(r.reason, "competence.local_residual");
        assert_eq!(r.article, "LFT 529");
        assert_eq!(r.competence.center(), jalisco());
    }
    let unknown = route(branches(), None, jal(), FederalFlags::default(), day(2026, 3, 2));
    assert_eq!(unknown.reason, "competence.local_unknown_class");
}

#[test]
fn the_company_grounds_of_527_ii_make_a_local_class_federal() {
    let flags = |g: bool, c: bool, z: bool| FederalFlags {
        federal_government_company: g,
        federal_contract_or_concession: c,
        federal_zone_or_waters: z,
    };
    let r = route_on("722511", flags(true, false, false));
    assert_eq!(
        r.competence,
        Competence::Federal {
            ground: FederalGround::GovernmentCompany
        }
    );
    assert_eq!(r.article, "LFT 527-II-1");
    let r = route_on("722511", flags(false, true, false));
    assert_eq!(r.reason, "competence.contract_or_concession");
    assert_eq!(r.article, "LFT 527-II-2, 528");
    let r = route_on("722511", flags(false, false, true));
    assert_eq!(r.reason, "competence.zone_or_waters");
    // A branch is the more specific ground and is reported first.
    let r = route_on("311311", flags(true, true, true));
    assert_eq!(r.reason, "competence.federal_branch");
}

#[test]
fn the_longest_prefix_wins_and_branches_have_dates() {
    let b = branches();
    let on = day(2026, 1, 1);
    assert_eq!(b.branch_of("325110", on).unwrap().number, 9);
    assert_eq!(b.branch_of("325190", on).unwrap().number, 13);
    // Banking (numeral 22) was added by the reform DOF 30-11-2012.
    assert!(b.branch_of("522110", day(2012, 11, 30)).is_none());
    assert_eq!(b.branch_of("522110", day(2012, 12, 1)).unwrap().number, 22);
    assert_eq!(b.get(22, on).unwrap().name_en, "Banking and credit services");
}

#[test]
fn a_malformed_table_is_refused() {
    let one = |number: u8, prefixes: &str| {
        format!(
            "[[branch]]\nnumber = {number}\nname_es = \"x\"\nname_en = \"x\"\narticle = \"LFT 527-I-{number}\"\n\
             in_force_from = \"2012-12-01\"\nscian_prefixes = [{prefixes}]\ncomment = \"c\"\n"
        )
    };
    assert!(FederalBranches::from_toml(&one(1, "\"313\"")).is_ok());
    assert!(FederalBranches::from_toml(&one(23, "\"313\"")).is_err());
    assert!(FederalBranches::from_toml(&one(1, "\"3a3\"")).is_err());
    assert!(FederalBranches::from_toml(&one(1, "")).is_err());
    let twice = format!("{}{}", one(1, "\"313\""), one(2, "\"313\""));
    let e = FederalBranches::from_toml(&twice).unwrap_err();
    assert_eq!(e.code, "rules.invalid");
    assert!(FederalBranches::from_toml(&format!("{}unknown = 1\n", one(1, "\"313\""))).is_err());
}

#[test]
fn the_exempt_matters_of_685_ter() {
    assert_eq!(ExemptMatter::ALL.len(), 8);
    for m in ExemptMatter::ALL {
        assert!(m.article().starts_with("LFT 685 Ter-"));
        assert!(!m.text_es().is_empty());
        assert_eq!(ExemptMatter::parse(m.code()).unwrap(), m);
    }
    assert_eq!(ExemptMatter::Discrimination.article(), "LFT 685 Ter-I");
    assert!(ExemptMatter::Discrimination.text_es().contains("hostigamiento sexual"));
    assert_eq!(ExemptMatter::ChildLabor.article(), "LFT 685 Ter-IV-c");
    // Only fraction IV needs indicia for the court.
    let with_indicia: Vec<_> = ExemptMatter::ALL.into_iter().filter(|m| m.needs_indicia()).collect();
    assert_eq!(
        with_indicia,
        vec![
            ExemptMatter::FreedomOfAssociation,
            ExemptMatter::ForcedLabor,
            ExemptMatter::ChildLabor
        ]
    );
    assert_eq!(
        ExemptMatter::parse("dismissal").unwrap_err().code,
        "conciliation.exemption_unknown"
    );
    let e = exceptions::exemption(ExemptMatter::SocialSecurity, " riesgo de trabajo ", day(2026, 3, 2)).unwrap();
    assert_eq!(e.article, "LFT 685 Ter-III");
    assert_eq!(e.reason, "riesgo de trabajo");
    assert!(!e.needs_indicia);
    assert_eq!(
        exceptions::exemption(ExemptMatter::SocialSecurity, "", day(2019, 5, 1))
            .unwrap_err()
            .code,
        "conciliation.exemption_not_in_force"
    );
}
