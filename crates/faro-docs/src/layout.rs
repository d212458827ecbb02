//! Lays a document out on pages: the header with the QR code on the first page, the blocks one
//! below the other (breaking pages between lines and table rows, repeating table headers), and
//! the footer on every page.

use crate::canvas::Canvas;
use crate::error::DocError;
use crate::labels;
use crate::metrics::Font;
use crate::model::{Block, Document, PageSize, Signature};
use crate::qr::QrMatrix;
use crate::winansi::{encode, encode_line, NEWLINE};
use crate::wrap::wrap;

const MARGIN_X: f64 = 56.0;
const MARGIN_TOP: f64 = 50.0;
/// The body ends this far above the bottom edge; the footer lives below.
const MARGIN_BOTTOM: f64 = 64.0;
const FOOTER_RULE: f64 = 50.0;
const FOOTER_BASELINE: f64 = 36.0;
const FOOTER_SIZE: f64 = 8.0;

const QR_SIZE: f64 = 96.0;
const QR_GAP: f64 = 14.0;
const QR_CODE_SIZE: f64 = 8.0;

const CELL_PAD_X: f64 = 4.0;
const CELL_PAD_Y: f64 = 3.0;
const LABEL_GAP: f64 = 8.0;
const BLOCK_GAP: f64 = 8.0;
const HEADING_GAP: f64 = 6.0;
const EPSILON: f64 = 1e-6;

#[derive(Debug, Clone, Copy)]
struct Style {
    font: Font,
    size: f64,
    leading: f64,
}

const AUTHORITY: Style = Style {
    font: Font::Bold,
    size: 10.0,
    leading: 12.5,
};
const TITLE: Style = Style {
    font: Font::Bold,
    size: 15.0,
    leading: 18.5,
};
const HEADER_FIELDS: Style = Style {
    font: Font::Regular,
    size: 9.0,
    leading: 12.0,
};
const HEADING: Style = Style {
    font: Font::Bold,
    size: 12.0,
    leading: 15.0,
};
const BODY: Style = Style {
    font: Font::Regular,
    size: 10.0,
    leading: 13.5,
};
const TABLE: Style = Style {
    font: Font::Regular,
    size: 9.0,
    leading: 11.5,
};

/// The pages of `doc`, each a finished content stream, footer included.
pub fn lay_out(doc: &Document, size: PageSize, qr: &QrMatrix) -> Result<Vec<Canvas>, DocError> {
    let mut flow = Flow::new(size);
    flow.header(doc, qr);
    for (index, block) in doc.blocks.iter().enumerate() {
        flow.block(doc, index, block)?;
    }
    let (width, height) = size.dimensions();
    let mut pages = flow.finish();
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        footer(page, doc, i + 1, total, width, height);
    }
    Ok(pages)
}

/// "folio · página N de M · código", centred, shrunk if it would not fit the line.
fn footer(page: &mut Canvas, doc: &Document, number: usize, total: usize, width: f64, height: f64) {
    let text = encode_line(&labels::footer(
        doc.lang,
        &doc.folio,
        number,
        total,
        &doc.verification_code,
    ));
    let available = width - 2.0 * MARGIN_X;
    let natural = Font::Regular.width(&text, FOOTER_SIZE);
    let size = if natural > available {
        (FOOTER_SIZE * available / natural).max(4.0)
    } else {
        FOOTER_SIZE
    };
    let text_width = Font::Regular.width(&text, size);
    let x = MARGIN_X + ((available - text_width) / 2.0).max(0.0);
    page.hline(MARGIN_X, width - MARGIN_X, height - FOOTER_RULE, 0.5, 0.6);
    page.text(x, height - FOOTER_BASELINE, Font::Regular, size, &text);
}

/// Where the next thing goes: the page being filled and the height already used on it.
struct Flow {
    width: f64,
    height: f64,
    done: Vec<Canvas>,
    page: Canvas,
    /// Top of the free space, from the top edge.
    y: f64,
    /// Nothing has been drawn in the body of the current page yet.
    fresh: bool,
}

