//! Streaming a large file page by page: a blocking thread reads one page of rows at a time from
//! the store (each page its own read, keyset-paginated) and sends the bytes through a small
//! bounded channel to the response body. Memory holds a few pages, whatever the number of rows;
//! a client that goes away stops the reading.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use faro_store::StoreError;
use tokio::sync::mpsc;

/// Rows read from the store per page.
pub const PAGE_ROWS: u32 = 2_000;
/// Pages in flight between the reader and the response.
const CHANNEL_PAGES: usize = 4;

type Chunk = Result<Vec<u8>, io::Error>;

/// The receiving end as a stream of body chunks.
struct Chunks(mpsc::Receiver<Chunk>);

impl futures_core::Stream for Chunks {
    type Item = Chunk;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        self.0.poll_recv(cx)
    }
}

/// Where the producer writes: `send` is false once the client has gone.
pub struct Sink {
    tx: mpsc::Sender<Chunk>,
}

impl Sink {
    pub fn send(&self, bytes: Vec<u8>) -> bool {
        bytes.is_empty() || self.tx.blocking_send(Ok(bytes)).is_ok()
    }
}

/// A response whose body `produce` writes on a blocking thread. A store error midway ends the
/// body with an error, so the client sees a broken download rather than a short file.
pub fn streamed<F>(media_type: &'static str, file_name: &'static str, produce: F) -> Response
where
    F: FnOnce(&Sink) -> Result<(), StoreError> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Chunk>(CHANNEL_PAGES);
    tokio::task::spawn_blocking(move || {
        let sink = Sink { tx };
        if let Err(e) = produce(&sink) {
            tracing::error!("open data export {file_name} failed: {e}");
            let _ = sink.tx.blocking_send(Err(io::Error::other("the export failed")));
        }
    });
    (
        [
            (header::CONTENT_TYPE, media_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        Body::from_stream(Chunks(rx)),
    )
        .into_response()
}

/// Reads pages through `fetch` (given the cursor the previous page ended at, `None` first) until
/// it returns no further cursor, writes every row with `write`, and sends each page's bytes to
/// `send`. Stops early when `send` returns false. Returns the number of rows written.
pub fn pump<T, C>(
    mut fetch: impl FnMut(Option<C>) -> Result<(Vec<T>, Option<C>), StoreError>,
    mut write: impl FnMut(&T, &mut Vec<u8>),
    mut send: impl FnMut(Vec<u8>) -> bool,
) -> Result<u64, StoreError> {
    let mut cursor = None;
    let mut rows = 0u64;
    loop {
        let (items, next) = fetch(cursor)?;
        let mut buf = Vec::with_capacity(items.len() * 160);
        for item in &items {
            write(item, &mut buf);
        }
        rows += items.len() as u64;
        if !send(buf) {
            return Ok(rows);
        }
        match next {
            Some(c) => cursor = Some(c),
            None => return Ok(rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_page_after_page_from_the_cursor_and_stops_at_the_end() {
        let data: Vec<i64> = (1..=7).collect();
        let mut asked = Vec::new();
        let mut sent = Vec::new();
        let n = pump(
            |after: Option<i64>| {
                asked.push(after);
                let start = after.unwrap_or(0) as usize;
                let page: Vec<i64> = data.iter().skip(start).take(3).copied().collect();
                let next = (start + 3 < data.len()).then(|| (start + 3) as i64);
                Ok((page, next))
            },
            |v, out| out.extend_from_slice(format!("{v};").as_bytes()),
            |b| {
                sent.push(String::from_utf8(b).unwrap());
                true
            },
        )
        .unwrap();
        assert_eq!(n, 7);
        assert_eq!(asked, vec![None, Some(3), Some(6)]);
        assert_eq!(sent, vec!["1;2;3;", "4;5;6;", "7;"]);
    }

    #[test]
    fn stops_when_the_reader_goes_away_and_passes_errors_on() {
        let mut pages = 0;
        let n = pump(
            |_: Option<i64>| {
                pages += 1;
                Ok((vec![1, 2], Some(0)))
            },
            |_: &i32, out| out.push(b'x'),
            |_| false,
        )
        .unwrap();
        assert_eq!((n, pages), (2, 1));
        let e = pump(
            |_: Option<i64>| Err::<(Vec<i32>, Option<i64>), _>(StoreError::Config("down".into())),
            |_, _| {},
            |_| true,
        );
        assert!(e.is_err());
    }
}
