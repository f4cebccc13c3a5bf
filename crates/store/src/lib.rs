//! The archive: one folder holding an SQLCipher database (`archive.db`) and the officers' key
//! slots (`keyslots.json`).
//!
//! The database is encrypted with a random 256-bit key that no one types; each officer's
//! passphrase unwraps a copy of it through Argon2id (see [`keyslot`]). Every change is an
//! operation appended to the op log in the same transaction that updates the projected
//! tables ([`oplog`]); the projections can be rebuilt from the log at any time and give the
//! same rows. This crate knows SQLite and nothing about permissions, screens or bundles:
//! who may do what is decided in `dossier-api`.

pub mod archive;
pub mod attempts;
pub mod audit;
pub mod backup;
pub mod blob;
pub mod check;
pub mod digest;
mod error;
pub mod keyslot;
pub mod lock;
mod migrate;
pub mod oplog;
pub mod query;

pub use archive::{Archive, SiteSeed};
pub use error::Error;
pub use keyslot::{ArchiveKey, KdfParams, KeySlots};
pub use oplog::Change;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The database file inside an archive folder.
pub const DB_FILE: &str = "archive.db";
/// The key-slot file inside an archive folder.
pub const KEYSLOTS_FILE: &str = "keyslots.json";
