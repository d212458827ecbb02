//! The public search's text: the Spanish analyzer, the query parser and its compilation into an
//! index query, and the highlighted snippets, on a small in-memory index of unions and
//! agreements.

use std::sync::OnceLock;

use chrono::NaiveDate;
use faro_search::analyzer::{analyze, folded, spanish_analyzer, spanish_pairs_analyzer};
use faro_search::snippet::Highlighter;
use faro_search::{AgreementDoc, Document, Filters, Index, Kind, Query, SearchError, Sort, UnionDoc};

const AGREEMENT_TEXT: &str = "CLÁUSULA PRIMERA. La empresa Grupo Doña Lupe, S.A. de C.V. y el Sindicato \
    de Trabajadores de Restaurantes de Jalisco celebran el presente contrato colectivo de trabajo. \
    Salarios: operador $300.00, supervisor $600.00 diarios. Vacaciones y aguinaldo conforme a la \
    Ley Federal del Trabajo (artículos 76 y 87). «Niños» y \"comillas\" <b>no</b> & otras señas.";

/// The shared index: two unions and two agreements.
fn index() -> &'static Index {
    static INDEX: OnceLock<Result<Index, String>> = OnceLock::new();
    match INDEX.get_or_init(|| build().map_err(|e| e.to_string())) {
        Ok(index) => index,
        Err(e) => crate::broken(format!("the test index cannot be built: {e}")),
    }
}

fn build() -> Result<Index, SearchError> {
    let index = Index::in_memory()?;
    let mut writer = index.writer()?;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let unions = [
        (
            "u1",
            "10/2345",
            "Sindicato de Trabajadores de la Industria Textil",
            "Puebla",
            "31",
        ),
        (
            "u2",
            "CFCRL-SIND-2022-0101",
            "Sindicato de Trabajadores de Restaurantes de Jalisco",
            "Jalisco",
            "72",
        ),
    ];
    for (id, number, name, state, sector) in unions {
        writer.add(&Document::Union(UnionDoc {
            id: id.into(),
            registration_number: number.into(),
            name: name.into(),
            federation: Some("Confederación de Trabajadores de México".into()),
            state: state.into(),
            municipality: state.into(),
            sector: sector.into(),
            status: "vigente".into(),
            registered_on: day(1998, 3, 2),
            members: 420,
        }))?;
    }
    let agreements = [
        ("a1", "CCT-LEG-2015-101", "Grupo Doña Lupe", Some("MAB9307148T4")),
        ("a2", "CCT-2021-7", "Ñandú Textiles", None),
    ];
    for (id, number, employer, rfc) in agreements {
        writer.add(&Document::Agreement(AgreementDoc {
            id: id.into(),
            number: number.into(),
            union_id: "u2".into(),
            union_name: unions[1].2.into(),
            federation: None,
            employer_name: employer.into(),
            employer_rfc: rfc.map(Into::into),
            state: "Jalisco".into(),
            municipality: "Zapopan".into(),
            sector: "72".into(),
            status: "legitimado".into(),
            deposited_on: day(2015, 6, 1),
            covered_workers: 200,
            text: AGREEMENT_TEXT.into(),
        }))?;
    }
    writer.commit()?;
    Ok(index)
}

/// A snippet is escaped HTML where only `<mark>` and `</mark>` are tags.
fn check_snippet(snippet: &str) {
    let bare = snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !bare.contains('<') && !bare.contains('>') && !bare.contains('"'),
        "unescaped snippet: {snippet:?}"
    );
}

/// The first byte chooses the order, the kind filter and the page; the rest is the search text.
/// - the analyzers never panic, and folding is idempotent;
/// - a snippet of any text, highlighted with the terms of any text, is escaped HTML;
/// - a search answers results or a typed [`faro_search::QueryError`], never another error, and
///   its results are consistent (no more hits than the page size or the total, escaped snippets).
pub fn search_text(data: &[u8]) {
    let Some((&mode, text)) = data.split_first() else {
        return;
    };
    let text = crate::text(text);
    let text = text.as_ref();

    let once = folded(text);
    assert_eq!(folded(&once), once, "folding is not idempotent");
    let mut analyzer = spanish_analyzer();
    let terms: Vec<String> = analyze(&mut analyzer, text).into_iter().map(|t| t.term).collect();
    let _ = analyze(&mut spanish_pairs_analyzer(), text);
    let mut highlighter = Highlighter::new(terms, spanish_analyzer());
    check_snippet(&highlighter.snippet(text, 200));
    check_snippet(&highlighter.snippet(AGREEMENT_TEXT, 200));
    check_snippet(&highlighter.snippet(text, (mode as usize) % 64));

    let query = Query {
        text: text.to_string(),
        filters: Filters {
            kind: match (mode >> 2) % 3 {
                0 => None,
                1 => Some(Kind::Union),
                _ => Some(Kind::Agreement),
            },
            ..Filters::default()
        },
        sort: match mode % 4 {
            0 => None,
            1 => Some(Sort::Relevance),
            2 => Some(Sort::Newest),
            _ => Some(Sort::Oldest),
        },
        page: usize::from(mode >> 6),
        page_size: 2,
        facet_limit: 5,
    };
    match index().search(&query) {
        Ok(results) => {
            assert!(results.hits.len() <= query.page_size);
            assert!(results.hits.len() as u64 <= results.total);
            for hit in &results.hits {
                if let Some(snippet) = &hit.snippet {
                    check_snippet(snippet);
                }
            }
        }
        Err(SearchError::Query(_)) => {}
        Err(other) => crate::broken(format!("search text {text:?} failed with {other}")),
    }
}
