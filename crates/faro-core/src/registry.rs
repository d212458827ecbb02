//! The employer and workplace registry shared by every procedure.
//!
//! An employer (patrón: a legal entity or an individual, with an RFC when known) has many
//! workplaces (centros de trabajo). Records arrive from staff forms, the API, DENUE imports and the
//! demo; all of them pass through the validation here, which returns typed drafts or errors that
//! name the field and the reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::Catalogs;
use crate::event::{kinds, NewEvent};
use crate::ids::rfc::Rfc;
use crate::{DomainError, Jurisdiction, StateCode};

/// Persona moral (legal entity, 12-character RFC) or persona física (individual, 13 characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    LegalEntity,
    Individual,
}

impl PersonKind {
    pub fn code(self) -> &'static str {
        match self {
            PersonKind::LegalEntity => "legal_entity",
            PersonKind::Individual => "individual",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "legal_entity" => Some(PersonKind::LegalEntity),
            "individual" => Some(PersonKind::Individual),
            _ => None,
        }
    }
}

/// DENUE's bands of persons employed (per_ocu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SizeBand {
    #[serde(rename = "0-5")]
    B0To5,
    #[serde(rename = "6-10")]
    B6To10,
    #[serde(rename = "11-30")]
    B11To30,
    #[serde(rename = "31-50")]
    B31To50,
    #[serde(rename = "51-100")]
    B51To100,
    #[serde(rename = "101-250")]
    B101To250,
    #[serde(rename = "251+")]
    B251Plus,
}

impl SizeBand {
    pub const ALL: [SizeBand; 7] = [
        SizeBand::B0To5,
        SizeBand::B6To10,
        SizeBand::B11To30,
        SizeBand::B31To50,
        SizeBand::B51To100,
        SizeBand::B101To250,
        SizeBand::B251Plus,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SizeBand::B0To5 => "0-5",
            SizeBand::B6To10 => "6-10",
            SizeBand::B11To30 => "11-30",
            SizeBand::B31To50 => "31-50",
            SizeBand::B51To100 => "51-100",
            SizeBand::B101To250 => "101-250",
            SizeBand::B251Plus => "251+",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        SizeBand::ALL.into_iter().find(|b| b.code() == s)
    }

    /// Inclusive bounds of persons employed; the last band has no upper bound.
    pub fn bounds(self) -> (u32, Option<u32>) {
        match self {
            SizeBand::B0To5 => (0, Some(5)),
            SizeBand::B6To10 => (6, Some(10)),
            SizeBand::B11To30 => (11, Some(30)),
            SizeBand::B31To50 => (31, Some(50)),
            SizeBand::B51To100 => (51, Some(100)),
            SizeBand::B101To250 => (101, Some(250)),
            SizeBand::B251Plus => (251, None),
        }
    }

    pub fn for_headcount(n: u32) -> Self {
        SizeBand::ALL
            .into_iter()
            .find(|b| {
                let (lo, hi) = b.bounds();
                n >= lo && hi.is_none_or(|h| n <= h)
            })
            .unwrap_or(SizeBand::B251Plus)
    }

    /// Parses DENUE's text ("0 a 5 personas", "251 y más personas") or a code ("0-5").
    pub fn parse_denue(s: &str) -> Option<Self> {
        let t = s.trim();
        if let Some(b) = SizeBand::from_code(t) {
            return Some(b);
        }
        let first: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let lo: u32 = first.parse().ok()?;
        SizeBand::ALL.into_iter().find(|b| b.bounds().0 == lo)
    }
}

/// A validated employer, ready to be registered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmployerDraft {
    /// The RFC as written by the authority, upper case; absent when unknown (DENUE does not publish it).
    pub rfc: Option<String>,
    pub name: String,
    /// "S.A. de C.V.", "S. de R.L. de C.V.", ... or empty for individuals.
    pub legal_form: String,
    pub person_kind: PersonKind,
}

/// A validated workplace. `employer_key` links it to its employer inside a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkplaceDraft {
    /// A stable key from the source: "denue:1234", "demo:55", "faro:<uuid>". Re-importing the same
    /// key updates the workplace instead of adding a second one.
    pub source_key: String,
    pub name: String,
    pub denue_id: Option<i64>,
    pub street: String,
    pub exterior_number: String,
    pub settlement: String,
    pub postal_code: String,
    pub locality: String,
    pub state: StateCode,
    /// INEGI geostatistical key of the municipality: state code + municipality code ("09015").
    pub municipality: String,
    /// SCIAN class, six digits.
    pub scian_class: String,
    pub size_band: SizeBand,
    pub headcount: Option<u32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub registered_on: Option<NaiveDate>,
}

