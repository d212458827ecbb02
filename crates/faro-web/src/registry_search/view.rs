//! What the search page shows, built from the index's results: hits with their links and places,
//! facet values as links that add (or remove) a filter, the active filters and the paging.

use faro_core::catalog::Catalogs;
use faro_search::{FacetCount, Hit, Kind, Results, Sort, MAX_OFFSET};
use serde::Serialize;

use super::params::SearchParams;
use crate::i18n::{I18n, Lang};

/// The page's path; every link of the page is this path with parameters.
pub const PATH: &str = "/union-registry";

/// One result as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct HitView {
    pub kind: &'static str,
    pub kind_label: String,
    pub url: String,
    pub title: String,
    pub number: String,
    pub union_name: String,
    pub union_url: Option<String>,
    pub federation: String,
    pub employer_rfc: String,
    pub place: String,
    pub sector: String,
    pub status: String,
    pub date: String,
    pub people: u64,
    /// HTML: escaped by the index, matches in `<mark>`.
    pub snippet: Option<String>,
}

/// A facet value with its count and the link that filters by it (or, when it is the filter in
/// force, removes it).
#[derive(Debug, Clone, Serialize)]
pub struct FacetLink {
    pub label: String,
    pub count: u64,
    pub url: String,
    pub selected: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FacetGroup {
    pub name: &'static str,
    pub title: String,
    pub values: Vec<FacetLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActiveFilter {
    pub label: String,
    pub remove_url: String,
}

/// Everything the results part of the page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub total: u64,
    pub hits: Vec<HitView>,
    pub facets: Vec<FacetGroup>,
    pub active: Vec<ActiveFilter>,
    pub page: usize,
    pub pages: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub sort: &'static str,
}

/// The link to the page with these parameters (empty ones left out).
pub fn url(p: &SearchParams) -> String {
    let pairs: Vec<(&str, &str)> = [
        ("q", &p.q),
        ("kind", &p.kind),
        ("state", &p.state),
        ("municipality", &p.municipality),
        ("sector", &p.sector),
        ("status", &p.status),
        ("federation", &p.federation),
        ("from", &p.from),
        ("to", &p.to),
        ("sort", &p.sort),
        ("page", &p.page),
        ("size", &p.size),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k, v.as_str()))
    .collect();
    if pairs.is_empty() {
        return PATH.to_string();
    }
    format!("{PATH}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default())
}

/// The parameter a facet filters by.
fn field<'p>(p: &'p mut SearchParams, name: &str) -> Option<&'p mut String> {
    match name {
        "kind" => Some(&mut p.kind),
        "state" => Some(&mut p.state),
        "municipality" => Some(&mut p.municipality),
        "sector" => Some(&mut p.sector),
        "status" => Some(&mut p.status),
        "federation" => Some(&mut p.federation),
        "from" => Some(&mut p.from),
        "to" => Some(&mut p.to),
        _ => None,
    }
}

/// The parameters with one filter set (or cleared with ""), back on the first page.
fn with(p: &SearchParams, name: &str, value: &str) -> SearchParams {
    let mut next = p.clone();
    if let Some(f) = field(&mut next, name) {
        *f = value.to_string();
    }
    next.page = String::new();
    next
}

pub fn sector_label(catalogs: &Catalogs, code: &str) -> String {
    match catalogs.scian_sector(code) {
        Some(s) => format!("{} · {}", s.code, s.name),
        None => code.to_string(),
    }
}

fn label(i18n: &I18n, lang: Lang, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    if i18n.has(&key) {
        i18n.text(lang, &key, &[])
    } else {
        code.to_string()
    }
}

pub fn status_label(i18n: &I18n, lang: Lang, code: &str) -> String {
    label(i18n, lang, "ureg_search.status", code)
}

pub fn kind_label(i18n: &I18n, lang: Lang, kind: Kind) -> String {
    label(i18n, lang, "ureg_search.kind", kind.as_str())
}

/// The link of a record's own page.
pub fn record_url(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Union => format!("{PATH}/unions/{id}"),
        Kind::Agreement => format!("{PATH}/agreements/{id}"),
    }
}

