//! Streaming a DENUE file row by row: [`DenueReader`] yields a [`DenueRow`] per line, or a
//! [`RowError`] for a malformed line, and goes on to the next.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, Chain, Cursor, Read};
use std::path::Path;

use csv::ByteRecord;

use crate::columns::{ColumnMap, Field};
use crate::encoding::{decode_into, detect, windows_1252_growth, Encoding, SAMPLE_LEN};
use crate::error::{codes, DenueError, RowError};

/// The decoded fields of one DENUE line that the import needs, trimmed, in a single buffer.
///
/// Fields missing from the file read as empty. Control characters (a line break inside a quoted
/// name) are replaced by spaces.
#[derive(Debug, Clone)]
pub struct DenueRow {
    line: u64,
    text: String,
    /// `spans[i]` is where field `i` is in `text`.
    spans: [(usize, usize); Field::COUNT],
}

impl PartialEq for DenueRow {
    /// Rows are equal when their lines and field values are.
    fn eq(&self, other: &Self) -> bool {
        self.line == other.line && Field::ALL.into_iter().all(|f| self.get(f) == other.get(f))
    }
}

impl Eq for DenueRow {}

impl Default for DenueRow {
    fn default() -> Self {
        DenueRow::new()
    }
}

impl DenueRow {
    /// An empty row, to be filled by [`DenueReader::read_row`].
    pub fn new() -> Self {
        DenueRow {
            line: 0,
            text: String::with_capacity(256),
            spans: [(0, 0); Field::COUNT],
        }
    }

    /// A row from field values, as a test or another source would build it; fields not given are
    /// empty. Values are taken as they are (not trimmed).
    pub fn from_fields(line: u64, values: &[(Field, &str)]) -> Self {
        let mut row = DenueRow::new();
        row.line = line;
        for f in Field::ALL {
            let start = row.text.len();
            if let Some((_, v)) = values.iter().find(|(g, _)| *g == f) {
                row.text.push_str(v);
            }
            row.spans[f.index()] = (start, row.text.len());
        }
        row
    }

    /// Physical line in the file where this row starts (the header is line 1).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The value of a field, trimmed; empty when the file lacks the column.
    pub fn get(&self, field: Field) -> &str {
        let (start, end) = self.spans[field.index()];
        self.text.get(start..end).unwrap_or_default()
    }

    /// Fills the row from a CSV record: the fields' bytes are gathered in `raw`, then decoded at
    /// once (UTF-8 that is not valid falls back to field by field decoding).
    fn fill(&mut self, line: u64, record: &ByteRecord, columns: &ColumnMap, decoding: &Decoding, raw: &mut Vec<u8>) {
        self.line = line;
        self.gather(record, columns, raw, Vec::extend_from_slice);
        if has_control(raw) {
            self.gather(record, columns, raw, push_clean);
        }
        self.text.clear();
        let encoding = decoding.encoding;
        let plain = match encoding {
            Encoding::Utf8 => std::str::from_utf8(raw).ok(),
            Encoding::Windows1252 => Some(&*raw)
                .filter(|r| r.is_ascii())
                .and_then(|r| std::str::from_utf8(r).ok()),
        };
        match plain {
            Some(text) => self.text.push_str(text),
            None if encoding == Encoding::Windows1252 => self.decode_1252(raw, &decoding.growth),
            None => self.decode_by_field(encoding, raw),
        }
        self.trim_non_ascii_ends();
    }

    /// Copies the fields' bytes, trimmed, into `raw` with `push`, and notes their spans.
    fn gather(&mut self, record: &ByteRecord, columns: &ColumnMap, raw: &mut Vec<u8>, push: fn(&mut Vec<u8>, &[u8])) {
        raw.clear();
        for f in Field::ALL {
            let start = raw.len();
            if let Some(field) = columns.position(f).and_then(|p| record.get(p)) {
                push(raw, field.trim_ascii());
            }
            self.spans[f.index()] = (start, raw.len());
        }
    }

