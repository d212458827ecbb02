//! The store's public feed mapped onto the search index's documents: codes become the names the
//! public reads and searches (states, municipalities, SCIAN sectors from the catalogs), so that
//! "Jalisco" or "Zapopan" in the search box matches and the facets show names.

use faro_core::catalog::Catalogs;
use faro_core::StateCode;
use faro_search::{AgreementDoc, Document, UnionDoc};
use faro_store::unions::{AgreementChange, RegistryChanges, UnionChange};

/// The state's name for its two-digit code, or the code when the catalog has no such state.
pub fn state_name(catalogs: &Catalogs, code: &str) -> String {
    code.parse::<StateCode>()
        .ok()
        .and_then(|s| catalogs.state(s))
        .map_or_else(|| code.trim().to_string(), |s| s.name.clone())
}

/// The municipality's name for its INEGI key ("14039"); '' when unknown.
pub fn municipality_name(catalogs: &Catalogs, key: &str) -> String {
    catalogs.municipality(key).map(|m| m.name.clone()).unwrap_or_default()
}

/// The catalog's sector code ("31-33") for a two-digit code ("32"), or the code as given.
pub fn sector_code(catalogs: &Catalogs, two_digits: &str) -> String {
    let two = two_digits.trim();
    if two.is_empty() {
        return String::new();
    }
    catalogs
        .scian_sector(two)
        .map_or_else(|| two.to_string(), |s| s.code.clone())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn people(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// A union's document. Its date is the registration's, or the filing's before it.
pub fn union_doc(catalogs: &Catalogs, u: &UnionChange) -> UnionDoc {
    UnionDoc {
        id: u.id.to_string(),
        registration_number: u.registration_number.clone().unwrap_or_default(),
        name: u.name.clone(),
        federation: non_empty(&u.federation),
        state: state_name(catalogs, &u.state),
        municipality: String::new(),
        sector: String::new(),
        status: u.status.clone(),
        registered_on: u.registered_on.unwrap_or(u.filed_on),
        members: people(u.members),
    }
}

/// An agreement's document; an individual employer (no name in the feed) is indexed nameless.
pub fn agreement_doc(catalogs: &Catalogs, a: &AgreementChange) -> AgreementDoc {
    AgreementDoc {
        id: a.id.to_string(),
        number: a.registration_number.clone().unwrap_or_default(),
        union_id: a.union_id.map(|id| id.to_string()).unwrap_or_default(),
        union_name: a.union_name.clone(),
        federation: non_empty(&a.federation),
        employer_name: a.employer_name.clone().unwrap_or_default(),
        employer_rfc: a.employer_rfc.as_deref().and_then(non_empty),
        state: state_name(catalogs, &a.state),
        municipality: municipality_name(catalogs, &a.municipality),
        sector: sector_code(catalogs, &a.sector),
        status: a.status.clone(),
        deposited_on: a.deposited_on,
        covered_workers: people(a.covered_workers),
        text: a.public_text.clone().unwrap_or_default(),
    }
}

/// Every record of a page of the feed as a document.
pub fn documents(catalogs: &Catalogs, changes: &RegistryChanges) -> Vec<Document> {
    changes
        .unions
        .iter()
        .map(|u| Document::Union(union_doc(catalogs, u)))
        .chain(
            changes
                .agreements
                .iter()
                .map(|a| Document::Agreement(agreement_doc(catalogs, a))),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn catalogs() -> Catalogs {
        Catalogs::embedded().unwrap()
    }

    fn agreement() -> AgreementChange {
        AgreementChange {
            id: 7,
            registration_number: None,
            union_id: Some(3),
            union_name: "Sindicato".into(),
            union_registration: "10/2".into(),
            federation: String::new(),
            employer_name: None,
            employer_rfc: None,
            state: "14".into(),
            municipality: "14039".into(),
            sector: "32".into(),
            status: "deposited".into(),
            legitimization: "pending".into(),
            deposited_on: NaiveDate::from_ymd_opt(2024, 5, 2).unwrap(),
            registered_on: None,
            covered_workers: 40,
            public_text: None,
            updated_seq: 9,
        }
    }

    #[test]
    fn codes_become_the_catalogs_names() {
        let c = catalogs();
        let d = agreement_doc(&c, &agreement());
        assert_eq!(d.state, "Jalisco");
        assert_eq!(d.municipality, "Guadalajara");
        assert_eq!(d.sector, "31-33");
        assert_eq!(d.federation, None);
        assert_eq!(d.employer_name, "");
        assert_eq!(d.union_id, "3");
    }

    #[test]
    fn a_union_before_registration_is_dated_by_its_filing() {
        let filed = NaiveDate::from_ymd_opt(2024, 1, 3).unwrap();
        let u = UnionChange {
            id: 1,
            registration_number: None,
            name: "S".into(),
            federation: "CTM".into(),
            state: "99".into(),
            status: "filed".into(),
            members: 20,
            filed_on: filed,
            registered_on: None,
            updated_seq: 1,
        };
        let d = union_doc(&catalogs(), &u);
        assert_eq!(d.registered_on, filed);
        assert_eq!(d.state, "99");
        assert_eq!(d.federation.as_deref(), Some("CTM"));
    }
}
