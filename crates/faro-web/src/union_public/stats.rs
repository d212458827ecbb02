//! `/union-registry/statistics`: the registry's public analytics, from the store's rollups
//! (`Store::union_analytics`) and the compliance view (`Store::overdue_unions`), summed here
//! ([`summarize`], pure) and drawn as server-side SVG bar charts, each with its table.

use std::collections::{BTreeMap, BTreeSet};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use faro_core::policy::{Action, Resource};
use faro_core::union::compliance::{Obligation, Overdue};
use faro_core::StateCode;
use faro_store::unions::{OverdueFilter, UnionAnalytics};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::items::percent_bp;
use super::view;
use super::{parse_state, union_law};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::pages::blocking;
use crate::public_pages::chart::{self, RowInput};
use crate::public_pages::format::thousands;
use crate::public_pages::view::{sector, state_name};
use crate::AppState;

/// The most overdue filings read for the compliance share.
const OVERDUE_LIMIT: u32 = 5_000;

/// Workers covered by agreements, by state or by sector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CoverageLine {
    /// A state code ("14") or a SCIAN sector ("31-33"; "" when unknown).
    pub key: String,
    pub agreements: i64,
    /// Legacy agreements legitimized by their workers, and the workers they cover.
    pub legitimized: i64,
    pub legitimized_workers: i64,
    /// Agreements in force (registered), and the workers they cover.
    pub registered: i64,
    pub registered_workers: i64,
}

/// Negotiated wage increases of a year in a sector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct WageLine {
    pub year: String,
    pub sector: String,
    pub revisions: i64,
    /// The mean increase per revision, and per worker covered, in basis points.
    pub mean_increase_bp: Option<i64>,
    pub weighted_increase_bp: Option<i64>,
    pub workers: i64,
}

/// The votes of a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct VoteLine {
    pub year: String,
    pub votes: i64,
    /// With results that stand.
    pub counted: i64,
    pub approved: i64,
    pub annulled: i64,
    /// Means over the counted votes, in basis points.
    pub mean_turnout_bp: Option<i64>,
    pub mean_margin_bp: Option<i64>,
}

/// Women in the leaderships of a state's registered unions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct WomenLine {
    /// A state code, or "" for the whole selection.
    pub state: String,
    pub leaders: i64,
    pub leaders_known_sex: i64,
    pub women_leaders: i64,
    /// Women among the leaders whose sex is known, in basis points.
    pub women_share_bp: Option<i64>,
}

/// The registered unions and those overdue with each filing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ComplianceSummary {
    pub registered_unions: i64,
    pub overdue_member_update: i64,
    pub overdue_financial_report: i64,
    pub overdue_member_update_bp: Option<i64>,
    pub overdue_financial_report_bp: Option<i64>,
}

/// The registry's statistics, for the whole country or one state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct UnionStatistics {
    /// The state asked for ("" for the whole country). Wage increases are national.
    pub state: String,
    pub coverage_by_state: Vec<CoverageLine>,
    pub coverage_by_sector: Vec<CoverageLine>,
    pub wages: Vec<WageLine>,
    pub votes_by_year: Vec<VoteLine>,
    pub women_by_state: Vec<WomenLine>,
    pub women_total: WomenLine,
    pub compliance: ComplianceSummary,
}

/// `part / whole` in basis points, rounded; none without a whole.
fn share_bp(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 10_000 + whole / 2) / whole)
}

/// `total / count`, rounded half away from zero; none without a count.
fn mean(total: i64, count: i64) -> Option<i64> {
    (count > 0).then(|| {
        let half = count / 2;
        if total >= 0 {
            (total + half) / count
        } else {
            (total - half) / count
        }
    })
}

fn add(line: &mut CoverageLine, agreements: i64, legitimized: i64, lw: i64, registered: i64, rw: i64) {
    line.agreements += agreements;
    line.legitimized += legitimized;
    line.legitimized_workers += lw;
    line.registered += registered;
    line.registered_workers += rw;
}

