//! A workplace's risk as its inspector reads it: the probability of a violation of each matter,
//! and the factors that raise or lower it, in plain words (`risk.feature.<name>` in the
//! translation files).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use faro_core::inspection::Matter;
use faro_core::risk::FeatureTable;
use faro_risk::RiskModel;
use serde::Serialize;

use crate::i18n::Lang;
use crate::AppState;

/// Parsed models by id: a model file is parsed once per process, not per page.
#[derive(Default)]
pub struct ModelCache {
    models: Mutex<HashMap<i64, Arc<RiskModel>>>,
}

impl ModelCache {
    pub fn get(&self, id: i64, json: impl FnOnce() -> Option<String>) -> Option<Arc<RiskModel>> {
        if let Ok(models) = self.models.lock() {
            if let Some(m) = models.get(&id) {
                return Some(m.clone());
            }
        }
        let model = Arc::new(RiskModel::load(json()?.as_bytes()).ok()?);
        if let Ok(mut models) = self.models.lock() {
            models.insert(id, model.clone());
        }
        Some(model)
    }
}

/// One factor, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct FactorView {
    /// "Previous safety findings at this workplace: 2".
    pub text: String,
    /// Raises the risk.
    pub raises: bool,
    /// Share of the strongest factor's effect, 0-100 (for the bar).
    pub strength: u32,
}

/// One matter's risk at the workplace.
#[derive(Debug, Clone, Serialize)]
pub struct MatterRisk {
    pub matter: String,
    pub model_id: i64,
    /// Percent, one decimal.
    pub percent: String,
    pub factors: Vec<FactorView>,
}

/// Each municipality's population by its INEGI key as a number, for the features.
fn population(app: &AppState) -> HashMap<u32, u64> {
    app.catalogs
        .municipalities()
        .iter()
        .filter_map(|m| m.cvegeo.parse::<u32>().ok().map(|k| (k, m.population)))
        .collect()
}

/// The active models, each with its matter, parsed once per process.
fn active_models(app: &AppState) -> Vec<(i64, Matter, Arc<RiskModel>)> {
    let store = &app.store;
    let Ok(models) = store.risk_models() else {
        return Vec::new();
    };
    models
        .into_iter()
        .filter(|m| m.active)
        .filter_map(|info| {
            let matter = info.matter.parse::<Matter>().ok()?;
            let model = app
                .risk_models
                .get(info.id, || store.risk_model(info.id).ok().flatten().map(|m| m.1))?;
            Some((info.id, matter, model))
        })
        .collect()
}

/// The strongest `top` factors, in words, leaving out those under 5 % of the strongest.
fn factor_views(app: &AppState, lang: Lang, factors: &[faro_risk::Factor], top: usize) -> Vec<FactorView> {
    let strongest = factors.iter().map(|f| f.contribution.abs()).fold(0.0f64, f64::max);
    factors
        .iter()
        .filter(|f| f.contribution.abs() >= 0.05 * strongest && f.contribution.abs() > 1e-9)
        .take(top)
        .map(|f| FactorView {
            text: factor_text(app, lang, &f.column, f.value.as_deref()),
            raises: f.contribution > 0.0,
            strength: if strongest > 0.0 {
                ((f.contribution.abs() / strongest) * 100.0).round() as u32
            } else {
                0
            },
        })
        .collect()
}

/// The workplace's risk view, or nothing when no model is active or it is not in the registry.
pub fn workplace_risk(app: &AppState, workplace_id: i64, today: NaiveDate, lang: Lang) -> Option<Vec<MatterRisk>> {
    let active = active_models(app);
    if active.is_empty() {
        return None;
    }
    let history = app
        .store
        .risk_history_of_workplace(workplace_id, population(app))
        .ok()??;
    let features = history.features_of(workplace_id, today)?;
    let mut table = FeatureTable::new();
    table.push(&features);
    let table = faro_risk::registry::scoring_table(table).ok()?;
    let mut out = Vec::new();
    for (model_id, matter, model) in active {
        let Ok(scores) = faro_risk::score(&model, &table) else {
            continue;
        };
        let Some(score) = scores.first() else { continue };
        let factors = faro_risk::explain(&model, &table, 0).unwrap_or_default();
        out.push(MatterRisk {
            matter: matter.code().to_string(),
            model_id,
            percent: format!("{:.1}", score.probability * 100.0),
            factors: factor_views(app, lang, &factors, 5),
        });
    }
    Some(out)
}

