//! The planning rules on plain values: no keys, no files, no database.

use std::collections::BTreeMap;

use dossier_core::hlc::Hlc;
use serde_json::json;

use super::*;
use crate::keys::Certificate;
use crate::manifest::{BundleRecipient, Manifest};
use crate::testkit::subject_op;

const NOW: i64 = 1_700_000_000_000;

fn cert(device: &str, prefix: &str) -> Certificate {
    Certificate {
        device_id: device.into(),
        signing_pub: String::new(),
        age_recipient: String::new(),
        jurisdiction_prefix: prefix.into(),
        role: DeviceRole::Village,
        serial: 5,
        valid_from: 0,
    }
}

fn bundle(sender: &str, seq: u64, prev: Option<&str>, hash: &str, ops: Vec<Op>) -> OpenedBundle {
    OpenedBundle {
        manifest: Manifest {
            format_version: 1,
            bundle_id: format!("b{seq}"),
            sender: sender.into(),
            sender_serial: 5,
            recipient: BundleRecipient {
                age_recipient: String::new(),
                device_id: "office".into(),
            },
            created_hlc: Hlc {
                ms: NOW,
                counter: 0,
            },
            ranges: vec![],
            ack: BTreeMap::new(),
            op_count: ops.len() as u64,
            files: BTreeMap::new(),
            attachments: vec![],
            prev_manifest_hash: prev.map(str::to_owned),
            seq,
            covers: vec![],
            imported: BTreeMap::new(),
        },
        manifest_hash: hash.into(),
        certificate: cert(sender, "330723101"),
        ops,
        attachments: BTreeMap::new(),
        certificates: vec![],
        revocations: vec![],
    }
}

fn state() -> ReceiverState {
    ReceiverState {
        own_device: "office".into(),
        now_ms: NOW,
        max_future_ms: DEFAULT_MAX_FUTURE_MS,
        ..Default::default()
    }
}

fn none(_: Entity, _: &str, _: &str) -> Vec<String> {
    Vec::new()
}

fn ops(dev: &str, seqs: impl IntoIterator<Item = u64>) -> Vec<Op> {
    seqs.into_iter()
        .map(|s| subject_op(dev, s, &format!("s-{dev}-{s}"), "330723101001"))
        .collect()
}

fn ids(ops: &[Op]) -> Vec<u64> {
    ops.iter().map(|o| o.device_seq).collect()
}

#[test]
fn fresh_ops_are_new_and_advance_the_mark() {
    let p = plan(
        &state(),
        &bundle("v", 1, None, "h1", ops("v", 1..=3)),
        &none,
    );
    assert_eq!(p.refusal(), None);
    assert_eq!(p.chain, ChainCheck::Ok);
    assert_eq!(ids(&p.new), [1, 2, 3]);
    assert_eq!(p.marks_after["v"], 3);
    assert_eq!((p.already_had, p.held.len()), (0, 0));
}

#[test]
fn known_ops_are_already_had_and_a_changed_one_is_tamper() {
    let b = bundle("v", 1, None, "h2", ops("v", 1..=3));
    let mut s = state();
    s.marks.insert("v".into(), 2);
    for o in &b.ops[..2] {
        s.known.insert(o.op_id.clone(), op_hash(o));
        s.known_slots
            .insert((o.device_id.clone(), o.device_seq), o.op_id.clone());
    }
    let p = plan(&s, &b, &none);
    assert_eq!((p.already_had, ids(&p.new)), (2, vec![3]));

    let mut changed = b.clone();
    changed.ops[0]
        .fields
        .insert("name".into(), json!("Altered"));
    let p = plan(&s, &changed, &none);
    assert_eq!(p.tamper, [changed.ops[0].op_id.clone()]);
    assert!(matches!(p.refusal(), Some(Refusal::Tamper { count: 1 })));

    // Same (origin, seq) under another id is tamper too.
    let mut renamed = b.clone();
    renamed.ops[1].op_id = "op-other".into();
    assert_eq!(plan(&s, &renamed, &none).tamper, ["op-other"]);
}

#[test]
fn ops_beyond_a_gap_are_held_then_released() {
    let p = plan(
        &state(),
        &bundle("v", 1, None, "h1", ops("v", [3, 4])),
        &none,
    );
    assert_eq!((ids(&p.new), ids(&p.held)), (vec![], vec![3, 4]));
    assert!(!p.marks_after.contains_key("v"));

    let mut s = state();
    s.held = p.held.clone();
    s.chain.insert(
        1,
        ChainLink {
            manifest_hash: "h1".into(),
            prev_manifest_hash: None,
        },
    );
    let p = plan(
        &s,
        &bundle("v", 2, Some("h1"), "h2", ops("v", 1..=2)),
        &none,
    );
    assert_eq!(ids(&p.new), [1, 2, 3, 4]);
    assert_eq!(p.released, 2);
    assert_eq!(p.marks_after["v"], 4);
}

