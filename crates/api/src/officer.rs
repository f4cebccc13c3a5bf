//! Officer accounts: adding, disabling, enabling and removing officers, each officer changing
//! their own passphrase, and the recovery key that sets a new one when a passphrase is lost.
//!
//! An officer is an op-logged `officer` entity (name, role, site, active) plus a key slot in
//! `keyslots.json`. Adding one writes both; disabling sets `active` to false and keeps the
//! slot, so `unlock` refuses them after their passphrase is checked; removing also deletes
//! the slot, so no passphrase of theirs opens the archive again (the entity stays, so records
//! they wrote still name them). Who may do this: see
//! [`dossier_core::officer::administers_accounts`]. Adding an officer or a recovery slot needs
//! the archive key, which a session does not keep, so the administrator gives their
//! passphrase again. The database is written first and the key file second: a crash between
//! the two leaves an officer without a slot, which reads as removed, never a slot without an
//! officer. Deliberately absent: renaming officers, changing a role (remove and add), and
//! re-keying the archive (a copy of an old key file still opens it with an old passphrase).

use std::path::Path;

use dossier_core::officer::{self, Role, SiteRole};
use dossier_core::op::Entity;
use dossier_store::query::{self, OfficerRecord};
use dossier_store::{Archive, ArchiveKey, Change, KdfParams, KeySlots};
use serde_json::json;

use crate::archive::{check_passphrase, fields, paced};
use crate::view::{OfficerInput, OfficerView, RecoveryKeyView};
use crate::{Env, Error, Result, Session};

const ADMINISTER: &str = "add, disable or remove officers, or set the recovery key (ask the account administrator: at an office its administrator, at a village archive the officer who created it)";

impl Session {
    fn site_role(&self) -> Result<SiteRole> {
        SiteRole::parse(&self.site.role)
            .ok_or_else(|| Error::Damaged("the archive's own site has an unknown role".into()))
    }

    fn founder(&self) -> Result<Option<String>> {
        Ok(query::site_founder(self.archive.conn(), &self.site.id)?)
    }

    /// Whether the signed-in officer administers this archive's accounts.
    pub fn administers_accounts(&self) -> Result<bool> {
        let founder = self.founder()?.as_deref() == Some(self.officer.id.as_str());
        Ok(officer::administers_accounts(
            self.role,
            self.site_role()?,
            founder,
        ))
    }

    fn require_account_admin(&self) -> Result<()> {
        if self.administers_accounts()? {
            Ok(())
        } else {
            Err(Error::PermissionDenied(ADMINISTER))
        }
    }

    /// The archive key, if `passphrase` is the signed-in officer's; a wrong one counts as a
    /// failed sign-in (see [`paced`]).
    fn own_key(&self, slots: &KeySlots, passphrase: &str, now: i64) -> Result<ArchiveKey> {
        paced(self.archive.dir(), now, || match passphrase {
            "" => Err(dossier_store::Error::WrongPassphrase),
            p => slots.unwrap(&self.officer.id, p),
        })
    }

    /// The officers of this site who can still unlock it (removed ones are left out),
    /// by name. Every officer may see the list; the unlock screen shows it anyway.
    pub fn officer_list(&self) -> Result<Vec<OfficerView>> {
        let slots = KeySlots::read(self.archive.dir())?;
        let founder = self.founder()?;
        let site = self.site_role()?;
        Ok(query::site_officers(self.archive.conn(), &self.site.id)?
            .into_iter()
            .filter(|o| slots.slots.iter().any(|s| s.officer_id == o.id))
            .map(|o| {
                let role = Role::parse(&o.role);
                OfficerView {
                    administers: role.is_some_and(|r| {
                        officer::administers_accounts(
                            r,
                            site,
                            founder.as_deref() == Some(o.id.as_str()),
                        )
                    }),
                    is_self: o.id == self.officer.id,
                    officer_id: o.id,
                    name: o.name,
                    role: o.role,
                    active: o.active,
                }
            })
            .collect())
    }

