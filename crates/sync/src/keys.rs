//! Device identities, enrolment requests, certificates and revocations.
//!
//! A device's identity is two key pairs: Ed25519 to sign what it sends (manifests, its
//! enrolment request; an office also signs certificates and revocations) and X25519 (`age`)
//! so bundles can be encrypted to it. Enrolment: a village device writes an
//! [`EnrolmentRequest`] signed with its own new key (proving it holds the secret); the
//! office checks it and issues a [`Certificate`] signed by the office key. Revocations are
//! signed by the office too and travel in office bundles.
//!
//! Everything signed here is a [`SignedFile`]: the exact JSON bytes of the body plus an
//! Ed25519 signature over a type tag followed by those bytes. The tag means a signature
//! made for one kind of document can never be replayed as another kind. An [`Enrolment`] is
//! what the office hands back: the device's certificate with the office's own. What is not
//! here: where keys and trust are kept (inside the encrypted archive, see
//! [`crate::state`]), and which office an archive trusts (the caller passes its key).

use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// Type tags: the first bytes of every signed message, one per kind of document.
pub const TAG_REQUEST: &[u8] = b"dossier-enrolment-request-v1\0";
pub const TAG_CERTIFICATE: &[u8] = b"dossier-certificate-v1\0";
pub const TAG_REVOCATION: &[u8] = b"dossier-revocation-v1\0";
pub const TAG_MANIFEST: &[u8] = b"dossier-bundle-manifest-v1\0";

/// Why a key, request, certificate or revocation was refused. Plain words; no personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("this is not a Dossier {expected} file (it looks like a {found} file)")]
    WrongKind {
        expected: &'static str,
        found: String,
    },
    #[error("this {what} file is damaged or incomplete; ask for it to be made again")]
    Malformed { what: &'static str },
    #[error(
        "the signature on this {what} does not match: it was changed after it was signed, or signed by someone else. Do not use it"
    )]
    BadSignature { what: &'static str },
    #[error("the device key file is damaged and cannot be used")]
    BadSecret,
    #[error("this certificate is for device {found}, not for device {expected}")]
    OtherDevice { expected: String, found: String },
    #[error("this certificate only becomes valid later than the bundle was made")]
    NotYetValid,
    #[error(
        "the certificate of device {device_id} (serial {serial}) has been revoked by the office"
    )]
    Revoked { device_id: String, serial: u64 },
}

/// Hex of an Ed25519 public key, as written in files.
pub fn verifying_key_hex(key: &VerifyingKey) -> String {
    hex::encode(key.as_bytes())
}

/// Parses the hex form of an Ed25519 public key.
pub fn parse_verifying_key(text: &str, what: &'static str) -> Result<VerifyingKey, KeyError> {
    let bytes: [u8; 32] = hex::decode(text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyError::Malformed { what })?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::Malformed { what })
}

/// Checks an Ed25519 signature (hex) over `tag ++ body`. Strict verification refuses weak
/// keys and malleable signatures.
pub fn verify_tagged(
    key: &VerifyingKey,
    tag: &[u8],
    body: &[u8],
    signature_hex: &str,
    what: &'static str,
) -> Result<(), KeyError> {
    let bytes: [u8; 64] = hex::decode(signature_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyError::BadSignature { what })?;
    let sig = Signature::from_bytes(&bytes);
    let mut msg = Vec::with_capacity(tag.len() + body.len());
    msg.extend_from_slice(tag);
    msg.extend_from_slice(body);
    key.verify_strict(&msg, &sig)
        .map_err(|_| KeyError::BadSignature { what })
}

/// One device's (or the office's) secret keys. The secrets are zeroed when dropped.
pub struct DeviceKeys {
    pub device_id: String,
    signing: SigningKey,
    age_secret: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceKeys")
            .field("device_id", &self.device_id)
            .field("signing_pub", &self.signing_pub_hex())
            .finish_non_exhaustive()
    }
}

/// The stored form of [`DeviceKeys`]; kept only inside the encrypted archive.
#[derive(Serialize, Deserialize, Zeroize)]
#[zeroize(drop)]
struct SecretFile {
    format: String,
    device_id: String,
    signing_secret: String,
    age_identity: String,
}

