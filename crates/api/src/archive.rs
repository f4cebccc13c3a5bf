//! Creating, listing and unlocking archives, and the signed-in [`Session`].

use std::collections::BTreeMap;
use std::path::Path;

use dossier_core::division::{self, Level};
use dossier_core::officer::{Role, SiteRole};
use dossier_core::op::Entity;
use dossier_store::audit::{Action as AuditAction, NewEntry};
use dossier_store::query::{self, OfficerRecord, SiteRecord};
use dossier_store::{Archive, ArchiveKey, Change, KdfParams, KeySlots, SiteSeed, attempts};
use serde_json::{Value, json};

use crate::view::{ArchiveInfo, OfficerSlotView, SessionView};
use crate::{Env, Error, Result};

/// What `dossier init` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitParams {
    pub role: SiteRole,
    /// Division code of the site: a village or community (12 digits) for a village site, a
    /// street or township (9 digits) or county (6 digits) for an office.
    pub jurisdiction: String,
    pub officer_name: String,
}

/// An unlocked archive and the officer using it.
#[derive(Debug)]
pub struct Session {
    pub(crate) archive: Archive,
    pub(crate) officer: OfficerRecord,
    pub(crate) role: Role,
    pub(crate) site: SiteRecord,
    pub(crate) site_jurisdiction_name: String,
    /// The day (in China) the session was opened: what reads that derive facts (ages, days
    /// served, alerts) count from. Writes take theirs from the `Env` they are given.
    pub(crate) today: chrono::NaiveDate,
    /// Search keys of every subject in scope, built on the first search and dropped on any
    /// write to a subject.
    pub(crate) name_keys: Option<crate::search::KeyCache>,
}

/// Lists who can unlock the archive at `path`; needs no passphrase.
pub fn archive_info(path: &Path) -> Result<ArchiveInfo> {
    let slots = dossier_store::archive::locate(path)?;
    Ok(ArchiveInfo {
        path: path.display().to_string(),
        officers: officer_slots(&slots),
    })
}

/// Who can unlock with these key slots, as the unlock screen lists them.
pub(crate) fn officer_slots(slots: &dossier_store::KeySlots) -> Vec<OfficerSlotView> {
    slots
        .slots
        .iter()
        .map(|s| OfficerSlotView {
            officer_id: s.officer_id.clone(),
            name: s.officer_name.clone(),
            role: s.role.clone(),
        })
        .collect()
}

pub(crate) fn fields(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// The live rows of an entity's table (optionally those whose `filter` column has a value),
/// each read as `T`; a row that does not read is `damaged()`.
pub(crate) fn typed_rows<T: serde::de::DeserializeOwned>(
    conn: &rusqlite::Connection,
    entity: dossier_core::op::Entity,
    filter: Option<(&str, &str)>,
    damaged: fn() -> Error,
) -> Result<Vec<T>> {
    dossier_store::query::entity_rows(conn, entity, filter)?
        .into_iter()
        .map(|m| serde_json::from_value(Value::Object(m)).map_err(|_| damaged()))
        .collect()
}

pub(crate) fn check_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < 8 {
        return Err(Error::Invalid(
            "The passphrase must have at least 8 characters. Choose a longer one.".into(),
        ));
    }
    Ok(())
}

/// The first officer of a new archive, and the others the demo adds.
pub(crate) struct NewOfficer<'a> {
    pub name: &'a str,
    pub role: Role,
}

