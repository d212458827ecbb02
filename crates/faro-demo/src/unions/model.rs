//! The numbers of the demo's union registry: which workplaces have collective agreements, with
//! what kind of union, how workers vote, how wages rise, how diligent unions are. Each function
//! states its figure and why; the module documentation of [`crate::unions`] summarizes them.

use faro_core::registry::SizeBand;
use faro_core::union::registration::UnionType;

/// The branches the registry's unions organize, after the SCIAN class of a workplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Branch {
    Agriculture,
    Mining,
    Utilities,
    Construction,
    Food,
    Textile,
    Chemical,
    Metal,
    Automotive,
    OtherManufacturing,
    Commerce,
    Transport,
    Media,
    Finance,
    BusinessServices,
    Education,
    Health,
    Tourism,
    OtherServices,
}

impl Branch {
    pub const ALL: [Branch; 19] = [
        Branch::Agriculture,
        Branch::Mining,
        Branch::Utilities,
        Branch::Construction,
        Branch::Food,
        Branch::Textile,
        Branch::Chemical,
        Branch::Metal,
        Branch::Automotive,
        Branch::OtherManufacturing,
        Branch::Commerce,
        Branch::Transport,
        Branch::Media,
        Branch::Finance,
        Branch::BusinessServices,
        Branch::Education,
        Branch::Health,
        Branch::Tourism,
        Branch::OtherServices,
    ];

    /// The branch of a six-digit SCIAN class.
    pub fn of_class(class: &str) -> Branch {
        let s2 = class.get(..2).unwrap_or("");
        let s3 = class.get(..3).unwrap_or("");
        match s2 {
            "11" => Branch::Agriculture,
            "21" => Branch::Mining,
            "22" => Branch::Utilities,
            "23" => Branch::Construction,
            "31" | "32" | "33" => match s3 {
                "311" | "312" => Branch::Food,
                "313" | "314" | "315" | "316" => Branch::Textile,
                "324" | "325" | "326" | "327" => Branch::Chemical,
                "331" | "332" => Branch::Metal,
                "333" | "334" | "335" | "336" => Branch::Automotive,
                _ => Branch::OtherManufacturing,
            },
            "43" | "46" => Branch::Commerce,
            "48" | "49" => Branch::Transport,
            "51" => Branch::Media,
            "52" => Branch::Finance,
            "53" | "54" | "55" | "56" => Branch::BusinessServices,
            "61" => Branch::Education,
            "62" => Branch::Health,
            "71" | "72" => Branch::Tourism,
            _ => Branch::OtherServices,
        }
    }

    /// Whether it is manufacturing, mining, utilities or transport: where coverage concentrates.
    pub fn industrial(self) -> bool {
        matches!(
            self,
            Branch::Mining
                | Branch::Utilities
                | Branch::Food
                | Branch::Textile
                | Branch::Chemical
                | Branch::Metal
                | Branch::Automotive
                | Branch::OtherManufacturing
                | Branch::Transport
        )
    }

    /// Services where women are most of the workforce and more of the leaderships.
    pub fn services(self) -> bool {
        matches!(
            self,
            Branch::Commerce
                | Branch::Finance
                | Branch::BusinessServices
                | Branch::Education
                | Branch::Health
                | Branch::Tourism
                | Branch::OtherServices
        )
    }

