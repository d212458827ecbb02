//! The data dictionary of the open data: every file, and every field in the order the file
//! writes it. The CSV headers are taken from here, so the dictionary cannot fall behind the
//! files. Descriptions live in the locales (`data.dataset.<key>`, `data.field.<name>`,
//! `data.type.<kind>`), in Spanish and English.

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Text,
    /// A code from a catalog or a fixed list.
    Code,
    /// YYYY-MM-DD.
    Date,
    /// Pesos with two decimals, point as the decimal mark.
    Pesos,
    /// Whole centavos.
    Centavos,
    /// A list of codes (a JSON array).
    List,
    /// Codes separated by semicolons.
    CodeList,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Integer => "integer",
            Kind::Text => "text",
            Kind::Code => "code",
            Kind::Date => "date",
            Kind::Pesos => "pesos",
            Kind::Centavos => "centavos",
            Kind::List => "list",
            Kind::CodeList => "code_list",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// Empty (CSV) or null (JSON) when there is nothing to say.
    pub optional: bool,
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        optional: false,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        optional: true,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dataset {
    /// The key of its description, `data.dataset.<key>`.
    pub key: &'static str,
    /// Its file under `/data/`.
    pub file: &'static str,
    pub media_type: &'static str,
    pub fields: &'static [Field],
}

impl Dataset {
    pub fn header(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.name.to_string()).collect()
    }
}

pub const INSPECTIONS_CSV: Dataset = Dataset {
    key: "inspections_csv",
    file: "inspections.csv",
    media_type: "text/csv; charset=utf-8",
    fields: &[
        f("inspection_id", Kind::Integer),
        f("workplace_id", Kind::Integer),
        f("workplace_name", Kind::Text),
        f("employer_id", Kind::Integer),
        f("employer_name", Kind::Text),
        f("employer_kind", Kind::Code),
        f("state", Kind::Code),
        f("municipality", Kind::Code),
        f("scian_class", Kind::Code),
        f("sector", Kind::Code),
        f("kind", Kind::Code),
        f("matters", Kind::CodeList),
        f("visit_date", Kind::Date),
        opt("closed_on", Kind::Date),
        f("result", Kind::Code),
        f("findings", Kind::Integer),
        opt("sanction_id", Kind::Integer),
        opt("sanction_status", Kind::Code),
        opt("fines_imposed_mxn", Kind::Pesos),
        opt("fines_paid_mxn", Kind::Pesos),
    ],
};

pub const INSPECTIONS_JSON: Dataset = Dataset {
    key: "inspections_json",
    file: "inspections.json",
    media_type: "application/json",
    fields: &[
        f("inspection_id", Kind::Integer),
        f("workplace_id", Kind::Integer),
        f("workplace_name", Kind::Text),
        f("employer_id", Kind::Integer),
        f("employer_name", Kind::Text),
        f("employer_kind", Kind::Code),
        f("state", Kind::Code),
        f("municipality", Kind::Code),
        f("scian_class", Kind::Code),
        f("sector", Kind::Code),
        f("kind", Kind::Code),
        f("matters", Kind::List),
        f("visit_date", Kind::Date),
        opt("closed_on", Kind::Date),
        f("result", Kind::Code),
        f("findings", Kind::Integer),
        opt("sanction_id", Kind::Integer),
        opt("sanction_status", Kind::Code),
        opt("fines_imposed_centavos", Kind::Centavos),
        opt("fines_paid_centavos", Kind::Centavos),
    ],
};

pub const FINDINGS_CSV: Dataset = Dataset {
    key: "findings_csv",
    file: "findings.csv",
    media_type: "text/csv; charset=utf-8",
    fields: &[
        f("inspection_id", Kind::Integer),
        f("workplace_id", Kind::Integer),
        f("record_date", Kind::Date),
        f("matter", Kind::Code),
        f("question_id", Kind::Code),
        f("violation", Kind::Code),
        f("violation_title_es", Kind::Text),
        f("violation_title_en", Kind::Text),
        f("article", Kind::Text),
        f("affected_workers", Kind::Integer),
    ],
};

pub const SANCTIONS_CSV: Dataset = Dataset {
    key: "sanctions_csv",
    file: "sanctions.csv",
    media_type: "text/csv; charset=utf-8",
    fields: &[
        f("sanction_id", Kind::Integer),
        f("inspection_id", Kind::Integer),
        f("workplace_id", Kind::Integer),
        f("workplace_name", Kind::Text),
        f("employer_id", Kind::Integer),
        f("employer_name", Kind::Text),
        f("employer_kind", Kind::Code),
        f("state", Kind::Code),
        f("sector", Kind::Code),
        f("status", Kind::Code),
        f("opened_on", Kind::Date),
        opt("resolved_on", Kind::Date),
        opt("final_on", Kind::Date),
        f("fines_imposed_mxn", Kind::Pesos),
        f("fines_paid_mxn", Kind::Pesos),
    ],
};

/// Every file, in the order the data page lists them.
pub const DATASETS: [Dataset; 4] = [INSPECTIONS_CSV, INSPECTIONS_JSON, FINDINGS_CSV, SANCTIONS_CSV];

/// A text in both languages, as the dictionaries publish every description.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Described {
    pub(crate) es: String,
    pub(crate) en: String,
}

/// The translation `key` in Spanish and English.
pub(crate) fn described(app: &crate::AppState, key: &str) -> Described {
    Described {
        es: super::view::text(app, crate::i18n::Lang::Es, key),
        en: super::view::text(app, crate::i18n::Lang::En, key),
    }
}

/// One column of a published file, described.
#[derive(Debug, serde::Serialize)]
pub(crate) struct FieldDoc {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    optional: bool,
    description: Described,
}

/// One published file: where it is, its media type, what it holds, and its columns.
#[derive(Debug, serde::Serialize)]
pub(crate) struct DatasetDoc {
    file: &'static str,
    url: String,
    media_type: &'static str,
    description: Described,
    fields: Vec<FieldDoc>,
}

/// The documents of `datasets`, served under `url_prefix` ("/data/"), described by the
/// translations `{key_prefix}.dataset.<key>` and `{key_prefix}.field.<name>`.
pub(crate) fn dataset_docs(
    app: &crate::AppState,
    datasets: &[Dataset],
    url_prefix: &str,
    key_prefix: &str,
) -> Vec<DatasetDoc> {
    datasets
        .iter()
        .map(|d| DatasetDoc {
            file: d.file,
            url: format!("{url_prefix}{}", d.file),
            media_type: d.media_type,
            description: described(app, &format!("{key_prefix}.dataset.{}", d.key)),
            fields: d
                .fields
                .iter()
                .map(|f| FieldDoc {
                    name: f.name,
                    kind: f.kind.code(),
                    optional: f.optional,
                    description: described(app, &format!("{key_prefix}.field.{}", f.name)),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_in_each_file_and_every_text_exists_in_both_languages() {
        let i18n = crate::i18n::I18n::embedded().unwrap();
        for d in DATASETS {
            let mut names: Vec<&str> = d.fields.iter().map(|f| f.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), d.fields.len(), "{}", d.file);
            assert!(i18n.has(&format!("data.dataset.{}", d.key)), "{}", d.key);
            for f in d.fields {
                assert!(i18n.has(&format!("data.field.{}", f.name)), "data.field.{}", f.name);
                assert!(i18n.has(&format!("data.type.{}", f.kind.code())), "{:?}", f.kind);
            }
        }
    }
}
