//! Tests of the conciliation domain: the clock worked by hand, the competence table, the
//! request, the exceptions, worked cases of the lifecycle and property tests.

mod clock;
mod competence;
mod filing;
mod props;
mod request;
mod settlement;
mod workflow;

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use super::*;
use crate::calendar::{DayCount, LegalCalendar};
use crate::catalog::Catalogs;
use crate::law::Law;
use crate::{DomainError, Jurisdiction, StateCode};

pub(super) fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
}

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// 15:00 UTC (09:00 in central Mexico) on that day.
pub(super) fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 15, 0, 0).unwrap()
}

pub(super) const WORKING: CenterSettings = CenterSettings {
    unspecified_days: DayCount::Working,
};
pub(super) const CALENDAR: CenterSettings = CenterSettings {
    unspecified_days: DayCount::Calendar,
};

/// A context at `now` with the official calendar (or `calendar`) and `settings`.
pub(super) fn ctx_with<'a>(now: DateTime<Utc>, calendar: &'a LegalCalendar, settings: &'a CenterSettings) -> Ctx<'a> {
    Ctx {
        now,
        rules: &law().rules,
        calendar,
        catalogs: law().catalogs.as_ref(),
        settings,
    }
}

pub(super) fn ctx(now: DateTime<Utc>, settings: &'static CenterSettings) -> Ctx<'static> {
    ctx_with(now, &law().calendar, settings)
}

pub(super) fn jal() -> StateCode {
    StateCode::new(14).unwrap()
}

pub(super) fn jalisco() -> Jurisdiction {
    Jurisdiction::State(jal())
}

pub(super) const CURP: &str = "BOXW310820HNERXN09";
pub(super) const COMPANY_RFC: &str = "MAB9307148T4";

/// A worker of a grocery shop in Jalisco (SCIAN 461110, local) against the company.
pub(super) fn worker_request() -> RequestInput {
    RequestInput {
        requester_role: PartyRole::Worker,
        requester: PartyInput {
            kind: Some(PersonKind::Individual),
            name: "Ana López".into(),
            curp: CURP.into(),
            rfc: String::new(),
            address: "Av. Juárez 10, Guadalajara".into(),
            representative: None,
        },
        counterpart_role: PartyRole::Employer,
        counterpart: PartyInput {
            kind: Some(PersonKind::LegalEntity),
            name: "Abarrotes del Centro SA de CV".into(),
            curp: String::new(),
            rfc: COMPANY_RFC.into(),
            address: "Calle Morelos 5, Guadalajara".into(),
            representative: None,
        },
        workplace: WorkplaceInput {
            address: "Calle Morelos 5, Guadalajara".into(),
            state: "14".into(),
            scian: "461110".into(),
            federal: FederalFlags::default(),
        },
        objects: vec![Object::Dismissal, Object::ChristmasBonus],
        object_detail: String::new(),
        exemption: None,
        exemption_reason: String::new(),
        priority: Vec::new(),
        revictimization_risk: false,
        channel: Channel::Counter,
        fast_track: false,
    }
}

pub(super) fn file(request: RequestInput) -> Command {
    Command::File {
        center: jalisco(),
        request: Box::new(request),
        forwarded_from: None,
    }
}

pub(super) fn slot(date: NaiveDate) -> Slot {
    Slot {
        date,
        time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        conciliator_id: "17".into(),
        venue: Venue::Room { name: "Sala 3".into() },
    }
}

/// A case driven through commands, with its clock.
pub(super) struct Run {
    pub state: Option<Case>,
    pub now: DateTime<Utc>,
    pub settings: &'static CenterSettings,
}

impl Run {
    pub fn new(now: DateTime<Utc>) -> Run {
        Run {
            state: None,
            now,
            settings: &WORKING,
        }
    }
    pub fn try_do(&mut self, c: Command) -> Result<Vec<Event>, DomainError> {
        let ctx = ctx(self.now, self.settings);
        let (events, next) = execute(self.state.as_ref(), &c, &ctx)?;
        self.state = Some(next);
        Ok(events)
    }
    pub fn ok(&mut self, c: Command) -> Vec<Event> {
        let name = c.name();
        self.try_do(c).unwrap_or_else(|e| panic!("{name}: {e} {:?}", e.params))
    }
    pub fn err(&mut self, c: Command) -> DomainError {
        let before = self.state.clone();
        let e = self.try_do(c).unwrap_err();
        assert_eq!(before, self.state, "a refused command changed the state");
        e
    }
    pub fn s(&self) -> &Case {
        self.state.as_ref().unwrap()
    }
    pub fn on(&mut self, y: i32, m: u32, d: u32) {
        self.now = at(y, m, d);
    }
    pub fn hold(&mut self, outcome: HearingOutcome) -> Vec<Event> {
        self.ok(Command::HoldHearing {
            conciliator_id: "17".into(),
            outcome,
        })
    }
}

pub(super) fn param<'e>(e: &'e DomainError, name: &str) -> Option<&'e str> {
    e.params.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
}
