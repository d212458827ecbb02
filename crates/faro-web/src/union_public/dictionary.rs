//! The data dictionary of the registry's open data: every file and every field in the order the
//! file writes it (the CSV headers are taken from here). Descriptions live in the locales
//! (`upub.dataset.<key>`, `upub.field.<name>`, and the shared `data.type.<kind>`), in Spanish and
//! English. The field kinds are those of the inspections' open data.

use crate::public_pages::dictionary::{Dataset, Field, Kind};

const fn f(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        optional: false,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        optional: true,
    }
}

const UNION_FIELDS: &[Field] = &[
    f("union_id", Kind::Integer),
    opt("union_registration", Kind::Text),
    f("union_name", Kind::Text),
    f("union_kind", Kind::Code),
    f("federation", Kind::Text),
    f("state", Kind::Code),
    f("jurisdiction", Kind::Code),
    f("union_status", Kind::Code),
    f("members", Kind::Integer),
    f("leaders", Kind::Integer),
    f("leaders_known_sex", Kind::Integer),
    f("women_leaders", Kind::Integer),
    f("founded_on", Kind::Date),
    f("filed_on", Kind::Date),
    opt("registered_on", Kind::Date),
    opt("last_member_update", Kind::Date),
    opt("last_financial_report", Kind::Date),
    opt("member_update_due", Kind::Date),
    opt("financial_report_due", Kind::Date),
];

const AGREEMENT_FIELDS: &[Field] = &[
    f("agreement_id", Kind::Integer),
    opt("agreement_registration", Kind::Text),
    f("agreement_kind", Kind::Code),
    opt("union_id", Kind::Integer),
    f("union_name", Kind::Text),
    f("union_registration", Kind::Text),
    opt("employer_name", Kind::Text),
    opt("employer_rfc", Kind::Code),
    f("state", Kind::Code),
    f("municipality", Kind::Code),
    f("sector", Kind::Code),
    f("jurisdiction", Kind::Code),
    f("covered_workers", Kind::Integer),
    f("agreement_status", Kind::Code),
    f("legitimization", Kind::Code),
    f("signed_on", Kind::Date),
    f("effective_from", Kind::Date),
    f("deposited_on", Kind::Date),
    opt("registered_on", Kind::Date),
    opt("termination", Kind::Code),
    f("revisions", Kind::Integer),
    opt("last_revision_on", Kind::Date),
    opt("wage_increase_bp", Kind::Integer),
    f("below_law", Kind::Integer),
    opt("certificate_number", Kind::Text),
    opt("approval_vote_id", Kind::Integer),
    opt("public_version_on", Kind::Date),
];

const REVISION_FIELDS: &[Field] = &[
    f("agreement_id", Kind::Integer),
    opt("agreement_registration", Kind::Text),
    f("revision_number", Kind::Integer),
    f("revision_kind", Kind::Code),
    f("agreed_on", Kind::Date),
    f("effective_from", Kind::Date),
    f("deposited_on", Kind::Date),
    opt("vote_id", Kind::Integer),
    opt("wage_increase_bp", Kind::Integer),
];

const VOTE_FIELDS: &[Field] = &[
    f("vote_id", Kind::Integer),
    f("purpose", Kind::Code),
    f("subject", Kind::Code),
    opt("agreement_id", Kind::Integer),
    opt("union_id", Kind::Integer),
    f("state", Kind::Code),
    f("jurisdiction", Kind::Code),
    f("vote_status", Kind::Code),
    f("called_on", Kind::Date),
    f("vote_on", Kind::Date),
    opt("held_on", Kind::Date),
    opt("roll", Kind::Integer),
    opt("votes_for", Kind::Integer),
    opt("votes_against", Kind::Integer),
    opt("void", Kind::Integer),
    opt("blank", Kind::Integer),
    opt("ballots", Kind::Integer),
    opt("valid", Kind::Integer),
    opt("turnout_bp", Kind::Integer),
    opt("margin_bp", Kind::Integer),
    opt("outcome", Kind::Code),
    opt("winner", Kind::Text),
    opt("published_on", Kind::Date),
];

const CSV: &str = "text/csv; charset=utf-8";
const JSON: &str = "application/json";

pub const UNIONS_CSV: Dataset = Dataset {
    key: "unions_csv",
    file: "unions.csv",
    media_type: CSV,
    fields: UNION_FIELDS,
};
pub const UNIONS_JSON: Dataset = Dataset {
    key: "unions_json",
    file: "unions.json",
    media_type: JSON,
    fields: UNION_FIELDS,
};
pub const AGREEMENTS_CSV: Dataset = Dataset {
    key: "agreements_csv",
    file: "agreements.csv",
    media_type: CSV,
    fields: AGREEMENT_FIELDS,
};
pub const AGREEMENTS_JSON: Dataset = Dataset {
    key: "agreements_json",
    file: "agreements.json",
    media_type: JSON,
    fields: AGREEMENT_FIELDS,
};
pub const REVISIONS_CSV: Dataset = Dataset {
    key: "revisions_csv",
    file: "revisions.csv",
    media_type: CSV,
    fields: REVISION_FIELDS,
};
pub const VOTES_CSV: Dataset = Dataset {
    key: "votes_csv",
    file: "votes.csv",
    media_type: CSV,
    fields: VOTE_FIELDS,
};

/// Every file, in the order the data page lists them.
pub const DATASETS: [Dataset; 6] = [
    UNIONS_CSV,
    UNIONS_JSON,
    AGREEMENTS_CSV,
    AGREEMENTS_JSON,
    REVISIONS_CSV,
    VOTES_CSV,
];

/// The kinds these files use.
pub const KINDS: [Kind; 4] = [Kind::Integer, Kind::Text, Kind::Code, Kind::Date];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_text_exists_in_both_languages() {
        let i18n = crate::i18n::I18n::embedded().unwrap();
        for d in DATASETS {
            let mut names: Vec<&str> = d.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), d.fields.len(), "{}", d.file);
            assert!(i18n.has(&format!("upub.dataset.{}", d.key)), "{}", d.key);
            for f in d.fields {
                assert!(i18n.has(&format!("upub.field.{}", f.name)), "upub.field.{}", f.name);
                assert!(i18n.has(&format!("data.type.{}", f.kind.code())), "{:?}", f.kind);
            }
        }
    }
}
