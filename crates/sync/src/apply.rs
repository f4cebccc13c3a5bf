//! Importing a checked bundle into an archive, and exporting one from it.
//!
//! [`import_bundle`] runs in one immediate transaction: load what the plan needs
//! ([`load_state`]), [`plan`](crate::plan::plan) it, refuse the whole bundle if the plan says
//! so (nothing has been written yet, and the transaction is dropped), otherwise [`apply`]
//! it: insert and apply each new op through `dossier_store::oplog`, keep held ops aside,
//! remember the chain link, the sender's acknowledgement vector, carried certificates and
//! revocations, conflicts and clock flags, store carried attachment bytes in the store's
//! blob table, and move the local clock past what arrived.
//! [`export`] selects every op the recipient has not acknowledged, with the attachments
//! those ops describe, and records the bundle in the sender's own chain.
//!
//! The sync state lives in the store's local-only `sync_*` tables (migration 0004); nothing
//! in them is part of the digest. Ops are read through `dossier_store::oplog`. What is not
//! here: reading or decrypting files (see [`crate::format`](mod@crate::format)), where keys
//! and trust come from (see [`crate::state`]), and permissions (`dossier-api`).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use dossier_core::hlc::Hlc;
use dossier_core::op::{Entity, Op};
use dossier_store::oplog;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::format::{BundleError, BundleInput, OpenedBundle, WrittenBundle, write_bundle};
use crate::keys::{DeviceKeys, DeviceRole, KeyError, Revocation, SignedFile};
use crate::manifest::{BundleRecipient, Manifest, OpRange};
use crate::plan::{self, ChainCheck, ChainLink, Conflict, Plan, ReceiverState, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Refused(Refusal),
    #[error("{0}")]
    Bundle(#[from] BundleError),
    #[error("the archive could not be updated: {0}")]
    Store(#[from] dossier_store::Error),
    #[error("the archive could not be updated: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Key(KeyError),
}

/// What an import did (or, from [`preview`], would do). Counts and ids only: no personal
/// data, so it can be printed and logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub bundle_id: String,
    pub sender: String,
    pub seq: u64,
    pub chain: ChainCheck,
    pub new: usize,
    pub released: usize,
    pub already_had: usize,
    pub held: usize,
    pub conflicts: Vec<Conflict>,
    pub future_clock: Vec<String>,
    pub certificates: usize,
    pub revocations: usize,
    pub attachments: usize,
}

impl ImportReport {
    fn of(plan: &Plan, bundle: &OpenedBundle) -> ImportReport {
        ImportReport {
            bundle_id: plan.bundle_id.clone(),
            sender: plan.sender.clone(),
            seq: plan.seq,
            chain: plan.chain.clone(),
            new: plan.new.len(),
            released: plan.released,
            already_had: plan.already_had,
            held: plan.held.len(),
            conflicts: plan.conflicts.clone(),
            future_clock: plan.future_clock.clone(),
            certificates: bundle.certificates.len(),
            revocations: bundle.revocations.len(),
            attachments: bundle.attachments.len(),
        }
    }
}

/// The lines `dossier import` / `dossier verify` print: counts in plain words.
impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "Bundle {} from device {} (number {} of its series).",
            self.bundle_id, self.sender, self.seq
        )?;
        match &self.chain {
            ChainCheck::Replay => {
                return writeln!(f, "This bundle was imported before; nothing changes.");
            }
            ChainCheck::Gap {
                missing_from,
                missing_to,
            } => writeln!(
                f,
                "Bundles {missing_from} to {missing_to} from this device never arrived; that is harmless, this one carries what they held."
            )?,
            ChainCheck::Late => writeln!(f, "This is an older bundle arriving late.")?,
            ChainCheck::Ok | ChainCheck::Fork => {}
        }
        writeln!(f, "New operations: {}", self.new)?;
        if self.released > 0 {
            writeln!(
                f,
                "  of which {} were waiting for this bundle",
                self.released
            )?;
        }
        writeln!(f, "Already here: {}", self.already_had)?;
        writeln!(
            f,
            "Held back until earlier operations arrive: {}",
            self.held
        )?;
        writeln!(
            f,
            "Conflicts to look at (both versions kept): {}",
            self.conflicts.len()
        )?;
        if !self.future_clock.is_empty() {
            writeln!(
                f,
                "Operations dated far in the future (imported, flagged; check that laptop's clock): {}",
                self.future_clock.len()
            )?;
        }
        Ok(())
    }
}

