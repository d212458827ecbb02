//! Renders whole documents and reads them back with lopdf, as a PDF reader would.

// Test helpers outside `#[test]` functions may unwrap too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use faro_docs::{
    normalize_code, render_pdf, render_pdf_on, sha256_hex, verification_code, Block, DocError, Document, Lang,
    PageSize, Signature, SignatureStatus,
};

const AUTHORITY: &str = "Secretaría del Trabajo y Previsión Social — Inspección Federal del Trabajo";

fn document(blocks: Vec<Block>) -> Document {
    let code = verification_code(b"acta:IFT-2025-000123");
    Document {
        lang: Lang::Es,
        authority: AUTHORITY.to_string(),
        title: "Acta de inspección extraordinaria".to_string(),
        folio: "IFT-2025-000123".to_string(),
        issued_at: Utc.with_ymd_and_hms(2025, 3, 4, 16, 30, 0).unwrap(),
        verify_url: format!("https://faro.example/verify?code={code}"),
        verification_code: code,
        blocks,
    }
}

fn acta() -> Document {
    document(vec![
        Block::Heading("Hechos".to_string()),
        Block::Paragraph(
            "En la Ciudad de México, el inspector se constituyó en el domicilio del centro de \
             trabajo y, tras identificarse, requirió la presencia del patrón. ¿Se exhibió la \
             señalización de rutas de evacuación? No. La niña Muñoz declaró: «no hay extintores» \
             – según consta en las fotografías “A” y “B”."
                .to_string(),
        ),
        Block::Fields(vec![
            (
                "Razón social".to_string(),
                "Panadería El Güero, S.A. de C.V.".to_string(),
            ),
            ("RFC".to_string(), "PEG010101AB1".to_string()),
            (
                "Domicilio".to_string(),
                "Av. Insurgentes Sur 1234, Benito Juárez".to_string(),
            ),
        ]),
        Block::Table {
            headers: vec!["Núm.".to_string(), "Obligación".to_string(), "Resultado".to_string()],
            rows: vec![
                vec!["1".into(), "Registro ante el IMSS".into(), "Cumple".into()],
                vec!["2".into(), "Capacitación y adiestramiento".into(), "No cumple".into()],
            ],
        },
        Block::Signatures(vec![
            Signature {
                name: "Ana Pérez Ríos".to_string(),
                role: "Inspectora federal del trabajo".to_string(),
                status: SignatureStatus::Signed,
            },
            Signature {
                name: "José Ñúñez".to_string(),
                role: "Representante del patrón".to_string(),
                status: SignatureStatus::Refused,
            },
            Signature {
                name: "Testigo 2".to_string(),
                role: "Testigo".to_string(),
                status: SignatureStatus::Absent,
            },
        ]),
    ])
}

/// A table of `rows` one-line rows, alone in the document.
fn long_table(rows: usize) -> Document {
    document(vec![Block::Table {
        headers: vec![
            "Fila".to_string(),
            "Trabajador".to_string(),
            "Salario diario".to_string(),
        ],
        rows: (1..=rows)
            .map(|i| {
                vec![
                    format!("Fila {i:03}"),
                    format!("Persona número {i}"),
                    "278.80".to_string(),
                ]
            })
            .collect(),
    }])
}

fn parse(pdf: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(pdf).expect("lopdf parses the PDF")
}

/// The text of every page, in order.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    let doc = parse(pdf);
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).expect("text extracted"))
        .collect()
}

