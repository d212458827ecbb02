//! Inspection plans proposed from the scores, and the supervisor's decision. Accepting a plan
//! programs all its inspections in the same transaction as the decision: either every one of them
//! exists afterwards, with its events, or none does.

use chrono::{DateTime, NaiveDate, Utc};
use faro_core::inspection::{self, Kind, Matter, Origin};
use faro_core::law::Law;
use faro_core::risk::kinds;
use faro_core::{Actor, DomainError, Jurisdiction};
use serde::{Deserialize, Serialize};

use crate::cases::EventWriter;
use crate::inspections::{inspection_command_in, Target};
use crate::{timestamp, Row, Store, StoreError};

/// One inspection of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedInspection {
    pub workplace_id: i64,
    /// `RiskModel` for the model's picks, `Random` for the random share.
    pub origin: Origin,
    pub planned_for: NaiveDate,
}

/// A plan to propose for a program.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlan {
    pub program_id: i64,
    pub run_id: i64,
    pub matters: Vec<Matter>,
    pub spec_json: String,
    pub plan_json: String,
    pub picks: Vec<PlannedInspection>,
}

/// A stored plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRecord {
    pub id: i64,
    pub program_id: i64,
    pub run_id: i64,
    /// proposed, accepted or discarded.
    pub status: String,
    pub matters: Vec<Matter>,
    pub spec_json: String,
    pub plan_json: String,
    pub picks: Vec<PlannedInspection>,
    pub proposed_by: i64,
    pub decided_by: Option<i64>,
    pub seq: i64,
}

const COLUMNS: &str =
    "id, program_id, run_id, status, matters, spec_json, plan_json, picks_json, proposed_by, decided_by, created_seq";

fn record(r: &Row) -> Result<PlanRecord, StoreError> {
    Ok(PlanRecord {
        id: r.i64(0)?,
        program_id: r.i64(1)?,
        run_id: r.i64(2)?,
        status: r.string(3)?,
        matters: r.string(4)?.split(',').filter_map(|m| m.parse().ok()).collect(),
        spec_json: r.string(5)?,
        plan_json: r.string(6)?,
        picks: serde_json::from_str(&r.string(7)?)?,
        proposed_by: r.i64(8)?,
        decided_by: r.opt_i64(9)?,
        seq: r.i64(10)?,
    })
}

#[derive(Serialize)]
struct PlanProposed<'a> {
    plan_id: i64,
    program_id: i64,
    run_id: i64,
    matters: Vec<&'static str>,
    picks: &'a [PlannedInspection],
}

#[derive(Serialize)]
struct PlanDecided<'a> {
    plan_id: i64,
    program_id: i64,
    inspections: &'a [i64],
}

fn program_jurisdiction(tx: &mut dyn crate::Tx, program_id: i64) -> Result<Jurisdiction, StoreError> {
    let code = tx
        .query_one(
            "SELECT jurisdiction FROM inspection_programs WHERE id = ?",
            &[program_id.into()],
        )?
        .ok_or_else(|| StoreError::NotFound(format!("program {program_id}")))?
        .string(0)?;
    code.parse::<Jurisdiction>().map_err(StoreError::Domain)
}

fn actor_id(actor: &Actor) -> i64 {
    match actor {
        Actor::User { id, .. } => *id,
        _ => 0,
    }
}

fn matters_text(matters: &[Matter]) -> String {
    matters.iter().map(|m| m.code()).collect::<Vec<_>>().join(",")
}

