//! Failed sign-ins, counted while the archive is locked.
//!
//! A wrong passphrase cannot be written to the audit log: the log is inside the encrypted
//! database, which that passphrase does not open. So failures are counted in a small
//! plaintext file next to `keyslots.json` — only a count and the times, nothing about who
//! tried or what was typed — and the next successful sign-in copies them into the audit log
//! and clears the file. The same file paces guessing: after [`FREE_ATTEMPTS`] failures each
//! attempt must wait [`wait_ms`], doubling from [`FIRST_WAIT_MS`] up to [`MAX_WAIT_MS`].
//!
//! Deliberately absent: this is no defence against someone who copies the folder (they can
//! delete the file, and Argon2id is what makes their guesses slow); it slows guessing at the
//! keyboard and makes failures visible. Times are passed in, never read from a clock here.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Result;
use crate::keyslot::sync_dir;

/// The counter file inside an archive folder.
pub const ATTEMPTS_FILE: &str = "signin-attempts.json";
/// Failures allowed before any wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// The wait after the first failure beyond the free ones.
pub const FIRST_WAIT_MS: i64 = 5_000;
/// The longest wait.
pub const MAX_WAIT_MS: i64 = 5 * 60_000;
/// How many failure times are kept (the count goes on beyond them).
const KEEP_TIMES: usize = 100;

/// Failed sign-ins since the last successful one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failed: u32,
    /// When they happened (unix ms), oldest first; at most the last hundred.
    pub times: Vec<i64>,
}

/// The failures counted so far. A missing file is none; an unreadable one counts as none
/// too, rather than locking everyone out of their own archive.
pub fn read(dir: &Path) -> Result<Attempts> {
    match fs::read(dir.join(ATTEMPTS_FILE)) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Attempts::default()),
        Err(e) => Err(e.into()),
    }
}

/// How long, from `now_ms`, the next attempt must still wait (0: it may go ahead).
pub fn wait_ms(a: &Attempts, now_ms: i64) -> i64 {
    if a.failed < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (a.failed - FREE_ATTEMPTS).min(16);
    let wait = (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS);
    let last = a.times.last().copied().unwrap_or(i64::MIN / 2);
    (last + wait - now_ms).max(0)
}

/// Counts one more failure at `now_ms` and returns the new count.
pub fn record_failure(dir: &Path, now_ms: i64) -> Result<Attempts> {
    let mut a = read(dir)?;
    a.failed = a.failed.saturating_add(1);
    a.times.push(now_ms);
    if a.times.len() > KEEP_TIMES {
        a.times.drain(..a.times.len() - KEEP_TIMES);
    }
    let tmp = dir.join(format!(".{ATTEMPTS_FILE}.tmp"));
    {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&serde_json::to_vec(&a).expect("attempts serialise"))?;
        f.sync_all()?;
    }
    fs::rename(&tmp, dir.join(ATTEMPTS_FILE))?;
    sync_dir(dir)?;
    Ok(a)
}

/// Forgets the failures (after they are in the audit log).
pub fn clear(dir: &Path) -> Result<()> {
    match fs::remove_file(dir.join(ATTEMPTS_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_attempts() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // (failures so far, seconds after the last one, wait left in ms)
        let cases: &[(u32, i64, i64)] = &[
            (0, 0, 0),
            (2, 0, 0),
            (3, 0, 5_000),
            (3, 4, 1_000),
            (3, 5, 0),
            (4, 0, 10_000),
            (5, 0, 20_000),
            (30, 0, MAX_WAIT_MS),
        ];
        for &(n, after_s, want) in cases {
            clear(d).unwrap();
            for i in 0..n {
                record_failure(d, 1_000 + i64::from(i)).unwrap();
            }
            let a = read(d).unwrap();
            assert_eq!(a.failed, n);
            let last = a.times.last().copied().unwrap_or(0);
            assert_eq!(wait_ms(&a, last + after_s * 1000), want, "{n} failures");
        }
        clear(d).unwrap();
        assert_eq!(read(d).unwrap(), Attempts::default());
        fs::write(d.join(ATTEMPTS_FILE), b"not json").unwrap();
        assert_eq!(read(d).unwrap(), Attempts::default());
    }
}
