//! One union's file: its filing and registration (366), then what it reports while registered:
//! leadership changes (377-II, 364 Bis), statute changes, member updates (377-III), accounts
//! (373), and for a few a court's cancellation (369), each command run through core's
//! `registration` procedure.
//!
//! A union founded before the reform is filed on the day the Registral Authority received its
//! file from the old registry, with its founding date, its founders' list and its leadership then
//! in office, and registered under its old number; its first member update replaces the founders
//! with the members it has. A union founded after the reform files within two months of its
//! founding assembly; 15 % of filings have a defect the registrar warns of (a missing document or
//! one of the statutes' new clauses), most cured within the 3 working days, the rest refused.

use std::collections::HashSet;

use chrono::{Months, NaiveDate};
use faro_core::catalog::Catalogs;
use faro_core::union::members::MemberInput;
use faro_core::union::registration::{
    CancellationGround, Command, DocumentKind, FilingInput, Leadership, Officer, RefusalGround, StatuteClause, Union,
    UnionType,
};
use faro_core::DomainError;
use rand::RngCore;

use super::catalogue::{reform_day, Profile};
use super::clock::{office_after, office_time, plus, plus_years};
use super::model::{self, Diligence};
use super::people::{Citizen, Namer, Workforce};
use super::recorder::{Recorder, Registrar, UnionFile};
use crate::address::{exterior_number, street};
use crate::inspections::Trail;
use crate::random::{between, chance, index, unit, Cumulative};

/// Offices of a leadership, as held by a man and by a woman; the first five every union has.
const OFFICES: &[(&str, &str)] = &[
    ("Secretario General", "Secretaria General"),
    ("Secretario de Organización", "Secretaria de Organización"),
    (
        "Secretario de Trabajo y Conflictos",
        "Secretaria de Trabajo y Conflictos",
    ),
    ("Secretario de Finanzas", "Secretaria de Finanzas"),
    ("Secretario de Actas y Acuerdos", "Secretaria de Actas y Acuerdos"),
    ("Secretario de Previsión Social", "Secretaria de Previsión Social"),
    (
        "Secretario de Educación y Capacitación",
        "Secretaria de Educación y Capacitación",
    ),
    ("Secretario de Seguridad e Higiene", "Secretaria de Seguridad e Higiene"),
    ("Secretario de Prensa y Propaganda", "Secretaria de Prensa y Propaganda"),
    ("Secretario de Deportes y Cultura", "Secretaria de Deportes y Cultura"),
    (
        "Presidente de la Comisión de Honor y Justicia",
        "Presidenta de la Comisión de Honor y Justicia",
    ),
    (
        "Presidente de la Comisión de Vigilancia",
        "Presidenta de la Comisión de Vigilancia",
    ),
];

/// The office for equality the reformed statutes usually add (371-IX Bis).
const EQUALITY_OFFICE: (&str, &str) = ("Secretario de Equidad de Género", "Secretaria de Equidad de Género");

/// Whether an office title is held by a woman (the titles above).
pub(crate) fn office_held_by_woman(office: &str) -> bool {
    office.starts_with("Secretaria ") || office.starts_with("Presidenta ")
}

/// Where the members of a union come from.
pub(crate) enum Members<'a> {
    /// A company union: the workplace's covered workers, `affiliation` per cent of them.
    Workforce {
        workforce: &'a Workforce,
        employer: &'a str,
        affiliation: u64,
    },
    /// A sector union: synthetic members working for these employers.
    Synthetic { employers: Vec<String> },
}

/// What one union's run needs.
pub(crate) struct UnionRun<'a, 'r> {
    pub(crate) registrar: &'a Registrar<'r>,
    pub(crate) cat: &'a Catalogs,
    pub(crate) today: NaiveDate,
    pub(crate) profile: &'a Profile,
    pub(crate) members: Members<'a>,
}

