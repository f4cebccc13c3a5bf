//! Backups and restores as use cases: made on request, before every bundle import and once
//! a day while the archive is in use; restored only into a new folder, as a new device.
//!
//! The file format and the copy are `dossier_store::backup`'s. This module decides when
//! automatic backups happen (before each import, and on the first use of a day in China
//! time), keeps the newest [`dossier_store::backup::DEFAULT_KEEP`] of them unless the
//! archive's local setting `backups.keep` says otherwise, and records each backup and
//! restore in the audit log. A restore asks for a passphrase because the restored archive
//! must be opened once to become a new device for sync (see `start_new_device`): its old
//! identity's operation numbers may already be at the office, and handing them out again
//! would make them collide. The office therefore enrols a restored village again; a
//! restored office keeps its key under the new device id, and its villages follow it there
//! (`dossier_sync::state::restart_office`).
//!
//! Deliberately absent: restoring over an existing archive (open or not; an empty folder is
//! taken, as a dialog makes one) and restoring into the running session; backups to places
//! the archive does not know about are the person's to keep.

use std::path::{Path, PathBuf};

use dossier_core::officer::SiteRole;
use dossier_store::audit::{Action as AuditAction, NewEntry};
use dossier_store::backup::{self, AUTO_DIR, DEFAULT_KEEP};
use dossier_store::{Archive, attempts};
use rusqlite::OptionalExtension;

use crate::archive::pick_slot;
use crate::view::{AutoBackupView, BackupInfoView, BackupListView, BackupView};
use crate::{Env, Error, Result, Session, unlock};

const KEEP_SETTING: &str = "backups.keep";

impl Session {
    /// Writes a backup of the archive to `out` (any officer may; the file is as encrypted as
    /// the archive).
    pub fn backup(&mut self, out: &Path, env: &mut Env) -> Result<BackupView> {
        let now = env.now_ms();
        let header = backup::write(&self.archive, out, now)?;
        self.audit(now, AuditAction::Backup, None, "backup written")?;
        Ok(view(&header, out))
    }

    /// Writes an automatic backup into the archive's `backups` folder and drops the oldest
    /// beyond the number kept.
    pub fn auto_backup(&mut self, reason: &str, env: &mut Env) -> Result<BackupView> {
        let now = env.now_ms();
        let dir = self.archive.dir().join(AUTO_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&e))?;
        let out = dir.join(backup::auto_name(now, reason));
        let header = backup::write(&self.archive, &out, now)?;
        backup::rotate(&dir, self.backups_kept()?)?;
        let detail = format!("automatic backup ({reason})");
        self.audit(now, AuditAction::Backup, None, &detail)?;
        Ok(view(&header, &out))
    }

    /// The daily automatic backup, if none was made yet today (China time).
    pub fn backup_if_due(&mut self, env: &mut Env) -> Result<Option<BackupView>> {
        let today = env.today();
        let newest = backup::auto_backups(&self.archive.dir().join(AUTO_DIR))?
            .last()
            .map(|(ms, _)| dossier_core::china_date(*ms));
        if newest.is_some_and(|d| d >= today) {
            return Ok(None);
        }
        self.auto_backup("daily", env).map(Some)
    }

    /// The automatic backups in the archive's `backups` folder, newest first, and how many
    /// are kept. Any officer may look: they are the archive's own copies.
    pub fn backup_list(&self) -> Result<BackupListView> {
        let dir = self.archive.dir().join(AUTO_DIR);
        let files = backup::auto_backups(&dir)?
            .into_iter()
            .rev()
            .map(|(ms, path)| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                // `<ms>-<reason>.dossier-backup`, as `backup::auto_name` makes it.
                let reason = name
                    .split_once('-')
                    .and_then(|(_, rest)| rest.split('.').next())
                    .unwrap_or("")
                    .to_owned();
                AutoBackupView {
                    made_at: dossier_core::china_minute(ms),
                    reason,
                    bytes: std::fs::metadata(&path).map_or(0, |m| m.len()),
                    name,
                }
            })
            .collect();
        Ok(BackupListView {
            keep: self.backups_kept()? as u32,
            files,
        })
    }

    /// How many automatic backups are kept.
    pub fn backups_kept(&self) -> Result<usize> {
        let v: Option<String> = self
            .archive
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [KEEP_SETTING],
                |r| r.get(0),
            )
            .optional()
            .map_err(dossier_store::Error::from)?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_KEEP))
    }

    /// Sets how many automatic backups are kept (1 to 365).
    pub fn set_backups_kept(&mut self, keep: usize) -> Result<()> {
        if !(1..=365).contains(&keep) {
            return Err(Error::Invalid(
                "Keep between 1 and 365 automatic backups.".into(),
            ));
        }
        self.archive
            .conn()
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [KEEP_SETTING, &keep.to_string()],
            )
            .map_err(dossier_store::Error::from)?;
        Ok(())
    }
}

