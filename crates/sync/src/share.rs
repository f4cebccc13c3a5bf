//! What an office shares with a village: the operations a village device may receive.
//!
//! A village keeps the files of its own jurisdiction and nothing else, so an office's bundle
//! to a village device carries only what that device's certificate prefix covers:
//!
//! - everything about a subject whose jurisdiction (as the office's archive has it now) lies
//!   inside the prefix: the subject and its records, leaves, assessments, level changes,
//!   proposals and decisions, and the attachments they cite;
//! - of a subject that *was* inside the prefix and has left (transferred away), only the
//!   operations that set its jurisdiction: the old village learns where the person went,
//!   the file drops off its roster, and its history stays where it was;
//! - register entries of the village or of a division above it (the office's meetings);
//! - what names no one: sites, devices, officers, divisions, rules, sensitive periods.
//!
//! The caller may also *withhold* subjects inside the prefix (the api withholds minors,
//! whose files the office keeps to itself unless its rules say otherwise): nothing about
//! them is sent, as if they lived elsewhere and never lived there. A subject no longer
//! withheld (a minor who turns 18) is newly visible and caught up like one transferred in.
//!
//! Operations are selected above the device's acknowledgement, as for any bundle, and the
//! manifest's `covers` says which ranges were filtered, so the village's mark moves past
//! what it was not sent. A subject newly visible to the device (transferred in, or the
//! device newly enrolled) is *caught up*: its whole history goes along, below the
//! acknowledgement too, in every bundle to that device until the device reports (in its
//! manifest's `imported`) that it imported one of them. `sync_shared` remembers which
//! subjects are caught up. What is not here: the village → office direction (a village
//! sends everything it holds; the office checks its scope in [`crate::plan`]), and any
//! sharing between offices.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dossier_core::op::{Entity, Op};
use dossier_store::oplog;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::apply::ImportError;

/// The entities that belong to one subject through their `subject_id`.
const LINKED: [Entity; 6] = [
    Entity::Record,
    Entity::Leave,
    Entity::Assessment,
    Entity::LevelChange,
    Entity::Proposal,
    Entity::Decision,
];

/// What an office shares with one village device.
#[derive(Debug, Clone, Copy)]
pub struct Share<'a> {
    /// The device's jurisdiction prefix, from its certificate.
    pub prefix: &'a str,
    /// Subjects sent nothing about wherever they live (see the module comment).
    pub withheld: &'a BTreeSet<String>,
}

/// What a device with `share`'s prefix receives: the ops it should get from those it
/// has not acknowledged (`pending`) plus the histories it is owed, sorted by origin and
/// sequence. Records newly shared subjects against bundle `seq` of the chain to `peer`.
pub(crate) fn select(
    tx: &Transaction<'_>,
    peer: &str,
    share: &Share<'_>,
    acked: &BTreeMap<String, u64>,
    pending: Vec<Op>,
    seq: u64,
) -> Result<Vec<Op>, ImportError> {
    let mut view = View::load(tx, share)?;
    let mut out: BTreeMap<(String, u64), Op> = BTreeMap::new();
    // A withheld subject never "left" the village either: not even its moves are sent.
    let mut left_cache: HashMap<String, bool> =
        share.withheld.iter().map(|s| (s.clone(), false)).collect();
    let (attachments, pending): (Vec<Op>, Vec<Op>) = pending
        .into_iter()
        .partition(|o| o.entity == Entity::Attachment);
    for op in pending {
        if view.sees(tx, &op, &mut left_cache)? {
            out.insert((op.device_id.clone(), op.device_seq), op);
        }
    }
    // An attachment goes where a visible op cites it. The citing op is nearly always in
    // this bundle too (it is made after the attachment); only the rest are looked up in
    // the log, which reads all of it.
    let cited_here: BTreeSet<String> = out.values().flat_map(cites).collect();
    for op in attachments {
        if cited_here.contains(&op.entity_id) || view.cited(tx, &op.entity_id)? {
            out.insert((op.device_id.clone(), op.device_seq), op);
        }
    }
    let owed = owed(tx, peer, &view, seq)?;
    // Above the device's acknowledgement a visible subject's ops are pending already; only
    // what lies at or below it needs fetching. A device that acknowledged nothing (its
    // first bundle) is owed nothing more.
    let below = |op: &Op| op.device_seq <= acked.get(&op.device_id).copied().unwrap_or(0);
    if acked.values().any(|&a| a > 0) {
        for subject in owed {
            for op in view.history(tx, &subject)? {
                // The device made these itself; it has them.
                if op.device_id != peer && below(&op) {
                    out.insert((op.device_id.clone(), op.device_seq), op);
                }
            }
        }
    }
    Ok(out.into_values().collect())
}