impl Store {
    /// Stores a proposed plan for a program, with its event.
    pub fn propose_plan(&self, actor: &Actor, now: DateTime<Utc>, plan: &NewPlan) -> Result<i64, StoreError> {
        if plan.matters.is_empty() {
            return Err(StoreError::Domain(DomainError::field(
                "matters",
                "plan.matters_required",
                "a plan covers at least one matter",
            )));
        }
        self.write(|tx| {
            let jurisdiction = program_jurisdiction(tx, plan.program_id)?;
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let id = tx
                .query_one(
                    "INSERT INTO risk_plans (program_id, run_id, status, matters, spec_json, plan_json, picks_json,
                         proposed_by, decided_by, created_seq, updated_seq)
                     VALUES (?, ?, 'proposed', ?, ?, ?, ?, ?, NULL, ?, ?) RETURNING id",
                    &[
                        plan.program_id.into(),
                        plan.run_id.into(),
                        matters_text(&plan.matters).into(),
                        plan.spec_json.as_str().into(),
                        plan.plan_json.as_str().into(),
                        serde_json::to_string(&plan.picks)?.into(),
                        actor_id(actor).into(),
                        seq.into(),
                        seq.into(),
                    ],
                )?
                .ok_or_else(|| StoreError::Corrupt("the new plan got no id".into()))?
                .i64(0)?;
            let payload = PlanProposed {
                plan_id: id,
                program_id: plan.program_id,
                run_id: plan.run_id,
                matters: plan.matters.iter().map(|m| m.code()).collect(),
                picks: &plan.picks,
            };
            events.append(
                tx,
                jurisdiction,
                kinds::PLAN_PROPOSED,
                &format!("risk_plan/{id}"),
                &payload,
            )?;
            Ok(id)
        })
    }

    pub fn plan(&self, id: i64) -> Result<Option<PlanRecord>, StoreError> {
        self.read(|tx| {
            tx.query_one(&format!("SELECT {COLUMNS} FROM risk_plans WHERE id = ?"), &[id.into()])?
                .map(|r| record(&r))
                .transpose()
        })
    }

    /// The plans of a program, newest first.
    pub fn plans_of_program(&self, program_id: i64) -> Result<Vec<PlanRecord>, StoreError> {
        self.read(|tx| {
            tx.query(
                &format!("SELECT {COLUMNS} FROM risk_plans WHERE program_id = ? ORDER BY id DESC"),
                &[program_id.into()],
            )?
            .iter()
            .map(record)
            .collect()
        })
    }

    /// Accepts a proposed plan: programs each of its inspections (ordinary, periodic, with the
    /// plan's matters and the origin of its pick) and records the decision, all in one
    /// transaction. Returns the inspections' ids.
    pub fn accept_plan(
        &self,
        law: &Law,
        actor: &Actor,
        now: DateTime<Utc>,
        plan_id: i64,
    ) -> Result<Vec<i64>, StoreError> {
        self.decide_plan(actor, now, plan_id, true, |tx, events, plan, jurisdiction| {
            let mut ids = Vec::with_capacity(plan.picks.len());
            for pick in &plan.picks {
                let command = inspection::Command::Program {
                    workplace_id: pick.workplace_id,
                    jurisdiction,
                    kind: Kind::Periodic,
                    origin: pick.origin,
                    matters: plan.matters.clone(),
                    planned_for: pick.planned_for,
                    program_id: Some(plan.program_id),
                };
                ids.push(inspection_command_in(tx, law, events, now, Target::New, &command, None)?.id);
            }
            Ok(ids)
        })
    }

    /// Discards a proposed plan; nothing is programmed.
    pub fn discard_plan(&self, actor: &Actor, now: DateTime<Utc>, plan_id: i64) -> Result<(), StoreError> {
        self.decide_plan(actor, now, plan_id, false, |_, _, _, _| Ok(Vec::new()))
            .map(|_| ())
    }

    fn decide_plan(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        plan_id: i64,
        accept: bool,
        program: impl FnOnce(
            &mut dyn crate::Tx,
            &mut EventWriter<'_>,
            &PlanRecord,
            Jurisdiction,
        ) -> Result<Vec<i64>, StoreError>,
    ) -> Result<Vec<i64>, StoreError> {
        self.write(|tx| {
            let plan = tx
                .query_one(
                    &format!(
                        "SELECT {COLUMNS} FROM risk_plans WHERE id = ?{}",
                        tx.dialect().for_update()
                    ),
                    &[plan_id.into()],
                )?
                .map(|r| record(&r))
                .transpose()?
                .ok_or_else(|| StoreError::NotFound(format!("plan {plan_id}")))?;
            if plan.status != "proposed" {
                return Err(StoreError::Domain(
                    DomainError::new("plan.already_decided", format!("the plan was already {}", plan.status))
                        .with("status", plan.status.clone()),
                ));
            }
            let jurisdiction = program_jurisdiction(tx, plan.program_id)?;
            let mut events = EventWriter::new(actor, timestamp(now));
            let ids = program(tx, &mut events, &plan, jurisdiction)?;
            let seq = events.peek_seq(tx)?;
            let status = if accept { "accepted" } else { "discarded" };
            tx.execute(
                "UPDATE risk_plans SET status = ?, decided_by = ?, updated_seq = ? WHERE id = ?",
                &[status.into(), actor_id(actor).into(), seq.into(), plan_id.into()],
            )?;
            let kind = if accept {
                kinds::PLAN_ACCEPTED
            } else {
                kinds::PLAN_DISCARDED
            };
            let payload = PlanDecided {
                plan_id,
                program_id: plan.program_id,
                inspections: &ids,
            };
            events.append(tx, jurisdiction, kind, &format!("risk_plan/{plan_id}"), &payload)?;
            Ok(ids)
        })
    }
}
