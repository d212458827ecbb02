//! The command line, as clap parses it.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "faro",
    version,
    about = "Faro: open platform for labor justice in Mexico (inspection, sanctions, conciliation, union registry)",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    /// More log output (or set FARO_LOG, e.g. FARO_LOG=debug).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct DbArgs {
    /// Folder for the embedded SQLite database (faro.sqlite3) and backups.
    #[arg(long, global = true, env = "FARO_DATA_DIR", default_value = "faro-data")]
    pub data_dir: PathBuf,
    /// The database: postgres://user@host/db for PostgreSQL, or sqlite:PATH. Overrides --data-dir.
    #[arg(long, global = true, env = "FARO_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the web server on an existing database.
    Serve(ServeArgs),
    /// Creates (once) a demo database with a synthetic nation and demo users, then serves it.
    Demo(DemoArgs),
    /// Creates the database if needed and applies pending migrations.
    Migrate,
    /// Imports outside data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Checks a Mexican identifier: exits 0 when valid, 1 when not.
    Check(CheckArgs),
    /// Manages staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The hash-chained event log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Copies the database to a new file while it may be in use (SQLite's backup API; pg_dump
    /// --format=custom for PostgreSQL), then verifies the audit chain.
    Backup(BackupArgs),
    /// Replaces the database with a backup of the same backend (stop the server first;
    /// pg_restore for PostgreSQL), then verifies the audit chain: exit 1 names a broken link.
    Restore(RestoreArgs),
    /// The legal rules as data: list those in force, or check a deployment's overrides file.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Risk targeting: train, evaluate and score models on any CSV, or retrain on Faro's own
    /// history and score the registry.
    #[command(subcommand)]
    Risk(RiskCommand),
}

#[derive(Debug, Subcommand)]
pub enum RiskCommand {
    /// Trains a model on a CSV of units with a binary outcome; writes the model and its report.
    Train(Box<RiskTrainArgs>),
    /// Evaluates a model on a labelled CSV; writes the report.
    Evaluate(RiskEvaluateArgs),
    /// Scores a CSV with a model; writes one line per unit with its probability and rank.
    Score(RiskScoreArgs),
    /// Retrains one model per matter on this database's inspection history, stores them, and
    /// scores every workplace of the registry. Run it from cron or a timer to retrain on a
    /// schedule.
    Retrain(RiskRetrainArgs),
    /// Writes this database's training table of one matter as CSV (for analysts, or to compare
    /// Faro's model with another tool on the same rows).
    Export(RiskExportArgs),
}

/// How the CSV's columns are read.
#[derive(Debug, Args, Clone, Default)]
pub struct CsvColumnArgs {
    /// Read this column as numbers (repeatable).
    #[arg(long = "numeric", value_name = "COLUMN")]
    pub numeric: Vec<String>,
    /// Read this column as categories even if it looks numeric (repeatable).
    #[arg(long = "categorical", value_name = "COLUMN")]
    pub categorical: Vec<String>,
    /// Do not use this column at all (repeatable).
    #[arg(long = "ignore", value_name = "COLUMN")]
    pub ignore: Vec<String>,
}

/// Where the report goes.
#[derive(Debug, Args, Clone, Default)]
pub struct RiskReportArgs {
    /// The report as a self-contained HTML page.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// The report as JSON.
    #[arg(long, value_name = "FILE.json")]
    pub report_json: Option<PathBuf>,
    /// The report's language: es (default) or en.
    #[arg(long, default_value = "es")]
    pub lang: String,
}

#[derive(Debug, Args, Clone)]
pub struct RiskTrainArgs {
    /// The CSV file (UTF-8; comma, semicolon or tab separated; a header line).
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// The binary outcome column (1/0, true/false, yes/no, sí/no).
    #[arg(long, value_name = "COLUMN")]
    pub target: String,
    /// The time column (a date or a number): the latest rows are held out to test the model.
    #[arg(long, value_name = "COLUMN")]
    pub time: Option<String>,
    /// The identifier column (never a feature).
    #[arg(long, value_name = "COLUMN")]
    pub id: Option<String>,
    /// COLUMN=VALUE: the column saying how each unit was chosen and the value of random draws;
    /// the report compares the model with them.
    #[arg(long, value_name = "COLUMN=VALUE")]
    pub selection: Option<String>,
    /// The size column, for the "largest first" comparison.
    #[arg(long, value_name = "COLUMN")]
    pub size: Option<String>,
    /// Break the metrics down by this column (repeatable).
    #[arg(long = "group", value_name = "COLUMN")]
    pub groups: Vec<String>,
    #[command(flatten)]
    pub columns: CsvColumnArgs,
    /// Share of rows held out for the test.
    #[arg(long, default_value_t = 0.25)]
    pub test_fraction: f64,
    /// The booster's budget (more is slower and can be more accurate).
    #[arg(long, default_value_t = 0.5)]
    pub budget: f32,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Which model scores: auto (the one that ranks the validation rows better), trees or
    /// baseline (the logistic regression).
    #[arg(long, default_value = "auto", value_name = "auto|trees|baseline", value_parser = parse_scorer)]
    pub scorer: faro_risk::ScorerChoice,
    /// The model file to write.
    #[arg(long, value_name = "FILE.json")]
    pub model: PathBuf,
    #[command(flatten)]
    pub output: RiskReportArgs,
}

