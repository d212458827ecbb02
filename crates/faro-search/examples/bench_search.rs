//! Builds a synthetic national-size-like index and measures search latency.
//!
//! ```text
//! cargo run --release -p faro-search --example bench_search -- [AGREEMENTS] [--dir PATH]
//!     [--rounds R] [--threads T] [--search-threads S]
//! ```
//! - `AGREEMENTS` (default 2000): synthetic agreements of ~5-20 KB of Spanish clause text; one
//!   union per 10 agreements is added too. Generation is seeded: same N, same corpus.
//! - `--dir PATH`: build into PATH (kept afterwards); if PATH already holds an index it is
//!   reused and the build step is skipped. Without it a temporary directory is used.
//! - `--rounds R` (default 30): times the fixed query set is run after one warm-up round.
//! - `--threads T` (default 2): indexing threads.
//! - `--search-threads S` (default 2): threads one search may use (segments in parallel).
//!
//! Prints build rate, index size and p50/p95/p99 latency per query and overall. Latency covers
//! the whole `Index::search` call: parsing, matching, facet counts, loading 20 hits and
//! snippets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use faro_search::{AgreementDoc, Document, Filters, Index, IndexOptions, Kind, Query, UnionDoc, WriterOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const SEED: u64 = 0x0FA2_05EA_2C40;

