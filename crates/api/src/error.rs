//! The errors every host shows: a stable machine-readable code and a message in plain words
//! that says what is wrong and, where there is one, what to do about it. Messages never carry
//! personal data (names, ID numbers); they may name a file number or a division code.

use std::path::PathBuf;

use dossier_store::Error as StoreError;

use crate::view::ErrorView;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "There is no archive at {0}. Create one with `dossier init` (or `dossier demo`), or check the path."
    )]
    NoArchive(PathBuf),
    #[error(
        "{0} is not a Dossier archive. An archive is a folder holding archive.db and keyslots.json; check the path."
    )]
    NotAnArchive(PathBuf),
    #[error("The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.")]
    WrongPassphrase,
    /// What was asked for is kept for the program, but not said: officers' names are
    /// personal data too.
    #[error(
        "No officer of this archive has that name or id. Choose one of the officers listed for the archive."
    )]
    UnknownOfficer(String),
    #[error(
        "Too many wrong passphrases. Wait {seconds} seconds before trying again; each further wrong passphrase makes the wait longer."
    )]
    SignInDelay { seconds: u64 },
    #[error(
        "This archive is open in another Dossier window or command. Close it there (or wait for the command to finish), then try again."
    )]
    ArchiveInUse,
    #[error(
        "This backup cannot be used: {0}. Nothing was restored; use another backup file (the archive's own copies are in its backups folder)."
    )]
    BackupDamaged(String),
    #[error(
        "This backup belongs to another archive (its parts name different archives). Nothing was restored; check that you picked the right file."
    )]
    BackupForeign,
    #[error("This officer has been disabled; ask the office administrator.")]
    OfficerDisabled,
    #[error(
        "This archive has no recovery slot, so no recovery key can open it. Nothing was changed; an administrator who can still sign in can add one with `dossier recovery new` or `dossier recovery set`."
    )]
    NoRecoverySlot,
    #[error(
        "This is not the recovery key of this archive, or the key file is damaged. Nothing was changed; use the key file made for this archive."
    )]
    WrongRecoveryKey,
    #[error("The archive is damaged: {0}. Restore it from a backup, or ask the office for a copy.")]
    Damaged(String),
    #[error(
        "This archive was written by a newer version of Dossier (format {found}; this version reads up to {known}). Update Dossier to open it."
    )]
    TooNew { found: u32, known: u32 },
    #[error("An archive already exists at {0}. Choose another folder; nothing was changed.")]
    AlreadyExists(PathBuf),
    #[error("{0}")]
    Invalid(String),
    #[error(
        "The division code {0} is not in the division list. Check the code (12 digits for a village or community, 9 for a street or township)."
    )]
    UnknownJurisdiction(String),
    #[error("The division {0} is outside this site's jurisdiction.")]
    OutsideScope(String),
    #[error(
        "Possible duplicate: a subject with this ID number is already on file ({0}). Nothing was added; check both files before entering it again."
    )]
    PossibleDuplicate(String),
    #[error("{0} was not found.")]
    NotFound(String),
    #[error(
        "That subject is outside this site's jurisdiction; their file is kept by another office."
    )]
    SubjectOutsideScope,
    #[error(
        "This file is sealed: the person is under 18, and the law keeps a minor's identity confidential (Art 54). The judicial office keeps it; ask them for what you need."
    )]
    Sealed,
    #[error("There is no record kind {0:?}. The kinds are: {1}.")]
    UnknownKind(String, String),
    #[error("There is no register {0:?}. The registers are: {1}.")]
    UnknownRegister(String, String),
    #[error(
        "The file is {} MB; attachments may be at most {} MB.",
        mb(*size),
        limit / (1024 * 1024)
    )]
    AttachmentTooLarge { size: u64, limit: u64 },
    #[error("Only photos (JPEG, PNG) and PDF scans can be attached; this file is neither.")]
    AttachmentType,
    /// A sync refusal (bundles, enrolment); `code` is one of the `sync::CODE_*` constants.
    #[error("{message}")]
    Sync { code: &'static str, message: String },
    #[error("Your role may not {0}.")]
    PermissionDenied(&'static str),
    /// A leave request, extension or return the rules refuse; the words are core's.
    #[error("{0}")]
    LeaveRefused(String),
    /// A monthly assessment the rules refuse (a finished subject, an unknown item).
    #[error("{0}")]
    AssessmentRefused(String),
    /// A proposal or decision the rules refuse (an ended correction, a second open
    /// proposal, an approval without its document number, …).
    #[error("{0}")]
    DecisionRefused(String),
    #[error("There is no ledger {0:?}. The ledgers are: {1}.")]
    UnknownLedger(String, String),
    #[error("There is no report format {0:?}. Choose pdf, xlsx or csv.")]
    UnknownFormat(String),
    #[error(
        "Could not write the report to {0}: {1}. Choose a folder you can write to; nothing was written."
    )]
    CannotWrite(PathBuf, String),
    /// Any write that found no space: the archive's, a backup's, a report's or a key file's.
    /// SQLite rolls the change back and files are written under a temporary name, so the
    /// message can promise that nothing was lost.
    #[error(
        "The disk is full; free some space on it and try again. Nothing was lost: what was saved before is intact, and what was being written was not kept."
    )]
    DiskFull,
    #[error("Could not read or write the archive files: {0}.")]
    Io(String),
    #[error("Internal error: {0}. Please report it; nothing was changed.")]
    Internal(String),
}

