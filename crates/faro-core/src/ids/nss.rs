//! NSS, the IMSS social security number (law digest §8.3, community sources only).
//!
//! 11 digits: IMSS sub-office (subdelegación, 2), year of registration (2), birth year (2), serial (4) and a
//! Luhn check digit over the first 10. A wrong check digit is an error.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{normalize, Checked, IdError, IdKind};

/// A valid NSS: 11 ASCII digits. Built only by [`Nss::parse`] or [`build`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nss {
    code: String,
}

impl Nss {
    /// Parses an NSS: separators removed, then 11 digits whose last is the Luhn check digit of the others.
    /// An NSS has no warnings today; [`Checked`] keeps the API uniform.
    pub fn parse(input: &str) -> Result<Checked<Nss>, IdError> {
        let code = normalize(input);
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 11 {
            return Err(IdError::Length {
                kind: IdKind::Nss,
                found: chars.len(),
            });
        }
        if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            return Err(not_a_digit(i, c));
        }
        let (&found, body) = chars.split_last().unwrap_or((&'0', &[]));
        let expected = luhn(body).unwrap_or(found);
        if expected != found {
            return Err(IdError::CheckDigit {
                kind: IdKind::Nss,
                found,
                expected,
            });
        }
        Ok(Checked {
            value: Nss { code },
            warnings: Vec::new(),
        })
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// Digits 1-2: the IMSS sub-office (subdelegación).
    pub fn subdelegation(&self) -> &str {
        self.part(0, 2)
    }

    /// Digits 3-4: the two-digit year of registration.
    pub fn registration_year(&self) -> &str {
        self.part(2, 4)
    }

    /// Digits 5-6: the two-digit birth year.
    pub fn birth_year(&self) -> &str {
        self.part(4, 6)
    }

    /// Digits 7-10: the serial number.
    pub fn serial(&self) -> &str {
        self.part(6, 10)
    }

    /// Digit 11.
    pub fn check_digit(&self) -> char {
        self.code.chars().last().unwrap_or('0')
    }

    fn part(&self, start: usize, end: usize) -> &str {
        self.code.get(start..end).unwrap_or("")
    }

    /// What the NSS says, for a [`super::CheckReport`]. Years are the two digits as written.
    pub(crate) fn details(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("subdelegation".to_string(), self.subdelegation().to_string()),
            ("registration_year".to_string(), self.registration_year().to_string()),
            ("birth_year".to_string(), self.birth_year().to_string()),
            ("serial".to_string(), self.serial().to_string()),
        ])
    }
}

impl fmt::Display for Nss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

impl FromStr for Nss {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nss::parse(s).map(|checked| checked.value)
    }
}

impl TryFrom<String> for Nss {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Nss> for String {
    fn from(nss: Nss) -> String {
        nss.code
    }
}

/// Computes the check digit from the first 10 digits (separators are removed first).
pub fn compute_check_digit(first_10: &str) -> Result<char, IdError> {
    let body = normalize(first_10);
    let chars: Vec<char> = body.chars().collect();
    if chars.len() != 10 {
        return Err(invalid_part("first 10 digits", body, "must have 10 digits"));
    }
    if let Some((i, &c)) = chars.iter().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(not_a_digit(i, c));
    }
    luhn(&chars).ok_or_else(|| invalid_part("first 10 digits", body, "must have 10 digits"))
}

/// Builds a valid NSS from its parts (each written with leading zeros) and appends the check digit:
/// `subdelegation`, `registration_year` and `birth_year` are 0-99, `serial` 0-9999.
pub fn build(subdelegation: u8, registration_year: u8, birth_year: u8, serial: u16) -> Result<Nss, IdError> {
    let two = |part: &'static str, n: u8| {
        if n <= 99 {
            Ok(())
        } else {
            Err(invalid_part(part, n.to_string(), "must be 0-99 (two digits)"))
        }
    };
    two("subdelegation", subdelegation)?;
    two("registration year", registration_year)?;
    two("birth year", birth_year)?;
    if serial > 9999 {
        return Err(invalid_part(
            "serial",
            serial.to_string(),
            "must be 0-9999 (four digits)",
        ));
    }
    let body = format!("{subdelegation:02}{registration_year:02}{birth_year:02}{serial:04}");
    let check = compute_check_digit(&body)?;
    Nss::parse(&format!("{body}{check}")).map(|checked| checked.value)
}

fn invalid_part(part: &'static str, value: String, expected: &'static str) -> IdError {
    IdError::InvalidPart {
        kind: IdKind::Nss,
        part,
        value,
        expected,
    }
}

fn not_a_digit(index: usize, found: char) -> IdError {
    IdError::Structure {
        kind: IdKind::Nss,
        position: index + 1,
        found,
        expected: "must be a digit: an NSS has only digits",
    }
}