impl WorkplaceDraft {
    pub fn jurisdiction(&self) -> Jurisdiction {
        Jurisdiction::State(self.state)
    }
}

/// The key that identifies an employer: its RFC when known, else its normalized name, else the
/// workplace it was found at.
pub fn employer_key(e: &EmployerDraft, fallback: &str) -> String {
    match &e.rfc {
        Some(r) => format!("rfc:{r}"),
        None => {
            let n = crate::text::normalize(&e.name);
            if n.is_empty() {
                format!("at:{fallback}")
            } else {
                format!("name:{n}")
            }
        }
    }
}

const MAX_NAME: usize = 300;

fn check_name(field: &'static str, s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(DomainError::field(
            field,
            "field.required",
            format!("{field} is required"),
        ));
    }
    if t.chars().count() > MAX_NAME {
        return Err(DomainError::field(
            field,
            "field.too_long",
            format!("{field} is longer than {MAX_NAME} characters"),
        )
        .with("max", MAX_NAME.to_string()));
    }
    if t.chars().any(|c| c.is_control()) {
        return Err(DomainError::field(
            field,
            "field.control_chars",
            format!("{field} contains control characters"),
        ));
    }
    Ok(t.to_string())
}

fn check_free_text(field: &'static str, s: &str) -> Result<String, DomainError> {
    let t = s.trim();
    if t.chars().count() > MAX_NAME {
        return Err(DomainError::field(
            field,
            "field.too_long",
            format!("{field} is longer than {MAX_NAME} characters"),
        )
        .with("max", MAX_NAME.to_string()));
    }
    if t.chars().any(|c| c.is_control()) {
        return Err(DomainError::field(
            field,
            "field.control_chars",
            format!("{field} contains control characters"),
        ));
    }
    Ok(t.to_string())
}

/// Raw employer input from a form, the API or an import.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct EmployerInput {
    #[serde(default)]
    pub rfc: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub legal_form: String,
}

/// Validates employer input. The RFC decides the person kind; an RFC with a wrong check digit is
/// accepted (a share of real RFCs fail it) and the warning is returned for display.
pub fn validate_employer(input: &EmployerInput) -> Result<(EmployerDraft, Vec<String>), DomainError> {
    let name = check_name("name", &input.name)?;
    let legal_form = check_free_text("legal_form", &input.legal_form)?;
    let rfc_text = input.rfc.trim();
    let (rfc, person_kind, warnings) = if rfc_text.is_empty() {
        let kind = if legal_form.is_empty() {
            PersonKind::Individual
        } else {
            PersonKind::LegalEntity
        };
        (None, kind, Vec::new())
    } else {
        let checked = Rfc::parse(rfc_text)
            .map_err(|e| DomainError::field("rfc", "rfc.invalid", e.to_string()).with("reason", e.to_string()))?;
        let kind = if checked.value.is_legal_entity() {
            PersonKind::LegalEntity
        } else {
            PersonKind::Individual
        };
        let warnings = checked.warnings.iter().map(|w| w.to_string()).collect();
        (Some(checked.value.as_str().to_string()), kind, warnings)
    };
    Ok((
        EmployerDraft {
            rfc,
            name,
            legal_form,
            person_kind,
        },
        warnings,
    ))
}

/// Raw workplace input from a form or the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct WorkplaceInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub exterior_number: String,
    #[serde(default)]
    pub settlement: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub locality: String,
    /// INEGI municipality key, five digits ("14039"); the state is its first two.
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub scian_class: String,
    #[serde(default)]
    pub headcount: Option<u32>,
    #[serde(default)]
    pub size_band: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub denue_id: Option<i64>,
    #[serde(default)]
    pub registered_on: Option<NaiveDate>,
}

/// Mexico's territory lies within these bounds (with a margin for the islands).
pub fn coordinates_in_mexico(lat: f64, lon: f64) -> bool {
    (14.0..=33.5).contains(&lat) && (-118.8..=-86.0).contains(&lon)
}

