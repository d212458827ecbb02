//! The storage conformance suite: every case is written once, against a migrated, empty [`Store`],
//! and runs on both backends.
//!
//! - `sqlite::<case>`: always, each on a new database file in a temporary folder.
//! - `postgres::<case>`: when `FARO_TEST_DATABASE_URL` is set (for example
//!   `postgres://postgres@127.0.0.1:5432/test`), each on a database of its own created through that
//!   URL and dropped afterwards. If the variable is set but the server cannot be reached, these
//!   cases fail; if it is unset, they pass without running, after a one-line note.
//!
//! Run: `cargo test -p faro-store --test conformance` (add the variable to include PostgreSQL).

// A test binary: clippy.toml allows these in `#[test]` functions, and the helpers here are tests too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "conformance/harness.rs"]
mod harness;

#[path = "conformance/fixtures.rs"]
mod fixtures;

#[path = "conformance/conciliation.rs"]
mod conciliation;
#[path = "conformance/events.rs"]
mod events;
#[path = "conformance/inspection_bulk.rs"]
mod inspection_bulk;
#[path = "conformance/inspections.rs"]
mod inspections;
#[path = "conformance/public.rs"]
mod public;
#[path = "conformance/registry.rs"]
mod registry;
#[path = "conformance/risk.rs"]
mod risk;
#[path = "conformance/storage.rs"]
mod storage;
#[path = "conformance/unions.rs"]
mod unions;
#[path = "conformance/users.rs"]
mod users;

harness::conformance_cases! {
    registry::migrations_apply_once,
    registry::migrations_refuse_unknown_history,
    registry::register_and_read_back,
    registry::search_workplaces,
    registry::import_batch_is_idempotent,
    registry::import_links_to_registered_employers,
    registry::conflicts_write_nothing,
    registry::concurrent_duplicates_conflict,
    registry::failed_write_rolls_back,
    users::users_create_and_read,
    users::sessions_start_lookup_expire_end,
    users::login_failures_are_counted,
    events::every_change_is_an_event,
    events::concurrent_appends_keep_the_chain,
    events::verify_during_writes,
    events::tamper_altered_payload,
    events::tamper_deleted_middle_event,
    events::tamper_rehashed_event,
    events::tamper_deleted_last_event,
    events::tamper_appended_after_head,
    events::tamper_head_hash,
    events::tamper_reordered_events,
    events::tamper_found_past_a_page,
    storage::backup_and_restore,
    storage::bulk_loads_defer_indexes,
    inspections::inspection_to_sanction_with_referrals,
    inspections::failed_commands_write_nothing,
    inspections::attachments_round_trip,
    inspections::aggregates_read_as_numbers,
    inspection_bulk::bulk_import_matches_the_command_path,
    inspection_bulk::commands_continue_an_imported_case,
    inspection_bulk::inconsistent_histories_are_refused,
    inspections::programs_capacity_and_calendar,
    public::published_results_follow_the_rule,
    public::public_search_finds_only_published_workplaces,
    public::dashboard_numbers_match_a_hand_count,
    conciliation::conciliation_settles_through_the_store,
    conciliation::conciliation_refusals_write_nothing,
    conciliation::conciliation_lists_agenda_and_loads,
    conciliation::conciliation_certificates_lookup,
    conciliation::conciliation_rollup_and_stats,
    conciliation::conciliation_bulk_import_matches_the_command_path,
    conciliation::conciliation_bulk_keeps_the_registry_place_it_is_given,
    risk::risk_history_reads_closed_records,
    risk::risk_models_scores_and_plans,
    risk::risk_history_of_one_workplace,
    risk::risk_rankings,
    unions::unions_register_through_certificate,
    unions::union_refusals_write_nothing,
    unions::agreement_with_vote_and_legitimization,
    unions::union_rollup_matches_a_hand_count,
    unions::union_bulk_import_matches_the_command_path,
    unions::union_public_reads_hold_no_personal_data,
    unions::union_search_feed_pages_changes_without_personal_data,
}
