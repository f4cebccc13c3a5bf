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
    s.subject_printed(&id, &mut on("2026-11-18")).unwrap();
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
            ("print", Some(&*id)),
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
    assert_eq!(log[7].officer_name.as_deref(), Some("测试员"));
    assert!(
        log[4].detail.starts_with("record ×1: op "),
        "{}",
        log[4].detail
    );
    for e in &log {
        assert!(!e.detail.contains("测试"), "no personal data: {}", e.detail);
    }
    // Per subject, only that subject's entries; reading the log is itself recorded.
    assert_eq!(
        actions(&mut s, Some(&id)),
        ["change", "view_file", "print", "change"]
    );
    assert_eq!(
        actions(&mut s, Some(&id)),
        ["change", "view_file", "print", "change", "view_audit"]
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

/// Every other door to the archive key is paced like signing in and counts a wrong secret as
/// a failed sign-in: the passphrase that confirms an account change, and the recovery key.
#[test]
fn wrong_confirmations_and_recovery_keys_count_like_wrong_passphrases() {
    let (site, mut s, _) = office();
    let key_file = site._tmp.path().join("recovery.txt");
    s.recovery_key_new(PASS, &key_file, &mut on("2026-11-18"))
        .unwrap();
    let secret = std::fs::read_to_string(&key_file).unwrap();
    let (other, _) = dossier_store::keyslot::new_recovery_key();
    let mut session = Some(s);
    let t0 = 1_795_000_000_000;
    // (seconds after t0, the door, the secret, the outcome), in order. A confirmation is
    // tried in the session signed in at the start; a recovery needs the archive closed.
    let cases: &[(i64, &str, &str, &str)] = &[
        (0, "add officer", "wrong one", "wrong_passphrase"),
        (1, "set recovery", "", "wrong_passphrase"),
        (2, "new recovery", "wrong two", "wrong_passphrase"),
        // Three failures: the fourth attempt waits, whichever door and however right.
        (3, "add officer", PASS, "sign_in_delay"),
        (3, "change passphrase", PASS, "sign_in_delay"),
        (4, "recover", &secret, "sign_in_delay"),
        (7, "recover", other.as_str(), "wrong_recovery_key"),
        (8, "recover", "not a key at all", "sign_in_delay"),
        (12, "sign in", PASS, "sign_in_delay"),
        (18, "recover", "not a key at all", "wrong_recovery_key"),
        (19, "recover", &secret, "sign_in_delay"),
        (39, "recover", &secret, "ok"),
        (39, "sign in", "a brand new passphrase", "ok"),
    ];
    for (after_s, door, secret, want) in cases {
        let env = &mut Env::fixed(t0 + after_s * 1000, 1);
        let out = site._tmp.path().join(format!("recovery-{after_s}.txt"));
        let got = match *door {
            "add officer" => session
                .as_mut()
                .unwrap()
                .officer_add(
                    crate::view::OfficerInput {
                        name: "测试新".into(),
                        role: "office_staff".into(),
                        passphrase: "long enough pass".into(),
                    },
                    secret,
                    env,
                )
                .map(drop),
            "change passphrase" => {
                session
                    .as_mut()
                    .unwrap()
                    .change_passphrase(secret, "another long passphrase", env)
            }
            "set recovery" => session
                .as_mut()
                .unwrap()
                .recovery_key_set(secret, "age1", env)
                .map(drop),
            "new recovery" => session
                .as_mut()
                .unwrap()
                .recovery_key_new(secret, &out, env)
                .map(drop),
            "recover" => {
                session = None;
                crate::recover(&site.path, secret, "测试员", "a brand new passphrase", env)
            }
            "sign in" => unlock(&site.path, Some("测试员"), secret, env).map(|s| session = Some(s)),
            other => panic!("no door {other}"),
        };
        let got = got.map_or_else(|e| e.code().to_owned(), |()| "ok".to_owned());
        assert_eq!(&got, want, "{door} at +{after_s}s");
    }
    let failed = actions(session.as_mut().unwrap(), None)
        .iter()
        .filter(|a| *a == "sign_in_failed")
        .count();
    assert_eq!(failed, 5, "every failure reaches the log");
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

// ---------------------------------------------------------------------------------------------
// Backups and restores
// ---------------------------------------------------------------------------------------------

fn own_device(s: &Session) -> String {
    dossier_store::query::local_device(s.archive.conn())
        .unwrap()
        .device_id
}

/// Nothing but `keep` is left in `dir` (no target, no staging folder).
fn only(dir: &Path, keep: &[&str]) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, keep, "left behind in {}", dir.display());
}

