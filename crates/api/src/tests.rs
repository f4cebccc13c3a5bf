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
        AuditEntryView,
        BackupView,
        AutoBackupView,
        BackupListView,
        BackupInfoView,
        ChoiceView,
        FieldView,
        KindView,
        RecordView,
        FactsView,
        SubjectDetail,
        SubjectFileView,
        SearchHit,
        AttachmentView,
        DueItemView,
        VillageDueView,
        DueView,
        LeaveView,
        LeaveInput,
        ScoreLineView,
        AssessmentView,
        AssessmentItemInput,
        LevelChangeView,
        QuarterMonthView,
        QuarterView,
        PointItemView,
        PointsTableView,
        LevelSuggestionView,
        SensitivePeriodView,
        NewSubjectInput,
        ProposalInput,
        DecisionInput,
        DecisionView,
        ProposalView,
        ConflictSideView,
        ConflictView,
        RegisterKindView,
        RegisterEntryView,
        BundleLinkView,
        PeerView,
        GapView,
        SyncStatusView,
        ImportProgressView,
        ImportView,
        ExportView,
        // Dashboard charts
        MonthChartView,
        ChartCountView,
        ChartsView,
        LedgerView,
        ReportRequest,
        ReportSaved,
        ReportPreview,
        ReportProgress,
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

// ---------------------------------------------------------------------------------------------
// Records, attachments, subject edits, search
// ---------------------------------------------------------------------------------------------

/// A fixed env on 2026-11-18 (China), with its own seed per call so ids never repeat.
fn env_now() -> Env {
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEED: AtomicU64 = AtomicU64::new(10_000);
    Env::fixed(1_795_000_000_000, SEED.fetch_add(1, Ordering::Relaxed))
}

fn obj(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    v.as_object().cloned().unwrap()
}

/// An office archive with one subject (correction from 2026-01-01) and one subject of
/// another street written straight into the log (as a bundle might bring it).
fn office_with_subject() -> (Fixture, Session, String, String) {
    let (f, mut s) = office();
    let row = add(&mut s, &subject_json(|_| {})).unwrap();
    let foreign = "foreign-subject".to_owned();
    let change = dossier_store::Change {
        op_id: "foreign-op".into(),
        entity: dossier_core::op::Entity::Subject,
        entity_id: foreign.clone(),
        fields: crate::archive::fields(&[
            ("name", json!("测试丙")),
            ("jurisdiction", json!("330723002001")),
            ("correction_start", json!("2026-01-01")),
            ("correction_end", json!("2027-01-01")),
            ("status", json!("in_correction")),
        ]),
    };
    dossier_store::oplog::write(s.archive.conn_mut(), 1, None, vec![change]).unwrap();
    (f, s, row.id, foreign)
}

fn visit(date: &str) -> serde_json::Map<String, serde_json::Value> {
    obj(json!({
        "date": date, "place": "home", "visitors": "测试员", "met": "本人",
        "findings": "情况稳定",
    }))
}

fn png(colour: u8) -> Vec<u8> {
    crate::demo_records::tiny_png(colour)
}

