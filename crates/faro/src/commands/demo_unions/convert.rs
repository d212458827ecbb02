//! From the generator's histories to the store's: pure, no I/O.
//!
//! `faro_demo::unions` names its records by demo keys ("S17", "E123-1", "C123-1", "C123-1-R",
//! "C123-1-V2") and its events cite each other by those keys; the store's bulk import
//! (`Store::import_union_registry`) wants numbered records and citations in its own forms. This
//! module numbers every record (unions, certificate requests, agreements, votes, each kind from its
//! own counter, in the order the generator yields them) and rewrites every citation:
//!
//! * a vote cited by another record (`VoteRef::vote_id`, a revision's, legitimization's or
//!   termination's `vote_id`, a certificate's `vote_id`, a leadership's `vote`) becomes "vote/N";
//! * a vote's subject becomes "agreement/N", "union/N" or "representativeness/N". The generator
//!   names an initial agreement's approval vote after the agreement, which is not deposited yet
//!   when it is held; the store wants such a vote about the workplace's certificate request (or
//!   the union), so it is linked to the agreement's request, else its union;
//! * the certificate an agreement cites (`CertificateRef::id`, the request's key) becomes the
//!   certificate number the request was issued under, which is how the store links them.
//!
//! Unions are linked to agreements by registration number, which needs no rewriting.
//!
//! The rewriting is typed: each event enum is matched exhaustively and the fields that hold a
//! reference are replaced, so a new event that carries a reference fails to compile here until
//! it is handled. (A JSON round trip replacing key strings would be shorter but slower, and
//! would silently miss a reference in a field it was not told about or replace a key that
//! happens to appear in a text.) A key that names no record is a bug of the generator:
//! [`ConvertError::Unresolved`] names it.

use std::collections::HashMap;

use chrono::NaiveDate;
use faro_core::conciliation::FederalBranches;
use faro_core::union::agreement::{self, Legitimization};
use faro_core::union::registration::{self, Leadership, UnionType};
use faro_core::union::representativeness;
use faro_core::union::vote::{self, Purpose};
use faro_demo::unions::{self as demo, Branch, RegistryPage, WorkplaceRow};
use faro_store::unions::derive::{subjects_for, RecordKind};
use faro_store::unions::{
    AgreementHistory, RepresentativenessHistory, Site, UnionHistory, UnionRegistryBatch, UnionSite, VoteHistory,
};
use serde::{Deserialize, Serialize};

/// Why a generated history cannot be stored: each is a bug of the generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    #[error(
        "the generated record {record} cites '{key}' in its {field}, and no generated record of that kind has that key \
         (a bug of the union registry generator)"
    )]
    Unresolved {
        record: String,
        field: &'static str,
        key: String,
    },
    #[error(
        "the generated record {record} is about workplace {workplace_id}, which is not in the page of workplaces it \
         was generated from (a bug of the union registry generator)"
    )]
    UnknownWorkplace { record: String, workplace_id: i64 },
}

/// The next id of each kind of record: where numbering goes on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ids {
    pub unions: i64,
    pub requests: i64,
    pub agreements: i64,
    pub votes: i64,
}

impl Ids {
    fn take(counter: &mut i64) -> i64 {
        let id = *counter;
        *counter += 1;
        id
    }
}

impl From<faro_store::unions::NextIds> for Ids {
    fn from(n: faro_store::unions::NextIds) -> Ids {
        Ids {
            unions: n.unions,
            requests: n.requests,
            agreements: n.agreements,
            votes: n.votes,
        }
    }
}

/// What a key names.
#[derive(Debug, Clone)]
enum Named {
    Union(i64),
    Request {
        id: i64,
        /// The certificate number, once issued.
        certificate: Option<String>,
    },
    Agreement {
        /// `None` when it was never deposited.
        id: Option<i64>,
        request: Option<i64>,
        union_key: String,
    },
    Vote(i64),
}