/// Creates an archive for one site with its officers, all unlocking with `passphrase`, and
/// returns it unlocked as the first officer. `extra` writes further operations inside the
/// same all-or-nothing creation.
pub(crate) fn create(
    path: &Path,
    params: &InitParams,
    officers: &[NewOfficer<'_>],
    passphrase: &str,
    env: &mut Env,
    extra: impl FnOnce(&mut rusqlite::Connection, &str, &str, &mut Env) -> Result<()>,
) -> Result<Session> {
    check_passphrase(passphrase)?;
    let divisions = division::builtin();
    let site_division = divisions
        .iter()
        .find(|d| d.code == params.jurisdiction)
        .ok_or_else(|| Error::UnknownJurisdiction(params.jurisdiction.clone()))?;
    match (params.role, site_division.level) {
        (SiteRole::Village, Level::Village) | (SiteRole::Office, Level::Street | Level::County) => {
        }
        (SiteRole::Village, _) => {
            return Err(Error::Invalid(
                "A village site needs a 12-digit village or community code.".into(),
            ));
        }
        (SiteRole::Office, _) => {
            return Err(Error::Invalid(
                "An office site needs a 9-digit street or township code (or a 6-digit county code).".into(),
            ));
        }
    }
    if officers.is_empty() {
        return Err(Error::Invalid(
            "An archive needs at least one officer.".into(),
        ));
    }
    for o in officers {
        if o.name.trim().is_empty() || o.name.chars().count() > 50 {
            return Err(Error::Invalid(
                "The officer's name must be 1 to 50 characters.".into(),
            ));
        }
    }

    let archive_id = env.new_id();
    let seed = SiteSeed {
        archive_id: archive_id.clone(),
        device_id: env.new_id(),
        site_id: env.new_id(),
    };
    let officer_ids: Vec<String> = officers.iter().map(|_| env.new_id()).collect();
    let key = ArchiveKey::random();
    let mut slots = KeySlots::new(&archive_id);
    for (o, id) in officers.iter().zip(&officer_ids) {
        slots
            .set_slot(
                &key,
                id,
                o.name.trim(),
                o.role.as_str(),
                passphrase,
                KdfParams::default(),
            )
            .map_err(Error::from)?;
    }
    let site_name = match params.role {
        SiteRole::Office => format!("{}司法所", site_division.name),
        SiteRole::Village => site_division.name.clone(),
    };

    let now = env.now_ms();
    let mut changes = Vec::new();
    for d in division::for_scope(&divisions, &params.jurisdiction) {
        changes.push(Change {
            op_id: env.new_id(),
            entity: Entity::Jurisdiction,
            entity_id: d.code.clone(),
            fields: fields(&[
                ("name", json!(d.name)),
                ("parent", json!(d.parent)),
                ("level", json!(d.level.as_str())),
            ]),
        });
    }
    changes.push(Change {
        op_id: env.new_id(),
        entity: Entity::Site,
        entity_id: seed.site_id.clone(),
        fields: fields(&[
            ("name", json!(site_name)),
            ("role", json!(params.role.as_str())),
            ("jurisdiction", json!(params.jurisdiction)),
        ]),
    });
    changes.push(Change {
        op_id: env.new_id(),
        entity: Entity::Device,
        entity_id: seed.device_id.clone(),
        fields: fields(&[("site_id", json!(seed.site_id)), ("name", json!(site_name))]),
    });
    for (o, id) in officers.iter().zip(&officer_ids) {
        changes.push(Change {
            op_id: env.new_id(),
            entity: Entity::Officer,
            entity_id: id.clone(),
            fields: fields(&[
                ("name", json!(o.name.trim())),
                ("role", json!(o.role.as_str())),
                ("site_id", json!(seed.site_id)),
                ("active", json!(true)),
            ]),
        });
    }
    let first_id = officer_ids[0].clone();
    let mut extra_err = None;
    let archive = Archive::create(path, &key, &slots, &seed, now, |conn| {
        dossier_store::oplog::write(conn, now, Some(&first_id), changes)?;
        if let Err(e) = extra(conn, &first_id, &params.jurisdiction, env) {
            extra_err = Some(e);
            return Err(dossier_store::Error::Refused("creation stopped".into()));
        }
        Ok(())
    });
    let archive = match (archive, extra_err) {
        (_, Some(e)) => return Err(e),
        (a, None) => a?,
    };
    let today = env.today();
    Session::start(archive, &first_id, today)
}

/// Creates a new, empty archive for one site with its first officer.
pub fn init(path: &Path, params: InitParams, passphrase: &str, env: &mut Env) -> Result<Session> {
    let first = NewOfficer {
        name: &params.officer_name,
        role: Role::founding(params.role),
    };
    create(
        path,
        &params,
        &[first],
        passphrase,
        env,
        |_, _, _, _| Ok(()),
    )
}

/// The key slot of `officer` (an id or name), or with `None` the archive's first.
pub(crate) fn pick_slot<'a>(
    slots: &'a KeySlots,
    officer: Option<&str>,
) -> Result<&'a dossier_store::keyslot::KeySlot> {
    match officer {
        Some(o) => slots
            .slots
            .iter()
            .find(|s| s.officer_id == o || s.officer_name == o)
            .ok_or_else(|| Error::UnknownOfficer(o.to_owned())),
        None => slots
            .slots
            .first()
            .ok_or_else(|| Error::Damaged("the key file lists no officer".into())),
    }
}

/// Unlocks the archive at `path` as one officer. `officer` is an officer id or name; with
/// `None`, the archive's only officer (or its first) is meant.
pub fn unlock(
    path: &Path,
    officer: Option<&str>,
    passphrase: &str,
    env: &mut Env,
) -> Result<Session> {
    let slots = dossier_store::archive::locate(path)?;
    let slot = pick_slot(&slots, officer)?;
    let now = env.now_ms();
    let key = paced(path, now, || match passphrase {
        "" => Err(dossier_store::Error::WrongPassphrase),
        p => slots.unwrap(&slot.officer_id, p),
    })?;
    let archive = Archive::open(path, &key)?;
    let session = Session::start(archive, &slot.officer_id, dossier_core::china_date(now))?;
    session.record_sign_in(path, now)?;
    Ok(session)
}