/// The union's file after its run, and the leadership's composition for the model's checks.
pub(crate) struct UnionOutcome {
    pub(crate) trail: Option<Trail<Command, faro_core::union::registration::Event, Union>>,
    pub(crate) diligence: Diligence,
}

/// A stable per-cent draw from a CURP and a salt: whether a worker belongs to a union.
fn affiliated(curp: &str, salt: &str, percent: u64) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain(curp.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % 100 < percent
}

fn member_input(rng: &mut impl RngCore, c: &Citizen, workplace: &str, place: &str) -> MemberInput {
    MemberInput {
        name: c.name.clone(),
        curp: c.curp.clone(),
        rfc: String::new(),
        address: format!("{} {}, {place}", street(rng, false), exterior_number(rng)),
        workplace: workplace.to_string(),
    }
}

/// The periodic acts of a registered union, in time order.
#[derive(Debug, Clone, PartialEq)]
enum Act {
    Members {
        as_of: NaiveDate,
    },
    Accounts {
        assembly_on: NaiveDate,
        period_from: NaiveDate,
    },
    Election {
        elected_on: NaiveDate,
    },
    Statutes {
        adopted_on: NaiveDate,
    },
    Cancel {
        ruling_on: NaiveDate,
    },
}

impl<'a, 'r> UnionRun<'a, 'r> {
    fn place(&self) -> String {
        self.cat
            .state(self.profile.state)
            .map_or_else(|| self.profile.state.as_str(), |s| s.short_name.clone())
    }

    /// A leadership elected on `elected_on` for `years`.
    fn leadership(
        &self,
        rng: &mut impl RngCore,
        namer: &mut Namer,
        elected_on: NaiveDate,
        years: i32,
        members: u32,
    ) -> Result<Leadership, DomainError> {
        let after = elected_on >= reform_day();
        let women = model::leadership_women_share(self.profile.branch, after);
        let extra = match members {
            0..=60 => between(rng, 0, 1),
            61..=500 => between(rng, 2, 4),
            _ => between(rng, 4, 7),
        } as usize;
        let mut offices: Vec<(&str, &str)> = OFFICES.iter().take(5).copied().collect();
        let mut optional: Vec<(&str, &str)> = OFFICES.iter().skip(5).copied().collect();
        if after {
            offices.push(EQUALITY_OFFICE);
        }
        for _ in 0..extra.min(optional.len()) {
            let i = index(rng, optional.len());
            offices.push(optional.remove(i));
        }
        let pool: Vec<&Citizen> = match &self.members {
            Members::Workforce { workforce, .. } => workforce.covered_on(elected_on).map(|w| &w.person).collect(),
            Members::Synthetic { .. } => Vec::new(),
        };
        let mut officers = Vec::with_capacity(offices.len());
        let mut used: HashSet<String> = HashSet::new();
        for (k, (man, woman)) in offices.iter().enumerate() {
            // Fewer women at the head of the union than in the rest of the leadership.
            let p = if k == 0 { women * 0.6 } else { women * 1.08 };
            let female = chance(rng, p.min(0.95));
            let from_pool = pool
                .iter()
                .filter(|c| c.female == female && !used.contains(&c.curp))
                .nth(index(rng, 8));
            let name = match from_pool {
                Some(c) => {
                    used.insert(c.curp.clone());
                    c.name.clone()
                }
                None => {
                    let c = namer.citizen(
                        rng,
                        Some(female),
                        plus_years(elected_on, -64),
                        plus_years(elected_on, -27),
                        self.profile.state,
                    )?;
                    c.name
                }
            };
            officers.push(Officer {
                name,
                office: if female { woman } else { man }.to_string(),
            });
        }
        Ok(Leadership {
            officers,
            elected_on,
            term_from: elected_on,
            term_until: plus(plus_years(elected_on, years), -1),
            vote: None,
        })
    }