const STATES: [&str; 32] = [
    "Aguascalientes",
    "Baja California",
    "Baja California Sur",
    "Campeche",
    "Chiapas",
    "Chihuahua",
    "Ciudad de México",
    "Coahuila",
    "Colima",
    "Durango",
    "Guanajuato",
    "Guerrero",
    "Hidalgo",
    "Jalisco",
    "México",
    "Michoacán",
    "Morelos",
    "Nayarit",
    "Nuevo León",
    "Oaxaca",
    "Puebla",
    "Querétaro",
    "Quintana Roo",
    "San Luis Potosí",
    "Sinaloa",
    "Sonora",
    "Tabasco",
    "Tamaulipas",
    "Tlaxcala",
    "Veracruz",
    "Yucatán",
    "Zacatecas",
];
const SECTORS: [&str; 23] = [
    "11", "21", "22", "23", "31", "32", "33", "43", "46", "48", "49", "51", "52", "53", "54", "55", "56", "61", "62",
    "71", "72", "81", "93",
];
const MAJOR_FEDERATIONS: [&str; 8] = ["CTM", "CROC", "CROM", "CATEM", "UNT", "FESEBS", "COR", "CGT"];
const STATUSES: [(&str, u32); 4] = [
    ("vigente", 70),
    ("terminado", 18),
    ("en revisión", 8),
    ("legitimación pendiente", 4),
];
const EMPLOYER_A: [&str; 24] = [
    "Aceros",
    "Alimentos",
    "Autopartes",
    "Plásticos",
    "Textiles",
    "Cementos",
    "Transportes",
    "Servicios",
    "Minera",
    "Embotelladora",
    "Farmacéutica",
    "Papelera",
    "Vidriera",
    "Hilados",
    "Maquiladora",
    "Constructora",
    "Distribuidora",
    "Comercializadora",
    "Industrias",
    "Química",
    "Hotelera",
    "Agrícola",
    "Logística",
    "Electrónica",
];
const EMPLOYER_B: [&str; 20] = [
    "del Norte",
    "del Pacífico",
    "del Bajío",
    "del Golfo",
    "de Occidente",
    "del Sureste",
    "Mexicana",
    "Nacional",
    "Regional",
    "Integral",
    "Unidos",
    "Continental",
    "Azteca",
    "Maya",
    "del Valle",
    "de la Sierra",
    "Peninsular",
    "Metropolitana",
    "Industrial",
    "Global",
];
const CLAUSE_TITLES: [&str; 26] = [
    "Objeto",
    "Jornada de trabajo",
    "Salarios",
    "Aguinaldo",
    "Vacaciones",
    "Prima vacacional",
    "Prima dominical",
    "Horas extras",
    "Días de descanso",
    "Capacitación y adiestramiento",
    "Seguridad e higiene",
    "Permisos",
    "Licencias",
    "Reparto de utilidades",
    "Fondo de ahorro",
    "Vales de despensa",
    "Bono de puntualidad",
    "Becas",
    "Servicio médico",
    "Prima de antigüedad",
    "Jubilación",
    "Escalafón",
    "Contratación de personal",
    "Cuotas sindicales",
    "Transporte",
    "Revisión",
];
const SENTENCES: [&str; 31] = [
    "La empresa pagará a los trabajadores un salario diario de ${n}.00 conforme al tabulador anexo.",
    "Los trabajadores disfrutarán de {d} días de vacaciones pagadas por cada año de servicios.",
    "La prima vacacional será del {p}% sobre los salarios correspondientes al periodo vacacional.",
    "El aguinaldo anual será equivalente a {d} días de salario y se pagará antes del día 20 de diciembre.",
    "La jornada de trabajo será de {h} horas diarias, de lunes a sábado, con media hora de descanso.",
    "Las horas extras se pagarán con un ciento por ciento más del salario asignado a las horas de la jornada.",
    "La empresa otorgará vales de despensa por el equivalente al {p}% del salario mensual.",
    "Se constituirá una comisión mixta de seguridad e higiene integrada por {k} representantes de cada parte.",
    "Los trabajadores tendrán derecho a permisos con goce de sueldo en caso de fallecimiento de familiares directos.",
    "La prima de antigüedad se cubrirá en los términos del artículo 162 de la Ley Federal del Trabajo.",
    "El sindicato proporcionará el personal sindicalizado que se requiera para cubrir las vacantes definitivas.",
    "Las partes convienen en revisar el tabulador de salarios cada año y el contrato colectivo cada dos años.",
    "La empresa proporcionará a los trabajadores uniformes y equipo de protección personal sin costo alguno.",
    "Las trabajadoras embarazadas disfrutarán de un descanso de seis semanas anteriores y seis posteriores al parto.",
    "La capacitación y adiestramiento se impartirá dentro de la jornada de trabajo conforme a los planes aprobados.",
    "El bono de puntualidad y asistencia será de {p}% del salario semanal cuando no se registren faltas.",
    "Los días de descanso obligatorio serán los señalados en el artículo 74 de la Ley Federal del Trabajo.",
    "La empresa aportará al fondo de ahorro una cantidad igual a la que aporten los trabajadores, hasta el {p}% de su salario.",
    "En caso de huelga, el sindicato y la empresa acordarán el personal de emergencia necesario.",
    "El reparto de utilidades se efectuará dentro de los sesenta días siguientes a la declaración anual.",
    "La empresa concederá becas a los hijos de los trabajadores con promedio superior a nueve.",
    "Los conflictos derivados de este contrato se someterán a la autoridad laboral competente.",
    "El servicio médico será proporcionado por el Instituto Mexicano del Seguro Social.",
    "Los trabajadores con más de {y} años de antigüedad tendrán derecho a jubilación con el {p}% de su salario.",
    "La prima dominical será del veinticinco por ciento sobre el salario de los días ordinarios de trabajo.",
    "Las vacantes temporales se cubrirán conforme al escalafón por categorías y antigüedad.",
    "La empresa otorgará un día de descanso con goce de salario en el cumpleaños del trabajador.",
    "El transporte del personal del turno nocturno estará a cargo de la empresa.",
    "Las licencias sin goce de sueldo no excederán de {d} días al año.",
    "La empresa descontará las cuotas sindicales ordinarias y las entregará al sindicato cada semana.",
    "El sindicato se obliga a vigilar que sus agremiados cumplan con el reglamento interior de trabajo.",
];
const COMMON_WORDS: [&str; 60] = [
    "trabajo",
    "trabajadores",
    "empresa",
    "sindicato",
    "salario",
    "contrato",
    "cláusula",
    "artículo",
    "ley",
    "días",
    "pago",
    "horas",
    "personal",
    "servicio",
    "derecho",
    "obligación",
    "representantes",
    "comisión",
    "acuerdo",
    "partes",
    "convenio",
    "término",
    "plazo",
    "año",
    "mes",
    "semana",
    "turno",
    "categoría",
    "puesto",
    "departamento",
    "planta",
    "área",
    "producción",
    "mantenimiento",
    "operación",
    "calidad",
    "seguridad",
    "equipo",
    "herramienta",
    "material",
    "condiciones",
    "prestaciones",
    "beneficios",
    "cuota",
    "fondo",
    "monto",
    "cantidad",
    "porcentaje",
    "tabulador",
    "nómina",
    "recibo",
    "constancia",
    "autoridad",
    "tribunal",
    "conciliación",
    "registro",
    "depósito",
    "revisión",
    "vigencia",
    "firma",
];
const SYLLABLES: [&str; 24] = [
    "ta", "ri", "mo", "ca", "le", "no", "pa", "si", "du", "ve", "ga", "lo", "qui", "tza", "xo", "bra", "tle", "ña",
    "zu", "che", "pe", "ro", "mi", "cu",
];

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.gen_range(0..list.len())]
}

