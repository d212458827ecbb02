//! Splitting a company's legal form off the end of its registered name: DENUE's `raz_social`
//! writes "CADENA COMERCIAL OXXO SA DE CV", "FARMACIAS GUADALAJARA, S.A. DE C.V.", ... in any
//! spacing and punctuation.

/// Legal forms, spelled without spaces or punctuation, and how the registry writes them.
const FORMS: &[(&str, &str)] = &[
    ("SA", "S.A."),
    ("SADECV", "S.A. de C.V."),
    ("SAB", "S.A.B."),
    ("SABDECV", "S.A.B. de C.V."),
    ("SAPI", "S.A.P.I."),
    ("SAPIDECV", "S.A.P.I. de C.V."),
    ("SAS", "S.A.S."),
    ("SASDECV", "S.A.S. de C.V."),
    ("SADECVSOFOMENR", "S.A. de C.V., SOFOM, E.N.R."),
    ("SADECVSOFOMER", "S.A. de C.V., SOFOM, E.R."),
    ("SAPIDECVSOFOMENR", "S.A.P.I. de C.V., SOFOM, E.N.R."),
    ("SDERL", "S. de R.L."),
    ("SDERLDECV", "S. de R.L. de C.V."),
    ("SDERLMI", "S. de R.L. M.I."),
    ("SRL", "S. de R.L."),
    ("SRLDECV", "S. de R.L. de C.V."),
    ("SC", "S.C."),
    ("SCDERL", "S.C. de R.L."),
    ("SCDERLDECV", "S.C. de R.L. de C.V."),
    ("SCDECV", "S.C. de C.V."),
    ("AC", "A.C."),
    ("ABP", "A.B.P."),
    ("IAP", "I.A.P."),
    ("IBP", "I.B.P."),
    ("SPRDERL", "S.P.R. de R.L."),
    ("SPRDERI", "S.P.R. de R.I."),
    ("SPRDERLDECV", "S.P.R. de R.L. de C.V."),
    ("SDEPRDERL", "S. de P.R. de R.L."),
    ("SDEPRDERI", "S. de P.R. de R.I."),
    ("SDESS", "S. de S.S."),
    ("SENC", "S. en C."),
    ("SENCPORA", "S. en C. por A."),
    ("SENNC", "S. en N.C."),
];

/// The most words a legal form spans ("S DE R L DE C V" has seven).
const MAX_FORM_WORDS: usize = 10;
/// The longest compact spelling in [`FORMS`], plus room.
const MAX_FORM_LEN: usize = 24;

/// A registered name split into the name proper and its legal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegalName<'a> {
    /// The name without the legal form and the separators before it ("FARMACIAS GUADALAJARA").
    pub name: &'a str,
    /// The legal form as the registry writes it ("S.A. de C.V."), or empty when none is found.
    pub legal_form: &'static str,
}

/// Splits the longest known legal form off the end of `raz_social`.
pub fn split_legal_form(raz_social: &str) -> LegalName<'_> {
    let text = raz_social.trim();
    let words = last_words(text);
    let mut compact = [0u8; MAX_FORM_LEN];
    let mut len = 0usize;
    let mut best: Option<(usize, &'static str)> = None;
    for &(start, end) in words.iter().flatten() {
        let word = text.as_bytes().get(start..end).unwrap_or_default();
        if !word.is_ascii() || len + word.len() > MAX_FORM_LEN {
            break;
        }
        // Prepend the word: the compact spelling grows leftwards.
        compact.copy_within(0..len, word.len());
        for (slot, b) in compact.iter_mut().zip(word) {
            *slot = b.to_ascii_uppercase();
        }
        len += word.len();
        let spelled = compact.get(..len).unwrap_or_default();
        if let Some((_, display)) = FORMS.iter().find(|(c, _)| c.as_bytes() == spelled) {
            best = Some((start, display));
        }
    }
    match best {
        Some((start, legal_form)) => LegalName {
            name: text.get(..start).unwrap_or_default().trim_end_matches(is_separator),
            legal_form,
        },
        None => LegalName {
            name: text,
            legal_form: "",
        },
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '.' | ';' | '-')
}

