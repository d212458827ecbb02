//! A forgiving parser for what people type in the search box.
//!
//! Syntax (everything else is plain text):
//! - words: all must match (in a name, place, text or identifier);
//! - `"a phrase"`: the words must appear next to each other (typographic quotes work too;
//!   an unclosed quote runs to the end of the input);
//! - `-word` / `-"phrase"` / `NOT word`: must not match;
//! - `a OR b` (or `a | b`): either may match; `AND` and a leading `+` are accepted and ignored.
//!
//! The parser never fails on content: control characters become spaces and stray operators
//! become ordinary text. It fails only with [`QueryError::TooLong`] or
//! [`QueryError::TooManyClauses`], which bound the work one query can cause.

use crate::error::QueryError;

/// Longest accepted input, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// Most words/phrases one query may combine.
pub const MAX_CLAUSES: usize = 32;

/// A word or a quoted phrase, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Word(String),
    Phrase(String),
}

impl Item {
    pub(crate) fn text(&self) -> &str {
        match self {
            Item::Word(s) | Item::Phrase(s) => s,
        }
    }
}

/// Parsed search text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParsedText {
    /// Required groups; a group matches when any of its items matches.
    pub groups: Vec<Vec<Item>>,
    /// Items that must not match.
    pub excluded: Vec<Item>,
}

impl ParsedText {
    /// True when nothing positive was asked for (blank, or only exclusions).
    pub(crate) fn is_browse(&self) -> bool {
        self.groups.is_empty()
    }

    fn clause_count(&self) -> usize {
        self.groups.iter().map(Vec::len).sum::<usize>() + self.excluded.len()
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−' | '–')
}

/// Parses the search box text.
pub(crate) fn parse(input: &str) -> Result<ParsedText, QueryError> {
    let len = input.chars().count();
    if len > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong {
            len,
            max: MAX_QUERY_CHARS,
        });
    }
    let chars: Vec<char> = input.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut parsed = ParsedText::default();
    let mut i = 0;
    let mut pending_or = false;
    let mut pending_not = false;
    // Whether the previous element was a positive item that an OR may join.
    let mut last_was_positive = false;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = std::mem::take(&mut pending_not);
        while i + 1 < chars.len() && (is_minus(chars[i]) || chars[i] == '+') && !chars[i + 1].is_whitespace() {
            negated |= is_minus(chars[i]);
            i += 1;
        }
        let item = if is_quote(chars[i]) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && !is_quote(chars[end]) {
                end += 1;
            }
            i = end + 1;
            Item::Phrase(chars[start..end.min(chars.len())].iter().collect())
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !is_quote(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if !negated {
                match word.as_str() {
                    "OR" | "|" | "||" => {
                        pending_or = last_was_positive;
                        continue;
                    }
                    "AND" | "&&" => continue,
                    "NOT" => {
                        pending_not = true;
                        pending_or = false;
                        continue;
                    }
                    _ => {}
                }
            }
            Item::Word(word)
        };
        if item.text().trim().is_empty() {
            continue;
        }
        if negated {
            parsed.excluded.push(item);
            last_was_positive = false;
        } else {
            match parsed.groups.last_mut() {
                Some(group) if pending_or => group.push(item),
                _ => parsed.groups.push(vec![item]),
            }
            last_was_positive = true;
        }
        pending_or = false;
        let count = parsed.clause_count();
        if count > MAX_CLAUSES {
            return Err(QueryError::TooManyClauses {
                count,
                max: MAX_CLAUSES,
            });
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    fn w(s: &str) -> Item {
        Item::Word(s.to_string())
    }
    fn p(s: &str) -> Item {
        Item::Phrase(s.to_string())
    }

    #[test]
    fn words_are_required_groups() {
        let q = parse("salario  mínimo").unwrap();
        assert_eq!(q.groups, vec![vec![w("salario")], vec![w("mínimo")]]);
        assert!(q.excluded.is_empty());
    }

    #[test]
    fn phrases_and_typographic_quotes() {
        let q = parse("\"prima vacacional\" “horas extra”").unwrap();
        assert_eq!(q.groups, vec![vec![p("prima vacacional")], vec![p("horas extra")]]);
    }

    #[test]
    fn unbalanced_quote_runs_to_end() {
        let q = parse("aguinaldo \"prima de antigüedad").unwrap();
        assert_eq!(q.groups, vec![vec![w("aguinaldo")], vec![p("prima de antigüedad")]]);
    }

    #[test]
    fn negation_forms() {
        let q = parse("huelga -emplazamiento NOT \"paro técnico\" -").unwrap();
        assert_eq!(q.groups, vec![vec![w("huelga")], vec![w("-")]]);
        assert_eq!(q.excluded, vec![w("emplazamiento"), p("paro técnico")]);
    }

    #[test]
    fn or_joins_neighbours() {
        let q = parse("aguinaldo OR bono | despensa AND vales").unwrap();
        assert_eq!(
            q.groups,
            vec![vec![w("aguinaldo"), w("bono"), w("despensa")], vec![w("vales")]]
        );
        // A leading or dangling OR is ignored.
        let q = parse("OR aguinaldo OR").unwrap();
        assert_eq!(q.groups, vec![vec![w("aguinaldo")]]);
    }

    #[test]
    fn control_characters_are_spaces() {
        let q = parse("salario\u{0}\u{7}minimo\n").unwrap();
        assert_eq!(q.groups, vec![vec![w("salario")], vec![w("minimo")]]);
    }

    #[test]
    fn only_exclusions_is_browse() {
        assert!(parse("-huelga").unwrap().is_browse());
        assert!(parse("   ").unwrap().is_browse());
        assert!(!parse("x").unwrap().is_browse());
    }

    #[test]
    fn limits_are_typed_errors() {
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            parse(&long),
            Err(QueryError::TooLong {
                len: MAX_QUERY_CHARS + 1,
                max: MAX_QUERY_CHARS
            })
        );
        let many = "x ".repeat(MAX_CLAUSES + 1);
        assert!(matches!(parse(&many), Err(QueryError::TooManyClauses { .. })));
        assert!(parse(&"x ".repeat(MAX_CLAUSES)).is_ok());
    }

    proptest! {
        #[test]
        fn any_input_parses_or_fails_typed(s in "\\PC{0,600}|[\"'()\\-+|:*~^ a-zA-Z]{0,80}|.{0,80}") {
            match parse(&s) {
                Ok(q) => prop_assert!(q.clause_count() <= MAX_CLAUSES),
                Err(QueryError::TooLong { .. } | QueryError::TooManyClauses { .. }) => {}
                Err(other) => prop_assert!(false, "unexpected error {other:?}"),
            }
        }
    }
}
