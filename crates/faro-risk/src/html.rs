//! The report as one self-contained HTML page: inline CSS and SVG, no scripts, no external
//! resources, every value from the data escaped, every word from the locale files.

use std::fmt::Write;

use crate::encode::Exclusion;
use crate::i18n::{t, Lang};
use crate::metrics::CalibrationBin;
use crate::model::{ModelMetrics, TimeWindow};
use crate::report::{HitRate, Report};
use crate::scorer::{Scorer, ScorerDecision, ScorerReason};
use crate::split::SplitKind;
use crate::svg::{bar_chart, escape, hbar_chart, line_chart, Line};
use crate::table::ColumnKind;

/// Most values shown per group column.
const MAX_GROUP_ROWS: usize = 50;

const MODEL_COLOR: &str = "#0b6e4f";
const BASELINE_COLOR: &str = "#3c6ecf";
const RANDOM_COLOR: &str = "#999999";
const LARGEST_COLOR: &str = "#d9822b";

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0 auto;max-width:1000px;padding:1.5rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #0b6e4f;padding-bottom:.2rem}\
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .55rem;text-align:left}\
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f1f5f3}.note{color:#555;font-size:.88rem}\
.warn{background:#fff4e0;border-left:4px solid #d9822b;padding:.5rem .8rem}.cards{display:flex;flex-wrap:wrap;gap:.8rem}\
.card{border:1px solid #ccc;border-radius:6px;padding:.5rem .9rem;min-width:8rem}.card b{display:block;font-size:1.3rem}\
svg.chart{max-width:100%;height:auto;display:block;margin:.6rem 0}code{font-size:.85rem;word-break:break-all}";

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.decimals$}"))
}

fn ratio(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}×"))
}

fn kind_word(lang: Lang, kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Numeric => t(lang, "risk.kind.numeric"),
        ColumnKind::Date => t(lang, "risk.kind.date"),
        ColumnKind::Categorical => t(lang, "risk.kind.categorical"),
    }
}

fn exclusion_text(lang: Lang, reason: &Exclusion) -> String {
    match reason {
        Exclusion::Target => t(lang, "risk.excluded.target").to_owned(),
        Exclusion::Time => t(lang, "risk.excluded.time").to_owned(),
        Exclusion::Id => t(lang, "risk.excluded.id").to_owned(),
        Exclusion::Selection => t(lang, "risk.excluded.selection").to_owned(),
        Exclusion::Ignored => t(lang, "risk.excluded.ignored").to_owned(),
        Exclusion::IdentifierLike { distinct } => {
            t(lang, "risk.excluded.identifier_like").replace("{distinct}", &distinct.to_string())
        }
        Exclusion::Constant => t(lang, "risk.excluded.constant").to_owned(),
        Exclusion::AllMissing => t(lang, "risk.excluded.all_missing").to_owned(),
    }
}

fn window(w: &Option<TimeWindow>) -> String {
    w.as_ref().map_or_else(
        || "—".to_owned(),
        |w| format!("{} – {}", escape(&w.start), escape(&w.end)),
    )
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if i == 0 {
            let _ = write!(out, "<td>{c}</td>");
        } else {
            let _ = write!(out, "<td class=\"n\">{c}</td>");
        }
    }
    out.push_str("</tr>");
}

fn head(out: &mut String, cells: &[&str]) {
    out.push_str("<tr>");
    for c in cells {
        let _ = write!(out, "<th>{}</th>", escape(c));
    }
    out.push_str("</tr>");
}

