//! Spanish text analysis shared by indexing, query parsing and snippets.
//!
//! Pipeline: [`WordTokenizer`] (letters, digits and combining accents) → drop tokens longer
//! than [`MAX_TOKEN_BYTES`] → [`fold_spanish`] (lowercase, accents removed, **ñ kept**) →
//! Spanish stop words removed (positions are kept, so phrases still line up) → [`singular`]
//! (`-as`/`-os` plurals made singular) → Snowball Spanish stemmer.
//!
//! Why the plural step: Snowball leaves short plurals alone ("años" stays `años` but "año" is
//! `año`; "días"/"día") and stems some plurals as verbs ("mínimos" → `min`, as in "vivimos",
//! while "mínimo" → `minim`). Dropping the `s` of `-as`/`-os` words first fixes these for nouns
//! and adjectives, which is what agreements are made of; the price is that first-person plural
//! verbs ("pagamos") no longer conflate with the other forms of their verb. `-es` plurals are
//! left to Snowball, which handles them ("leyes" → `ley`, "meses" → `mes`).
//!
//! Why fold *before* stemming: users often type without accents ("vacacion", "antiguedad").
//! Folding first makes the stemmer see the same letters for the text and the query, so both
//! stem identically ("vacaciones", "vacación" and "vacacion" all become `vacacion`).
//!
//! Why ñ is kept: in Spanish ñ is a letter of its own, not an accented n: "año" (year) and "ano"
//! (anus), "peña" and "pena" are different words. A user who types "ano" will therefore not find
//! "año"; that is the same behaviour as Spanish dictionaries and the RAE's collation. A decomposed
//! ñ (`n` + U+0303, as some PDF extractors emit) is recomposed into ñ.

use tantivy::tokenizer::{
    Language, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the indexing analyzer (terms and word pairs) is registered in the index.
pub const PAIRS_ANALYZER_NAME: &str = "faro_es_pairs";

/// Separator between the two terms of a word pair (terms never contain spaces).
pub const PAIR_SEPARATOR: char = ' ';

/// Tokens longer than this (in bytes, after tokenizing) are not indexed: they are noise
/// (hashes, glued OCR text) and would bloat the dictionary.
pub const MAX_TOKEN_BYTES: usize = 60;

/// Spanish function words not worth indexing, in folded form. Kept short on purpose: the
/// Snowball list also drops words such as "estado", "sin" or "no" that matter in labor texts.
pub const STOP_WORDS: &[&str] = &[
    "a", "al", "ante", "con", "de", "del", "e", "el", "en", "la", "las", "le", "les", "lo", "los", "o", "para", "por",
    "que", "se", "su", "sus", "u", "un", "una", "unas", "unos", "y",
];

/// Builds the Spanish analyzer used for every full-text field.
pub fn spanish_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
        .filter(SpanishFolding)
        .filter(StopWordFilter::remove(STOP_WORDS.iter().map(|w| (*w).to_string())))
        .filter(SpanishPlural)
        .filter(Stemmer::new(Language::Spanish))
        .build()
}

/// The Spanish analyzer followed by [`WordPairs`]: indexes every term and also each pair of
/// consecutive terms (stop words skipped) as one term, so phrases are matched as term lookups.
/// Used at indexing time; queries are analyzed with [`spanish_analyzer`] and build their pair
/// terms with [`pair_term`].
///
/// Why pairs instead of positions: a positional phrase query checks positions in every
/// document holding all its words, which for common legal phrases ("prima vacacional") is most
/// of the corpus and costs well over the latency budget at national size; a pair is one posting
/// list, ranked and skipped like any term. The index stores no positions at all. Semantics: a
/// phrase matches when each consecutive pair of its words appears, stop words between them
/// ignored ("prima antigüedad" also matches "prima de antigüedad"); for three words or more the
/// pairs are not checked to be chained.
pub fn spanish_pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES + 1))
        .filter(SpanishFolding)
        .filter(StopWordFilter::remove(STOP_WORDS.iter().map(|w| (*w).to_string())))
        .filter(SpanishPlural)
        .filter(Stemmer::new(Language::Spanish))
        .filter(WordPairs)
        .build()
}

/// The pair term for two consecutive analyzed terms.
pub fn pair_term(first: &str, second: &str) -> String {
    let mut out = String::with_capacity(first.len() + second.len() + 1);
    out.push_str(first);
    out.push(PAIR_SEPARATOR);
    out.push_str(second);
    out
}

/// Shortest word (in bytes, folded) whose `-as`/`-os` ending is treated as a plural.
const MIN_PLURAL_LEN: usize = 4;

/// Singular of a folded word ending in `-as`/`-os` (see the module docs), else `None`.
pub fn singular(folded_word: &str) -> Option<&str> {
    if folded_word.len() >= MIN_PLURAL_LEN && (folded_word.ends_with("as") || folded_word.ends_with("os")) {
        folded_word.get(..folded_word.len() - 1)
    } else {
        None
    }
}

