//! One test per way a bundle can be bad, each checking the error the person will see.

use super::*;
use crate::testkit::*;

struct Case {
    w: World,
    bundle: Vec<u8>,
    payload: Vec<u8>,
}

fn case() -> Case {
    let w = World::new(1, &["330723101"]);
    let sender = &w.devices[0].0;
    let payload = build_payload(sample_input(&w, 5), sender).unwrap();
    let bundle = seal(&payload, &w.office);
    Case { w, bundle, payload }
}

fn read(c: &Case, bytes: &[u8]) -> Result<OpenedBundle, BundleError> {
    read_bundle(
        bytes,
        &c.w.office.age_identity(),
        &c.w.office.verifying_key(),
        &small_limits(),
    )
}

fn read_payload(c: &Case, payload: &[u8]) -> Result<OpenedBundle, BundleError> {
    read(c, &seal(payload, &c.w.office))
}

#[test]
fn a_written_bundle_reads_back() {
    let c = case();
    let recipient: age::x25519::Recipient = c.w.office.age_recipient().parse().unwrap();
    let written = write_bundle(sample_input(&c.w, 5), &c.w.devices[0].0, &recipient).unwrap();
    let b = read(&c, &written.bytes).unwrap();
    assert_eq!(b.manifest_hash, written.manifest_hash);
    assert_eq!(b.ops.len(), 5);
    assert_eq!(b.manifest.op_count, 5);
    assert_eq!(b.manifest.ranges.len(), 1);
    assert_eq!(
        (b.manifest.ranges[0].from_seq, b.manifest.ranges[0].to_seq),
        (1, 5)
    );
    assert_eq!(b.attachments.len(), 1);
    assert_eq!(b.certificate.device_id, "dev-v0");
    assert_eq!(b.manifest_hash.len(), 64);
    // The payload is deterministic: same input, same bytes.
    assert_eq!(
        build_payload(sample_input(&c.w, 5), &c.w.devices[0].0).unwrap(),
        c.payload
    );
}

#[test]
fn truncated_bundles_are_refused() {
    let c = case();
    for cut in [5, 30, c.bundle.len() / 2, c.bundle.len() - 1] {
        let e = read(&c, &c.bundle[..cut]).unwrap_err();
        assert!(
            matches!(e, BundleError::Truncated | BundleError::Damaged),
            "cut at {cut}: {e}"
        );
    }
    assert!(matches!(
        read(&c, &c.bundle[..10]).unwrap_err(),
        BundleError::Truncated
    ));
    assert_eq!(
        BundleError::Truncated.to_string(),
        "This bundle is damaged (it ends early). Ask the sender to export it again."
    );
}

#[test]
fn a_flipped_bit_in_the_ciphertext_is_refused() {
    let c = case();
    for at in [c.bundle.len() - 20, c.bundle.len() / 2, 60] {
        let mut b = c.bundle.clone();
        b[at] ^= 0x10;
        let e = read(&c, &b).unwrap_err();
        assert!(
            matches!(
                e,
                BundleError::Damaged | BundleError::Truncated | BundleError::NotForUs
            ),
            "flip at {at}: {e}"
        );
    }
}

#[test]
fn a_changed_manifest_with_the_old_signature_is_refused() {
    let c = case();
    let mut entries = unpack_raw(&c.payload);
    let m = entries.iter_mut().find(|e| e.0 == MANIFEST).unwrap();
    // Re-encrypting is easy for anyone holding the office's public key; the signature is
    // what stops a changed manifest.
    let text = String::from_utf8(m.1.clone())
        .unwrap()
        .replace("\"seq\":1", "\"seq\":2");
    m.1 = text.into_bytes();
    let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
    assert!(matches!(e, BundleError::BadSignature), "{e}");
    assert!(
        e.to_string()
            .starts_with("The bundle's signature does not match its contents")
    );
}

#[test]
fn a_bundle_signed_by_another_key_is_refused() {
    let c = case();
    let entries = unpack_raw(&c.payload);
    let other = &World::new(2, &["330723101"]).devices[0].0;
    let resigned = with_manifest(&entries, &manifest_of(&entries), other);
    let e = read_payload(&c, &pack_raw(&resigned)).unwrap_err();
    assert!(matches!(e, BundleError::BadSignature), "{e}");
}

#[test]
fn a_certificate_from_another_office_is_refused() {
    let c = case();
    let other = World::new(3, &["330723101"]);
    let e = read_bundle(
        &c.bundle,
        &c.w.office.age_identity(),
        &other.office.verifying_key(),
        &small_limits(),
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::Certificate(_)), "{e}");
}

