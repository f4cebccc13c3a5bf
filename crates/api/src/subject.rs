//! Subjects: adding one from its basic information and listing the roster.

use chrono::Datelike;
use dossier_core::division::Level;
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::subject::{NewSubject, SubjectBasics};
use dossier_store::Change;
use dossier_store::query;
use rusqlite::Connection;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::archive::fields;
use crate::facts;
use crate::view::SubjectRow;
use crate::{Env, Error, Result, Session};

/// Parses the JSON of `dossier subject add --file`, with plain-words errors.
pub fn parse_new_subject(json_text: &str) -> Result<NewSubject> {
    serde_json::from_str(json_text).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "is not valid JSON"
        } else {
            "does not describe a subject"
        };
        Error::Invalid(format!("The subject file {what}: {e}."))
    })
}

/// The next free file number `{street}-{year}-{seq:04}` for a subject starting in `year`.
fn next_file_no(conn: &Connection, jurisdiction: &str, year: i32) -> Result<String> {
    let street = &jurisdiction[..jurisdiction.len().min(9)];
    let prefix = format!("{street}-{year}-");
    let mut seq = query::count_file_numbers(conn, &prefix)? + 1;
    loop {
        let candidate = format!("{prefix}{seq:04}");
        if query::count_file_numbers(conn, &candidate)? == 0 {
            return Ok(candidate);
        }
        seq += 1;
    }
}

/// The checks that need the archive: a known division inside the site's scope, and no
/// other live subject with the same ID number.
fn check_in_archive(session: &Session, b: &SubjectBasics) -> Result<()> {
    check_jurisdiction(session, &b.jurisdiction)?;
    check_duplicate(session, b.id_number.as_str(), None)
}

/// A known division inside the site's scope (a village site may not file at street level).
fn check_jurisdiction(session: &Session, jurisdiction: &str) -> Result<()> {
    let conn = session.archive.conn();
    if query::jurisdiction_name(conn, jurisdiction)?.is_none() {
        let known_elsewhere = dossier_core::division::builtin()
            .iter()
            .any(|d| d.code == jurisdiction);
        return Err(if known_elsewhere {
            Error::OutsideScope(jurisdiction.to_owned())
        } else {
            Error::UnknownJurisdiction(jurisdiction.to_owned())
        });
    }
    if !jurisdiction.starts_with(session.scope()) {
        return Err(Error::OutsideScope(jurisdiction.to_owned()));
    }
    if Level::from_code(jurisdiction) == Some(Level::Street) && session.site.role == "village" {
        return Err(Error::OutsideScope(jurisdiction.to_owned()));
    }
    Ok(())
}

/// No other live subject (anywhere in the archive, not only in scope) has this ID number;
/// `except` is the subject being edited.
fn check_duplicate(session: &Session, id_number: &str, except: Option<&str>) -> Result<()> {
    let conn = session.archive.conn();
    let existing = query::subjects_with_id_number(conn, id_number)?;
    if let Some(first) = existing.iter().find(|id| Some(id.as_str()) != except) {
        let file_no = query::subject(conn, first)?
            .map(|s| s.file_no)
            .unwrap_or_default();
        return Err(Error::PossibleDuplicate(format!("file no. {file_no}")));
    }
    Ok(())
}

/// The basic fields [`Session::subject_update`] may change. Sex and birth date follow from
/// the ID number; the file number, status and the dates around reporting are changed
/// elsewhere.
pub const UPDATABLE_FIELDS: &[&str] = &[
    "name",
    "id_number",
    "ethnicity",
    "education",
    "marital_status",
    "phone",
    "household_address",
    "residence_address",
    "jurisdiction",
    "category",
    "crime",
    "original_sentence",
    "correction_start",
    "correction_end",
];

/// A stored subject as the JSON of a [`NewSubject`] (without sex and birth date, which the
/// ID number gives, and without the file number, which is not re-checked).
fn as_new_subject_json(s: &query::SubjectRecord) -> serde_json::Map<String, Value> {
    let opt = |v: &Option<String>| json!(v);
    let text = |v: &str| if v.is_empty() { Value::Null } else { json!(v) };
    let mut m = serde_json::Map::new();
    m.insert("name".into(), json!(s.name));
    m.insert("id_number".into(), json!(s.id_number));
    m.insert("ethnicity".into(), text(&s.ethnicity));
    m.insert("education".into(), opt(&s.education));
    m.insert("marital_status".into(), opt(&s.marital_status));
    m.insert("phone".into(), opt(&s.phone));
    m.insert("household_address".into(), opt(&s.household_address));
    m.insert("residence_address".into(), opt(&s.residence_address));
    m.insert("jurisdiction".into(), json!(s.jurisdiction));
    m.insert("category".into(), json!(s.category));
    m.insert("crime".into(), opt(&s.crime));
    m.insert("original_sentence".into(), opt(&s.original_sentence));
    m.insert("correction_start".into(), json!(s.correction_start));
    m.insert("correction_end".into(), json!(s.correction_end));
    m.insert("status".into(), text(&s.status));
    m
}

