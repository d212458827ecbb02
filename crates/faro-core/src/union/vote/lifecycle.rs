//! The vote as a pure state machine: [`decide`] and [`apply`].

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::command::{Command, Event};
use super::model::{
    Effect, Observer, ObserverRole, Purpose, RollChallenge, RollChange, Station, Status, Vote, VoteChallenge,
};
use super::tally::{approval_outcome, plurality_outcome, tally, Outcome, StationResult, Tally, APPROVAL_OPTIONS};
use crate::case::required_text;
use crate::ids::normalize;
use crate::union::anomalies::{self, ResultsInput};
use crate::union::check::{next_day, not_found, not_future, wrong_state};
use crate::union::clock::{gives_notice, term_end, years_after};
use crate::union::members::{build_roll, RollCutoff, RollEntry, WorkerEntry};
use crate::union::rules::{Param, Term};
use crate::union::Ctx;
use crate::DomainError;

const ILLEGAL: &str = "vote.illegal_transition";

fn refuse(code: &'static str, detail: impl Into<String>) -> DomainError {
    DomainError::new(code, detail)
}

fn options_for(purpose: Purpose, given: &[String]) -> Result<Vec<String>, DomainError> {
    if purpose.is_approval() {
        return Ok(APPROVAL_OPTIONS.iter().map(|o| o.to_string()).collect());
    }
    let mut out = Vec::with_capacity(given.len());
    let mut seen = BTreeSet::new();
    for o in given {
        let o = required_text("options", o, 300)?;
        if !seen.insert(normalize(&o)) {
            return Err(DomainError::field(
                "options",
                "vote.option_repeated",
                format!("'{o}' is listed twice"),
            ));
        }
        out.push(o);
    }
    let min = if purpose == Purpose::Representativeness { 2 } else { 1 };
    if out.len() < min {
        return Err(DomainError::field(
            "options",
            "vote.too_few_options",
            format!("a {} vote needs at least {min} options", purpose.code()),
        )
        .with("min", min.to_string()));
    }
    Ok(out)
}

fn stations(given: &[Station]) -> Result<Vec<Station>, DomainError> {
    let mut out = Vec::with_capacity(given.len());
    let mut seen = BTreeSet::new();
    for s in given {
        let id = required_text("stations.id", &s.id, 60)?;
        if !seen.insert(id.clone()) {
            return Err(DomainError::field(
                "stations",
                "vote.station_repeated",
                format!("station {id} is listed twice"),
            ));
        }
        out.push(Station {
            id,
            place: required_text("stations.place", &s.place, 500)?,
        });
    }
    if out.is_empty() {
        return Err(DomainError::field(
            "stations",
            "field.required",
            "a vote has at least one polling station",
        ));
    }
    Ok(out)
}

