//! The text of a collective agreement as the parties deposit it, in Spanish: the parties'
//! declarations and the clauses (object, scope, term, working hours, wages with the wage table,
//! vacations, vacation premium, year-end bonus, savings fund, training, safety and health, union
//! dues, and a varying selection of others), the signatures and an annex naming the members of a
//! joint commission. The text matches the structured terms it is deposited with.
//!
//! The draft carries personal data on purpose: the signatories' names and, in the annex, a
//! worker's name, CURP and telephone ([`PlantedPersonalData`]). Core's `redact` takes them out of
//! the public version (the names are passed to it), which is what the privacy checks look for.

use chrono::{Datelike, NaiveDate};
use faro_core::union::minimums::{AgreementDuration, AgreementTerms};
use faro_core::union::registration::{Officer, UnionType};
use rand::RngCore;

use crate::random::{between, chance, index, pick, unit};

/// Personal data planted in a draft, which the public version must not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlantedPersonalData {
    pub name: String,
    pub curp: String,
    pub phone: String,
}

/// What the text is written from.
pub(crate) struct TextInput<'a> {
    /// A legacy agreement: the number and day of its original deposit.
    pub(crate) legacy: Option<(&'a str, NaiveDate)>,
    pub(crate) union_name: &'a str,
    pub(crate) union_kind: UnionType,
    pub(crate) union_registration: &'a str,
    pub(crate) federation: Option<&'a str>,
    pub(crate) employer_name: &'a str,
    pub(crate) employer_rfc: &'a str,
    pub(crate) municipality: &'a str,
    pub(crate) state_name: &'a str,
    pub(crate) activity: &'a str,
    pub(crate) covered: u32,
    pub(crate) signed_on: NaiveDate,
    pub(crate) effective_from: NaiveDate,
    pub(crate) terms: &'a AgreementTerms,
    pub(crate) certificate: Option<&'a str>,
    pub(crate) approval_vote_on: Option<NaiveDate>,
    pub(crate) officers: &'a [Officer],
    pub(crate) employer_representative: &'a str,
    pub(crate) planted: &'a PlantedPersonalData,
    pub(crate) weekly_hours: u32,
}

const MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// "15 de marzo de 2021".
pub(crate) fn fecha(d: NaiveDate) -> String {
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("enero");
    format!("{} de {month} de {}", d.day(), d.year())
}

const ORDINALS: [&str; 10] = [
    "PRIMERA", "SEGUNDA", "TERCERA", "CUARTA", "QUINTA", "SEXTA", "SÉPTIMA", "OCTAVA", "NOVENA", "DÉCIMA",
];

/// The ordinal of clause `n` (1-based): PRIMERA ... TRIGÉSIMA NOVENA.
fn ordinal(n: usize) -> String {
    let tens = ["", "DÉCIMA", "VIGÉSIMA", "TRIGÉSIMA", "CUADRAGÉSIMA", "QUINCUAGÉSIMA"];
    if n == 0 {
        return "PRIMERA".into();
    }
    if n <= 10 {
        return ORDINALS.get(n - 1).copied().unwrap_or("PRIMERA").to_string();
    }
    let t = tens.get(n / 10).copied().unwrap_or("QUINCUAGÉSIMA");
    match n % 10 {
        0 => t.to_string(),
        u => format!("{t} {}", ORDINALS.get(u - 1).copied().unwrap_or("PRIMERA")),
    }
}

/// `n` digits, the first not zero.
fn digits(rng: &mut impl RngCore, n: usize) -> String {
    (0..n)
        .map(|k| {
            let lo = if k == 0 { 1 } else { 0 };
            char::from(b'0' + between(rng, lo, 9) as u8)
        })
        .collect()
}

/// A Mexican telephone number as people write it, one of the forms the redaction knows.
pub(crate) fn phone(rng: &mut impl RngCore) -> String {
    let two = ["55", "33", "81"];
    let three = ["222", "442", "477", "664", "656", "999", "614", "871", "229", "961"];
    let form = index(rng, 4);
    let area = if form == 2 {
        pick(rng, &three, "222")
    } else {
        pick(rng, &two, "55")
    };
    let a = digits(rng, if form == 2 { 3 } else { 4 });
    let b = digits(rng, 4);
    match form {
        0 => format!("{area} {a} {b}"),
        1 => format!("({area}) {a}-{b}"),
        2 => format!("{area} {a} {b}"),
        _ => format!("{area}{a}{b}"),
    }
}

