//! Import and export against real (temporary, SQLCipher) archives, and the convergence
//! property: random edits on several devices, bundles delivered in random order with
//! duplicates and losses, then a few rounds of re-export; every archive ends at the same
//! digest and no operation is lost.

use dossier_core::op::Entity;
use dossier_store::{Archive, ArchiveKey, Change, KdfParams, KeySlots, SiteSeed, oplog};
use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::format::{Limits, read_bundle};
use crate::keys::{DeviceRole, SignedFile};
use crate::testkit::World;

const FAST: KdfParams = KdfParams {
    m_kib: 64,
    t: 1,
    p: 1,
};
const T0: i64 = 1_700_000_000_000;

struct Node {
    _tmp: tempfile::TempDir,
    archive: Archive,
    keys: DeviceKeys,
    cert: SignedFile,
    serial: u64,
    prefix: String,
    role: DeviceRole,
    /// Wall-clock skew of this laptop, so HLCs disagree with each other.
    skew: i64,
    next_id: u64,
}

struct Sim {
    office_key: ed25519_dalek::VerifyingKey,
    nodes: Vec<Node>,
    /// Exported bundles: (recipient index, bytes).
    mailbox: Vec<(usize, Vec<u8>)>,
    now: i64,
    bundles: u64,
}

fn new_archive(device_id: &str) -> (tempfile::TempDir, Archive) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    let key = ArchiveKey::random();
    let mut slots = KeySlots::new("arch");
    slots
        .set_slot(&key, "off", "officer", "office_admin", "pw-123456", FAST)
        .unwrap();
    let seed = SiteSeed {
        archive_id: format!("arch-{device_id}"),
        device_id: device_id.to_owned(),
        site_id: format!("site-{device_id}"),
    };
    let a = Archive::create(&dir, &key, &slots, &seed, T0, |_| Ok(())).unwrap();
    (tmp, a)
}

impl Sim {
    /// Node 0 is the office (county 330723); the others are villages with these prefixes.
    fn new(village_prefixes: &[&str], skews: &[i64]) -> Sim {
        let w = World::new(11, village_prefixes);
        let office_key = w.office.verifying_key();
        let mut nodes = Vec::new();
        let (tmp, archive) = new_archive(&w.office.device_id);
        nodes.push(Node {
            _tmp: tmp,
            archive,
            keys: w.office,
            cert: w.office_cert,
            serial: 1,
            prefix: "330723".into(),
            role: DeviceRole::Office,
            skew: 0,
            next_id: 0,
        });
        for (i, ((keys, cert), p)) in w.devices.into_iter().zip(village_prefixes).enumerate() {
            let (tmp, archive) = new_archive(&keys.device_id);
            nodes.push(Node {
                _tmp: tmp,
                archive,
                keys,
                cert,
                serial: 10 + i as u64,
                prefix: (*p).to_owned(),
                role: DeviceRole::Village,
                skew: skews.get(i).copied().unwrap_or(0),
                next_id: 0,
            });
        }
        Sim {
            office_key,
            nodes,
            mailbox: Vec::new(),
            now: T0,
            bundles: 0,
        }
    }

    fn tick(&mut self) -> i64 {
        self.now += 1_000;
        self.now
    }

    /// Subjects this node may edit: those it holds whose jurisdiction is in its scope.
    fn editable(&self, n: usize) -> Vec<String> {
        let node = &self.nodes[n];
        let mut out: Vec<String> = node
            .archive
            .conn()
            .prepare("SELECT id, jurisdiction FROM subjects ORDER BY id")
            .unwrap()
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .unwrap()
            .filter_map(Result::ok)
            .filter(|(_, j)| j.as_deref().is_some_and(|j| j.starts_with(&node.prefix)))
            .map(|(id, _)| id)
            .collect();
        out.sort();
        out
    }

