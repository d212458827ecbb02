//! CURP, the RENAPO population registry code (law digest §8.2).
//!
//! 18 characters: 4 initials `[A-Z]`, birth date `YYMMDD`, sex (`H` hombre, `M` mujer), 2-letter state of
//! birth (RENAPO code, `NE` for born abroad), 3 internal consonants `[A-Z]`, a homonym differentiator (a
//! digit for births up to 1999, a letter from 2000, which also gives the century) and a check digit.
//! A wrong check digit is an error. Sex `X` is accepted with a warning (reported, not confirmed).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{date_problem, normalize, two_digits, Checked, IdError, IdKind, IdWarning};

/// Check-digit dictionary: a character's value is its index (& = 24 stands for RENAPO's Ñ, which a CURP
/// never contains).
const DICTIONARY: &str = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";

/// RENAPO state-of-birth codes (§8.2) and names.
pub const STATES: [(&str, &str); 33] = [
    ("AS", "Aguascalientes"),
    ("BC", "Baja California"),
    ("BS", "Baja California Sur"),
    ("CC", "Campeche"),
    ("CL", "Coahuila"),
    ("CM", "Colima"),
    ("CS", "Chiapas"),
    ("CH", "Chihuahua"),
    ("DF", "Ciudad de México"),
    ("DG", "Durango"),
    ("GT", "Guanajuato"),
    ("GR", "Guerrero"),
    ("HG", "Hidalgo"),
    ("JC", "Jalisco"),
    ("MC", "Estado de México"),
    ("MN", "Michoacán"),
    ("MS", "Morelos"),
    ("NT", "Nayarit"),
    ("NL", "Nuevo León"),
    ("OC", "Oaxaca"),
    ("PL", "Puebla"),
    ("QT", "Querétaro"),
    ("QR", "Quintana Roo"),
    ("SP", "San Luis Potosí"),
    ("SL", "Sinaloa"),
    ("SR", "Sonora"),
    ("TC", "Tabasco"),
    ("TS", "Tamaulipas"),
    ("TL", "Tlaxcala"),
    ("VZ", "Veracruz"),
    ("YN", "Yucatán"),
    ("ZS", "Zacatecas"),
    ("NE", "born abroad"),
];

/// Sex as written in the CURP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// `H` (hombre).
    Male,
    /// `M` (mujer).
    Female,
    /// `X`: reported for new CURPs, not confirmed; parsing it gives a warning.
    X,
}

impl Sex {
    /// The CURP letter: H, M or X.
    pub fn letter(self) -> char {
        match self {
            Sex::Male => 'H',
            Sex::Female => 'M',
            Sex::X => 'X',
        }
    }

    /// "male", "female" or "x".
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::X => "x",
        }
    }

    fn from_letter(c: char) -> Option<Sex> {
        match c {
            'H' => Some(Sex::Male),
            'M' => Some(Sex::Female),
            'X' => Some(Sex::X),
            _ => None,
        }
    }
}

/// A valid CURP, upper case, without separators. Built only by [`Curp::parse`] or [`build`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Curp {
    code: String,
    birth_date: NaiveDate,
}

impl Curp {
    /// Parses a CURP: normalizes (separators removed, upper case), then checks the length, the structure,
    /// the sex, the state code, the birth date and the check digit; the first problem is the error.
    pub fn parse(input: &str) -> Result<Checked<Curp>, IdError> {
        let code = normalize(input);
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(IdError::Length {
                kind: IdKind::Curp,
                found: chars.len(),
            });
        }
        check_structure(&chars)?;
        let sex = Sex::from_letter(chars[10]).ok_or(IdError::Sex { found: chars[10] })?;
        check_state(&chars[11..13])?;
        let birth_date = birth_date(&chars)?;
        check_digit_matches(&chars)?;
        let warnings = if sex == Sex::X {
            vec![IdWarning::CurpSexX]
        } else {
            Vec::new()
        };
        Ok(Checked {
            value: Curp { code, birth_date },
            warnings,
        })
    }

    /// The CURP, upper case, without separators.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// The birth date; the century comes from the homonym differentiator.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The sex.
    pub fn sex(&self) -> Sex {
        self.code.chars().nth(10).and_then(Sex::from_letter).unwrap_or(Sex::X)
    }

    /// The RENAPO state-of-birth code, such as "DF" or "NE" (born abroad).
    pub fn state_code(&self) -> &str {
        self.code.get(11..13).unwrap_or("")
    }

    /// The state's name ("born abroad" for NE).
    pub fn state_name(&self) -> &'static str {
        state_name(self.state_code()).unwrap_or("")
    }

    /// The 4 initials.
    pub fn initials(&self) -> &str {
        self.code.get(..4).unwrap_or("")
    }

    /// The homonym differentiator (character 17).
    pub fn differentiator(&self) -> char {
        self.code.chars().nth(16).unwrap_or('0')
    }

    /// The check digit (character 18).
    pub fn check_digit(&self) -> char {
        self.code.chars().nth(17).unwrap_or('0')
    }

    /// What the CURP says, for a [`super::CheckReport`].
    pub(crate) fn details(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("birth_date".to_string(), self.birth_date.to_string()),
            ("sex".to_string(), self.sex().as_str().to_string()),
            ("state_of_birth".to_string(), self.state_code().to_string()),
            ("state_of_birth_name".to_string(), self.state_name().to_string()),
        ])
    }
}

