//! The audit log: who viewed, exported, imported, changed, signed in, backed up or restored
//! what, and when.
//!
//! Append-only and hash-chained. Entry `seq` n stores `prev_hash` (entry n−1's hash, or 64
//! zeros for the first) and `hash` = SHA-256 over `prev_hash` and a canonical, length-prefixed
//! encoding of its own columns. Triggers refuse UPDATE and DELETE; anyone holding the key
//! could drop them, so [`verify`] recomputes the chain and names the first entry that does
//! not hold. Every change made through [`crate::oplog::write_in`] appends its `change` entry
//! in the same transaction, so no change is kept without its entry.
//!
//! Deliberately absent: the log is local. It is not an operation, it travels in no bundle and
//! the digest does not cover it (two archives with the same content differ in who looked at
//! what). Details never hold personal data: entity kinds, op sequence numbers, counts and
//! bundle ids, never names or ID numbers.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::Result;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A personal file was opened.
    ViewFile,
    Print,
    /// A bundle was exported.
    Export,
    /// A bundle was imported.
    Import,
    /// Operations were written on this device (one entry per write).
    Change,
    SignIn,
    /// Failed sign-ins, written at the next successful one (the archive is locked when they
    /// happen).
    SignInFailed,
    Backup,
    Restore,
    /// The audit log itself was read.
    ViewAudit,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::ViewFile,
        Action::Print,
        Action::Export,
        Action::Import,
        Action::Change,
        Action::SignIn,
        Action::SignInFailed,
        Action::Backup,
        Action::Restore,
        Action::ViewAudit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ViewFile => "view_file",
            Action::Print => "print",
            Action::Export => "export",
            Action::Import => "import",
            Action::Change => "change",
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::ViewAudit => "view_audit",
        }
    }
}

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub at_ms: i64,
    pub officer_id: Option<String>,
    pub action: String,
    pub subject_id: Option<String>,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What a caller records; seq and hashes are the log's.
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a> {
    pub at_ms: i64,
    pub officer_id: Option<&'a str>,
    pub action: Action,
    pub subject_id: Option<&'a str>,
    pub detail: &'a str,
}

fn feed(h: &mut Sha256, tag: u8, bytes: &[u8]) {
    h.update([tag]);
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

fn feed_opt(h: &mut Sha256, v: Option<&str>) {
    match v {
        None => feed(h, b'N', &[]),
        Some(s) => feed(h, b'S', s.as_bytes()),
    }
}

/// The hash of an entry with these columns after `prev_hash`.
fn entry_hash(
    prev_hash: &str,
    seq: u64,
    at_ms: i64,
    officer_id: Option<&str>,
    action: &str,
    subject_id: Option<&str>,
    detail: &str,
) -> String {
    let mut h = Sha256::new();
    feed(&mut h, b'P', prev_hash.as_bytes());
    feed(&mut h, b'I', &seq.to_le_bytes());
    feed(&mut h, b'I', &at_ms.to_le_bytes());
    feed_opt(&mut h, officer_id);
    feed(&mut h, b'S', action.as_bytes());
    feed_opt(&mut h, subject_id);
    feed(&mut h, b'S', detail.as_bytes());
    hex::encode(h.finalize())
}

/// Appends one entry after the last. Call inside the transaction of what it records.
pub fn append(conn: &Connection, e: &NewEntry<'_>) -> Result<u64> {
    let last: Option<(u64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_owned()),
    };
    let action = e.action.as_str();
    let hash = entry_hash(
        &prev,
        seq,
        e.at_ms,
        e.officer_id,
        action,
        e.subject_id,
        e.detail,
    );
    conn.prepare_cached(
        "INSERT INTO audit (seq, at_ms, officer_id, action, subject_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        e.at_ms,
        e.officer_id,
        action,
        e.subject_id,
        e.detail,
        prev,
        hash
    ])?;
    Ok(seq)
}

/// The entries, oldest first; with `subject`, only those about that subject.
pub fn entries(conn: &Connection, subject: Option<&str>) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at_ms, officer_id, action, subject_id, detail, prev_hash, hash FROM audit
         WHERE ?1 IS NULL OR subject_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([subject], |r| {
            Ok(Entry {
                seq: r.get(0)?,
                at_ms: r.get(1)?,
                officer_id: r.get(2)?,
                action: r.get(3)?,
                subject_id: r.get(4)?,
                detail: r.get(5)?,
                prev_hash: r.get(6)?,
                hash: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Recomputes the chain. Returns the first entry that does not hold (its seq, and why), or
/// `None` when every entry links to the one before and hashes to what it stores.
pub fn verify(conn: &Connection) -> Result<Option<(u64, &'static str)>> {
    let mut prev = GENESIS.to_owned();
    for (expected_seq, e) in (1..).zip(entries(conn, None)?) {
        if e.seq != expected_seq {
            // An entry was removed (or the numbering edited): the gap is where it broke.
            return Ok(Some((expected_seq, "missing")));
        }
        if e.prev_hash != prev {
            return Ok(Some((e.seq, "does not link to the entry before it")));
        }
        let h = entry_hash(
            &e.prev_hash,
            e.seq,
            e.at_ms,
            e.officer_id.as_deref(),
            &e.action,
            e.subject_id.as_deref(),
            &e.detail,
        );
        if h != e.hash {
            return Ok(Some((e.seq, "was altered")));
        }
        prev = e.hash;
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(n: usize) -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::migrate::migrate(&mut c).unwrap();
        for i in 0..n {
            append(
                &c,
                &NewEntry {
                    at_ms: 1_000 + i as i64,
                    officer_id: Some("officer-1"),
                    action: Action::ViewFile,
                    subject_id: Some("subject-1"),
                    detail: "personal file",
                },
            )
            .unwrap();
        }
        c
    }

    /// One case per way of tampering: the SQL run after dropping the triggers, and the seq
    /// `verify` must name.
    #[test]
    fn tampering_is_found_at_the_first_broken_entry() {
        let drop_triggers = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;";
        let cases: &[(&str, Option<u64>)] = &[
            ("", None),
            ("UPDATE audit SET detail = 'other' WHERE seq = 3", Some(3)),
            ("UPDATE audit SET officer_id = NULL WHERE seq = 2", Some(2)),
            ("DELETE FROM audit WHERE seq = 4", Some(4)),
            ("DELETE FROM audit WHERE seq = 1", Some(1)),
            ("UPDATE audit SET hash = 'x' WHERE seq = 2", Some(2)),
            ("UPDATE audit SET seq = 9 WHERE seq = 5", Some(5)),
        ];
        for (sql, want) in cases {
            let c = log(5);
            c.execute_batch(drop_triggers).unwrap();
            c.execute_batch(sql).unwrap();
            let got = verify(&c).unwrap().map(|(s, _)| s);
            assert_eq!(got, *want, "{sql}");
        }
    }

    #[test]
    fn triggers_refuse_update_and_delete() {
        let c = log(2);
        for sql in [
            "UPDATE audit SET detail = 'x' WHERE seq = 1",
            "DELETE FROM audit WHERE seq = 2",
        ] {
            let e = c.execute_batch(sql).unwrap_err();
            assert!(e.to_string().contains("append-only"), "{sql}: {e}");
        }
        assert_eq!(verify(&c).unwrap(), None);
        assert_eq!(entries(&c, Some("subject-1")).unwrap().len(), 2);
        assert_eq!(entries(&c, Some("other")).unwrap().len(), 0);
    }
}