const SECRET_FORMAT: &str = "dossier-device-keys-v1";
const AGE_SECRET_HRP: &str = "age-secret-key-";

impl DeviceKeys {
    /// New random keys for `device_id`, from the caller's cryptographic RNG.
    pub fn generate(device_id: &str, rng: &mut (impl RngCore + CryptoRng)) -> DeviceKeys {
        let signing = SigningKey::generate(rng);
        let mut age_secret = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(age_secret.as_mut());
        DeviceKeys {
            device_id: device_id.to_owned(),
            signing,
            age_secret,
        }
    }

    /// Keys from fixed secret bytes: for reproducible fixtures (the fuzzer's corpus) and for
    /// restoring keys kept elsewhere. Real devices use [`DeviceKeys::generate`].
    pub fn from_secret_bytes(device_id: &str, signing: [u8; 32], age: [u8; 32]) -> DeviceKeys {
        DeviceKeys {
            device_id: device_id.to_owned(),
            signing: SigningKey::from_bytes(&signing),
            age_secret: Zeroizing::new(age),
        }
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn signing_pub_hex(&self) -> String {
        verifying_key_hex(&self.verifying_key())
    }

    /// The `age` identity that decrypts bundles sent to this device.
    pub fn age_identity(&self) -> age::x25519::Identity {
        // age builds identities only from its bech32 text (or from the OS RNG), so the
        // secret goes through that text form, which is wiped afterwards.
        let text = self.age_identity_text();
        text.parse()
            .expect("an encoded 32-byte secret is a valid identity")
    }

    fn age_identity_text(&self) -> Zeroizing<String> {
        let hrp = bech32::Hrp::parse(AGE_SECRET_HRP).expect("valid hrp");
        let mut s = bech32::encode::<bech32::Bech32>(hrp, self.age_secret.as_ref())
            .expect("32 bytes fit in bech32");
        let upper = Zeroizing::new(s.to_uppercase());
        s.zeroize();
        upper
    }

    /// The public `age` recipient (`age1…`) bundles for this device are encrypted to.
    pub fn age_recipient(&self) -> String {
        self.age_identity().to_public().to_string()
    }

    /// Signs `tag ++ body`; the hex signature.
    pub fn sign_tagged(&self, tag: &[u8], body: &[u8]) -> String {
        let mut msg = Vec::with_capacity(tag.len() + body.len());
        msg.extend_from_slice(tag);
        msg.extend_from_slice(body);
        hex::encode(self.signing.sign(&msg).to_bytes())
    }

    /// The secret text to keep inside the encrypted archive.
    pub fn to_secret_text(&self) -> Zeroizing<String> {
        let mut signing = self.signing.to_bytes();
        let file = SecretFile {
            format: SECRET_FORMAT.to_owned(),
            device_id: self.device_id.clone(),
            signing_secret: hex::encode(signing),
            age_identity: self.age_identity_text().to_string(),
        };
        signing.zeroize();
        Zeroizing::new(serde_json::to_string(&file).expect("serialises"))
    }

    pub fn from_secret_text(text: &str) -> Result<DeviceKeys, KeyError> {
        let file: SecretFile = serde_json::from_str(text).map_err(|_| KeyError::BadSecret)?;
        if file.format != SECRET_FORMAT {
            return Err(KeyError::BadSecret);
        }
        let mut raw =
            Zeroizing::new(hex::decode(&file.signing_secret).map_err(|_| KeyError::BadSecret)?);
        let signing_bytes: &[u8; 32] =
            raw.as_slice().try_into().map_err(|_| KeyError::BadSecret)?;
        let signing = SigningKey::from_bytes(signing_bytes);
        raw.zeroize();
        let lower = Zeroizing::new(file.age_identity.to_lowercase());
        let (hrp, data) = bech32::decode(&lower).map_err(|_| KeyError::BadSecret)?;
        let mut data = Zeroizing::new(data);
        if hrp.as_str() != AGE_SECRET_HRP || data.len() != 32 {
            return Err(KeyError::BadSecret);
        }
        let mut age_secret = Zeroizing::new([0u8; 32]);
        age_secret.copy_from_slice(&data);
        data.zeroize();
        Ok(DeviceKeys {
            device_id: file.device_id.clone(),
            signing,
            age_secret,
        })
    }
}

/// A signed document as it is written to a file: the body's exact bytes and the signature
/// over `tag ++ body`. The body is kept as text, not re-serialised, so verification checks
/// exactly the bytes that were signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedFile {
    pub kind: String,
    pub body: String,
    pub signature: String,
}

