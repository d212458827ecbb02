//! `faro serve`: the web server on an existing database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use faro_core::catalog::Catalogs;
use faro_store::Store;
use faro_web::{AppState, WebConfig};

use crate::cli::ServeArgs;
use crate::db::Target;
use crate::error::CliError;

pub fn run(target: &Target, args: &ServeArgs) -> Result<ExitCode, CliError> {
    let store = target.open_existing()?;
    let catalogs = Catalogs::embedded()?;
    let mut args = args.clone();
    args.search_dir = search_dir(target.data_dir.as_deref(), &args);
    serve(store, catalogs, &args, |addr| {
        println!("Faro is serving {} at http://{addr}/", target.describe());
    })
}

/// How often the server brings the union registry's search index up to date.
const SEARCH_CATCH_UP_EVERY: Duration = Duration::from_secs(5);

/// Where the union registry's search index lives: `--search-dir`, else `search/registry` in the
/// data folder of a SQLite database, else nowhere (in memory).
pub fn search_dir(data_dir: Option<&std::path::Path>, args: &ServeArgs) -> Option<PathBuf> {
    args.search_dir
        .clone()
        .or_else(|| data_dir.map(|d| d.join("search").join("registry")))
}

/// Serves `store` until Ctrl-C or SIGTERM. `announce` runs once the port is bound.
pub fn serve(
    store: Store,
    catalogs: Catalogs,
    args: &ServeArgs,
    announce: impl FnOnce(SocketAddr),
) -> Result<ExitCode, CliError> {
    let purged = store.purge_expired_sessions(Utc::now())?;
    if purged > 0 {
        tracing::info!("removed {purged} expired sessions");
    }
    let state = AppState::new(
        Arc::new(store),
        Arc::new(catalogs),
        WebConfig {
            secure_cookies: args.secure_cookies,
        },
    )
    .map_err(CliError::failed)?;
    let state = match &args.rules {
        Some(path) => {
            let text = super::rules::read_overrides(path)?;
            state.with_rules_overrides(&text).map_err(CliError::usage)?
        }
        None => state,
    };
    let state = match &args.search_dir {
        Some(dir) => state
            .with_registry_index_dir(dir)
            .map_err(|e| CliError::failed(format!("cannot open the search index in {}: {e}", dir.display())))?,
        None => state,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| CliError::usage(format!("cannot listen on {}: {e}", args.listen)))?;
        let addr = listener.local_addr()?;
        // The search index catches up before the first request, then every few seconds.
        faro_web::registry_search::catch_up_in_background(state.registry_index.clone(), state.store.clone()).await;
        faro_web::registry_search::spawn_keep_current(
            state.registry_index.clone(),
            state.store.clone(),
            SEARCH_CATCH_UP_EVERY,
        );
        announce(addr);
        faro_web::serve(listener, state).await?;
        Ok::<_, CliError>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