/// Zipf-like rank in 0..n (rank r has weight ~ 1/(r+1)).
fn zipf(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let x: f64 = rng.gen_range(0.0..1.0);
    let r = ((n as f64 + 1.0).powf(x) - 1.0) as usize;
    r.min(n - 1)
}

/// Deterministic rare word number `rank` (long tail of the vocabulary: names, products...).
fn rare_word(rank: usize) -> String {
    let mut word = String::new();
    let mut r = rank + 7;
    for _ in 0..3 {
        word.push_str(SYLLABLES[r % SYLLABLES.len()]);
        r /= SYLLABLES.len();
    }
    if r > 0 {
        word.push_str(SYLLABLES[r % SYLLABLES.len()]);
    }
    word
}

fn fill(template: &str, rng: &mut ChaCha8Rng) -> String {
    template
        .replace("{n}", &rng.gen_range(180..1500).to_string())
        .replace("{d}", &rng.gen_range(6..40).to_string())
        .replace("{p}", &rng.gen_range(5..60).to_string())
        .replace("{h}", &rng.gen_range(6..9).to_string())
        .replace("{k}", &rng.gen_range(2..6).to_string())
        .replace("{y}", &rng.gen_range(20..35).to_string())
}

fn agreement_text(rng: &mut ChaCha8Rng, employer: &str, union: &str) -> String {
    let target = rng.gen_range(5_000..20_000);
    let mut text = format!(
        "CONTRATO COLECTIVO DE TRABAJO que celebran por una parte {employer} y por la otra el \
         {union}, al tenor de las siguientes cláusulas.\n\n"
    );
    let mut clause = 1;
    while text.len() < target {
        text.push_str(&format!(
            "CLÁUSULA {clause}. {}.\n",
            pick(rng, &CLAUSE_TITLES).to_uppercase()
        ));
        for _ in 0..rng.gen_range(2..7) {
            if rng.gen_bool(0.7) {
                text.push_str(&fill(pick(rng, &SENTENCES), rng));
            } else {
                // Filler sentence from a Zipf vocabulary: common words plus a long tail.
                let words: Vec<String> = (0..rng.gen_range(8..20))
                    .map(|_| {
                        let r = zipf(rng, 50_000);
                        if r < COMMON_WORDS.len() {
                            COMMON_WORDS[r].to_string()
                        } else {
                            rare_word(r)
                        }
                    })
                    .collect();
                let mut s = words.join(" ");
                if let Some(first) = s.get(..1) {
                    s.replace_range(..1, &first.to_uppercase());
                }
                text.push_str(&s);
                text.push('.');
            }
            text.push(' ');
        }
        text.push_str("\n\n");
        clause += 1;
    }
    text
}

fn union_of(i: usize) -> UnionDoc {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ (i as u64).wrapping_mul(0x9E37_79B9));
    let state = pick(&mut rng, &STATES);
    let federation = if rng.gen_bool(0.7) {
        Some(pick(&mut rng, &MAJOR_FEDERATIONS).to_string())
    } else if rng.gen_bool(0.5) {
        Some(format!("Federación Regional {}", rng.gen_range(1..200)))
    } else {
        None
    };
    UnionDoc {
        id: format!("u{i}"),
        registration_number: format!("{}/{}", 10 + i % 90, 1000 + i),
        name: format!(
            "Sindicato de Trabajadores de la Industria {} {} {}",
            pick(&mut rng, &EMPLOYER_A),
            pick(&mut rng, &EMPLOYER_B),
            rare_word(i)
        ),
        federation,
        state: state.to_string(),
        municipality: format!("{state} municipio {}", rng.gen_range(1..40)),
        sector: pick(&mut rng, &SECTORS).to_string(),
        status: if rng.gen_bool(0.9) { "vigente" } else { "cancelado" }.to_string(),
        registered_on: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(rng.gen_range(0..20_000)),
        members: rng.gen_range(20..20_000),
    }
}

fn rfc(rng: &mut ChaCha8Rng) -> String {
    let letters: String = (0..3).map(|_| char::from(b'A' + rng.gen_range(0..26u8))).collect();
    format!(
        "{letters}{:02}{:02}{:02}{}{}{}",
        rng.gen_range(60..100),
        rng.gen_range(1..13),
        rng.gen_range(1..29),
        char::from(b'A' + rng.gen_range(0..26u8)),
        rng.gen_range(0..10),
        char::from(b'A' + rng.gen_range(0..26u8)),
    )
}