pub(crate) fn subject_change(
    id: String,
    op_id: String,
    b: &SubjectBasics,
    file_no: String,
) -> Change {
    Change {
        op_id,
        entity: Entity::Subject,
        entity_id: id,
        fields: fields(&[
            ("file_no", json!(file_no)),
            ("name", json!(b.name)),
            ("sex", json!(b.sex.as_str())),
            ("birth_date", json!(b.birth_date.to_string())),
            ("id_number", json!(b.id_number.as_str())),
            ("ethnicity", json!(b.ethnicity)),
            ("education", json!(b.education)),
            ("marital_status", json!(b.marital_status)),
            ("phone", json!(b.phone)),
            ("household_address", json!(b.household_address)),
            ("residence_address", json!(b.residence_address)),
            ("jurisdiction", json!(b.jurisdiction)),
            ("category", json!(b.category.as_str())),
            ("crime", json!(b.crime)),
            ("original_sentence", json!(b.original_sentence)),
            ("correction_start", json!(b.correction_start.to_string())),
            ("correction_end", json!(b.correction_end.to_string())),
            ("status", json!(b.status.as_str())),
        ]),
    }
}

impl Session {
    /// Adds a subject. Refuses invalid basics, unknown or out-of-scope divisions and
    /// possible duplicates; nothing is written then.
    pub fn subject_add(&mut self, input: NewSubject, env: &mut Env) -> Result<SubjectRow> {
        self.require(Action::EditSubjects, "add subjects")?;
        let basics = input
            .validate()
            .map_err(|e| Error::Invalid(format!("The subject was not added: {e}.")))?;
        check_in_archive(self, &basics)?;
        let file_no = match &basics.file_no {
            Some(f) => {
                if query::file_no_taken(self.archive.conn(), f)? {
                    return Err(Error::Invalid(format!(
                        "The file number {f} is already in use. Leave it out to have one made up."
                    )));
                }
                f.clone()
            }
            None => next_file_no(
                self.archive.conn(),
                &basics.jurisdiction,
                basics.correction_start.year_ce().1 as i32,
            )?,
        };
        let id = env.new_id();
        let change = subject_change(id.clone(), env.new_id(), &basics, file_no);
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        self.name_keys = None;
        let rec = query::subject(self.archive.conn(), &id)?
            .ok_or_else(|| Error::Internal("the new subject cannot be read back".into()))?;
        let today = env.today();
        let on_leave = facts::away(self.archive.conn(), today)?.contains(&rec.id);
        Ok(facts::row(
            rec,
            today,
            on_leave,
            &facts::context(self.archive.conn(), today)?,
        ))
    }

