//! One program at a time per archive: an exclusive lock on the folder's `dossier.lock`.
//!
//! Opening an archive takes the operating system's exclusive lock on that file (`flock` on
//! Linux and macOS, `LockFileEx` on Windows, through `std::fs::File::try_lock`) and holds it
//! as long as any [`crate::Archive`] of that folder is open in this process. Another Dossier
//! window or command gets [`crate::Error::InUse`] at once instead of a second, diverging view
//! of the same archive, and a backup or restore never races another program. The lock goes
//! when the process ends, however it ends, so a crash leaves nothing to clean up.
//!
//! Within one process, sessions of the same archive share the lock: a host switching
//! officers (and the tests, which open one archive as several officers) opens it again
//! while the first session is still alive, and SQLite already orders those connections'
//! writes. That is why a small process-wide table of held locks exists here; it is the one
//! piece of global state in this crate and holds nothing but open lock files.
//!
//! Deliberately absent: waiting for the lock, and breaking a lock: the other program is
//! there, and the person should close it.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use crate::{Error, Result};

/// The lock file inside an archive folder.
pub const LOCK_FILE: &str = "dossier.lock";

/// Held while an archive is open; the lock is released when the last holder in this process
/// drops.
#[derive(Debug, Clone)]
pub struct ArchiveLock(#[allow(dead_code)] Arc<File>);

fn held() -> &'static Mutex<HashMap<PathBuf, Weak<File>>> {
    static HELD: std::sync::OnceLock<Mutex<HashMap<PathBuf, Weak<File>>>> =
        std::sync::OnceLock::new();
    HELD.get_or_init(Default::default)
}

/// Takes (or shares, within this process) the exclusive lock of the archive at `dir`.
pub fn acquire(dir: &Path) -> Result<ArchiveLock> {
    let key = fs::canonicalize(dir)?;
    let mut table = held().lock().unwrap_or_else(|p| p.into_inner());
    table.retain(|_, w| w.strong_count() > 0);
    if let Some(file) = table.get(&key).and_then(Weak::upgrade) {
        return Ok(ArchiveLock(file));
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(key.join(LOCK_FILE))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => return Err(Error::InUse),
        Err(fs::TryLockError::Error(e)) => return Err(e.into()),
    }
    let file = Arc::new(file);
    table.insert(key, Arc::downgrade(&file));
    Ok(ArchiveLock(file))
}

/// Whether another program holds the lock of the archive at `dir` right now (a folder
/// without a lock file is free).
pub fn is_held_elsewhere(dir: &Path) -> Result<bool> {
    match acquire(dir) {
        Ok(_) => Ok(false),
        Err(Error::InUse) => Ok(true),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Another program is played by a second open file description of the lock file, which
    /// `flock` treats like another process.
    #[test]
    fn a_held_lock_refuses_others_and_is_shared_within_the_process() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        let again = acquire(dir.path()).unwrap();
        let other = File::open(dir.path().join(LOCK_FILE)).unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(fs::TryLockError::WouldBlock)
        ));
        drop(first);
        assert!(matches!(
            other.try_lock(),
            Err(fs::TryLockError::WouldBlock)
        ));
        drop(again);
        other.try_lock().unwrap();
        assert!(matches!(acquire(dir.path()), Err(Error::InUse)));
        assert!(is_held_elsewhere(dir.path()).unwrap());
        drop(other);
        assert!(!is_held_elsewhere(dir.path()).unwrap());
        acquire(dir.path()).unwrap();
    }
}
