//! The manifest: a bundle's signed table of contents.
//!
//! It is serialised once, by [`Manifest::to_bytes`], and those exact bytes are what the
//! sender signs (after the [`crate::keys::TAG_MANIFEST`] type tag), what travels as
//! `manifest.json`, and what the next manifest's `prev_manifest_hash` names. The reader never
//! re-serialises to check a signature; it checks the bytes it received. What is not here:
//! the op and attachment bytes themselves (see [`crate::format`](mod@crate::format)), and whether the sender is
//! trusted (see [`crate::plan`]).

use std::collections::BTreeMap;

use dossier_core::hlc::Hlc;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The bundle format this version writes, and the newest it reads. Version 2 added
/// `covers` and `imported`; a version-1 manifest reads with both empty.
pub const FORMAT_VERSION: u32 = 2;

/// Who a bundle is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleRecipient {
    /// The `age1…` X25519 recipient the bundle is encrypted to.
    pub age_recipient: String,
    /// The receiving device (an office's device id for village bundles).
    pub device_id: String,
}

/// All operations of one origin with sequence numbers `from_seq..=to_seq`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpRange {
    pub origin: String,
    pub from_seq: u64,
    pub to_seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format_version: u32,
    /// Made by the sender (a UUIDv7); names the bundle in messages.
    pub bundle_id: String,
    pub sender: String,
    /// Serial of the sender's certificate, which travels as `certificate.json`.
    pub sender_serial: u64,
    pub recipient: BundleRecipient,
    pub created_hlc: Hlc,
    /// Sorted by origin, then sequence.
    pub ranges: Vec<OpRange>,
    /// The sender's acknowledgement vector: per origin, the highest sequence number up to
    /// which the sender holds every operation.
    pub ack: BTreeMap<String, u64>,
    pub op_count: u64,
    /// Every file in the bundle except `manifest.json` and `manifest.sig`, by name, with
    /// its SHA-256 (hex).
    pub files: BTreeMap<String, String>,
    /// SHA-256 (hex) of each attachment carried, sorted.
    pub attachments: Vec<String>,
    /// SHA-256 of the previous manifest's bytes from this sender; `None` for the first.
    pub prev_manifest_hash: Option<String>,
    /// This bundle's place in the sender's chain, from 1.
    pub seq: u64,
    /// Per origin, sequence ranges in which this bundle carries every operation the
    /// recipient is meant to have: an office leaves out other villages' files and says so
    /// here, so the village's mark moves past them instead of waiting for them. Only an
    /// office's claims are believed. Sorted by origin.
    #[serde(default)]
    pub covers: Vec<OpRange>,
    /// Per sender, the highest bundle number of its chain the sender of this bundle has
    /// imported: how an office learns that a file it shared in full has arrived.
    #[serde(default)]
    pub imported: BTreeMap<String, u64>,
}

/// Just enough of a manifest to read its version before trusting the rest of its shape,
/// so a newer format is reported as newer rather than as damaged.
#[derive(Deserialize)]
pub(crate) struct VersionProbe {
    pub format_version: u32,
}

impl Manifest {
    /// The canonical bytes: serde_json of the struct, whose field order is fixed and whose
    /// maps are sorted, so the same manifest always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest serialises")
    }

    /// The chain hash of these exact bytes.
    pub fn hash_bytes(bytes: &[u8]) -> String {
        sha256_hex(bytes)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether `s` looks like a SHA-256 in lower-case hex (an attachment's name).
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