impl SignedFile {
    fn make<T: Serialize>(kind: &str, tag: &[u8], body: &T, signer: &DeviceKeys) -> SignedFile {
        let body = serde_json::to_string(body).expect("serialises");
        SignedFile {
            kind: kind.to_owned(),
            signature: signer.sign_tagged(tag, body.as_bytes()),
            body,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("serialises")
    }

    pub fn from_bytes(bytes: &[u8], what: &'static str) -> Result<SignedFile, KeyError> {
        serde_json::from_slice(bytes).map_err(|_| KeyError::Malformed { what })
    }

    fn open<T: for<'de> Deserialize<'de>>(
        &self,
        kind: &'static str,
        tag: &[u8],
        key: Option<&VerifyingKey>,
    ) -> Result<T, KeyError> {
        if self.kind != kind {
            return Err(KeyError::WrongKind {
                expected: kind,
                found: self.kind.chars().take(40).collect(),
            });
        }
        if let Some(key) = key {
            verify_tagged(key, tag, self.body.as_bytes(), &self.signature, kind)?;
        }
        serde_json::from_str(&self.body).map_err(|_| KeyError::Malformed { what: kind })
    }
}

/// What a device is allowed to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRole {
    /// A village or street device: sends its own jurisdiction's case facts.
    Village,
    /// An office device: sends decisions, certificates and revocations.
    Office,
}

/// A village device's request to be enrolled, signed with its own new key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentRequest {
    pub device_id: String,
    pub site: String,
    /// The jurisdiction code the device asks for; the office decides what it grants.
    pub jurisdiction: String,
    pub signing_pub: String,
    pub age_recipient: String,
    /// Milliseconds since the Unix epoch.
    pub made_at: i64,
}

const KIND_REQUEST: &str = "enrolment-request";
const KIND_CERTIFICATE: &str = "certificate";
const KIND_REVOCATION: &str = "revocation";

impl EnrolmentRequest {
    /// A request for `keys`, signed with them.
    pub fn make(keys: &DeviceKeys, site: &str, jurisdiction: &str, made_at: i64) -> SignedFile {
        let req = EnrolmentRequest {
            device_id: keys.device_id.clone(),
            site: site.to_owned(),
            jurisdiction: jurisdiction.to_owned(),
            signing_pub: keys.signing_pub_hex(),
            age_recipient: keys.age_recipient(),
            made_at,
        };
        SignedFile::make(KIND_REQUEST, TAG_REQUEST, &req, keys)
    }

    /// Reads a request and checks it is signed by the key it names (proof that the device
    /// holds the secret) and that its age recipient parses.
    pub fn verify(file: &SignedFile) -> Result<EnrolmentRequest, KeyError> {
        let unverified: EnrolmentRequest = file.open(KIND_REQUEST, TAG_REQUEST, None)?;
        let key = parse_verifying_key(&unverified.signing_pub, KIND_REQUEST)?;
        let req: EnrolmentRequest = file.open(KIND_REQUEST, TAG_REQUEST, Some(&key))?;
        req.age_recipient
            .parse::<age::x25519::Recipient>()
            .map_err(|_| KeyError::Malformed { what: KIND_REQUEST })?;
        Ok(req)
    }
}

/// The office's word that a device may send bundles about a jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub device_id: String,
    pub signing_pub: String,
    pub age_recipient: String,
    /// Division-code prefix: the device may send operations about subjects whose
    /// jurisdiction starts with it.
    pub jurisdiction_prefix: String,
    pub role: DeviceRole,
    /// Unique per office; a revocation names it.
    pub serial: u64,
    /// Milliseconds since the Unix epoch.
    pub valid_from: i64,
}

