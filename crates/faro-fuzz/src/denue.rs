//! The DENUE importer (`faro import denue`): encoding detection, the header's columns, each line's
//! fields and the conversion to registry drafts, on arbitrary bytes.

use std::io::Cursor;
use std::sync::OnceLock;

use faro_core::catalog::Catalogs;
use faro_denue::{detect, split_legal_form, to_drafts, Converter, DenueReader, DenueRow, Encoding, Field, ReadOptions};

/// The embedded catalogs, loaded once per process.
pub(crate) fn catalogs() -> &'static Catalogs {
    static CATALOGS: OnceLock<Result<Catalogs, String>> = OnceLock::new();
    let loaded = CATALOGS.get_or_init(|| Catalogs::embedded().map_err(|e| e.to_string()));
    match loaded {
        Ok(c) => c,
        Err(e) => crate::broken(format!("the embedded catalogs do not load: {e}")),
    }
}

/// The first byte chooses the encoding (detected, or forced as UTF-8 or Windows-1252); the rest
/// is the file. Every line is read and converted the way `faro import denue` does, and:
/// - the reader ends (every call consumes input) and never yields a row after a fatal error;
/// - rows read one by one with a reused [`DenueRow`] and by the iterator are the same;
/// - the fast [`Converter`] and the reference [`to_drafts`] give the same result for every row;
/// - an accepted workplace is keyed `denue:<id>` and an accepted row's name is not empty;
/// - the legal form split of `raz_social` returns a part of the name.
pub fn denue(data: &[u8]) {
    let Some((&mode, file)) = data.split_first() else {
        return;
    };
    let encoding = match mode % 3 {
        0 => None,
        1 => Some(Encoding::Utf8),
        _ => Some(Encoding::Windows1252),
    };
    let (detected, bom) = detect(file, true);
    assert!(bom == 0 || bom == 3);
    assert!(bom == 0 || detected == Encoding::Utf8);
    let options = ReadOptions {
        encoding,
        buffer_capacity: 4096,
    };
    let Ok(mut reader) = DenueReader::with_options(Cursor::new(file), options) else {
        return;
    };
    let Ok(iterated) = DenueReader::with_options(Cursor::new(file), options) else {
        crate::broken("the same file opened once and was refused the second time");
    };
    let iterated: Vec<_> = iterated.collect();
    let cat = catalogs();
    let converter = Converter::new(cat);
    let mut row = DenueRow::new();
    let mut seen = 0usize;
    let mut fatal = false;
    while let Some(read) = reader.read_row(&mut row) {
        assert!(!fatal, "a row was read after a fatal error");
        assert!(seen <= file.len(), "more rows than bytes: the reader does not end");
        let same = iterated.get(seen);
        seen += 1;
        match read {
            Err(e) => {
                fatal = e.is_fatal();
                assert_eq!(same.map(|r| r.as_ref().err()), Some(Some(&e)));
            }
            Ok(()) => {
                let other = same.and_then(|r| r.as_ref().ok());
                assert!(
                    other.is_some_and(|o| Field::ALL.iter().all(|&f| o.get(f) == row.get(f))),
                    "read_row and the iterator disagree on line {}",
                    row.line()
                );
                let fast = converter.to_drafts(&row);
                let slow = to_drafts(&row, cat);
                assert_eq!(
                    fast,
                    slow,
                    "the converter and to_drafts disagree on line {}",
                    row.line()
                );
                if let Ok((key, employer, workplace)) = &fast {
                    assert!(!key.is_empty());
                    assert!(workplace.source_key.starts_with("denue:"));
                    assert!(!workplace.name.trim().is_empty());
                    assert!(!employer.name.trim().is_empty());
                }
                let raz_social = row.get(Field::RazSocial);
                let split = split_legal_form(raz_social);
                assert!(
                    raz_social.contains(split.name),
                    "{split:?} is not part of {raz_social:?}"
                );
            }
        }
    }
    assert_eq!(
        seen,
        iterated.len(),
        "read_row and the iterator read different numbers of rows"
    );
}
