//! What the public may see of inspections and sanctions, and nothing more.
//!
//! An inspection's result is published once it is closed without sanction, or once its sanction
//! procedure reaches a status the deployment's publication rule (`sanction.publish_when`) lets
//! out; open, cancelled and protected (child or forced labor) cases never are. Every query here
//! applies that rule in SQL, and none reads a column that holds personal data: no notes,
//! interviews, participants or worker identifiers are selected, and an employer's name is read
//! only when the employer is a legal entity (an individual's name is personal data).

use faro_core::inspection::Status as InspectionStatus;
use faro_core::sanction::Status as SanctionStatus;
use faro_core::text::normalize;
use faro_core::{DomainError, StateCode};
use serde::Serialize;

use crate::tx::{Backend, Tx};
use crate::{Row, Store, StoreError, Value};

/// When a sanctioned inspection's result becomes public: the value of the parameter
/// `sanction.publish_when` of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishRule {
    /// Once the resolution is final: no appeal pending or possible.
    Final,
    /// Once the resolution is notified to the employer, appealed or not.
    Notified,
}

impl PublishRule {
    /// The id of the parameter that holds the rule.
    pub const PARAMETER: &'static str = "sanction.publish_when";

    /// Reads the parameter's value; anything else is refused (publishing by mistake is worse
    /// than not publishing).
    pub fn parse(value: &str) -> Result<PublishRule, DomainError> {
        match value.trim() {
            "final" => Ok(PublishRule::Final),
            "notified" => Ok(PublishRule::Notified),
            other => Err(DomainError::new(
                "rules.invalid",
                format!(
                    "parameter '{}' must be 'final' or 'notified', not '{other}'",
                    Self::PARAMETER
                ),
            )
            .with("id", Self::PARAMETER)
            .with("value", other)),
        }
    }

    /// Whether a sanction procedure in `status` is public under this rule.
    pub fn publishes(self, status: SanctionStatus) -> bool {
        match self {
            PublishRule::Final => status.is_final(),
            PublishRule::Notified => {
                status.is_final()
                    || matches!(
                        status,
                        SanctionStatus::Notified | SanctionStatus::Appealed | SanctionStatus::Annulled
                    )
            }
        }
    }

    /// The published sanction statuses as an SQL list of literals (the codes are fixed words).
    fn statuses_sql(self) -> String {
        SanctionStatus::ALL
            .into_iter()
            .filter(|s| self.publishes(*s))
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The condition an inspection `i`, with its sanction `s` LEFT JOINed, meets when published.
    fn inspection_sql(self) -> String {
        format!(
            "i.protected = 0 AND (i.status = '{closed}' OR (i.status = '{sent}' AND s.status IN ({list})))",
            closed = InspectionStatus::Closed.code(),
            sent = InspectionStatus::SentToSanction.code(),
            list = self.statuses_sql()
        )
    }
}

/// The employer as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicEmployer {
    pub id: i64,
    /// The name of a legal entity; `None` for an individual ("persona física"), whose name is
    /// personal data.
    pub name: Option<String>,
    pub legal_entity: bool,
}

/// A workplace's public facts: its commercial name and place, its activity, its employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicWorkplace {
    pub id: i64,
    pub name: String,
    pub employer: PublicEmployer,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
}

/// A published inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicInspection {
    pub id: i64,
    pub workplace_id: i64,
    pub workplace_name: String,
    pub employer: PublicEmployer,
    pub state: String,
    pub municipality: String,
    pub scian_class: String,
    /// The two-digit SCIAN code the dashboards count it under.
    pub sector: String,
    /// `initial`, `periodic`, `verification` or `extraordinary`.
    pub kind: String,
    /// Matter codes (`general_conditions`, `training`...).
    pub matters: Vec<String>,
    /// The date of the visit (YYYY-MM-DD).
    pub visit_date: String,
    /// The date the inspection ended (YYYY-MM-DD).
    pub closed_on: Option<String>,
    /// `closed` (without sanction) or `sent_to_sanction`.
    pub result: String,
    pub findings: i64,
    pub sanction_id: Option<i64>,
    pub sanction_status: Option<String>,
    /// Fines imposed and paid, in centavos (absent without a sanction).
    pub imposed_centavos: Option<i64>,
    pub paid_centavos: Option<i64>,
}

