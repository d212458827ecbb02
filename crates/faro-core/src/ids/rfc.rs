//! RFC, the SAT taxpayer registry code (law digest §8.1).
//!
//! A legal entity's RFC has 12 characters: 3 letters from the name, the incorporation date `YYMMDD` and a
//! 3-character homoclave. An individual's has 13: 4 letters, the birth date and the homoclave. The homoclave
//! is a 2-character homonym code (`[1-9A-V][1-9A-Z]`) and a check digit (`[0-9A]`).
//!
//! A wrong check digit is only a warning: about 1.5% of RFCs in use fail the check. The generic RFCs
//! XAXX010101000 (general public) and XEXX010101000 (foreigners) are accepted, with a warning.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{date_problem, normalize, two_digits, Checked, IdError, IdKind, IdWarning};

/// Check-digit dictionary: a character's value is its index (0-9, A=10 … N=23, &=24, O=25 … Z=36,
/// space=37, Ñ=38).
const DICTIONARY: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ";

/// SAT's generic RFCs and what they stand for.
const GENERIC: [(&str, &str); 2] = [
    ("XAXX010101000", "the general public (nationals)"),
    ("XEXX010101000", "foreigners"),
];

/// Length of the date part (YYMMDD) plus the homoclave: the characters after the letters.
const TAIL: usize = 9;

/// A valid RFC, upper case, without separators. Built only by [`Rfc::parse`] or [`build`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rfc {
    code: String,
    /// The date read in the 1900s, or in the 2000s if it only exists there (29 February 1900).
    earliest: NaiveDate,
    /// The date read in the 2000s, or in the 1900s if it only exists there.
    latest: NaiveDate,
}

impl Rfc {
    /// Parses an RFC: normalizes (separators removed, upper case), checks the length (12 or 13), the
    /// structure, the date and the homoclave. A check-digit mismatch is returned as a warning.
    pub fn parse(input: &str) -> Result<Checked<Rfc>, IdError> {
        let code = normalize(input);
        let chars: Vec<char> = code.chars().collect();
        let letters = letters_len(chars.len())?;
        if let Some(warning) = generic_warning(&code) {
            let (earliest, latest) = resolve_date(&chars[letters..letters + 6])?;
            let value = Rfc { code, earliest, latest };
            return Ok(Checked {
                value,
                warnings: vec![warning],
            });
        }
        check_structure(&chars, letters)?;
        let (earliest, latest) = resolve_date(&chars[letters..letters + 6])?;
        let warnings = check_digit_warning(&chars).into_iter().collect();
        let value = Rfc { code, earliest, latest };
        Ok(Checked { value, warnings })
    }

    /// The RFC, upper case, without separators.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// True for a 12-character RFC (persona moral), false for a 13-character one (persona física).
    pub fn is_legal_entity(&self) -> bool {
        self.code.chars().count() == 12
    }

    /// True for SAT's generic RFCs XAXX010101000 and XEXX010101000.
    pub fn is_generic(&self) -> bool {
        GENERIC.iter().any(|(rfc, _)| *rfc == self.code)
    }

    /// The 3 (legal entity) or 4 (individual) letters taken from the name.
    pub fn letters(&self) -> &str {
        self.code.get(..self.code.len() - TAIL).unwrap_or("")
    }

    /// The date digits as written, `YYMMDD`.
    pub fn date_digits(&self) -> &str {
        let start = self.code.len() - TAIL;
        self.code.get(start..start + 6).unwrap_or("")
    }

    /// The 3-character homoclave: homonym code plus check digit.
    pub fn homoclave(&self) -> &str {
        self.code.get(self.code.len() - 3..).unwrap_or("")
    }

    /// The last character.
    pub fn check_digit(&self) -> char {
        self.code.chars().last().unwrap_or('0')
    }

