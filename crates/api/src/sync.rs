//! Sync by bundle, as use cases: enrolment, export, verify, import and revocation.
//!
//! A village makes its keys and an enrolment request ([`Session::device_request`]); the
//! office administrator turns the request into a certificate bundle
//! ([`Session::device_enroll`]), which names the jurisdiction prefix and role it grants; the
//! village accepts it ([`Session::device_accept`]) and from then on trusts that office's key.
//! Bundles then travel both ways ([`Session::sync_export`], [`Session::sync_import`]). The
//! office's own certificate is issued by the office to itself the first time it enrols a
//! device. Keys and trust live in the archive's local-only sync tables, inside the encrypted
//! database. Every refusal is an [`Error::Sync`] with a stable code (the `CODE_*` constants)
//! and a message that says what to do; a refused import changes nothing. Randomness for new
//! keys is passed in, like time and ids. What is not here: the bundle format and the import
//! rules (`dossier-sync`), files and terminals (the hosts), resolving conflicts (to come).

use dossier_core::officer::Role;
use dossier_store::oplog;
use dossier_sync::apply::{self, ExportFrom, ImportError, ImportReport};
use dossier_sync::format::{BundleError, Limits, read_bundle};
pub use dossier_sync::keys::DeviceRole;
use dossier_sync::keys::{
    Certificate, DeviceKeys, Enrolment, EnrolmentRequest, KeyError, Revocation, SignedFile,
};
use dossier_sync::manifest::BundleRecipient;
use dossier_sync::plan::{ChainCheck, Refusal};
use dossier_sync::state;
use rand::{CryptoRng, RngCore};
use serde::Serialize;
use ts_rs::TS;

use crate::view::{BundleLinkView, GapView, ImportProgressView, PeerView, SyncStatusView};
use crate::{Env, Error, Result, Session};

/// The bundle is damaged (truncated, bit-flipped, unreadable inside).
pub const CODE_DAMAGED: &str = "bundle_damaged";
/// A signature does not match: changed after signing, or signed by someone else.
pub const CODE_SIGNATURE: &str = "bundle_signature";
/// Not for this archive: encrypted for another office, from a device another office
/// enrolled, or made on this very computer.
pub const CODE_FOREIGN: &str = "bundle_foreign";
/// Made by a newer version of Dossier.
pub const CODE_TOO_NEW: &str = "bundle_too_new";
/// From a device whose certificate the office revoked.
pub const CODE_REVOKED: &str = "bundle_revoked";
/// Another bundle already took this place in the sender's chain, or an op was altered.
pub const CODE_FORK: &str = "bundle_fork";
/// Operations about people outside the sender's jurisdiction.
pub const CODE_SCOPE: &str = "bundle_scope";
/// This archive has no keys, no certificate or no trusted office yet.
pub const CODE_NOT_ENROLLED: &str = "not_enrolled";
/// An enrolment request or certificate bundle that cannot be used.
pub const CODE_ENROLMENT: &str = "enrolment_invalid";

fn refuse(code: &'static str, message: impl Into<String>) -> Error {
    Error::Sync {
        code,
        message: message.into(),
    }
}

/// How a bundle the reader could not accept is reported.
fn bundle_error(e: BundleError) -> Error {
    let code = match &e {
        BundleError::BadSignature | BundleError::HashMismatch { .. } => CODE_SIGNATURE,
        BundleError::NotForUs => CODE_FOREIGN,
        BundleError::TooNew { .. } => CODE_TOO_NEW,
        BundleError::Certificate(KeyError::Revoked { .. }) => CODE_REVOKED,
        // A sender certificate not signed by our office: a device we never enrolled.
        BundleError::Certificate(_) | BundleError::OfficeDocument(_) => CODE_FOREIGN,
        BundleError::Io(e) => return Error::io(e),
        _ => CODE_DAMAGED,
    };
    let message = match &e {
        BundleError::NotForUs => "This bundle was made for another archive (it is encrypted for another office or device). Check that you picked the right file; ask the sender to export it for this archive.".to_owned(),
        BundleError::Certificate(KeyError::BadSignature { .. }) => "This bundle comes from a device this office never enrolled. Do not import it; ask the office.".to_owned(),
        _ => e.to_string(),
    };
    refuse(code, message)
}

