//! The registry's law as the registrar applies it (the official rules, the registrar's default
//! settings), and each record's command run through the store on a blocking thread, as the
//! signed-in user, at the present moment.

use std::sync::{Arc, OnceLock};

use chrono::Utc;
use faro_core::law::Law;
use faro_core::union::agreement::{self, Agreement};
use faro_core::union::registration::{self, Union};
use faro_core::union::vote::{self, Vote};
use faro_core::union::{RegistrarSettings, UnionRules};
use faro_core::{Actor, DomainError};
use faro_store::unions::{AgreementTarget, UnionLaw, UnionTarget, VoteTarget};
use faro_store::{Store, StoreError};

use crate::error::WebError;
use crate::inspection_pages::failure::{blocking, Refusal};
use crate::AppState;

fn settings() -> &'static RegistrarSettings {
    static S: OnceLock<RegistrarSettings> = OnceLock::new();
    S.get_or_init(RegistrarSettings::default)
}

/// The official rules of the registry; their absence is the server's fault, not the user's.
fn rules() -> Result<&'static UnionRules, StoreError> {
    UnionRules::official().map_err(|e| StoreError::Config(format!("the union rules: {}", e.detail)))
}

/// A number already given (a registration number is unique) as a refusal of the field.
fn conflict_as_field(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict(detail) => StoreError::Domain(DomainError::field(
            "registration_number",
            "ureg.error.number_taken",
            detail,
        )),
        other => other,
    }
}

type Job<T> = Box<dyn FnOnce(&Store, &UnionLaw<'_>, &Actor) -> Result<T, StoreError> + Send>;

async fn with_law<T: Send + 'static>(app: &AppState, actor: Actor, job: Job<T>) -> Result<T, Refusal> {
    let (store, law): (Arc<Store>, Arc<Law>) = (app.store.clone(), app.law.clone());
    blocking(move || {
        let ul = UnionLaw {
            law: &law,
            rules: rules()?,
            settings: settings(),
        };
        job(&store, &ul, &actor).map_err(conflict_as_field)
    })
    .await
}

pub async fn union(app: &AppState, actor: Actor, id: i64, c: registration::Command) -> Result<Union, Refusal> {
    with_law(
        app,
        actor,
        Box::new(move |s: &Store, l: &UnionLaw<'_>, a: &Actor| {
            s.union_command(l, a, Utc::now(), UnionTarget::Existing(id), &c)
                .map(|o| o.state)
        }),
    )
    .await
}

pub async fn agreement(app: &AppState, actor: Actor, id: i64, c: agreement::Command) -> Result<Agreement, Refusal> {
    with_law(
        app,
        actor,
        Box::new(move |s: &Store, l: &UnionLaw<'_>, a: &Actor| {
            s.agreement_command(l, a, Utc::now(), &AgreementTarget::Existing(id), &c)
                .map(|o| o.state)
        }),
    )
    .await
}

pub async fn vote(app: &AppState, actor: Actor, id: i64, c: vote::Command) -> Result<Vote, Refusal> {
    with_law(
        app,
        actor,
        Box::new(move |s: &Store, l: &UnionLaw<'_>, a: &Actor| {
            s.vote_command(l, a, Utc::now(), VoteTarget::Existing(id), &c)
                .map(|o| o.state)
        }),
    )
    .await
}

/// A store read on a blocking thread, for the pages.
pub async fn read<T, F>(f: F) -> Result<T, WebError>
where
    F: FnOnce() -> Result<T, StoreError> + Send + 'static,
    T: Send + 'static,
{
    crate::pages::blocking(f).await
}
