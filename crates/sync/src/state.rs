//! What an archive keeps about its own place in sync: this device's keys, the office it
//! trusts, the certificates and revocations it knows, the open conflicts, and where it
//! stands with each peer (bundles received and sent, what the peer acknowledged, operations
//! held behind a gap) for the status screen.
//!
//! All of it lives in the store's local-only `sync_*` tables (migration 0004), inside the
//! encrypted database, and none of it is part of the digest. The secret keys are written as
//! [`DeviceKeys::to_secret_text`] and never leave the database. Certificates and revocations
//! are stored as the signed files they arrived as; they were checked against the office key
//! before being stored (by [`crate::format::read_bundle`], or because this office issued them),
//! so reading them back parses without checking again. What is not here: deciding who may
//! enrol or revoke (`dossier-api`), and what a bundle does ([`crate::apply`]).

use std::collections::BTreeSet;

use ed25519_dalek::VerifyingKey;
use rusqlite::{Connection, OptionalExtension, params};

use crate::apply::ImportError;
use crate::keys::{
    self, Certificate, DeviceKeys, DeviceRole, EnrolmentRequest, KeyError, Revocation, SignedFile,
};

/// The office an archive answers to (at an office: itself).
#[derive(Debug, Clone)]
pub struct Trust {
    pub office_device_id: String,
    pub office_key: VerifyingKey,
    pub office_certificate: SignedFile,
    pub office: Certificate,
}

fn bad(what: &str) -> ImportError {
    dossier_store::Error::Damaged(format!("the stored {what} is unreadable")).into()
}

/// This device's keys, if it has made them.
pub fn device_keys(conn: &Connection) -> Result<Option<DeviceKeys>, ImportError> {
    let text: Option<zeroize::Zeroizing<String>> = conn
        .query_row(
            "SELECT secret FROM sync_keys WHERE singleton = 1",
            [],
            |r| r.get::<_, String>(0).map(zeroize::Zeroizing::new),
        )
        .optional()?;
    text.map(|t| DeviceKeys::from_secret_text(&t).map_err(|_| bad("device key")))
        .transpose()
}

/// Keeps this device's keys. Refuses to replace keys already kept: a device keeps one
/// identity, or every certificate issued for it would be lost.
pub fn save_device_keys(
    conn: &Connection,
    keys: &DeviceKeys,
    now_ms: i64,
) -> Result<(), ImportError> {
    conn.execute(
        "INSERT INTO sync_keys (singleton, device_id, secret, made_at) VALUES (1, ?1, ?2, ?3)",
        params![keys.device_id, keys.to_secret_text().as_str(), now_ms],
    )?;
    Ok(())
}

/// The office this archive trusts, once it has accepted a certificate (or, at an office,
/// issued its own).
pub fn trust(conn: &Connection) -> Result<Option<Trust>, ImportError> {
    let row: Option<(String, String, String)> = conn
        .query_row(
            "SELECT office_device_id, office_key, office_certificate FROM sync_trust WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((office_device_id, key, cert)) = row else {
        return Ok(None);
    };
    let office_key =
        keys::parse_verifying_key(&key, "office key").map_err(|_| bad("office key"))?;
    let office_certificate =
        SignedFile::from_bytes(cert.as_bytes(), "certificate").map_err(|_| bad("certificate"))?;
    let office = Certificate::verify(&office_certificate, &office_key)
        .map_err(|_| bad("office certificate"))?;
    Ok(Some(Trust {
        office_device_id,
        office_key,
        office_certificate,
        office,
    }))
}

/// Records the office this archive trusts. The certificate must be the office's own,
/// signed with `office_key`.
pub fn save_trust(
    conn: &Connection,
    office_key: &VerifyingKey,
    office_certificate: &SignedFile,
    now_ms: i64,
) -> Result<Certificate, ImportError> {
    let office = Certificate::verify(office_certificate, office_key).map_err(ImportError::Key)?;
    conn.execute(
        "INSERT INTO sync_trust (singleton, office_device_id, office_key, office_certificate, accepted_at)
         VALUES (1, ?1, ?2, ?3, ?4)",
        params![
            office.device_id,
            keys::verifying_key_hex(office_key),
            String::from_utf8_lossy(&office_certificate.to_bytes()),
            now_ms
        ],
    )?;
    add_certificate(conn, &office, office_certificate)?;
    Ok(office)
}

