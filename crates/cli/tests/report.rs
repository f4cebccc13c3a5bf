//! Black-box tests of `dossier report`: the list, a ledger in each format, an empty month,
//! and each refusal with its code and no file left behind. The demo is set on a fixed day
//! so the month printed has data.

mod common;
use common::dossier;

use std::path::{Path, PathBuf};

const PASS: &str = "demo-passphrase-1";

struct Case {
    _tmp: tempfile::TempDir,
    archive: PathBuf,
    out: PathBuf,
}

fn street() -> Case {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    dossier(&archive, &["demo", "--today", "2026-11-22"], Some(PASS)).ok();
    Case {
        _tmp: tmp,
        archive,
        out,
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_list_needs_no_passphrase() {
    let tmp = tempfile::tempdir().unwrap();
    let run = dossier(&tmp.path().join("none"), &["report", "list"], None).ok();
    for id in ["roster", "leave", "monthly_stats", "personal_file"] {
        assert!(run.stdout.contains(id), "{run:?}");
    }
    assert!(run.stdout.contains("社区矫正对象花名册"));
    let json = dossier(
        &tmp.path().join("none"),
        &["report", "list", "--json"],
        None,
    )
    .ok();
    assert_eq!(json.json().as_array().unwrap().len(), 18);
}

#[test]
fn a_ledger_is_written_in_each_format() {
    let c = street();
    for format in ["pdf", "xlsx", "csv"] {
        let file = c.out.join(format!("roster.{format}"));
        let run = dossier(
            &c.archive,
            &[
                "report",
                "roster",
                "--period",
                "2026-11",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
                "--json",
            ],
            Some(PASS),
        )
        .ok();
        let saved = run.json();
        assert_eq!(saved["rows"], 67, "{run:?}");
        assert_eq!(
            saved["bytes"].as_u64().unwrap(),
            std::fs::metadata(&file).unwrap().len()
        );
        assert_eq!(saved["pages"].is_number(), format == "pdf");
    }
    let csv = std::fs::read_to_string(c.out.join("roster.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}序号,档案编号,姓名"));
    let mut files = files_in(&c.out);
    files.sort();
    assert_eq!(files, ["roster.csv", "roster.pdf", "roster.xlsx"]);
}

#[test]
fn an_empty_month_prints_the_header_only() {
    let c = street();
    let file = c.out.join("visit.csv");
    let run = dossier(
        &c.archive,
        &[
            "report",
            "visit",
            "--period",
            "2019-01",
            "--format",
            "csv",
            "--out",
            file.to_str().unwrap(),
        ],
        Some(PASS),
    )
    .ok();
    assert!(run.stdout.contains("0 rows"), "{run:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 1);
}

#[test]
fn refusals_leave_no_file() {
    let c = street();
    let file = c.out.join("r.pdf");
    let f = file.to_str().unwrap();
    let missing = c.out.join("missing").join("r.pdf");
    let cases: &[(&[&str], &str)] = &[
        (
            &["report", "payroll", "--format", "pdf", "--out", f],
            "unknown_ledger",
        ),
        (
            &["report", "roster", "--format", "docx", "--out", f],
            "unknown_format",
        ),
        (
            &[
                "report", "roster", "--period", "November", "--format", "pdf", "--out", f,
            ],
            "invalid_input",
        ),
        (
            &[
                "report",
                "roster",
                "--jurisdiction",
                "330723002",
                "--format",
                "pdf",
                "--out",
                f,
            ],
            "outside_scope",
        ),
        (
            &[
                "report",
                "roster",
                "--format",
                "pdf",
                "--out",
                missing.to_str().unwrap(),
            ],
            "cannot_write",
        ),
        (
            &[
                "report",
                "roster",
                "--format",
                "pdf",
                "--out",
                c.out.to_str().unwrap(),
            ],
            "cannot_write",
        ),
    ];
    for (args, code) in cases {
        dossier(&c.archive, args, Some(PASS)).refused(code);
        assert!(files_in(&c.out).is_empty(), "{args:?} wrote nothing");
    }
    let run = dossier(
        &c.archive,
        &["report", "roster", "--format", "pdf"],
        Some(PASS),
    );
    assert_eq!(run.code, 2, "no --out is a usage error: {run:?}");
    assert!(files_in(&c.out).is_empty());
}
