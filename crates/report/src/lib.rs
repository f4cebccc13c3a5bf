//! Ledgers (台账) and personal files (一人一档) as documents: PDF through typst used as a
//! library, XLSX through rust_xlsxwriter, CSV with a UTF-8 byte-order mark.
//!
//! Everything to print is passed in as a [`Report`]: a title, the jurisdiction and period it
//! covers, who made it and when, and blocks of labelled fields or tables, all text already
//! in the words to print. This crate never opens the archive and knows no role, no scope
//! and no record kind: choosing rows, hiding what a reader may not see and labelling codes
//! is the API's work. The CJK font ships inside the binary (see `assets/fonts`) so a
//! document comes out the same on every machine, with no system font looked up.

mod csv;
mod pdf;
mod xlsx;

pub use pdf::{page_count, preview_png};

/// A document to print.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Chinese title, e.g. "社区矫正对象花名册".
    pub title: String,
    /// The jurisdiction it covers, as printed ("白洋街道（330723001）").
    pub jurisdiction: String,
    /// The period it covers, as printed ("2026年11月"), or empty.
    pub period: String,
    /// When and by whom it was made, as printed.
    pub generated_at: String,
    pub generated_by: String,
    /// Landscape A4 (ledgers) or portrait (a personal file).
    pub landscape: bool,
    /// Whether to end with the signature and seal lines (填表人/审核人/单位盖章).
    pub signatures: bool,
    pub blocks: Vec<Block>,
}

/// One part of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading (a personal file's "基本信息").
    Heading(String),
    /// Labelled values, two pairs to a line.
    Fields(Vec<(String, String)>),
    /// A table whose header row repeats on every page.
    Table(Table),
}

/// A table: its columns and its rows, one text per cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

/// A column: its Chinese heading and its relative width on paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub zh: String,
    pub width: u8,
}

impl Column {
    pub fn new(zh: &str, width: u8) -> Column {
        Column {
            zh: zh.to_owned(),
            width: width.max(1),
        }
    }
}

impl Report {
    /// The number of table rows in the document.
    pub fn rows(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Table(t) => t.rows.len(),
                _ => 0,
            })
            .sum()
    }
}

/// The file formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Xlsx,
    Csv,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Xlsx, Format::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// A written document: its bytes and, for a PDF, its page count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The typesetter refused the document; a bug in the template, never in the data
    /// (data travels as string literals).
    #[error("the PDF could not be typeset: {0}")]
    Typeset(String),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
    #[error("the preview could not be drawn: {0}")]
    Preview(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Writes `report` in `format`.
pub fn render(report: &Report, format: Format) -> Result<Rendered> {
    match format {
        Format::Pdf => {
            let doc = pdf::typeset(report)?;
            let pages = doc.pages.len() as u32;
            Ok(Rendered {
                bytes: pdf::pdf_bytes(&doc)?,
                pages: Some(pages),
            })
        }
        Format::Xlsx => Ok(Rendered {
            bytes: xlsx::xlsx(report)?,
            pages: None,
        }),
        Format::Csv => Ok(Rendered {
            bytes: csv::csv(report),
            pages: None,
        }),
    }
}

#[cfg(test)]
mod tests;