/// Moves an office archive restored from a backup to the new device id `device_id` (which
/// the caller has already given its op log), keeping its keys: the office key is its
/// villages' trust root, so they must go on trusting it. The office issues itself a
/// certificate for the new device with a serial above every one it issued, so each village,
/// on the first bundle from the new device, moves its trust there ([`follow_office`]) and
/// sends it everything it has not acknowledged, including what it sent after the backup.
/// Does nothing when the archive has no keys (an office that never enrolled anyone).
pub fn restart_office(
    conn: &Connection,
    device_id: &str,
    site_id: &str,
    now_ms: i64,
) -> Result<(), ImportError> {
    let (Some(mut keys), Some(trust)) = (device_keys(conn)?, trust(conn)?) else {
        return Ok(());
    };
    let former = trust.office.clone();
    // What the former device wrote after the backup comes back in pieces (see
    // `oplog::marks`); its own id is the op log's origin, which the caller has just changed.
    dossier_store::oplog::retire_origin(conn, &former.device_id)?;
    keys.device_id = device_id.to_owned();
    let request = EnrolmentRequest::verify(&EnrolmentRequest::make(
        &keys,
        site_id,
        &trust.office.jurisdiction_prefix,
        now_ms,
    ))
    .map_err(ImportError::Key)?;
    let serial = next_serial(conn)?;
    let cert = Certificate::issue(
        &request,
        &keys,
        &trust.office.jurisdiction_prefix,
        DeviceRole::Office,
        serial,
        now_ms,
    );
    conn.execute(
        "UPDATE sync_keys SET device_id = ?1, secret = ?2 WHERE singleton = 1",
        params![keys.device_id, keys.to_secret_text().as_str()],
    )?;
    conn.execute("DELETE FROM sync_trust", [])?;
    save_trust(conn, &keys.verifying_key(), &cert, now_ms)?;
    // The former device is withdrawn, so should it still be running somewhere (the laptop
    // was not lost after all), villages refuse what it makes from now on instead of the
    // office splitting in two. Every bundle of the new device carries the revocation.
    let revocation = Revocation {
        device_id: former.device_id,
        serial: former.serial,
        at: now_ms,
    };
    add_revocation(conn, &revocation, &revocation.issue(&keys))?;
    // Catch-up still owed to a village was numbered in the former device's chain; the new
    // chain starts at 1, and its first bundle the village imports confirms it.
    conn.execute(
        "UPDATE sync_shared SET first_seq = 1 WHERE confirmed = 0",
        [],
    )?;
    Ok(())
}

/// At a village: when a bundle comes from an office device other than the one trusted,
/// certified by the same office key with a newer serial (the office restored its archive,
/// see [`restart_office`]), trusts that device from now on, so bundles go to it.
pub fn follow_office(
    conn: &Connection,
    sender: &Certificate,
    sender_file: &SignedFile,
) -> Result<bool, ImportError> {
    let Some(trust) = trust(conn)? else {
        return Ok(false);
    };
    // Only the office's own key moving to a new device: an office may enrol other devices
    // with the office role, each with its key, and none of them may divert the villages.
    // Two restores from one backup issue the same serial; the later one wins.
    let newer = (sender.serial, sender.valid_from) > (trust.office.serial, trust.office.valid_from);
    if sender.role != DeviceRole::Office
        || sender.device_id == trust.office_device_id
        || sender.signing_pub != keys::verifying_key_hex(&trust.office_key)
        || !newer
    {
        return Ok(false);
    }
    let office = Certificate::verify(sender_file, &trust.office_key).map_err(ImportError::Key)?;
    conn.execute(
        "UPDATE sync_trust SET office_device_id = ?1, office_certificate = ?2 WHERE singleton = 1",
        params![
            office.device_id,
            String::from_utf8_lossy(&sender_file.to_bytes())
        ],
    )?;
    add_certificate(conn, &office, sender_file)?;
    Ok(true)
}

