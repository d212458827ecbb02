//! Choosing the first hearing of a request just filed: the earliest working day of the legal
//! window (684-E IV, VI or the fast track, never after the 684-D limit) that still leaves the
//! summons its notice, the least-loaded conciliator with a free time that day
//! ([`pick_conciliator`], 684-E V: hearings go to the conciliators by turn), and a room of the
//! centre free at that time, else a remote hearing.
//!
//! Pure: the centre's agenda, its conciliators' loads and its rooms come in [`Availability`],
//! read by the caller from the store; the hours the centre sits are its [`HearingHours`].

use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::assign::pick_conciliator;
use super::clock::{self, Term, Window};
use super::model::{Case, Slot, Track, Venue};
use super::Ctx;
use crate::DomainError;

/// The times of day a centre holds hearings: from `start`, every `step_minutes`, the last one
/// starting before `end`. A setting of each centre, like [`super::CenterSettings`]; the law sets
/// no hours. Default: 09:00 to 15:00 every 30 minutes (09:00, 09:30, ... 14:30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub step_minutes: u32,
}

impl Default for HearingHours {
    fn default() -> Self {
        HearingHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(15, 0, 0).unwrap_or(NaiveTime::MIN),
            step_minutes: 30,
        }
    }
}

impl HearingHours {
    /// The start times of the hearings of a day, in order. Empty if `step_minutes` is 0 or the
    /// end is not after the start.
    pub fn times(&self) -> Vec<NaiveTime> {
        let mut out = Vec::new();
        if self.step_minutes == 0 {
            return out;
        }
        let step = chrono::Duration::minutes(i64::from(self.step_minutes));
        let mut t = self.start;
        while t < self.end {
            out.push(t);
            let (next, wrapped) = t.overflowing_add_signed(step);
            if wrapped != 0 || next <= t {
                break;
            }
            t = next;
        }
        out
    }
}

/// A conciliator of the centre: hearings counted for balancing, and the times already taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConciliatorAgenda {
    pub id: i64,
    pub load: i64,
    pub taken: Vec<(NaiveDate, NaiveTime)>,
}

/// An active in-person hearing room of the centre and the times it is taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomAgenda {
    pub name: String,
    pub taken: Vec<(NaiveDate, NaiveTime)>,
}

/// What the centre has free: its active conciliators and its active in-person rooms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub conciliators: Vec<ConciliatorAgenda>,
    pub rooms: Vec<RoomAgenda>,
}

/// The term of the first hearing of a case on `track`.
pub fn first_term(track: Track) -> Term {
    match track {
        Track::Ordinary => Term::Hearing,
        Track::Joint => Term::JointHearing,
        Track::FastTrack => Term::FastTrackHearing,
    }
}

/// The window of the first hearing of `case`: its track's term from the reception, within the
/// 684-D limit.
pub fn first_window(ctx: &Ctx<'_>, case: &Case) -> Result<Window, DomainError> {
    clock::window(
        ctx,
        first_term(case.track),
        case.received_at.date_naive(),
        case.filed_on,
    )
}

/// Whether a hearing on `date` leaves the summons its notice: on the ordinary track the centre
/// serves it personally at least the notice term before (684-E IV), so the last day to serve
/// must not have passed. The joint filing is notified at once and on the fast track the
/// requester delivers it.
fn notice_fits(ctx: &Ctx<'_>, track: Track, date: NaiveDate) -> Result<bool, DomainError> {
    match track {
        Track::Ordinary => Ok(clock::latest_timely_service(ctx, date)? >= ctx.now.date_naive()),
        Track::Joint | Track::FastTrack => Ok(true),
    }
}

fn free(taken: &[(NaiveDate, NaiveTime)], date: NaiveDate, time: NaiveTime) -> bool {
    !taken.iter().any(|(d, t)| *d == date && *t == time)
}

/// The slot of the first hearing of `case`: the earliest day that fits, the least-loaded
/// conciliator free that day at its earliest free time, and a room free then (else remote).
/// Hearings are never set for the day of filing (the hour of the centre is not known here);
/// `conciliation.no_slot_in_window` when no day of the window has a free conciliator.
pub fn first_slot(
    ctx: &Ctx<'_>,
    case: &Case,
    hours: &HearingHours,
    available: &Availability,
) -> Result<Slot, DomainError> {
    let w = first_window(ctx, case)?;
    propose(ctx, case.track, &w, hours, available)
}

