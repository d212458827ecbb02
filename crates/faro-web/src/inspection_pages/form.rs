//! Reading a form body after authorization: url-encoded pairs (keys may repeat, which is how a
//! form sends table rows), and typed fields whose errors are `DomainError`s naming the field, so
//! the page can say in the user's language what to fix.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use faro_core::catalog::Money;
use faro_core::DomainError;

/// The fields of a submitted form, in the order they came.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormData {
    pairs: Vec<(String, String)>,
}

impl FormData {
    /// Decodes an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Result<FormData, DomainError> {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .map(|pairs| FormData { pairs })
            .map_err(|e| DomainError::new("insp.error.form_invalid", format!("the form cannot be read: {e}")))
    }

    pub fn from_pairs(pairs: &[(&str, &str)]) -> FormData {
        FormData {
            pairs: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    /// The first value of `name`, or "" when absent.
    pub fn text(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of `name`, in order (the cells of one column of a table).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// Pairs whose name starts with `prefix`, the prefix removed ("input.age" -> "age").
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.pairs
            .iter()
            .filter_map(move |(k, v)| k.strip_prefix(prefix).map(|n| (n, v.as_str())))
    }

    /// The pairs as they came (to keep what the user typed when a page is shown again).
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

/// A trimmed, non-empty text.
pub fn required<'a>(field: &'static str, value: &'a str) -> Result<&'a str, DomainError> {
    let t = value.trim();
    if t.is_empty() {
        return Err(DomainError::field(
            field,
            "field.required",
            format!("{field} is required"),
        ));
    }
    Ok(t)
}

/// A whole number from 0 to `max`.
pub fn whole(field: &'static str, value: &str, max: u32) -> Result<u32, DomainError> {
    let t = required(field, value)?;
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DomainError::field(
            field,
            "field.invalid_number",
            format!("{field} is not a whole number"),
        ));
    }
    match t.parse::<u32>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(DomainError::field(
            field,
            "insp.error.number_too_large",
            format!("{field} is more than {max}"),
        )
        .with("max", max.to_string())),
    }
}

/// A record id (a positive whole number).
pub fn id(field: &'static str, value: &str) -> Result<i64, DomainError> {
    let t = required(field, value)?;
    t.parse::<i64>()
        .ok()
        .filter(|v| *v > 0 && t.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| DomainError::field(field, "field.invalid_number", format!("{field} is not an id")))
}

/// A date as a date input sends it ("2026-03-02").
pub fn date(field: &'static str, value: &str) -> Result<NaiveDate, DomainError> {
    let t = required(field, value)?;
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        DomainError::field(
            field,
            "insp.error.date_invalid",
            format!("{field}: '{t}' is not a date"),
        )
    })
}

/// A moment as a `datetime-local` input sends it ("2026-03-02T16:00", seconds optional), read
/// as UTC (the pages show every time in UTC).
pub fn moment(field: &'static str, value: &str) -> Result<DateTime<Utc>, DomainError> {
    let t = required(field, value)?;
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
        .map(|n| n.and_utc())
        .ok_or_else(|| {
            DomainError::field(
                field,
                "insp.error.moment_invalid",
                format!("{field}: '{t}' is not a date and time"),
            )
        })
}

/// An amount of pesos ("1234.56", "$1,234.56"); at most two decimals.
pub fn money(field: &'static str, value: &str) -> Result<Money, DomainError> {
    let t = required(field, value)?;
    t.parse::<Money>().map_err(|_| {
        DomainError::field(
            field,
            "insp.error.money_invalid",
            format!("{field}: '{t}' is not an amount"),
        )
    })
}

/// One of a fixed list of codes.
pub fn choice<T: Copy>(
    field: &'static str,
    value: &str,
    options: &[T],
    code: impl Fn(T) -> &'static str,
) -> Result<T, DomainError> {
    let t = value.trim();
    options.iter().copied().find(|o| code(*o) == t).ok_or_else(|| {
        if t.is_empty() {
            DomainError::field(field, "field.required", format!("{field} is required"))
        } else {
            DomainError::field(
                field,
                "insp.error.choice_invalid",
                format!("{field}: '{t}' is not an option"),
            )
            .with("value", t)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn repeated_keys_keep_their_order() {
        let f = FormData::parse(b"name=Ana&name=Luis&role=inspector&name=").unwrap();
        assert_eq!(f.all("name"), vec!["Ana", "Luis", ""]);
        assert_eq!(f.text("role"), "inspector");
        assert_eq!(f.text("missing"), "");
        assert!(f.has("role") && !f.has("missing"));
    }

    #[test]
    fn prefixed_fields() {
        let f = FormData::parse(b"input.age=12&input.zone=general&note=x").unwrap();
        let v: Vec<_> = f.with_prefix("input.").collect();
        assert_eq!(v, vec![("age", "12"), ("zone", "general")]);
    }

    #[test]
    fn typed_fields_name_the_field() {
        let e = whole("days", "abc", 90).unwrap_err();
        assert_eq!(e.code, "field.invalid_number");
        assert!(e.params.contains(&("field", "days".to_string())));
        assert_eq!(whole("days", "91", 90).unwrap_err().code, "insp.error.number_too_large");
        assert_eq!(whole("days", " 30 ", 90).unwrap(), 30);
        assert_eq!(required("folio", "  ").unwrap_err().code, "field.required");
        assert_eq!(
            date("paid_on", "2026-02-30").unwrap_err().code,
            "insp.error.date_invalid"
        );
        assert_eq!(date("paid_on", "2026-02-28").unwrap().to_string(), "2026-02-28");
        assert_eq!(
            moment("visit_at", "2026-03-02T16:00").unwrap().to_rfc3339(),
            "2026-03-02T16:00:00+00:00"
        );
        assert_eq!(
            moment("visit_at", "mañana").unwrap_err().code,
            "insp.error.moment_invalid"
        );
        assert_eq!(money("amount", "$1,234.5").unwrap(), Money::from_centavos(123_450));
        assert_eq!(money("amount", "12.345").unwrap_err().code, "insp.error.money_invalid");
        assert_eq!(id("workplace", "-3").unwrap_err().code, "field.invalid_number");
        assert_eq!(id("workplace", "+3").unwrap_err().code, "field.invalid_number");
        assert_eq!(id("workplace", "42").unwrap(), 42);
    }

    #[test]
    fn choices() {
        let code = |b: bool| if b { "yes" } else { "no" };
        assert!(choice("x", "yes", &[true, false], code).unwrap());
        assert_eq!(
            choice("x", "", &[true, false], code).unwrap_err().code,
            "field.required"
        );
        assert_eq!(
            choice("x", "maybe", &[true, false], code).unwrap_err().code,
            "insp.error.choice_invalid"
        );
    }

    proptest! {
        /// Whatever arrives, reading it never panics, and a form we encode reads back the same.
        #[test]
        fn any_body_is_read_or_refused(body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = FormData::parse(&body);
        }

        #[test]
        fn encoded_pairs_read_back(pairs in proptest::collection::vec(("[a-z_.]{1,12}", "\\PC{0,20}"), 0..8)) {
            let encoded = serde_urlencoded::to_string(&pairs).unwrap();
            let f = FormData::parse(encoded.as_bytes()).unwrap();
            prop_assert_eq!(f.pairs(), pairs.as_slice());
        }

        #[test]
        fn whole_numbers_never_panic(s in "\\PC{0,12}") {
            if let Ok(n) = whole("n", &s, 1000) {
                prop_assert!(n <= 1000);
            }
        }
    }
}
