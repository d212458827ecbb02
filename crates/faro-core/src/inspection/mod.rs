//! Labor inspection: the matters, and the lifecycle of an inspection as a pure state machine.

pub mod lifecycle;
pub mod matter;
pub mod program;
#[cfg(test)]
mod tests;

pub use lifecycle::{
    apply, decide, execute, AttachmentRef, Command, Ctx, Event, Finding, Inspection, Interview, Kind, Measure,
    MeasureDraft, MeasureState, Order, Origin, Participant, ParticipantRole, Record, Signature, Status,
    VerificationResult,
};
pub use matter::{Matter, ReferralAuthority};
