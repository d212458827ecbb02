//! The people of the registry: synthetic persons with valid CURPs (members, officers, voters,
//! signatories), and a workplace's workforce over time, from which member lists, support lists
//! and voter rolls are drawn so that the same worker keeps the same CURP everywhere.
//!
//! A CURP is derived as RENAPO derives one (the same rules as the conciliation demo's parties):
//! the first letter and first inner vowel of the paternal surname, the initials of the maternal
//! surname and of the given name (skipping a leading María or José), the birth date, the sex, the
//! state of birth, the first inner consonant of each name, a differentiator and the check digit.
//! The differentiator is always 7-9 (births up to 1999) or X-Z (from 2000), values RENAPO seldom
//! reaches, so that a coincidence with a real person's CURP is unlikely. The letters of each name
//! are computed once and kept, since rolls of thousands of workers are built from them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use faro_core::ids::curp::STATES;
use faro_core::text::normalize;
use faro_core::{DomainError, StateCode};
use rand::RngCore;

use super::clock::{plus, ymd};
use crate::names::{self, Person};
use crate::random::{below, chance, index, unit};

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

/// The letters of one name the CURP uses: its first letter, first inner vowel and first inner
/// consonant.
#[derive(Debug, Clone, Copy)]
struct Letters {
    first: char,
    vowel: char,
    consonant: char,
}

fn words(s: &str) -> Vec<String> {
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

fn letters_of(word: &str) -> Letters {
    let inner = |vowel: bool| {
        word.chars()
            .skip(1)
            .find(|c| "AEIOU".contains(*c) == vowel)
            .unwrap_or('X')
    };
    Letters {
        first: word.chars().next().unwrap_or('X'),
        vowel: inner(true),
        consonant: inner(false),
    }
}

/// The CURP's check digit of its first 17 characters (RENAPO: each character's value in
/// "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ" weighted 18 down to 2), as core's
/// `compute_check_digit` without its allocations.
fn check_digit(body: &str) -> Option<char> {
    if body.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (weight, b) in (2..=18u32).rev().zip(body.bytes()) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'N' => u32::from(b - b'A') + 10,
            b'&' => 24,
            b'O'..=b'Z' => u32::from(b - b'O') + 25,
            _ => return None,
        };
        sum += v * weight;
    }
    char::from_digit((10 - sum % 10) % 10, 10)
}

/// A synthetic person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citizen {
    pub(crate) name: String,
    pub(crate) curp: String,
    pub(crate) birth: NaiveDate,
    pub(crate) female: bool,
}

/// Makes persons and their CURPs, remembering the letters of each name (by the address of the
/// name list's entry: every name comes from the demo's static lists).
#[derive(Debug, Default)]
pub(crate) struct Namer {
    given: BTreeMap<usize, Letters>,
    surnames: BTreeMap<usize, Letters>,
}

impl Namer {
    pub(crate) fn new() -> Namer {
        Namer::default()
    }

    fn given_letters(&mut self, given: &'static str) -> Letters {
        *self.given.entry(given.as_ptr() as usize).or_insert_with(|| {
            let w = words(given);
            let word = match w.as_slice() {
                [first, second, ..] if ["MARIA", "MA", "JOSE", "J"].contains(&first.as_str()) => second.clone(),
                [first, ..] => first.clone(),
                [] => "X".to_string(),
            };
            letters_of(&word)
        })
    }

    fn surname_letters(&mut self, surname: &'static str) -> Letters {
        *self
            .surnames
            .entry(surname.as_ptr() as usize)
            .or_insert_with(|| letters_of(&words(surname).join("")))
    }

    /// A valid CURP for `p`, born on `birth` (1900-2099) in the state of RENAPO code `state`.
    pub(crate) fn curp(
        &mut self,
        rng: &mut impl RngCore,
        p: &Person,
        birth: NaiveDate,
        state: &str,
    ) -> Result<String, DomainError> {
        let pat = self.surname_letters(p.paternal);
        let mat = self.surname_letters(p.maternal);
        let giv = self.given_letters(p.given);
        let mut initials: String = [pat.first, pat.vowel, mat.first, giv.first].iter().collect();
        if INCONVENIENT.binary_search(&initials.as_str()).is_ok() {
            initials.replace_range(1..2, "X");
        }
        let differentiator = if birth.year() < 2000 {
            char::from(b'7' + below(rng, 3) as u8)
        } else {
            char::from(b'X' + below(rng, 3) as u8)
        };
        let mut curp = String::with_capacity(18);
        curp.push_str(&initials);
        for n in [birth.year().rem_euclid(100) as u32, birth.month(), birth.day()] {
            curp.push(char::from(b'0' + (n / 10) as u8));
            curp.push(char::from(b'0' + (n % 10) as u8));
        }
        curp.push(if p.female { 'M' } else { 'H' });
        curp.push_str(state);
        curp.push(pat.consonant);
        curp.push(mat.consonant);
        curp.push(giv.consonant);
        curp.push(differentiator);
        let check = check_digit(&curp)
            .ok_or_else(|| DomainError::new("demo.curp", format!("a synthetic CURP has a bad character: {curp}")))?;
        curp.push(check);
        Ok(curp)
    }