/// The text value of `field` on an entity as the op log has it: the value of the op with
/// the highest order key that set it. Read from the log, not the projection, so it does
/// not depend on which projected columns this schema version has.
pub fn field_in_log(
    conn: &Connection,
    entity: Entity,
    id: &str,
    field: &str,
) -> Result<Option<String>, ImportError> {
    Ok(field_history(conn, entity, id, field)?.pop())
}

/// Every text value `field` has had on an entity in the log, oldest first by order key.
pub fn field_history(
    conn: &Connection,
    entity: Entity,
    id: &str,
    field: &str,
) -> Result<Vec<String>, ImportError> {
    Ok(history_in(&oplog::entity_ops(conn, entity, id)?, field))
}

/// [`field_history`] over ops already read.
fn history_in(ops: &[Op], field: &str) -> Vec<String> {
    let mut set: Vec<_> = ops
        .iter()
        .filter_map(|o| Some((o.order_key(), o.fields.get(field)?.as_str()?)))
        .collect();
    set.sort_by(|a, b| a.0.cmp(&b.0));
    set.into_iter().map(|(_, v)| v.to_owned()).collect()
}

fn held_ops(conn: &Connection) -> Result<Vec<Op>, ImportError> {
    let bodies: Vec<String> = conn
        .prepare_cached("SELECT body FROM sync_held ORDER BY device_id, device_seq")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    bodies
        .iter()
        .map(|b| {
            serde_json::from_str(b).map_err(|_| {
                dossier_store::Error::Damaged("a held operation is unreadable".into()).into()
            })
        })
        .collect()
}

/// The revocations this archive knows.
pub fn revocations(conn: &Connection) -> Result<Vec<Revocation>, ImportError> {
    let rows: Vec<(String, u64, i64)> = conn
        .prepare_cached("SELECT device_id, serial, at FROM sync_revocations")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    Ok(rows
        .into_iter()
        .map(|(device_id, serial, at)| Revocation {
            device_id,
            serial,
            at,
        })
        .collect())
}