    /// How the branch reads in a union's name ("de la Industria ...").
    pub fn industry_words(self) -> &'static [&'static str] {
        match self {
            Branch::Agriculture => &[
                "Agrícola, Ganadera y Similares",
                "Agroindustrial y Conexos",
                "del Campo y Agroindustria",
            ],
            Branch::Mining => &[
                "Minera, Metalúrgica y Conexos",
                "Extractiva y de Beneficio de Minerales",
            ],
            Branch::Utilities => &[
                "Eléctrica, del Gas y del Agua",
                "de Generación y Distribución de Energía",
            ],
            Branch::Construction => &[
                "de la Construcción y Similares",
                "de la Construcción, Materiales y Conexos",
            ],
            Branch::Food => &[
                "Alimenticia, Bebidas y Similares",
                "Panificadora, Alimentos y Conexos",
                "Embotelladora y de Bebidas",
            ],
            Branch::Textile => &["Textil, del Vestido y Similares", "de la Confección y el Calzado"],
            Branch::Chemical => &[
                "Química, Petroquímica y Conexos",
                "del Plástico, Hule y Similares",
                "Farmacéutica y Química",
            ],
            Branch::Metal => &["Metalmecánica, Siderúrgica y Similares", "Metálica y de Fundición"],
            Branch::Automotive => &[
                "Automotriz, Autopartes y Conexos",
                "Electrónica, Eléctrica y Automotriz",
                "Maquiladora de Exportación",
            ],
            Branch::OtherManufacturing => &[
                "Manufacturera y de la Transformación",
                "del Papel, Cartón y Similares",
                "Maderera y del Mueble",
            ],
            Branch::Commerce => &[
                "del Comercio y Similares",
                "de Tiendas de Autoservicio y Departamentales",
                "Comercial y de Distribución",
            ],
            Branch::Transport => &[
                "del Autotransporte y Conexos",
                "del Transporte de Carga y Pasaje",
                "de la Logística y el Almacenaje",
            ],
            Branch::Media => &[
                "de las Telecomunicaciones y Medios",
                "Editorial, de la Radio y la Televisión",
            ],
            Branch::Finance => &[
                "de Instituciones Financieras y Seguros",
                "Bancaria y de Servicios Financieros",
            ],
            Branch::BusinessServices => &[
                "de Servicios Profesionales y de Limpieza",
                "de Seguridad Privada y Servicios",
                "de Servicios a Empresas y Similares",
            ],
            Branch::Education => &["de la Enseñanza Particular", "de Colegios y Universidades Particulares"],
            Branch::Health => &[
                "de Hospitales y Clínicas Particulares",
                "de la Salud Privada y Laboratorios",
            ],
            Branch::Tourism => &[
                "Hotelera, Gastronómica y Similares",
                "Turística, Restaurantera y Conexos",
                "del Entretenimiento y el Turismo",
            ],
            Branch::OtherServices => &["de Servicios Diversos y Similares", "de Talleres y Servicios"],
        }
    }

    /// The trades a gremial union of the branch organizes.
    pub fn trades(self) -> &'static [&'static str] {
        match self {
            Branch::Agriculture => &[
                "Jornaleros Agrícolas",
                "Operadores de Maquinaria Agrícola",
                "Empacadores de Frutas y Legumbres",
            ],
            Branch::Mining => &["Perforistas y Barreteros", "Operadores de Equipo Pesado"],
            Branch::Utilities => &["Electricistas", "Fontaneros y Técnicos del Agua"],
            Branch::Construction => &[
                "Albañiles y Similares",
                "Electricistas y Plomeros",
                "Carpinteros y Fierreros",
                "Operadores de Maquinaria Pesada",
            ],
            Branch::Food => &["Panaderos", "Tortilleros", "Molineros y Nixtamaleros"],
            Branch::Textile => &["Costureras y Sastres", "Zapateros"],
            Branch::Chemical => &["Técnicos Químicos y Laboratoristas", "Operadores de Planta"],
            Branch::Metal => &["Soldadores y Paileros", "Torneros y Fresadores"],
            Branch::Automotive => &["Técnicos Electromecánicos", "Operadores de Línea"],
            Branch::OtherManufacturing => &["Ebanistas y Carpinteros", "Impresores y Encuadernadores"],
            Branch::Commerce => &["Empleados de Comercio", "Agentes de Ventas", "Cargadores y Estibadores"],
            Branch::Transport => &[
                "Choferes y Operadores del Autotransporte",
                "Operadores de Transporte de Pasajeros",
                "Estibadores y Alijadores",
                "Taxistas",
            ],
            Branch::Media => &[
                "Técnicos de Telecomunicaciones",
                "Periodistas y Trabajadores de la Prensa",
            ],
            Branch::Finance => &["Empleados Bancarios"],
            Branch::BusinessServices => &[
                "Trabajadores de Limpieza",
                "Guardias de Seguridad",
                "Jardineros y Trabajadores de Mantenimiento",
            ],
            Branch::Education => &["Profesores de Escuelas Particulares"],
            Branch::Health => &["Enfermeras y Enfermeros", "Técnicos Radiólogos y Laboratoristas"],
            Branch::Tourism => &[
                "Meseros y Cantineros",
                "Cocineros y Ayudantes",
                "Camaristas y Trabajadores de Hotel",
                "Músicos",
            ],
            Branch::OtherServices => &[
                "Peluqueros y Estilistas",
                "Mecánicos Automotrices",
                "Lavanderos y Tintoreros",
            ],
        }
    }

    /// Share of women in the workforce, roughly as in ENOE's salaried employment by activity.
    pub fn female_share(self) -> f64 {
        match self {
            Branch::Agriculture => 0.2,
            Branch::Mining => 0.12,
            Branch::Utilities => 0.22,
            Branch::Construction => 0.08,
            Branch::Food => 0.42,
            Branch::Textile => 0.6,
            Branch::Chemical => 0.33,
            Branch::Metal => 0.18,
            Branch::Automotive => 0.45,
            Branch::OtherManufacturing => 0.3,
            Branch::Commerce => 0.5,
            Branch::Transport => 0.15,
            Branch::Media => 0.4,
            Branch::Finance => 0.55,
            Branch::BusinessServices => 0.42,
            Branch::Education => 0.62,
            Branch::Health => 0.68,
            Branch::Tourism => 0.52,
            Branch::OtherServices => 0.45,
        }
    }

    /// Leavers per position and year: low in utilities and mining, high in retail, food and
    /// lodging, cleaning and security (IMSS turnover figures put services at 30 %-60 %).
    pub fn turnover(self) -> f64 {
        match self {
            Branch::Utilities | Branch::Mining | Branch::Education => 0.1,
            Branch::Finance | Branch::Health | Branch::Chemical | Branch::Media => 0.16,
            Branch::Food | Branch::Metal | Branch::OtherManufacturing | Branch::Transport => 0.22,
            Branch::Automotive | Branch::Textile => 0.3,
            Branch::Agriculture | Branch::Construction => 0.35,
            Branch::Commerce | Branch::Tourism | Branch::BusinessServices | Branch::OtherServices => 0.38,
        }
    }

    /// How much likelier than the base a workplace of the branch is to have an agreement:
    /// coverage concentrates in manufacturing, mining, transport and utilities and is rare in
    /// small retail and personal services.
    pub fn coverage_factor(self) -> f64 {
        match self {
            Branch::Mining | Branch::Utilities => 1.6,
            Branch::Automotive | Branch::Metal | Branch::Chemical => 1.5,
            Branch::Food | Branch::Textile | Branch::OtherManufacturing => 1.35,
            Branch::Transport => 1.3,
            Branch::Construction => 0.9,
            Branch::Tourism => 0.85,
            Branch::Media | Branch::Finance => 0.7,
            Branch::Education | Branch::Health => 0.6,
            Branch::BusinessServices => 0.75,
            Branch::Commerce => 0.55,
            Branch::Agriculture => 0.5,
            Branch::OtherServices => 0.25,
        }
    }

    /// The weight of the branch among the registry's sector unions (industrial, national,
    /// gremial): roughly where unions are registered.
    pub fn union_weight(self) -> f64 {
        match self {
            Branch::Automotive => 7.0,
            Branch::Metal => 6.0,
            Branch::Food => 6.0,
            Branch::Chemical => 4.0,
            Branch::Textile => 3.0,
            Branch::OtherManufacturing => 4.0,
            Branch::Transport => 12.0,
            Branch::Construction => 10.0,
            Branch::Commerce => 12.0,
            Branch::Tourism => 10.0,
            Branch::BusinessServices => 6.0,
            Branch::Education => 3.0,
            Branch::Health => 3.0,
            Branch::Agriculture => 4.0,
            Branch::Mining => 2.0,
            Branch::Utilities => 1.5,
            Branch::Media => 1.5,
            Branch::Finance => 1.0,
            Branch::OtherServices => 4.0,
        }
    }
}

