//! Identifiers: RFC, CURP and NSS, as typed in forms, the CLI (`faro check`) and the API.

use chrono::NaiveDate;
use faro_core::ids::{self, check_at, normalize, Curp, IdKind, Nss, Rfc};

/// Parses the input as each of the three identifiers. On success the value is the normalized
/// input, re-renders to a string that parses to the same value, and the check report agrees.
/// `normalize` is idempotent, and the report of any input renders as text.
pub fn identifiers(data: &[u8]) {
    let input = crate::text(data);
    let input = input.as_ref();
    let normalized = normalize(input);
    assert_eq!(normalize(&normalized), normalized, "normalize is not idempotent");

    let today = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
    if let Ok(checked) = Rfc::parse(input) {
        let rfc = checked.value;
        assert_eq!(rfc.as_str(), normalized);
        let again = rfc.to_string().parse::<Rfc>();
        assert_eq!(again.as_ref().ok(), Some(&rfc), "the RFC {rfc} re-parses as {again:?}");
        let len = rfc.as_str().chars().count();
        assert!(len == 12 || len == 13, "RFC of {len} characters accepted");
        assert_eq!(rfc.is_legal_entity(), len == 12);
        let _ = (
            rfc.letters(),
            rfc.date_digits(),
            rfc.homoclave(),
            rfc.check_digit(),
            rfc.date(today),
        );
    }
    if let Ok(checked) = Curp::parse(input) {
        let curp = checked.value;
        assert_eq!(curp.as_str(), normalized);
        let again = curp.to_string().parse::<Curp>();
        assert_eq!(
            again.as_ref().ok(),
            Some(&curp),
            "the CURP {curp} re-parses as {again:?}"
        );
        assert_eq!(curp.as_str().chars().count(), 18);
        let _ = (
            curp.birth_date(),
            curp.sex(),
            curp.state_name(),
            curp.initials(),
            curp.check_digit(),
        );
    }
    if let Ok(checked) = Nss::parse(input) {
        let nss = checked.value;
        assert_eq!(nss.as_str(), normalized);
        let again = nss.to_string().parse::<Nss>();
        assert_eq!(again.as_ref().ok(), Some(&nss), "the NSS {nss} re-parses as {again:?}");
        assert!(nss.as_str().len() == 11 && nss.as_str().bytes().all(|b| b.is_ascii_digit()));
        let _ = (
            nss.subdelegation(),
            nss.registration_year(),
            nss.birth_year(),
            nss.serial(),
        );
    }
    for kind in [IdKind::Rfc, IdKind::Curp, IdKind::Nss] {
        let report = check_at(kind, input, today);
        assert_eq!(report.valid, report.errors.is_empty());
        assert_eq!(report.valid, report.normalized.is_some());
        let _ = report.to_text();
    }
    // The kind names the CLI and the API accept.
    let _ = input.parse::<IdKind>();
    let _ = ids::rfc::compute_check_digit(input);
    let _ = ids::curp::compute_check_digit(input);
    let _ = ids::nss::compute_check_digit(input);
}
