//! Key slots: how officers' passphrases unlock the archive key.
//!
//! The archive key is 32 random bytes. Each slot holds that key encrypted with
//! XChaCha20-Poly1305 under a key derived from one officer's passphrase by Argon2id; the
//! archive id and officer id are bound in as associated data, so a slot cannot be moved to
//! another archive or officer. A wrong passphrase fails the authentication tag, which is how
//! it is told apart from a damaged database. The file is readable without a passphrase on
//! purpose: the unlock screen lists officers by name before anyone has signed in. It holds no
//! subject data. Changing a passphrase rewrites one slot and never re-encrypts the archive.

use std::fs;
use std::io::Write;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{Error, KEYSLOTS_FILE, Result};

/// The key-slot file format this version writes and reads.
pub const KEYSLOTS_VERSION: u32 = 1;
const KEYSLOTS_MAGIC: &str = "dossier-keyslots";

/// The archive's own 256-bit key. Zeroed when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ArchiveKey([u8; 32]);

impl std::fmt::Debug for ArchiveKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ArchiveKey(..)")
    }
}

impl ArchiveKey {
    pub fn random() -> ArchiveKey {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        ArchiveKey(k)
    }

    /// The SQLCipher `PRAGMA key` argument for a raw key, which skips SQLCipher's own key
    /// derivation (ours already happened in Argon2id).
    pub(crate) fn sqlcipher_pragma(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex::encode(self.0)))
    }
}

/// Argon2id cost. The default follows the OWASP recommendation for interactive logins
/// (19 MiB, 2 passes), which costs well under a second on a village laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams {
            m_kib: 19 * 1024,
            t: 2,
            p: 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySlot {
    pub officer_id: String,
    /// Shown on the unlock screen; the authoritative officer record is inside the archive.
    pub officer_name: String,
    pub role: String,
    pub kdf: KdfParams,
    salt: String,
    nonce: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySlots {
    format: String,
    pub version: u32,
    pub archive_id: String,
    pub slots: Vec<KeySlot>,
    /// The archive key encrypted to a recovery key (see [`RecoverySlot`]). Optional and
    /// skipped when absent, so files without one read as before; a program older than this
    /// field reads the file but would drop the slot if it rewrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<RecoverySlot>,
}

/// The archive key encrypted with `age` to an X25519 recovery key that the office
/// administrator keeps offline. Whoever holds the recovery key file can set a new passphrase
/// for an officer; nothing else can be done with it alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoverySlot {
    /// The recovery key's public half (`age1…`), shown so an administrator can tell which
    /// key file opens this archive.
    pub recipient: String,
    /// Hex of the age ciphertext of `archive id ++ NUL ++ key`.
    wrapped_key: String,
}

fn kek(passphrase: &str, salt: &[u8], kdf: KdfParams) -> Result<zeroize::Zeroizing<[u8; 32]>> {
    let params = argon2::Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32))
        .map_err(|e| Error::Damaged(format!("key slot has unusable parameters ({e})")))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = zeroize::Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|e| Error::Damaged(format!("key derivation failed ({e})")))?;
    Ok(out)
}

/// What precedes the key inside a recovery slot: binds it to one archive, as the associated
/// data does for a passphrase slot (age has no associated data of its own).
fn recovery_plaintext_prefix(archive_id: &str) -> Vec<u8> {
    format!("dossier-recovery-v1\0{archive_id}\0").into_bytes()
}

/// A new recovery key: its secret text for the key file (`AGE-SECRET-KEY-1…`, wiped when
/// dropped) and its public half for [`KeySlots::set_recovery`].
pub fn new_recovery_key() -> (zeroize::Zeroizing<String>, String) {
    use age::secrecy::ExposeSecret;
    let identity = age::x25519::Identity::generate();
    let secret = zeroize::Zeroizing::new(identity.to_string().expose_secret().to_owned());
    (secret, identity.to_public().to_string())
}

fn aad(archive_id: &str, officer_id: &str) -> Vec<u8> {
    format!("dossier-keyslot-v1\0{archive_id}\0{officer_id}").into_bytes()
}

impl KeySlots {
    pub fn new(archive_id: &str) -> KeySlots {
        KeySlots {
            format: KEYSLOTS_MAGIC.to_owned(),
            version: KEYSLOTS_VERSION,
            archive_id: archive_id.to_owned(),
            slots: Vec::new(),
            recovery: None,
        }
    }

    /// Deletes one officer's slot; whether there was one.
    pub fn remove_slot(&mut self, officer_id: &str) -> bool {
        let before = self.slots.len();
        self.slots.retain(|s| s.officer_id != officer_id);
        self.slots.len() != before
    }

