//! `faro demo`: builds, once, a demo database with a synthetic nation and one account per role,
//! then serves it. A second run finds the finished demo and serves it at once.

use std::process::ExitCode;
use std::time::Instant;

use chrono::Utc;
use faro_core::catalog::Catalogs;
use faro_core::event::kinds;
use faro_core::registry::DecidedBatch;
use faro_core::{Actor, Jurisdiction, NewEvent};
use faro_demo::{demo_users, generate, DemoConfig, DEMO_PASSWORD};
use faro_store::users::NewUser;
use faro_store::Store;

use crate::cli::DemoArgs;
use crate::db::Target;
use crate::error::CliError;
use crate::pipeline::pipeline;

/// Workplaces at scale 1.
pub const BASE_WORKPLACES: f64 = 100_000.0;

pub fn workplaces_for_scale(scale: f64) -> Result<u64, CliError> {
    if !scale.is_finite() || scale <= 0.0 || scale > 100.0 {
        return Err(CliError::usage(format!(
            "--scale {scale} is out of range: give a number above 0 and at most 100 (50 is national size)"
        )));
    }
    Ok(((BASE_WORKPLACES * scale).round() as u64).max(1))
}

pub fn run(target: &Target, args: &DemoArgs) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let workplaces = workplaces_for_scale(args.scale)?;
    let cfg = DemoConfig {
        seed: args.seed,
        workplaces,
    };
    let store = target.open_or_create()?;
    let catalogs = Catalogs::embedded()?;
    match completed_demo(&store)? {
        Some(done) => {
            println!("Using the demo already in {} ({done}).", target.describe());
            if done.workplaces != cfg.workplaces || done.seed != cfg.seed {
                println!(
                    "  (it differs from the requested {} workplaces, seed {}: remove the data folder to rebuild it)",
                    cfg.workplaces, cfg.seed
                );
            }
        }
        None => {
            println!(
                "Building the demo nation in {}: {} workplaces, seed {}...",
                target.describe(),
                cfg.workplaces,
                cfg.seed
            );
            load_nation(&store, &catalogs, &cfg)?;
        }
    }
    ensure_users(&store)?;
    let counts = store.counts()?;
    println!(
        "Ready in {:.1} s: {} employers, {} workplaces, {} events.",
        started.elapsed().as_secs_f64(),
        counts.employers,
        counts.workplaces,
        counts.events
    );
    if args.no_serve {
        print_logins(None);
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(store, catalogs, &args.serve, |addr| print_logins(Some(addr)))
}

/// The configuration of the finished demo recorded in the log, if any.
fn completed_demo(store: &Store) -> Result<Option<Completed>, CliError> {
    let Some(ev) = store.last_event_of_kind(kinds::DEMO_COMPLETED)? else {
        return Ok(None);
    };
    let cfg: DemoConfig = serde_json::from_str(&ev.payload)
        .map_err(|e| CliError::failed(format!("the demo record (event {}) is unreadable: {e}", ev.seq)))?;
    Ok(Some(Completed {
        seed: cfg.seed,
        workplaces: cfg.workplaces,
    }))
}

struct Completed {
    seed: u64,
    workplaces: u64,
}

impl std::fmt::Display for Completed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} workplaces, seed {}", self.workplaces, self.seed)
    }
}

fn load_nation(store: &Store, catalogs: &Catalogs, cfg: &DemoConfig) -> Result<(), CliError> {
    let actor = Actor::system("demo");
    let started = Instant::now();
    let bar = indicatif::ProgressBar::new(cfg.workplaces);
    bar.set_style(
        indicatif::ProgressStyle::with_template("  {bar:40} {pos}/{len} workplaces {per_sec} ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Generating and storing run on two threads, so both cores work; the search indexes are
    // built once at the end.
    let load = || {
        pipeline(
            |send| {
                for batch in generate(cfg, catalogs) {
                    // The generating thread also decides each batch's event (serializes its rows).
                    let decided = DecidedBatch::decide(batch).map_err(|e| CliError::failed(e.detail))?;
                    if !send(decided) {
                        break;
                    }
                }
                Ok(())
            },
            |decided| {
                let outcome = store.import_decided(&actor, Utc::now(), &decided)?;
                bar.inc(outcome.workplaces);
                Ok(())
            },
        )
    };
    store.with_deferred_indexes(load)?;
    bar.finish_and_clear();
    let payload = serde_json::to_value(cfg).map_err(|e| CliError::failed(e.to_string()))?;
    store.record_event(
        &actor,
        Utc::now(),
        &NewEvent::new(kinds::DEMO_COMPLETED, Jurisdiction::Federal, "demo", payload),
    )?;
    println!(
        "  {} workplaces loaded in {:.1} s",
        cfg.workplaces,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Creates the demo accounts that do not exist yet.
fn ensure_users(store: &Store) -> Result<(), CliError> {
    let actor = Actor::system("demo");
    let mut hash: Option<String> = None;
    for u in demo_users() {
        if store.user_by_username(&u.username)?.is_some() {
            continue;
        }
        let h = match &hash {
            Some(h) => h.clone(),
            None => {
                let h = faro_web::auth::hash_password(&u.password).map_err(CliError::failed)?;
                hash = Some(h.clone());
                h
            }
        };
        store.create_user(
            &actor,
            Utc::now(),
            &NewUser {
                username: &u.username,
                display_name: &u.display_name,
                role: u.role,
                jurisdiction: u.jurisdiction,
                password_hash: &h,
                language: "es",
            },
        )?;
    }
    Ok(())
}

fn print_logins(addr: Option<std::net::SocketAddr>) {
    if let Some(a) = addr {
        println!();
        println!("Faro demo: http://{a}/");
    }
    println!("Demo logins (password for all: {DEMO_PASSWORD}):");
    for u in demo_users() {
        let j = match u.jurisdiction {
            Jurisdiction::Federal => "federal".to_string(),
            Jurisdiction::State(s) => format!("state {s}"),
        };
        println!("  {:<14} {:<22} {j}", u.username, u.role.code());
    }
    if addr.is_some() {
        println!("Stop with Ctrl-C.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_maps_to_workplaces() {
        assert_eq!(workplaces_for_scale(1.0).unwrap(), 100_000);
        assert_eq!(workplaces_for_scale(50.0).unwrap(), 5_000_000);
        assert_eq!(workplaces_for_scale(0.01).unwrap(), 1_000);
        assert!(workplaces_for_scale(0.0).is_err());
        assert!(workplaces_for_scale(f64::NAN).is_err());
        assert!(workplaces_for_scale(1000.0).is_err());
    }
}