/// Validates workplace input against the catalogs: the municipality must exist, the SCIAN class
/// must exist, the postal code must have five digits, the coordinates must fall in Mexico, and
/// the headcount must agree with the size band when both are given.
pub fn validate_workplace(
    input: &WorkplaceInput,
    source_key: String,
    cat: &Catalogs,
) -> Result<WorkplaceDraft, DomainError> {
    let name = check_name("name", &input.name)?;
    let street = check_free_text("street", &input.street)?;
    let exterior_number = check_free_text("exterior_number", &input.exterior_number)?;
    let settlement = check_free_text("settlement", &input.settlement)?;
    let locality = check_free_text("locality", &input.locality)?;
    let muni = input.municipality.trim();
    let municipality = cat.municipality(muni).ok_or_else(|| {
        DomainError::field(
            "municipality",
            "municipality.unknown",
            format!("'{muni}' is not an INEGI municipality key"),
        )
        .with("value", muni)
    })?;
    let state = municipality.state;
    let scian = input.scian_class.trim();
    if cat.scian_class(scian).is_none() {
        return Err(DomainError::field(
            "scian_class",
            "scian.unknown",
            format!("'{scian}' is not a SCIAN class"),
        )
        .with("value", scian));
    }
    let postal_code = input.postal_code.trim().to_string();
    let five_digits = postal_code.len() == 5 && postal_code.bytes().all(|b| b.is_ascii_digit());
    if !postal_code.is_empty() && !five_digits {
        return Err(DomainError::field(
            "postal_code",
            "postal_code.invalid",
            format!("'{postal_code}' is not a five-digit postal code"),
        )
        .with("value", postal_code.as_str()));
    }
    let size_band = match (&input.size_band, input.headcount) {
        (Some(b), hc) if !b.trim().is_empty() => {
            let band = SizeBand::parse_denue(b).ok_or_else(|| {
                DomainError::field("size_band", "size_band.invalid", format!("'{b}' is not a size band"))
                    .with("value", b.as_str())
            })?;
            if let Some(n) = hc {
                if SizeBand::for_headcount(n) != band {
                    return Err(DomainError::field(
                        "headcount",
                        "headcount.band_mismatch",
                        format!("headcount {n} is outside the size band {}", band.code()),
                    )
                    .with("value", n.to_string())
                    .with("band", band.code()));
                }
            }
            band
        }
        (_, Some(n)) => SizeBand::for_headcount(n),
        _ => {
            return Err(DomainError::field(
                "headcount",
                "field.required",
                "give the number of persons employed or a size band",
            ))
        }
    };
    let (latitude, longitude) = match (input.latitude, input.longitude) {
        (Some(lat), Some(lon)) => {
            if !lat.is_finite() || !lon.is_finite() || !coordinates_in_mexico(lat, lon) {
                return Err(DomainError::field(
                    "latitude",
                    "coordinates.outside_mexico",
                    format!("({lat}, {lon}) is not in Mexico"),
                ));
            }
            (Some(lat), Some(lon))
        }
        (None, None) => (None, None),
        _ => {
            return Err(DomainError::field(
                "longitude",
                "coordinates.incomplete",
                "give both latitude and longitude, or neither",
            ))
        }
    };
    Ok(WorkplaceDraft {
        source_key,
        name,
        denue_id: input.denue_id,
        street,
        exterior_number,
        settlement,
        postal_code,
        locality,
        state,
        municipality: municipality.cvegeo.clone(),
        scian_class: scian.to_string(),
        size_band,
        headcount: input.headcount,
        latitude,
        longitude,
        registered_on: input.registered_on,
    })
}

/// A batch of employers and workplaces from one source. Each workplace names its employer by key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegistryBatch {
    pub source: String,
    pub employers: Vec<(String, EmployerDraft)>,
    pub workplaces: Vec<(String, WorkplaceDraft)>,
}

impl RegistryBatch {
    pub fn is_empty(&self) -> bool {
        self.workplaces.is_empty() && self.employers.is_empty()
    }
}

/// The event of a batch import: one event per batch, whose payload is the batch itself with every
/// row, so the history stays complete and bulk loads stay fast. The payload is serialized here,
/// straight to text, because a batch holds thousands of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchEvent {
    pub kind: &'static str,
    pub jurisdiction: Jurisdiction,
    pub subject: String,
    pub payload: String,
}

/// Decides the event for a batch import; an empty batch is refused.
pub fn decide_import_batch(batch: &RegistryBatch) -> Result<BatchEvent, DomainError> {
    if batch.is_empty() {
        return Err(DomainError::new(
            "import.empty_batch",
            "an import batch must hold at least one row",
        ));
    }
    let payload = serde_json::to_string(batch)
        .map_err(|e| DomainError::new("import.unserializable", format!("batch cannot be recorded: {e}")))?;
    Ok(BatchEvent {
        kind: kinds::REGISTRY_BATCH_IMPORTED,
        jurisdiction: Jurisdiction::Federal,
        subject: format!("import/{}", batch.source),
        payload,
    })
}

/// A batch together with its decided event: built only by [`DecidedBatch::decide`], so the event
/// always records exactly this batch. Deciding (serializing every row) can then run on another
/// thread than the one that stores the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidedBatch {
    batch: RegistryBatch,
    event: BatchEvent,
}