/// The keys of the nation's sector unions, numbered once and looked up by every page.
#[derive(Debug, Clone, Default)]
pub struct SectorUnionIds {
    ids: HashMap<String, i64>,
}

/// The keys known while one batch is rewritten: its own, then the sector unions'.
struct Keys<'a> {
    own: HashMap<String, Named>,
    sector: &'a SectorUnionIds,
}

impl Keys<'_> {
    fn get(&self, key: &str) -> Option<Named> {
        self.own
            .get(key)
            .cloned()
            .or_else(|| self.sector.ids.get(key).map(|id| Named::Union(*id)))
    }

    fn vote(&self, record: &str, field: &'static str, key: &str) -> Result<String, ConvertError> {
        match self.get(key) {
            Some(Named::Vote(id)) => Ok(RecordKind::Vote.subject(id)),
            _ => Err(unresolved(record, field, key)),
        }
    }

    fn vote_mut(&self, record: &str, field: &'static str, key: &mut String) -> Result<(), ConvertError> {
        *key = self.vote(record, field, key)?;
        Ok(())
    }

    fn certificate_number(&self, record: &str, key: &str) -> Result<String, ConvertError> {
        match self.get(key) {
            Some(Named::Request {
                certificate: Some(n), ..
            }) => Ok(n),
            _ => Err(unresolved(record, "certificate", key)),
        }
    }

    /// The subject of a vote for `purpose` named by `key`, as one of the kinds the store allows.
    fn subject(&self, record: &str, purpose: Purpose, key: &str) -> Result<String, ConvertError> {
        let allowed = subjects_for(purpose);
        let union = |k: &str| match self.get(k) {
            Some(Named::Union(id)) if allowed.contains(&RecordKind::Union) => Some(RecordKind::Union.subject(id)),
            _ => None,
        };
        let found = match self.get(key) {
            Some(Named::Union(_)) => union(key),
            Some(Named::Request { id, .. }) if allowed.contains(&RecordKind::Representativeness) => {
                Some(RecordKind::Representativeness.subject(id))
            }
            Some(Named::Agreement { id, request, union_key }) => {
                if let Some(id) = id.filter(|_| allowed.contains(&RecordKind::Agreement)) {
                    Some(RecordKind::Agreement.subject(id))
                } else if let Some(r) = request.filter(|_| allowed.contains(&RecordKind::Representativeness)) {
                    Some(RecordKind::Representativeness.subject(r))
                } else {
                    union(&union_key)
                }
            }
            _ => None,
        };
        found.ok_or_else(|| unresolved(record, "subject", key))
    }
}

fn unresolved(record: &str, field: &'static str, key: &str) -> ConvertError {
    ConvertError::Unresolved {
        record: record.to_string(),
        field,
        key: key.to_string(),
    }
}

/// Branches whose sector unions fall under the federal labour jurisdiction (LFT 527-I: mining,
/// electricity, the automotive, chemical, textile, metallurgical and film industries); the same
/// branches the generator files with the STPS before the reform.
fn federal_branch(b: Branch) -> bool {
    matches!(
        b,
        Branch::Mining
            | Branch::Utilities
            | Branch::Automotive
            | Branch::Chemical
            | Branch::Textile
            | Branch::Metal
            | Branch::Media
    )
}

/// Where the records go: the federal branches of LFT 527 by SCIAN class, as of `today`.
pub struct Jurisdictions<'a> {
    pub branches: &'a FederalBranches,
    pub today: NaiveDate,
}

