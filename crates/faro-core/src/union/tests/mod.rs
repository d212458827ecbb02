//! Tests of the union registry: the rules and the clock worked by hand from the LFT text, each
//! procedure's workflows, the vote rules, the integrity checks, the minimums, the redaction, the
//! compliance view, and property tests of the four state machines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod agreement;
mod anomalies;
mod clock;
mod compliance;
mod members;
mod minimums;
mod props;
mod redact;
mod registration;
mod representativeness;
mod rules;
mod tally;
mod vote;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

use super::*;
use crate::calendar::{DayCount, LegalCalendar};
use crate::catalog::Catalogs;
use crate::ids::curp::{build, CurpParts};
use crate::ids::Sex;
use crate::law::Law;
use crate::DomainError;

pub(super) fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
}

pub(super) fn union_rules() -> &'static UnionRules {
    UnionRules::official().unwrap()
}

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 15:00 UTC (09:00 in central Mexico) on that day.
pub(super) fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 15, 0, 0).unwrap()
}

pub(super) const WORKING: RegistrarSettings = RegistrarSettings {
    unspecified_days: DayCount::Working,
};
pub(super) const CALENDAR: RegistrarSettings = RegistrarSettings {
    unspecified_days: DayCount::Calendar,
};

pub(super) fn ctx_with<'a>(
    now: DateTime<Utc>,
    rules: &'a UnionRules,
    calendar: &'a LegalCalendar,
    settings: &'a RegistrarSettings,
) -> Ctx<'a> {
    Ctx {
        now,
        rules,
        law_rules: &law().rules,
        catalogs: law().catalogs.as_ref(),
        calendar,
        settings,
    }
}

pub(super) fn ctx(now: DateTime<Utc>) -> Ctx<'static> {
    ctx_with(now, union_rules(), &law().calendar, &WORKING)
}

pub(super) fn ctx_calendar(now: DateTime<Utc>) -> Ctx<'static> {
    ctx_with(now, union_rules(), &law().calendar, &CALENDAR)
}

/// A valid CURP, different for each `n`, of somebody born on `birth`.
pub(super) fn curp(n: u32, birth: NaiveDate) -> String {
    let letter = |k: u32| char::from(b'A' + u8::try_from(k % 26).unwrap());
    let initials: String = [n / 17576, n / 676, n / 26, n].iter().map(|k| letter(*k)).collect();
    let differentiator = if birth.year() < 2000 { '0' } else { 'A' };
    build(&CurpParts {
        initials: &initials,
        birth_date: birth,
        sex: if n.is_multiple_of(2) { Sex::Male } else { Sex::Female },
        state: "JC",
        consonants: "RNL",
        differentiator,
    })
    .unwrap()
    .as_str()
    .to_string()
}

/// An adult's CURP.
pub(super) fn adult(n: u32) -> String {
    curp(n, day(1985, 1 + n % 12, 1 + n % 28))
}

pub(super) fn param<'e>(e: &'e DomainError, name: &str) -> Option<&'e str> {
    e.params.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
}

/// The `execute` of one of the procedures.
pub(super) type Exec<S, C, E> = fn(Option<&S>, &C, &Ctx<'_>) -> Result<(Vec<E>, S), DomainError>;

/// A case driven through commands, with its clock.
pub(super) struct Run<S, C, E> {
    pub state: Option<S>,
    pub now: DateTime<Utc>,
    pub settings: &'static RegistrarSettings,
    exec: Exec<S, C, E>,
}

impl<S: Clone + PartialEq + std::fmt::Debug, C, E: std::fmt::Debug> Run<S, C, E> {
    pub fn new(now: DateTime<Utc>, exec: Exec<S, C, E>) -> Self {
        Run {
            state: None,
            now,
            settings: &WORKING,
            exec,
        }
    }
    pub fn try_do(&mut self, c: C) -> Result<Vec<E>, DomainError> {
        let cx = ctx_with(self.now, union_rules(), &law().calendar, self.settings);
        let (events, next) = (self.exec)(self.state.as_ref(), &c, &cx)?;
        self.state = Some(next);
        Ok(events)
    }
    pub fn ok(&mut self, c: C) -> Vec<E> {
        self.try_do(c).unwrap_or_else(|e| panic!("{e} {:?}", e.params))
    }
    pub fn err(&mut self, c: C) -> DomainError {
        let before = self.state.clone();
        let e = self.try_do(c).expect_err("the command should be refused");
        assert_eq!(before, self.state, "a refused command changed the state");
        e
    }
    pub fn s(&self) -> &S {
        self.state.as_ref().unwrap()
    }
    pub fn on(&mut self, y: i32, m: u32, d: u32) {
        self.now = at(y, m, d);
    }
}
