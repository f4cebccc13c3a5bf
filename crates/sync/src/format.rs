//! The bundle file: writing it, and reading it back with every check that needs no archive.
//!
//! A bundle is an `age` file (X25519, to the recipient's key) whose plaintext is a `tar.zst`
//! holding, in this order:
//!
//! - `manifest.json`: the [`Manifest`]'s exact bytes;
//! - `manifest.sig`: hex Ed25519 signature over [`TAG_MANIFEST`] followed by those bytes;
//! - `certificate.json`: the sender's certificate, signed by the office;
//! - `ops.ndjson`: one [`Op`] per line, as serde_json writes it;
//! - `certificates.ndjson`, `revocations.ndjson`: office bundles only, one signed file a line;
//! - `attachments/<sha256>`: attachment bytes, named by their hash.
//!
//! Reading ([`read_bundle`]) decrypts, unpacks within [`Limits`] (entry count, sizes, only
//! the names above, no duplicates), checks the version before anything else, the sender's
//! certificate against the office key, the manifest signature, every file's hash, and that
//! the ops parse strictly and agree with the manifest's count and ranges. It decides
//! nothing about the receiving archive (chain, scope, revocations, what is new): that is
//! [`crate::plan`]. Errors are [`BundleError`]s, worded for the person holding the USB stick.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};

use dossier_core::op::{self, Op};
use ed25519_dalek::VerifyingKey;

use crate::keys::{
    Certificate, DeviceKeys, KeyError, Revocation, SignedFile, TAG_MANIFEST, verify_tagged,
};
use crate::manifest::{FORMAT_VERSION, Manifest, OpRange, VersionProbe, is_sha256_hex, sha256_hex};

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.sig";
pub const CERTIFICATE: &str = "certificate.json";
pub const OPS: &str = "ops.ndjson";
pub const CERTIFICATES: &str = "certificates.ndjson";
pub const REVOCATIONS: &str = "revocations.ndjson";
pub const ATTACHMENT_DIR: &str = "attachments/";

const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// Why a bundle could not be read. Every message says what to do next; none contains
/// personal data.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("This bundle is damaged (it ends early). Ask the sender to export it again.")]
    Truncated,
    #[error(
        "This bundle is damaged (it ends early or some of its bytes were changed on the way). Ask the sender to export it again."
    )]
    Damaged,
    #[error("This bundle is damaged inside ({detail}). Ask the sender to export it again.")]
    Malformed { detail: String },
    #[error("This is not a Dossier bundle.")]
    NotABundle,
    #[error("This bundle was made for another office.")]
    NotForUs,
    #[error(
        "This bundle was made by a newer version of Dossier (format {found}); update Dossier to import it."
    )]
    TooNew { found: u32 },
    #[error(
        "The bundle's signature does not match its contents: it was changed after it was made. Do not import it; ask the sender for a new one."
    )]
    BadSignature,
    #[error(
        "The file {name} inside the bundle does not match its manifest: it was changed after the bundle was made. Do not import it; ask the sender for a new one."
    )]
    HashMismatch { name: String },
    #[error(
        "The bundle holds a file with an unsafe name ({name}). Do not import it; tell the office."
    )]
    UnsafePath { name: String },
    #[error(
        "The bundle holds the file {name} twice. Do not import it; ask the sender for a new one."
    )]
    Duplicate { name: String },
    #[error("The bundle is larger than Dossier accepts ({what}). Ask the office for help.")]
    TooLarge { what: &'static str },
    #[error(
        "The bundle says it holds {stated} operations but holds {found}. Do not import it; ask the sender for a new one."
    )]
    OpCount { stated: u64, found: u64 },
    #[error(
        "The bundle's list of operation ranges does not match the operations it holds. Do not import it; ask the sender for a new one."
    )]
    Ranges,
    #[error(
        "Operation {line} in the bundle is unreadable ({reason}). Ask the sender to export it again."
    )]
    BadOp { line: usize, reason: String },
    #[error("The sender's certificate is not valid: {0}")]
    Certificate(KeyError),
    #[error("The office's certificates or revocations in this bundle are not valid: {0}")]
    OfficeDocument(KeyError),
    #[error("Could not write the bundle: {0}")]
    Io(#[from] std::io::Error),
}