#[test]
fn a_bundle_for_another_office_is_refused() {
    let c = case();
    let other = World::new(4, &[]);
    let e = read_bundle(
        &c.bundle,
        &other.office.age_identity(),
        &c.w.office.verifying_key(),
        &small_limits(),
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::NotForUs), "{e}");
    assert_eq!(e.to_string(), "This bundle was made for another office.");
    // Re-encrypted for another office by someone who could read it: the signed manifest
    // still names the first office.
    let e = read_bundle(
        &seal(&c.payload, &other.office),
        &other.office.age_identity(),
        &c.w.office.verifying_key(),
        &small_limits(),
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::NotForUs), "{e}");
}

#[test]
fn a_newer_format_is_refused_by_version() {
    let c = case();
    let entries = unpack_raw(&c.payload);
    let mut m = manifest_of(&entries);
    m.format_version = 3;
    let e = read_payload(
        &c,
        &pack_raw(&with_manifest(&entries, &m, &c.w.devices[0].0)),
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::TooNew { found: 3 }), "{e}");
    assert_eq!(
        e.to_string(),
        "This bundle was made by a newer version of Dossier (format 3); update Dossier to import it."
    );
    // Even when the rest of the manifest has a shape this version does not know.
    let mut entries = entries;
    entries[0].1 = br#"{"format_version":3,"something_new":[1,2]}"#.to_vec();
    let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
    assert!(matches!(e, BundleError::TooNew { found: 3 }), "{e}");
}

#[test]
fn a_duplicate_entry_is_refused() {
    let c = case();
    let mut entries = unpack_raw(&c.payload);
    let ops = entries.iter().find(|e| e.0 == OPS).unwrap().clone();
    entries.push(ops);
    let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
    assert!(matches!(e, BundleError::Duplicate { .. }), "{e}");
}

#[test]
fn paths_outside_the_bundle_are_refused() {
    let c = case();
    for bad in [
        "../evil",
        "/etc/evil",
        "attachments/../../x",
        "attachments/nothex",
    ] {
        let mut entries = unpack_raw(&c.payload);
        entries.push((bad.to_owned(), b"x".to_vec()));
        let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
        assert!(matches!(e, BundleError::UnsafePath { .. }), "{bad}: {e}");
    }
}

#[test]
fn a_changed_file_is_refused_by_its_hash() {
    let c = case();
    let mut entries = unpack_raw(&c.payload);
    let ops = entries.iter_mut().find(|e| e.0 == OPS).unwrap();
    let text = String::from_utf8(ops.1.clone())
        .unwrap()
        .replace("Test s1", "Test s9");
    ops.1 = text.into_bytes();
    let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
    assert!(
        matches!(e, BundleError::HashMismatch { ref name } if name == OPS),
        "{e}"
    );

    let mut entries = unpack_raw(&c.payload);
    let att = entries
        .iter_mut()
        .find(|e| e.0.starts_with(ATTACHMENT_DIR))
        .unwrap();
    att.1.push(b'!');
    let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
    assert!(matches!(e, BundleError::HashMismatch { .. }), "{e}");
}

#[test]
fn a_wrong_op_count_or_range_is_refused() {
    let c = case();
    let entries = unpack_raw(&c.payload);
    let signer = &c.w.devices[0].0;
    let mut m = manifest_of(&entries);
    m.op_count = 6;
    let e = read_payload(&c, &pack_raw(&with_manifest(&entries, &m, signer))).unwrap_err();
    assert!(
        matches!(
            e,
            BundleError::OpCount {
                stated: 6,
                found: 5
            }
        ),
        "{e}"
    );

    let mut m = manifest_of(&entries);
    m.ranges[0].to_seq = 9;
    let e = read_payload(&c, &pack_raw(&with_manifest(&entries, &m, signer))).unwrap_err();
    assert!(matches!(e, BundleError::Ranges), "{e}");
}

#[test]
fn a_missing_file_or_junk_is_refused() {
    let c = case();
    let entries: Vec<_> = unpack_raw(&c.payload)
        .into_iter()
        .filter(|e| e.0 != OPS)
        .collect();
    let e = read_payload(&c, &pack_raw(&entries)).unwrap_err();
    assert!(matches!(e, BundleError::Malformed { .. }), "{e}");
    let e = read(&c, b"PK\x03\x04 a zip file").unwrap_err();
    assert!(matches!(e, BundleError::NotABundle), "{e}");
    let e = read_payload(&c, b"not zstd").unwrap_err();
    assert!(matches!(e, BundleError::Malformed { .. }), "{e}");
}

#[test]
fn limits_are_enforced() {
    let c = case();
    let limits = Limits {
        max_entries: 3,
        ..small_limits()
    };
    let e = read_bundle(
        &c.bundle,
        &c.w.office.age_identity(),
        &c.w.office.verifying_key(),
        &limits,
    )
    .unwrap_err();
    assert!(matches!(e, BundleError::TooLarge { .. }), "{e}");
}