/// A finding of a published inspection: the breach, never the inspector's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicFinding {
    pub inspection_id: i64,
    pub workplace_id: i64,
    pub question_id: String,
    pub matter: String,
    /// The violation's id in the rules (`lft-994-iv`).
    pub violation: String,
    pub article: String,
    pub affected_workers: i64,
    /// The date of the inspection record (YYYY-MM-DD).
    pub record_date: String,
}

/// A published sanction procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicSanction {
    pub id: i64,
    pub inspection_id: i64,
    pub workplace_id: i64,
    pub workplace_name: String,
    pub employer: PublicEmployer,
    pub state: String,
    pub sector: String,
    pub status: String,
    pub opened_on: String,
    pub resolved_on: Option<String>,
    pub final_on: Option<String>,
    pub imposed_centavos: i64,
    pub paid_centavos: i64,
}

/// Search of the workplaces with published results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicSearch {
    /// Words of the workplace's name, or of its employer's name when the employer is a legal
    /// entity; each word matches as a prefix.
    pub text: Option<String>,
    pub state: Option<StateCode>,
    /// Two-digit SCIAN codes; a workplace in any of them matches (a sector such as "31-33"
    /// spans several).
    pub sectors: Vec<String>,
    /// Keyset pagination: the `next_after` of the previous page.
    pub after: Option<i64>,
    pub limit: u32,
}

/// Filters of the published inspections (API and open data).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicFilter {
    pub state: Option<StateCode>,
    pub sectors: Vec<String>,
    /// The year of the visit.
    pub year: Option<i32>,
    pub after: Option<i64>,
    pub limit: u32,
}

/// One page of results and where the next begins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `after` for the next page; `None` on the last one.
    pub next_after: Option<i64>,
}

/// A workplace and its published results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkplaceResults {
    pub workplace: PublicWorkplace,
    pub inspections: Vec<PublicInspection>,
    pub findings: Vec<PublicFinding>,
    pub sanctions: Vec<PublicSanction>,
    /// More inspections exist than the lists hold ([`MAX_LISTED`]).
    pub truncated: bool,
}

/// An employer and the published results of its workplaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmployerResults {
    pub employer: PublicEmployer,
    /// Its workplaces that have published results.
    pub workplaces: Vec<PublicWorkplace>,
    pub inspections: Vec<PublicInspection>,
    pub findings: Vec<PublicFinding>,
    pub sanctions: Vec<PublicSanction>,
    pub truncated: bool,
}

/// The most inspections (and workplaces) a detail page lists, newest first.
pub const MAX_LISTED: u32 = 500;
/// The largest page the paged queries return.
pub const MAX_PAGE: u32 = 5_000;

const LEGAL_ENTITY: &str = "legal_entity";

fn employer_name_sql() -> String {
    format!("CASE WHEN e.person_kind = '{LEGAL_ENTITY}' THEN e.name ELSE NULL END, e.person_kind")
}

fn employer_of(r: &Row, id: usize, name: usize) -> Result<PublicEmployer, StoreError> {
    let legal_entity = r.string(name + 1)? == LEGAL_ENTITY;
    Ok(PublicEmployer {
        id: r.i64(id)?,
        // Read only for legal entities in SQL; checked again here.
        name: if legal_entity { r.opt_string(name)? } else { None },
        legal_entity,
    })
}

/// The inner join that keeps the written order of tables on SQLite (`CROSS JOIN`): the first
/// table drives the query in its key order, whatever statistics the planner has. PostgreSQL plans
/// a plain join well.
fn join(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "CROSS JOIN",
        Backend::Postgres => "JOIN",
    }
}

fn date_part(s: &str) -> String {
    s.chars().take(10).collect()
}

