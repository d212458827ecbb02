//! The workers' votes: the call (10 to 15 working days ahead, the registrar told as early), the
//! roll built from the employer's list of the day it is published, its challenges, the vote at
//! one or more polling stations, the results of each station, their publication, challenges to
//! the vote and the outcome applied after the challenge term, each command through core's `vote`
//! procedure.
//!
//! Turnout is 60 % to 95 % of the roll (a station a few points off the vote's), 0-2 % void and
//! 0-1.5 % blank ballots; an approval gets 72 % to 97 % of the valid votes, at least enough for a
//! majority of the roll; a rejection and a vote without a majority are drawn to be what they are.
//! Core computes the outcome, and the generator follows core's outcome, not its intent. A few
//! votes carry a planted anomaly for the registrar's review ([`PlantedAnomaly`]); the shares of
//! natural votes are bounded so that core flags none of them by chance (no unanimity where the
//! roll reaches 100).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use faro_core::union::clock::{last_day_for_notice, term_end};
use faro_core::union::members::{RollEntry, WorkerEntry};
use faro_core::union::vote::{
    Command, Event, ObserverRole, Purpose, RollChange, Station, StationResult, Vote, VoteRef,
};
use faro_core::union::Term;
use faro_core::DomainError;
use rand::RngCore;

use super::catalogue::normal;
use super::clock::{office_after, office_time, plus, working_days_after, working_days_before, working_on_or_after};
use super::model::anomaly_rates;
use super::people::Workforce;
use super::recorder::{Recorder, Registrar, VoteFile};
use crate::inspections::Trail;
use crate::random::{between, chance, index, unit};

/// An anomaly a vote was generated with, for the registrar's review (and for checking that core
/// flags it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlantedAnomaly {
    /// Two stations with exactly the same counts.
    IdenticalCounts,
    /// More ballots in a station than voters on its roll.
    TurnoutAboveRoll,
    /// Every valid vote for one option where the roll reaches 100.
    Unanimity,
    /// Results entered after the 3 working days of 390 Ter-II f.
    ResultsAfterDeadline,
}

impl PlantedAnomaly {
    /// The code core gives the anomaly it flags (`Anomaly::code`).
    pub fn code(self) -> &'static str {
        match self {
            PlantedAnomaly::IdenticalCounts => "anomaly.identical_counts",
            PlantedAnomaly::TurnoutAboveRoll => "anomaly.turnout_above_roll",
            PlantedAnomaly::Unanimity => "anomaly.unanimity",
            PlantedAnomaly::ResultsAfterDeadline => "anomaly.results_after_deadline",
        }
    }
}

/// One vote's file.
#[derive(Debug, Clone, PartialEq)]
pub struct VoteHistory {
    /// Unique in the demo: the subject's key and the vote's number ("C123-1-V2"). Other files
    /// refer to the vote by this key (`VoteRef::vote_id`, `Certificate::vote_id`).
    pub key: String,
    pub purpose: Purpose,
    pub planted: Vec<PlantedAnomaly>,
    pub trail: Trail<Command, Event, Vote>,
}

/// What the generator means the vote to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Intent {
    Approve,
    Reject,
    NoMajority,
    /// The option of this index wins (contests).
    Winner(usize),
}

/// A vote to hold.
pub(crate) struct VotePlan {
    pub(crate) key: String,
    pub(crate) purpose: Purpose,
    pub(crate) subject: String,
    pub(crate) organizer: String,
    /// Unions or slates for a contest; empty for an approval.
    pub(crate) options: Vec<String>,
    /// The day planned (moved to a working day).
    pub(crate) vote_on: NaiveDate,
    pub(crate) intent: Intent,
    pub(crate) request_filed_on: Option<NaiveDate>,
}

/// A vote after its run.
pub(crate) struct VoteRun {
    pub(crate) history: Option<VoteHistory>,
    /// The result, once the outcome was applied.
    pub(crate) reference: Option<VoteRef>,
    /// The day the outcome was applied, or the last day of the file.
    pub(crate) ended_on: Option<NaiveDate>,
}

const PLACES: &[&str] = &[
    "Comedor de la planta",
    "Acceso principal",
    "Sala de capacitación",
    "Nave de producción",
    "Área de descanso",
    "Auditorio",
    "Estacionamiento de personal",
    "Almacén general",
    "Oficinas administrativas",
    "Vestidores",
    "Explanada",
    "Caseta de vigilancia",
];