/// Sums the rollups and the overdue filings into the statistics. `sector_of` gives the SCIAN
/// sector of a two-digit code ("32" gives "31-33").
pub fn summarize(
    state: Option<StateCode>,
    a: &UnionAnalytics,
    overdue: &[Overdue],
    sector_of: impl Fn(&str) -> String,
) -> UnionStatistics {
    let mut by_state: BTreeMap<String, CoverageLine> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, CoverageLine> = BTreeMap::new();
    for c in &a.coverage {
        let sector = if c.sector.is_empty() {
            String::new()
        } else {
            sector_of(&c.sector)
        };
        for (map, key) in [(&mut by_state, c.state.clone()), (&mut by_sector, sector)] {
            let line = map.entry(key.clone()).or_insert_with(|| CoverageLine {
                key,
                ..CoverageLine::default()
            });
            add(
                line,
                c.agreements,
                c.legitimized,
                c.legitimized_workers,
                c.registered,
                c.registered_workers,
            );
        }
    }
    let mut wages: BTreeMap<(String, String), (i64, i64, i64, i64)> = BTreeMap::new();
    for w in &a.wages {
        let e = wages
            .entry((w.year.clone(), sector_of(&w.sector)))
            .or_insert((0, 0, 0, 0));
        e.0 += w.revisions;
        e.1 += w.increase_bp;
        e.2 += w.weighted_bp;
        e.3 += w.workers;
    }
    let mut votes: BTreeMap<String, (VoteLine, i64, i64)> = BTreeMap::new();
    for v in &a.votes {
        let (line, turnout, margin) = votes.entry(v.year.clone()).or_insert_with(|| {
            (
                VoteLine {
                    year: v.year.clone(),
                    ..VoteLine::default()
                },
                0,
                0,
            )
        });
        line.votes += v.votes;
        line.counted += v.counted;
        line.approved += v.approved;
        line.annulled += v.annulled;
        *turnout += v.turnout_bp;
        *margin += v.margin_bp;
    }
    let mut total = WomenLine::default();
    let mut registered = 0;
    let women_by_state: Vec<WomenLine> = a
        .leadership
        .iter()
        .map(|l| {
            registered += l.registered;
            total.leaders += l.leaders;
            total.leaders_known_sex += l.leaders_known_sex;
            total.women_leaders += l.women_leaders;
            WomenLine {
                state: l.state.clone(),
                leaders: l.leaders,
                leaders_known_sex: l.leaders_known_sex,
                women_leaders: l.women_leaders,
                women_share_bp: share_bp(l.women_leaders, l.leaders_known_sex),
            }
        })
        .collect();
    total.women_share_bp = share_bp(total.women_leaders, total.leaders_known_sex);
    let overdue_of = |o: Obligation| {
        overdue
            .iter()
            .filter(|x| x.obligation == o)
            .map(|x| x.union_id.as_str())
            .collect::<BTreeSet<_>>()
            .len() as i64
    };
    let members = overdue_of(Obligation::MemberUpdate);
    let accounts = overdue_of(Obligation::FinancialReport);
    UnionStatistics {
        state: state.map(|s| s.as_str()).unwrap_or_default(),
        coverage_by_state: by_state.into_values().collect(),
        coverage_by_sector: by_sector.into_values().collect(),
        wages: wages
            .into_iter()
            .map(|((year, sector), (revisions, increase, weighted, workers))| WageLine {
                year,
                sector,
                revisions,
                mean_increase_bp: mean(increase, revisions),
                weighted_increase_bp: mean(weighted, workers),
                workers,
            })
            .collect(),
        votes_by_year: votes
            .into_values()
            .map(|(mut line, turnout, margin)| {
                line.mean_turnout_bp = mean(turnout, line.counted);
                line.mean_margin_bp = mean(margin, line.counted);
                line
            })
            .collect(),
        women_by_state,
        women_total: total,
        compliance: ComplianceSummary {
            registered_unions: registered,
            overdue_member_update: members,
            overdue_financial_report: accounts,
            overdue_member_update_bp: share_bp(members, registered),
            overdue_financial_report_bp: share_bp(accounts, registered),
        },
    }
}

/// Reads and sums the statistics of `state` (or the whole country).
pub async fn load(app: &AppState, state: Option<StateCode>) -> Result<UnionStatistics, WebError> {
    let store = app.store.clone();
    let law = app.law.clone();
    let now = Utc::now();
    let (analytics, overdue) = blocking(move || {
        let analytics = store.union_analytics(state)?;
        let ul = union_law(&law)?;
        let overdue = store.overdue_unions(
            &ul,
            now,
            &OverdueFilter {
                state,
                limit: OVERDUE_LIMIT,
            },
        )?;
        Ok((analytics, overdue))
    })
    .await?;
    Ok(summarize(state, &analytics, &overdue, |two| sector(app, two).0))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// A state code ("14"); empty for the whole country.
    #[serde(default)]
    pub state: String,
}

fn bars(rows: Vec<RowInput>) -> Value {
    Value::from_serialize(chart::bars(&rows))
}

fn row(label: String, values: Vec<(i64, String)>) -> RowInput {
    RowInput { label, values }
}

