//! The geometry of the dashboards' SVG charts, computed on the server (no script): horizontal bar
//! charts with one or two series, and a line chart of months. Templates draw what is computed
//! here; every chart has an accessible table of the same numbers beside it.

use serde::Serialize;

const ROW: f64 = 22.0;
const GAP: f64 = 10.0;
const LABEL_WIDTH: f64 = 220.0;
const VALUE_WIDTH: f64 = 120.0;
const WIDTH: f64 = 720.0;

/// One bar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub series: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Where its value is written, just right of the bar.
    pub text_x: f64,
    pub text_y: f64,
    pub text: String,
}

/// One row: its label and its bars (one per series).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarRow {
    pub label: String,
    pub label_y: f64,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarChart {
    pub width: f64,
    pub height: f64,
    pub label_width: f64,
    pub rows: Vec<BarRow>,
}

/// A row to draw: a label, and per series its value and the text shown for it.
pub struct RowInput {
    pub label: String,
    pub values: Vec<(i64, String)>,
}

/// The longest label a chart writes; the table beside it has the whole name.
const LABEL_CHARS: usize = 30;

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Horizontal bars, each row as tall as its series, scaled to the largest value of all.
/// Negative values draw as zero.
pub fn bars(rows: &[RowInput]) -> BarChart {
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().map(|(v, _)| *v))
        .max()
        .unwrap_or(0)
        .max(0);
    let area = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let mut y = GAP / 2.0;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let series = r.values.len().max(1) as f64;
        let row_height = ROW * series;
        let bars = r
            .values
            .iter()
            .enumerate()
            .map(|(i, (v, text))| {
                let width = if max == 0 {
                    0.0
                } else {
                    round(area * (*v).max(0) as f64 / max as f64)
                };
                let top = y + ROW * i as f64;
                Bar {
                    series: i,
                    x: LABEL_WIDTH,
                    y: round(top + 2.0),
                    width,
                    height: ROW - 4.0,
                    text_x: round(LABEL_WIDTH + width + 6.0),
                    text_y: round(top + ROW / 2.0 + 5.0),
                    text: text.clone(),
                }
            })
            .collect();
        out.push(BarRow {
            label: short(&r.label),
            label_y: round(y + row_height / 2.0 + 5.0),
            bars,
        });
        y += row_height + GAP;
    }
    BarChart {
        width: WIDTH,
        height: round(y + GAP / 2.0),
        label_width: LABEL_WIDTH - 8.0,
        rows: out,
    }
}

/// A point of a line chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineChart {
    pub width: f64,
    pub height: f64,
    /// The `points` attribute of the polyline.
    pub polyline: String,
    pub points: Vec<Point>,
    /// The baseline's height and the top's, and the top's value.
    pub base_y: f64,
    pub top_y: f64,
    pub max_text: String,
    /// Write a point's label under the axis every `label_every` points.
    pub label_every: usize,
}

const LINE_HEIGHT: f64 = 220.0;
const MARGIN_LEFT: f64 = 60.0;
const MARGIN: f64 = 20.0;
const AXIS_LABELS: f64 = 40.0;

/// A line through the values, left to right, scaled to the largest.
pub fn line(values: &[(String, i64, String)]) -> LineChart {
    let max = values.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(0);
    let base_y = LINE_HEIGHT - AXIS_LABELS;
    let top_y = MARGIN;
    let span = WIDTH - MARGIN_LEFT - MARGIN;
    let step = if values.len() > 1 {
        span / (values.len() - 1) as f64
    } else {
        0.0
    };
    let points: Vec<Point> = values
        .iter()
        .enumerate()
        .map(|(i, (label, v, text))| {
            let share = if max == 0 { 0.0 } else { (*v).max(0) as f64 / max as f64 };
            Point {
                x: round(MARGIN_LEFT + step * i as f64 + if values.len() == 1 { span / 2.0 } else { 0.0 }),
                y: round(base_y - (base_y - top_y) * share),
                label: label.clone(),
                text: text.clone(),
            }
        })
        .collect();
    let polyline = points
        .iter()
        .map(|p| format!("{},{}", p.x, p.y))
        .collect::<Vec<_>>()
        .join(" ");
    LineChart {
        width: WIDTH,
        height: LINE_HEIGHT,
        polyline,
        label_every: values.len().div_ceil(12).max(1),
        points,
        base_y,
        top_y,
        max_text: max.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, values: &[i64]) -> RowInput {
        RowInput {
            label: label.into(),
            values: values.iter().map(|v| (*v, v.to_string())).collect(),
        }
    }

    #[test]
    fn the_largest_bar_fills_the_area_and_others_are_proportional() {
        let c = bars(&[row("a", &[10]), row("b", &[5]), row("c", &[0]), row("d", &[-3])]);
        let area = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        let widths: Vec<f64> = c.rows.iter().map(|r| r.bars[0].width).collect();
        assert_eq!(widths, vec![area, area / 2.0, 0.0, 0.0]);
        // Rows do not overlap, and the chart is as tall as its rows.
        for pair in c.rows.windows(2) {
            assert!(pair[1].bars[0].y >= pair[0].bars[0].y + pair[0].bars[0].height);
        }
        assert!(c.height > c.rows[3].bars[0].y + c.rows[3].bars[0].height);
        assert!(c.rows[0].bars[0].text_x > LABEL_WIDTH + area);
    }

    #[test]
    fn two_series_share_one_scale_and_stack_in_the_row() {
        let c = bars(&[row("2025", &[200, 50]), row("2026", &[100, 100])]);
        let area = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        assert_eq!(c.rows[0].bars[0].width, area);
        assert_eq!(c.rows[0].bars[1].width, area / 4.0);
        assert_eq!(c.rows[1].bars[1].width, area / 2.0);
        assert_eq!(c.rows[0].bars[1].series, 1);
        assert!(c.rows[0].bars[1].y > c.rows[0].bars[0].y);
        assert!(bars(&[]).rows.is_empty());
        let long = bars(&[row("Comercio al por menor de abarrotes y alimentos", &[1])]);
        assert_eq!(long.rows[0].label.chars().count(), LABEL_CHARS);
        assert!(long.rows[0].label.ends_with('…'));
        assert!(bars(&[row("z", &[0, 0])]).rows[0].bars.iter().all(|b| b.width == 0.0));
    }

    #[test]
    fn the_line_goes_left_to_right_and_peaks_at_the_top() {
        let v = vec![
            ("2026-01".to_string(), 0, "0".to_string()),
            ("2026-02".to_string(), 4, "4".to_string()),
            ("2026-03".to_string(), 2, "2".to_string()),
        ];
        let c = line(&v);
        assert!(c.points.windows(2).all(|p| p[0].x < p[1].x));
        assert_eq!(c.points[0].y, c.base_y);
        assert_eq!(c.points[1].y, c.top_y);
        assert_eq!(c.points[2].y, round((c.base_y + c.top_y) / 2.0));
        assert_eq!(c.polyline.split(' ').count(), 3);
        assert_eq!(c.max_text, "4");
        let one = line(&v[..1]);
        assert_eq!(one.points.len(), 1);
        assert_eq!(one.points[0].y, one.base_y, "all zero: flat on the base");
        let many: Vec<_> = (0..36).map(|i| (i.to_string(), i, i.to_string())).collect();
        assert_eq!(line(&many).label_every, 3);
    }
}