fn hit_view(catalogs: &Catalogs, i18n: &I18n, lang: Lang, h: &Hit) -> HitView {
    let title = if h.title.trim().is_empty() && h.kind == Kind::Agreement {
        i18n.text(lang, "ureg_search.individual_employer", &[])
    } else {
        h.title.clone()
    };
    let place = match (h.municipality.trim(), h.state.trim()) {
        ("", s) => s.to_string(),
        (m, "") => m.to_string(),
        (m, s) => format!("{m}, {s}"),
    };
    HitView {
        kind: h.kind.as_str(),
        kind_label: kind_label(i18n, lang, h.kind),
        url: record_url(h.kind, &h.id),
        title,
        number: h.number.clone(),
        union_name: h.union_name.clone().unwrap_or_default(),
        union_url: h
            .union_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map(|id| record_url(Kind::Union, id)),
        federation: h.federation.clone().unwrap_or_default(),
        employer_rfc: h.employer_rfc.clone().unwrap_or_default(),
        place,
        sector: if h.sector.is_empty() {
            String::new()
        } else {
            sector_label(catalogs, &h.sector)
        },
        status: status_label(i18n, lang, &h.status),
        date: h.date.to_string(),
        people: h.people,
        snippet: h.snippet.clone(),
    }
}

fn facet_group(
    p: &SearchParams,
    name: &'static str,
    title: String,
    counts: &[FacetCount],
    current: &str,
    label: impl Fn(&str) -> String,
) -> FacetGroup {
    let values = counts
        .iter()
        .map(|c| {
            let selected = current.trim() == c.value;
            let target = if selected { "" } else { c.value.as_str() };
            FacetLink {
                label: label(&c.value),
                count: c.count,
                url: url(&with(p, name, target)),
                selected,
            }
        })
        .collect();
    FacetGroup { name, title, values }
}

fn sort_code(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => "relevance",
        Sort::Newest => "newest",
        Sort::Oldest => "oldest",
    }
}

/// The results part of the page.
pub fn results_view(catalogs: &Catalogs, i18n: &I18n, lang: Lang, p: &SearchParams, r: &Results) -> ResultsView {
    let t = |key: &str| i18n.text(lang, key, &[]);
    let facets = vec![
        facet_group(p, "kind", t("ureg_search.facet.kind"), &r.facets.kind, &p.kind, |v| {
            Kind::parse(v).map_or_else(|| v.to_string(), |k| kind_label(i18n, lang, k))
        }),
        facet_group(
            p,
            "status",
            t("ureg_search.facet.status"),
            &r.facets.status,
            &p.status,
            |v| status_label(i18n, lang, v),
        ),
        facet_group(
            p,
            "state",
            t("ureg_search.facet.state"),
            &r.facets.state,
            &p.state,
            str::to_string,
        ),
        facet_group(
            p,
            "sector",
            t("ureg_search.facet.sector"),
            &r.facets.sector,
            &p.sector,
            |v| sector_label(catalogs, v),
        ),
        facet_group(
            p,
            "federation",
            t("ureg_search.facet.federation"),
            &r.facets.federation,
            &p.federation,
            str::to_string,
        ),
    ];
    let mut active = Vec::new();
    for (name, value) in [
        ("kind", &p.kind),
        ("state", &p.state),
        ("municipality", &p.municipality),
        ("sector", &p.sector),
        ("status", &p.status),
        ("federation", &p.federation),
        ("from", &p.from),
        ("to", &p.to),
    ] {
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        let shown = match name {
            "kind" => Kind::parse(v).map_or_else(|| v.to_string(), |k| kind_label(i18n, lang, k)),
            "status" => status_label(i18n, lang, v),
            "sector" => sector_label(catalogs, v),
            _ => v.to_string(),
        };
        active.push(ActiveFilter {
            label: format!("{}: {shown}", t(&format!("ureg_search.filter.{name}"))),
            remove_url: url(&with(p, name, "")),
        });
    }
    let size = r.page_size.max(1);
    let reachable = usize::try_from(r.total).unwrap_or(usize::MAX).min(MAX_OFFSET + size);
    let pages = reachable.div_ceil(size).max(1);
    let page = r.page + 1;
    let at = |n: usize| {
        let mut next = p.clone();
        next.page = if n == 1 { String::new() } else { n.to_string() };
        url(&next)
    };
    ResultsView {
        total: r.total,
        hits: r.hits.iter().map(|h| hit_view(catalogs, i18n, lang, h)).collect(),
        facets,
        active,
        page,
        pages,
        prev_url: (page > 1).then(|| at(page - 1)),
        next_url: (page < pages).then(|| at(page + 1)),
        sort: sort_code(r.sort),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leave_empty_parameters_out_and_facets_reset_the_page() {
        let p = SearchParams {
            q: "vacaciones dignas".into(),
            page: "3".into(),
            ..SearchParams::default()
        };
        assert_eq!(url(&p), "/union-registry?q=vacaciones+dignas&page=3");
        assert_eq!(
            url(&with(&p, "state", "Nuevo León")),
            "/union-registry?q=vacaciones+dignas&state=Nuevo+Le%C3%B3n"
        );
        assert_eq!(url(&SearchParams::default()), "/union-registry");
    }
}
