//! The public version of a registry document (365 Bis, 391 Bis): personal data removed and each
//! removal replaced by a marker, with a report of what was removed.
//!
//! What is removed:
//!
//! * **CURP**: 18 characters shaped like a CURP (4 letters, a date, the sex, 5 letters, 2 more),
//!   whether or not the check digit is right;
//! * **RFC of an individual**: 13 characters (4 letters, a date, a 3-character homoclave), also
//!   written with hyphens or spaces between the parts. A legal entity's RFC (3 letters) is
//!   public and stays;
//! * **NSS**: 11 digits, together or grouped 2-2-2-4-1 or 10-1;
//! * **telephone numbers**: 10 digits grouped as Mexican numbers are written (5512345678,
//!   55 1234 5678, (33) 1234-5678, 333 123 4567, ...), with or without +52;
//! * **e-mail addresses**;
//! * **names** given by the caller (the signatories and workers listed in the file), matched
//!   whole-word, ignoring case, accents and the spaces between words; the longest name first.
//!
//! Amounts ("$1,234.50"), dates ("02/05/2019", "2019-05-02") and article numbers are left alone.
//! The function is a first pass for the registrar, who reviews the public version before it is
//! published: it cannot find a name nobody listed.

use serde::{Deserialize, Serialize};

use crate::text::normalize;

/// What kind of personal data a removal was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Curp,
    Rfc,
    Nss,
    Phone,
    Email,
    Name,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Curp, Kind::Rfc, Kind::Nss, Kind::Phone, Kind::Email, Kind::Name];
    /// The marker written in its place.
    pub fn marker(self) -> &'static str {
        match self {
            Kind::Curp => "[CURP ELIMINADA]",
            Kind::Rfc => "[RFC ELIMINADO]",
            Kind::Nss => "[NSS ELIMINADO]",
            Kind::Phone => "[TELÉFONO ELIMINADO]",
            Kind::Email => "[CORREO ELIMINADO]",
            Kind::Name => "[NOMBRE ELIMINADO]",
        }
    }
}

/// One removal: what, where in the original text (byte offsets, end excluded) and the text
/// removed. The report is for the registrar, never for the public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub original: String,
}

/// A public version and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redacted {
    pub text: String,
    pub removed: Vec<Removal>,
}

impl Redacted {
    /// How many removals of `kind`.
    pub fn count(&self, kind: Kind) -> usize {
        self.removed.iter().filter(|r| r.kind == kind).count()
    }
    /// The count of each kind removed at least once, for the public note ("3 CURP removed").
    pub fn summary(&self) -> Vec<(Kind, usize)> {
        Kind::ALL
            .into_iter()
            .map(|k| (k, self.count(k)))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// The text as characters with their byte offsets.
struct Text<'a> {
    src: &'a str,
    chars: Vec<(usize, char)>,
    taken: Vec<bool>,
    found: Vec<(Kind, usize, usize)>,
}

impl<'a> Text<'a> {
    fn new(src: &'a str) -> Text<'a> {
        let chars: Vec<(usize, char)> = src.char_indices().collect();
        let taken = vec![false; chars.len()];
        Text {
            src,
            chars,
            taken,
            found: Vec::new(),
        }
    }
    fn len(&self) -> usize {
        self.chars.len()
    }
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|(_, c)| *c)
    }
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map(|(b, _)| *b).unwrap_or(self.src.len())
    }
    fn word_at(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_alphanumeric() || c == '&')
    }
    /// No word character right before `i`.
    fn starts_word(&self, i: usize) -> bool {
        i == 0 || !self.word_at(i - 1)
    }
    fn free(&self, from: usize, to: usize) -> bool {
        self.taken.get(from..to).is_some_and(|t| t.iter().all(|x| !x))
    }
    /// Records a removal of chars `[from, to)` if none of them is taken.
    fn take(&mut self, kind: Kind, from: usize, to: usize) -> bool {
        if from >= to || !self.free(from, to) {
            return false;
        }
        for t in &mut self.taken[from..to] {
            *t = true;
        }
        self.found.push((kind, from, to));
        true
    }
}

fn upper(c: char) -> char {
    c.to_ascii_uppercase()
}

fn is_letter(c: char) -> bool {
    upper(c).is_ascii_uppercase() || matches!(c, 'Ñ' | 'ñ')
}

