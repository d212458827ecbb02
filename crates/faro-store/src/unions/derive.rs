//! Pure derivations of the registry's read columns from core's states: the leadership's women,
//! a revision's wage increase, a vote's turnout and margin, and the subjects records name each
//! other by. No I/O; the command path and the bulk import both use these, so the same events give
//! the same rows.

use std::collections::BTreeMap;

use faro_core::ids::{Curp, Sex};
use faro_core::text::normalize;
use faro_core::union::agreement::Legitimization;
use faro_core::union::minimums::AgreementTerms;
use faro_core::union::registration::Union;
use faro_core::union::vote::{Purpose, Tally};

/// Basis points in one: 10,000 bp = 100 %.
pub const BP: i64 = 10_000;

/// The leadership in office as the public statistics count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LeadershipCounts {
    /// Officers in office.
    pub leaders: i64,
    /// Officers the member list identifies: a member of the same name (accents, case and spacing
    /// aside) whose CURP gives the sex as H or M.
    pub known_sex: i64,
    /// Of those, the women (M).
    pub women: i64,
}

/// Counts the leadership in office of `u`. The leadership filed gives names and offices only; the
/// sex is read from the CURP of the member with the officer's name (LFT 371-IX Bis asks for a
/// proportional representation of women, and the registry publishes how it stands). An officer
/// no member matches, or whose name two members with different sexes share, is counted as a
/// leader of unknown sex.
pub fn leadership_counts(u: &Union) -> LeadershipCounts {
    let mut sex_by_name: BTreeMap<String, Option<Sex>> = BTreeMap::new();
    for m in &u.members {
        let Some(sex) = m.curp.as_ref().map(Curp::sex) else {
            continue;
        };
        let key = normalize(&m.name);
        sex_by_name
            .entry(key)
            .and_modify(|known| {
                if *known != Some(sex) {
                    *known = None;
                }
            })
            .or_insert(Some(sex));
    }
    let mut out = LeadershipCounts::default();
    for o in &u.leadership.officers {
        out.leaders += 1;
        match sex_by_name.get(&normalize(&o.name)).copied().flatten() {
            Some(Sex::Female) => {
                out.known_sex += 1;
                out.women += 1;
            }
            Some(Sex::Male) => out.known_sex += 1,
            Some(Sex::X) | None => {}
        }
    }
    out
}

/// `num / den` rounded to the nearest integer, halves away from zero (`den` > 0).
fn div_round(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = num % den;
    if r.abs() * 2 >= den {
        q + num.signum()
    } else {
        q
    }
}

/// The wage increase of a revision, in basis points: the daily wages of the positions both wage
/// tables name (by name, accents, case and spacing aside), summed, new over old, minus one,
/// rounded to the nearest basis point. `None` when no position is in both, or the old ones add up
/// to nothing.
pub fn wage_increase_bp(old: &AgreementTerms, new: &AgreementTerms) -> Option<i64> {
    let before: BTreeMap<String, i64> = old
        .wage_table
        .iter()
        .map(|p| (normalize(&p.name), p.daily_wage.centavos()))
        .collect();
    let (mut sum_old, mut sum_new, mut matched) = (0i128, 0i128, 0usize);
    for p in &new.wage_table {
        if let Some(o) = before.get(&normalize(&p.name)) {
            sum_old += i128::from(*o);
            sum_new += i128::from(p.daily_wage.centavos());
            matched += 1;
        }
    }
    if matched == 0 || sum_old <= 0 {
        return None;
    }
    i64::try_from(div_round((sum_new - sum_old) * i128::from(BP), sum_old)).ok()
}

/// Every ballot over the roll, in basis points (truncated); `None` without a roll.
pub fn turnout_bp(t: &Tally) -> Option<i64> {
    (t.roll > 0).then(|| i64::from(t.ballots()) * BP / i64::from(t.roll))
}

/// The lead of the first option over the second over the valid votes, in basis points
/// (truncated toward zero): "for" minus "against" in an approval (negative when it lost), the
/// most voted option minus the next in a contest. `None` without valid votes.
pub fn margin_bp(purpose: Purpose, t: &Tally) -> Option<i64> {
    let valid = i64::from(t.valid());
    if valid == 0 {
        return None;
    }
    let lead = if purpose.is_approval() {
        i64::from(t.votes_of(0)) - i64::from(t.votes_of(1))
    } else {
        let mut v: Vec<i64> = t.votes.iter().map(|x| i64::from(*x)).collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v.first().copied().unwrap_or(0) - v.get(1).copied().unwrap_or(0)
    };
    Some(lead * BP / valid)
}

