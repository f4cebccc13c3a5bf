//! Black-box tests of the `dossier` binary: each case runs the real program on a real
//! archive in a temporary folder and checks its exit status, stdout and stderr.

mod common;
use common::Run;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

const PASS: &str = "demo-passphrase-1";
const TODAY: &str = "2026-11-22";

struct Case {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Case {
    fn new() -> Case {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_owned();
        Case { _tmp: tmp, dir }
    }

    fn archive(&self) -> PathBuf {
        self.dir.join("archive")
    }

    /// The one way these tests run the program: `dossier --archive <archive> args...`.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, Some(PASS))
    }

    fn run_with(&self, args: &[&str], pass: Option<&str>) -> Run {
        common::dossier(&self.archive(), args, pass)
    }

    fn demo(&self) -> &Self {
        self.run(&["demo", "--today", TODAY]).ok();
        self
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    }
}

fn subject(edit: impl FnOnce(&mut Value)) -> String {
    let mut v = json!({
        "name": "测试丙",
        "id_number": "11010519491231002X",
        "jurisdiction": "330723001202",
        "category": "probation",
        "correction_start": "2026-03-01",
        "correction_end": "2027-02-28",
    });
    edit(&mut v);
    v.to_string()
}

#[test]
fn every_command_has_help() {
    let c = Case::new();
    for args in [
        &["--help"][..],
        &["init", "--help"],
        &["demo", "--help"],
        &["subject", "--help"],
        &["subject", "add", "--help"],
        &["subject", "list", "--help"],
        &["subject", "show", "--help"],
        &["record", "--help"],
        &["record", "add", "--help"],
        &["record", "list", "--help"],
        &["search", "--help"],
        &["attachment", "add", "--help"],
        &["digest", "--help"],
        &["check", "--help"],
    ] {
        let r = c.run(args).ok();
        assert!(r.stdout.contains("Usage"), "{args:?}");
    }
    assert!(
        c.run(&["subject", "add", "--help"])
            .stdout
            .contains("temporary_outside")
    );
}

#[test]
fn usage_errors_exit_2() {
    let c = Case::new();
    for args in [
        &["frobnicate"][..],
        &["init", "--role", "village"],
        &["demo", "--scale", "planet"],
        &["demo", "--today", "2026-13-01"],
    ] {
        assert_eq!(c.run(args).code, 2, "{args:?}");
    }
    let r = c.run_with(
        &[
            "init",
            "--role",
            "office",
            "--jurisdiction",
            "330723001",
            "--officer",
            "员",
        ],
        None,
    );
    assert_eq!(r.code, 2, "no passphrase and no terminal: {r:?}");
    assert!(r.stderr.contains("DOSSIER_PASSPHRASE"));
    assert!(!c.archive().exists());
}

