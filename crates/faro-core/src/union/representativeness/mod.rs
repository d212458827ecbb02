//! The certificate of representativeness (LFT 387, 388, 390 Bis): a union must hold it before
//! asking an employer to sign an initial agreement.
//!
//! ```text
//! requested --(defects, 3 days)--> defects_notified --(cure, 3 days)--> requested
//!     |
//!     +--(notice within 3 days)--> notice_published --(10 days to join; close)--+
//!                                                                              |
//!        denied <--(nobody reached 30 %)--------------------------------------+
//!        window_closed (one union) --(verified; issue)--> issued --(6 months)--> expired
//!        vote_required (several) --(vote: winner with turnout >= 30 %)--> issued
//!                                 --(no winner / turnout below 30 %)--> denied
//! issued: a strike of the holder extends the validity until it ends (387).
//! ```
//!
//! The support lists (name, CURP, hiring date, signature) are confidential (390 Bis-I): the
//! events carry their check and the CURP anomalies, not the lists.

pub mod command;
pub mod lifecycle;
pub mod model;

pub use command::{Command, Event};
pub use lifecycle::{apply, decide, execute};
pub use model::{Applicant, Certificate, Representativeness, Status};
