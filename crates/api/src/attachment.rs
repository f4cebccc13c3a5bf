//! Attachments: photos and scans kept with a file, stored once by their SHA-256.
//!
//! The bytes decide what a file is (JPEG, PNG or PDF by their magic numbers), never its name
//! or extension. Adding writes the attachment's description as an op and its bytes as a blob
//! in one transaction; adding the same bytes again returns the same attachment and writes
//! nothing. What is deliberately not here: image processing (thumbnails, resizing) and
//! deletion of bytes (a retention purge, when there is one).

use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_store::query::{self, AttachmentRecord};
use dossier_store::{Change, blob};
use serde_json::json;

use crate::archive::fields;
use crate::view::AttachmentView;
use crate::{Env, Error, Result, Session};

/// The largest attachment accepted, in bytes (10 MiB). A constant for now; it is meant to
/// become an office setting.
pub const MAX_ATTACHMENT_BYTES: u64 = 10 * 1024 * 1024;

/// The MIME type of `bytes` by their magic numbers, if they are a kind we keep.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

impl From<AttachmentRecord> for AttachmentView {
    fn from(a: AttachmentRecord) -> AttachmentView {
        AttachmentView {
            sha256: a.sha256,
            mime: a.mime,
            size: a.size,
            name: a.name,
        }
    }
}

/// Keeps the last path component of a file name, trimmed and at most 200 characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    base.chars().filter(|c| !c.is_control()).take(200).collect()
}

impl Session {
    /// Stores `bytes` as an attachment named `name` (the name is only shown, never trusted).
    pub fn attachment_add(
        &mut self,
        bytes: &[u8],
        name: &str,
        env: &mut Env,
    ) -> Result<AttachmentView> {
        self.require(Action::EditSubjects, "add attachments")?;
        let size = bytes.len() as u64;
        if size == 0 {
            return Err(Error::Invalid(
                "The file is empty; choose the photo or scan itself.".into(),
            ));
        }
        if size > MAX_ATTACHMENT_BYTES {
            return Err(Error::AttachmentTooLarge {
                size,
                limit: MAX_ATTACHMENT_BYTES,
            });
        }
        let mime = sniff(bytes).ok_or(Error::AttachmentType)?;
        let sha = blob::sha256_hex(bytes);
        let existing = query::attachment(self.archive.conn(), &sha)?;
        let known = existing.is_some();
        if let Some(existing) = existing
            && blob::has(self.archive.conn(), &sha)?
        {
            return Ok(existing.into());
        }
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Attachment,
            entity_id: sha.clone(),
            fields: fields(&[
                ("mime", json!(mime)),
                ("size", json!(size)),
                ("name", json!(clean_name(name))),
            ]),
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        let conn = self.archive.conn_mut();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        blob::put(&tx, bytes)?;
        // Bytes that arrive for an attachment already described need no new op.
        if !known {
            dossier_store::oplog::write_in(&tx, now, Some(&officer), vec![change])?;
        }
        tx.commit()?;
        query::attachment(self.archive.conn(), &sha)?
            .map(Into::into)
            .ok_or_else(|| Error::Internal("the new attachment cannot be read back".into()))
    }

    /// An attachment's MIME type and bytes.
    pub fn attachment_data(&self, sha256: &str) -> Result<(String, Vec<u8>)> {
        self.require(Action::ViewSubjects, "view attachments")?;
        let conn = self.archive.conn();
        let a = query::attachment(conn, sha256)?
            .ok_or_else(|| Error::NotFound("The attachment".into()))?;
        let bytes = blob::get(conn, sha256)?.ok_or_else(|| {
            Error::NotFound(
                "The attachment's content (it may still be on its way from another site)".into(),
            )
        })?;
        Ok((a.mime, bytes))
    }

    /// Stores the file at `path` as an attachment (for hosts that let people pick a file).
    /// Too large a file is refused before it is read.
    pub fn attachment_add_file(
        &mut self,
        path: &std::path::Path,
        env: &mut Env,
    ) -> Result<AttachmentView> {
        self.require(Action::EditSubjects, "add attachments")?;
        let unreadable = |e: std::io::Error| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "there is no such file",
                std::io::ErrorKind::PermissionDenied => "permission denied",
                std::io::ErrorKind::IsADirectory => "it is a folder, not a file",
                _ => "it cannot be read",
            };
            Error::Invalid(format!(
                "The file cannot be attached: {why}. Choose another file."
            ))
        };
        let size = std::fs::metadata(path).map_err(unreadable)?.len();
        if size > MAX_ATTACHMENT_BYTES {
            return Err(Error::AttachmentTooLarge {
                size,
                limit: MAX_ATTACHMENT_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(unreadable)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.attachment_add(&bytes, &name, env)
    }

    /// An attachment as a `data:` URL (for an `<img>` or a PDF viewer in the UI).
    pub fn attachment_data_url(&self, sha256: &str) -> Result<String> {
        use base64::Engine;
        let (mime, bytes) = self.attachment_data(sha256)?;
        Ok(format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    }

    /// The description of an attachment, if the archive has it.
    pub fn attachment(&self, sha256: &str) -> Result<Option<AttachmentView>> {
        self.require(Action::ViewSubjects, "view attachments")?;
        Ok(query::attachment(self.archive.conn(), sha256)?.map(Into::into))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        dossier_store::Error::from(e).into()
    }
}
