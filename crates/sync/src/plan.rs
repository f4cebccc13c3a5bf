//! Planning an import: what a checked bundle would do to an archive, decided without I/O.
//!
//! [`plan`] takes the receiver's state (its per-origin high-water marks, which of the
//! bundle's op ids it already has and with what content, its held ops, the sender's chain so
//! far, its revocations, the ops already logged on the entities the bundle touches) and an
//! [`OpenedBundle`], and returns a [`Plan`]: new ops in apply order, ops already had, ops
//! held beyond a gap, tamper alarms, ops outside the sender's scope, ops with clocks far in
//! the future, conflicts, and the chain verdict. [`Plan::refusal`] says whether the bundle
//! must be refused as a whole. Everything the plan needs from the archive is loaded first
//! (see [`crate::apply::load_state`]) or asked through the `lookup` closure, so this module
//! can be tested with plain values and the rules read in one place. What is not here:
//! writing anything, and deciding who may import (an `api` permission).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use dossier_core::op::{Entity, Op};
use serde::Serialize;

use crate::format::OpenedBundle;
use crate::keys::{DeviceRole, KeyError, Revocation};
use crate::manifest::sha256_hex;

/// Clocks more than this far ahead of the receiver's wall clock are flagged.
pub const DEFAULT_MAX_FUTURE_MS: i64 = 24 * 60 * 60 * 1000;

/// One bundle already imported from a sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    pub manifest_hash: String,
    pub prev_manifest_hash: Option<String>,
}

/// What the receiving archive knows, as far as this bundle is concerned.
#[derive(Debug, Clone, Default)]
pub struct ReceiverState {
    /// This archive's own device id.
    pub own_device: String,
    /// The receiver's wall clock, milliseconds since the epoch.
    pub now_ms: i64,
    pub max_future_ms: i64,
    /// Per origin, the highest sequence number up to which every op is in the log.
    pub marks: BTreeMap<String, u64>,
    /// Of the bundle's op ids, those already in the log, with their content hash.
    pub known: BTreeMap<String, String>,
    /// Of the bundle's (origin, seq) pairs, those already in the log, with their op id.
    pub known_slots: BTreeMap<(String, u64), String>,
    /// Every op held (beyond a gap) before this bundle.
    pub held: Vec<Op>,
    /// The sender's bundles imported so far, by chain sequence number.
    pub chain: BTreeMap<u64, ChainLink>,
    pub revocations: Vec<Revocation>,
    /// Ops already in the log on each entity the bundle's ops touch.
    pub entity_ops: BTreeMap<(Entity, String), Vec<Op>>,
    /// Origins that were this archive's own device before a restore: their ops are applied
    /// as they come, gaps and all (see `dossier_store::oplog::marks`).
    pub retired: BTreeSet<String>,
}

/// Where a bundle sits in its sender's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ChainCheck {
    /// The next bundle (or the first one seen).
    Ok,
    /// This very bundle was imported before: nothing to do.
    Replay,
    /// Another bundle with this place in the chain, or links that disagree: an alarm.
    Fork,
    /// Earlier bundles never arrived. Harmless: later bundles resend what they held.
    Gap { missing_from: u64, missing_to: u64 },
    /// An older bundle arriving after newer ones; its links agree with the chain.
    Late,
}

/// Two edits of one field from the same base by different devices.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Conflict {
    pub entity: Entity,
    pub entity_id: String,
    pub field: String,
    /// The op whose value the projection shows (higher hlc, then device id, then seq).
    pub winner: String,
    pub loser: String,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub bundle_id: String,
    pub sender: String,
    pub sender_role: DeviceRole,
    pub seq: u64,
    pub manifest_hash: String,
    pub prev_manifest_hash: Option<String>,
    pub chain: ChainCheck,
    /// Problem with the sender's certificate in this archive (revoked, not yet valid).
    pub sender_problem: Option<KeyError>,
    /// The sender is this archive's own device.
    pub from_self: bool,
    /// The device the bundle is addressed to, when that is not this archive's device.
    pub for_another: Option<String>,
    /// Ops to insert and apply, in (origin, seq) order; includes released held ops.
    pub new: Vec<Op>,
    /// How many of `new` were held before this bundle and are now released.
    pub released: usize,
    pub already_had: usize,
    /// Ops of this bundle that wait beyond a gap.
    pub held: Vec<Op>,
    pub tamper: Vec<String>,
    pub out_of_scope: Vec<String>,
    pub future_clock: Vec<String>,
    pub conflicts: Vec<Conflict>,
    /// The receiver's marks after applying.
    pub marks_after: BTreeMap<String, u64>,
    /// Marks moved by the ranges an office's bundle covers, to remember in `sync_covered`.
    pub covered_after: BTreeMap<String, u64>,
}

