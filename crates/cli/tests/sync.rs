//! Black-box tests of sync through the `dossier` binary: an office and a village on one
//! machine, enrolment, a bundle each way, importing again, and damaged bundles refused with
//! the archive unchanged. Every name and number is synthetic.

mod common;
use common::{Run, copy_dir};

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

const PASS: &str = "sync-passphrase-1";
const VILLAGE: &str = "330723001202";

fn run(archive: &Path, args: &[&str]) -> Run {
    common::dossier(archive, args, Some(PASS))
}

fn digest(archive: &Path) -> String {
    run(archive, &["digest"]).ok().stdout.trim().to_owned()
}

struct World {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    office: PathBuf,
    village: PathBuf,
    /// The village's device id, as `device enroll` prints it.
    device: String,
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn arg(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }
}

/// An office and a village, the village enrolled by the office.
fn enrolled() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_owned();
    let mut w = World {
        office: dir.join("office"),
        village: dir.join("village"),
        device: String::new(),
        dir,
        _tmp: tmp,
    };
    run(
        &w.office,
        &[
            "init",
            "--role",
            "office",
            "--jurisdiction",
            "330723001",
            "--officer",
            "测试员甲",
        ],
    )
    .ok();
    run(
        &w.village,
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
    run(
        &w.village,
        &["device", "request", "--out", &w.arg("req.json")],
    )
    .ok();
    let enrolled = run(
        &w.office,
        &[
            "device",
            "enroll",
            &w.arg("req.json"),
            "--out",
            &w.arg("cert.bundle"),
            "--jurisdiction",
            VILLAGE,
            "--role",
            "village",
        ],
    )
    .ok();
    assert!(enrolled.stderr.contains("Enrolled device"), "{enrolled:?}");
    w.device = enrolled.stdout.trim().to_owned();
    run(&w.village, &["device", "accept", &w.arg("cert.bundle")]).ok();
    w
}

fn add_subject_and_record(w: &World) -> String {
    let subject = json!({
        "name": "测试丙",
        "id_number": "330723199001010017",
        "jurisdiction": VILLAGE,
        "category": "缓刑",
        "correction_start": "2026-01-01",
        "correction_end": "2027-01-01",
    });
    std::fs::write(w.path("s.json"), subject.to_string()).unwrap();
    let added = run(&w.village, &["subject", "add", "--file", &w.arg("s.json")]).ok();
    let row: Value = serde_json::from_str(&added.stdout).unwrap();
    let id = row["id"].as_str().unwrap().to_owned();
    std::fs::write(
        w.path("r.json"),
        json!({"name": "测试丁", "relation": "父亲"}).to_string(),
    )
    .unwrap();
    run(
        &w.village,
        &[
            "record",
            "add",
            "--subject",
            &id,
            "--kind",
            "family_member",
            "--file",
            &w.arg("r.json"),
        ],
    )
    .ok();
    id
}

#[test]
fn a_village_file_reaches_the_office_by_bundle() {
    let w = enrolled();
    let subject = add_subject_and_record(&w);
    let exported = run(&w.village, &["export", "--out", &w.arg("v1.bundle")]).ok();
    assert!(exported.stderr.contains("Wrote bundle"), "{exported:?}");

    let before = digest(&w.office);
    let verified = run(&w.office, &["verify", &w.arg("v1.bundle")]).ok();
    assert!(verified.stdout.contains("New operations"), "{verified:?}");
    let dry = run(&w.office, &["import", &w.arg("v1.bundle"), "--dry-run"]).ok();
    assert!(dry.stdout.contains("nothing was changed"), "{dry:?}");
    assert_eq!(digest(&w.office), before);

    let imported = run(&w.office, &["import", &w.arg("v1.bundle"), "--json"]).ok();
    let report: Value = serde_json::from_str(&imported.stdout).unwrap();
    assert!(report["new"].as_u64().unwrap() > 0, "{report}");
    assert_eq!(report["conflicts"], 0);
    let roster = run(&w.office, &["subject", "list", "--json"]).ok();
    let rows: Value = serde_json::from_str(&roster.stdout).unwrap();
    assert!(
        rows.as_array().unwrap().iter().any(|r| r["id"] == subject),
        "{rows}"
    );
    let records = run(
        &w.office,
        &["record", "list", "--subject", &subject, "--json"],
    )
    .ok();
    let records: Value = serde_json::from_str(&records.stdout).unwrap();
    assert_eq!(records.as_array().unwrap().len(), 1);
    run(&w.office, &["check"]).ok();

    let after = digest(&w.office);
    let again = run(&w.office, &["import", &w.arg("v1.bundle")]).ok();
    assert!(
        again.stdout.contains("imported before; nothing changes"),
        "{again:?}"
    );
    assert_eq!(digest(&w.office), after);

    // The office answers; after that both archives hold the same content.
    run(
        &w.office,
        &["export", "--out", &w.arg("o1.bundle"), "--to", &w.device],
    )
    .ok();
    run(&w.village, &["import", &w.arg("o1.bundle")]).ok();
    assert_eq!(digest(&w.village), digest(&w.office));
}

