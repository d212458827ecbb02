//! Pre-judicial conciliation (LFT Title Thirteen Bis, arts. 684-A to 684-U; CPEUM 123-A-XX), as
//! the federal centre (CFCRL) and the 32 state centres run it. Pure: no I/O, no clock reads.
//!
//! * [`request`]: the request (684-C) and its validation into a typed draft.
//! * [`competence`]: federal or local (LFT 527-529) from the workplace's SCIAN class and flags,
//!   and the forwarding rule of 684-E V.
//! * [`exceptions`]: the matters exempt from conciliation (685 Ter).
//! * [`clock`]: the legal clock (684-D, 684-E) read from `rules/deadlines.toml`, and the
//!   interruption of the limitation period (521-III).
//! * [`settlement`]: the convenio, its instalments and the late-payment penalty (684-E XIV).
//! * [`model`], [`command`], [`lifecycle`]: the case as a state machine, like the inspection's:
//!   `decide(state, command, ctx) -> events`, `apply(state, event) -> state`. The decisions of
//!   the hearing phase and of the convenio's compliance live in the private modules `hearing`
//!   and `compliance`.
//!
//! ```text
//!            +-> forwarded (684-E V)            +-> settled -> complied | not_complied
//!            +-> exempt (685 Ter)               |
//! filed -----+-> hearing_scheduled --(held)-----+-> not_conciliated (constancia)
//!                  ^   |  (rescheduled,         +-> archived (requester absent, no constancia)
//!                  |___|   new hearing)
//!                      +--(summons not served)--> not_conciliated (constancia, 684-E XI)
//! filed | hearing_scheduled -> exempt
//! ```
//!
//! ## Plain "días" and [`CenterSettings`]
//!
//! The LFT says "días hábiles" (working days) for the fast track and "días naturales" (calendar
//! days) for the 45-day limit of 684-D, but just "días" for the 15 days to the hearing (684-E IV),
//! the 5 days of notice, the joint filing, and the new hearings of 684-E VIII and IX. Which kind
//! these are is not stated (NOTES.md §0, [U]), so each centre chooses with
//! [`CenterSettings::unspecified_days`]. The rules loader cannot express "unspecified", so the
//! `day_count` of those rules in `rules/deadlines.toml` only records the default and is not read.
//!
//! The default is **working days**: the procedural rule of LFT 734 leaves out the days on which
//! the authority does not sit; the LFT writes "naturales" where it means every day (684-D, in the
//! same title), so a plain "días" next to it reads as the ordinary procedural day; and a hearing
//! can only take place on a day the centre works. With working days the 15-day window still fits
//! inside the 45 calendar days of 684-D (15 working days are about 21 calendar days, 23 around
//! Christmas, before the centre's own closure days). A centre that reads "días" as calendar days sets
//! [`DayCount::Calendar`].

pub mod assign;
pub mod clock;
pub mod command;
pub mod competence;
mod compliance;
pub mod exceptions;
mod hearing;
pub mod lifecycle;
pub mod model;
pub mod request;
pub mod settlement;
pub mod slots;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{DayCount, LegalCalendar};
use crate::catalog::Catalogs;
use crate::rules::Rules;

pub use clock::{Interruption, ResumeCause, Term, Window};
pub use command::{Command, Event, FineRequest, ForwardedFrom, HearingOutcome, ServiceResult};
pub use competence::{route, Competence, FederalBranch, FederalBranches, FederalGround, Forwarding, Routing};
pub use exceptions::{ExemptMatter, Exemption};
pub use lifecycle::{apply, decide, execute};
pub use model::{
    AbsentSide, Case, Constancia, ConstanciaKind, Hearing, HearingPurpose, HearingResult, HeldHearing, NoticeMethod,
    Slot, Status, Summons, SummonsStatus, Track, Venue,
};
pub use request::{
    validate, Channel, FederalFlags, Object, Party, PartyInput, PartyRole, Person, PersonKind, PriorityNeed,
    Representative, RepresentativeInput, RequestDraft, RequestInput, Workplace, WorkplaceInput,
};
pub use settlement::{Installment, Item, Settlement, SettlementInput};

/// A conciliation centre's own choices where the law leaves room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterSettings {
    /// How the terms the LFT gives in plain "días" are counted at this centre (see the module
    /// documentation). Default: working days.
    pub unspecified_days: DayCount,
}

impl Default for CenterSettings {
    fn default() -> Self {
        CenterSettings {
            unspecified_days: DayCount::Working,
        }
    }
}

/// What a conciliation decision may consult besides the state: the clock, the law as data, the
/// centre's calendar (LFT 74 rest days plus its closure days, LFT 734) and its settings.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub rules: &'a Rules,
    /// The centre's calendar: pass one built with the centre's closure days.
    pub calendar: &'a LegalCalendar,
    pub catalogs: &'a Catalogs,
    pub settings: &'a CenterSettings,
}