#[test]
fn init_then_add_list_digest_check() {
    let c = Case::new();
    let r = c
        .run(&[
            "init",
            "--role",
            "office",
            "--jurisdiction",
            "330723001",
            "--officer",
            "测试员",
        ])
        .ok();
    assert!(r.stderr.contains("白洋街道"), "{r:?}");
    let f = c.file("s.json", &subject(|_| {}));
    let added = c.run(&["subject", "add", "--file", &f]).ok().json();
    assert_eq!(added["sex"], "female");
    assert_eq!(added["birth_date"], "1949-12-31");
    assert_eq!(added["file_no"], "330723001-2026-0001");
    let list = c.run(&["subject", "list", "--json"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let text = c.run(&["subject", "list"]).ok();
    assert!(
        text.stdout.contains("测试丙")
            && text.stdout.contains("缓刑")
            && text.stdout.contains("女"),
        "{text:?}"
    );
    let d = c.run(&["digest"]).ok();
    assert_eq!(d.stdout.trim().len(), 64);
    assert!(c.run(&["check"]).ok().stdout.starts_with("ok:"));
}

#[test]
fn demo_is_reproducible_by_digest() {
    let a = Case::new();
    let b = Case::new();
    a.demo();
    b.demo();
    let list = a.run(&["subject", "list", "--json"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 67);
    let da = a.run(&["digest"]).ok().stdout;
    assert_eq!(da, b.run(&["digest"]).ok().stdout);
    let c = Case::new();
    c.run(&["demo", "--today", TODAY, "--seed", "2"]).ok();
    assert_ne!(da, c.run(&["digest"]).ok().stdout);
    // Any officer of the demo can unlock it.
    assert_eq!(a.run(&["--as", "李秀梅", "digest"]).ok().stdout, da);
    a.run(&["demo", "--today", TODAY]).refused("already_exists");
}

#[test]
fn refused_subjects_write_nothing() {
    let c = Case::new();
    c.demo();
    let before = c.run(&["digest"]).ok().stdout;
    let cases: Vec<(&str, String, &str)> = vec![
        ("malformed JSON", "{\"name\": ".into(), "invalid_input"),
        ("not an object", "[1,2]".into(), "invalid_input"),
        (
            "missing fields",
            json!({"name": "x"}).to_string(),
            "invalid_input",
        ),
        (
            "wrong check character",
            subject(|v| v["id_number"] = json!("110105194912310021")),
            "invalid_input",
        ),
        (
            "bad date in ID",
            subject(|v| v["id_number"] = json!("110105194913310028")),
            "invalid_input",
        ),
        (
            "wrong length",
            subject(|v| v["id_number"] = json!("1101051949123100")),
            "invalid_input",
        ),
        (
            "sex disagrees",
            subject(|v| v["sex"] = json!("male")),
            "invalid_input",
        ),
        (
            "birth date disagrees",
            subject(|v| v["birth_date"] = json!("1950-01-01")),
            "invalid_input",
        ),
        (
            "unknown jurisdiction",
            subject(|v| v["jurisdiction"] = json!("330723001777")),
            "unknown_jurisdiction",
        ),
        (
            "outside the office",
            subject(|v| v["jurisdiction"] = json!("330723002001")),
            "outside_scope",
        ),
    ];
    for (what, text, code) in cases {
        let f = c.file("bad.json", &text);
        let r = c.run(&["subject", "add", "--file", &f]).refused(code);
        assert!(
            !r.stderr.contains("测试丙"),
            "{what}: no personal data in messages: {r:?}"
        );
        assert!(
            !r.stderr.contains("110105"),
            "{what}: no ID numbers in messages: {r:?}"
        );
    }
    c.run(&["subject", "add", "--file", "/nonexistent/file.json"])
        .refused("invalid_input");
    assert_eq!(c.run(&["digest"]).ok().stdout, before);
}

#[test]
fn archives_that_cannot_be_opened() {
    type Damage = fn(&Path);
    let cases: &[(&str, Damage, &str, &str)] = &[
        (
            "missing",
            |a| std::fs::remove_dir_all(a).unwrap(),
            "no_archive",
            "no archive",
        ),
        (
            "a plain file",
            |a| {
                std::fs::remove_dir_all(a).unwrap();
                std::fs::write(a, "hello").unwrap()
            },
            "not_an_archive",
            "not a Dossier archive",
        ),
        (
            "truncated",
            |a| {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(a.join("archive.db"))
                    .unwrap();
                f.set_len(4096).unwrap();
            },
            "archive_damaged",
            "damaged",
        ),
        (
            "newer version",
            |a| {
                let p = a.join("keyslots.json");
                let t = std::fs::read_to_string(&p)
                    .unwrap()
                    .replace("\"version\": 1", "\"version\": 7");
                std::fs::write(p, t).unwrap();
            },
            "archive_too_new",
            "newer version of Dossier",
        ),
    ];
    for (what, damage, code, words) in cases {
        let c = Case::new();
        c.demo();
        damage(&c.archive());
        let r = c.run(&["digest"]).refused(code);
        assert!(r.stderr.contains(words), "{what}: {r:?}");
    }
    let c = Case::new();
    c.demo();
    let r = c
        .run_with(&["subject", "list"], Some("wrong passphrase"))
        .refused("wrong_passphrase");
    assert!(r.stdout.is_empty());
    c.run(&["--as", "nobody", "digest"])
        .refused("unknown_officer");
}

#[test]
fn init_refusals() {
    let c = Case::new();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "--role",
                "office",
                "--jurisdiction",
                "999999999",
                "--officer",
                "员",
            ],
            "unknown_jurisdiction",
        ),
        (
            &[
                "--role",
                "village",
                "--jurisdiction",
                "330723001",
                "--officer",
                "员",
            ],
            "invalid_input",
        ),
        (
            &[
                "--role",
                "office",
                "--jurisdiction",
                "330723001",
                "--officer",
                " ",
            ],
            "invalid_input",
        ),
    ];
    for (args, code) in cases {
        let mut full = vec!["init"];
        full.extend_from_slice(args);
        c.run(&full).refused(code);
        assert!(!c.archive().exists());
    }
    let r = c.run_with(
        &[
            "init",
            "--role",
            "office",
            "--jurisdiction",
            "330723001",
            "--officer",
            "员",
        ],
        Some("short"),
    );
    r.refused("invalid_input");
}

/// A subject added to a fresh office archive (correction from 2026-03-01, before TODAY's real
/// date), and its file number.
fn office_with_subject(c: &Case) -> String {
    c.run(&[
        "init",
        "--role",
        "office",
        "--jurisdiction",
        "330723001",
        "--officer",
        "测试员",
    ])
    .ok();
    let f = c.file("s.json", &subject(|_| {}));
    let added = c.run(&["subject", "add", "--file", &f]).ok().json();
    added["file_no"].as_str().unwrap().to_owned()
}