fn table_row(name: String, cells: Vec<String>) -> Value {
    context! { name => name, cells => cells }
}

fn pct(bp: Option<i64>) -> String {
    bp.map(percent_bp).unwrap_or_else(|| "—".to_string())
}

fn sector_name(app: &AppState, lang: Lang, code: &str) -> String {
    if code.is_empty() {
        return view::text(app, lang, "upub.stats.unknown_sector");
    }
    app.catalogs
        .scian_sector(code)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| code.to_string())
}

/// The charts and tables of the page.
fn charts(app: &AppState, lang: Lang, s: &UnionStatistics) -> Value {
    let coverage = |lines: &[CoverageLine], name: &dyn Fn(&str) -> String| {
        let chart = bars(
            lines
                .iter()
                .map(|l| {
                    row(
                        name(&l.key),
                        vec![
                            (l.legitimized_workers, thousands(l.legitimized_workers)),
                            (l.registered_workers, thousands(l.registered_workers)),
                        ],
                    )
                })
                .collect(),
        );
        let rows: Vec<Value> = lines
            .iter()
            .map(|l| {
                table_row(
                    name(&l.key),
                    vec![
                        thousands(l.agreements),
                        thousands(l.legitimized),
                        thousands(l.legitimized_workers),
                        thousands(l.registered),
                        thousands(l.registered_workers),
                    ],
                )
            })
            .collect();
        context! { chart => chart, rows => rows }
    };
    let by_state = coverage(&s.coverage_by_state, &|k| state_name(app, k));
    let by_sector = coverage(&s.coverage_by_sector, &|k| sector_name(app, lang, k));
    let wage_label = |w: &WageLine| format!("{} · {}", w.year, sector_name(app, lang, &w.sector));
    let wages = context! {
        chart => bars(s.wages.iter().map(|w| {
            let v = w.weighted_increase_bp.unwrap_or(0);
            row(wage_label(w), vec![(v, pct(w.weighted_increase_bp))])
        }).collect()),
        rows => s.wages.iter().map(|w| table_row(wage_label(w), vec![
            thousands(w.revisions), pct(w.mean_increase_bp), pct(w.weighted_increase_bp), thousands(w.workers),
        ])).collect::<Vec<_>>(),
    };
    let votes = context! {
        chart => bars(s.votes_by_year.iter().map(|v| row(v.year.clone(), vec![
            (v.mean_turnout_bp.unwrap_or(0), pct(v.mean_turnout_bp)),
            (v.mean_margin_bp.unwrap_or(0), pct(v.mean_margin_bp)),
        ])).collect()),
        rows => s.votes_by_year.iter().map(|v| table_row(v.year.clone(), vec![
            thousands(v.votes), thousands(v.counted), thousands(v.approved), thousands(v.annulled),
            pct(v.mean_turnout_bp), pct(v.mean_margin_bp),
        ])).collect::<Vec<_>>(),
    };
    let women = context! {
        chart => bars(s.women_by_state.iter().map(|w| row(state_name(app, &w.state), vec![
            (w.women_share_bp.unwrap_or(0), pct(w.women_share_bp)),
        ])).collect()),
        rows => s.women_by_state.iter().map(|w| table_row(state_name(app, &w.state), vec![
            thousands(w.leaders), thousands(w.leaders_known_sex), thousands(w.women_leaders), pct(w.women_share_bp),
        ])).collect::<Vec<_>>(),
        total => pct(s.women_total.women_share_bp),
    };
    let c = &s.compliance;
    let member_label = view::text(app, lang, "upub.filing.member_update");
    let accounts_label = view::text(app, lang, "upub.filing.financial_report");
    let compliance = context! {
        chart => bars(vec![
            row(member_label.clone(), vec![(c.overdue_member_update_bp.unwrap_or(0), pct(c.overdue_member_update_bp))]),
            row(accounts_label.clone(), vec![(c.overdue_financial_report_bp.unwrap_or(0), pct(c.overdue_financial_report_bp))]),
        ]),
        rows => vec![
            table_row(member_label, vec![thousands(c.registered_unions), thousands(c.overdue_member_update), pct(c.overdue_member_update_bp)]),
            table_row(accounts_label, vec![thousands(c.registered_unions), thousands(c.overdue_financial_report), pct(c.overdue_financial_report_bp)]),
        ],
    };
    context! {
        by_state => by_state, by_sector => by_sector, wages => wages, votes => votes, women => women,
        compliance => compliance,
    }
}