/// Luhn over the digits (§8.3): weights 1, 2, 1, 2… from the left, the digits of each product added,
/// `(10 - sum mod 10) mod 10`. `None` if a character is not a digit.
fn luhn(digits: &[char]) -> Option<char> {
    let mut sum = 0;
    for (i, c) in digits.iter().enumerate() {
        let product = c.to_digit(10)? * if i % 2 == 0 { 1 } else { 2 };
        sum += product / 10 + product % 10;
    }
    char::from_digit((10 - sum % 10) % 10, 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn verified_example_is_valid() {
        let c = Nss::parse("12345678903").unwrap();
        assert!(c.warnings.is_empty());
        let nss = c.value;
        assert_eq!(nss.subdelegation(), "12");
        assert_eq!(nss.registration_year(), "34");
        assert_eq!(nss.birth_year(), "56");
        assert_eq!(nss.serial(), "7890");
        assert_eq!(nss.check_digit(), '3');
        assert_eq!(compute_check_digit("1234567890").unwrap(), '3');
        assert_eq!(build(12, 34, 56, 7890).unwrap(), nss);
    }

    #[test]
    fn separators_are_removed() {
        assert_eq!(Nss::parse("12-34-56-7890-3").unwrap().value.as_str(), "12345678903");
        assert_eq!(Nss::parse(" 1234 5678 903 ").unwrap().value.as_str(), "12345678903");
    }

    #[test]
    fn length_error() {
        let e = Nss::parse("1234567890").unwrap_err();
        assert_eq!(e.code(), "nss.length");
        assert_eq!(e.to_string(), "NSS has 10 characters; it must have 11 digits");
    }

    #[test]
    fn non_digit_error() {
        let e = Nss::parse("1234567890O").unwrap_err();
        assert_eq!(e.code(), "nss.digits");
        assert_eq!(
            e.to_string(),
            "character 11 of the NSS is 'O' but must be a digit: an NSS has only digits"
        );
        assert_eq!(compute_check_digit("12345X7890").unwrap_err().code(), "nss.digits");
    }

    #[test]
    fn wrong_check_digit_is_an_error() {
        let e = Nss::parse("12345678904").unwrap_err();
        assert_eq!(e.code(), "nss.check_digit");
        assert_eq!(
            e.to_string(),
            "the NSS's check digit is 4 but the rest of the NSS gives 3; a character is probably mistyped"
        );
    }

    #[test]
    fn builder_rejects_bad_parts() {
        assert_eq!(build(100, 0, 0, 0).unwrap_err().code(), "nss.part");
        assert_eq!(build(0, 0, 0, 10_000).unwrap_err().code(), "nss.part");
        assert_eq!(build(0, 0, 0, 0).unwrap().as_str(), "00000000000");
        assert_eq!(compute_check_digit("123").unwrap_err().code(), "nss.part");
    }

    #[test]
    fn serde_as_string() {
        let nss: Nss = "12345678903".parse().unwrap();
        assert_eq!(serde_json::to_string(&nss).unwrap(), "\"12345678903\"");
        assert_eq!(serde_json::from_str::<Nss>("\"1234-5678-903\"").unwrap(), nss);
        assert!(serde_json::from_str::<Nss>("\"12345678904\"").is_err());
    }

    fn arb_built() -> impl Strategy<Value = (u8, u8, u8, u16, Nss)> {
        (0u8..100, 0u8..100, 0u8..100, 0u16..10_000).prop_map(|(s, r, b, n)| (s, r, b, n, build(s, r, b, n).unwrap()))
    }

    proptest! {
        #[test]
        fn built_nss_parse_cleanly_and_round_trip((s, r, b, n, nss) in arb_built()) {
            let checked = Nss::parse(nss.as_str()).unwrap();
            prop_assert!(checked.warnings.is_empty());
            prop_assert_eq!(&checked.value, &nss);
            prop_assert_eq!(nss.subdelegation(), format!("{s:02}"));
            prop_assert_eq!(nss.registration_year(), format!("{r:02}"));
            prop_assert_eq!(nss.birth_year(), format!("{b:02}"));
            prop_assert_eq!(nss.serial(), format!("{n:04}"));
            prop_assert_eq!(Nss::parse(&nss.to_string()).unwrap().value, nss);
        }

        #[test]
        fn changed_check_digit_is_an_error((_s, _r, _b, _n, nss) in arb_built(), other in 0u32..10) {
            let other = char::from_digit(other, 10).unwrap();
            prop_assume!(other != nss.check_digit());
            let mut text = nss.as_str().to_string();
            text.pop();
            text.push(other);
            prop_assert_eq!(Nss::parse(&text).unwrap_err().code(), "nss.check_digit");
        }

        #[test]
        fn single_digit_typos_are_caught((_s, _r, _b, _n, nss) in arb_built(), pos in 0usize..10, delta in 1u32..10) {
            let mut chars: Vec<char> = nss.as_str().chars().collect();
            let d = chars[pos].to_digit(10).unwrap();
            chars[pos] = char::from_digit((d + delta) % 10, 10).unwrap();
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(Nss::parse(&text).unwrap_err().code(), "nss.check_digit");
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = Nss::parse(&s);
        }

        #[test]
        fn normalization_is_idempotent((_s, _r, _b, _n, nss) in arb_built(), sep in "[ .-]{0,2}") {
            let messy = format!("{sep}{}{sep}", nss.as_str());
            let once = Nss::parse(&messy).unwrap().value;
            let twice = Nss::parse(once.as_str()).unwrap().value;
            prop_assert_eq!(&once, &nss);
            prop_assert_eq!(twice, once);
        }
    }
}