    fn edit(&mut self, n: usize, pick: usize, field: usize, value: u8) {
        let now = self.tick();
        let editable = self.editable(n);
        let node = &mut self.nodes[n];
        node.next_id += 1;
        let op_id = format!("op-{}-{}", node.keys.device_id, node.next_id);
        let change = if node.role == DeviceRole::Village && pick.is_multiple_of(editable.len() + 1)
        {
            Change {
                op_id,
                entity: Entity::Subject,
                entity_id: format!("subj-{}-{}", node.keys.device_id, node.next_id),
                fields: [
                    ("name".to_owned(), json!(format!("Test {}", node.next_id))),
                    (
                        "jurisdiction".to_owned(),
                        json!(format!("{}001", node.prefix)),
                    ),
                    ("status".to_owned(), json!("in_correction")),
                ]
                .into_iter()
                .collect(),
            }
        } else if editable.is_empty() {
            return;
        } else if field % 5 == 4 {
            // A record of the subject; one id per subject, so laptops edit the same record
            // and its `d.` fields merge one by one. Its scope comes from the subject.
            let subject = &editable[pick % editable.len()];
            Change {
                op_id,
                entity: Entity::Record,
                entity_id: format!("rec-{subject}"),
                fields: [
                    ("subject_id".to_owned(), json!(subject)),
                    ("kind".to_owned(), json!("talk")),
                    (format!("d.note{}", value % 3), json!(format!("v{value}"))),
                ]
                .into_iter()
                .collect(),
            }
        } else {
            let subject = &editable[pick % editable.len()];
            let f = ["phone", "status", "crime", "education"][field % 4];
            Change {
                op_id,
                entity: Entity::Subject,
                entity_id: subject.clone(),
                fields: [(f.to_owned(), json!(format!("v{value}")))]
                    .into_iter()
                    .collect(),
            }
        };
        oplog::write(
            node.archive.conn_mut(),
            now + node.skew,
            Some("off"),
            vec![change],
        )
        .unwrap();
    }

    fn export(&mut self, from: usize, to: usize) -> usize {
        let now = self.tick();
        self.bundles += 1;
        let bundle_id = format!("bundle-{}", self.bundles);
        let recipient = BundleRecipient {
            age_recipient: self.nodes[to].keys.age_recipient(),
            device_id: self.nodes[to].keys.device_id.clone(),
        };
        let node = &mut self.nodes[from];
        let tx = node.archive.conn_mut().transaction().unwrap();
        let written = export(
            &tx,
            &ExportFrom {
                keys: &node.keys,
                certificate: &node.cert,
                serial: node.serial,
            },
            &recipient,
            &bundle_id,
            now + node.skew,
        )
        .unwrap();
        tx.commit().unwrap();
        self.mailbox.push((to, written.bytes));
        self.mailbox.len() - 1
    }

    fn deliver(&mut self, i: usize) -> Result<ImportReport, ImportError> {
        let now = self.tick();
        let (to, bytes) = self.mailbox[i].clone();
        let node = &mut self.nodes[to];
        let opened = read_bundle(
            &bytes,
            &node.keys.age_identity(),
            &self.office_key,
            &Limits::default(),
        )?;
        import_bundle(node.archive.conn_mut(), &opened, now + node.skew)
    }

    /// Every village to the office, then the office to every village, imported at once.
    fn round(&mut self) {
        for v in 1..self.nodes.len() {
            let i = self.export(v, 0);
            self.deliver(i).unwrap();
        }
        for v in 1..self.nodes.len() {
            let i = self.export(0, v);
            self.deliver(i).unwrap();
        }
    }
}

/// The store's digest of each archive: logical content only, so equal digests mean equal
/// archives whatever order their ops arrived in.
fn digests(sim: &Sim) -> Vec<String> {
    sim.nodes
        .iter()
        .map(|n| dossier_store::digest::digest(n.archive.conn()).unwrap())
        .collect()
}

fn op_ids(n: &Node) -> Vec<String> {
    let mut v: Vec<String> = oplog::all_ops(n.archive.conn())
        .unwrap()
        .into_iter()
        .map(|o| o.op_id)
        .collect();
    v.sort();
    v
}