impl Jurisdictions<'_> {
    fn federal_class(&self, scian: &str) -> bool {
        self.branches.branch_of(scian, self.today).is_some()
    }

    /// A company union's by its workplace's class; a sector union's by its kind and branch.
    fn union_site(&self, h: &demo::UnionHistory, rows: &HashMap<i64, &WorkplaceRow>) -> UnionSite {
        let federal = match h.workplace_id.and_then(|w| rows.get(&w)) {
            Some(row) => self.federal_class(&row.scian_class),
            None => h.union_type == UnionType::NationalIndustry || federal_branch(h.branch),
        };
        UnionSite {
            state: h.state,
            federal,
        }
    }

    fn site(&self, record: &str, workplace_id: i64, rows: &HashMap<i64, &WorkplaceRow>) -> Result<Site, ConvertError> {
        let row = rows.get(&workplace_id).ok_or_else(|| ConvertError::UnknownWorkplace {
            record: record.to_string(),
            workplace_id,
        })?;
        Ok(Site {
            workplace_id: Some(workplace_id),
            federal: self.federal_class(&row.scian_class),
            ..Site::default()
        })
    }
}

/// Numbers the nation's sector unions (from `next.unions`) and rewrites them.
pub fn sector_unions(
    unions: Vec<demo::UnionHistory>,
    next: &mut Ids,
    known: &mut SectorUnionIds,
    places: &Jurisdictions<'_>,
) -> Result<UnionRegistryBatch, ConvertError> {
    let numbered: Vec<(i64, demo::UnionHistory)> = unions
        .into_iter()
        .map(|h| {
            let id = Ids::take(&mut next.unions);
            known.ids.insert(h.key.clone(), id);
            (id, h)
        })
        .collect();
    let keys = Keys {
        own: HashMap::new(),
        sector: known,
    };
    let none = HashMap::new();
    let mut batch = UnionRegistryBatch::default();
    for (id, h) in numbered {
        batch.unions.push(union(&keys, id, h, places, &none)?);
    }
    Ok(batch)
}

/// Numbers a page's records (from `next`) and rewrites them into one batch: its company unions,
/// certificate requests, agreements and votes.
pub fn page(
    page: RegistryPage,
    rows: &[WorkplaceRow],
    next: &mut Ids,
    sector: &SectorUnionIds,
    places: &Jurisdictions<'_>,
) -> Result<UnionRegistryBatch, ConvertError> {
    let rows: HashMap<i64, &WorkplaceRow> = rows.iter().map(|r| (r.workplace_id, r)).collect();
    let mut keys = Keys {
        own: HashMap::new(),
        sector,
    };
    // Number everything first: a citation may point forward (an agreement cites its votes).
    let unions: Vec<(i64, demo::UnionHistory)> = page
        .unions
        .into_iter()
        .map(|h| {
            let id = Ids::take(&mut next.unions);
            keys.own.insert(h.key.clone(), Named::Union(id));
            (id, h)
        })
        .collect();
    let mut agreements = Vec::with_capacity(page.agreements.len());
    for a in page.agreements {
        let request = a.certificate.as_ref().map(|c| {
            let id = Ids::take(&mut next.requests);
            let certificate = c.trail.state.certificate.as_ref().map(|x| x.number.clone());
            keys.own.insert(c.key.clone(), Named::Request { id, certificate });
            id
        });
        let id = a.trail.as_ref().map(|_| Ids::take(&mut next.agreements));
        keys.own.insert(
            a.key.clone(),
            Named::Agreement {
                id,
                request,
                union_key: a.union_key.clone(),
            },
        );
        let certificate_vote = a.certificate.as_ref().and_then(|c| c.vote.as_ref());
        for v in certificate_vote.into_iter().chain(a.votes.iter()) {
            keys.own.insert(v.key.clone(), Named::Vote(Ids::take(&mut next.votes)));
        }
        agreements.push((request, id, a));
    }
    let mut batch = UnionRegistryBatch::default();
    for (id, h) in unions {
        batch.unions.push(union(&keys, id, h, places, &rows)?);
    }
    for (request, id, a) in agreements {
        let demo::AgreementHistory {
            key,
            workplace_id,
            certificate,
            votes,
            trail,
            ..
        } = a;
        let mut all_votes = Vec::with_capacity(votes.len() + 1);
        if let (Some(rid), Some(c)) = (request, certificate) {
            let site = places.site(&c.key, workplace_id, &rows)?;
            let events = request_events(&keys, &c.key, c.trail.steps.into_iter().flat_map(|s| s.events))?;
            batch.requests.push(RepresentativenessHistory { id: rid, site, events });
            all_votes.extend(c.vote);
        }
        if let (Some(id), Some(trail)) = (id, trail) {
            let site = places.site(&key, workplace_id, &rows)?;
            let events = agreement_events(&keys, &key, trail.steps.into_iter().flat_map(|s| s.events))?;
            batch.agreements.push(AgreementHistory { id, site, events });
        }
        all_votes.extend(votes);
        for v in all_votes {
            batch.votes.push(vote(&keys, v)?);
        }
    }
    Ok(batch)
}

