//! The workers' votes (consultas): approving an initial agreement or a revision (390 Ter,
//! 400 Bis), legitimizing a legacy agreement (2019 decree, Transitory 11th), ending one by
//! consent (401-I), electing a leadership (371-IX) and choosing between unions for the
//! certificate of representativeness (388, 390 Bis-III).
//!
//! ```text
//! called -> roll_published -(challenges resolved)-> roll_final -> held -> results_recorded
//!   |            |                                       |              |
//!   +------------+-------------(cancel)------------------+              +-> published
//!                                                                          |   |
//!        outcome_applied <-(challenge term over)---------------------------+   +-> challenged
//!              ^                                                                   |     |
//!              +--------------------------- upheld <-(challenge rejected)----------+     |
//!                                              annulled <-(challenge founded / 390 Ter-II f)
//! ```
//!
//! The call is issued 10 to 15 days before the vote (a leadership election: at least 10, and
//! its roll at least 3 days before); the union tells the CFCRL of a 390 Ter consultation at
//! least 10 days ahead; the vote is held on the day of the call; results are posted within 2
//! days and reported within 3 working days (late entry is flagged); the records are kept 5
//! years. The outcome rules are in [`tally`]; the unconfirmed ones (the majority's base, a
//! turnout floor) are parameters.

pub mod command;
pub mod lifecycle;
pub mod model;
pub mod tally;

pub use command::{Command, Event};
pub use lifecycle::{apply, decide, execute};
pub use model::{
    Effect, Observer, ObserverRole, Purpose, RollChallenge, RollChange, Station, Status, Vote, VoteChallenge, VoteRef,
};
pub use tally::{Ballot, BallotClass, Outcome, StationResult, Tally, VoidReason};
