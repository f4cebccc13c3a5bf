//! Creating and opening an archive folder.
//!
//! A new archive is built in a hidden staging folder next to its final place and renamed into
//! place only when complete, so a crash during creation leaves nothing that looks like an
//! archive. Opening checks, in order: the folder, the key-slot file, the passphrase, that the
//! database decrypts and is intact, and its schema version; each failure has its own error.
//! An open archive holds the folder's lock ([`crate::lock`]), so no other program opens it.

use std::fs;
use std::path::{Path, PathBuf};

use rand::RngCore;
use rusqlite::{Connection, OpenFlags, params};

use crate::keyslot::sync_dir;
use crate::{ArchiveKey, DB_FILE, Error, KeySlots, Result, migrate};

/// The identity of the device a new archive lives on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSeed {
    pub archive_id: String,
    pub device_id: String,
    pub site_id: String,
}

#[derive(Debug)]
pub struct Archive {
    dir: PathBuf,
    conn: Connection,
    /// Kept to key the copy a backup makes (zeroed when the archive is closed).
    key: ArchiveKey,
    /// Held for as long as the archive is open (see [`crate::lock`]); dropped after `conn`.
    _lock: crate::lock::ArchiveLock,
}

/// What opening needs before a passphrase: the folder is there and is an archive.
pub fn locate(dir: &Path) -> Result<KeySlots> {
    match fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoArchive(dir.to_owned()));
        }
        Err(e) => return Err(e.into()),
        Ok(m) if !m.is_dir() => return Err(Error::NotAnArchive(dir.to_owned())),
        Ok(_) => {}
    }
    KeySlots::read(dir)
}

pub(crate) fn connect(path: &Path, key: &ArchiveKey, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher otherwise writes its own decryption errors to stderr; ours are in plain words.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&key.sqlcipher_pragma())?;
    // The first read decrypts page 1; a wrong key or a torn file fails here.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(Error::from_open)?;
    // The op log and the projections prepare one statement per table and set of columns
    // written (about a hundred kinds); rusqlite keeps 16 by default, so an import of mixed
    // operations would prepare most statements again for every op.
    conn.set_prepared_statement_cache_capacity(256);
    // A 32 MiB page cache (SQLite's default is 2 MiB): every page read from disk costs an
    // HMAC check and a decryption, and a county's roster alone spans about 2,000 pages.
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -32768;",
    )
    .map_err(Error::from_open)?;
    Ok(conn)
}

impl Archive {
    /// Creates a new archive at `dir` (which must not exist, or be an empty folder).
    /// `populate` writes the first operations; if it fails, nothing is left behind.
    pub fn create(
        dir: &Path,
        key: &ArchiveKey,
        slots: &KeySlots,
        seed: &SiteSeed,
        now_ms: i64,
        populate: impl FnOnce(&mut Connection) -> Result<()>,
    ) -> Result<Archive> {
        if let Ok(mut entries) = fs::read_dir(dir) {
            if entries.next().is_some() {
                return Err(Error::AlreadyExists(dir.to_owned()));
            }
        } else if dir.exists() {
            return Err(Error::AlreadyExists(dir.to_owned()));
        }
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let staging = parent.join(format!(
            ".{name}.creating-{:08x}",
            rand::rngs::OsRng.next_u32()
        ));
        fs::create_dir(&staging)?;
        let built = (|| -> Result<()> {
            let mut conn = connect(
                &staging.join(DB_FILE),
                key,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            )?;
            migrate::migrate(&mut conn)?;
            conn.execute(
                "INSERT INTO local_device (singleton, archive_id, device_id, site_id, next_seq, hlc)
                 VALUES (1, ?1, ?2, ?3, 1, ?4)",
                params![
                    seed.archive_id,
                    seed.device_id,
                    seed.site_id,
                    dossier_core::hlc::Hlc { ms: now_ms, counter: 0 }.to_string()
                ],
            )?;
            populate(&mut conn)?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
            drop(conn);
            slots.write(&staging)
        })();
        if let Err(e) = built {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        if dir.exists() {
            fs::remove_dir(dir)?;
        }
        fs::rename(&staging, dir)?;
        sync_dir(&parent)?;
        Archive::open(dir, key)
    }

    /// Opens an archive with its key (see [`KeySlots::unwrap`]), checks it and brings its
    /// schema up to date.
    pub fn open(dir: &Path, key: &ArchiveKey) -> Result<Archive> {
        let db = dir.join(DB_FILE);
        let lock = crate::lock::acquire(dir)?;
        match fs::metadata(&db) {
            Ok(m) if m.len() == 0 => {
                return Err(Error::Damaged("the database file is empty".into()));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Damaged(
                    "the database file archive.db is missing".into(),
                ));
            }
            Err(e) => return Err(e.into()),
        }
        let mut conn = connect(&db, key, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        let ok: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(Error::from_open)?;
        if ok != "ok" {
            return Err(Error::Damaged(
                "the database failed its integrity check".into(),
            ));
        }
        migrate::migrate(&mut conn)?;
        Ok(Archive {
            dir: dir.to_owned(),
            conn,
            key: key.clone(),
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub(crate) fn key(&self) -> &ArchiveKey {
        &self.key
    }

    /// The schema version of the open archive.
    pub fn schema_version(&self) -> Result<u32> {
        migrate::version(&self.conn)
    }
}

/// The schema version this program writes.
pub const SCHEMA_VERSION: u32 = migrate::LATEST;
