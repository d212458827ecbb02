//! Small inline SVG charts for the HTML report: no scripts, no external resources, every text
//! escaped.

use std::fmt::Write;

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A line of a line chart, in data coordinates within [0, 1] x [0, 1].
#[derive(Debug, Clone)]
pub struct Line {
    /// Legend text.
    pub label: String,
    /// CSS color.
    pub color: &'static str,
    /// Points in order.
    pub points: Vec<(f64, f64)>,
    /// Dashed stroke.
    pub dashed: bool,
    /// Circles on the points.
    pub markers: bool,
}

const W: f64 = 560.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 540.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 286.0;

fn header(out: &mut String, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {height}" width="{W}" height="{height}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title>"#,
        t = escape(title)
    );
}

fn legend(out: &mut String, items: &[(String, &str, bool)], y: f64) {
    let mut x = LEFT;
    let mut row_y = y;
    for (label, color, dashed) in items {
        let width = 34.0 + 7.0 * label.chars().count() as f64;
        if x + width > W && x > LEFT {
            x = LEFT;
            row_y += 18.0;
        }
        let dash = if *dashed { r#" stroke-dasharray="5 4""# } else { "" };
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{ly}" x2="{x2}" y2="{ly}" stroke="{color}" stroke-width="3"{dash}/><text x="{tx}" y="{ty}" font-size="12">{label}</text>"#,
            ly = row_y - 4.0,
            x2 = x + 22.0,
            tx = x + 28.0,
            ty = row_y,
            label = escape(label)
        );
        x += width;
    }
}

fn axes(out: &mut String, x_label: &str, y_label: &str, y_max: f64, y_percent: bool) {
    for i in 0..=4 {
        let f = f64::from(i) / 4.0;
        let y = BOTTOM - f * (BOTTOM - TOP);
        let x = LEFT + f * (RIGHT - LEFT);
        let y_value = f * y_max;
        let y_text = if y_percent {
            format!("{:.0}%", y_value * 100.0)
        } else {
            format!("{y_value:.2}")
        };
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{y}" x2="{RIGHT}" y2="{y}" stroke="#ddd"/><text x="{lx}" y="{ty}" font-size="11" text-anchor="end">{y_text}</text><text x="{x}" y="{bx}" font-size="11" text-anchor="middle">{xp:.0}%</text>"##,
            lx = LEFT - 6.0,
            ty = y + 4.0,
            bx = BOTTOM + 16.0,
            xp = f * 100.0
        );
    }
    let _ = write!(
        out,
        r##"<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="#333"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BOTTOM}" stroke="#333"/><text x="{cx}" y="{xl}" font-size="12" text-anchor="middle">{x_label}</text><text x="14" y="{cy}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {cy})">{y_label}</text>"##,
        cx = (LEFT + RIGHT) / 2.0,
        xl = BOTTOM + 34.0,
        cy = (TOP + BOTTOM) / 2.0,
        x_label = escape(x_label),
        y_label = escape(y_label)
    );
}

fn px(x: f64) -> f64 {
    LEFT + x.clamp(0.0, 1.0) * (RIGHT - LEFT)
}

fn py(y: f64, y_max: f64) -> f64 {
    BOTTOM - (y / y_max).clamp(0.0, 1.0) * (BOTTOM - TOP)
}

/// A line chart over [0, 1] x [0, 1] with percent axes.
pub fn line_chart(title: &str, x_label: &str, y_label: &str, lines: &[Line]) -> String {
    let mut out = String::new();
    header(&mut out, title, 360.0);
    axes(&mut out, x_label, y_label, 1.0, true);
    for line in lines {
        let points: Vec<String> = line
            .points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y, 1.0)))
            .collect();
        let dash = if line.dashed { r#" stroke-dasharray="5 4""# } else { "" };
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{}" stroke-width="2.5"{dash} points="{}"/>"#,
            line.color,
            points.join(" ")
        );
        if line.markers {
            for &(x, y) in line.points.iter().filter(|(x, y)| x.is_finite() && y.is_finite()) {
                let _ = write!(
                    out,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{}"/>"#,
                    px(x),
                    py(y, 1.0),
                    line.color
                );
            }
        }
    }
    let items: Vec<(String, &str, bool)> = lines.iter().map(|l| (l.label.clone(), l.color, l.dashed)).collect();
    legend(&mut out, &items, 340.0);
    out.push_str("</svg>");
    out
}