#[test]
fn ops_outside_the_senders_jurisdiction_refuse_the_bundle() {
    let mut o = ops("v", 1..=2);
    o[1].fields
        .insert("jurisdiction".into(), json!("330723102001"));
    let p = plan(&state(), &bundle("v", 1, None, "h", o), &none);
    assert_eq!(p.out_of_scope.len(), 1);
    assert!(matches!(
        p.refusal(),
        Some(Refusal::OutOfScope { count: 1 })
    ));

    // An edit that does not name the jurisdiction is judged by the archive's subject.
    let mut edit = subject_op("v", 1, "s-elsewhere", "x");
    edit.fields.remove("jurisdiction");
    let elsewhere = |e: Entity, id: &str, f: &str| {
        (e == Entity::Subject && id == "s-elsewhere" && f == "jurisdiction")
            .then(|| "330723102001".to_owned())
            .into_iter()
            .collect()
    };
    let p = plan(
        &state(),
        &bundle("v", 1, None, "h", vec![edit.clone()]),
        &elsewhere,
    );
    assert_eq!(p.out_of_scope.len(), 1);
    // Nor may a village move someone else's subject into its own jurisdiction.
    let mut steal = edit.clone();
    steal
        .fields
        .insert("jurisdiction".into(), json!("330723101001"));
    let p = plan(
        &state(),
        &bundle("v", 1, None, "h", vec![steal]),
        &elsewhere,
    );
    assert_eq!(p.out_of_scope.len(), 1);
    // With nothing to tell whose it is, it is refused too.
    let p = plan(&state(), &bundle("v", 1, None, "h", vec![edit]), &none);
    assert_eq!(p.out_of_scope.len(), 1);
}

#[test]
fn a_record_takes_its_subjects_jurisdiction() {
    let subject = subject_op("v", 1, "s1", "330723101001");
    let mut record = subject_op("v", 2, "r1", "");
    record.entity = Entity::Record;
    record.fields = [
        ("subject_id".to_owned(), json!("s1")),
        ("kind".to_owned(), json!("talk")),
    ]
    .into_iter()
    .collect();
    let p = plan(
        &state(),
        &bundle("v", 1, None, "h", vec![subject, record.clone()]),
        &none,
    );
    assert_eq!(p.refusal(), None);
    assert_eq!(p.new.len(), 2);
    let elsewhere = |_: Entity, _: &str, f: &str| {
        (f == "jurisdiction")
            .then(|| "3307231020".to_owned())
            .into_iter()
            .collect::<Vec<_>>()
    };
    let mut r = record;
    r.device_seq = 1;
    let p = plan(&state(), &bundle("v", 1, None, "h", vec![r]), &elsewhere);
    assert_eq!(p.out_of_scope.len(), 1);
}

#[test]
fn far_future_clocks_are_flagged_not_refused() {
    let mut o = ops("v", 1..=2);
    o[1].hlc.ms = NOW + 2 * DEFAULT_MAX_FUTURE_MS;
    let p = plan(&state(), &bundle("v", 1, None, "h", o), &none);
    assert_eq!(p.future_clock.len(), 1);
    assert_eq!(p.new.len(), 2);
    assert_eq!(p.refusal(), None);
}

fn link(h: &str, prev: Option<&str>) -> ChainLink {
    ChainLink {
        manifest_hash: h.into(),
        prev_manifest_hash: prev.map(str::to_owned),
    }
}

#[test]
fn the_chain_tells_replays_forks_gaps_and_late_arrivals() {
    let mut s = state();
    s.chain.insert(1, link("h1", None));
    s.chain.insert(2, link("h2", Some("h1")));
    let check = |seq, prev: Option<&str>, hash: &str| {
        plan(&s, &bundle("v", seq, prev, hash, vec![]), &none).chain
    };
    assert_eq!(check(2, Some("h1"), "h2"), ChainCheck::Replay);
    assert_eq!(check(2, Some("h1"), "h2-other"), ChainCheck::Fork);
    assert_eq!(check(3, Some("h2"), "h3"), ChainCheck::Ok);
    assert_eq!(check(3, Some("h-other"), "h3"), ChainCheck::Fork);
    assert_eq!(
        check(6, Some("h5"), "h6"),
        ChainCheck::Gap {
            missing_from: 3,
            missing_to: 5
        }
    );
    assert_eq!(check(1, Some("h0"), "h1x"), ChainCheck::Fork);
    let p = plan(&s, &bundle("v", 2, Some("h1"), "h2-other", vec![]), &none);
    assert!(matches!(p.refusal(), Some(Refusal::Fork { seq: 2 })));

    // A late bundle whose links agree is accepted; one that breaks the next link is not.
    let mut s = state();
    s.chain.insert(1, link("h1", None));
    s.chain.insert(3, link("h3", Some("h2")));
    let late = plan(&s, &bundle("v", 2, Some("h1"), "h2", vec![]), &none).chain;
    assert_eq!(late, ChainCheck::Late);
    let bad = plan(&s, &bundle("v", 2, Some("h1"), "h2x", vec![]), &none).chain;
    assert_eq!(bad, ChainCheck::Fork);
}

