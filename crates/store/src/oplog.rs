//! The op log and the projections it feeds.
//!
//! A local write turns each [`Change`] into an [`Op`] with the next gapless device sequence
//! number and the next hybrid-logical-clock value, appends it to `ops` and applies it to the
//! projected table, all in one transaction. Applying is field-wise last-writer-wins by the
//! op's order key (hlc, device id, device sequence): each projected row keeps, in its `clock`
//! column, the order key of the op that set each field, so ops can be applied in any order
//! and the rows come out the same. That is what lets [`rebuild`] prove the projections are a
//! pure function of the log, and what sync will rely on to converge.

use std::collections::{BTreeMap, BTreeSet};

use dossier_core::hlc::Hlc;
use dossier_core::op::{self, DELETED, Entity, Op, SCHEMA_VERSION};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::Value;

use crate::{Error, Result};

/// A change asked for by a use case: set these fields of one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The id the resulting op gets; made by the caller so ids stay reproducible.
    pub op_id: String,
    pub entity: Entity,
    pub entity_id: String,
    pub fields: BTreeMap<String, Value>,
}

/// The text form of an op's order key; comparing these strings compares the keys.
fn order_text(hlc: Hlc, device_id: &str, device_seq: u64, op_id: &str) -> String {
    format!("{hlc}|{device_id}|{device_seq:020}|{op_id}")
}

/// A row's clock as stored: each distinct order key once (sorted), and per field the index
/// of the key whose value it holds. Rows are mostly written by one op, so this is a fraction
/// of the size of repeating the key for every field, which matters because the clock shares
/// the row's database pages with the data every list reads.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredClock {
    k: Vec<String>,
    f: BTreeMap<String, usize>,
}

/// Reads a stored clock as field → order key. Also reads the first format (a flat map of
/// field → order key), which rows written before schema 2 still hold.
pub(crate) fn read_clock(text: &str) -> Result<BTreeMap<String, String>> {
    let unreadable = || Error::Damaged("a projection clock is unreadable".into());
    if let Ok(c) = serde_json::from_str::<StoredClock>(text) {
        return c
            .f
            .into_iter()
            .map(|(field, i)| {
                c.k.get(i)
                    .map(|k| (field, k.clone()))
                    .ok_or_else(unreadable)
            })
            .collect();
    }
    serde_json::from_str(text).map_err(|_| unreadable())
}

/// Writes a clock in its stored form; the same map always gives the same text.
pub(crate) fn write_clock(map: &BTreeMap<String, String>) -> String {
    let mut k: Vec<String> = map.values().cloned().collect();
    k.sort_unstable();
    k.dedup();
    let f = map
        .iter()
        .map(|(field, key)| {
            let i = k.binary_search(key).expect("every key is listed");
            (field.clone(), i)
        })
        .collect();
    serde_json::to_string(&StoredClock { k, f }).expect("clock serialises")
}