/// Upper bounds on what a reader accepts, so a hostile or broken file cannot exhaust memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bundle_bytes: usize,
    pub max_unpacked_bytes: u64,
    pub max_entries: usize,
    pub max_file_bytes: u64,
    pub max_ops: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bundle_bytes: 2 << 30,
            max_unpacked_bytes: 4 << 30,
            max_entries: 200_000,
            max_file_bytes: 1 << 30,
            max_ops: 5_000_000,
        }
    }
}

/// What goes into a bundle. The writer fills in the manifest's `format_version`, `ranges`,
/// `op_count`, `files` and `attachments`; the caller gives everything else.
#[derive(Debug, Clone)]
pub struct BundleInput {
    pub manifest: Manifest,
    pub ops: Vec<Op>,
    pub attachments: Vec<Vec<u8>>,
    /// The sender's own certificate.
    pub certificate: SignedFile,
    /// Office bundles: certificates of other devices, and revocations.
    pub certificates: Vec<SignedFile>,
    pub revocations: Vec<SignedFile>,
}

/// A bundle that passed every check [`read_bundle`] can make without the archive.
#[derive(Debug, Clone)]
pub struct OpenedBundle {
    pub manifest: Manifest,
    /// SHA-256 of `manifest.json`'s bytes: this bundle's link in the sender's chain.
    pub manifest_hash: String,
    pub certificate: Certificate,
    /// In the order they were in `ops.ndjson`.
    pub ops: Vec<Op>,
    pub attachments: BTreeMap<String, Vec<u8>>,
    pub certificates: Vec<(Certificate, SignedFile)>,
    pub revocations: Vec<(Revocation, SignedFile)>,
}

/// The contiguous runs of sequence numbers per origin, sorted: what a manifest's `ranges`
/// must say for these ops. `None` when an (origin, seq) pair repeats.
pub fn ranges_of(ops: &[Op]) -> Option<Vec<OpRange>> {
    let mut keys: Vec<(&str, u64)> = ops
        .iter()
        .map(|o| (o.device_id.as_str(), o.device_seq))
        .collect();
    keys.sort_unstable();
    let mut out: Vec<OpRange> = Vec::new();
    for (origin, seq) in keys {
        match out.last_mut() {
            Some(r) if r.origin == origin && r.to_seq == seq => return None,
            Some(r) if r.origin == origin && r.to_seq + 1 == seq => r.to_seq = seq,
            _ => out.push(OpRange {
                origin: origin.to_owned(),
                from_seq: seq,
                to_seq: seq,
            }),
        }
    }
    Some(out)
}

fn ndjson<T: serde::Serialize>(items: &[T]) -> Vec<u8> {
    let mut out = Vec::new();
    for item in items {
        serde_json::to_writer(&mut out, item).expect("serialises");
        out.push(b'\n');
    }
    out
}

fn append(tar: &mut tar::Builder<Vec<u8>>, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    // Fixed metadata: the same content always makes the same tar, and nothing about the
    // sender's machine (user names, times) leaks into it.
    let mut h = tar::Header::new_ustar();
    h.set_size(bytes.len() as u64);
    h.set_mode(0o600);
    h.set_mtime(0);
    h.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut h, name, bytes)
}

/// A bundle as written: its bytes and the manifest they carry.
#[derive(Debug, Clone)]
pub struct WrittenBundle {
    pub bytes: Vec<u8>,
    pub manifest: Manifest,
    /// SHA-256 of the manifest's bytes: what the sender's next manifest names as previous.
    pub manifest_hash: String,
}