/// Keeps a certificate (checked by the caller); the same one twice is kept once.
pub fn add_certificate(
    conn: &Connection,
    cert: &Certificate,
    file: &SignedFile,
) -> Result<(), ImportError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_certificates (device_id, serial, file) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![
        cert.device_id,
        cert.serial,
        String::from_utf8_lossy(&file.to_bytes())
    ])?;
    Ok(())
}

/// Keeps a revocation (checked by the caller); the same one twice is kept once.
pub fn add_revocation(
    conn: &Connection,
    rev: &Revocation,
    file: &SignedFile,
) -> Result<(), ImportError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO sync_revocations (device_id, serial, at, file) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        rev.device_id,
        rev.serial,
        rev.at,
        String::from_utf8_lossy(&file.to_bytes())
    ])?;
    Ok(())
}

/// Every revocation this archive knows, as the signed files they arrived as.
pub fn revocation_files(conn: &Connection) -> Result<Vec<SignedFile>, ImportError> {
    let texts: Vec<String> = conn
        .prepare_cached("SELECT file FROM sync_revocations ORDER BY device_id, serial")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    texts
        .iter()
        .map(|t| SignedFile::from_bytes(t.as_bytes(), "revocation").map_err(|_| bad("revocation")))
        .collect()
}

fn parse_certificate(text: &str) -> Result<(Certificate, SignedFile), ImportError> {
    let file =
        SignedFile::from_bytes(text.as_bytes(), "certificate").map_err(|_| bad("certificate"))?;
    let cert: Certificate = serde_json::from_str(&file.body).map_err(|_| bad("certificate"))?;
    Ok((cert, file))
}

/// Every certificate this archive knows, by device and serial.
pub fn certificates(conn: &Connection) -> Result<Vec<(Certificate, SignedFile)>, ImportError> {
    let texts: Vec<String> = conn
        .prepare_cached("SELECT file FROM sync_certificates ORDER BY device_id, serial")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    texts.iter().map(|t| parse_certificate(t)).collect()
}

/// The newest certificate (highest serial) this archive knows for a device.
pub fn certificate_of(
    conn: &Connection,
    device_id: &str,
) -> Result<Option<(Certificate, SignedFile)>, ImportError> {
    let text: Option<String> = conn
        .query_row(
            "SELECT file FROM sync_certificates WHERE device_id = ?1 ORDER BY serial DESC LIMIT 1",
            [device_id],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| parse_certificate(&t)).transpose()
}

/// The serial the next certificate this office issues gets: one above any it knows.
pub fn next_serial(conn: &Connection) -> Result<u64, ImportError> {
    let max: Option<u64> =
        conn.query_row("SELECT max(serial) FROM sync_certificates", [], |r| {
            r.get(0)
        })?;
    Ok(max.unwrap_or(0) + 1)
}

/// Conflicts still waiting for a person.
pub fn open_conflicts(conn: &Connection) -> Result<u64, ImportError> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sync_conflicts WHERE resolved_by IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// A conflict waiting in the queue: two operations that set one field from the same base,
/// the one the projection shows (`winner`) and the other.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenConflict {
    pub entity: dossier_core::op::Entity,
    pub entity_id: String,
    pub field: String,
    pub winner: dossier_core::op::Op,
    pub loser: dossier_core::op::Op,
}

/// The conflicts no later write has settled, oldest entity first.
pub fn conflicts(conn: &Connection) -> Result<Vec<OpenConflict>, ImportError> {
    let rows: Vec<(String, String, String, String, String)> = conn
        .prepare(
            "SELECT entity, entity_id, field, winner, loser FROM sync_conflicts
             WHERE resolved_by IS NULL ORDER BY entity, entity_id, field, winner, loser",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (entity, entity_id, field, winner, loser) in rows {
        let entity = dossier_core::op::Entity::parse(&entity).ok_or_else(|| bad("conflict"))?;
        let op = |id: &str| -> Result<dossier_core::op::Op, ImportError> {
            dossier_store::oplog::get(conn, id)?.ok_or_else(|| bad("conflict's operation"))
        };
        out.push(OpenConflict {
            entity,
            entity_id,
            field,
            winner: op(&winner)?,
            loser: op(&loser)?,
        });
    }
    Ok(out)
}

