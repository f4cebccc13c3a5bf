//! Why the archive refused or failed. Messages are plain words for the person at the
//! keyboard and never contain personal data; `dossier-api` adds what to do next.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("there is no archive at {0}")]
    NoArchive(PathBuf),
    #[error(
        "{0} is not a Dossier archive (an archive is a folder holding archive.db and keyslots.json)"
    )]
    NotAnArchive(PathBuf),
    #[error("this archive is open in another Dossier window or command")]
    InUse,
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    #[error("no officer with that id can unlock this archive")]
    UnknownOfficer,
    #[error("this archive has no recovery slot")]
    NoRecoverySlot,
    #[error("this is not the recovery key of this archive")]
    WrongRecoveryKey,
    #[error("the archive is damaged: {0}")]
    Damaged(String),
    #[error(
        "this archive was written by a newer version of Dossier (format {found}; this version reads up to {known})"
    )]
    TooNew { found: u32, known: u32 },
    #[error("an archive already exists at {0}")]
    AlreadyExists(PathBuf),
    #[error("this backup cannot be used: {0}")]
    BadBackup(String),
    #[error("this backup belongs to another archive")]
    ForeignBackup,
    #[error("the change was refused: {0}")]
    Refused(String),
    #[error("could not read or write the archive files: {0}")]
    Io(#[from] std::io::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    /// Turns the errors SQLite gives for an undecryptable or torn file into `Damaged`.
    pub(crate) fn from_open(e: rusqlite::Error) -> Error {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => {
                Error::Damaged("the database file cannot be decrypted or is not a database".into())
            }
            Some(ErrorCode::DatabaseCorrupt) => {
                Error::Damaged("the database file is corrupt".into())
            }
            Some(ErrorCode::CannotOpen) => {
                Error::Damaged("the database file cannot be opened".into())
            }
            _ => Error::Sqlite(e),
        }
    }
}
