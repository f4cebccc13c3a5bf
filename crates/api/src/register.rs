//! Registers (台账) about no one subject: correction staff, volunteers, trainings, meetings.
//!
//! What each register holds and how an entry is checked is declared in
//! `dossier_core::register` (record kinds of the section "register"); here are the use cases
//! around it: who may write which register, which entries a site sees, and turning an entry's
//! fields into one op-log field each (`d.<name>`), as records do. An entry belongs to the
//! jurisdiction of the site that wrote it. A site sees its own entries, those of the sites
//! under it, and those of the office above it (a village reads the office's staff and
//! meeting registers); it changes only its own. Deliberately absent: printing the registers
//! (reports), and entries written by one site on another's behalf.

use std::collections::BTreeMap;

use dossier_core::officer::Action;
use dossier_core::op::{DATA_PREFIX, DELETED, Entity};
use dossier_core::register::{self, Keeper, RegisterSpec};
use dossier_store::Change;
use dossier_store::query::{self, RegisterRow};
use serde_json::{Map, Value, json};

use crate::leave::division_name;
use crate::record::kind_view;
use crate::view::{RegisterEntryView, RegisterKindView};
use crate::{Env, Error, Result, Session};

fn find_register(name: &str) -> Result<&'static RegisterSpec> {
    register::register(name).ok_or_else(|| {
        let names: Vec<&str> = register::registers().iter().map(|r| r.kind.name).collect();
        Error::UnknownRegister(name.to_owned(), names.join(", "))
    })
}

/// Every register with its fields, for help texts (no session: nothing about permissions).
pub fn register_kind_views() -> Vec<crate::view::KindView> {
    register::registers()
        .iter()
        .map(|r| kind_view(&r.kind))
        .collect()
}

impl Session {
    /// Whether this officer may write to `spec`'s register: the office's own registers need an
    /// office role; the others any role that keeps files.
    fn may_keep(&self, spec: &RegisterSpec) -> bool {
        let action = match spec.keeper {
            Keeper::Office => Action::KeepOfficeRegisters,
            Keeper::AnySite => Action::EditSubjects,
        };
        dossier_core::officer::may(self.role, action)
    }

    fn require_keeper(&self, spec: &RegisterSpec) -> Result<()> {
        if self.may_keep(spec) {
            return Ok(());
        }
        Err(Error::PermissionDenied(match spec.keeper {
            Keeper::Office => {
                "write the office's staff, volunteer and meeting registers (the judicial office keeps them; a village may read them)"
            }
            Keeper::AnySite => "write registers",
        }))
    }

    /// A site sees its own entries, those of the sites under it, and the office's above it.
    fn sees(&self, jurisdiction: &str) -> bool {
        jurisdiction.starts_with(self.scope()) || self.scope().starts_with(jurisdiction)
    }

    fn entry_view(&self, spec: &RegisterSpec, r: RegisterRow) -> Result<RegisterEntryView> {
        Ok(RegisterEntryView {
            may_edit: self.may_keep(spec) && r.jurisdiction == self.scope(),
            jurisdiction_name: division_name(self.archive.conn(), &r.jurisdiction)?,
            id: r.id,
            jurisdiction: r.jurisdiction,
            kind: r.kind,
            date: r.date,
            data: r.data.into_iter().collect(),
            author: r.author,
            version: r.version,
        })
    }

    fn read_entry(&self, id: &str) -> Result<RegisterEntryView> {
        let row = query::register_entry(self.archive.conn(), id)?
            .ok_or_else(|| Error::Internal("the register entry cannot be read back".into()))?;
        self.entry_view(find_register(&row.kind)?, row)
    }

    /// A live entry this officer may change, with its register.
    fn own_entry(
        &self,
        id: &str,
        doing: &'static str,
    ) -> Result<(RegisterRow, &'static RegisterSpec)> {
        let row = query::register_entry(self.archive.conn(), id)?
            .filter(|r| self.sees(&r.jurisdiction))
            .ok_or_else(|| Error::NotFound("The register entry".into()))?;
        let spec = find_register(&row.kind)?;
        self.require_keeper(spec)?;
        if row.jurisdiction != self.scope() {
            return Err(Error::PermissionDenied(doing));
        }
        Ok((row, spec))
    }