/// Builds, signs and encrypts a bundle.
pub fn write_bundle(
    input: BundleInput,
    sender: &DeviceKeys,
    recipient: &age::x25519::Recipient,
) -> Result<WrittenBundle, BundleError> {
    let mut bytes = Vec::new();
    let manifest = write_bundle_to(&mut bytes, input, sender, recipient)?;
    Ok(WrittenBundle {
        bytes,
        manifest_hash: Manifest::hash_bytes(&manifest.to_bytes()),
        manifest,
    })
}

/// As [`write_bundle`], to any writer; returns the manifest written.
pub fn write_bundle_to(
    out: impl Write,
    input: BundleInput,
    sender: &DeviceKeys,
    recipient: &age::x25519::Recipient,
) -> Result<Manifest, BundleError> {
    let (payload, manifest) = build_payload_with_manifest(input, sender)?;
    let enc = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient))
        .expect("one recipient");
    let mut w = enc.wrap_output(out)?;
    w.write_all(&payload)?;
    w.finish()?;
    Ok(manifest)
}

/// The signed `tar.zst` before encryption. Public so tests and the fuzzer can build
/// payloads the writer would never make.
pub fn build_payload(input: BundleInput, sender: &DeviceKeys) -> Result<Vec<u8>, BundleError> {
    Ok(build_payload_with_manifest(input, sender)?.0)
}

fn build_payload_with_manifest(
    mut input: BundleInput,
    sender: &DeviceKeys,
) -> Result<(Vec<u8>, Manifest), BundleError> {
    let mut ops = std::mem::take(&mut input.ops);
    ops.sort_by(|a, b| (&a.device_id, a.device_seq).cmp(&(&b.device_id, b.device_seq)));
    let ranges = ranges_of(&ops).ok_or_else(|| BundleError::Malformed {
        detail: "an operation is listed twice".into(),
    })?;
    let ops_bytes = ndjson(&ops);
    let cert_bytes = input.certificate.to_bytes();
    let certs_bytes = ndjson(&input.certificates);
    let revs_bytes = ndjson(&input.revocations);
    let mut attachments: BTreeMap<String, &[u8]> = BTreeMap::new();
    for a in &input.attachments {
        attachments.insert(sha256_hex(a), a);
    }

    let mut files = BTreeMap::new();
    files.insert(OPS.to_owned(), sha256_hex(&ops_bytes));
    files.insert(CERTIFICATE.to_owned(), sha256_hex(&cert_bytes));
    if !input.certificates.is_empty() {
        files.insert(CERTIFICATES.to_owned(), sha256_hex(&certs_bytes));
    }
    if !input.revocations.is_empty() {
        files.insert(REVOCATIONS.to_owned(), sha256_hex(&revs_bytes));
    }
    let mut m = input.manifest;
    m.format_version = FORMAT_VERSION;
    m.ranges = ranges;
    m.op_count = ops.len() as u64;
    m.files = files;
    m.attachments = attachments.keys().cloned().collect();
    let manifest_bytes = m.to_bytes();
    let sig = sender.sign_tagged(TAG_MANIFEST, &manifest_bytes);

    let mut tar = tar::Builder::new(Vec::new());
    append(&mut tar, MANIFEST, &manifest_bytes)?;
    append(&mut tar, SIGNATURE, sig.as_bytes())?;
    append(&mut tar, CERTIFICATE, &cert_bytes)?;
    append(&mut tar, OPS, &ops_bytes)?;
    if !input.certificates.is_empty() {
        append(&mut tar, CERTIFICATES, &certs_bytes)?;
    }
    if !input.revocations.is_empty() {
        append(&mut tar, REVOCATIONS, &revs_bytes)?;
    }
    for (hash, bytes) in &attachments {
        append(&mut tar, &format!("{ATTACHMENT_DIR}{hash}"), bytes)?;
    }
    let tar_bytes = tar.into_inner()?;
    Ok((zstd::encode_all(tar_bytes.as_slice(), 3)?, m))
}

