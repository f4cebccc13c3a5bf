//! PDF and PNG previews through typst used as a library: a [`Report`] becomes typst markup
//! (every piece of data a string literal, so nothing in a name or a note can act as markup),
//! compiled in a small world of our own that holds that one source and the bundled font.
//!
//! Deliberately absent: files, packages, images and the clock. The world can read nothing
//! from disk or network, and `datetime.today()` is none; the date printed is the one passed
//! in, so the same report gives the same bytes.

use std::fmt::Write as _;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::{Block, Error, Report, Result, Table};

/// Noto Sans CJK (OFL, see assets/fonts/LICENSE-OFL.txt): Simplified Chinese with the rare
/// characters of names, and Latin and digits too.
static FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJK-Regular.ttc");
const FAMILY: &str = "Noto Sans CJK SC";

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = Font::iter(Bytes::new(FONT)).collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// One source and the bundled font; nothing else exists.
struct ReportWorld {
    main: Source,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

/// A typst string literal holding `s` exactly.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The typst markup of a report.
pub(crate) fn markup(report: &Report) -> String {
    let mut m = String::new();
    let period = if report.period.is_empty() {
        report.about.clone()
    } else {
        format!("期间：{}", report.period)
    };
    let _ = writeln!(
        m,
        r#"#set text(font: {font}, size: 8.5pt, lang: "zh", region: "cn")
#set par(leading: 0.45em)
#set page(paper: "a4", flipped: {flipped}, margin: (x: 1.4cm, top: 2.1cm, bottom: 1.9cm),
  header: [
    #set text(size: 8pt)
    #grid(columns: (1fr, 1fr, 1fr),
      align(left, {title}), align(center, {jur}), align(right, {period}))
    #v(-4pt)
    #line(length: 100%, stroke: 0.4pt)
  ],
  footer: context [
    #set text(size: 8pt)
    #grid(columns: (1fr, auto, 1fr),
      align(left, {made}),
      "第 " + str(counter(page).get().first()) + " 页 共 " + str(counter(page).final().first()) + " 页",
      [])
  ])
#align(center, text(size: 16pt, tracking: 0.1em, {title}))
#v(2pt)
#grid(columns: (1fr, 1fr), align(left, {jur_label}), align(right, {period}))
#v(2pt)"#,
        font = lit(FAMILY),
        flipped = report.landscape,
        title = lit(&report.title),
        jur = lit(&report.jurisdiction),
        jur_label = lit(&format!("单位：{}", report.jurisdiction)),
        period = lit(&period),
        made = lit(&format!(
            "制表时间：{}　制表人：{}",
            report.generated_at, report.generated_by
        )),
    );
    // A4 less the margins, in points.
    let page_pt = if report.landscape { 762.0 } else { 515.0 };
    for b in &report.blocks {
        match b {
            Block::Heading(h) => {
                let _ = writeln!(
                    m,
                    "#block(above: 10pt, below: 5pt, text(size: 11pt, {}))",
                    lit(h)
                );
            }
            Block::Fields(pairs) => fields(&mut m, pairs),
            Block::Table(t) => table(&mut m, t, page_pt),
        }
    }
    if report.signatures {
        let _ = writeln!(
            m,
            r#"#v(14pt)
#block(breakable: false, grid(columns: (1fr, 1fr, 1fr),
  "填表人：________________", "审核人：________________", "单位（盖章）：________________"))"#
        );
    }
    m
}

/// The body text size, in points.
const TEXT_PT: f64 = 8.5;
/// Left plus right cell inset and the stroke, in points.
const CELL_PAD_PT: f64 = 7.0;
/// The widest a column heading is kept on one line: four CJK characters.
const HEADING_PT: f64 = 4.0 * TEXT_PT;
/// The widest a column may ask for before its text wraps, in points.
const MAX_WANT_PT: f64 = 170.0;

fn is_cjk(c: char) -> bool {
    (c as u32) >= 0x2e80
}

/// How wide a character is on paper, in points (Latin and digits narrower than CJK).
fn char_pt(c: char) -> f64 {
    if is_cjk(c) { TEXT_PT } else { TEXT_PT * 0.53 }
}

/// A long code joined by hyphens (a file number, 330723001-2025-0002) may wrap after a
/// hyphen, where typst by itself never breaks before a digit: its column then leaves room
/// for the addresses beside it. Dates (ten characters) stay whole.
fn breaks_after_hyphens(text: &str) -> bool {
    text.chars().count() > 12
        && text.contains('-')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// A cell's text as typst gets it: with a zero-width space after each hyphen of a long code
/// (see [`breaks_after_hyphens`]), so the PDF may break the line there.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    if breaks_after_hyphens(text) {
        text.replace('-', "-\u{200b}").into()
    } else {
        text.into()
    }
}

/// The widest piece of `text` a line cannot be broken in: typst breaks between CJK
/// characters and at spaces, never inside a number, a date or an ID number.
fn unbreakable_pt(text: &str) -> f64 {
    if breaks_after_hyphens(text) {
        return text
            .split('-')
            .map(|p| text_pt(p) + char_pt('-'))
            .fold(0.0, f64::max);
    }
    // A short word (a name, a sex, a level: up to four characters) is read as one and
    // should not wrap, though typst may break between any two Chinese characters.
    if text.chars().count() <= 4 {
        return text_pt(text);
    }
    let mut widest: f64 = 0.0;
    let mut run = 0.0;
    for c in text.chars() {
        if c.is_whitespace() || is_cjk(c) {
            widest = widest.max(run);
            run = 0.0;
            if is_cjk(c) {
                widest = widest.max(TEXT_PT);
            }
        } else {
            run += char_pt(c);
        }
    }
    widest.max(run)
}