pub(crate) fn import_error(e: ImportError) -> Error {
    match e {
        ImportError::Refused(r) => {
            let code = match &r {
                Refusal::FromSelf | Refusal::ForAnother(_) => CODE_FOREIGN,
                Refusal::Sender(KeyError::Revoked { .. }) => CODE_REVOKED,
                Refusal::Sender(_) => CODE_SIGNATURE,
                Refusal::Fork { .. } | Refusal::Tamper { .. } => CODE_FORK,
                Refusal::OutOfScope { .. } => CODE_SCOPE,
            };
            refuse(code, r.to_string())
        }
        ImportError::Bundle(b) => bundle_error(b),
        ImportError::Store(s) => s.into(),
        ImportError::Sqlite(s) => dossier_store::Error::from(s).into(),
        ImportError::Key(k) => refuse(CODE_ENROLMENT, k.to_string()),
    }
}

fn not_enrolled(what: &str) -> Error {
    refuse(CODE_NOT_ENROLLED, what.to_owned())
}

/// What the terms of an enrolment are: the office decides them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnrolTerms {
    /// The division-code prefix the device may send about; default: what it asked for.
    pub jurisdiction: Option<String>,
    /// Default: village.
    pub role: Option<DeviceRole>,
}

/// A new enrolment request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceRequestView {
    pub device_id: String,
    pub jurisdiction: String,
    /// Short fingerprint of the device's signing key, to read out over the phone.
    pub fingerprint: String,
    /// Whether the keys were made now (false: the device already had them).
    pub new_keys: bool,
}

/// A certificate issued (office) or accepted (village).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnrolmentView {
    pub device_id: String,
    pub jurisdiction_prefix: String,
    /// "village" | "office"
    pub role: String,
    pub serial: u64,
    pub office_device_id: String,
    /// Short fingerprint of the office's signing key.
    pub office_fingerprint: String,
}

/// A bundle written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportView {
    pub bundle_id: String,
    pub recipient: String,
    #[ts(type = "number")]
    pub seq: u64,
    #[ts(type = "number")]
    pub ops: u64,
    pub attachments: usize,
    pub bytes: usize,
}

/// What an import did, or (dry run, verify) would do. Counts and ids only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportView {
    pub bundle_id: String,
    pub sender: String,
    #[ts(type = "number")]
    pub seq: u64,
    /// "ok" | "replay" | "gap" | "late"
    pub chain: String,
    pub new: usize,
    pub released: usize,
    pub already_had: usize,
    pub held: usize,
    pub conflicts: usize,
    pub future_clock: usize,
    pub certificates: usize,
    pub revocations: usize,
    pub attachments: usize,
    pub dry_run: bool,
    /// The same in plain words, one line each.
    pub summary: String,
}

impl ImportView {
    fn of(r: &ImportReport, dry_run: bool) -> ImportView {
        ImportView {
            bundle_id: r.bundle_id.clone(),
            sender: r.sender.clone(),
            seq: r.seq,
            chain: match r.chain {
                ChainCheck::Ok => "ok",
                ChainCheck::Replay => "replay",
                ChainCheck::Gap { .. } => "gap",
                ChainCheck::Late => "late",
                ChainCheck::Fork => "fork",
            }
            .to_owned(),
            new: r.new,
            released: r.released,
            already_had: r.already_had,
            held: r.held,
            conflicts: r.conflicts.len(),
            future_clock: r.future_clock.len(),
            certificates: r.certificates,
            revocations: r.revocations,
            attachments: r.attachments,
            dry_run,
            summary: r.to_string(),
        }
    }
}

/// A revocation issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevocationView {
    pub device_id: String,
    pub serial: u64,
    pub at: i64,
}

