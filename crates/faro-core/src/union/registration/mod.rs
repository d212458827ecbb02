//! A union's registration (LFT 364-366) and what it reports afterwards (364 Bis, 373, 377).
//!
//! ```text
//!                       +--(defects, 5 days)--> defects_notified --(cure)--> corrected --+
//! filed ----------------+                            |                                   |
//!   |  (20 days pass, the union demands a decision)  +--(no cure / still defective)--> refused
//!   +--> decision_demanded --(3 days, no decision)--> deemed_registered
//!   |          |                                           |
//!   +----------+--(register)--> registered <---------------+ (same rights, 368)
//! registered | deemed_registered --(a court, 369)--> cancelled
//! ```
//!
//! Refusal only on the grounds of 366 and only after a warning of the defects; a complete
//! filing cannot be refused. While registered the union reports leadership changes (377-II,
//! certified within 10 days, 364 Bis), statute changes (377-II), members every 3 months
//! (377-III) and its accounts every 6 months (373); [`Union::next_deadline`] and
//! [`crate::union::compliance`] follow them.

pub mod command;
pub mod lifecycle;
pub mod model;

pub use command::{Command, Event};
pub use lifecycle::{apply, decide, execute};
pub use model::{
    CancellationGround, Defect, DocumentKind, Filing, FilingInput, Leadership, Officer, PendingLeadership,
    RefusalGround, Review, Status, StatuteClause, Union, UnionType,
};
