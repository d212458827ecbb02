//! One module per command.

pub mod audit;
pub mod backup;
pub mod check;
pub mod demo;
pub mod demo_conciliation;
pub mod demo_unions;
pub mod import;
pub mod migrate;
pub mod risk;
pub mod rules;
pub mod serve;
pub mod user;