/// Why a whole bundle is refused. The archive is left untouched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("This bundle was made on this computer; it is for another archive.")]
    FromSelf,
    /// Most often a bundle made for an office archive before that archive was restored from
    /// a backup (the restored archive is a new device). Its chain is the old device's, so
    /// importing it would tangle the two chains; what it carries comes again addressed to
    /// the new device.
    #[error(
        "This bundle was made for another device ({0}), not for this archive; perhaps before this archive was restored from a backup. Nothing was imported: send the other side a bundle from here first, then import the next bundle it makes."
    )]
    ForAnother(String),
    #[error("{0} Do not import this bundle; tell the office.")]
    Sender(KeyError),
    #[error(
        "This bundle conflicts with another bundle from the same device (number {seq} of its series): one of them was copied or altered. Do not import it; tell the office."
    )]
    Fork { seq: u64 },
    #[error(
        "{count} operation(s) in this bundle have the same id as operations already here but different content: the bundle was altered. Do not import it; tell the office."
    )]
    Tamper { count: usize },
    #[error(
        "{count} operation(s) in this bundle are about people outside the sender's jurisdiction, or are rules and decisions only the office may send. Do not import it; tell the office."
    )]
    OutOfScope { count: usize },
}

impl Plan {
    /// The reason this bundle must be refused, if any.
    pub fn refusal(&self) -> Option<Refusal> {
        if self.from_self {
            return Some(Refusal::FromSelf);
        }
        if let Some(device) = &self.for_another {
            return Some(Refusal::ForAnother(device.clone()));
        }
        if let Some(p) = &self.sender_problem {
            return Some(Refusal::Sender(p.clone()));
        }
        if self.chain == ChainCheck::Fork {
            return Some(Refusal::Fork { seq: self.seq });
        }
        if !self.tamper.is_empty() {
            return Some(Refusal::Tamper {
                count: self.tamper.len(),
            });
        }
        if !self.out_of_scope.is_empty() {
            return Some(Refusal::OutOfScope {
                count: self.out_of_scope.len(),
            });
        }
        None
    }
}

/// The content hash an op is compared by: SHA-256 of its canonical JSON.
pub fn op_hash(op: &Op) -> String {
    sha256_hex(&serde_json::to_vec(op).expect("an op serialises"))
}

fn chain_check(state: &ReceiverState, b: &OpenedBundle) -> ChainCheck {
    let m = &b.manifest;
    let links = &state.chain;
    if let Some(have) = links.get(&m.seq) {
        return if have.manifest_hash == b.manifest_hash {
            ChainCheck::Replay
        } else {
            ChainCheck::Fork
        };
    }
    let prev_ok = match (m.seq, &m.prev_manifest_hash) {
        (0, _) | (1, Some(_)) => false,
        (1, None) => true,
        (_, None) => false,
        (s, Some(p)) => links.get(&(s - 1)).is_none_or(|l| l.manifest_hash == *p),
    };
    let next_ok = links
        .get(&(m.seq + 1))
        .is_none_or(|l| l.prev_manifest_hash.as_deref() == Some(&b.manifest_hash));
    if !prev_ok || !next_ok {
        return ChainCheck::Fork;
    }
    match links.keys().next_back() {
        None if m.seq == 1 => ChainCheck::Ok,
        None => ChainCheck::Gap {
            missing_from: 1,
            missing_to: m.seq - 1,
        },
        Some(&top) if m.seq == top + 1 => ChainCheck::Ok,
        Some(&top) if m.seq > top + 1 => ChainCheck::Gap {
            missing_from: top + 1,
            missing_to: m.seq - 1,
        },
        Some(_) => ChainCheck::Late,
    }
}

/// The fields scope is decided by: a subject's or site's jurisdiction, and the links to them.
const SCOPE_FIELDS: [&str; 3] = ["jurisdiction", "subject_id", "site_id"];

/// The value of each scope field on each entity as the bundle's own ops set it (the op with
/// the highest order key wins, as in the projection). Built once per bundle, so asking for
/// a subject's jurisdiction for each of its records costs nothing more.
struct BundleValues<'a>(HashMap<(Entity, &'a str, &'a str), (OrderKey<'a>, &'a str)>);

