//! The parties of a request: synthetic workers with valid CURPs, and the employer as the
//! registry knows it (or a synthetic stand-in when the caller gives none).
//!
//! A CURP here is derived as RENAPO derives one (NOTES.md 8.2; `faro_core::ids::curp`): the first
//! letter and first inner vowel of the paternal surname, the initial of the maternal surname and
//! of the given name (skipping a leading María or José), the birth date, the sex, the state of
//! birth, the first inner consonant of each name, a homonym differentiator and the check digit.
//! The names are drawn from the demo's lists and the dates at random, so no CURP belongs to
//! anybody on purpose; the differentiator is always 7-9 (births up to 1999) or X-Z (from 2000),
//! values RENAPO seldom reaches, so that a coincidence with a real person's CURP is unlikely too.

use chrono::{Datelike, NaiveDate};
use faro_core::ids::curp::{build, CurpParts, Sex, STATES};
use faro_core::registry::SizeBand;
use faro_core::text::normalize;
use faro_core::{DomainError, StateCode};
use rand::RngCore;

use super::model::plus_days;
use crate::address::{exterior_number, street};
use crate::names::{self, Person};
use crate::random::{below, between, chance, index, unit};

/// The employer as the request names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployerFacts {
    /// The employer's name: a company's name with its legal form, or a person's full name.
    pub name: String,
    /// Its RFC, or empty when unknown.
    pub rfc: String,
    pub legal_entity: bool,
    /// The workplace's address, where the employer is summoned (684-C III).
    pub address: String,
}

/// A synthetic worker (or an individual employer's owner).
#[derive(Debug, Clone)]
pub(crate) struct Worker {
    pub(crate) person: Person,
    pub(crate) curp: String,
    pub(crate) birth: NaiveDate,
    pub(crate) address: String,
}

impl Worker {
    pub(crate) fn name(&self) -> String {
        self.person.full_name()
    }
}

/// Words a CURP skips in names and surnames.
const PARTICLES: &[&str] = &[
    "DA", "DAS", "DE", "DEL", "DER", "DI", "DIE", "DD", "EL", "LA", "LOS", "LAS", "LE", "LES", "MAC", "MC", "VAN",
    "VON", "Y",
];

/// Four-letter words RENAPO does not issue: the second letter becomes X.
#[rustfmt::skip]
const INCONVENIENT: &[&str] = &[
    "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COGI", "COJA", "COJE",
    "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA", "JOTO", "KACA", "KACO", "KAGA",
    "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI", "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO",
    "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO", "NACA",
    "NACO", "PEDA", "PEDO", "PENE", "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO",
    "RUIN", "SENO", "TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI", "WUEY",
];

