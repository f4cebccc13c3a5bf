//! Security and reliability on real (temporary) archives: the audit log and its chain,
//! paced sign-in attempts, the archive lock, backups and restores. Every name is synthetic.

use std::path::{Path, PathBuf};

use dossier_core::officer::{Role, SiteRole};
use serde_json::json;

use crate::archive::{NewOfficer, create};
use crate::tests_workflow::on;
use crate::{Env, InitParams, Session, parse_new_subject, unlock};

const PASS: &str = "correct horse battery";

struct Site {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

impl Site {
    fn open(&self, officer: &str) -> Session {
        unlock(&self.path, Some(officer), PASS, &mut on("2026-11-18")).unwrap()
    }
}

/// An office archive with an administrator (测试员), a staff member (测试乙) and a village
/// worker (测试丁), and one subject; returns the site, the admin's open session and the
/// subject's id.
fn office() -> (Site, Session, String) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("archive");
    let params = InitParams {
        role: SiteRole::Office,
        jurisdiction: "330723001".into(),
        officer_name: "测试员".into(),
    };
    let people = [
        ("测试员", Role::OfficeAdmin),
        ("测试乙", Role::OfficeStaff),
        ("测试丁", Role::VillageWorker),
    ]
    .map(|(name, role)| NewOfficer { name, role });
    let mut s = create(
        &path,
        &params,
        &people,
        PASS,
        &mut on("2026-01-01"),
        |_, _, _, _| Ok(()),
    )
    .unwrap();
    let id_number = dossier_core::idnumber::IdNumber::compose(
        "330723",
        chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
        1,
    )
    .unwrap()
    .to_string();
    let text = json!({
        "name": "测试甲", "id_number": id_number, "jurisdiction": "330723001202",
        "category": "缓刑", "correction_start": "2026-01-01", "correction_end": "2027-01-01",
    })
    .to_string();
    let id = s
        .subject_add(parse_new_subject(&text).unwrap(), &mut on("2026-01-02"))
        .unwrap()
        .id;
    (Site { _tmp: tmp, path }, s, id)
}

/// The actions of the log, oldest first, as the admin reads them (which is recorded after).
fn actions(s: &mut Session, subject: Option<&str>) -> Vec<String> {
    s.audit_log(subject, &mut on("2026-11-18"))
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[test]
fn every_kind_of_use_is_in_the_audit_log() {
    let (site, mut s, id) = office();
    let file = s.subject_open(&id, &mut on("2026-11-18")).unwrap();
    let visit = json!({
        "date": "2026-11-10", "place": "home", "visitors": "测试员", "met": "本人",
        "findings": "情况稳定",
    });
    s.record_add(
        &id,
        "visit",
        visit.as_object().cloned().unwrap(),
        &mut on("2026-11-18"),
    )
    .unwrap();
    drop(s);
    for wrong in ["wrong one", ""] {
        let e = unlock(&site.path, Some("测试乙"), wrong, &mut on("2026-11-18")).unwrap_err();
        assert_eq!(e.code(), "wrong_passphrase");
    }
    let mut s = site.open("测试员");
    let log = s.audit_log(None, &mut on("2026-11-18")).unwrap();
    let got: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.subject_id.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("change", None),       // the archive's creation: sites, officers
            ("change", Some(&*id)), // the subject added
            ("view_file", Some(&*id)),
            ("change", Some(&*id)), // the visit
            ("sign_in_failed", None),
            ("sign_in_failed", None),
            ("sign_in", None),
        ]
    );
    assert_eq!(
        log[2].file_no.as_deref(),
        Some(file.subject.file_no.as_str())
    );
    assert_eq!(log[6].officer_name.as_deref(), Some("测试员"));
    assert!(
        log[3].detail.starts_with("record ×1: op "),
        "{}",
        log[3].detail
    );
    for e in &log {
        assert!(!e.detail.contains("测试"), "no personal data: {}", e.detail);
    }
    // Per subject, only that subject's entries; reading the log is itself recorded.
    assert_eq!(
        actions(&mut s, Some(&id)),
        ["change", "view_file", "change"]
    );
    assert_eq!(
        actions(&mut s, Some(&id)),
        ["change", "view_file", "change", "view_audit"]
    );
    // The log is local: the digest of the content does not move with it.
    let before = s.digest().unwrap();
    s.subject_open(&id, &mut on("2026-11-18")).unwrap();
    assert_eq!(s.digest().unwrap(), before);
    assert!(s.check().unwrap().ok);
}