    /// The incorporation or birth date. The RFC keeps two digits of the year: this is the most recent
    /// reading that is not after `today` (the 1900s reading if both are after it).
    pub fn date(&self, today: NaiveDate) -> NaiveDate {
        if self.latest <= today {
            self.latest
        } else {
            self.earliest
        }
    }

    /// What the RFC says, for a [`super::CheckReport`].
    pub(crate) fn details(&self, today: NaiveDate) -> BTreeMap<String, String> {
        let kind = if self.is_legal_entity() {
            "legal_entity"
        } else {
            "individual"
        };
        BTreeMap::from([
            ("person_kind".to_string(), kind.to_string()),
            ("letters".to_string(), self.letters().to_string()),
            ("date".to_string(), self.date(today).to_string()),
            ("homoclave".to_string(), self.homoclave().to_string()),
            ("generic".to_string(), self.is_generic().to_string()),
        ])
    }
}

impl fmt::Display for Rfc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// Parses and drops the warnings; use [`Rfc::parse`] to see them.
impl FromStr for Rfc {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rfc::parse(s).map(|checked| checked.value)
    }
}

impl TryFrom<String> for Rfc {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Rfc> for String {
    fn from(rfc: Rfc) -> String {
        rfc.code
    }
}

/// Computes the check digit from the RFC without it: 11 characters for a legal entity, 12 for an
/// individual (input is normalized first). The result is `0`-`9` or `A`.
pub fn compute_check_digit(first_12_or_11: &str) -> Result<char, IdError> {
    let body = normalize(first_12_or_11);
    let chars: Vec<char> = body.chars().collect();
    if !(chars.len() == 11 || chars.len() == 12) {
        return Err(IdError::InvalidPart {
            kind: IdKind::Rfc,
            part: "RFC without check digit",
            value: body,
            expected: "must have 11 characters (legal entity) or 12 (individual)",
        });
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| dictionary_value(**c).is_none()) {
        return Err(structure(i, c, "must be A-Z, Ñ, & or a digit"));
    }
    check_digit_of(&chars).ok_or_else(|| structure(0, ' ', "must be A-Z, Ñ, & or a digit"))
}

/// Builds a valid RFC from its parts and appends the check digit: `letters` has 3 characters (legal
/// entity) or 4 (individual) from A-Z, Ñ and &; `date`'s year is 1900-2099; `homonym` is 2 characters,
/// `[1-9A-V][1-9A-Z]`. Inputs are normalized first.
pub fn build(letters: &str, date: NaiveDate, homonym: &str) -> Result<Rfc, IdError> {
    let letters = normalize(letters);
    let homonym = normalize(homonym);
    check_build_letters(&letters)?;
    check_build_year(date)?;
    check_build_homonym(&homonym)?;
    let body = format!(
        "{letters}{:02}{:02}{:02}{homonym}",
        date.year().rem_euclid(100),
        date.month(),
        date.day()
    );
    let check = compute_check_digit(&body)?;
    Rfc::parse(&format!("{body}{check}")).map(|checked| checked.value)
}

fn check_build_letters(letters: &str) -> Result<(), IdError> {
    let count = letters.chars().count();
    if (count == 3 || count == 4) && letters.chars().all(is_letter) {
        return Ok(());
    }
    Err(IdError::InvalidPart {
        kind: IdKind::Rfc,
        part: "letters",
        value: letters.to_string(),
        expected: "must be 3 letters (legal entity) or 4 (individual) from A-Z, Ñ and &",
    })
}

fn check_build_year(date: NaiveDate) -> Result<(), IdError> {
    if (1900..=2099).contains(&date.year()) {
        return Ok(());
    }
    Err(IdError::InvalidPart {
        kind: IdKind::Rfc,
        part: "year",
        value: date.year().to_string(),
        expected: "must be between 1900 and 2099: an RFC keeps only two digits of the year",
    })
}

fn check_build_homonym(homonym: &str) -> Result<(), IdError> {
    let chars: Vec<char> = homonym.chars().collect();
    if let [first, second] = chars[..] {
        if is_homonym_first(first) && is_homonym_second(second) {
            return Ok(());
        }
    }
    Err(IdError::InvalidPart {
        kind: IdKind::Rfc,
        part: "homonym code",
        value: homonym.to_string(),
        expected: "must be 2 characters: 1-9 or A-V, then 1-9 or A-Z",
    })
}

/// Number of letters for an RFC of `len` characters (12 -> 3, 13 -> 4).
fn letters_len(len: usize) -> Result<usize, IdError> {
    match len {
        12 => Ok(3),
        13 => Ok(4),
        found => Err(IdError::Length {
            kind: IdKind::Rfc,
            found,
        }),
    }
}

fn generic_warning(code: &str) -> Option<IdWarning> {
    GENERIC
        .iter()
        .find(|(rfc, _)| *rfc == code)
        .map(|(rfc, meaning)| IdWarning::RfcGeneric {
            rfc: rfc.to_string(),
            meaning,
        })
}

/// Checks every position's character class; the first mismatch is the error.
fn check_structure(chars: &[char], letters: usize) -> Result<(), IdError> {
    let letter_rule = if letters == 3 {
        "must be a letter (A-Z, Ñ or &): a legal entity's 12-character RFC starts with 3 letters"
    } else {
        "must be a letter (A-Z, Ñ or &): an individual's 13-character RFC starts with 4 letters"
    };
    for (i, &c) in chars.iter().enumerate() {
        let (ok, rule) = match i.checked_sub(letters) {
            None => (is_letter(c), letter_rule),
            Some(0..=5) => (
                c.is_ascii_digit(),
                "must be a digit: the 6 characters after the letters are the date, YYMMDD",
            ),
            Some(6) => (
                is_homonym_first(c),
                "must be 1-9 or A-V: the homoclave's first character",
            ),
            Some(7) => (
                is_homonym_second(c),
                "must be 1-9 or A-Z: the homoclave's second character",
            ),
            Some(_) => (is_check_char(c), "must be 0-9 or A: the check digit"),
        };
        if !ok {
            return Err(structure(i, c, rule));
        }
    }
    Ok(())
}

fn structure(index: usize, found: char, expected: &'static str) -> IdError {
    IdError::Structure {
        kind: IdKind::Rfc,
        position: index + 1,
        found,
        expected,
    }
}

/// Reads `YYMMDD` in both centuries; valid if it is a date in either. Returns (earliest, latest).
fn resolve_date(digits: &[char]) -> Result<(NaiveDate, NaiveDate), IdError> {
    let text: String = digits.iter().collect();
    let invalid = |reason: String| IdError::Date {
        kind: IdKind::Rfc,
        digits: text.clone(),
        reason,
    };
    let [y1, y2, m1, m2, d1, d2] = digits else {
        return Err(invalid("it must have 6 digits".to_string()));
    };
    let (Some(yy), Some(mm), Some(dd)) = (two_digits(*y1, *y2), two_digits(*m1, *m2), two_digits(*d1, *d2)) else {
        return Err(invalid("it must have 6 digits".to_string()));
    };
    let (old, new) = (1900 + yy as i32, 2000 + yy as i32);
    let in_1900s = NaiveDate::from_ymd_opt(old, mm, dd);
    let in_2000s = NaiveDate::from_ymd_opt(new, mm, dd);
    match (in_1900s, in_2000s) {
        (Some(a), Some(b)) => Ok((a, b)),
        (Some(a), None) => Ok((a, a)),
        (None, Some(b)) => Ok((b, b)),
        (None, None) => Err(invalid(date_problem(mm, dd, &[old, new]))),
    }
}

/// The mismatch warning, if the last character is not the computed check digit.
fn check_digit_warning(chars: &[char]) -> Option<IdWarning> {
    let (&found, body) = chars.split_last()?;
    let expected = check_digit_of(body)?;
    (expected != found).then_some(IdWarning::RfcCheckDigit { found, expected })
}

/// The check digit (§8.1): left-pad to 12 with spaces, weights 13 down to 2,
/// `dictionary[(11 - sum mod 11) mod 11]`. `None` if a character is not in the dictionary or the body
/// is longer than 12.
fn check_digit_of(body: &[char]) -> Option<char> {
    let pad = 12usize.checked_sub(body.len())?;
    let padded = std::iter::repeat_n(' ', pad).chain(body.iter().copied());
    let mut sum = 0u32;
    for (weight, c) in (2..=13u32).rev().zip(padded) {
        sum += dictionary_value(c)? * weight;
    }
    DICTIONARY.chars().nth(((11 - sum % 11) % 11) as usize)
}

fn dictionary_value(c: char) -> Option<u32> {
    DICTIONARY
        .chars()
        .position(|d| d == c)
        .and_then(|i| u32::try_from(i).ok())
}

fn is_letter(c: char) -> bool {
    c.is_ascii_uppercase() || c == 'Ñ' || c == '&'
}

fn is_homonym_first(c: char) -> bool {
    matches!(c, '1'..='9' | 'A'..='V')
}

fn is_homonym_second(c: char) -> bool {
    matches!(c, '1'..='9' | 'A'..='Z')
}

fn is_check_char(c: char) -> bool {
    c.is_ascii_digit() || c == 'A'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn err(input: &str) -> IdError {
        Rfc::parse(input).unwrap_err()
    }

    #[test]
    fn verified_examples_are_valid() {
        let c = Rfc::parse("GODE561231GR8").unwrap();
        assert!(c.warnings.is_empty());
        assert!(!c.value.is_legal_entity());
        assert_eq!(c.value.letters(), "GODE");
        assert_eq!(c.value.homoclave(), "GR8");
        assert_eq!(c.value.date(day(2026, 1, 1)), day(1956, 12, 31));

        let c = Rfc::parse("MAB9307148T4").unwrap();
        assert!(c.warnings.is_empty());
        assert!(c.value.is_legal_entity());
        assert_eq!(c.value.letters(), "MAB");
        assert_eq!(c.value.date_digits(), "930714");
        assert_eq!(c.value.check_digit(), '4');
        assert_eq!(c.value.to_string(), "MAB9307148T4");
    }

    #[test]
    fn check_digits_of_examples() {
        assert_eq!(compute_check_digit("GODE561231GR").unwrap(), '8');
        assert_eq!(compute_check_digit("MAB9307148T").unwrap(), '4');
        assert_eq!(compute_check_digit("mab-930714-8t").unwrap(), '4');
        assert_eq!(compute_check_digit("MAB930714").unwrap_err().code(), "rfc.part");
        assert_eq!(compute_check_digit("MAB93071é8T").unwrap_err().code(), "rfc.structure");
    }

    #[test]
    fn normalizes_separators_and_case() {
        let c = Rfc::parse(" mab-930714-8t4 ").unwrap();
        assert_eq!(c.value.as_str(), "MAB9307148T4");
    }

    #[test]
    fn accepts_n_tilde_and_ampersand() {
        let rfc = build("ÑA&", day(2001, 2, 3), "A1").unwrap();
        assert_eq!(rfc.letters(), "ÑA&");
        let lower = rfc.as_str().to_lowercase();
        let c = Rfc::parse(&lower).unwrap();
        assert_eq!(c.value, rfc);
        assert!(c.warnings.is_empty());
    }

    #[test]
    fn generic_rfcs_are_accepted_with_a_warning() {
        for code in ["XAXX010101000", "XEXX010101000"] {
            let c = Rfc::parse(code).unwrap();
            assert!(c.value.is_generic());
            assert!(!c.value.is_legal_entity());
            assert_eq!(c.warnings.len(), 1);
            assert_eq!(c.warnings[0].code(), "rfc.generic");
            assert_eq!(c.value.details(day(2026, 1, 1))["generic"], "true");
        }
        // They are special cases: the homoclave "000" breaks the homonym pattern, and XAXX's check digit
        // by the algorithm would be 4 (XEXX's is 0), yet no check-digit warning is given for them.
        assert_eq!(compute_check_digit("XAXX01010100").unwrap(), '4');
        assert_eq!(compute_check_digit("XEXX01010100").unwrap(), '0');
    }

    #[test]
    fn length_errors() {
        let e = err("MAB930714");
        assert_eq!(e.code(), "rfc.length");
        let e = err("MAB9307148T");
        assert_eq!(
            e.to_string(),
            "RFC has 11 characters; a legal entity's has 12 and an individual's 13"
        );
        assert!(err("GODE561231")
            .to_string()
            .contains("without its 3-character homoclave"));
        assert_eq!(err("").to_string(), "the RFC is empty");
    }

    #[test]
    fn structure_errors() {
        let e = err("MA19307148T4");
        assert_eq!(e.code(), "rfc.structure");
        assert_eq!(
            e.to_string(),
            "character 3 of the RFC is '1' but must be a letter (A-Z, Ñ or &): \
             a legal entity's 12-character RFC starts with 3 letters"
        );
        assert_eq!(err("MAB93O7148T4").code(), "rfc.structure");
        assert!(err("MAB9307140T4").to_string().contains("homoclave's first character"));
        assert!(err("MAB930714W14").to_string().contains("homoclave's first character"));
        assert_eq!(err("MAB9307148-4").code(), "rfc.length"); // '-' is a separator
        assert!(err("MAB9307148TB").to_string().contains("check digit"));
        assert!(err("MAB9307148#4").to_string().contains("second character"));
        assert_eq!(err("MAÉ9307148T4").code(), "rfc.structure");
    }

    #[test]
    fn impossible_dates_are_errors() {
        let e = err("MAB9302308T4");
        assert_eq!(e.code(), "rfc.date");
        assert_eq!(
            e.to_string(),
            "the RFC's date part 930230 (YYMMDD) is not a calendar date: month 02 has no day 30"
        );
        assert!(err("MAB9313018T4").to_string().contains("no month 13"));
        assert!(err("MAB9301008T4").to_string().contains("no day 00"));
        let e = err("MAB0102298T4");
        assert!(e.to_string().contains("1901 or 2001"), "{e}");
    }

    #[test]
    fn feb_29_valid_in_either_century() {
        // 2000 is a leap year, 1900 is not: only the 2000s reading exists.
        let rfc = build("ABC", day(2000, 2, 29), "11").unwrap();
        assert_eq!(rfc.date(day(2026, 1, 1)), day(2000, 2, 29));
        assert_eq!(rfc.date(day(1990, 1, 1)), day(2000, 2, 29));
        // 1996 and 2096 are both leap years.
        let rfc = build("ABC", day(1996, 2, 29), "11").unwrap();
        assert_eq!(rfc.date(day(2026, 1, 1)), day(1996, 2, 29));
    }

    #[test]
    fn century_is_most_recent_not_in_future() {
        let rfc = build("ABCD", day(2020, 5, 1), "11").unwrap();
        assert_eq!(rfc.date(day(2026, 1, 1)), day(2020, 5, 1));
        assert_eq!(rfc.date(day(2019, 1, 1)), day(1920, 5, 1));
        assert_eq!(rfc.date(day(2020, 5, 1)), day(2020, 5, 1));
    }

    #[test]
    fn wrong_check_digit_is_a_warning() {
        let c = Rfc::parse("GODE561231GR7").unwrap();
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].code(), "rfc.check_digit");
        assert_eq!(
            c.warnings[0].to_string(),
            "check digit is 7 but the rest of the RFC gives 8; \
             about 1.5% of RFCs in use fail this check, so it is only a warning"
        );
    }

    #[test]
    fn builder_rejects_bad_parts() {
        assert_eq!(build("AB", day(2000, 1, 1), "11").unwrap_err().code(), "rfc.part");
        assert_eq!(build("AB1", day(2000, 1, 1), "11").unwrap_err().code(), "rfc.part");
        assert_eq!(build("ABC", day(1899, 1, 1), "11").unwrap_err().code(), "rfc.part");
        assert_eq!(build("ABC", day(2000, 1, 1), "W1").unwrap_err().code(), "rfc.part");
        assert_eq!(build("ABC", day(2000, 1, 1), "0A").unwrap_err().code(), "rfc.part");
        assert_eq!(build("ABC", day(2000, 1, 1), "1").unwrap_err().code(), "rfc.part");
    }

    #[test]
    fn serde_as_string() {
        let rfc = Rfc::parse("MAB9307148T4").unwrap().value;
        let json = serde_json::to_string(&rfc).unwrap();
        assert_eq!(json, "\"MAB9307148T4\"");
        let back: Rfc = serde_json::from_str("\"mab930714-8t4\"").unwrap();
        assert_eq!(back, rfc);
        assert!(serde_json::from_str::<Rfc>("\"MAB\"").is_err());
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..73_049).prop_map(|n| day(1900, 1, 1) + chrono::Duration::days(n))
    }

    fn arb_built() -> impl Strategy<Value = (String, NaiveDate, String, Rfc)> {
        ("[A-ZÑ&]{3,4}", arb_date(), "[1-9A-V][1-9A-Z]").prop_map(|(letters, date, homonym)| {
            let rfc = build(&letters, date, &homonym).unwrap();
            (letters, date, homonym, rfc)
        })
    }

    proptest! {
        #[test]
        fn built_rfcs_parse_cleanly_and_round_trip((letters, date, homonym, rfc) in arb_built()) {
            let checked = Rfc::parse(rfc.as_str()).unwrap();
            prop_assert!(checked.warnings.is_empty());
            prop_assert_eq!(&checked.value, &rfc);
            prop_assert_eq!(rfc.letters(), letters.as_str());
            prop_assert_eq!(rfc.is_legal_entity(), letters.chars().count() == 3);
            prop_assert_eq!(&rfc.homoclave()[..2], homonym.as_str());
            // With the date itself as "today", the century resolves back to it.
            prop_assert_eq!(rfc.date(date), date);
            let shown = rfc.to_string();
            prop_assert_eq!(Rfc::parse(&shown).unwrap().value, rfc);
        }

        #[test]
        fn changed_check_digit_gives_one_warning((_l, _d, _h, rfc) in arb_built(), other in "[0-9A]") {
            let other = other.chars().next().unwrap();
            prop_assume!(other != rfc.check_digit());
            let mut text = rfc.as_str().to_string();
            text.pop();
            text.push(other);
            let checked = Rfc::parse(&text).unwrap();
            prop_assert_eq!(checked.warnings.len(), 1);
            prop_assert_eq!(checked.warnings[0].code(), "rfc.check_digit");
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Rfc::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "[A-ZÑñ&a-z0-9é #-]{8,16}") {
            if let Ok(c) = Rfc::parse(&s) {
                let again = Rfc::parse(c.value.as_str()).unwrap();
                prop_assert_eq!(again.value, c.value);
                prop_assert_eq!(again.warnings, c.warnings);
            }
        }

        #[test]
        fn normalization_is_idempotent((_l, _d, _h, rfc) in arb_built(), sep in "[ .-]{0,2}") {
            let messy = format!("{sep}{}{sep}", rfc.as_str().to_lowercase());
            let once = Rfc::parse(&messy).unwrap().value;
            let twice = Rfc::parse(once.as_str()).unwrap().value;
            prop_assert_eq!(&once, &rfc);
            prop_assert_eq!(twice, once);
        }
    }
}
