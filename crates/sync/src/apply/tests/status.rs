//! What the status screen reads (peers, gaps) and the progress an import reports, on the
//! simulated office and village of the import tests. Every value is synthetic.

use super::*;
use crate::apply::{PROGRESS_EVERY, Progress, import_bundle_reporting};
use crate::state;

fn deliver_reporting(sim: &mut Sim, i: usize) -> Vec<Progress> {
    let now = sim.tick();
    let (to, bytes) = sim.mailbox[i].clone();
    let node = &mut sim.nodes[to];
    let opened = read_bundle(
        &bytes,
        &node.keys.age_identity(),
        &sim.office_key,
        &Limits::default(),
    )
    .unwrap();
    let mut seen = Vec::new();
    import_bundle_reporting(node.archive.conn_mut(), &opened, now, &mut |p| seen.push(p)).unwrap();
    seen
}

#[test]
fn an_import_reports_progress_every_few_hundred_operations() {
    let mut sim = Sim::new(&["330723101"], &[]);
    let n = 2 * PROGRESS_EVERY + 7;
    let changes: Vec<Change> = (0..n)
        .map(|i| Change {
            op_id: format!("op-p-{i}"),
            entity: Entity::Subject,
            entity_id: format!("subj-p-{i}"),
            fields: [
                ("name".to_owned(), json!(format!("Test {i}"))),
                ("jurisdiction".to_owned(), json!("330723101001")),
            ]
            .into_iter()
            .collect(),
        })
        .collect();
    oplog::write(sim.nodes[1].archive.conn_mut(), T0, None, changes).unwrap();
    let b = sim.export(1, 0);
    let done: Vec<(usize, usize)> = deliver_reporting(&mut sim, b)
        .iter()
        .map(|p| (p.done, p.total))
        .collect();
    assert_eq!(
        done,
        vec![(0, n), (PROGRESS_EVERY, n), (2 * PROGRESS_EVERY, n), (n, n)]
    );
    // A replay writes nothing and reports nothing.
    assert!(deliver_reporting(&mut sim, b).is_empty());
}

#[test]
fn peers_show_what_was_received_sent_and_acknowledged() {
    let mut sim = Sim::new(&["330723101"], &[]);
    let office = sim.nodes[0].keys.device_id.clone();
    let village = sim.nodes[1].keys.device_id.clone();
    assert!(
        state::peers(sim.nodes[0].archive.conn(), &office)
            .unwrap()
            .is_empty()
    );
    for i in 0..3 {
        sim.edit(1, i, i, 3);
    }
    let b = sim.export(1, 0);
    let peers = state::peers(sim.nodes[1].archive.conn(), &village).unwrap();
    assert_eq!(peers.len(), 1);
    let p = &peers[0];
    assert_eq!(p.device_id, office);
    let sent = p.last_sent.as_ref().unwrap();
    assert_eq!((sent.seq, sent.op_count, sent.count), (1, Some(3), 1));
    // Nothing acknowledged yet: the next export would carry all three again.
    assert_eq!((p.acknowledged, p.unacknowledged), (false, 3));

    sim.deliver(b).unwrap();
    let at_office = state::peers(sim.nodes[0].archive.conn(), &office).unwrap();
    let p = &at_office[0];
    assert_eq!(p.device_id, village);
    let got = p.last_received.as_ref().unwrap();
    assert_eq!((got.seq, got.op_count, got.count), (1, Some(3), 1));
    // The village's bundle said it holds its own three ops: the office owes it nothing.
    assert_eq!((p.acknowledged, p.unacknowledged, p.held), (true, 0, 0));

    let back = sim.export(0, 1);
    sim.deliver(back).unwrap();
    let p = &state::peers(sim.nodes[1].archive.conn(), &village).unwrap()[0];
    assert_eq!((p.acknowledged, p.unacknowledged), (true, 0));
    assert!(state::gaps(sim.nodes[1].archive.conn()).unwrap().is_empty());
}

#[test]
fn held_operations_show_as_a_gap_until_it_is_filled() {
    let mut sim = Sim::new(&["330723101"], &[]);
    let office = sim.nodes[0].keys.device_id.clone();
    let village = sim.nodes[1].keys.device_id.clone();
    for i in 0..5 {
        sim.edit(1, i, i, 3);
    }
    let ops = oplog::all_ops(sim.nodes[1].archive.conn()).unwrap();
    let (late, h1) = sim.custom(1, 0, ops[3..].to_vec(), 1, None);
    sim.deliver(late).unwrap();
    let conn = sim.nodes[0].archive.conn();
    assert_eq!(
        state::gaps(conn).unwrap(),
        vec![state::Gap {
            origin: village.clone(),
            missing_from: 1,
            missing_to: 3,
            held: 2
        }]
    );
    assert_eq!(state::peers(conn, &office).unwrap()[0].held, 2);
    let (early, _) = sim.custom(1, 0, ops[..3].to_vec(), 2, Some(h1));
    sim.deliver(early).unwrap();
    let conn = sim.nodes[0].archive.conn();
    assert!(state::gaps(conn).unwrap().is_empty());
    let p = &state::peers(conn, &office).unwrap()[0];
    assert_eq!(p.held, 0);
    assert_eq!(p.last_received.as_ref().unwrap().count, 2);
}
