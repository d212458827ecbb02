//! Opening, creating and writing the index.

use std::borrow::Borrow;
use std::path::Path;
use std::sync::Arc;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyzer::{spanish_analyzer, spanish_pairs_analyzer, PAIRS_ANALYZER_NAME};
use crate::document::{record_key, Document, Kind};
use crate::error::{Result, SearchError};
use crate::facets::FacetCache;
use crate::schema::{build_schema, to_tantivy, Fields};

/// File tantivy writes at the root of every index directory.
const META_FILE: &str = "meta.json";

/// Options of an index writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterOptions {
    /// Indexing threads (each gets an equal share of the heap).
    pub threads: usize,
    /// Total indexing memory before a segment is flushed, in bytes (at least 15 MB per thread).
    pub heap_bytes: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            threads: 1,
            heap_bytes: 128 * 1024 * 1024,
        }
    }
}

/// Options for opening or creating an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOptions {
    /// Threads one search may use to search segments in parallel (1 = the calling thread only).
    /// More threads lower the latency of a lone search on a multi-segment index, at no gain
    /// when every core is already busy with other searches.
    pub search_threads: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions { search_threads: 1 }
    }
}

pub(crate) struct Inner {
    pub index: tantivy::Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub analyzer: TextAnalyzer,
    pub facet_cache: FacetCache,
}

/// The search index of unions and agreements. Cheap to clone; clones share the same reader.
///
/// Searches see what was committed by a [`Writer`] of this `Index` immediately after
/// [`Writer::commit`], and what another process committed within about a second.
#[derive(Clone)]
pub struct Index {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("num_docs", &self.num_docs()).finish()
    }
}