    /// Changes a subject's basic information. `changes` maps fields of
    /// [`UPDATABLE_FIELDS`] to their new value (null or "" clears an optional field). The
    /// merged information passes the same checks as a new subject; a changed ID number also
    /// changes the stored sex and birth date and must not belong to another subject. Only
    /// fields whose value really changes are written, as one op; nothing changes, nothing is
    /// written.
    pub fn subject_update(
        &mut self,
        subject_id: &str,
        changes: serde_json::Map<String, Value>,
        env: &mut Env,
    ) -> Result<SubjectRow> {
        self.require(Action::EditSubjects, "edit subjects")?;
        let current = self.subject_in_scope(subject_id)?;
        if let Some(k) = changes
            .keys()
            .find(|k| !UPDATABLE_FIELDS.contains(&k.as_str()))
        {
            return Err(Error::Invalid(format!(
                "The field {k:?} cannot be changed here. The basic information has: {}.",
                UPDATABLE_FIELDS.join(", ")
            )));
        }
        let mut merged = as_new_subject_json(&current);
        let mut asked: Vec<&str> = Vec::new();
        for (k, v) in &changes {
            let v = match v {
                Value::String(t) if t.trim().is_empty() => Value::Null,
                other => other.clone(),
            };
            merged.insert(k.clone(), v);
            asked.push(k.as_str());
        }
        let input: NewSubject = serde_json::from_value(Value::Object(merged))
            .map_err(|e| Error::Invalid(format!("The subject was not changed: {e}.")))?;
        let basics = input
            .validate()
            .map_err(|e| Error::Invalid(format!("The subject was not changed: {e}.")))?;
        if basics.jurisdiction != current.jurisdiction {
            check_jurisdiction(self, &basics.jurisdiction)?;
        }
        let id_changed = basics.id_number.as_str() != current.id_number;
        if id_changed {
            check_duplicate(self, basics.id_number.as_str(), Some(subject_id))?;
            asked.extend(["sex", "birth_date"]);
        }
        let now_values = subject_change(
            String::new(),
            String::new(),
            &basics,
            current.file_no.clone(),
        )
        .fields;
        let mut old = as_new_subject_json(&current);
        old.insert("sex".into(), json!(current.sex));
        old.insert("birth_date".into(), json!(current.birth_date));
        let fields: Vec<(&str, Value)> = UPDATABLE_FIELDS
            .iter()
            .chain(["sex", "birth_date"].iter())
            .filter(|k| asked.contains(k))
            .filter_map(|k| {
                let new = now_values.get(*k).cloned().unwrap_or(Value::Null);
                (old.get(*k) != Some(&new)).then_some((*k, new))
            })
            .collect();
        if fields.is_empty() {
            let today = env.today();
            let on_leave = facts::away(self.archive.conn(), today)?.contains(&current.id);
            return Ok(facts::row(
                current,
                today,
                on_leave,
                &facts::context(self.archive.conn(), today)?,
            ));
        }
        self.subject_write(subject_id, fields, env)
    }

    /// Live subjects within the site's scope with this ID number, by file number: what the
    /// UI shows beside a new subject refused as a possible duplicate.
    pub fn subject_duplicates(&self, id_number: &str) -> Result<Vec<SubjectRow>> {
        self.require(Action::ViewSubjects, "view subjects")?;
        let id = dossier_core::idnumber::IdNumber::parse(id_number)
            .map_err(|e| Error::Invalid(format!("The ID number is not valid: {e}.")))?;
        let conn = self.archive.conn();
        let away = facts::away(conn, self.today)?;
        let ctx = facts::context(conn, self.today)?;
        let seal = self.seal()?;
        let mut rows = Vec::new();
        for sid in query::subjects_with_id_number(conn, id.as_str())? {
            if let Some(r) = query::subject(conn, &sid)?
                && r.jurisdiction.starts_with(self.scope())
                && !seal.hides(&r)
            {
                let on_leave = away.contains(&r.id);
                rows.push(facts::row(r, self.today, on_leave, &ctx));
            }
        }
        rows.sort_by(|a, b| a.file_no.cmp(&b.file_no));
        Ok(rows)
    }

    /// Every subject within the site's scope, by village then name.
    pub fn subject_list(&self) -> Result<Vec<SubjectRow>> {
        self.require(Action::ViewSubjects, "view subjects")?;
        let today = self.today;
        let away = facts::away(self.archive.conn(), today)?;
        let ctx = facts::context(self.archive.conn(), today)?;
        Ok(self
            .visible_subjects(today)?
            .into_iter()
            .map(|r| {
                let on_leave = away.contains(&r.id);
                facts::row(r, today, on_leave, &ctx)
            })
            .collect())
    }

    /// Writes some of a subject's own fields (already checked) as one op.
    fn subject_write(
        &mut self,
        subject_id: &str,
        changes: Vec<(&str, Value)>,
        env: &mut Env,
    ) -> Result<SubjectRow> {
        self.subject_in_scope(subject_id)?;
        let fields: BTreeMap<String, Value> = changes
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Subject,
            entity_id: subject_id.to_owned(),
            fields,
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        self.name_keys = None;
        let rec = self.subject_in_scope(subject_id)?;
        let today = env.today();
        let on_leave = facts::away(self.archive.conn(), today)?.contains(&rec.id);
        Ok(facts::row(
            rec,
            today,
            on_leave,
            &facts::context(self.archive.conn(), today)?,
        ))
    }

    /// Sets a subject's photo to an image attachment already in the archive.
    pub fn subject_set_photo(
        &mut self,
        subject_id: &str,
        sha256: &str,
        env: &mut Env,
    ) -> Result<SubjectRow> {
        self.require(Action::EditSubjects, "edit subjects")?;
        self.subject_in_scope(subject_id)?;
        let a = query::attachment(self.archive.conn(), sha256)?.ok_or_else(|| {
            Error::Invalid(
                "That photo is not in this archive. Add the file as an attachment first.".into(),
            )
        })?;
        if !a.mime.starts_with("image/") {
            return Err(Error::Invalid(
                "A subject's photo must be a JPEG or PNG image, not a PDF.".into(),
            ));
        }
        self.subject_write(subject_id, vec![("photo", json!(sha256))], env)
    }