fn workplace_columns() -> String {
    format!(
        "w.id, w.name, w.employer_id, {}, w.state, w.municipality, w.scian_class",
        employer_name_sql()
    )
}

fn workplace_row(r: &Row) -> Result<PublicWorkplace, StoreError> {
    Ok(PublicWorkplace {
        id: r.i64(0)?,
        name: r.string(1)?,
        employer: employer_of(r, 2, 3)?,
        state: r.string(5)?,
        municipality: r.string(6)?,
        scian_class: r.string(7)?,
    })
}

fn inspection_select(backend: Backend, rule: PublishRule) -> String {
    format!(
        "SELECT i.id, i.workplace_id, w.name, i.employer_id, {employer}, i.state, w.municipality, w.scian_class,
                i.sector, i.kind, i.matters, COALESCE(i.started_at, i.planned_for), i.ended_at, i.status, i.findings,
                s.id, s.status, s.imposed, s.paid
         FROM inspections i {join} workplaces w ON w.id = i.workplace_id {join} employers e ON e.id = i.employer_id
              LEFT JOIN sanctions s ON s.inspection_id = i.id
         WHERE {published}",
        employer = employer_name_sql(),
        join = join(backend),
        published = rule.inspection_sql()
    )
}

fn inspection_row(r: &Row) -> Result<PublicInspection, StoreError> {
    Ok(PublicInspection {
        id: r.i64(0)?,
        workplace_id: r.i64(1)?,
        workplace_name: r.string(2)?,
        employer: employer_of(r, 3, 4)?,
        state: r.string(6)?,
        municipality: r.string(7)?,
        scian_class: r.string(8)?,
        sector: r.string(9)?,
        kind: r.string(10)?,
        matters: r
            .string(11)?
            .split(',')
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect(),
        visit_date: date_part(&r.string(12)?),
        closed_on: r.opt_string(13)?.map(|d| date_part(&d)),
        result: r.string(14)?,
        findings: r.i64(15)?,
        sanction_id: r.opt_i64(16)?,
        sanction_status: r.opt_string(17)?,
        imposed_centavos: r.opt_i64(18)?,
        paid_centavos: r.opt_i64(19)?,
    })
}

fn finding_select(backend: Backend, rule: PublishRule) -> String {
    format!(
        "SELECT f.inspection_id, f.workplace_id, f.question_id, f.matter, f.violation, f.article, f.affected_workers,
                f.record_date
         FROM inspection_findings f {} inspections i ON i.id = f.inspection_id
              LEFT JOIN sanctions s ON s.inspection_id = i.id
         WHERE {}",
        join(backend),
        rule.inspection_sql()
    )
}

fn finding_row(r: &Row) -> Result<PublicFinding, StoreError> {
    Ok(PublicFinding {
        inspection_id: r.i64(0)?,
        workplace_id: r.i64(1)?,
        question_id: r.string(2)?,
        matter: r.string(3)?,
        violation: r.string(4)?,
        article: r.string(5)?,
        affected_workers: r.i64(6)?,
        record_date: date_part(&r.string(7)?),
    })
}

fn sanction_select(backend: Backend, rule: PublishRule) -> String {
    format!(
        "SELECT s.id, s.inspection_id, s.workplace_id, w.name, s.employer_id, {employer}, s.state, s.sector, s.status,
                s.opened_at, s.resolved_on, s.final_on, s.imposed, s.paid
         FROM sanctions s {join} inspections i ON i.id = s.inspection_id {join} workplaces w ON w.id = s.workplace_id
              {join} employers e ON e.id = s.employer_id
         WHERE {published}",
        employer = employer_name_sql(),
        join = join(backend),
        published = rule.inspection_sql()
    )
}

