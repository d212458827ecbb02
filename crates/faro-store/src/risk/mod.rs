//! Risk targeting's storage: the facts the model learns from (`facts`), model versions and the
//! registry's scores (`models`), and the inspection plans proposed from them (`plans`).

mod facts;
pub mod models;
pub mod plans;

pub use models::{NewRiskModel, RankedWorkplace, RiskModelInfo, ScoreRow, ScoreRun};
pub use plans::{NewPlan, PlanRecord};