    /// Decodes `raw` as Windows-1252 in one go and moves the spans by the bytes each character
    /// gained in UTF-8.
    fn decode_1252(&mut self, raw: &[u8], growth: &[u8; 256]) {
        decode_into(Encoding::Windows1252, raw, &mut self.text);
        let mut shift = 0usize;
        for span in &mut self.spans {
            let field = raw.get(span.0..span.1).unwrap_or_default();
            let start = span.0 + shift;
            if !field.is_ascii() {
                shift += field
                    .iter()
                    .map(|&b| usize::from(growth[usize::from(b)]))
                    .sum::<usize>();
            }
            *span = (start, span.1 + shift);
        }
        let consistent = self.spans.last().is_none_or(|&(_, e)| e == self.text.len())
            && self
                .spans
                .iter()
                .all(|&(s, e)| self.text.is_char_boundary(s) && self.text.is_char_boundary(e));
        if !consistent {
            // The growth table disagrees with the decoder: not expected, but stay correct.
            self.text.clear();
            self.decode_by_field(Encoding::Windows1252, raw);
        }
    }

    /// Decodes `raw` one field at a time, moving the spans to the decoded text.
    fn decode_by_field(&mut self, encoding: Encoding, raw: &[u8]) {
        let raw_spans = self.spans;
        for (span, &(s, e)) in self.spans.iter_mut().zip(&raw_spans) {
            let start = self.text.len();
            decode_into(encoding, raw.get(s..e).unwrap_or_default(), &mut self.text);
            *span = (start, self.text.len());
        }
    }

    /// Trims white space outside ASCII (a no-break space) from the fields that may have some.
    fn trim_non_ascii_ends(&mut self) {
        let bytes = self.text.as_bytes();
        for span in &mut self.spans {
            let (first, last) = (bytes.get(span.0), span.1.checked_sub(1).and_then(|i| bytes.get(i)));
            if first.is_some_and(|&b| b >= 0x80) || last.is_some_and(|&b| b >= 0x80) {
                let value = self.text.get(span.0..span.1).unwrap_or_default();
                let after_lead = value.trim_start();
                let start = span.0 + (value.len() - after_lead.len());
                *span = (start, start + after_lead.trim_end().len());
            }
        }
    }
}

/// Whether `bytes` hold an ASCII control character (a scan the compiler can vectorize).
fn has_control(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(b < 0x20) | u8::from(b == 0x7F))
        != 0
}

/// Appends a field's bytes, with each run of ASCII control characters (a line break inside a
/// quoted value) replaced by one space, and blanks at either end removed.
fn push_clean(out: &mut Vec<u8>, raw: &[u8]) {
    let start = out.len();
    for &b in raw {
        if !(b < 0x20 || b == 0x7F) {
            out.push(b);
        } else if out.len() > start && out.last() != Some(&b' ') {
            out.push(b' ');
        }
    }
    while out.len() > start && out.last().is_some_and(u8::is_ascii_whitespace) {
        out.pop();
    }
    let lead = out
        .get(start..)
        .map_or(0, |s| s.iter().take_while(|b| b.is_ascii_whitespace()).count());
    out.drain(start..start + lead);
}

/// How a reader decodes fields.
struct Decoding {
    encoding: Encoding,
    /// See [`windows_1252_growth`].
    growth: [u8; 256],
}

/// Options for [`DenueReader::with_options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Force an encoding instead of detecting it.
    pub encoding: Option<Encoding>,
    /// Size of the read buffer in bytes.
    pub buffer_capacity: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            encoding: None,
            buffer_capacity: 1 << 20,
        }
    }
}

/// The bytes read for detection, then the rest of the input.
type Source<R> = Chain<Cursor<Vec<u8>>, R>;

