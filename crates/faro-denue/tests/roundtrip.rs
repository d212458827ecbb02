//! Synthetic files through the reader and the conversion: counts, encodings, error lines.

// Test helpers outside `#[test]` functions may unwrap too.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::OnceLock;

use faro_core::catalog::Catalogs;
use faro_denue::synth::{write_synthetic, write_synthetic_with, BadKind, SynthOptions};
use faro_denue::{codes, to_drafts, Converter, DenueReader, Encoding, Field, RowError};
use proptest::prelude::*;

fn cat() -> &'static Catalogs {
    static CAT: OnceLock<Catalogs> = OnceLock::new();
    CAT.get_or_init(|| Catalogs::embedded().unwrap())
}

fn synth(options: &SynthOptions) -> (Vec<u8>, faro_denue::synth::SynthSummary) {
    let mut buf = Vec::new();
    let summary = write_synthetic_with(&mut buf, options, cat()).unwrap();
    (buf, summary)
}

/// Reads and converts a whole file with the fast converter, checking each row against the
/// reference conversion: the number of converted rows and every error.
fn import(data: &[u8]) -> (usize, Vec<RowError>) {
    let converter = Converter::new(cat());
    let mut ok = 0;
    let mut errors = Vec::new();
    for row in DenueReader::new(data).unwrap() {
        let result = row.and_then(|r| {
            let fast = converter.to_drafts(&r);
            assert_eq!(fast, to_drafts(&r, cat()), "line {}", r.line());
            fast
        });
        match result {
            Ok(_) => ok += 1,
            Err(e) => errors.push(e),
        }
    }
    (ok, errors)
}

#[test]
fn clean_synthetic_file_converts_every_row() {
    for encoding in [Encoding::Windows1252, Encoding::Utf8] {
        let mut buf = Vec::new();
        write_synthetic(&mut buf, 3000, 42, encoding, cat()).unwrap();
        let reader = DenueReader::new(buf.as_slice()).unwrap();
        assert_eq!(reader.encoding(), encoding);
        let (ok, errors) = import(&buf);
        assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
        assert_eq!(ok, 3000);
    }
}

#[test]
fn latin1_and_utf8_files_give_identical_rows_and_drafts() {
    let options = SynthOptions {
        rows: 2000,
        seed: 7,
        multiline_fraction: 0.01,
        ..SynthOptions::default()
    };
    let (latin1, _) = synth(&SynthOptions {
        encoding: Encoding::Windows1252,
        ..options
    });
    let (utf8, _) = synth(&SynthOptions {
        encoding: Encoding::Utf8,
        ..options
    });
    assert_ne!(latin1, utf8);
    assert!(latin1.len() < utf8.len());
    let a: Vec<_> = DenueReader::new(latin1.as_slice())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let b: Vec<_> = DenueReader::new(utf8.as_slice()).unwrap().map(Result::unwrap).collect();
    assert_eq!(a, b);
    assert!(a.iter().any(|r| r.get(Field::NomEstab).contains('Ñ')));
    assert!(a.iter().any(|r| r.get(Field::NomEstab).contains('É')));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(to_drafts(x, cat()).unwrap(), to_drafts(y, cat()).unwrap());
    }
}

#[test]
fn bad_rows_are_reported_on_their_lines_and_the_rest_converts() {
    let options = SynthOptions {
        rows: 5000,
        seed: 3,
        encoding: Encoding::Windows1252,
        bad_fraction: 0.05,
        multiline_fraction: 0.01,
    };
    let (buf, summary) = synth(&options);
    assert!(summary.bad.len() > 150, "{}", summary.bad.len());
    assert!(summary.lines > 5001, "multi-line rows were written");
    let kinds: std::collections::HashSet<BadKind> = summary.bad.iter().map(|(_, k)| *k).collect();
    assert_eq!(kinds.len(), 4);
    let (ok, errors) = import(&buf);
    assert_eq!(ok + errors.len(), 5000);
    let got: HashMap<u64, &'static str> = errors.iter().map(|e| (e.line, e.code)).collect();
    let expected: HashMap<u64, &'static str> = summary.bad.iter().map(|(l, k)| (*l, k.expected_code())).collect();
    assert_eq!(got, expected);
    let e = errors.iter().find(|e| e.code == codes::PER_OCU).unwrap();
    assert!(e.reason.starts_with("per_ocu '"), "{}", e.reason);
    assert!(e.to_string().starts_with(&format!("line {}: per_ocu", e.line)));
}

#[test]
fn contact_columns_never_reach_the_drafts() {
    let mut buf = Vec::new();
    write_synthetic(&mut buf, 2000, 11, Encoding::Utf8, cat()).unwrap();
    let mut csv = csv::Reader::from_reader(buf.as_slice());
    let contacts: Vec<(String, String)> = csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[35].to_string(), r[36].to_string())
        })
        .collect();
    assert!(contacts.iter().filter(|(phone, _)| !phone.is_empty()).count() > 100);
    assert!(contacts.iter().any(|(_, email)| email.contains("example.com")));
    for (row, (phone, _)) in DenueReader::new(buf.as_slice()).unwrap().zip(&contacts) {
        let (key, e, w) = to_drafts(&row.unwrap(), cat()).unwrap();
        let all = format!("{key} {e:?} {w:?}");
        assert!(phone.is_empty() || !all.contains(&format!("\"{phone}\"")), "{all}");
        assert!(!all.contains("example.com"), "{all}");
    }
}