/// The op id the newest field of an entity came from: the base a new edit is made on.
pub fn version(conn: &Connection, entity: Entity, entity_id: &str) -> Result<Option<String>> {
    let clock: Option<String> = conn
        .query_row(
            &format!("SELECT clock FROM {} WHERE id = ?1", entity.table()),
            [entity_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(clock) = clock else { return Ok(None) };
    let map = read_clock(&clock)?;
    Ok(map
        .into_values()
        .max()
        .and_then(|t| t.rsplit('|').next().map(str::to_owned)))
}

/// Appends `changes` as ops made on this device at `now_ms` by `user_id`, in one transaction.
pub fn write(
    conn: &mut Connection,
    now_ms: i64,
    user_id: Option<&str>,
    changes: Vec<Change>,
) -> Result<Vec<Op>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let ops = write_in(&tx, now_ms, user_id, changes)?;
    tx.commit()?;
    Ok(ops)
}

/// As [`write`], inside a transaction the caller owns.
pub fn write_in(
    tx: &Transaction<'_>,
    now_ms: i64,
    user_id: Option<&str>,
    changes: Vec<Change>,
) -> Result<Vec<Op>> {
    let (device_id, mut next_seq, hlc_text): (String, u64, String) = tx.query_row(
        "SELECT device_id, next_seq, hlc FROM local_device WHERE singleton = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mut hlc: Hlc = hlc_text
        .parse()
        .map_err(|_| Error::Damaged("the device clock is unreadable".into()))?;
    let mut ops = Vec::with_capacity(changes.len());
    for change in changes {
        op::check_fields(change.entity, &change.fields)
            .map_err(|e| Error::Refused(e.to_string()))?;
        hlc = hlc.tick(now_ms);
        let op = Op {
            op_id: change.op_id,
            device_id: device_id.clone(),
            device_seq: next_seq,
            hlc,
            user_id: user_id.map(str::to_owned),
            base: version(tx, change.entity, &change.entity_id)?,
            entity: change.entity,
            entity_id: change.entity_id,
            fields: change.fields,
            schema_version: SCHEMA_VERSION,
        };
        next_seq += 1;
        insert(tx, &op)?;
        apply(tx, &op)?;
        ops.push(op);
    }
    tx.execute(
        "UPDATE local_device SET next_seq = ?1, hlc = ?2 WHERE singleton = 1",
        params![next_seq, hlc.to_string()],
    )?;
    audit_change(tx, now_ms, user_id, &ops)?;
    Ok(ops)
}

/// The audit entry of one write: which entity kinds, and the device sequence numbers of its
/// ops (which name them exactly); the subject when every op is about the same one.
fn audit_change(conn: &Connection, now_ms: i64, user_id: Option<&str>, ops: &[Op]) -> Result<()> {
    let (Some(first), Some(last)) = (ops.first(), ops.last()) else {
        return Ok(());
    };
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for op in ops {
        *kinds.entry(op.entity.as_str()).or_default() += 1;
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    let subject_of = |op: &Op| -> Option<String> {
        if op.entity == Entity::Subject {
            Some(op.entity_id.clone())
        } else {
            op.fields
                .get("subject_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        }
    };
    let subject =
        subject_of(first).filter(|s| ops.iter().all(|o| subject_of(o).as_ref() == Some(s)));
    let seqs = if first.device_seq == last.device_seq {
        format!("op {}", first.device_seq)
    } else {
        format!("ops {}–{}", first.device_seq, last.device_seq)
    };
    let detail = format!("{}: {seqs} of device {}", kinds.join(", "), first.device_id);
    crate::audit::append(
        conn,
        &crate::audit::NewEntry {
            at_ms: now_ms,
            officer_id: user_id,
            action: crate::audit::Action::Change,
            subject_id: subject.as_deref(),
            detail: &detail,
        },
    )?;
    Ok(())
}

/// Appends one op to the log (no projection).
pub fn insert(conn: &Connection, op: &Op) -> Result<()> {
    let fields = serde_json::to_string(&op.fields).expect("op fields serialise");
    conn.prepare_cached(
        "INSERT INTO ops (op_id, device_id, device_seq, hlc, user_id, entity, entity_id, base, fields, schema_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        op.op_id,
        op.device_id,
        op.device_seq,
        op.hlc.to_string(),
        op.user_id,
        op.entity.as_str(),
        op.entity_id,
        op.base,
        fields,
        op.schema_version,
    ])?;
    Ok(())
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Bool(b) => V::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(V::Integer)
            .unwrap_or_else(|| V::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => V::Text(s.clone()),
        // check_fields refuses these before they get here; stored as text just in case.
        other => V::Text(other.to_string()),
    }
}

/// Applies one op to its projected table: each field takes the op's value unless a later op
/// (by order key) already set it. A record's `d.<name>` fields are merged into its `data`
/// column one key at a time under the same rule (clock key `d.<name>`); a null value removes
/// the key. `data` is kept canonical (keys sorted), so the order ops arrive in never shows.
pub fn apply(conn: &Connection, op: &Op) -> Result<()> {
    let table = op.entity.table();
    let key = order_text(op.hlc, &op.device_id, op.device_seq, &op.op_id);
    let has_data = op.entity.has_data();
    let select = if has_data {
        format!("SELECT clock, data FROM {table} WHERE id = ?1")
    } else {
        format!("SELECT clock, NULL FROM {table} WHERE id = ?1")
    };
    let existing: Option<(String, Option<String>)> = conn
        .prepare_cached(&select)?
        .query_row([&op.entity_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut map: BTreeMap<String, String> = match &existing {
        Some((c, _)) => read_clock(c)?,
        None => BTreeMap::new(),
    };
    let mut data: BTreeMap<String, Value> = match existing.as_ref().and_then(|e| e.1.as_deref()) {
        Some(d) => serde_json::from_str(d)
            .map_err(|_| Error::Damaged("a record's data is unreadable".into()))?,
        None => BTreeMap::new(),
    };
    let mut data_changed = false;
    let mut cols = Vec::new();
    let mut vals = Vec::new();
    for (field, value) in &op.fields {
        // Only declared fields become column names; anything else never reaches SQL.
        if !op.entity.has_field(field) {
            return Err(Error::Refused(format!("unknown field {field}")));
        }
        if map.get(field).is_some_and(|have| *have >= key) {
            continue;
        }
        map.insert(field.clone(), key.clone());
        if op.entity.is_data_field(field) {
            let name = &field[op::DATA_PREFIX.len()..];
            if value.is_null() {
                data.remove(name);
            } else {
                data.insert(name.to_owned(), value.clone());
            }
            data_changed = true;
            continue;
        }
        cols.push(field.as_str());
        vals.push(if field == DELETED {
            rusqlite::types::Value::Integer(i64::from(value.as_bool().unwrap_or(false)))
        } else {
            to_sql(value)
        });
    }
    if data_changed {
        cols.push("data");
        vals.push(
            serde_json::to_string(&data)
                .expect("data serialises")
                .into(),
        );
    }
    let clock_text = write_clock(&map);
    if existing.is_none() {
        // Column names are quoted: some fields ("from", "to", "on") are SQL keywords.
        let names: String = cols.iter().map(|c| format!(", \"{c}\"")).collect();
        let marks: String = (0..cols.len()).map(|i| format!(", ?{}", i + 3)).collect();
        let sql = format!("INSERT INTO {table} (id, clock{names}) VALUES (?1, ?2{marks})");
        let mut args: Vec<rusqlite::types::Value> =
            vec![op.entity_id.clone().into(), clock_text.into()];
        args.extend(vals);
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args))?;
    } else if !cols.is_empty() {
        let sets: String = cols
            .iter()
            .enumerate()
            .map(|(i, c)| format!(", \"{c}\" = ?{}", i + 3))
            .collect();
        let sql = format!("UPDATE {table} SET clock = ?2{sets} WHERE id = ?1");
        let mut args: Vec<rusqlite::types::Value> =
            vec![op.entity_id.clone().into(), clock_text.into()];
        args.extend(vals);
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(args))?;
    }
    Ok(())
}

const OP_COLUMNS: &str =
    "op_id, device_id, device_seq, hlc, user_id, entity, entity_id, base, fields, schema_version";

/// One `ops` row as stored, before its text columns are parsed.
type OpRow = (
    String,
    String,
    u64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
    u32,
);

fn op_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

fn parse_op(row: OpRow) -> Result<Op> {
    let (op_id, device_id, device_seq, hlc, user_id, entity, entity_id, base, fields, sv) = row;
    let bad = |what: &str| Error::Damaged(format!("an operation in the log has {what}"));
    Ok(Op {
        op_id,
        device_id,
        device_seq,
        hlc: hlc.parse().map_err(|_| bad("an unreadable clock"))?,
        user_id,
        entity: Entity::parse(&entity).ok_or_else(|| bad("an unknown entity"))?,
        entity_id,
        base,
        fields: serde_json::from_str(&fields).map_err(|_| bad("unreadable fields"))?,
        schema_version: sv,
    })
}

/// The ops matching an SQL condition over `ops` (`filter` is fixed text from this module,
/// never user input; values go in `args`).
fn select_ops(conn: &Connection, filter: &str, args: impl rusqlite::Params) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {OP_COLUMNS} FROM ops {filter}"))?;
    let rows: Vec<OpRow> = stmt.query_map(args, op_row)?.collect::<Result<_, _>>()?;
    rows.into_iter().map(parse_op).collect()
}

/// Reads the whole op log, in log order.
pub fn all_ops(conn: &Connection) -> Result<Vec<Op>> {
    select_ops(conn, "ORDER BY rowid", [])
}

/// The op with this id, if the log holds it.
pub fn get(conn: &Connection, op_id: &str) -> Result<Option<Op>> {
    Ok(select_ops(conn, "WHERE op_id = ?1", [op_id])?.pop())
}

/// The id of the op the log holds for one origin device and sequence number.
pub fn op_id_at(conn: &Connection, device_id: &str, device_seq: u64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT op_id FROM ops WHERE device_id = ?1 AND device_seq = ?2")?
        .query_row(params![device_id, device_seq], |r| r.get(0))
        .optional()?)
}

/// Every logged op on one entity, in log order.
pub fn entity_ops(conn: &Connection, entity: Entity, entity_id: &str) -> Result<Vec<Op>> {
    select_ops(
        conn,
        "WHERE entity = ?1 AND entity_id = ?2 ORDER BY rowid",
        params![entity.as_str(), entity_id],
    )
}

/// The ops of one origin device after sequence number `after`, in sequence order: what a
/// peer that holds that origin up to `after` is missing.
pub fn ops_after(conn: &Connection, device_id: &str, after: u64) -> Result<Vec<Op>> {
    select_ops(
        conn,
        "WHERE device_id = ?1 AND device_seq > ?2 ORDER BY device_seq",
        params![device_id, after],
    )
}

/// Per origin device, the high-water mark up to which the archive holds every op of that
/// origin *meant for it*: the larger of the log's highest sequence number and what sync
/// recorded as covered (`sync_covered`). An office's log is gapless per origin (`check`
/// verifies it; sync keeps ops beyond a gap outside the log). A village's may have gaps
/// below its covered mark: the office withholds other villages' files, and says so.
///
/// A *retired* origin (this archive's own device before it was restored from a backup, see
/// [`retire_origin`]) is the exception: its operations after the backup come back from the
/// villages, each with its share, so they are logged as they come, gaps and all, and its
/// mark is where its log stops being gapless. The villages read that mark and keep sending
/// what lies above it until the gaps are filled.
pub fn marks(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    let mut out: BTreeMap<String, u64> = conn
        .prepare_cached("SELECT device_id, max(device_seq) FROM ops GROUP BY device_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for origin in retired_origins(conn)? {
        let seqs: Vec<u64> = conn
            .prepare_cached("SELECT device_seq FROM ops WHERE device_id = ?1 ORDER BY device_seq")?
            .query_map([&origin], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let gapless = seqs.iter().zip(1..).take_while(|(s, n)| **s == *n).count() as u64;
        out.insert(origin, gapless);
    }
    let covered: Vec<(String, u64)> = conn
        .prepare_cached("SELECT origin, seq FROM sync_covered")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (origin, seq) in covered {
        let m = out.entry(origin).or_insert(0);
        *m = (*m).max(seq);
    }
    Ok(out)
}

/// The setting that lists retired origins, comma-separated (local: never synced).
const RETIRED_SETTING: &str = "sync.retired_origins";

/// Origins that were this archive's own device before a restore (see [`marks`]).
pub fn retired_origins(conn: &Connection) -> Result<BTreeSet<String>> {
    let v: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([RETIRED_SETTING], |r| r.get(0))
        .optional()?;
    Ok(v.unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Records that `device_id` was this archive's device and will write nothing more here.
pub fn retire_origin(conn: &Connection, device_id: &str) -> Result<()> {
    let mut all = retired_origins(conn)?;
    all.insert(device_id.to_owned());
    let joined = all.into_iter().collect::<Vec<_>>().join(",");
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![RETIRED_SETTING, joined],
    )?;
    Ok(())
}

/// This device's hybrid logical clock as last stored.
pub fn device_clock(conn: &Connection) -> Result<Hlc> {
    let text: String = conn.query_row(
        "SELECT hlc FROM local_device WHERE singleton = 1",
        [],
        |r| r.get(0),
    )?;
    text.parse()
        .map_err(|_| Error::Damaged("the device clock is unreadable".into()))
}

/// Moves this device's clock past `remote` (a clock seen in ops from elsewhere), so the
/// next local op orders after everything that arrived.
pub fn observe_clock(conn: &Connection, remote: Hlc, now_ms: i64) -> Result<()> {
    let local = device_clock(conn)?;
    conn.execute(
        "UPDATE local_device SET hlc = ?1 WHERE singleton = 1",
        [local.observe(remote, now_ms).to_string()],
    )?;
    Ok(())
}

/// Empties every projected table and replays the whole log into them, in one transaction.
pub fn rebuild(conn: &mut Connection) -> Result<()> {
    let ops = all_ops(conn)?;
    let tx = conn.transaction()?;
    for e in Entity::ALL {
        tx.execute(&format!("DELETE FROM {}", e.table()), [])?;
    }
    for op in &ops {
        apply(&tx, op)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_are_stored_compactly_and_old_ones_still_read() {
        let map: BTreeMap<String, String> = [("name", "k2"), ("phone", "k1"), ("sex", "k2")]
            .into_iter()
            .map(|(f, k)| (f.to_owned(), k.to_owned()))
            .collect();
        let text = write_clock(&map);
        assert_eq!(
            text,
            r#"{"k":["k1","k2"],"f":{"name":1,"phone":0,"sex":1}}"#
        );
        assert_eq!(read_clock(&text).unwrap(), map);
        let old = serde_json::to_string(&map).unwrap();
        assert_eq!(read_clock(&old).unwrap(), map);
        assert!(read_clock("{}").unwrap().is_empty());
        assert!(read_clock(r#"{"k":[],"f":{"name":3}}"#).is_err());
        assert!(read_clock("not json").is_err());
    }
}
