//! Numbers as the public pages and files write them.

use faro_core::catalog::Money;

/// "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).rem_euclid(3) == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "$1,234.56" from centavos.
pub fn money(centavos: i64) -> String {
    Money::from_centavos(centavos).to_string()
}

/// "1234.56" (pesos, two decimals, no separators) from centavos: for CSV files.
pub fn pesos_decimal(centavos: i64) -> String {
    let sign = if centavos < 0 { "-" } else { "" };
    let abs = centavos.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `part / whole` as a share from 0 to 1; `None` when `whole` is zero.
pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// "12.5 %"; "—" when there is no whole.
pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(s) => format!("{:.1} %", s * 100.0),
        None => "—".to_string(),
    }
}

/// `total / count` with one decimal ("3.5"); "—" without a count.
pub fn average(total: i64, count: i64) -> String {
    match ratio(total, count) {
        Some(a) => format!("{a:.1}"),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_for_people_and_for_files() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
        assert_eq!(money(123_456), "$1,234.56");
        assert_eq!(pesos_decimal(123_456), "1234.56");
        assert_eq!(pesos_decimal(5), "0.05");
        assert_eq!(pesos_decimal(-150), "-1.50");
        assert_eq!(percent(ratio(1, 8)), "12.5 %");
        assert_eq!(percent(ratio(1, 0)), "—");
        assert_eq!(average(10, 4), "2.5");
        assert_eq!(average(10, 0), "—");
    }
}