fn union_kind_words(k: UnionType) -> &'static str {
    match k {
        UnionType::Company => "de empresa",
        UnionType::Industrial => "industrial",
        UnionType::NationalIndustry => "nacional de industria",
        UnionType::Trade => "gremial",
        UnionType::VariousTrades => "de oficios varios",
        _ => "de trabajadores",
    }
}

fn duration_words(d: AgreementDuration) -> String {
    match d {
        AgreementDuration::Fixed { months } => format!("por tiempo determinado de {months} meses"),
        AgreementDuration::Indefinite => "por tiempo indefinido".into(),
        AgreementDuration::SpecificWork => {
            "por obra determinada, mientras dure la obra materia de este contrato".into()
        }
    }
}

/// Appends clause number `n + 1`.
fn clause(s: &mut String, n: &mut usize, title: &str, body: &str) {
    *n += 1;
    s.push_str(&format!("{}. {title}. {body}\n\n", ordinal(*n)));
}

/// One of two phrasings: the short one for a terse agreement, the long one otherwise.
fn say<'a>(long: bool, short: &'a str, full: &'a str) -> &'a str {
    if long {
        full
    } else {
        short
    }
}

/// The vacation table as rows, consecutive steps with the same days merged.
fn vacation_rows(t: &AgreementTerms) -> String {
    let steps = &t.benefits.vacation;
    let mut rows: Vec<(u32, Option<u32>, u32)> = Vec::new();
    for (i, v) in steps.iter().enumerate() {
        let until = steps.get(i + 1).map(|x| x.from_year.saturating_sub(1));
        match rows.last_mut() {
            Some(last) if last.2 == v.days => last.1 = until,
            _ => rows.push((v.from_year, until, v.days)),
        }
    }
    let mut out = String::new();
    for (from, until, days) in rows {
        let years = match until {
            Some(u) if u > from => format!("Del año {from} al {u} de servicios"),
            Some(_) => format!("Año {from} de servicios"),
            None => format!("Del año {from} de servicios en adelante"),
        };
        out.push_str(&format!("  {years}: {days} días\n"));
    }
    out
}