#[test]
fn a_restored_backup_has_the_same_content_and_a_new_device() {
    let (site, mut s, id) = office();
    let out = site.path.with_file_name("copy.dossier-backup");
    let v = s.backup(&out, &mut on("2026-11-18")).unwrap();
    assert!(v.bytes > 0);
    // Changes after the backup are not in it.
    s.subject_open(&id, &mut on("2026-11-18")).unwrap();
    let digest = s.digest().unwrap();
    let device = own_device(&s);
    // Who can open it is read from the file before restoring.
    let info = crate::backup_info(&out).unwrap();
    assert_eq!(info.made_at, v.made_at);
    assert!(info.officers.iter().any(|o| o.name == "测试乙"));
    // Into an empty folder, as the app's folder dialog makes one.
    let to = site.path.with_file_name("restored");
    // What an earlier restore to the same folder left when it was killed is cleared.
    let scraps = site.path.with_file_name(".restored.restoring");
    std::fs::create_dir(&scraps).unwrap();
    std::fs::write(scraps.join("archive.db"), b"half a database").unwrap();
    std::fs::create_dir(&to).unwrap();
    let mut r = crate::restore(&out, &to, Some("测试乙"), PASS, &mut on("2026-11-19")).unwrap();
    assert!(!scraps.exists());
    assert_eq!(r.digest().unwrap(), digest);
    assert_eq!(r.view().officer_name, "测试乙");
    assert!(r.check().unwrap().ok);
    assert_ne!(own_device(&r), device);
    let log = actions(&mut r, None);
    assert_eq!(log[log.len() - 2..], ["restore", "sign_in"][..]);
    assert!(
        !log.contains(&"view_file".to_owned()),
        "made after the backup"
    );
    // The restored archive works: a change gets the new device's first number.
    r.subject_open(&id, &mut on("2026-11-19")).unwrap();
    let visit = json!({
        "date": "2026-11-19", "place": "home", "visitors": "测试员", "met": "本人",
        "findings": "情况稳定",
    });
    r.record_add(
        &id,
        "visit",
        visit.as_object().cloned().unwrap(),
        &mut on("2026-11-19"),
    )
    .unwrap();
    assert!(r.check().unwrap().ok);
}