/// Loads what [`plan::plan`] needs to know about this archive for this bundle.
pub fn load_state(
    conn: &Connection,
    bundle: &OpenedBundle,
    now_ms: i64,
) -> Result<ReceiverState, ImportError> {
    let own_device: String = conn.query_row(
        "SELECT device_id FROM local_device WHERE singleton = 1",
        [],
        |r| r.get(0),
    )?;
    let chain: BTreeMap<u64, ChainLink> = conn
        .prepare_cached(
            "SELECT seq, manifest_hash, prev_manifest_hash FROM sync_chain WHERE sender = ?1",
        )?
        .query_map([&bundle.manifest.sender], |r| {
            Ok((
                r.get::<_, u64>(0)?,
                ChainLink {
                    manifest_hash: r.get(1)?,
                    prev_manifest_hash: r.get(2)?,
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let base = ReceiverState {
        own_device,
        now_ms,
        max_future_ms: plan::DEFAULT_MAX_FUTURE_MS,
        chain,
        revocations: revocations(conn)?,
        ..Default::default()
    };
    // A replay needs nothing else: the plan stops at the chain check.
    let m = &bundle.manifest;
    if base
        .chain
        .get(&m.seq)
        .is_some_and(|l| l.manifest_hash == bundle.manifest_hash)
    {
        return Ok(base);
    }
    let marks = oplog::marks(conn)?;
    let retired = oplog::retired_origins(conn)?;
    let mut known = BTreeMap::new();
    let mut known_slots = BTreeMap::new();
    let mut entities = BTreeSet::new();
    // Ids are unique across origins, so an op this archive holds is found by its id
    // whatever its slot; but most ops of a bundle are new, and asking for each costs a
    // query. An op whose id is in the log sits at or below its origin's mark (each
    // origin's log is gapless), so only those are asked for: first by slot, then by id for
    // the rare op whose id the log holds under another origin (a tampered copy).
    let mut above_mark = Vec::new();
    for op in &bundle.ops {
        let mark = marks.get(&op.device_id).copied().unwrap_or(0);
        if op.device_seq <= mark {
            if let Some(have) = oplog::get(conn, &op.op_id)? {
                known.insert(have.op_id.clone(), plan::op_hash(&have));
            }
            if let Some(id) = oplog::op_id_at(conn, &op.device_id, op.device_seq)? {
                known_slots.insert((op.device_id.clone(), op.device_seq), id);
            }
        } else {
            above_mark.push(op.op_id.as_str());
        }
        entities.insert((op.entity, op.entity_id.clone()));
    }
    for chunk in above_mark.chunks(500) {
        let marks_sql = vec!["?"; chunk.len()].join(",");
        let found: Vec<String> = conn
            .prepare(&format!(
                "SELECT op_id FROM ops WHERE op_id IN ({marks_sql})"
            ))?
            .query_map(rusqlite::params_from_iter(chunk.iter()), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for id in found {
            if let Some(have) = oplog::get(conn, &id)? {
                known.insert(have.op_id.clone(), plan::op_hash(&have));
            }
        }
    }
    let held = held_ops(conn)?;
    entities.extend(held.iter().map(|o| (o.entity, o.entity_id.clone())));
    // Conflicts need the logged ops of each entity the bundle touches; most are new to
    // this archive, so first ask in batches which ones the log has at all.
    let all: Vec<(Entity, String)> = entities.into_iter().collect();
    let mut entity_ops = BTreeMap::new();
    for chunk in all.chunks(400) {
        let rows = vec!["(?,?)"; chunk.len()].join(",");
        let args: Vec<&str> = chunk
            .iter()
            .flat_map(|(e, id)| [e.as_str(), id.as_str()])
            .collect();
        let logged: BTreeSet<(String, String)> = conn
            .prepare(&format!(
                "SELECT DISTINCT entity, entity_id FROM ops WHERE (entity, entity_id) IN (VALUES {rows})"
            ))?
            .query_map(rusqlite::params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (entity, id) in chunk {
            let ops = if logged.contains(&(entity.as_str().to_owned(), id.clone())) {
                oplog::entity_ops(conn, *entity, id)?
            } else {
                Vec::new()
            };
            entity_ops.insert((*entity, id.clone()), ops);
        }
    }
    Ok(ReceiverState {
        marks,
        retired,
        known,
        known_slots,
        held,
        entity_ops,
        ..base
    })
}

fn plan_in(conn: &Connection, bundle: &OpenedBundle, now_ms: i64) -> Result<Plan, ImportError> {
    let state = load_state(conn, bundle, now_ms)?;
    // Nothing is written while planning, so each answer is read from the log once: a
    // subject's jurisdiction is asked for every record of it in the bundle.
    let cache: RefCell<HashMap<(Entity, String, String), Vec<String>>> = RefCell::default();
    let lookup = |e: Entity, id: &str, f: &str| {
        let key = (e, id.to_owned(), f.to_owned());
        if let Some(v) = cache.borrow().get(&key) {
            return v.clone();
        }
        // The log's ops on every entity the bundle touches were read with the state; only
        // the others (a record's subject, when the bundle holds only the record) are asked.
        let v = match state.entity_ops.get(&(e, id.to_owned())) {
            Some(ops) => history_in(ops, f),
            None => field_history(conn, e, id, f).unwrap_or_default(),
        };
        cache.borrow_mut().insert(key, v.clone());
        v
    };
    Ok(plan::plan(&state, bundle, &lookup))
}

/// What importing `bundle` would do, without changing the archive.
pub fn preview(
    conn: &mut Connection,
    bundle: &OpenedBundle,
    now_ms: i64,
) -> Result<(Plan, ImportReport), ImportError> {
    // A read transaction, so the plan sees one consistent state; nothing is written.
    let tx = conn.transaction()?;
    let plan = plan_in(&tx, bundle, now_ms)?;
    let report = ImportReport::of(&plan, bundle);
    Ok((plan, report))
}

/// How far an import has got: `done` of the `total` new operations written. Reported once
/// the bundle is planned (0 of total), then every [`PROGRESS_EVERY`] operations, then at the
/// end; the commit that follows the last report is quick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// How many operations an import writes between two progress reports: a bar still moves on
/// a bundle of a few thousand, and reporting costs nothing beside writing that many.
pub const PROGRESS_EVERY: usize = 500;

/// Imports a checked bundle in one transaction, or refuses it and changes nothing.
pub fn import_bundle(
    conn: &mut Connection,
    bundle: &OpenedBundle,
    now_ms: i64,
) -> Result<ImportReport, ImportError> {
    import_bundle_reporting(conn, bundle, now_ms, &mut |_| {})
}

/// [`import_bundle`], telling `progress` how far it has got (see [`Progress`]).
pub fn import_bundle_reporting(
    conn: &mut Connection,
    bundle: &OpenedBundle,
    now_ms: i64,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, ImportError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let plan = plan_in(&tx, bundle, now_ms)?;
    if let Some(r) = plan.refusal() {
        return Err(ImportError::Refused(r));
    }
    let report = apply_reporting(&tx, &plan, bundle, now_ms, progress)?;
    tx.commit()?;
    Ok(report)
}

/// Keeps the certificates and revocations a refused bundle carried (the reader checked them
/// against the office key), and nothing else. For a bundle addressed to this office's
/// former device (see [`crate::state::restart_office`]): it may be how a restored office
/// learns of a village enrolled, or a device revoked, after its backup was made.
pub fn keep_office_files(conn: &mut Connection, bundle: &OpenedBundle) -> Result<(), ImportError> {
    let tx = conn.transaction()?;
    keep_signed_files(&tx, bundle)?;
    tx.commit()?;
    Ok(())
}

/// Stores the certificates and revocations a bundle carries (checked by the reader).
fn keep_signed_files(conn: &Connection, bundle: &OpenedBundle) -> Result<(), ImportError> {
    for (c, file) in &bundle.certificates {
        crate::state::add_certificate(conn, c, file)?;
    }
    for (r, file) in &bundle.revocations {
        crate::state::add_revocation(conn, r, file)?;
    }
    Ok(())
}

/// Writes a plan that has no refusal. The caller owns the transaction.
pub fn apply(
    tx: &Transaction<'_>,
    plan: &Plan,
    bundle: &OpenedBundle,
    now_ms: i64,
) -> Result<ImportReport, ImportError> {
    apply_reporting(tx, plan, bundle, now_ms, &mut |_| {})
}

/// [`apply`], telling `progress` how far it has got (see [`Progress`]).
pub fn apply_reporting(
    tx: &Transaction<'_>,
    plan: &Plan,
    bundle: &OpenedBundle,
    now_ms: i64,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport, ImportError> {
    if let Some(r) = plan.refusal() {
        return Err(ImportError::Refused(r));
    }
    let report = ImportReport::of(plan, bundle);
    if plan.chain == ChainCheck::Replay {
        return Ok(report);
    }
    let flagged: BTreeSet<&str> = plan.future_clock.iter().map(String::as_str).collect();
    let mut newest: Option<Hlc> = None;
    let any_held: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM sync_held)", [], |r| r.get(0))?;
    let total = plan.new.len();
    progress(Progress { done: 0, total });
    for (i, op) in plan.new.iter().enumerate() {
        if i > 0 && i % PROGRESS_EVERY == 0 {
            progress(Progress { done: i, total });
        }
        oplog::insert(tx, op)?;
        oplog::apply(tx, op)?;
        if any_held {
            tx.prepare_cached("DELETE FROM sync_held WHERE op_id = ?1")?
                .execute([&op.op_id])?;
        }
        // A clock far in the future must not drag this device's clock along with it.
        if !flagged.contains(op.op_id.as_str()) {
            newest = newest.max(Some(op.hlc));
        }
    }
    progress(Progress { done: total, total });
    for op in &plan.held {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO sync_held (op_id, device_id, device_seq, body, bundle_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            op.op_id,
            op.device_id,
            op.device_seq,
            serde_json::to_string(op).expect("serialises"),
            plan.bundle_id
        ])?;
    }
    // The reader checked each attachment against its name, so `put` stores it under it.
    for bytes in bundle.attachments.values() {
        dossier_store::blob::put(tx, bytes)?;
    }
    tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_chain (sender, seq, manifest_hash, prev_manifest_hash, bundle_id, imported_at, op_count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        plan.sender,
        plan.seq,
        plan.manifest_hash,
        plan.prev_manifest_hash,
        plan.bundle_id,
        now_ms,
        bundle.manifest.op_count
    ])?;
    for (origin, seq) in &plan.covered_after {
        tx.prepare_cached(
            "INSERT INTO sync_covered (origin, seq) VALUES (?1, ?2)
             ON CONFLICT (origin) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(params![origin, seq])?;
    }
    for (sender, seq) in &bundle.manifest.imported {
        tx.prepare_cached(
            "INSERT INTO sync_peer_imported (peer, sender, seq) VALUES (?1, ?2, ?3)
             ON CONFLICT (peer, sender) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(params![plan.sender, sender, seq])?;
    }
    for (origin, seq) in &bundle.manifest.ack {
        tx.prepare_cached(
            "INSERT INTO sync_peer_ack (peer, origin, seq) VALUES (?1, ?2, ?3)
             ON CONFLICT (peer, origin) DO UPDATE SET seq = max(seq, excluded.seq)",
        )?
        .execute(params![plan.sender, origin, seq])?;
    }
    keep_signed_files(tx, bundle)?;
    // An office restored from a backup sends from a new device with a newer certificate,
    // which travels among the certificates of its bundles.
    if bundle.certificate.role == DeviceRole::Office
        && let Some((_, file)) = bundle
            .certificates
            .iter()
            .find(|(c, _)| *c == bundle.certificate)
    {
        crate::state::follow_office(tx, &bundle.certificate, file)?;
    }
    for c in &plan.conflicts {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO sync_conflicts (entity, entity_id, field, winner, loser)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            c.entity.as_str(),
            c.entity_id,
            c.field,
            c.winner,
            c.loser
        ])?;
    }
    // A conflict this bundle brings may already be settled by a later write it also
    // brings (or one logged here), and a resolution it brings settles conflicts here.
    if !plan.conflicts.is_empty() || open_conflicts_exist(tx)? {
        crate::state::settle_conflicts(tx)?;
    }
    for id in &plan.future_clock {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO sync_flags (op_id, flag, bundle_id) VALUES (?1, 'future_clock', ?2)",
        )?
        .execute(params![id, plan.bundle_id])?;
    }
    if let Some(remote) = newest {
        oplog::observe_clock(tx, remote, now_ms)?;
    }
    Ok(report)
}

fn open_conflicts_exist(tx: &Transaction<'_>) -> Result<bool, ImportError> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sync_conflicts WHERE resolved_by IS NULL)",
        [],
        |r| r.get(0),
    )?)
}

/// What the sender needs to make a bundle.
#[derive(Debug)]
pub struct ExportFrom<'a> {
    pub keys: &'a DeviceKeys,
    /// The sender's certificate, signed by the office.
    pub certificate: &'a SignedFile,
    pub serial: u64,
}

/// Exports every op `to` has not acknowledged (by the acknowledgement vector it last sent
/// us), with the attachments those ops describe, and the certificates and revocations this
/// archive knows. Records the bundle as the next link of this sender's chain to `to`, so
/// call it inside the transaction whose commit means "the bundle was written".
///
/// `share` is set when an office sends to a village device: the bundle then carries only
/// what [`crate::share`] lets that device see, and says which
/// ranges it covers. `None` sends everything (a village to its office).
pub fn export(
    tx: &Transaction<'_>,
    from: &ExportFrom<'_>,
    to: &BundleRecipient,
    share: Option<&crate::share::Share<'_>>,
    bundle_id: &str,
    now_ms: i64,
) -> Result<WrittenBundle, ImportError> {
    let recipient: age::x25519::Recipient =
        to.age_recipient
            .parse()
            .map_err(|_| BundleError::Malformed {
                detail: "the recipient's key is not an age key".into(),
            })?;
    let acked: BTreeMap<String, u64> = tx
        .prepare_cached("SELECT origin, seq FROM sync_peer_ack WHERE peer = ?1")?
        .query_map([&to.device_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let ours = oplog::marks(tx)?;
    let mut ops = Vec::new();
    let mut covers = Vec::new();
    for (origin, &to_seq) in &ours {
        let from_seq = acked.get(origin).copied().unwrap_or(0);
        ops.extend(oplog::ops_after(tx, origin, from_seq)?);
        if share.is_some() && from_seq < to_seq {
            covers.push(OpRange {
                origin: origin.clone(),
                from_seq: from_seq + 1,
                to_seq,
            });
        }
    }
    let last: Option<(u64, String)> = tx
        .query_row(
            "SELECT seq, manifest_hash FROM sync_sent WHERE recipient = ?1 ORDER BY seq DESC LIMIT 1",
            [&to.device_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let seq = last.as_ref().map_or(1, |l| l.0 + 1);
    if let Some(share) = share {
        ops = crate::share::select(tx, &to.device_id, share, &acked, ops, seq)?;
    }
    let imported: BTreeMap<String, u64> = tx
        .prepare_cached("SELECT sender, max(seq) FROM sync_chain GROUP BY sender")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut attachments = Vec::new();
    for op in ops.iter().filter(|o| o.entity == Entity::Attachment) {
        // An attachment described but not held here travels without its bytes; the store's
        // check counts it as missing on both sides.
        attachments.extend(dossier_store::blob::get(tx, &op.entity_id)?);
    }
    let files = |sql: &str| -> Result<Vec<SignedFile>, ImportError> {
        let texts: Vec<String> = tx
            .prepare_cached(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(texts
            .iter()
            .filter_map(|t| SignedFile::from_bytes(t.as_bytes(), "file").ok())
            .collect())
    };
    let certificates = files("SELECT file FROM sync_certificates ORDER BY device_id, serial")?;
    let revocations = files("SELECT file FROM sync_revocations ORDER BY device_id, serial")?;
    let created_hlc = oplog::device_clock(tx)?.tick(now_ms);
    let manifest = Manifest {
        format_version: 0,
        bundle_id: bundle_id.to_owned(),
        sender: from.keys.device_id.clone(),
        sender_serial: from.serial,
        recipient: to.clone(),
        created_hlc,
        ranges: Vec::new(),
        ack: ours,
        op_count: 0,
        files: BTreeMap::new(),
        attachments: Vec::new(),
        prev_manifest_hash: last.map(|l| l.1),
        seq,
        covers,
        imported,
    };
    let written = write_bundle(
        BundleInput {
            manifest,
            ops,
            attachments,
            certificate: from.certificate.clone(),
            certificates,
            revocations,
        },
        from.keys,
        &recipient,
    )?;
    tx.execute(
        "INSERT INTO sync_sent (recipient, seq, manifest_hash, bundle_id, op_count, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            to.device_id,
            seq,
            written.manifest_hash,
            bundle_id,
            written.manifest.op_count,
            now_ms
        ],
    )?;
    Ok(written)
}

#[cfg(test)]
mod tests;