/// Decrypts, unpacks and checks a bundle. `office` is the office key the archive trusts:
/// the sender's certificate, and any certificates or revocations carried, must be signed
/// with it.
pub fn read_bundle(
    bytes: &[u8],
    identity: &age::x25519::Identity,
    office: &VerifyingKey,
    limits: &Limits,
) -> Result<OpenedBundle, BundleError> {
    if bytes.len() > limits.max_bundle_bytes {
        return Err(BundleError::TooLarge { what: "the file" });
    }
    let payload = decrypt(bytes, identity, limits)?;
    let opened = open_payload(&payload, office, limits)?;
    // The signature covers the recipient, so a bundle re-encrypted by its rightful reader
    // for someone else is still recognisably not theirs.
    if opened.manifest.recipient.age_recipient != identity.to_public().to_string() {
        return Err(BundleError::NotForUs);
    }
    Ok(opened)
}

fn decrypt(
    bytes: &[u8],
    identity: &age::x25519::Identity,
    limits: &Limits,
) -> Result<Vec<u8>, BundleError> {
    if !bytes.starts_with(AGE_MAGIC) {
        return Err(if AGE_MAGIC.starts_with(bytes) && !bytes.is_empty() {
            BundleError::Truncated
        } else {
            BundleError::NotABundle
        });
    }
    let dec = match age::Decryptor::new_buffered(bytes) {
        Ok(d) => d,
        Err(age::DecryptError::Io(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(BundleError::Truncated);
        }
        Err(_) if !has_header_end(bytes) => return Err(BundleError::Truncated),
        Err(_) => return Err(BundleError::Damaged),
    };
    let mut reader = match dec.decrypt(std::iter::once(identity as &dyn age::Identity)) {
        Ok(r) => r,
        Err(age::DecryptError::NoMatchingKeys) => return Err(BundleError::NotForUs),
        Err(age::DecryptError::Io(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(BundleError::Truncated);
        }
        Err(_) => return Err(BundleError::Damaged),
    };
    let mut out = Vec::new();
    (&mut reader)
        .take(limits.max_unpacked_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => BundleError::Truncated,
            _ => BundleError::Damaged,
        })?;
    if out.len() as u64 > limits.max_unpacked_bytes {
        return Err(BundleError::TooLarge {
            what: "its contents",
        });
    }
    Ok(out)
}

/// Whether an age file's header ends (the `---` MAC line is complete) within `bytes`.
fn has_header_end(bytes: &[u8]) -> bool {
    bytes
        .windows(4)
        .position(|w| w == b"\n---")
        .is_some_and(|i| bytes[i + 1..].contains(&b'\n'))
}

/// Unpacks and checks a decrypted payload (`tar.zst`). See [`read_bundle`].
pub fn open_payload(
    payload: &[u8],
    office: &VerifyingKey,
    limits: &Limits,
) -> Result<OpenedBundle, BundleError> {
    let files = unpack(payload, limits)?;
    let take = |name: &str| files.get(name).map(Vec::as_slice);
    let manifest_bytes = take(MANIFEST).ok_or_else(|| missing(MANIFEST))?;

    // The version first: a newer format must say so, not claim to be damaged.
    let probe: VersionProbe =
        serde_json::from_slice(manifest_bytes).map_err(|_| BundleError::Malformed {
            detail: "the manifest is unreadable".into(),
        })?;
    if probe.format_version > FORMAT_VERSION {
        return Err(BundleError::TooNew {
            found: probe.format_version,
        });
    }
    let manifest: Manifest =
        serde_json::from_slice(manifest_bytes).map_err(|_| BundleError::Malformed {
            detail: "the manifest is unreadable".into(),
        })?;

    let cert_file = SignedFile::from_bytes(
        take(CERTIFICATE).ok_or_else(|| missing(CERTIFICATE))?,
        "certificate",
    )
    .map_err(BundleError::Certificate)?;
    let certificate = Certificate::verify(&cert_file, office).map_err(BundleError::Certificate)?;
    if certificate.device_id != manifest.sender || certificate.serial != manifest.sender_serial {
        return Err(BundleError::Certificate(KeyError::OtherDevice {
            expected: manifest.sender.clone(),
            found: certificate.device_id.clone(),
        }));
    }
    let sender_key = certificate
        .verifying_key()
        .map_err(BundleError::Certificate)?;
    let sig = take(SIGNATURE).ok_or_else(|| missing(SIGNATURE))?;
    let sig = std::str::from_utf8(sig).map_err(|_| BundleError::BadSignature)?;
    verify_tagged(
        &sender_key,
        TAG_MANIFEST,
        manifest_bytes,
        sig.trim(),
        "bundle",
    )
    .map_err(|_| BundleError::BadSignature)?;

    // From here the manifest is the sender's word: every other file must match it exactly.
    let mut expected: BTreeSet<String> = manifest.files.keys().cloned().collect();
    for a in &manifest.attachments {
        if !is_sha256_hex(a) {
            return Err(BundleError::Malformed {
                detail: "an attachment is misnamed".into(),
            });
        }
        expected.insert(format!("{ATTACHMENT_DIR}{a}"));
    }
    for (name, bytes) in &files {
        if name == MANIFEST || name == SIGNATURE {
            continue;
        }
        if !expected.remove(name) {
            return Err(BundleError::Malformed {
                detail: format!("the file {name} is not in its manifest"),
            });
        }
        let want = match name.strip_prefix(ATTACHMENT_DIR) {
            Some(h) => h,
            None => &manifest.files[name],
        };
        if sha256_hex(bytes) != *want {
            return Err(BundleError::HashMismatch { name: name.clone() });
        }
    }
    if let Some(name) = expected.into_iter().next() {
        return Err(missing(&name));
    }

    let ops = parse_ops(take(OPS).ok_or_else(|| missing(OPS))?, limits)?;
    if ops.len() as u64 != manifest.op_count {
        return Err(BundleError::OpCount {
            stated: manifest.op_count,
            found: ops.len() as u64,
        });
    }
    match ranges_of(&ops) {
        Some(r) if r == manifest.ranges => {}
        Some(_) => return Err(BundleError::Ranges),
        None => {
            return Err(BundleError::Malformed {
                detail: "an operation is there twice".into(),
            });
        }
    }

    let certificates = parse_signed(take(CERTIFICATES), "certificate", |f| {
        Certificate::verify(f, office)
    })?;
    let revocations = parse_signed(take(REVOCATIONS), "revocation", |f| {
        Revocation::verify(f, office)
    })?;
    let manifest_hash = Manifest::hash_bytes(manifest_bytes);
    let attachments = files
        .into_iter()
        .filter_map(|(n, b)| n.strip_prefix(ATTACHMENT_DIR).map(|h| (h.to_owned(), b)))
        .collect();
    Ok(OpenedBundle {
        manifest_hash,
        manifest,
        certificate,
        ops,
        attachments,
        certificates,
        revocations,
    })
}

fn missing(name: &str) -> BundleError {
    BundleError::Malformed {
        detail: format!("the file {name} is missing"),
    }
}

fn parse_signed<T>(
    bytes: Option<&[u8]>,
    what: &'static str,
    verify: impl Fn(&SignedFile) -> Result<T, KeyError>,
) -> Result<Vec<(T, SignedFile)>, BundleError> {
    let Some(bytes) = bytes else {
        return Ok(Vec::new());
    };
    let text = std::str::from_utf8(bytes).map_err(|_| BundleError::Malformed {
        detail: format!("a {what} list is not text"),
    })?;
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f =
                SignedFile::from_bytes(l.as_bytes(), what).map_err(BundleError::OfficeDocument)?;
            Ok((verify(&f).map_err(BundleError::OfficeDocument)?, f))
        })
        .collect()
}