fn count(n: &Node, table: &str) -> i64 {
    n.archive
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn a_bundle_imports_once_and_again_changes_nothing() {
    let mut sim = Sim::new(&["330723101"], &[]);
    for i in 0..4 {
        sim.edit(1, i, i, 1);
    }
    let b = sim.export(1, 0);
    let r = sim.deliver(b).unwrap();
    assert_eq!(
        (r.new, r.already_had, r.chain.clone()),
        (4, 0, ChainCheck::Ok)
    );
    let before = (digests(&sim), count(&sim.nodes[0], "ops"));
    let again = sim.deliver(b).unwrap();
    assert_eq!(again.chain, ChainCheck::Replay);
    assert!(
        again
            .to_string()
            .contains("imported before; nothing changes")
    );
    assert_eq!(again.new, 0);
    assert_eq!((digests(&sim), count(&sim.nodes[0], "ops")), before);
    assert_eq!(op_ids(&sim.nodes[0]), op_ids(&sim.nodes[1]));
    // And back: the village's manifest said what it holds, so the office sends none of it.
    let back = sim.export(0, 1);
    let r = sim.deliver(back).unwrap();
    assert_eq!((r.new, r.already_had), (0, 0));
    assert_eq!(digests(&sim)[0], digests(&sim)[1]);
}

#[test]
fn export_sends_only_what_the_recipient_has_not_acknowledged() {
    let mut sim = Sim::new(&["330723101"], &[]);
    sim.edit(1, 0, 0, 0);
    sim.edit(1, 0, 0, 0);
    let b = sim.export(1, 0);
    sim.deliver(b).unwrap();
    // The village learns the office's acknowledgement from the office's next bundle.
    let back = sim.export(0, 1);
    sim.deliver(back).unwrap();
    sim.edit(1, 1, 1, 7);
    let b = sim.export(1, 0);
    let r = sim.deliver(b).unwrap();
    assert_eq!((r.new, r.already_had), (1, 0));
}

#[test]
fn a_refused_bundle_leaves_the_archive_untouched() {
    let mut sim = Sim::new(&["330723101", "330723102"], &[]);
    sim.edit(1, 0, 0, 0);
    sim.round();
    // Village 2 forges an edit of village 1's subject straight into its own log.
    let subject = sim.editable(1)[0].clone();
    oplog::write(
        sim.nodes[2].archive.conn_mut(),
        T0 + 99_000,
        None,
        vec![Change {
            op_id: "op-forged".into(),
            entity: Entity::Subject,
            entity_id: subject,
            fields: [("phone".to_owned(), json!("x"))].into_iter().collect(),
        }],
    )
    .unwrap();
    let before = (digests(&sim)[0].clone(), count(&sim.nodes[0], "ops"));
    let chain_before = count(&sim.nodes[0], "sync_chain");
    let b = sim.export(2, 0);
    let e = sim.deliver(b).unwrap_err();
    assert!(
        matches!(e, ImportError::Refused(Refusal::OutOfScope { count: 1 })),
        "{e}"
    );
    assert!(e.to_string().contains("outside the sender's jurisdiction"));
    assert_eq!(
        (digests(&sim)[0].clone(), count(&sim.nodes[0], "ops")),
        before
    );
    assert_eq!(count(&sim.nodes[0], "sync_chain"), chain_before);
}

#[test]
fn a_revoked_device_is_refused_and_the_revocation_travels() {
    let mut sim = Sim::new(&["330723101", "330723101"], &[]);
    let rev = crate::keys::Revocation {
        device_id: sim.nodes[2].keys.device_id.clone(),
        serial: sim.nodes[2].serial,
        at: T0,
    };
    let file = rev.issue(&sim.nodes[0].keys);
    let office = sim.nodes[0].archive.conn();
    crate::state::add_revocation(office, &rev, &file).unwrap();
    sim.edit(2, 0, 0, 0);
    let b = sim.export(2, 0);
    let e = sim.deliver(b).unwrap_err();
    assert!(e.to_string().contains("has been revoked"), "{e}");
    // The office's bundle to village 1 carries the revocation; village 1 refuses too.
    let b = sim.export(0, 1);
    assert_eq!(sim.deliver(b).unwrap().revocations, 1);
    let b = sim.export(2, 1);
    // (Villages do not normally send to each other; the point is the revocation is known.)
    let e = sim.deliver(b).unwrap_err();
    assert!(e.to_string().contains("has been revoked"), "{e}");
}

#[test]
fn the_same_field_edited_on_two_laptops_is_a_listed_conflict() {
    let mut sim = Sim::new(&["330723101", "330723101"], &[0, 5]);
    sim.edit(1, 0, 0, 0);
    sim.round();
    sim.edit(1, 1, 0, 1); // phone on village 1
    sim.edit(2, 1, 0, 2); // phone on village 2, same base
    sim.round();
    sim.round();
    let d = digests(&sim);
    assert!(d.iter().all(|x| *x == d[0]), "{d:?}");
    assert_eq!(count(&sim.nodes[0], "sync_conflicts"), 1);
}

#[derive(Debug, Clone)]
enum Action {
    Edit {
        node: usize,
        pick: usize,
        field: usize,
        value: u8,
    },
    Export {
        village: usize,
        up: bool,
    },
    Deliver {
        pick: usize,
    },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0..4usize, any::<usize>(), 0..5usize, any::<u8>())
            .prop_map(|(node, pick, field, value)| Action::Edit { node, pick, field, value }),
        2 => (1..4usize, any::<bool>()).prop_map(|(village, up)| Action::Export { village, up }),
        3 => any::<usize>().prop_map(|pick| Action::Deliver { pick }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_archive_converges_and_no_op_is_lost(
        actions in prop::collection::vec(action(), 1..40),
        skews in prop::collection::vec(-5_000i64..5_000, 3),
    ) {
        // Two laptops in one village and one in another, plus the office.
        let mut sim = Sim::new(&["330723101", "330723101", "330723102"], &skews);
        for a in &actions {
            match *a {
                Action::Edit { node, pick, field, value } => sim.edit(node, pick, field, value),
                Action::Export { village, up } => {
                    if up { sim.export(village, 0); } else { sim.export(0, village); }
                }
                Action::Deliver { pick } if !sim.mailbox.is_empty() => {
                    let i = pick % sim.mailbox.len();
                    // Duplicates, stale bundles and any order: every delivery must import
                    // (possibly as a replay); none may be refused.
                    sim.deliver(i).map_err(|e| TestCaseError::fail(e.to_string()))?;
                }
                Action::Deliver { .. } => {}
            }
        }
        let made: usize = sim.nodes.iter().map(|n| n.next_id as usize).sum();
        // Bundles never delivered are losses; re-exporting covers them.
        sim.round();
        sim.round();
        let d = digests(&sim);
        prop_assert!(d.iter().all(|x| *x == d[0]), "digests differ: {:?}", d);
        let ids = op_ids(&sim.nodes[0]);
        for n in &sim.nodes {
            prop_assert_eq!(&op_ids(n), &ids);
            prop_assert_eq!(count(n, "sync_held"), 0);
        }
        // Every edit that was made (a skipped edit makes no op) is in every archive.
        prop_assert!(ids.len() <= made);
        for n in &sim.nodes {
            for i in 1..=n.next_id {
                let id = format!("op-{}-{}", n.keys.device_id, i);
                let written = oplog::all_ops(n.archive.conn()).unwrap().iter().any(|o| o.op_id == id);
                prop_assert!(!written || ids.contains(&id), "{} lost", id);
            }
        }
    }
}

/// A bundle of a few thousand ops goes through whole, and importing it again adds nothing.
/// (What it costs is for `cargo xtask bench`, never a test.)
#[test]
fn a_large_bundle_round_trips() {
    let mut sim = Sim::new(&["330723101"], &[]);
    let n = 2_000;
    let changes: Vec<Change> = (0..n)
        .map(|i| Change {
            op_id: format!("op-m-{i}"),
            entity: Entity::Subject,
            entity_id: format!("subj-m-{}", i / 4),
            fields: [
                ("name".to_owned(), json!(format!("Test {i}"))),
                ("jurisdiction".to_owned(), json!("330723101001")),
                ("phone".to_owned(), json!(format!("1380000{i:04}"))),
            ]
            .into_iter()
            .collect(),
        })
        .collect();
    oplog::write(sim.nodes[1].archive.conn_mut(), T0, None, changes).unwrap();
    let b = sim.export(1, 0);
    let r = sim.deliver(b).unwrap();
    let again = sim.deliver(b).unwrap();
    assert_eq!((r.new, again.new), (n, 0));
}

impl Sim {
    /// A bundle from `from` to `to` holding exactly `ops`, as link `seq` after `prev`.
    fn custom(
        &mut self,
        from: usize,
        to: usize,
        ops: Vec<Op>,
        seq: u64,
        prev: Option<String>,
    ) -> (usize, String) {
        let recipient: age::x25519::Recipient =
            self.nodes[to].keys.age_recipient().parse().unwrap();
        let mut manifest = crate::testkit::draft(
            &self.nodes[from].keys.device_id,
            self.nodes[from].serial,
            &self.nodes[to].keys,
            seq,
            prev,
        );
        manifest.created_hlc.ms = self.now;
        let n = &self.nodes[from];
        let written = write_bundle(
            BundleInput {
                manifest,
                ops,
                attachments: vec![],
                certificate: n.cert.clone(),
                certificates: vec![],
                revocations: vec![],
            },
            &n.keys,
            &recipient,
        )
        .unwrap();
        self.mailbox.push((to, written.bytes));
        (self.mailbox.len() - 1, written.manifest_hash)
    }
}

#[test]
fn ops_beyond_a_gap_wait_outside_the_log_until_it_is_filled() {
    let mut sim = Sim::new(&["330723101"], &[]);
    for i in 0..4 {
        sim.edit(1, i, i, 3);
    }
    let ops = oplog::all_ops(sim.nodes[1].archive.conn()).unwrap();
    let (late, h1) = sim.custom(1, 0, ops[2..].to_vec(), 1, None);
    let r = sim.deliver(late).unwrap();
    assert_eq!((r.new, r.held), (0, 2));
    assert_eq!(
        (
            count(&sim.nodes[0], "ops"),
            count(&sim.nodes[0], "sync_held")
        ),
        (0, 2)
    );
    // Held ops live outside the log, so the store's own check still finds it whole.
    let report = dossier_store::check::check(sim.nodes[0].archive.conn_mut()).unwrap();
    assert!(report.problems.is_empty(), "{report:?}");
    let (early, _) = sim.custom(1, 0, ops[..2].to_vec(), 2, Some(h1));
    let r = sim.deliver(early).unwrap();
    assert_eq!((r.new, r.released, r.held), (4, 2, 0));
    assert_eq!(
        (
            count(&sim.nodes[0], "ops"),
            count(&sim.nodes[0], "sync_held")
        ),
        (4, 0)
    );
    assert_eq!(digests(&sim)[0], digests(&sim)[1]);
}

#[test]
fn a_changed_copy_of_a_known_op_is_a_tamper_alarm() {
    let mut sim = Sim::new(&["330723101"], &[]);
    sim.edit(1, 0, 0, 0);
    let b = sim.export(1, 0);
    sim.deliver(b).unwrap();
    let before = (digests(&sim)[0].clone(), count(&sim.nodes[0], "sync_chain"));
    let mut ops = oplog::all_ops(sim.nodes[1].archive.conn()).unwrap();
    ops[0].fields.insert("name".into(), json!("Altered"));
    let (forged, _) = sim.custom(1, 0, ops, 5, Some("0".repeat(64)));
    let e = sim.deliver(forged).unwrap_err();
    assert!(
        matches!(e, ImportError::Refused(Refusal::Tamper { count: 1 })),
        "{e}"
    );
    assert_eq!(
        (digests(&sim)[0].clone(), count(&sim.nodes[0], "sync_chain")),
        before
    );
}

#[test]
fn a_clock_far_in_the_future_is_imported_and_flagged() {
    let mut sim = Sim::new(&["330723101"], &[]);
    sim.nodes[1].skew = 30 * 24 * 60 * 60 * 1000;
    sim.edit(1, 0, 0, 0);
    let b = sim.export(1, 0);
    let r = sim.deliver(b).unwrap();
    assert_eq!((r.new, r.future_clock.len()), (1, 1));
    assert!(r.to_string().contains("far in the future"));
    assert_eq!(count(&sim.nodes[0], "sync_flags"), 1);
    // The office's own clock was not dragged a month ahead.
    let hlc: String = sim.nodes[0]
        .archive
        .conn()
        .query_row("SELECT hlc FROM local_device", [], |r| r.get(0))
        .unwrap();
    assert!(hlc.parse::<Hlc>().unwrap().ms < sim.now + 60_000);
}

#[test]
fn attachments_travel_by_hash_with_the_ops_that_describe_them() {
    let mut sim = Sim::new(&["330723101"], &[]);
    let bytes = b"synthetic scan bytes".to_vec();
    let conn = sim.nodes[1].archive.conn_mut();
    let (sha, _) = dossier_store::blob::put(conn, &bytes).unwrap();
    oplog::write(
        conn,
        T0 + 1,
        None,
        vec![Change {
            op_id: "op-att-1".into(),
            entity: Entity::Attachment,
            entity_id: sha.clone(),
            fields: [
                ("mime".to_owned(), json!("image/png")),
                ("size".to_owned(), json!(bytes.len())),
            ]
            .into_iter()
            .collect(),
        }],
    )
    .unwrap();
    let b = sim.export(1, 0);
    let r = sim.deliver(b).unwrap();
    assert_eq!((r.new, r.attachments), (1, 1));
    let office = sim.nodes[0].archive.conn();
    assert_eq!(dossier_store::blob::get(office, &sha).unwrap(), Some(bytes));
    assert_eq!(dossier_store::blob::missing(office).unwrap(), 0);
    assert_eq!(digests(&sim)[0], digests(&sim)[1]);
}

mod status;