/// The stored code of a legitimization's state.
pub fn legitimization_code(l: &Legitimization) -> &'static str {
    match l {
        Legitimization::NotRequired => "not_required",
        Legitimization::Pending => "pending",
        Legitimization::Inconclusive { .. } => "inconclusive",
        Legitimization::Legitimized { .. } => "legitimized",
        Legitimization::Rejected { .. } => "rejected",
    }
}

/// The kinds of record of the registry, as subjects name them ("agreement/7").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Union,
    Agreement,
    Representativeness,
    Vote,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Union,
        RecordKind::Agreement,
        RecordKind::Representativeness,
        RecordKind::Vote,
    ];

    /// The subject's prefix: "union", "agreement", "representativeness", "vote".
    pub fn prefix(self) -> &'static str {
        match self {
            RecordKind::Union => "union",
            RecordKind::Agreement => "agreement",
            RecordKind::Representativeness => "representativeness",
            RecordKind::Vote => "vote",
        }
    }

    /// The subject of record `id`: "agreement/7".
    pub fn subject(self, id: i64) -> String {
        format!("{}/{id}", self.prefix())
    }
}

/// The record a subject names ("agreement/7" is agreement 7); `None` for anything else.
pub fn parse_subject(subject: &str) -> Option<(RecordKind, i64)> {
    let (prefix, id) = subject.trim().split_once('/')?;
    let kind = RecordKind::ALL.into_iter().find(|k| k.prefix() == prefix)?;
    let id: i64 = id.parse().ok()?;
    (id > 0).then_some((kind, id))
}

/// The stored vote a vote id names ("vote/31" is vote 31).
pub fn vote_number(vote_id: &str) -> Option<i64> {
    match parse_subject(vote_id) {
        Some((RecordKind::Vote, id)) => Some(id),
        _ => None,
    }
}

/// The kinds of record a vote for `purpose` may be about: an agreement's revision, legitimization
/// or termination; a union's leadership; the request of a certificate; an initial agreement is
/// voted before it is deposited, so about the workplace's request (or the union).
pub fn subjects_for(purpose: Purpose) -> &'static [RecordKind] {
    match purpose {
        Purpose::Revision | Purpose::Legitimization | Purpose::Termination => &[RecordKind::Agreement],
        Purpose::LeadershipElection => &[RecordKind::Union],
        Purpose::Representativeness => &[RecordKind::Representativeness],
        Purpose::InitialAgreement => &[RecordKind::Representativeness, RecordKind::Union],
    }
}

