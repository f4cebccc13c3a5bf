//! Backup files: one archive packed into one checked file, and unpacked again.
//!
//! A backup holds the archive's encrypted database — copied with SQLite's online backup API
//! into a database keyed with the same key, so it is a consistent snapshot even while the
//! archive is open and stays encrypted — and `keyslots.json`. Attachment bytes live inside
//! the database (the `blobs` table), so they come along. The file is:
//!
//! ```text
//! "DOSSIER-BACKUP\n" · u32 LE header length · header JSON · the files' bytes in order ·
//! SHA-256 of everything before it (32 bytes)
//! ```
//!
//! The header names the archive id, when the backup was made and each file's name and
//! length. The checksum finds damage, truncation and careless edits; it is not a signature
//! (the database inside is what is protected, by its own encryption and page MACs). A file is
//! written to a temporary name and renamed into place, so a crash never leaves half a backup
//! under the real name. Automatic backups go to the archive's own `backups/` folder, named
//! by the time they were made so names sort by age, and are rotated ([`rotate`]).
//!
//! Restoring unpacks into a hidden staging folder next to the target (never over an
//! existing folder), and the caller checks the database before [`Staged::finish`] renames it
//! into place. A restored archive is a new device for sync ([`start_new_device`]).
//!
//! Deliberately absent: incremental backups, compression (the database is encrypted, so it
//! does not compress) and the WAL and lock files (the online backup already holds what the
//! WAL held; a lock belongs to a running program).

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::archive::{Archive, connect};
use crate::keyslot::sync_dir;
use crate::{DB_FILE, Error, KEYSLOTS_FILE, KeySlots, Result};

const MAGIC: &[u8] = b"DOSSIER-BACKUP\n";
/// The backup format this version writes and reads.
pub const BACKUP_FORMAT: u32 = 1;
/// The extension of backup files.
pub const EXTENSION: &str = "dossier-backup";
/// The folder inside an archive where automatic backups go.
pub const AUTO_DIR: &str = "backups";
/// How many automatic backups are kept unless the archive says otherwise.
pub const DEFAULT_KEEP: usize = 7;
/// The largest header a reader accepts (it lists two files).
const MAX_HEADER: u32 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupFile {
    pub name: String,
    pub len: u64,
}

/// What a backup file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub archive_id: String,
    pub made_at_ms: i64,
    pub files: Vec<BackupFile>,
}

fn damaged(why: &str) -> Error {
    Error::BadBackup(why.to_owned())
}

/// Writes a backup of `archive` to `out` (replacing a file there only once the new one is
/// complete). Returns its header.
pub fn write(archive: &Archive, out: &Path, made_at_ms: i64) -> Result<Header> {
    let archive_id: String =
        archive
            .conn()
            .query_row("SELECT archive_id FROM local_device", [], |r| r.get(0))?;
    // Named after the target, so a backup killed midway leaves its scraps where the next
    // backup to the same file finds and removes them (see `scraps`).
    let db_copy = sidecar(out, ".db-partial");
    remove_scraps(out);
    let result = (|| {
        {
            let mut dst = connect(
                &db_copy,
                archive.key(),
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            )?;
            // One step copies every page under one read lock: a consistent snapshot.
            rusqlite::backup::Backup::new(archive.conn(), &mut dst)?.step(-1)?;
            dst.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        }
        let header = Header {
            format: BACKUP_FORMAT,
            archive_id,
            made_at_ms,
            files: Vec::new(),
        };
        pack(
            out,
            header,
            &[
                (DB_FILE, db_copy.clone()),
                (KEYSLOTS_FILE, archive.dir().join(KEYSLOTS_FILE)),
            ],
        )
    })();
    for leftover in scraps(out).into_iter().skip(1) {
        let _ = fs::remove_file(leftover);
    }
    result
}

/// The files a backup to `out` writes before the finished file is renamed into place: the
/// packed file, then the database copy and SQLite's files beside it.
fn scraps(out: &Path) -> [PathBuf; 5] {
    let db_copy = sidecar(out, ".db-partial");
    [
        sidecar(out, ".partial"),
        sidecar(&db_copy, "-wal"),
        sidecar(&db_copy, "-shm"),
        sidecar(&db_copy, "-journal"),
        db_copy,
    ]
}

