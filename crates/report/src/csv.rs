//! CSV: UTF-8 with a byte-order mark so Excel reads the Chinese, RFC 4180 quoting, CRLF
//! line ends. A ledger is its header row and its rows; a document of several blocks puts
//! them one after another (headings and fields as lines of their own). No title lines: the
//! file is meant to be sorted and filtered, not printed.

use crate::{Block, Report};

fn field(out: &mut String, text: &str) {
    // A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
    let guarded =
        matches!(text.chars().next(), Some('=' | '+' | '-' | '@')) && text.parse::<f64>().is_err();
    if guarded || text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if guarded {
            out.push('\'');
        }
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

fn line<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c);
    }
    out.push_str("\r\n");
}

pub(crate) fn csv(report: &Report) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for b in &report.blocks {
        match b {
            Block::Heading(h) => line(&mut out, [h.as_str()]),
            Block::Fields(pairs) => {
                for (k, v) in pairs {
                    line(&mut out, [k.as_str(), v.as_str()]);
                }
            }
            Block::Table(t) => {
                line(&mut out, t.columns.iter().map(|c| c.zh.as_str()));
                for r in &t.rows {
                    line(&mut out, r.iter().map(String::as_str));
                }
            }
        }
    }
    out.into_bytes()
}