/// Reads a DENUE CSV file row by row.
///
/// Iterating yields `Ok(DenueRow)` for each well-formed line and `Err(RowError)` for a line with
/// the wrong number of fields, then goes on. An I/O error is yielded once (code `io.read`, see
/// [`RowError::is_fatal`]) and ends the iteration. For a loop without an allocation per row, use
/// [`DenueReader::read_row`] with one reused [`DenueRow`].
pub struct DenueReader<R: Read> {
    csv: csv::Reader<Source<R>>,
    columns: ColumnMap,
    decoding: Decoding,
    record: ByteRecord,
    /// The raw bytes of a row's fields, before decoding.
    raw: Vec<u8>,
    /// Bytes before the CSV parser's start (a byte order mark).
    skipped: u64,
    finished: bool,
}

impl DenueReader<File> {
    /// Opens a file, detects its encoding and reads its header.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, DenueError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| DenueError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        DenueReader::new(file)
    }
}

impl<R: Read> std::fmt::Debug for DenueReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DenueReader")
            .field("encoding", &self.decoding.encoding)
            .field("columns", &self.columns)
            .field("bytes_read", &self.bytes_read())
            .finish_non_exhaustive()
    }
}

impl<R: Read> DenueReader<R> {
    /// Starts reading: detects the encoding from the first 64 KiB and reads the header.
    pub fn new(input: R) -> Result<Self, DenueError> {
        DenueReader::with_options(input, ReadOptions::default())
    }

    /// Starts reading with options (a forced encoding, another buffer size).
    pub fn with_options(mut input: R, options: ReadOptions) -> Result<Self, DenueError> {
        let (mut sample, at_eof) = read_sample(&mut input)?;
        let (detected, skipped) = detect(&sample, at_eof);
        sample.drain(..skipped);
        let encoding = options.encoding.unwrap_or(detected);
        // Lines end at '\n' only: with CRLF the '\r' stays in the last field (and is trimmed), so
        // the parser's line and byte positions are exact at the start of every record.
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(options.buffer_capacity.max(4096))
            .from_reader(Cursor::new(sample).chain(input));
        let mut header = ByteRecord::new();
        loop {
            if !csv.read_byte_record(&mut header).map_err(csv_to_io)? {
                return Err(DenueError::Empty);
            }
            if !is_blank(&header) {
                break;
            }
        }
        let columns = ColumnMap::from_header(header.iter(), encoding)?;
        Ok(DenueReader {
            csv,
            columns,
            decoding: Decoding {
                encoding,
                growth: windows_1252_growth(),
            },
            record: ByteRecord::new(),
            raw: Vec::with_capacity(1024),
            skipped: skipped as u64,
            finished: false,
        })
    }

    /// The encoding used to decode fields.
    pub fn encoding(&self) -> Encoding {
        self.decoding.encoding
    }

    /// Where each field is in this file.
    pub fn columns(&self) -> &ColumnMap {
        &self.columns
    }

    /// Bytes of the file parsed so far, for a progress bar against the file size.
    pub fn bytes_read(&self) -> u64 {
        self.skipped + self.csv.position().byte()
    }