    fn write_entry(&mut self, env: &mut Env, change: Change) -> Result<()> {
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        Ok(())
    }

    /// Every register, with its fields and whether this officer may write to it.
    pub fn register_kinds(&self) -> Vec<RegisterKindView> {
        register::registers()
            .iter()
            .map(|r| RegisterKindView {
                kind: kind_view(&r.kind),
                keeper: r.keeper.as_str().to_owned(),
                may_edit: self.may_keep(r),
                spans: r
                    .kind
                    .spans
                    .iter()
                    .map(|s| (s.start.to_owned(), s.end.to_owned()))
                    .collect(),
            })
            .collect()
    }

    /// The entries of one register this site sees, newest first.
    pub fn register_list(&self, kind: &str) -> Result<Vec<RegisterEntryView>> {
        self.require(Action::ViewSubjects, "view registers")?;
        let spec = find_register(kind)?;
        query::register_entries(self.archive.conn(), spec.kind.name)?
            .into_iter()
            .filter(|r| self.sees(&r.jurisdiction))
            .map(|r| self.entry_view(spec, r))
            .collect()
    }

    /// Adds an entry to one of this site's registers.
    pub fn register_add(
        &mut self,
        kind: &str,
        data: Map<String, Value>,
        env: &mut Env,
    ) -> Result<RegisterEntryView> {
        let spec = find_register(kind)?;
        self.require_keeper(spec)?;
        let valid = register::validate(spec, &data, env.today())
            .map_err(|e| Error::Invalid(format!("The entry was not saved: {e}.")))?;
        let id = env.new_id();
        let mut fields: BTreeMap<String, Value> = BTreeMap::from([
            ("jurisdiction".to_owned(), json!(self.scope())),
            ("kind".to_owned(), json!(spec.kind.name)),
            ("date".to_owned(), json!(valid.date.map(|d| d.to_string()))),
        ]);
        for (k, v) in valid.fields {
            fields.insert(format!("{DATA_PREFIX}{k}"), v);
        }
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::RegisterEntry,
            entity_id: id.clone(),
            fields,
        };
        self.write_entry(env, change)?;
        self.read_entry(&id)
    }

    /// Changes some fields of an entry (a null or empty value clears an optional field). The
    /// whole entry is checked as it would be after the change; only changed fields become ops.
    pub fn register_edit(
        &mut self,
        id: &str,
        changes: Map<String, Value>,
        env: &mut Env,
    ) -> Result<RegisterEntryView> {
        let (row, spec) = self.own_entry(id, "edit another site's register entries")?;
        let mut merged = row.data.clone();
        merged.extend(changes);
        let valid = register::validate(spec, &merged, env.today())
            .map_err(|e| Error::Invalid(format!("The entry was not saved: {e}.")))?;
        let mut fields = BTreeMap::new();
        for (k, v) in &valid.fields {
            if row.data.get(k) != Some(v) {
                fields.insert(format!("{DATA_PREFIX}{k}"), v.clone());
            }
        }
        for k in row.data.keys() {
            if !valid.fields.contains_key(k) {
                fields.insert(format!("{DATA_PREFIX}{k}"), Value::Null);
            }
        }
        let date = valid.date.map(|d| d.to_string());
        if date != row.date {
            fields.insert("date".to_owned(), json!(date));
        }
        if fields.is_empty() {
            return self.entry_view(spec, row);
        }
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::RegisterEntry,
            entity_id: id.to_owned(),
            fields,
        };
        self.write_entry(env, change)?;
        self.read_entry(id)
    }

    /// Deletes an entry (a tombstone: the log keeps it).
    pub fn register_delete(&mut self, id: &str, env: &mut Env) -> Result<()> {
        self.own_entry(id, "delete another site's register entries")?;
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::RegisterEntry,
            entity_id: id.to_owned(),
            fields: BTreeMap::from([(DELETED.to_owned(), json!(true))]),
        };
        self.write_entry(env, change)
    }
}