fn agreement_of(i: usize, unions: usize) -> AgreementDoc {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED ^ 0xA5A5 ^ (i as u64).wrapping_mul(0x9E37_79B9));
    let union_index = rng.gen_range(0..unions);
    let union = union_of(union_index);
    let employer = format!(
        "{} {} {} S.A. de C.V.",
        pick(&mut rng, &EMPLOYER_A),
        pick(&mut rng, &EMPLOYER_B),
        rare_word(1000 + i)
    );
    let weights: u32 = STATUSES.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..weights);
    let status = STATUSES
        .iter()
        .find(|(_, w)| {
            let hit = roll < *w;
            roll = roll.saturating_sub(*w);
            hit
        })
        .map_or("vigente", |(s, _)| s);
    let state = if rng.gen_bool(0.6) {
        union.state.clone()
    } else {
        pick(&mut rng, &STATES).to_string()
    };
    let text = agreement_text(&mut rng, &employer, &union.name);
    AgreementDoc {
        id: format!("a{i}"),
        number: format!("CCT-{}-{i:06}", 2000 + i % 25),
        union_id: union.id.clone(),
        union_name: union.name.clone(),
        federation: union.federation.clone(),
        employer_rfc: Some(rfc(&mut rng)),
        employer_name: employer,
        municipality: format!("{state} municipio {}", rng.gen_range(1..40)),
        state,
        sector: pick(&mut rng, &SECTORS).to_string(),
        status: status.to_string(),
        deposited_on: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(rng.gen_range(0..9_000)),
        covered_workers: rng.gen_range(5..15_000),
        text,
    }
}

