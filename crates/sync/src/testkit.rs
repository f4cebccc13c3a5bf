//! Test fixtures: synthetic keys, certificates, ops and hand-made bundle payloads. Compiled
//! for tests (and the fuzz seed builder) only; every name and value in it is made up.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use dossier_core::hlc::Hlc;
use dossier_core::op::{Entity, Op, SCHEMA_VERSION};
use rand::SeedableRng;
use serde_json::json;

use crate::format::{BundleInput, Limits};
use crate::keys::{Certificate, DeviceKeys, DeviceRole, EnrolmentRequest, SignedFile};
use crate::manifest::{BundleRecipient, Manifest};

pub fn rng(seed: u64) -> rand_chacha::ChaCha20Rng {
    rand_chacha::ChaCha20Rng::seed_from_u64(seed)
}

/// An office and the devices it enrolled.
#[allow(dead_code)] // office_cert is used by the import tests
pub struct World {
    pub office: DeviceKeys,
    pub office_cert: SignedFile,
    pub devices: Vec<(DeviceKeys, SignedFile)>,
}

impl World {
    /// An office (prefix `330723`) and one village device per prefix given.
    pub fn new(seed: u64, village_prefixes: &[&str]) -> World {
        let mut r = rng(seed);
        let office = DeviceKeys::generate("dev-office", &mut r);
        let req = EnrolmentRequest::verify(&EnrolmentRequest::make(&office, "office", "330723", 0))
            .unwrap();
        let office_cert = Certificate::issue(&req, &office, "330723", DeviceRole::Office, 1, 0);
        let devices = village_prefixes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let k = DeviceKeys::generate(&format!("dev-v{i}"), &mut r);
                let req =
                    EnrolmentRequest::verify(&EnrolmentRequest::make(&k, "site", p, 0)).unwrap();
                let c = Certificate::issue(&req, &office, p, DeviceRole::Village, 10 + i as u64, 0);
                (k, c)
            })
            .collect();
        World {
            office,
            office_cert,
            devices,
        }
    }
}

/// A synthetic subject-creating op.
pub fn subject_op(device: &str, seq: u64, subject: &str, jurisdiction: &str) -> Op {
    let mut fields = BTreeMap::new();
    fields.insert("name".to_owned(), json!(format!("Test {subject}")));
    fields.insert("jurisdiction".to_owned(), json!(jurisdiction));
    Op {
        op_id: format!("op-{device}-{seq}"),
        device_id: device.to_owned(),
        device_seq: seq,
        hlc: Hlc {
            ms: 1_700_000_000_000 + seq as i64,
            counter: 0,
        },
        user_id: None,
        entity: Entity::Subject,
        entity_id: subject.to_owned(),
        base: None,
        fields,
        schema_version: SCHEMA_VERSION,
    }
}

pub fn draft(
    sender: &str,
    serial: u64,
    to: &DeviceKeys,
    seq: u64,
    prev: Option<String>,
) -> Manifest {
    Manifest {
        format_version: 0,
        bundle_id: format!("bundle-{sender}-{seq}"),
        sender: sender.to_owned(),
        sender_serial: serial,
        recipient: BundleRecipient {
            age_recipient: to.age_recipient(),
            device_id: to.device_id.clone(),
        },
        created_hlc: Hlc {
            ms: 1_700_000_000_000,
            counter: 0,
        },
        ranges: vec![],
        ack: BTreeMap::new(),
        op_count: 0,
        files: BTreeMap::new(),
        attachments: vec![],
        prev_manifest_hash: prev,
        seq,
        covers: vec![],
        imported: BTreeMap::new(),
    }
}

/// A village-to-office bundle input with `n` subject ops.
pub fn sample_input(w: &World, n: u64) -> BundleInput {
    let (k, c) = &w.devices[0];
    BundleInput {
        manifest: draft(&k.device_id, 10, &w.office, 1, None),
        ops: (1..=n)
            .map(|s| subject_op(&k.device_id, s, &format!("s{s}"), "330723101001"))
            .collect(),
        attachments: vec![b"synthetic attachment".to_vec()],
        certificate: c.clone(),
        certificates: vec![],
        revocations: vec![],
    }
}

pub fn small_limits() -> Limits {
    Limits {
        max_bundle_bytes: 1 << 20,
        max_unpacked_bytes: 4 << 20,
        max_entries: 64,
        max_file_bytes: 1 << 20,
        max_ops: 10_000,
    }
}

/// The (name, bytes) entries of a payload, in order.
pub fn unpack_raw(payload: &[u8]) -> Vec<(String, Vec<u8>)> {
    let tar = zstd::decode_all(payload).unwrap();
    let mut a = tar::Archive::new(tar.as_slice());
    a.entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let name = String::from_utf8(e.path_bytes().into_owned()).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (name, b)
        })
        .collect()
}

/// A payload from raw entries; names are written into the header as given, even ones the
/// tar crate would refuse (`../x`), so the reader's own checks are what is tested.
pub fn pack_raw(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, bytes) in entries {
        let mut h = tar::Header::new_ustar();
        let field = &mut h.as_old_mut().name;
        field.fill(0);
        field[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(bytes.len() as u64);
        h.set_mode(0o600);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(bytes);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    zstd::encode_all(out.as_slice(), 3).unwrap()
}

/// Replaces the manifest (re-signing it with `signer`) in a raw entry list.
pub fn with_manifest(
    entries: &[(String, Vec<u8>)],
    manifest: &Manifest,
    signer: &DeviceKeys,
) -> Vec<(String, Vec<u8>)> {
    let bytes = manifest.to_bytes();
    let sig = signer.sign_tagged(crate::keys::TAG_MANIFEST, &bytes);
    entries
        .iter()
        .map(|(n, b)| match n.as_str() {
            "manifest.json" => (n.clone(), bytes.clone()),
            "manifest.sig" => (n.clone(), sig.clone().into_bytes()),
            _ => (n.clone(), b.clone()),
        })
        .collect()
}

pub fn manifest_of(entries: &[(String, Vec<u8>)]) -> Manifest {
    serde_json::from_slice(&entries.iter().find(|e| e.0 == "manifest.json").unwrap().1).unwrap()
}

/// Encrypts a payload to `to`.
pub fn seal(payload: &[u8], to: &DeviceKeys) -> Vec<u8> {
    let r: age::x25519::Recipient = to.age_recipient().parse().unwrap();
    let enc = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).unwrap();
    w.write_all(payload).unwrap();
    w.finish().unwrap();
    out
}