/// The slot in window `w` for a case on `track` (see [`first_slot`]).
pub fn propose(
    ctx: &Ctx<'_>,
    track: Track,
    w: &Window,
    hours: &HearingHours,
    available: &Availability,
) -> Result<Slot, DomainError> {
    let today = ctx.now.date_naive();
    let times = hours.times();
    let mut date = today.max(w.from).checked_add_days(Days::new(1));
    while let Some(d) = date {
        if d > w.latest() {
            break;
        }
        if ctx.calendar.is_working_day(d) && notice_fits(ctx, track, d)? {
            if let Some(slot) = slot_on(d, &times, available) {
                return Ok(slot);
            }
        }
        date = d.succ_opt();
    }
    Err(DomainError::new(
        "conciliation.no_slot_in_window",
        format!(
            "no conciliator of the centre has a free time on a working day up to {} ({})",
            w.latest(),
            w.article
        ),
    )
    .with("latest", w.latest().to_string())
    .with("article", w.article.clone())
    .with(
        "reason",
        if available.conciliators.is_empty() {
            "no_conciliators"
        } else {
            "agenda_full"
        },
    ))
}

/// The slot on `date`, if a conciliator has a free time.
fn slot_on(date: NaiveDate, times: &[NaiveTime], available: &Availability) -> Option<Slot> {
    let free_loads: Vec<(i64, i64)> = available
        .conciliators
        .iter()
        .filter(|c| times.iter().any(|t| free(&c.taken, date, *t)))
        .map(|c| (c.id, c.load))
        .collect();
    let id = pick_conciliator(&free_loads)?;
    // The same id may be listed twice; its times are all taken ones together.
    let taken: Vec<(NaiveDate, NaiveTime)> = available
        .conciliators
        .iter()
        .filter(|c| c.id == id)
        .flat_map(|c| c.taken.iter().copied())
        .collect();
    let time = times.iter().copied().find(|t| free(&taken, date, *t))?;
    let venue = available
        .rooms
        .iter()
        .find(|r| free(&r.taken, date, time))
        .map(|r| Venue::Room { name: r.name.clone() })
        .unwrap_or(Venue::Remote { link: String::new() });
    Some(Slot {
        date,
        time,
        conciliator_id: id.to_string(),
        venue,
    })
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveTime};
    use proptest::prelude::*;

    use super::super::tests::{at, ctx, day, file, worker_request, Run, WORKING};
    use super::*;
    use crate::conciliation::{Channel, Command};

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn filed(channel: Channel, fast_track: bool, now: chrono::DateTime<chrono::Utc>) -> Run {
        let mut r = Run::new(now);
        let mut input = worker_request();
        input.channel = channel;
        input.fast_track = fast_track;
        r.ok(file(input));
        r
    }

    fn conciliator(id: i64, load: i64, taken: &[(NaiveDate, NaiveTime)]) -> ConciliatorAgenda {
        ConciliatorAgenda {
            id,
            load,
            taken: taken.to_vec(),
        }
    }

    #[test]
    fn default_hours_are_nine_to_three_every_half_hour() {
        let t = HearingHours::default().times();
        assert_eq!(t.len(), 12, "09:00, 09:30, ... 14:30");
        assert_eq!((t[0], t[11]), (hm(9, 0), hm(14, 30)));
        let none = HearingHours {
            step_minutes: 0,
            ..HearingHours::default()
        };
        assert!(none.times().is_empty());
        let late = HearingHours {
            start: hm(23, 0),
            end: hm(23, 59),
            step_minutes: 90,
        };
        assert_eq!(late.times(), vec![hm(23, 0)], "no wrap past midnight");
    }

    /// Filed on Monday 2 March 2026 (ordinary track, working days). The summons served that
    /// same day gives its 5 days of notice on 3, 4, 5, 6 and 9 March (LFT 733: from the day after
    /// service; 7 and 8 are Saturday and Sunday), so the earliest hearing is Tuesday 10 March.
    /// On 9 March the last day to serve would have been Friday 27 February, already past.
    #[test]
    fn ordinary_track_leaves_the_summons_its_notice() {
        let r = filed(Channel::Online, false, at(2026, 3, 2));
        let c = ctx(r.now, &WORKING);
        let available = Availability {
            conciliators: vec![conciliator(5, 3, &[]), conciliator(7, 1, &[]), conciliator(9, 1, &[])],
            rooms: vec![],
        };
        let s = first_slot(&c, r.s(), &HearingHours::default(), &available).unwrap();
        assert_eq!(s.date, day(2026, 3, 10));
        assert_eq!(s.time, hm(9, 0));
        assert_eq!(s.conciliator_id, "7", "least loaded, ties to the lowest id");
        assert_eq!(s.venue, Venue::Remote { link: String::new() }, "no room: remote");
    }

    #[test]
    fn a_busy_conciliator_or_room_is_skipped() {
        let r = filed(Channel::Online, false, at(2026, 3, 2));
        let c = ctx(r.now, &WORKING);
        let d = day(2026, 3, 10);
        let all_day: Vec<_> = HearingHours::default().times().into_iter().map(|t| (d, t)).collect();
        let available = Availability {
            conciliators: vec![
                conciliator(7, 1, &all_day),
                conciliator(9, 2, &[(d, hm(9, 0))]),
                conciliator(11, 5, &[]),
            ],
            rooms: vec![
                RoomAgenda {
                    name: "Sala 1".into(),
                    taken: vec![(d, hm(9, 30))],
                },
                RoomAgenda {
                    name: "Sala 2".into(),
                    taken: vec![],
                },
            ],
        };
        let s = first_slot(&c, r.s(), &HearingHours::default(), &available).unwrap();
        // 7 is full on the 10th; 9 is the least loaded with a free time, at 09:30; Sala 1 is
        // taken then.
        assert_eq!((s.date, s.time, s.conciliator_id.as_str()), (d, hm(9, 30), "9"));
        assert_eq!(s.venue, Venue::Room { name: "Sala 2".into() });
    }

    /// A joint filing (684-E VI) is notified at once: the next working day. Filed Friday 6 March
    /// 2026, the hearing is on Monday 9 March (7 and 8 are the weekend).
    #[test]
    fn joint_filing_goes_to_the_next_working_day() {
        let r = filed(Channel::Joint, false, at(2026, 3, 6));
        let c = ctx(r.now, &WORKING);
        let available = Availability {
            conciliators: vec![conciliator(3, 0, &[])],
            rooms: vec![],
        };
        let s = first_slot(&c, r.s(), &HearingHours::default(), &available).unwrap();
        assert_eq!(s.date, day(2026, 3, 9));
    }

    #[test]
    fn no_conciliator_means_no_slot() {
        let r = filed(Channel::Online, false, at(2026, 3, 2));
        let c = ctx(r.now, &WORKING);
        let e = first_slot(&c, r.s(), &HearingHours::default(), &Availability::default()).unwrap_err();
        assert_eq!(e.code, "conciliation.no_slot_in_window");
        assert_eq!(super::super::tests::param(&e, "reason"), Some("no_conciliators"));
        // 15 working days from 2 March: 3-6, 9-13, 17-20 (16 is a holiday), 23, 24 March.
        assert_eq!(super::super::tests::param(&e, "latest"), Some("2026-03-24"));
    }

    fn taken_strategy() -> impl Strategy<Value = Vec<(u64, usize)>> {
        proptest::collection::vec((0u64..30, 0usize..12), 0..40)
    }

    proptest! {
        #[test]
        fn the_slot_fits_the_window_and_double_books_nobody(
            offset in 0u64..330,
            track in 0u8..3,
            loads in proptest::collection::vec((1i64..6, 0i64..10, taken_strategy()), 0..5),
            rooms in proptest::collection::vec(taken_strategy(), 0..3),
        ) {
            let start = day(2026, 1, 2).checked_add_days(Days::new(offset)).unwrap();
            let now = at(start.year(), start.month(), start.day());
            let (channel, fast) = match track { 0 => (Channel::Online, false), 1 => (Channel::Joint, false), _ => (Channel::Online, true) };
            let mut r = filed(channel, fast, now);
            let times = HearingHours::default().times();
            let to_taken = |v: &Vec<(u64, usize)>| -> Vec<(NaiveDate, NaiveTime)> {
                v.iter().map(|(d, t)| (start.checked_add_days(Days::new(*d)).unwrap(), times[*t])).collect()
            };
            let mut seen = std::collections::HashSet::new();
            let available = Availability {
                conciliators: loads
                    .iter()
                    .filter(|(id, _, _)| seen.insert(*id))
                    .map(|(id, load, taken)| conciliator(*id, *load, &to_taken(taken)))
                    .collect(),
                rooms: rooms
                    .iter()
                    .enumerate()
                    .map(|(i, t)| RoomAgenda { name: format!("Sala {i}"), taken: to_taken(t) })
                    .collect(),
            };
            let c = ctx(now, &WORKING);
            let w = first_window(&c, r.s()).unwrap();
            match first_slot(&c, r.s(), &HearingHours::default(), &available) {
                Ok(s) => {
                    prop_assert!(s.date > start && s.date <= w.latest(), "{} outside ({start}, {}]", s.date, w.latest());
                    prop_assert!(c.calendar.is_working_day(s.date));
                    prop_assert!(times.contains(&s.time));
                    let who = available.conciliators.iter().find(|k| k.id.to_string() == s.conciliator_id);
                    prop_assert!(who.is_some_and(|k| free(&k.taken, s.date, s.time)), "conciliator double-booked");
                    if let Venue::Room { name } = &s.venue {
                        let room = available.rooms.iter().find(|k| &k.name == name);
                        prop_assert!(room.is_some_and(|k| free(&k.taken, s.date, s.time)), "room double-booked");
                    } else {
                        prop_assert!(available.rooms.iter().all(|k| !free(&k.taken, s.date, s.time)), "a free room was left unused");
                    }
                    // Core accepts it as the first hearing.
                    let scheduled = r.try_do(Command::ScheduleHearing { slot: s.clone() });
                    prop_assert!(scheduled.is_ok(), "{:?}", scheduled.err());
                }
                Err(e) => {
                    prop_assert_eq!(e.code, "conciliation.no_slot_in_window");
                    // Only possible when the conciliators are all busy on every day.
                    prop_assert!(available.conciliators.iter().all(|k| !k.taken.is_empty()));
                }
            }
        }
    }
}