/// The subjects whose whole history goes in this bundle: visible ones not yet confirmed.
fn owed(
    tx: &Transaction<'_>,
    peer: &str,
    view: &View,
    seq: u64,
) -> Result<Vec<String>, ImportError> {
    let own: String = tx.query_row(
        "SELECT device_id FROM local_device WHERE singleton = 1",
        [],
        |r| r.get(0),
    )?;
    let imported: u64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) FROM sync_peer_imported WHERE peer = ?1 AND sender = ?2",
        params![peer, own],
        |r| r.get(0),
    )?;
    let shared: HashMap<String, (u64, bool)> = tx
        .prepare_cached("SELECT subject_id, first_seq, confirmed FROM sync_shared WHERE peer = ?1")?
        .query_map([peer], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for subject in &view.visible {
        match shared.get(subject) {
            Some((_, true)) => {}
            Some((first, false)) if imported >= *first => {
                tx.prepare_cached(
                    "UPDATE sync_shared SET confirmed = 1 WHERE peer = ?1 AND subject_id = ?2",
                )?
                .execute(params![peer, subject])?;
            }
            Some(_) => out.push(subject.clone()),
            None => {
                tx.prepare_cached(
                    "INSERT INTO sync_shared (peer, subject_id, first_seq) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![peer, subject, seq])?;
                out.push(subject.clone());
            }
        }
    }
    // A subject that left and comes back must be caught up again.
    let gone: Vec<&String> = shared
        .keys()
        .filter(|s| !view.visible.contains(*s))
        .collect();
    for s in gone {
        tx.prepare_cached("DELETE FROM sync_shared WHERE peer = ?1 AND subject_id = ?2")?
            .execute(params![peer, s])?;
    }
    Ok(out)
}

/// The office's archive as one device's prefix sees it.
struct View {
    prefix: String,
    /// Subjects whose jurisdiction lies inside the prefix, less the withheld.
    visible: BTreeSet<String>,
    /// Per linked row asked about, its subject (read when first needed: most ops name it).
    owner: HashMap<(Entity, String), Option<String>>,
    /// Register entries' jurisdictions.
    registers: HashMap<String, String>,
    /// Per attachment hash, the entities whose ops cite it; read from the log once, when
    /// the first attachment is asked about.
    citations: Option<HashMap<String, Vec<(Entity, String)>>>,
}

impl View {
    fn load(tx: &Transaction<'_>, share: &Share<'_>) -> Result<View, ImportError> {
        let prefix = share.prefix;
        let visible = tx
            .prepare("SELECT id, jurisdiction FROM subjects")?
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .filter_map(|r| match r {
                Ok((id, Some(j))) if j.starts_with(prefix) && !share.withheld.contains(&id) => {
                    Some(Ok(id))
                }
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
        let registers = tx
            .prepare("SELECT id, coalesce(jurisdiction, '') FROM register_entries")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(View {
            prefix: prefix.to_owned(),
            visible,
            owner: HashMap::new(),
            registers,
            citations: None,
        })
    }

    /// Whether the device should receive `op`.
    fn sees(
        &mut self,
        tx: &Transaction<'_>,
        op: &Op,
        left: &mut HashMap<String, bool>,
    ) -> Result<bool, ImportError> {
        Ok(match op.entity {
            Entity::Subject => {
                self.visible.contains(&op.entity_id)
                    || (op.fields.contains_key("jurisdiction")
                        && self.left(tx, &op.entity_id, left)?)
            }
            e if LINKED.contains(&e) => {
                let named = op.fields.get("subject_id").and_then(|v| v.as_str());
                match named {
                    Some(s) => self.visible.contains(s),
                    None => self.owned_by_visible(tx, e, &op.entity_id)?,
                }
            }
            Entity::RegisterEntry => {
                let j = self
                    .registers
                    .get(&op.entity_id)
                    .map(String::as_str)
                    .or_else(|| op.fields.get("jurisdiction").and_then(|v| v.as_str()))
                    .unwrap_or("");
                !j.is_empty() && (j.starts_with(&self.prefix) || self.prefix.starts_with(j))
            }
            Entity::Attachment => self.cited(tx, &op.entity_id)?,
            _ => true,
        })
    }

    /// Whether a linked row belongs to a visible subject, by the projection.
    fn owned_by_visible(
        &mut self,
        tx: &Transaction<'_>,
        entity: Entity,
        id: &str,
    ) -> Result<bool, ImportError> {
        let key = (entity, id.to_owned());
        if !self.owner.contains_key(&key) {
            let subject: Option<String> = tx
                .prepare_cached(&format!(
                    "SELECT subject_id FROM {} WHERE id = ?1",
                    entity.table()
                ))?
                .query_row([id], |r| r.get(0))
                .optional()?
                .flatten();
            self.owner.insert(key.clone(), subject);
        }
        Ok(self.owner[&key]
            .as_ref()
            .is_some_and(|s| self.visible.contains(s)))
    }

    /// Whether a subject not visible now was inside the prefix at some time.
    fn left(
        &self,
        tx: &Transaction<'_>,
        subject: &str,
        cache: &mut HashMap<String, bool>,
    ) -> Result<bool, ImportError> {
        if let Some(&b) = cache.get(subject) {
            return Ok(b);
        }
        let was = crate::apply::field_history(tx, Entity::Subject, subject, "jurisdiction")?
            .iter()
            .any(|j| j.starts_with(&self.prefix));
        cache.insert(subject.to_owned(), was);
        Ok(was)
    }

    /// Whether an attachment is cited by an op about a visible subject.
    fn cited(&mut self, tx: &Transaction<'_>, hash: &str) -> Result<bool, ImportError> {
        if self.citations.is_none() {
            let mut map: HashMap<String, Vec<(Entity, String)>> = HashMap::new();
            let mut stmt = tx.prepare(
                "SELECT entity, entity_id, fields FROM ops WHERE entity != 'attachment'",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let fields: String = r.get(2)?;
                let hashes = hashes_in(&fields);
                if hashes.is_empty() {
                    continue;
                }
                let Some(entity) = Entity::parse(&r.get::<_, String>(0)?) else {
                    continue;
                };
                let id: String = r.get(1)?;
                for h in hashes {
                    map.entry(h).or_default().push((entity, id.clone()));
                }
            }
            self.citations = Some(map);
        }
        // Copied out: asking whose each citing row is may read the archive (`&mut self`).
        let citing: Vec<(Entity, String)> = self
            .citations
            .as_ref()
            .and_then(|m| m.get(hash))
            .cloned()
            .unwrap_or_default();
        for (entity, id) in citing {
            let seen = match entity {
                Entity::Subject => self.visible.contains(&id),
                e if LINKED.contains(&e) => self.owned_by_visible(tx, e, &id)?,
                _ => false,
            };
            if seen {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Every logged op about `subject`: its own, its linked rows', and the attachments
    /// they cite.
    fn history(&self, tx: &Transaction<'_>, subject: &str) -> Result<Vec<Op>, ImportError> {
        let mut ops = oplog::entity_ops(tx, Entity::Subject, subject)?;
        for e in LINKED {
            let ids: Vec<String> = tx
                .prepare_cached(&format!(
                    "SELECT id FROM {} WHERE subject_id = ?1",
                    e.table()
                ))?
                .query_map([subject], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in ids {
                ops.extend(oplog::entity_ops(tx, e, &id)?);
            }
        }
        let cited: BTreeSet<String> = ops.iter().flat_map(cites).collect();
        for hash in cited {
            ops.extend(oplog::entity_ops(tx, Entity::Attachment, &hash)?);
        }
        Ok(ops)
    }
}

/// The attachments an op cites, wherever in its fields (a comma-separated list in a
/// record, an array of evidence in a proposal).
fn cites(op: &Op) -> Vec<String> {
    hashes_in(&serde_json::to_string(&op.fields).unwrap_or_default())
}

/// The SHA-256 hex digests (attachment names) in a text: runs of exactly 64 lower-case hex
/// characters.
fn hashes_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = 0usize;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() || (b'a'..=b'f').contains(&b) {
            run += 1;
            continue;
        }
        if run == 64 {
            out.push(text[i - 64..i].to_owned());
        }
        run = 0;
    }
    if run == 64 {
        out.push(text[bytes.len() - 64..].to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_are_found_in_field_text() {
        let h = "ab".repeat(32);
        let longer = "a".repeat(65);
        let text = format!(
            r#"{{"evidence":"{h},{h}","x":"{longer}","y":"{}"}}"#,
            &h[..63]
        );
        assert_eq!(super::hashes_in(&text), [h.clone(), h]);
        assert!(super::hashes_in("").is_empty());
    }
}
