//! The registry's rules as data: `rules/union/deadlines.toml` and `rules/union/parameters.toml`,
//! in the format of `rules/README.md`, parsed by the loader of [`crate::rules`] (so versions,
//! confidence tags and deployment overrides work the same way). Every number of the registry
//! is one of these rules, looked up on the date of the act; nothing is a constant in code.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{DeadlineRule, ParameterRule, Rules};
use crate::DomainError;

const DEADLINES_TOML: &str = include_str!("../../../../rules/union/deadlines.toml");
const PARAMETERS_TOML: &str = include_str!("../../../../rules/union/parameters.toml");

/// The terms of the registry's procedures, each a rule of `rules/union/deadlines.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// 366: the defect notice within 5 days of the filing.
    DefectNotice,
    /// 366 (none given; 735 as a reference): the union's cure of the defects.
    DefectCure,
    /// 366: the decision within 20 days.
    Resolution,
    /// 366: 3 days after the demand for a decision, the registration is deemed granted.
    DeemedAfterDemand,
    /// 366: the certificate of a deemed registration within 3 days.
    DeemedCertificate,
    /// 377-II: leadership changes reported within 10 days.
    LeadershipReport,
    /// 377-II: statute changes reported within 10 days.
    StatuteReport,
    /// 364 Bis: the leadership update (toma de nota) issued within 10 days.
    LeadershipCertification,
    /// 373: the minutes of the accounts' assembly delivered within 10 days.
    FinancialMinutes,
    /// 371-IX b: the election call posted at least 10 days ahead.
    ElectionCallMin,
    /// 371-IX d: the election roll published at least 3 days ahead.
    ElectionRollMin,
    /// 390: the agreement's registration decided within 30 days.
    AgreementRegistration,
    /// 399: the full revision requested at least 60 calendar days ahead.
    RevisionRequest,
    /// 399 Bis: the wage revision requested at least 30 calendar days ahead.
    WageRevisionRequest,
    /// 390 Bis-I: the certificate request's defects flagged within 3 days.
    RepresentativenessDefectNotice,
    /// 390 Bis-I: and cured within 3 days.
    RepresentativenessDefectCure,
    /// 390 Bis-II: the notice published within 3 days of the request.
    RepresentativenessNotice,
    /// 390 Bis-II: other unions join within 10 days of the notice.
    JoiningWindow,
    /// 390 Bis-III a: the roll within 10 days of the second request.
    RepresentativenessRoll,
    /// 390 Bis-III b, 390 Ter-I: the call at least 10 days before the vote...
    CallMin,
    /// ...and at most 15.
    CallMax,
    /// 390 Ter-I: the union tells the CFCRL at least 10 days ahead.
    RegistrarNoticeMin,
    /// 390 Ter-II e: the result posted within 2 days.
    ResultPosting,
    /// 390 Ter-II f: the result reported within 3 working days.
    ResultNotice,
    /// Faro's default: challenges received within 10 working days of the vote.
    Challenge,
}

impl Term {
    pub const ALL: [Term; 25] = [
        Term::DefectNotice,
        Term::DefectCure,
        Term::Resolution,
        Term::DeemedAfterDemand,
        Term::DeemedCertificate,
        Term::LeadershipReport,
        Term::StatuteReport,
        Term::LeadershipCertification,
        Term::FinancialMinutes,
        Term::ElectionCallMin,
        Term::ElectionRollMin,
        Term::AgreementRegistration,
        Term::RevisionRequest,
        Term::WageRevisionRequest,
        Term::RepresentativenessDefectNotice,
        Term::RepresentativenessDefectCure,
        Term::RepresentativenessNotice,
        Term::JoiningWindow,
        Term::RepresentativenessRoll,
        Term::CallMin,
        Term::CallMax,
        Term::RegistrarNoticeMin,
        Term::ResultPosting,
        Term::ResultNotice,
        Term::Challenge,
    ];