fn fingerprint(keys_hex: &str) -> String {
    let h = dossier_sync::manifest::sha256_hex(keys_hex.as_bytes());
    h.as_bytes()[..16]
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

impl Session {
    fn require_role(&self, roles: &[Role], what: &'static str) -> Result<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(Error::PermissionDenied(what))
        }
    }

    fn is_office(&self) -> bool {
        self.site.role == "office"
    }

    /// Runs `f` in one immediate transaction: all of it is kept, or none.
    fn in_transaction<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.archive
            .conn()
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(db)?;
        match f(self) {
            Ok(v) => {
                self.archive.conn().execute_batch("COMMIT").map_err(db)?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.archive.conn().execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn own_device_id(&self) -> Result<String> {
        Ok(dossier_store::query::local_device(self.archive.conn())?.device_id)
    }

    /// This device's keys, made (from `rng`) and kept if it has none yet.
    fn keys_or_new(
        &mut self,
        env: &mut Env,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(DeviceKeys, bool)> {
        if let Some(k) = state::device_keys(self.archive.conn()).map_err(import_error)? {
            return Ok((k, false));
        }
        let keys = DeviceKeys::generate(&self.own_device_id()?, rng);
        state::save_device_keys(self.archive.conn(), &keys, env.now_ms()).map_err(import_error)?;
        Ok((keys, true))
    }

    /// A village device's enrolment request: makes its keys if it has none, and returns the
    /// request file's bytes for the office.
    pub fn device_request(
        &mut self,
        env: &mut Env,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(DeviceRequestView, Vec<u8>)> {
        self.require_role(&[Role::VillageWorker], "ask the office for a certificate")?;
        if self.is_office() {
            return Err(refuse(
                CODE_ENROLMENT,
                "An office does not ask for a certificate; it issues them. Use `dossier device enroll` on a village's request.",
            ));
        }
        let (keys, new_keys) = self.keys_or_new(env, rng)?;
        let file =
            EnrolmentRequest::make(&keys, &self.site.id, &self.site.jurisdiction, env.now_ms());
        Ok((
            DeviceRequestView {
                device_id: keys.device_id.clone(),
                jurisdiction: self.site.jurisdiction.clone(),
                fingerprint: fingerprint(&keys.signing_pub_hex()),
                new_keys,
            },
            file.to_bytes(),
        ))
    }

    /// The office's keys and its own certificate, made on first use.
    fn office_identity(
        &mut self,
        env: &mut Env,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(DeviceKeys, SignedFile)> {
        let (keys, _) = self.keys_or_new(env, rng)?;
        if let Some(t) = state::trust(self.archive.conn()).map_err(import_error)? {
            return Ok((keys, t.office_certificate));
        }
        let now = env.now_ms();
        let request = EnrolmentRequest::verify(&EnrolmentRequest::make(
            &keys,
            &self.site.id,
            &self.site.jurisdiction,
            now,
        ))
        .map_err(|e| Error::Internal(e.to_string()))?;
        let conn = self.archive.conn();
        let serial = state::next_serial(conn).map_err(import_error)?;
        let cert = Certificate::issue(
            &request,
            &keys,
            &self.site.jurisdiction,
            DeviceRole::Office,
            serial,
            now,
        );
        state::save_trust(conn, &keys.verifying_key(), &cert, now).map_err(import_error)?;
        Ok((keys, cert))
    }

    /// Turns a village's enrolment request into a certificate bundle (office administrators
    /// only). The certificate names the jurisdiction prefix and role the office grants.
    pub fn device_enroll(
        &mut self,
        request: &[u8],
        terms: EnrolTerms,
        env: &mut Env,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Result<(EnrolmentView, Vec<u8>)> {
        self.require_role(&[Role::OfficeAdmin], "enrol devices")?;
        if !self.is_office() {
            return Err(refuse(
                CODE_ENROLMENT,
                "Only an office archive enrols devices. Send the request file to your judicial office.",
            ));
        }
        let bad_request = |e: KeyError| {
            refuse(
                CODE_ENROLMENT,
                format!(
                    "This enrolment request cannot be used: {e}. Ask the village to run `dossier device request` again."
                ),
            )
        };
        let file = SignedFile::from_bytes(request, "enrolment request").map_err(bad_request)?;
        let req = EnrolmentRequest::verify(&file).map_err(bad_request)?;
        let prefix = terms
            .jurisdiction
            .unwrap_or_else(|| req.jurisdiction.clone());
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::Invalid(
                "The jurisdiction prefix must be a division code (digits only).".into(),
            ));
        }
        if !prefix.starts_with(self.scope()) {
            return Err(Error::OutsideScope(prefix));
        }
        let role = terms.role.unwrap_or(DeviceRole::Village);
        if req.device_id == self.own_device_id()? {
            return Err(refuse(
                CODE_ENROLMENT,
                "This request was made by this office's own archive; enrol the village's request instead.",
            ));
        }
        let (keys, office_cert, cert, cert_file, revocations) = self.in_transaction(|s| {
            let (keys, office_cert) = s.office_identity(env, rng)?;
            let conn = s.archive.conn();
            let serial = state::next_serial(conn).map_err(import_error)?;
            // Valid from when the device asked (its own clock), so a village laptop whose
            // clock runs behind the office's can use its certificate at once.
            let valid_from = req.made_at.min(env.now_ms());
            let cert_file = Certificate::issue(&req, &keys, &prefix, role, serial, valid_from);
            let cert = Certificate::verify(&cert_file, &keys.verifying_key())
                .map_err(|e| Error::Internal(e.to_string()))?;
            state::add_certificate(conn, &cert, &cert_file).map_err(import_error)?;
            let revocations = state::revocation_files(conn).map_err(import_error)?;
            Ok((keys, office_cert, cert, cert_file, revocations))
        })?;
        let serial = cert.serial;
        let enrolment = Enrolment::new(&keys, office_cert, cert_file, revocations);
        Ok((
            EnrolmentView {
                device_id: cert.device_id,
                jurisdiction_prefix: cert.jurisdiction_prefix,
                role: role_str(cert.role).to_owned(),
                serial,
                office_device_id: keys.device_id.clone(),
                office_fingerprint: fingerprint(&keys.signing_pub_hex()),
            },
            enrolment.to_bytes(),
        ))
    }

    /// Accepts the certificate bundle the office made from this device's request. From then
    /// on this archive trusts that office's key and exports to it.
    pub fn device_accept(&mut self, bytes: &[u8], env: &mut Env) -> Result<EnrolmentView> {
        self.require_role(&[Role::VillageWorker], "accept a certificate")?;
        let bad = |e: KeyError| {
            refuse(
                CODE_ENROLMENT,
                format!(
                    "This certificate bundle cannot be used: {e}. Ask the office to enrol the request again."
                ),
            )
        };
        let opened = Enrolment::open(bytes).map_err(bad)?;
        let conn = self.archive.conn();
        let keys = state::device_keys(conn).map_err(import_error)?.ok_or_else(|| {
            not_enrolled("This archive has not asked for a certificate. Run `dossier device request` first and send the request to the office.")
        })?;
        state::certificate_matches(&opened.certificate, &keys).map_err(|_| {
            refuse(
                CODE_ENROLMENT,
                "This certificate was issued for another device's request, not this archive's. Check that you picked the right file.",
            )
        })?;
        if !self
            .site
            .jurisdiction
            .starts_with(&opened.office.jurisdiction_prefix)
        {
            return Err(refuse(
                CODE_ENROLMENT,
                format!(
                    "This certificate comes from an office for {}, which does not cover this site ({}). Check that you picked the right file.",
                    opened.office.jurisdiction_prefix, self.site.jurisdiction
                ),
            ));
        }
        if let Some(t) = state::trust(conn).map_err(import_error)?
            && t.office_key != opened.office_key
        {
            return Err(refuse(
                CODE_ENROLMENT,
                "This archive is already enrolled with another office. Nothing was changed.",
            ));
        }
        let now = env.now_ms();
        let tx = self.archive.conn_mut().transaction().map_err(db)?;
        if state::trust(&tx).map_err(import_error)?.is_none() {
            state::save_trust(
                &tx,
                &opened.office_key,
                &opened.file.office_certificate,
                now,
            )
            .map_err(import_error)?;
        }
        state::add_certificate(&tx, &opened.certificate, &opened.file.certificate)
            .map_err(import_error)?;
        for (r, f) in &opened.revocations {
            state::add_revocation(&tx, r, f).map_err(import_error)?;
        }
        tx.commit().map_err(db)?;
        let c = opened.certificate;
        Ok(EnrolmentView {
            device_id: c.device_id,
            jurisdiction_prefix: c.jurisdiction_prefix,
            role: role_str(c.role).to_owned(),
            serial: c.serial,
            office_device_id: opened.office.device_id,
            office_fingerprint: fingerprint(&dossier_sync::keys::verifying_key_hex(
                &opened.office_key,
            )),
        })
    }

    /// Keys, trust and this device's own certificate, or a plain refusal saying what is
    /// missing.
    fn sync_identity(&self) -> Result<(DeviceKeys, state::Trust, Certificate, SignedFile)> {
        let conn = self.archive.conn();
        let what = if self.is_office() {
            "This office has not enrolled any device yet, so it has no keys for bundles. Enrol a village first with `dossier device enroll`."
        } else {
            "This archive is not enrolled yet. Run `dossier device request`, send the file to the office, then `dossier device accept` the certificate bundle it sends back."
        };
        // A village that trusts an office but holds no certificate for its current device
        // was restored from a backup: it is a new device, which the office enrols again.
        let restored = "This archive was restored from a backup, so it is a new device for sync and its office must enrol it again: run `dossier device request`, send the file to the office, then `dossier device accept` the certificate bundle it sends back.";
        let trusted = !self.is_office() && state::trust(conn).map_err(import_error)?.is_some();
        let what = if trusted { restored } else { what };
        let keys = state::device_keys(conn)
            .map_err(import_error)?
            .ok_or_else(|| not_enrolled(what))?;
        let trust = state::trust(conn)
            .map_err(import_error)?
            .ok_or_else(|| not_enrolled(what))?;
        let (cert, file) = state::certificate_of(conn, &keys.device_id)
            .map_err(import_error)?
            .ok_or_else(|| not_enrolled(what))?;
        Ok((keys, trust, cert, file))
    }

    /// Makes a bundle of everything `to` has not acknowledged. A village sends to its office
    /// (`to` = `None`); an office names the device. Returns the bundle's bytes for the host
    /// to write.
    pub fn sync_export(
        &mut self,
        to: Option<&str>,
        env: &mut Env,
    ) -> Result<(ExportView, Vec<u8>)> {
        self.require_role(
            &[Role::VillageWorker, Role::OfficeStaff, Role::OfficeAdmin],
            "export bundles",
        )?;
        let (keys, trust, cert, cert_file) = self.sync_identity()?;
        let conn = self.archive.conn();
        // An office shares with a village device only that village's files.
        let mut share: Option<String> = None;
        let recipient = match to {
            None if self.is_office() => {
                return Err(Error::Invalid(
                    "An office exports to one device at a time: name it with --to DEVICE (the device id from its enrolment)."
                        .into(),
                ));
            }
            None => BundleRecipient {
                age_recipient: trust.office.age_recipient.clone(),
                device_id: trust.office.device_id.clone(),
            },
            Some(id) => {
                let (c, _) = state::certificate_of(conn, id)
                    .map_err(import_error)?
                    .ok_or_else(|| {
                        Error::NotFound(format!(
                            "Device {id} (this archive holds no certificate for it; check the id)"
                        ))
                    })?;
                if c.device_id == keys.device_id {
                    return Err(Error::Invalid(
                        "A bundle is for another archive; this is this archive's own device."
                            .into(),
                    ));
                }
                if self.is_office() && c.role == DeviceRole::Village {
                    share = Some(c.jurisdiction_prefix.clone());
                }
                BundleRecipient {
                    age_recipient: c.age_recipient,
                    device_id: c.device_id,
                }
            }
        };
        let revoked = apply::revocations(conn).map_err(import_error)?;
        if let Err(e) = cert.check_usable(i64::MAX, &revoked) {
            return Err(refuse(
                CODE_REVOKED,
                format!("{e}. This archive may no longer send bundles; ask the office."),
            ));
        }
        let bundle_id = env.new_id();
        let now = env.now_ms();
        // Minors' files stay at the office unless its rules say otherwise (`crate::seal`).
        let withheld = match &share {
            Some(_) => crate::seal::withheld(self.archive.conn(), env.today())?,
            None => Default::default(),
        };
        let share = share.as_deref().map(|prefix| dossier_sync::share::Share {
            prefix,
            withheld: &withheld,
        });
        let tx = self.archive.conn_mut().transaction().map_err(db)?;
        let written = apply::export(
            &tx,
            &ExportFrom {
                keys: &keys,
                certificate: &cert_file,
                serial: cert.serial,
            },
            &recipient,
            share.as_ref(),
            &bundle_id,
            now,
        )
        .map_err(import_error)?;
        let detail = format!(
            "bundle {bundle_id} (number {}) to device {}: {} operation(s)",
            written.manifest.seq, recipient.device_id, written.manifest.op_count
        );
        dossier_store::audit::append(
            &tx,
            &dossier_store::audit::NewEntry {
                at_ms: now,
                officer_id: Some(&self.officer.id),
                action: dossier_store::audit::Action::Export,
                subject_id: None,
                detail: &detail,
            },
        )?;
        tx.commit().map_err(db)?;
        Ok((
            ExportView {
                bundle_id,
                recipient: recipient.device_id,
                seq: written.manifest.seq,
                ops: written.manifest.op_count,
                attachments: written.manifest.attachments.len(),
                bytes: written.bytes.len(),
            },
            written.bytes,
        ))
    }

    /// Checks a bundle without importing it: everything an import checks, and what it would
    /// do. The archive is not changed.
    pub fn sync_verify(&mut self, bytes: &[u8], env: &mut Env) -> Result<ImportView> {
        self.sync_import(bytes, true, env)
    }

    /// Imports a bundle in one transaction, or refuses it and changes nothing. With
    /// `dry_run`, says what it would do and changes nothing.
    pub fn sync_import(
        &mut self,
        bytes: &[u8],
        dry_run: bool,
        env: &mut Env,
    ) -> Result<ImportView> {
        self.import_reporting(bytes, dry_run, env, &mut |_| {})
    }

    /// [`Session::sync_import`] (not a dry run), telling `progress` how many of the new
    /// operations are written, every few hundred, for a progress bar.
    pub fn sync_import_reporting(
        &mut self,
        bytes: &[u8],
        env: &mut Env,
        progress: &mut dyn FnMut(ImportProgressView),
    ) -> Result<ImportView> {
        self.import_reporting(bytes, false, env, progress)
    }

    fn import_reporting(
        &mut self,
        bytes: &[u8],
        dry_run: bool,
        env: &mut Env,
        progress: &mut dyn FnMut(ImportProgressView),
    ) -> Result<ImportView> {
        self.require_role(
            &[Role::VillageWorker, Role::OfficeStaff, Role::OfficeAdmin],
            "import bundles",
        )?;
        let (keys, trust, _, _) = self.sync_identity()?;
        let opened = read_bundle(
            bytes,
            &keys.age_identity(),
            &trust.office_key,
            &Limits::default(),
        )
        .map_err(bundle_error)?;
        if !dry_run {
            // The archive as it was before this bundle, should the import need undoing.
            self.auto_backup("import", env)?;
        }
        let now = env.now_ms();
        let conn = self.archive.conn_mut();
        let report = if dry_run {
            let (plan, report) = apply::preview(conn, &opened, now).map_err(import_error)?;
            if let Some(r) = plan.refusal() {
                return Err(import_error(ImportError::Refused(r)));
            }
            report
        } else {
            match apply::import_bundle_reporting(conn, &opened, now, &mut |p| {
                progress(ImportProgressView {
                    done: p.done as u64,
                    total: p.total as u64,
                })
            }) {
                Ok(report) => report,
                Err(e @ ImportError::Refused(dossier_sync::Refusal::ForAnother(_))) => {
                    // Refused, but its enrolments and revocations are the office's own words.
                    apply::keep_office_files(conn, &opened).map_err(import_error)?;
                    return Err(import_error(e));
                }
                Err(e) => return Err(import_error(e)),
            }
        };
        if !dry_run {
            let detail = format!(
                "bundle {} (number {}) from device {}: {} new, {} already here, {} held",
                report.bundle_id,
                report.seq,
                report.sender,
                report.new,
                report.already_had,
                report.held
            );
            self.audit(now, dossier_store::audit::Action::Import, None, &detail)?;
        }
        if !dry_run && report.new > 0 {
            // New subjects may have arrived: the search keys are rebuilt on the next search.
            self.name_keys = None;
        }
        Ok(ImportView::of(&report, dry_run))
    }

    /// Revokes a device's certificate (office administrators only). Its later bundles are
    /// refused here at once, and at every village once an office bundle carries the
    /// revocation there.
    pub fn device_revoke(&mut self, device_id: &str, env: &mut Env) -> Result<RevocationView> {
        self.require_role(&[Role::OfficeAdmin], "revoke devices")?;
        if !self.is_office() {
            return Err(Error::PermissionDenied("revoke devices"));
        }
        let (keys, _, _, _) = self.sync_identity()?;
        let conn = self.archive.conn();
        let (cert, _) = state::certificate_of(conn, device_id)
            .map_err(import_error)?
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "Device {device_id} (this office never enrolled it; check the id)"
                ))
            })?;
        if cert.device_id == keys.device_id {
            return Err(Error::Invalid(
                "An office cannot revoke its own certificate.".into(),
            ));
        }
        let rev = Revocation {
            device_id: cert.device_id.clone(),
            serial: cert.serial,
            at: env.now_ms(),
        };
        let file = rev.issue(&keys);
        state::add_revocation(conn, &rev, &file).map_err(import_error)?;
        Ok(RevocationView {
            device_id: rev.device_id,
            serial: rev.serial,
            at: rev.at,
        })
    }

    /// For `cargo xtask bench sync` only: the operations a bundle carries, decrypted and
    /// checked, without touching the archive.
    #[doc(hidden)]
    pub fn bench_bundle_ops(&self, bytes: &[u8]) -> Result<Vec<dossier_core::op::Op>> {
        let (keys, trust, _, _) = self.sync_identity()?;
        let opened = read_bundle(
            bytes,
            &keys.age_identity(),
            &trust.office_key,
            &Limits::default(),
        )
        .map_err(bundle_error)?;
        Ok(opened.ops)
    }

    /// For `cargo xtask bench sync` only: the baseline an import is compared with. Inserts
    /// `ops` as plain rows into a copy of the op-log table (same columns, same keys) in this
    /// archive's encrypted database, in one transaction, commits, then drops the copy.
    #[doc(hidden)]
    pub fn bench_plain_insert(&mut self, ops: &[dossier_core::op::Op]) -> Result<()> {
        let conn = self.archive.conn_mut();
        conn.execute_batch(
            "DROP TABLE IF EXISTS bench_plain_ops;
             CREATE TABLE bench_plain_ops (
                 op_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, device_seq INTEGER NOT NULL,
                 hlc TEXT NOT NULL, user_id TEXT, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
                 base TEXT, fields TEXT NOT NULL, schema_version INTEGER NOT NULL,
                 UNIQUE (device_id, device_seq));
             CREATE INDEX bench_plain_ops_by_entity ON bench_plain_ops (entity, entity_id);",
        )
        .map_err(db)?;
        let tx = conn.transaction().map_err(db)?;
        {
            let mut stmt = tx
                .prepare(
                    "INSERT INTO bench_plain_ops VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(db)?;
            for op in ops {
                stmt.execute(rusqlite::params![
                    op.op_id,
                    op.device_id,
                    op.device_seq,
                    op.hlc.to_string(),
                    op.user_id,
                    op.entity.as_str(),
                    op.entity_id,
                    op.base,
                    serde_json::to_string(&op.fields).expect("fields serialise"),
                    op.schema_version,
                ])
                .map_err(db)?;
            }
        }
        tx.commit().map_err(db)?;
        self.archive
            .conn()
            .execute_batch("DROP TABLE bench_plain_ops;")
            .map_err(db)?;
        Ok(())
    }

    /// How many conflicts wait for a person.
    pub fn sync_open_conflicts(&self) -> Result<u64> {
        state::open_conflicts(self.archive.conn()).map_err(import_error)
    }

    /// Where this archive stands with every device it exchanges bundles with, the gaps
    /// held operations wait behind, and the open conflicts. A fresh archive has no peers
    /// (an empty list, not an error).
    pub fn sync_status(&self) -> Result<SyncStatusView> {
        let conn = self.archive.conn();
        let device_id = self.own_device_id()?;
        let enrolled = match self.sync_identity() {
            Ok(_) => true,
            Err(Error::Sync { code, .. }) if code == CODE_NOT_ENROLLED => false,
            Err(e) => return Err(e),
        };
        let name = |prefix: &str| -> Result<Option<String>> {
            let n = crate::leave::division_name(conn, prefix)?;
            Ok((!n.is_empty()).then_some(n))
        };
        let mut peers = Vec::new();
        for p in state::peers(conn, &device_id).map_err(import_error)? {
            let cert = p.certificate.as_ref();
            let jurisdiction = cert.map(|c| c.jurisdiction_prefix.clone());
            peers.push(PeerView {
                role: cert.map(|c| role_str(c.role).to_owned()),
                jurisdiction_name: jurisdiction.as_deref().map(name).transpose()?.flatten(),
                jurisdiction,
                revoked: p.revoked,
                last_received: p.last_received.map(link_view),
                last_sent: p.last_sent.map(link_view),
                acknowledged: p.acknowledged,
                unacknowledged: p.unacknowledged,
                held: p.held,
                device_id: p.device_id,
            });
        }
        let mut gaps = Vec::new();
        for g in state::gaps(conn).map_err(import_error)? {
            let prefix = state::certificate_of(conn, &g.origin)
                .map_err(import_error)?
                .map(|(c, _)| c.jurisdiction_prefix);
            gaps.push(GapView {
                origin_name: prefix.as_deref().map(name).transpose()?.flatten(),
                origin: g.origin,
                missing_from: g.missing_from,
                missing_to: g.missing_to,
                held: g.held,
            });
        }
        Ok(SyncStatusView {
            device_id,
            enrolled,
            site_role: self.site.role.clone(),
            peers,
            gaps,
            open_conflicts: self.sync_open_conflicts()?,
        })
    }

    /// Per origin device, the highest operation held without a gap (for status screens).
    pub fn sync_marks(&self) -> Result<std::collections::BTreeMap<String, u64>> {
        Ok(oplog::marks(self.archive.conn())?)
    }
}

/// Writes a bundle (or request, or certificate) file whole: into a hidden temporary file
/// beside `path`, then renamed into place, so a full disk or a pulled USB stick never leaves
/// half a bundle that looks like a whole one. Both hosts write their files with it.
pub fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.writing"));
    // A write cut short (a full disk) leaves no half file behind either.
    std::fs::write(&tmp, bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn role_str(r: DeviceRole) -> &'static str {
    match r {
        DeviceRole::Village => "village",
        DeviceRole::Office => "office",
    }
}

/// A bundle link as the status screen shows it, its time in China Standard Time.
fn link_view(l: state::BundleLink) -> BundleLinkView {
    let at = dossier_core::china_minute(l.at_ms);
    BundleLinkView {
        seq: l.seq,
        at,
        ops: l.op_count,
        count: l.count,
    }
}

fn db(e: rusqlite::Error) -> Error {
    dossier_store::Error::from(e).into()
}

#[cfg(test)]
pub(crate) mod tests;