#[test]
fn bad_backups_and_targets_are_refused_and_restore_nothing() {
    let (site, mut s, _) = office();
    let dir = site.path.parent().unwrap().to_owned();
    let good = dir.join("good.dossier-backup");
    s.backup(&good, &mut on("2026-11-18")).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let write = |name: &str, b: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, b).unwrap();
        p
    };
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 1;
    let tampered = write("tampered", &flipped);
    let truncated = write("truncated", &bytes[..bytes.len() - 100]);
    let not_backup = write("plain", b"hello");
    // Parts of two archives in one file: this archive's header and database, another's key
    // slots (packed with a correct checksum, as a careless copy would be).
    let (other, other_s, _) = office();
    drop(other_s);
    let mixed = dir.join("mixed");
    {
        let header = dossier_store::backup::read_header(&good).unwrap();
        let staged = dossier_store::backup::unpack(&good, &dir.join("x")).unwrap();
        dossier_store::backup::pack(
            &mixed,
            header,
            &[
                (
                    dossier_store::DB_FILE,
                    staged.staging.join(dossier_store::DB_FILE),
                ),
                (
                    dossier_store::KEYSLOTS_FILE,
                    other.path.join(dossier_store::KEYSLOTS_FILE),
                ),
            ],
        )
        .unwrap();
    }
    let new_folder = dir.join("restored");
    let not_empty = dir.join("not-empty");
    std::fs::create_dir(&not_empty).unwrap();
    std::fs::write(not_empty.join("notes.txt"), b"x").unwrap();
    let cases: &[(&str, &Path, &Path, &str, &str)] = &[
        (
            "a tampered backup",
            &tampered,
            &new_folder,
            PASS,
            "backup_damaged",
        ),
        (
            "a truncated backup",
            &truncated,
            &new_folder,
            PASS,
            "backup_damaged",
        ),
        (
            "not a backup",
            &not_backup,
            &new_folder,
            PASS,
            "backup_damaged",
        ),
        (
            "no such file",
            &dir.join("nope"),
            &new_folder,
            PASS,
            "backup_damaged",
        ),
        (
            "parts of another archive",
            &mixed,
            &new_folder,
            PASS,
            "backup_foreign",
        ),
        (
            "over an existing, open archive",
            &good,
            &site.path,
            PASS,
            "already_exists",
        ),
        (
            "over another archive",
            &good,
            &other.path,
            PASS,
            "already_exists",
        ),
        (
            "into a folder that holds something",
            &good,
            &not_empty,
            PASS,
            "already_exists",
        ),
        (
            "a wrong passphrase",
            &good,
            &new_folder,
            "wrong one",
            "wrong_passphrase",
        ),
        (
            "an empty passphrase",
            &good,
            &new_folder,
            "",
            "wrong_passphrase",
        ),
    ];
    let digest = s.digest().unwrap();
    for (what, file, to, pass, want) in cases {
        let e = crate::restore(file, to, None, pass, &mut on("2026-11-18")).unwrap_err();
        assert_eq!(e.code(), *want, "{what}: {e}");
        assert!(!e.to_string().contains(PASS));
        assert!(!new_folder.exists(), "{what}: nothing restored");
        // A bad file is refused already when it is chosen, with the same code.
        if *file != good.as_path() {
            let e = crate::backup_info(file).unwrap_err();
            assert_eq!(e.code(), *want, "{what} (chosen): {e}");
        }
    }
    only(&not_empty, &["notes.txt"]);
    only(
        &dir,
        &[
            "archive",
            "good.dossier-backup",
            "mixed",
            "not-empty",
            "plain",
            "tampered",
            "truncated",
        ],
    );
    assert_eq!(s.digest().unwrap(), digest);
    assert!(s.check().unwrap().ok);
}

#[test]
fn automatic_backups_are_daily_and_rotated() {
    let (site, mut s, _) = office();
    let dir = crate::auto_backup_dir(&site.path);
    // (day, backups expected in the folder after the day's first and second use)
    s.set_backups_kept(2).unwrap();
    assert_eq!(s.backups_kept().unwrap(), 2);
    let cases = [
        ("2026-11-18", 1),
        ("2026-11-18", 1),
        ("2026-11-19", 2),
        ("2026-11-20", 2),
    ];
    for (day, want) in cases {
        s.backup_if_due(&mut on(day)).unwrap();
        assert_eq!(
            dossier_store::backup::auto_backups(&dir).unwrap().len(),
            want,
            "{day}"
        );
    }
    let newest = dossier_store::backup::auto_backups(&dir).unwrap();
    assert_eq!(
        dossier_core::china_date(newest[1].0).to_string(),
        "2026-11-20"
    );
    // What the app lists: newest first, when and why each was made.
    let list = s.backup_list().unwrap();
    assert_eq!(list.keep, 2);
    let shown: Vec<(&str, &str)> = list
        .files
        .iter()
        .map(|f| (&f.made_at[..10], f.reason.as_str()))
        .collect();
    assert_eq!(shown, [("2026-11-20", "daily"), ("2026-11-19", "daily")]);
    assert!(list.files.iter().all(|f| f.bytes > 0));
    // What automatic backups killed midway left is swept by the next one; nothing else is.
    let scraps = [
        "1795000000000-import.dossier-backup.partial",
        "1795000000000-import.dossier-backup.db-partial",
        "1795000000000-import.dossier-backup.db-partial-wal",
    ];
    for name in scraps.iter().chain(&["notes.txt"]) {
        std::fs::write(dir.join(name), b"left behind").unwrap();
    }
    s.backup_if_due(&mut on("2026-11-21")).unwrap();
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".dossier-backup"))
        .collect();
    left.sort();
    assert_eq!(left, ["notes.txt"]);
    for bad in [0, 366] {
        assert_eq!(s.set_backups_kept(bad).unwrap_err().code(), "invalid_input");
    }
    assert_eq!(s.backups_kept().unwrap(), 2);
}

