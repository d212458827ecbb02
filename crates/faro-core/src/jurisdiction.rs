//! Jurisdictions: the federal authority or one of the 32 states (INEGI state codes 01-32).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::DomainError;

/// An INEGI state code, 1..=32. Built only through [`StateCode::new`] or parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StateCode(u8);

impl StateCode {
    pub fn new(code: u8) -> Result<Self, DomainError> {
        if (1..=32).contains(&code) {
            Ok(Self(code))
        } else {
            Err(DomainError::new(
                "state_code.invalid",
                format!("state code {code} is not between 01 and 32"),
            )
            .with("value", code.to_string()))
        }
    }
    pub fn number(self) -> u8 {
        self.0
    }
    /// Two digits, as INEGI writes it ("09").
    pub fn as_str(self) -> String {
        format!("{:02}", self.0)
    }
    pub fn all() -> impl Iterator<Item = StateCode> {
        (1..=32).map(StateCode)
    }
}

impl FromStr for StateCode {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let n: u8 = t.parse().map_err(|_| {
            DomainError::new("state_code.invalid", format!("'{t}' is not a state code (01-32)")).with("value", t)
        })?;
        StateCode::new(n)
    }
}

impl TryFrom<String> for StateCode {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<StateCode> for String {
    fn from(s: StateCode) -> String {
        s.as_str()
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

/// Where an authority acts, and where a record belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Jurisdiction {
    Federal,
    State(StateCode),
}

impl Jurisdiction {
    /// The stored form: "federal" or the two-digit state code.
    pub fn code(self) -> String {
        match self {
            Jurisdiction::Federal => "federal".to_string(),
            Jurisdiction::State(s) => s.as_str(),
        }
    }
    pub fn state(self) -> Option<StateCode> {
        match self {
            Jurisdiction::Federal => None,
            Jurisdiction::State(s) => Some(s),
        }
    }
    /// Does an authority of this jurisdiction act over a record in `record`?
    /// The federal authority acts everywhere; a state only in its own state.
    pub fn covers(self, record: Jurisdiction) -> bool {
        match self {
            Jurisdiction::Federal => true,
            Jurisdiction::State(s) => record == Jurisdiction::State(s),
        }
    }
}

impl FromStr for Jurisdiction {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("federal") {
            Ok(Jurisdiction::Federal)
        } else {
            t.parse::<StateCode>().map(Jurisdiction::State).map_err(|_| {
                DomainError::new(
                    "jurisdiction.invalid",
                    format!("'{t}' is not a jurisdiction: use 'federal' or a state code 01-32"),
                )
                .with("value", t)
            })
        }
    }
}

impl TryFrom<String> for Jurisdiction {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Jurisdiction> for String {
    fn from(j: Jurisdiction) -> String {
        j.code()
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        assert_eq!("federal".parse::<Jurisdiction>().unwrap(), Jurisdiction::Federal);
        let j: Jurisdiction = "09".parse().unwrap();
        assert_eq!(j.code(), "09");
        assert!("33".parse::<Jurisdiction>().is_err());
        assert!("00".parse::<Jurisdiction>().is_err());
        assert!("x".parse::<Jurisdiction>().is_err());
    }

    #[test]
    fn federal_covers_all_states_cover_themselves() {
        let cdmx = Jurisdiction::State(StateCode::new(9).unwrap());
        let jal = Jurisdiction::State(StateCode::new(14).unwrap());
        assert!(Jurisdiction::Federal.covers(cdmx));
        assert!(cdmx.covers(cdmx));
        assert!(!cdmx.covers(jal));
        assert!(!cdmx.covers(Jurisdiction::Federal));
    }
}