    /// The founders: at least the 20 workers of 364, of age on the founding day.
    fn founders(&self, rng: &mut impl RngCore, namer: &mut Namer, count: u32) -> Result<Vec<MemberInput>, DomainError> {
        let founded = self.profile.founded_on;
        let place = self.place();
        let mut out = Vec::with_capacity(count as usize);
        match &self.members {
            Members::Workforce {
                workforce, employer, ..
            } if founded >= reform_day() => {
                for w in workforce.covered_on(founded).take(count as usize) {
                    out.push(member_input(rng, &w.person, employer, &place));
                }
            }
            _ => {}
        }
        let employer = match &self.members {
            Members::Workforce { employer, .. } => (*employer).to_string(),
            Members::Synthetic { employers } => employers.first().cloned().unwrap_or_default(),
        };
        let mut seen: HashSet<String> = out.iter().map(|m| m.curp.clone()).collect();
        while out.len() < count.max(20) as usize {
            let c = namer.citizen(
                rng,
                None,
                plus_years(founded, -55),
                plus_years(founded, -18),
                self.profile.state,
            )?;
            if seen.insert(c.curp.clone()) {
                let workplace = match &self.members {
                    Members::Synthetic { employers } if !employers.is_empty() => {
                        employers.get(index(rng, employers.len())).cloned().unwrap_or_default()
                    }
                    _ => employer.clone(),
                };
                out.push(member_input(rng, &c, &workplace, &place));
            }
        }
        Ok(out)
    }

    fn filing(
        &self,
        rng: &mut impl RngCore,
        members: Vec<MemberInput>,
        leadership: Leadership,
        documents: Vec<DocumentKind>,
        clauses: Vec<StatuteClause>,
    ) -> FilingInput {
        let p = self.profile;
        let purpose = match p.kind {
            UnionType::Company => {
                "El estudio, mejoramiento y defensa de los intereses de los trabajadores de la empresa"
            }
            UnionType::Trade => "El estudio, mejoramiento y defensa de los intereses de los trabajadores del oficio",
            _ => "El estudio, mejoramiento y defensa de los intereses comunes de sus agremiados",
        };
        let municipality = super::catalogue::municipality_name(rng, self.cat, p.state);
        FilingInput {
            name: p.name.clone(),
            union_type: p.kind,
            address: format!(
                "{} {}, {municipality}, {}",
                street(rng, false),
                exterior_number(rng),
                self.place()
            ),
            founded_on: p.founded_on,
            purpose: format!("{purpose} (LFT 356)."),
            confederation: p.federation.unwrap_or_default().to_string(),
            documents,
            statute_clauses: clauses,
            members,
            leadership,
        }
    }

    /// Runs the whole file.
    pub(crate) fn run(&self, rng: &mut impl RngCore, namer: &mut Namer) -> Result<UnionOutcome, DomainError> {
        let mut rec: Recorder<UnionFile> = Recorder::new(self.registrar.cutoff);
        let diligence = {
            let c = Cumulative::new(model::DILIGENCE.iter().map(|d| d.1));
            c.draw(rng)
                .and_then(|i| model::DILIGENCE.get(i))
                .map_or(Diligence::Irregular, |d| d.0)
        };
        let term_years = [3, 4, 4, 4, 5, 5, 6, 6, 6, 6].get(index(rng, 10)).copied().unwrap_or(4);
        let target = self.profile.members.max(20);
        let registered_from = match &self.profile.prior {
            Some((prior, received)) => {
                let at = office_after(rng, &self.registrar.law.calendar, *received, 0, 0);
                // The leadership in office when the file arrived.
                let mut elected = plus_years(self.profile.founded_on, term_years);
                while plus_years(elected, term_years) <= at.date_naive() {
                    elected = plus_years(elected, term_years);
                }
                let elected = elected.min(at.date_naive());
                let leadership = self.leadership(rng, namer, elected, term_years, target)?;
                let founders = (f64::from(target) * (0.1 + 0.5 * unit(rng))).round() as u32;
                let founders = self.founders(rng, namer, founders.clamp(20, 400))?;
                let filing = self.filing(
                    rng,
                    founders,
                    leadership,
                    DocumentKind::ALL.to_vec(),
                    StatuteClause::ALL.to_vec(),
                );
                if !rec.run(
                    self.registrar,
                    at,
                    Command::File {
                        filing: Box::new(filing),
                    },
                )? {
                    return Ok(UnionOutcome {
                        trail: rec.finish(),
                        diligence,
                    });
                }
                let at = office_after(rng, &self.registrar.law.calendar, at.date_naive(), 1, 12);
                rec.run(
                    self.registrar,
                    at,
                    Command::Register {
                        registration_number: prior.number.clone(),
                    },
                )?;
                at.date_naive()
            }
            None => match self.register_new(rng, namer, &mut rec, term_years, target)? {
                Some(d) => d,
                None => {
                    return Ok(UnionOutcome {
                        trail: rec.finish(),
                        diligence,
                    })
                }
            },
        };
        if rec.halted() || !rec.state().is_some_and(|s| s.status.is_registered()) {
            return Ok(UnionOutcome {
                trail: rec.finish(),
                diligence,
            });
        }
        let acts = self.plan_acts(rng, registered_from, diligence);
        self.run_acts(rng, namer, &mut rec, acts, term_years, target)?;
        Ok(UnionOutcome {
            trail: rec.finish(),
            diligence,
        })
    }