    /// Encrypts the archive key to the recovery key whose public half is `recipient`
    /// (`age1…`), replacing any earlier recovery slot.
    pub fn set_recovery(&mut self, key: &ArchiveKey, recipient: &str) -> Result<()> {
        let to: age::x25519::Recipient = recipient.trim().parse().map_err(|_| {
            Error::Refused(
                "this is not a recovery key's public part (it starts with age1); check what was copied"
                    .into(),
            )
        })?;
        let mut plain = zeroize::Zeroizing::new(recovery_plaintext_prefix(&self.archive_id));
        plain.extend_from_slice(&key.0);
        let wrapped = age::encrypt(&to, &plain)
            .map_err(|_| Error::Refused("could not wrap the archive key".into()))?;
        self.recovery = Some(RecoverySlot {
            recipient: to.to_string(),
            wrapped_key: hex::encode(wrapped),
        });
        Ok(())
    }

    /// The archive key, if `identity` (the text of a recovery key file, `AGE-SECRET-KEY-1…`)
    /// is the key this archive's recovery slot was made for.
    pub fn unwrap_recovery(&self, identity: &str) -> Result<ArchiveKey> {
        let slot = self.recovery.as_ref().ok_or(Error::NoRecoverySlot)?;
        let identity = zeroize::Zeroizing::new(
            identity
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("AGE-SECRET-KEY-"))
                .unwrap_or_default()
                .to_owned(),
        );
        let identity: age::x25519::Identity =
            identity.parse().map_err(|_| Error::WrongRecoveryKey)?;
        let wrapped = hex::decode(&slot.wrapped_key).map_err(|_| {
            Error::Damaged("the recovery slot in keyslots.json is malformed".into())
        })?;
        let plain = zeroize::Zeroizing::new(
            age::decrypt(&identity, &wrapped).map_err(|_| Error::WrongRecoveryKey)?,
        );
        let prefix = recovery_plaintext_prefix(&self.archive_id);
        let rest = plain
            .strip_prefix(prefix.as_slice())
            .ok_or(Error::WrongRecoveryKey)?;
        let bytes: [u8; 32] = rest.try_into().map_err(|_| Error::WrongRecoveryKey)?;
        Ok(ArchiveKey(bytes))
    }

    /// Adds (or replaces) the slot of one officer.
    pub fn set_slot(
        &mut self,
        key: &ArchiveKey,
        officer_id: &str,
        officer_name: &str,
        role: &str,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<()> {
        if passphrase.is_empty() {
            return Err(Error::Refused("the passphrase is empty".into()));
        }
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let kek = kek(passphrase, &salt, kdf)?;
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(kek.as_slice()));
        let aad = aad(&self.archive_id, officer_id);
        let wrapped = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &key.0,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Refused("could not wrap the archive key".into()))?;
        self.slots.retain(|s| s.officer_id != officer_id);
        self.slots.push(KeySlot {
            officer_id: officer_id.to_owned(),
            officer_name: officer_name.to_owned(),
            role: role.to_owned(),
            kdf,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped_key: hex::encode(wrapped),
        });
        Ok(())
    }

    /// The archive key, if `passphrase` is the officer's.
    pub fn unwrap(&self, officer_id: &str, passphrase: &str) -> Result<ArchiveKey> {
        let slot = self
            .slots
            .iter()
            .find(|s| s.officer_id == officer_id)
            .ok_or(Error::UnknownOfficer)?;
        let damaged = || Error::Damaged("a key slot in keyslots.json is malformed".into());
        let salt = hex::decode(&slot.salt).map_err(|_| damaged())?;
        let nonce = hex::decode(&slot.nonce).map_err(|_| damaged())?;
        let wrapped = hex::decode(&slot.wrapped_key).map_err(|_| damaged())?;
        if nonce.len() != 24 {
            return Err(damaged());
        }
        let kek = kek(passphrase, &salt, slot.kdf)?;
        let cipher = XChaCha20Poly1305::new(chacha20poly1305::Key::from_slice(kek.as_slice()));
        let aad = aad(&self.archive_id, officer_id);
        let plain = zeroize::Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &wrapped,
                        aad: &aad,
                    },
                )
                .map_err(|_| Error::WrongPassphrase)?,
        );
        let bytes: [u8; 32] = plain.as_slice().try_into().map_err(|_| damaged())?;
        Ok(ArchiveKey(bytes))
    }

    /// Reads `keyslots.json` from an archive folder.
    pub fn read(dir: &Path) -> Result<KeySlots> {
        let path = dir.join(KEYSLOTS_FILE);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotAnArchive(dir.to_owned()));
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(Error::Damaged("keyslots.json is not text".into()));
            }
            Err(e) => return Err(e.into()),
        };
        KeySlots::parse(&text, dir)
    }

    /// Reads the text of a `keyslots.json` (from an archive folder or a backup file);
    /// `origin` names where it came from in the refusal when it is not a key-slot file.
    pub fn parse(text: &str, origin: &Path) -> Result<KeySlots> {
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: u32,
        }
        let head: Head = serde_json::from_str(text)
            .map_err(|_| Error::Damaged("keyslots.json is unreadable".into()))?;
        if head.format != KEYSLOTS_MAGIC {
            return Err(Error::NotAnArchive(origin.to_owned()));
        }
        if head.version > KEYSLOTS_VERSION {
            return Err(Error::TooNew {
                found: head.version,
                known: KEYSLOTS_VERSION,
            });
        }
        serde_json::from_str(text).map_err(|_| Error::Damaged("keyslots.json is unreadable".into()))
    }

    /// Writes `keyslots.json` atomically: a crash leaves either the old or the new file.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("key slots serialise");
        let tmp = dir.join(format!("{KEYSLOTS_FILE}.tmp"));
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
        }
        fs::rename(&tmp, dir.join(KEYSLOTS_FILE))?;
        sync_dir(dir)?;
        Ok(())
    }
}