#[test]
fn records_are_added_listed_edited_and_deleted() {
    let (_f, mut s, id, _) = office_with_subject();
    let fam = s
        .record_add(
            &id,
            "family_member",
            obj(json!({"name": "测试丁", "relation": "父亲"})),
            &mut env_now(),
        )
        .unwrap();
    assert_eq!(fam.date, None);
    assert_eq!(fam.author.as_deref(), Some("测试员"));
    let v1 = s
        .record_add(&id, "visit", visit("2026-03-01"), &mut env_now())
        .unwrap();
    let v2 = s
        .record_add(&id, "visit", visit("2026-05-01"), &mut env_now())
        .unwrap();
    assert_eq!(v1.date.as_deref(), Some("2026-03-01"));
    let ids: Vec<_> = s
        .record_list(&id, None)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, vec![v2.id.clone(), v1.id.clone(), fam.id.clone()]);
    assert_eq!(s.record_list(&id, Some("visit")).unwrap().len(), 2);

    // An edit writes only what changed, and a cleared optional field disappears.
    let edited = s
        .record_edit(
            &v1.id,
            obj(json!({"findings": "情况良好", "visitors": "测试员", "outcome": "无"})),
            &mut env_now(),
        )
        .unwrap();
    assert_eq!(edited.data["findings"], json!("情况良好"));
    assert_ne!(edited.version, v1.version);
    let last = dossier_store::oplog::all_ops(s.archive.conn())
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(
        last.fields.keys().collect::<Vec<_>>(),
        vec!["d.findings", "d.outcome"]
    );
    let cleared = s
        .record_edit(
            &v1.id,
            obj(json!({"outcome": null, "date": "2026-06-01"})),
            &mut env_now(),
        )
        .unwrap();
    assert!(!cleared.data.contains_key("outcome"));
    assert_eq!(cleared.date.as_deref(), Some("2026-06-01"));
    let before = s.digest().unwrap();
    s.record_edit(&v1.id, obj(json!({})), &mut env_now())
        .unwrap();
    assert_eq!(s.digest().unwrap(), before, "no change, no op");

    s.record_delete(&v2.id, &mut env_now()).unwrap();
    assert_eq!(s.record_list(&id, Some("visit")).unwrap().len(), 1);
    let file = s.subject_file(&id).unwrap();
    assert_eq!(file.records.len(), 2);
    assert_eq!(file.subject.id, id);
    assert!(s.check().unwrap().ok);
}

#[test]
fn record_refusals_write_nothing() {
    let (_f, mut s, id, foreign) = office_with_subject();
    let att = s.attachment_add(&png(1), "p.png", &mut env_now()).unwrap();
    let singular = dossier_core::record::kinds().iter().find(|k| k.singular);
    let before = s.digest().unwrap();
    let missing_sha = "0".repeat(64);
    type Input = (
        String,
        &'static str,
        serde_json::Map<String, serde_json::Value>,
    );
    let cases: Vec<(&str, Input, &str, &str)> = vec![
        (
            "unknown subject",
            ("nobody".into(), "visit", visit("2026-03-01")),
            "not_found",
            "not found",
        ),
        (
            "outside scope",
            (foreign.clone(), "visit", visit("2026-03-01")),
            "outside_scope",
            "jurisdiction",
        ),
        (
            "unknown kind",
            (id.clone(), "picnic", visit("2026-03-01")),
            "unknown_kind",
            "family_member",
        ),
        (
            "missing field",
            (id.clone(), "visit", obj(json!({"date": "2026-03-01"}))),
            "invalid_input",
            "required",
        ),
        (
            "unknown field",
            (
                id.clone(),
                "family_member",
                obj(json!({"name": "x", "relation": "y", "colour": "z"})),
            ),
            "invalid_input",
            "colour",
        ),
        (
            "bad choice",
            (id.clone(), "visit", {
                let mut v = visit("2026-03-01");
                v.insert("place".into(), json!("moon"));
                v
            }),
            "invalid_input",
            "one of",
        ),
        (
            "before correction",
            (id.clone(), "visit", visit("2025-12-31")),
            "invalid_input",
            "before the correction",
        ),
        (
            "future",
            (id.clone(), "visit", visit("2027-01-01")),
            "invalid_input",
            "future",
        ),
        (
            "unknown attachment",
            (id.clone(), "visit", {
                let mut v = visit("2026-03-01");
                v.insert("photos".into(), json!(missing_sha));
                v
            }),
            "invalid_input",
            "attachment",
        ),
    ];
    for (what, (subject, kind, data), code, words) in cases {
        let err = s
            .record_add(&subject, kind, data, &mut env_now())
            .unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
        assert!(err.to_string().contains(words), "{what}: {err}");
        assert!(
            !err.to_string().contains("测试"),
            "{what}: no names in messages"
        );
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
    }
    // An attachment that is in the archive is accepted.
    let mut ok = visit("2026-03-01");
    ok.insert("photos".into(), json!(att.sha256));
    let r = s.record_add(&id, "visit", ok, &mut env_now()).unwrap();
    // Edits are checked the same way, and an edit of another site's record is refused.
    let before = s.digest().unwrap();
    let edits: Vec<(&str, &str, serde_json::Value, &str)> = vec![
        (
            "clearing a required field",
            &r.id,
            json!({"findings": ""}),
            "invalid_input",
        ),
        (
            "future date",
            &r.id,
            json!({"date": "2030-01-01"}),
            "invalid_input",
        ),
        (
            "unknown record",
            "nothing",
            json!({"findings": "x"}),
            "not_found",
        ),
    ];
    for (what, rid, change, code) in edits {
        let err = s.record_edit(rid, obj(change), &mut env_now()).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
    }
    assert_eq!(
        s.record_delete("nothing", &mut env_now())
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        s.record_list(&foreign, None).unwrap_err().code(),
        "outside_scope"
    );
    assert_eq!(
        s.subject_file(&foreign).unwrap_err().code(),
        "outside_scope"
    );

    // A second record of a singular kind.
    if let Some(k) = singular {
        let data = crate::demo_records::example(k.name);
        s.record_add(&id, k.name, data.clone(), &mut env_now())
            .unwrap();
        let before = s.digest().unwrap();
        let err = s.record_add(&id, k.name, data, &mut env_now()).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains("edit it instead"), "{err}");
        assert_eq!(s.digest().unwrap(), before);
    }
}