/// Writes the draft (3 to 15 KB).
pub(crate) fn agreement_text(rng: &mut impl RngCore, t: &TextInput<'_>) -> String {
    let mut s = String::with_capacity(12_000);
    let target = 3_200 + (unit(rng) * 11_000.0) as usize;
    let long = target > 7_500;
    let company = "LA EMPRESA";
    let union = "EL SINDICATO";
    // Heading and parties.
    s.push_str("CONTRATO COLECTIVO DE TRABAJO\n\n");
    if let Some((number, on)) = t.legacy {
        s.push_str(&format!(
            "Contrato depositado originalmente el {} bajo el número {number}, con sus revisiones posteriores.\n\n",
            fecha(on)
        ));
    }
    let intro = pick(
        rng,
        &[
            "CONTRATO COLECTIVO DE TRABAJO que celebran, por una parte,",
            "Contrato colectivo de trabajo que celebran por una parte",
            "Que celebran, por una parte,",
        ],
        "Que celebran, por una parte,",
    );
    let rep_role = pick(
        rng,
        &[
            "apoderado legal",
            "representante legal",
            "director general",
            "gerente de recursos humanos",
        ],
        "apoderado legal",
    );
    let head = t.officers.first();
    let individual = !legal_entity(t);
    let employer_side = if individual {
        "quien comparece por su propio derecho".to_string()
    } else {
        format!(
            "representada por {}, en su carácter de {rep_role}",
            t.employer_representative
        )
    };
    s.push_str(&format!(
        "{intro} {} (en lo sucesivo \"{company}\"), {employer_side}; y por la otra, el {} (en lo sucesivo \"{union}\"), con registro {}, representado por {}, {}, al tenor de las siguientes declaraciones y cláusulas.\n\n",
        t.employer_name,
        t.union_name,
        t.union_registration,
        head.map_or("", |o| o.name.as_str()),
        head.map_or("su directiva", |o| o.office.as_str()),
    ));
    // Declarations.
    let rfc = if t.employer_rfc.is_empty() {
        "en trámite"
    } else {
        t.employer_rfc
    };
    s.push_str("DECLARACIONES\n\n");
    if long {
        s.push_str(&format!(
            "I. Declara {company}:\na) Que es {}, con Registro Federal de Contribuyentes {rfc}.\nb) Que tiene su domicilio y centro de trabajo en el municipio de {}, {}, donde se desarrolla la actividad de {}.\nc) {}\n\n",
            if individual {
                "una persona física con actividad empresarial"
            } else {
                "una sociedad constituida conforme a las leyes de los Estados Unidos Mexicanos"
            },
            t.municipality,
            t.state_name,
            t.activity.to_lowercase(),
            if individual {
                "Que comparece por su propio derecho y se obliga en los términos de este contrato."
            } else {
                "Que su representante cuenta con las facultades suficientes para obligarla en los términos de este contrato."
            },
        ));
    } else {
        s.push_str(&format!(
            "I. {company}, con RFC {rfc}, declara tener su centro de trabajo en {}, {}, dedicado a {}.\n",
            t.municipality,
            t.state_name,
            t.activity.to_lowercase(),
        ));
    }
    let federation = match t.federation {
        Some(f) => format!("afiliado a la {f}"),
        None => "que no pertenece a federación ni confederación alguna".to_string(),
    };
    s.push_str(&format!(
        "II. {union} declara ser un sindicato {} con registro {}, {federation}.\n",
        union_kind_words(t.union_kind),
        t.union_registration
    ));
    if let (Some(c), Some(v)) = (t.certificate, t.approval_vote_on) {
        s.push_str(&format!(
            "III. {union} cuenta con la Constancia de Representatividad {c} expedida por el Centro Federal de Conciliación y Registro Laboral, y el contenido de este contrato fue aprobado por la mayoría de los trabajadores cubiertos mediante voto personal, libre, directo y secreto en la consulta del {} (LFT 390 Ter).\n",
            fecha(v)
        ));
    }
    if long {
        s.push_str("Ambas partes se reconocen la personalidad con que comparecen y manifiestan su voluntad de celebrar el presente contrato conforme a los artículos 386 y siguientes de la Ley Federal del Trabajo.\n");
    }
    s.push_str("\nCLÁUSULAS\n\n");
    let mut n = 0usize;
    clause(
        &mut s,
        &mut n,
        "Objeto",
        say(
            long,
            "Este contrato establece las condiciones de trabajo en LA EMPRESA (LFT 386).",
            "El presente contrato establece las condiciones según las cuales debe prestarse el trabajo en LA EMPRESA, en los términos del artículo 386 de la Ley Federal del Trabajo. Ninguna de sus disposiciones podrá concertarse en condiciones menos favorables para los trabajadores que las contenidas en la Ley.",
        ),
    );
    clause(
        &mut s,
        &mut n,
        "Ámbito de aplicación",
        &format!(
            "Rige en el centro de trabajo de {company} en {}, {}, para sus {} trabajadores sindicalizados{}.",
            t.municipality,
            t.state_name,
            t.covered,
            say(
                long,
                "",
                ", con excepción de los trabajadores de confianza a que se refiere el artículo 9 de la Ley"
            )
        ),
    );
    clause(
        &mut s,
        &mut n,
        "Vigencia",
        &format!(
            "Se celebra {} y surte efectos a partir del {}. {}",
            duration_words(t.terms.duration),
            fecha(t.effective_from),
            say(
                long,
                "Los salarios se revisarán cada año y el contrato cada dos (LFT 399, 399 Bis).",
                "Los salarios en efectivo por cuota diaria se revisarán cada año y el contrato en su integridad cada dos años, en los términos de los artículos 399 y 399 Bis de la Ley; las revisiones se someterán a la aprobación de los trabajadores conforme al artículo 400 Bis."
            )
        ),
    );
    let daily = t.weekly_hours / 6;
    let hours_extra = if long {
        pick(
            rng,
            &[
                " Los trabajadores disfrutarán de media hora de descanso para tomar sus alimentos, que se computará como tiempo efectivo de la jornada.",
                " Los horarios de cada turno se fijarán en el reglamento interior de trabajo.",
                " El tiempo extraordinario será voluntario y se pagará conforme a los artículos 67 y 68 de la Ley.",
            ],
            "",
        )
    } else {
        ""
    };
    clause(
        &mut s,
        &mut n,
        "Jornada de trabajo",
        &format!(
            "La jornada máxima será de {} horas a la semana, {} horas diarias en la jornada diurna, con un día de descanso por cada seis de trabajo.{hours_extra}",
            t.weekly_hours, daily
        ),
    );
    // Wages and the wage table.
    let pay = pick(rng, &["semanales", "catorcenales", "quincenales"], "semanales");
    let mut table = String::new();
    for p in &t.terms.wage_table {
        table.push_str(&format!("  {}: {} diarios\n", p.name, p.daily_wage));
    }
    n += 1;
    s.push_str(&format!(
        "{}. Salarios. {company} pagará los salarios del siguiente tabulador por periodos {pay}{}:\n\nTABULADOR DE SALARIOS (cuota diaria)\n{table}\n",
        ordinal(n),
        say(long, "", ", en moneda de curso legal o mediante transferencia electrónica, en el lugar donde se presten los servicios y dentro de la jornada. Ningún salario del tabulador podrá ser inferior al salario mínimo vigente en la zona")
    ));
    n += 1;
    s.push_str(&format!(
        "{}. Vacaciones. Los trabajadores con más de un año de servicios disfrutarán de vacaciones pagadas conforme a la siguiente tabla{}:\n{}\n",
        ordinal(n),
        say(long, "", ", de las cuales disfrutarán de doce días continuos por lo menos"),
        vacation_rows(t.terms)
    ));
    let b = &t.terms.benefits;
    if let Some(p) = b.vacation_premium_percent {
        clause(
            &mut s,
            &mut n,
            "Prima vacacional",
            &format!("Los trabajadores recibirán una prima del {p} por ciento sobre los salarios de su periodo de vacaciones."),
        );
    }
    if let Some(d) = b.year_end_bonus_days {
        clause(
            &mut s,
            &mut n,
            "Aguinaldo",
            &format!(
                "{company} pagará un aguinaldo anual de {d} días de salario antes del veinte de diciembre{}.",
                say(
                    long,
                    "",
                    "; quienes no hayan cumplido el año de servicios recibirán la parte proporcional"
                )
            ),
        );
    }
    if let Some(f) = b.savings_fund_percent {
        clause(
            &mut s,
            &mut n,
            "Fondo de ahorro",
            &format!("Se constituye un fondo de ahorro con una aportación de los trabajadores del {f} por ciento de su salario y una aportación igual de {company}, que se liquidará cada diciembre."),
        );
    }
    for o in &b.other {
        clause(&mut s, &mut n, &o.name, &format!("{}.", o.description));
    }
    clause(
        &mut s,
        &mut n,
        "Capacitación y adiestramiento",
        say(
            long,
            "LA EMPRESA capacitará a los trabajadores conforme a los planes de la Comisión Mixta de Capacitación (LFT 153-A).",
            "LA EMPRESA proporcionará capacitación y adiestramiento a los trabajadores conforme a los planes y programas que apruebe la Comisión Mixta de Capacitación, Adiestramiento y Productividad, en los términos de los artículos 153-A y siguientes de la Ley.",
        ),
    );
    clause(
        &mut s,
        &mut n,
        "Seguridad e higiene",
        say(
            long,
            "Las partes integrarán la Comisión de Seguridad e Higiene (LFT 509); LA EMPRESA dará el equipo de protección de cada puesto.",
            "Las partes integrarán la Comisión de Seguridad e Higiene prevista en el artículo 509 de la Ley, que realizará recorridos de verificación cuando menos trimestralmente. LA EMPRESA proporcionará el equipo de protección personal que requiera cada puesto.",
        ),
    );
    let dues = [1.0, 1.5, 2.0, 2.5, 3.0].get(index(rng, 5)).copied().unwrap_or(1.5);
    clause(
        &mut s,
        &mut n,
        "Cuotas sindicales",
        &format!(
            "{company} descontará las cuotas sindicales ordinarias del {dues} por ciento del salario{} y las entregará a {union} (LFT 110-VI).",
            say(long, "", " a los trabajadores sindicalizados que manifiesten por escrito su conformidad")
        ),
    );
    // Optional clauses until the target length.
    let mut optional: Vec<(&str, String)> = vec![
        ("Días de descanso obligatorio", "Son días de descanso obligatorio los señalados en el artículo 74 de la Ley; los trabajadores que laboren en ellos recibirán, además del salario que les corresponda, un salario doble por el servicio prestado.".into()),
        ("Permisos", format!("{company} concederá permisos con goce de salario por tres días en caso de fallecimiento de cónyuge, padres o hijos, y por un día por matrimonio del trabajador. Los permisos sin goce de salario se concederán hasta por treinta días al año.")),
        ("Licencias sindicales", format!("{company} concederá licencia con goce de salario a los miembros de la directiva de {union} para el desempeño de comisiones sindicales, hasta por {} días al año.", between(rng, 10, 60))),
        ("Antigüedad", "La antigüedad de los trabajadores se computará desde la fecha de su ingreso y se reconocerá para todos los efectos de este contrato y de la Ley.".into()),
        ("Ascensos", "Las vacantes definitivas y los puestos de nueva creación se cubrirán escalafonariamente por el trabajador de la categoría inmediata inferior con mayor capacidad y antigüedad, conforme al artículo 159 de la Ley.".into()),
        ("Reglamento interior de trabajo", "Las partes formularán de común acuerdo el reglamento interior de trabajo, que se depositará ante la autoridad competente y no podrá contravenir lo dispuesto en este contrato.".into()),
        ("Participación de utilidades", "Los trabajadores participarán en las utilidades de la empresa conforme a los artículos 117 a 131 de la Ley y a la resolución de la Comisión Nacional para la Participación de los Trabajadores en las Utilidades de las Empresas.".into()),
        ("Igualdad y no discriminación", format!("{company} y {union} se obligan a garantizar la igualdad de oportunidades y de trato entre mujeres y hombres, y a aplicar el protocolo para prevenir, atender y erradicar la violencia laboral, el hostigamiento y el acoso sexual.")),
        ("Maternidad y lactancia", "Las trabajadoras disfrutarán de los descansos previstos en el artículo 170 de la Ley y de dos reposos extraordinarios por día, de media hora cada uno, para alimentar a sus hijos durante el periodo de lactancia, en un lugar adecuado e higiénico.".into()),
        ("Riesgos de trabajo", format!("En caso de riesgo de trabajo, {company} cubrirá la diferencia entre el subsidio que otorgue el Instituto Mexicano del Seguro Social y el salario íntegro del trabajador durante su incapacidad.")),
        ("Jubilación", format!("Los trabajadores con veinticinco años de servicios o más que se retiren voluntariamente recibirán una gratificación equivalente a {} días de salario por cada año de servicios.", between(rng, 12, 25))),
        ("Herramientas y útiles", format!("{company} proporcionará oportunamente a los trabajadores los útiles, instrumentos y materiales necesarios para la ejecución del trabajo, de buena calidad y en buen estado, y los repondrá cuando dejen de ser eficientes.")),
        ("Tiempo extraordinario", "Las horas de trabajo extraordinario no excederán de tres diarias ni de tres veces en una semana y se pagarán con un ciento por ciento más del salario; las que excedan de nueve a la semana, con un doscientos por ciento más.".into()),
        ("Comisión mixta de productividad", "Las partes integrarán una comisión mixta que evaluará trimestralmente los indicadores de productividad y propondrá los incentivos que correspondan, sin que ello implique modificar los salarios del tabulador.".into()),
        ("Transporte de personal", format!("{company} proporcionará transporte a los trabajadores de los turnos que inicien o terminen entre las veintidós y las seis horas, desde los puntos de reunión que acuerden las partes.")),
        ("Resolución de conflictos", "Las diferencias que surjan con motivo de la interpretación o aplicación de este contrato se tratarán en primer lugar entre las partes; de no resolverse, se someterán a la conciliación y, en su caso, a los tribunales laborales competentes.".into()),
        ("Depósito", format!("El presente contrato se deposita ante el Centro Federal de Conciliación y Registro Laboral. {union} entregará a cada trabajador un ejemplar impreso dentro de los quince días siguientes a su registro (LFT 390 Ter).")),
        ("Exclusión de trabajadores de confianza", "Los trabajadores de confianza no quedan comprendidos en este contrato, salvo en lo relativo a la participación de utilidades y a la seguridad e higiene.".into()),
        ("Contratación de personal eventual", format!("Cuando {company} requiera personal eventual para labores extraordinarias o de temporada, lo comunicará a {union} y celebrará contratos por tiempo u obra determinados en los términos de los artículos 36 y 37 de la Ley.")),
    ];
    let tail = 700 + t.officers.len().min(3) * 60;
    while s.len() + tail < target && !optional.is_empty() {
        let (title, body) = optional.remove(index(rng, optional.len()));
        if s.len() + tail + body.len() + 40 > 14_500 {
            break;
        }
        clause(&mut s, &mut n, title, &body);
    }
    // Transitory clauses and signatures.
    s.push_str(&format!(
        "TRANSITORIOS\n\nPRIMERO. Las partes depositarán este contrato ante la autoridad registral.\nSEGUNDO. Lo no previsto se regirá por la Ley Federal del Trabajo.\n\nFirmado en {}, {}, el {}.\n\n",
        t.municipality,
        t.state_name,
        fecha(t.signed_on)
    ));
    if individual {
        s.push_str(&format!("POR {company}\n{}\n\nPOR {union}\n", t.employer_name));
    } else {
        s.push_str(&format!(
            "POR {company}\n{}\n{}\n\nPOR {union}\n",
            t.employer_representative, rep_role
        ));
    }
    for o in t.officers.iter().take(3) {
        s.push_str(&format!("{}\n{}\n", o.name, o.office));
    }
    // The annex with a worker's data: the personal data the public version must remove.
    let commission = pick(
        rng,
        &[
            "Comisión Mixta de Capacitación, Adiestramiento y Productividad",
            "Comisión Mixta de Seguridad e Higiene",
            "Comisión Mixta del Reglamento Interior de Trabajo",
        ],
        "Comisión Mixta de Seguridad e Higiene",
    );
    let contact = if chance(rng, 0.5) { "teléfono" } else { "tel." };
    s.push_str(&format!(
        "\nANEXO. INTEGRANTES DE LA {}\n\nPor los trabajadores: {}, CURP {}, {contact} {}, quien recibirá las notificaciones de la comisión.\n",
        commission.to_uppercase(),
        t.planted.name,
        t.planted.curp,
        t.planted.phone
    ));
    s
}