/// Parses `ops.ndjson` strictly: each line must be an op exactly as serde_json writes it
/// (so its bytes, and therefore its content hash, are canonical), with declared fields only
/// and a schema this version knows.
fn parse_ops(bytes: &[u8], limits: &Limits) -> Result<Vec<Op>, BundleError> {
    let text = std::str::from_utf8(bytes).map_err(|_| BundleError::BadOp {
        line: 0,
        reason: "not text".into(),
    })?;
    if !text.is_empty() && !text.ends_with('\n') {
        return Err(BundleError::BadOp {
            line: text.lines().count(),
            reason: "the last line is cut short".into(),
        });
    }
    let mut ops = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if ops.len() >= limits.max_ops {
            return Err(BundleError::TooLarge {
                what: "too many operations",
            });
        }
        let bad = |reason: &str| BundleError::BadOp {
            line: n,
            reason: reason.to_owned(),
        };
        let op: Op = serde_json::from_str(line).map_err(|_| bad("not an operation"))?;
        if serde_json::to_string(&op).expect("serialises") != line {
            return Err(bad("not written the way Dossier writes operations"));
        }
        if op.schema_version > op::SCHEMA_VERSION {
            return Err(BundleError::TooNew {
                found: op.schema_version,
            });
        }
        if op.device_seq == 0 {
            return Err(bad("sequence number 0"));
        }
        op::check_fields(op.entity, &op.fields).map_err(|e| bad(&e.to_string()))?;
        ops.push(op);
    }
    Ok(ops)
}

