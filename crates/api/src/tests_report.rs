//! Ledgers and reports printed from the demo archives: every ledger in every format, read
//! back (PDF through poppler, XLSX through calamine); the statistics against a hand-counted
//! fixture; and every refusal, with nothing written.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::view::{ReportRequest, ReportSaved};
use crate::{DemoParams, Env, Scale, Session, demo};

const PASS: &str = "correct horse battery";
const TODAY: (i32, u32, u32) = (2026, 11, 22);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

fn env() -> Env {
    Env::fixed(1_795_300_000_000, 11)
}

struct Demo {
    tmp: tempfile::TempDir,
    session: Session,
}

fn street() -> Demo {
    let tmp = tempfile::tempdir().unwrap();
    let params = DemoParams {
        scale: Scale::Street,
        seed: 1,
        today: today(),
    };
    let (mut session, _) = demo(&tmp.path().join("a"), params, PASS).unwrap();
    session.set_today(today());
    Demo { tmp, session }
}

fn req(ledger: &str, period: Option<&str>, format: &str) -> ReportRequest {
    ReportRequest {
        ledger: ledger.into(),
        period: period.map(Into::into),
        jurisdiction: None,
        subject_id: None,
        format: format.into(),
    }
}

/// Saves a report into the demo's folder and returns what was saved and the file's path.
fn save(d: &mut Demo, r: &ReportRequest) -> crate::Result<(ReportSaved, PathBuf)> {
    let out = d.tmp.path().join(format!("{}.{}", r.ledger, r.format));
    let mut stages = Vec::new();
    let saved = d
        .session
        .report_save(r, &out, &mut env(), &mut |p| stages.push(p.stage))?;
    assert_eq!(stages, ["collect", "typeset", "write", "done"]);
    Ok((saved, out))
}

fn csv_lines(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.starts_with('\u{feff}'), "CSV starts with a BOM");
    text.trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_roster_as_csv_lists_the_street() {
    let mut d = street();
    let (saved, path) = save(&mut d, &req("roster", Some("2026-11"), "csv")).unwrap();
    let lines = csv_lines(&path);
    assert!(lines[0].starts_with("序号,档案编号,姓名,性别,身份证号"));
    assert_eq!(saved.rows as usize, lines.len() - 1);
    assert!(
        saved.rows > 30,
        "most of the 67 demo subjects overlap November"
    );
    assert_eq!(saved.pages, None);
}