/// Removes what an earlier backup to `out` left when it was killed or the disk filled.
fn remove_scraps(out: &Path) {
    for scrap in scraps(out) {
        let _ = fs::remove_file(scrap);
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Packs `files` (name in the backup, path on disk) under `header` into `out`.
pub fn pack(out: &Path, mut header: Header, files: &[(&str, PathBuf)]) -> Result<Header> {
    header.files = files
        .iter()
        .map(|(name, path)| {
            Ok(BackupFile {
                name: (*name).to_owned(),
                len: fs::metadata(path)?.len(),
            })
        })
        .collect::<Result<_>>()?;
    let head = serde_json::to_vec(&header).expect("a header serialises");
    let tmp = sidecar(out, ".partial");
    let written = (|| -> Result<()> {
        let mut w = HashingWriter {
            inner: BufWriter::new(File::create(&tmp)?),
            hash: Sha256::new(),
        };
        w.write_all(MAGIC)?;
        w.write_all(&(head.len() as u32).to_le_bytes())?;
        w.write_all(&head)?;
        for (_, path) in files {
            std::io::copy(&mut File::open(path)?, &mut w)?;
        }
        let sum = w.hash.finalize();
        let mut inner = w.inner;
        inner.write_all(&sum)?;
        inner.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, out)?;
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(dir)?;
    }
    Ok(header)
}

struct HashingWriter<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Checks a backup file whole (its checksum, then its header) and returns the header.
pub fn read_header(path: &Path) -> Result<Header> {
    let len = match fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::BadBackup("there is no such file".into()));
        }
        Err(e) => return Err(e.into()),
    };
    let min = MAGIC.len() as u64 + 4 + 32;
    let mut r = BufReader::new(File::open(path)?);
    let mut magic = [0u8; MAGIC.len()];
    if len < min || r.read_exact(&mut magic).is_err() || magic != MAGIC {
        return Err(damaged("it is not a Dossier backup file"));
    }
    // The checksum over everything but the last 32 bytes.
    let mut hash = Sha256::new();
    hash.update(magic);
    let mut body = (&mut r).take(len - 32 - MAGIC.len() as u64);
    std::io::copy(&mut body, &mut HashSink(&mut hash))?;
    let mut sum = [0u8; 32];
    r.read_exact(&mut sum)?;
    if hash.finalize().as_slice() != sum {
        return Err(damaged(
            "its checksum does not match (the file is incomplete or was altered)",
        ));
    }
    let mut r = BufReader::new(File::open(path)?);
    r.read_exact(&mut magic)?;
    let mut n = [0u8; 4];
    r.read_exact(&mut n)?;
    let n = u32::from_le_bytes(n);
    if n > MAX_HEADER {
        return Err(damaged("its header is unreadable"));
    }
    let mut head = vec![0u8; n as usize];
    r.read_exact(&mut head)
        .map_err(|_| damaged("its header is unreadable"))?;
    let header: Header =
        serde_json::from_slice(&head).map_err(|_| damaged("its header is unreadable"))?;
    if header.format > BACKUP_FORMAT {
        return Err(Error::TooNew {
            found: header.format,
            known: BACKUP_FORMAT,
        });
    }
    let total: u64 = header.files.iter().map(|f| f.len).sum();
    if MAGIC.len() as u64 + 4 + u64::from(n) + total + 32 != len {
        return Err(damaged("its contents do not add up to its size"));
    }
    let names: Vec<&str> = header.files.iter().map(|f| f.name.as_str()).collect();
    if names != [DB_FILE, KEYSLOTS_FILE] {
        return Err(damaged(
            "it does not hold an archive's database and key slots",
        ));
    }
    Ok(header)
}

struct HashSink<'a>(&'a mut Sha256);