    /// Adds an officer with their first passphrase (account administrators only; `admin_passphrase`
    /// is the administrator's own, which unwraps the archive key for the new slot).
    pub fn officer_add(
        &mut self,
        input: OfficerInput,
        admin_passphrase: &str,
        env: &mut Env,
    ) -> Result<OfficerView> {
        self.require_account_admin()?;
        let name = input.name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            return Err(Error::Invalid(
                "The officer's name must be 1 to 50 characters.".into(),
            ));
        }
        let site = self.site_role()?;
        let allowed = officer::roles_at(site);
        let role = Role::parse(&input.role)
            .filter(|r| allowed.contains(r))
            .ok_or_else(|| {
                let names: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
                Error::Invalid(format!(
                    "An officer of this {} archive may have the role {}.",
                    site.as_str(),
                    names.join(" or ")
                ))
            })?;
        check_passphrase(&input.passphrase)?;
        let mut slots = KeySlots::read(self.archive.dir())?;
        if slots.slots.iter().any(|s| s.officer_name == name) {
            return Err(Error::Invalid(
                "An officer with this name can already unlock the archive; names must differ so the unlock screen can tell them apart.".into(),
            ));
        }
        let key = self.own_key(&slots, admin_passphrase, env.now_ms())?;
        let id = env.new_id();
        // Wrap first (the slow, fallible part), write the database, then the key file.
        slots.set_slot(
            &key,
            &id,
            name,
            role.as_str(),
            &input.passphrase,
            KdfParams::default(),
        )?;
        drop(key);
        self.write_officer(
            &id,
            &[
                ("name", json!(name)),
                ("role", json!(role.as_str())),
                ("site_id", json!(self.site.id)),
                ("active", json!(true)),
            ],
            env,
        )?;
        slots.write(self.archive.dir())?;
        self.officer_view(&id)
    }

    /// Disables an officer: their slot is kept, but unlocking as them is refused.
    pub fn officer_disable(&mut self, who: &str, env: &mut Env) -> Result<OfficerView> {
        self.set_active(who, false, env)
    }

    /// Lets a disabled officer unlock again.
    pub fn officer_enable(&mut self, who: &str, env: &mut Env) -> Result<OfficerView> {
        self.set_active(who, true, env)
    }

    /// Removes an officer: disabled in the archive and their key slot deleted.
    pub fn officer_remove(&mut self, who: &str, env: &mut Env) -> Result<()> {
        let target = self.other_officer(who)?;
        let mut slots = KeySlots::read(self.archive.dir())?;
        if target.active {
            self.write_officer(&target.id, &[("active", json!(false))], env)?;
        }
        slots.remove_slot(&target.id);
        slots.write(self.archive.dir())?;
        Ok(())
    }

    fn set_active(&mut self, who: &str, active: bool, env: &mut Env) -> Result<OfficerView> {
        let target = self.other_officer(who)?;
        if target.active != active {
            self.write_officer(&target.id, &[("active", json!(active))], env)?;
        }
        self.officer_view(&target.id)
    }

    /// An officer of this site other than the one signed in, who still has a slot, for an
    /// administrator to change. Nobody disables or removes themselves: that is how an
    /// archive always keeps an administrator.
    fn other_officer(&self, who: &str) -> Result<OfficerRecord> {
        self.require_account_admin()?;
        let slots = KeySlots::read(self.archive.dir())?;
        let slot = slots
            .slots
            .iter()
            .find(|s| s.officer_id == who || s.officer_name == who)
            .ok_or_else(|| Error::NotFound("That officer".into()))?;
        if slot.officer_id == self.officer.id {
            return Err(Error::Invalid(
                "You cannot disable or remove your own account; another administrator can.".into(),
            ));
        }
        query::officer(self.archive.conn(), &slot.officer_id)?
            .filter(|o| o.site_id == self.site.id)
            .ok_or_else(|| Error::NotFound("That officer".into()))
    }

    fn write_officer(
        &mut self,
        id: &str,
        pairs: &[(&str, serde_json::Value)],
        env: &mut Env,
    ) -> Result<()> {
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Officer,
            entity_id: id.to_owned(),
            fields: fields(pairs),
        };
        let now = env.now_ms();
        let author = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&author), vec![change])?;
        Ok(())
    }

    fn officer_view(&self, id: &str) -> Result<OfficerView> {
        self.officer_list()?
            .into_iter()
            .find(|o| o.officer_id == id)
            .ok_or_else(|| Error::NotFound("That officer".into()))
    }

    /// Changes the signed-in officer's passphrase: rewrites their slot only, so the archive
    /// is not re-encrypted and the old passphrase stops working.
    pub fn change_passphrase(&mut self, old: &str, new: &str, env: &mut Env) -> Result<()> {
        check_passphrase(new)?;
        let mut slots = KeySlots::read(self.archive.dir())?;
        // A wrong current passphrase is a failed sign-in, as at every other door.
        let key = self.own_key(&slots, old, env.now_ms())?;
        let slot = slots
            .slots
            .iter()
            .find(|s| s.officer_id == self.officer.id)
            .ok_or_else(|| Error::UnknownOfficer(String::new()))?
            .clone();
        slots.set_slot(
            &key,
            &slot.officer_id,
            &slot.officer_name,
            &slot.role,
            new,
            KdfParams::default(),
        )?;
        slots.write(self.archive.dir())?;
        Ok(())
    }

    /// Makes a new recovery key, writes its secret to `out` (a new file, readable by its
    /// owner only) and wraps the archive key to it (account administrators only). The
    /// administrator keeps the file offline; the public half can be given to villages.
    pub fn recovery_key_new(
        &mut self,
        admin_passphrase: &str,
        out: &Path,
        env: &mut Env,
    ) -> Result<RecoveryKeyView> {
        self.require_account_admin()?;
        let mut slots = KeySlots::read(self.archive.dir())?;
        let key = self.own_key(&slots, admin_passphrase, env.now_ms())?;
        let (secret, recipient) = dossier_store::keyslot::new_recovery_key();
        slots.set_recovery(&key, &recipient)?;
        write_new_secret(
            out,
            &format!(
                "# Dossier recovery key. Keep it offline; whoever holds it can reset passphrases.\n# public: {recipient}\n{}\n",
                secret.as_str()
            ),
        )?;
        slots.write(self.archive.dir())?;
        Ok(RecoveryKeyView { recipient })
    }

    /// Wraps the archive key to an existing recovery key's public half (`age1…`), e.g. the
    /// office's, so the office administrator's key file can recover this archive too.
    pub fn recovery_key_set(
        &mut self,
        admin_passphrase: &str,
        recipient: &str,
        env: &mut Env,
    ) -> Result<RecoveryKeyView> {
        self.require_account_admin()?;
        let mut slots = KeySlots::read(self.archive.dir())?;
        let key = self.own_key(&slots, admin_passphrase, env.now_ms())?;
        slots.set_recovery(&key, recipient)?;
        slots.write(self.archive.dir())?;
        Ok(RecoveryKeyView {
            recipient: slots.recovery.map(|r| r.recipient).unwrap_or_default(),
        })
    }
}

