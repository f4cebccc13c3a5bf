//! Black-box tests of what the archive survives: the `dossier` process killed (SIGKILL) in the
//! middle of a write or a backup (an import's kills are in sync.rs, through the same helper),
//! and a disk that fills up under a write, a backup, a report and an import. The disk is a
//! real small file system (a tmpfs, mounted as root as CI runs); where mounting is not
//! allowed the test fails and says so, unless DOSSIER_SKIP_MOUNT_TESTS=1 asks to skip it.
//! Every name and number is synthetic.

mod common;
use common::{KillCase, Run, Tmpfs, copy_dir, files_in};

use std::path::Path;

use serde_json::json;

const PASS: &str = "reliability-passphrase-1";
const VILLAGE: &str = "330723001202";

fn run(archive: &Path, args: &[&str]) -> Run {
    common::dossier(archive, args, Some(PASS))
}

fn digest(archive: &Path) -> String {
    run(archive, &["digest"]).ok().stdout.trim().to_owned()
}

/// A PDF of `bytes` bytes (only its first bytes make it one; the rest is filler that does not
/// repeat, like a scan's).
fn pdf(path: &Path, bytes: usize) {
    let mut data = b"%PDF-1.4\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while data.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        data.extend_from_slice(&x.to_le_bytes());
    }
    data.truncate(bytes);
    std::fs::write(path, data).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Kills
// ---------------------------------------------------------------------------------------------

#[test]
fn a_write_or_a_backup_killed_midway_leaves_the_archive_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let at = |name: &str| tmp.path().join(name);
    let demo = at("demo");
    run(&demo, &["demo", "--scale", "street"]).ok();
    // The first use of a day makes the daily backup; make it now, so no killed run does.
    run(&demo, &["period", "list"]).ok();
    let before = digest(&demo);
    let unlocks = common::timed(&demo, &["period", "list"], PASS);

    // An ordinary write that takes measurable time: a 9.5 MiB scan, one transaction.
    let scan = at("scan.pdf");
    pdf(&scan, 9 * 1024 * 1024 + 512 * 1024);
    let scan_arg = scan.display().to_string();
    let add: &[&str] = &["attachment", "add", &scan_arg];
    let twin = at("twin");
    copy_dir(&demo, &twin);
    let took = common::timed(&twin, add, PASS);
    let added = digest(&twin);
    assert_ne!(added, before);
    let write = KillCase {
        what: "attachment add",
        archive: &demo,
        args: add,
        pass: PASS,
        before: &before,
        after: &added,
        work: (unlocks, took),
        timed: 4,
        // SQLite writes the scan's pages to the WAL as the transaction commits.
        grown: &[
            ("archive.db-wal", 1 << 20),
            ("archive.db-wal", 4 << 20),
            ("archive.db-wal", 8 << 20),
        ],
    };
    let kills = common::kill_during(&write, &at("writes"), |_| {});
    assert!(
        kills
            .iter()
            .any(|k| k.midway && !k.whole && k.wal > 1 << 20),
        "no kill landed inside the transaction: {kills:?}"
    );
    // Where a kill stopped it, the same write then succeeds, whole.
    if let Some(stopped) = kills.iter().find(|k| !k.whole) {
        run(&stopped.archive, add).ok();
        assert_eq!(digest(&stopped.archive), added);
    }

    // A backup to a file of the person's choosing. It changes no record, so the digest must
    // stay; and no half-written backup may be left where a restore would take it.
    let out_dir = at("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("copy.dossier-backup");
    let out_arg = out.display().to_string();
    let backup: &[&str] = &["backup", "--out", &out_arg];
    let twin = at("twin-backup");
    copy_dir(&demo, &twin);
    let took = common::timed(&twin, backup, PASS);
    std::fs::remove_file(&out).unwrap();
    // The backup copies the database (through its WAL), then packs it into a temporary file.
    let scrap = |suffix: &str| format!("{out_arg}{suffix}");
    let (db_wal, db, packed) = (
        scrap(".db-partial-wal"),
        scrap(".db-partial"),
        scrap(".partial"),
    );
    let case = KillCase {
        what: "backup --out",
        archive: &demo,
        args: backup,
        pass: PASS,
        before: &before,
        after: &before,
        work: (unlocks, took),
        timed: 4,
        grown: &[
            (&db_wal, 1 << 20),
            (&db, 1 << 20),
            (&packed, 1 << 20),
            (&packed, 5 << 20),
        ],
    };
    let mut finished = 0;
    let mut leftovers = 0;
    let kills = common::kill_during(&case, &at("backups"), |k| {
        let scraps: Vec<String> = files_in(&out_dir)
            .into_iter()
            .filter(|n| n != "copy.dossier-backup")
            .collect();
        assert!(
            k.running || out.exists(),
            "finished before {:?} without its backup",
            k.at
        );
        if out.exists() {
            // Renamed into place: the backup is complete and restores to the same content.
            finished += 1;
            let to = at(&format!("restored-{finished}"));
            let restored = run(
                &to,
                &["restore", &out_arg, "--to", &to.display().to_string()],
            );
            assert_eq!(restored.code, 0, "killed {:?}: {restored:?}", k.at);
            assert_eq!(digest(&to), before);
            std::fs::remove_dir_all(&to).unwrap();
            std::fs::remove_file(&out).unwrap();
        }
        for scrap in scraps {
            // What a killed backup left is either no backup (a restore refuses it and restores
            // nothing) or, killed between the last byte and the rename, the whole backup under
            // its temporary name, which the reader checks whole and restores to the same content.
            let to = at("restored-scrap");
            let file = out_dir.join(&scrap).display().to_string();
            let r = run(&to, &["restore", &file, "--to", &to.display().to_string()]);
            if r.code == 0 {
                assert_eq!(digest(&to), before, "{scrap}: restored whole or not at all");
                std::fs::remove_dir_all(&to).unwrap();
            } else {
                r.refused("backup_damaged");
                assert!(!to.exists(), "{scrap}: nothing restored");
            }
            leftovers += 1;
        }
    });
    assert!(
        kills.iter().any(|k| k.midway),
        "no kill landed in the backup: {kills:?}"
    );
    eprintln!(
        "backup: {finished} kills came after the file was in place; {leftovers} leftovers refused"
    );
    // A later backup to the same file succeeds and clears what the killed ones left.
    let last = &kills.last().unwrap().archive;
    run(last, backup).ok();
    assert_eq!(files_in(&out_dir), ["copy.dossier-backup"]);
    let to = at("restored-last");
    run(
        &to,
        &["restore", &out_arg, "--to", &to.display().to_string()],
    )
    .ok();
    assert_eq!(digest(&to), before);
}