impl fmt::Display for Curp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// Parses and drops the warnings; use [`Curp::parse`] to see them.
impl FromStr for Curp {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Curp::parse(s).map(|checked| checked.value)
    }
}

impl TryFrom<String> for Curp {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Curp> for String {
    fn from(curp: Curp) -> String {
        curp.code
    }
}

/// The name of a RENAPO state code.
pub fn state_name(code: &str) -> Option<&'static str> {
    STATES.iter().find(|(c, _)| *c == code).map(|(_, name)| *name)
}

/// The parts of a CURP, for [`build`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurpParts<'a> {
    /// 4 letters A-Z.
    pub initials: &'a str,
    /// Year 1900-2099.
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// A RENAPO code from [`STATES`].
    pub state: &'a str,
    /// 3 letters A-Z.
    pub consonants: &'a str,
    /// A digit for births before 2000, a letter A-Z from 2000.
    pub differentiator: char,
}

/// Computes the check digit (`0`-`9`) from the first 17 characters (input is normalized first).
pub fn compute_check_digit(first_17: &str) -> Result<char, IdError> {
    let body = normalize(first_17);
    let chars: Vec<char> = body.chars().collect();
    if chars.len() != 17 {
        return Err(invalid_part(
            "CURP without check digit",
            body,
            "must have 17 characters",
        ));
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| dictionary_value(**c).is_none()) {
        return Err(structure(i, c, "must be A-Z or a digit"));
    }
    check_digit_of(&chars).ok_or_else(|| structure(0, ' ', "must be A-Z or a digit"))
}

/// Builds a valid CURP from its parts and appends the check digit. Sex X is allowed, but parsing the
/// result gives a warning.
pub fn build(parts: &CurpParts<'_>) -> Result<Curp, IdError> {
    let initials = letters_part("initials", parts.initials, 4, "must be 4 letters A-Z")?;
    let consonants = letters_part("consonants", parts.consonants, 3, "must be 3 letters A-Z")?;
    let state = normalize(parts.state);
    if state_name(&state).is_none() {
        return Err(invalid_part(
            "state",
            state,
            "must be a RENAPO code such as DF, JC or NE",
        ));
    }
    check_differentiator(parts.birth_date, parts.differentiator)?;
    let date = parts.birth_date;
    let body = format!(
        "{initials}{:02}{:02}{:02}{}{state}{consonants}{}",
        date.year().rem_euclid(100),
        date.month(),
        date.day(),
        parts.sex.letter(),
        parts.differentiator
    );
    let check = compute_check_digit(&body)?;
    Curp::parse(&format!("{body}{check}")).map(|checked| checked.value)
}

/// Normalizes a letters-only part and checks its length.
fn letters_part(part: &'static str, value: &str, len: usize, expected: &'static str) -> Result<String, IdError> {
    let value = normalize(value);
    if value.len() == len && value.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(value)
    } else {
        Err(invalid_part(part, value, expected))
    }
}

