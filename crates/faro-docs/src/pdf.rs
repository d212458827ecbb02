//! The PDF file: catalog, page tree, the two standard fonts, the document information, one page
//! object and one compressed content stream per page, and the cross-reference table.
//!
//! Objects are numbered and written in a fixed order and nothing depends on the clock or on
//! chance (the file identifier is a hash of the body), so the same pages give the same bytes.

use std::io::Write;

use chrono::{DateTime, Utc};
use flate2::{write::ZlibEncoder, Compression};
use sha2::{Digest, Sha256};

use crate::canvas::{escape, num};
use crate::error::DocError;
use crate::metrics::Font;

const CATALOG: usize = 1;
const PAGES: usize = 2;
const FONT_REGULAR: usize = 3;
const FONT_BOLD: usize = 4;
const INFO: usize = 5;
const FIRST_PAGE: usize = 6;

/// What the file's information dictionary and catalog say about the document.
#[derive(Debug, Clone)]
pub struct Info<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub created: DateTime<Utc>,
    /// BCP 47 tag of the text's language, e.g. "es-MX".
    pub lang: &'a str,
}

/// Writes a PDF whose pages (of `width` x `height` points) have the given content streams.
pub fn write(contents: &[Vec<u8>], width: f64, height: f64, info: &Info<'_>) -> Result<Vec<u8>, DocError> {
    let mut file = PdfFile::new();
    let kids: Vec<String> = (0..contents.len())
        .map(|i| format!("{} 0 R", FIRST_PAGE + 2 * i))
        .collect();
    file.object(
        CATALOG,
        format!(
            "<< /Type /Catalog /Pages {PAGES} 0 R /Lang ({}) >>",
            escape(info.lang.as_bytes())
        )
        .as_bytes(),
    );
    file.object(
        PAGES,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            contents.len()
        )
        .as_bytes(),
    );
    for (id, font) in [(FONT_REGULAR, Font::Regular), (FONT_BOLD, Font::Bold)] {
        file.object(
            id,
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{} /Encoding /WinAnsiEncoding >>",
                font.base_font()
            )
            .as_bytes(),
        );
    }
    file.object(
        INFO,
        format!(
            "<< /Title {} /Author {} /Subject {} /Producer (Faro) /CreationDate ({}) >>",
            text_string(info.title),
            text_string(info.author),
            text_string(info.subject),
            info.created.format("D:%Y%m%d%H%M%SZ")
        )
        .as_bytes(),
    );
    for (i, content) in contents.iter().enumerate() {
        let page = FIRST_PAGE + 2 * i;
        let stream = page + 1;
        file.object(
            page,
            format!(
                "<< /Type /Page /Parent {PAGES} 0 R /MediaBox [0 0 {} {}] \
                 /Resources << /Font << /{} {FONT_REGULAR} 0 R /{} {FONT_BOLD} 0 R >> >> \
                 /Contents {stream} 0 R >>",
                num(width),
                num(height),
                Font::Regular.resource(),
                Font::Bold.resource()
            )
            .as_bytes(),
        );
        let compressed = deflate(content)?;
        let mut body = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", compressed.len()).into_bytes();
        body.extend_from_slice(&compressed);
        body.extend_from_slice(b"\nendstream");
        file.object(stream, &body);
    }
    Ok(file.finish(INFO))
}

fn deflate(bytes: &[u8]) -> Result<Vec<u8>, DocError> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|_| encoder.finish())
        .map_err(|e| DocError::Compression { detail: e.to_string() })
}

/// A text string for the information dictionary: UTF-16BE with a byte order mark, in hex, so any
/// character survives (these strings are not drawn with the WinAnsi fonts).
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// The bytes of the file being written and the offset of each object.
struct PdfFile {
    bytes: Vec<u8>,
    offsets: Vec<(usize, usize)>,
}

impl PdfFile {
    fn new() -> Self {
        // The comment of high bytes tells transfer tools the file is binary.
        let mut bytes = b"%PDF-1.4\n%".to_vec();
        bytes.extend_from_slice(&[0xe2, 0xe3, 0xcf, 0xd3]);
        bytes.push(b'\n');
        Self {
            bytes,
            offsets: Vec::new(),
        }
    }

    fn object(&mut self, id: usize, body: &[u8]) {
        self.offsets.push((id, self.bytes.len()));
        self.bytes.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
        self.bytes.extend_from_slice(body);
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    /// Appends the cross-reference table and the trailer.
    fn finish(mut self, info: usize) -> Vec<u8> {
        let id = hex::encode(&Sha256::digest(&self.bytes)[..16]);
        self.offsets.sort_unstable();
        let size = self.offsets.len() + 1;
        let xref = self.bytes.len();
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for (_, offset) in &self.offsets {
            table.push_str(&format!("{offset:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {size} /Root {CATALOG} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n"
        ));
        self.bytes.extend_from_slice(table.as_bytes());
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn info() -> Info<'static> {
        Info {
            title: "Acta",
            author: "STPS",
            subject: "F-1",
            created: Utc.with_ymd_and_hms(2025, 3, 4, 9, 5, 0).unwrap(),
            lang: "es-MX",
        }
    }

    #[test]
    fn xref_offsets_point_at_their_objects() {
        let pdf = write(&[b"BT ET".to_vec(), b"BT ET".to_vec()], 612.0, 792.0, &info()).unwrap();
        let text = String::from_utf8_lossy(&pdf).into_owned();
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref\n0 10\n"));
        let table = String::from_utf8_lossy(&pdf[startxref..]).into_owned();
        for (i, line) in table.lines().skip(3).take(9).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            let expected = format!("{} 0 obj\n", i + 1);
            assert!(pdf[offset..].starts_with(expected.as_bytes()), "object {}", i + 1);
            assert_eq!(line.len(), 19, "each entry is 20 bytes with its end of line");
        }
    }

    #[test]
    fn text_strings_are_utf16() {
        assert_eq!(text_string("Añ"), "<FEFF004100F1>");
        assert_eq!(text_string("🙂"), "<FEFFD83DDE42>");
    }

    #[test]
    fn creation_date_comes_from_the_document() {
        let pdf = write(&[Vec::new()], 612.0, 792.0, &info()).unwrap();
        assert!(String::from_utf8_lossy(&pdf).contains("/CreationDate (D:20250304090500Z)"));
    }
}
