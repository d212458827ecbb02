//! `faro serve`: the web server on an existing database.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

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
    serve(store, catalogs, args, |addr| {
        println!("Faro is serving {} at http://{addr}/", target.describe());
    })
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| CliError::usage(format!("cannot listen on {}: {e}", args.listen)))?;
        let addr = listener.local_addr()?;
        announce(addr);
        faro_web::serve(listener, state).await?;
        Ok::<_, CliError>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