    /// The id of its rule in `rules/union/deadlines.toml`.
    pub fn rule_id(self) -> &'static str {
        match self {
            Term::DefectNotice => "union.defect_notice",
            Term::DefectCure => "union.defect_cure",
            Term::Resolution => "union.resolution",
            Term::DeemedAfterDemand => "union.deemed_after_demand",
            Term::DeemedCertificate => "union.deemed_certificate",
            Term::LeadershipReport => "union.leadership_report",
            Term::StatuteReport => "union.statute_report",
            Term::LeadershipCertification => "union.leadership_certification",
            Term::FinancialMinutes => "union.financial_minutes",
            Term::ElectionCallMin => "union.election_call_min",
            Term::ElectionRollMin => "union.election_roll_min",
            Term::AgreementRegistration => "agreement.registration",
            Term::RevisionRequest => "agreement.revision_request",
            Term::WageRevisionRequest => "agreement.wage_revision_request",
            Term::RepresentativenessDefectNotice => "representativeness.defect_notice",
            Term::RepresentativenessDefectCure => "representativeness.defect_cure",
            Term::RepresentativenessNotice => "representativeness.notice",
            Term::JoiningWindow => "representativeness.joining_window",
            Term::RepresentativenessRoll => "representativeness.roll",
            Term::CallMin => "vote.call_min",
            Term::CallMax => "vote.call_max",
            Term::RegistrarNoticeMin => "vote.registrar_notice_min",
            Term::ResultPosting => "vote.result_posting",
            Term::ResultNotice => "vote.result_notice",
            Term::Challenge => "vote.challenge",
        }
    }
}

/// The parameters of `rules/union/parameters.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Param {
    /// 364: 20 workers.
    MinWorkers,
    /// 364: 3 employers.
    MinEmployers,
    /// 362: members over 15.
    MemberMinAge,
    /// 377-III: member updates every 3 months.
    MemberUpdateMonths,
    /// 373: accounts every 6 months.
    FinancialReportMonths,
    /// 366 (not stated): whether the 20 days run again from the cure ("cure" | "filing").
    ReviewRestartsOnCure,
    /// 390 Bis-I: 30 % support.
    SupportMinPercent,
    /// 390 Bis-III: 30 % turnout when several unions contend.
    TurnoutMinPercent,
    /// 387: the certificate is valid 6 months.
    ValidityMonths,
    /// 390 Bis-III a: workers dismissed in the 3 months around the request are on the roll.
    RollDismissedMonths,
    /// 390 Bis-III c: 2 representatives per party per station.
    RepresentativesPerStation,
    /// 390 Ter-II g: records kept 5 years.
    RecordsRetentionYears,
    /// 390 Ter (unconfirmed): the base of an approval's majority.
    ApprovalMajorityBase,
    /// (unconfirmed) an approval's turnout floor, per cent of the roll; 0 = none.
    ApprovalTurnoutMinPercent,
    /// Transitory 11th (unconfirmed): the base of a legitimization's majority.
    LegitimizationMajorityBase,
    /// (unconfirmed) a legitimization's turnout floor; 0 = none.
    LegitimizationTurnoutMinPercent,
    /// 399, 400 Bis: full revision every 2 years.
    RevisionYears,
    /// 399 Bis: wage revision every year.
    WageRevisionYears,
    /// Transitory 11th: agreements deposited before this day are legacy ones.
    LegacyCutoff,
    /// Transitory 11th: the last day to legitimize.
    LegitimizationDeadline,
    /// Faro's default: the identical-counts check ignores stations below this many ballots.
    IdenticalCountsMinBallots,
    /// Faro's default: unanimity is flagged from this roll size.
    UnanimityMinRoll,
    /// Faro's default: the share that counts as unanimity.
    UnanimityPercent,
}

