//! `faro user add`: creates a staff account. The password comes from standard input or the
//! FARO_NEW_PASSWORD variable, never from the command line (which other users can see).

use std::io::BufRead;
use std::process::ExitCode;

use chrono::Utc;
use faro_core::{Actor, Jurisdiction, Role};
use faro_store::users::NewUser;

use crate::cli::UserAddArgs;
use crate::db::Target;
use crate::error::CliError;

fn read_password() -> Result<String, CliError> {
    if let Ok(p) = std::env::var("FARO_NEW_PASSWORD") {
        return Ok(p);
    }
    eprintln!("password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

pub fn validate_username(name: &str) -> Result<(), CliError> {
    let ok = (3..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "'{name}' is not a valid user name: use 3 to 40 lower-case letters, digits, '.', '_' or '-'"
        )))
    }
}

pub fn add(target: &Target, args: &UserAddArgs) -> Result<ExitCode, CliError> {
    validate_username(&args.username)?;
    let role: Role = args
        .role
        .parse()
        .map_err(|e: faro_core::DomainError| CliError::usage(e.detail))?;
    let jurisdiction: Jurisdiction = args
        .jurisdiction
        .parse()
        .map_err(|e: faro_core::DomainError| CliError::usage(e.detail))?;
    let language = match args.language.as_str() {
        "es" | "en" => args.language.clone(),
        other => return Err(CliError::usage(format!("'{other}' is not a language: use es or en"))),
    };
    let name = args.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(CliError::usage("--name must have 1 to 200 characters"));
    }
    let password = read_password()?;
    faro_web::auth::check_new_password(&password, &args.username).map_err(CliError::usage)?;
    let hash = faro_web::auth::hash_password(&password).map_err(CliError::failed)?;
    let store = target.open_existing()?;
    let id = store.create_user(
        &Actor::system("user-add"),
        Utc::now(),
        &NewUser {
            username: &args.username,
            display_name: name,
            role,
            jurisdiction,
            password_hash: &hash,
            language: &language,
        },
    )?;
    println!(
        "created user {} (id {id}), role {role}, jurisdiction {}",
        args.username,
        jurisdiction.code()
    );
    Ok(ExitCode::SUCCESS)
}