    /// A person of the given sex (`None`: 45 % women, as the demo's names), born between
    /// `born_from` and `born_until`, mostly in `state`.
    pub(crate) fn citizen(
        &mut self,
        rng: &mut impl RngCore,
        female: Option<bool>,
        born_from: NaiveDate,
        born_until: NaiveDate,
        state: StateCode,
    ) -> Result<Citizen, DomainError> {
        let p = person_of(rng, female);
        let lo = born_from.max(ymd(1900, 1, 1));
        let hi = born_until.max(lo);
        let birth = super::clock::date_between(rng, lo, hi);
        let born_in = birth_state(rng, state);
        let curp = self.curp(rng, &p, birth, born_in)?;
        Ok(Citizen {
            name: p.full_name(),
            curp,
            birth,
            female: p.female,
        })
    }
}

/// A person of the given sex: the demo's name lists drawn until the sex matches.
pub(crate) fn person_of(rng: &mut impl RngCore, female: Option<bool>) -> Person {
    let mut p = names::person(rng);
    if let Some(f) = female {
        for _ in 0..24 {
            if p.female == f {
                break;
            }
            p = names::person(rng);
        }
    }
    p
}

/// The RENAPO code of a state of birth: mostly the workplace's state.
pub(crate) fn birth_state(rng: &mut impl RngCore, state: StateCode) -> &'static str {
    let i = if chance(rng, 0.7) {
        usize::from(state.number().saturating_sub(1))
    } else if chance(rng, 0.03) {
        STATES.len() - 1
    } else {
        index(rng, STATES.len() - 1)
    };
    STATES.get(i).map_or("NE", |(code, _)| *code)
}

/// One worker of a workplace, in one position (slot) for a while.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Worker {
    pub(crate) person: Citizen,
    pub(crate) hired_on: NaiveDate,
    /// The last day the worker was employed there (`None`: still there).
    pub(crate) left_on: Option<NaiveDate>,
    /// Left by quitting rather than being dismissed.
    pub(crate) quit: bool,
    /// A trusted employee (trabajador de confianza): not covered, not on the rolls.
    pub(crate) trusted: bool,
    pub(crate) slot: u32,
}

impl Worker {
    /// Employed on `d`.
    pub(crate) fn active_on(&self, d: NaiveDate) -> bool {
        self.hired_on <= d && self.left_on.is_none_or(|l| l >= d)
    }
}

/// What a workforce looks like.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WorkforceSpec {
    /// Positions: the workplace's headcount.
    pub(crate) slots: u32,
    pub(crate) trusted_share: f64,
    /// Leavers per position and year.
    pub(crate) turnover: f64,
    pub(crate) female_share: f64,
    /// The period the workforce is followed.
    pub(crate) from: NaiveDate,
    pub(crate) until: NaiveDate,
    pub(crate) state: StateCode,
}

/// A workplace's workers from `from` to `until`: each position held by a chain of workers, each
/// staying an exponential time (mean `1 / turnover` years) and replaced within a month.
#[derive(Debug, Clone, Default)]
pub(crate) struct Workforce {
    pub(crate) workers: Vec<Worker>,
}

/// Years of an exponential stay with `rate` leavers a year.
fn stay_days(rng: &mut impl RngCore, rate: f64) -> i64 {
    let u = unit(rng).max(1e-12);
    let years = -u.ln() / rate.max(0.01);
    (years * 365.25).min(45.0 * 365.25) as i64
}