/// A SCIAN sector from a sector or class code: its first two digits, or "" for an empty code.
/// `None` when the code is not digits or shorter than two.
pub fn sector_of(code: &str) -> Option<String> {
    let code = code.trim();
    if code.is_empty() {
        return Some(String::new());
    }
    if code.len() < 2 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(code.chars().take(2).collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use chrono::NaiveDate;
    use faro_core::catalog::{Money, WageZone};
    use faro_core::union::minimums::{AgreementDuration, Benefits, Position};

    use super::*;

    fn terms(table: &[(&str, i64)]) -> AgreementTerms {
        AgreementTerms {
            zone: WageZone::General,
            wage_table: table
                .iter()
                .map(|(n, c)| Position {
                    name: (*n).to_string(),
                    daily_wage: Money::from_centavos(*c),
                })
                .collect(),
            benefits: Benefits::default(),
            duration: AgreementDuration::Indefinite,
        }
    }

    #[test]
    fn the_wage_increase_is_worked_over_the_positions_both_tables_name() {
        // Operador 400.00 -> 420.00, Supervisor 600.00 -> 600.00: 1,000 -> 1,020 is +2.00 %.
        let old = terms(&[("Operador", 40_000), ("Supervisor", 60_000)]);
        let new = terms(&[("OPERADOR", 42_000), ("supervisor ", 60_000), ("Nuevo", 99_999)]);
        assert_eq!(wage_increase_bp(&old, &new), Some(200));
        // 300.00 -> 310.00 is 3.3333 %: 333 bp; -> 299.99 is -0.0033 %: 0 bp; -> 299.98: -1 bp.
        let base = terms(&[("Operador", 30_000)]);
        assert_eq!(wage_increase_bp(&base, &terms(&[("Operador", 31_000)])), Some(333));
        assert_eq!(wage_increase_bp(&base, &terms(&[("Operador", 29_999)])), Some(0));
        assert_eq!(wage_increase_bp(&base, &terms(&[("Operador", 29_985)])), Some(-5));
        // 300.00 -> 300.015 does not exist; 200.00 -> 200.01 is 0.5 bp: rounded away, 1 bp.
        assert_eq!(
            wage_increase_bp(&terms(&[("A", 20_000)]), &terms(&[("A", 20_001)])),
            Some(1)
        );
        // Nothing in common, or nothing to compare with.
        assert_eq!(wage_increase_bp(&base, &terms(&[("Chofer", 50_000)])), None);
        assert_eq!(wage_increase_bp(&terms(&[("Operador", 0)]), &base), None);
    }

    fn tally(votes: &[u32], void: u32, blank: u32, roll: u32) -> Tally {
        Tally {
            options: (0..votes.len()).map(|i| format!("o{i}")).collect(),
            votes: votes.to_vec(),
            void,
            blank,
            roll,
        }
    }

    #[test]
    fn turnout_and_margin_in_basis_points() {
        // 70 for, 20 against, 1 void, 1 blank of 120: 92 ballots = 76.66 % -> 7666 bp; margin
        // (70 - 20) / 90 = 55.55 % -> 5555 bp.
        let t = tally(&[70, 20], 1, 1, 120);
        assert_eq!(turnout_bp(&t), Some(7666));
        assert_eq!(margin_bp(Purpose::InitialAgreement, &t), Some(5555));
        // Lost: 20 for, 70 against: -5555 bp.
        let t = tally(&[20, 70], 0, 0, 100);
        assert_eq!(margin_bp(Purpose::Legitimization, &t), Some(-5555));
        assert_eq!(turnout_bp(&t), Some(9000));
        // A contest: 20, 45, 35 -> (45 - 35) / 100 = 1000 bp.
        let t = tally(&[20, 45, 35], 0, 0, 0);
        assert_eq!(margin_bp(Purpose::Representativeness, &t), Some(1000));
        assert_eq!(turnout_bp(&t), None);
        assert_eq!(margin_bp(Purpose::Revision, &tally(&[0, 0], 3, 0, 10)), None);
    }

    #[test]
    fn subjects_round_trip_and_nothing_else_parses() {
        for k in RecordKind::ALL {
            assert_eq!(parse_subject(&k.subject(42)), Some((k, 42)));
        }
        for bad in [
            "",
            "agreement",
            "agreement/",
            "agreement/x",
            "agreement/0",
            "contract/3",
            "vote/-1",
        ] {
            assert_eq!(parse_subject(bad), None, "{bad}");
        }
        assert_eq!(vote_number("vote/31"), Some(31));
        assert_eq!(vote_number("agreement/31"), None);
    }

    #[test]
    fn sectors_are_two_digits_of_a_scian_code() {
        assert_eq!(sector_of("722514").as_deref(), Some("72"));
        assert_eq!(sector_of(" 31 ").as_deref(), Some("31"));
        assert_eq!(sector_of("").as_deref(), Some(""));
        assert_eq!(sector_of("7"), None);
        assert_eq!(sector_of("7a"), None);
    }

    #[test]
    fn legitimization_codes() {
        let on = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(legitimization_code(&Legitimization::NotRequired), "not_required");
        assert_eq!(
            legitimization_code(&Legitimization::Legitimized {
                vote_id: "vote/1".into(),
                on
            }),
            "legitimized"
        );
    }

    /// The subject of any record parses back to it (a sweep over magnitudes; faro-store has no
    /// proptest dev-dependency).
    #[test]
    fn any_subject_parses_back() {
        let mut id = 1i64;
        while id < i64::MAX / 3 {
            for kind in RecordKind::ALL {
                assert_eq!(parse_subject(&kind.subject(id)), Some((kind, id)));
            }
            id = id * 3 + 1;
        }
    }

    /// An increase lies between the smallest and the largest of the positions' own increases (it
    /// is their mean weighted by the old wages), within rounding: swept over a grid of tables.
    #[test]
    fn the_increase_is_a_mean_of_the_positions() {
        let wages = [1i64, 17, 9_999, 27_890, 100_000, 999_999];
        let pcts = [-5_000i64, -1, 0, 7, 333, 2_000, 19_999];
        for (i, w1) in wages.iter().enumerate() {
            for w2 in &wages[i..] {
                for p1 in pcts {
                    for p2 in pcts {
                        let (n1, n2) = (w1 + w1 * p1 / BP, w2 + w2 * p2 / BP);
                        let a = terms(&[("A", *w1), ("B", *w2)]);
                        let b = terms(&[("A", n1), ("B", n2)]);
                        let got = wage_increase_bp(&a, &b).unwrap();
                        let e1 = (n1 - w1) * BP / w1;
                        let e2 = (n2 - w2) * BP / w2;
                        assert!(e1.min(e2) - 1 <= got && got <= e1.max(e2) + 1, "{got} vs {e1}, {e2}");
                    }
                }
            }
        }
    }
}