fn metric_rows(out: &mut String, lang: Lang, model: &ModelMetrics, baseline: &ModelMetrics) {
    head(
        out,
        &[t(lang, "risk.metric"), t(lang, "risk.model"), t(lang, "risk.baseline")],
    );
    row(
        out,
        &[t(lang, "risk.auc").to_owned(), num(model.auc, 3), num(baseline.auc, 3)],
    );
    row(
        out,
        &[
            t(lang, "risk.brier").to_owned(),
            num(model.brier, 4),
            num(baseline.brier, 4),
        ],
    );
    row(
        out,
        &[
            t(lang, "risk.log_loss").to_owned(),
            num(model.log_loss, 4),
            num(baseline.log_loss, 4),
        ],
    );
    row(
        out,
        &[
            t(lang, "risk.precision_at_10").to_owned(),
            pct(model.precision_at_10),
            pct(baseline.precision_at_10),
        ],
    );
    row(
        out,
        &[
            t(lang, "risk.lift_at_10").to_owned(),
            ratio(model.lift_at_10),
            ratio(baseline.lift_at_10),
        ],
    );
}

fn calibration_points(bins: &[CalibrationBin]) -> Vec<(f64, f64)> {
    bins.iter()
        .filter_map(|b| Some((b.mean_predicted?, b.observed?)))
        .collect()
}

fn hit_rate_row(out: &mut String, label: &str, h: &HitRate) {
    let interval = match (h.low, h.high) {
        (Some(lo), Some(hi)) => format!("{} – {}", pct(Some(lo)), pct(Some(hi))),
        _ => "—".to_owned(),
    };
    row(
        out,
        &[
            escape(label),
            h.rows.to_string(),
            h.positives.to_string(),
            pct(h.rate),
            interval,
        ],
    );
}

impl Report {
    /// The report as one self-contained HTML page in `lang`.
    pub fn to_html(&self, lang: Lang) -> String {
        let mut out = String::with_capacity(64 * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body>",
            lang.tag(),
            escape(t(lang, "risk.title"))
        );
        let _ = write!(
            out,
            "<h1>{}</h1><p class=\"note\">{}</p>",
            escape(t(lang, "risk.title")),
            escape(t(lang, "risk.subtitle"))
        );
        let _ = write!(
            out,
            "<p>{}: <b>{}</b> · {}: {} · {}: {} · {}: {}</p>",
            escape(t(lang, "risk.target")),
            escape(&self.target),
            escape(t(lang, "risk.created")),
            escape(&self.created_at.format("%Y-%m-%d %H:%M UTC").to_string()),
            escape(t(lang, "risk.trees")),
            self.trees,
            escape(t(lang, "risk.calibrator")),
            escape(t(lang, &format!("risk.calibrator.{}", self.calibrator)))
        );
        if let Some(decision) = &self.scorer {
            let _ = write!(out, "<p>{}</p>", escape(&scorer_sentence(lang, decision)));
        }
        self.summary(&mut out, lang);
        self.metrics_section(&mut out, lang);
        self.at_k_section(&mut out, lang);
        self.gain_section(&mut out, lang);
        self.calibration_section(&mut out, lang);
        self.selection_section(&mut out, lang);
        self.groups_section(&mut out, lang);
        self.importance_section(&mut out, lang);
        self.split_section(&mut out, lang);
        self.dataset_section(&mut out, lang);
        let _ = write!(
            out,
            "<p class=\"note\">{}: <code>{}</code></p></body></html>",
            escape(t(lang, "risk.fingerprint")),
            escape(&self.dataset.fingerprint)
        );
        out
    }

