//! `dossier check`: is the archive whole and consistent?
//!
//! Checks the database's pages (SQLite's integrity check and SQLCipher's page
//! authentication), that each device's sequence numbers are gapless, that stored attachment
//! bytes still match their SHA-256, that the audit log's hash chain holds (naming the first
//! broken entry), and that the projected
//! tables equal a fresh replay of the op log. The replay happens inside a transaction that is
//! rolled back, so checking never changes the archive.

use rusqlite::Connection;

use crate::{Result, digest, oplog};

/// What a check found; empty `problems` means the archive is sound.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckReport {
    pub ops: u64,
    pub devices: u64,
    /// Attachments described in the log whose bytes this archive does not hold (yet): not a
    /// problem, the bytes may still be on their way in a bundle.
    pub attachments_without_bytes: u64,
    pub problems: Vec<String>,
}

pub fn check(conn: &mut Connection) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if integrity != ["ok"] {
        report
            .problems
            .push(format!("database pages: {}", integrity.join("; ")));
    }
    let cipher: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if !cipher.is_empty() {
        report.problems.push(format!(
            "encrypted pages fail authentication: {}",
            cipher.join("; ")
        ));
    }

    let seqs: Vec<(String, u64, u64, u64)> = conn
        .prepare("SELECT device_id, count(*), min(device_seq), max(device_seq) FROM ops GROUP BY device_id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    report.devices = seqs.len() as u64;
    // Gaps an office deliberately left (operations about other villages' people) lie at or
    // below what its bundles said they covered, and are not missing.
    let covered: std::collections::BTreeMap<String, u64> = conn
        .prepare("SELECT origin, seq FROM sync_covered")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // This archive's own device before a restore: what it wrote after the backup comes back
    // from the villages, each with its share, and some of it may never come back.
    let retired = crate::oplog::retired_origins(conn)?;
    for (device, count, min, max) in &seqs {
        report.ops += count;
        let withheld = covered.get(device).is_some_and(|c| c >= max) || retired.contains(device);
        if !withheld && (*min != 1 || max - min + 1 != *count) {
            report.problems.push(format!(
                "device {device}: operations 1..{max} expected, {count} present (a gap in the log)"
            ));
        }
    }
    let (own, next): (String, u64) = conn.query_row(
        "SELECT device_id, next_seq FROM local_device WHERE singleton = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let own_max = seqs.iter().find(|s| s.0 == own).map_or(0, |s| s.3);
    if next != own_max + 1 {
        report.problems.push(format!(
            "this device's next sequence number is {next} but its log ends at {own_max}"
        ));
    }

    let bad_blobs = crate::blob::corrupt(conn)?;
    if bad_blobs > 0 {
        report.problems.push(format!(
            "{bad_blobs} stored attachment(s) no longer match their SHA-256 (the bytes are damaged)"
        ));
    }
    report.attachments_without_bytes = crate::blob::missing(conn)?;

    if let Some((seq, why)) = crate::audit::verify(conn)? {
        report.problems.push(format!(
            "audit log: entry {seq} {why} (the log was edited outside Dossier; entries from {seq} on cannot be trusted)"
        ));
    }

    let before = digest::digest(conn)?;
    let sp = conn.savepoint()?;
    // Rebuild inside the savepoint, compare, and always roll back.
    let ops = oplog::all_ops(&sp)?;
    for e in dossier_core::op::Entity::ALL {
        sp.execute(&format!("DELETE FROM {}", e.table()), [])?;
    }
    for op in &ops {
        oplog::apply(&sp, op)?;
    }
    let replayed = digest::digest(&sp)?;
    drop(sp);
    if before != replayed {
        report
            .problems
            .push("the tables differ from a replay of the op log".into());
    }
    Ok(report)
}