fn io_error(path: &Path, source: std::io::Error) -> SearchError {
    SearchError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl Index {
    fn wrap(mut index: tantivy::Index, fields: Fields, options: IndexOptions) -> Result<Index> {
        if options.search_threads > 1 {
            index.set_multithread_executor(options.search_threads)?;
        }
        let analyzer = spanish_analyzer();
        index
            .tokenizers()
            .register(PAIRS_ANALYZER_NAME, spanish_pairs_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let index = Index {
            inner: Arc::new(Inner {
                index,
                reader,
                fields,
                analyzer,
                facet_cache: FacetCache::default(),
            }),
        };
        index.warm()?;
        Ok(index)
    }

    /// Creates a new, empty index in `dir` (created if missing). Fails if an index is there.
    pub fn create(dir: impl AsRef<Path>) -> Result<Index> {
        Index::create_with(dir, IndexOptions::default())
    }

    /// [`Index::create`] with options.
    pub fn create_with(dir: impl AsRef<Path>, options: IndexOptions) -> Result<Index> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        if dir.join(META_FILE).exists() {
            return Err(SearchError::AlreadyExists(dir.display().to_string()));
        }
        let (schema, fields) = build_schema();
        let index = tantivy::Index::create_in_dir(dir, schema)?;
        Index::wrap(index, fields, options)
    }

    /// Opens the index in `dir`, checking it was built with this crate's schema.
    pub fn open(dir: impl AsRef<Path>) -> Result<Index> {
        Index::open_with(dir, IndexOptions::default())
    }

    /// [`Index::open`] with options.
    pub fn open_with(dir: impl AsRef<Path>, options: IndexOptions) -> Result<Index> {
        let dir = dir.as_ref();
        if !dir.join(META_FILE).exists() {
            return Err(SearchError::NotFound(dir.display().to_string()));
        }
        let index = tantivy::Index::open_in_dir(dir)?;
        let (schema, fields) = build_schema();
        if index.schema() != schema {
            return Err(SearchError::SchemaMismatch(dir.display().to_string()));
        }
        Index::wrap(index, fields, options)
    }

    /// Opens the index in `dir`, creating it when there is none.
    pub fn open_or_create(dir: impl AsRef<Path>) -> Result<Index> {
        let dir = dir.as_ref();
        if dir.join(META_FILE).exists() {
            Index::open(dir)
        } else {
            Index::create(dir)
        }
    }

    /// A new index held in memory (tests, demos, small deployments).
    pub fn in_memory() -> Result<Index> {
        let (schema, fields) = build_schema();
        Index::wrap(tantivy::Index::create_in_ram(schema), fields, IndexOptions::default())
    }

    /// Opens the single writer of this index with default options.
    ///
    /// Only one writer may exist per index at a time (tantivy holds a lock file).
    pub fn writer(&self) -> Result<Writer> {
        self.writer_with(WriterOptions::default())
    }

    /// Opens the single writer of this index.
    pub fn writer_with(&self, options: WriterOptions) -> Result<Writer> {
        let threads = options.threads.max(1);
        let heap = options.heap_bytes.max(threads * 16 * 1024 * 1024);
        let writer = self.inner.index.writer_with_num_threads(threads, heap)?;
        Ok(Writer {
            writer,
            index: self.clone(),
        })
    }

    /// Makes the latest commit visible to searches now (and prepares its facet tables).
    pub fn reload(&self) -> Result<()> {
        self.inner.reader.reload()?;
        self.warm()
    }

    /// Prepares per-segment facet tables of the current searcher so that no search pays for
    /// building them; drops those of segments gone since.
    fn warm(&self) -> Result<()> {
        let searcher = self.inner.reader.searcher();
        let segments = searcher.segment_readers();
        let ids: Vec<_> = segments.iter().map(|s| s.segment_id()).collect();
        self.inner.facet_cache.retain(&ids);
        self.inner.facet_cache.warm(segments)?;
        Ok(())
    }

    /// Number of searchable documents (unions plus agreements).
    pub fn num_docs(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

    /// Number of segments searched (fewer is faster; merges reduce it).
    pub fn num_segments(&self) -> usize {
        self.inner.reader.searcher().segment_readers().len()
    }
}

/// Adds, replaces and deletes documents. Changes become visible at [`Writer::commit`].
pub struct Writer {
    writer: IndexWriter<TantivyDocument>,
    index: Index,
}

impl Writer {
    fn key_term(&self, kind: Kind, id: &str) -> Term {
        Term::from_field_text(self.index.inner.fields.key, &record_key(kind, id.trim()))
    }

    /// Adds a document without removing an existing one with the same id (use for bulk loads
    /// into an empty index; otherwise use [`Writer::upsert`]).
    pub fn add(&mut self, doc: &Document) -> Result<()> {
        let tantivy_doc = to_tantivy(doc, &self.index.inner.fields)?;
        self.writer.add_document(tantivy_doc)?;
        Ok(())
    }

    /// Adds many documents (see [`Writer::add`]); returns how many were added.
    pub fn add_all<I>(&mut self, docs: I) -> Result<u64>
    where
        I: IntoIterator,
        I::Item: Borrow<Document>,
    {
        let mut count = 0;
        for doc in docs {
            self.add(doc.borrow())?;
            count += 1;
        }
        Ok(count)
    }

    /// Replaces the document with the same kind and id, or adds it.
    pub fn upsert(&mut self, doc: &Document) -> Result<()> {
        let tantivy_doc = to_tantivy(doc, &self.index.inner.fields)?;
        self.writer.delete_term(self.key_term(doc.kind(), doc.id()));
        self.writer.add_document(tantivy_doc)?;
        Ok(())
    }

    /// Deletes the document of that kind and id (no-op when absent).
    pub fn delete(&mut self, kind: Kind, id: &str) {
        self.writer.delete_term(self.key_term(kind, id));
    }

    /// Deletes every document (visible at the next commit).
    pub fn delete_all(&mut self) -> Result<()> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits pending changes and makes them visible to this index's searches.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.index.reload()
    }

    /// Discards changes made since the last commit.
    pub fn rollback(&mut self) -> Result<()> {
        self.writer.rollback()?;
        Ok(())
    }

    /// Replaces the whole content of the index by `docs` and commits; returns the count.
    /// Searches keep seeing the old content until the commit.
    pub fn rebuild<I>(&mut self, docs: I) -> Result<u64>
    where
        I: IntoIterator,
        I::Item: Borrow<Document>,
    {
        self.delete_all()?;
        let count = self.add_all(docs)?;
        self.commit()?;
        Ok(count)
    }

    /// Commits, then waits for background segment merges to finish and releases the writer.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        let index = self.index.clone();
        self.writer.wait_merging_threads()?;
        index.reload()
    }
}
