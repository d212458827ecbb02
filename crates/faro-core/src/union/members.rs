//! The lists of people the registry checks:
//!
//! * the **member list** of a union's registration (365-II): number, names, CURP, address and
//!   employer or workplace; at least 20 workers or 3 employers (364), workers over 15 (362);
//! * the **support list** of a certificate of representativeness (390 Bis-I): name, CURP,
//!   hiring date and signature of at least 30 % of the covered workers;
//! * the **voter roll** of a vote, built from the employer's list (390 Bis-III a).
//!
//! Each check keeps every entry and says which ones do not count and why, so the registrar can
//! warn of the defects (366, 390 Bis-I) instead of refusing.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::clock::{add_months, sub_months};
use super::rules::{share_ceil, Param, UnionRules};
use crate::case::{optional_text, required_text};
use crate::ids::{normalize, Curp, Rfc};
use crate::DomainError;

/// Who a union groups (364).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    Workers,
    Employers,
}

/// One member as the list gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub name: String,
    /// Required for a worker; an employer gives its CURP or its RFC.
    pub curp: String,
    pub rfc: String,
    pub address: String,
    /// The employer, company or workplace where the member works (365-II a) or, for an
    /// employers' union, the company (365-II b).
    pub workplace: String,
}

/// A member as recorded. The CURP and the address are confidential (365 Bis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub curp: Option<Curp>,
    pub rfc: Option<Rfc>,
    pub address: String,
    pub workplace: String,
}

impl Member {
    /// The key members are matched on: the CURP, else the RFC.
    pub fn key(&self) -> String {
        match (&self.curp, &self.rfc) {
            (Some(c), _) => c.as_str().to_string(),
            (None, Some(r)) => r.as_str().to_string(),
            (None, None) => String::new(),
        }
    }
}

/// Why an entry of a list does not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum EntryIssue {
    /// The CURP (or RFC) does not parse; `error` is the parser's code.
    InvalidId { value: String, error: String },
    /// No CURP (or RFC) was given.
    MissingId,
    /// 362: not over 15 on the date that matters.
    Underage { age: u32, min_age: u32 },
    /// The same person listed again; the first listing counts.
    Repeated { first_position: usize },
    /// 390 Bis-I: no hiring date.
    MissingHiringDate,
    /// Hired after the request: not a covered worker yet.
    HiredAfterRequest { hired_on: NaiveDate },
    /// 390 Bis-I: no handwritten signature.
    Unsigned,
}

impl EntryIssue {
    pub fn code(&self) -> &'static str {
        match self {
            EntryIssue::InvalidId { .. } => "union.entry.invalid_id",
            EntryIssue::MissingId => "union.entry.missing_id",
            EntryIssue::Underage { .. } => "union.entry.underage",
            EntryIssue::Repeated { .. } => "union.entry.repeated",
            EntryIssue::MissingHiringDate => "union.entry.missing_hiring_date",
            EntryIssue::HiredAfterRequest { .. } => "union.entry.hired_after_request",
            EntryIssue::Unsigned => "union.entry.unsigned",
        }
    }
}

/// An entry that does not count, by its 1-based position in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListIssue {
    pub position: usize,
    pub name: String,
    pub issue: EntryIssue,
}

/// How a list measures up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListCheck {
    pub listed: u32,
    /// Entries that count.
    pub valid: u32,
    /// The number the law requires.
    pub required: u32,
    pub issues: Vec<ListIssue>,
}