#[test]
fn an_import_onto_a_full_disk_is_named_and_changes_nothing() {
    let Some(disk) = common::Tmpfs::mount(48 * 1024) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (village, bundle) = street_bundle(tmp.path());
    let bundle = bundle.display().to_string();
    let full = disk.path("village");
    copy_dir(&village, &full);
    let before = digest(&full);
    // The size of the backup each import makes first (it needs three times that while it is
    // written: the copy of the database, its WAL, then the packed file).
    let probe = disk.path("probe.dossier-backup");
    run(&full, &["backup", "--out", &probe.display().to_string()]).ok();
    let backup = std::fs::metadata(&probe).unwrap().len();
    std::fs::remove_file(&probe).unwrap();
    let backups = || common::files_in(&full.join("backups"));

    // (bytes left free, whether the backup fits so that the import itself runs out)
    let cases = [
        (0, false),
        (64 * 1024, false),
        (3 * backup + 64 * 1024, true),
    ];
    for (free, backup_fits) in cases {
        let kept = backups();
        disk.fill(free);
        run(&full, &["import", &bundle]).disk_full();
        disk.unfill();
        run(&full, &["check"]).ok();
        assert_eq!(digest(&full), before, "{free} bytes free: nothing imported");
        // Only whole backups are kept; one is added only if it was finished.
        let now = backups();
        assert!(
            now.iter().all(|n| n.ends_with(".dossier-backup")),
            "{free} bytes free: no partial backup left: {now:?}"
        );
        assert_eq!(
            now.len(),
            kept.len() + usize::from(backup_fits),
            "{free}: {now:?}"
        );
    }
    run(&full, &["import", &bundle]).ok();
    assert_ne!(digest(&full), before);
}

#[test]
fn damaged_bundles_are_refused_and_change_nothing() {
    let w = enrolled();
    add_subject_and_record(&w);
    run(&w.village, &["export", "--out", &w.arg("v1.bundle")]).ok();
    let bytes = std::fs::read(w.path("v1.bundle")).unwrap();
    let mut flipped = bytes.clone();
    let i = flipped.len() / 2;
    flipped[i] ^= 0x10;
    std::fs::write(w.path("flipped.bundle"), &flipped).unwrap();
    std::fs::write(w.path("short.bundle"), &bytes[..bytes.len() / 2]).unwrap();

    let before = digest(&w.office);
    for name in ["flipped.bundle", "short.bundle"] {
        let r = run(&w.office, &["import", &w.arg(name)]).refused("bundle_damaged");
        assert!(r.stderr.contains("export it again"), "{r:?}");
        run(&w.office, &["verify", &w.arg(name)]).refused("bundle_damaged");
        assert_eq!(digest(&w.office), before, "{name} changed the archive");
    }
    // The village's own bundle is not for the village.
    run(&w.village, &["import", &w.arg("v1.bundle")]).refused("bundle_foreign");
    // The intact bundle still imports afterwards.
    run(&w.office, &["import", &w.arg("v1.bundle")]).ok();
}