/// Marks settled every open conflict whose field a later operation has written: one ordered
/// after both sides (by the same (hlc, device, seq) order the projection uses), so its value
/// is what every archive shows. Resolving in the queue is such a write; so is any later
/// edit of the field, which supersedes both values anyway. Runs after every import and
/// every resolution, on every archive, so a resolution settles the conflict wherever it
/// travels. Returns how many were settled.
pub fn settle_conflicts(conn: &Connection) -> Result<usize, ImportError> {
    let mut settled = 0;
    for c in conflicts(conn)? {
        let top = c.winner.order_key().max(c.loser.order_key());
        let later = dossier_store::oplog::entity_ops(conn, c.entity, &c.entity_id)?
            .into_iter()
            .filter(|op| op.fields.contains_key(&c.field) && op.order_key() > top)
            .min_by(|a, b| a.order_key().cmp(&b.order_key()));
        if let Some(op) = later {
            settled += conn
                .prepare_cached(
                    "UPDATE sync_conflicts SET resolved_by = ?1 WHERE entity = ?2
                     AND entity_id = ?3 AND field = ?4 AND winner = ?5 AND loser = ?6",
                )?
                .execute(params![
                    op.op_id,
                    c.entity.as_str(),
                    c.entity_id,
                    c.field,
                    c.winner.op_id,
                    c.loser.op_id
                ])?;
        }
    }
    Ok(settled)
}

/// Checks that a certificate is for these keys: the device, its signing key and its age
/// recipient all match.
pub fn certificate_matches(cert: &Certificate, keys: &DeviceKeys) -> Result<(), KeyError> {
    if cert.device_id != keys.device_id
        || cert.signing_pub != keys.signing_pub_hex()
        || cert.age_recipient != keys.age_recipient()
    {
        return Err(KeyError::OtherDevice {
            expected: keys.device_id.clone(),
            found: cert.device_id.clone(),
        });
    }
    Ok(())
}

/// The last bundle of a series, as this archive recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleLink {
    /// Its number in the sender's series to this peer (1, 2, 3…).
    pub seq: u64,
    /// When it was imported (received) or made (sent), Unix milliseconds.
    pub at_ms: i64,
    /// How many operations it carried; `None` for a bundle received before the archive
    /// counted them (schema 6).
    pub op_count: Option<u64>,
    /// How many bundles of the series there are so far.
    pub count: u64,
}

/// What this archive knows about one device it exchanges bundles with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerState {
    pub device_id: String,
    /// Its newest certificate, if this archive holds one.
    pub certificate: Option<Certificate>,
    /// Whether the office revoked that certificate.
    pub revoked: bool,
    /// The bundle from it imported most recently.
    pub last_received: Option<BundleLink>,
    /// The last bundle made for it.
    pub last_sent: Option<BundleLink>,
    /// Whether it ever told us what it holds (an acknowledgement vector came with a bundle).
    pub acknowledged: bool,
    /// How many of the operations this archive holds it has not acknowledged: what the next
    /// export to it carries.
    pub unacknowledged: u64,
    /// Operations from its bundles that wait for an earlier one.
    pub held: u64,
}

/// Operations of one origin kept aside because earlier ones of the same origin never
/// arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub origin: String,
    /// The first and last missing sequence numbers (the ones a bundle must still bring).
    pub missing_from: u64,
    pub missing_to: u64,
    /// How many operations wait beyond them.
    pub held: u64,
}

