//! The public version (LFT 365 Bis, 391 Bis): what is removed, what is left alone.

use super::*;
use crate::union::redact::{redact, Kind};

fn only(text: &str) -> String {
    redact(text, &[]).text
}

#[test]
fn curps_even_with_a_wrong_check_digit() {
    let c = adult(7);
    let r = redact(&format!("Trabajador con CURP {c}, adscrito."), &[]);
    assert_eq!(r.text, "Trabajador con CURP [CURP ELIMINADA], adscrito.");
    assert_eq!(r.removed.len(), 1);
    assert_eq!(
        (r.removed[0].kind, r.removed[0].original.as_str()),
        (Kind::Curp, c.as_str())
    );
    assert_eq!(r.removed[0].start, "Trabajador con CURP ".len());
    // A mistyped check digit is still a CURP to remove; lower case too.
    assert_eq!(only("curp: bado850101hjcrnl09"), "curp: [CURP ELIMINADA]");
}

#[test]
fn an_individuals_rfc_but_not_a_companys() {
    assert_eq!(
        only("Apoderado GODE561231GR8 de la empresa MAB9307148T4."),
        "Apoderado [RFC ELIMINADO] de la empresa MAB9307148T4."
    );
    // Written in parts.
    assert_eq!(only("RFC GODE-561231-GR8"), "RFC [RFC ELIMINADO]");
    assert_eq!(only("RFC GODE 561231 GR8"), "RFC [RFC ELIMINADO]");
    // Not a date: month 13.
    assert_eq!(only("Clave ABCD991331XY1"), "Clave ABCD991331XY1");
}

#[test]
fn social_security_numbers() {
    assert_eq!(only("NSS 12345678901."), "NSS [NSS ELIMINADO].");
    assert_eq!(only("NSS 12-34-56-7890-1"), "NSS [NSS ELIMINADO]");
}

#[test]
fn telephone_numbers_as_mexicans_write_them() {
    for phone in [
        "5512345678",
        "55 1234 5678",
        "55-1234-5678",
        "(33) 1234-5678",
        "(33)1234-5678",
        "333 123 4567",
        "+52 55 1234 5678",
        "+52 1 55 1234 5678",
        "+525512345678",
        "55.1234.5678",
    ] {
        assert_eq!(only(&format!("Tel: {phone}.")), "Tel: [TELÉFONO ELIMINADO].", "{phone}");
    }
}

#[test]
fn e_mail_addresses() {
    let r = redact("Escribir a ana.lopez+cct@sindicato.org.mx. Gracias", &[]);
    assert_eq!(r.text, "Escribir a [CORREO ELIMINADO]. Gracias");
    assert_eq!(r.removed[0].original, "ana.lopez+cct@sindicato.org.mx");
    assert_eq!(only("usuario@localhost"), "usuario@localhost");
    assert_eq!(only("correo @ nada"), "correo @ nada");
}

#[test]
fn listed_names_whatever_the_case_accents_and_spacing() {
    let names = vec![
        "José Ángel Núñez".to_string(),
        "José Ángel".to_string(),
        "  ".to_string(),
    ];
    let r = redact(
        "Firman JOSE ANGEL NUÑEZ y José  Ángel;\nluego jose\nangel núñez. Josefina no.",
        &names,
    );
    assert_eq!(
        r.text,
        "Firman [NOMBRE ELIMINADO] y [NOMBRE ELIMINADO];\nluego [NOMBRE ELIMINADO]. Josefina no."
    );
    assert_eq!(r.count(Kind::Name), 3);
    // Whole words only: "Ana" is not removed from "Anaya" or "Mariana".
    assert_eq!(
        redact("Ana Anaya y Mariana", &["Ana".to_string()]).text,
        "[NOMBRE ELIMINADO] Anaya y Mariana"
    );
}

#[test]
fn amounts_dates_and_articles_stay() {
    for text in [
        "Salario diario de $1,234.50 y bono de 350.00 400.00 pesos.",
        "Vigente desde el 02/05/2019 y el 2019-05-02.",
        "Conforme a los artículos 390 Bis y 399 Ter, fracción II.",
        "Cláusula 12: 20 días de vacaciones, prima del 25 %, 15 días de aguinaldo.",
        "Folio 2026-000123 del expediente 10/2021.",
        "El año 2026 tiene 365 días y 52 semanas.",
    ] {
        let r = redact(text, &[]);
        assert_eq!(r.text, text);
        assert!(r.removed.is_empty());
    }
}

#[test]
fn a_whole_clause_and_its_report() {
    let c = adult(3);
    let text = format!(
        "Representa a los trabajadores Luisa Fernández (CURP {c}, NSS 12345678901, tel. 33 1234 5678, \
         luisa@correo.mx) ante Planta Norte SA de CV, RFC MAB9307148T4."
    );
    let r = redact(&text, &["Luisa Fernández".to_string()]);
    assert_eq!(
        r.text,
        "Representa a los trabajadores [NOMBRE ELIMINADO] (CURP [CURP ELIMINADA], NSS [NSS ELIMINADO], tel. \
         [TELÉFONO ELIMINADO], [CORREO ELIMINADO]) ante Planta Norte SA de CV, RFC MAB9307148T4."
    );
    assert_eq!(
        r.summary(),
        vec![
            (Kind::Curp, 1),
            (Kind::Nss, 1),
            (Kind::Phone, 1),
            (Kind::Email, 1),
            (Kind::Name, 1)
        ]
    );
    // The report points into the original text.
    for x in &r.removed {
        assert_eq!(&text[x.start..x.end], x.original);
    }
    assert_eq!(redact("", &[]).text, "");
}