/// One analyzed token: its term text and its position in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzedToken {
    /// Indexed form (folded, stemmed).
    pub term: String,
    /// Word position in the input (stop words leave gaps).
    pub position: usize,
}

/// Runs `analyzer` over `text` and collects the terms with their positions.
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<AnalyzedToken> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push(AnalyzedToken {
            term: token.text.clone(),
            position: token.position,
        });
    }
    out
}

/// True for combining diacritical marks (U+0300–U+036F), which belong to the preceding letter.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// True for characters that are part of a word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Folds one lowercase character; `None` means "keep as is".
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ª' => "a",
        'é' | 'è' | 'ê' | 'ë' | 'ē' => "e",
        'í' | 'ì' | 'î' | 'ï' | 'ī' => "i",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'º' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ç' => "c",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'ð' => "d",
        'þ' => "th",
        _ => return None,
    })
}

/// Lowercases `input` and removes accents into `out`, keeping `ñ` (see the module docs).
///
/// Combining marks are dropped, except a tilde (U+0303) right after `n`, which becomes `ñ`.
pub fn fold_spanish(input: &str, out: &mut String) {
    out.clear();
    for upper in input.chars() {
        for c in upper.to_lowercase() {
            if c.is_ascii() || c == 'ñ' {
                out.push(c);
            } else if is_combining_mark(c) {
                if c == '\u{0303}' && out.ends_with('n') {
                    out.pop();
                    out.push('ñ');
                }
            } else if let Some(folded) = fold_char(c) {
                out.push_str(folded);
            } else {
                out.push(c);
            }
        }
    }
}

/// Convenience wrapper around [`fold_spanish`] returning a new string.
pub fn folded(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    fold_spanish(input, &mut out);
    out
}

/// Splits text into words: maximal runs of letters, digits and combining accents.
///
/// Like tantivy's `SimpleTokenizer`, but a decomposed accent (`o` + U+0301) stays inside its
/// word instead of splitting it.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

