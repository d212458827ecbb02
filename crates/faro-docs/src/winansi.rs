//! Text to WinAnsiEncoding bytes, the encoding of the standard Helvetica fonts in the PDF.
//!
//! Every Spanish letter and mark (á é í ó ú ü ñ Ñ ¿ ¡ « » – — “ ”) is in it. A character that is
//! not becomes `?`, except white space (any kind becomes a plain space). A letter followed by a
//! combining accent (the decomposed form some keyboards and databases produce) is composed first.

/// The byte standing for a new line; kept so that wrapping can break there.
pub const NEWLINE: u8 = b'\n';
/// What a character outside WinAnsi becomes.
pub const REPLACEMENT: u8 = b'?';

/// Encodes `text`, keeping `\n` (and turning `\r\n` into it).
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() != Some(&'\n') {
                out.push(NEWLINE);
            }
            continue;
        }
        if c == '\n' {
            out.push(NEWLINE);
            continue;
        }
        if let Some(&mark) = chars.peek() {
            if let Some(composed) = compose(c, mark) {
                chars.next();
                out.push(composed);
                continue;
            }
        }
        out.push(byte(c));
    }
    out
}

/// Encodes `text` for a single line: new lines become spaces.
pub fn encode_line(text: &str) -> Vec<u8> {
    encode(text)
        .into_iter()
        .map(|b| if b == NEWLINE { b' ' } else { b })
        .collect()
}

/// The WinAnsi byte of one character (never a control byte), or [`REPLACEMENT`].
fn byte(c: char) -> u8 {
    let code = u32::from(c);
    match code {
        0x20..=0x7e => code as u8,
        0xa0..=0xff => code as u8,
        _ if c.is_whitespace() => b' ',
        _ => special(c).unwrap_or(REPLACEMENT),
    }
}

/// The characters WinAnsi places in 0x80-0x9F (where Latin-1 has control codes).
fn special(c: char) -> Option<u8> {
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => return None,
    })
}

/// `base` followed by the combining `mark`, as one WinAnsi letter when there is one.
fn compose(base: char, mark: char) -> Option<u8> {
    let row: &[(char, char)] = match mark {
        '\u{0300}' => &[
            ('A', 'À'),
            ('E', 'È'),
            ('I', 'Ì'),
            ('O', 'Ò'),
            ('U', 'Ù'),
            ('a', 'à'),
            ('e', 'è'),
            ('i', 'ì'),
            ('o', 'ò'),
            ('u', 'ù'),
        ],
        '\u{0301}' => &[
            ('A', 'Á'),
            ('E', 'É'),
            ('I', 'Í'),
            ('O', 'Ó'),
            ('U', 'Ú'),
            ('Y', 'Ý'),
            ('a', 'á'),
            ('e', 'é'),
            ('i', 'í'),
            ('o', 'ó'),
            ('u', 'ú'),
            ('y', 'ý'),
        ],
        '\u{0302}' => &[
            ('A', 'Â'),
            ('E', 'Ê'),
            ('I', 'Î'),
            ('O', 'Ô'),
            ('U', 'Û'),
            ('a', 'â'),
            ('e', 'ê'),
            ('i', 'î'),
            ('o', 'ô'),
            ('u', 'û'),
        ],
        '\u{0303}' => &[('A', 'Ã'), ('N', 'Ñ'), ('O', 'Õ'), ('a', 'ã'), ('n', 'ñ'), ('o', 'õ')],
        '\u{0308}' => &[
            ('A', 'Ä'),
            ('E', 'Ë'),
            ('I', 'Ï'),
            ('O', 'Ö'),
            ('U', 'Ü'),
            ('a', 'ä'),
            ('e', 'ë'),
            ('i', 'ï'),
            ('o', 'ö'),
            ('u', 'ü'),
            ('y', 'ÿ'),
        ],
        '\u{0327}' => &[('C', 'Ç'), ('c', 'ç')],
        _ => return None,
    };
    row.iter()
        .find(|(b, _)| *b == base)
        .map(|(_, composed)| byte(*composed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_itself() {
        assert_eq!(encode("Acta 123 (folio)"), b"Acta 123 (folio)".to_vec());
    }

    #[test]
    fn spanish_letters_and_marks_map_to_winansi() {
        assert_eq!(
            encode("áéíóúüñÑ¿¡«»"),
            vec![0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xfc, 0xf1, 0xd1, 0xbf, 0xa1, 0xab, 0xbb]
        );
        assert_eq!(encode("–—“”‘’€·"), vec![0x96, 0x97, 0x93, 0x94, 0x91, 0x92, 0x80, 0xb7]);
    }

    #[test]
    fn characters_outside_winansi_become_question_marks() {
        assert_eq!(encode("a→b"), b"a?b".to_vec());
        assert_eq!(encode("日本"), b"??".to_vec());
        assert_eq!(encode("🙂"), b"?".to_vec());
        assert_eq!(encode("\u{7}"), b"?".to_vec());
    }

    #[test]
    fn white_space_becomes_a_space_and_new_lines_stay() {
        assert_eq!(encode("a\tb\u{2009}c"), b"a b c".to_vec());
        assert_eq!(encode("a\r\nb\rc\nd"), b"a\nb\nc\nd".to_vec());
        assert_eq!(encode_line("a\nb"), b"a b".to_vec());
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(encode("Pe\u{0301}rez Mun\u{0303}oz"), encode("Pérez Muñoz"));
        assert_eq!(encode("Gu\u{0308}ero"), encode("Güero"));
        // No WinAnsi letter for e with tilde: the mark alone is replaced.
        assert_eq!(encode("e\u{0303}"), b"e?".to_vec());
    }

    #[test]
    fn no_control_bytes_are_produced_except_new_line() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(encode(&all).iter().all(|&b| b >= 0x20 || b == NEWLINE));
    }
}