/// Month 01-12 and day 01-31 in the six date digits starting at `i` (YYMMDD).
fn plausible_date(t: &Text<'_>, i: usize) -> bool {
    let d = |k: usize| t.at(i + k).and_then(|c| c.to_digit(10)).unwrap_or(99);
    let month = d(2) * 10 + d(3);
    let day = d(4) * 10 + d(5);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// A CURP starting at `i`: its end.
fn curp_at(t: &Text<'_>, i: usize) -> Option<usize> {
    if !t.starts_word(i) || i + 18 > t.len() {
        return None;
    }
    let c = |k: usize| t.at(i + k).map(upper).unwrap_or(' ');
    let letters = |r: std::ops::Range<usize>| r.into_iter().all(|k| c(k).is_ascii_uppercase());
    let digits = |r: std::ops::Range<usize>| r.into_iter().all(|k| c(k).is_ascii_digit());
    let ok = letters(0..4)
        && digits(4..10)
        && matches!(c(10), 'H' | 'M' | 'X')
        && letters(11..16)
        && c(16).is_ascii_alphanumeric()
        && c(17).is_ascii_digit()
        && plausible_date(t, i + 4)
        && !t.word_at(i + 18);
    ok.then_some(i + 18)
}

/// An individual's RFC starting at `i` (4 letters, date, homoclave; a hyphen or a space may
/// separate the parts): its end.
fn rfc_at(t: &Text<'_>, i: usize) -> Option<usize> {
    if !t.starts_word(i) {
        return None;
    }
    let mut k = i;
    for _ in 0..4 {
        if !t.at(k).is_some_and(|c| is_letter(c) || c == '&') {
            return None;
        }
        k += 1;
    }
    let sep = |k: usize| if matches!(t.at(k), Some('-' | ' ')) { k + 1 } else { k };
    k = sep(k);
    let date = k;
    for _ in 0..6 {
        if !t.at(k).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        k += 1;
    }
    if !plausible_date(t, date) {
        return None;
    }
    k = sep(k);
    for _ in 0..3 {
        if !t.at(k).is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        k += 1;
    }
    (!t.word_at(k)).then_some(k)
}

/// An e-mail address around the '@' at `at`: its range.
fn email_around(t: &Text<'_>, at: usize) -> Option<(usize, usize)> {
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut from = at;
    while from > 0 && t.at(from - 1).is_some_and(local) {
        from -= 1;
    }
    let mut to = at + 1;
    while t.at(to).is_some_and(domain) {
        to += 1;
    }
    while to > at + 1 && matches!(t.at(to - 1), Some('.' | '-')) {
        to -= 1;
    }
    while from < at && matches!(t.at(from), Some('.')) {
        from += 1;
    }
    if from == at || to == at + 1 {
        return None;
    }
    let domain_text: String = (at + 1..to).filter_map(|k| t.at(k)).collect();
    let tld = domain_text.rsplit('.').next().unwrap_or("");
    let ok = domain_text.contains('.')
        && !domain_text.starts_with('.')
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    ok.then_some((from, to))
}

/// A run of digit groups starting at `i`: each group's length and the char index after it.
/// Groups are digits or "(digits)"; between groups one space, hyphen or dot (or none after a
/// closing parenthesis).
fn digit_groups(t: &Text<'_>, i: usize) -> (bool, Vec<(usize, usize)>) {
    let mut k = i;
    let plus = t.at(k) == Some('+');
    if plus {
        k += 1;
    }
    let mut groups = Vec::new();
    loop {
        let paren = t.at(k) == Some('(');
        let start = if paren { k + 1 } else { k };
        let mut e = start;
        while t.at(e).is_some_and(|c| c.is_ascii_digit()) {
            e += 1;
        }
        if e == start || (paren && t.at(e) != Some(')')) {
            break;
        }
        let end = if paren { e + 1 } else { e };
        groups.push((e - start, end));
        k = end;
        match t.at(k) {
            Some(' ' | '-' | '.') if t.at(k + 1).is_some_and(|c| c.is_ascii_digit() || c == '(') => k += 1,
            _ if paren && t.at(k).is_some_and(|c| c.is_ascii_digit()) => {}
            _ => break,
        }
    }
    (plus, groups)
}

const PHONE_GROUPS: &[&[usize]] = &[
    &[10],
    &[2, 4, 4],
    &[3, 3, 4],
    &[2, 8],
    &[3, 7],
    &[2, 2, 2, 2, 2],
    &[3, 3, 2, 2],
    &[2, 4, 2, 2],
];
const NSS_GROUPS: &[&[usize]] = &[&[11], &[2, 2, 2, 4, 1], &[10, 1]];

fn is_phone(plus: bool, lens: &[usize], first_digits: &str) -> bool {
    if PHONE_GROUPS.contains(&lens) && !plus {
        return true;
    }
    // +52 (or 52) as its own group, an optional 1 (old mobile prefix), then a national number.
    if let [cc, rest @ ..] = lens {
        if *cc == 2 && first_digits.starts_with("52") {
            let rest = match rest {
                [1, more @ ..] => more,
                other => other,
            };
            return PHONE_GROUPS.contains(&rest);
        }
        if plus && rest.is_empty() && *cc == 12 && first_digits.starts_with("52") {
            return true;
        }
    }
    false
}

/// A telephone number or an NSS starting at `i`: its kind and end.
fn number_at(t: &Text<'_>, i: usize) -> Option<(Kind, usize)> {
    let first = t.at(i)?;
    if !(first.is_ascii_digit() || first == '+' || first == '(') || (i > 0 && t.word_at(i - 1)) {
        return None;
    }
    if i > 0 && matches!(t.at(i - 1), Some('.' | ',' | '$' | '/' | '-')) {
        return None;
    }
    let (plus, groups) = digit_groups(t, i);
    for n in (1..=groups.len()).rev() {
        let lens: Vec<usize> = groups[..n].iter().map(|g| g.0).collect();
        let end = groups[n - 1].1;
        if t.word_at(end) || matches!(t.at(end), Some(',' | '/') if t.at(end + 1).is_some_and(|c| c.is_ascii_digit())) {
            continue;
        }
        if matches!(t.at(end), Some('.')) && t.at(end + 1).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let digits: String = (i..end).filter_map(|k| t.at(k)).filter(char::is_ascii_digit).collect();
        if is_phone(plus, &lens, &digits) {
            return Some((Kind::Phone, end));
        }
        if !plus && NSS_GROUPS.contains(&lens.as_slice()) {
            return Some((Kind::Nss, end));
        }
    }
    None
}

/// Words of the text: (first char, end char, normalized form).
fn words(t: &Text<'_>) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t.word_at(i) {
            let start = i;
            while t.word_at(i) {
                i += 1;
            }
            let raw = &t.src[t.byte(start)..t.byte(i)];
            out.push((start, i, normalize(raw)));
        } else {
            i += 1;
        }
    }
    out
}