impl Flow {
    fn new(size: PageSize) -> Self {
        let (width, height) = size.dimensions();
        Self {
            width,
            height,
            done: Vec::new(),
            page: Canvas::new(height),
            y: MARGIN_TOP,
            fresh: true,
        }
    }

    fn finish(mut self) -> Vec<Canvas> {
        self.done.push(self.page);
        self.done
    }

    fn content_width(&self) -> f64 {
        self.width - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f64 {
        self.height - MARGIN_BOTTOM
    }

    fn body_height(&self) -> f64 {
        self.bottom() - MARGIN_TOP
    }

    fn remaining(&self) -> f64 {
        self.bottom() - self.y
    }

    fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.page, Canvas::new(self.height));
        self.done.push(full);
        self.y = MARGIN_TOP;
        self.fresh = true;
    }

    /// Starts a new page unless `height` fits in what is left of this one (or this one is empty).
    fn ensure(&mut self, height: f64) {
        if height > self.remaining() + EPSILON && !self.fresh {
            self.new_page();
        }
    }

    /// Vertical space, skipped at the top of a page.
    fn gap(&mut self, height: f64) {
        if !self.fresh {
            self.y += height;
        }
    }

    fn text_at(&mut self, x: f64, line_top: f64, style: Style, text: &[u8]) {
        let baseline = line_top + (style.leading - style.size) / 2.0 + 0.8 * style.size;
        self.page.text(x, baseline, style.font, style.size, text);
        self.fresh = false;
    }

    /// Lines one below the other, breaking the page between any two.
    fn lines(&mut self, x: f64, lines: &[Vec<u8>], style: Style) {
        for line in lines {
            self.ensure(style.leading);
            self.text_at(x, self.y, style, line);
            self.y += style.leading;
        }
    }

    fn header(&mut self, doc: &Document, qr: &QrMatrix) {
        let left = MARGIN_X;
        let qr_x = left + self.content_width() - QR_SIZE;
        qr.draw(&mut self.page, qr_x, MARGIN_TOP, QR_SIZE);
        let code = encode_line(&doc.verification_code);
        let code_width = Font::Bold.width(&code, QR_CODE_SIZE);
        let code_x = qr_x + ((QR_SIZE - code_width) / 2.0).max(0.0);
        let code_baseline = MARGIN_TOP + QR_SIZE + QR_CODE_SIZE;
        self.page.text(code_x, code_baseline, Font::Bold, QR_CODE_SIZE, &code);
        let qr_bottom = code_baseline + 4.0;

        let column = self.content_width() - QR_SIZE - QR_GAP;
        let authority = wrap(&encode(&doc.authority), AUTHORITY.font, AUTHORITY.size, column);
        self.lines(left, &authority, AUTHORITY);
        self.y += 4.0;
        let title = wrap(&encode(&doc.title), TITLE.font, TITLE.size, column);
        self.lines(left, &title, TITLE);
        self.y += 6.0;
        let fields = [
            (labels::folio(doc.lang).to_string(), doc.folio.clone()),
            (
                labels::issued_at(doc.lang).to_string(),
                labels::date(doc.lang, doc.issued_at),
            ),
            (
                labels::verification_code(doc.lang).to_string(),
                doc.verification_code.clone(),
            ),
            (labels::verify_at(doc.lang).to_string(), doc.verify_url.clone()),
        ];
        self.fields(left, column, &fields, HEADER_FIELDS);
        if self.done.is_empty() {
            self.y = self.y.max(qr_bottom);
        }
        self.y += 6.0;
        self.page.hline(left, left + self.content_width(), self.y, 0.75, 0.4);
        self.y += 14.0;
        self.fresh = false;
    }

    fn block(&mut self, doc: &Document, index: usize, block: &Block) -> Result<(), DocError> {
        let width = self.content_width();
        match block {
            Block::Heading(text) => {
                let lines = wrap(&encode(text), HEADING.font, HEADING.size, width);
                // Keep the heading with the first two lines of what follows it.
                let needed = HEADING_GAP + lines.len() as f64 * HEADING.leading + 2.0 * BODY.leading;
                self.ensure(needed.min(self.body_height()));
                self.gap(HEADING_GAP);
                self.lines(MARGIN_X, &lines, HEADING);
                self.y += 2.0;
            }
            Block::Paragraph(text) => {
                let lines = wrap(&encode(text), BODY.font, BODY.size, width);
                self.lines(MARGIN_X, &lines, BODY);
                self.gap(BLOCK_GAP);
            }
            Block::Fields(pairs) => {
                self.fields(MARGIN_X, width, pairs, BODY);
                self.gap(BLOCK_GAP);
            }
            Block::Table { headers, rows } => {
                self.table(index, headers, rows)?;
                self.gap(BLOCK_GAP);
            }
            Block::Signatures(signatures) => {
                let (headers, rows) = signature_table(doc, signatures);
                self.table(index, &headers, &rows)?;
                self.gap(BLOCK_GAP);
            }
        }
        Ok(())
    }

    /// `label: value` lines: labels in bold in a column at most 40 % of `width` wide.
    fn fields(&mut self, x: f64, width: f64, pairs: &[(String, String)], style: Style) {
        let labels: Vec<Vec<u8>> = pairs.iter().map(|(label, _)| label_text(label)).collect();
        let widest = labels
            .iter()
            .map(|l| Font::Bold.width(l, style.size))
            .fold(0.0, f64::max);
        let label_width = (widest + LABEL_GAP).min(width * 0.4);
        let value_width = width - label_width;
        let label_style = Style {
            font: Font::Bold,
            ..style
        };
        let value_style = Style {
            font: Font::Regular,
            ..style
        };
        for (label, (_, value)) in labels.iter().zip(pairs) {
            let label_lines = wrap(label, Font::Bold, style.size, label_width - LABEL_GAP);
            let value_lines = wrap(&encode(value), Font::Regular, style.size, value_width);
            let count = label_lines.len().max(value_lines.len());
            let height = count as f64 * style.leading;
            if height <= self.body_height() {
                self.ensure(height);
            }
            for i in 0..count {
                self.ensure(style.leading);
                let top = self.y;
                if let Some(line) = label_lines.get(i) {
                    self.text_at(x, top, label_style, line);
                }
                if let Some(line) = value_lines.get(i) {
                    self.text_at(x + label_width, top, value_style, line);
                }
                self.y += style.leading;
            }
        }
    }

    fn table(&mut self, block: usize, headers: &[String], rows: &[Vec<String>]) -> Result<(), DocError> {
        if headers.is_empty() {
            return Err(DocError::TableWithoutColumns { block });
        }
        if let Some((row, cells)) = rows.iter().enumerate().find(|(_, cells)| cells.len() != headers.len()) {
            return Err(DocError::TableRowWidth {
                block,
                row,
                expected: headers.len(),
                found: cells.len(),
            });
        }
        let head: Vec<Vec<u8>> = headers.iter().map(|h| encode(h)).collect();
        let body: Vec<Vec<Vec<u8>>> = rows
            .iter()
            .map(|cells| cells.iter().map(|c| encode(c)).collect())
            .collect();
        let widths = column_widths(&head, &body, self.content_width());
        let table = Table {
            head: wrap_cells(&head, &widths, Font::Bold),
            widths,
        };
        let header_height = table.height(&table.head);
        let first_row = body
            .first()
            .map(|cells| table.height(&wrap_cells(cells, &table.widths, Font::Regular)))
            .unwrap_or(0.0);
        self.ensure((header_height + first_row).min(self.body_height()));
        self.table_header(&table);
        for cells in &body {
            let cells = wrap_cells(cells, &table.widths, Font::Regular);
            self.table_row(&table, &cells);
        }
        Ok(())
    }

    fn table_header(&mut self, table: &Table) {
        let height = table.height(&table.head);
        let total: f64 = table.widths.iter().sum();
        self.page.fill_rects(&[(MARGIN_X, self.y, total, height)], 0.9);
        let style = Style {
            font: Font::Bold,
            ..TABLE
        };
        self.cells(table, &table.head, 0, usize::MAX, style);
        self.y += height;
        self.page.hline(MARGIN_X, MARGIN_X + total, self.y, 0.6, 0.3);
        self.fresh = false;
    }

    /// A row, split between pages line by line when it must be (a row taller than what is left
    /// of the page but not than a page goes whole to the next one).
    fn table_row(&mut self, table: &Table, cells: &[Vec<Vec<u8>>]) {
        let count = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let header_height = table.height(&table.head);
        let whole = table.height(cells);
        let fits_a_page = whole <= self.body_height() - header_height + EPSILON;
        let mut start = 0;
        let mut just_broke = false;
        loop {
            let rest = (count - start) as f64 * TABLE.leading + 2.0 * CELL_PAD_Y;
            if rest <= self.remaining() + EPSILON {
                self.row_segment(table, cells, start, count);
                break;
            }
            let room = self.remaining() - 2.0 * CELL_PAD_Y;
            let mut fit = if room > 0.0 {
                ((room + EPSILON) / TABLE.leading).floor() as usize
            } else {
                0
            };
            if just_broke {
                fit = fit.max(1); // a header taller than the page must not stop the table
            } else if fit == 0 || (start == 0 && fits_a_page) {
                self.new_page();
                self.table_header(table);
                just_broke = true;
                continue;
            }
            let end = (start + fit).min(count);
            self.row_segment(table, cells, start, end);
            start = end;
            if start >= count {
                break;
            }
            self.new_page();
            self.table_header(table);
            just_broke = true;
        }
        let total: f64 = table.widths.iter().sum();
        self.page.hline(MARGIN_X, MARGIN_X + total, self.y, 0.3, 0.75);
    }

    /// Lines `start..end` of every cell, padded above and below.
    fn row_segment(&mut self, table: &Table, cells: &[Vec<Vec<u8>>], start: usize, end: usize) {
        self.cells(table, cells, start, end, TABLE);
        self.y += (end - start) as f64 * TABLE.leading + 2.0 * CELL_PAD_Y;
    }

    fn cells(&mut self, table: &Table, cells: &[Vec<Vec<u8>>], start: usize, end: usize, style: Style) {
        let mut x = MARGIN_X;
        let top = self.y + CELL_PAD_Y;
        for (lines, width) in cells.iter().zip(&table.widths) {
            for (i, line) in lines.iter().enumerate().take(end).skip(start) {
                let line_top = top + (i - start) as f64 * style.leading;
                self.text_at(x + CELL_PAD_X, line_top, style, line);
            }
            x += width;
        }
    }
}

