//! The words of the HTML report, in Spanish (the default) and English, from `locales/*.json`
//! embedded in the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The language of a rendered report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Spanish (Mexico).
    #[default]
    Es,
    /// English.
    En,
}

impl Lang {
    /// The language tag of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Es => "es-MX",
            Lang::En => "en",
        }
    }

    /// Parses "es" or "en" (and tags starting with them).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("es") {
            Some(Lang::Es)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

const ES: &str = include_str!("../locales/es.json");
const EN: &str = include_str!("../locales/en.json");

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static TABLES: OnceLock<[HashMap<String, String>; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [
            serde_json::from_str(ES).unwrap_or_default(),
            serde_json::from_str(EN).unwrap_or_default(),
        ]
    });
    match lang {
        Lang::Es => &tables[0],
        Lang::En => &tables[1],
    }
}

/// The text of `key` in `lang`; the key itself when absent (a test checks none is).
pub fn t(lang: Lang, key: &str) -> &str {
    table(lang).get(key).map_or(key, String::as_str)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn both_locales_parse_and_have_the_same_keys() {
        let es: HashMap<String, String> = serde_json::from_str(ES).unwrap();
        let en: HashMap<String, String> = serde_json::from_str(EN).unwrap();
        let mut a: Vec<_> = es.keys().collect();
        let mut b: Vec<_> = en.keys().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(t(Lang::Es, "risk.yes"), "sí");
        assert_eq!(t(Lang::En, "risk.yes"), "yes");
        assert_eq!(t(Lang::En, "risk.nope"), "risk.nope");
        assert_eq!(Lang::parse("es-MX"), Some(Lang::Es));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Es);
    }
}