// ---------------------------------------------------------------------------------------------
// A full disk
// ---------------------------------------------------------------------------------------------

/// A village archive with one subject at `archive` (`scratch` holds the subject's file).
fn village(archive: &Path, scratch: &Path) {
    run(
        archive,
        &[
            "init",
            "--role",
            "village",
            "--jurisdiction",
            VILLAGE,
            "--officer",
            "测试员乙",
        ],
    )
    .ok();
    let subject = json!({
        "name": "测试丙",
        "id_number": "330723199001010017",
        "jurisdiction": VILLAGE,
        "category": "缓刑",
        "correction_start": "2026-01-01",
        "correction_end": "2027-01-01",
    });
    let file = scratch.join("subject.json");
    std::fs::write(&file, subject.to_string()).unwrap();
    run(
        archive,
        &["subject", "add", "--file", &file.display().to_string()],
    )
    .ok();
}

#[test]
fn a_full_disk_is_named_and_loses_nothing() {
    // The archive's disk, and a small one for what is written elsewhere (a USB stick).
    let (Some(disk), Some(stick)) = (Tmpfs::mount(48 * 1024), Tmpfs::mount(32 * 1024)) else {
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let archive = disk.path("archive");
    village(&archive, scratch.path());
    let scan = scratch.path().join("scan.pdf");
    pdf(&scan, 2 * 1024 * 1024);
    let scan_arg = scan.display().to_string();
    let backup = stick.path("copy.dossier-backup").display().to_string();
    let report = stick.path("roster.csv").display().to_string();

    // (what, the disk that fills, the bytes left free on it, the command): each is refused
    // as a full disk, leaves no file behind on either disk and the archive as it was; with
    // the space back, the same command succeeds.
    let cases: &[(&str, &Tmpfs, u64, &[&str])] = &[
        (
            "a write",
            &disk,
            256 * 1024,
            &["attachment", "add", &scan_arg],
        ),
        ("a backup", &stick, 0, &["backup", "--out", &backup]),
        (
            "a report",
            &stick,
            0,
            &["report", "roster", "--format", "csv", "--out", &report],
        ),
    ];
    for (what, full, free, args) in cases {
        let before = digest(&archive);
        let files = (files_in(&disk.dir), files_in(&stick.dir));
        full.fill(*free);
        run(&archive, args).disk_full();
        full.unfill();
        run(&archive, &["check"]).ok();
        assert_eq!(digest(&archive), before, "{what}: nothing changed");
        assert_eq!(
            (files_in(&disk.dir), files_in(&stick.dir)),
            files,
            "{what}: no partial file left"
        );
        run(&archive, args).ok();
    }
}
