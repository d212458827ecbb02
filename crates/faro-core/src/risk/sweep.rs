//! The replay of a registry's history in date order, answering "what did we know about this
//! workplace the day before?" for every training row and for today's scoring.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::facts::{ConciliationFacts, FineFacts, InspectionFacts, WorkplaceFacts};
use super::features::{idx, FeatureTable, Features, N_NUMERIC};
use crate::inspection::{Matter, Origin};

/// Days of conciliation requests counted in `employer_conciliation_requests_2y`.
const CONCILIATION_WINDOW_DAYS: i64 = 730;

/// The history of a registry, ready to replay.
pub struct History {
    workplaces: Vec<WorkplaceFacts>,
    by_id: HashMap<i64, usize>,
    inspections: Vec<InspectionFacts>,
    fines: Vec<FineFacts>,
    conciliations: Vec<ConciliationFacts>,
    population: HashMap<u32, u64>,
    /// Per employer: workplaces whose registration day is unknown, and the known days, sorted.
    registrations: HashMap<i64, (u32, Vec<NaiveDate>)>,
}

/// The training rows of one matter: features as of the day of each visit, and its outcome.
#[derive(Debug, Clone)]
pub struct TrainingRows {
    pub matter: Matter,
    pub features: FeatureTable,
    pub inspection_ids: Vec<i64>,
    pub workplace_ids: Vec<i64>,
    pub visited_on: Vec<NaiveDate>,
    pub origins: Vec<Origin>,
    /// The inspection found at least one violation of the matter.
    pub outcomes: Vec<bool>,
}

impl TrainingRows {
    fn new(matter: Matter) -> TrainingRows {
        TrainingRows {
            matter,
            features: FeatureTable::new(),
            inspection_ids: Vec::new(),
            workplace_ids: Vec::new(),
            visited_on: Vec::new(),
            origins: Vec::new(),
            outcomes: Vec::new(),
        }
    }
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }
    pub fn positives(&self) -> usize {
        self.outcomes.iter().filter(|o| **o).count()
    }
}

#[derive(Debug, Clone, Default)]
struct WorkplaceStats {
    visits: u32,
    with_findings: u32,
    by_matter: [u32; 8],
    complaints: u32,
    last_visit: Option<NaiveDate>,
    last_had_findings: bool,
}

#[derive(Debug, Clone, Default)]
struct EmployerStats {
    visits: u32,
    with_findings: u32,
    complaints: u32,
    fines: u32,
    outstanding: i64,
    conciliations: Vec<NaiveDate>,
}

/// What is known on a day, as the replay goes.
struct Knowledge {
    workplaces: HashMap<i64, WorkplaceStats>,
    employers: HashMap<i64, EmployerStats>,
    /// Per state (index = state number): inspections covering child labor, and those with findings
    /// of it.
    child_labor: [(u32, u32); 33],
}

impl Default for Knowledge {
    fn default() -> Self {
        Knowledge {
            workplaces: HashMap::new(),
            employers: HashMap::new(),
            child_labor: [(0, 0); 33],
        }
    }
}

/// One step of the replay. On a day, questions come before updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// A visit: the training rows of inspection `i`.
    Visit(usize),
    /// What became known: an inspection's record, a fine, a payment (fine, payment), a request.
    Record(usize),
    Fine(usize),
    Payment(usize, usize),
    Conciliation(usize),
}

impl Step {
    fn phase(self) -> u8 {
        match self {
            Step::Visit(_) => 0,
            _ => 1,
        }
    }
}

impl History {
    /// `population` gives each municipality's population (its INEGI key as a number).
    pub fn new(
        workplaces: Vec<WorkplaceFacts>,
        inspections: Vec<InspectionFacts>,
        fines: Vec<FineFacts>,
        conciliations: Vec<ConciliationFacts>,
        population: HashMap<u32, u64>,
    ) -> History {
        let by_id = workplaces.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
        let mut registrations: HashMap<i64, (u32, Vec<NaiveDate>)> = HashMap::new();
        for w in &workplaces {
            let entry = registrations.entry(w.employer_id).or_default();
            match w.registered_on {
                Some(d) => entry.1.push(d),
                None => entry.0 += 1,
            }
        }
        for (_, days) in registrations.values_mut() {
            days.sort_unstable();
        }
        History {
            workplaces,
            by_id,
            inspections,
            fines,
            conciliations,
            population,
            registrations,
        }
    }

    pub fn workplaces(&self) -> &[WorkplaceFacts] {
        &self.workplaces
    }

    pub fn inspections(&self) -> &[InspectionFacts] {
        &self.inspections
    }

