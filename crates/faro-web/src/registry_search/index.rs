//! [`RegistryIndex`]: the public search index of the union registry, a view derived from the
//! database that catches up from the store's feed (`Store::union_registry_changes`).
//!
//! On disk, the feed's cursor is kept next to the index (`faro-feed.json`), written only after
//! the index committed what it covers: a restart continues where the last commit stopped, and a
//! crash between the two re-indexes a few records (upserts, so nothing is doubled).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use faro_core::catalog::Catalogs;
use faro_search::{Index, Writer, WriterOptions};
use faro_store::unions::FeedCursor;
use faro_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::docs::documents;

/// The cursor's file inside the index directory.
pub const CURSOR_FILE: &str = "faro-feed.json";
/// The records read from the store per page of the feed (of each kind).
const FEED_PAGE: u32 = 2_000;
/// While catching up, a commit (and the cursor saved) after this many records.
const COMMIT_EVERY: usize = 50_000;

/// Why the index could not be opened or brought up to date.
#[derive(Debug, Error)]
pub enum RegistryIndexError {
    #[error("search index: {0}")]
    Search(#[from] faro_search::SearchError),
    #[error("reading the registry for the search index: {0}")]
    Store(#[from] StoreError),
    #[error(
        "cannot use the search index's cursor file {path}: {reason}; delete the index directory to \
         rebuild it from the database"
    )]
    Cursor { path: String, reason: String },
}

/// What one catch-up indexed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CatchUp {
    pub unions: u64,
    pub agreements: u64,
    /// The highest event number indexed so far.
    pub seq: i64,
}

#[derive(Debug, Serialize, Deserialize)]
struct CursorFile {
    version: u32,
    cursor: FeedCursor,
}

struct WriteState {
    writer: Option<Writer>,
    cursor: FeedCursor,
}

/// The public search index of unions and agreements, and where it stands in the store's feed.
pub struct RegistryIndex {
    index: Index,
    dir: Option<PathBuf>,
    catalogs: Arc<Catalogs>,
    /// Held while writing: one catch-up (or rebuild) at a time. Searches do not take it.
    state: Mutex<WriteState>,
}

impl std::fmt::Debug for RegistryIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryIndex")
            .field("dir", &self.dir)
            .field("docs", &self.index.num_docs())
            .finish()
    }
}

fn cursor_error(path: &Path, reason: impl std::fmt::Display) -> RegistryIndexError {
    RegistryIndexError::Cursor {
        path: path.display().to_string(),
        reason: reason.to_string(),
    }
}

fn read_cursor(dir: &Path) -> Result<FeedCursor, RegistryIndexError> {
    let path = dir.join(CURSOR_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let file: CursorFile = serde_json::from_str(&text).map_err(|e| cursor_error(&path, e))?;
            Ok(file.cursor)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FeedCursor::default()),
        Err(e) => Err(cursor_error(&path, e)),
    }
}