    /// Files a new union and takes it to registration (or refusal). The day it was registered.
    fn register_new(
        &self,
        rng: &mut impl RngCore,
        namer: &mut Namer,
        rec: &mut Recorder<UnionFile>,
        term_years: i32,
        target: u32,
    ) -> Result<Option<NaiveDate>, DomainError> {
        let cal = &self.registrar.law.calendar;
        let p = self.profile;
        let founders = (f64::from(target) * (0.3 + 0.5 * unit(rng))).round() as u32;
        let founders = self.founders(rng, namer, founders.clamp(20, 1_500))?;
        let leadership = self.leadership(rng, namer, p.founded_on, term_years, target)?;
        let defective = p.refused || chance(rng, 0.15);
        let mut documents = DocumentKind::ALL.to_vec();
        let mut clauses = StatuteClause::ALL.to_vec();
        if defective {
            if chance(rng, 0.45) {
                documents.retain(|d| *d != DocumentKind::LeadershipMinutes);
            } else {
                let missing = [
                    StatuteClause::GenderRepresentation,
                    StatuteClause::ElectoralBody,
                    StatuteClause::WorkerConsultation,
                    StatuteClause::Accounts,
                ];
                let m = missing.get(index(rng, missing.len())).copied();
                clauses.retain(|c| Some(*c) != m);
            }
        }
        let complete = self.filing(
            rng,
            founders.clone(),
            leadership.clone(),
            DocumentKind::ALL.to_vec(),
            StatuteClause::ALL.to_vec(),
        );
        let filing = FilingInput {
            documents,
            statute_clauses: clauses,
            ..complete.clone()
        };
        let delay = i64::from(between(rng, 5, 60));
        let filed = office_time(rng, plus(p.founded_on, delay));
        if !rec.run(
            self.registrar,
            filed,
            Command::File {
                filing: Box::new(filing),
            },
        )? {
            return Ok(None);
        }
        let mut last = filed.date_naive();
        if defective {
            let late = chance(rng, 0.1);
            let at = if late {
                office_after(rng, cal, last, 6, 9)
            } else {
                office_after(rng, cal, last, 1, 5)
            };
            if !rec.run(
                self.registrar,
                at,
                Command::NotifyDefects {
                    observations: String::new(),
                },
            )? {
                return Ok(None);
            }
            last = at.date_naive();
            if p.refused || chance(rng, 0.05) {
                // Not cured within the term: refused on the ground of 366-III.
                let cure_by = rec.state().and_then(|s| s.cure_by).unwrap_or(last);
                let at = office_after(rng, cal, cure_by, 1, 8);
                rec.run(
                    self.registrar,
                    at,
                    Command::Refuse {
                        ground: RefusalGround::Documents,
                        reason: "La organización no exhibió los documentos ni subsanó las omisiones señaladas en el plazo concedido (LFT 365, 366-III)".into(),
                    },
                )?;
                return Ok(None);
            }
            let at = office_after(rng, cal, last, 1, 3);
            if !rec.run(
                self.registrar,
                at,
                Command::Correct {
                    filing: Box::new(complete),
                },
            )? {
                return Ok(None);
            }
            last = at.date_naive();
        }
        let x = unit(rng);
        if x < 0.04 {
            // No decision within the 20 days: the union demands one, and the registration holds
            // by law three days later (366).
            let by = rec.state().map_or(last, |s| s.resolution_by);
            let at = office_after(rng, cal, by, 1, 6);
            if !rec.run(self.registrar, at, Command::DemandDecision)? {
                return Ok(None);
            }
            let deemed = rec.state().and_then(|s| s.deemed_on).unwrap_or(at.date_naive());
            let at = office_after(rng, cal, deemed, 0, 3);
            if !rec.run(self.registrar, at, Command::DeclareDeemedRegistered)? {
                return Ok(None);
            }
            let at = office_after(rng, cal, at.date_naive(), 1, 6);
            rec.run(
                self.registrar,
                at,
                Command::IssueCertificate {
                    registration_number: p.registration_number.clone(),
                },
            )?;
            return Ok(rec.state().and_then(|s| s.registered_on));
        }
        let at = if x < 0.10 {
            office_after(rng, cal, last, 21, 28)
        } else {
            office_after(rng, cal, last, 3, 18)
        };
        if !rec.run(
            self.registrar,
            at,
            Command::Register {
                registration_number: p.registration_number.clone(),
            },
        )? {
            return Ok(None);
        }
        Ok(Some(at.date_naive()))
    }