fn view(h: &backup::Header, path: &Path) -> BackupView {
    BackupView {
        path: path.display().to_string(),
        archive_id: h.archive_id.clone(),
        made_at: dossier_core::china_minute(h.made_at_ms),
        bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
    }
}

/// What a backup file is, read before restoring it: when it was made and who can open it
/// (the officers of its key slots, as the unlock screen lists an archive's). The file is
/// checked whole first, so a damaged or foreign one is refused here already.
pub fn backup_info(file: &Path) -> Result<BackupInfoView> {
    let (header, slots) = backup::read_key_slots(file)?;
    Ok(BackupInfoView {
        made_at: dossier_core::china_minute(header.made_at_ms),
        officers: crate::archive::officer_slots(&slots),
    })
}

/// Restores the backup `file` into the new (or empty) folder `to` and signs in there as
/// `officer` with `passphrase`. The restored archive is a new device for sync: a village's
/// office must enrol it again before bundles flow (`dossier device request`); an office goes
/// on with its key, and its villages follow it on its first bundle.
pub fn restore(
    file: &Path,
    to: &Path,
    officer: Option<&str>,
    passphrase: &str,
    env: &mut Env,
) -> Result<Session> {
    // An empty folder is as good as none (a dialog makes one to choose it).
    if to.exists() && !backup::is_empty_dir(to) {
        // Only an archive can be open elsewhere; asking takes its lock file, which must not
        // be left in someone's folder.
        let archive_there = to.join(dossier_store::KEYSLOTS_FILE).exists();
        if archive_there && dossier_store::lock::is_held_elsewhere(to).unwrap_or(false) {
            return Err(Error::ArchiveInUse);
        }
        return Err(Error::AlreadyExists(to.to_owned()));
    }
    let staged = backup::unpack(file, to)?;
    let slots = dossier_store::KeySlots::read(&staged.staging)?;
    let slot = pick_slot(&slots, officer)?;
    let key = match passphrase {
        "" => return Err(Error::WrongPassphrase),
        p => slots.unwrap(&slot.officer_id, p)?,
    };
    {
        let mut archive = Archive::open(&staged.staging, &key)?;
        backup::check_restored(&archive, &staged.header)?;
        let device = env.new_id();
        let tx = archive
            .conn_mut()
            .transaction()
            .map_err(dossier_store::Error::from)?;
        let local = dossier_store::query::local_device(&tx)?;
        let office = dossier_store::query::site(&tx, &local.site_id)?
            .is_some_and(|s| s.role == SiteRole::Office.as_str());
        backup::start_new_device(&tx, &device, office)?;
        if office {
            dossier_sync::state::restart_office(&tx, &device, &local.site_id, env.now_ms())
                .map_err(crate::sync::import_error)?;
        }
        tx.commit().map_err(dossier_store::Error::from)?;
        let detail = format!(
            "restored from a backup made {}; new sync device {device}",
            dossier_core::china_minute(staged.header.made_at_ms)
        );
        dossier_store::audit::append(
            archive.conn(),
            &NewEntry {
                at_ms: env.now_ms(),
                officer_id: Some(&slot.officer_id),
                action: AuditAction::Restore,
                subject_id: None,
                detail: &detail,
            },
        )?;
        archive
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .map_err(dossier_store::Error::from)?;
    }
    let _ = attempts::clear(&staged.staging);
    staged.finish()?;
    unlock(to, Some(&slot.officer_id), passphrase, env)
}

/// Where the archive at `archive` keeps its automatic backups.
pub fn auto_backup_dir(archive: &Path) -> PathBuf {
    archive.join(AUTO_DIR)
}
