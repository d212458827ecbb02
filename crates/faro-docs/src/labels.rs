//! The fixed words of a document in each language, and how dates are written.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::model::{Lang, SignatureStatus};

pub fn folio(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "Folio",
        Lang::En => "Folio",
    }
}

pub fn issued_at(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "Fecha de emisión",
        Lang::En => "Issued",
    }
}

pub fn verification_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "Código de verificación",
        Lang::En => "Verification code",
    }
}

pub fn verify_at(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => "Verifique su autenticidad en",
        Lang::En => "Verify its authenticity at",
    }
}

/// The column headers of a signatures block.
pub fn signature_headers(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Es => ["Nombre", "Cargo o carácter", "Firma"],
        Lang::En => ["Name", "Role", "Signature"],
    }
}

pub fn signature_status(lang: Lang, status: SignatureStatus) -> &'static str {
    match (lang, status) {
        (Lang::Es, SignatureStatus::Signed) => "Firmó",
        (Lang::Es, SignatureStatus::Refused) => "Se negó a firmar",
        (Lang::Es, SignatureStatus::Absent) => "No compareció",
        (Lang::En, SignatureStatus::Signed) => "Signed",
        (Lang::En, SignatureStatus::Refused) => "Refused to sign",
        (Lang::En, SignatureStatus::Absent) => "Did not appear",
    }
}

/// The footer of page `page` of `pages`: "folio · página N de M · código".
pub fn footer(lang: Lang, folio: &str, page: usize, pages: usize, code: &str) -> String {
    match lang {
        Lang::Es => format!("{folio} · página {page} de {pages} · {code}"),
        Lang::En => format!("{folio} · page {page} of {pages} · {code}"),
    }
}

/// The issue date as written in the document, in UTC (the document carries no time zone).
pub fn date(lang: Lang, at: DateTime<Utc>) -> String {
    let month0 = at.month0() as usize;
    match lang {
        Lang::Es => {
            const MONTHS: [&str; 12] = [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ];
            let month = MONTHS.get(month0).copied().unwrap_or_default();
            format!(
                "{} de {} de {}, {:02}:{:02} (UTC)",
                at.day(),
                month,
                at.year(),
                at.hour(),
                at.minute()
            )
        }
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let month = MONTHS.get(month0).copied().unwrap_or_default();
            format!(
                "{} {} {}, {:02}:{:02} UTC",
                at.day(),
                month,
                at.year(),
                at.hour(),
                at.minute()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_in_both_languages() {
        let at = Utc.with_ymd_and_hms(2025, 3, 4, 9, 5, 59).unwrap();
        assert_eq!(date(Lang::Es, at), "4 de marzo de 2025, 09:05 (UTC)");
        assert_eq!(date(Lang::En, at), "4 March 2025, 09:05 UTC");
        let at = Utc.with_ymd_and_hms(2024, 12, 31, 23, 59, 0).unwrap();
        assert_eq!(date(Lang::Es, at), "31 de diciembre de 2024, 23:59 (UTC)");
    }

    #[test]
    fn signature_statuses() {
        assert_eq!(signature_status(Lang::Es, SignatureStatus::Signed), "Firmó");
        assert_eq!(signature_status(Lang::Es, SignatureStatus::Refused), "Se negó a firmar");
        assert_eq!(signature_status(Lang::Es, SignatureStatus::Absent), "No compareció");
        assert_eq!(signature_status(Lang::En, SignatureStatus::Refused), "Refused to sign");
    }

    #[test]
    fn footers() {
        assert_eq!(
            footer(Lang::Es, "F-1", 2, 5, "AAAA-BBBB-CCCC"),
            "F-1 · página 2 de 5 · AAAA-BBBB-CCCC"
        );
        assert_eq!(
            footer(Lang::En, "F-1", 2, 5, "AAAA-BBBB-CCCC"),
            "F-1 · page 2 of 5 · AAAA-BBBB-CCCC"
        );
    }
}
