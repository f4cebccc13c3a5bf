//! Records: the sections of a personal file and the daily work done with a subject.
//!
//! What a kind of record holds and how it is checked is declared in `dossier_core::record`;
//! here are the use cases around it: who may write, which subject, the singular kinds, the
//! attachments a record refers to, and turning a record's fields into one op-log field each
//! (`d.<name>`), so edits of different fields on two devices both survive. Deliberately not
//! here: the rules of any one kind (those are data in core).

use std::collections::BTreeMap;

use dossier_core::officer::Action;
use dossier_core::op::{DATA_PREFIX, DELETED, Entity};
use dossier_core::record::{self, FieldType, KindSpec, RecordContext, ValidRecord};
use dossier_store::Change;
use dossier_store::query::{self, RecordRow, SubjectRecord};
use serde_json::{Map, Value, json};

use crate::facts;
use crate::view::{ChoiceView, FieldView, KindView, RecordView, SubjectFileView};
use crate::{Env, Error, Result, Session};

/// Every kind of record, as the UI renders its forms.
pub fn kind_views() -> Vec<KindView> {
    record::kinds().iter().map(kind_view).collect()
}

pub(crate) fn kind_view(k: &KindSpec) -> KindView {
    KindView {
        name: k.name.to_owned(),
        zh: k.zh.to_owned(),
        en: k.en.to_owned(),
        section: k.section.as_str().to_owned(),
        singular: k.singular,
        date_field: k.date_field.map(str::to_owned),
        date_rule: k.date_rule.as_str().to_owned(),
        fields: k
            .fields
            .iter()
            .map(|f| {
                let (min, max) = match f.ty {
                    FieldType::Number { min, max } => (Some(min), Some(max)),
                    _ => (None, None),
                };
                FieldView {
                    name: f.name.to_owned(),
                    zh: f.zh.to_owned(),
                    en: f.en.to_owned(),
                    ty: f.ty.as_str().to_owned(),
                    required: f.required,
                    choices: match f.ty {
                        FieldType::Choice(cs) => cs
                            .iter()
                            .map(|c| ChoiceView {
                                value: c.value.to_owned(),
                                zh: c.zh.to_owned(),
                                en: c.en.to_owned(),
                            })
                            .collect(),
                        _ => Vec::new(),
                    },
                    min,
                    max,
                    date_rule: (f.ty == FieldType::Date)
                        .then(|| f.date_rule_in(k).as_str().to_owned()),
                }
            })
            .collect(),
    }
}

impl From<RecordRow> for RecordView {
    fn from(r: RecordRow) -> RecordView {
        RecordView {
            id: r.id,
            subject_id: r.subject_id,
            kind: r.kind,
            date: r.date,
            data: r.data.into_iter().collect(),
            author: r.author,
            version: r.version,
        }
    }
}

pub(crate) fn find_kind(name: &str) -> Result<&'static KindSpec> {
    record::kind(name).ok_or_else(|| {
        let names: Vec<&str> = record::kinds().iter().map(|k| k.name).collect();
        Error::UnknownKind(name.to_owned(), names.join(", "))
    })
}

/// "an intake record", "a visit record".
fn a_record_of(kind: &KindSpec) -> String {
    let en = kind.en.to_lowercase();
    let article = if en.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {en} record")
}

impl Session {
    /// Every kind of record (file sections and daily work), with their fields.
    pub fn kinds(&self) -> Vec<KindView> {
        kind_views()
    }

    /// A live subject within this site's scope and not sealed from this officer, or the
    /// refusal to show.
    pub(crate) fn subject_in_scope(&self, subject_id: &str) -> Result<SubjectRecord> {
        let s = query::subject(self.archive.conn(), subject_id)?
            .ok_or_else(|| Error::NotFound("The subject".into()))?;
        if !s.jurisdiction.starts_with(self.scope()) {
            return Err(Error::SubjectOutsideScope);
        }
        self.seal()?.check(s)
    }