/// The differentiator must match the century of the birth date (1900-2099).
fn check_differentiator(date: NaiveDate, differentiator: char) -> Result<(), IdError> {
    let ok = match date.year() {
        1900..=1999 => differentiator.is_ascii_digit(),
        2000..=2099 => differentiator.is_ascii_uppercase(),
        year => {
            return Err(invalid_part(
                "birth year",
                year.to_string(),
                "must be between 1900 and 2099",
            ))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(invalid_part(
            "homonym differentiator",
            differentiator.to_string(),
            "must be a digit 0-9 for a birth before 2000 and a letter A-Z from 2000",
        ))
    }
}

fn invalid_part(part: &'static str, value: String, expected: &'static str) -> IdError {
    IdError::InvalidPart {
        kind: IdKind::Curp,
        part,
        value,
        expected,
    }
}

/// Checks every position's character class (the sex and the state code are checked later).
fn check_structure(chars: &[char]) -> Result<(), IdError> {
    for (i, &c) in chars.iter().enumerate() {
        let (ok, rule) = match i {
            0..=3 => (
                c.is_ascii_uppercase(),
                letter_rule(c, "must be a letter A-Z: the first 4 characters are initials"),
            ),
            4..=9 => (
                c.is_ascii_digit(),
                "must be a digit: characters 5-10 are the birth date, YYMMDD",
            ),
            10 => (true, ""),
            11..=12 => (
                c.is_ascii_uppercase(),
                letter_rule(c, "must be a letter A-Z: characters 12-13 are the state of birth"),
            ),
            13..=15 => (
                c.is_ascii_uppercase(),
                letter_rule(c, "must be a letter A-Z: characters 14-16 are consonants of the name"),
            ),
            16 => (
                c.is_ascii_digit() || c.is_ascii_uppercase(),
                "must be a digit or a letter A-Z: the homonym differentiator",
            ),
            _ => (c.is_ascii_digit(), "must be a digit: the check digit"),
        };
        if !ok {
            return Err(structure(i, c, rule));
        }
    }
    Ok(())
}

/// The rule for a letter position, or a hint that a CURP writes Ñ as X when that is what was found.
fn letter_rule(found: char, rule: &'static str) -> &'static str {
    if found == 'Ñ' {
        "must be a letter A-Z: a CURP writes Ñ as X"
    } else {
        rule
    }
}

fn structure(index: usize, found: char, expected: &'static str) -> IdError {
    IdError::Structure {
        kind: IdKind::Curp,
        position: index + 1,
        found,
        expected,
    }
}

fn check_state(code: &[char]) -> Result<(), IdError> {
    let code: String = code.iter().collect();
    match state_name(&code) {
        Some(_) => Ok(()),
        None => Err(IdError::State { found: code }),
    }
}

/// The birth date from characters 5-10, with the century from the differentiator (character 17).
fn birth_date(chars: &[char]) -> Result<NaiveDate, IdError> {
    let digits: String = chars.get(4..10).unwrap_or_default().iter().collect();
    let century = if chars.get(16).is_some_and(char::is_ascii_digit) {
        1900
    } else {
        2000
    };
    let date_of = |i: usize| chars.get(i..i + 2).and_then(|p| two_digits(p[0], p[1]));
    let (Some(yy), Some(mm), Some(dd)) = (date_of(4), date_of(6), date_of(8)) else {
        return Err(IdError::Date {
            kind: IdKind::Curp,
            digits,
            reason: "it must have 6 digits".to_string(),
        });
    };
    let year = century + yy as i32;
    NaiveDate::from_ymd_opt(year, mm, dd).ok_or_else(|| IdError::Date {
        kind: IdKind::Curp,
        reason: format!(
            "{} (the homonym differentiator places the birth in the {century}s)",
            date_problem(mm, dd, &[year])
        ),
        digits,
    })
}

fn check_digit_matches(chars: &[char]) -> Result<(), IdError> {
    let Some((&found, body)) = chars.split_last() else {
        return Ok(());
    };
    match check_digit_of(body) {
        Some(expected) if expected != found => Err(IdError::CheckDigit {
            kind: IdKind::Curp,
            found,
            expected,
        }),
        _ => Ok(()),
    }
}

/// The check digit (§8.2): weights 18 down to 2 over 17 characters, `(10 - sum mod 10) mod 10`.
/// `None` if the body does not have 17 characters from the dictionary.
fn check_digit_of(body: &[char]) -> Option<char> {
    if body.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (weight, &c) in (2..=18u32).rev().zip(body) {
        sum += dictionary_value(c)? * weight;
    }
    char::from_digit((10 - sum % 10) % 10, 10)
}

fn dictionary_value(c: char) -> Option<u32> {
    DICTIONARY
        .chars()
        .position(|d| d == c)
        .and_then(|i| u32::try_from(i).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn err(input: &str) -> IdError {
        Curp::parse(input).unwrap_err()
    }

    /// Replaces the check digit with the right one, to test the other rules in isolation.
    fn fixed(first_17: &str) -> String {
        format!("{first_17}{}", compute_check_digit(first_17).unwrap())
    }

    #[test]
    fn verified_example_is_valid() {
        let c = Curp::parse("BOXW310820HNERXN09").unwrap();
        assert!(c.warnings.is_empty());
        let curp = c.value;
        assert_eq!(curp.birth_date(), day(1931, 8, 20));
        assert_eq!(curp.sex(), Sex::Male);
        assert_eq!(curp.state_code(), "NE");
        assert_eq!(curp.state_name(), "born abroad");
        assert_eq!(curp.initials(), "BOXW");
        assert_eq!(curp.differentiator(), '0');
        assert_eq!(curp.check_digit(), '9');
        assert_eq!(compute_check_digit("BOXW310820HNERXN0").unwrap(), '9');
    }

    #[test]
    fn normalizes() {
        let c = Curp::parse(" boxw-310820-hnerxn-09 ").unwrap();
        assert_eq!(c.value.as_str(), "BOXW310820HNERXN09");
    }

    #[test]
    fn has_33_distinct_states() {
        let mut codes: Vec<&str> = STATES.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 33);
    }

    #[test]
    fn length_error() {
        let e = err("BOXW310820HNERXN0");
        assert_eq!(e.code(), "curp.length");
        assert_eq!(e.to_string(), "CURP has 17 characters; it must have 18");
    }

    #[test]
    fn structure_errors() {
        let e = err("B0XW310820HNERXN09");
        assert_eq!(e.code(), "curp.structure");
        assert_eq!(
            e.to_string(),
            "character 2 of the CURP is '0' but must be a letter A-Z: the first 4 characters are initials"
        );
        assert!(err("BOÑW310820HNERXN09").to_string().contains("writes Ñ as X"));
        assert!(err("BOXW31O820HNERXN09").to_string().contains("birth date"));
        assert!(err("BOXW310820HNERXN#9").to_string().contains("homonym differentiator"));
        assert!(err("BOXW310820HNERXN0A").to_string().contains("check digit"));
        assert!(err("BOXW310820HN1RXN09").to_string().contains("state of birth"));
        assert!(err("BOXW310820HNER1N09").to_string().contains("consonants"));
    }

    #[test]
    fn sex_rules() {
        let e = err(&fixed("BOXW310820QNERXN0"));
        assert_eq!(e.code(), "curp.sex");
        let c = Curp::parse(&fixed("BOXW310820XNERXN0")).unwrap();
        assert_eq!(c.value.sex(), Sex::X);
        assert_eq!(c.warnings, vec![IdWarning::CurpSexX]);
        assert_eq!(c.warnings[0].code(), "curp.sex_x");
        let c = Curp::parse(&fixed("BOXW310820MNERXN0")).unwrap();
        assert_eq!(c.value.sex(), Sex::Female);
    }

    #[test]
    fn unknown_state_is_an_error() {
        let e = err(&fixed("BOXW310820HXXRXN0"));
        assert_eq!(e.code(), "curp.state");
        assert!(e.to_string().contains("'XX'"));
    }

    #[test]
    fn impossible_date_is_an_error() {
        let e = err(&fixed("BOXW310230HNERXN0"));
        assert_eq!(e.code(), "curp.date");
        assert_eq!(
            e.to_string(),
            "the CURP's date part 310230 (YYMMDD) is not a calendar date: month 02 has no day 30 \
             (the homonym differentiator places the birth in the 1900s)"
        );
        // 29 February: 2000 is a leap year, 1900 is not; the differentiator decides.
        assert!(Curp::parse(&fixed("BOXW000229HNERXNA")).is_ok());
        let e = err(&fixed("BOXW000229HNERXN0"));
        assert!(e.to_string().contains("does not exist in 1900"), "{e}");
    }

    #[test]
    fn century_from_differentiator() {
        let c = Curp::parse(&fixed("BOXW050101HDFRXNA")).unwrap();
        assert_eq!(c.value.birth_date(), day(2005, 1, 1));
        let c = Curp::parse(&fixed("BOXW050101HDFRXN5")).unwrap();
        assert_eq!(c.value.birth_date(), day(1905, 1, 1));
    }

    #[test]
    fn wrong_check_digit_is_an_error() {
        let e = err("BOXW310820HNERXN08");
        assert_eq!(e.code(), "curp.check_digit");
        assert_eq!(
            e.to_string(),
            "the CURP's check digit is 8 but the rest of the CURP gives 9; a character is probably mistyped"
        );
    }

    #[test]
    fn builder_rejects_bad_parts() {
        let good = CurpParts {
            initials: "BOXW",
            birth_date: day(1931, 8, 20),
            sex: Sex::Male,
            state: "NE",
            consonants: "RXN",
            differentiator: '0',
        };
        assert_eq!(build(&good).unwrap().as_str(), "BOXW310820HNERXN09");
        let cases = [
            CurpParts {
                initials: "BOX",
                ..good.clone()
            },
            CurpParts {
                consonants: "R1N",
                ..good.clone()
            },
            CurpParts {
                state: "ZZ",
                ..good.clone()
            },
            CurpParts {
                differentiator: 'A',
                ..good.clone()
            },
            CurpParts {
                birth_date: day(2100, 1, 1),
                ..good.clone()
            },
        ];
        for parts in cases {
            assert_eq!(build(&parts).unwrap_err().code(), "curp.part", "{parts:?}");
        }
        assert_eq!(compute_check_digit("BOXW").unwrap_err().code(), "curp.part");
    }

    #[test]
    fn serde_as_string() {
        let curp: Curp = "BOXW310820HNERXN09".parse().unwrap();
        assert_eq!(serde_json::to_string(&curp).unwrap(), "\"BOXW310820HNERXN09\"");
        let back: Curp = serde_json::from_str("\"boxw310820hnerxn09\"").unwrap();
        assert_eq!(back, curp);
        assert!(serde_json::from_str::<Curp>("\"BOXW310820HNERXN08\"").is_err());
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..73_049).prop_map(|n| day(1900, 1, 1) + chrono::Duration::days(n))
    }

    fn arb_built() -> impl Strategy<Value = Curp> {
        (
            "[A-Z]{4}",
            arb_date(),
            prop::bool::ANY,
            0usize..33,
            "[A-Z]{3}",
            0u32..26,
        )
            .prop_map(|(initials, birth_date, male, state, consonants, n)| {
                let differentiator = if birth_date.year() < 2000 {
                    char::from_digit(n % 10, 10).unwrap()
                } else {
                    char::from(b'A' + n as u8)
                };
                let parts = CurpParts {
                    initials: &initials,
                    birth_date,
                    sex: if male { Sex::Male } else { Sex::Female },
                    state: STATES[state].0,
                    consonants: &consonants,
                    differentiator,
                };
                let curp = build(&parts).unwrap();
                assert_eq!(curp.birth_date(), birth_date);
                assert_eq!(curp.sex(), parts.sex);
                assert_eq!(curp.state_code(), parts.state);
                curp
            })
    }

    proptest! {
        #[test]
        fn built_curps_parse_cleanly_and_round_trip(curp in arb_built()) {
            let checked = Curp::parse(curp.as_str()).unwrap();
            prop_assert!(checked.warnings.is_empty());
            prop_assert_eq!(&checked.value, &curp);
            prop_assert_eq!(Curp::parse(&curp.to_string()).unwrap().value, curp);
        }

        #[test]
        fn changed_check_digit_is_an_error(curp in arb_built(), other in 0u32..10) {
            let other = char::from_digit(other, 10).unwrap();
            prop_assume!(other != curp.check_digit());
            let mut text = curp.as_str().to_string();
            text.pop();
            text.push(other);
            prop_assert_eq!(Curp::parse(&text).unwrap_err().code(), "curp.check_digit");
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Curp::parse(&s);
        }

        #[test]
        fn parse_never_panics_on_near_misses(s in "[A-ZÑa-z0-9é #-]{16,20}") {
            if let Ok(c) = Curp::parse(&s) {
                prop_assert_eq!(Curp::parse(c.value.as_str()).unwrap(), c);
            }
        }

        #[test]
        fn normalization_is_idempotent(curp in arb_built(), sep in "[ .-]{0,2}") {
            let messy = format!("{sep}{}{sep}", curp.as_str().to_lowercase());
            let once = Curp::parse(&messy).unwrap().value;
            let twice = Curp::parse(once.as_str()).unwrap().value;
            prop_assert_eq!(&once, &curp);
            prop_assert_eq!(twice, once);
        }
    }
}