/// Writes a secret to a file that must not exist yet, readable by its owner only.
fn write_new_secret(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::AlreadyExists(path.to_owned()),
        _ => Error::io(&e),
    })?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(&e))
}

/// Sets a new passphrase for `officer` (an id or name) with the archive's recovery key (the
/// text of the key file). A wrong key changes nothing but counts as a failed sign-in, with
/// the same growing wait. A disabled officer is refused: enable them first.
pub fn recover(
    path: &Path,
    recovery_key: &str,
    officer: &str,
    new_passphrase: &str,
    env: &mut Env,
) -> Result<()> {
    let mut slots = dossier_store::archive::locate(path)?;
    check_passphrase(new_passphrase)?;
    let slot = slots
        .slots
        .iter()
        .find(|s| s.officer_id == officer || s.officer_name == officer)
        .ok_or_else(|| Error::UnknownOfficer(officer.to_owned()))?
        .clone();
    let key = paced(path, env.now_ms(), || slots.unwrap_recovery(recovery_key))?;
    // Opening checks the key really is this archive's and reads whether the officer is active.
    let archive = Archive::open(path, &key)?;
    let record = query::officer(archive.conn(), &slot.officer_id)?
        .ok_or_else(|| Error::UnknownOfficer(officer.to_owned()))?;
    if !record.active {
        return Err(Error::OfficerDisabled);
    }
    drop(archive);
    slots.set_slot(
        &key,
        &slot.officer_id,
        &slot.officer_name,
        &slot.role,
        new_passphrase,
        KdfParams::default(),
    )?;
    slots.write(path)?;
    Ok(())
}