impl Error {
    /// A stable code the UI and scripts can branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NoArchive(_) => "no_archive",
            Error::NotAnArchive(_) => "not_an_archive",
            Error::WrongPassphrase => "wrong_passphrase",
            Error::UnknownOfficer(_) => "unknown_officer",
            Error::SignInDelay { .. } => "sign_in_delay",
            Error::ArchiveInUse => "archive_in_use",
            Error::BackupDamaged(_) => "backup_damaged",
            Error::BackupForeign => "backup_foreign",
            Error::OfficerDisabled => "officer_disabled",
            Error::NoRecoverySlot => "no_recovery_slot",
            Error::WrongRecoveryKey => "wrong_recovery_key",
            Error::Damaged(_) => "archive_damaged",
            Error::TooNew { .. } => "archive_too_new",
            Error::AlreadyExists(_) => "already_exists",
            Error::Invalid(_) => "invalid_input",
            Error::UnknownJurisdiction(_) => "unknown_jurisdiction",
            Error::OutsideScope(_) => "outside_scope",
            Error::PossibleDuplicate(_) => "possible_duplicate",
            Error::NotFound(_) => "not_found",
            Error::SubjectOutsideScope => "outside_scope",
            Error::Sealed => "sealed",
            Error::UnknownKind(..) | Error::UnknownRegister(..) => "unknown_kind",
            Error::AttachmentTooLarge { .. } => "attachment_too_large",
            Error::AttachmentType => "attachment_type",
            Error::Sync { code, .. } => code,
            Error::PermissionDenied(_) => "permission_denied",
            Error::LeaveRefused(_) => "leave_refused",
            Error::AssessmentRefused(_) => "assessment_refused",
            Error::DecisionRefused(_) => "decision_refused",
            Error::UnknownLedger(..) => "unknown_ledger",
            Error::UnknownFormat(_) => "unknown_format",
            Error::CannotWrite(..) => "cannot_write",
            Error::DiskFull => "disk_full",
            Error::Io(_) => "io",
            Error::Internal(_) => "internal",
        }
    }

    /// Whether the input was refused (as opposed to the program or the disk failing).
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            Error::Io(_) | Error::Internal(_) | Error::CannotWrite(..) | Error::DiskFull
        )
    }

    /// An I/O failure in plain words; a full disk (ENOSPC) gets its own code, because the
    /// person can fix it.
    pub(crate) fn io(e: &std::io::Error) -> Error {
        if is_disk_full(e) {
            Error::DiskFull
        } else {
            Error::Io(e.to_string())
        }
    }

    pub fn view(&self) -> ErrorView {
        ErrorView {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        match e {
            StoreError::NoArchive(p) => Error::NoArchive(p),
            StoreError::NotAnArchive(p) => Error::NotAnArchive(p),
            StoreError::WrongPassphrase => Error::WrongPassphrase,
            StoreError::InUse => Error::ArchiveInUse,
            StoreError::BadBackup(why) => Error::BackupDamaged(why),
            StoreError::ForeignBackup => Error::BackupForeign,
            StoreError::UnknownOfficer => Error::UnknownOfficer(String::new()),
            StoreError::NoRecoverySlot => Error::NoRecoverySlot,
            StoreError::WrongRecoveryKey => Error::WrongRecoveryKey,
            StoreError::Damaged(why) => Error::Damaged(why),
            StoreError::TooNew { found, known } => Error::TooNew { found, known },
            StoreError::AlreadyExists(p) => Error::AlreadyExists(p),
            StoreError::Refused(why) => Error::Invalid(why),
            StoreError::Io(e) => Error::io(&e),
            // SQLite's own messages name no personal data, but they are not for users either.
            StoreError::Sqlite(e) => match e.sqlite_error() {
                Some(f) if f.code == rusqlite::ffi::ErrorCode::DiskFull => Error::DiskFull,
                // SQLite could not grow the WAL index (archive.db-shm) when the archive was
                // opened: on a full disk this, not SQLITE_FULL, is what it reports.
                Some(f) if f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE => {
                    Error::DiskFull
                }
                Some(f) if f.code == rusqlite::ffi::ErrorCode::ReadOnly => {
                    Error::Io("the archive is read-only; check the folder's permissions".into())
                }
                _ => Error::Internal(format!("database: {e}")),
            },
        }
    }
}

/// Whether an I/O error says the disk (or the file system) has no space left.
pub(crate) fn is_disk_full(e: &std::io::Error) -> bool {
    // ENOSPC is 28 on every Unix Dossier runs on; std maps it to StorageFull, but a wrapped
    // error may only keep the number.
    e.kind() == std::io::ErrorKind::StorageFull || (cfg!(unix) && e.raw_os_error() == Some(28))
}

/// Megabytes with one decimal, for messages ("12.3").
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