/// Polling stations for a roll: one up to 250 voters, then one per 400, at most 12.
fn stations(roll: usize) -> Vec<Station> {
    let n = if roll <= 250 {
        1
    } else {
        roll.div_ceil(400).clamp(2, 12)
    };
    (0..n)
        .map(|k| Station {
            id: format!("M{}", k + 1),
            place: PLACES.get(k).copied().unwrap_or("Comedor de la planta").to_string(),
        })
        .collect()
}

/// The employer's list on `on`: the workers employed (trusted employees flagged), and those who
/// left in the three months before.
fn employer_list(workforce: &Workforce, on: NaiveDate, stations: usize) -> Vec<WorkerEntry> {
    let since = plus(on, -90);
    let names: Vec<String> = (1..=stations.max(1)).map(|k| format!("M{k}")).collect();
    workforce
        .workers
        .iter()
        .filter(|w| w.hired_on <= on && w.left_on.is_none_or(|l| l >= since))
        .map(|w| WorkerEntry {
            name: w.person.name.clone(),
            curp: w.person.curp.clone(),
            hired_on: Some(w.hired_on),
            trusted: w.trusted,
            left_on: w.left_on.filter(|l| *l <= on),
            quit: w.quit,
            sub_iudice: false,
            station: names.get(w.slot as usize % names.len()).cloned().unwrap_or_default(),
        })
        .collect()
}

/// Counts for one vote: per station, votes per option, void and blank.
fn results(
    rng: &mut impl RngCore,
    roll: &BTreeMap<String, u32>,
    options: usize,
    intent: Intent,
    planted: &[PlantedAnomaly],
) -> Vec<StationResult> {
    let (turnout, share) = match intent {
        Intent::Approve | Intent::Winner(_) => {
            let t = 0.6 + 0.35 * unit(rng);
            let lo = (0.56 / (t * 0.97)).max(0.72);
            (t, lo + (0.97 - lo).max(0.0) * unit(rng))
        }
        Intent::Reject => {
            let t = 0.7 + 0.25 * unit(rng);
            let hi = (1.0 - 0.58 / (t * 0.97)).max(0.06);
            (t, 0.05 + (hi - 0.05) * unit(rng))
        }
        Intent::NoMajority => (0.6 + 0.1 * unit(rng), 0.52 + 0.16 * unit(rng)),
    };
    let winner = match intent {
        Intent::Winner(i) => i.min(options.saturating_sub(1)),
        Intent::Reject => 1,
        _ => 0,
    };
    let unanimity = planted.contains(&PlantedAnomaly::Unanimity);
    let mut out: Vec<StationResult> = roll
        .iter()
        .map(|(station, r)| {
            let r = *r;
            let t = (turnout + 0.03 * normal(rng)).clamp(0.4, 0.99);
            let ballots = ((f64::from(r) * t).round() as u32).min(r);
            let void = (f64::from(ballots) * 0.02 * unit(rng)).round() as u32;
            let blank = (f64::from(ballots) * 0.015 * unit(rng)).round() as u32;
            let valid = ballots.saturating_sub(void + blank);
            let mut votes = vec![0u32; options.max(1)];
            let s = if unanimity {
                1.0
            } else {
                (share + 0.02 * normal(rng)).clamp(0.02, 0.985)
            };
            let (first, second) = match intent {
                Intent::Reject => (1, 0),
                _ => (winner, usize::from(winner == 0)),
            };
            let top = if matches!(intent, Intent::Reject) {
                (f64::from(valid) * (1.0 - s)).round() as u32
            } else {
                (f64::from(valid) * s).round() as u32
            };
            let top = top.min(valid);
            if let Some(v) = votes.get_mut(first) {
                *v = top;
            }
            if let Some(v) = votes.get_mut(second) {
                *v = valid - top;
            }
            StationResult {
                station: station.clone(),
                votes,
                void,
                blank,
            }
        })
        .collect();
    enforce(&mut out, roll, intent, winner);
    if planted.contains(&PlantedAnomaly::IdenticalCounts) && out.len() >= 2 {
        // The station with the smaller roll gives its counts to the other, so that neither
        // holds more ballots than voters.
        let rolls: Vec<u32> = roll.values().copied().collect();
        let (src, dst) = if rolls.first() <= rolls.get(1) { (0, 1) } else { (1, 0) };
        if let Some(from) = out.get(src).cloned() {
            if let Some(r) = out.get_mut(dst) {
                r.votes = from.votes;
                r.void = from.void;
                r.blank = from.blank;
            }
        }
    }
    if planted.contains(&PlantedAnomaly::TurnoutAboveRoll) {
        if let Some(r) = out.first_mut() {
            let roll_0 = roll.values().next().copied().unwrap_or(0);
            let extra = (roll_0 + between(rng, 1, 5)).saturating_sub(r.ballots());
            if let Some(v) = r.votes.get_mut(winner) {
                *v += extra;
            }
        }
    }
    out
}