/// Checks the call's date: at least the minimum notice before the vote and, except for
/// leadership elections, no more than the maximum.
fn check_call_window(
    ctx: &Ctx<'_>,
    purpose: Purpose,
    called_on: NaiveDate,
    vote_on: NaiveDate,
) -> Result<(), DomainError> {
    let (min, max) = match purpose {
        Purpose::LeadershipElection => (Term::ElectionCallMin, None),
        _ => (Term::CallMin, Some(Term::CallMax)),
    };
    let earliest = next_day(term_end(ctx, min, called_on)?);
    let latest = match max {
        Some(t) => Some(term_end(ctx, t, called_on)?),
        None => None,
    };
    if !gives_notice(ctx, min, called_on, vote_on)? || latest.is_some_and(|l| vote_on > l) {
        let mut e = DomainError::field(
            "vote_on",
            "vote.call_outside_window",
            format!(
                "a call issued on {called_on} sets the vote from {earliest}{} ({})",
                latest.map(|l| format!(" to {l}")).unwrap_or_default(),
                purpose.article()
            ),
        )
        .with("earliest", earliest.to_string());
        if let Some(l) = latest {
            e = e.with("latest", l.to_string());
        }
        return Err(e);
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn call(
    ctx: &Ctx<'_>,
    purpose: Purpose,
    subject: &str,
    organizer: &str,
    options: &[String],
    vote_on: NaiveDate,
    given_stations: &[Station],
    registrar_notified_on: Option<NaiveDate>,
    request_filed_on: Option<NaiveDate>,
) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    let subject = required_text("subject", subject, 100)?;
    let organizer = required_text("organizer", organizer, 300)?;
    let options = options_for(purpose, options)?;
    let stations = stations(given_stations)?;
    check_call_window(ctx, purpose, today, vote_on)?;
    let registrar_notified_on = if purpose.is_approval() {
        let Some(d) = registrar_notified_on else {
            return Err(DomainError::field(
                "registrar_notified_on",
                "vote.registrar_notice_missing",
                "the union tells the CFCRL of the consultation at least 10 days ahead (LFT 390 Ter-I)",
            ));
        };
        not_future("registrar_notified_on", d, today)?;
        if !gives_notice(ctx, Term::RegistrarNoticeMin, d, vote_on)? {
            return Err(DomainError::field(
                "registrar_notified_on",
                "vote.registrar_notice_late",
                format!("a notice given on {d} is less than 10 days before the vote (LFT 390 Ter-I)"),
            )
            .with("vote_on", vote_on.to_string()));
        }
        Some(d)
    } else {
        None
    };
    let request_filed_on = if purpose == Purpose::Representativeness {
        let Some(d) = request_filed_on else {
            return Err(DomainError::field(
                "request_filed_on",
                "field.required",
                "the roll of a representativeness vote is cut at the request (LFT 390 Bis-III a)",
            ));
        };
        not_future("request_filed_on", d, today)?;
        Some(d)
    } else {
        None
    };
    Ok(vec![Event::Called {
        purpose,
        subject,
        organizer,
        options,
        stations,
        vote_on,
        called_on: today,
        registrar_notified_on,
        request_filed_on,
        at: ctx.now,
    }])
}

fn known_station(s: &Vote, station: &str) -> Result<(), DomainError> {
    if s.stations.iter().any(|x| x.id == station) {
        return Ok(());
    }
    Err(DomainError::field(
        "station",
        "vote.unknown_station",
        format!("there is no station {station}"),
    )
    .with("station", station.to_string()))
}

fn publish_roll(ctx: &Ctx<'_>, s: &Vote, workers: &[WorkerEntry]) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    let on_time = match s.purpose {
        Purpose::LeadershipElection => gives_notice(ctx, Term::ElectionRollMin, today, s.vote_on)?,
        _ => today < s.vote_on,
    };
    if !on_time {
        return Err(refuse(
            "vote.roll_too_late",
            format!(
                "the roll must be published before the vote of {} ({})",
                s.vote_on,
                s.purpose.article()
            ),
        )
        .with("vote_on", s.vote_on.to_string()));
    }
    let cutoff = match s.purpose {
        Purpose::Representativeness => RollCutoff::Representativeness {
            requested_on: s.request_filed_on.unwrap_or(s.called_on),
        },
        _ => RollCutoff::Consultation { vote_on: s.vote_on },
    };
    let mut roll = build_roll(ctx.rules, workers, cutoff)?;
    for e in &mut roll.entries {
        if e.station.is_empty() {
            if let [only] = s.stations.as_slice() {
                e.station = only.id.clone();
            }
        }
        known_station(s, &e.station)?;
    }
    if roll.entries.is_empty() {
        return Err(DomainError::field(
            "workers",
            "vote.empty_roll",
            "nobody on the list may vote",
        ));
    }
    let curps: Vec<&str> = roll.entries.iter().map(|e| e.curp.as_str()).collect();
    Ok(vec![Event::RollPublished {
        anomalies: anomalies::curp_list(&curps),
        roll: roll.entries,
        excluded: roll.excluded,
        on: today,
    }])
}

fn on_roll(s: &Vote, curp: &str) -> bool {
    let c = normalize(curp);
    !c.is_empty() && s.roll.iter().any(|e| e.curp == c)
}

fn clean_entry(e: &RollEntry) -> RollEntry {
    RollEntry {
        name: e.name.trim().to_string(),
        curp: normalize(&e.curp),
        station: e.station.trim().to_string(),
    }
}