#[test]
fn attachments_are_checked_by_their_bytes_and_stored_once() {
    let (_f, mut s, _, _) = office_with_subject();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(b"synthetic");
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    let before = s.digest().unwrap();
    let big = 12_897_485usize; // 12.3 MiB
    let refusals: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("empty", vec![], "invalid_input", "empty"),
        (
            "too large",
            {
                let mut b = png(2);
                b.resize(big, 0);
                b
            },
            "attachment_too_large",
            "The file is 12.3 MB; attachments may be at most 10 MB.",
        ),
        (
            "text named .png",
            b"hello".to_vec(),
            "attachment_type",
            "Only photos (JPEG, PNG) and PDF scans can be attached; this file is neither.",
        ),
        (
            "PNG signature cut short",
            png(2)[..6].to_vec(),
            "attachment_type",
            "neither",
        ),
    ];
    for (what, bytes, code, words) in refusals {
        let err = s
            .attachment_add(&bytes, "x.png", &mut env_now())
            .unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
        assert!(err.to_string().contains(words), "{what}: {err}");
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
    }
    let accepted: Vec<(&str, Vec<u8>, &str)> = vec![
        ("png named .pdf", png(3), "image/png"),
        ("jpeg", jpeg, "image/jpeg"),
        ("pdf named .jpg", pdf, "application/pdf"),
    ];
    for (what, bytes, mime) in accepted {
        let a = s
            .attachment_add(&bytes, "dir/scan.pdf", &mut env_now())
            .unwrap();
        assert_eq!(a.mime, mime, "{what}");
        assert_eq!(a.size, bytes.len() as u64);
        assert_eq!(a.name, "scan.pdf");
        let again_before = s.digest().unwrap();
        let again = s
            .attachment_add(&bytes, "other.png", &mut env_now())
            .unwrap();
        assert_eq!(again, a, "{what}: the same bytes are the same attachment");
        assert_eq!(s.digest().unwrap(), again_before, "{what}: stored once");
        assert_eq!(
            s.attachment_data(&a.sha256).unwrap(),
            (mime.to_owned(), bytes)
        );
    }
    // From a file, as the desktop app's file dialog hands it over.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("photo.jpg");
    std::fs::write(&file, png(9)).unwrap();
    let a = s.attachment_add_file(&file, &mut env_now()).unwrap();
    assert_eq!(
        (a.mime.as_str(), a.name.as_str()),
        ("image/png", "photo.jpg")
    );
    let url = s.attachment_data_url(&a.sha256).unwrap();
    assert!(
        url.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "{url}"
    );
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(11 * 1024 * 1024)
        .unwrap();
    let before = s.digest().unwrap();
    let cases = [
        (big, "attachment_too_large"),
        (dir.path().join("missing.png"), "invalid_input"),
        (dir.path().to_owned(), "invalid_input"),
    ];
    for (path, code) in cases {
        let err = s.attachment_add_file(&path, &mut env_now()).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", path.display());
    }
    assert_eq!(s.digest().unwrap(), before);
    let blobs: i64 = s
        .archive
        .conn()
        .query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(blobs, 4);
    assert_eq!(
        s.attachment_data(&"1".repeat(64)).unwrap_err().code(),
        "not_found"
    );
    assert!(s.check().unwrap().ok);
}