    /// The periodic acts from `from` to today, after the union's diligence.
    fn plan_acts(&self, rng: &mut impl RngCore, from: NaiveDate, diligence: Diligence) -> Vec<(NaiveDate, Act)> {
        let today = self.today;
        let mut acts = Vec::new();
        let months = |d: NaiveDate, m: u32| d.checked_add_months(Months::new(m)).unwrap_or(NaiveDate::MAX);
        // Member updates (377-III).
        let mut d = from;
        let mut k = 0;
        loop {
            let next = match diligence {
                Diligence::Diligent => {
                    let late = if chance(rng, 0.1) {
                        i64::from(between(rng, 3, 30))
                    } else {
                        0
                    };
                    plus(months(d, 3), late - i64::from(between(rng, 0, 20)))
                }
                Diligence::Irregular => plus(months(d, between(rng, 3, 8)), -i64::from(between(rng, 0, 20))),
                Diligence::Negligent => {
                    if k >= 2 || (k >= 1 && chance(rng, 0.5)) {
                        break;
                    }
                    plus(months(d, between(rng, 2, 9)), 0)
                }
            };
            if next >= today {
                break;
            }
            acts.push((next, Act::Members { as_of: next }));
            d = next;
            k += 1;
        }
        // Accounts: an assembly every 6 months (373).
        let mut d = from;
        let mut k = 0;
        loop {
            let next = match diligence {
                Diligence::Diligent => plus(months(d, 6), -i64::from(between(rng, 0, 25))),
                Diligence::Irregular => plus(months(d, between(rng, 6, 12)), -i64::from(between(rng, 0, 20))),
                Diligence::Negligent => {
                    if k >= 1 || chance(rng, 0.5) {
                        break;
                    }
                    months(d, between(rng, 6, 14))
                }
            };
            if next >= today {
                break;
            }
            acts.push((
                next,
                Act::Accounts {
                    assembly_on: next,
                    period_from: d,
                },
            ));
            d = next;
            k += 1;
        }
        // Statutes adapted or amended by a few.
        if chance(rng, 0.08) {
            let d = super::clock::date_between(rng, plus(from, 60), plus(today, -30));
            if d > from && d < today {
                acts.push((d, Act::Statutes { adopted_on: d }));
            }
        }
        if self.profile.dissolves {
            let d = super::clock::date_between(rng, plus(from, 365), plus(today, -20));
            if d > from && d < today {
                acts.push((d, Act::Cancel { ruling_on: d }));
            }
        }
        acts.sort_by_key(|a| a.0);
        acts
    }

