//! Driving one file of the registry (a union, an agreement, a vote, a certificate request)
//! through its procedure's `decide` and `apply` with the clock the generator passes in, keeping
//! each command with the events core decided for it.
//!
//! A command dated on or after the cutoff (the day the registry is generated) is not run, and
//! neither is any later command of the same file: the file stays as it is, open.

use chrono::{DateTime, Duration, Utc};
use faro_core::law::Law;
use faro_core::union::{agreement, registration, representativeness, vote, Ctx, RegistrarSettings, UnionRules};
use faro_core::DomainError;

use crate::inspections::{Step, Trail};

/// What the recorders share: the law, the registry's rules and settings, the cutoff.
#[derive(Clone, Copy)]
pub(crate) struct Registrar<'a> {
    pub(crate) law: &'a Law,
    pub(crate) rules: &'a UnionRules,
    pub(crate) settings: &'a RegistrarSettings,
    pub(crate) cutoff: DateTime<Utc>,
}

impl<'a> Registrar<'a> {
    /// The context of a decision at `now`.
    pub(crate) fn ctx(&self, now: DateTime<Utc>) -> Ctx<'a> {
        self.law.union_ctx(now, self.rules, self.settings)
    }
}

/// A procedure of the registry: its command, event and state, and its `decide` and `apply`.
pub(crate) trait Procedure {
    type Command;
    type Event;
    type State;
    fn decide(
        state: Option<&Self::State>,
        command: &Self::Command,
        ctx: &Ctx<'_>,
    ) -> Result<Vec<Self::Event>, DomainError>;
    fn apply(state: Option<Self::State>, event: &Self::Event) -> Option<Self::State>;
}

macro_rules! procedure {
    ($name:ident, $module:ident, $state:ty) => {
        pub(crate) struct $name;
        impl Procedure for $name {
            type Command = $module::Command;
            type Event = $module::Event;
            type State = $state;
            fn decide(
                state: Option<&Self::State>,
                command: &Self::Command,
                ctx: &Ctx<'_>,
            ) -> Result<Vec<Self::Event>, DomainError> {
                $module::decide(state, command, ctx)
            }
            fn apply(state: Option<Self::State>, event: &Self::Event) -> Option<Self::State> {
                $module::apply(state, event)
            }
        }
    };
}

procedure!(UnionFile, registration, registration::Union);
procedure!(AgreementFile, agreement, agreement::Agreement);
procedure!(VoteFile, vote, vote::Vote);
procedure!(
    CertificateFile,
    representativeness,
    representativeness::Representativeness
);

/// Runs the commands of one file in time order.
pub(crate) struct Recorder<P: Procedure> {
    steps: Vec<Step<P::Command, P::Event>>,
    state: Option<P::State>,
    cutoff: DateTime<Utc>,
    /// A command fell on or after the cutoff: nothing more runs.
    halted: bool,
}

impl<P: Procedure> Recorder<P> {
    pub(crate) fn new(cutoff: DateTime<Utc>) -> Self {
        Recorder {
            steps: Vec::new(),
            state: None,
            cutoff,
            halted: false,
        }
    }

    /// The state after the last command run.
    pub(crate) fn state(&self) -> Option<&P::State> {
        self.state.as_ref()
    }

    /// Whether a command reached the cutoff.
    pub(crate) fn halted(&self) -> bool {
        self.halted
    }

    /// The time of the last command run.
    pub(crate) fn last_at(&self) -> Option<DateTime<Utc>> {
        self.steps.last().map(|s| s.at)
    }

    /// The instant a command planned for `at` runs at: a minute after the previous one if not
    /// later than it.
    pub(crate) fn when(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        match self.last_at() {
            Some(last) if at <= last => last + Duration::minutes(1),
            _ => at,
        }
    }

    /// Runs one command at `at`. `Ok(false)`: the cutoff was reached and the command (and every
    /// later one) is not run; core refusing a command is an error (a bug of the generator).
    pub(crate) fn run(
        &mut self,
        registrar: &Registrar<'_>,
        at: DateTime<Utc>,
        command: P::Command,
    ) -> Result<bool, DomainError> {
        if self.halted {
            return Ok(false);
        }
        let at = self.when(at);
        if at >= self.cutoff {
            self.halted = true;
            return Ok(false);
        }
        let ctx = registrar.ctx(at);
        let events = P::decide(self.state.as_ref(), &command, &ctx)?;
        for e in &events {
            self.state = P::apply(self.state.take(), e);
        }
        self.steps.push(Step { at, command, events });
        Ok(true)
    }

    /// The finished trail, if the file was ever created.
    pub(crate) fn finish(self) -> Option<Trail<P::Command, P::Event, P::State>> {
        let state = self.state?;
        Some(Trail {
            steps: self.steps,
            state,
        })
    }
}