/// The chance that a workplace has had a collective agreement, by size, before the branch's
/// factor. Protection contracts made agreements common even in small units before 2019: the
/// registries held several hundred thousand; the demo gives about one agreement for every ten
/// workplaces (500,000 for a nation of 5 million).
pub fn coverage_base(band: SizeBand) -> f64 {
    match band {
        SizeBand::B0To5 => 0.11,
        SizeBand::B6To10 => 0.36,
        SizeBand::B11To30 => 0.5,
        SizeBand::B31To50 => 0.6,
        SizeBand::B51To100 => 0.68,
        SizeBand::B101To250 => 0.74,
        SizeBand::B251Plus => 0.8,
    }
}

/// The chance a workplace has had an agreement: [`coverage_base`] times the branch's factor
/// (at least 1 for workplaces of more than 100 persons: large stores, hotels and hospitals have
/// agreements too), halved again for shops and personal services of ten persons or fewer, at
/// most 95 %.
pub fn coverage(band: SizeBand, branch: Branch) -> f64 {
    let small_shop = band <= SizeBand::B6To10 && matches!(branch, Branch::Commerce | Branch::OtherServices);
    let factor = if band >= SizeBand::B101To250 {
        branch.coverage_factor().max(1.0)
    } else {
        branch.coverage_factor()
    };
    let p = coverage_base(band) * factor * if small_shop { 0.5 } else { 1.0 };
    p.min(0.95)
}