/// Whether `change` still fits the roll as it is.
fn check_change(s: &Vote, change: &RollChange) -> Result<RollChange, DomainError> {
    let conflict = |detail: String| DomainError::field("change", "vote.roll_change_conflict", detail);
    match change {
        RollChange::Include { entry } => {
            let entry = clean_entry(entry);
            required_text("change.entry.name", &entry.name, 300)?;
            known_station(s, &entry.station)?;
            if on_roll(s, &entry.curp) {
                return Err(conflict(format!("{} is already on the roll", entry.curp)));
            }
            Ok(RollChange::Include { entry })
        }
        RollChange::Exclude { curp } => {
            if !on_roll(s, curp) {
                return Err(conflict(format!("{curp} is not on the roll")));
            }
            Ok(RollChange::Exclude { curp: normalize(curp) })
        }
        RollChange::Correct { curp, entry } => {
            let entry = clean_entry(entry);
            required_text("change.entry.name", &entry.name, 300)?;
            known_station(s, &entry.station)?;
            if !on_roll(s, curp) {
                return Err(conflict(format!("{curp} is not on the roll")));
            }
            if normalize(curp) != entry.curp && on_roll(s, &entry.curp) {
                return Err(conflict(format!("{} is already on the roll", entry.curp)));
            }
            Ok(RollChange::Correct {
                curp: normalize(curp),
                entry,
            })
        }
    }
}

fn outcome(ctx: &Ctx<'_>, purpose: Purpose, t: &Tally, on: NaiveDate) -> Result<Outcome, DomainError> {
    let r = ctx.rules;
    Ok(match purpose {
        Purpose::InitialAgreement | Purpose::Revision | Purpose::Termination => approval_outcome(
            t,
            r.majority_base(Param::ApprovalMajorityBase, on)?,
            r.percent(Param::ApprovalTurnoutMinPercent, on)?,
        ),
        Purpose::Legitimization => approval_outcome(
            t,
            r.majority_base(Param::LegitimizationMajorityBase, on)?,
            r.percent(Param::LegitimizationTurnoutMinPercent, on)?,
        ),
        Purpose::LeadershipElection => plurality_outcome(t, 0),
        Purpose::Representativeness => plurality_outcome(t, r.percent(Param::TurnoutMinPercent, on)?),
    })
}

fn record_results(ctx: &Ctx<'_>, s: &Vote, results: &[StationResult]) -> Result<Vec<Event>, DomainError> {
    let today = ctx.now.date_naive();
    let held_on = s.held_on.unwrap_or(s.vote_on);
    let mut seen = BTreeSet::new();
    let mut clean = Vec::with_capacity(results.len());
    for r in results {
        let station = r.station.trim().to_string();
        known_station(s, &station)?;
        if !seen.insert(station.clone()) {
            return Err(DomainError::field(
                "results",
                "vote.station_repeated",
                format!("station {station} has two records"),
            ));
        }
        clean.push(StationResult { station, ..r.clone() });
    }
    if let Some(missing) = s.stations.iter().find(|x| !seen.contains(&x.id)) {
        return Err(DomainError::field(
            "results",
            "vote.station_missing",
            format!("station {} has no record", missing.id),
        )
        .with("station", missing.id.clone()));
    }
    let t = tally(&s.options, &clean, s.roll_size())?;
    let outcome = outcome(ctx, s.purpose, &t, held_on)?;
    let roll_by_station = s.roll_by_station();
    let anomalies = anomalies::check_results(
        ctx.rules,
        held_on,
        &ResultsInput {
            results: &clean,
            options: &s.options,
            roll_by_station: &roll_by_station,
            recorded_on: today,
            due_on: s.result_notice_due.unwrap_or(held_on),
        },
    )?;
    Ok(vec![Event::ResultsRecorded {
        results: clean,
        tally: t,
        outcome,
        anomalies,
        on: today,
    }])
}