type OrderKey<'a> = (dossier_core::hlc::Hlc, &'a str, u64);

impl<'a> BundleValues<'a> {
    fn new(ops: &'a [Op]) -> BundleValues<'a> {
        let mut map: HashMap<(Entity, &str, &str), (OrderKey<'a>, &str)> = HashMap::new();
        for o in ops {
            let key = (o.hlc, o.device_id.as_str(), o.device_seq);
            for field in SCOPE_FIELDS {
                let Some((name, v)) = o.fields.get_key_value(field) else {
                    continue;
                };
                let Some(v) = v.as_str() else { continue };
                let slot = map
                    .entry((o.entity, o.entity_id.as_str(), name.as_str()))
                    .or_insert((key, v));
                if key > slot.0 {
                    *slot = (key, v);
                }
            }
        }
        BundleValues(map)
    }

    fn get(&self, entity: Entity, id: &str, field: &str) -> Option<String> {
        self.0
            .get(&(entity, id, field))
            .map(|(_, v)| (*v).to_owned())
    }
}

/// One value an entity's scope field has or may get, and the values it had before.
struct Candidate {
    value: String,
    /// Earlier values, counted only when the op does not set the field itself: a village
    /// may still add to the file of someone transferred away (work done before it heard),
    /// but may not move anyone.
    former: Vec<String>,
}

impl Candidate {
    fn within(&self, prefix: &str) -> bool {
        self.value.starts_with(prefix) || self.former.iter().any(|f| f.starts_with(prefix))
    }
}

/// Every value an entity's scope field may have: what this op sets, what the archive holds
/// (with what it held before), and (when neither says) what the bundle sets. Each of them
/// must be in scope, so a sender can neither write about someone outside its jurisdiction
/// nor move someone out of (or into) it.
fn candidates(
    ops: &BundleValues<'_>,
    this: Option<&Op>,
    entity: Entity,
    id: &str,
    field: &str,
    lookup: &Lookup<'_>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let sets = this
        .and_then(|o| o.fields.get(field))
        .and_then(|v| v.as_str());
    if let Some(v) = sets {
        out.push(Candidate {
            value: v.to_owned(),
            former: Vec::new(),
        });
    }
    let history = lookup(entity, id, field);
    if let Some((now, before)) = history.split_last() {
        out.push(Candidate {
            value: now.clone(),
            former: if sets.is_some() {
                Vec::new()
            } else {
                before.to_vec()
            },
        });
    }
    if out.is_empty()
        && let Some(v) = ops.get(entity, id, field)
    {
        out.push(Candidate {
            value: v,
            former: Vec::new(),
        });
    }
    out
}

/// The archive's values of a field, oldest first (the last is the current one); empty when
/// the archive has never set it. Used for scope.
pub type Lookup<'a> = dyn Fn(Entity, &str, &str) -> Vec<String> + 'a;

/// The jurisdictions an op is about; `None` when it has no jurisdiction at all (an
/// attachment's description, which names no one). An empty list means "cannot tell", which
/// is out of scope.
fn jurisdictions_of(
    ops: &BundleValues<'_>,
    op: &Op,
    lookup: &Lookup<'_>,
) -> Option<Vec<Candidate>> {
    let via_parent = |parent: Entity, link: &str, field: &str| -> Vec<Candidate> {
        candidates(ops, Some(op), op.entity, &op.entity_id, link, lookup)
            .iter()
            .flat_map(|pid| candidates(ops, None, parent, &pid.value, field, lookup))
            .collect()
    };
    Some(match op.entity {
        // A register entry names its own jurisdiction, as a subject does.
        Entity::Subject | Entity::Site | Entity::RegisterEntry => candidates(
            ops,
            Some(op),
            op.entity,
            &op.entity_id,
            "jurisdiction",
            lookup,
        ),
        Entity::Record
        | Entity::Leave
        | Entity::Assessment
        | Entity::LevelChange
        | Entity::Proposal
        | Entity::Decision => via_parent(Entity::Subject, "subject_id", "jurisdiction"),
        // The office's rules and sensitive periods name no jurisdiction of their own; that
        // they come from an office device is checked by the caller.
        Entity::RuleVersion | Entity::SensitivePeriod => return None,
        Entity::Device | Entity::Officer => via_parent(Entity::Site, "site_id", "jurisdiction"),
        Entity::Jurisdiction => vec![Candidate {
            value: op.entity_id.clone(),
            former: Vec::new(),
        }],
        Entity::Attachment => return None,
    })
}

/// Plans the import of `bundle` into an archive in `state`. `lookup(entity, id, field)`
/// gives the archive's text values of a field, oldest first (used for scope).
pub fn plan(state: &ReceiverState, bundle: &OpenedBundle, lookup: &Lookup<'_>) -> Plan {
    let m = &bundle.manifest;
    let cert = &bundle.certificate;
    let mut revocations = state.revocations.clone();
    revocations.extend(bundle.revocations.iter().map(|(r, _)| r.clone()));
    let sender_problem = cert.check_usable(m.created_hlc.ms, &revocations).err();
    let chain = chain_check(state, bundle);

    let mut p = Plan {
        bundle_id: m.bundle_id.clone(),
        sender: m.sender.clone(),
        sender_role: cert.role,
        seq: m.seq,
        manifest_hash: bundle.manifest_hash.clone(),
        prev_manifest_hash: m.prev_manifest_hash.clone(),
        chain,
        sender_problem,
        from_self: m.sender == state.own_device,
        for_another: (m.recipient.device_id != state.own_device)
            .then(|| m.recipient.device_id.clone()),
        new: Vec::new(),
        released: 0,
        already_had: 0,
        held: Vec::new(),
        tamper: Vec::new(),
        out_of_scope: Vec::new(),
        future_clock: Vec::new(),
        conflicts: Vec::new(),
        marks_after: state.marks.clone(),
        covered_after: BTreeMap::new(),
    };
    if p.chain == ChainCheck::Replay {
        p.already_had = bundle.ops.len();
        return p;
    }

    let held_by_id: BTreeMap<&str, &Op> =
        state.held.iter().map(|o| (o.op_id.as_str(), o)).collect();
    let held_by_slot: BTreeMap<(&str, u64), &Op> = state
        .held
        .iter()
        .map(|o| ((o.device_id.as_str(), o.device_seq), o))
        .collect();
    let values = BundleValues::new(&bundle.ops);
    let mut seen_ids = BTreeSet::new();
    let mut fresh: Vec<&Op> = Vec::new();
    for op in &bundle.ops {
        let hash = op_hash(op);
        let slot = (op.device_id.clone(), op.device_seq);
        let tampered = !seen_ids.insert(op.op_id.as_str())
            || state.known.get(&op.op_id).is_some_and(|h| *h != hash)
            || state
                .known_slots
                .get(&slot)
                .is_some_and(|id| *id != op.op_id)
            || held_by_id
                .get(op.op_id.as_str())
                .is_some_and(|h| op_hash(h) != hash)
            || held_by_slot
                .get(&(op.device_id.as_str(), op.device_seq))
                .is_some_and(|h| h.op_id != op.op_id);
        if tampered {
            p.tamper.push(op.op_id.clone());
            continue;
        }
        if state.known.contains_key(&op.op_id) || held_by_id.contains_key(op.op_id.as_str()) {
            p.already_had += 1;
            continue;
        }
        // An op at or below the mark whose slot is empty (a slot filled under another id
        // was caught as tamper above) is one the office withheld before and sends now: a
        // file transferred in arrives with its history. It is new like any other.
        let prefix = &cert.jurisdiction_prefix;
        let in_scope = if op.entity.is_office_only() {
            // The rules, sensitive periods and the office's decisions name no one's
            // jurisdiction; only an office device may send them.
            cert.role == crate::keys::DeviceRole::Office
        } else if op.entity == Entity::Jurisdiction
            && prefix.starts_with(&op.entity_id)
            && !op.entity_id.starts_with(prefix.as_str())
        {
            // A division above the sender's own (its street, its county): every archive
            // names the path to its own division, from the same division list. A sender may
            // restate what this archive holds, never change it.
            op.fields.iter().all(|(f, v)| {
                lookup(Entity::Jurisdiction, &op.entity_id, f)
                    .last()
                    .map(String::as_str)
                    == v.as_str()
            })
        } else {
            match jurisdictions_of(&values, op, lookup) {
                None => true,
                Some(js) => !js.is_empty() && js.iter().all(|j| j.within(prefix)),
            }
        };
        if !in_scope {
            p.out_of_scope.push(op.op_id.clone());
            continue;
        }
        if op.hlc.ms > state.now_ms.saturating_add(state.max_future_ms) {
            p.future_clock.push(op.op_id.clone());
        }
        fresh.push(op);
    }

    // Release what is contiguous from each origin's mark, or inside a range the bundle
    // covers; keep the rest aside. Only an office withholds, so only its claims count, and
    // never about this archive's own operations.
    let covers: BTreeMap<&str, Vec<(u64, u64)>> = if cert.role == DeviceRole::Office {
        let mut c: BTreeMap<&str, Vec<(u64, u64)>> = BTreeMap::new();
        for r in m.covers.iter().filter(|r| r.origin != state.own_device) {
            c.entry(r.origin.as_str())
                .or_default()
                .push((r.from_seq, r.to_seq));
        }
        c.values_mut().for_each(|v| v.sort_unstable());
        c
    } else {
        BTreeMap::new()
    };
    let fresh_ids: BTreeSet<&str> = fresh.iter().map(|o| o.op_id.as_str()).collect();
    let mut by_origin: BTreeMap<&str, BTreeMap<u64, &Op>> = BTreeMap::new();
    for op in fresh.iter().copied().chain(state.held.iter()) {
        by_origin
            .entry(op.device_id.as_str())
            .or_default()
            .insert(op.device_seq, op);
    }
    for origin in covers.keys() {
        by_origin.entry(origin).or_default();
    }
    for (origin, ops) in by_origin {
        let ranges = covers.get(origin).map(Vec::as_slice).unwrap_or_default();
        let extend = |mut mark: u64| {
            for &(from, to) in ranges {
                if from <= mark + 1 && to > mark {
                    mark = to;
                }
            }
            mark
        };
        let before = state.marks.get(origin).copied().unwrap_or(0);
        let retired = state.retired.contains(origin);
        let mut mark = extend(before);
        for (seq, op) in ops {
            mark = extend(mark);
            if seq <= mark || seq == mark + 1 {
                mark = mark.max(seq);
                if !fresh_ids.contains(op.op_id.as_str()) {
                    p.released += 1;
                }
                p.new.push(op.clone());
            } else if retired {
                // This archive's former self: its gaps may never fill (see
                // `oplog::marks`), so nothing of it waits; the mark stays at the gap.
                if !fresh_ids.contains(op.op_id.as_str()) {
                    p.released += 1;
                }
                p.new.push(op.clone());
            } else if fresh_ids.contains(op.op_id.as_str()) {
                p.held.push(op.clone());
            }
        }
        mark = extend(mark);
        if mark > 0 {
            p.marks_after.insert(origin.to_owned(), mark);
        }
        if !ranges.is_empty() && mark > before {
            p.covered_after.insert(origin.to_owned(), mark);
        }
    }
    p.conflicts = conflicts(state, &p.new);
    p
}

/// Pairs of ops (at least one of them new) from different devices that set the same field
/// of the same entity from the same base to different values.
fn conflicts(state: &ReceiverState, new: &[Op]) -> Vec<Conflict> {
    let mut out = BTreeSet::new();
    let mut new_by_entity: BTreeMap<(Entity, &str), Vec<&Op>> = BTreeMap::new();
    for op in new {
        new_by_entity
            .entry((op.entity, op.entity_id.as_str()))
            .or_default()
            .push(op);
    }
    for ((entity, id), news) in new_by_entity {
        let logged = state
            .entity_ops
            .get(&(entity, id.to_owned()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let all: Vec<&Op> = logged.iter().chain(news.iter().copied()).collect();
        for (i, a) in news.iter().enumerate() {
            // Each new op against every logged op and every later new op.
            let others = all[..logged.len()]
                .iter()
                .chain(all[logged.len() + i + 1..].iter());
            for &b in others {
                let a: &Op = a;
                if a.device_id == b.device_id || a.base != b.base || a.op_id == b.op_id {
                    continue;
                }
                // The same value written twice (two archives naming one division from the
                // same list) leaves nothing for a person to decide.
                for field in a
                    .fields
                    .iter()
                    .filter(|(f, v)| b.fields.get(*f).is_some_and(|w| w != *v))
                    .map(|(f, _)| f)
                {
                    let (w, l) = if a.order_key() > b.order_key() {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    out.insert(Conflict {
                        entity,
                        entity_id: id.to_owned(),
                        field: field.clone(),
                        winner: w.op_id.clone(),
                        loser: l.op_id.clone(),
                    });
                }
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests;
