//! The columns of a DENUE file: which ones the import reads, and where they are in a given file.
//!
//! Columns are found by name, not position: INEGI has added columns over the years (`clee`), and
//! files exported through other tools reorder, drop or rename the case of columns.

use crate::encoding::{decode_lossy, Encoding, UTF8_BOM};
use crate::error::DenueError;

/// The columns of a DENUE download, in INEGI's order (the layout since 2019, with `clee`).
pub const DENUE_COLUMNS: [&str; 42] = [
    "id",
    "clee",
    "nom_estab",
    "raz_social",
    "codigo_act",
    "nombre_act",
    "per_ocu",
    "tipo_vial",
    "nom_vial",
    "tipo_v_e_1",
    "nom_v_e_1",
    "tipo_v_e_2",
    "nom_v_e_2",
    "tipo_v_e_3",
    "nom_v_e_3",
    "numero_ext",
    "letra_ext",
    "edificio",
    "edificio_e",
    "numero_int",
    "letra_int",
    "tipo_asent",
    "nomb_asent",
    "tipoCenCom",
    "nom_CenCom",
    "num_local",
    "cod_postal",
    "cve_ent",
    "entidad",
    "cve_mun",
    "municipio",
    "cve_loc",
    "localidad",
    "ageb",
    "manzana",
    "telefono",
    "correoelec",
    "www",
    "tipoUniEco",
    "latitud",
    "longitud",
    "fecha_alta",
];

/// A column the import reads. Other columns (`clee`, activity and place names, cross streets, and
/// the contact columns `telefono`, `correoelec`, `www`, which may hold personal data) are never
/// decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    NomEstab,
    RazSocial,
    CodigoAct,
    PerOcu,
    TipoVial,
    NomVial,
    NumeroExt,
    LetraExt,
    TipoAsent,
    NombAsent,
    CodPostal,
    CveEnt,
    CveMun,
    Localidad,
    Latitud,
    Longitud,
    FechaAlta,
}

impl Field {
    /// How many fields the import reads.
    pub const COUNT: usize = 18;

    /// Every field, in the order of [`Field::index`].
    pub const ALL: [Field; Field::COUNT] = [
        Field::Id,
        Field::NomEstab,
        Field::RazSocial,
        Field::CodigoAct,
        Field::PerOcu,
        Field::TipoVial,
        Field::NomVial,
        Field::NumeroExt,
        Field::LetraExt,
        Field::TipoAsent,
        Field::NombAsent,
        Field::CodPostal,
        Field::CveEnt,
        Field::CveMun,
        Field::Localidad,
        Field::Latitud,
        Field::Longitud,
        Field::FechaAlta,
    ];

    /// The column name in a DENUE file, lower case.
    pub fn column(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::NomEstab => "nom_estab",
            Field::RazSocial => "raz_social",
            Field::CodigoAct => "codigo_act",
            Field::PerOcu => "per_ocu",
            Field::TipoVial => "tipo_vial",
            Field::NomVial => "nom_vial",
            Field::NumeroExt => "numero_ext",
            Field::LetraExt => "letra_ext",
            Field::TipoAsent => "tipo_asent",
            Field::NombAsent => "nomb_asent",
            Field::CodPostal => "cod_postal",
            Field::CveEnt => "cve_ent",
            Field::CveMun => "cve_mun",
            Field::Localidad => "localidad",
            Field::Latitud => "latitud",
            Field::Longitud => "longitud",
            Field::FechaAlta => "fecha_alta",
        }
    }

    /// Position of this field in [`Field::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether a file without this column is rejected: without them a row cannot become a
    /// workplace (identity, name, activity, size, municipality).
    pub fn is_essential(self) -> bool {
        matches!(
            self,
            Field::Id | Field::NomEstab | Field::CodigoAct | Field::PerOcu | Field::CveEnt | Field::CveMun
        )
    }

    fn from_column(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.column() == name)
    }
}

/// Where each field is in one file's records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    positions: [Option<usize>; Field::COUNT],
    width: usize,
    names: Vec<String>,
}

