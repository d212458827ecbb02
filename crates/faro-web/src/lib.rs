//! Faro's web server: server-rendered pages in Spanish and English, the JSON API under `/api/v1`
//! with its OpenAPI document, server-side sessions with CSRF protection, and the one
//! authorization policy (in `faro_core::policy`) asked by every handler.

pub mod api;
mod assets;
pub mod auth;
pub mod conciliation_pages;
pub mod ctx;
pub mod error;
pub mod i18n;
pub mod inspection_pages;
mod layers;
mod module_templates;
pub mod pages;
pub mod program_pages;
pub mod public_pages;
pub mod registry_search;
mod render;
pub mod risk_pages;
pub mod routes;
pub mod union_public;
pub mod union_registrar;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use faro_core::catalog::Catalogs;
use faro_core::law::Law;
use faro_store::Store;

pub use render::Renderer;

/// Settings of the web server.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (on whenever Faro is served over HTTPS, which production must be).
    pub secure_cookies: bool,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<Store>,
    pub catalogs: Arc<Catalogs>,
    pub renderer: Arc<Renderer>,
    pub config: Arc<WebConfig>,
    /// The law as data (rules, protocols, calendar, catalogs) every decision consults.
    pub law: Arc<Law>,
    /// Risk models parsed once per process (the workplace page explains scores with them).
    pub risk_models: Arc<risk_pages::ModelCache>,
    /// The public search index of the union registry: in memory unless the server gives it a
    /// directory ([`AppState::with_registry_index_dir`]); kept current from the store.
    pub registry_index: Arc<registry_search::RegistryIndex>,
    /// Where the audit page's last full walk of the chain ended intact, and when it was made.
    pub audit_checkpoint: Arc<std::sync::Mutex<Option<AuditCheckpoint>>>,
}

/// The end of the last intact full walk of the event chain, moved forward by each incremental
/// walk of the audit page.
#[derive(Debug, Clone)]
pub struct AuditCheckpoint {
    pub chain: faro_store::ChainCheckpoint,
    /// When the last full walk was made, and how many events it checked.
    pub full_at: chrono::DateTime<chrono::Utc>,
    pub full_events: u64,
}

impl AppState {
    pub fn new(store: Arc<Store>, catalogs: Arc<Catalogs>, config: WebConfig) -> Result<Self, String> {
        let law = Law::official(catalogs.clone(), None).map_err(|e| e.to_string())?;
        let registry_index = registry_search::RegistryIndex::in_memory(catalogs.clone()).map_err(|e| e.to_string())?;
        Ok(Self {
            store,
            catalogs,
            renderer: Arc::new(Renderer::new()?),
            config: Arc::new(config),
            law: Arc::new(law),
            risk_models: Arc::new(risk_pages::ModelCache::default()),
            registry_index: Arc::new(registry_index),
            audit_checkpoint: Arc::new(std::sync::Mutex::new(None)),
        })
    }

    /// The same state with the union registry's search index on disk in `dir` (created when
    /// missing, else continued from where it stopped).
    pub fn with_registry_index_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Result<Self, String> {
        let index = registry_search::RegistryIndex::open_dir(dir, self.catalogs.clone()).map_err(|e| e.to_string())?;
        self.registry_index = Arc::new(index);
        Ok(self)
    }

    /// The same state with a deployment's overrides of the configurable legal rules (TOML).
    pub fn with_rules_overrides(mut self, overrides: &str) -> Result<Self, String> {
        let law = Law::official(self.catalogs.clone(), Some(overrides)).map_err(|e| e.to_string())?;
        self.law = Arc::new(law);
        Ok(self)
    }
}

/// The whole application: every route of [`routes::ROUTES`] plus static assets, wrapped in the
/// session, error and security layers.
pub fn app(state: AppState) -> Router {
    routes::router(state)
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
