//! Glyph widths of the two standard fonts used, from Adobe's Core 14 AFM files, in thousandths
//! of the font size, indexed by WinAnsi code minus 32.

/// Helvetica, codes 32..=255.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350,
    556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,
    350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold, codes 32..=255.
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 350,
    556, 350, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,
    350, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 350, 500, 667,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

/// One of the two fonts a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    /// The name of the font in the pages' resources.
    pub fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    /// The standard font's PostScript name.
    pub fn base_font(self) -> &'static str {
        match self {
            Font::Regular => "Helvetica",
            Font::Bold => "Helvetica-Bold",
        }
    }

    /// Width of one WinAnsi byte in thousandths of the font size. Control bytes, which are never
    /// drawn, count as nothing.
    pub fn glyph_width(self, byte: u8) -> u16 {
        let table = match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        };
        byte.checked_sub(32)
            .and_then(|i| table.get(usize::from(i)))
            .copied()
            .unwrap_or(0)
    }

    /// Width of `text` (WinAnsi bytes) in thousandths of the font size: exact, so that wrapping
    /// decisions do not depend on rounding.
    pub fn units(self, text: &[u8]) -> u32 {
        text.iter().map(|&b| u32::from(self.glyph_width(b))).sum()
    }

    /// Width in points of `text` (WinAnsi bytes) set at `size` points.
    pub fn width(self, text: &[u8], size: f64) -> f64 {
        f64::from(self.units(text)) * size / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::winansi::encode;

    #[test]
    fn widths_match_the_afm_files() {
        // Values straight from Helvetica.afm and Helvetica-Bold.afm.
        assert_eq!(Font::Regular.glyph_width(b' '), 278);
        assert_eq!(Font::Regular.glyph_width(b'@'), 1015);
        assert_eq!(Font::Regular.glyph_width(b'i'), 222);
        assert_eq!(Font::Regular.glyph_width(b'm'), 833);
        assert_eq!(Font::Bold.glyph_width(b'i'), 278);
        assert_eq!(Font::Bold.glyph_width(b'@'), 975);
        // Accented letters are as wide as their base letter; ñ too.
        assert_eq!(Font::Regular.glyph_width(0xe1), Font::Regular.glyph_width(b'a'));
        assert_eq!(Font::Regular.glyph_width(0xf1), Font::Regular.glyph_width(b'n'));
        assert_eq!(Font::Bold.glyph_width(0xd1), Font::Bold.glyph_width(b'N'));
        // Em dash and ellipsis are a full em.
        assert_eq!(Font::Regular.glyph_width(0x97), 1000);
        assert_eq!(Font::Regular.glyph_width(0x85), 1000);
        assert_eq!(Font::Regular.glyph_width(0xff), 500);
    }

    #[test]
    fn width_of_a_word_by_hand() {
        // "Año" in Helvetica 10 pt: A 667 + ñ 556 + o 556 = 1779 -> 17.79 pt.
        let w = Font::Regular.width(&encode("Año"), 10.0);
        assert!((w - 17.79).abs() < 1e-9, "{w}");
        // Bold "Año": 722 + 611 + 611 = 1944 -> 19.44 pt.
        let w = Font::Bold.width(&encode("Año"), 10.0);
        assert!((w - 19.44).abs() < 1e-9, "{w}");
    }

    #[test]
    fn control_bytes_have_no_width() {
        assert_eq!(Font::Regular.glyph_width(b'\n'), 0);
    }
}
