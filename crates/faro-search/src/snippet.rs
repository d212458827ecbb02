//! Highlighted excerpts of agreement texts.
//!
//! Tantivy's own snippet generator re-analyzes the whole text (stemming every word), which costs
//! about a millisecond per 30 KB agreement, 20 ms for a page. Here words are only scanned; a word
//! is stemmed only when it starts like one of the query terms (Snowball only rewrites the end of
//! a word, so a term's first letters are those of every word that stems to it), each distinct
//! word is stemmed once, and the scan stops at the first window that holds every term. The
//! output is HTML: text escaped, hits wrapped in `<mark>`, whitespace collapsed, `…` where cut.

use std::collections::HashMap;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use crate::analyzer::{analyze, fold_spanish, is_word_char, STOP_WORDS};

/// Default snippet length, in bytes of text (about as many characters for Spanish).
pub const SNIPPET_LEN: usize = 200;

/// How many leading letters of a query term a word must share to be stemmed and compared.
const PREFIX_CHARS: usize = 3;

/// Most distinct words remembered per highlighter (bounds memory on huge pages).
const CACHE_LIMIT: usize = 4096;

/// A match of a query term in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Index of the term in the highlighter's term list.
    pub term: usize,
}

/// Calls `f(start, end)` for each word of `text` (same words as
/// [`WordTokenizer`](crate::analyzer::WordTokenizer)) until `f` returns `false`.
fn for_each_word(text: &str, mut f: impl FnMut(usize, usize) -> bool) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(text, i);
        if !c.is_alphanumeric() {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < bytes.len() {
            let (c, len) = char_at(text, i);
            if !is_word_char(c) {
                break;
            }
            i += len;
        }
        if !f(start, i) {
            return;
        }
    }
}

/// The char starting at byte `i` (a char boundary) and its length; ASCII fast path.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => (char::from(*b), 1),
        _ => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .map_or((' ', 1), |c| (c, c.len_utf8())),
    }
}

/// Finds query terms in texts and renders snippets.
pub struct Highlighter {
    terms: Vec<String>,
    prefixes: Vec<String>,
    analyzer: TextAnalyzer,
    /// Folded word → index of the term it stems to (`None`: checked, no match).
    cache: HashMap<String, Option<usize>>,
}

impl Highlighter {
    /// `terms` are analyzed (folded, stemmed) terms; `analyzer` is the one that produced them.
    pub fn new(terms: Vec<String>, analyzer: TextAnalyzer) -> Highlighter {
        let prefixes = terms.iter().map(|t| t.chars().take(PREFIX_CHARS).collect()).collect();
        Highlighter {
            terms,
            prefixes,
            analyzer,
            cache: HashMap::new(),
        }
    }

    fn could_match(&self, word: &str, folded: &mut String) -> bool {
        if word.is_ascii() {
            let bytes = word.as_bytes();
            let hit = self.prefixes.iter().any(|p| {
                bytes
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
            });
            if hit {
                folded.clear();
                folded.push_str(word);
                folded.make_ascii_lowercase();
            }
            hit
        } else {
            fold_spanish(word, folded);
            self.prefixes.iter().any(|p| folded.starts_with(p.as_str()))
        }
    }

    fn term_of(&mut self, folded: &str) -> Option<usize> {
        if let Some(known) = self.cache.get(folded) {
            return *known;
        }
        let term = if STOP_WORDS.contains(&folded) {
            None
        } else {
            analyze(&mut self.analyzer, folded)
                .first()
                .and_then(|s| self.terms.iter().position(|t| *t == s.term))
        };
        if self.cache.len() < CACHE_LIMIT {
            self.cache.insert(folded.to_string(), term);
        }
        term
    }

    /// Matches of the terms in `text`, in text order. With `complete_within = Some(len)` the
    /// scan stops at the first match that closes a window of `len` bytes holding every term.
    pub(crate) fn find_matches(&mut self, text: &str, complete_within: Option<usize>) -> Vec<Match> {
        let mut found = Vec::new();
        if self.terms.is_empty() {
            return found;
        }
        let mut folded = String::new();
        let mut last_start: Vec<Option<usize>> = vec![None; self.terms.len()];
        let mut seen = 0;
        for_each_word(text, |start, end| {
            let word = &text[start..end];
            if !self.could_match(word, &mut folded) {
                return true;
            }
            let Some(term) = self.term_of(&folded) else {
                return true;
            };
            found.push(Match {
                range: start..end,
                term,
            });
            let Some(window) = complete_within else {
                return true;
            };
            if let Some(slot) = last_start.get_mut(term) {
                if slot.is_none() {
                    seen += 1;
                }
                *slot = Some(start);
            }
            if seen < self.terms.len() {
                return true;
            }
            let first = last_start.iter().flatten().min().copied().unwrap_or(start);
            end - first > window
        });
        found
    }

