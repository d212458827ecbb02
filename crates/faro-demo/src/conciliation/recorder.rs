//! Driving one conciliation case through core's `decide` and `apply`, with the clock the
//! generator passes in, and keeping each command with the events it produced.
//!
//! `decide` then `apply` on the owned state is what core's `execute` does without cloning the
//! state first. A command dated on or after the cutoff (the day the history is generated) is not
//! run: the case stays as it is, open.

use chrono::{DateTime, Duration, Utc};
use faro_core::conciliation::Case;
use faro_core::conciliation::{apply, decide, CenterSettings, Command, Event};
use faro_core::law::Law;
use faro_core::DomainError;

use crate::inspections::{Step, Trail};

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

/// Runs the commands of one case in time order.
pub(crate) struct Recorder<'l> {
    law: &'l Law,
    settings: &'l CenterSettings,
    steps: Vec<Step<Command, Event>>,
    state: Option<Case>,
    cutoff: DateTime<Utc>,
}

impl<'l> Recorder<'l> {
    pub(crate) fn new(law: &'l Law, settings: &'l CenterSettings, cutoff: DateTime<Utc>) -> Self {
        Recorder {
            law,
            settings,
            steps: Vec::new(),
            state: None,
            cutoff,
        }
    }

    /// The time of the last command run.
    pub(crate) fn last_at(&self) -> Option<DateTime<Utc>> {
        self.steps.last().map(|s| s.at)
    }

    pub(crate) fn case(&self) -> Option<&Case> {
        self.state.as_ref()
    }

    /// The instant a command planned for `at` runs at: a minute after the previous one if not
    /// later than it.
    pub(crate) fn when(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        match self.last_at() {
            Some(last) if at <= last => last + Duration::minutes(1),
            _ => at,
        }
    }

    /// Runs one command at `at` (moved a minute past the previous command if it is not later).
    pub(crate) fn run(&mut self, at: DateTime<Utc>, command: Command) -> Result<&[Event], Halt> {
        let at = self.when(at);
        if at >= self.cutoff {
            return Err(Halt::Cutoff);
        }
        let ctx = self.law.conciliation_ctx(at, self.settings);
        let events = decide(self.state.as_ref(), &command, &ctx)?;
        for e in &events {
            self.state = apply(self.state.take(), e);
        }
        self.steps.push(Step { at, command, events });
        match self.steps.last() {
            Some(step) => Ok(&step.events),
            None => Err(Halt::Refused(DomainError::new(
                "demo.no_step",
                "a command left no step",
            ))),
        }
    }

    /// The finished trail, if the case was ever filed.
    pub(crate) fn finish(self) -> Option<Trail<Command, Event, Case>> {
        let state = self.state?;
        Some(Trail {
            steps: self.steps,
            state,
        })
    }
}
