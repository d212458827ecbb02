//! RFCs for the demo employers: the letters derived from the name as SAT does, a date, and a
//! homonym code chosen so that no two demo employers share an RFC.

use chrono::NaiveDate;
use faro_core::ids::rfc::{build, Rfc};
use faro_core::text::normalize;

use crate::names::Person;

/// Words SAT skips in an individual's surnames and names.
const SKIPPED_PERSON_WORDS: &[&str] = &["DE", "LA", "LAS", "DEL", "LOS", "Y", "MC", "MAC", "VON", "VAN", "MI"];

/// Words SAT skips in a company's name.
const SKIPPED_COMPANY_WORDS: &[&str] = &[
    "EL",
    "LA",
    "DE",
    "LOS",
    "LAS",
    "Y",
    "DEL",
    "MI",
    "COMPAÑIA",
    "CIA",
    "SOCIEDAD",
    "SOC",
    "COOPERATIVA",
    "COOP",
    "PARA",
    "POR",
    "AL",
    "E",
    "EN",
    "CON",
    "SUS",
    "A",
    "THE",
    "OF",
    "AND",
    "CO",
    "MC",
    "MAC",
    "VON",
    "VAN",
];

/// Four-letter combinations SAT replaces (last letter becomes X).
const INCONVENIENT: &[&str] = &[
    "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COJA", "COJE", "COJI", "COJO", "CULO",
    "FETO", "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KOGE", "KOJO", "KAKA", "KULO", "MAME", "MAMO", "MEAR",
    "MEAS", "MEON", "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE", "PUTA", "PUTO", "QULO", "RATA", "RUIN",
];

fn words<'a>(normalized: &'a str, skipped: &[&str]) -> Vec<&'a str> {
    normalized
        .split(' ')
        .filter(|w| !w.is_empty() && !skipped.contains(w))
        .collect()
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or('X')
}

/// The four letters of an individual's RFC: first letter and first inner vowel of the paternal
/// surname, first letter of the maternal surname, first letter of the given name (skipping a
/// leading María or José).
pub(crate) fn individual_letters(p: &Person) -> String {
    let paternal_n = normalize(p.paternal);
    let maternal_n = normalize(p.maternal);
    let given_n = normalize(p.given);
    let paternal = words(&paternal_n, SKIPPED_PERSON_WORDS).join(" ");
    let maternal = words(&maternal_n, SKIPPED_PERSON_WORDS);
    let given = words(&given_n, SKIPPED_PERSON_WORDS);
    let given_word = match given.as_slice() {
        [first, second, ..] if ["MARIA", "MA", "JOSE", "J"].contains(first) => second,
        [first, ..] => first,
        [] => "X",
    };
    let inner_vowel = paternal.chars().skip(1).find(|c| "AEIOU".contains(*c)).unwrap_or('X');
    let mut letters: String = [
        first_char(&paternal),
        inner_vowel,
        maternal.first().map_or('X', |w| first_char(w)),
        first_char(given_word),
    ]
    .iter()
    .collect();
    if INCONVENIENT.contains(&letters.as_str()) {
        letters.pop();
        letters.push('X');
    }
    letters
}

/// The three letters of a company's RFC: the initials of the first three words; with two words,
/// the initial of the first and the first two letters of the second; with one, its first three
/// letters (padded with X). Articles and the like are skipped; Ñ becomes X.
pub(crate) fn company_letters(name: &str) -> String {
    let normalized = normalize(name);
    let kept = words(&normalized, SKIPPED_COMPANY_WORDS);
    let clean: Vec<String> = kept
        .iter()
        .map(|w| {
            let w: String = w
                .chars()
                .map(|c| if c == 'Ñ' { 'X' } else { c })
                .filter(char::is_ascii_uppercase)
                .collect();
            // SAT reads the digraphs CH and LL as one letter.
            match w.get(..2) {
                Some("CH") | Some("LL") => w[1..].to_string(),
                _ => w,
            }
        })
        .filter(|w| !w.is_empty())
        .collect();
    let letters: String = match clean.as_slice() {
        [] => "XXX".to_string(),
        [one] => one.chars().chain("XXX".chars()).take(3).collect(),
        [a, b] => std::iter::once(first_char(a))
            .chain(b.chars().chain("XX".chars()).take(2))
            .collect(),
        [a, b, c, ..] => [first_char(a), first_char(b), first_char(c)].iter().collect(),
    };
    letters
}

/// Hands out (date, homonym code) pairs without repetition: a fixed affine permutation of every
/// pair in a date range, so employers get distinct RFCs whatever their letters, and the dates look
/// random.
#[derive(Debug, Clone)]
pub(crate) struct RfcSequence {
    first: NaiveDate,
    size: u64,
    step: u64,
    offset: u64,
    next: u64,
}

/// First characters of a homonym code (`[1-9A-V]`), then second characters (`[1-9A-Z]`).
const HOMONYM_FIRST: &[u8] = b"123456789ABCDEFGHIJKLMNOPQRSTUV";
const HOMONYM_SECOND: &[u8] = b"123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl RfcSequence {
    /// Pairs with dates from `first` to `last`; `salt` varies the permutation with the seed.
    pub(crate) fn new(first: NaiveDate, last: NaiveDate, salt: u64) -> RfcSequence {
        let days = u64::try_from((last - first).num_days() + 1).unwrap_or(1).max(1);
        let codes = (HOMONYM_FIRST.len() * HOMONYM_SECOND.len()) as u64;
        let size = days * codes;
        // A multiplier near size x (golden ratio) coprime with size scatters consecutive indexes.
        let mut step = ((size as f64 * 0.618_033_988_75) as u64) | 1;
        while gcd(step, size) != 1 {
            step += 2;
        }
        RfcSequence {
            first,
            size,
            step,
            offset: salt % size,
            next: 0,
        }
    }

    /// The next (date, homonym code). Repeats only after every pair has been used.
    pub(crate) fn next_pair(&mut self) -> (NaiveDate, String) {
        let i = self.next % self.size;
        self.next += 1;
        let p = ((u128::from(i) * u128::from(self.step) + u128::from(self.offset)) % u128::from(self.size)) as u64;
        let codes = (HOMONYM_FIRST.len() * HOMONYM_SECOND.len()) as u64;
        let (day, code) = (p / codes, (p % codes) as usize);
        let date = self.first + chrono::Days::new(day);
        let homonym: String = [
            HOMONYM_FIRST.get(code / HOMONYM_SECOND.len()).copied().unwrap_or(b'1'),
            HOMONYM_SECOND.get(code % HOMONYM_SECOND.len()).copied().unwrap_or(b'1'),
        ]
        .iter()
        .map(|&b| char::from(b))
        .collect();
        (date, homonym)
    }
}

/// Builds an RFC, `None` if the parts are rejected (which the tests rule out).
pub(crate) fn make(letters: &str, date: NaiveDate, homonym: &str) -> Option<Rfc> {
    build(letters, date, homonym).ok()
}