/// A table's column widths and its header, wrapped.
struct Table {
    widths: Vec<f64>,
    head: Vec<Vec<Vec<u8>>>,
}

impl Table {
    /// Height of a row whose cells are wrapped into `cells`.
    fn height(&self, cells: &[Vec<Vec<u8>>]) -> f64 {
        let count = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        count as f64 * TABLE.leading + 2.0 * CELL_PAD_Y
    }
}

fn wrap_cells(cells: &[Vec<u8>], widths: &[f64], font: Font) -> Vec<Vec<Vec<u8>>> {
    cells
        .iter()
        .zip(widths)
        .map(|(text, width)| wrap(text, font, TABLE.size, width - 2.0 * CELL_PAD_X))
        .collect()
}

/// Widths that fill `available`: each column's natural width (its widest line unwrapped) when
/// they all fit, scaled up; else at least its longest word (but no more than an equal share),
/// the rest shared in proportion to how much more each column would like.
fn column_widths(head: &[Vec<u8>], body: &[Vec<Vec<u8>>], available: f64) -> Vec<f64> {
    let columns = head.len();
    let share = available / columns as f64;
    let mut natural = vec![0.0f64; columns];
    let mut minimum = vec![0.0f64; columns];
    for (c, (nat, min)) in natural.iter_mut().zip(minimum.iter_mut()).enumerate() {
        let header = std::iter::once((head.get(c), Font::Bold));
        let cells = body.iter().map(|row| (row.get(c), Font::Regular));
        for (text, font) in header.chain(cells) {
            let Some(text) = text else { continue };
            for line in text.split(|&b| b == NEWLINE) {
                *nat = nat.max(font.width(line, TABLE.size));
                for word in line.split(|&b| b == b' ') {
                    *min = min.max(font.width(word, TABLE.size));
                }
            }
        }
        *nat += 2.0 * CELL_PAD_X;
        *min = (*min + 2.0 * CELL_PAD_X).min(share).min(*nat);
    }
    let sum_natural: f64 = natural.iter().sum();
    if sum_natural <= available {
        return natural.iter().map(|n| n * available / sum_natural).collect();
    }
    let sum_minimum: f64 = minimum.iter().sum();
    let spare = available - sum_minimum;
    let wanted = sum_natural - sum_minimum;
    natural
        .iter()
        .zip(&minimum)
        .map(|(n, m)| m + (n - m) * spare / wanted)
        .collect()
}

