//! A refused command shown to the person who sent it: the page is drawn again with the
//! translated reason next to the form that failed, and what they typed kept in it.

use faro_core::DomainError;
use faro_store::StoreError;

use super::form::FormData;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::AppState;

/// Why a form was refused, and what it held.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    /// Which form of the page failed (its id in the template).
    pub form: String,
    pub message: String,
    pub posted: FormData,
}

/// The message of an error in `lang`; a `field` parameter is shown by its translated name.
pub fn message(app: &AppState, lang: Lang, code: &str, params: &[(&'static str, String)]) -> String {
    let i = &app.renderer.i18n;
    let params: Vec<(&str, String)> = params
        .iter()
        .map(|(k, v)| {
            let key = format!("insp.field.{v}");
            if *k == "field" && i.has(&key) {
                (*k, i.text(lang, &key, &[]))
            } else {
                (*k, v.clone())
            }
        })
        .collect();
    i.text(lang, code, &params)
}

/// What went wrong with a command: refused by the law (shown on the page, 422), or an error of
/// the server, the database or access, which becomes an error page.
pub enum Refusal {
    Domain(DomainError),
    Other(WebError),
}

impl From<DomainError> for Refusal {
    fn from(e: DomainError) -> Self {
        Refusal::Domain(e)
    }
}

impl From<WebError> for Refusal {
    fn from(e: WebError) -> Self {
        Refusal::Other(e)
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domain(d) => Refusal::Domain(d),
            other => Refusal::Other(other.into()),
        }
    }
}

impl Refusal {
    /// The failure to show, or the error to return.
    pub fn into_failure(self, app: &AppState, lang: Lang, form: &str, posted: FormData) -> Result<Failure, WebError> {
        match self {
            Refusal::Domain(d) => Ok(Failure {
                form: form.to_string(),
                message: message(app, lang, d.code, &d.params),
                posted,
            }),
            Refusal::Other(e) => Err(e),
        }
    }
}

/// Runs a store call on a blocking thread, keeping domain refusals apart from other errors.
pub async fn blocking<T, F>(f: F) -> Result<T, Refusal>
where
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(Refusal::from),
        Err(e) => Err(Refusal::Other(e.into())),
    }
}
