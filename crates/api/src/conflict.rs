//! The conflict queue: fields two devices changed from the same starting point, and
//! resolving them.
//!
//! Sync keeps both values of such a field and shows the later one (`dossier-sync`'s plan
//! finds the pair, the store's field-wise last-writer-wins decides what shows). Resolving
//! is an ordinary edit of that one field to the chosen value: it is ordered after both,
//! so it is what every archive shows once it arrives, and it travels in bundles like any
//! other operation; `dossier_sync::state::settle_conflicts` marks the pair settled on every
//! archive that holds it. Deliberately absent: merging two texts into a third (a person
//! may edit the field afterwards like any other) and conflicts on local-only tables.

use dossier_core::officer::Action;
use dossier_core::op::{DATA_PREFIX, Entity, Op};
use dossier_store::Change;
use dossier_store::query;
use dossier_sync::state::{self, OpenConflict};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use crate::view::{ConflictSideView, ConflictView};
use crate::{Env, Error, Result, Session};

fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "是".into(),
        Some(Value::Bool(false)) => "否".into(),
        Some(other) => other.to_string(),
    }
}

fn side(conn: &Connection, op: &Op, field: &str) -> Result<ConflictSideView> {
    let officer = match &op.user_id {
        Some(id) => query::officer(conn, id)?.map(|o| o.name),
        None => None,
    };
    Ok(ConflictSideView {
        op_id: op.op_id.clone(),
        value: text(op.fields.get(field)),
        device_id: op.device_id.clone(),
        officer,
        at: dossier_core::china_minute(op.hlc.ms),
    })
}

/// The subject an entity belongs to: itself, or the `subject_id` of its row.
fn subject_of(conn: &Connection, entity: Entity, id: &str) -> Result<Option<String>> {
    if entity == Entity::Subject {
        return Ok(Some(id.to_owned()));
    }
    if !entity.fields().contains(&"subject_id") {
        return Ok(None);
    }
    let sql = format!("SELECT subject_id FROM {} WHERE id = ?1", entity.table());
    Ok(conn
        .query_row(&sql, [id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// The words for a field: a record field's label from its kind, a few subject fields, or
/// the field's own name.
fn field_label(conn: &Connection, entity: Entity, id: &str, field: &str) -> Result<String> {
    if entity == Entity::Record
        && let Some(name) = field.strip_prefix(DATA_PREFIX)
    {
        let kind = query::record(conn, id)?.map(|r| r.kind);
        if let Some(f) = kind
            .as_deref()
            .and_then(dossier_core::record::kind)
            .and_then(|k| k.field(name))
        {
            return Ok(f.zh.to_owned());
        }
        return Ok(name.to_owned());
    }
    let zh = match (entity, field) {
        (Entity::Subject, "name") => "姓名",
        (Entity::Subject, "phone") => "联系电话",
        (Entity::Subject, "residence_address") => "居住地址",
        (Entity::Subject, "household_address") => "户籍地址",
        (Entity::Subject, "education") => "文化程度",
        (Entity::Subject, "marital_status") => "婚姻状况",
        (Entity::Subject, "management_level") => "管理等级",
        (Entity::Subject, "jurisdiction") => "所属村(居)",
        (Entity::Subject, "status") => "矫正状态",
        (Entity::Subject, "correction_end") => "矫正期满日",
        (Entity::Subject, "photo") => "照片",
        _ => field,
    };
    Ok(zh.to_owned())
}

fn view(conn: &Connection, c: &OpenConflict) -> Result<ConflictView> {
    let subject_id = subject_of(conn, c.entity, &c.entity_id)?;
    let subject_name = match &subject_id {
        Some(id) => query::subject(conn, id)?.map(|s| s.name),
        None => None,
    };
    Ok(ConflictView {
        entity: c.entity.as_str().to_owned(),
        entity_id: c.entity_id.clone(),
        field: c.field.clone(),
        field_label: field_label(conn, c.entity, &c.entity_id, &c.field)?,
        subject_id,
        subject_name,
        shown: side(conn, &c.winner, &c.field)?,
        other: side(conn, &c.loser, &c.field)?,
    })
}

impl Session {
    /// The conflicts waiting for a person, of subjects this officer may see.
    pub fn sync_conflicts(&self) -> Result<Vec<ConflictView>> {
        self.require(Action::ViewSubjects, "view conflicts")?;
        let conn = self.archive.conn();
        let mut out = Vec::new();
        for c in state::conflicts(conn).map_err(crate::sync::import_error)? {
            let v = view(conn, &c)?;
            if let Some(id) = &v.subject_id
                && self.subject_in_scope(id).is_err()
            {
                continue;
            }
            out.push(v);
        }
        Ok(out)
    }

    /// Resolves an open conflict by keeping the value written by `keep_op_id` (one of its
    /// two sides): one edit of that field, written and settled in one transaction.
    pub fn sync_resolve(
        &mut self,
        entity: &str,
        entity_id: &str,
        field: &str,
        keep_op_id: &str,
        env: &mut Env,
    ) -> Result<ConflictView> {
        self.require(Action::EditSubjects, "resolve conflicts")?;
        let conn = self.archive.conn();
        let open = state::conflicts(conn)
            .map_err(crate::sync::import_error)?
            .into_iter()
            .find(|c| c.entity.as_str() == entity && c.entity_id == entity_id && c.field == field)
            .ok_or_else(|| Error::NotFound("That conflict (it may be resolved already)".into()))?;
        let keep = if open.winner.op_id == keep_op_id {
            &open.winner
        } else if open.loser.op_id == keep_op_id {
            &open.loser
        } else {
            return Err(Error::Invalid(
                "Choose one of the conflict's two values; the value given is neither.".into(),
            ));
        };
        let before = view(conn, &open)?;
        if let Some(id) = &before.subject_id {
            self.subject_in_scope(id)?;
        }
        let value = keep.fields.get(field).cloned().unwrap_or(Value::Null);
        let change = Change {
            op_id: env.new_id(),
            entity: open.entity,
            entity_id: open.entity_id.clone(),
            fields: [(field.to_owned(), value)].into_iter().collect(),
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        let conn = self.archive.conn_mut();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        dossier_store::oplog::write_in(&tx, now, Some(&officer), vec![change])?;
        state::settle_conflicts(&tx).map_err(crate::sync::import_error)?;
        tx.commit()?;
        self.name_keys = None;
        Ok(before)
    }
}