#[test]
fn only_office_roles_read_the_audit_log() {
    let (site, s, _) = office();
    drop(s);
    let cases = [
        ("测试员", None),
        ("测试乙", None),
        ("测试丁", Some("permission_denied")),
    ];
    for (officer, want) in cases {
        let mut s = site.open(officer);
        let got = s
            .audit_log(None, &mut on("2026-11-18"))
            .err()
            .map(|e| e.code());
        assert_eq!(got, want, "{officer}");
    }
}

#[test]
fn an_edited_audit_entry_is_named_by_check() {
    let cases: &[(&str, &str)] = &[
        (
            "UPDATE audit SET detail = 'nothing' WHERE seq = 2",
            "audit log: entry 2 was altered",
        ),
        (
            "DELETE FROM audit WHERE seq = 1",
            "audit log: entry 1 missing",
        ),
        (
            "UPDATE audit SET officer_id = NULL WHERE seq = 1",
            "audit log: entry 1 was altered",
        ),
    ];
    for (sql, want) in cases {
        let (_site, mut s, _) = office();
        // The triggers refuse the edit as long as they stand.
        assert!(s.archive.conn().execute_batch(sql).is_err(), "{sql}");
        assert!(s.check().unwrap().ok);
        s.archive
            .conn()
            .execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
            .unwrap();
        s.archive.conn().execute_batch(sql).unwrap();
        let report = s.check().unwrap();
        assert!(!report.ok, "{sql}");
        assert!(
            report.problems.iter().any(|p| p.starts_with(want)),
            "{sql}: {:?}",
            report.problems
        );
    }
}

/// Tries to sign in at `at_ms` with `pass`; the error code, or "ok".
fn try_sign_in(path: &Path, pass: &str, at_ms: i64) -> String {
    match unlock(path, None, pass, &mut Env::fixed(at_ms, 1)) {
        Ok(_) => "ok".into(),
        Err(e) => {
            assert!(!e.to_string().contains(PASS));
            e.code().into()
        }
    }
}

#[test]
fn wrong_passphrases_make_the_next_attempt_wait() {
    let (site, s, _) = office();
    drop(s);
    let t0 = 1_795_000_000_000;
    // (seconds after t0, passphrase, outcome): three free failures, then a wait of 5 s that
    // doubles with each further failure; a refused-early attempt counts for nothing.
    let cases: &[(i64, &str, &str)] = &[
        (0, "wrong one", "wrong_passphrase"),
        (1, "", "wrong_passphrase"),
        (2, "wrong two", "wrong_passphrase"),
        (3, PASS, "sign_in_delay"),
        (6, PASS, "sign_in_delay"),
        (7, "wrong four", "wrong_passphrase"),
        (12, PASS, "sign_in_delay"),
        (17, PASS, "ok"),
        // The counter starts again after a successful sign-in.
        (18, "wrong", "wrong_passphrase"),
        (18, PASS, "ok"),
    ];
    for (after_s, pass, want) in cases {
        let got = try_sign_in(&site.path, pass, t0 + after_s * 1000);
        assert_eq!(&got, want, "at +{after_s}s");
    }
    let e = unlock(&site.path, None, "x", &mut Env::fixed(t0 + 19_000, 1)).unwrap_err();
    assert_eq!(e.code(), "wrong_passphrase");
    for _ in 0..2 {
        let e = unlock(&site.path, None, "x", &mut Env::fixed(t0 + 20_000, 1)).unwrap_err();
        assert_eq!(e.code(), "wrong_passphrase");
    }
    let e = unlock(&site.path, None, PASS, &mut Env::fixed(t0 + 21_000, 1)).unwrap_err();
    assert!(e.to_string().contains("Wait 4 seconds"), "{e}");
    let mut s = unlock(&site.path, None, PASS, &mut Env::fixed(t0 + 60_000, 1)).unwrap();
    let failed = actions(&mut s, None)
        .iter()
        .filter(|a| *a == "sign_in_failed")
        .count();
    assert_eq!(failed, 4 + 1 + 3, "every failure reaches the log");
}

// ---------------------------------------------------------------------------------------------
// The archive lock
// ---------------------------------------------------------------------------------------------

#[test]
fn a_second_program_is_refused_while_the_archive_is_open() {
    let (site, s, _) = office();
    // Another program holds the lock: played by a lock taken on a file handle of our own.
    drop(s);
    let other = std::fs::File::open(site.path.join(dossier_store::lock::LOCK_FILE)).unwrap();
    other.try_lock().unwrap();
    let e = unlock(&site.path, None, PASS, &mut on("2026-11-18")).unwrap_err();
    assert_eq!(e.code(), "archive_in_use");
    assert!(
        e.to_string()
            .contains("open in another Dossier window or command")
    );
    drop(other);
    site.open("测试员");
}