/// Why the model ranks a workplace where it does, for one matter of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct MatterFactors {
    pub matter: String,
    pub factors: Vec<FactorView>,
}

/// The strongest factors of each of `workplace_ids` for each of `matters` that has an active
/// model, as of `today`: the reasons shown beside an inspection plan's picks. Read in one
/// snapshot and explained in one pass per model, so a plan of thousands of picks costs one page
/// view, not one per pick. Workplaces the registry no longer has are left out.
pub fn factors_of_workplaces(
    app: &AppState,
    workplace_ids: &[i64],
    matters: &[Matter],
    today: NaiveDate,
    lang: Lang,
    top: usize,
) -> HashMap<i64, Vec<MatterFactors>> {
    let mut out: HashMap<i64, Vec<MatterFactors>> = HashMap::new();
    let active: Vec<_> = active_models(app)
        .into_iter()
        .filter(|(_, matter, _)| matters.contains(matter))
        .collect();
    if active.is_empty() || workplace_ids.is_empty() {
        return out;
    }
    let Ok(Some(history)) = app.store.risk_history_of_workplaces(workplace_ids, population(app)) else {
        return out;
    };
    let mut table = FeatureTable::with_capacity(workplace_ids.len());
    let mut rows_of = Vec::new();
    for &id in workplace_ids {
        if let Some(features) = history.features_of(id, today) {
            table.push(&features);
            rows_of.push(id);
        }
    }
    let Ok(table) = faro_risk::registry::scoring_table(table) else {
        return out;
    };
    let rows: Vec<usize> = (0..rows_of.len()).collect();
    for (_, matter, model) in active {
        let Ok(explained) = faro_risk::explain_rows(&model, &table, &rows, usize::MAX) else {
            continue;
        };
        for (id, factors) in rows_of.iter().zip(explained) {
            out.entry(*id).or_default().push(MatterFactors {
                matter: matter.code().to_string(),
                factors: factor_views(app, lang, &factors, top),
            });
        }
    }
    out
}

/// "<what the feature is>: <its value>", the value in words where it is a code.
pub fn factor_text(app: &AppState, lang: Lang, column: &str, value: Option<&str>) -> String {
    let i18n = &app.renderer.i18n;
    let label = i18n.text(lang, &format!("risk.feature.{column}"), &[]);
    let value = match value {
        None => i18n.text(lang, "risk.value_unknown", &[]),
        Some(v) => match column {
            "sector" => app
                .catalogs
                .scian_sector(v)
                .map(|s| s.name.clone())
                .unwrap_or_else(|| v.to_string()),
            "state" => v
                .parse::<faro_core::StateCode>()
                .ok()
                .and_then(|c| app.catalogs.state(c).map(|s| s.name.clone()))
                .unwrap_or_else(|| v.to_string()),
            "size_band" => v
                .parse::<f64>()
                .ok()
                .and_then(|i| faro_core::registry::SizeBand::ALL.get(i as usize))
                .map(|b| format!("{} {}", b.code(), i18n.text(lang, "risk.persons", &[])))
                .unwrap_or_else(|| v.to_string()),
            "wp_last_visit_had_findings" | "complaint" => {
                let yes = v.parse::<f64>().map(|x| x > 0.5).unwrap_or(false);
                i18n.text(lang, if yes { "common.yes" } else { "common.no" }, &[])
            }
            "state_child_labor_rate" => v
                .parse::<f64>()
                .map(|x| format!("{:.1}%", x * 100.0))
                .unwrap_or_else(|_| v.to_string()),
            _ => match v.parse::<f64>() {
                Ok(x) if x.fract().abs() < 1e-9 => format!("{}", x as i64),
                Ok(x) => format!("{x:.1}"),
                Err(_) => v.to_string(),
            },
        },
    };
    format!("{label}: {value}")
}
