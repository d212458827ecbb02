//! Hand-made fixture: 3 unions and 5 agreements whose counts the tests work out by hand.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use chrono::NaiveDate;
use faro_search::{AgreementDoc, Document, FacetCount, Index, UnionDoc};

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn union(
    id: &str,
    reg: &str,
    name: &str,
    fed: Option<&str>,
    state: &str,
    muni: &str,
    sector: &str,
    status: &str,
    on: NaiveDate,
    members: u64,
) -> Document {
    Document::Union(UnionDoc {
        id: id.into(),
        registration_number: reg.into(),
        name: name.into(),
        federation: fed.map(Into::into),
        state: state.into(),
        municipality: muni.into(),
        sector: sector.into(),
        status: status.into(),
        registered_on: on,
        members,
    })
}

pub const U1_NAME: &str = "Sindicato Nacional de Trabajadores Mineros";
pub const U2_NAME: &str = "Sindicato de Trabajadores de la Industria Textil";
pub const U3_NAME: &str = "Sindicato Independiente de Trabajadores Automotrices";

#[allow(clippy::too_many_arguments)]
pub fn agreement(
    id: &str,
    number: &str,
    union_id: &str,
    union_name: &str,
    fed: Option<&str>,
    employer: &str,
    rfc: Option<&str>,
    place: (&str, &str),
    sector: &str,
    status: &str,
    on: NaiveDate,
    workers: u64,
    text: &str,
) -> Document {
    Document::Agreement(AgreementDoc {
        id: id.into(),
        number: number.into(),
        union_id: union_id.into(),
        union_name: union_name.into(),
        federation: fed.map(Into::into),
        employer_name: employer.into(),
        employer_rfc: rfc.map(Into::into),
        state: place.0.into(),
        municipality: place.1.into(),
        sector: sector.into(),
        status: status.into(),
        deposited_on: on,
        covered_workers: workers,
        text: text.into(),
    })
}

pub fn fixture_docs() -> Vec<Document> {
    vec![
        union(
            "u1",
            "10/2001",
            U1_NAME,
            Some("CTM"),
            "Sonora",
            "Cananea",
            "21",
            "vigente",
            date(1990, 5, 1),
            5000,
        ),
        union(
            "u2",
            "10/2002",
            U2_NAME,
            Some("CROC"),
            "Puebla",
            "Puebla",
            "31",
            "vigente",
            date(2001, 3, 10),
            800,
        ),
        union(
            "u3",
            "10/2003",
            U3_NAME,
            None,
            "Puebla",
            "Cuautlancingo",
            "33",
            "cancelado",
            date(2015, 7, 20),
            1200,
        ),
        agreement(
            "a1",
            "CCT-2020-001",
            "u1",
            U1_NAME,
            Some("CTM"),
            "Minera del Norte S.A. de C.V.",
            Some("MNO900101AB1"),
            ("Sonora", "Cananea"),
            "21",
            "vigente",
            date(2020, 1, 15),
            3000,
            "Cláusula 10. Los salarios se pagarán semanalmente.\nCláusula 11. Vacaciones: los \
             trabajadores disfrutarán de vacaciones pagadas y una prima vacacional del 25%.",
        ),
        agreement(
            "a2",
            "CCT-2021-002",
            "u2",
            U2_NAME,
            Some("CROC"),
            "Textiles Poblanos S.A.",
            Some("TPO850505XY2"),
            ("Puebla", "Puebla"),
            "31",
            "vigente",
            date(2021, 6, 1),
            500,
            "El salario mínimo profesional se revisará cada año. La empresa otorgará aguinaldo \
             de 30 días. <script>alert(1)</script> Prima de antigüedad conforme a la ley.",
        ),
        agreement(
            "a3",
            "CCT-2019-003",
            "u2",
            U2_NAME,
            Some("CROC"),
            "Hilados de Atlixco",
            None,
            ("Puebla", "Atlixco"),
            "31",
            "terminado",
            date(2019, 2, 11),
            200,
            "Los trabajadores tendrán derecho a vacaciones y prima vacacional. Horas extras se \
             pagarán dobles.",
        ),
        agreement(
            "a4",
            "CCT-2022-004",
            "u3",
            U3_NAME,
            None,
            "Autopartes de Puebla S.A.",
            Some("APU100101ZZ9"),
            ("Puebla", "Cuautlancingo"),
            "33",
            "vigente",
            date(2022, 9, 30),
            900,
            "Año con año se revisará el tabulador de salarios. Bono de puntualidad. El derecho de \
             huelga se ejerce conforme a la ley.",
        ),
        agreement(
            "a5",
            "CCT-2023-005",
            "u1",
            U1_NAME,
            Some("CTM"),
            "Minera del Pacífico",
            Some("MPA010101AA1"),
            ("Sonora", "Hermosillo"),
            "21",
            "vigente",
            date(2023, 4, 4),
            1500,
            "Las vacaciones serán de 12 días hábiles.",
        ),
    ]
}

pub fn fixture_index() -> Index {
    let index = Index::in_memory().unwrap();
    let mut writer = index.writer().unwrap();
    assert_eq!(writer.add_all(fixture_docs()).unwrap(), 8);
    writer.commit().unwrap();
    index
}

pub fn counts(list: &[FacetCount]) -> Vec<(&str, u64)> {
    list.iter().map(|f| (f.value.as_str(), f.count)).collect()
}
