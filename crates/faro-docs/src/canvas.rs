//! One page's content stream, drawn in a top-down coordinate system (y grows downwards from the
//! top edge, as the layout thinks) and written in PDF's bottom-up one.

use std::fmt::Write;

use crate::metrics::Font;

/// The drawing operators of one page, as the bytes of its content stream.
#[derive(Debug, Clone)]
pub struct Canvas {
    page_height: f64,
    ops: String,
}

impl Canvas {
    pub fn new(page_height: f64) -> Self {
        Self {
            page_height,
            ops: String::new(),
        }
    }

    /// Text (WinAnsi bytes) in black with its baseline at `baseline` from the top.
    pub fn text(&mut self, x: f64, baseline: f64, font: Font, size: f64, text: &[u8]) {
        if text.is_empty() {
            return;
        }
        let _ = writeln!(
            self.ops,
            "BT /{} {} Tf {} {} Td ({}) Tj ET",
            font.resource(),
            num(size),
            num(x),
            num(self.page_height - baseline),
            escape(text)
        );
    }

    /// Filled rectangles `(x, top, width, height)` in one shade of grey (0 black, 1 white).
    pub fn fill_rects(&mut self, rects: &[(f64, f64, f64, f64)], gray: f64) {
        if rects.is_empty() {
            return;
        }
        let _ = writeln!(self.ops, "q {} g", num(gray));
        for &(x, top, width, height) in rects {
            let _ = writeln!(
                self.ops,
                "{} {} {} {} re",
                num(x),
                num(self.page_height - top - height),
                num(width),
                num(height)
            );
        }
        let _ = writeln!(self.ops, "f Q");
    }

    /// A horizontal rule from `x1` to `x2` at `y` from the top.
    pub fn hline(&mut self, x1: f64, x2: f64, y: f64, line_width: f64, gray: f64) {
        let y = num(self.page_height - y);
        let _ = writeln!(
            self.ops,
            "q {} G {} w {} {} m {} {} l S Q",
            num(gray),
            num(line_width),
            num(x1),
            y,
            num(x2),
            y
        );
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.ops.into_bytes()
    }
}

/// A number as PDF writes it: at most two decimals, no trailing zeros, never "-0".
pub fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// The inside of a PDF literal string: `(`, `)` and `\` escaped, and every byte outside printable
/// ASCII as a three-digit octal escape, so content streams stay ASCII.
pub fn escape(text: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(0.004), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-3.25), "-3.25");
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(escape(b"a(b)c\\d"), "a\\(b\\)c\\\\d");
        assert_eq!(escape(&[0xe1, b'x', 0x97]), "\\341x\\227");
    }

    #[test]
    fn coordinates_are_flipped() {
        let mut c = Canvas::new(792.0);
        c.text(56.0, 100.0, Font::Bold, 10.0, b"Hola");
        c.fill_rects(&[(10.0, 20.0, 5.0, 2.0)], 0.0);
        c.hline(0.0, 100.0, 792.0, 0.5, 0.5);
        let ops = String::from_utf8(c.into_bytes()).unwrap();
        assert!(ops.contains("BT /F2 10 Tf 56 692 Td (Hola) Tj ET"), "{ops}");
        assert!(ops.contains("10 770 5 2 re"), "{ops}");
        assert!(ops.contains("0 0 m 100 0 l S"), "{ops}");
    }
}