fn text_pt(text: &str) -> f64 {
    text.chars().map(char_pt).sum()
}

/// The widths of a table's columns on a line `page_pt` wide, as typst fractions: every
/// column at least as wide as its longest number or code, and the rest of the line shared
/// by how much more each column's longest text would like.
fn widths(t: &Table, page_pt: f64) -> Vec<String> {
    let n = t.columns.len();
    let cells = |i: usize| {
        t.rows
            .iter()
            .filter_map(move |r| r.get(i))
            .map(String::as_str)
    };
    let need: Vec<f64> = (0..n)
        .map(|i| {
            // A short heading stays on one line; a long one may wrap.
            let heading = text_pt(&t.columns[i].zh).min(HEADING_PT);
            let widest = cells(i).map(unbreakable_pt).fold(heading, f64::max);
            widest + CELL_PAD_PT
        })
        .collect();
    let want: Vec<f64> = (0..n)
        .map(|i| {
            let widest = cells(i)
                .chain(std::iter::once(t.columns[i].zh.as_str()))
                .map(text_pt)
                .fold(0.0, f64::max)
                .min(MAX_WANT_PT);
            (widest + CELL_PAD_PT).max(need[i])
        })
        .collect();
    let spare = page_pt - need.iter().sum::<f64>();
    let extra: f64 = want.iter().zip(&need).map(|(w, n)| w - n).sum();
    (0..n)
        .map(|i| {
            let w = if spare <= 0.0 || extra <= 0.0 {
                need[i]
            } else {
                need[i] + (want[i] - need[i]) * (spare / extra).min(1.0)
            };
            format!("{:.1}fr", w.max(1.0))
        })
        .collect()
}

fn table(m: &mut String, t: &Table, page_pt: f64) {
    let widths = widths(t, page_pt);
    let heads: Vec<String> = t.columns.iter().map(|c| lit(&c.zh)).collect();
    let _ = writeln!(
        m,
        "#table(columns: ({},), inset: 3pt, stroke: 0.4pt, align: left + horizon,\n  table.header(..({},).map(h => table.cell(fill: luma(225), h))),",
        widths.join(", "),
        heads.join(", ")
    );
    if t.rows.is_empty() {
        let _ = writeln!(
            m,
            "  table.cell(colspan: {}, align: center, \"本期无记录\"),",
            t.columns.len().max(1)
        );
    }
    for r in &t.rows {
        m.push_str("  ");
        for i in 0..t.columns.len() {
            m.push_str(&lit(&cell_text(r.get(i).map_or("", String::as_str))));
            m.push_str(", ");
        }
        m.push('\n');
    }
    m.push_str(")\n");
}

fn fields(m: &mut String, pairs: &[(String, String)]) {
    m.push_str(
        "#table(columns: (7em, 1fr, 7em, 1fr), inset: 4pt, stroke: 0.4pt, align: left + horizon,\n",
    );
    for (k, v) in pairs {
        let _ = writeln!(m, "  table.cell(fill: luma(240), {}), {},", lit(k), lit(v));
    }
    if pairs.len() % 2 == 1 {
        m.push_str("  [], [],\n");
    }
    m.push_str(")\n");
}

pub(crate) fn typeset(report: &Report) -> Result<PagedDocument> {
    let world = ReportWorld {
        main: Source::detached(markup(report)),
    };
    typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| {
            Error::Typeset(
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

pub(crate) fn pdf_bytes(doc: &PagedDocument) -> Result<Vec<u8>> {
    typst_pdf::pdf(doc, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        Error::Typeset(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// The number of pages `report` takes as a PDF.
pub fn page_count(report: &Report) -> Result<u32> {
    Ok(typeset(report)?.pages.len() as u32)
}

/// The first `max_pages` pages of `report` as PNG images, `pixels_per_pt` pixels to a
/// typographic point (1.0 draws A4 at 72 dpi), and the total number of pages.
pub fn preview_png(
    report: &Report,
    max_pages: u32,
    pixels_per_pt: f32,
) -> Result<(Vec<Vec<u8>>, u32)> {
    let doc = typeset(report)?;
    let total = doc.pages.len() as u32;
    let pages = doc
        .pages
        .iter()
        .take(max_pages as usize)
        .map(|p| {
            typst_render::render(p, pixels_per_pt)
                .encode_png()
                .map_err(|e| Error::Preview(e.to_string()))
        })
        .collect::<Result<_>>()?;
    Ok((pages, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_hyphenated_codes_may_wrap_after_a_hyphen() {
        for (text, wraps) in [
            ("330723001-2025-0002", true),
            ("2025-02-01", false),
            ("330723199209210755", false),
            ("有期徒刑-年", false),
            ("2025-02-01 至 2027-01-31", false),
        ] {
            assert_eq!(breaks_after_hyphens(text), wraps, "{text}");
            assert_eq!(cell_text(text).contains('\u{200b}'), wraps, "{text}");
        }
        // The file number needs only its widest piece, not all of it.
        assert!(unbreakable_pt("330723001-2025-0002") < text_pt("330723001-2025-0002") / 1.5);
    }
}