fn sanction_row(r: &Row) -> Result<PublicSanction, StoreError> {
    Ok(PublicSanction {
        id: r.i64(0)?,
        inspection_id: r.i64(1)?,
        workplace_id: r.i64(2)?,
        workplace_name: r.string(3)?,
        employer: employer_of(r, 4, 5)?,
        state: r.string(7)?,
        sector: r.string(8)?,
        status: r.string(9)?,
        opened_on: date_part(&r.string(10)?),
        resolved_on: r.opt_string(11)?,
        final_on: r.opt_string(12)?,
        imposed_centavos: r.i64(13)?,
        paid_centavos: r.i64(14)?,
    })
}

/// The words of a search, normalized; only letters and digits survive, so no full-text syntax
/// can be injected.
fn search_terms(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .map(|t| t.replace('&', ""))
        .filter(|t| !t.is_empty())
        .take(8)
        .collect()
}

fn fts_query(backend: Backend, terms: &[String]) -> String {
    match backend {
        Backend::Sqlite => terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(" "),
        Backend::Postgres => terms
            .iter()
            .map(|t| format!("{}:*", t.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

/// Whether every term begins a word of the workplace's own name. An individual employer's name is
/// in the full-text index too; a match that needs it must not reveal which workplaces that person
/// owns.
fn name_alone_matches(terms: &[String], workplace_name: &str) -> bool {
    let name = normalize(workplace_name);
    let words: Vec<&str> = name.split(' ').collect();
    terms
        .iter()
        .all(|t| words.iter().any(|w| w.replace('&', "").starts_with(t.as_str())))
}

/// Only two-digit codes pass; they are bound as parameters anyway.
fn sector_condition(column: &str, sectors: &[String], params: &mut Vec<Value>) -> Option<String> {
    let valid: Vec<&String> = sectors
        .iter()
        .filter(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    if valid.is_empty() {
        return None;
    }
    let marks = vec!["?"; valid.len()].join(", ");
    params.extend(valid.into_iter().map(|s| Value::from(s.as_str())));
    Some(format!("substr({column}, 1, 2) IN ({marks})"))
}

/// How many candidate rows a search examines per round, and how many rounds at most, when some
/// are dropped by [`name_alone_matches`].
const SEARCH_ROUNDS: usize = 4;

impl Store {
    /// Workplaces with published results, in id order, searched by name, state and sector.
    pub fn public_search(&self, rule: PublishRule, q: &PublicSearch) -> Result<Page<PublicWorkplace>, StoreError> {
        let backend = self.backend();
        let limit = q.limit.clamp(1, 200) as usize;
        let terms = q.text.as_deref().map(search_terms).unwrap_or_default();
        let exists = format!(
            "EXISTS (SELECT 1 FROM inspections i LEFT JOIN sanctions s ON s.inspection_id = i.id
                     WHERE i.workplace_id = w.id AND {})",
            rule.inspection_sql()
        );
        let mut wheres = vec![exists];
        let mut params: Vec<Value> = Vec::new();
        let (from, order) = if terms.is_empty() {
            (
                format!("workplaces w {} employers e ON e.id = w.employer_id", join(backend)),
                "w.id",
            )
        } else {
            match backend {
                Backend::Sqlite => {
                    wheres.push("workplace_fts MATCH ?".into());
                    params.push(fts_query(backend, &terms).into());
                    (
                        "workplace_fts f CROSS JOIN workplaces w ON w.id = f.rowid CROSS JOIN employers e ON e.id = w.employer_id"
                            .to_string(),
                        "f.rowid",
                    )
                }
                Backend::Postgres => {
                    wheres.push("to_tsvector('simple', w.search_text) @@ to_tsquery('simple', ?)".into());
                    params.push(fts_query(backend, &terms).into());
                    (
                        "workplaces w JOIN employers e ON e.id = w.employer_id".to_string(),
                        "w.id",
                    )
                }
            }
        };
        if let Some(s) = q.state {
            wheres.push("w.state = ?".into());
            params.push(s.as_str().into());
        }
        if let Some(c) = sector_condition("w.scian_class", &q.sectors, &mut params) {
            wheres.push(c);
        }
        let sql = format!(
            "SELECT {} FROM {from} WHERE {} AND {order} > ? ORDER BY {order} LIMIT ?",
            workplace_columns(),
            wheres.join(" AND ")
        );
        let batch = (limit * 2 + 1) as i64;
        self.read(|tx| {
            let mut items = Vec::new();
            let mut cursor = q.after.unwrap_or(0);
            for _ in 0..SEARCH_ROUNDS {
                let mut p = params.clone();
                p.push(cursor.into());
                p.push(batch.into());
                let rows = tx.query(&sql, &p)?;
                let exhausted = (rows.len() as i64) < batch;
                for r in &rows {
                    let w = workplace_row(r)?;
                    cursor = w.id;
                    if terms.is_empty() || w.employer.legal_entity || name_alone_matches(&terms, &w.name) {
                        items.push(w);
                        if items.len() == limit {
                            return Ok(Page {
                                items,
                                next_after: Some(cursor),
                            });
                        }
                    }
                }
                if exhausted {
                    return Ok(Page {
                        items,
                        next_after: None,
                    });
                }
            }
            // Many candidates were set aside: the page is short, and the next one goes on from
            // the last examined.
            Ok(Page {
                items,
                next_after: Some(cursor),
            })
        })
    }

    /// A workplace and its published results; `None` if there is no such workplace. A workplace
    /// without published results still shows its public facts, with empty lists.
    pub fn public_workplace_results(&self, rule: PublishRule, id: i64) -> Result<Option<WorkplaceResults>, StoreError> {
        let backend = self.backend();
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!(
                    "SELECT {} FROM workplaces w JOIN employers e ON e.id = w.employer_id WHERE w.id = ?",
                    workplace_columns()
                ),
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            let workplace = workplace_row(&r)?;
            let (inspections, truncated) = listed_inspections(tx, rule, "i.workplace_id", id)?;
            let findings = tx
                .query(
                    &format!(
                        "{} AND f.workplace_id = ? ORDER BY f.inspection_id DESC, f.question_id",
                        finding_select(backend, rule)
                    ),
                    &[id.into()],
                )?
                .iter()
                .map(finding_row)
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|f| inspections.iter().any(|i| i.id == f.inspection_id))
                .collect();
            let sanctions = tx
                .query(
                    &format!(
                        "{} AND s.workplace_id = ? ORDER BY s.id DESC LIMIT ?",
                        sanction_select(backend, rule)
                    ),
                    &[id.into(), i64::from(MAX_LISTED).into()],
                )?
                .iter()
                .map(sanction_row)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(WorkplaceResults {
                workplace,
                inspections,
                findings,
                sanctions,
                truncated,
            }))
        })
    }

    /// An employer and the published results of its workplaces; `None` if there is no such
    /// employer.
    pub fn public_employer_results(&self, rule: PublishRule, id: i64) -> Result<Option<EmployerResults>, StoreError> {
        let backend = self.backend();
        self.read(|tx| {
            let Some(r) = tx.query_one(
                &format!("SELECT e.id, {} FROM employers e WHERE e.id = ?", employer_name_sql()),
                &[id.into()],
            )?
            else {
                return Ok(None);
            };
            let employer = employer_of(&r, 0, 1)?;
            let workplaces = tx
                .query(
                    &format!(
                        "SELECT {} FROM workplaces w JOIN employers e ON e.id = w.employer_id
                         WHERE w.employer_id = ? AND EXISTS (
                             SELECT 1 FROM inspections i LEFT JOIN sanctions s ON s.inspection_id = i.id
                             WHERE i.workplace_id = w.id AND {})
                         ORDER BY w.id LIMIT ?",
                        workplace_columns(),
                        rule.inspection_sql()
                    ),
                    &[id.into(), i64::from(MAX_LISTED).into()],
                )?
                .iter()
                .map(workplace_row)
                .collect::<Result<Vec<_>, _>>()?;
            let (inspections, truncated) = listed_inspections(tx, rule, "i.employer_id", id)?;
            let findings = match inspections.last() {
                None => Vec::new(),
                Some(oldest) => tx
                    .query(
                        &format!(
                            "{} AND f.employer_id = ? AND f.inspection_id >= ?
                             ORDER BY f.inspection_id DESC, f.question_id",
                            finding_select(backend, rule)
                        ),
                        &[id.into(), oldest.id.into()],
                    )?
                    .iter()
                    .map(finding_row)
                    .collect::<Result<Vec<_>, _>>()?,
            };
            let sanctions = tx
                .query(
                    &format!(
                        "{} AND s.employer_id = ? ORDER BY s.id DESC LIMIT ?",
                        sanction_select(backend, rule)
                    ),
                    &[id.into(), i64::from(MAX_LISTED).into()],
                )?
                .iter()
                .map(sanction_row)
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(EmployerResults {
                employer,
                workplaces,
                inspections,
                findings,
                sanctions,
                truncated,
            }))
        })
    }

    /// Published inspections in id order, one page at a time (the API and the open data).
    pub fn public_inspections(
        &self,
        rule: PublishRule,
        f: &PublicFilter,
    ) -> Result<Page<PublicInspection>, StoreError> {
        let backend = self.backend();
        let limit = f.limit.clamp(1, MAX_PAGE);
        let mut sql = inspection_select(backend, rule);
        let mut params: Vec<Value> = Vec::new();
        if let Some(s) = f.state {
            sql.push_str(" AND i.state = ?");
            params.push(s.as_str().into());
        }
        if let Some(c) = sector_condition("i.sector", &f.sectors, &mut params) {
            sql.push_str(&format!(" AND {c}"));
        }
        if let Some(y) = f.year {
            sql.push_str(
                " AND COALESCE(i.started_at, i.planned_for) >= ? AND COALESCE(i.started_at, i.planned_for) < ?",
            );
            params.push(format!("{y:04}-01-01").into());
            params.push(format!("{:04}-01-01", y + 1).into());
        }
        sql.push_str(" AND i.id > ? ORDER BY i.id LIMIT ?");
        params.push(f.after.unwrap_or(0).into());
        params.push(i64::from(limit + 1).into());
        self.read(|tx| {
            let rows = tx.query(&sql, &params)?;
            let more = rows.len() > limit as usize;
            let items = rows
                .iter()
                .take(limit as usize)
                .map(inspection_row)
                .collect::<Result<Vec<_>, _>>()?;
            let next_after = if more { items.last().map(|i| i.id) } else { None };
            Ok(Page { items, next_after })
        })
    }

    /// Findings of published inspections in (inspection, question) order, after `after`.
    pub fn public_findings(
        &self,
        rule: PublishRule,
        after: Option<(i64, String)>,
        limit: u32,
    ) -> Result<Vec<PublicFinding>, StoreError> {
        let backend = self.backend();
        let (id, question) = after.unwrap_or((0, String::new()));
        // A row-value comparison: one range of the primary key on both backends.
        let sql = format!(
            "{} AND (f.inspection_id, f.question_id) > (?, ?)
             ORDER BY f.inspection_id, f.question_id LIMIT ?",
            finding_select(backend, rule)
        );
        let params: Vec<Value> = vec![id.into(), question.into(), i64::from(limit.clamp(1, MAX_PAGE)).into()];
        self.read(|tx| tx.query(&sql, &params)?.iter().map(finding_row).collect())
    }

    /// Published sanction procedures in id order, after `after`.
    pub fn public_sanctions(
        &self,
        rule: PublishRule,
        after: Option<i64>,
        limit: u32,
    ) -> Result<Vec<PublicSanction>, StoreError> {
        let sql = format!(
            "{} AND s.id > ? ORDER BY s.id LIMIT ?",
            sanction_select(self.backend(), rule)
        );
        let params: Vec<Value> = vec![after.unwrap_or(0).into(), i64::from(limit.clamp(1, MAX_PAGE)).into()];
        self.read(|tx| tx.query(&sql, &params)?.iter().map(sanction_row).collect())
    }
}