impl Certificate {
    /// Issues a certificate for a verified request, signed by the office.
    pub fn issue(
        request: &EnrolmentRequest,
        office: &DeviceKeys,
        jurisdiction_prefix: &str,
        role: DeviceRole,
        serial: u64,
        valid_from: i64,
    ) -> SignedFile {
        let cert = Certificate {
            device_id: request.device_id.clone(),
            signing_pub: request.signing_pub.clone(),
            age_recipient: request.age_recipient.clone(),
            jurisdiction_prefix: jurisdiction_prefix.to_owned(),
            role,
            serial,
            valid_from,
        };
        SignedFile::make(KIND_CERTIFICATE, TAG_CERTIFICATE, &cert, office)
    }

    /// Checks the office's signature and returns the certificate.
    pub fn verify(file: &SignedFile, office: &VerifyingKey) -> Result<Certificate, KeyError> {
        let cert: Certificate = file.open(KIND_CERTIFICATE, TAG_CERTIFICATE, Some(office))?;
        parse_verifying_key(&cert.signing_pub, KIND_CERTIFICATE)?;
        Ok(cert)
    }

    pub fn verifying_key(&self) -> Result<VerifyingKey, KeyError> {
        parse_verifying_key(&self.signing_pub, KIND_CERTIFICATE)
    }

    /// Whether this certificate may vouch for something made at `at_ms`, given the
    /// revocations the archive knows. A revoked certificate vouches for nothing, whatever
    /// the revocation's date: the dates in a bundle are the sender's word, and a stolen
    /// laptop can claim any date.
    pub fn check_usable(&self, at_ms: i64, revocations: &[Revocation]) -> Result<(), KeyError> {
        if let Some(r) = revocations
            .iter()
            .find(|r| r.device_id == self.device_id && r.serial == self.serial)
        {
            return Err(KeyError::Revoked {
                device_id: r.device_id.clone(),
                serial: r.serial,
            });
        }
        if at_ms < self.valid_from {
            return Err(KeyError::NotYetValid);
        }
        Ok(())
    }
}

/// The office's statement that one certificate is withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    pub device_id: String,
    pub serial: u64,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

impl Revocation {
    pub fn issue(&self, office: &DeviceKeys) -> SignedFile {
        SignedFile::make(KIND_REVOCATION, TAG_REVOCATION, self, office)
    }

    pub fn verify(file: &SignedFile, office: &VerifyingKey) -> Result<Revocation, KeyError> {
        file.open(KIND_REVOCATION, TAG_REVOCATION, Some(office))
    }
}

/// What an office hands back to an enrolled device: the device's certificate, the office's
/// own certificate and public key (which the device trusts from then on), and the
/// revocations the office knows. Nothing in it is secret; everything in it is signed by the
/// office key it names, so a changed file fails [`Enrolment::open`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    pub kind: String,
    /// The office's Ed25519 public key, hex.
    pub office_key: String,
    pub office_certificate: SignedFile,
    pub certificate: SignedFile,
    pub revocations: Vec<SignedFile>,
}

/// An [`Enrolment`] whose signatures have been checked.
#[derive(Debug, Clone)]
pub struct OpenedEnrolment {
    /// The file as read, for keeping its signed documents.
    pub file: Enrolment,
    pub office_key: VerifyingKey,
    pub office: Certificate,
    pub certificate: Certificate,
    pub revocations: Vec<(Revocation, SignedFile)>,
}

const KIND_ENROLMENT: &str = "dossier-enrolment";