fn union(
    keys: &Keys<'_>,
    id: i64,
    h: demo::UnionHistory,
    places: &Jurisdictions<'_>,
    rows: &HashMap<i64, &WorkplaceRow>,
) -> Result<UnionHistory, ConvertError> {
    let site = places.union_site(&h, rows);
    let events = union_events(keys, &h.key, h.trail.steps.into_iter().flat_map(|s| s.events))?;
    Ok(UnionHistory { id, site, events })
}

fn vote(keys: &Keys<'_>, h: demo::VoteHistory) -> Result<VoteHistory, ConvertError> {
    let id = match keys.get(&h.key) {
        Some(Named::Vote(id)) => id,
        _ => return Err(unresolved(&h.key, "key", &h.key)),
    };
    let mut events: Vec<vote::Event> = h.trail.steps.into_iter().flat_map(|s| s.events).collect();
    for e in &mut events {
        match e {
            vote::Event::Called { purpose, subject, .. } => *subject = keys.subject(&h.key, *purpose, subject)?,
            vote::Event::RollPublished { .. }
            | vote::Event::RollChallenged { .. }
            | vote::Event::RollChallengeResolved { .. }
            | vote::Event::RollClosed { .. }
            | vote::Event::ObserverAccredited { .. }
            | vote::Event::Held { .. }
            | vote::Event::ResultsRecorded { .. }
            | vote::Event::ResultsPublished { .. }
            | vote::Event::Challenged { .. }
            | vote::Event::ChallengeResolved { .. }
            | vote::Event::Annulled { .. }
            | vote::Event::OutcomeApplied { .. }
            | vote::Event::Cancelled { .. } => {}
        }
    }
    Ok(VoteHistory { id, events })
}

fn leadership(keys: &Keys<'_>, record: &str, l: &mut Leadership) -> Result<(), ConvertError> {
    if let Some(v) = l.vote.as_mut() {
        keys.vote_mut(record, "leadership vote", v)?;
    }
    Ok(())
}

fn union_events(
    keys: &Keys<'_>,
    record: &str,
    events: impl Iterator<Item = registration::Event>,
) -> Result<Vec<registration::Event>, ConvertError> {
    use registration::Event as E;
    let mut out: Vec<E> = events.collect();
    for e in &mut out {
        match e {
            E::Filed { filing, .. } | E::Corrected { filing, .. } => leadership(keys, record, &mut filing.leadership)?,
            E::LeadershipChangeReported { leadership: l, .. } | E::LeadershipCertified { leadership: l, .. } => {
                leadership(keys, record, l)?
            }
            E::DefectsNotified { .. }
            | E::DecisionDemanded { .. }
            | E::Registered { .. }
            | E::Refused { .. }
            | E::DeemedRegistered { .. }
            | E::CertificateIssued { .. }
            | E::LeadershipRejected { .. }
            | E::StatutesChanged { .. }
            | E::MembersUpdated { .. }
            | E::FinancialReportFiled { .. }
            | E::Cancelled { .. } => {}
        }
    }
    Ok(out)
}