/// Decides what a command does to a vote (`None` before it is called).
pub fn decide(state: Option<&Vote>, command: &Command, ctx: &Ctx<'_>) -> Result<Vec<Event>, DomainError> {
    let now = ctx.now;
    let today = now.date_naive();
    let Some(s) = state else {
        return match command {
            Command::Call {
                purpose,
                subject,
                organizer,
                options,
                vote_on,
                stations,
                registrar_notified_on,
                request_filed_on,
            } => call(
                ctx,
                *purpose,
                subject,
                organizer,
                options,
                *vote_on,
                stations,
                *registrar_notified_on,
                *request_filed_on,
            ),
            other => Err(not_found("vote.not_found", other.name())),
        };
    };
    let illegal = || Err(wrong_state(ILLEGAL, command.name(), s.status.code()));
    if s.status.is_terminal() {
        return illegal();
    }
    match command {
        Command::Call { .. } => Err(refuse("vote.exists", "the vote has already been called")),
        Command::PublishRoll { workers } => {
            if s.status != Status::Called {
                return illegal();
            }
            publish_roll(ctx, s, workers)
        }
        Command::ChallengeRoll { change, by, reason } => {
            if s.status != Status::RollPublished {
                return illegal();
            }
            if today >= s.vote_on {
                return Err(refuse(
                    "vote.roll_challenge_too_late",
                    "the roll can be challenged until the day before the vote",
                ));
            }
            Ok(vec![Event::RollChallenged {
                number: u32::try_from(s.roll_challenges.len() + 1).unwrap_or(u32::MAX),
                change: check_change(s, change)?,
                by: required_text("by", by, 300)?,
                reason: required_text("reason", reason, 2000)?,
                on: today,
            }])
        }
        Command::ResolveRollChallenge { number, accepted } => {
            if s.status != Status::RollPublished {
                return illegal();
            }
            let Some(c) = s
                .roll_challenges
                .iter()
                .find(|c| c.number == *number && c.accepted.is_none())
            else {
                return Err(DomainError::field(
                    "number",
                    "vote.roll_challenge_unknown",
                    format!("there is no pending roll challenge {number}"),
                ));
            };
            if *accepted {
                check_change(s, &c.change)?;
            }
            Ok(vec![Event::RollChallengeResolved {
                number: *number,
                accepted: *accepted,
                on: today,
            }])
        }
        Command::CloseRoll => {
            if s.status != Status::RollPublished {
                return illegal();
            }
            let pending = s.pending_roll_challenges();
            if pending > 0 {
                return Err(refuse(
                    "vote.roll_challenges_pending",
                    format!("{pending} roll challenges are pending"),
                )
                .with("pending", pending.to_string()));
            }
            Ok(vec![Event::RollClosed {
                voters: s.roll_size(),
                on: today,
            }])
        }
        Command::AccreditObserver {
            name,
            party,
            station,
            role,
        } => {
            if !s.status.before_vote() {
                return illegal();
            }
            let station = station.trim().to_string();
            known_station(s, &station)?;
            let party = required_text("party", party, 300)?;
            if *role == ObserverRole::Representative {
                let max = ctx.rules.count(Param::RepresentativesPerStation, s.called_on)?;
                let already = s
                    .observers
                    .iter()
                    .filter(|o| {
                        o.role == ObserverRole::Representative
                            && o.station == station
                            && normalize(&o.party) == normalize(&party)
                    })
                    .count();
                if already >= usize::try_from(max).unwrap_or(usize::MAX) {
                    return Err(DomainError::field(
                        "role",
                        "vote.too_many_representatives",
                        format!("{party} already has {max} representatives at station {station} (LFT 390 Bis-III c)"),
                    )
                    .with("max", max.to_string()));
                }
            }
            Ok(vec![Event::ObserverAccredited {
                observer: Observer {
                    name: required_text("name", name, 300)?,
                    party,
                    station,
                    role: *role,
                },
            }])
        }
        Command::Hold => {
            if s.status != Status::RollFinal {
                return illegal();
            }
            if today != s.vote_on {
                return Err(refuse(
                    "vote.not_vote_day",
                    format!(
                        "the vote takes place on the day of the call, {} (LFT 390 Ter-II b)",
                        s.vote_on
                    ),
                )
                .with("vote_on", s.vote_on.to_string()));
            }
            Ok(vec![Event::Held {
                on: today,
                posting_due: term_end(ctx, Term::ResultPosting, today)?,
                result_notice_due: term_end(ctx, Term::ResultNotice, today)?,
                records_keep_until: years_after(ctx, Param::RecordsRetentionYears, today)?,
            }])
        }
        Command::RecordResults { results } => {
            if s.status != Status::Held {
                return illegal();
            }
            record_results(ctx, s, results)
        }
        Command::PublishResults => {
            if s.status != Status::ResultsRecorded {
                return illegal();
            }
            let held_on = s.held_on.unwrap_or(s.vote_on);
            Ok(vec![Event::ResultsPublished {
                on: today,
                late: s.posting_due.is_some_and(|d| today > d),
                challenge_until: term_end(ctx, Term::Challenge, held_on)?,
            }])
        }
        Command::Challenge { by, grounds } => {
            if s.status != Status::Published {
                return illegal();
            }
            if let Some(until) = s.challenge_until.filter(|u| today > *u) {
                return Err(refuse(
                    "vote.challenge_term_over",
                    format!("challenges were received until {until}"),
                )
                .with("until", until.to_string()));
            }
            Ok(vec![Event::Challenged {
                by: required_text("by", by, 300)?,
                grounds: required_text("grounds", grounds, 4000)?,
                on: today,
            }])
        }
        Command::ResolveChallenge { founded, resolution } => {
            if s.status != Status::Challenged {
                return illegal();
            }
            Ok(vec![Event::ChallengeResolved {
                founded: *founded,
                resolution: required_text("resolution", resolution, 4000)?,
                on: today,
            }])
        }
        Command::Annul { reason } => {
            if !matches!(
                s.status,
                Status::ResultsRecorded | Status::Published | Status::Challenged | Status::Upheld
            ) {
                return illegal();
            }
            Ok(vec![Event::Annulled {
                reason: required_text("reason", reason, 4000)?,
                at: now,
            }])
        }
        Command::ApplyOutcome => {
            let ready = match s.status {
                Status::Upheld => true,
                Status::Published => {
                    if let Some(until) = s.challenge_until.filter(|u| today <= *u) {
                        return Err(refuse(
                            "vote.challenge_term_running",
                            format!("challenges are received until {until}"),
                        )
                        .with("until", until.to_string()));
                    }
                    true
                }
                _ => false,
            };
            let Some(outcome) = s.outcome.clone().filter(|_| ready) else {
                return illegal();
            };
            Ok(vec![Event::OutcomeApplied {
                effect: Effect::of(s.purpose, &outcome),
                outcome,
                at: now,
            }])
        }
        Command::Cancel { reason } => {
            if !s.status.before_vote() {
                return illegal();
            }
            Ok(vec![Event::Cancelled {
                reason: required_text("reason", reason, 2000)?,
                at: now,
            }])
        }
    }
}

