//! Attachment bytes, stored by their SHA-256 (content-addressed) inside the encrypted database.
//!
//! Blobs are not operations: the op log carries an attachment's description (an
//! `Attachment` entity whose id is the hash), and the bytes travel beside it. Storing the same
//! bytes twice stores them once. What is deliberately not here: type and size checks (the
//! API decides what may be attached) and deletion (a retention purge, when there is one).

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::Result;

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Stores `bytes` under their hash; returns the hash and whether they were new.
pub fn put(conn: &Connection, bytes: &[u8]) -> Result<(String, bool)> {
    let sha = sha256_hex(bytes);
    let n = conn
        .prepare_cached("INSERT OR IGNORE INTO blobs (sha256, bytes) VALUES (?1, ?2)")?
        .execute(params![sha, bytes])?;
    Ok((sha, n == 1))
}

/// The bytes stored under `sha256`, if this archive holds them.
pub fn get(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM blobs WHERE sha256 = ?1")?
        .query_row([sha256], |r| r.get(0))
        .optional()?)
}

/// Whether the bytes for `sha256` are here.
pub fn has(conn: &Connection, sha256: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1)")?
        .query_row([sha256], |r| r.get(0))?)
}

/// How many stored blobs no longer hash to their name.
pub fn corrupt(conn: &Connection) -> Result<u64> {
    let mut stmt = conn.prepare("SELECT sha256, bytes FROM blobs")?;
    let mut rows = stmt.query([])?;
    let mut bad = 0;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let bytes: Vec<u8> = r.get(1)?;
        if sha256_hex(&bytes) != name {
            bad += 1;
        }
    }
    Ok(bad)
}

/// How many live attachments have no bytes here.
pub fn missing(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM attachments a WHERE a.deleted = 0
         AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = a.id)",
        [],
        |r| r.get(0),
    )?)
}