impl ListCheck {
    pub fn meets_minimum(&self) -> bool {
        self.valid >= self.required
    }
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Checks and records a union's member list on the day of its founding assembly: every
/// worker with a CURP that parses and 15 whole years or more (362, read from the CURP); an
/// employer with a CURP or an RFC; nobody twice. The minimum is 364's (20 workers, 3 employers).
pub fn check_members(
    rules: &UnionRules,
    kind: MemberKind,
    list: &[MemberInput],
    founded_on: NaiveDate,
) -> Result<(Vec<Member>, ListCheck), DomainError> {
    let min_age = rules.count(Param::MemberMinAge, founded_on)?;
    let required = match kind {
        MemberKind::Workers => rules.count(Param::MinWorkers, founded_on)?,
        MemberKind::Employers => rules.count(Param::MinEmployers, founded_on)?,
    };
    let mut members = Vec::with_capacity(list.len());
    let mut issues = Vec::new();
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut valid = 0usize;
    for (i, m) in list.iter().enumerate() {
        let position = i + 1;
        let name = required_text("members.name", &m.name, 300)?;
        let member = Member {
            curp: Curp::parse(&m.curp).ok().map(|c| c.value),
            rfc: Rfc::parse(&m.rfc).ok().map(|r| r.value),
            name: name.clone(),
            address: optional_text("members.address", &m.address, 500)?,
            workplace: optional_text("members.workplace", &m.workplace, 300)?,
        };
        let issue = member_issue(kind, m, &member, founded_on, min_age).or_else(|| {
            first
                .get(&member.key())
                .map(|f| EntryIssue::Repeated { first_position: *f })
        });
        match issue {
            Some(issue) => issues.push(ListIssue { position, name, issue }),
            None => {
                first.insert(member.key(), position);
                valid += 1;
            }
        }
        members.push(member);
    }
    Ok((
        members,
        ListCheck {
            listed: count(list.len()),
            valid: count(valid),
            required,
            issues,
        },
    ))
}

fn member_issue(
    kind: MemberKind,
    input: &MemberInput,
    member: &Member,
    on: NaiveDate,
    min_age: u32,
) -> Option<EntryIssue> {
    let id_error = |raw: &str, code: &str| EntryIssue::InvalidId {
        value: raw.trim().to_string(),
        error: code.to_string(),
    };
    let curp_given = !normalize(&input.curp).is_empty();
    let rfc_given = !normalize(&input.rfc).is_empty();
    if curp_given {
        if let Err(e) = Curp::parse(&input.curp) {
            return Some(id_error(&input.curp, e.code()));
        }
    }
    match kind {
        MemberKind::Workers => {
            let Some(curp) = &member.curp else {
                return Some(EntryIssue::MissingId);
            };
            let age = age_on(curp.birth_date(), on);
            (age < min_age).then_some(EntryIssue::Underage { age, min_age })
        }
        MemberKind::Employers => {
            if rfc_given && member.rfc.is_none() {
                return Rfc::parse(&input.rfc).err().map(|e| id_error(&input.rfc, e.code()));
            }
            (member.curp.is_none() && member.rfc.is_none()).then_some(EntryIssue::MissingId)
        }
    }
}

/// One worker of a support list (390 Bis-I).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupporterInput {
    pub name: String,
    pub curp: String,
    pub hired_on: Option<NaiveDate>,
    /// The list carries the worker's handwritten signature.
    pub signed: bool,
}

/// Checks a support list against the workers covered: entries count when the CURP parses, the
/// hiring date is given and not after the request, the worker signed, and the worker is not
/// listed twice. The list must reach 30 % of `covered` (rounded up).
pub fn check_support(
    rules: &UnionRules,
    list: &[SupporterInput],
    covered: u32,
    requested_on: NaiveDate,
) -> Result<ListCheck, DomainError> {
    let percent = rules.percent(Param::SupportMinPercent, requested_on)?;
    let mut issues = Vec::new();
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut valid = 0usize;
    for (i, s) in list.iter().enumerate() {
        let position = i + 1;
        let issue = match Curp::parse(&s.curp) {
            Err(_) if normalize(&s.curp).is_empty() => Some(EntryIssue::MissingId),
            Err(e) => Some(EntryIssue::InvalidId {
                value: s.curp.trim().to_string(),
                error: e.code().to_string(),
            }),
            Ok(c) => match (first.get(c.value.as_str()), s.hired_on) {
                (Some(f), _) => Some(EntryIssue::Repeated { first_position: *f }),
                (None, None) => Some(EntryIssue::MissingHiringDate),
                (None, Some(h)) if h > requested_on => Some(EntryIssue::HiredAfterRequest { hired_on: h }),
                (None, Some(_)) if !s.signed => Some(EntryIssue::Unsigned),
                (None, Some(_)) => {
                    first.insert(c.value.as_str().to_string(), position);
                    None
                }
            },
        };
        match issue {
            Some(issue) => issues.push(ListIssue {
                position,
                name: s.name.trim().to_string(),
                issue,
            }),
            None => valid += 1,
        }
    }
    Ok(ListCheck {
        listed: count(list.len()),
        valid: count(valid),
        required: share_ceil(covered, percent),
        issues,
    })
}