/// The newest published inspections of a workplace or employer (`column` = its id), and whether
/// there are more than [`MAX_LISTED`].
fn listed_inspections(
    tx: &mut dyn Tx,
    rule: PublishRule,
    column: &str,
    id: i64,
) -> Result<(Vec<PublicInspection>, bool), StoreError> {
    let rows = tx.query(
        &format!(
            "{} AND {column} = ? ORDER BY i.id DESC LIMIT ?",
            inspection_select(tx.backend(), rule)
        ),
        &[id.into(), i64::from(MAX_LISTED + 1).into()],
    )?;
    let truncated = rows.len() > MAX_LISTED as usize;
    let items = rows
        .iter()
        .take(MAX_LISTED as usize)
        .map(inspection_row)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((items, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::registry::PersonKind;

    #[test]
    fn the_rule_is_read_from_its_parameter_and_unknown_values_are_refused() {
        assert_eq!(PublishRule::parse("final").unwrap(), PublishRule::Final);
        assert_eq!(PublishRule::parse(" notified ").unwrap(), PublishRule::Notified);
        let e = PublishRule::parse("always").unwrap_err();
        assert_eq!(e.code, "rules.invalid");
        assert!(e.params.iter().any(|(k, v)| *k == "value" && v == "always"));
    }

    #[test]
    fn final_publishes_exactly_the_final_statuses_and_notified_adds_the_notified_ones() {
        for s in SanctionStatus::ALL {
            assert_eq!(PublishRule::Final.publishes(s), s.is_final(), "{s:?}");
            // Whatever is public once final is public once notified.
            if PublishRule::Final.publishes(s) {
                assert!(PublishRule::Notified.publishes(s), "{s:?}");
            }
        }
        for s in [
            SanctionStatus::Opened,
            SanctionStatus::Summoned,
            SanctionStatus::Heard,
            SanctionStatus::Resolved,
        ] {
            assert!(!PublishRule::Notified.publishes(s), "{s:?} is before notification");
        }
        assert!(PublishRule::Notified.publishes(SanctionStatus::Appealed));
        assert!(!PublishRule::Final.publishes(SanctionStatus::Appealed));
        assert_eq!(
            PublishRule::Final.statuses_sql(),
            "'final', 'paid', 'in_collection', 'collected', 'written_off', 'absolved'"
        );
    }

    #[test]
    fn the_legal_entity_code_is_the_registrys() {
        assert_eq!(PersonKind::LegalEntity.code(), LEGAL_ENTITY);
    }

    #[test]
    fn search_terms_keep_only_words() {
        assert_eq!(
            search_terms("Panadería \"la\" OR * Espiga-"),
            vec!["PANADERIA", "LA", "OR", "ESPIGA"]
        );
        assert!(search_terms(" & * ").is_empty());
        assert_eq!(
            fts_query(Backend::Sqlite, &search_terms("pan sol")),
            "\"PAN\"* \"SOL\"*"
        );
        assert_eq!(fts_query(Backend::Postgres, &search_terms("pan sol")), "pan:* & sol:*");
    }

    #[test]
    fn an_individual_employers_name_alone_does_not_match() {
        let terms = search_terms("Juan Abarr");
        assert!(!name_alone_matches(&terms, "Abarrotes La Esperanza"));
        assert!(name_alone_matches(
            &search_terms("abarr esper"),
            "Abarrotes La Esperanza"
        ));
        assert!(name_alone_matches(&search_terms("panaderia"), "Panadería El Sol"));
    }

    #[test]
    fn sector_conditions_take_only_two_digit_codes() {
        let mut p = Vec::new();
        assert_eq!(
            sector_condition("w.scian_class", &["31".into(), "x'".into(), "32".into()], &mut p),
            Some("substr(w.scian_class, 1, 2) IN (?, ?)".to_string())
        );
        assert_eq!(p, vec![Value::from("31"), Value::from("32")]);
        assert_eq!(sector_condition("c", &["123".into()], &mut p), None);
    }
}
