//! CSV as RFC 4180 writes it: comma-separated, CRLF line ends, fields quoted when they hold a
//! comma, a quote or a line break. Free text that a spreadsheet would run as a formula (it
//! begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with an apostrophe.

/// A field of free text (names): quoted as needed, formulas neutralized.
pub fn text(s: &str) -> String {
    let neutral = match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    };
    quoted(&neutral)
}

/// A field Faro itself wrote (numbers, dates, codes): quoted only if it must be.
pub fn plain(s: &str) -> String {
    quoted(s)
}

fn quoted(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Appends one record (fields already written by [`text`] or [`plain`]) and its line end.
pub fn record(fields: &[String], out: &mut Vec<u8>) {
    out.extend_from_slice(fields.join(",").as_bytes());
    out.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_neutralizes() {
        assert_eq!(text("Panadería El Sol"), "Panadería El Sol");
        assert_eq!(text("Sol, S.A."), "\"Sol, S.A.\"");
        assert_eq!(text("El \"Sol\""), "\"El \"\"Sol\"\"\"");
        assert_eq!(text("a\nb"), "\"a\nb\"");
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("+52"), "'+52");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(plain("-1.50"), "-1.50");
        let mut out = Vec::new();
        record(&["1".into(), text("a,b"), plain("")], &mut out);
        assert_eq!(out, b"1,\"a,b\",\r\n");
    }
}