#[test]
fn subject_photo_key_override_and_dates() {
    let (_f, mut s, id, foreign) = office_with_subject();
    let photo = s.attachment_add(&png(4), "p.png", &mut env_now()).unwrap();
    let pdf = s
        .attachment_add(b"%PDF-1.7 x", "s.pdf", &mut env_now())
        .unwrap();
    let before = s.digest().unwrap();
    type Attempt = Box<dyn Fn(&mut Session) -> crate::Result<crate::view::SubjectRow>>;
    let (i1, i2, i3, i4, i5, i6, i7, f1) = (
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        foreign.clone(),
    );
    let pdf_sha = pdf.sha256.clone();
    let refusals: Vec<(&str, Attempt, &str)> = vec![
        (
            "photo is a PDF",
            Box::new(move |s| s.subject_set_photo(&i1, &pdf_sha, &mut env_now())),
            "invalid_input",
        ),
        (
            "photo not in archive",
            Box::new(move |s| s.subject_set_photo(&i2, &"2".repeat(64), &mut env_now())),
            "invalid_input",
        ),
        (
            "override without reason",
            Box::new(move |s| {
                s.subject_key_override(&i3, Some(true), Some("  ".into()), &mut env_now())
            }),
            "invalid_input",
        ),
        (
            "bad level",
            Box::new(move |s| {
                s.subject_edit(
                    &i4,
                    crate::SubjectEdit {
                        management_level: Some("loose".into()),
                        ..Default::default()
                    },
                    &mut env_now(),
                )
            }),
            "invalid_input",
        ),
        (
            "bad date",
            Box::new(move |s| {
                s.subject_edit(
                    &i5,
                    crate::SubjectEdit {
                        judgment_date: Some("2026-13-01".into()),
                        ..Default::default()
                    },
                    &mut env_now(),
                )
            }),
            "invalid_input",
        ),
        (
            "future date",
            Box::new(move |s| {
                s.subject_edit(
                    &i6,
                    crate::SubjectEdit {
                        reported_on: Some("2030-01-01".into()),
                        ..Default::default()
                    },
                    &mut env_now(),
                )
            }),
            "invalid_input",
        ),
        (
            "outside scope",
            Box::new(move |s| {
                s.subject_key_override(&f1, Some(true), Some("理由".into()), &mut env_now())
            }),
            "outside_scope",
        ),
        (
            "unknown subject",
            Box::new(move |s| s.subject_set_photo("nobody", &"2".repeat(64), &mut env_now())),
            "not_found",
        ),
    ];
    for (what, attempt, code) in refusals {
        let err = attempt(&mut s).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
    }
    let _ = i7;
    s.subject_set_photo(&id, &photo.sha256, &mut env_now())
        .unwrap();
    let row = s
        .subject_key_override(
            &id,
            Some(true),
            Some("村里反映近期情绪不稳".into()),
            &mut env_now(),
        )
        .unwrap();
    assert!(row.key_subject);
    let row = s
        .subject_edit(
            &id,
            crate::SubjectEdit {
                judgment_date: Some("2025-12-20".into()),
                papers_received: Some("2025-12-25".into()),
                reported_on: Some("2025-12-28".into()),
                management_level: Some("strict".into()),
                level_reason: Some("村委会反映近期情绪波动".into()),
            },
            &mut env_now(),
        )
        .unwrap();
    assert_eq!(row.management_level, "strict");
    let file = s.subject_file(&id).unwrap();
    assert_eq!(file.detail.photo.as_deref(), Some(photo.sha256.as_str()));
    assert_eq!(file.detail.judgment_date.as_deref(), Some("2025-12-20"));
    assert_eq!(file.facts.key_override, Some(true));
    let row = s
        .subject_key_override(&id, None, None, &mut env_now())
        .unwrap();
    assert!(
        !row.key_subject,
        "back to the rules (an adult on probation, no violent crime)"
    );
    assert_eq!(s.subject_file(&id).unwrap().facts.key_override_reason, None);
    assert!(s.check().unwrap().ok);
}