struct Args {
    agreements: usize,
    dir: Option<PathBuf>,
    rounds: usize,
    threads: usize,
    search_threads: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        agreements: 2000,
        dir: None,
        rounds: 30,
        threads: 2,
        search_threads: 2,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" => args.dir = it.next().map(PathBuf::from),
            "--rounds" => args.rounds = it.next().and_then(|v| v.parse().ok()).unwrap_or(30),
            "--threads" => args.threads = it.next().and_then(|v| v.parse().ok()).unwrap_or(2),
            "--search-threads" => args.search_threads = it.next().and_then(|v| v.parse().ok()).unwrap_or(2),
            n => args.agreements = n.parse().expect("AGREEMENTS must be a number"),
        }
    }
    args
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let meta = e.metadata().ok();
                    match meta {
                        Some(m) if m.is_dir() => dir_size(&e.path()),
                        Some(m) => m.len(),
                        None => 0,
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn build(path: &Path, agreements: usize, threads: usize) -> Index {
    let unions = (agreements / 10).max(1);
    let index = Index::create(path).unwrap();
    let mut writer = index
        .writer_with(WriterOptions {
            threads,
            heap_bytes: threads * 256 * 1024 * 1024,
        })
        .unwrap();
    let start = Instant::now();
    let mut text_bytes = 0u64;
    writer
        .add_all((0..unions).map(|i| Document::Union(union_of(i))))
        .unwrap();
    let docs = (0..agreements).map(|i| {
        let a = agreement_of(i, unions);
        text_bytes += a.text.len() as u64;
        if i > 0 && i % 50_000 == 0 {
            eprintln!("  {i} agreements added ({:.0?})", start.elapsed());
        }
        Document::Agreement(a)
    });
    writer.add_all(docs).unwrap();
    let added = start.elapsed();
    writer.finish().unwrap();
    let total = start.elapsed();
    let secs = total.as_secs_f64();
    println!(
        "built {unions} unions + {agreements} agreements in {secs:.1} s (adding {:.1} s, final \
         commit+merges {:.1} s): {:.0} agreements/s, {:.1} MB/s of text ({:.0} MB text, \
         avg {:.1} KB)",
        added.as_secs_f64(),
        (total - added).as_secs_f64(),
        agreements as f64 / secs,
        text_bytes as f64 / 1e6 / secs,
        text_bytes as f64 / 1e6,
        text_bytes as f64 / agreements.max(1) as f64 / 1e3,
    );
    index
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn query_set(agreements: usize) -> Vec<(&'static str, Query)> {
    let unions = (agreements / 10).max(1);
    let a7 = agreement_of(7 % agreements.max(1), unions);
    let a42 = agreement_of(42 % agreements.max(1), unions);
    let filters = |f: Filters| Query {
        filters: f,
        ..Query::default()
    };
    let with = |text: &str, f: Filters| Query {
        text: text.to_string(),
        filters: f,
        ..Query::default()
    };
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    vec![
        ("common term", Query::text("salario")),
        ("common term 2", Query::text("vacaciones")),
        ("two terms", Query::text("prima vacacional")),
        ("phrase", Query::text("\"prima vacacional\"")),
        ("phrase+stopword", Query::text("\"prima de antigüedad\"")),
        ("three terms", Query::text("huelga personal emergencia")),
        ("rarer terms", Query::text("becas hijos promedio")),
        (
            "term+state",
            with(
                "jubilación",
                Filters {
                    state: vec!["Jalisco".into()],
                    ..Filters::default()
                },
            ),
        ),
        (
            "term+sector+dates",
            with(
                "aguinaldo",
                Filters {
                    sector: vec!["31".into(), "32".into(), "33".into()],
                    date_from: date(2010, 1, 1),
                    date_to: date(2015, 12, 31),
                    ..Filters::default()
                },
            ),
        ),
        (
            "phrase+status",
            with(
                "\"vales de despensa\"",
                Filters {
                    status: vec!["vigente".into()],
                    ..Filters::default()
                },
            ),
        ),
        ("rfc", Query::text(a7.employer_rfc.clone().unwrap_or_default())),
        ("agreement number", Query::text(a42.number.clone())),
        ("employer name", Query::text("Aceros del Norte")),
        (
            "browse state",
            filters(Filters {
                kind: Some(Kind::Agreement),
                state: vec!["Jalisco".into()],
                ..Filters::default()
            }),
        ),
        ("browse all", Query::default()),
        (
            "term+federation",
            with(
                "sindicato",
                Filters {
                    federation: vec!["CTM".into()],
                    ..Filters::default()
                },
            ),
        ),
        ("two terms b", Query::text("transporte nocturno")),
        ("or", Query::text("bono OR vales")),
        ("exclusion", Query::text("salario -huelga")),
        (
            "page 5",
            Query {
                page: 5,
                ..Query::text("capacitación")
            },
        ),
        ("rare word", Query::text(rare_word(20_000))),
        ("three terms b", Query::text("uniformes equipo protección")),
        (
            "phrase+dates",
            with(
                "\"fondo de ahorro\"",
                Filters {
                    date_from: date(2018, 1, 1),
                    ..Filters::default()
                },
            ),
        ),
        (
            "union name",
            Query::text("Sindicato de Trabajadores de la Industria Textiles"),
        ),
    ]
}

fn main() {
    let args = parse_args();
    let temp = tempfile::tempdir().unwrap();
    let path = args.dir.clone().unwrap_or_else(|| temp.path().join("index"));
    if !path.join("meta.json").exists() {
        build(&path, args.agreements, args.threads);
    } else {
        println!("reusing index in {}", path.display());
    }
    let options = IndexOptions {
        search_threads: args.search_threads,
    };
    let index = Index::open_with(&path, options).unwrap();
    println!("search threads: {}", args.search_threads);
    let size = dir_size(&path);
    println!(
        "index: {} docs, {} segments, {:.1} MB on disk ({:.1} KB per agreement)",
        index.num_docs(),
        index.num_segments(),
        size as f64 / 1e6,
        size as f64 / 1e3 / args.agreements.max(1) as f64,
    );

    let queries = query_set(args.agreements);
    for (_, q) in &queries {
        index.search(q).unwrap();
    }
    let mut all = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    let mut totals = vec![0u64; queries.len()];
    for _ in 0..args.rounds {
        for (i, (_, q)) in queries.iter().enumerate() {
            let start = Instant::now();
            let r = index.search(q).unwrap();
            let took = start.elapsed();
            totals[i] = r.total;
            per_query[i].push(took);
            all.push(took);
        }
    }
    println!(
        "\n{:<20} {:>9} {:>9} {:>9} {:>9}",
        "query", "hits", "p50 ms", "p99 ms", "max ms"
    );
    for (i, (name, _)) in queries.iter().enumerate() {
        let mut l = per_query[i].clone();
        l.sort();
        println!(
            "{:<20} {:>9} {:>9.2} {:>9.2} {:>9.2}",
            name,
            totals[i],
            ms(percentile(&l, 50.0)),
            ms(percentile(&l, 99.0)),
            ms(l.last().copied().unwrap_or_default()),
        );
    }
    all.sort();
    println!(
        "\noverall ({} searches): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        all.len(),
        ms(percentile(&all, 50.0)),
        ms(percentile(&all, 95.0)),
        ms(percentile(&all, 99.0)),
        ms(all.last().copied().unwrap_or_default()),
    );
}