    /// Reads the next line into `row`, reusing its buffer. `None` at the end of the file;
    /// `Some(Err(_))` for a rejected line (the next call goes on) or an I/O error (the next call
    /// returns `None`).
    pub fn read_row(&mut self, row: &mut DenueRow) -> Option<Result<(), RowError>> {
        if self.finished {
            return None;
        }
        loop {
            match self.csv.read_byte_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => {}
                Ok(true) => return Some(self.accept(row)),
                Ok(false) => {
                    self.finished = true;
                    return None;
                }
                Err(e) => {
                    self.finished = true;
                    let line = self.csv.position().line();
                    return Some(Err(RowError::new(
                        line,
                        codes::IO,
                        format!("the file could not be read past this line: {e}"),
                    )));
                }
            }
        }
    }

    /// Checks the record just read and decodes it into `row`.
    fn accept(&mut self, row: &mut DenueRow) -> Result<(), RowError> {
        let line = self.record.position().map_or(0, |p| p.line());
        let width = self.columns.width();
        let n = self.record.len();
        // A trailing separator on data lines only adds one empty field: harmless.
        let trailing_empty = n == width + 1 && self.record.get(width).is_some_and(<[u8]>::is_empty);
        if n != width && !trailing_empty {
            return Err(self.field_count_error(line, n, width));
        }
        row.fill(line, &self.record, &self.columns, &self.decoding, &mut self.raw);
        Ok(())
    }

    fn field_count_error(&self, line: u64, n: usize, width: usize) -> RowError {
        let fields = if n == 1 { "field" } else { "fields" };
        let mut reason = format!("the line has {n} {fields} but the header has {width}");
        // The parser stands at the start of the next record; a record that ran over more than its
        // own line probably swallowed line breaks into an unclosed quote.
        let next = self.csv.position().line();
        if next > line + 1 && !self.csv.is_done() {
            let last = next - 1;
            // Writing to a String cannot fail.
            let _ = write!(
                reason,
                " (it runs over lines {line} to {last}: a quote that is not closed may have joined them)"
            );
        }
        RowError::new(line, codes::FIELD_COUNT, reason)
    }
}

impl<R: Read> Iterator for DenueReader<R> {
    type Item = Result<DenueRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut row = DenueRow::new();
        self.read_row(&mut row).map(|r| r.map(|()| row))
    }
}

/// A line with nothing but blanks (such as a final "\r\n").
fn is_blank(record: &ByteRecord) -> bool {
    record.len() == 1 && record.get(0).is_some_and(|f| f.trim_ascii().is_empty())
}

