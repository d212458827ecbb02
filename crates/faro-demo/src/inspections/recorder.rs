//! Driving one case through its procedure's `decide` and `apply`, with the clock the generator
//! passes in, and keeping each command with the events it produced.
//!
//! `decide` then `apply` on the owned state is exactly what the procedures' `execute` does
//! (`execute` also clones the state first, which a generator of millions of cases can skip). A
//! command dated on or after the cutoff (the day the history is generated) is not run: the case
//! stays as it is, open.

use chrono::{DateTime, Duration, Utc};
use faro_core::law::Law;
use faro_core::{inspection, referral, sanction, DomainError};

/// One command of a case, the time it was run at, and the events core decided for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<C, E> {
    pub at: DateTime<Utc>,
    pub command: C,
    pub events: Vec<E>,
}

/// A case's commands in order, and the state they left it in.
#[derive(Debug, Clone, PartialEq)]
pub struct Trail<C, E, S> {
    pub steps: Vec<Step<C, E>>,
    pub state: S,
}

impl<C, E, S> Trail<C, E, S> {
    /// Every event of the case, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &E> {
        self.steps.iter().flat_map(|s| s.events.iter())
    }
}

/// Why a case stopped before its planned end.
#[derive(Debug)]
pub(crate) enum Halt {
    /// The next command falls on or after the cutoff: the case stays open.
    Cutoff,
    /// Core refused a command: a bug of the generator, reported to the caller.
    Refused(DomainError),
}

impl From<DomainError> for Halt {
    fn from(e: DomainError) -> Self {
        Halt::Refused(e)
    }
}

/// Runs commands of one case in time order.
pub(crate) struct Recorder<C, E, S> {
    pub(crate) steps: Vec<Step<C, E>>,
    pub(crate) state: Option<S>,
    cutoff: DateTime<Utc>,
}

impl<C, E, S> Recorder<C, E, S> {
    pub(crate) fn new(cutoff: DateTime<Utc>) -> Self {
        Recorder {
            steps: Vec::new(),
            state: None,
            cutoff,
        }
    }

    /// The time of the last command run.
    pub(crate) fn last_at(&self) -> Option<DateTime<Utc>> {
        self.steps.last().map(|s| s.at)
    }

    /// Runs one command at `at` (moved a minute past the previous command if it is not later).
    fn run(
        &mut self,
        at: DateTime<Utc>,
        command: C,
        decide: impl FnOnce(Option<&S>, &C, DateTime<Utc>) -> Result<Vec<E>, DomainError>,
        apply: fn(Option<S>, &E) -> Option<S>,
    ) -> Result<&Step<C, E>, Halt> {
        let at = match self.last_at() {
            Some(last) if at <= last => last + Duration::minutes(1),
            _ => at,
        };
        if at >= self.cutoff {
            return Err(Halt::Cutoff);
        }
        let events = decide(self.state.as_ref(), &command, at)?;
        for e in &events {
            self.state = apply(self.state.take(), e);
        }
        self.steps.push(Step { at, command, events });
        self.steps
            .last()
            .ok_or_else(|| Halt::Refused(DomainError::new("demo.no_step", "a command left no step")))
    }

    /// The finished trail, if the case was ever created.
    pub(crate) fn finish(self) -> Option<Trail<C, E, S>> {
        let state = self.state?;
        Some(Trail {
            steps: self.steps,
            state,
        })
    }
}

pub(crate) type InspectionRecorder = Recorder<inspection::Command, inspection::Event, inspection::Inspection>;
pub(crate) type ReferralRecorder = Recorder<referral::Command, referral::Event, referral::Referral>;
pub(crate) type SanctionRecorder = Recorder<sanction::Command, sanction::Event, sanction::Sanction>;

impl InspectionRecorder {
    pub(crate) fn inspection(
        &mut self,
        law: &Law,
        at: DateTime<Utc>,
        command: inspection::Command,
    ) -> Result<&Step<inspection::Command, inspection::Event>, Halt> {
        self.run(
            at,
            command,
            |s, c, now| inspection::decide(s, c, &law.inspection_ctx(now)),
            inspection::apply,
        )
    }
}

impl ReferralRecorder {
    pub(crate) fn referral(
        &mut self,
        law: &Law,
        at: DateTime<Utc>,
        command: referral::Command,
    ) -> Result<&Step<referral::Command, referral::Event>, Halt> {
        self.run(
            at,
            command,
            |s, c, now| referral::decide(s, c, &law.referral_ctx(now)),
            referral::apply,
        )
    }
}

impl SanctionRecorder {
    pub(crate) fn sanction(
        &mut self,
        law: &Law,
        at: DateTime<Utc>,
        command: sanction::Command,
    ) -> Result<&Step<sanction::Command, sanction::Event>, Halt> {
        self.run(
            at,
            command,
            |s, c, now| sanction::decide(s, c, &law.sanction_ctx(now)),
            sanction::apply,
        )
    }
}
