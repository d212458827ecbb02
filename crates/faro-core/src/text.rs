//! Text normalization for search: upper case, accents removed, spaces collapsed.

/// Normalizes a name for matching: "Panadería  la Espiga" -> "PANADERIA LA ESPIGA".
/// Ñ is kept (it is a distinct letter in Spanish and in RFCs).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for ch in s.chars() {
        let mapped = match ch {
            'á' | 'à' | 'ä' | 'â' | 'Á' | 'À' | 'Ä' | 'Â' => 'A',
            'é' | 'è' | 'ë' | 'ê' | 'É' | 'È' | 'Ë' | 'Ê' => 'E',
            'í' | 'ì' | 'ï' | 'î' | 'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
            'ó' | 'ò' | 'ö' | 'ô' | 'Ó' | 'Ò' | 'Ö' | 'Ô' => 'O',
            'ú' | 'ù' | 'ü' | 'û' | 'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
            'ñ' | 'Ñ' => 'Ñ',
            c if c.is_alphanumeric() || c == '&' => {
                for u in c.to_uppercase() {
                    out.push(u);
                }
                last_space = false;
                continue;
            }
            _ => ' ',
        };
        if mapped == ' ' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(mapped);
            last_space = false;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn strips_accents_and_punctuation() {
        assert_eq!(
            normalize("  Panadería  la Espiga, S.A. de C.V. "),
            "PANADERIA LA ESPIGA S A DE C V"
        );
        assert_eq!(normalize("Niño & Cía"), "NIÑO & CIA");
        assert_eq!(normalize(""), "");
    }
}