    /// The training rows of each of `matters`: every closed inspection visited in `[from, until)`
    /// that covered the matter, with the workplace's features as they stood before the visit.
    pub fn training_rows(&self, matters: &[Matter], from: NaiveDate, until: NaiveDate) -> Vec<TrainingRows> {
        let mut rows: Vec<TrainingRows> = matters.iter().map(|m| TrainingRows::new(*m)).collect();
        let mut steps = self.timeline(None);
        steps.retain(|(day, step)| match step {
            Step::Visit(_) => *day >= from && *day < until,
            _ => *day < until,
        });
        let mut known = Knowledge::default();
        for (day, step) in steps {
            match step {
                Step::Visit(i) => {
                    let inspection = &self.inspections[i];
                    let Some(w) = self.workplace(inspection.workplace_id) else {
                        continue;
                    };
                    let complaint = inspection.origin == Origin::Complaint;
                    let features = self.features(&known, w, day, complaint);
                    for set in rows.iter_mut().filter(|r| inspection.matters.contains(r.matter)) {
                        set.features.push(&features);
                        set.inspection_ids.push(inspection.id);
                        set.workplace_ids.push(w.id);
                        set.visited_on.push(inspection.visited_on);
                        set.origins.push(inspection.origin);
                        set.outcomes.push(inspection.findings.contains(set.matter));
                    }
                }
                other => self.learn(&mut known, other),
            }
        }
        rows
    }

    /// Every workplace's features as of `on` (all that was known before that day), as if it were
    /// inspected that day in an ordinary visit; `visit` gets them in registry order.
    pub fn scoring_rows(&self, on: NaiveDate, mut visit: impl FnMut(&WorkplaceFacts, &Features)) {
        let known = self.knowledge_before(on, None);
        for w in &self.workplaces {
            visit(w, &self.features(&known, w, on, false));
        }
    }

    /// One workplace's features as of `on`, replaying only what concerns it and its employer.
    pub fn features_of(&self, workplace_id: i64, on: NaiveDate) -> Option<Features> {
        let w = self.workplace(workplace_id)?;
        let known = self.knowledge_before(on, Some(w));
        Some(self.features(&known, w, on, false))
    }

    fn workplace(&self, id: i64) -> Option<&WorkplaceFacts> {
        self.by_id.get(&id).map(|i| &self.workplaces[*i])
    }

    fn knowledge_before(&self, on: NaiveDate, only: Option<&WorkplaceFacts>) -> Knowledge {
        let mut known = Knowledge::default();
        for (day, step) in self.timeline(only) {
            if day >= on {
                break;
            }
            if !matches!(step, Step::Visit(_)) {
                self.learn(&mut known, step);
            }
        }
        known
    }

    /// Every step, sorted by day, questions first. With `only`, the steps that concern its
    /// workplace or employer, and child-labor records everywhere (the state's rate needs them).
    fn timeline(&self, only: Option<&WorkplaceFacts>) -> Vec<(NaiveDate, Step)> {
        let concerns_employer = |employer: i64| only.is_none_or(|w| w.employer_id == employer);
        let mut steps = Vec::with_capacity(self.inspections.len() * 2 + self.fines.len() + self.conciliations.len());
        for (i, x) in self.inspections.iter().enumerate() {
            if only.is_none() {
                steps.push((x.visited_on, Step::Visit(i)));
            }
            if concerns_employer(x.employer_id) || x.matters.contains(Matter::ChildLabor) {
                steps.push((x.known_on, Step::Record(i)));
            }
        }
        for (i, f) in self.fines.iter().enumerate() {
            if concerns_employer(f.employer_id) {
                steps.push((f.imposed_on, Step::Fine(i)));
                for (j, (day, _)) in f.payments.iter().enumerate() {
                    steps.push((*day, Step::Payment(i, j)));
                }
            }
        }
        for (i, c) in self.conciliations.iter().enumerate() {
            if concerns_employer(c.employer_id) {
                steps.push((c.filed_on, Step::Conciliation(i)));
            }
        }
        steps.sort_by_key(|(day, step)| (*day, step.phase(), *step));
        steps
    }