    fn check_record(
        &self,
        kind: &'static KindSpec,
        subject: &SubjectRecord,
        data: &Map<String, Value>,
        today: chrono::NaiveDate,
    ) -> Result<ValidRecord> {
        let correction_start = subject.correction_start.parse().map_err(|_| {
            Error::Damaged("a subject's correction start date is unreadable".into())
        })?;
        let ctx = RecordContext {
            correction_start,
            today,
        };
        let valid = record::validate(kind, data, &ctx)
            .map_err(|e| Error::Invalid(format!("The record was not saved: {e}.")))?;
        for spec in kind
            .fields
            .iter()
            .filter(|f| f.ty == FieldType::Attachments)
        {
            let Some(list) = valid.fields.get(spec.name).and_then(Value::as_str) else {
                continue;
            };
            for sha in list.split(',').filter(|s| !s.is_empty()) {
                if query::attachment(self.archive.conn(), sha)?.is_none() {
                    return Err(Error::Invalid(format!(
                        "The record was not saved: {} refers to attachment {}…, which is not in this archive. Add the file as an attachment first.",
                        spec.en,
                        &sha[..12]
                    )));
                }
            }
        }
        Ok(valid)
    }

    fn write_changes(&mut self, env: &mut Env, changes: Vec<Change>) -> Result<()> {
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), changes)?;
        Ok(())
    }

    fn record_view(&self, id: &str) -> Result<RecordView> {
        query::record(self.archive.conn(), id)?
            .map(Into::into)
            .ok_or_else(|| Error::Internal("the record cannot be read back".into()))
    }

    /// Adds a record of `kind` to a subject's file.
    pub fn record_add(
        &mut self,
        subject_id: &str,
        kind: &str,
        data: Map<String, Value>,
        env: &mut Env,
    ) -> Result<RecordView> {
        self.require(Action::EditSubjects, "add records")?;
        let subject = self.subject_in_scope(subject_id)?;
        let kind = find_kind(kind)?;
        let today = env.today();
        let change = self.new_record(kind, &subject, &data, today, env)?;
        let id = change.entity_id.clone();
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        // The singular check and the write share one transaction, so two writers cannot
        // both add the intake.
        let conn = self.archive.conn_mut();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if kind.singular && query::count_records(&tx, subject_id, kind.name)? > 0 {
            return Err(Error::Invalid(format!(
                "This file already has {}; edit it instead.",
                a_record_of(kind)
            )));
        }
        dossier_store::oplog::write_in(&tx, now, Some(&officer), vec![change])?;
        tx.commit()?;
        self.record_view(&id)
    }

    /// The op that adds a checked record of `kind` to `subject`'s file (not yet written),
    /// its dates judged as of `as_of` (today, except for an approval recorded ahead of the
    /// day it starts).
    pub(crate) fn new_record(
        &self,
        kind: &'static KindSpec,
        subject: &SubjectRecord,
        data: &Map<String, Value>,
        as_of: chrono::NaiveDate,
        env: &mut Env,
    ) -> Result<Change> {
        let valid = self.check_record(kind, subject, data, as_of)?;
        let id = env.new_id();
        let mut fields: BTreeMap<String, Value> = BTreeMap::from([
            ("subject_id".to_owned(), json!(subject.id)),
            ("kind".to_owned(), json!(kind.name)),
            ("date".to_owned(), json!(valid.date.map(|d| d.to_string()))),
        ]);
        for (k, v) in valid.fields {
            fields.insert(format!("{DATA_PREFIX}{k}"), v);
        }
        Ok(Change {
            op_id: env.new_id(),
            entity: Entity::Record,
            entity_id: id,
            fields,
        })
    }

    /// A live record this officer may see.
    fn record_in_scope(&self, record_id: &str) -> Result<(RecordRow, SubjectRecord)> {
        let rec = query::record(self.archive.conn(), record_id)?
            .ok_or_else(|| Error::NotFound("The record".into()))?;
        let subject = self.subject_in_scope(&rec.subject_id)?;
        Ok((rec, subject))
    }

    /// Changes some fields of a record (a null or empty value clears an optional field).
    /// The whole record is checked as it would be after the change; only fields whose value
    /// changes become ops.
    pub fn record_edit(
        &mut self,
        record_id: &str,
        changes: Map<String, Value>,
        env: &mut Env,
    ) -> Result<RecordView> {
        self.require(Action::EditSubjects, "edit records")?;
        let (rec, subject) = self.record_in_scope(record_id)?;
        let kind = find_kind(&rec.kind)?;
        let mut merged = rec.data.clone();
        for (k, v) in changes {
            merged.insert(k, v);
        }
        let valid = self.check_record(kind, &subject, &merged, env.today())?;
        let mut fields = BTreeMap::new();
        for (k, v) in &valid.fields {
            if rec.data.get(k) != Some(v) {
                fields.insert(format!("{DATA_PREFIX}{k}"), v.clone());
            }
        }
        for k in rec.data.keys() {
            if !valid.fields.contains_key(k) {
                fields.insert(format!("{DATA_PREFIX}{k}"), Value::Null);
            }
        }
        let date = valid.date.map(|d| d.to_string());
        if date != rec.date {
            fields.insert("date".to_owned(), json!(date));
        }
        if fields.is_empty() {
            return Ok(rec.into());
        }
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Record,
            entity_id: record_id.to_owned(),
            fields,
        };
        self.write_changes(env, vec![change])?;
        self.record_view(record_id)
    }

    /// Deletes a record (a tombstone: the log keeps it).
    pub fn record_delete(&mut self, record_id: &str, env: &mut Env) -> Result<()> {
        self.require(Action::EditSubjects, "delete records")?;
        self.record_in_scope(record_id)?;
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Record,
            entity_id: record_id.to_owned(),
            fields: BTreeMap::from([(DELETED.to_owned(), json!(true))]),
        };
        self.write_changes(env, vec![change])
    }

    /// A subject's records (of one kind, if given), newest first by date, then by id.
    pub fn record_list(&self, subject_id: &str, kind: Option<&str>) -> Result<Vec<RecordView>> {
        self.require(Action::ViewSubjects, "view records")?;
        self.subject_in_scope(subject_id)?;
        if let Some(k) = kind {
            find_kind(k)?;
        }
        Ok(query::records(self.archive.conn(), subject_id, kind)?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// A subject's whole file: roster line, details, facts as of the session's day, records.
    pub fn subject_file(&self, subject_id: &str) -> Result<SubjectFileView> {
        self.require(Action::ViewSubjects, "view subjects")?;
        let s = self.subject_in_scope(subject_id)?;
        let on_leave = facts::away(self.archive.conn(), self.today)?.contains(subject_id);
        let ctx = facts::context(self.archive.conn(), self.today)?;
        let records = query::records(self.archive.conn(), subject_id, None)?
            .into_iter()
            .map(Into::into)
            .collect();
        Ok(SubjectFileView {
            detail: facts::detail(&s),
            facts: facts::facts(&s, self.today, on_leave, &ctx),
            subject: facts::row(s, self.today, on_leave, &ctx),
            records,
        })
    }

    /// Finds a subject in scope by id or file number (for hosts that let people type either).
    pub fn subject_lookup(&self, id_or_file_no: &str) -> Result<String> {
        self.require(Action::ViewSubjects, "view subjects")?;
        let s = query::subject_by_id_or_file_no(self.archive.conn(), id_or_file_no)?
            .ok_or_else(|| Error::NotFound("The subject".into()))?;
        if !s.jurisdiction.starts_with(self.scope()) {
            return Err(Error::SubjectOutsideScope);
        }
        Ok(self.seal()?.check(s)?.id)
    }
}