/// Decompresses and untars within limits. Only known names, regular files, no duplicates.
fn unpack(payload: &[u8], limits: &Limits) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
    let zerr = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => BundleError::Truncated,
        _ => BundleError::Malformed {
            detail: "its compressed contents are unreadable".into(),
        },
    };
    let mut tar_bytes = Vec::new();
    zstd::stream::read::Decoder::with_buffer(payload)
        .map_err(zerr)?
        .take(limits.max_unpacked_bytes + 1)
        .read_to_end(&mut tar_bytes)
        .map_err(zerr)?;
    if tar_bytes.len() as u64 > limits.max_unpacked_bytes {
        return Err(BundleError::TooLarge {
            what: "its contents",
        });
    }
    let terr = |_| BundleError::Malformed {
        detail: "its file list is unreadable".into(),
    };
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let mut files = BTreeMap::new();
    for entry in archive.entries().map_err(terr)? {
        let mut entry = entry.map_err(terr)?;
        if files.len() >= limits.max_entries {
            return Err(BundleError::TooLarge {
                what: "too many files",
            });
        }
        let raw = entry.path_bytes().into_owned();
        let name = String::from_utf8_lossy(&raw).into_owned();
        if !entry.header().entry_type().is_file() || !allowed_name(&name) {
            return Err(BundleError::UnsafePath {
                name: name.chars().take(80).collect(),
            });
        }
        let size = entry.header().size().map_err(terr)?;
        if size > limits.max_file_bytes {
            return Err(BundleError::TooLarge {
                what: "a file inside it",
            });
        }
        // The header's size is the sender's word: never reserve more than the tar holds.
        let mut bytes = Vec::with_capacity(size.min(tar_bytes.len() as u64) as usize);
        entry.read_to_end(&mut bytes).map_err(terr)?;
        if files.insert(name.clone(), bytes).is_some() {
            return Err(BundleError::Duplicate { name });
        }
    }
    Ok(files)
}

fn allowed_name(name: &str) -> bool {
    matches!(
        name,
        MANIFEST | SIGNATURE | CERTIFICATE | OPS | CERTIFICATES | REVOCATIONS
    ) || name.strip_prefix(ATTACHMENT_DIR).is_some_and(is_sha256_hex)
}

#[cfg(test)]
mod tests;