/// A village restored from a backup made before its last bundle: it must be enrolled again
/// (and says so), then its bundles reach the office without a replay or fork refusal, and
/// the office gives it back what it had sent since the backup.
#[test]
fn a_restored_village_is_enrolled_again_and_syncs() {
    use crate::sync::EnrolTerms;
    use crate::sync::tests::{add_subject, enrolled, env, rng};
    let (mut office, mut village) = enrolled(EnrolTerms::default());
    add_subject(&mut village.s, 1);
    let (_, first) = village.s.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&first, false, &mut env()).unwrap();
    // The import backed the office up first.
    let office_backups = crate::auto_backup_dir(&office.path);
    assert_eq!(
        dossier_store::backup::auto_backups(&office_backups)
            .unwrap()
            .len(),
        1
    );

    let file = village.path.with_file_name("village.dossier-backup");
    village.s.backup(&file, &mut env()).unwrap();
    let lost = add_subject(&mut village.s, 2);
    let (_, second) = village.s.sync_export(None, &mut env()).unwrap();
    office.s.sync_import(&second, false, &mut env()).unwrap();
    drop(village.s);

    let to = village.path.with_file_name("restored");
    let mut r = crate::restore(&file, &to, None, PASS, &mut env()).unwrap();
    let e = r.sync_export(None, &mut env()).unwrap_err();
    assert_eq!(e.code(), crate::sync::CODE_NOT_ENROLLED);
    assert!(e.to_string().contains("restored from a backup"), "{e}");

    let (_, request) = r.device_request(&mut env(), &mut rng()).unwrap();
    let (_, cert) = office
        .s
        .device_enroll(&request, EnrolTerms::default(), &mut env(), &mut rng())
        .unwrap();
    r.device_accept(&cert, &mut env()).unwrap();
    let kept = add_subject(&mut r, 3);
    let (v, third) = r.sync_export(None, &mut env()).unwrap();
    assert_eq!(v.seq, 1, "a new device starts a new chain");
    let imported = office.s.sync_import(&third, false, &mut env()).unwrap();
    assert_eq!(imported.chain, "ok");
    assert_eq!(
        imported.new, 2,
        "one subject and one record of the new device"
    );
    let roster = office.s.subject_list().unwrap();
    assert!(roster.iter().any(|s| s.id == kept));
    // Bundles in both logs: the office admin reads its imports, the village's exports are there.
    let office_log = actions(&mut office.s, None);
    assert_eq!(office_log.iter().filter(|a| *a == "import").count(), 3);
    let village_log = dossier_store::audit::entries(r.archive.conn(), None).unwrap();
    assert!(village_log.iter().any(|e| e.action == "export"));

    // The office sends back what the restored archive lost.
    let device = own_device(&r);
    let (_, back) = office.s.sync_export(Some(&device), &mut env()).unwrap();
    let got = r.sync_import(&back, false, &mut env()).unwrap();
    assert_eq!(got.chain, "ok");
    assert!(r.subject_list().unwrap().iter().any(|s| s.id == lost));
    assert_eq!(r.digest().unwrap(), office.s.digest().unwrap());
    assert!(r.check().unwrap().ok && office.s.check().unwrap().ok);
}

/// Adds a subject born 2010-03-03 (16 in 2026) to the office's archive; returns its id.
fn add_minor(s: &mut Session) -> String {
    let id_number = dossier_core::idnumber::IdNumber::compose(
        "330723",
        chrono::NaiveDate::from_ymd_opt(2010, 3, 3).unwrap(),
        7,
    )
    .unwrap()
    .to_string();
    let text = json!({
        "name": "少年甲", "id_number": id_number, "jurisdiction": "330723001202",
        "category": "缓刑", "correction_start": "2026-01-01", "correction_end": "2029-01-01",
    })
    .to_string();
    s.subject_add(parse_new_subject(&text).unwrap(), &mut on("2026-01-02"))
        .unwrap()
        .id
}