#[test]
fn the_file_is_a_pdf_from_start_to_end() {
    let pdf = render_pdf(&acta()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    let doc = parse(&pdf);
    assert_eq!(doc.get_pages().len(), 1);
}

#[test]
fn text_has_title_folio_accents_and_statuses() {
    let doc = acta();
    let texts = page_texts(&render_pdf(&doc).unwrap());
    let text = texts.concat();
    for expected in [
        AUTHORITY,
        "Acta de inspección extraordinaria",
        "IFT-2025-000123",
        "4 de marzo de 2025, 16:30 (UTC)",
        "señalización",
        "¿Se exhibió",
        "niña Muñoz",
        "«no hay extintores»",
        "“A”",
        "Razón social:",
        "Panadería El Güero",
        "Núm.",
        "José Ñúñez",
        "Firmó",
        "Se negó a firmar",
        "No compareció",
        &doc.verify_url,
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
}

#[test]
fn english_documents_use_english_labels() {
    let mut doc = acta();
    doc.lang = Lang::En;
    let text = page_texts(&render_pdf(&doc).unwrap()).concat();
    for expected in ["Signed", "Refused to sign", "Did not appear", "Issued:", "page 1 of 1"] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    assert!(!text.contains("Firmó"));
}

#[test]
fn a_long_table_breaks_pages_and_repeats_its_header() {
    // Letter, body from 50 pt to 728 pt. A one-line row is 11.5 + 2 x 3 = 17.5 pt, the header row
    // too. Page 1: the document header ends at 178 pt (the QR code, 96 pt, and the code under it
    // are taller than the text beside it), so (728 - 178 - 17.5) / 17.5 = 30.4 -> 30 rows. Other
    // pages: (728 - 50 - 17.5) / 17.5 = 37.7 -> 37 rows. 150 rows: 30 + 37 + 37 + 37 + 9 -> 5 pages.
    let pdf = render_pdf(&long_table(150)).unwrap();
    let texts = page_texts(&pdf);
    assert_eq!(texts.len(), 5);
    for text in &texts {
        assert!(text.contains("Trabajador"), "header not repeated: {text}");
        assert!(text.contains("Salario diario"));
    }
    assert!(texts[0].contains("Fila 030") && !texts[0].contains("Fila 031"));
    assert!(texts[1].contains("Fila 031") && texts[1].contains("Fila 067"));
    assert!(!texts[1].contains("Fila 068"));
    assert!(texts[4].contains("Fila 150") && texts[4].contains("Fila 142"));
    // Every row once.
    let all = texts.concat();
    for i in 1..=150 {
        assert_eq!(all.matches(&format!("Fila {i:03}")).count(), 1, "row {i}");
    }
    // 141 rows fill four pages exactly; one more starts a fifth.
    assert_eq!(page_texts(&render_pdf(&long_table(141)).unwrap()).len(), 4);
    assert_eq!(page_texts(&render_pdf(&long_table(142)).unwrap()).len(), 5);
}

#[test]
fn every_page_has_the_footer_with_the_verification_code() {
    let doc = long_table(150);
    let texts = page_texts(&render_pdf(&doc).unwrap());
    for (i, text) in texts.iter().enumerate() {
        let footer = format!("IFT-2025-000123 · página {} de 5 · {}", i + 1, doc.verification_code);
        assert!(text.contains(&footer), "page {}: {text}", i + 1);
    }
}

#[test]
fn long_paragraphs_and_cells_flow_over_pages() {
    let words: Vec<String> = (0..1500).map(|i| format!("palabra{i}")).collect();
    let doc = document(vec![
        Block::Paragraph(words.join(" ")),
        Block::Table {
            headers: vec!["Campo".to_string(), "Observaciones".to_string()],
            rows: vec![vec!["Notas".to_string(), words.join(" ")]],
        },
    ]);
    let texts = page_texts(&render_pdf(&doc).unwrap());
    assert!(texts.len() > 3, "{} pages", texts.len());
    let all = texts.concat();
    let mut seen = std::collections::BTreeMap::new();
    for token in all.split_whitespace() {
        *seen.entry(token).or_insert(0) += 1;
    }
    for w in &words {
        // Each word twice: once in the paragraph, once in the cell split over pages.
        assert_eq!(seen.get(w.as_str()), Some(&2), "{w}");
    }
}

#[test]
fn rendering_is_deterministic() {
    let doc = acta();
    assert_eq!(render_pdf(&doc).unwrap(), render_pdf(&doc).unwrap());
    let table = long_table(100);
    assert_eq!(render_pdf(&table).unwrap(), render_pdf(&table).unwrap());
    // And the content matters: another folio, other bytes.
    let mut other = acta();
    other.folio = "IFT-2025-000124".to_string();
    assert_ne!(
        sha256_hex(&render_pdf(&doc).unwrap()),
        sha256_hex(&render_pdf(&other).unwrap())
    );
}

#[test]
fn characters_outside_winansi_print_as_question_marks() {
    let doc = document(vec![Block::Paragraph("Flecha → y emoji 🙂 y 日本 fin".to_string())]);
    let text = page_texts(&render_pdf(&doc).unwrap()).concat();
    assert!(text.contains("Flecha ? y emoji ? y ?? fin"), "{text}");
}

#[test]
fn letter_and_a4_sizes() {
    let media_box = |pdf: &[u8]| {
        let doc = parse(pdf);
        let (_, &page) = doc.get_pages().iter().next().unwrap();
        let dict = doc.get_dictionary(page).unwrap();
        let values: Vec<f32> = dict
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect();
        values
    };
    assert_eq!(media_box(&render_pdf(&acta()).unwrap()), vec![0.0, 0.0, 612.0, 792.0]);
    assert_eq!(
        media_box(&render_pdf_on(&acta(), PageSize::A4).unwrap()),
        vec![0.0, 0.0, 595.28, 841.89]
    );
}

#[test]
fn the_qr_code_is_drawn_on_the_first_page_only() {
    let pdf = render_pdf(&long_table(60)).unwrap();
    let doc = parse(&pdf);
    let pages: Vec<_> = doc.get_pages().values().copied().collect();
    let rects = |id| {
        let content = doc.get_and_decode_page_content(id).unwrap();
        content.operations.iter().filter(|op| op.operator == "re").count()
    };
    // Page 1: the QR code's runs of dark modules, plus the table's header background.
    assert!(rects(pages[0]) > 100, "{}", rects(pages[0]));
    assert_eq!(rects(pages[1]), 1);
}

#[test]
fn ragged_and_empty_tables_are_refused() {
    let ragged = document(vec![
        Block::Paragraph("x".to_string()),
        Block::Table {
            headers: vec!["a".to_string(), "b".to_string()],
            rows: vec![vec!["1".into(), "2".into()], vec!["3".into()]],
        },
    ]);
    assert_eq!(
        render_pdf(&ragged),
        Err(DocError::TableRowWidth {
            block: 1,
            row: 1,
            expected: 2,
            found: 1
        })
    );
    let empty = document(vec![Block::Table {
        headers: vec![],
        rows: vec![],
    }]);
    assert_eq!(render_pdf(&empty), Err(DocError::TableWithoutColumns { block: 0 }));
}

#[test]
fn a_url_too_long_for_a_qr_code_is_an_error() {
    let mut doc = acta();
    doc.verify_url = format!("https://faro.example/verify?code={}", "X".repeat(4000));
    assert_eq!(render_pdf(&doc).map_err(|e| e.code()), Err("docs.qr_code"));
}

#[test]
fn verification_codes_through_the_public_api() {
    let code = verification_code(b"faro");
    assert_eq!(code, "B2Y5-T6NT-9X39");
    assert_eq!(normalize_code("b2y5 t6nt 9x39"), Some(code.clone()));
    assert_eq!(normalize_code(&code), Some(code));
    assert_eq!(normalize_code("not a code"), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever the text (any script, controls, emoji), the document renders, parses, and carries
    /// its code on every page.
    #[test]
    fn any_text_renders_to_a_readable_pdf(
        title in "\\PC{0,60}",
        folio in "[A-Z0-9-]{1,20}",
        paragraph in "(\\PC|\n){0,400}",
        cells in proptest::collection::vec(proptest::collection::vec("\\PC{0,40}", 3), 0..40),
    ) {
        let mut doc = document(vec![
            Block::Heading(title.clone()),
            Block::Paragraph(paragraph),
            Block::Table { headers: vec!["a".into(), "b".into(), "c".into()], rows: cells },
        ]);
        doc.title = title;
        doc.folio = folio;
        let pdf = render_pdf(&doc).unwrap();
        let texts = page_texts(&pdf);
        proptest::prop_assert!(!texts.is_empty());
        for text in &texts {
            proptest::prop_assert!(text.contains(&doc.verification_code));
        }
    }
}