impl Param {
    pub const ALL: [Param; 23] = [
        Param::MinWorkers,
        Param::MinEmployers,
        Param::MemberMinAge,
        Param::MemberUpdateMonths,
        Param::FinancialReportMonths,
        Param::ReviewRestartsOnCure,
        Param::SupportMinPercent,
        Param::TurnoutMinPercent,
        Param::ValidityMonths,
        Param::RollDismissedMonths,
        Param::RepresentativesPerStation,
        Param::RecordsRetentionYears,
        Param::ApprovalMajorityBase,
        Param::ApprovalTurnoutMinPercent,
        Param::LegitimizationMajorityBase,
        Param::LegitimizationTurnoutMinPercent,
        Param::RevisionYears,
        Param::WageRevisionYears,
        Param::LegacyCutoff,
        Param::LegitimizationDeadline,
        Param::IdenticalCountsMinBallots,
        Param::UnanimityMinRoll,
        Param::UnanimityPercent,
    ];

    /// The id of its rule in `rules/union/parameters.toml`.
    pub fn rule_id(self) -> &'static str {
        match self {
            Param::MinWorkers => "union.min_workers",
            Param::MinEmployers => "union.min_employers",
            Param::MemberMinAge => "union.member_min_age",
            Param::MemberUpdateMonths => "union.member_update_months",
            Param::FinancialReportMonths => "union.financial_report_months",
            Param::ReviewRestartsOnCure => "union.review_restarts_on_cure",
            Param::SupportMinPercent => "representativeness.support_min_percent",
            Param::TurnoutMinPercent => "representativeness.turnout_min_percent",
            Param::ValidityMonths => "representativeness.validity_months",
            Param::RollDismissedMonths => "representativeness.roll_dismissed_months",
            Param::RepresentativesPerStation => "vote.representatives_per_station",
            Param::RecordsRetentionYears => "vote.records_retention_years",
            Param::ApprovalMajorityBase => "vote.approval_majority_base",
            Param::ApprovalTurnoutMinPercent => "vote.approval_turnout_min_percent",
            Param::LegitimizationMajorityBase => "vote.legitimization_majority_base",
            Param::LegitimizationTurnoutMinPercent => "vote.legitimization_turnout_min_percent",
            Param::RevisionYears => "agreement.revision_years",
            Param::WageRevisionYears => "agreement.wage_revision_years",
            Param::LegacyCutoff => "agreement.legacy_cutoff",
            Param::LegitimizationDeadline => "agreement.legitimization_deadline",
            Param::IdenticalCountsMinBallots => "anomaly.identical_counts_min_ballots",
            Param::UnanimityMinRoll => "anomaly.unanimity_min_roll",
            Param::UnanimityPercent => "anomaly.unanimity_percent",
        }
    }
}

/// What a majority is counted against, where the law's "mayoría de los trabajadores" is not
/// settled (parameters `vote.*_majority_base`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MajorityBase {
    /// More than half of the workers on the roll (the literal reading of 390 Ter).
    Roll,
    /// More than half of every ballot in the boxes, void and blank included.
    BallotsCast,
    /// More votes for than against; void and blank ballots do not count.
    ValidVotes,
}

impl MajorityBase {
    pub const ALL: [MajorityBase; 3] = [MajorityBase::Roll, MajorityBase::BallotsCast, MajorityBase::ValidVotes];
    /// The value written in the parameters file.
    pub fn code(self) -> &'static str {
        match self {
            MajorityBase::Roll => "roll",
            MajorityBase::BallotsCast => "ballots_cast",
            MajorityBase::ValidVotes => "valid_votes",
        }
    }
    pub fn parse(s: &str) -> Option<MajorityBase> {
        MajorityBase::ALL.into_iter().find(|b| b.code() == s.trim())
    }
}

/// The registry's rules: a [`Rules`] holding only deadlines and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionRules {
    rules: Rules,
}

fn invalid(id: &str, detail: impl Into<String>) -> DomainError {
    DomainError::new("rules.invalid", format!("union rule '{id}': {}", detail.into())).with("id", id.to_string())
}