/// The label as printed: followed by a colon unless it has one already (or is empty).
fn label_text(label: &str) -> Vec<u8> {
    let mut bytes = encode(label.trim_end());
    if !bytes.is_empty() && !bytes.ends_with(b":") {
        bytes.push(b':');
    }
    bytes
}

fn signature_table(doc: &Document, signatures: &[Signature]) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = labels::signature_headers(doc.lang)
        .iter()
        .map(|h| h.to_string())
        .collect();
    let rows = signatures
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.role.clone(),
                labels::signature_status(doc.lang, s.status).to_string(),
            ]
        })
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_tables_are_stretched_in_proportion() {
        let head = vec![b"A".to_vec(), b"B".to_vec()];
        let body = vec![vec![b"x".to_vec(), b"xxxx".to_vec()]];
        let widths = column_widths(&head, &body, 500.0);
        assert!((widths.iter().sum::<f64>() - 500.0).abs() < 1e-9);
        assert!(widths[1] > widths[0]);
    }

    #[test]
    fn wide_tables_keep_each_column_at_least_its_longest_word() {
        let long = encode(&"palabra ".repeat(60));
        let head = vec![b"Nombre".to_vec(), b"Observaciones".to_vec()];
        let body = vec![vec![encode("Trabajadora"), long]];
        let widths = column_widths(&head, &body, 500.0);
        assert!((widths.iter().sum::<f64>() - 500.0).abs() < 1e-9);
        let word = Font::Regular.width(&encode("Trabajadora"), TABLE.size) + 2.0 * CELL_PAD_X;
        assert!(widths[0] >= word - 1e-9, "{widths:?}");
    }

    #[test]
    fn one_huge_word_does_not_starve_the_other_columns() {
        let head = vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()];
        let body = vec![vec![vec![b'x'; 500], b"uno dos".to_vec(), b"tres".to_vec()]];
        let widths = column_widths(&head, &body, 300.0);
        let fits = |word: &str| Font::Regular.width(word.as_bytes(), TABLE.size) + 2.0 * CELL_PAD_X;
        // The other columns still hold their longest words unbroken.
        assert!(widths[1] >= fits("uno") - 1e-9, "{widths:?}");
        assert!(widths[2] >= fits("tres") - 1e-9, "{widths:?}");
        assert!((widths.iter().sum::<f64>() - 300.0).abs() < 1e-9);
    }

    #[test]
    fn labels_get_one_colon() {
        assert_eq!(label_text("Folio"), b"Folio:".to_vec());
        assert_eq!(label_text("Folio:"), b"Folio:".to_vec());
        assert_eq!(label_text(""), Vec::<u8>::new());
    }
}