    fn run_acts(
        &self,
        rng: &mut impl RngCore,
        namer: &mut Namer,
        rec: &mut Recorder<UnionFile>,
        acts: Vec<(NaiveDate, Act)>,
        term_years: i32,
        target: u32,
    ) -> Result<(), DomainError> {
        let cal = &self.registrar.law.calendar;
        let mut next_election = rec.state().map(|s| s.leadership.term_until).unwrap_or(self.today);
        let mut acts = acts;
        // Elections at the end of each term of the leadership in the file.
        while let Some(e) = Some(plus(next_election, 1)).filter(|e| *e < self.today) {
            acts.push((e, Act::Election { elected_on: e }));
            next_election = plus_years(e, term_years);
        }
        acts.sort_by_key(|a| a.0);
        for (day, act) in acts {
            if rec.halted() || !rec.state().is_some_and(|s| s.status.is_registered()) {
                break;
            }
            match act {
                Act::Members { as_of } => {
                    let Some(command) = self.member_update(rng, namer, rec.state(), as_of, target)? else {
                        continue;
                    };
                    let at = office_after(rng, cal, day, 0, 3);
                    rec.run(self.registrar, at, command)?;
                }
                Act::Accounts {
                    assembly_on,
                    period_from,
                } => {
                    let at = if chance(rng, 0.1) {
                        office_after(rng, cal, assembly_on, 11, 40)
                    } else {
                        office_after(rng, cal, assembly_on, 1, 9)
                    };
                    rec.run(
                        self.registrar,
                        at,
                        Command::FileFinancialReport {
                            assembly_on,
                            period_from,
                            period_until: plus(assembly_on, -1).max(period_from),
                        },
                    )?;
                }
                Act::Election { elected_on } => {
                    if rec.state().is_some_and(|s| s.pending_leadership.is_some()) {
                        continue;
                    }
                    let members = rec.state().map_or(target, Union::member_count);
                    let leadership = self.leadership(rng, namer, elected_on, term_years, members)?;
                    let at = if chance(rng, 0.12) {
                        office_after(rng, cal, elected_on, 11, 30)
                    } else {
                        office_after(rng, cal, elected_on, 1, 9)
                    };
                    if !rec.run(self.registrar, at, Command::ReportLeadershipChange { leadership })? {
                        break;
                    }
                    let at = if chance(rng, 0.15) {
                        office_after(rng, cal, at.date_naive(), 11, 25)
                    } else {
                        office_after(rng, cal, at.date_naive(), 1, 9)
                    };
                    let command = if chance(rng, 0.03) {
                        Command::RejectLeadership {
                            reason: "La elección no se realizó mediante voto personal, libre, directo y secreto conforme a los estatutos (LFT 371-IX)".into(),
                        }
                    } else {
                        Command::CertifyLeadership
                    };
                    rec.run(self.registrar, at, command)?;
                }
                Act::Statutes { adopted_on } => {
                    let at = office_after(rng, cal, adopted_on, 1, 12);
                    rec.run(
                        self.registrar,
                        at,
                        Command::ReportStatuteChange {
                            adopted_on,
                            clauses: StatuteClause::ALL.to_vec(),
                            summary: "Reforma a los estatutos aprobada en asamblea general extraordinaria: procedimiento de elección de la directiva y rendición de cuentas".into(),
                        },
                    )?;
                }
                Act::Cancel { ruling_on } => {
                    let at = office_after(rng, cal, ruling_on, 3, 20);
                    rec.run(
                        self.registrar,
                        at,
                        Command::RecordCancellation {
                            court: "Tribunal Laboral Federal de Asuntos Colectivos".into(),
                            ruling_on,
                            ground: CancellationGround::Dissolution,
                            reason: "Disolución acordada por las dos terceras partes de los agremiados (LFT 379-I)"
                                .into(),
                        },
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The member update as of `as_of`: who joined and who left since the file's list. A
    /// historical file's founders leave with its first update (those of unions founded since
    /// 2012 stay in part).
    fn member_update(
        &self,
        rng: &mut impl RngCore,
        namer: &mut Namer,
        state: Option<&Union>,
        as_of: NaiveDate,
        target: u32,
    ) -> Result<Option<Command>, DomainError> {
        let Some(s) = state else { return Ok(None) };
        let current: HashSet<String> = s.members.iter().map(|m| m.key()).collect();
        let place = self.place();
        let command = match &self.members {
            Members::Workforce {
                workforce,
                employer,
                affiliation,
            } => {
                let active: HashSet<&str> = workforce.covered_on(as_of).map(|w| w.person.curp.as_str()).collect();
                let left: Vec<String> = s
                    .members
                    .iter()
                    .map(|m| m.key())
                    .filter(|k| !active.contains(k.as_str()))
                    .collect();
                let mut joined = Vec::new();
                for w in workforce.covered_on(as_of) {
                    if !current.contains(&w.person.curp) && affiliated(&w.person.curp, &self.profile.key, *affiliation)
                    {
                        joined.push(member_input(rng, &w.person, employer, &place));
                    }
                }
                Command::UpdateMembers { as_of, joined, left }
            }
            Members::Synthetic { employers } => {
                let n = s.members.len();
                let mut leaving: HashSet<usize> = HashSet::new();
                if self.profile.prior.is_some() && s.last_member_update.is_none() {
                    let keep_some = self.profile.founded_on >= super::clock::ymd(2012, 1, 1);
                    for i in 0..n {
                        if !(keep_some && chance(rng, 0.4)) {
                            leaving.insert(i);
                        }
                    }
                } else {
                    let churn = if n < 500 {
                        0.02 + 0.05 * unit(rng)
                    } else {
                        0.01 + 0.02 * unit(rng)
                    };
                    let want = ((n as f64) * churn).round() as usize;
                    if n > want {
                        while leaving.len() < want {
                            leaving.insert(index(rng, n));
                        }
                    }
                }
                let mut leaving: Vec<usize> = leaving.into_iter().collect();
                leaving.sort_unstable();
                let left: Vec<String> = leaving
                    .iter()
                    .filter_map(|i| s.members.get(*i))
                    .map(|m| m.key())
                    .collect();
                // Towards the union's size: the first update after the file arrived fills it.
                let after = n - left.len();
                let goal = if after < target as usize / 2 {
                    target as usize
                } else {
                    (after as f64 * (0.99 + 0.04 * unit(rng))).round() as usize
                };
                let want = goal.saturating_sub(after).max(usize::from(chance(rng, 0.7)));
                let mut joined = Vec::with_capacity(want);
                let mut fresh: HashSet<String> = HashSet::new();
                let mut tries = 0;
                while joined.len() < want && tries < want * 3 + 10 {
                    tries += 1;
                    let c = namer.citizen(
                        rng,
                        None,
                        plus_years(as_of, -62),
                        plus_years(as_of, -18),
                        self.profile.state,
                    )?;
                    if current.contains(&c.curp) || !fresh.insert(c.curp.clone()) {
                        continue;
                    }
                    let workplace = employers
                        .get(index(rng, employers.len().max(1)))
                        .cloned()
                        .unwrap_or_default();
                    joined.push(member_input(rng, &c, &workplace, &place));
                }
                Command::UpdateMembers { as_of, joined, left }
            }
        };
        Ok(Some(command))
    }
}
