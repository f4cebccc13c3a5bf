//! The digest: one SHA-256 over an archive's logical content.
//!
//! It covers every projected table, rows in id order and columns in declared order (a
//! record's or register entry's `data` as canonical JSON), the hashes and sizes of the stored attachment bytes, and
//! nothing local: not key slots, settings, the device's own counters, the op log's arrival
//! order or the projection clocks. Two archives holding the same operations (and the same
//! attachment bytes, which travel beside the log) therefore have the same digest whatever
//! order the operations arrived in; that is the check sync is judged by.

use dossier_core::op::{DELETED, Entity};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

use crate::Result;

fn feed(h: &mut Sha256, tag: u8, bytes: &[u8]) {
    h.update([tag]);
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The hex SHA-256 of the archive's logical content.
pub fn digest(conn: &Connection) -> Result<String> {
    let mut h = Sha256::new();
    for entity in Entity::ALL {
        feed(&mut h, b'T', entity.table().as_bytes());
        let mut cols = vec!["id", DELETED];
        cols.extend_from_slice(entity.fields());
        if entity.has_data() {
            // A record's (or register entry's) own fields, as canonical JSON (keys sorted).
            cols.push("data");
        }
        let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
        let sql = format!(
            "SELECT {} FROM {} ORDER BY id",
            quoted.join(", "),
            entity.table()
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            h.update(b"R");
            for i in 0..cols.len() {
                match row.get_ref(i)? {
                    ValueRef::Null => feed(&mut h, b'N', &[]),
                    ValueRef::Integer(v) => feed(&mut h, b'I', &v.to_le_bytes()),
                    ValueRef::Real(v) => feed(&mut h, b'F', &v.to_le_bytes()),
                    ValueRef::Text(t) => feed(&mut h, b'S', t),
                    ValueRef::Blob(b) => feed(&mut h, b'B', b),
                }
            }
        }
    }
    // Attachment bytes by their hash and size: the bytes themselves are covered by the hash.
    feed(&mut h, b'T', b"blobs");
    let mut stmt = conn.prepare("SELECT sha256, length(bytes) FROM blobs ORDER BY sha256")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        h.update(b"R");
        feed(&mut h, b'S', row.get::<_, String>(0)?.as_bytes());
        feed(&mut h, b'I', &row.get::<_, i64>(1)?.to_le_bytes());
    }
    Ok(hex::encode(h.finalize()))
}
