//! The archive as a whole: creation, opening and its refusals, the op log against the
//! projections, and the digest's independence from arrival order.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use dossier_core::op::Entity;
use dossier_store::{
    Archive, ArchiveKey, Change, Error, KdfParams, KeySlots, SiteSeed, digest, oplog,
};
use proptest::prelude::*;
use serde_json::json;

const FAST: KdfParams = KdfParams {
    m_kib: 64,
    t: 1,
    p: 1,
};

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    key: ArchiveKey,
}

fn seed() -> SiteSeed {
    SiteSeed {
        archive_id: "arch".into(),
        device_id: "dev-a".into(),
        site_id: "site".into(),
    }
}

/// One helper for the whole file: a fresh archive holding `changes`.
fn archive_with(changes: Vec<Change>) -> (Fixture, Archive) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    let key = ArchiveKey::random();
    let mut slots = KeySlots::new("arch");
    slots
        .set_slot(&key, "off", "officer", "office_admin", "pw-123456", FAST)
        .unwrap();
    let a = Archive::create(&dir, &key, &slots, &seed(), 1_000, |conn| {
        oplog::write(conn, 1_000, Some("off"), changes)?;
        Ok(())
    })
    .unwrap();
    (
        Fixture {
            _tmp: tmp,
            dir,
            key,
        },
        a,
    )
}