impl Workforce {
    pub(crate) fn generate(
        rng: &mut impl RngCore,
        namer: &mut Namer,
        spec: &WorkforceSpec,
    ) -> Result<Workforce, DomainError> {
        let trusted_slots =
            ((f64::from(spec.slots) * spec.trusted_share).round() as u32).min(spec.slots.saturating_sub(1));
        let mut workers = Vec::with_capacity(spec.slots as usize * 2);
        for slot in 0..spec.slots {
            let trusted = slot < trusted_slots;
            // The worker in the position on `from`: hired some time before, leaving some time after.
            let mut hired = plus(spec.from, -stay_days(rng, spec.turnover).min(35 * 365));
            let mut stay_from_start = stay_days(rng, spec.turnover);
            let mut first = true;
            loop {
                let left = if first {
                    plus(spec.from, stay_from_start)
                } else {
                    plus(hired, stay_from_start.max(20))
                };
                let left_on = (left < spec.until).then_some(left);
                let age = 18 + (unit(rng).powf(1.5) * 40.0) as i64;
                let born_until = plus(hired, -age * 365);
                let female = chance(rng, spec.female_share);
                let person = namer.citizen(rng, Some(female), plus(born_until, -364), born_until, spec.state)?;
                workers.push(Worker {
                    person,
                    hired_on: hired,
                    left_on,
                    quit: chance(rng, 0.7),
                    trusted,
                    slot,
                });
                let Some(l) = left_on else { break };
                hired = plus(l, 1 + below(rng, 30) as i64);
                if hired >= spec.until {
                    break;
                }
                stay_from_start = stay_days(rng, spec.turnover);
                first = false;
            }
        }
        Ok(Workforce { workers })
    }

    /// The workers employed on `d`.
    pub(crate) fn active_on(&self, d: NaiveDate) -> impl Iterator<Item = &Worker> {
        self.workers.iter().filter(move |w| w.active_on(d))
    }

    /// The covered workers (not trusted) employed on `d`.
    pub(crate) fn covered_on(&self, d: NaiveDate) -> impl Iterator<Item = &Worker> {
        self.active_on(d).filter(|w| !w.trusted)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use faro_core::ids::Curp;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn person(given: &'static str, paternal: &'static str, maternal: &'static str, female: bool) -> Person {
        Person {
            given,
            paternal,
            maternal,
            female,
        }
    }

    #[test]
    fn curps_follow_renapo_and_parse() {
        let mut namer = Namer::new();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let c = namer
            .curp(
                &mut rng,
                &person("María Guadalupe", "de la Cruz", "Núñez", true),
                ymd(1980, 5, 17),
                "JC",
            )
            .unwrap();
        // CUNG: Cruz, U, Núñez, Guadalupe; RXD: cRuz, nuXez (Ñ as X), guaDalupe.
        assert!(c.starts_with("CUNG800517MJCRXD"), "{c}");
        assert!(Curp::parse(&c).is_ok());
        let c = namer
            .curp(
                &mut rng,
                &person("Olga", "Pedraza", "Díaz", true),
                ymd(2001, 1, 2),
                "DF",
            )
            .unwrap();
        assert!(c.starts_with("PXDO010102MDFDZL"), "{c}");
        assert!("XYZ".contains(c.chars().nth(16).unwrap()));
    }

    #[test]
    fn the_inconvenient_words_are_sorted_for_the_binary_search() {
        assert!(INCONVENIENT.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_check_digit_is_renapos() {
        use faro_core::ids::curp::compute_check_digit;
        let mut namer = Namer::new();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for _ in 0..2_000 {
            let c = namer
                .citizen(
                    &mut rng,
                    None,
                    ymd(1940, 1, 1),
                    ymd(2008, 12, 31),
                    StateCode::new(9).unwrap(),
                )
                .unwrap();
            let body = &c.curp[..17];
            assert_eq!(check_digit(body), compute_check_digit(body).ok(), "{}", c.curp);
        }
        assert_eq!(check_digit("short"), None);
    }

    #[test]
    fn a_workforce_fills_its_positions_every_day() {
        let mut namer = Namer::new();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let spec = WorkforceSpec {
            slots: 40,
            trusted_share: 0.1,
            turnover: 0.25,
            female_share: 0.4,
            from: ymd(2019, 1, 1),
            until: ymd(2026, 1, 1),
            state: StateCode::new(14).unwrap(),
        };
        let w = Workforce::generate(&mut rng, &mut namer, &spec).unwrap();
        assert_eq!(
            w.workers
                .iter()
                .filter(|x| x.trusted && x.active_on(ymd(2019, 1, 1)))
                .count(),
            4
        );
        for d in [ymd(2019, 1, 1), ymd(2022, 6, 30), ymd(2025, 12, 31)] {
            let n = w.active_on(d).count();
            // A position may be vacant for up to a month between two workers.
            assert!((34..=40).contains(&n), "{n} on {d}");
            for x in w.active_on(d) {
                let age = d.years_since(x.person.birth).unwrap();
                assert!(age >= 17, "{age}");
                assert!(Curp::parse(&x.person.curp).is_ok());
            }
        }
        assert!(w.workers.len() > 40, "turnover adds workers");
    }
}