impl Enrolment {
    pub fn new(
        office: &DeviceKeys,
        office_certificate: SignedFile,
        certificate: SignedFile,
        revocations: Vec<SignedFile>,
    ) -> Enrolment {
        Enrolment {
            kind: KIND_ENROLMENT.to_owned(),
            office_key: office.signing_pub_hex(),
            office_certificate,
            certificate,
            revocations,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("serialises")
    }

    /// Reads an enrolment file and checks every signature in it against the office key it
    /// names, and that the office certificate is the office's own.
    pub fn open(bytes: &[u8]) -> Result<OpenedEnrolment, KeyError> {
        let what = "certificate bundle";
        let e: Enrolment =
            serde_json::from_slice(bytes).map_err(|_| KeyError::Malformed { what })?;
        if e.kind != KIND_ENROLMENT {
            return Err(KeyError::WrongKind {
                expected: what,
                found: e.kind.chars().take(40).collect(),
            });
        }
        let office_key = parse_verifying_key(&e.office_key, what)?;
        let office = Certificate::verify(&e.office_certificate, &office_key)?;
        if office.role != DeviceRole::Office || office.verifying_key()? != office_key {
            return Err(KeyError::Malformed { what });
        }
        let certificate = Certificate::verify(&e.certificate, &office_key)?;
        let revocations = e
            .revocations
            .iter()
            .map(|f| Ok((Revocation::verify(f, &office_key)?, f.clone())))
            .collect::<Result<_, KeyError>>()?;
        Ok(OpenedEnrolment {
            file: e,
            office_key,
            office,
            certificate,
            revocations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn rng() -> rand_chacha::ChaCha20Rng {
        rand_chacha::ChaCha20Rng::seed_from_u64(7)
    }

    #[test]
    fn secret_text_round_trips() {
        let k = DeviceKeys::generate("dev-a", &mut rng());
        let back = DeviceKeys::from_secret_text(&k.to_secret_text()).unwrap();
        assert_eq!(back.signing_pub_hex(), k.signing_pub_hex());
        assert_eq!(back.age_recipient(), k.age_recipient());
        assert!(k.age_recipient().starts_with("age1"));
        assert_eq!(
            DeviceKeys::from_secret_text("{}").unwrap_err(),
            KeyError::BadSecret
        );
        assert!(!format!("{k:?}").contains(&*k.to_secret_text()));
    }

    #[test]
    fn enrolment_then_certificate_then_revocation() {
        let mut r = rng();
        let office = DeviceKeys::generate("office", &mut r);
        let village = DeviceKeys::generate("dev-v", &mut r);
        let req_file = EnrolmentRequest::make(&village, "site-1", "330723101", 1000);
        let bytes = req_file.to_bytes();
        let req =
            EnrolmentRequest::verify(&SignedFile::from_bytes(&bytes, "request").unwrap()).unwrap();
        assert_eq!(req.device_id, "dev-v");

        let cert_file = Certificate::issue(&req, &office, "330723101", DeviceRole::Village, 7, 500);
        let cert = Certificate::verify(&cert_file, &office.verifying_key()).unwrap();
        assert_eq!(cert.serial, 7);
        assert_eq!(cert.check_usable(1000, &[]), Ok(()));
        assert_eq!(cert.check_usable(10, &[]), Err(KeyError::NotYetValid));

        // A certificate checked against another office's key is refused.
        let other = DeviceKeys::generate("other-office", &mut r);
        assert!(matches!(
            Certificate::verify(&cert_file, &other.verifying_key()),
            Err(KeyError::BadSignature { .. })
        ));
        // A changed body is refused.
        let mut forged = cert_file.clone();
        forged.body = forged.body.replace("330723101", "330723");
        assert!(matches!(
            Certificate::verify(&forged, &office.verifying_key()),
            Err(KeyError::BadSignature { .. })
        ));
        // A request signature is not a certificate signature (type tags differ).
        let mut relabelled = req_file.clone();
        relabelled.kind = "certificate".into();
        assert!(Certificate::verify(&relabelled, &village.verifying_key()).is_err());

        let rev = Revocation {
            device_id: "dev-v".into(),
            serial: 7,
            at: 2000,
        };
        let rev = Revocation::verify(&rev.issue(&office), &office.verifying_key()).unwrap();
        assert!(matches!(
            cert.check_usable(3000, &[rev]),
            Err(KeyError::Revoked { serial: 7, .. })
        ));
    }

    #[test]
    fn a_request_signed_by_another_key_is_refused() {
        let mut r = rng();
        let a = DeviceKeys::generate("a", &mut r);
        let b = DeviceKeys::generate("b", &mut r);
        let mut file = EnrolmentRequest::make(&a, "s", "33", 1);
        file.signature = EnrolmentRequest::make(&b, "s", "33", 1).signature;
        assert!(matches!(
            EnrolmentRequest::verify(&file),
            Err(KeyError::BadSignature { .. })
        ));
    }
}