    /// All matches of the terms in `text`, in text order.
    pub(crate) fn matches(&mut self, text: &str) -> Vec<Match> {
        self.find_matches(text, None)
    }

    /// A snippet of about `max_len` bytes around the first cluster of matches holding every
    /// term (else the densest one, else the start of the text), as escaped HTML with `<mark>`
    /// around matches.
    pub fn snippet(&mut self, text: &str, max_len: usize) -> String {
        let matches = self.find_matches(text, Some(max_len.max(1)));
        let window = best_window(text, &matches, self.terms.len(), max_len);
        // The scan may have stopped before the end of the window: mark every match inside it.
        let in_window: Vec<Match> = self
            .matches(&text[window.clone()])
            .into_iter()
            .map(|m| Match {
                range: m.range.start + window.start..m.range.end + window.start,
                term: m.term,
            })
            .collect();
        render(text, &in_window, window)
    }
}

/// Picks the window with the most distinct terms, then the most matches, then the earliest.
pub(crate) fn best_window(text: &str, matches: &[Match], term_count: usize, max_len: usize) -> Range<usize> {
    let max_len = max_len.max(1);
    let mut best: Option<(usize, usize, usize, usize)> = None; // (distinct, count, i, j)
    let mut per_term = vec![0usize; term_count];
    let mut distinct = 0;
    let mut j = 0;
    for i in 0..matches.len() {
        while j < matches.len() && matches[j].range.end - matches[i].range.start <= max_len {
            if let Some(n) = per_term.get_mut(matches[j].term) {
                if *n == 0 {
                    distinct += 1;
                }
                *n += 1;
            }
            j += 1;
        }
        if j > i {
            let candidate = (distinct, j - i, i, j);
            if best.is_none_or(|b| (candidate.0, candidate.1) > (b.0, b.1)) {
                best = Some(candidate);
            }
            if let Some(n) = per_term.get_mut(matches[i].term) {
                *n -= 1;
                if *n == 0 {
                    distinct -= 1;
                }
            }
        } else {
            // A single match longer than the window: advance past it.
            j = i + 1;
        }
    }
    let (start, end, keep) = match best {
        Some((_, _, i, j)) => {
            let first = matches[i].range.start;
            let last = matches[j - 1].range.end;
            let slack = max_len.saturating_sub(last - first);
            let start = first.saturating_sub(slack / 3);
            (start, (start + max_len).max(last), first..last)
        }
        None => (0, max_len, 0..0),
    };
    snap(text, start, end.min(text.len()), keep)
}

/// Moves the window edges off the middle of words (and onto char boundaries), never cutting
/// into `keep`.
fn snap(text: &str, start: usize, end: usize, keep: Range<usize>) -> Range<usize> {
    const MAX_SHIFT: usize = 20;
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mid_word = |at: usize| {
        text[..at].chars().next_back().is_some_and(|c| !c.is_whitespace())
            && text[at..].chars().next().is_some_and(|c| !c.is_whitespace())
    };
    if start > 0 && mid_word(start) {
        if let Some(ws) = text[start..].find(char::is_whitespace) {
            if ws < MAX_SHIFT && (keep.is_empty() || start + ws <= keep.start) {
                start += ws;
            }
        }
    }
    let mut end = end.max(start).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() && mid_word(end) {
        if let Some(ws) = text[start..end].rfind(char::is_whitespace) {
            let cut = start + ws;
            if end - cut < MAX_SHIFT && cut >= keep.end {
                end = cut;
            }
        }
    }
    start..end.max(start)
}

/// Appends `s` HTML-escaped, with runs of whitespace collapsed to one space.
fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_whitespace() || c.is_control() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
}

