//! Text encoding of a DENUE file: INEGI publishes Latin-1 (in practice Windows-1252) and UTF-8.
//!
//! The encoding is detected once from the first bytes of the file; fields are then decoded one by
//! one, only those the import needs, so a file of several gigabytes is never held in memory.

use encoding_rs::{DecoderResult, WINDOWS_1252};

/// The UTF-8 byte order mark.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bytes at the start of a file are inspected to choose the encoding.
pub const SAMPLE_LEN: usize = 64 * 1024;

/// The text encoding of a DENUE file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark. A field that is not valid UTF-8 is decoded as
    /// Windows-1252 instead (a file whose sample was pure ASCII may still be Latin-1 further on).
    Utf8,
    /// Windows-1252, the superset of ISO-8859-1 that INEGI's "Latin-1" files really use.
    Windows1252,
}

impl Encoding {
    /// A short name for reports: "UTF-8" or "Windows-1252".
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Chooses the encoding from the first bytes of a file. Returns the encoding and the length of a
/// byte order mark to skip (0 or 3).
///
/// A UTF-8 BOM means UTF-8. Otherwise the sample is UTF-8 if it decodes as UTF-8, allowing a
/// multi-byte character cut by the end of the sample when the file goes on (`at_eof` false);
/// any other invalid sequence means Windows-1252.
pub fn detect(sample: &[u8], at_eof: bool) -> (Encoding, usize) {
    if sample.starts_with(UTF8_BOM) {
        return (Encoding::Utf8, UTF8_BOM.len());
    }
    match std::str::from_utf8(sample) {
        Ok(_) => (Encoding::Utf8, 0),
        // `error_len() == None` means the input ended inside a character: the cut, not bad data.
        Err(e) if e.error_len().is_none() && !at_eof => (Encoding::Utf8, 0),
        Err(_) => (Encoding::Windows1252, 0),
    }
}

/// Appends `bytes`, decoded from `encoding`, to `out`.
pub(crate) fn decode_into(encoding: Encoding, bytes: &[u8], out: &mut String) {
    if encoding == Encoding::Utf8 || bytes.is_ascii() {
        if let Ok(s) = std::str::from_utf8(bytes) {
            out.push_str(s);
            return;
        }
    }
    decode_1252_into(bytes, out);
}

/// Appends `bytes`, decoded as Windows-1252, to `out` without allocating a temporary string.
fn decode_1252_into(bytes: &[u8], out: &mut String) {
    let mut decoder = WINDOWS_1252.new_decoder_without_bom_handling();
    if let Some(n) = decoder.max_utf8_buffer_length_without_replacement(bytes.len()) {
        out.reserve(n);
    }
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, out, true);
    if result != DecoderResult::InputEmpty {
        // Not reachable for a single-byte encoding with the space reserved above; decode the rest
        // the simple way rather than lose it.
        let rest = bytes.get(read..).unwrap_or_default();
        out.push_str(&WINDOWS_1252.decode_without_bom_handling(rest).0);
    }
}

/// For each byte, how many more bytes its Windows-1252 character takes in UTF-8 (0 for ASCII,
/// 1 or 2 above), as `encoding_rs` decodes it.
pub(crate) fn windows_1252_growth() -> [u8; 256] {
    let mut table = [0u8; 256];
    for (b, slot) in (0u8..=255).zip(table.iter_mut()) {
        let byte = [b];
        let decoded = WINDOWS_1252.decode_without_bom_handling(&byte).0;
        *slot = u8::try_from(decoded.len().saturating_sub(1)).unwrap_or(0);
    }
    table
}

/// Decodes a whole short text (a header name, a value in an error message).
pub(crate) fn decode_lossy(encoding: Encoding, bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    decode_into(encoding, bytes, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_means_utf8() {
        assert_eq!(detect(b"\xEF\xBB\xBFid,nom_estab", false), (Encoding::Utf8, 3));
    }

    #[test]
    fn valid_utf8_sample_is_utf8() {
        assert_eq!(detect("id,\"PANADERÍA\"".as_bytes(), true), (Encoding::Utf8, 0));
        assert_eq!(detect(b"plain ascii", true), (Encoding::Utf8, 0));
    }

    #[test]
    fn latin1_sample_is_windows_1252() {
        assert_eq!(detect(b"id,\"PANADER\xCDA\",\"x\"", true), (Encoding::Windows1252, 0));
        // A Latin-1 byte at the very end of a complete file is bad data, not a cut.
        assert_eq!(detect(b"PANADER\xCD", true), (Encoding::Windows1252, 0));
    }

    #[test]
    fn utf8_character_cut_by_the_sample_end_is_still_utf8() {
        let text = "PANADERÍA".as_bytes();
        let cut = &text[..text.len() - 2]; // ends with the first byte of "Í"
        assert_eq!(detect(cut, false), (Encoding::Utf8, 0));
        assert_eq!(detect(cut, true), (Encoding::Windows1252, 0));
    }

    #[test]
    fn windows_1252_decoding_matches_encoding_rs_for_every_byte() {
        for b in 0u8..=255 {
            let mut out = String::new();
            decode_into(Encoding::Windows1252, &[b], &mut out);
            let byte = [b];
            let expected = WINDOWS_1252.decode_without_bom_handling(&byte).0;
            assert_eq!(out, expected, "byte {b:#x}");
        }
        let mut out = String::from("x");
        decode_into(Encoding::Windows1252, b"NI\xD1O \x80 \x93A\x94", &mut out);
        assert_eq!(out, "xNIÑO € “A”");
    }

    #[test]
    fn growth_table_matches_the_decoder() {
        let table = windows_1252_growth();
        assert_eq!(table[usize::from(b'A')], 0);
        assert_eq!(table[0xD1], 1); // Ñ
        assert_eq!(table[0x80], 2); // €
        assert_eq!(table[0x81], 1); // U+0081
    }

    #[test]
    fn utf8_mode_falls_back_to_1252_for_invalid_fields() {
        let mut out = String::new();
        decode_into(Encoding::Utf8, "PEÑA".as_bytes(), &mut out);
        decode_into(Encoding::Utf8, b"|PE\xD1A", &mut out);
        assert_eq!(out, "PEÑA|PEÑA");
    }
}
