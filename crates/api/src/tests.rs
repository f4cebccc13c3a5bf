//! Use-case tests: one helper makes an archive, each table row is one case.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dossier_core::officer::SiteRole;
use serde_json::json;

use crate::{DemoParams, Env, InitParams, Scale, Session, demo, init, parse_new_subject, unlock};

const PASS: &str = "correct horse battery";

struct Fixture {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

fn env() -> Env {
    Env::fixed(1_795_000_000_000, 7)
}

fn office() -> (Fixture, Session) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("archive");
    let params = InitParams {
        role: SiteRole::Office,
        jurisdiction: "330723001".into(),
        officer_name: "测试员".into(),
    };
    let s = init(&path, params, PASS, &mut env()).unwrap();
    (Fixture { _tmp: tmp, path }, s)
}

fn subject_json(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut v = json!({
        "name": "测试甲",
        "id_number": valid_id(),
        "jurisdiction": "330723001202",
        "category": "缓刑",
        "correction_start": "2026-01-01",
        "correction_end": "2027-01-01",
    });
    edit(&mut v);
    v.to_string()
}

fn valid_id() -> String {
    dossier_core::idnumber::IdNumber::compose(
        "330723",
        NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
        1,
    )
    .unwrap()
    .to_string()
}

fn add(s: &mut Session, text: &str) -> crate::Result<crate::view::SubjectRow> {
    use std::sync::atomic::{AtomicU64, Ordering};
    // Each call gets its own seed, so ids never repeat between calls.
    static SEED: AtomicU64 = AtomicU64::new(100);
    let input = parse_new_subject(text)?;
    s.subject_add(
        input,
        &mut Env::fixed(1_795_000_000_000, SEED.fetch_add(1, Ordering::Relaxed)),
    )
}

#[test]
fn init_lists_the_officer_and_unlocks() {
    let (f, s) = office();
    let view = s.view();
    assert_eq!(
        (view.role.as_str(), view.site_role.as_str()),
        ("office_admin", "office")
    );
    assert_eq!(view.jurisdiction_name, "白洋街道");
    drop(s);
    let info = crate::archive_info(&f.path).unwrap();
    assert_eq!(info.officers.len(), 1);
    assert_eq!(info.officers[0].name, "测试员");
    let s = unlock(
        &f.path,
        Some(&info.officers[0].officer_id),
        PASS,
        &mut env(),
    )
    .unwrap();
    assert_eq!(s.view().officer_name, "测试员");
    drop(s);
    let by_name = unlock(&f.path, Some("测试员"), PASS, &mut env()).unwrap();
    assert_eq!(by_name.view().officer_id, info.officers[0].officer_id);
}

#[test]
fn unlock_refusals() {
    let (f, s) = office();
    drop(s);
    let file = f.path.parent().unwrap().join("plain.txt");
    std::fs::write(&file, "hello").unwrap();
    let dir_without_keys = f.path.parent().unwrap().join("empty");
    std::fs::create_dir(&dir_without_keys).unwrap();
    let cases: &[(&str, &Path, Option<&str>, &str, &str)] = &[
        (
            "wrong passphrase",
            &f.path,
            None,
            "wrong one",
            "wrong_passphrase",
        ),
        ("empty passphrase", &f.path, None, "", "wrong_passphrase"),
        (
            "unknown officer",
            &f.path,
            Some("nobody"),
            PASS,
            "unknown_officer",
        ),
        (
            "missing folder",
            &f.path.with_file_name("nope"),
            None,
            PASS,
            "no_archive",
        ),
        ("a plain file", &file, None, PASS, "not_an_archive"),
        (
            "a folder without keys",
            &dir_without_keys,
            None,
            PASS,
            "not_an_archive",
        ),
    ];
    for (what, path, officer, pass, code) in cases {
        let err = unlock(path, *officer, pass, &mut env()).unwrap_err();
        assert_eq!(err.code(), *code, "{what}: {err}");
        assert!(!err.to_string().contains(PASS));
    }
}

#[test]
fn init_refusals_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cases: &[(&str, SiteRole, &str, &str, &str)] = &[
        (
            "unknown code",
            SiteRole::Office,
            "330723999",
            PASS,
            "unknown_jurisdiction",
        ),
        (
            "not a code",
            SiteRole::Office,
            "abc",
            PASS,
            "unknown_jurisdiction",
        ),
        (
            "village with a street code",
            SiteRole::Village,
            "330723001",
            PASS,
            "invalid_input",
        ),
        (
            "office with a village code",
            SiteRole::Office,
            "330723001202",
            PASS,
            "invalid_input",
        ),
        (
            "short passphrase",
            SiteRole::Office,
            "330723001",
            "short",
            "invalid_input",
        ),
    ];
    for (what, role, code, pass, want) in cases {
        let path = tmp.path().join("a");
        let params = InitParams {
            role: *role,
            jurisdiction: (*code).into(),
            officer_name: "员".into(),
        };
        let err = init(&path, params, pass, &mut env()).unwrap_err();
        assert_eq!(err.code(), *want, "{what}: {err}");
        assert!(!path.exists(), "{what}: nothing may be left behind");
    }
    let (f, _s) = office();
    let params = InitParams {
        role: SiteRole::Office,
        jurisdiction: "330723001".into(),
        officer_name: "x".into(),
    };
    assert_eq!(
        init(&f.path, params, PASS, &mut env()).unwrap_err().code(),
        "already_exists"
    );
}

