//! Greedy word wrapping of WinAnsi text by the fonts' glyph widths.

use crate::metrics::Font;
use crate::winansi::NEWLINE;

/// Breaks `text` (WinAnsi bytes) into lines no wider than `max_width` points at `size` points.
///
/// Lines break at spaces and at `\n`; runs of spaces collapse to one. A word wider than the line
/// is cut between letters (every line holds at least one letter, however narrow the column). An
/// empty text, or an empty line between two `\n`, gives an empty line.
pub fn wrap(text: &[u8], font: Font, size: f64, max_width: f64) -> Vec<Vec<u8>> {
    // Compare in the font's integer units: sums are exact.
    // (A hair of tolerance: a width measured from the same text must fit exactly.)
    let max = (max_width * 1000.0 / size).max(0.0) + 1e-6;
    let fits = |units: u32| f64::from(units) <= max;
    let space = font.units(b" ");
    let mut lines = Vec::new();
    for hard_line in text.split(|&b| b == NEWLINE) {
        let mut current: Vec<u8> = Vec::new();
        let mut current_width = 0;
        for word in hard_line.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            let width = font.units(word);
            if !current.is_empty() && fits(current_width + space + width) {
                current.push(b' ');
                current.extend_from_slice(word);
                current_width += space + width;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            let mut rest = word;
            while !fits(font.units(rest)) && rest.len() > 1 {
                let cut = longest_prefix(rest, font, fits);
                lines.push(rest[..cut].to_vec());
                rest = &rest[cut..];
            }
            current = rest.to_vec();
            current_width = font.units(rest);
        }
        lines.push(current);
    }
    lines
}

/// How many leading bytes of `word` fit (at least one).
fn longest_prefix(word: &[u8], font: Font, fits: impl Fn(u32) -> bool) -> usize {
    let mut width = 0;
    for (i, &b) in word.iter().enumerate() {
        width += u32::from(font.glyph_width(b));
        if !fits(width) {
            return i.max(1);
        }
    }
    word.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::winansi::encode;
    use proptest::prelude::*;

    fn lines(text: &str, width: f64) -> Vec<String> {
        wrap(&encode(text), Font::Regular, 10.0, width)
            .into_iter()
            .map(|l| String::from_utf8_lossy(&l).into_owned())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_by_glyph_width() {
        // "uno dos" in Helvetica 10: u 5.56 n 5.56 o 5.56 = 16.68; space 2.78; d o s = 5.56+5.56+5.00
        // = 16.12. The two words together are 35.58 pt wide.
        assert_eq!(lines("uno dos", 35.6), vec!["uno dos"]);
        assert_eq!(lines("uno dos", 35.5), vec!["uno", "dos"]);
    }

    #[test]
    fn narrow_letters_fit_more() {
        // Nine i's and a space (9 x 2.22 + 2.78 = 22.76 pt) fit in 22.8 pt; m's (8.33) do not.
        assert_eq!(lines("iiiii iiii", 22.8), vec!["iiiii iiii"]);
        assert_eq!(lines("mmmmm mmmm", 22.3).len(), 5);
    }

    #[test]
    fn long_words_are_cut_between_letters() {
        assert_eq!(lines("aaaaaaaaaa", 20.0), vec!["aaa", "aaa", "aaa", "a"]);
        // Even a column narrower than one letter makes progress.
        assert_eq!(lines("abc", 1.0), vec!["a", "b", "c"]);
    }

    #[test]
    fn new_lines_and_blank_lines_are_kept() {
        assert_eq!(lines("uno\n\ndos", 100.0), vec!["uno", "", "dos"]);
        assert_eq!(lines("", 100.0), vec![""]);
        assert_eq!(lines("  uno   dos  ", 100.0), vec!["uno dos"]);
    }

    proptest! {
        #[test]
        fn lines_fit_and_keep_every_letter(text in "[a-zñá ]{0,80}", width in 1.0f64..200.0) {
            let bytes = encode(&text);
            let wrapped = wrap(&bytes, Font::Regular, 10.0, width);
            for line in &wrapped {
                prop_assert!(
                    line.len() <= 1 || Font::Regular.width(line, 10.0) <= width + 1e-9,
                    "line {:?} too wide for {}", line, width
                );
            }
            let kept: Vec<u8> = wrapped.concat().into_iter().filter(|&b| b != b' ').collect();
            let given: Vec<u8> = bytes.into_iter().filter(|&b| b != b' ').collect();
            prop_assert_eq!(kept, given);
        }
    }
}
