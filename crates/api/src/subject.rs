//! Subjects: adding one from its basic information and listing the roster.

use chrono::Datelike;
use dossier_core::division::Level;
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::subject::{NewSubject, SubjectBasics};
use dossier_store::Change;
use dossier_store::query::{self, SubjectRecord};
use rusqlite::Connection;
use serde_json::json;

use crate::archive::fields;
use crate::view::SubjectRow;
use crate::{Env, Error, Result, Session};

impl From<SubjectRecord> for SubjectRow {
    fn from(r: SubjectRecord) -> SubjectRow {
        SubjectRow {
            id: r.id,
            file_no: r.file_no,
            name: r.name,
            sex: r.sex,
            id_number: r.id_number,
            birth_date: r.birth_date,
            category: r.category,
            correction_start: r.correction_start,
            correction_end: r.correction_end,
            jurisdiction: r.jurisdiction,
            jurisdiction_name: r.jurisdiction_name,
            status: r.status,
            ethnicity: r.ethnicity,
            phone: r.phone,
            crime: r.crime,
            management_level: "normal".to_owned(),
            key_subject: false,
        }
    }
}

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
    let conn = session.archive.conn();
    if query::jurisdiction_name(conn, &b.jurisdiction)?.is_none() {
        let known_elsewhere = dossier_core::division::builtin()
            .iter()
            .any(|d| d.code == b.jurisdiction);
        return Err(if known_elsewhere {
            Error::OutsideScope(b.jurisdiction.clone())
        } else {
            Error::UnknownJurisdiction(b.jurisdiction.clone())
        });
    }
    if !b.jurisdiction.starts_with(session.scope()) {
        return Err(Error::OutsideScope(b.jurisdiction.clone()));
    }
    if Level::from_code(&b.jurisdiction) == Some(Level::Street) && session.site.role == "village" {
        return Err(Error::OutsideScope(b.jurisdiction.clone()));
    }
    let existing = query::subjects_with_id_number(conn, b.id_number.as_str())?;
    if let Some(first) = existing.first() {
        let file_no = query::subject(conn, first)?
            .map(|s| s.file_no)
            .unwrap_or_default();
        return Err(Error::PossibleDuplicate(format!("file no. {file_no}")));
    }
    Ok(())
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
        let rec = query::subject(self.archive.conn(), &id)?
            .ok_or_else(|| Error::Internal("the new subject cannot be read back".into()))?;
        Ok(rec.into())
    }

    /// Every subject within the site's scope, by village then name.
    pub fn subject_list(&self) -> Result<Vec<SubjectRow>> {
        self.require(Action::ViewSubjects, "view subjects")?;
        Ok(query::subjects(self.archive.conn(), self.scope())?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}