impl Write for HashSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A backup unpacked into a hidden folder next to its target; removed unless finished.
#[derive(Debug)]
pub struct Staged {
    pub header: Header,
    pub staging: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Staged {
    /// Renames the staging folder to the target.
    pub fn finish(mut self) -> Result<()> {
        if self.target.exists() {
            if !is_empty_dir(&self.target) {
                return Err(Error::AlreadyExists(self.target.clone()));
            }
            // An empty folder the person made for it (dialogs make one): it gives way.
            fs::remove_dir(&self.target)?;
        }
        fs::rename(&self.staging, &self.target)?;
        if let Some(p) = self.target.parent() {
            sync_dir(p)?;
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Whether `dir` is a folder with nothing in it.
pub fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// Checks `backup` and unpacks it next to `to`, which must not exist or be an empty folder
/// (an existing archive, open or not, is never overwritten). The key slots must name the
/// archive the header names.
pub fn unpack(backup: &Path, to: &Path) -> Result<Staged> {
    if to.exists() && !is_empty_dir(to) {
        return Err(Error::AlreadyExists(to.to_owned()));
    }
    let header = read_header(backup)?;
    let parent = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Named after the target, so what a restore killed midway left is cleared by the next
    // restore to the same folder rather than lying there forever.
    let staging = parent.join(format!(".{name}.restoring"));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir(&staging)?;
    let staged = Staged {
        header,
        staging,
        target: to.to_owned(),
        done: false,
    };
    let mut r = BufReader::new(File::open(backup)?);
    let mut skip = [0u8; 4];
    r.read_exact(&mut [0u8; MAGIC.len()])?;
    r.read_exact(&mut skip)?;
    std::io::copy(
        &mut (&mut r).take(u64::from(u32::from_le_bytes(skip))),
        &mut std::io::sink(),
    )?;
    for f in &staged.header.files {
        let mut out = File::create(staged.staging.join(&f.name))?;
        std::io::copy(&mut (&mut r).take(f.len), &mut out)?;
        out.sync_all()?;
    }
    let slots = KeySlots::read(&staged.staging)?;
    if slots.archive_id != staged.header.archive_id {
        return Err(Error::ForeignBackup);
    }
    Ok(staged)
}

/// Checks `backup` whole and reads the key slots inside it, without unpacking anything: who
/// can open it (the slots name officers, as `keyslots.json` does beside an archive).
pub fn read_key_slots(backup: &Path) -> Result<(Header, KeySlots)> {
    let header = read_header(backup)?;
    let mut r = BufReader::new(File::open(backup)?);
    let mut n = [0u8; 4];
    r.read_exact(&mut [0u8; MAGIC.len()])?;
    r.read_exact(&mut n)?;
    let mut skip = u64::from(u32::from_le_bytes(n));
    let mut text = Vec::new();
    for f in &header.files {
        if f.name == KEYSLOTS_FILE {
            std::io::copy(&mut (&mut r).take(skip), &mut std::io::sink())?;
            (&mut r).take(f.len).read_to_end(&mut text)?;
            break;
        }
        skip += f.len;
    }
    let text =
        String::from_utf8(text).map_err(|_| damaged("it does not hold an archive's key slots"))?;
    let slots = KeySlots::parse(&text, backup).map_err(|e| match e {
        Error::TooNew { .. } => e,
        _ => damaged("it does not hold an archive's key slots"),
    })?;
    if slots.archive_id != header.archive_id {
        return Err(Error::ForeignBackup);
    }
    Ok((header, slots))
}

/// Checks, after opening a restored database, that it is the archive the backup names.
pub fn check_restored(archive: &Archive, header: &Header) -> Result<()> {
    let id: String = archive
        .conn()
        .query_row("SELECT archive_id FROM local_device", [], |r| r.get(0))?;
    if id != header.archive_id {
        return Err(Error::ForeignBackup);
    }
    Ok(())
}

/// Makes a restored archive a new device for sync, so no operation number it hands out
/// again can collide with one its earlier self already sent: its operations get a new
/// origin `device_id` (numbered from 1), and what tied it to its old identity is dropped —
/// its sync keys unless `keep_keys` (a village's office enrols it again; an office keeps
/// its keys, which are its villages' trust root, and the caller moves them to the new id),
/// the chain of bundles it sent and the chains it received (which were addressed to the
/// old identity). Its operations, the office's trust, certificates, revocations and held
/// operations stay. In the caller's transaction.
pub fn start_new_device(conn: &Connection, device_id: &str, keep_keys: bool) -> Result<()> {
    conn.execute(
        "UPDATE local_device SET device_id = ?1, next_seq = 1 WHERE singleton = 1",
        [device_id],
    )?;
    if !keep_keys {
        conn.execute("DELETE FROM sync_keys", [])?;
    }
    conn.execute_batch("DELETE FROM sync_sent; DELETE FROM sync_chain;")?;
    Ok(())
}

/// The file name of an automatic backup made at `made_at_ms` for `reason`; names sort by age.
pub fn auto_name(made_at_ms: i64, reason: &str) -> String {
    format!("{made_at_ms:013}-{reason}.{EXTENSION}")
}

/// The automatic backups in `dir`, oldest first, with when each was made.
pub fn auto_backups(dir: &Path) -> Result<Vec<(i64, PathBuf)>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.ends_with(EXTENSION) {
            continue;
        }
        if let Some(ms) = name.split('-').next().and_then(|t| t.parse().ok()) {
            found.push((ms, path));
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the oldest automatic backups in `dir` beyond the newest `keep`, and the scraps of
/// automatic backups that were killed midway (each had its own name, so no later backup
/// writes to it again; the archive's lock means none is being written now).
pub fn rotate(dir: &Path, keep: usize) -> Result<usize> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.contains(&format!(".{EXTENSION}.")) {
            let _ = fs::remove_file(&path);
        }
    }
    let all = auto_backups(dir)?;
    let extra = all.len().saturating_sub(keep.max(1));
    for (_, path) in &all[..extra] {
        fs::remove_file(path)?;
    }
    Ok(extra)
}
