//! The registry's four commands, one transaction each: core decides (`faro_core::union::*::execute`
//! with the registry's law), the store checks what the command cites of other records, and then
//! writes the read rows from the folded state, the rollups, the flags and the events.

use chrono::{DateTime, Utc};
use faro_core::union::agreement::{self, Agreement};
use faro_core::union::registration::{self, Union};
use faro_core::union::representativeness::{self, Representativeness};
use faro_core::union::vote::{self, Vote};
use faro_core::{Actor, Jurisdiction};
use serde::de::DeserializeOwned;

use super::agreement_row::{self, AgreementLinks};
use super::anomalies::{self, request_flags, vote_flags};
use super::common::{next_id, Table};
use super::derive::RecordKind;
use super::links::{
    check_certificate, check_vote_ref, check_vote_subject, check_workplace_free, registered_union, vote_link,
};
use super::place::Lookups;
use super::request_row::{self, workplace_key};
use super::{
    rollup, union_row, vote_row, AgreementTarget, RegistryOutcome, RepresentativenessTarget, UnionLaw, UnionTarget,
    VoteTarget,
};
use crate::cases::EventWriter;
use crate::tx::Tx;
use crate::{timestamp, Store, StoreError};

/// A record as its rows hold it, locked for the change.
struct Current<S> {
    id: i64,
    state_code: String,
    sector: String,
    jurisdiction: Jurisdiction,
    state: S,
}

/// Loads record `id` with its place and its folded state (from its row, or its confidential
/// file), locking its row.
fn load<S: DeserializeOwned>(tx: &mut dyn Tx, kind: RecordKind, id: i64) -> Result<Current<S>, StoreError> {
    let sql = match kind {
        RecordKind::Union => {
            "SELECT u.state, '', u.jurisdiction, f.state_json FROM unions u
             JOIN union_files f ON f.union_id = u.id WHERE u.id = ?"
        }
        RecordKind::Agreement => {
            "SELECT a.state, a.sector, a.jurisdiction, a.state_json FROM agreements a WHERE a.id = ?"
        }
        RecordKind::Representativeness => {
            "SELECT r.state, r.sector, r.jurisdiction, f.state_json
             FROM representativeness_requests r JOIN representativeness_files f ON f.request_id = r.id WHERE r.id = ?"
        }
        RecordKind::Vote => {
            "SELECT v.state, '', v.jurisdiction, f.state_json FROM votes v
             JOIN vote_files f ON f.vote_id = v.id WHERE v.id = ?"
        }
    };
    let r = tx
        .query_one(&format!("{sql}{}", tx.dialect().for_update()), &[id.into()])?
        .ok_or_else(|| StoreError::NotFound(kind.subject(id)))?;
    let code = r.string(2)?;
    Ok(Current {
        id,
        state_code: r.string(0)?,
        sector: r.string(1)?,
        jurisdiction: code
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("{}'s jurisdiction is '{code}'", kind.subject(id))))?,
        state: serde_json::from_str(&r.string(3)?)?,
    })
}

fn missing<S>(kind: RecordKind, id: i64, current: Option<Current<S>>) -> Result<Current<S>, StoreError> {
    current.ok_or_else(|| StoreError::NotFound(kind.subject(id)))
}

/// A uniqueness violation (a registration or certificate number already given) as a conflict.
fn taken<T>(result: Result<T, StoreError>, what: &str) -> Result<T, StoreError> {
    match result {
        Err(e) if e.is_unique_violation() => Err(StoreError::Conflict(format!("{what} is already taken"))),
        other => other,
    }
}

/// Appends the command's events under the record's subject.
fn log<E: serde::Serialize>(
    tx: &mut dyn Tx,
    events: &mut EventWriter<'_>,
    jurisdiction: Jurisdiction,
    subject: &str,
    evs: &[E],
    kind: impl Fn(&E) -> &'static str,
) -> Result<(), StoreError> {
    for e in evs {
        events.append(tx, jurisdiction, kind(e), subject, e)?;
    }
    Ok(())
}