#[test]
fn a_revoked_sender_and_our_own_bundles_are_refused() {
    let mut s = state();
    s.revocations.push(Revocation {
        device_id: "v".into(),
        serial: 5,
        at: 0,
    });
    let p = plan(&s, &bundle("v", 1, None, "h", ops("v", 1..=1)), &none);
    assert!(matches!(
        p.refusal(),
        Some(Refusal::Sender(KeyError::Revoked { .. }))
    ));
    let p = plan(&state(), &bundle("office", 1, None, "h", vec![]), &none);
    assert_eq!(p.refusal(), Some(Refusal::FromSelf));
}

#[test]
fn same_field_from_the_same_base_on_two_devices_is_a_conflict() {
    let mut a = subject_op("a", 2, "s1", "330723101001");
    a.base = Some("op-a-1".into());
    a.fields = [
        ("phone".to_owned(), json!("1")),
        ("name".to_owned(), json!("x")),
    ]
    .into_iter()
    .collect();
    let mut b = a.clone();
    b.device_id = "b".into();
    b.device_seq = 1;
    b.op_id = "op-b-1".into();
    b.hlc.ms += 5;
    b.fields = [("phone".to_owned(), json!("2"))].into_iter().collect();
    let mut s = state();
    s.marks.insert("a".into(), 2);
    s.entity_ops
        .insert((Entity::Subject, "s1".into()), vec![a.clone()]);
    let ours = |_: Entity, _: &str, f: &str| {
        (f == "jurisdiction")
            .then(|| "330723101001".to_owned())
            .into_iter()
            .collect::<Vec<_>>()
    };
    let p = plan(&s, &bundle("b", 1, None, "h", vec![b.clone()]), &ours);
    assert_eq!(p.refusal(), None);
    assert_eq!(
        p.conflicts,
        [Conflict {
            entity: Entity::Subject,
            entity_id: "s1".into(),
            field: "phone".into(),
            winner: b.op_id.clone(),
            loser: a.op_id.clone(),
        }]
    );
    // A different base (b saw a's edit) is no conflict.
    let mut b2 = b;
    b2.base = Some(a.op_id.clone());
    assert!(
        plan(&s, &bundle("b", 1, None, "h", vec![b2]), &ours)
            .conflicts
            .is_empty()
    );
}

#[test]
fn the_same_value_from_the_same_base_is_no_conflict() {
    let a = subject_op("a", 1, "s1", "330723101001");
    let mut b = a.clone();
    b.device_id = "b".into();
    b.op_id = "op-b-1".into();
    b.hlc.ms += 5;
    let mut s = state();
    s.marks.insert("a".into(), 1);
    s.entity_ops
        .insert((Entity::Subject, "s1".into()), vec![a.clone()]);
    let ours = |_: Entity, _: &str, f: &str| {
        (f == "jurisdiction")
            .then(|| "330723101001".to_owned())
            .into_iter()
            .collect::<Vec<_>>()
    };
    let p = plan(&s, &bundle("b", 1, None, "h", vec![b]), &ours);
    assert_eq!(p.refusal(), None);
    assert!(p.conflicts.is_empty(), "{:?}", p.conflicts);
}

/// A village archive names its street and county (the path to its own division); it may
/// restate them as this archive has them, but not change them.
#[test]
fn divisions_above_the_sender_may_be_restated_not_changed() {
    let op = |seq: u64, id: &str, name: &str| {
        let mut o = subject_op("v", seq, id, "x");
        o.entity = Entity::Jurisdiction;
        o.op_id = format!("op-v-{seq}");
        o.fields = [("name".to_owned(), json!(name))].into_iter().collect();
        o
    };
    let ours = |e: Entity, id: &str, f: &str| {
        (e == Entity::Jurisdiction && id == "330723" && f == "name")
            .then(|| "County".to_owned())
            .into_iter()
            .collect()
    };
    let same = vec![op(1, "330723", "County"), op(2, "330723101001", "Village")];
    let p = plan(&state(), &bundle("v", 1, None, "h", same), &ours);
    assert_eq!(p.refusal(), None);
    assert_eq!(p.new.len(), 2);
    let changed = vec![op(1, "330723", "Renamed")];
    let p = plan(&state(), &bundle("v", 1, None, "h", changed), &ours);
    assert_eq!(p.refusal(), Some(Refusal::OutOfScope { count: 1 }));
    // A neighbouring street is not above the sender.
    let other = vec![op(1, "330723102", "Other")];
    let p = plan(&state(), &bundle("v", 1, None, "h", other), &ours);
    assert_eq!(p.refusal(), Some(Refusal::OutOfScope { count: 1 }));
}