    fn summary(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2><div class=\"cards\">", escape(t(lang, "risk.summary")));
        let cards = [
            (t(lang, "risk.rows"), self.dataset.rows.to_string()),
            (t(lang, "risk.positives"), self.dataset.positives.to_string()),
            (t(lang, "risk.base_rate"), pct(self.dataset.base_rate)),
            (t(lang, "risk.test_rows"), self.split.test_rows.to_string()),
            (t(lang, "risk.auc"), num(self.model.auc, 3)),
            (t(lang, "risk.precision_at_10"), pct(self.model.precision_at_10)),
        ];
        for (label, value) in cards {
            let _ = write!(
                out,
                "<div class=\"card\">{}<b>{}</b></div>",
                escape(label),
                escape(&value)
            );
        }
        out.push_str("</div>");
    }

    fn metrics_section(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2><table>", escape(t(lang, "risk.metrics")));
        metric_rows(out, lang, &self.model, &self.baseline);
        let _ = write!(
            out,
            "</table><p class=\"note\">{}</p>",
            escape(t(lang, "risk.metrics.note"))
        );
    }

    fn at_k_section(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2>", escape(t(lang, "risk.at_k")));
        let has_size = self.at_k.iter().any(|a| a.largest_first.is_some());
        let categories: Vec<String> = self
            .at_k
            .iter()
            .map(|a| format!("{:.0}%", a.fraction * 100.0))
            .collect();
        let mut series = vec![
            (t(lang, "risk.model").to_owned(), MODEL_COLOR),
            (t(lang, "risk.baseline").to_owned(), BASELINE_COLOR),
            (t(lang, "risk.random").to_owned(), RANDOM_COLOR),
        ];
        let mut values = vec![
            self.at_k.iter().map(|a| a.model).collect::<Vec<_>>(),
            self.at_k.iter().map(|a| a.baseline).collect(),
            self.at_k.iter().map(|a| a.random).collect(),
        ];
        if has_size {
            series.push((t(lang, "risk.largest_first").to_owned(), LARGEST_COLOR));
            values.push(self.at_k.iter().map(|a| a.largest_first).collect());
        }
        out.push_str(&bar_chart(
            t(lang, "risk.at_k"),
            t(lang, "risk.precision"),
            &categories,
            &series,
            &values,
        ));
        out.push_str("<table>");
        let mut header = vec![
            t(lang, "risk.inspected"),
            t(lang, "risk.model"),
            t(lang, "risk.baseline"),
            t(lang, "risk.random"),
        ];
        if has_size {
            header.push(t(lang, "risk.largest_first"));
        }
        header.push(t(lang, "risk.lift_vs_random"));
        if has_size {
            header.push(t(lang, "risk.lift_vs_largest"));
        }
        head(out, &header);
        for a in &self.at_k {
            let mut cells = vec![
                format!("{:.0}% ({})", a.fraction * 100.0, a.k),
                pct(a.model),
                pct(a.baseline),
                pct(a.random),
            ];
            if has_size {
                cells.push(pct(a.largest_first));
            }
            cells.push(ratio(a.lift_vs_random));
            if has_size {
                cells.push(ratio(a.lift_vs_largest));
            }
            row(out, &cells);
        }
        let _ = write!(
            out,
            "</table><p class=\"note\">{}</p>",
            escape(t(lang, "risk.at_k.note"))
        );
    }

    fn gain_section(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2>", escape(t(lang, "risk.gain")));
        let curve =
            |ys: &[f64]| -> Vec<(f64, f64)> { self.gain.fractions.iter().copied().zip(ys.iter().copied()).collect() };
        let mut lines = vec![
            Line {
                label: t(lang, "risk.model").to_owned(),
                color: MODEL_COLOR,
                points: curve(&self.gain.model),
                dashed: false,
                markers: false,
            },
            Line {
                label: t(lang, "risk.baseline").to_owned(),
                color: BASELINE_COLOR,
                points: curve(&self.gain.baseline),
                dashed: false,
                markers: false,
            },
            Line {
                label: t(lang, "risk.random").to_owned(),
                color: RANDOM_COLOR,
                points: vec![(0.0, 0.0), (1.0, 1.0)],
                dashed: true,
                markers: false,
            },
        ];
        if let Some(largest) = &self.gain.largest_first {
            lines.push(Line {
                label: t(lang, "risk.largest_first").to_owned(),
                color: LARGEST_COLOR,
                points: curve(largest),
                dashed: false,
                markers: false,
            });
        }
        out.push_str(&line_chart(
            t(lang, "risk.gain"),
            t(lang, "risk.gain.x"),
            t(lang, "risk.gain.y"),
            &lines,
        ));
    }

    fn calibration_section(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2>", escape(t(lang, "risk.calibration")));
        let lines = vec![
            Line {
                label: t(lang, "risk.calibration.perfect").to_owned(),
                color: RANDOM_COLOR,
                points: vec![(0.0, 0.0), (1.0, 1.0)],
                dashed: true,
                markers: false,
            },
            Line {
                label: t(lang, "risk.model").to_owned(),
                color: MODEL_COLOR,
                points: calibration_points(&self.calibration),
                dashed: false,
                markers: true,
            },
            Line {
                label: t(lang, "risk.baseline").to_owned(),
                color: BASELINE_COLOR,
                points: calibration_points(&self.baseline_calibration),
                dashed: false,
                markers: true,
            },
        ];
        out.push_str(&line_chart(
            t(lang, "risk.calibration"),
            t(lang, "risk.calibration.x"),
            t(lang, "risk.calibration.y"),
            &lines,
        ));
        let _ = write!(
            out,
            "<p>{}: <b>{}</b></p><table>",
            escape(t(lang, "risk.calibration.error")),
            num(self.calibration_error, 4)
        );
        head(
            out,
            &[
                t(lang, "risk.bin"),
                t(lang, "risk.count"),
                t(lang, "risk.mean_predicted"),
                t(lang, "risk.observed"),
            ],
        );
        for b in self.calibration.iter().filter(|b| b.count > 0) {
            row(
                out,
                &[
                    format!("{:.0}–{:.0}%", b.lower * 100.0, b.upper * 100.0),
                    b.count.to_string(),
                    pct(b.mean_predicted),
                    pct(b.observed),
                ],
            );
        }
        out.push_str("</table>");
    }

    fn selection_section(&self, out: &mut String, lang: Lang) {
        let Some(s) = &self.selection else { return };
        let note = t(lang, "risk.selection.note")
            .replace("{column}", &s.column)
            .replace("{value}", &s.random_value);
        let _ = write!(
            out,
            "<h2>{}</h2><p class=\"note\">{}</p><table>",
            escape(t(lang, "risk.selection")),
            escape(&note)
        );
        head(
            out,
            &[
                t(lang, "risk.selection.group"),
                t(lang, "risk.rows"),
                t(lang, "risk.positives"),
                t(lang, "risk.hit_rate"),
                t(lang, "risk.interval"),
            ],
        );
        hit_rate_row(out, t(lang, "risk.selection.random"), &s.random);
        hit_rate_row(out, t(lang, "risk.selection.targeted"), &s.targeted);
        hit_rate_row(out, t(lang, "risk.selection.model_top"), &s.model_top_10_of_random);
        out.push_str("</table><table>");
        row(out, &[escape(t(lang, "risk.auc_random")), num(s.auc_random, 3)]);
        row(out, &[escape(t(lang, "risk.auc_targeted")), num(s.auc_targeted, 3)]);
        out.push_str("</table>");
    }

    fn groups_section(&self, out: &mut String, lang: Lang) {
        if self.groups.is_empty() {
            return;
        }
        let _ = write!(out, "<h2>{}</h2>", escape(t(lang, "risk.groups")));
        for g in &self.groups {
            let _ = write!(out, "<h3>{}</h3><table>", escape(&g.column));
            head(
                out,
                &[
                    t(lang, "risk.value"),
                    t(lang, "risk.rows"),
                    t(lang, "risk.positives"),
                    t(lang, "risk.auc"),
                    t(lang, "risk.precision_at_10"),
                ],
            );
            for v in g.values.iter().take(MAX_GROUP_ROWS) {
                let value = v
                    .value
                    .as_deref()
                    .map_or_else(|| escape(t(lang, "risk.value.missing")), escape);
                row(
                    out,
                    &[
                        value,
                        v.rows.to_string(),
                        v.positives.to_string(),
                        num(v.auc, 3),
                        pct(v.precision_at_10),
                    ],
                );
            }
            out.push_str("</table>");
            if g.values.len() > MAX_GROUP_ROWS {
                let more = t(lang, "risk.groups.more")
                    .replace("{shown}", &MAX_GROUP_ROWS.to_string())
                    .replace("{total}", &g.values.len().to_string());
                let _ = write!(out, "<p class=\"note\">{}</p>", escape(&more));
            }
        }
    }

    fn importance_section(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2>", escape(t(lang, "risk.importance")));
        let items: Vec<(String, f64)> = self
            .importance
            .iter()
            .take(30)
            .map(|i| (i.column.clone(), i.mean_abs_contribution))
            .collect();
        out.push_str(&hbar_chart(t(lang, "risk.importance"), &items, MODEL_COLOR));
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(t(lang, "risk.importance.note")));
    }

    fn split_section(&self, out: &mut String, lang: Lang) {
        let s = &self.split;
        let (key, class) = match s.kind {
            SplitKind::Temporal => ("risk.split.temporal", "note"),
            SplitKind::Random => ("risk.split.random", "warn"),
            SplitKind::Evaluation => ("risk.split.evaluation", "note"),
        };
        let _ = write!(
            out,
            "<h2>{}</h2><p class=\"{class}\">{}</p><table>",
            escape(t(lang, "risk.split")),
            escape(t(lang, key))
        );
        head(
            out,
            &[t(lang, "risk.part"), t(lang, "risk.rows"), t(lang, "risk.window")],
        );
        row(
            out,
            &[
                escape(t(lang, "risk.part.fit")),
                s.fit_rows.to_string(),
                window(&s.fit_window),
            ],
        );
        row(
            out,
            &[
                escape(t(lang, "risk.part.calibration")),
                s.calibration_rows.to_string(),
                window(&s.calibration_window),
            ],
        );
        row(
            out,
            &[
                escape(t(lang, "risk.part.test")),
                s.test_rows.to_string(),
                window(&s.test_window),
            ],
        );
        out.push_str("</table>");
    }

    fn dataset_section(&self, out: &mut String, lang: Lang) {
        let _ = write!(out, "<h2>{}</h2><table>", escape(t(lang, "risk.dataset")));
        head(
            out,
            &[
                t(lang, "risk.column"),
                t(lang, "risk.kind"),
                t(lang, "risk.missing"),
                t(lang, "risk.distinct"),
                t(lang, "risk.used"),
            ],
        );
        for c in &self.dataset.columns {
            row(
                out,
                &[
                    escape(&c.name),
                    escape(kind_word(lang, c.kind)),
                    c.missing.to_string(),
                    c.distinct.map_or_else(|| "—".to_owned(), |d| d.to_string()),
                    escape(t(lang, if c.feature { "risk.yes" } else { "risk.no" })),
                ],
            );
        }
        out.push_str("</table>");
        if !self.dataset.excluded.is_empty() {
            let _ = write!(out, "<h3>{}</h3><table>", escape(t(lang, "risk.excluded")));
            head(out, &[t(lang, "risk.column"), t(lang, "risk.reason")]);
            for e in &self.dataset.excluded {
                row(out, &[escape(&e.column), escape(&exclusion_text(lang, &e.reason))]);
            }
            out.push_str("</table>");
        }
    }
}

/// One sentence saying which model scores and why, with the validation AUCs when compared.
fn scorer_sentence(lang: Lang, decision: &ScorerDecision) -> String {
    let which = match decision.scorer {
        Scorer::Trees => t(lang, "risk.scorer.trees"),
        Scorer::Baseline => t(lang, "risk.scorer.baseline"),
    };
    let why = match decision.reason {
        ScorerReason::Requested => t(lang, "risk.scorer.requested").to_owned(),
        ScorerReason::NoTrees => t(lang, "risk.scorer.no_trees").to_owned(),
        ScorerReason::NotComparable => t(lang, "risk.scorer.not_comparable").to_owned(),
        ScorerReason::HigherValidationAuc => t(lang, "risk.scorer.validation_auc")
            .replace("{trees}", &num(decision.trees_validation_auc, 3))
            .replace("{baseline}", &num(decision.baseline_validation_auc, 3)),
    };
    format!("{}: {which}. {why}", t(lang, "risk.scorer"))
}
