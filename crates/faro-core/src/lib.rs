//! Faro's domain, pure: identifiers, catalogs, jurisdictions and roles, the employer and workplace
//! registry, the authorization policy, and the events every change produces.
//!
//! Nothing here does I/O or knows about HTTP or SQL. Functions that decide take the current state,
//! a command and a context (clock, actor) and return events or a [`DomainError`].

pub mod calendar;
pub mod case;
pub mod catalog;
pub mod conciliation;
pub mod error;
pub mod event;
pub mod fine;
pub mod ids;
pub mod inspection;
pub mod jurisdiction;
pub mod law;
pub mod policy;
pub mod protocol;
pub mod referral;
pub mod registry;
pub mod risk;
pub mod role;
pub mod rules;
pub mod sanction;
pub mod settlement;
pub mod targeting;
pub mod text;
pub mod union;

pub use error::DomainError;
pub use event::{Actor, NewEvent};
pub use jurisdiction::{Jurisdiction, StateCode};
pub use role::Role;