#[test]
fn sync_needs_enrolment_and_the_right_role() {
    let w = enrolled();
    let fresh = w.path("fresh");
    run(
        &fresh,
        &[
            "init",
            "--role",
            "village",
            "--jurisdiction",
            VILLAGE,
            "--officer",
            "测试员丁",
        ],
    )
    .ok();
    run(&fresh, &["export", "--out", &w.arg("x.bundle")]).refused("not_enrolled");
    assert!(!w.path("x.bundle").exists());
    // A village does not enrol; an office does not ask.
    run(
        &w.village,
        &[
            "device",
            "enroll",
            &w.arg("req.json"),
            "--out",
            &w.arg("c2"),
        ],
    )
    .refused("permission_denied");
    run(&w.office, &["device", "request", "--out", &w.arg("r2")]).refused("permission_denied");
    // An office exports to a named device only.
    run(&w.office, &["export", "--out", &w.arg("o.bundle")]).refused("invalid_input");
}

/// A big bundle in `dir`: the office's street demo (thousands of operations) sent to a new
/// village. Returns the village, which has not imported it, and the bundle.
fn street_bundle(dir: &Path) -> (PathBuf, PathBuf) {
    let at = |name: &str| dir.join(name);
    let arg = |name: &str| at(name).display().to_string();
    let (demo, village) = (at("demo"), at("village"));
    run(&demo, &["demo", "--scale", "street"]).ok();
    run(
        &village,
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
    run(&village, &["device", "request", "--out", &arg("req.json")]).ok();
    let enrolled = run(
        &demo,
        &[
            "device",
            "enroll",
            &arg("req.json"),
            "--out",
            &arg("cert.bundle"),
            // The whole street, so the office shares every file and the bundle is big.
            "--jurisdiction",
            "330723001",
            "--role",
            "village",
        ],
    )
    .ok();
    let device = enrolled.stdout.trim().to_owned();
    run(&village, &["device", "accept", &arg("cert.bundle")]).ok();
    run(
        &demo,
        &["export", "--out", &arg("big.bundle"), "--to", &device],
    )
    .ok();
    (village, at("big.bundle"))
}

#[test]
fn an_import_killed_midway_leaves_the_archive_as_it_was_and_can_run_again() {
    let tmp = tempfile::tempdir().unwrap();
    let at = |name: &str| tmp.path().join(name);
    let (village, bundle) = street_bundle(tmp.path());
    let bundle = bundle.display().to_string();

    // How long a whole import takes here, on a twin of the village, and how long before it
    // starts importing (unlocking the near-empty village is most of that).
    let twin = at("twin");
    copy_dir(&village, &twin);
    let starts = common::timed(&twin, &["digest"], PASS);
    let started = std::time::Instant::now();
    let whole = run(&twin, &["import", &bundle, "--json"]).ok().json();
    let took = started.elapsed();
    let imported_digest = digest(&twin);
    assert!(whole["new"].as_u64().unwrap() > 1000, "{whole}");

    // Kill it at points spread over the run: each time the archive opens, passes its check,
    // and is either untouched or holds the whole import — never part of it.
    let before = digest(&village);
    let case = common::KillCase {
        what: "import",
        archive: &village,
        args: &["import", &bundle],
        pass: PASS,
        before: &before,
        after: &imported_digest,
        work: (starts, took),
        timed: 4,
        grown: &[("archive.db-wal", 256 << 10), ("archive.db-wal", 2 << 20)],
    };
    let runs = common::kill_during(&case, tmp.path(), |_| {});
    assert!(
        runs.iter().any(|k| k.midway),
        "no run was killed while importing ({starts:?} to {took:?})"
    );
    // The same import then succeeds where a kill stopped it.
    let stopped = runs
        .iter()
        .find(|k| !k.whole)
        .expect("a kill stopped an import");
    run(&stopped.archive, &["import", &bundle]).ok();
    assert_eq!(digest(&stopped.archive), imported_digest);
    run(&stopped.archive, &["check"]).ok();
}

#[test]
fn a_conflict_is_listed_and_resolved_through_the_cli() {
    let w = enrolled();
    let subject = add_subject_and_record(&w);
    run(&w.village, &["export", "--out", &w.arg("v1.bundle")]).ok();
    run(&w.office, &["import", &w.arg("v1.bundle")]).ok();
    let records = run(
        &w.village,
        &["record", "list", "--subject", &subject, "--json"],
    )
    .ok()
    .json();
    let record = records[0]["id"].as_str().unwrap().to_owned();
    for (archive, phone, file) in [
        (&w.village, "13800000001", "e1.json"),
        (&w.office, "13800000002", "e2.json"),
    ] {
        std::fs::write(w.path(file), json!({"phone": phone}).to_string()).unwrap();
        run(
            archive,
            &["record", "edit", &record, "--file", &w.arg(file)],
        )
        .ok();
    }
    run(&w.village, &["export", "--out", &w.arg("v2.bundle")]).ok();
    let imported = run(&w.office, &["import", &w.arg("v2.bundle"), "--json"])
        .ok()
        .json();
    assert_eq!(imported["conflicts"], 1);
    let listed = run(&w.office, &["conflict", "list"]).ok();
    assert!(listed.stdout.contains("联系电话"), "{listed:?}");
    let all = run(&w.office, &["conflict", "list", "--json"]).ok().json();
    let c = &all[0];
    let (entity, id, field) = (
        c["entity"].as_str().unwrap(),
        c["entity_id"].as_str().unwrap(),
        c["field"].as_str().unwrap(),
    );
    let before = digest(&w.office);
    let r = run(
        &w.office,
        &["conflict", "resolve", entity, id, field, "--keep", "nope"],
    )
    .refused("invalid_input");
    assert!(r.stderr.contains("neither"), "{r:?}");
    assert_eq!(digest(&w.office), before);
    let keep = c["other"]["op_id"].as_str().unwrap();
    let kept = c["other"]["value"].as_str().unwrap().to_owned();
    run(
        &w.office,
        &["conflict", "resolve", entity, id, field, "--keep", keep],
    )
    .ok();
    let all = run(&w.office, &["conflict", "list", "--json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 0);
    let records = run(
        &w.office,
        &["record", "list", "--subject", &subject, "--json"],
    )
    .ok()
    .json();
    assert_eq!(records[0]["data"]["phone"], kept.as_str());
    run(&w.office, &["check"]).ok();
}

#[test]
fn registers_travel_both_ways_and_stay_with_their_keeper() {
    let w = enrolled();
    std::fs::write(
        w.path("t.json"),
        json!({"date": "2026-01-05", "title": "走访技巧", "organiser": "村委会",
            "attendees": "测试员乙"})
        .to_string(),
    )
    .unwrap();
    run(
        &w.village,
        &["register", "add", "training", "--file", &w.arg("t.json")],
    )
    .ok();
    std::fs::write(
        w.path("s.json"),
        json!({"name": "测试员甲", "role": "office_head", "term_from": "2026-01-01"}).to_string(),
    )
    .unwrap();
    let staff = run(
        &w.office,
        &["register", "add", "staff", "--file", &w.arg("s.json")],
    )
    .ok();
    let staff: Value = serde_json::from_str(&staff.stdout).unwrap();

    run(&w.village, &["export", "--out", &w.arg("v1.bundle")]).ok();
    let imported = run(&w.office, &["import", &w.arg("v1.bundle"), "--json"]).ok();
    let report: Value = serde_json::from_str(&imported.stdout).unwrap();
    // A village's training is within its scope: the bundle is not refused.
    assert!(report["new"].as_u64().unwrap() > 0, "{report}");
    run(
        &w.office,
        &["export", "--out", &w.arg("o1.bundle"), "--to", &w.device],
    )
    .ok();
    run(&w.village, &["import", &w.arg("o1.bundle")]).ok();
    assert_eq!(digest(&w.village), digest(&w.office));

    let list = |archive: &Path, kind: &str| -> Value {
        let r = run(archive, &["register", "list", kind, "--json"]).ok();
        serde_json::from_str(&r.stdout).unwrap()
    };
    let trainings = list(&w.office, "training");
    assert_eq!(trainings[0]["jurisdiction"], VILLAGE, "{trainings}");
    assert_eq!(trainings[0]["may_edit"], false, "the village keeps it");
    let seen = list(&w.village, "staff");
    assert_eq!(seen[0]["id"], staff["id"], "{seen}");
    assert_eq!(seen[0]["may_edit"], false, "the office keeps it");
    let id = staff["id"].as_str().unwrap();
    run(&w.village, &["register", "delete", id]).refused("permission_denied");
}