impl ColumnMap {
    /// Maps a header record. Names are compared trimmed, without quotes or a byte order mark, and
    /// ignoring ASCII case; extra columns are ignored, the first of two equal names wins. Fails
    /// when an essential column is missing.
    pub fn from_header<'a>(header: impl IntoIterator<Item = &'a [u8]>, encoding: Encoding) -> Result<Self, DenueError> {
        let names: Vec<String> = header.into_iter().map(|raw| normalize_name(raw, encoding)).collect();
        let mut positions = [None; Field::COUNT];
        for (i, name) in names.iter().enumerate() {
            if let Some(f) = Field::from_column(name) {
                positions[f.index()].get_or_insert(i);
            }
        }
        let missing: Vec<&'static str> = Field::ALL
            .into_iter()
            .filter(|f| f.is_essential() && positions[f.index()].is_none())
            .map(Field::column)
            .collect();
        if !missing.is_empty() {
            return Err(DenueError::MissingColumns { missing, found: names });
        }
        Ok(ColumnMap {
            positions,
            width: names.len(),
            names,
        })
    }

    /// The record position of a field, if the file has that column.
    pub fn position(&self, field: Field) -> Option<usize> {
        self.positions[field.index()]
    }

    /// Number of columns in the header.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The header names, normalized (lower case, trimmed).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Optional columns the file lacks (their values read as empty).
    pub fn absent(&self) -> Vec<&'static str> {
        Field::ALL
            .into_iter()
            .filter(|f| self.positions[f.index()].is_none())
            .map(Field::column)
            .collect()
    }
}

/// A header name as compared: no BOM, no surrounding blanks or quotes, ASCII lower case.
fn normalize_name(raw: &[u8], encoding: Encoding) -> String {
    let raw = raw.strip_prefix(UTF8_BOM).unwrap_or(raw);
    let text = decode_lossy(encoding, raw);
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '\u{feff}');
    trimmed.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(names: &[&str]) -> Result<ColumnMap, DenueError> {
        ColumnMap::from_header(names.iter().map(|n| n.as_bytes()), Encoding::Utf8)
    }

    #[test]
    fn real_layout_maps_every_field() {
        let m = map(&DENUE_COLUMNS).unwrap();
        assert_eq!(m.width(), 42);
        assert_eq!(m.position(Field::Id), Some(0));
        assert_eq!(m.position(Field::NomEstab), Some(2));
        assert_eq!(m.position(Field::CodigoAct), Some(4));
        assert_eq!(m.position(Field::FechaAlta), Some(41));
        assert!(m.absent().is_empty());
    }

    #[test]
    fn reordered_renamed_case_and_decorated_names() {
        let m = map(&[
            "\u{feff}\"ID\"",
            " Per_Ocu ",
            "CVE_MUN",
            "'cve_ent'",
            "extra",
            "CODIGO_ACT",
            "nom_estab",
        ])
        .unwrap();
        assert_eq!(m.position(Field::Id), Some(0));
        assert_eq!(m.position(Field::PerOcu), Some(1));
        assert_eq!(m.position(Field::CveMun), Some(2));
        assert_eq!(m.position(Field::CveEnt), Some(3));
        assert_eq!(m.position(Field::CodigoAct), Some(5));
        assert_eq!(m.position(Field::NomEstab), Some(6));
        assert_eq!(m.position(Field::Latitud), None);
        assert!(m.absent().contains(&"raz_social"));
    }

    #[test]
    fn bom_bytes_are_stripped() {
        let header: [&[u8]; 6] = [
            b"\xEF\xBB\xBFid",
            b"nom_estab",
            b"codigo_act",
            b"per_ocu",
            b"cve_ent",
            b"cve_mun",
        ];
        let m = ColumnMap::from_header(header, Encoding::Windows1252).unwrap();
        assert_eq!(m.position(Field::Id), Some(0));
    }

    #[test]
    fn first_of_duplicate_names_wins() {
        let m = map(&["id", "nom_estab", "codigo_act", "per_ocu", "cve_ent", "cve_mun", "id"]).unwrap();
        assert_eq!(m.position(Field::Id), Some(0));
    }

    #[test]
    fn missing_essentials_are_named_with_the_columns_found() {
        let err = map(&["id", "nom_estab", "per_ocu", "cve_ent", "cve_mun", "Nombre"]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("column 'codigo_act' is missing"), "{text}");
        assert!(text.contains("does not look like a DENUE file"), "{text}");
        assert!(
            text.contains("found columns id, nom_estab, per_ocu, cve_ent, cve_mun, nombre"),
            "{text}"
        );
        let err = map(&["a", "b"]).unwrap_err();
        assert!(
            err.to_string().starts_with("columns 'id', 'nom_estab', 'codigo_act'"),
            "{err}"
        );
    }
}