#[derive(Debug, Args, Clone)]
pub struct RiskEvaluateArgs {
    /// A model file written by `faro risk train`.
    #[arg(long, value_name = "FILE.json")]
    pub model: PathBuf,
    /// The labelled CSV, with the model's columns and its target.
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    #[command(flatten)]
    pub output: RiskReportArgs,
}

#[derive(Debug, Args, Clone)]
pub struct RiskScoreArgs {
    /// A model file written by `faro risk train`.
    #[arg(long, value_name = "FILE.json")]
    pub model: PathBuf,
    /// The CSV of units to score, with the model's columns.
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// The scores to write (CSV).
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
    /// Add the N strongest factors of each score.
    #[arg(long, default_value_t = 0)]
    pub explain: usize,
}

#[derive(Debug, Args, Clone)]
pub struct RiskRetrainArgs {
    /// The day the features are taken and the training history ends (today if omitted).
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Only these matters (repeatable; e.g. safety_health). All with enough history if omitted.
    #[arg(long = "matter", value_name = "MATTER")]
    pub matters: Vec<String>,
    #[arg(long, default_value_t = 0.5)]
    pub budget: f32,
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Also write each model's report (HTML and JSON) into this folder.
    #[arg(long, value_name = "DIR")]
    pub reports: Option<PathBuf>,
    /// Train and store the models but do not score the registry.
    #[arg(long)]
    pub no_score: bool,
}

#[derive(Debug, Args, Clone)]
pub struct RiskExportArgs {
    /// The matter (general_conditions, safety_health, training, child_labor, ...).
    #[arg(long, value_name = "MATTER")]
    pub matter: String,
    /// The CSV to write.
    #[arg(long, value_name = "FILE.csv")]
    pub out: PathBuf,
    /// The day the history ends (today if omitted).
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Lists the deadlines, fines and parameters in force on a date, with article and confidence.
    List(RulesListArgs),
    /// Checks an overrides file (TOML): exits 0 when every change is allowed, 1 when not.
    Check(RulesCheckArgs),
}

#[derive(Debug, Args)]
pub struct RulesListArgs {
    /// The date (YYYY-MM-DD); today if omitted.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// Apply this overrides file first.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RulesCheckArgs {
    pub file: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "FARO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Faro is served over HTTPS (production): cookies are marked Secure and responses carry
    /// Strict-Transport-Security.
    #[arg(long, env = "FARO_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// The institution's overrides of the configurable legal rules (TOML; see rules/README.md).
    #[arg(long = "rules", env = "FARO_RULES")]
    pub rules: Option<PathBuf>,
    /// Folder of the union registry's public search index, kept on disk so that a restart
    /// continues where it stopped. Default: `search/registry` in the data folder when the
    /// database is SQLite there; with --database-url and no folder, the index is held in memory
    /// and rebuilt at every start.
    #[arg(long = "search-dir", env = "FARO_SEARCH_DIR")]
    pub search_dir: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct DemoArgs {
    /// Size of the demo nation as a multiple of 100,000 workplaces (50 is national size: 5 million).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Seed of the generator: the same seed gives the same nation.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Build the database and the users, then exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Imports INEGI's DENUE CSV (Latin-1 or UTF-8): idempotent; bad rows go to a report.
    Denue(ImportDenueArgs),
}

#[derive(Debug, Args, Clone)]
pub struct ImportDenueArgs {
    /// The DENUE CSV file, as INEGI publishes it.
    pub file: PathBuf,
    /// Where to write the rejected rows (line, code, reason). Default: FILE.rejected.csv
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Rows per transaction (and per event in the log).
    #[arg(long, default_value_t = 5_000)]
    pub batch: usize,
    /// No progress bar (for scripts and logs).
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum IdKindArg {
    Rfc,
    Curp,
    Nss,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// rfc, curp or nss.
    pub kind: IdKindArg,
    /// The identifier; spaces and dashes are ignored.
    pub value: String,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Creates a staff account. The password is read from standard input (or FARO_NEW_PASSWORD).
    Add(UserAddArgs),
}

#[derive(Debug, Args, Clone)]
pub struct UserAddArgs {
    pub username: String,
    /// administrator, inspector, inspection_supervisor, sanctions_officer, conciliator, registrar, analyst
    #[arg(long)]
    pub role: String,
    /// federal, or a state code 01-32.
    #[arg(long)]
    pub jurisdiction: String,
    /// Full name shown in the interface.
    #[arg(long)]
    pub name: String,
    /// Interface language: es or en.
    #[arg(long, default_value = "es")]
    pub language: String,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recomputes the hash chain and names the first broken link. Exits 1 when broken.
    Verify(AuditVerifyArgs),
}

#[derive(Debug, Args, Clone)]
pub struct AuditVerifyArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args, Clone)]
pub struct BackupArgs {
    /// The new backup file (must not exist).
    pub file: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct RestoreArgs {
    /// A file made by `faro backup`.
    pub file: PathBuf,
    /// The union registry's search index to discard, as given to `faro serve --search-dir`
    /// (default: `search/registry` in the data folder of an SQLite database there). It reflects
    /// the database before the restore; the next `faro serve` builds it again.
    #[arg(long = "search-dir", env = "FARO_SEARCH_DIR")]
    pub search_dir: Option<PathBuf>,
}

fn parse_scorer(value: &str) -> Result<faro_risk::ScorerChoice, String> {
    faro_risk::ScorerChoice::parse(value).ok_or_else(|| format!("{value:?} is not auto, trees or baseline"))
}