/// Writes the cursor beside the index: a temporary file renamed over the old one.
fn write_cursor(dir: &Path, cursor: &FeedCursor) -> Result<(), RegistryIndexError> {
    let path = dir.join(CURSOR_FILE);
    let tmp = dir.join(format!("{CURSOR_FILE}.tmp"));
    let text = serde_json::to_string(&CursorFile {
        version: 1,
        cursor: *cursor,
    })
    .map_err(|e| cursor_error(&path, e))?;
    std::fs::write(&tmp, text).map_err(|e| cursor_error(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| cursor_error(&path, e))
}

impl RegistryIndex {
    fn with(index: Index, dir: Option<PathBuf>, catalogs: Arc<Catalogs>, cursor: FeedCursor) -> RegistryIndex {
        RegistryIndex {
            index,
            dir,
            catalogs,
            state: Mutex::new(WriteState { writer: None, cursor }),
        }
    }

    /// An empty index in memory (tests, and servers given no directory: filled at start).
    pub fn in_memory(catalogs: Arc<Catalogs>) -> Result<RegistryIndex, RegistryIndexError> {
        Ok(RegistryIndex::with(
            Index::in_memory()?,
            None,
            catalogs,
            FeedCursor::default(),
        ))
    }

    /// The index in `dir`, created when there is none; it continues from the cursor kept there.
    pub fn open_dir(dir: impl Into<PathBuf>, catalogs: Arc<Catalogs>) -> Result<RegistryIndex, RegistryIndexError> {
        let dir = dir.into();
        let existed = dir.join("meta.json").exists();
        let index = Index::open_or_create(&dir)?;
        // A new index starts from the beginning whatever a stray cursor file says.
        let cursor = if existed {
            read_cursor(&dir)?
        } else {
            FeedCursor::default()
        };
        Ok(RegistryIndex::with(index, Some(dir), catalogs, cursor))
    }

    /// The index itself, for searches.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The directory it lives in, if on disk.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    fn lock(&self) -> MutexGuard<'_, WriteState> {
        // A panic while writing leaves nothing half-committed (the writer is rolled back on
        // errors and a commit is atomic), so the state can be used again.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Where the index stands in the store's feed.
    pub fn cursor(&self) -> FeedCursor {
        self.lock().cursor
    }

    /// The highest event number the index reflects.
    pub fn indexed_seq(&self) -> i64 {
        self.cursor().max_seq()
    }

    /// Indexes every union and agreement changed since the last catch-up. Blocking: call it from
    /// a blocking task.
    pub fn catch_up(&self, store: &Store) -> Result<CatchUp, RegistryIndexError> {
        let mut state = self.lock();
        let fresh = state.cursor == FeedCursor::default() && self.index.num_docs() == 0;
        let result = self.fill(&mut state, store, fresh, Some(COMMIT_EVERY));
        if result.is_err() {
            rollback(&mut state);
        }
        result
    }

    /// The same as [`RegistryIndex::catch_up`], for a page that just ran a command and wants
    /// its result searchable before it answers.
    pub fn catch_up_now(&self, store: &Store) -> Result<CatchUp, RegistryIndexError> {
        self.catch_up(store)
    }

    /// Empties the index and indexes the whole registry again; searches see the old content
    /// until the new one is committed.
    pub fn rebuild(&self, store: &Store) -> Result<CatchUp, RegistryIndexError> {
        let mut state = self.lock();
        let result = (|| -> Result<CatchUp, RegistryIndexError> {
            let writer = self.writer(&mut state)?;
            writer.delete_all()?;
            state.cursor = FeedCursor::default();
            self.fill(&mut state, store, true, None)
        })();
        if result.is_err() {
            rollback(&mut state);
            // The cursor was reset in memory; what is committed is the old content and the
            // cursor file, so read the cursor back.
            if let Some(dir) = &self.dir {
                state.cursor = read_cursor(dir).unwrap_or_default();
            }
        }
        result
    }

    fn writer<'s>(&self, state: &'s mut WriteState) -> Result<&'s mut Writer, RegistryIndexError> {
        let writer = match state.writer.take() {
            Some(w) => w,
            None => self.index.writer_with(WriterOptions {
                threads: 1,
                heap_bytes: 64 * 1024 * 1024,
            })?,
        };
        Ok(state.writer.insert(writer))
    }

    /// Reads the feed from `state.cursor` to its end, adding (`fresh`: the index holds none of
    /// these records) or replacing documents; commits every `commit_every` records and at the end.
    fn fill(
        &self,
        state: &mut WriteState,
        store: &Store,
        fresh: bool,
        commit_every: Option<usize>,
    ) -> Result<CatchUp, RegistryIndexError> {
        let mut done = CatchUp {
            seq: state.cursor.max_seq(),
            ..CatchUp::default()
        };
        let mut cursor = state.cursor;
        let mut pending = 0usize;
        let mut dirty = false;
        loop {
            let changes = store.union_registry_changes(&cursor, FEED_PAGE)?;
            if changes.unions.is_empty() && changes.agreements.is_empty() {
                break;
            }
            let writer = self.writer(state)?;
            for doc in documents(&self.catalogs, &changes) {
                if fresh {
                    writer.add(&doc)?;
                } else {
                    writer.upsert(&doc)?;
                }
            }
            done.unions += changes.unions.len() as u64;
            done.agreements += changes.agreements.len() as u64;
            pending += changes.unions.len() + changes.agreements.len();
            cursor = changes.next;
            dirty = true;
            if commit_every.is_some_and(|n| pending >= n) {
                self.commit(state, cursor)?;
                pending = 0;
                dirty = false;
            }
            if !changes.more {
                break;
            }
        }
        if dirty {
            self.commit(state, cursor)?;
        } else if fresh && commit_every.is_none() {
            // A rebuild of an empty registry still has to commit the deletion.
            self.commit(state, cursor)?;
        }
        done.seq = state.cursor.max_seq();
        Ok(done)
    }

    fn commit(&self, state: &mut WriteState, cursor: FeedCursor) -> Result<(), RegistryIndexError> {
        self.writer(state)?.commit()?;
        if let Some(dir) = &self.dir {
            write_cursor(dir, &cursor)?;
        }
        state.cursor = cursor;
        Ok(())
    }
}

fn rollback(state: &mut WriteState) {
    if let Some(writer) = state.writer.as_mut() {
        if let Err(e) = writer.rollback() {
            tracing::error!("search index: rolling back failed ({e}); the writer is dropped");
            state.writer = None;
        }
    }
}

/// Catches up once, in a blocking task; errors are logged, not returned (the server runs with
/// the index as it is).
pub async fn catch_up_in_background(index: Arc<RegistryIndex>, store: Arc<Store>) {
    let result = tokio::task::spawn_blocking(move || index.catch_up(&store)).await;
    match result {
        Ok(Ok(done)) if done.unions + done.agreements > 0 => {
            tracing::info!(
                "search index: {} unions and {} agreements indexed (up to event {})",
                done.unions,
                done.agreements,
                done.seq
            );
        }
        Ok(Ok(_)) => {}
        Ok(Err(e)) => tracing::error!("search index: {e}"),
        Err(e) => tracing::error!("search index: the catch-up task failed: {e}"),
    }
}

/// Keeps the index current: a catch-up every `every`, for as long as the runtime lives.
pub fn spawn_keep_current(
    index: Arc<RegistryIndex>,
    store: Arc<Store>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            catch_up_in_background(index.clone(), store.clone()).await;
        }
    })
}