/// Makes a rename inside `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cheap parameters: these tests are about wrapping, not about cost.
    const FAST: KdfParams = KdfParams {
        m_kib: 64,
        t: 1,
        p: 1,
    };

    #[test]
    fn right_passphrase_unwraps_wrong_one_refused() {
        let key = ArchiveKey::random();
        let mut slots = KeySlots::new("arch-1");
        slots
            .set_slot(&key, "off-1", "甲", "office_admin", "correct horse", FAST)
            .unwrap();
        assert_eq!(slots.unwrap("off-1", "correct horse").unwrap().0, key.0);
        assert!(matches!(
            slots.unwrap("off-1", "Correct horse"),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            slots.unwrap("off-1", ""),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            slots.unwrap("off-2", "correct horse"),
            Err(Error::UnknownOfficer)
        ));
    }

    #[test]
    fn slot_is_bound_to_archive_and_officer() {
        let key = ArchiveKey::random();
        let mut a = KeySlots::new("arch-1");
        a.set_slot(&key, "off-1", "甲", "office_admin", "pw", FAST)
            .unwrap();
        let mut moved = a.clone();
        moved.archive_id = "arch-2".into();
        assert!(matches!(
            moved.unwrap("off-1", "pw"),
            Err(Error::WrongPassphrase)
        ));
        let mut renamed = a.clone();
        renamed.slots[0].officer_id = "off-9".into();
        assert!(matches!(
            renamed.unwrap("off-9", "pw"),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn recovery_slot_opens_with_its_key_only_and_only_in_its_archive() {
        let key = ArchiveKey::random();
        let (secret, recipient) = new_recovery_key();
        let (other, _) = new_recovery_key();
        let mut a = KeySlots::new("arch-1");
        assert!(matches!(
            a.unwrap_recovery(&secret),
            Err(Error::NoRecoverySlot)
        ));
        assert!(matches!(
            a.set_recovery(&key, "age1notakey"),
            Err(Error::Refused(_))
        ));
        a.set_recovery(&key, &recipient).unwrap();
        let file = format!("# comment\n{}\n", secret.as_str());
        assert_eq!(a.unwrap_recovery(&file).unwrap().0, key.0);
        for wrong in [other.as_str(), "", "AGE-SECRET-KEY-1NOPE"] {
            assert!(
                matches!(a.unwrap_recovery(wrong), Err(Error::WrongRecoveryKey)),
                "{wrong:?}"
            );
        }
        let mut moved = a.clone();
        moved.archive_id = "arch-2".into();
        assert!(matches!(
            moved.unwrap_recovery(&secret),
            Err(Error::WrongRecoveryKey)
        ));
        // Files without a recovery slot still read, and one with it round-trips.
        let dir = tempfile::tempdir().unwrap();
        a.write(dir.path()).unwrap();
        assert_eq!(KeySlots::read(dir.path()).unwrap(), a);
        assert!(!a.remove_slot("nobody"));
    }

    #[test]
    fn empty_passphrase_is_refused_when_setting() {
        let key = ArchiveKey::random();
        let mut a = KeySlots::new("arch-1");
        assert!(matches!(
            a.set_slot(&key, "off-1", "甲", "office_admin", "", FAST),
            Err(Error::Refused(_))
        ));
    }

    #[test]
    fn file_round_trip_and_refusals() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            KeySlots::read(dir.path()),
            Err(Error::NotAnArchive(_))
        ));
        let key = ArchiveKey::random();
        let mut a = KeySlots::new("arch-1");
        a.set_slot(&key, "off-1", "甲", "office_admin", "pw", FAST)
            .unwrap();
        a.write(dir.path()).unwrap();
        assert_eq!(KeySlots::read(dir.path()).unwrap(), a);

        let cases = [
            ("{not json", "damaged"),
            (
                r#"{"format":"something-else","version":1}"#,
                "not an archive",
            ),
            (r#"{"format":"dossier-keyslots","version":99}"#, "too new"),
            (r#"{"format":"dossier-keyslots","version":1}"#, "damaged"),
        ];
        for (text, want) in cases {
            fs::write(dir.path().join(KEYSLOTS_FILE), text).unwrap();
            let got = match KeySlots::read(dir.path()) {
                Err(Error::Damaged(_)) => "damaged",
                Err(Error::NotAnArchive(_)) => "not an archive",
                Err(Error::TooNew { .. }) => "too new",
                other => panic!("{text}: unexpected {other:?}"),
            };
            assert_eq!(got, want, "{text}");
        }
    }
}