/// Token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((start, c)) = self.chars.next() {
            if c.is_alphanumeric() {
                let end = self
                    .chars
                    .find(|(_, c)| !is_word_char(*c))
                    .map(|(offset, _)| offset)
                    .unwrap_or(self.text.len());
                self.token.offset_from = start;
                self.token.offset_to = end;
                self.token.text.push_str(&self.text[start..end]);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Token filter applying [`fold_spanish`].
#[derive(Clone)]
pub struct SpanishFolding;

impl TokenFilter for SpanishFolding {
    type Tokenizer<T: Tokenizer> = SpanishFoldingFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpanishFoldingFilter<T> {
        SpanishFoldingFilter {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// Tokenizer wrapper produced by [`SpanishFolding`].
#[derive(Clone)]
pub struct SpanishFoldingFilter<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for SpanishFoldingFilter<T> {
    type TokenStream<'a> = SpanishFoldingStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.buffer.clear();
        SpanishFoldingStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream of [`SpanishFoldingFilter`].
pub struct SpanishFoldingStream<'a, T> {
    tail: T,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for SpanishFoldingStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.is_ascii() {
            token.text.make_ascii_lowercase();
        } else {
            fold_spanish(&token.text, self.buffer);
            std::mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Token filter applying [`singular`].
#[derive(Clone)]
pub struct SpanishPlural;

impl TokenFilter for SpanishPlural {
    type Tokenizer<T: Tokenizer> = SpanishPluralFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SpanishPluralFilter<T> {
        SpanishPluralFilter { inner: tokenizer }
    }
}

/// Tokenizer wrapper produced by [`SpanishPlural`].
#[derive(Clone)]
pub struct SpanishPluralFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SpanishPluralFilter<T> {
    type TokenStream<'a> = SpanishPluralStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SpanishPluralStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// Token stream of [`SpanishPluralFilter`].
pub struct SpanishPluralStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for SpanishPluralStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(len) = singular(&token.text).map(str::len) {
            token.text.truncate(len);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Token filter adding, after each term from the second on, the pair made of the previous term
/// and this one (see [`spanish_pairs_analyzer`]).
#[derive(Clone)]
pub struct WordPairs;

impl TokenFilter for WordPairs {
    type Tokenizer<T: Tokenizer> = WordPairsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordPairsFilter<T> {
        WordPairsFilter { inner: tokenizer }
    }
}

/// Tokenizer wrapper produced by [`WordPairs`].
#[derive(Clone)]
pub struct WordPairsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for WordPairsFilter<T> {
    type TokenStream<'a> = WordPairsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordPairsStream {
            tail: self.inner.token_stream(text),
            started: false,
            previous: None,
            pair: Token::default(),
            on_pair: false,
        }
    }
}

/// Token stream of [`WordPairsFilter`]: each term, then (if any) its pair with the previous one.
pub struct WordPairsStream<T> {
    tail: T,
    /// Whether the tail produced a term yet.
    started: bool,
    /// Text of the term before the tail's current term.
    previous: Option<String>,
    pair: Token,
    /// True while the current token is `pair`, false while it is the tail's term.
    on_pair: bool,
}

impl<T: TokenStream> TokenStream for WordPairsStream<T> {
    fn advance(&mut self) -> bool {
        if !self.on_pair && self.started {
            let current = self.tail.token();
            if let Some(previous) = self.previous.as_mut() {
                self.pair.text.clear();
                self.pair.text.push_str(previous);
                self.pair.text.push(PAIR_SEPARATOR);
                self.pair.text.push_str(&current.text);
                self.pair.offset_from = current.offset_from;
                self.pair.offset_to = current.offset_to;
                self.pair.position = current.position;
                self.pair.position_length = 1;
                previous.clear();
                previous.push_str(&current.text);
                self.on_pair = true;
                return true;
            }
            self.previous = Some(current.text.clone());
        }
        self.on_pair = false;
        if !self.tail.advance() {
            return false;
        }
        self.started = true;
        true
    }

    fn token(&self) -> &Token {
        if self.on_pair {
            &self.pair
        } else {
            self.tail.token()
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_pair {
            &mut self.pair
        } else {
            self.tail.token_mut()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(&mut spanish_analyzer(), text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn accents_are_folded_and_case_ignored() {
        assert_eq!(terms("Vacación"), terms("vacacion"));
        assert_eq!(terms("ANTIGÜEDAD"), terms("antiguedad"));
        assert_eq!(terms("indemnización"), terms("INDEMNIZACION"));
    }

    #[test]
    fn plurals_share_a_stem() {
        assert_eq!(terms("salarios"), terms("salario"));
        assert_eq!(terms("vacaciones"), terms("vacación"));
        assert_eq!(terms("trabajadores"), terms("trabajador"));
        assert_eq!(terms("prestaciones"), terms("prestación"));
        assert_eq!(terms("días"), terms("día"));
        assert_eq!(terms("salarios mínimos"), terms("salario mínimo"));
        assert_eq!(terms("horas extras"), terms("hora extra"));
        assert_eq!(terms("leyes"), terms("ley"));
        assert_eq!(terms("meses"), terms("mes"));
    }

    #[test]
    fn singular_only_touches_as_os_words() {
        assert_eq!(singular("dias"), Some("dia"));
        assert_eq!(singular("minimos"), Some("minimo"));
        assert_eq!(singular("mas"), None);
        assert_eq!(singular("leyes"), None);
        assert_eq!(singular("años"), Some("año"));
    }

    #[test]
    fn enye_is_kept_distinct_from_n() {
        assert_ne!(terms("año"), terms("ano"));
        assert_eq!(terms("AÑO"), terms("año"));
        assert_eq!(terms("años"), terms("año"));
        assert!(terms("año")[0].contains('ñ'));
    }

    #[test]
    fn decomposed_accents_stay_in_the_word() {
        // "vacación" with a combining acute, "año" with a combining tilde.
        assert_eq!(terms("vacacio\u{301}n"), terms("vacación"));
        assert_eq!(terms("an\u{303}o"), terms("año"));
    }

    #[test]
    fn stop_words_leave_position_gaps() {
        let tokens = analyze(&mut spanish_analyzer(), "prima de antigüedad");
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, vec![0, 2]);
    }

    #[test]
    fn pairs_join_consecutive_terms_across_stop_words() {
        let pairs: Vec<String> = analyze(&mut spanish_pairs_analyzer(), "Prima de antigüedad y vacaciones")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(
            pairs,
            vec!["prim", "antigued", "prim antigued", "vacacion", "antigued vacacion"]
        );
        assert_eq!(pair_term("prim", "antigued"), "prim antigued");
        assert_eq!(terms("salario"), vec!["salari"]);
        let single: Vec<String> = analyze(&mut spanish_pairs_analyzer(), "salario")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(single, vec!["salari"]);
    }

    #[test]
    fn overlong_tokens_are_dropped() {
        let long = "x".repeat(MAX_TOKEN_BYTES + 1);
        assert!(terms(&long).is_empty());
        assert_eq!(terms(&"x".repeat(MAX_TOKEN_BYTES)).len(), 1);
    }

    #[test]
    fn fold_keeps_enye_and_removes_other_marks() {
        assert_eq!(folded("Ñandú Peña Über Ça"), "ñandu peña uber ca");
        assert_eq!(folded("1º 2ª"), "1o 2a");
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC{0,40}") {
            let once = folded(&s);
            prop_assert_eq!(folded(&once), once.clone());
        }

        #[test]
        fn analyzer_never_panics_and_offsets_are_char_boundaries(s in "\\PC{0,80}") {
            let mut analyzer = spanish_analyzer();
            let mut stream = analyzer.token_stream(&s);
            while stream.advance() {
                let t = stream.token();
                prop_assert!(s.is_char_boundary(t.offset_from));
                prop_assert!(s.is_char_boundary(t.offset_to));
                prop_assert!(t.offset_from < t.offset_to);
            }
        }
    }
}