impl DecidedBatch {
    pub fn decide(batch: RegistryBatch) -> Result<Self, DomainError> {
        let event = decide_import_batch(&batch)?;
        Ok(Self { batch, event })
    }
    pub fn batch(&self) -> &RegistryBatch {
        &self.batch
    }
    pub fn event(&self) -> &BatchEvent {
        &self.event
    }
}

/// Decides the event that registers one employer.
pub fn decide_register_employer(draft: &EmployerDraft, key: &str, jurisdiction: Jurisdiction) -> NewEvent {
    NewEvent::new(
        kinds::EMPLOYER_REGISTERED,
        jurisdiction,
        "",
        serde_json::json!({ "key": key, "employer": draft }),
    )
}

/// Decides the event that registers one workplace for an existing employer.
pub fn decide_register_workplace(draft: &WorkplaceDraft, employer_id: i64) -> NewEvent {
    NewEvent::new(
        kinds::WORKPLACE_REGISTERED,
        draft.jurisdiction(),
        "",
        serde_json::json!({ "employer_id": employer_id, "workplace": draft }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_bands_from_denue_text_and_headcount() {
        assert_eq!(SizeBand::parse_denue("0 a 5 personas"), Some(SizeBand::B0To5));
        assert_eq!(SizeBand::parse_denue("251 y más personas"), Some(SizeBand::B251Plus));
        assert_eq!(SizeBand::parse_denue("11 a 30 personas"), Some(SizeBand::B11To30));
        assert_eq!(SizeBand::parse_denue("muchas"), None);
        assert_eq!(SizeBand::for_headcount(0), SizeBand::B0To5);
        assert_eq!(SizeBand::for_headcount(10), SizeBand::B6To10);
        assert_eq!(SizeBand::for_headcount(11), SizeBand::B11To30);
        assert_eq!(SizeBand::for_headcount(5000), SizeBand::B251Plus);
    }

    #[test]
    fn employer_key_prefers_rfc_then_name() {
        let mut e = EmployerDraft {
            rfc: Some("GODE561231GR8".into()),
            name: "Ernesto".into(),
            legal_form: String::new(),
            person_kind: PersonKind::Individual,
        };
        assert_eq!(employer_key(&e, "x"), "rfc:GODE561231GR8");
        e.rfc = None;
        assert_eq!(employer_key(&e, "x"), "name:ERNESTO");
        e.name = "  ".into();
        assert_eq!(employer_key(&e, "denue:1"), "at:denue:1");
    }

    #[test]
    fn employer_validation() {
        let ok = validate_employer(&EmployerInput {
            rfc: "mab9307148t4".into(),
            name: "Mabe".into(),
            legal_form: "S.A. de C.V.".into(),
        })
        .unwrap();
        assert_eq!(ok.0.rfc.as_deref(), Some("MAB9307148T4"));
        assert_eq!(ok.0.person_kind, PersonKind::LegalEntity);
        assert!(ok.1.is_empty());
        let err = validate_employer(&EmployerInput {
            rfc: "XYZ".into(),
            name: "A".into(),
            legal_form: String::new(),
        })
        .unwrap_err();
        assert_eq!(err.code, "rfc.invalid");
        let err = validate_employer(&EmployerInput::default()).unwrap_err();
        assert_eq!(err.code, "field.required");
    }

    #[test]
    fn workplace_validation_uses_catalogs() {
        let cat = Catalogs::embedded().unwrap();
        let input = WorkplaceInput {
            name: "Panadería La Espiga".into(),
            municipality: "14039".into(),
            scian_class: "311812".into(),
            postal_code: "44100".into(),
            headcount: Some(12),
            latitude: Some(20.67),
            longitude: Some(-103.35),
            ..Default::default()
        };
        let w = validate_workplace(&input, "faro:1".into(), &cat).unwrap();
        assert_eq!(w.state.number(), 14);
        assert_eq!(w.size_band, SizeBand::B11To30);
        let mut bad = input.clone();
        bad.municipality = "99999".into();
        assert_eq!(
            validate_workplace(&bad, "k".into(), &cat).unwrap_err().code,
            "municipality.unknown"
        );
        let mut bad = input.clone();
        bad.scian_class = "000000".into();
        assert_eq!(
            validate_workplace(&bad, "k".into(), &cat).unwrap_err().code,
            "scian.unknown"
        );
        let mut bad = input.clone();
        bad.latitude = Some(40.0);
        assert_eq!(
            validate_workplace(&bad, "k".into(), &cat).unwrap_err().code,
            "coordinates.outside_mexico"
        );
        let mut bad = input;
        bad.size_band = Some("0 a 5 personas".into());
        assert_eq!(
            validate_workplace(&bad, "k".into(), &cat).unwrap_err().code,
            "headcount.band_mismatch"
        );
    }
}