/// Tries a secret that proves who is at the keyboard — a passphrase at sign-in or when one
/// confirms an account change, or the recovery key — paced like signing in: refused while
/// the wait earned by earlier failures is due (without counting), and a wrong one counted in
/// the archive's attempts file, which the next sign-in copies into the audit log. Otherwise
/// a confirmation dialog or `dossier recover` would be a way to guess without waiting.
pub(crate) fn paced<T>(
    path: &Path,
    now: i64,
    attempt: impl FnOnce() -> dossier_store::Result<T>,
) -> Result<T> {
    let wait = attempts::wait_ms(&attempts::read(path)?, now);
    if wait > 0 {
        return Err(Error::SignInDelay {
            seconds: (wait as u64).div_ceil(1000),
        });
    }
    match attempt() {
        Err(
            e @ (dossier_store::Error::WrongPassphrase | dossier_store::Error::WrongRecoveryKey),
        ) => {
            attempts::record_failure(path, now)?;
            Err(e.into())
        }
        other => Ok(other?),
    }
}

impl Session {
    fn start(archive: Archive, officer_id: &str, today: chrono::NaiveDate) -> Result<Session> {
        let conn = archive.conn();
        let officer = query::officer(conn, officer_id)?
            .ok_or_else(|| Error::UnknownOfficer(officer_id.to_owned()))?;
        if !officer.active {
            return Err(Error::OfficerDisabled);
        }
        let role = Role::parse(&officer.role)
            .ok_or_else(|| Error::Damaged("an officer has an unknown role".into()))?;
        let local = query::local_device(conn)?;
        let site = query::site(conn, &local.site_id)?
            .ok_or_else(|| Error::Damaged("the archive's own site is missing".into()))?;
        let site_jurisdiction_name =
            query::jurisdiction_name(conn, &site.jurisdiction)?.unwrap_or_default();
        Ok(Session {
            archive,
            officer,
            role,
            site,
            site_jurisdiction_name,
            today,
            name_keys: None,
        })
    }

    /// Writes the failed attempts counted while the archive was locked, then this sign-in,
    /// to the audit log, and clears the counter.
    fn record_sign_in(&self, path: &Path, now: i64) -> Result<()> {
        let failed = attempts::read(path)?;
        let tx = self
            .archive
            .conn()
            .unchecked_transaction()
            .map_err(dossier_store::Error::from)?;
        let untimed = failed.failed as usize - failed.times.len().min(failed.failed as usize);
        if untimed > 0 {
            let detail = format!("{untimed} earlier failed sign-in(s), times not kept");
            dossier_store::audit::append(
                &tx,
                &NewEntry {
                    at_ms: failed.times.first().copied().unwrap_or(now),
                    officer_id: None,
                    action: AuditAction::SignInFailed,
                    subject_id: None,
                    detail: &detail,
                },
            )?;
        }
        for at in &failed.times {
            dossier_store::audit::append(
                &tx,
                &NewEntry {
                    at_ms: *at,
                    officer_id: None,
                    action: AuditAction::SignInFailed,
                    subject_id: None,
                    detail: "wrong passphrase",
                },
            )?;
        }
        self.audit(now, AuditAction::SignIn, None, "signed in")?;
        tx.commit().map_err(dossier_store::Error::from)?;
        if failed.failed > 0 {
            attempts::clear(path)?;
        }
        Ok(())
    }

    pub fn view(&self) -> SessionView {
        SessionView {
            officer_id: self.officer.id.clone(),
            officer_name: self.officer.name.clone(),
            role: self.role.as_str().to_owned(),
            site_role: self.site.role.clone(),
            jurisdiction: self.site.jurisdiction.clone(),
            jurisdiction_name: self.site_jurisdiction_name.clone(),
            // A read failure here shows no accounts page; every use case checks again.
            administers_accounts: self.administers_accounts().unwrap_or(false),
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// The site's scope: a division-code prefix.
    pub fn scope(&self) -> &str {
        &self.site.jurisdiction
    }

    pub(crate) fn require(
        &self,
        action: dossier_core::officer::Action,
        what: &'static str,
    ) -> Result<()> {
        if dossier_core::officer::may(self.role, action) {
            Ok(())
        } else {
            Err(Error::PermissionDenied(what))
        }
    }

    /// The hex SHA-256 of the archive's logical content (see `dossier_store::digest`).
    pub fn digest(&self) -> Result<String> {
        Ok(dossier_store::digest::digest(self.archive.conn())?)
    }

    /// Checks the archive's pages, op log and projections.
    pub fn check(&mut self) -> Result<crate::view::CheckView> {
        let r = dossier_store::check::check(self.archive.conn_mut())?;
        Ok(crate::view::CheckView {
            ok: r.problems.is_empty(),
            ops: r.ops,
            devices: r.devices,
            attachments_without_bytes: r.attachments_without_bytes,
            problems: r.problems,
        })
    }

    /// The day facts are derived for in reads (see the `today` field).
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
    }

    /// Sets the day reads derive facts for (a session kept open past midnight).
    pub fn set_today(&mut self, today: chrono::NaiveDate) {
        if today != self.today {
            // Ages and seals move with the day; search keeps facts of the day it was built.
            self.name_keys = None;
        }
        self.today = today;
    }

    /// Closes the archive; its key is dropped (and zeroed) with it.
    pub fn lock(self) {}
}
