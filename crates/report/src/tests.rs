//! The three formats read back: PDF through poppler's `pdftotext`/`pdfinfo`, XLSX through
//! calamine, CSV as text. Ledgers built from real archives are tested in the API.

use super::*;

fn ledger(rows: usize) -> Report {
    Report {
        title: "社区矫正对象花名册".into(),
        jurisdiction: "白洋街道（330723001）".into(),
        period: "2026年11月".into(),
        generated_at: "2026-11-18 10:00".into(),
        generated_by: "王所长".into(),
        landscape: true,
        signatures: true,
        blocks: vec![Block::Table(Table {
            columns: vec![
                Column::new("序号", 1),
                Column::new("姓名", 2),
                Column::new("备注", 4),
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        (i + 1).to_string(),
                        format!("赵䶮{i}"),
                        "\"#引号\\ 与 [括号] $x$ =1+1".into(),
                    ]
                })
                .collect(),
        })],
    }
}

/// Text without whitespace: typst spaces CJK from Latin and digits, and pdftotext keeps or
/// drops those spaces as it sees fit.
pub(crate) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Runs a poppler tool on `bytes` written to a temporary file.
pub(crate) fn poppler(tool: &str, bytes: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new(tool)
        .args(extra)
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool} failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_long_ledger_repeats_its_header_and_numbers_its_pages() {
    let r = render(&ledger(120), Format::Pdf).unwrap();
    let pages = r.pages.unwrap();
    assert!(pages >= 3, "120 rows take several pages, got {pages}");
    let text = poppler("pdftotext", &r.bytes, &["-layout"]);
    if std::env::var_os("DUMP_REPORT").is_some() {
        std::fs::write("/tmp/ledger.pdf", &r.bytes).unwrap();
    }
    let page_texts: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(page_texts.len() as u32, pages);
    for (i, p) in page_texts.iter().map(|p| squeeze(p)).enumerate() {
        assert!(
            p.contains("序号") && p.contains("备注"),
            "header row on page {}",
            i + 1
        );
        assert!(
            p.contains(&format!("第{}页共{pages}页", i + 1)),
            "page number on page {}",
            i + 1
        );
        assert!(p.contains("白洋街道"), "jurisdiction on page {}", i + 1);
    }
    let text = squeeze(&text);
    assert!(
        text.contains("赵䶮119"),
        "a rare character and the last row"
    );
    assert!(
        text.contains("\"#引号\\与[括号]$x$=1+1"),
        "data is never markup"
    );
    assert!(text.contains("填表人") && text.contains("审核人") && text.contains("单位（盖章）"));
}

#[test]
fn an_empty_ledger_is_its_header_and_a_note() {
    let r = render(&ledger(0), Format::Pdf).unwrap();
    assert_eq!(r.pages, Some(1));
    let text = poppler("pdftotext", &r.bytes, &["-layout"]);
    assert!(text.contains("序号") && text.contains("本期无记录"));
    let csv = String::from_utf8(render(&ledger(0), Format::Csv).unwrap().bytes).unwrap();
    assert_eq!(csv, "\u{feff}序号,姓名,备注\r\n");
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let a = render(&ledger(5), Format::Pdf).unwrap();
    let b = render(&ledger(5), Format::Pdf).unwrap();
    assert_eq!(a.bytes, b.bytes);
}

#[test]
fn csv_has_a_bom_quotes_and_no_formulas() {
    let mut r = ledger(1);
    if let Block::Table(t) = &mut r.blocks[0] {
        t.rows[0][2] = "=HYPERLINK(\"x\")".into();
    }
    let csv = String::from_utf8(render(&r, Format::Csv).unwrap().bytes).unwrap();
    assert_eq!(
        csv,
        "\u{feff}序号,姓名,备注\r\n1,赵䶮0,\"'=HYPERLINK(\"\"x\"\")\"\r\n"
    );
}

#[test]
fn xlsx_reads_back_as_text_cells() {
    use calamine::{Reader, Xlsx};
    let r = render(&ledger(3), Format::Xlsx).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(r.bytes)).unwrap();
    let range = book.worksheet_range("台账").unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells[0][0], "社区矫正对象花名册");
    let header = cells.iter().position(|r| r[0] == "序号").unwrap();
    assert_eq!(
        cells[header + 1][..2],
        ["1".to_string(), "赵䶮0".to_string()]
    );
    assert_eq!(cells.len(), header + 4);
}

#[test]
fn a_preview_is_png_pages() {
    let (pages, total) = preview_png(&ledger(120), 2, 0.5).unwrap();
    assert_eq!(pages.len(), 2);
    assert!(total >= 3);
    assert_eq!(&pages[0][..4], b"\x89PNG");
}
