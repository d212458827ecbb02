//! The collective agreement in the registry: deposit and registration (390), revisions (399,
//! 399 Bis, 400 Bis), the legitimization of legacy agreements (2019 decree, Transitory 11th),
//! termination (401) and the public version (391 Bis).
//!
//! ```text
//! deposited --(register, 30 days)--> registered --(terminate, 401 / legitimization)--> terminated
//!     +--(refuse)--> refused             |  revisions: wage every year (request 30 calendar days
//!                                        |  ahead), full every 2 years (60 days ahead), each
//!                                        |  approved by the workers' vote (390 Ter, 400 Bis)
//! legacy (before 2 May 2019): deposited + registered at once; legitimization pending until a
//!   vote approves it (legitimized), rejects it (terminated) or the deadline passes (lapsed)
//! ```
//!
//! An initial agreement is registered only with the union's certificate of representativeness,
//! valid when it was signed (387, 390-c), and the workers' approval (390 Ter-III a). The
//! structured terms are checked against the legal minimums at the deposit and at each revision
//! ([`crate::union::minimums`]); a clause below the law is flagged, not refused.

pub mod command;
pub mod lifecycle;
pub mod model;

pub use command::{Command, Deposit, Event};
pub use lifecycle::{apply, current_revision_dates, decide, execute, revision_dates};
pub use model::{
    Agreement, AgreementKind, CertificateRef, DepositInput, Legitimization, PublicVersion, Requirement, Revision,
    RevisionDates, RevisionKind, RevisionRequest, Status, TerminationCause,
};