/// Of the workplaces with an agreement, the share whose agreement predates the 2019 reform.
pub const LEGACY_SHARE: f64 = 0.86;

/// The chance that a legacy agreement went to a legitimization vote before the deadline: real
/// unions at large workplaces mostly did; protection contracts at small units mostly lapsed
/// (about 30,000 consultations were held against several hundred thousand deposited agreements).
pub fn legitimization_vote(band: SizeBand, branch: Branch) -> f64 {
    let base: f64 = match band {
        SizeBand::B0To5 => 0.03,
        SizeBand::B6To10 => 0.06,
        SizeBand::B11To30 => 0.16,
        SizeBand::B31To50 => 0.32,
        SizeBand::B51To100 => 0.5,
        SizeBand::B101To250 => 0.62,
        SizeBand::B251Plus => 0.75,
    };
    let factor = if branch.industrial() { 1.15 } else { 0.85 };
    (base * factor).min(0.95)
}

/// Legitimization votes: approved (92 %), rejected (5 %), no majority (3 %).
pub const LEGITIMIZATION_OUTCOMES: [f64; 3] = [0.92, 0.05, 0.03];

/// The chance that a workplace whose legacy agreement ended gets a new (initial) agreement: more
/// where the workers rejected the old one (another union organizes them) and at large units.
pub fn new_agreement_after(band: SizeBand, rejected: bool) -> f64 {
    if rejected {
        return 0.45;
    }
    match band {
        SizeBand::B0To5 | SizeBand::B6To10 => 0.03,
        SizeBand::B11To30 | SizeBand::B31To50 => 0.1,
        _ => 0.25,
    }
}

/// The chance that the union holding a workplace's agreement is its own company union, by size.
pub fn company_union(band: SizeBand, branch: Branch) -> f64 {
    let base = match band {
        SizeBand::B0To5 | SizeBand::B6To10 => 0.0,
        SizeBand::B11To30 => 0.04,
        SizeBand::B31To50 => 0.1,
        SizeBand::B51To100 => 0.18,
        SizeBand::B101To250 => 0.28,
        SizeBand::B251Plus => 0.42,
    };
    if matches!(branch, Branch::Mining | Branch::Utilities | Branch::Automotive) {
        base * 1.3
    } else {
        base
    }
}

