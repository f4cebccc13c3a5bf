//! The bundle reader under arbitrary input: what the `cargo fuzz` target
//! (`crates/sync/fuzz`) and the seed-corpus test call.
//!
//! The keys here are fixed and public on purpose (they are made from constant bytes): a
//! fuzzer needs a recipient it can decrypt for and an office whose signatures it can
//! check, so that mutations of valid bundles reach the unpacking and parsing code behind
//! the decryption. Nothing else may use them. The one rule tested: whatever the bytes,
//! reading returns (`Ok` or a [`BundleError`]) and never panics, loops or exhausts memory.

use dossier_core::hlc::Hlc;
use dossier_core::op::{Entity, Op, SCHEMA_VERSION};

use crate::format::{BundleInput, Limits, build_payload, open_payload, read_bundle};
use crate::keys::{Certificate, DeviceKeys, DeviceRole, EnrolmentRequest};
use crate::manifest::{BundleRecipient, Manifest};

/// The fixed office (the recipient and the certificate issuer).
pub fn office() -> DeviceKeys {
    DeviceKeys::from_secret_bytes("fuzz-office", [1; 32], [2; 32])
}

/// The fixed sender.
pub fn sender() -> DeviceKeys {
    DeviceKeys::from_secret_bytes("fuzz-village", [3; 32], [4; 32])
}

/// Limits small enough that a fuzzer's inputs stay fast.
pub fn limits() -> Limits {
    Limits {
        max_bundle_bytes: 1 << 20,
        max_unpacked_bytes: 4 << 20,
        max_entries: 64,
        max_file_bytes: 1 << 20,
        max_ops: 10_000,
    }
}

/// Reads `data` as a bundle. The first byte chooses the layer: odd reads the whole
/// encrypted file, even reads the rest as a decrypted payload (`tar.zst`), which is where
/// most of the parsing lives and which random bytes could never reach through `age`.
pub fn read_any(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let office = office();
    if mode & 1 == 1 {
        let _ = read_bundle(
            rest,
            &office.age_identity(),
            &office.verifying_key(),
            &limits(),
        );
    } else {
        let _ = open_payload(rest, &office.verifying_key(), &limits());
    }
}

/// A valid bundle input from the fixed sender to the fixed office, with `n` ops.
pub fn sample_input(n: u64) -> BundleInput {
    let office = office();
    let sender = sender();
    let req = EnrolmentRequest::verify(&EnrolmentRequest::make(&sender, "site", "330723101", 0))
        .expect("a fresh request verifies");
    let certificate = Certificate::issue(&req, &office, "330723101", DeviceRole::Village, 9, 0);
    let ops = (1..=n)
        .map(|seq| Op {
            op_id: format!("op-{seq}"),
            device_id: sender.device_id.clone(),
            device_seq: seq,
            hlc: Hlc {
                ms: 1_700_000_000_000 + seq as i64,
                counter: 0,
            },
            user_id: Some("officer-1".into()),
            entity: Entity::Subject,
            entity_id: format!("subject-{}", seq % 3),
            base: None,
            fields: [
                ("name".to_owned(), serde_json::json!(format!("Test {seq}"))),
                ("jurisdiction".to_owned(), serde_json::json!("330723101001")),
            ]
            .into_iter()
            .collect(),
            schema_version: SCHEMA_VERSION,
        })
        .collect();
    BundleInput {
        manifest: Manifest {
            format_version: 0,
            bundle_id: "fuzz-bundle".into(),
            sender: sender.device_id.clone(),
            sender_serial: 9,
            recipient: BundleRecipient {
                age_recipient: office.age_recipient(),
                device_id: office.device_id.clone(),
            },
            created_hlc: Hlc {
                ms: 1_700_000_000_000,
                counter: 0,
            },
            ranges: vec![],
            ack: [("fuzz-village".to_owned(), n)].into_iter().collect(),
            op_count: 0,
            files: Default::default(),
            attachments: vec![],
            prev_manifest_hash: None,
            seq: 1,
            covers: vec![],
            imported: Default::default(),
        },
        ops,
        attachments: vec![b"synthetic attachment bytes".to_vec()],
        certificate,
        certificates: vec![],
        revocations: vec![],
    }
}

/// Seed inputs for the fuzzer, already prefixed with their mode byte: valid payloads and
/// valid encrypted bundles of a few sizes.
pub fn seeds() -> Vec<(String, Vec<u8>)> {
    let office = office();
    let recipient: age::x25519::Recipient = office
        .age_recipient()
        .parse()
        .expect("our own recipient parses");
    let mut out = Vec::new();
    for n in [0u64, 1, 5] {
        let payload = build_payload(sample_input(n), &sender()).expect("builds");
        out.push((format!("payload-{n}-ops"), [&[0u8][..], &payload].concat()));
        let bundle = crate::format::write_bundle(sample_input(n), &sender(), &recipient)
            .expect("writes")
            .bytes;
        out.push((format!("bundle-{n}-ops"), [&[1u8][..], &bundle].concat()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::OpenedBundle;
    use rand::{Rng, SeedableRng};

    fn opened(seed: &[u8]) -> Option<OpenedBundle> {
        let office = office();
        let (&mode, rest) = seed.split_first()?;
        if mode & 1 == 1 {
            read_bundle(
                rest,
                &office.age_identity(),
                &office.verifying_key(),
                &limits(),
            )
            .ok()
        } else {
            open_payload(rest, &office.verifying_key(), &limits()).ok()
        }
    }

    #[test]
    fn seeds_are_valid_bundles() {
        for (name, s) in seeds() {
            assert!(opened(&s).is_some(), "{name} does not read");
        }
    }

    /// The committed corpus (`crates/sync/fuzz/corpus/read_bundle`) and thousands of
    /// mutations of the seeds go through the reader without a panic. Set
    /// `DOSSIER_WRITE_FUZZ_CORPUS=1` to rewrite the corpus from [`seeds`].
    #[test]
    fn the_reader_survives_the_corpus_and_mutations() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/read_bundle");
        if std::env::var_os("DOSSIER_WRITE_FUZZ_CORPUS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            for (name, s) in seeds() {
                std::fs::write(dir.join(name), s).unwrap();
            }
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries {
                read_any(&std::fs::read(e.unwrap().path()).unwrap());
            }
        }
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(99);
        let seeds = seeds();
        let mut accepted = 0;
        for round in 0..1200 {
            let (_, s) = &seeds[round % seeds.len()];
            let mut m = s.clone();
            match rng.gen_range(0..4) {
                0 => {
                    let i = rng.gen_range(1..m.len());
                    m[i] ^= 1 << rng.gen_range(0..8);
                }
                1 => m.truncate(rng.gen_range(1..m.len())),
                2 => {
                    let i = rng.gen_range(1..m.len());
                    m[i] = rng.r#gen();
                    let j = rng.gen_range(1..m.len());
                    m[j] = rng.r#gen();
                }
                _ => {
                    let i = rng.gen_range(1..m.len());
                    m.insert(i, rng.r#gen());
                }
            }
            read_any(&m);
            accepted += usize::from(opened(&m).is_some());
        }
        // A mutation that still reads must have hit bytes no check covers (zstd or tar
        // padding); anything more would mean a check is missing.
        assert!(accepted < 120, "{accepted} mutated bundles were accepted");
    }
}