/// Reads up to [`SAMPLE_LEN`] bytes; also says whether the input ended within them.
fn read_sample(input: &mut impl Read) -> Result<(Vec<u8>, bool), DenueError> {
    let mut sample = vec![0u8; SAMPLE_LEN];
    let mut filled = 0;
    while filled < SAMPLE_LEN {
        match input.read(&mut sample[filled..]) {
            Ok(0) => {
                sample.truncate(filled);
                return Ok((sample, true));
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(DenueError::Io(e)),
        }
    }
    Ok((sample, false))
}

fn csv_to_io(e: csv::Error) -> DenueError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => DenueError::Io(io),
        other => DenueError::Io(io::Error::other(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::DENUE_COLUMNS;
    use crate::encoding::UTF8_BOM;

    const HEADER: &str = "id,nom_estab,raz_social,codigo_act,per_ocu,cve_ent,cve_mun,latitud,longitud,fecha_alta\r\n";

    fn rows(data: &[u8]) -> Vec<Result<DenueRow, RowError>> {
        DenueReader::new(data).unwrap().collect()
    }

    #[test]
    fn reads_rows_trimmed_with_lines() {
        let data = format!(
            "{HEADER}\"1\",\" TACOS EL GÜERO \",\"\",\"722514\",\"0 a 5 personas\",\"09\",\"015\",\"19.43\",\"-99.13\",\"2019-11\"\r\n\
             \"2\",\"FARMACIA\",\"FARMACIAS SA DE CV\",\"464111\",\"6 a 10 personas\",\"14\",\"039\",,,\"2010-07\"\r\n"
        );
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 2);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.line(), 2);
        assert_eq!(a.get(Field::Id), "1");
        assert_eq!(a.get(Field::NomEstab), "TACOS EL GÜERO");
        assert_eq!(a.get(Field::RazSocial), "");
        assert_eq!(a.get(Field::FechaAlta), "2019-11");
        assert_eq!(a.get(Field::Localidad), "");
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.line(), 3);
        assert_eq!(b.get(Field::RazSocial), "FARMACIAS SA DE CV");
        assert_eq!(b.get(Field::Latitud), "");
    }

    #[test]
    fn bad_lines_are_errors_with_their_line_and_reading_goes_on() {
        let data = format!(
            "{HEADER}\"1\",\"UNO\",\"\",\"722514\",\"0 a 5 personas\",\"09\",\"015\",\"\",\"\",\"2019-11\"\n\
             \"2\",\"DOS\nCON SALTO\",\"\",\"722514\",\"0 a 5 personas\",\"09\",\"015\",\"\",\"\",\"2019-11\"\n\
             \"3\",\"TRES\",\"722514\"\n\
             \"4\",\"CUATRO\",\"\",\"722514\",\"0 a 5 personas\",\"09\",\"015\",\"\",\"\",\"2019-11\"\n"
        );
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().unwrap().line(), 2);
        let two = out[1].as_ref().unwrap();
        assert_eq!(two.line(), 3);
        assert_eq!(two.get(Field::NomEstab), "DOS CON SALTO");
        let err = out[2].as_ref().unwrap_err();
        assert_eq!(err.line, 5);
        assert_eq!(err.code, codes::FIELD_COUNT);
        assert_eq!(err.reason, "the line has 3 fields but the header has 10");
        assert_eq!(out[3].as_ref().unwrap().line(), 6);
    }

    #[test]
    fn unclosed_quote_is_reported_with_its_span() {
        let data = format!(
            "{HEADER}\"1\",\"UNO\",\"\",\"722514\",\"0 a 5 personas\",\"09\",\"015\",\"\",\"\",\"2019-11\"\n\
             2,\"ROTO,,722514,0 a 5 personas,09,015,,,2019-11\n\
             3,TRES,,722514,0 a 5 personas,09,015,,,2019-11\n\
             \"4\",\"CUATRO\",\"\",\"722514\",\"0 a 5 personas\",\"09\",\"015\",\"\",\"\",\"2019-11\"\n"
        );
        let out = rows(data.as_bytes());
        let err = out.iter().find_map(|r| r.as_ref().err()).unwrap();
        assert_eq!(err.line, 3);
        assert_eq!(err.code, codes::FIELD_COUNT);
        assert!(err.reason.contains("it runs over lines 3 to"), "{}", err.reason);
    }

    #[test]
    fn blank_lines_are_skipped_and_lines_still_count() {
        let data = format!("\r\n{HEADER}\r\n1,UNO,,722514,0 a 5 personas,09,015,,,2019-11\r\n\r\n");
        let out = rows(data.as_bytes());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().line(), 4);
    }

    #[test]
    fn trailing_separator_is_tolerated() {
        let data = format!("{HEADER}1,UNO,,722514,0 a 5 personas,09,015,,,2019-11,\n");
        let out = rows(data.as_bytes());
        assert_eq!(out[0].as_ref().unwrap().get(Field::FechaAlta), "2019-11");
    }

    #[test]
    fn latin1_and_utf8_files_read_the_same() {
        let text = format!("{HEADER}\"7\",\"PANADERÍA DOÑA MARÍA\",\"\",\"311812\",\"251 y más personas\",\"16\",\"053\",\"19.7\",\"-101.2\",\"2014-12\"\r\n");
        let latin1 = encoding_rs::WINDOWS_1252.encode(&text).0.into_owned();
        assert_ne!(latin1, text.as_bytes());
        let a = DenueReader::new(text.as_bytes()).unwrap();
        assert_eq!(a.encoding(), Encoding::Utf8);
        let b = DenueReader::new(latin1.as_slice()).unwrap();
        assert_eq!(b.encoding(), Encoding::Windows1252);
        let a: Vec<_> = a.collect();
        let b: Vec<_> = b.collect();
        assert_eq!(a, b);
        assert_eq!(a[0].as_ref().unwrap().get(Field::NomEstab), "PANADERÍA DOÑA MARÍA");
        let mut with_bom = UTF8_BOM.to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        let c: Vec<_> = DenueReader::new(with_bom.as_slice()).unwrap().collect();
        assert_eq!(a, c);
    }

    #[test]
    fn no_break_spaces_and_inner_line_breaks_are_cleaned() {
        let data = b"id,nom_estab,codigo_act,per_ocu,cve_ent,cve_mun\n1,\"\xA0ABARROTES\r\n  LUPITA\xA0\",1,2,3,4\n";
        let row = DenueReader::new(&data[..]).unwrap().next().unwrap().unwrap();
        assert_eq!(row.get(Field::NomEstab), "ABARROTES   LUPITA");
        assert_eq!(row.get(Field::CodigoAct), "1");
        let data = b"id,nom_estab,codigo_act,per_ocu,cve_ent,cve_mun\n1,\"\x01 ABC \x02\",\"\x7f\",2,3,4\n";
        let row = DenueReader::new(&data[..]).unwrap().next().unwrap().unwrap();
        assert_eq!(row.get(Field::NomEstab), "ABC");
        assert_eq!(row.get(Field::CodigoAct), "");
    }

    #[test]
    fn forced_encoding_is_used() {
        let text = format!("{HEADER}\"7\",\"PEÑA\",\"\",\"311812\",\"0 a 5 personas\",\"16\",\"053\",,,\r\n");
        let options = ReadOptions {
            encoding: Some(Encoding::Windows1252),
            ..ReadOptions::default()
        };
        let mut r = DenueReader::with_options(text.as_bytes(), options).unwrap();
        assert_eq!(r.encoding(), Encoding::Windows1252);
        let row = r.next().unwrap().unwrap();
        assert_eq!(row.get(Field::NomEstab), "PEÃ‘A");
    }

    #[test]
    fn bytes_read_reaches_the_file_size() {
        let text = format!("{HEADER}\"7\",\"PEÑA\",\"\",\"311812\",\"0 a 5 personas\",\"16\",\"053\",,,\r\n");
        let mut with_bom = UTF8_BOM.to_vec();
        with_bom.extend_from_slice(text.as_bytes());
        let mut r = DenueReader::new(with_bom.as_slice()).unwrap();
        assert_eq!(r.bytes_read(), (UTF8_BOM.len() + HEADER.len()) as u64);
        while r.next().is_some() {}
        assert_eq!(r.bytes_read(), with_bom.len() as u64);
    }

    #[test]
    fn header_errors() {
        assert!(matches!(DenueReader::new(&b""[..]), Err(DenueError::Empty)));
        let err = DenueReader::new(&b"a,b,c\n1,2,3\n"[..]).unwrap_err();
        assert!(matches!(err, DenueError::MissingColumns { .. }));
        let full = DENUE_COLUMNS.join(",");
        assert!(DenueReader::new(full.as_bytes()).unwrap().next().is_none());
    }

    #[test]
    fn read_row_reuses_the_buffer() {
        let data = format!(
            "{HEADER}1,UNO,,722514,0 a 5 personas,09,015,,,2019-11\n2,DOS,,722514,0 a 5 personas,09,015,,,2019-11\n"
        );
        let mut r = DenueReader::new(data.as_bytes()).unwrap();
        let mut row = DenueRow::new();
        let mut names = Vec::new();
        while let Some(res) = r.read_row(&mut row) {
            res.unwrap();
            names.push(row.get(Field::NomEstab).to_string());
        }
        assert_eq!(names, ["UNO", "DOS"]);
    }

    #[test]
    fn from_fields_builds_a_row() {
        let row = DenueRow::from_fields(9, &[(Field::CveMun, "015"), (Field::Id, "3")]);
        assert_eq!(row.line(), 9);
        assert_eq!(row.get(Field::Id), "3");
        assert_eq!(row.get(Field::CveMun), "015");
        assert_eq!(row.get(Field::NomEstab), "");
    }
}
