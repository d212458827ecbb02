//! Translations: every user-facing text lives in `locales/*.json`, keyed by stable codes.
//! Spanish (es-MX) is the default; English is the second language.

use std::collections::HashMap;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Es,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
    /// The `lang` attribute of pages.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Es => "es-MX",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "es" | "es-mx" => Some(Lang::Es),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }
    /// Picks the first of Spanish or English named in an Accept-Language header; Spanish otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        for part in header.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.starts_with("es") {
                return Lang::Es;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Es
    }
}

pub struct I18n {
    es: HashMap<String, String>,
    en: HashMap<String, String>,
    es_value: minijinja::Value,
    en_value: minijinja::Value,
}

fn load(text: &str, name: &str) -> Result<HashMap<String, String>, String> {
    serde_json::from_str(text).map_err(|e| format!("locale {name} is not valid JSON: {e}"))
}

/// One language's table from several files (one per module); a key defined twice is an error.
fn merge(files: &[(&str, &str)]) -> Result<HashMap<String, String>, String> {
    let mut all = HashMap::new();
    for (name, text) in files {
        for (k, v) in load(text, name)? {
            if all.insert(k.clone(), v).is_some() {
                return Err(format!("locale key {k} is defined twice (again in {name})"));
            }
        }
    }
    Ok(all)
}

impl I18n {
    pub fn embedded() -> Result<Self, String> {
        let es = merge(&[
            ("es.json", include_str!("../locales/es.json")),
            ("inspection.es.json", include_str!("../locales/inspection.es.json")),
            ("public.es.json", include_str!("../locales/public.es.json")),
            ("program.es.json", include_str!("../locales/program.es.json")),
            ("conciliation.es.json", include_str!("../locales/conciliation.es.json")),
            ("risk.es.json", include_str!("../locales/risk.es.json")),
            (
                "conciliation_intake.es.json",
                include_str!("../locales/conciliation_intake.es.json"),
            ),
            (
                "conciliation_staff.es.json",
                include_str!("../locales/conciliation_staff.es.json"),
            ),
            ("union_public.es.json", include_str!("../locales/union_public.es.json")),
            (
                "union_registrar.es.json",
                include_str!("../locales/union_registrar.es.json"),
            ),
            (
                "registry_search.es.json",
                include_str!("../locales/registry_search.es.json"),
            ),
        ])?;
        let en = merge(&[
            ("en.json", include_str!("../locales/en.json")),
            ("inspection.en.json", include_str!("../locales/inspection.en.json")),
            ("public.en.json", include_str!("../locales/public.en.json")),
            ("program.en.json", include_str!("../locales/program.en.json")),
            ("conciliation.en.json", include_str!("../locales/conciliation.en.json")),
            ("risk.en.json", include_str!("../locales/risk.en.json")),
            (
                "conciliation_intake.en.json",
                include_str!("../locales/conciliation_intake.en.json"),
            ),
            (
                "conciliation_staff.en.json",
                include_str!("../locales/conciliation_staff.en.json"),
            ),
            ("union_public.en.json", include_str!("../locales/union_public.en.json")),
            (
                "union_registrar.en.json",
                include_str!("../locales/union_registrar.en.json"),
            ),
            (
                "registry_search.en.json",
                include_str!("../locales/registry_search.en.json"),
            ),
        ])?;
        Ok(Self {
            es_value: minijinja::Value::from_serialize(&es),
            en_value: minijinja::Value::from_serialize(&en),
            es,
            en,
        })
    }

    fn table(&self, lang: Lang) -> &HashMap<String, String> {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }

    /// The whole table for templates (`t["key"]`).
    pub fn template_value(&self, lang: Lang) -> minijinja::Value {
        match lang {
            Lang::Es => self.es_value.clone(),
            Lang::En => self.en_value.clone(),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.es.contains_key(key)
    }

    /// The text for `key` with `{name}` placeholders filled. A missing key shows the key itself,
    /// so a gap is visible rather than silent.
    pub fn text(&self, lang: Lang, key: &str, params: &[(&str, String)]) -> String {
        let mut s = self.table(lang).get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in params {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    pub fn keys(&self, lang: Lang) -> Vec<&String> {
        let mut k: Vec<&String> = self.table(lang).keys().collect();
        k.sort();
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys_and_placeholders() {
        let i = I18n::embedded().unwrap();
        assert_eq!(i.keys(Lang::Es), i.keys(Lang::En));
        for key in i.keys(Lang::Es) {
            let placeholders = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(a, _)| a.to_string()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                placeholders(&i.es[key]),
                placeholders(&i.en[key]),
                "placeholders differ for {key}"
            );
        }
    }

    #[test]
    fn fills_placeholders_and_picks_language() {
        let i = I18n::embedded().unwrap();
        assert_eq!(
            i.text(Lang::En, "field.required", &[("field", "name".into())]),
            "The field name is required."
        );
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, es-MX;q=0.8, en;q=0.5"), Lang::Es);
        assert_eq!(Lang::from_accept_language(""), Lang::Es);
    }
}