/// Where a file can be seen: the roster, search, the dashboard, the leave list, the file
/// itself and the roster ledger. Each place says whether the subject is in it.
fn seen_in(s: &mut Session, id: &str, name: &str) -> Vec<(&'static str, bool)> {
    let listed = s.subject_list().unwrap().iter().any(|r| r.id == id);
    let found = s.search(name).unwrap().iter().any(|h| h.subject.id == id);
    let due_on = |s: &Session, day: Option<chrono::NaiveDate>| {
        s.due(day).unwrap().items.iter().any(|i| i.subject_id == id)
    };
    let due = due_on(s, None);
    // Asking about a later day (after the 18th birthday) does not open the file early.
    let due_later = due_on(s, chrono::NaiveDate::from_ymd_opt(2028, 3, 5));
    let id_number: String = s
        .archive
        .conn()
        .query_row("SELECT id_number FROM subjects WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    let duplicate = !s.subject_duplicates(&id_number).unwrap().is_empty();
    let opened = match s.subject_file(id) {
        Ok(_) => true,
        Err(e) => {
            assert_eq!(e.code(), "sealed", "{e}");
            assert!(!e.to_string().contains(name), "no personal data: {e}");
            false
        }
    };
    let by_file_no = s.subject_lookup(id).is_ok();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("roster.csv");
    let request = crate::view::ReportRequest {
        ledger: "roster".into(),
        period: Some("2026-11".into()),
        jurisdiction: None,
        subject_id: None,
        format: "csv".into(),
    };
    s.report_save(&request, &out, &mut on("2026-11-18"), &mut |_| {})
        .unwrap();
    let printed = std::fs::read_to_string(&out).unwrap().contains(name);
    // The statistics count everyone, sealed or not, for every role.
    let stats = crate::view::ReportRequest {
        ledger: "monthly_stats".into(),
        ..request
    };
    s.report_save(
        &stats,
        &tmp.path().join("stats.csv"),
        &mut on("2026-11-18"),
        &mut |_| {},
    )
    .unwrap();
    vec![
        ("roster", listed),
        ("search", found),
        ("dashboard", due),
        ("dashboard of a later day", due_later),
        ("duplicate check", duplicate),
        ("file", opened),
        ("lookup", by_file_no),
        ("ledger", printed),
    ]
}

#[test]
fn a_minors_file_is_sealed_from_villages_unless_the_rules_open_it() {
    let (site, mut admin, adult) = office();
    let minor = add_minor(&mut admin);
    // (officer, the rules let villages see minors, the day, sees the minor's file)
    let cases = [
        ("测试员", false, "2026-11-18", true),
        ("测试乙", false, "2026-11-18", true),
        ("测试丁", false, "2026-11-18", false),
        // The day before the 18th birthday, and the day itself.
        ("测试丁", false, "2028-03-02", false),
        ("测试丁", false, "2028-03-03", true),
        ("测试丁", true, "2026-11-18", true),
    ];
    for (officer, open, day, sees) in cases {
        if open {
            admin
                .rules_set(
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
                    r#"{"privacy": {"villages_see_minors": true}}"#,
                    &mut on("2026-11-18"),
                )
                .unwrap();
        }
        let mut s = site.open(officer);
        s.set_today(day.parse().unwrap());
        let case = format!("{officer} on {day}, rules open: {open}");
        for (place, seen) in seen_in(&mut s, &minor, "少年甲") {
            assert_eq!(seen, sees, "{case}: the minor in the {place}");
        }
        for (place, seen) in seen_in(&mut s, &adult, "测试甲") {
            // The adult's correction ended on 2027-01-01: off the 2028 dashboards.
            if !place.starts_with("dashboard") || (day < "2027" && place == "dashboard") {
                assert!(seen, "{case}: the adult in the {place}");
            }
        }
        assert_eq!(s.sealed_count().unwrap(), usize::from(!sees), "{case}");
    }
}

/// An office restored from a backup made before its last exchanges goes on with its
/// villages: it keeps its key (their trust root) under a new device, refuses bundles made
/// for its former self, and after one bundle from it each village follows it and sends back
/// everything made since the backup, the office's own lost work included: each village its
/// share, so the former device's operations come back with gaps that other villages fill.
#[test]
fn a_restored_office_resumes_sync_with_its_villages() {
    use crate::sync::EnrolTerms;
    use crate::sync::tests::{add_subject_in, another_village, enrolled, env};
    const A: &str = "330723001202";
    const B: &str = "330723001001";
    let (mut office, mut a) = enrolled(EnrolTerms::default());
    let mut b = another_village(&mut office, B);
    // Office first, then the village: a village answers the office it last heard from.
    let round = |office: &mut Session, village: &mut Session| {
        let device = own_device(village);
        let (_, down) = office.sync_export(Some(&device), &mut env()).unwrap();
        village.sync_import(&down, false, &mut env()).unwrap();
        let (_, up) = village.sync_export(None, &mut env()).unwrap();
        office.sync_import(&up, false, &mut env()).unwrap();
    };
    let ids = |s: &Session| {
        let mut v: Vec<String> = s
            .subject_list()
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        v.sort();
        v
    };
    let first = add_subject_in(&mut a.s, 1, A);
    round(&mut office.s, &mut a.s);
    round(&mut office.s, &mut b.s);
    let file = office.path.with_file_name("office.dossier-backup");
    office.s.backup(&file, &mut env()).unwrap();
    // After the backup: village A adds a person; the office adds one in A, one in B, then
    // one more in A, so A alone gives back the office's work with a hole in it.
    let villages = add_subject_in(&mut a.s, 2, A);
    let offices = add_subject_in(&mut office.s, 3, A);
    let in_b = add_subject_in(&mut office.s, 4, B);
    let offices_later = add_subject_in(&mut office.s, 5, A);
    for _ in 0..2 {
        round(&mut office.s, &mut a.s);
        round(&mut office.s, &mut b.s);
    }
    let everything = ids(&office.s);
    assert_eq!(everything.len(), 5);
    let old_device = own_device(&office.s);
    drop(office.s);

    let to = office.path.with_file_name("restored");
    let mut r = crate::restore(&file, &to, None, PASS, &mut env()).unwrap();
    assert_ne!(own_device(&r), old_device);
    assert_eq!(ids(&r), vec![first.clone()]);
    // The village still writes to the office's former device: refused, nothing changed.
    let (_, stale) = a.s.sync_export(None, &mut env()).unwrap();
    let before = r.digest().unwrap();
    let e = r.sync_import(&stale, false, &mut env()).unwrap_err();
    assert_eq!(e.code(), crate::sync::CODE_FOREIGN);
    assert!(e.to_string().contains("restored from a backup"), "{e}");
    assert_eq!(r.digest().unwrap(), before);
    // One bundle from the restored office, and village A follows it and sends it all it
    // holds: its own person, and the office's two people in A, around the hole where the
    // person in B was.
    let a_device = own_device(&a.s);
    let (_, down) = r.sync_export(Some(&a_device), &mut env()).unwrap();
    a.s.sync_import(&down, false, &mut env()).unwrap();
    let (v, up) = a.s.sync_export(None, &mut env()).unwrap();
    assert_eq!(v.recipient, own_device(&r));
    let got = r.sync_import(&up, false, &mut env()).unwrap();
    assert_eq!(got.chain, "ok");
    assert_eq!(
        got.held, 0,
        "nothing of the former device waits behind its holes"
    );
    for id in [&villages, &offices, &offices_later] {
        assert!(ids(&r).contains(id));
    }
    assert!(!ids(&r).contains(&in_b));
    // Village B fills the hole.
    round(&mut r, &mut b.s);
    round(&mut r, &mut b.s);
    assert_eq!(
        ids(&r),
        everything,
        "the villages gave back what the backup missed"
    );
    // The former device is withdrawn: what it might still make is refused at the villages.
    let revoked = dossier_sync::apply::revocations(a.s.archive.conn()).unwrap();
    assert!(revoked.iter().any(|x| x.device_id == old_device));
    // New work from the restored office reaches the village without colliding with the
    // numbers its former device used.
    let fourth = add_subject_in(&mut r, 6, A);
    round(&mut r, &mut a.s);
    assert!(ids(&a.s).contains(&fourth));
    assert!(r.check().unwrap().ok && a.s.check().unwrap().ok && b.s.check().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------
// Who may do what
// ---------------------------------------------------------------------------------------------

/// One use case tried as one officer: Ok, or the error's code.
type Try = fn(&mut Session, &str) -> crate::Result<()>;

/// Every role of an office archive against the use cases whose permission differs by role.
/// "yes" means the role got past the permission check (the call may still fail for its
/// input: a decision on a proposal that does not exist is `not_found`), "no" means
/// `permission_denied` and nothing changed.
#[test]
fn each_role_may_do_what_the_table_says_and_no_more() {
    let (site, admin, subject) = office();
    drop(admin);
    let cases: &[(&str, Try, [&str; 3])] = &[
        // (what, the call, [office admin, office staff, village worker])
        (
            "list the roster",
            |s, _| s.subject_list().map(drop),
            ["yes", "yes", "yes"],
        ),
        (
            "record a talk",
            |s, id| {
                let talk = json!({"date": "2026-11-10", "place": "司法所", "talker": "测试员", "notes": "谈话"});
                s.record_add(
                    id,
                    "talk",
                    talk.as_object().cloned().unwrap(),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            },
            ["yes", "yes", "yes"],
        ),
        (
            "read the audit log",
            |s, _| s.audit_log(None, &mut on("2026-11-18")).map(drop),
            ["yes", "yes", "no"],
        ),
        (
            "set the rules",
            |s, _| {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
                s.rules_set(day, "{}", &mut on("2026-11-18")).map(drop)
            },
            ["yes", "no", "no"],
        ),
        (
            "keep the office's meetings",
            |s, _| {
                let meeting = json!({"meeting_type": "joint", "date": "2026-11-10", "place": "所会议室",
                    "chair": "测试员", "attendees": "测试员、测试乙", "topics": "季度工作", "minutes": "通报"});
                s.register_add(
                    "meeting",
                    meeting.as_object().cloned().unwrap(),
                    &mut on("2026-11-18"),
                )
                .map(drop)
            },
            ["yes", "yes", "no"],
        ),
        (
            "decide on a leave",
            |s, _| {
                s.leave_decide("no-such-leave", true, "同意", &mut on("2026-11-18"))
                    .map(drop)
            },
            ["yes", "yes", "no"],
        ),
        (
            "decide on a proposal",
            |s, _| {
                let d = crate::view::DecisionInput {
                    approve: false,
                    facts: String::new(),
                    grounds: "不符合条件".into(),
                    doc_no: String::new(),
                    evidence: vec![],
                };
                s.decide("no-such-proposal", d, &mut on("2026-11-18"))
                    .map(drop)
            },
            ["yes", "yes", "no"],
        ),
        (
            "give the office's opinion on an assessment",
            |s, _| {
                s.assessment_opinion("no-such-assessment", "同意", &mut on("2026-11-18"))
                    .map(drop)
            },
            ["yes", "yes", "no"],
        ),
        (
            "add an officer",
            |s, _| {
                let input = crate::view::OfficerInput {
                    name: "测试新".into(),
                    role: "village_worker".into(),
                    passphrase: "long enough pass".into(),
                };
                s.officer_add(input, PASS, &mut on("2026-11-18")).map(drop)
            },
            ["yes", "no", "no"],
        ),
        (
            "revoke a device",
            |s, _| {
                s.device_revoke("no-such-device", &mut on("2026-11-18"))
                    .map(drop)
            },
            ["yes", "no", "no"],
        ),
    ];
    for (who, column) in [("测试员", 0), ("测试乙", 1), ("测试丁", 2)] {
        for (what, call, allowed) in cases {
            let mut s = site.open(who);
            let before = s.digest().unwrap();
            let got = call(&mut s, &subject);
            let denied = matches!(&got, Err(e) if e.code() == "permission_denied");
            assert_eq!(
                if denied { "no" } else { "yes" },
                allowed[column],
                "{who} may {what}? got {:?}",
                got.as_ref().map_err(|e| e.code())
            );
            if denied {
                assert_eq!(
                    s.digest().unwrap(),
                    before,
                    "{who}: a refusal changed nothing"
                );
            }
        }
    }
}
