//! Verification codes: 12 Crockford base32 symbols (60 bits of SHA-256), printed "XXXX-XXXX-XXXX".

use sha2::{Digest, Sha256};

/// Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SYMBOLS: usize = 12;
const GROUP: usize = 4;

/// Lower-case hexadecimal SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The verification code of a document whose content fingerprint is `content_fingerprint`: the
/// first 60 bits of its SHA-256 as 12 Crockford base32 symbols, grouped "XXXX-XXXX-XXXX".
pub fn verification_code(content_fingerprint: &[u8]) -> String {
    let digest = Sha256::digest(content_fingerprint);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let bits = u64::from_be_bytes(first) >> 4; // 60 bits
    let symbols: Vec<u8> = (0..SYMBOLS)
        .map(|i| {
            let shift = 5 * (SYMBOLS - 1 - i);
            ALPHABET[((bits >> shift) & 0x1f) as usize]
        })
        .collect();
    group(&symbols)
}

/// Reads a code as a person may type it: lower case, spaces, dashes anywhere or none, and
/// Crockford's look-alikes (I and L for 1, O for 0). Returns the canonical "XXXX-XXXX-XXXX",
/// or `None` when the input is not 12 symbols of the alphabet (U, for one, is not in it).
pub fn normalize_code(input: &str) -> Option<String> {
    let mut symbols = Vec::with_capacity(SYMBOLS);
    for c in input.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        if symbols.len() == SYMBOLS {
            return None;
        }
        symbols.push(c as u8);
    }
    (symbols.len() == SYMBOLS).then(|| group(&symbols))
}

/// `symbols` (ASCII from the alphabet) in groups of four joined by dashes.
fn group(symbols: &[u8]) -> String {
    symbols
        .chunks(GROUP)
        .map(|chunk| chunk.iter().map(|&b| char::from(b)).collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sha256_hex_of_known_inputs() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn verification_code_is_stable() {
        // SHA-256("faro") starts 58bc5d1aba4f4691; its first 60 bits in Crockford base32.
        assert_eq!(verification_code(b"faro"), "B2Y5-T6NT-9X39");
        // SHA-256("") starts e3b0c44298fc1c14.
        assert_eq!(verification_code(b""), "WERC-8GMR-ZGE1");
        assert_eq!(verification_code(b"acta:IFT-2025-000123"), "71X7-0Y1C-CB9V");
    }

    #[test]
    fn verification_code_differs_with_content() {
        assert_ne!(verification_code(b"acta 1"), verification_code(b"acta 2"));
    }

    #[test]
    fn normalize_accepts_what_people_type() {
        let canonical = Some("B2Y5-T6NT-9X39".to_string());
        assert_eq!(normalize_code("B2Y5-T6NT-9X39"), canonical);
        assert_eq!(normalize_code("b2y5t6nt9x39"), canonical);
        assert_eq!(normalize_code("  b2y5 t6nt 9x39 "), canonical);
        assert_eq!(normalize_code("B2Y5-T6NT9X39"), canonical);
        // Look-alikes: I and L read as 1, O as 0.
        assert_eq!(normalize_code("WERC-8GMR-ZGEI"), Some("WERC-8GMR-ZGE1".to_string()));
        assert_eq!(normalize_code("werc-8gmr-zgel"), Some("WERC-8GMR-ZGE1".to_string()));
        assert_eq!(normalize_code("71X7-OY1C-CB9V"), Some("71X7-0Y1C-CB9V".to_string()));
    }

    #[test]
    fn normalize_refuses_what_is_not_a_code() {
        assert_eq!(normalize_code(""), None);
        assert_eq!(normalize_code("B2Y5-T6NT-9X3"), None); // 11 symbols
        assert_eq!(normalize_code("B2Y5-T6NT-9X399"), None); // 13 symbols
        assert_eq!(normalize_code("B2Y5-T6NT-9X3U"), None); // U is not Crockford
        assert_eq!(normalize_code("B2Y5_T6NT_9X39"), None);
        assert_eq!(normalize_code("B2Y5-T6NT-9X3Ñ"), None);
    }

    proptest! {
        #[test]
        fn every_code_normalizes_to_itself(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let code = verification_code(&bytes);
            prop_assert_eq!(code.len(), 14);
            prop_assert_eq!(normalize_code(&code), Some(code.clone()));
        }

        #[test]
        fn typed_forms_round_trip(
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
            lower in any::<bool>(),
            keep_dashes in any::<bool>(),
            spaces in 0usize..3,
        ) {
            let code = verification_code(&bytes);
            let mut typed = if keep_dashes { code.clone() } else { code.replace('-', "") };
            if lower {
                typed = typed.to_lowercase();
            }
            let typed = format!("{}{}{}", " ".repeat(spaces), typed, " ".repeat(spaces));
            prop_assert_eq!(normalize_code(&typed), Some(code));
        }

        #[test]
        fn normalize_never_panics_and_is_canonical(input in "\\PC{0,30}") {
            if let Some(code) = normalize_code(&input) {
                prop_assert_eq!(code.len(), 14);
                prop_assert_eq!(normalize_code(&code), Some(code.clone()));
            }
        }
    }
}