#[test]
fn subject_add_and_list() {
    let (_f, mut s) = office();
    let row = add(&mut s, &subject_json(|_| {})).unwrap();
    assert_eq!(row.sex, "male");
    assert_eq!(row.birth_date, "1990-01-01");
    assert_eq!(row.jurisdiction_name, "童庐村委会");
    assert_eq!(row.file_no, "330723001-2026-0001");
    let second = add(
        &mut s,
        &subject_json(|v| {
            v["id_number"] = json!("11010519491231002x");
            v["name"] = json!("测试乙");
        }),
    )
    .unwrap();
    assert_eq!(second.file_no, "330723001-2026-0002");
    assert_eq!(second.id_number, "11010519491231002X");
    assert_eq!(s.subject_list().unwrap().len(), 2);
}

#[test]
fn subject_add_refusals_write_nothing() {
    let (_f, mut s) = office();
    add(&mut s, &subject_json(|_| {})).unwrap();
    let before = s.digest().unwrap();
    type Edit = fn(&mut serde_json::Value);
    let cases: &[(&str, Edit, &str)] = &[
        (
            "bad check character",
            |v| v["id_number"] = json!("110105194912310021"),
            "invalid_input",
        ),
        (
            "sex disagrees",
            |v| {
                v["id_number"] = json!("11010519491231002X");
                v["sex"] = json!("男")
            },
            "invalid_input",
        ),
        (
            "birth disagrees",
            |v| {
                v["id_number"] = json!("11010519491231002X");
                v["birth_date"] = json!("1949-12-30")
            },
            "invalid_input",
        ),
        (
            "unknown village",
            |v| {
                v["id_number"] = json!("11010519491231002X");
                v["jurisdiction"] = json!("330723001999")
            },
            "unknown_jurisdiction",
        ),
        (
            "another street",
            |v| {
                v["id_number"] = json!("11010519491231002X");
                v["jurisdiction"] = json!("330723002001")
            },
            "outside_scope",
        ),
        ("duplicate ID number", |_| {}, "possible_duplicate"),
        (
            "missing field",
            |v| {
                v.as_object_mut().unwrap().remove("name");
            },
            "invalid_input",
        ),
        (
            "unknown field",
            |v| v["colour"] = json!("red"),
            "invalid_input",
        ),
        (
            "bad category",
            |v| v["category"] = json!("假的"),
            "invalid_input",
        ),
        (
            "bad date",
            |v| v["correction_start"] = json!("2026-02-30"),
            "invalid_input",
        ),
        (
            "reversed period",
            |v| {
                v["id_number"] = json!("11010519491231002X");
                v["correction_end"] = json!("2025-01-01")
            },
            "invalid_input",
        ),
    ];
    for (what, edit, code) in cases {
        let err = add(&mut s, &subject_json(edit)).unwrap_err();
        assert_eq!(err.code(), *code, "{what}: {err}");
        assert!(
            !err.to_string().contains("测试甲"),
            "{what}: no names in messages"
        );
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
    }
    let err = add(&mut s, "{not json").unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}

#[test]
fn demo_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let make = |name: &str, seed| {
        let (s, summary) = demo(
            &tmp.path().join(name),
            DemoParams {
                scale: Scale::Street,
                seed,
                today,
            },
            PASS,
        )
        .unwrap();
        (
            s.digest().unwrap(),
            summary,
            s.subject_list().unwrap().len(),
        )
    };
    let (d1, summary, rows) = make("a", 1);
    assert_eq!((summary.subjects, rows), (67, 67));
    let (d2, _, _) = make("b", 1);
    let (d3, _, _) = make("c", 2);
    assert_eq!(d1, d2, "same seed, same digest");
    assert_ne!(d1, d3, "another seed, other content");
    let info = crate::archive_info(&tmp.path().join("a")).unwrap();
    assert_eq!(info.officers.len(), 2);
}

/// The TypeScript types in ui/src/backend/bindings are generated from the views; this fails
/// when they are stale. `UPDATE_BINDINGS=1 cargo test -p dossier-api bindings` rewrites them.
#[test]
fn bindings_are_current() {
    use ts_rs::TS;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/backend/bindings");
    let cfg = ts_rs::Config::new();
    macro_rules! exports {
        ($($t:ident),* $(,)?) => {
            vec![$((
                crate::view::$t::name(&cfg),
                crate::view::$t::export_to_string(&cfg).unwrap(),
            )),*]
        };
    }
    let files: Vec<(String, String)> = exports![
        OfficerSlotView,
        ArchiveInfo,
        SessionView,
        SubjectRow,
        ErrorView,
        CheckView,
        ChoiceView,
        FieldView,
        KindView,
        RecordView,
        FactsView,
        SubjectDetail,
        SubjectFileView,
        SearchHit,
        AttachmentView,
    ];
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (name, text) in files {
        let path = dir.join(format!("{name}.ts"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings {stale:?}: run UPDATE_BINDINGS=1 cargo test -p dossier-api bindings"
    );
}