impl UnionRules {
    /// The rules shipped in `rules/union/`, parsed once. Fails only if those files are
    /// malformed, which the tests rule out.
    pub fn official() -> Result<&'static UnionRules, DomainError> {
        static OFFICIAL: OnceLock<Result<UnionRules, DomainError>> = OnceLock::new();
        OFFICIAL
            .get_or_init(|| UnionRules::from_toml(DEADLINES_TOML, PARAMETERS_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and checks the two files (format: `rules/README.md`). Errors are `rules.invalid`.
    pub fn from_toml(deadlines: &str, parameters: &str) -> Result<UnionRules, DomainError> {
        Ok(UnionRules {
            rules: Rules::from_toml(deadlines, "", parameters)?,
        })
    }

    /// A copy with a deployment's overrides of the configurable rules (the format of
    /// [`Rules::with_overrides`], with the ids of these files). A text meant for the general
    /// rules fails here with `rules.unknown`: keep the two override files apart.
    pub fn with_overrides(&self, toml: &str) -> Result<UnionRules, DomainError> {
        Ok(UnionRules {
            rules: self.rules.with_overrides(toml)?,
        })
    }

    /// Every rule, for listings (`faro rules list`).
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The version of `term` in force on `on`.
    pub fn deadline(&self, term: Term, on: NaiveDate) -> Result<&DeadlineRule, DomainError> {
        self.rules.deadline(term.rule_id(), on)
    }

    /// The version of `param` in force on `on`.
    pub fn parameter(&self, param: Param, on: NaiveDate) -> Result<&ParameterRule, DomainError> {
        self.rules.parameter(param.rule_id(), on)
    }

    /// A count or percentage: a whole number from 0 to `u32::MAX`.
    pub fn count(&self, param: Param, on: NaiveDate) -> Result<u32, DomainError> {
        let id = param.rule_id();
        let v = self.rules.parameter_int(id, on)?;
        u32::try_from(v).map_err(|_| invalid(id, format!("{v} is not a count (0 or more)")))
    }

    /// A percentage: 0 to 100.
    pub fn percent(&self, param: Param, on: NaiveDate) -> Result<u32, DomainError> {
        let v = self.count(param, on)?;
        if v > 100 {
            return Err(invalid(param.rule_id(), format!("{v} is not a percentage (0-100)")));
        }
        Ok(v)
    }

    /// A majority base parameter.
    pub fn majority_base(&self, param: Param, on: NaiveDate) -> Result<MajorityBase, DomainError> {
        let id = param.rule_id();
        let v = self.rules.parameter_str(id, on)?;
        MajorityBase::parse(v)
            .ok_or_else(|| invalid(id, format!("'{v}' is not one of roll, ballots_cast, valid_votes")))
    }

    /// A date parameter ("YYYY-MM-DD").
    pub fn date(&self, param: Param, on: NaiveDate) -> Result<NaiveDate, DomainError> {
        let id = param.rule_id();
        let v = self.rules.parameter_str(id, on)?;
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| invalid(id, format!("'{v}' is not a date")))
    }

    /// Whether the 20 days of 366 run again from the cure of the defects.
    pub fn review_restarts_on_cure(&self, on: NaiveDate) -> Result<bool, DomainError> {
        let id = Param::ReviewRestartsOnCure.rule_id();
        match self.rules.parameter_str(id, on)?.trim() {
            "cure" => Ok(true),
            "filing" => Ok(false),
            other => Err(invalid(id, format!("'{other}' is not 'cure' or 'filing'"))),
        }
    }
}

/// `num / den` of `total`, rounded up: the smallest whole count that reaches the share
/// (30 % of 101 workers is 31 workers, since 30 are only 29.7 %).
pub fn share_ceil(total: u32, percent: u32) -> u32 {
    let v = (u64::from(total) * u64::from(percent)).div_ceil(100);
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Whether `part` reaches `percent` of `total` (`part * 100 >= total * percent`).
pub fn reaches(part: u32, total: u32, percent: u32) -> bool {
    u64::from(part) * 100 >= u64::from(total) * u64::from(percent)
}
