//! The QR code of the verification URL, drawn as filled rectangles (no image).

use qrcode::{Color, EcLevel, QrCode};

use crate::canvas::Canvas;
use crate::error::DocError;

/// Light modules left around the symbol, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// The modules of a QR code, row by row; `true` is dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `data` with error correction level M (15 % of the symbol may be damaged).
    pub fn encode(data: &str) -> Result<Self, DocError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| DocError::QrCode { detail: e.to_string() })?;
        Ok(Self {
            width: code.width(),
            dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect(),
        })
    }

    /// Modules per side (without the quiet zone).
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn is_dark(&self, row: usize, col: usize) -> bool {
        col < self.width && self.dark.get(row * self.width + col).copied().unwrap_or(false)
    }

    /// Horizontal runs of dark modules as `(row, first column, length)`: one rectangle per run
    /// keeps the page small.
    pub fn runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if self.is_dark(row, col) {
                    let start = col;
                    while col < self.width && self.is_dark(row, col) {
                        col += 1;
                    }
                    runs.push((row, start, col - start));
                } else {
                    col += 1;
                }
            }
        }
        runs
    }

    /// Draws the symbol, quiet zone included, in the square of side `size` whose top-left corner
    /// is at (`x`, `top`).
    pub fn draw(&self, canvas: &mut Canvas, x: f64, top: f64, size: f64) {
        let modules = (self.width() + 2 * QUIET_ZONE) as f64;
        let m = size / modules;
        let rects: Vec<_> = self
            .runs()
            .into_iter()
            .map(|(row, col, len)| {
                (
                    x + (QUIET_ZONE + col) as f64 * m,
                    top + (QUIET_ZONE + row) as f64 * m,
                    len as f64 * m,
                    m,
                )
            })
            .collect();
        canvas.fill_rects(&rects, 0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://faro.example/verify?code=B2Y5-T6NT-9X39";

    #[test]
    fn a_verification_url_fits_a_small_symbol() {
        let qr = QrMatrix::encode(URL).unwrap();
        // 47 bytes at level M need version 4: 17 + 4 * 4 = 33 modules.
        assert_eq!(URL.len(), 47);
        assert_eq!(qr.width(), 33);
    }

    #[test]
    fn finder_patterns_are_in_the_corners() {
        let qr = QrMatrix::encode(URL).unwrap();
        let w = qr.width();
        for (r0, c0) in [(0, 0), (0, w - 7), (w - 7, 0)] {
            // The 7x7 finder: a dark ring, a light ring, a dark 3x3 centre.
            for i in 0..7 {
                assert!(qr.is_dark(r0, c0 + i) && qr.is_dark(r0 + 6, c0 + i));
                assert!(qr.is_dark(r0 + i, c0) && qr.is_dark(r0 + i, c0 + 6));
            }
            assert!(!qr.is_dark(r0 + 1, c0 + 1));
            assert!(qr.is_dark(r0 + 3, c0 + 3));
        }
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let qr = QrMatrix::encode(URL).unwrap();
        let w = qr.width();
        let mut covered = vec![false; w * w];
        for (row, col, len) in qr.runs() {
            for c in col..col + len {
                assert!(!covered[row * w + c]);
                covered[row * w + c] = true;
            }
        }
        for row in 0..w {
            for col in 0..w {
                assert_eq!(covered[row * w + col], qr.is_dark(row, col));
            }
        }
    }

    #[test]
    fn too_much_data_is_an_error() {
        let long = "x".repeat(3000);
        let err = QrMatrix::encode(&long).unwrap_err();
        assert_eq!(err.code(), "docs.qr_code");
    }

    #[test]
    fn drawing_uses_one_rectangle_per_run() {
        let qr = QrMatrix::encode(URL).unwrap();
        let mut canvas = Canvas::new(792.0);
        qr.draw(&mut canvas, 0.0, 0.0, 82.0);
        let ops = String::from_utf8(canvas.into_bytes()).unwrap();
        assert_eq!(ops.matches(" re\n").count(), qr.runs().len());
        // Module size is 82 / (33 + 8) = 2 pt; the top-left finder starts after the quiet zone.
        assert!(ops.contains("8 782 14 2 re"), "{ops}");
    }
}