/// Moves the few ballots rounding got wrong on small rolls so that the counts say what the
/// vote is meant to: a majority of the roll for the winner (or against, for a rejection), or for
/// neither.
fn enforce(out: &mut [StationResult], roll: &BTreeMap<String, u32>, intent: Intent, winner: usize) {
    let total: u32 = roll.values().sum();
    let votes_of = |out: &[StationResult], i: usize| -> u32 { out.iter().filter_map(|r| r.votes.get(i)).sum() };
    match intent {
        Intent::NoMajority => {
            for i in 0..2 {
                while 2 * votes_of(out, i) > total {
                    let Some(r) = out.iter_mut().find(|r| r.votes.get(i).is_some_and(|v| *v > 0)) else {
                        break;
                    };
                    if let Some(v) = r.votes.get_mut(i) {
                        *v -= 1;
                    }
                    r.blank += 1;
                }
            }
        }
        _ => {
            let i = if intent == Intent::Reject { 1 } else { winner };
            let mut guard = total + 1;
            while 2 * votes_of(out, i) <= total && guard > 0 {
                guard -= 1;
                let mut moved = false;
                for (r, (_, n)) in out.iter_mut().zip(roll) {
                    if r.ballots() < *n {
                        if let Some(v) = r.votes.get_mut(i) {
                            *v += 1;
                        }
                        moved = true;
                        break;
                    }
                    let other = r
                        .votes
                        .iter()
                        .enumerate()
                        .find(|(k, v)| *k != i && **v > 0)
                        .map(|(k, _)| k);
                    if let Some(k) = other {
                        if let Some(v) = r.votes.get_mut(k) {
                            *v -= 1;
                        }
                        if let Some(v) = r.votes.get_mut(i) {
                            *v += 1;
                        }
                        moved = true;
                        break;
                    }
                }
                if !moved {
                    break;
                }
            }
        }
    }
}