fn apply_change(roll: &mut Vec<RollEntry>, change: &RollChange) {
    match change {
        RollChange::Include { entry } => roll.push(entry.clone()),
        RollChange::Exclude { curp } => roll.retain(|e| e.curp != *curp),
        RollChange::Correct { curp, entry } => {
            if let Some(e) = roll.iter_mut().find(|e| e.curp == *curp) {
                *e = entry.clone();
            }
        }
    }
}

/// Folds one event into the state.
pub fn apply(state: Option<Vote>, event: &Event) -> Option<Vote> {
    if let Event::Called {
        purpose,
        subject,
        organizer,
        options,
        stations,
        vote_on,
        called_on,
        registrar_notified_on,
        request_filed_on,
        at,
    } = event
    {
        return Some(Vote {
            purpose: *purpose,
            subject: subject.clone(),
            organizer: organizer.clone(),
            options: options.clone(),
            stations: stations.clone(),
            status: Status::Called,
            called_at: *at,
            called_on: *called_on,
            vote_on: *vote_on,
            registrar_notified_on: *registrar_notified_on,
            request_filed_on: *request_filed_on,
            roll: Vec::new(),
            roll_published_on: None,
            roll_anomalies: Vec::new(),
            roll_challenges: Vec::new(),
            observers: Vec::new(),
            held_on: None,
            records_keep_until: None,
            results: Vec::new(),
            tally: None,
            outcome: None,
            results_recorded_on: None,
            result_anomalies: Vec::new(),
            posting_due: None,
            result_notice_due: None,
            published_on: None,
            publication_late: false,
            challenge_until: None,
            challenges: Vec::new(),
            effect: None,
            ended_at: None,
            end_reason: String::new(),
        });
    }
    let mut s = state?;
    match event {
        Event::Called { .. } => {}
        Event::RollPublished {
            roll, anomalies, on, ..
        } => {
            s.roll = roll.clone();
            s.roll_anomalies = anomalies.clone();
            s.roll_published_on = Some(*on);
            s.status = Status::RollPublished;
        }
        Event::RollChallenged {
            number,
            change,
            by,
            reason,
            on,
        } => s.roll_challenges.push(RollChallenge {
            number: *number,
            change: change.clone(),
            by: by.clone(),
            reason: reason.clone(),
            filed_on: *on,
            accepted: None,
        }),
        Event::RollChallengeResolved { number, accepted, .. } => {
            let mut change = None;
            if let Some(c) = s.roll_challenges.iter_mut().find(|c| c.number == *number) {
                c.accepted = Some(*accepted);
                if *accepted {
                    change = Some(c.change.clone());
                }
            }
            if let Some(change) = change {
                apply_change(&mut s.roll, &change);
            }
        }
        Event::RollClosed { .. } => s.status = Status::RollFinal,
        Event::ObserverAccredited { observer } => s.observers.push(observer.clone()),
        Event::Held {
            on,
            posting_due,
            result_notice_due,
            records_keep_until,
        } => {
            s.held_on = Some(*on);
            s.posting_due = Some(*posting_due);
            s.result_notice_due = Some(*result_notice_due);
            s.records_keep_until = Some(*records_keep_until);
            s.status = Status::Held;
        }
        Event::ResultsRecorded {
            results,
            tally,
            outcome,
            anomalies,
            on,
        } => {
            s.results = results.clone();
            s.tally = Some(tally.clone());
            s.outcome = Some(outcome.clone());
            s.result_anomalies = anomalies.clone();
            s.results_recorded_on = Some(*on);
            s.status = Status::ResultsRecorded;
        }
        Event::ResultsPublished {
            on,
            late,
            challenge_until,
        } => {
            s.published_on = Some(*on);
            s.publication_late = *late;
            s.challenge_until = Some(*challenge_until);
            s.status = Status::Published;
        }
        Event::Challenged { by, grounds, on } => {
            s.challenges.push(VoteChallenge {
                by: by.clone(),
                grounds: grounds.clone(),
                filed_on: *on,
                founded: None,
                resolution: String::new(),
            });
            s.status = Status::Challenged;
        }
        Event::ChallengeResolved {
            founded, resolution, ..
        } => {
            if let Some(c) = s.challenges.last_mut() {
                c.founded = Some(*founded);
                c.resolution = resolution.clone();
            }
            s.status = if *founded { Status::Annulled } else { Status::Upheld };
        }
        Event::Annulled { reason, at } => {
            s.status = Status::Annulled;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
        Event::OutcomeApplied { effect, at, .. } => {
            s.effect = Some(effect.clone());
            s.status = Status::OutcomeApplied;
            s.ended_at = Some(*at);
        }
        Event::Cancelled { reason, at } => {
            s.status = Status::Cancelled;
            s.ended_at = Some(*at);
            s.end_reason = reason.clone();
        }
    }
    Some(s)
}

/// Decides and applies in one step.
pub fn execute(state: Option<&Vote>, command: &Command, ctx: &Ctx<'_>) -> Result<(Vec<Event>, Vote), DomainError> {
    crate::case::execute(state, command, ctx, decide, apply, || {
        DomainError::new("vote.not_found", "the vote does not exist")
    })
}
