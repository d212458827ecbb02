//! The registrar's forms as commands. Pure: every error is a `DomainError` naming the field, so
//! the page says in the user's language what to fix; the law's own checks (states, terms,
//! grounds, stations) are core's.

use faro_core::union::agreement;
use faro_core::union::registration::{self, RefusalGround};
use faro_core::union::vote::{self, StationResult, Vote};
use faro_core::DomainError;
use faro_store::unions::AnomalyDecision;

use crate::inspection_pages::form::{self, FormData};

/// The most ballots one count of one station may hold.
pub const MAX_COUNT: u32 = 1_000_000;

pub fn notify_defects(f: &FormData) -> registration::Command {
    registration::Command::NotifyDefects {
        observations: f.text("observations").trim().to_string(),
    }
}

pub fn register_union(f: &FormData) -> Result<registration::Command, DomainError> {
    Ok(registration::Command::Register {
        registration_number: form::required("registration_number", f.text("registration_number"))?.to_string(),
    })
}

pub fn refuse_union(f: &FormData) -> Result<registration::Command, DomainError> {
    let ground = form::choice(
        "ground",
        f.text("ground"),
        &[
            RefusalGround::Purpose,
            RefusalGround::Membership,
            RefusalGround::Documents,
        ],
        refusal_ground_code,
    )?;
    Ok(registration::Command::Refuse {
        ground,
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

pub fn refusal_ground_code(g: RefusalGround) -> &'static str {
    match g {
        RefusalGround::Purpose => "purpose",
        RefusalGround::Membership => "membership",
        RefusalGround::Documents => "documents",
    }
}

pub fn certificate(f: &FormData) -> Result<registration::Command, DomainError> {
    Ok(registration::Command::IssueCertificate {
        registration_number: form::required("registration_number", f.text("registration_number"))?.to_string(),
    })
}

pub fn reject_leadership(f: &FormData) -> Result<registration::Command, DomainError> {
    Ok(registration::Command::RejectLeadership {
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

pub fn financial_report(f: &FormData) -> Result<registration::Command, DomainError> {
    Ok(registration::Command::FileFinancialReport {
        assembly_on: form::date("assembly_on", f.text("assembly_on"))?,
        period_from: form::date("period_from", f.text("period_from"))?,
        period_until: form::date("period_until", f.text("period_until"))?,
    })
}

pub fn register_agreement(f: &FormData) -> Result<agreement::Command, DomainError> {
    Ok(agreement::Command::Register {
        registration_number: form::required("registration_number", f.text("registration_number"))?.to_string(),
    })
}

pub fn refuse_agreement(f: &FormData) -> Result<agreement::Command, DomainError> {
    Ok(agreement::Command::Refuse {
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

/// The text of a public version and the names to take out of it (one per line; the
/// signatories, who sign as the parties' representatives, are public and not listed).
pub fn public_version(f: &FormData) -> Result<(String, Vec<String>), DomainError> {
    let text = form::required("text", f.text("text"))?.to_string();
    let names = f
        .text("names")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    Ok((text, names))
}

/// The name of the input of one count: `votes.{station}.{option}`, `void.{station}`,
/// `blank.{station}` (stations by their position in the call).
pub fn count_input(kind: &str, station: usize, option: Option<usize>) -> String {
    match option {
        Some(o) => format!("{kind}.{station}.{o}"),
        None => format!("{kind}.{station}"),
    }
}

fn count(f: &FormData, input: &str, station: &str, what: &str) -> Result<u32, DomainError> {
    let t = f.text(input).trim();
    let refuse = |code: &'static str| {
        DomainError::field("results", code, format!("{input}: '{t}'"))
            .with("input", input.to_string())
            .with("station", station.to_string())
            .with("option", what.to_string())
            .with("max", MAX_COUNT.to_string())
    };
    if t.is_empty() {
        return Err(refuse("ureg.error.count_required"));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("ureg.error.count_invalid"));
    }
    t.parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_COUNT)
        .ok_or_else(|| refuse("ureg.error.count_invalid"))
}

/// The results record of every station of `v`: the votes per option, the void and the blank
/// ballots, each a whole number. `label` names an option in the refusal ("for" -> "A favor").
pub fn station_results(
    f: &FormData,
    v: &Vote,
    label: impl Fn(&str) -> String,
    void: &str,
    blank: &str,
) -> Result<vote::Command, DomainError> {
    let mut results = Vec::with_capacity(v.stations.len());
    for (i, s) in v.stations.iter().enumerate() {
        let votes = v
            .options
            .iter()
            .enumerate()
            .map(|(o, name)| count(f, &count_input("votes", i, Some(o)), &s.id, &label(name)))
            .collect::<Result<Vec<u32>, DomainError>>()?;
        results.push(StationResult {
            station: s.id.clone(),
            votes,
            void: count(f, &count_input("void", i, None), &s.id, void)?,
            blank: count(f, &count_input("blank", i, None), &s.id, blank)?,
        });
    }
    Ok(vote::Command::RecordResults { results })
}

pub fn annul(f: &FormData) -> Result<vote::Command, DomainError> {
    Ok(vote::Command::Annul {
        reason: form::required("reason", f.text("reason"))?.to_string(),
    })
}

/// A flag's review: the decision ("dismissed" or "confirmed") and its note.
pub fn review(f: &FormData) -> Result<(AnomalyDecision, String), DomainError> {
    let decision = form::choice(
        "decision",
        f.text("decision"),
        &[AnomalyDecision::Dismissed, AnomalyDecision::Confirmed],
        AnomalyDecision::code,
    )?;
    Ok((decision, f.text("note").trim().to_string()))
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use faro_core::union::vote::{Purpose, Station, Status};

    use super::*;

    fn vote_of(stations: &[&str], options: &[&str]) -> Vote {
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
        Vote {
            purpose: Purpose::InitialAgreement,
            subject: "agreement/1".into(),
            organizer: "S".into(),
            options: options.iter().map(|o| o.to_string()).collect(),
            stations: stations
                .iter()
                .map(|s| Station {
                    id: s.to_string(),
                    place: String::new(),
                })
                .collect(),
            status: Status::Held,
            called_at: Utc::now(),
            called_on: d,
            vote_on: d,
            registrar_notified_on: None,
            request_filed_on: None,
            roll: vec![],
            roll_published_on: None,
            roll_anomalies: vec![],
            roll_challenges: vec![],
            observers: vec![],
            held_on: Some(d),
            records_keep_until: None,
            results: vec![],
            tally: None,
            outcome: None,
            results_recorded_on: None,
            result_anomalies: vec![],
            posting_due: None,
            result_notice_due: None,
            published_on: None,
            publication_late: false,
            challenge_until: None,
            challenges: vec![],
            effect: None,
            ended_at: None,
            end_reason: String::new(),
        }
    }

    #[test]
    fn the_counts_of_every_station_become_its_results_record() {
        let v = vote_of(&["C1", "C2"], &["for", "against"]);
        let f = FormData::from_pairs(&[
            ("votes.0.0", "30"),
            ("votes.0.1", " 6 "),
            ("void.0", "1"),
            ("blank.0", "0"),
            ("votes.1.0", "12"),
            ("votes.1.1", "3"),
            ("void.1", "0"),
            ("blank.1", "2"),
        ]);
        let got = station_results(&f, &v, str::to_string, "void", "blank").unwrap();
        let vote::Command::RecordResults { results } = got else {
            panic!("not a results record: {got:?}");
        };
        assert_eq!(results.len(), 2);
        assert_eq!(results[0].station, "C1");
        assert_eq!(results[0].votes, vec![30, 6]);
        assert_eq!((results[0].void, results[0].blank), (1, 0));
        assert_eq!(results[1].station, "C2");
        assert_eq!(results[1].votes, vec![12, 3]);
        assert_eq!((results[1].void, results[1].blank), (0, 2));
    }

    #[test]
    fn a_count_that_is_not_a_whole_number_names_its_station_and_option() {
        let v = vote_of(&["C1", "C2"], &["for", "against"]);
        for bad in ["-3", "abc", "1.5", "", "1000001"] {
            let f = FormData::from_pairs(&[
                ("votes.0.0", "1"),
                ("votes.0.1", "1"),
                ("void.0", "0"),
                ("blank.0", "0"),
                ("votes.1.0", bad),
                ("votes.1.1", "1"),
                ("void.1", "0"),
                ("blank.1", "0"),
            ]);
            let e = station_results(&f, &v, |o| format!("<{o}>"), "void", "blank").unwrap_err();
            assert!(e.code.starts_with("ureg.error.count_"), "{bad}: {}", e.code);
            let p = |k: &str| e.params.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone());
            assert_eq!(p("station").as_deref(), Some("C2"), "{bad}");
            assert_eq!(p("option").as_deref(), Some("<for>"), "{bad}");
            assert_eq!(p("input").as_deref(), Some("votes.1.0"), "{bad}");
        }
    }

    #[test]
    fn refusal_grounds_and_reviews_are_read_from_their_codes() {
        let f = FormData::from_pairs(&[("ground", "membership"), ("reason", "19 miembros")]);
        assert!(matches!(
            refuse_union(&f),
            Ok(registration::Command::Refuse {
                ground: RefusalGround::Membership,
                ..
            })
        ));
        let f = FormData::from_pairs(&[("ground", "whim"), ("reason", "x")]);
        assert_eq!(refuse_union(&f).unwrap_err().code, "insp.error.choice_invalid");
        let f = FormData::from_pairs(&[("decision", "confirmed"), ("note", " revisado ")]);
        assert_eq!(
            review(&f).unwrap(),
            (AnomalyDecision::Confirmed, "revisado".to_string())
        );
        assert_eq!(review(&FormData::default()).unwrap_err().code, "field.required");
    }

    #[test]
    fn a_public_version_keeps_the_text_and_lists_one_name_a_line() {
        let f = FormData::from_pairs(&[("text", "Contrato"), ("names", "Ana Ruiz\n\n  Juan Gil \n")]);
        let (text, names) = public_version(&f).unwrap();
        assert_eq!(text, "Contrato");
        assert_eq!(names, vec!["Ana Ruiz".to_string(), "Juan Gil".to_string()]);
    }
}