#[test]
fn search_finds_subjects_in_scope() {
    let (_f, mut s, id, _) = office_with_subject();
    let row = s
        .subject_list()
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    let cases: &[(&str, usize, Option<&str>)] = &[
        ("测试", 1, Some("name")),
        ("测试甲", 1, Some("name")),
        ("测试丙", 0, None), // another street's subject is not in scope
        (&row.id_number[6..14], 1, Some("id_number")),
        ("2026-0001", 1, Some("file_no")),
        ("   ", 0, None),
        ("无此人", 0, None),
    ];
    for (text, n, matched) in cases {
        let hits = s.search(text).unwrap();
        assert_eq!(hits.len(), *n, "{text:?}");
        if let Some(m) = matched {
            assert_eq!(hits[0].matched, *m, "{text:?}");
        }
    }
    // A write to a subject drops the cached keys.
    add(
        &mut s,
        &subject_json(|v| {
            v["id_number"] = json!("11010519491231002X");
            v["name"] = json!("测试乙");
        }),
    )
    .unwrap();
    assert_eq!(s.search("测试").unwrap().len(), 2);
}

#[test]
fn the_street_demo_fills_every_file() {
    use std::collections::{BTreeMap, BTreeSet};
    let tmp = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let params = DemoParams {
        scale: Scale::Street,
        seed: 1,
        today,
    };
    let (mut s, _) = demo(&tmp.path().join("a"), params, PASS).unwrap();
    s.set_today(today);
    let rows = s.subject_list().unwrap();
    assert_eq!(rows.len(), 67);
    let always = [
        "family_member",
        "resume_entry",
        "legal_document",
        "intake",
        "correction_plan",
        "group_member",
        "guardian",
        "checkin",
        "education",
        "visit",
        "talk",
    ];
    let mut seen = BTreeSet::new();
    let mut alerts = BTreeMap::new();
    for row in &rows {
        let file = s.subject_file(&row.id).unwrap();
        assert!(
            file.detail.photo.is_some(),
            "every street subject has a photo"
        );
        let (_, png) = s
            .attachment_data(file.detail.photo.as_deref().unwrap())
            .unwrap();
        assert!(png.len() < 3_000);
        let kinds: BTreeSet<&str> = file.records.iter().map(|r| r.kind.as_str()).collect();
        seen.extend(kinds.iter().map(|k| k.to_string()));
        if let Some(a) = &file.facts.report_alert {
            *alerts.entry(a.clone()).or_insert(0) += 1;
        }
        if row.status == "in_correction" {
            for k in always {
                assert!(kinds.contains(k), "{}: no {k}", row.file_no);
            }
            let responsible = file
                .records
                .iter()
                .filter(|r| {
                    r.kind == "group_member" && r.data.get("responsible") == Some(&json!(true))
                })
                .count();
            assert_eq!(responsible, 1, "{}: one person responsible", row.file_no);
            assert!(file.detail.reported_on.is_some());
        }
        assert_eq!(
            kinds.contains("health_report"),
            row.category == "temporary_outside" && row.status == "in_correction",
            "{}: health reports only for medical parole",
            row.file_no
        );
        for r in &file.records {
            let kind = dossier_core::record::kind(&r.kind).unwrap();
            if kind.date_rule == dossier_core::record::DateRule::DuringCorrection {
                let d = r.date.as_deref().unwrap();
                assert!(
                    d >= row.correction_start.as_str() && d <= "2026-11-22",
                    "{} {d}",
                    r.kind
                );
            }
        }
    }
    for k in dossier_core::record::kinds() {
        assert!(seen.contains(k.name), "no {} anywhere in the demo", k.name);
    }
    let awaiting = rows
        .iter()
        .filter(|r| r.status == "awaiting_report")
        .count();
    assert!((2..=3).contains(&awaiting), "{awaiting} awaiting report");
    assert!(
        alerts.keys().any(|a| a.starts_with("overdue")),
        "one 漏管: {alerts:?}"
    );
    for surname in ["单", "曾", "解"] {
        assert!(
            rows.iter().any(|r| r.name.starts_with(surname)),
            "{surname}"
        );
        assert!(!s.search(surname).unwrap().is_empty());
    }
    let levels: BTreeSet<&str> = rows.iter().map(|r| r.management_level.as_str()).collect();
    assert!(levels.len() >= 2, "{levels:?}");
    assert!(rows.iter().any(|r| r.key_subject) && rows.iter().any(|r| !r.key_subject));
    let overridden = rows
        .iter()
        .filter(|r| s.subject_file(&r.id).unwrap().facts.key_override == Some(true))
        .count();
    assert!(overridden >= 1, "a key subject by a person's decision");
    assert!(s.check().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------
// Basic information: editing it, and showing possible duplicates
// ---------------------------------------------------------------------------------------------

/// The field names of the newest op (what an edit actually wrote).
fn last_op_fields(s: &Session) -> Vec<String> {
    let text: String = s
        .archive
        .conn()
        .query_row(
            "SELECT fields FROM ops ORDER BY device_seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut names: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

#[test]
fn subject_update_writes_only_what_changed() {
    let (_f, mut s, id, _) = office_with_subject();
    let ops = |s: &mut Session| s.check().unwrap().ops;
    let row = s
        .subject_update(
            &id,
            obj(json!({"phone": "13800000000", "residence_address": " 童庐村 8 号 ", "name": "测试甲"})),
            &mut env_now(),
        )
        .unwrap();
    assert_eq!(row.phone.as_deref(), Some("13800000000"));
    assert_eq!(
        last_op_fields(&s),
        ["phone", "residence_address"],
        "the name did not change"
    );
    let file = s.subject_file(&id).unwrap();
    assert_eq!(
        file.detail.residence_address.as_deref(),
        Some("童庐村 8 号")
    );

    let (before, n) = (s.digest().unwrap(), ops(&mut s));
    s.subject_update(
        &id,
        obj(json!({"phone": "13800000000", "category": "缓刑", "correction_start": "2026-01-01"})),
        &mut env_now(),
    )
    .unwrap();
    assert_eq!(
        (s.digest().unwrap(), ops(&mut s)),
        (before, n),
        "no change, no op"
    );

    let row = s
        .subject_update(
            &id,
            obj(
                json!({"id_number": "11010519491231002x", "jurisdiction": "330723001206",
                "category": "parole", "phone": "", "correction_end": "2027-06-30"}),
            ),
            &mut env_now(),
        )
        .unwrap();
    assert_eq!(row.id_number, "11010519491231002X");
    assert_eq!(
        (row.sex.as_str(), row.birth_date.as_str()),
        ("female", "1949-12-31")
    );
    assert_eq!(row.jurisdiction_name, "沈宅村委会");
    assert_eq!(row.category, "parole");
    assert_eq!(row.phone, None, "an empty string clears");
    assert_eq!(row.correction_end, "2027-06-30");
    assert_eq!(
        last_op_fields(&s),
        [
            "birth_date",
            "category",
            "correction_end",
            "id_number",
            "jurisdiction",
            "phone",
            "sex"
        ]
    );
    assert_eq!(row.file_no, "330723001-2026-0001", "the file number stays");
    assert!(s.check().unwrap().ok);
}

#[test]
fn subject_update_refusals_write_nothing() {
    let (_f, mut s, id, foreign) = office_with_subject();
    let other = add(
        &mut s,
        &subject_json(|v| {
            v["id_number"] = json!("11010519491231002X");
            v["name"] = json!("测试乙");
        }),
    )
    .unwrap();
    let before = s.digest().unwrap();
    let cases: &[(&str, &str, serde_json::Value, &str)] = &[
        (
            "bad check character",
            "a",
            json!({"id_number": "110105194912310021"}),
            "invalid_input",
        ),
        (
            "short ID number",
            "a",
            json!({"id_number": "1101051949"}),
            "invalid_input",
        ),
        (
            "duplicate ID number",
            "a",
            json!({"id_number": "11010519491231002X"}),
            "possible_duplicate",
        ),
        ("blank name", "a", json!({"name": "  "}), "invalid_input"),
        ("name cleared", "a", json!({"name": null}), "invalid_input"),
        (
            "reversed period",
            "a",
            json!({"correction_end": "2025-12-31"}),
            "invalid_input",
        ),
        (
            "bad date",
            "a",
            json!({"correction_start": "2026-02-30"}),
            "invalid_input",
        ),
        (
            "bad category",
            "a",
            json!({"category": "假的"}),
            "invalid_input",
        ),
        (
            "unknown village",
            "a",
            json!({"jurisdiction": "330723001999"}),
            "unknown_jurisdiction",
        ),
        (
            "another street",
            "a",
            json!({"jurisdiction": "330723002001"}),
            "outside_scope",
        ),
        (
            "county code",
            "a",
            json!({"jurisdiction": "330723"}),
            "invalid_input",
        ),
        (
            "not a basic field",
            "a",
            json!({"status": "released"}),
            "invalid_input",
        ),
        (
            "sex is derived",
            "a",
            json!({"sex": "female"}),
            "invalid_input",
        ),
        (
            "unknown field",
            "a",
            json!({"colour": "red"}),
            "invalid_input",
        ),
        (
            "too long",
            "a",
            json!({"crime": "罪".repeat(201)}),
            "invalid_input",
        ),
        (
            "not text",
            "a",
            json!({"phone": 13800000000u64}),
            "invalid_input",
        ),
        (
            "outside scope",
            "foreign",
            json!({"phone": "1"}),
            "outside_scope",
        ),
        (
            "unknown subject",
            "nobody",
            json!({"phone": "1"}),
            "not_found",
        ),
    ];
    for (what, who, changes, code) in cases {
        let target = match *who {
            "a" => id.as_str(),
            "foreign" => foreign.as_str(),
            other => other,
        };
        let err = s
            .subject_update(target, obj(changes.clone()), &mut env_now())
            .unwrap_err();
        assert_eq!(err.code(), *code, "{what}: {err}");
        let text = err.to_string();
        assert!(
            !text.contains("测试")
                && !text.contains("1101051949")
                && !text.contains("33072319900101"),
            "{what}: no personal data in {text}"
        );
        assert_eq!(s.digest().unwrap(), before, "{what}: nothing written");
    }
    // The subject keeps its own ID number when other fields change.
    s.subject_update(&other.id, obj(json!({"phone": "1"})), &mut env_now())
        .unwrap();
}

#[test]
fn subject_duplicates_lists_the_files_in_scope() {
    let (_f, mut s, id, _) = office_with_subject();
    // The same ID number in another street's file, as a bundle might bring it.
    let change = dossier_store::Change {
        op_id: "foreign-op-2".into(),
        entity: dossier_core::op::Entity::Subject,
        entity_id: "foreign-2".into(),
        fields: crate::archive::fields(&[
            ("name", json!("测试戊")),
            ("id_number", json!(valid_id())),
            ("jurisdiction", json!("330723002001")),
            ("correction_start", json!("2026-01-01")),
            ("correction_end", json!("2027-01-01")),
            ("status", json!("in_correction")),
        ]),
    };
    dossier_store::oplog::write(s.archive.conn_mut(), 2, None, vec![change]).unwrap();
    let err = add(&mut s, &subject_json(|v| v["name"] = json!("测试己"))).unwrap_err();
    assert_eq!(err.code(), "possible_duplicate");
    let found = s.subject_duplicates(&valid_id()).unwrap();
    assert_eq!(
        found.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [id.as_str()],
        "only the file in scope"
    );
    assert_eq!(found[0].name, "测试甲");
    assert!(
        s.subject_duplicates("11010519491231002x")
            .unwrap()
            .is_empty()
    );
    let err = s.subject_duplicates("110105194912310021").unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn new_subject_input_is_what_subject_add_reads() {
    let input = crate::view::NewSubjectInput {
        name: "测试庚".into(),
        id_number: "11010519491231002X".into(),
        ethnicity: Some("畲族".into()),
        phone: Some("13800000000".into()),
        jurisdiction: "330723001202".into(),
        category: "temporary_outside".into(),
        correction_start: "2026-01-01".into(),
        correction_end: "2026-12-31".into(),
        status: Some("awaiting_report".into()),
        ..Default::default()
    };
    let text = serde_json::to_string(&input).unwrap();
    let parsed = parse_new_subject(&text).unwrap();
    let (_f, mut s) = office();
    let row = s.subject_add(parsed, &mut env_now()).unwrap();
    assert_eq!(
        (
            row.status.as_str(),
            row.ethnicity.as_str(),
            row.category.as_str()
        ),
        ("awaiting_report", "畲族", "temporary_outside")
    );
}