/// Whether the employer is a legal entity: a company's RFC has 12 characters, an individual's
/// 13; without an RFC, a legal form in the name says so.
fn legal_entity(t: &TextInput<'_>) -> bool {
    match t.employer_rfc.len() {
        12 => true,
        13 => false,
        _ => ["S.A.", "S. de R.L.", "S.C.", "A.C.", "S.A.P.I."]
            .iter()
            .any(|f| t.employer_name.contains(f)),
    }
}

/// The names the text shows, for the redaction: the signatories and the planted worker (an
/// individual employer is a party and stays).
pub(crate) fn names_in_text(t: &TextInput<'_>) -> Vec<String> {
    let mut names: Vec<String> = t.officers.iter().take(3).map(|o| o.name.clone()).collect();
    if let Some(head) = t.officers.first() {
        if !names.contains(&head.name) {
            names.push(head.name.clone());
        }
    }
    if legal_entity(t) {
        names.push(t.employer_representative.to_string());
    }
    names.push(t.planted.name.clone());
    names
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn ordinals_and_dates_read_as_spanish() {
        assert_eq!(ordinal(1), "PRIMERA");
        assert_eq!(ordinal(10), "DÉCIMA");
        assert_eq!(ordinal(11), "DÉCIMA PRIMERA");
        assert_eq!(ordinal(20), "VIGÉSIMA");
        assert_eq!(ordinal(27), "VIGÉSIMA SÉPTIMA");
        assert_eq!(
            fecha(NaiveDate::from_ymd_opt(2021, 3, 15).unwrap()),
            "15 de marzo de 2021"
        );
    }
}