fn request_events(
    keys: &Keys<'_>,
    record: &str,
    events: impl Iterator<Item = representativeness::Event>,
) -> Result<Vec<representativeness::Event>, ConvertError> {
    use representativeness::Event as E;
    let mut out: Vec<E> = events.collect();
    for e in &mut out {
        match e {
            E::Issued { certificate } => {
                if let Some(v) = certificate.vote_id.as_mut() {
                    keys.vote_mut(record, "certificate's vote", v)?;
                }
            }
            E::Requested { .. }
            | E::DefectsNotified { .. }
            | E::Corrected { .. }
            | E::NoticePublished { .. }
            | E::Joined { .. }
            | E::WindowClosed { .. }
            | E::VoteRequired { .. }
            | E::Denied { .. }
            | E::StrikeRecorded { .. }
            | E::Expired { .. } => {}
        }
    }
    Ok(out)
}

fn legitimization(keys: &Keys<'_>, record: &str, l: &mut Legitimization) -> Result<(), ConvertError> {
    match l {
        Legitimization::Inconclusive { vote_id }
        | Legitimization::Legitimized { vote_id, .. }
        | Legitimization::Rejected { vote_id, .. } => keys.vote_mut(record, "legitimization vote", vote_id),
        Legitimization::NotRequired | Legitimization::Pending => Ok(()),
    }
}

fn agreement_events(
    keys: &Keys<'_>,
    record: &str,
    events: impl Iterator<Item = agreement::Event>,
) -> Result<Vec<agreement::Event>, ConvertError> {
    use agreement::Event as E;
    let mut out: Vec<E> = events.collect();
    for e in &mut out {
        match e {
            E::Deposited {
                deposit,
                legitimization: l,
                ..
            } => {
                if let Some(c) = deposit.certificate.as_mut() {
                    c.id = keys.certificate_number(record, &c.id)?;
                }
                if let Some(v) = deposit.approval.as_mut() {
                    keys.vote_mut(record, "approval vote", &mut v.vote_id)?;
                }
                legitimization(keys, record, l)?;
            }
            E::RevisionDeposited { vote_id, .. } => keys.vote_mut(record, "revision vote", vote_id)?,
            E::LegitimizationRecorded {
                vote_id,
                legitimization: l,
                ..
            } => {
                keys.vote_mut(record, "legitimization vote", vote_id)?;
                legitimization(keys, record, l)?;
            }
            E::Terminated { vote_id, .. } => {
                if let Some(v) = vote_id.as_mut() {
                    keys.vote_mut(record, "termination vote", v)?;
                }
            }
            E::Registered { .. }
            | E::Refused { .. }
            | E::RevisionRequested { .. }
            | E::PublicVersionPublished { .. } => {}
        }
    }
    Ok(out)
}

/// The part of a batch not stored yet: the records numbered at or above `stored` (the store's
/// next ids). A resumed load regenerates what an interrupted one stored and skips it.
pub fn not_stored(batch: UnionRegistryBatch, stored: &Ids) -> UnionRegistryBatch {
    UnionRegistryBatch {
        unions: batch.unions.into_iter().filter(|h| h.id >= stored.unions).collect(),
        requests: batch.requests.into_iter().filter(|h| h.id >= stored.requests).collect(),
        agreements: batch
            .agreements
            .into_iter()
            .filter(|h| h.id >= stored.agreements)
            .collect(),
        votes: batch.votes.into_iter().filter(|h| h.id >= stored.votes).collect(),
    }
}