    /// Makes a subject a key subject (`Some(true)`), not one (`Some(false)`) whatever the
    /// rules say, or returns them to the rules (`None`). An override needs a reason.
    pub fn subject_key_override(
        &mut self,
        subject_id: &str,
        key: Option<bool>,
        reason: Option<String>,
        env: &mut Env,
    ) -> Result<SubjectRow> {
        self.require(Action::EditSubjects, "edit subjects")?;
        self.subject_in_scope(subject_id)?;
        let reason = reason
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        let fields = match key {
            Some(k) => {
                let Some(reason) = reason else {
                    return Err(Error::Invalid(
                        "Say why the rules are overridden: a reason is required.".into(),
                    ));
                };
                if reason.chars().count() > 500 {
                    return Err(Error::Invalid(
                        "The reason is longer than 500 characters; shorten it.".into(),
                    ));
                }
                vec![
                    ("key_override", json!(if k { "yes" } else { "no" })),
                    ("key_override_reason", json!(reason)),
                ]
            }
            None => vec![
                ("key_override", Value::Null),
                ("key_override_reason", Value::Null),
            ],
        };
        self.subject_write(subject_id, fields, env)
    }

    /// Changes the dates around reporting and the management level. Each `Some` sets that
    /// field (an empty string clears a date); `None` leaves it alone. A level change is
    /// recorded as a decision with its reason ([`Session::level_change`]).
    pub fn subject_edit(
        &mut self,
        subject_id: &str,
        edit: SubjectEdit,
        env: &mut Env,
    ) -> Result<SubjectRow> {
        self.require(Action::EditSubjects, "edit subjects")?;
        let s = self.subject_in_scope(subject_id)?;
        let today = env.today();
        let mut fields = Vec::new();
        let dates = [
            ("judgment_date", "the judgment date", edit.judgment_date),
            (
                "papers_received",
                "the date the papers arrived",
                edit.papers_received,
            ),
            (
                "reported_on",
                "the date the subject reported",
                edit.reported_on,
            ),
        ];
        for (field, what, value) in dates {
            let Some(v) = value else { continue };
            let v = v.trim();
            if v.is_empty() {
                fields.push((field, Value::Null));
                continue;
            }
            let d: chrono::NaiveDate = v.parse().map_err(|_| {
                Error::Invalid(format!("{what} must be a date written YYYY-MM-DD."))
            })?;
            if d > today {
                return Err(Error::Invalid(format!(
                    "{what} ({d}) is in the future; check the date."
                )));
            }
            fields.push((field, json!(d.to_string())));
        }
        // A new level is a decision with its reason (`level_change`), not a plain edit.
        let level = match edit.management_level {
            Some(level) => {
                let parsed =
                    dossier_core::subject::ManagementLevel::parse(&level).ok_or_else(|| {
                        Error::Invalid(
                            "The management level must be strict, normal or lenient (严管/普管/宽管)."
                                .into(),
                        )
                    })?;
                let current = s
                    .management_level
                    .as_deref()
                    .and_then(dossier_core::subject::ManagementLevel::parse);
                (current != Some(parsed)).then_some(parsed)
            }
            None => None,
        };
        if let Some(level) = level {
            let reason = edit.level_reason.unwrap_or_default();
            self.level_change(subject_id, level.as_str(), &reason, env)?;
        }
        if fields.is_empty() {
            let s = self.subject_in_scope(subject_id)?;
            let on_leave = facts::away(self.archive.conn(), today)?.contains(&s.id);
            return Ok(facts::row(
                s,
                today,
                on_leave,
                &facts::context(self.archive.conn(), today)?,
            ));
        }
        self.subject_write(subject_id, fields, env)
    }
}

/// What [`Session::subject_edit`] may change.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectEdit {
    pub judgment_date: Option<String>,
    pub papers_received: Option<String>,
    pub reported_on: Option<String>,
    /// "strict" | "normal" | "lenient". A different level than the current one is a
    /// decision: office roles only, and `level_reason` is required (see
    /// [`Session::level_change`]).
    pub management_level: Option<String>,
    /// Why the level changes.
    pub level_reason: Option<String>,
}
