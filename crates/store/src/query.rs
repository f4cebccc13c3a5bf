//! Reading the projected tables. Rows come back as plain records with text fields; turning
//! them into views and deciding who may see them is `dossier-api`'s job.

use rusqlite::{Connection, OptionalExtension, Row};

use crate::Result;

/// This archive's own device and site (local-only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalDevice {
    pub archive_id: String,
    pub device_id: String,
    pub site_id: String,
    pub next_seq: u64,
}

pub fn local_device(conn: &Connection) -> Result<LocalDevice> {
    Ok(conn.query_row(
        "SELECT archive_id, device_id, site_id, next_seq FROM local_device WHERE singleton = 1",
        [],
        |r| {
            Ok(LocalDevice {
                archive_id: r.get(0)?,
                device_id: r.get(1)?,
                site_id: r.get(2)?,
                next_seq: r.get(3)?,
            })
        },
    )?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRecord {
    pub id: String,
    pub name: String,
    pub role: String,
    pub jurisdiction: String,
}

pub fn site(conn: &Connection, id: &str) -> Result<Option<SiteRecord>> {
    Ok(conn
        .query_row(
            "SELECT id, coalesce(name, ''), coalesce(role, ''), coalesce(jurisdiction, '')
             FROM sites WHERE id = ?1 AND deleted = 0",
            [id],
            |r| {
                Ok(SiteRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    jurisdiction: r.get(3)?,
                })
            },
        )
        .optional()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerRecord {
    pub id: String,
    pub name: String,
    pub role: String,
    pub site_id: String,
    pub active: bool,
}

pub fn officer(conn: &Connection, id: &str) -> Result<Option<OfficerRecord>> {
    Ok(conn
        .query_row(
            "SELECT id, coalesce(name, ''), coalesce(role, ''), coalesce(site_id, ''), coalesce(active, 0)
             FROM officers WHERE id = ?1 AND deleted = 0",
            [id],
            |r| {
                Ok(OfficerRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    site_id: r.get(3)?,
                    active: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// The name of a division, if the archive knows it.
pub fn jurisdiction_name(conn: &Connection, code: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT name FROM jurisdictions WHERE id = ?1 AND deleted = 0",
            [code],
            |r| r.get(0),
        )
        .optional()?)
}

/// A subject's basic information, with the name of their village or community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubjectRecord {
    pub id: String,
    pub file_no: String,
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub id_number: String,
    pub ethnicity: String,
    pub education: Option<String>,
    pub marital_status: Option<String>,
    pub phone: Option<String>,
    pub household_address: Option<String>,
    pub residence_address: Option<String>,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub category: String,
    pub crime: Option<String>,
    pub original_sentence: Option<String>,
    pub correction_start: String,
    pub correction_end: String,
    pub status: String,
}

const SUBJECT_COLUMNS: &str =
    "s.id, coalesce(s.file_no, ''), coalesce(s.name, ''), coalesce(s.sex, ''),
    coalesce(s.birth_date, ''), coalesce(s.id_number, ''), coalesce(s.ethnicity, ''), s.education,
    s.marital_status, s.phone, s.household_address, s.residence_address,
    coalesce(s.jurisdiction, ''), coalesce(j.name, ''), coalesce(s.category, ''), s.crime,
    s.original_sentence, coalesce(s.correction_start, ''), coalesce(s.correction_end, ''),
    coalesce(s.status, '')";

fn subject_row(r: &Row<'_>) -> rusqlite::Result<SubjectRecord> {
    Ok(SubjectRecord {
        id: r.get(0)?,
        file_no: r.get(1)?,
        name: r.get(2)?,
        sex: r.get(3)?,
        birth_date: r.get(4)?,
        id_number: r.get(5)?,
        ethnicity: r.get(6)?,
        education: r.get(7)?,
        marital_status: r.get(8)?,
        phone: r.get(9)?,
        household_address: r.get(10)?,
        residence_address: r.get(11)?,
        jurisdiction: r.get(12)?,
        jurisdiction_name: r.get(13)?,
        category: r.get(14)?,
        crime: r.get(15)?,
        original_sentence: r.get(16)?,
        correction_start: r.get(17)?,
        correction_end: r.get(18)?,
        status: r.get(19)?,
    })
}

/// Subjects whose jurisdiction lies within `scope` (a code prefix), by village then name.
pub fn subjects(conn: &Connection, scope: &str) -> Result<Vec<SubjectRecord>> {
    let sql = format!(
        "SELECT {SUBJECT_COLUMNS} FROM subjects s LEFT JOIN jurisdictions j ON j.id = s.jurisdiction
         WHERE s.deleted = 0 AND substr(s.jurisdiction, 1, length(?1)) = ?1
         ORDER BY s.jurisdiction, s.name, s.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([scope], subject_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn subject(conn: &Connection, id: &str) -> Result<Option<SubjectRecord>> {
    let sql = format!(
        "SELECT {SUBJECT_COLUMNS} FROM subjects s LEFT JOIN jurisdictions j ON j.id = s.jurisdiction
         WHERE s.deleted = 0 AND s.id = ?1"
    );
    Ok(conn.query_row(&sql, [id], subject_row).optional()?)
}

/// Ids of live subjects with this ID number (a duplicate is possible and must be shown).
pub fn subjects_with_id_number(conn: &Connection, id_number: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id FROM subjects WHERE deleted = 0 AND id_number = ?1")?;
    let rows = stmt.query_map([id_number], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many subjects' file numbers start with `prefix` (to number the next file).
pub fn count_file_numbers(conn: &Connection, prefix: &str) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM subjects WHERE substr(file_no, 1, length(?1)) = ?1",
        [prefix],
        |r| r.get(0),
    )?)
}

/// Whether a live subject already has this file number.
pub fn file_no_taken(conn: &Connection, file_no: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM subjects WHERE deleted = 0 AND file_no = ?1)",
        [file_no],
        |r| r.get(0),
    )?)
}