/// Every device this archive exchanges bundles with, by device id: the devices it has
/// imported from, exported to or heard an acknowledgement from, its office (at a village),
/// and at an office every device it holds a certificate for. Never this device itself.
/// A fresh archive has none.
pub fn peers(conn: &Connection, own_device: &str) -> Result<Vec<PeerState>, ImportError> {
    let ids = |sql: &str| -> Result<Vec<String>, ImportError> {
        Ok(conn
            .prepare(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    };
    let mut devices: BTreeSet<String> = BTreeSet::new();
    devices.extend(ids("SELECT DISTINCT sender FROM sync_chain")?);
    devices.extend(ids("SELECT DISTINCT recipient FROM sync_sent")?);
    devices.extend(ids("SELECT DISTINCT peer FROM sync_peer_ack")?);
    let office: Option<String> = conn
        .query_row(
            "SELECT office_device_id FROM sync_trust WHERE singleton = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match office {
        // At the office, every device it enrolled is a peer, bundles or not.
        Some(o) if o == own_device => {
            devices.extend(ids("SELECT DISTINCT device_id FROM sync_certificates")?)
        }
        Some(o) => {
            devices.insert(o);
        }
        None => {}
    }
    devices.remove(own_device);
    let marks = dossier_store::oplog::marks(conn)?;
    let revoked = crate::apply::revocations(conn)?;
    devices
        .into_iter()
        .map(|id| peer(conn, id, &marks, &revoked))
        .collect()
}

fn peer(
    conn: &Connection,
    device_id: String,
    marks: &std::collections::BTreeMap<String, u64>,
    revocations: &[Revocation],
) -> Result<PeerState, ImportError> {
    let link = |sql: &str| -> Result<Option<BundleLink>, ImportError> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([&device_id], |r| {
                Ok(BundleLink {
                    seq: r.get(0)?,
                    at_ms: r.get(1)?,
                    op_count: r.get(2)?,
                    count: r.get(3)?,
                })
            })
            .optional()?)
    };
    // Late bundles arrive with lower numbers, so "last" is the one imported last.
    let last_received = link(
        "SELECT seq, imported_at, op_count, (SELECT count(*) FROM sync_chain c WHERE c.sender = ?1)
         FROM sync_chain WHERE sender = ?1 ORDER BY imported_at DESC, seq DESC LIMIT 1",
    )?;
    let last_sent = link(
        "SELECT seq, made_at, op_count, (SELECT count(*) FROM sync_sent s WHERE s.recipient = ?1)
         FROM sync_sent WHERE recipient = ?1 ORDER BY seq DESC LIMIT 1",
    )?;
    let acked: std::collections::BTreeMap<String, u64> = conn
        .prepare_cached("SELECT origin, seq FROM sync_peer_ack WHERE peer = ?1")?
        .query_map([&device_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // The same sum `apply::export` sends: each origin's ops above what the peer acknowledged.
    let unacknowledged = marks
        .iter()
        .map(|(origin, mark)| mark.saturating_sub(acked.get(origin).copied().unwrap_or(0)))
        .sum();
    let held: u64 = conn
        .prepare_cached(
            "SELECT count(*) FROM sync_held h JOIN sync_chain c ON c.bundle_id = h.bundle_id
             WHERE c.sender = ?1",
        )?
        .query_row([&device_id], |r| r.get(0))?;
    let certificate = certificate_of(conn, &device_id)?.map(|(c, _)| c);
    let revoked = certificate.as_ref().is_some_and(|c| {
        revocations
            .iter()
            .any(|r| r.device_id == c.device_id && r.serial == c.serial)
    });
    Ok(PeerState {
        certificate,
        revoked,
        last_received,
        last_sent,
        acknowledged: !acked.is_empty(),
        unacknowledged,
        held,
        device_id,
    })
}

/// The gaps held operations wait behind, by origin: what this archive lacks before it can
/// apply them. Empty when nothing is held.
pub fn gaps(conn: &Connection) -> Result<Vec<Gap>, ImportError> {
    let rows: Vec<(String, u64, u64)> = conn
        .prepare_cached(
            "SELECT device_id, min(device_seq), count(*) FROM sync_held GROUP BY device_id ORDER BY device_id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let marks = dossier_store::oplog::marks(conn)?;
    Ok(rows
        .into_iter()
        .map(|(origin, first_held, held)| Gap {
            missing_from: marks.get(&origin).copied().unwrap_or(0) + 1,
            missing_to: first_held.saturating_sub(1),
            held,
            origin,
        })
        .collect())
}
