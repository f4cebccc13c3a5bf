//! XLSX: one worksheet; the title, jurisdiction and period on top, then each block, a
//! table's header row bold and frozen (when the document is one table) so it stays in view.
//! Cells are text: file numbers and ID numbers must not become numbers in Excel.

use rust_xlsxwriter::{Format as CellFormat, Workbook};

use crate::{Block, Error, Report, Result};

fn err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Xlsx(e.to_string())
}

pub(crate) fn xlsx(report: &Report) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = CellFormat::new().set_bold();
    let header = CellFormat::new()
        .set_bold()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let title = CellFormat::new().set_bold().set_font_size(14);
    sheet.set_name("台账").map_err(err)?;
    sheet
        .write_string_with_format(0, 0, &report.title, &title)
        .map_err(err)?;
    let mut row: u32 = 1;
    let mut meta = vec![format!("单位：{}", report.jurisdiction)];
    if !report.period.is_empty() {
        meta.push(format!("期间：{}", report.period));
    }
    meta.push(format!(
        "制表时间：{}　制表人：{}",
        report.generated_at, report.generated_by
    ));
    for m in meta {
        sheet.write_string(row, 0, &m).map_err(err)?;
        row += 1;
    }
    row += 1;
    let single_table = report.blocks.len() == 1;
    let mut widths: Vec<f64> = Vec::new();
    for b in &report.blocks {
        match b {
            Block::Heading(h) => {
                sheet
                    .write_string_with_format(row, 0, h, &bold)
                    .map_err(err)?;
                row += 1;
            }
            Block::Fields(pairs) => {
                for (k, v) in pairs {
                    sheet
                        .write_string_with_format(row, 0, k, &bold)
                        .map_err(err)?;
                    sheet.write_string(row, 1, v).map_err(err)?;
                    row += 1;
                }
            }
            Block::Table(t) => {
                for (c, col) in t.columns.iter().enumerate() {
                    sheet
                        .write_string_with_format(row, c as u16, &col.zh, &header)
                        .map_err(err)?;
                    let w = f64::from(col.width) * 4.0 + 4.0;
                    if widths.len() <= c {
                        widths.resize(c + 1, 0.0);
                    }
                    widths[c] = widths[c].max(w);
                }
                if single_table {
                    sheet.set_freeze_panes(row + 1, 0).map_err(err)?;
                }
                row += 1;
                for r in &t.rows {
                    for (c, cell) in r.iter().enumerate() {
                        sheet.write_string(row, c as u16, cell).map_err(err)?;
                    }
                    row += 1;
                }
                row += 1;
            }
        }
    }
    for (c, w) in widths.into_iter().enumerate() {
        sheet.set_column_width(c as u16, w.min(60.0)).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}