/// Renders `window` of `text` with the matches inside it marked.
pub(crate) fn render(text: &str, matches: &[Match], window: Range<usize>) -> String {
    let mut out = String::with_capacity(window.len() + 64);
    if window.start > 0 {
        out.push('…');
    }
    let mut pos = window.start;
    for m in matches {
        if m.range.start < pos || m.range.end > window.end {
            continue;
        }
        push_escaped(&mut out, &text[pos..m.range.start]);
        out.push_str("<mark>");
        push_escaped(&mut out, &text[m.range.clone()]);
        out.push_str("</mark>");
        pos = m.range.end;
    }
    push_escaped(&mut out, &text[pos..window.end]);
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if window.end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::analyzer::spanish_analyzer;
    use proptest::prelude::*;

    fn highlighter(query: &str) -> Highlighter {
        let terms = analyze(&mut spanish_analyzer(), query)
            .into_iter()
            .map(|t| t.term)
            .collect();
        Highlighter::new(terms, spanish_analyzer())
    }

    #[test]
    fn marks_inflected_and_accented_forms() {
        let mut h = highlighter("vacacion salarios");
        let s = h.snippet("Las VACACIONES y el salario se pagan.", 200);
        assert_eq!(s, "Las <mark>VACACIONES</mark> y el <mark>salario</mark> se pagan.");
    }

    #[test]
    fn escapes_html_in_text() {
        let mut h = highlighter("salario");
        let s = h.snippet("<script>alert('x')</script> salario & \"prima\"", 200);
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>salario</mark> &amp; &quot;prima&quot;"
        );
        assert!(!s.contains("<script"));
    }

    #[test]
    fn window_goes_to_the_densest_cluster_and_is_cut_with_ellipses() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}aguinaldo aislado. {filler}El aguinaldo y la prima vacacional se pagan. {filler}");
        let mut h = highlighter("aguinaldo prima vacacional");
        let s = h.snippet(&text, 120);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>aguinaldo</mark> y la <mark>prima</mark> <mark>vacacional</mark>"));
        assert!(s.len() < 120 + 80, "{}", s.len());
    }

    #[test]
    fn no_match_gives_the_leading_text() {
        let mut h = highlighter("huelga");
        let s = h.snippet("Cláusula primera.\n\n  Del objeto del contrato.", 200);
        assert_eq!(s, "Cláusula primera. Del objeto del contrato.");
        let mut empty = Highlighter::new(Vec::new(), spanish_analyzer());
        let long = "palabra ".repeat(100);
        let s = empty.snippet(&long, 50);
        assert!(s.ends_with('…') && s.len() <= 60);
    }

    #[test]
    fn scanner_finds_the_same_words_as_the_tokenizer() {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let text = "Año 2024: vacacio\u{301}n, ¡SALARIOS! ñandú-x  ";
        let mut ours = Vec::new();
        for_each_word(text, |s, e| {
            ours.push(s..e);
            true
        });
        let mut theirs = Vec::new();
        let mut tokenizer = crate::analyzer::WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        while stream.advance() {
            theirs.push(stream.token().offset_from..stream.token().offset_to);
        }
        assert_eq!(ours, theirs);
    }

    #[test]
    fn every_match_inside_the_window_is_marked() {
        let mut h = highlighter("salario");
        assert_eq!(
            h.snippet("El salario base y el salario integrado.", 200),
            "El <mark>salario</mark> base y el <mark>salario</mark> integrado."
        );
    }

    #[test]
    fn matches_lists_every_occurrence() {
        let mut h = highlighter("salario");
        assert_eq!(h.matches("salario, Salarios y SALARIO.").len(), 3);
    }

    #[test]
    fn scan_stops_at_the_first_complete_window() {
        let mut h = highlighter("aguinaldo prima");
        let text = "prima x aguinaldo y aguinaldo z prima";
        let found = h.find_matches(text, Some(200));
        assert_eq!(found.len(), 2);
        let mut h = highlighter("aguinaldo prima");
        let far = format!("prima {} aguinaldo prima", "x ".repeat(200));
        assert_eq!(h.find_matches(&far, Some(50)).len(), 3);
    }

    #[test]
    fn stop_words_are_not_marked() {
        let mut h = Highlighter::new(vec!["de".to_string()], spanish_analyzer());
        assert_eq!(h.snippet("prima de antigüedad", 200), "prima de antigüedad");
    }

    proptest! {
        #[test]
        fn snippets_never_panic_and_only_contain_mark_tags(
            text in "\\PC{0,400}|[<>&a-z áéñ\"']{0,400}",
            query in "[a-záéíóúñ ]{0,30}",
            len in 1usize..300,
        ) {
            let mut h = highlighter(&query);
            let s = h.snippet(&text, len);
            let without_tags = s.replace("<mark>", "").replace("</mark>", "");
            prop_assert!(!without_tags.contains('<'));
            prop_assert!(!without_tags.contains('>'));
        }
    }
}