#[test]
fn legal_forms_of_synthetic_companies_are_recognized() {
    let mut buf = Vec::new();
    write_synthetic(&mut buf, 1000, 5, Encoding::Utf8, cat()).unwrap();
    let mut companies = 0;
    for row in DenueReader::new(buf.as_slice()).unwrap() {
        let row = row.unwrap();
        let (key, e, _) = to_drafts(&row, cat()).unwrap();
        if row.get(Field::RazSocial).is_empty() {
            assert!(key.starts_with("at:denue:"), "{key}");
            assert_eq!(e.legal_form, "");
        } else {
            companies += 1;
            assert!(!e.legal_form.is_empty(), "{}", row.get(Field::RazSocial));
            assert!(key.starts_with("name:"), "{key}");
        }
    }
    assert!(companies > 200, "{companies}");
}

#[test]
fn same_seed_same_file() {
    let options = SynthOptions {
        rows: 300,
        seed: 99,
        bad_fraction: 0.1,
        ..SynthOptions::default()
    };
    assert_eq!(synth(&options), synth(&options));
}

/// Bytes that are sometimes a plausible DENUE file.
fn arbitrary_file() -> impl Strategy<Value = Vec<u8>> {
    let header =
        b"id,nom_estab,raz_social,codigo_act,per_ocu,cve_ent,cve_mun,cod_postal,latitud,longitud,fecha_alta\r\n";
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2000),
        proptest::collection::vec(
            prop_oneof![
                Just(b'"'),
                Just(b','),
                Just(b'\n'),
                Just(b'\r'),
                Just(0xD1u8),
                Just(0xC3u8),
                any::<u8>(),
                (b'0'..=b'9')
            ],
            0..2000
        )
        .prop_map(move |body| {
            let mut v = header.to_vec();
            v.extend(body);
            v
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reader_never_panics_on_arbitrary_bytes(data in arbitrary_file()) {
        if let Ok(reader) = DenueReader::new(data.as_slice()) {
            let converter = Converter::new(cat());
            let mut last_line = 0;
            for row in reader {
                let result = row.and_then(|r| {
                    let fast = converter.to_drafts(&r);
                    assert_eq!(fast, to_drafts(&r, cat()));
                    fast
                });
                let line = match result {
                    Ok(_) => continue,
                    Err(e) => e.line,
                };
                prop_assert!(line >= last_line);
                last_line = line;
            }
        }
    }
}

/// Text that is often plain and sometimes odd: any characters, blanks at the ends, long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-ZÑÁÉÍÓÚ ]{1,40}",
        proptest::collection::vec(any::<char>(), 0..320).prop_map(String::from_iter),
        (" {0,2}", "[A-Z]{1,10}", "[ \u{a0}\t]{0,2}").prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn converter_agrees_with_the_reference_conversion(
        name in text(),
        raz_social in prop_oneof![text(), "[A-Z ]{1,20} (SA DE CV|S\\.C\\.|AC|SAPI DE CV)"],
        street in text(),
        number in prop_oneof![Just(String::new()), "[0-9]{1,4}", text()],
        settlement in text(),
        locality in text(),
        municipality in prop_oneof![Just(("09", "015")), Just(("9", "15")), Just(("14", "039")), Just(("20", "999")), Just(("33", "001"))],
        scian in prop_oneof![Just("311812"), Just("461110"), Just("999999"), Just(" 311812"), Just("31181")],
    ) {
        let row = faro_denue::DenueRow::from_fields(2, &[
            (Field::Id, "12"),
            (Field::NomEstab, &name),
            (Field::RazSocial, &raz_social),
            (Field::CodigoAct, scian),
            (Field::PerOcu, "11 a 30 personas"),
            (Field::TipoVial, "CALLE"),
            (Field::NomVial, &street),
            (Field::NumeroExt, &number),
            (Field::TipoAsent, "COLONIA"),
            (Field::NombAsent, &settlement),
            (Field::Localidad, &locality),
            (Field::CveEnt, municipality.0),
            (Field::CveMun, municipality.1),
        ]);
        let converter = Converter::new(cat());
        prop_assert_eq!(converter.to_drafts(&row), to_drafts(&row, cat()));
    }
}

#[test]
fn open_reads_a_file_to_its_end() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    write_synthetic(&mut file, 500, 2, Encoding::Windows1252, cat()).unwrap();
    let size = file.as_file().metadata().unwrap().len();
    let mut reader = DenueReader::open(file.path()).unwrap();
    assert_eq!(reader.by_ref().filter(Result::is_ok).count(), 500);
    assert_eq!(reader.bytes_read(), size);
    let missing = file.path().with_extension("missing");
    let err = DenueReader::open(&missing).unwrap_err();
    assert!(err.to_string().starts_with("cannot open "), "{err}");
}