/// Holds one vote with the workers of `workforce`.
pub(crate) fn run_vote(
    registrar: &Registrar<'_>,
    rng: &mut impl RngCore,
    plan: &VotePlan,
    workforce: &Workforce,
) -> Result<VoteRun, DomainError> {
    let cal = &registrar.law.calendar;
    let mut rec: Recorder<VoteFile> = Recorder::new(registrar.cutoff);
    let vote_on = working_on_or_after(cal, plan.vote_on);
    // The call: 11 to 15 working days ahead, within the 15 days of 390 Ter-I.
    let probe = registrar.ctx(office_time(rng, vote_on));
    let latest = last_day_for_notice(&probe, Term::CallMin, vote_on)?;
    let mut called_on = working_days_before(cal, plus(latest, 1), between(rng, 1, 4));
    if plan.purpose != Purpose::LeadershipElection && term_end(&probe, Term::CallMax, called_on)? < vote_on {
        called_on = working_days_before(cal, plus(latest, 1), 1);
    }
    let expected_roll = workforce.covered_on(vote_on).count().max(1);
    let stations = stations(expected_roll);
    let n_stations = stations.len();
    let notified = if plan.purpose.is_approval() {
        Some(working_days_before(cal, called_on, between(rng, 0, 4)))
    } else {
        None
    };
    let ended = |rec: &Recorder<VoteFile>| rec.last_at().map(|t| t.date_naive());
    let finish = |rec: Recorder<VoteFile>, planted: Vec<PlantedAnomaly>| -> VoteRun {
        let ended_on = rec.last_at().map(|t| t.date_naive());
        VoteRun {
            history: rec.finish().map(|trail| VoteHistory {
                key: plan.key.clone(),
                purpose: plan.purpose,
                planted,
                trail,
            }),
            reference: None,
            ended_on,
        }
    };
    // The roll, from the employer's list of the day it is published: nobody may vote when the
    // only positions are vacant then (a tiny workplace between two workers): no vote.
    let published_on = working_days_after(cal, called_on, between(rng, 1, 3)).min(working_days_before(cal, vote_on, 2));
    let list = employer_list(workforce, published_on, n_stations);
    if !list
        .iter()
        .any(|w| !w.trusted && w.left_on.is_none_or(|l| l >= vote_on))
    {
        return Ok(finish(rec, Vec::new()));
    }
    let called = rec.run(
        registrar,
        office_time(rng, called_on),
        Command::Call {
            purpose: plan.purpose,
            subject: plan.subject.clone(),
            organizer: plan.organizer.clone(),
            options: plan.options.clone(),
            vote_on,
            stations: stations.clone(),
            registrar_notified_on: notified,
            request_filed_on: plan.request_filed_on,
        },
    )?;
    if !called {
        return Ok(finish(rec, Vec::new()));
    }
    if !rec.run(
        registrar,
        office_time(rng, published_on),
        Command::PublishRoll { workers: list },
    )? {
        return Ok(finish(rec, Vec::new()));
    }
    if chance(rng, 0.02) {
        let target: Option<RollEntry> = rec
            .state()
            .and_then(|v| v.roll.get(index(rng, v.roll.len().max(1))).cloned());
        if let Some(entry) = target {
            let at =
                office_after(rng, cal, published_on, 1, 2).min(office_time(rng, working_days_before(cal, vote_on, 1)));
            let challenged = rec.run(
                registrar,
                at,
                Command::ChallengeRoll {
                    change: RollChange::Exclude { curp: entry.curp },
                    by: plan.organizer.clone(),
                    reason:
                        "Se trata de un trabajador de confianza conforme al artículo 9 de la Ley Federal del Trabajo"
                            .into(),
                },
            )?;
            if challenged {
                let number = rec.state().map_or(1, |v| v.roll_challenges.len() as u32);
                let at = office_time(rng, working_days_before(cal, vote_on, 1));
                rec.run(
                    registrar,
                    at,
                    Command::ResolveRollChallenge {
                        number,
                        accepted: chance(rng, 0.5),
                    },
                )?;
            }
        }
    }
    if chance(rng, 0.15) {
        rec.run(
            registrar,
            office_time(rng, working_days_before(cal, vote_on, 1)),
            Command::AccreditObserver {
                name: crate::names::person(rng).full_name(),
                party: plan.organizer.clone(),
                station: "M1".into(),
                role: ObserverRole::Representative,
            },
        )?;
    }
    rec.run(
        registrar,
        office_time(rng, working_days_before(cal, vote_on, 1)),
        Command::CloseRoll,
    )?;
    // The vote, in the morning of its day.
    let morning = vote_on
        .and_hms_opt(15, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_else(|| office_time(rng, vote_on));
    if !rec.run(registrar, morning, Command::Hold)? {
        return Ok(finish(rec, Vec::new()));
    }
    let roll_by_station = rec.state().map(Vote::roll_by_station).unwrap_or_default();
    let roll_size: u32 = roll_by_station.values().sum();
    let mut planted = Vec::new();
    if n_stations >= 2
        && roll_by_station.values().take(2).all(|r| *r >= 20)
        && chance(rng, anomaly_rates::IDENTICAL_COUNTS)
    {
        planted.push(PlantedAnomaly::IdenticalCounts);
    }
    if chance(rng, anomaly_rates::TURNOUT_ABOVE_ROLL) {
        planted.push(PlantedAnomaly::TurnoutAboveRoll);
    }
    if roll_size >= 100
        && plan.intent != Intent::Reject
        && plan.intent != Intent::NoMajority
        && chance(rng, anomaly_rates::UNANIMITY)
    {
        planted.push(PlantedAnomaly::Unanimity);
    }
    let late = chance(rng, anomaly_rates::RESULTS_LATE);
    if late {
        planted.push(PlantedAnomaly::ResultsAfterDeadline);
    }
    let counts = results(rng, &roll_by_station, plan.options.len().max(2), plan.intent, &planted);
    let due = rec.state().and_then(|v| v.result_notice_due).unwrap_or(vote_on);
    let recorded = if late {
        office_after(rng, cal, due, 1, 5)
    } else if chance(rng, 0.6) {
        vote_on.and_hms_opt(22, 0, 0).map(|t| t.and_utc()).unwrap_or(morning)
    } else {
        office_after(rng, cal, vote_on, 1, 2)
    };
    if !rec.run(registrar, recorded, Command::RecordResults { results: counts })? {
        return Ok(finish(rec, planted));
    }
    let published = if chance(rng, 0.03) {
        office_after(rng, cal, recorded.date_naive(), 3, 6)
    } else {
        office_after(rng, cal, recorded.date_naive(), 0, 1)
    };
    if !rec.run(registrar, published, Command::PublishResults)? {
        return Ok(finish(rec, planted));
    }
    // The registrar annuls most votes with more ballots than voters (390 Ter-II f).
    if planted.contains(&PlantedAnomaly::TurnoutAboveRoll) && chance(rng, 0.6) {
        let at = office_after(rng, cal, published.date_naive(), 2, 8);
        rec.run(
            registrar,
            at,
            Command::Annul {
                reason: "Inconsistencias sustanciales: más boletas en la urna que personas en el padrón de la mesa (LFT 390 Ter-II f)".into(),
            },
        )?;
        let ended_on = ended(&rec);
        let mut run = finish(rec, planted);
        run.ended_on = ended_on;
        return Ok(run);
    }
    if chance(rng, 0.015) {
        let at = office_after(rng, cal, published.date_naive(), 1, 5);
        // The 10 working days count from the vote: results published late leave fewer of them,
        // and a challenge after the last is refused (no challenge then).
        let until = rec.state().and_then(|s| s.challenge_until);
        if until.is_none_or(|u| at.date_naive() <= u)
            && rec.run(
                registrar,
                at,
                Command::Challenge {
                    by: crate::names::person(rng).full_name(),
                    grounds: "Se impidió el acceso a la mesa de votación a trabajadores del turno nocturno".into(),
                },
            )?
        {
            let founded = chance(rng, 0.2);
            let at = office_after(rng, cal, at.date_naive(), 3, 10);
            rec.run(
                registrar,
                at,
                Command::ResolveChallenge {
                    founded,
                    resolution: if founded {
                        "Fundada: la irregularidad pudo afectar el resultado; se repone la consulta".into()
                    } else {
                        "Infundada: no se acreditó que la irregularidad afectara el resultado".into()
                    },
                },
            )?;
            if founded {
                return Ok(finish(rec, planted));
            }
        }
    }
    let until = rec.state().and_then(|v| v.challenge_until).unwrap_or(vote_on);
    let at = office_after(rng, cal, until, 1, 3);
    if !rec.run(registrar, at, Command::ApplyOutcome)? {
        return Ok(finish(rec, planted));
    }
    let reference = rec.state().and_then(|v| v.reference(&plan.key));
    let ended_on = ended(&rec);
    let mut run = finish(rec, planted);
    run.reference = reference;
    run.ended_on = ended_on;
    Ok(run)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;

    fn roll(sizes: &[u32]) -> BTreeMap<String, u32> {
        sizes
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("M{}", i + 1), *r))
            .collect()
    }

    #[test]
    fn natural_results_stay_within_the_roll_and_keep_a_dissent() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for _ in 0..500 {
            let r = roll(&[300, 310]);
            let res = results(&mut rng, &r, 2, Intent::Approve, &[]);
            let mut against = 0;
            for (s, (_, n)) in res.iter().zip(&r) {
                assert!(s.ballots() <= *n);
                let t = f64::from(s.ballots()) / f64::from(*n);
                assert!((0.4..=1.0).contains(&t), "{t}");
                against += s.votes[1];
            }
            assert!(against > 0, "no unanimity by chance");
            let yes: u32 = res.iter().map(|s| s.votes[0]).sum();
            assert!(yes * 2 > 610, "an approval reaches a majority of the roll");
        }
    }

    #[test]
    fn planted_anomalies_are_in_the_counts() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let r = roll(&[120, 118]);
        let res = results(&mut rng, &r, 2, Intent::Approve, &[PlantedAnomaly::IdenticalCounts]);
        assert_eq!(res[0].votes, res[1].votes);
        assert_eq!((res[0].void, res[0].blank), (res[1].void, res[1].blank));
        let res = results(&mut rng, &r, 2, Intent::Approve, &[PlantedAnomaly::TurnoutAboveRoll]);
        assert!(res[0].ballots() > 120);
        let res = results(&mut rng, &r, 2, Intent::Approve, &[PlantedAnomaly::Unanimity]);
        assert!(res.iter().all(|s| s.votes[1] == 0));
        let res = results(&mut rng, &roll(&[200]), 2, Intent::Reject, &[]);
        assert!(res[0].votes[1] * 2 > 200, "{:?}", res[0]);
        assert_eq!(stations(250).len(), 1);
        assert_eq!(stations(1_000).len(), 3);
    }
}