impl Store {
    /// Runs one command on a union's file (or files a new union), in one transaction: core
    /// decides, the events are logged under `union/{id}`, and the rows (`unions`,
    /// `union_leaders`, `union_files`) and `union_rollup` follow. A refusal (`Domain`), an unknown
    /// union (`NotFound`) or a registration number already given (`Conflict`) writes nothing.
    pub fn union_command(
        &self,
        law: &UnionLaw<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        target: UnionTarget,
        command: &registration::Command,
    ) -> Result<RegistryOutcome<Union, registration::Event>, StoreError> {
        let result = self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let current: Option<Current<Union>> = match target {
                UnionTarget::Existing(id) => Some(load(tx, RecordKind::Union, id)?),
                UnionTarget::New(_) => None,
            };
            let (evs, next) = registration::execute(current.as_ref().map(|c| &c.state), command, &law.ctx(now))
                .map_err(StoreError::Domain)?;
            let json = serde_json::to_string(&next)?;
            let (id, jurisdiction) = match target {
                UnionTarget::New(site) => {
                    let id = next_id(tx, Table::Unions)?;
                    union_row::insert_union(tx, id, &site, &next, &json, seq)?;
                    rollup::union(tx, &site.state.as_str(), &next, 1)?;
                    (id, site.jurisdiction())
                }
                UnionTarget::Existing(id) => {
                    let cur = missing(RecordKind::Union, id, current)?;
                    rollup::union(tx, &cur.state_code, &cur.state, -1)?;
                    union_row::update_union(tx, id, &cur.state, &next, &json, seq)?;
                    rollup::union(tx, &cur.state_code, &next, 1)?;
                    (id, cur.jurisdiction)
                }
            };
            let subject = RecordKind::Union.subject(id);
            log(tx, &mut events, jurisdiction, &subject, &evs, registration::Event::kind)?;
            Ok(RegistryOutcome {
                id,
                subject,
                events: evs,
                state: next,
                seq: events.first_seq.unwrap_or(seq),
            })
        });
        taken(result, "the registration number")
    }

    /// Runs one command on an agreement's file (or deposits a new one), in one transaction:
    /// core decides; the store checks what it cites (the deposit's union must be registered
    /// under the number given, its certificate one the registry issued, and every vote cited a
    /// stored vote with exactly that applied result, about this agreement for a revision, a
    /// legitimization or a termination); the events are logged under `agreement/{id}`; the rows
    /// (`agreements`, `agreement_revisions`), `agreement_rollup` and `agreement_wage_rollup`
    /// follow. A refusal or an unknown agreement writes nothing.
    pub fn agreement_command(
        &self,
        law: &UnionLaw<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        target: &AgreementTarget,
        command: &agreement::Command,
    ) -> Result<RegistryOutcome<Agreement, agreement::Event>, StoreError> {
        let result = self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let current: Option<Current<Agreement>> = match target {
                AgreementTarget::Existing(id) => Some(load(tx, RecordKind::Agreement, *id)?),
                AgreementTarget::New(_) => None,
            };
            let before = current.as_ref().map(|c| &c.state);
            let (evs, next) = agreement::execute(before, command, &law.ctx(now)).map_err(StoreError::Domain)?;
            let revisions = agreement_row::new_revisions(before, &evs)?;
            let json = serde_json::to_string(&next)?;
            let mut lookups = Lookups::default();
            let (id, jurisdiction, sector) = match target {
                AgreementTarget::New(site) => {
                    let mut links = AgreementLinks {
                        union_id: Some(registered_union(
                            tx,
                            &mut lookups,
                            "union_registration",
                            &next.union_registration,
                        )?),
                        ..AgreementLinks::default()
                    };
                    if let Some(c) = &next.certificate {
                        links.certificate_number = Some(check_certificate(tx, c)?);
                    }
                    if let Some(v) = &next.approval {
                        links.approval_vote_id = Some(check_vote_ref(tx, "approval", v)?.id);
                    }
                    let rfc = next
                        .employer_rfc
                        .as_ref()
                        .map(|r| r.as_str().to_string())
                        .unwrap_or_default();
                    let place = lookups.place(tx, site, &rfc)?;
                    let id = next_id(tx, Table::Agreements)?;
                    agreement_row::insert_agreement(tx, id, &next, &json, &place, &links, seq)?;
                    rollup::agreement(tx, &place.state, &place.sector, &next, 1)?;
                    (id, place.jurisdiction, place.sector)
                }
                AgreementTarget::Existing(id) => {
                    let cur = missing(RecordKind::Agreement, *id, current)?;
                    let cited = match command {
                        agreement::Command::DepositRevision { vote, .. }
                        | agreement::Command::RecordLegitimization { vote } => Some(vote),
                        agreement::Command::Terminate { vote, .. } => vote.as_ref(),
                        _ => None,
                    };
                    if let Some(v) = cited {
                        let c = check_vote_ref(tx, "vote", v)?;
                        check_vote_subject("vote", c.agreement_id, *id, &v.vote_id)?;
                    }
                    rollup::agreement(tx, &cur.state_code, &cur.sector, &cur.state, -1)?;
                    agreement_row::update_agreement(tx, *id, &next, &json, seq)?;
                    rollup::agreement(tx, &cur.state_code, &cur.sector, &next, 1)?;
                    (*id, cur.jurisdiction, cur.sector)
                }
            };
            agreement_row::write_extras(tx, id, &revisions, &evs)?;
            rollup::wages(tx, &sector, next.covered_workers, &revisions)?;
            let subject = RecordKind::Agreement.subject(id);
            log(tx, &mut events, jurisdiction, &subject, &evs, agreement::Event::kind)?;
            Ok(RegistryOutcome {
                id,
                subject,
                events: evs,
                state: next,
                seq: events.first_seq.unwrap_or(seq),
            })
        });
        taken(result, "the registration number")
    }

    /// Runs one command on a request for a certificate of representativeness (or files a new
    /// one), in one transaction: core decides; the store checks that each applicant is a
    /// registered union, that no certificate is in force and no request under way at the same
    /// workplace (LFT 387, 390 Bis-II), and that a vote cited is a stored vote about this
    /// request; the events are logged under `representativeness/{id}`, the rows follow and the
    /// support lists' flags are kept for the registrar.
    pub fn representativeness_command(
        &self,
        law: &UnionLaw<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        target: &RepresentativenessTarget,
        command: &representativeness::Command,
    ) -> Result<RegistryOutcome<Representativeness, representativeness::Event>, StoreError> {
        let result = self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let current: Option<Current<Representativeness>> = match target {
                RepresentativenessTarget::Existing(id) => Some(load(tx, RecordKind::Representativeness, *id)?),
                RepresentativenessTarget::New(_) => None,
            };
            let (evs, next) = representativeness::execute(current.as_ref().map(|c| &c.state), command, &law.ctx(now))
                .map_err(StoreError::Domain)?;
            let mut lookups = Lookups::default();
            match command {
                representativeness::Command::Request {
                    registration_number, ..
                }
                | representativeness::Command::Join {
                    registration_number, ..
                } => {
                    registered_union(tx, &mut lookups, "registration_number", registration_number)?;
                }
                representativeness::Command::RecordVote { vote, .. } => {
                    let c = check_vote_ref(tx, "vote", vote)?;
                    let id = current.as_ref().map_or(0, |c| c.id);
                    check_vote_subject("vote", c.request_id, id, &vote.vote_id)?;
                }
                _ => {}
            }
            let json = serde_json::to_string(&next)?;
            let (id, jurisdiction, fresh) = match target {
                RepresentativenessTarget::New(site) => {
                    check_workplace_free(
                        tx,
                        &workplace_key(&next.employer_rfc, &next.workplace),
                        now.date_naive(),
                    )?;
                    let place = lookups.place(tx, site, &next.employer_rfc)?;
                    let id = next_id(tx, Table::Requests)?;
                    request_row::insert_request(tx, &mut lookups, id, &next, &json, &place, seq)?;
                    (id, place.jurisdiction, true)
                }
                RepresentativenessTarget::Existing(id) => {
                    let cur = missing(RecordKind::Representativeness, *id, current)?;
                    request_row::update_request(tx, &mut lookups, *id, &next, &json, seq)?;
                    (*id, cur.jurisdiction, false)
                }
            };
            anomalies::sync(
                tx,
                RecordKind::Representativeness,
                id,
                &request_flags(&next),
                seq,
                fresh,
            )?;
            let subject = RecordKind::Representativeness.subject(id);
            log(
                tx,
                &mut events,
                jurisdiction,
                &subject,
                &evs,
                representativeness::Event::kind,
            )?;
            Ok(RegistryOutcome {
                id,
                subject,
                events: evs,
                state: next,
                seq: events.first_seq.unwrap_or(seq),
            })
        });
        taken(result, "the certificate number")
    }

    /// Runs one command on a vote (or calls a new one), in one transaction: core decides; a new
    /// vote is linked to the record its call names as subject ("agreement/7", "union/3",
    /// "representativeness/2"), which must exist and suit the purpose; the events are logged
    /// under `vote/{id}`; the rows (`votes`, `vote_stations`, the roll in `vote_files`),
    /// `vote_rollup` and the roll's and results' flags follow.
    pub fn vote_command(
        &self,
        law: &UnionLaw<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        target: VoteTarget,
        command: &vote::Command,
    ) -> Result<RegistryOutcome<Vote, vote::Event>, StoreError> {
        self.write(|tx| {
            let mut events = EventWriter::new(actor, timestamp(now));
            let seq = events.peek_seq(tx)?;
            let current: Option<Current<Vote>> = match target {
                VoteTarget::Existing(id) => Some(load(tx, RecordKind::Vote, id)?),
                VoteTarget::New => None,
            };
            let (evs, next) = vote::execute(current.as_ref().map(|c| &c.state), command, &law.ctx(now))
                .map_err(StoreError::Domain)?;
            let json = serde_json::to_string(&next)?;
            let (id, jurisdiction, fresh) = match target {
                VoteTarget::New => {
                    let link = vote_link(tx, next.purpose, &next.subject)?;
                    let jurisdiction: Jurisdiction = link
                        .jurisdiction
                        .parse()
                        .map_err(|_| StoreError::Corrupt(format!("{}'s jurisdiction", next.subject)))?;
                    let id = next_id(tx, Table::Votes)?;
                    vote_row::insert_vote(tx, id, &next, &json, &link, seq)?;
                    rollup::vote(tx, &link.state, &next, 1)?;
                    (id, jurisdiction, true)
                }
                VoteTarget::Existing(id) => {
                    let cur = missing(RecordKind::Vote, id, current)?;
                    rollup::vote(tx, &cur.state_code, &cur.state, -1)?;
                    vote_row::update_vote(tx, id, &cur.state, &next, &json, seq)?;
                    rollup::vote(tx, &cur.state_code, &next, 1)?;
                    (id, cur.jurisdiction, false)
                }
            };
            anomalies::sync(tx, RecordKind::Vote, id, &vote_flags(&next), seq, fresh)?;
            let subject = RecordKind::Vote.subject(id);
            log(tx, &mut events, jurisdiction, &subject, &evs, vote::Event::kind)?;
            Ok(RegistryOutcome {
                id,
                subject,
                events: evs,
                state: next,
                seq: events.first_seq.unwrap_or(seq),
            })
        })
    }
}