/// A grouped bar chart: `values[s][c]` is series `s` at category `c`; missing values are gaps.
pub fn bar_chart(
    title: &str,
    y_label: &str,
    categories: &[String],
    series: &[(String, &'static str)],
    values: &[Vec<Option<f64>>],
) -> String {
    let mut out = String::new();
    header(&mut out, title, 360.0);
    let top = values.iter().flatten().flatten().fold(0.0f64, |a, &b| a.max(b));
    let y_max = ((top * 1.1 * 10.0).ceil() / 10.0).clamp(0.1, 1.0);
    axes(&mut out, "", y_label, y_max, true);
    // Cover the x-axis percent labels of `axes`: categories replace them.
    let _ = write!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="20" fill="#fff"/>"##,
        LEFT - 20.0,
        BOTTOM + 2.0,
        RIGHT - LEFT + 40.0
    );
    let n_cat = categories.len().max(1) as f64;
    let slot = (RIGHT - LEFT) / n_cat;
    let bar = (slot * 0.8) / series.len().max(1) as f64;
    for (c, category) in categories.iter().enumerate() {
        let x0 = LEFT + slot * c as f64 + slot * 0.1;
        for (s, (_, color)) in series.iter().enumerate() {
            if let Some(v) = values.get(s).and_then(|v| v.get(c)).copied().flatten() {
                let y = py(v, y_max);
                let _ = write!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{:.1}%</title></rect>"#,
                    x0 + bar * s as f64,
                    y,
                    (bar - 2.0).max(1.0),
                    BOTTOM - y,
                    v * 100.0
                );
            }
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{}" font-size="12" text-anchor="middle">{}</text>"#,
            LEFT + slot * (c as f64 + 0.5),
            BOTTOM + 16.0,
            escape(category)
        );
    }
    let items: Vec<(String, &str, bool)> = series.iter().map(|(l, c)| (l.clone(), *c, false)).collect();
    legend(&mut out, &items, 340.0);
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one per item, scaled to the largest value.
pub fn hbar_chart(title: &str, items: &[(String, f64)], color: &'static str) -> String {
    let mut out = String::new();
    let height = 20.0 + 22.0 * items.len() as f64;
    header(&mut out, title, height);
    let max = items.iter().map(|i| i.1).fold(0.0f64, f64::max);
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 10.0 + 22.0 * i as f64;
        let width = if max > 0.0 { 300.0 * value / max } else { 0.0 };
        let _ = write!(
            out,
            r#"<text x="190" y="{ty}" font-size="12" text-anchor="end">{label}</text><rect x="198" y="{y}" width="{width:.1}" height="16" fill="{color}"/><text x="{vx:.1}" y="{ty}" font-size="11">{value:.3}</text>"#,
            ty = y + 12.0,
            label = escape(label),
            vx = 204.0 + width
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn charts_escape_labels_and_close() {
        let l = Line {
            label: "<b>".into(),
            color: "#000",
            points: vec![(0.0, 0.0), (1.0, 1.0)],
            dashed: true,
            markers: true,
        };
        let svg = line_chart("t<", "x", "y", &[l]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        let svg = bar_chart("b", "y", &["1%".into()], &[("m".into(), "#111")], &[vec![Some(0.5)]]);
        assert!(svg.contains("<rect") && svg.contains("50.0%"));
        let svg = hbar_chart("h", &[("a&b".into(), 1.0)], "#222");
        assert!(svg.contains("a&amp;b"));
    }
}