/// Records in a batch.
pub fn records(batch: &UnionRegistryBatch) -> usize {
    batch.unions.len() + batch.requests.len() + batch.agreements.len() + batch.votes.len()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::{Arc, OnceLock};

    use faro_core::catalog::Catalogs;
    use faro_core::law::Law;
    use faro_demo::unions::{UnionRegistryGenerator, UnionsConfig};
    use faro_demo::{generate, DemoConfig};

    use super::*;

    fn law() -> &'static Law {
        static LAW: OnceLock<Law> = OnceLock::new();
        LAW.get_or_init(|| Law::official(Arc::new(Catalogs::embedded().unwrap()), None).unwrap())
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// The workplaces of a small demo nation, numbered as the store numbers them.
    fn rows(workplaces: u64) -> Vec<WorkplaceRow> {
        let mut employers: HashMap<String, (i64, faro_core::registry::EmployerDraft)> = HashMap::new();
        let mut out = Vec::new();
        for batch in generate(&DemoConfig { seed: 2026, workplaces }, law().catalogs.as_ref()) {
            for (key, e) in &batch.employers {
                let next = employers.len() as i64 + 1;
                employers.entry(key.clone()).or_insert((next, e.clone()));
            }
            for (key, w) in &batch.workplaces {
                let (id, e) = employers.get(key).unwrap();
                out.push(WorkplaceRow::from_drafts(*id, e, out.len() as i64 + 1, w));
            }
        }
        out
    }

    struct Fixture {
        rows: Vec<WorkplaceRow>,
        sector: Vec<demo::UnionHistory>,
        page: RegistryPage,
    }

    fn fixture() -> &'static Fixture {
        static F: OnceLock<Fixture> = OnceLock::new();
        F.get_or_init(|| {
            let rows = rows(2_000);
            let g = UnionRegistryGenerator::new(UnionsConfig::new(2026, today(), 2_000), law()).unwrap();
            let sector = g.sector_unions().flat_map(|b| b.unwrap()).collect();
            let page = g.page(&rows).unwrap();
            Fixture { rows, sector, page }
        })
    }

    fn places() -> Jurisdictions<'static> {
        Jurisdictions {
            branches: FederalBranches::official().unwrap(),
            today: today(),
        }
    }

    fn convert(page: RegistryPage, first: Ids) -> Result<(UnionRegistryBatch, UnionRegistryBatch, Ids), ConvertError> {
        let f = fixture();
        let mut next = first;
        let mut known = SectorUnionIds::default();
        let sector = sector_unions(f.sector.clone(), &mut next, &mut known, &places())?;
        let batch = super::page(page, &f.rows, &mut next, &known, &places())?;
        Ok((sector, batch, next))
    }

    fn first() -> Ids {
        Ids {
            unions: 10,
            requests: 20,
            agreements: 30,
            votes: 40,
        }
    }

    /// Every record is numbered from the first free ids, densely, and every citation names a
    /// record of the batch by the store's form.
    #[test]
    fn records_are_numbered_and_citations_rewritten() {
        let f = fixture();
        let (sector, batch, next) = convert(f.page.clone(), first()).unwrap();
        let union_ids: Vec<i64> = sector.unions.iter().chain(&batch.unions).map(|h| h.id).collect();
        assert_eq!(union_ids, (10..next.unions).collect::<Vec<_>>());
        assert_eq!(union_ids.len(), f.sector.len() + f.page.unions.len());
        assert_eq!(
            batch.agreements.iter().map(|h| h.id).collect::<Vec<_>>(),
            (30..next.agreements).collect::<Vec<_>>()
        );
        let mut votes: Vec<i64> = batch.votes.iter().map(|h| h.id).collect();
        votes.sort_unstable();
        assert_eq!(votes, (40..next.votes).collect::<Vec<_>>());
        assert!(
            batch.requests.len() > 3 && batch.votes.len() > 10,
            "{}",
            batch.votes.len()
        );

        let requests: BTreeMap<i64, &RepresentativenessHistory> = batch.requests.iter().map(|h| (h.id, h)).collect();
        let vote_ids: Vec<String> = batch.votes.iter().map(|h| format!("vote/{}", h.id)).collect();
        let mut initial = 0;
        for v in &batch.votes {
            let vote::Event::Called { purpose, subject, .. } = &v.events[0] else {
                panic!("vote {} does not start with its call", v.id)
            };
            let (kind, id) = faro_store::unions::derive::parse_subject(subject).unwrap();
            assert!(subjects_for(*purpose).contains(&kind), "{purpose:?} about {subject}");
            if *purpose == Purpose::InitialAgreement {
                assert!(requests.contains_key(&id), "{subject}");
                initial += 1;
            }
        }
        assert!(initial > 0);
        let mut approvals = 0;
        for a in &batch.agreements {
            for e in &a.events {
                let cited = match e {
                    agreement::Event::Deposited { deposit, .. } => {
                        if let Some(c) = &deposit.certificate {
                            assert!(
                                requests.values().any(|r| r.events.iter().any(|e| matches!(
                                    e,
                                    representativeness::Event::Issued { certificate } if certificate.number == c.id
                                ))),
                                "{} cites no issued certificate",
                                c.id
                            );
                        }
                        deposit.approval.as_ref().map(|v| v.vote_id.clone())
                    }
                    agreement::Event::RevisionDeposited { vote_id, .. }
                    | agreement::Event::LegitimizationRecorded { vote_id, .. } => Some(vote_id.clone()),
                    agreement::Event::Terminated { vote_id, .. } => vote_id.clone(),
                    _ => None,
                };
                if let Some(v) = cited {
                    assert!(vote_ids.contains(&v), "agreement {} cites {v}", a.id);
                    approvals += 1;
                }
            }
        }
        assert!(approvals > 10);
        // No demo key is left in any citation.
        let text = serde_json::to_string(&batch.agreements.iter().map(|a| &a.events).collect::<Vec<_>>()).unwrap();
        assert!(!text.contains("\"vote_id\":\"C"), "a vote is still cited by its key");
    }

    /// A citation of a record the generator did not make is refused with its key and field.
    #[test]
    fn an_unknown_key_is_a_generator_bug_named_in_the_error() {
        let f = fixture();
        let mut page = f.page.clone();
        let a = page
            .agreements
            .iter_mut()
            .find(|a| a.trail.as_ref().is_some_and(|t| t.state.approval.is_some()))
            .unwrap();
        let key = a.key.clone();
        for step in &mut a.trail.as_mut().unwrap().steps {
            for e in &mut step.events {
                if let agreement::Event::Deposited { deposit, .. } = e {
                    deposit.approval.as_mut().unwrap().vote_id = "C0-9-V9".into();
                }
            }
        }
        let e = convert(page, first()).unwrap_err();
        assert_eq!(
            e,
            ConvertError::Unresolved {
                record: key,
                field: "approval vote",
                key: "C0-9-V9".into()
            }
        );
        assert!(e.to_string().contains("C0-9-V9"));

        // A vote about a record that is not there.
        let mut page = f.page.clone();
        let v = page
            .agreements
            .iter_mut()
            .flat_map(|a| a.votes.iter_mut())
            .next()
            .unwrap();
        let vote_key = v.key.clone();
        for step in &mut v.trail.steps {
            for e in &mut step.events {
                if let vote::Event::Called { subject, .. } = e {
                    *subject = "C0-1".into();
                }
            }
        }
        assert_eq!(
            convert(page, first()).unwrap_err(),
            ConvertError::Unresolved {
                record: vote_key,
                field: "subject",
                key: "C0-1".into()
            }
        );
    }

    /// What the store has (ids below its next ones) is left out of a resumed batch.
    #[test]
    fn a_resumed_batch_leaves_out_what_is_stored() {
        let f = fixture();
        let (_, batch, next) = convert(f.page.clone(), first()).unwrap();
        let stored = Ids {
            unions: next.unions,
            requests: 21,
            agreements: 35,
            votes: 40,
        };
        let rest = not_stored(batch.clone(), &stored);
        assert!(rest.unions.is_empty());
        assert_eq!(rest.requests.len(), batch.requests.len() - 1);
        assert_eq!(rest.agreements.len(), batch.agreements.len() - 5);
        assert_eq!(rest.votes.len(), batch.votes.len());
        assert_eq!(records(&not_stored(batch, &next)), 0);
    }
}