fn redact_names(t: &mut Text<'_>, names: &[String]) {
    let mut wanted: Vec<Vec<String>> = names
        .iter()
        .map(|n| {
            normalize(n)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w: &Vec<String>| !w.is_empty())
        .collect();
    wanted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    wanted.dedup();
    let words = words(t);
    for name in &wanted {
        let n = name.len();
        let mut k = 0;
        while k + n <= words.len() {
            let window = &words[k..k + n];
            let same = window.iter().zip(name).all(|(w, x)| w.2 == *x);
            let spaced = window
                .windows(2)
                .all(|p| (p[0].1..p[1].0).all(|c| t.at(c).is_some_and(char::is_whitespace)));
            if same && spaced && t.take(Kind::Name, window[0].0, window[n - 1].1) {
                k += n;
            } else {
                k += 1;
            }
        }
    }
}

/// Removes the personal data of `text`; `names` are the people to remove by name.
pub fn redact(text: &str, names: &[String]) -> Redacted {
    let mut t = Text::new(text);
    for i in 0..t.len() {
        if t.at(i) == Some('@') {
            if let Some((from, to)) = email_around(&t, i) {
                t.take(Kind::Email, from, to);
            }
        }
    }
    let mut i = 0;
    while i < t.len() {
        let hit = curp_at(&t, i)
            .map(|e| (Kind::Curp, e))
            .or_else(|| rfc_at(&t, i).map(|e| (Kind::Rfc, e)))
            .or_else(|| number_at(&t, i));
        match hit {
            Some((kind, end)) if t.take(kind, i, end) => i = end,
            _ => i += 1,
        }
    }
    redact_names(&mut t, names);
    let mut found = std::mem::take(&mut t.found);
    found.sort_by_key(|f| f.1);
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::with_capacity(found.len());
    let mut last = 0;
    for (kind, from, to) in found {
        let (start, end) = (t.byte(from), t.byte(to));
        out.push_str(&text[last..start]);
        out.push_str(kind.marker());
        removed.push(Removal {
            kind,
            start,
            end,
            original: text[start..end].to_string(),
        });
        last = end;
    }
    out.push_str(&text[last..]);
    Redacted { text: out, removed }
}