/// Byte ranges of the last words of `text`, the last word first; words are separated by white
/// space, commas and dots ("S.A." is two words).
fn last_words(text: &str) -> [Option<(usize, usize)>; MAX_FORM_WORDS] {
    let mut out = [None; MAX_FORM_WORDS];
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    let mut n = 0;
    while n < MAX_FORM_WORDS {
        while end > 0 && bytes.get(end - 1).is_some_and(|&b| is_separator_byte(b)) {
            end -= 1;
        }
        if end == 0 {
            break;
        }
        let mut start = end;
        while start > 0 && bytes.get(start - 1).is_some_and(|&b| !is_separator_byte(b)) {
            start -= 1;
        }
        out[n] = Some((start, end));
        n += 1;
        end = start;
    }
    out
}

fn is_separator_byte(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b',' | b'.' | b';' | b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (&str, &'static str) {
        let l = split_legal_form(s);
        (l.name, l.legal_form)
    }

    #[test]
    fn common_forms_in_any_spelling() {
        assert_eq!(
            split("CADENA COMERCIAL OXXO SA DE CV"),
            ("CADENA COMERCIAL OXXO", "S.A. de C.V.")
        );
        assert_eq!(
            split("FARMACIAS GUADALAJARA, S.A. DE C.V."),
            ("FARMACIAS GUADALAJARA", "S.A. de C.V.")
        );
        assert_eq!(
            split("Industrias Peñoles, S.A.B. de C.V."),
            ("Industrias Peñoles", "S.A.B. de C.V.")
        );
        assert_eq!(
            split("NUEVA WAL MART DE MEXICO S DE RL DE CV"),
            ("NUEVA WAL MART DE MEXICO", "S. de R.L. de C.V.")
        );
        assert_eq!(
            split("DISTRIBUIDORA ARAGÓN S. DE R.L. DE C.V."),
            ("DISTRIBUIDORA ARAGÓN", "S. de R.L. de C.V.")
        );
        assert_eq!(
            split("BUFETE NÚÑEZ Y ASOCIADOS SC"),
            ("BUFETE NÚÑEZ Y ASOCIADOS", "S.C.")
        );
        assert_eq!(split("CRUZ ROJA MEXICANA IAP"), ("CRUZ ROJA MEXICANA", "I.A.P."));
        assert_eq!(split("FUNDACION LOS NIÑOS, A.C."), ("FUNDACION LOS NIÑOS", "A.C."));
        assert_eq!(split("GRUPO BAJÍO SAPI DE CV"), ("GRUPO BAJÍO", "S.A.P.I. de C.V."));
        assert_eq!(split("TIENDAS SA"), ("TIENDAS", "S.A."));
        assert_eq!(
            split("FINANCIERA DEL NORTE SA DE CV SOFOM ENR"),
            ("FINANCIERA DEL NORTE", "S.A. de C.V., SOFOM, E.N.R.")
        );
        assert_eq!(
            split("AGRICOLA EL SOL SPR DE RL"),
            ("AGRICOLA EL SOL", "S.P.R. de R.L.")
        );
        assert_eq!(split("TECNO SAS DE CV"), ("TECNO", "S.A.S. de C.V."));
    }

    #[test]
    fn spaced_letters_and_lower_case() {
        assert_eq!(split("ACME S A DE C V"), ("ACME", "S.A. de C.V."));
        assert_eq!(split("acme s. de r. l."), ("acme", "S. de R.L."));
        assert_eq!(split("  ACME,S.A.  "), ("ACME", "S.A."));
    }

    #[test]
    fn names_without_a_form_are_kept_whole() {
        assert_eq!(split("JUAN PEREZ LOPEZ"), ("JUAN PEREZ LOPEZ", ""));
        assert_eq!(
            split("INSTITUTO MEXICANO DEL SEGURO SOCIAL"),
            ("INSTITUTO MEXICANO DEL SEGURO SOCIAL", "")
        );
        assert_eq!(split("LA CASA"), ("LA CASA", ""));
        assert_eq!(split("MASA DE CV"), ("MASA DE CV", ""));
        assert_eq!(split(""), ("", ""));
    }

    #[test]
    fn a_form_alone_leaves_an_empty_name() {
        assert_eq!(split("S.A. DE C.V."), ("", "S.A. de C.V."));
    }
}