pub async fn page(State(app): State<AppState>, ctx: Ctx, Query(p): Query<StatsParams>) -> Result<Response, WebError> {
    ctx.require(Action::ViewPublic, Resource::Collection)?;
    let state = parse_state(&p.state)?;
    let stats = load(&app, state).await?;
    let states: Vec<Value> = app
        .catalogs
        .states()
        .iter()
        .map(|s| context! { code => s.code.as_str(), name => s.name.clone() })
        .collect();
    let r = &app.renderer;
    let v = context! {
        ..r.base_context(&ctx, "union_registry", "/union-registry/statistics"),
        ..context! {
            state => state.map(|s| s.as_str()).unwrap_or_default(),
            state_name => state.map(|s| state_name(&app, &s.as_str())).unwrap_or_default(),
            states => states,
            c => charts(&app, ctx.lang, &stats),
        }
    };
    view::page(StatusCode::OK, "ureg_stats.html", v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_store::unions::{CoverageRow, LeadershipRow, VoteYearRow, WageRow};

    #[test]
    fn sums_by_state_sector_year_and_counts_each_overdue_union_once() {
        let a = UnionAnalytics {
            coverage: vec![
                CoverageRow {
                    state: "14".into(),
                    sector: "72".into(),
                    agreements: 1,
                    legitimized: 1,
                    legitimized_workers: 200,
                    ..CoverageRow::default()
                },
                CoverageRow {
                    state: "09".into(),
                    sector: "31".into(),
                    agreements: 2,
                    registered: 1,
                    registered_workers: 50,
                    ..CoverageRow::default()
                },
                CoverageRow {
                    state: "09".into(),
                    sector: "32".into(),
                    agreements: 1,
                    legitimized: 1,
                    legitimized_workers: 10,
                    ..CoverageRow::default()
                },
            ],
            wages: vec![WageRow {
                year: "2022".into(),
                sector: "72".into(),
                revisions: 2,
                increase_bp: 700,
                weighted_bp: 333 * 200 + 400 * 100,
                workers: 300,
            }],
            votes: vec![
                VoteYearRow {
                    year: "2022".into(),
                    votes: 2,
                    counted: 2,
                    turnout_bp: 9100 + 9000,
                    margin_bp: 6666 + 3333,
                    approved: 2,
                    ..VoteYearRow::default()
                },
                VoteYearRow {
                    year: "2022".into(),
                    votes: 1,
                    ..VoteYearRow::default()
                },
            ],
            leadership: vec![LeadershipRow {
                state: "09".into(),
                unions: 2,
                registered: 2,
                leaders: 3,
                leaders_known_sex: 2,
                women_leaders: 1,
                ..LeadershipRow::default()
            }],
        };
        let due = chrono::NaiveDate::from_ymd_opt(2022, 6, 1).unwrap();
        let o = |id: &str, obligation| Overdue {
            union_id: id.into(),
            name: "x".into(),
            obligation,
            article: String::new(),
            due_on: due,
            days_overdue: 3,
        };
        let overdue = vec![
            o("union/1", Obligation::MemberUpdate),
            o("union/1", Obligation::FinancialReport),
        ];
        let sector_of = |two: &str| {
            if ["31", "32", "33"].contains(&two) {
                "31-33".to_string()
            } else {
                two.to_string()
            }
        };
        let s = summarize(None, &a, &overdue, sector_of);
        assert_eq!(s.coverage_by_state.len(), 2);
        assert_eq!(s.coverage_by_state[0].key, "09");
        assert_eq!(s.coverage_by_state[0].legitimized_workers, 10);
        assert_eq!(s.coverage_by_state[0].registered_workers, 50);
        assert_eq!(s.coverage_by_sector[0].key, "31-33");
        assert_eq!(s.coverage_by_sector[0].agreements, 3);
        assert_eq!(s.wages[0].mean_increase_bp, Some(350));
        assert_eq!(s.wages[0].weighted_increase_bp, Some(355));
        assert_eq!(s.votes_by_year.len(), 1);
        assert_eq!(s.votes_by_year[0].votes, 3);
        assert_eq!(s.votes_by_year[0].mean_turnout_bp, Some(9050));
        assert_eq!(s.votes_by_year[0].mean_margin_bp, Some(5000));
        assert_eq!(s.women_total.women_share_bp, Some(5000));
        assert_eq!(s.compliance.registered_unions, 2);
        assert_eq!(s.compliance.overdue_member_update, 1);
        assert_eq!(s.compliance.overdue_financial_report_bp, Some(5000));
        assert_eq!(share_bp(1, 3), Some(3333));
        assert_eq!(share_bp(1, 0), None);
    }
}
