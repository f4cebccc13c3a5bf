//! Black-box tests of the audit log, the sign-in delay, the archive lock and backups through
//! the `dossier` binary. Names are synthetic.

mod common;
use common::{Run, dossier};

use std::path::{Path, PathBuf};

use serde_json::json;

const PASS: &str = "demo-passphrase-1";

/// An office archive with one subject; returns the temp folder, the archive and the
/// subject's file number.
fn office() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    let init = [
        "init",
        "--role",
        "office",
        "--jurisdiction",
        "330723001",
        "--officer",
        "测试员",
    ];
    dossier(&archive, &init, Some(PASS)).ok();
    let subject = json!({
        "name": "测试丙", "id_number": "11010519491231002X", "jurisdiction": "330723001202",
        "category": "缓刑", "correction_start": "2026-01-01", "correction_end": "2027-01-01",
    });
    let f = tmp.path().join("s.json");
    std::fs::write(&f, subject.to_string()).unwrap();
    let added = dossier(
        &archive,
        &["subject", "add", "--file", f.to_str().unwrap()],
        Some(PASS),
    )
    .ok()
    .json();
    let file_no = added["file_no"].as_str().unwrap().to_owned();
    (tmp, archive, file_no)
}

fn run(archive: &Path, args: &[&str]) -> Run {
    dossier(archive, args, Some(PASS))
}

#[test]
fn the_audit_log_lists_what_was_done() {
    let (_tmp, archive, file_no) = office();
    run(&archive, &["subject", "show", &file_no]).ok();
    dossier(&archive, &["digest"], Some("wrong passphrase")).refused("wrong_passphrase");
    let log = run(&archive, &["audit", "--json"]).ok().json();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for want in ["change", "view_file", "sign_in_failed", "sign_in"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }
    let mine = run(&archive, &["audit", "--subject", &file_no, "--json"])
        .ok()
        .json();
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .all(|e| e["file_no"] == file_no.as_str())
    );
    let text = run(&archive, &["audit"]).ok();
    assert!(text.stdout.contains("view_file") && !text.stdout.contains("测试丙"));
    assert!(run(&archive, &["check"]).ok().stdout.starts_with("ok:"));
}

#[test]
fn wrong_passphrases_make_the_next_attempt_wait() {
    let (tmp, archive, _) = office();
    let key = tmp.path().join("recovery.txt");
    let key_arg = key.display().to_string();
    run(&archive, &["recovery", "new", "--out", &key_arg]).ok();
    let wrong_key = tmp.path().join("not-the-key.txt");
    std::fs::write(&wrong_key, "AGE-SECRET-KEY-1NOTAKEY\n").unwrap();
    let wrong_key = wrong_key.display().to_string();
    let recover: &[&str] = &["recover", "--key", &wrong_key, "--officer", "测试员"];
    // Every door to the archive key counts a wrong secret: signing in, the current
    // passphrase of `dossier passphrase`, and the recovery key of `dossier recover`.
    let cases: &[(&[&str], Option<&str>, &str)] = &[
        (&["digest"], Some("wrong passphrase"), "wrong_passphrase"),
        (
            &["passphrase"],
            Some("not the current one"),
            "wrong_passphrase",
        ),
        (recover, None, "wrong_recovery_key"),
        (&["digest"], Some(PASS), "sign_in_delay"),
        (&["digest"], Some(""), "sign_in_delay"),
        (&["passphrase"], Some(PASS), "sign_in_delay"),
        (
            &["recover", "--key", &key_arg, "--officer", "测试员"],
            None,
            "sign_in_delay",
        ),
    ];
    for (args, pass, code) in cases {
        let r =
            common::dossier_setting(&archive, args, *pass, Some("a new passphrase")).refused(code);
        if *code == "sign_in_delay" {
            assert!(r.stderr.contains("seconds before trying again"), "{r:?}");
        }
    }
}

#[test]
fn a_second_program_is_refused_while_the_archive_is_open() {
    let (_tmp, archive, _) = office();
    let session =
        dossier_api::unlock(&archive, None, PASS, &mut dossier_api::Env::system()).unwrap();
    let r = run(&archive, &["digest"]).refused("archive_in_use");
    assert!(
        r.stderr
            .contains("open in another Dossier window or command")
    );
    drop(session);
    run(&archive, &["digest"]).ok();
}

#[test]
fn backup_and_restore_keep_the_digest() {
    let (tmp, archive, _) = office();
    let digest = run(&archive, &["digest"]).ok().stdout;
    let file = tmp.path().join("a.dossier-backup");
    let file_arg = file.to_str().unwrap();
    run(&archive, &["backup", "--out", file_arg, "--keep", "3"]).ok();
    let restored = tmp.path().join("restored");
    let to = restored.to_str().unwrap();
    let r = run(&archive, &["restore", file_arg, "--to", to]).ok();
    assert!(
        r.stderr.contains("export a bundle to each village"),
        "{r:?}"
    );
    assert_eq!(run(&restored, &["digest"]).ok().stdout, digest);
    let log = run(&restored, &["audit", "--json"]).ok().json();
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for want in ["backup", "restore"] {
        assert!(actions.contains(&want), "{want} in {actions:?}");
    }

    // Refusals restore nothing.
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 1;
    let tampered = tmp.path().join("tampered");
    std::fs::write(&tampered, &bytes).unwrap();
    let again = tmp.path().join("again");
    let again_arg = again.to_str().unwrap();
    let cases = [
        (
            tampered.to_str().unwrap(),
            again_arg,
            PASS,
            "backup_damaged",
        ),
        (file_arg, archive.to_str().unwrap(), PASS, "already_exists"),
        (file_arg, again_arg, "wrong passphrase", "wrong_passphrase"),
    ];
    for (from, to, pass, code) in cases {
        dossier(&archive, &["restore", from, "--to", to], Some(pass)).refused(code);
        assert!(!again.exists());
    }
    // Without --out, into the archive's own backups folder.
    run(&archive, &["backup"]).ok();
    let kept = std::fs::read_dir(archive.join("backups")).unwrap().count();
    assert!((1..=3).contains(&kept), "{kept}");
}