fn subject(n: usize) -> Change {
    Change {
        op_id: format!("op-{n:04}"),
        entity: Entity::Subject,
        entity_id: format!("subject-{n:04}"),
        fields: [
            ("name", json!(format!("测试{n}"))),
            ("status", json!("in_correction")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
    }
}

fn edit(n: usize, op: &str, field: &str, value: serde_json::Value) -> Change {
    Change {
        op_id: op.to_owned(),
        entity: Entity::Subject,
        entity_id: format!("subject-{n:04}"),
        fields: BTreeMap::from([(field.to_owned(), value)]),
    }
}

fn open_err(dir: &Path, key: &ArchiveKey) -> Error {
    Archive::open(dir, key).expect_err("must be refused")
}

#[test]
fn reopens_with_its_content() {
    let (f, a) = archive_with(vec![subject(1), subject(2)]);
    let before = digest::digest(a.conn()).unwrap();
    drop(a);
    let a = Archive::open(&f.dir, &f.key).unwrap();
    assert_eq!(digest::digest(a.conn()).unwrap(), before);
    let n: i64 = a
        .conn()
        .query_row("SELECT count(*) FROM subjects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

#[test]
fn database_file_is_encrypted() {
    let (f, a) = archive_with(vec![subject(1)]);
    drop(a);
    let bytes = fs::read(f.dir.join("archive.db")).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    let needle = "测试1".as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "plain text found in the file"
    );
}

#[test]
fn create_refuses_an_existing_archive_and_leaves_no_staging() {
    let (f, a) = archive_with(vec![]);
    drop(a);
    let slots = KeySlots::read(&f.dir).unwrap();
    let err = Archive::create(&f.dir, &f.key, &slots, &seed(), 1, |_| Ok(())).unwrap_err();
    assert!(matches!(err, Error::AlreadyExists(_)));
    // A failed populate leaves nothing behind.
    let target = f.dir.parent().unwrap().join("b");
    let err = Archive::create(&target, &f.key, &slots, &seed(), 1, |_| {
        Err(Error::Refused("stop".into()))
    })
    .unwrap_err();
    assert!(matches!(err, Error::Refused(_)));
    assert!(!target.exists());
    let leftovers: Vec<_> = fs::read_dir(f.dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, vec!["a".to_owned()]);
}

#[test]
fn damaged_archives_are_refused_in_plain_words() {
    type Damage = fn(&Path, &ArchiveKey);
    let cases: &[(&str, Damage, &str)] = &[
        ("wrong key", |_, _| {}, "damaged"),
        (
            "truncated database",
            |dir, _| {
                let p = dir.join("archive.db");
                let len = fs::metadata(&p).unwrap().len();
                let f = fs::OpenOptions::new().write(true).open(&p).unwrap();
                f.set_len(len / 2 + 100).unwrap();
            },
            "damaged",
        ),
        (
            "empty database",
            |dir, _| fs::write(dir.join("archive.db"), b"").unwrap(),
            "damaged",
        ),
        (
            "missing database",
            |dir, _| fs::remove_file(dir.join("archive.db")).unwrap(),
            "damaged",
        ),
        (
            "garbage database",
            |dir, _| fs::write(dir.join("archive.db"), vec![7u8; 8192]).unwrap(),
            "damaged",
        ),
        (
            "newer schema",
            |dir, key| {
                let a = Archive::open(dir, key).unwrap();
                a.conn().pragma_update(None, "user_version", 999).unwrap();
            },
            "too new",
        ),
    ];
    for (what, damage, want) in cases {
        let (f, a) = archive_with((0..200).map(subject).collect());
        drop(a);
        damage(&f.dir, &f.key);
        let key = if *what == "wrong key" {
            ArchiveKey::random()
        } else {
            f.key.clone()
        };
        let got = match open_err(&f.dir, &key) {
            Error::Damaged(_) => "damaged",
            Error::TooNew { found: 999, .. } => "too new",
            other => panic!("{what}: unexpected {other:?}"),
        };
        assert_eq!(got, *want, "{what}");
    }
}

#[test]
fn ops_are_numbered_gaplessly_and_carry_their_base() {
    let (_f, mut a) = archive_with(vec![subject(1)]);
    let ops = oplog::write(
        a.conn_mut(),
        500, // the wall clock went backwards: the HLC must not
        Some("off"),
        vec![
            edit(1, "op-e1", "name", json!("改名")),
            edit(1, "op-e2", "phone", json!("13800000000")),
        ],
    )
    .unwrap();
    assert_eq!(
        ops.iter().map(|o| o.device_seq).collect::<Vec<_>>(),
        vec![2, 3]
    );
    assert_eq!(ops[0].base.as_deref(), Some("op-0001"));
    assert_eq!(ops[1].base.as_deref(), Some("op-e1"));
    assert!(ops[0].hlc.ms == 1_000 && ops[1].hlc > ops[0].hlc);
    let report = dossier_store::check::check(a.conn_mut()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.ops, 3);
}

#[test]
fn refused_change_writes_nothing() {
    let (_f, mut a) = archive_with(vec![subject(1)]);
    let before = digest::digest(a.conn()).unwrap();
    let err = oplog::write(
        a.conn_mut(),
        2_000,
        Some("off"),
        vec![
            edit(1, "ok", "name", json!("x")),
            edit(1, "bad", "colour", json!("red")),
        ],
    )
    .unwrap_err();
    assert!(matches!(err, Error::Refused(_)));
    assert_eq!(digest::digest(a.conn()).unwrap(), before);
    let n: i64 = a
        .conn()
        .query_row("SELECT count(*) FROM ops", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn check_names_a_tampered_projection() {
    let (_f, mut a) = archive_with(vec![subject(1)]);
    a.conn()
        .execute("UPDATE subjects SET name = 'tampered'", [])
        .unwrap();
    let report = dossier_store::check::check(a.conn_mut()).unwrap();
    assert_eq!(
        report.problems,
        vec!["the tables differ from a replay of the op log".to_owned()]
    );
    // Checking changed nothing.
    let name: String = a
        .conn()
        .query_row("SELECT name FROM subjects", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "tampered");
}

fn table_rows(a: &Archive) -> Vec<String> {
    let mut out = Vec::new();
    for e in Entity::ALL {
        let mut stmt = a
            .conn()
            .prepare(&format!("SELECT * FROM {} ORDER BY id", e.table()))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    s.push_str(&format!("{:?}|", r.get_ref(i)?));
                }
                Ok(s)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn rebuilding_projections_gives_identical_rows() {
    let mut changes: Vec<Change> = (0..30).map(subject).collect();
    changes.push(edit(3, "e1", "name", json!("新名")));
    changes.push(edit(3, "e2", "deleted", json!(true)));
    changes.push(edit(4, "e3", "phone", json!("13900000000")));
    let (_f, mut a) = archive_with(changes);
    let before = table_rows(&a);
    oplog::rebuild(a.conn_mut()).unwrap();
    assert_eq!(table_rows(&a), before, "clock columns included");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The same changes written in any order, in any grouping of transactions, give the same
    /// digest; and replaying a log in any order gives the same rows.
    #[test]
    fn digest_ignores_arrival_order(order in Just((0..12usize).collect::<Vec<_>>()).prop_shuffle(), split in 0..12usize) {
        let changes: Vec<Change> = (0..12).map(subject).collect();
        let (_f1, a) = archive_with(changes.clone());
        let shuffled: Vec<Change> = order.iter().map(|&i| changes[i].clone()).collect();
        let (_f2, mut b) = archive_with(shuffled[..split].to_vec());
        oplog::write(b.conn_mut(), 9_000, Some("off"), shuffled[split..].to_vec()).unwrap();
        prop_assert_eq!(digest::digest(a.conn()).unwrap(), digest::digest(b.conn()).unwrap());

        // Replaying a's log in the shuffled order into fresh tables gives the same rows.
        let before = table_rows(&a);
        let ops = oplog::all_ops(a.conn()).unwrap();
        let mut a = a;
        let tx = a.conn_mut().transaction().unwrap();
        for e in Entity::ALL { tx.execute(&format!("DELETE FROM {}", e.table()), []).unwrap(); }
        let mut perm: Vec<usize> = (0..ops.len()).collect();
        perm.sort_by_key(|i| order.get(*i % order.len()).copied().unwrap_or(0) * 100 + i);
        for i in perm { oplog::apply(&tx, &ops[i]).unwrap(); }
        tx.commit().unwrap();
        prop_assert_eq!(table_rows(&a), before);
    }

    /// Field-wise last-writer-wins: concurrent edits from two devices to one subject end the
    /// same whichever arrives first.
    #[test]
    fn concurrent_edits_converge(first_b in any::<bool>(), hlc_a in 1..5i64, hlc_b in 1..5i64) {
        let (_f, a) = archive_with(vec![subject(1)]);
        let mk = |dev: &str, ms: i64, op: &str, v: &str| dossier_core::op::Op {
            op_id: op.into(), device_id: dev.into(), device_seq: 1,
            hlc: dossier_core::hlc::Hlc { ms: 5_000 + ms, counter: 0 },
            user_id: None, entity: Entity::Subject, entity_id: "subject-0001".into(), base: Some("op-0001".into()),
            fields: BTreeMap::from([("name".to_owned(), json!(v))]), schema_version: 1,
        };
        let x = mk("dev-x", hlc_a, "ox", "X");
        let y = mk("dev-y", hlc_b, "oy", "Y");
        let (p, q) = if first_b { (&y, &x) } else { (&x, &y) };
        oplog::apply(a.conn(), p).unwrap();
        oplog::apply(a.conn(), q).unwrap();
        let name: String = a.conn().query_row("SELECT name FROM subjects", [], |r| r.get(0)).unwrap();
        let want = if (x.hlc, "dev-x") > (y.hlc, "dev-y") { "X" } else { "Y" };
        prop_assert_eq!(name, want);
    }
}

/// An op on record `r` from device `dev`, made at `ms`, setting `d.<name>` fields.
fn record_op(
    dev: usize,
    seq: u64,
    ms: i64,
    r: usize,
    fields: &[(String, serde_json::Value)],
) -> dossier_core::op::Op {
    let mut f: BTreeMap<String, serde_json::Value> = fields.iter().cloned().collect();
    if seq == 1 {
        // Each device's first op on a record also names its subject and kind.
        f.insert("subject_id".into(), json!("subject-0001"));
        f.insert("kind".into(), json!("visit"));
    }
    dossier_core::op::Op {
        op_id: format!("rec-{dev}-{seq:03}-{r}"),
        device_id: format!("dev-{dev}"),
        device_seq: seq,
        hlc: dossier_core::hlc::Hlc {
            ms: 5_000 + ms,
            counter: 0,
        },
        user_id: None,
        entity: Entity::Record,
        entity_id: format!("record-{r}"),
        base: None,
        fields: f,
        schema_version: 2,
    }
}

/// (device, ms, record, fields) of one random edit.
type RecordEdit = (usize, i64, usize, Vec<(String, serde_json::Value)>);

fn record_edit_strategy() -> impl Strategy<Value = Vec<RecordEdit>> {
    let value = prop_oneof![
        Just(serde_json::Value::Null),
        (0..4u8).prop_map(|n| json!(format!("值{n}"))),
        any::<bool>().prop_map(|b| json!(b)),
        (0..100i64).prop_map(|n| json!(n)),
    ];
    let field = (
        prop::sample::select(vec![
            "d.met",
            "d.findings",
            "d.place",
            "d.four_ones",
            "date",
            "deleted",
        ]),
        value,
    )
        .prop_map(|(f, v)| {
            let v = if f == "deleted" {
                json!(v.as_bool().unwrap_or(false))
            } else {
                v
            };
            (f.to_owned(), v)
        });
    prop::collection::vec(
        (
            0..3usize,
            0..6i64,
            0..3usize,
            prop::collection::vec(field, 1..4),
        ),
        1..16,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Random edits of records' own fields (`d.*`) from several devices, applied in any order,
    /// give the same rows (data JSON included) and digest; rebuilding gives identical rows.
    #[test]
    fn record_edits_converge(edits in record_edit_strategy(), order in Just((0..16usize).collect::<Vec<_>>()).prop_shuffle()) {
        let mut seqs = [0u64; 3];
        let ops: Vec<_> = edits.iter().map(|(dev, ms, r, fields)| {
            seqs[*dev] += 1;
            record_op(*dev, seqs[*dev], *ms, *r, fields)
        }).collect();
        let load = |ops: &[&dossier_core::op::Op]| {
            let (f, mut a) = archive_with(vec![subject(1)]);
            let tx = a.conn_mut().transaction().unwrap();
            for op in ops {
                oplog::insert(&tx, op).unwrap();
                oplog::apply(&tx, op).unwrap();
            }
            tx.commit().unwrap();
            (f, a)
        };
        let in_order: Vec<_> = ops.iter().collect();
        let mut shuffled: Vec<_> = order.iter().filter(|&&i| i < ops.len()).map(|&i| &ops[i]).collect();
        shuffled.extend(ops.iter().skip(order.len()));
        let (_f1, a) = load(&in_order);
        let (_f2, mut b) = load(&shuffled);
        prop_assert_eq!(digest::digest(a.conn()).unwrap(), digest::digest(b.conn()).unwrap());
        prop_assert_eq!(table_rows(&a), table_rows(&b));
        // data stays canonical: keys sorted, nulls absent.
        let datas: Vec<String> = b.conn().prepare("SELECT data FROM records").unwrap()
            .query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        for d in datas {
            let v: BTreeMap<String, serde_json::Value> = serde_json::from_str(&d).unwrap();
            prop_assert_eq!(serde_json::to_string(&v).unwrap(), d.clone());
            prop_assert!(v.values().all(|x| !x.is_null()));
        }
        let before = table_rows(&b);
        oplog::rebuild(b.conn_mut()).unwrap();
        prop_assert_eq!(table_rows(&b), before);
        let report = dossier_store::check::check(b.conn_mut()).unwrap();
        prop_assert!(!report.problems.iter().any(|p| p.contains("replay")), "{:?}", report.problems);
    }
}

#[test]
fn blobs_are_stored_once_and_checked() {
    let (_f, mut a) = archive_with(vec![]);
    let (sha, new) = dossier_store::blob::put(a.conn(), b"bytes").unwrap();
    assert!(new);
    assert_eq!(
        dossier_store::blob::put(a.conn(), b"bytes").unwrap(),
        (sha.clone(), false)
    );
    assert_eq!(
        dossier_store::blob::get(a.conn(), &sha).unwrap().as_deref(),
        Some(&b"bytes"[..])
    );
    let with_blob = digest::digest(a.conn()).unwrap();
    // An attachment described but without its bytes is counted, not a problem.
    oplog::write(
        a.conn_mut(),
        2_000,
        Some("off"),
        vec![Change {
            op_id: "att".into(),
            entity: Entity::Attachment,
            entity_id: "0".repeat(64),
            fields: BTreeMap::from([
                ("mime".to_owned(), json!("image/png")),
                ("size".to_owned(), json!(3)),
            ]),
        }],
    )
    .unwrap();
    let report = dossier_store::check::check(a.conn_mut()).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.attachments_without_bytes, 1);
    assert_ne!(digest::digest(a.conn()).unwrap(), with_blob);
    // Damaged bytes are a problem.
    a.conn()
        .execute("UPDATE blobs SET bytes = x'00'", [])
        .unwrap();
    let report = dossier_store::check::check(a.conn_mut()).unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].contains("SHA-256"));
}