/// A worker on the employer's list from which the roll is built.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerEntry {
    pub name: String,
    pub curp: String,
    pub hired_on: Option<NaiveDate>,
    /// A trusted employee (trabajador de confianza).
    pub trusted: bool,
    /// The day the relation ended, if it did.
    pub left_on: Option<NaiveDate>,
    /// The worker ended the relation (quit), rather than being dismissed.
    pub quit: bool,
    /// The end of the relation is before a court.
    pub sub_iudice: bool,
    /// The polling station the worker votes at.
    pub station: String,
}

/// Which workers the roll takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RollCutoff {
    /// 390 Bis-III a, for the certificate's vote: no trusted employees nor workers hired after
    /// the request; workers dismissed in the 3 months before or after it are on the roll unless
    /// they quit (and the matter is not before a court).
    Representativeness { requested_on: NaiveDate },
    /// 390 Ter and the legitimization: the workers covered on the day of the vote, trusted
    /// employees excepted (Faro's reading of 184 and 396, as for 390 Bis).
    Consultation { vote_on: NaiveDate },
}

/// A voter on a roll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollEntry {
    pub name: String,
    /// Normalized; it may not parse (the challenge step corrects it), see `anomalies::curp_list`.
    pub curp: String,
    pub station: String,
}

/// Why a worker of the employer's list is not on the roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    Trusted,
    HiredAfterRequest,
    /// Left before the period the roll looks at (or before the vote).
    LeftBefore,
    /// Quit, and the matter is not before a court.
    Quit,
    /// Listed again (same CURP).
    Repeated,
    /// No CURP and no name.
    Unidentified,
}

/// The roll and who was left out, by 1-based position in the employer's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roll {
    pub entries: Vec<RollEntry>,
    pub excluded: Vec<(usize, Exclusion)>,
}

/// Builds a roll from the employer's list.
pub fn build_roll(rules: &UnionRules, list: &[WorkerEntry], cutoff: RollCutoff) -> Result<Roll, DomainError> {
    let mut entries: Vec<RollEntry> = Vec::with_capacity(list.len());
    let mut excluded = Vec::new();
    let mut seen = BTreeMap::new();
    let window = match cutoff {
        RollCutoff::Representativeness { requested_on } => {
            let months = rules.count(Param::RollDismissedMonths, requested_on)?;
            Some((
                requested_on,
                sub_months(requested_on, months),
                add_months(requested_on, months),
            ))
        }
        RollCutoff::Consultation { .. } => None,
    };
    for (i, w) in list.iter().enumerate() {
        let curp = normalize(&w.curp);
        let exclusion = if curp.is_empty() && w.name.trim().is_empty() {
            Some(Exclusion::Unidentified)
        } else if w.trusted {
            Some(Exclusion::Trusted)
        } else {
            match (cutoff, window) {
                (RollCutoff::Representativeness { .. }, Some((requested_on, from, _until))) => {
                    if w.hired_on.is_some_and(|h| h > requested_on) {
                        Some(Exclusion::HiredAfterRequest)
                    } else {
                        match w.left_on {
                            Some(_) if w.quit && !w.sub_iudice => Some(Exclusion::Quit),
                            Some(left) if left < from => Some(Exclusion::LeftBefore),
                            _ => None,
                        }
                    }
                }
                (RollCutoff::Consultation { vote_on }, _) => match w.left_on {
                    Some(left) if left < vote_on => Some(Exclusion::LeftBefore),
                    _ => None,
                },
                _ => None,
            }
        };
        let exclusion =
            exclusion.or_else(|| (!curp.is_empty() && seen.contains_key(&curp)).then_some(Exclusion::Repeated));
        match exclusion {
            Some(x) => excluded.push((i + 1, x)),
            None => {
                if !curp.is_empty() {
                    seen.insert(curp.clone(), i + 1);
                }
                entries.push(RollEntry {
                    name: w.name.trim().to_string(),
                    curp,
                    station: w.station.trim().to_string(),
                });
            }
        }
    }
    Ok(Roll { entries, excluded })
}