    fn learn(&self, known: &mut Knowledge, step: Step) {
        match step {
            Step::Visit(_) => {}
            Step::Record(i) => {
                let x = &self.inspections[i];
                let found = !x.findings.is_empty();
                let complaint = x.origin == Origin::Complaint;
                let w = known.workplaces.entry(x.workplace_id).or_default();
                w.visits += 1;
                w.with_findings += u32::from(found);
                w.complaints += u32::from(complaint);
                for (k, m) in Matter::ALL.iter().enumerate() {
                    w.by_matter[k] += u32::from(x.findings.contains(*m));
                }
                if w.last_visit.is_none_or(|last| x.visited_on >= last) {
                    w.last_visit = Some(x.visited_on);
                    w.last_had_findings = found;
                }
                let e = known.employers.entry(x.employer_id).or_default();
                e.visits += 1;
                e.with_findings += u32::from(found);
                e.complaints += u32::from(complaint);
                if x.matters.contains(Matter::ChildLabor) {
                    if let Some(w) = self.workplace(x.workplace_id) {
                        let state = usize::try_from(w.state()).unwrap_or(0).min(32);
                        known.child_labor[state].0 += 1;
                        known.child_labor[state].1 += u32::from(x.findings.contains(Matter::ChildLabor));
                    }
                }
            }
            Step::Fine(i) => {
                let f = &self.fines[i];
                let e = known.employers.entry(f.employer_id).or_default();
                e.fines += 1;
                e.outstanding += f.amount;
            }
            Step::Payment(i, j) => {
                let f = &self.fines[i];
                if let Some((_, amount)) = f.payments.get(j) {
                    known.employers.entry(f.employer_id).or_default().outstanding -= amount;
                }
            }
            Step::Conciliation(i) => {
                let c = &self.conciliations[i];
                known
                    .employers
                    .entry(c.employer_id)
                    .or_default()
                    .conciliations
                    .push(c.filed_on);
            }
        }
    }

    fn features(&self, known: &Knowledge, w: &WorkplaceFacts, on: NaiveDate, complaint: bool) -> Features {
        let mut n = [0.0; N_NUMERIC];
        n[idx::SIZE_BAND] = size_index(w) as f64;
        n[idx::HEADCOUNT] = w.headcount.map_or(f64::NAN, f64::from);
        n[idx::WORKPLACE_AGE_YEARS] = w
            .registered_on
            .map_or(f64::NAN, |d| ((on - d).num_days().max(0) as f64) / 365.25);
        n[idx::EMPLOYER_WORKPLACES] = self.employer_workplaces(w.employer_id, on) as f64;
        n[idx::MUNICIPALITY_POPULATION] = self
            .population
            .get(&w.municipality)
            .map_or(f64::NAN, |p| (*p as f64) / 1000.0);
        let none = WorkplaceStats::default();
        let ws = known.workplaces.get(&w.id).unwrap_or(&none);
        n[idx::WP_VISITS] = f64::from(ws.visits);
        n[idx::WP_VISITS_WITH_FINDINGS] = f64::from(ws.with_findings);
        for (k, count) in ws.by_matter.iter().enumerate() {
            n[idx::WP_FINDINGS_FIRST + k] = f64::from(*count);
        }
        n[idx::WP_COMPLAINTS] = f64::from(ws.complaints);
        n[idx::WP_DAYS_SINCE_LAST_VISIT] = ws.last_visit.map_or(f64::NAN, |d| (on - d).num_days() as f64);
        n[idx::WP_LAST_VISIT_HAD_FINDINGS] = if ws.last_visit.is_some() {
            f64::from(u8::from(ws.last_had_findings))
        } else {
            f64::NAN
        };
        let no_employer = EmployerStats::default();
        let es = known.employers.get(&w.employer_id).unwrap_or(&no_employer);
        n[idx::EMPLOYER_OTHER_VISITS] = f64::from(es.visits.saturating_sub(ws.visits));
        n[idx::EMPLOYER_OTHER_WITH_FINDINGS] = f64::from(es.with_findings.saturating_sub(ws.with_findings));
        n[idx::EMPLOYER_OTHER_COMPLAINTS] = f64::from(es.complaints.saturating_sub(ws.complaints));
        n[idx::EMPLOYER_FINES] = f64::from(es.fines);
        n[idx::EMPLOYER_FINES_OUTSTANDING_MXN] = (es.outstanding.max(0) as f64) / 100.0;
        let window_start = on - chrono::Duration::days(CONCILIATION_WINDOW_DAYS);
        n[idx::EMPLOYER_CONCILIATION_2Y] = es
            .conciliations
            .iter()
            .filter(|d| **d >= window_start && **d < on)
            .count() as f64;
        let state = usize::try_from(w.state()).unwrap_or(0).min(32);
        let (inspected, found) = known.child_labor[state];
        n[idx::STATE_CHILD_LABOR_RATE] = if inspected == 0 {
            f64::NAN
        } else {
            f64::from(found) / f64::from(inspected)
        };
        n[idx::COMPLAINT] = f64::from(u8::from(complaint));
        Features {
            categories: [w.sector(), w.subsector(), w.state()],
            numbers: n,
        }
    }

    /// The employer's workplaces registered before `on` (or on an unknown day).
    fn employer_workplaces(&self, employer: i64, on: NaiveDate) -> usize {
        self.registrations.get(&employer).map_or(1, |(unknown, days)| {
            *unknown as usize + days.partition_point(|d| *d < on)
        })
    }
}

fn size_index(w: &WorkplaceFacts) -> usize {
    crate::registry::SizeBand::ALL
        .iter()
        .position(|b| *b == w.size_band)
        .unwrap_or(0)
}