fn tiny_png() -> Vec<u8> {
    dossier_api::demo_records::tiny_png(5)
}

#[test]
fn record_add_help_lists_the_kinds() {
    let c = Case::new();
    let help = c.run(&["record", "add", "--help"]).ok().stdout;
    for k in dossier_api::kind_views() {
        assert!(
            help.contains(&k.name) && help.contains(&k.zh),
            "{}: {help}",
            k.name
        );
    }
}

#[test]
fn attachments_records_show_and_search() {
    let c = Case::new();
    let file_no = office_with_subject(&c);
    // An attachment: the bytes decide the type, whatever the name says.
    let png = c.dir.join("scan.pdf");
    std::fs::write(&png, tiny_png()).unwrap();
    let att = c
        .run(&["attachment", "add", png.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(att["mime"], "image/png");
    let sha = att["sha256"].as_str().unwrap().to_owned();
    assert_eq!(sha.len(), 64);
    let again = c
        .run(&["attachment", "add", png.to_str().unwrap()])
        .ok()
        .json();
    assert_eq!(again, att, "the same bytes are stored once");

    let visit = json!({
        "date": "2026-04-02", "place": "家中", "visitors": "测试员", "met": "本人",
        "findings": "情况稳定", "photos": sha,
    });
    let f = c.file("visit.json", &visit.to_string());
    let rec = c
        .run(&[
            "record",
            "add",
            "--subject",
            &file_no,
            "--kind",
            "visit",
            "--file",
            &f,
        ])
        .ok()
        .json();
    assert_eq!(rec["kind"], "visit");
    assert_eq!(rec["date"], "2026-04-02");
    assert_eq!(rec["data"]["place"], "home");
    let f = c.file(
        "fam.json",
        &json!({"name": "测试丁", "relation": "母亲"}).to_string(),
    );
    c.run(&[
        "record",
        "add",
        "--subject",
        &file_no,
        "--kind",
        "family_member",
        "--file",
        &f,
    ])
    .ok();

    let list = c
        .run(&["record", "list", "--subject", &file_no, "--json"])
        .ok()
        .json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        list[0]["kind"], "visit",
        "dated records first, newest first"
    );
    let visits = c
        .run(&[
            "record",
            "list",
            "--subject",
            &file_no,
            "--kind",
            "visit",
            "--json",
        ])
        .ok()
        .json();
    assert_eq!(visits.as_array().unwrap().len(), 1);
    let text = c
        .run(&["record", "list", "--subject", &file_no])
        .ok()
        .stdout;
    assert!(
        text.contains("走访") && text.contains("2026-04-02"),
        "{text}"
    );

    let shown = c.run(&["subject", "show", &file_no, "--json"]).ok().json();
    assert_eq!(shown["records"].as_array().unwrap().len(), 2);
    assert_eq!(shown["subject"]["file_no"], file_no.as_str());
    let id = shown["subject"]["id"].as_str().unwrap().to_owned();
    let by_id = c.run(&["subject", "show", &id]).ok().stdout;
    for label in [
        "档案编号",
        "姓名",
        "矫正类别",
        "缓刑",
        "重点对象",
        "管理等级",
        "记录：2 条",
    ] {
        assert!(by_id.contains(label), "{label}: {by_id}");
    }

    let hits = c.run(&["search", "测试", "--json"]).ok().json();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert_eq!(hits[0]["matched"], "name");
    let text = c.run(&["search", &file_no]).ok().stdout;
    assert!(text.contains("测试丙"), "{text}");
    assert_eq!(
        c.run(&["search", "无此人", "--json"]).ok().json(),
        json!([])
    );
    assert!(c.run(&["check"]).ok().stdout.starts_with("ok:"));
}

#[test]
fn refused_records_and_attachments_write_nothing() {
    let c = Case::new();
    let file_no = office_with_subject(&c);
    // A singular kind: the first intake is taken, a second is refused.
    let intake = serde_json::Value::Object(dossier_api::demo_records::example("intake"));
    let f = c.file("intake.json", &intake.to_string());
    c.run(&[
        "record",
        "add",
        "--subject",
        &file_no,
        "--kind",
        "intake",
        "--file",
        &f,
    ])
    .ok();
    let before = c.run(&["digest"]).ok().stdout;
    let r = c
        .run(&[
            "record",
            "add",
            "--subject",
            &file_no,
            "--kind",
            "intake",
            "--file",
            &f,
        ])
        .refused("invalid_input");
    assert!(
        r.stderr
            .contains("This file already has an intake record; edit it instead."),
        "{r:?}"
    );
    let visit = |edit: &dyn Fn(&mut Value)| {
        let mut v = json!({
            "date": "2026-04-02", "place": "home", "visitors": "测试员", "met": "本人",
            "findings": "情况稳定",
        });
        edit(&mut v);
        v.to_string()
    };
    let cases: Vec<(&str, &str, &str, String, &str)> = vec![
        (
            "unknown subject",
            "330723001-2026-9999",
            "visit",
            visit(&|_| {}),
            "not_found",
        ),
        (
            "unknown kind",
            &file_no,
            "picnic",
            visit(&|_| {}),
            "unknown_kind",
        ),
        (
            "missing field",
            &file_no,
            "visit",
            visit(&|v| {
                v.as_object_mut().unwrap().remove("findings");
            }),
            "invalid_input",
        ),
        (
            "before the correction",
            &file_no,
            "visit",
            visit(&|v| v["date"] = json!("2026-02-28")),
            "invalid_input",
        ),
        (
            "in the future",
            &file_no,
            "visit",
            visit(&|v| v["date"] = json!("2099-01-01")),
            "invalid_input",
        ),
        (
            "unknown attachment",
            &file_no,
            "visit",
            visit(&|v| v["photos"] = json!("a".repeat(64))),
            "invalid_input",
        ),
        ("not JSON", &file_no, "visit", "{".into(), "invalid_input"),
        (
            "not an object",
            &file_no,
            "visit",
            "[1]".into(),
            "invalid_input",
        ),
    ];
    for (what, subject, kind, text, code) in cases {
        let f = c.file("bad.json", &text);
        let r = c
            .run(&[
                "record",
                "add",
                "--subject",
                subject,
                "--kind",
                kind,
                "--file",
                &f,
            ])
            .refused(code);
        assert!(
            !r.stderr.contains("测试"),
            "{what}: no names in messages: {r:?}"
        );
        if code == "unknown_kind" {
            assert!(
                r.stderr.contains("family_member"),
                "{what}: lists the kinds: {r:?}"
            );
        }
    }
    c.run(&["record", "list", "--subject", "nobody"])
        .refused("not_found");
    c.run(&["record", "list", "--subject", &file_no, "--kind", "picnic"])
        .refused("unknown_kind");
    c.run(&["subject", "show", "nobody"]).refused("not_found");

    let big = c.dir.join("big.png");
    let mut bytes = tiny_png();
    bytes.resize(12_897_485, 0);
    std::fs::write(&big, bytes).unwrap();
    let text = c.dir.join("notes.png");
    std::fs::write(&text, "plain text").unwrap();
    let empty = c.dir.join("empty.pdf");
    std::fs::write(&empty, "").unwrap();
    let attachments = [
        (
            big,
            "attachment_too_large",
            "The file is 12.3 MB; attachments may be at most 10 MB.",
        ),
        (
            text,
            "attachment_type",
            "Only photos (JPEG, PNG) and PDF scans can be attached",
        ),
        (empty, "invalid_input", "empty"),
        (c.dir.join("missing.png"), "invalid_input", "no such file"),
    ];
    for (path, code, words) in attachments {
        let r = c
            .run(&["attachment", "add", path.to_str().unwrap()])
            .refused(code);
        assert!(r.stderr.contains(words), "{r:?}");
    }
    assert_eq!(c.run(&["digest"]).ok().stdout, before);
}

#[test]
fn demo_files_are_full() {
    let c = Case::new();
    c.demo();
    let list = c.run(&["subject", "list", "--json"]).ok().json();
    let first = list[0]["file_no"].as_str().unwrap().to_owned();
    let file = c.run(&["subject", "show", &first, "--json"]).ok().json();
    assert!(file["records"].as_array().unwrap().len() > 5, "{file}");
    assert!(file["detail"]["photo"].is_string());
    let hits = c.run(&["search", &first[..9], "--json"]).ok().json();
    assert!(!hits.as_array().unwrap().is_empty());
    // Surnames read differently as surnames are found under that reading.
    for (surname, reading) in [("单", "shan"), ("曾", "zeng"), ("解", "xie")] {
        let names: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["name"].as_str())
            .filter(|n| n.starts_with(surname))
            .collect();
        assert!(!names.is_empty(), "{surname}");
        let hits = c.run(&["search", reading, "--json"]).ok().json();
        let found: Vec<&str> = hits
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|h| h["subject"]["name"].as_str())
            .collect();
        for n in names {
            assert!(found.contains(&n), "{reading}: {found:?}");
        }
    }
    let text = c.run(&["record", "list", "--subject", &first]).ok().stdout;
    assert!(
        text.contains("家庭成员") && !text.contains("in_person"),
        "{text}"
    );
    assert!(c.run(&["check"]).ok().stdout.starts_with("ok:"));
}