/// A name as the CURP reads it: upper case, no accents, Ñ as X, particles dropped.
fn curp_words(s: &str) -> Vec<String> {
    normalize(s)
        .split(' ')
        .filter(|w| !w.is_empty() && !PARTICLES.contains(w))
        .map(|w| {
            w.chars()
                .map(|c| if c == 'Ñ' { 'X' } else { c })
                .filter(char::is_ascii_uppercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The given name the CURP uses: the second of a compound name starting with María or José.
fn given_word(given: &str) -> String {
    let words = curp_words(given);
    match words.as_slice() {
        [first, second, ..] if ["MARIA", "MA", "JOSE", "J"].contains(&first.as_str()) => second.clone(),
        [first, ..] => first.clone(),
        [] => "X".to_string(),
    }
}

fn first_letter(w: &str) -> char {
    w.chars().next().unwrap_or('X')
}

fn inner(w: &str, vowel: bool) -> char {
    w.chars().skip(1).find(|c| "AEIOU".contains(*c) == vowel).unwrap_or('X')
}

/// The 4 initials and 3 inner consonants of a person's CURP.
pub(crate) fn curp_letters(p: &Person) -> (String, String) {
    let paternal = curp_words(p.paternal).join("");
    let maternal = curp_words(p.maternal).join("");
    let given = given_word(p.given);
    let mut initials: String = [
        first_letter(&paternal),
        inner(&paternal, true),
        first_letter(&maternal),
        first_letter(&given),
    ]
    .iter()
    .collect();
    if INCONVENIENT.contains(&initials.as_str()) {
        initials.replace_range(1..2, "X");
    }
    let consonants: String = [inner(&paternal, false), inner(&maternal, false), inner(&given, false)]
        .iter()
        .collect();
    (initials, consonants)
}

/// A valid CURP for `p`, born on `birth` in the state of RENAPO code `state`.
pub(crate) fn curp(rng: &mut impl RngCore, p: &Person, birth: NaiveDate, state: &str) -> Result<String, DomainError> {
    let (initials, consonants) = curp_letters(p);
    let differentiator = if birth.year() < 2000 {
        char::from(b'7' + below(rng, 3) as u8)
    } else {
        char::from(b'X' + below(rng, 3) as u8)
    };
    let parts = CurpParts {
        initials: &initials,
        birth_date: birth,
        sex: if p.female { Sex::Female } else { Sex::Male },
        state,
        consonants: &consonants,
        differentiator,
    };
    build(&parts)
        .map(|c| c.as_str().to_string())
        .map_err(|e| DomainError::new("demo.curp", format!("a synthetic CURP was refused: {e}")))
}

/// The RENAPO code of a state of birth: mostly the workplace's state.
fn birth_state(rng: &mut impl RngCore, state: StateCode) -> &'static str {
    let i = if chance(rng, 0.7) {
        usize::from(state.number().saturating_sub(1))
    } else if chance(rng, 0.03) {
        STATES.len() - 1
    } else {
        index(rng, STATES.len() - 1)
    };
    STATES.get(i).map_or("NE", |(code, _)| *code)
}

/// A street address in the state.
pub(crate) fn address(rng: &mut impl RngCore, state_name: &str) -> String {
    format!("{} {}, {state_name}", street(rng, false), exterior_number(rng))
}

/// A worker of a workplace in `state`, 18 to 64 years old on `on`.
pub(crate) fn worker(
    rng: &mut impl RngCore,
    state: StateCode,
    state_name: &str,
    on: NaiveDate,
) -> Result<Worker, DomainError> {
    let person = names::person(rng);
    let age = 18 + (unit(rng).powf(1.4) * 47.0) as u64;
    let birth = plus_days(
        on.checked_sub_days(chrono::Days::new(age * 365 + 365)).unwrap_or(on),
        below(rng, 365),
    );
    let birth_state = birth_state(rng, state);
    let curp = curp(rng, &person, birth, birth_state)?;
    Ok(Worker {
        person,
        curp,
        birth,
        address: address(rng, state_name),
    })
}

/// A stand-in for the employer when the caller does not give the registry's: a company for most
/// workplaces of more than ten persons, else its owner.
pub(crate) fn synthetic_employer(
    rng: &mut impl RngCore,
    band: SizeBand,
    sector: &str,
    class: &str,
    state_name: &str,
    address: String,
) -> EmployerFacts {
    let company = if band >= SizeBand::B11To30 {
        chance(rng, 0.9)
    } else {
        chance(rng, 0.15)
    };
    if company {
        let name = names::company_name(rng, sector, state_name);
        let form = names::legal_form(rng, sector, class);
        EmployerFacts {
            name: format!("{name}, {form}"),
            rfc: String::new(),
            legal_entity: true,
            address,
        }
    } else {
        EmployerFacts {
            name: names::person(rng).full_name(),
            rfc: String::new(),
            legal_entity: false,
            address,
        }
    }
}

/// Who acts for a worker at the hearing (684-E VII), if anybody: a Procurador de la Defensa del
/// Trabajo, a lawyer or a trusted person.
pub(crate) fn worker_representative(rng: &mut impl RngCore) -> Option<(String, &'static str)> {
    let x = unit(rng);
    let capacity = if x < 0.12 {
        "Procurador de la Defensa del Trabajo"
    } else if x < 0.3 {
        "Abogado"
    } else if x < 0.35 {
        "Persona de confianza"
    } else {
        return None;
    };
    Some((names::person(rng).full_name(), capacity))
}

/// The legal representative of a company that files (684-E I).
pub(crate) fn company_representative(
    rng: &mut impl RngCore,
    state: StateCode,
    on: NaiveDate,
) -> Result<(String, String), DomainError> {
    let person = names::person(rng);
    let years = u64::from(between(rng, 28, 60));
    let birth = plus_days(
        on.checked_sub_days(chrono::Days::new(years * 365 + 365)).unwrap_or(on),
        below(rng, 365),
    );
    let code = birth_state(rng, state);
    let curp = curp(rng, &person, birth, code)?;
    Ok((person.full_name(), curp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use faro_core::ids::Curp;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn person(given: &'static str, paternal: &'static str, maternal: &'static str, female: bool) -> Person {
        Person {
            given,
            paternal,
            maternal,
            female,
        }
    }

    #[test]
    fn curp_letters_follow_renapo() {
        // Juan Hernández García: H, inner vowel E, G, J; inner consonants R (HeRnández),
        // R (GaRcía), N (JuaN).
        assert_eq!(
            curp_letters(&person("Juan", "Hernández", "García", false)),
            ("HEGJ".to_string(), "RRN".to_string())
        );
        // María Guadalupe de la Cruz Núñez: the particles go; Guadalupe, not María; Ñ is X.
        assert_eq!(
            curp_letters(&person("María Guadalupe", "de la Cruz", "Núñez", true)),
            ("CUNG".to_string(), "RXD".to_string())
        );
        // Olga Pedraza Díaz would be PEDO, an inconvenient word: its second letter becomes X.
        assert_eq!(
            curp_letters(&person("Olga", "Pedraza", "Díaz", true)),
            ("PXDO".to_string(), "DZL".to_string())
        );
    }

    #[test]
    fn synthetic_curps_are_valid_and_say_what_they_were_built_from() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let on = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let jal = StateCode::new(14).unwrap();
        for _ in 0..2_000 {
            let w = worker(&mut rng, jal, "Jalisco", on).unwrap();
            let c: Curp = w.curp.parse().unwrap();
            assert_eq!(c.birth_date(), w.birth);
            assert_eq!(c.sex() == Sex::Female, w.person.female);
            let age = on.years_since(w.birth).unwrap();
            assert!((18..=65).contains(&age), "{age}");
            assert!("789XYZ".contains(c.differentiator()));
        }
    }
}