/// Kinds of the sector unions a workplace's agreement goes to (industrial, national industry,
/// gremial, various trades), by size: small units mostly with unions of various trades.
pub fn sector_union_kinds(band: SizeBand) -> [(UnionType, f64); 4] {
    let small = band <= SizeBand::B6To10;
    [
        (UnionType::Industrial, if small { 0.35 } else { 0.45 }),
        (UnionType::NationalIndustry, if small { 0.15 } else { 0.27 }),
        (UnionType::Trade, 0.1),
        (UnionType::VariousTrades, if small { 0.4 } else { 0.18 }),
    ]
}

/// Sector unions (not company ones) for every workplace of the nation.
pub const SECTOR_UNIONS_PER_WORKPLACE: f64 = 0.0062;

/// Kinds among the sector unions: industrial, gremial, various trades, national industry.
pub const SECTOR_UNION_KINDS: [(UnionType, f64); 4] = [
    (UnionType::Industrial, 0.45),
    (UnionType::Trade, 0.25),
    (UnionType::VariousTrades, 0.2),
    (UnionType::NationalIndustry, 0.1),
];

/// Share of the registry's unions founded after the 2019 reform.
pub const NEW_UNION_SHARE: f64 = 0.12;

/// Share of women in a union's leadership: about a fifth in industry, less in mining,
/// construction and transport, about a third in services; after the 2019 reform the statutes
/// must provide proportional representation (371-IX Bis), which adds about 7 points.
pub fn leadership_women_share(branch: Branch, after_reform: bool) -> f64 {
    let base = if branch.services() {
        0.31
    } else if matches!(branch, Branch::Mining | Branch::Construction | Branch::Transport) {
        0.13
    } else {
        0.19
    };
    if after_reform {
        base + 0.07
    } else {
        base
    }
}

/// The mean nominal raise of contractual wage revisions in a year, in per cent: about 4 %-5 %
/// before 2019 and higher while the minimum wage rose fast (STPS's contractual revisions: 6.1 %
/// in 2019, 8.9 % in 2023).
pub fn wage_raise_mean(year: i32) -> f64 {
    match year {
        ..=2016 => 4.2,
        2017 => 4.8,
        2018 => 5.3,
        2019 => 6.1,
        2020 => 5.6,
        2021 => 5.5,
        2022 => 6.8,
        2023 => 8.9,
        2024 => 8.5,
        2025 => 7.4,
        _ => 6.6,
    }
}

/// How diligent a union is with its periodic filings (member updates every 3 months, 377-III;
/// accounts every 6 months, 373).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diligence {
    /// Files on time, now and then a few weeks late.
    Diligent,
    /// Files every 3 to 8 months (accounts every 6 to 12).
    Irregular,
    /// Files once or twice after the registry takes its file, then stops.
    Negligent,
}

/// Shares of the diligence classes: 45 %, 30 %, 25 %, which leaves about 40 % of registered
/// unions overdue with their member update on any day.
pub const DILIGENCE: [(Diligence, f64); 3] = [
    (Diligence::Diligent, 0.45),
    (Diligence::Irregular, 0.3),
    (Diligence::Negligent, 0.25),
];

/// Low rates of planted anomalies in votes, for the registrar's review.
pub mod anomaly_rates {
    /// Two stations with exactly the same counts, among votes with two or more stations.
    pub const IDENTICAL_COUNTS: f64 = 0.01;
    /// More ballots in one station than voters on its roll.
    pub const TURNOUT_ABOVE_ROLL: f64 = 0.004;
    /// Every valid vote for one option, among votes with a roll of 100 or more.
    pub const UNANIMITY: f64 = 0.02;
    /// Results entered after the 3 working days of 390 Ter-II f.
    pub const RESULTS_LATE: f64 = 0.02;
}

/// Clauses below the law at a low rate (for the registrar's minimums check): the share of
/// agreements deposited with one.
pub const BELOW_MINIMUM_SHARE: f64 = 0.03;
