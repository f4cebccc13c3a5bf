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

/// The officers of one site, by name.
pub fn site_officers(conn: &Connection, site_id: &str) -> Result<Vec<OfficerRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, coalesce(name, ''), coalesce(role, ''), coalesce(site_id, ''), coalesce(active, 0)
         FROM officers WHERE site_id = ?1 AND deleted = 0 ORDER BY name, id",
    )?;
    let rows = stmt.query_map([site_id], |r| {
        Ok(OfficerRecord {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            site_id: r.get(3)?,
            active: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The officer who created a site: the author of its first operation.
pub fn site_founder(conn: &Connection, site_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT user_id FROM ops WHERE entity = 'site' AND entity_id = ?1
             ORDER BY hlc LIMIT 1",
            [site_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
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
    pub photo: Option<String>,
    pub judgment_date: Option<String>,
    pub papers_received: Option<String>,
    pub reported_on: Option<String>,
    pub management_level: Option<String>,
    /// "yes" | "no" | none.
    pub key_override: Option<String>,
    pub key_override_reason: Option<String>,
}

const SUBJECT_COLUMNS: &str =
    "s.id, coalesce(s.file_no, ''), coalesce(s.name, ''), coalesce(s.sex, ''),
    coalesce(s.birth_date, ''), coalesce(s.id_number, ''), coalesce(s.ethnicity, ''), s.education,
    s.marital_status, s.phone, s.household_address, s.residence_address,
    coalesce(s.jurisdiction, ''), coalesce(j.name, ''), coalesce(s.category, ''), s.crime,
    s.original_sentence, coalesce(s.correction_start, ''), coalesce(s.correction_end, ''),
    coalesce(s.status, ''), s.photo, s.judgment_date, s.papers_received, s.reported_on,
    s.management_level, s.key_override, s.key_override_reason";

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
        photo: r.get(20)?,
        judgment_date: r.get(21)?,
        papers_received: r.get(22)?,
        reported_on: r.get(23)?,
        management_level: r.get(24)?,
        key_override: r.get(25)?,
        key_override_reason: r.get(26)?,
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

/// Finds a live subject by id or by file number.
pub fn subject_by_id_or_file_no(conn: &Connection, key: &str) -> Result<Option<SubjectRecord>> {
    if let Some(s) = subject(conn, key)? {
        return Ok(Some(s));
    }
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM subjects WHERE deleted = 0 AND file_no = ?1 ORDER BY id LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => subject(conn, &id),
        None => Ok(None),
    }
}

/// One record of a subject's file, with what the API needs to show who changed it last.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub id: String,
    pub subject_id: String,
    pub kind: String,
    pub date: Option<String>,
    pub data: serde_json::Map<String, serde_json::Value>,
    /// The op id of its latest change.
    pub version: String,
    /// The name of the officer who made that change (their id if the archive does not know
    /// them), if any.
    pub author: Option<String>,
}

const RECORD_COLUMNS: &str = "id, coalesce(subject_id, ''), coalesce(kind, ''), date, data, clock";

fn record_row(conn: &Connection, r: &Row<'_>) -> Result<RecordRow> {
    let (data, version, author) = data_version_author(conn, r.get(4)?, r.get(5)?)?;
    Ok(RecordRow {
        id: r.get(0)?,
        subject_id: r.get(1)?,
        kind: r.get(2)?,
        date: r.get(3)?,
        data,
        version,
        author,
    })
}

/// A data-keeping row's `data` (parsed), its version (the op id of its latest change) and
/// that change's author, from its `data` and `clock` columns.
fn data_version_author(
    conn: &Connection,
    data: String,
    clock: String,
) -> Result<(
    serde_json::Map<String, serde_json::Value>,
    String,
    Option<String>,
)> {
    let damaged = |what: &str| crate::Error::Damaged(format!("a record's {what} is unreadable"));
    let data = serde_json::from_str(&data).map_err(|_| damaged("data"))?;
    let clock = crate::oplog::read_clock(&clock)?;
    let version = clock
        .into_values()
        .max()
        .and_then(|t| t.rsplit('|').next().map(str::to_owned))
        .unwrap_or_default();
    let author = conn
        .prepare_cached(
            "SELECT coalesce(f.name, o.user_id) FROM ops o
             LEFT JOIN officers f ON f.id = o.user_id WHERE o.op_id = ?1",
        )?
        .query_row([&version], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten();
    Ok((data, version, author))
}

/// A live record by id.
pub fn record(conn: &Connection, id: &str) -> Result<Option<RecordRow>> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM records WHERE deleted = 0 AND id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => Ok(Some(record_row(conn, r)?)),
        None => Ok(None),
    }
}

/// A subject's live records (of one kind, if given), newest first by date, then by id
/// (undated records, such as family members, last).
pub fn records(conn: &Connection, subject_id: &str, kind: Option<&str>) -> Result<Vec<RecordRow>> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM records
         WHERE deleted = 0 AND subject_id = ?1 AND (?2 IS NULL OR kind = ?2)
         ORDER BY date IS NULL, date DESC, id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![subject_id, kind])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(record_row(conn, r)?);
    }
    Ok(out)
}

/// One entry of a register (staff, volunteers, trainings, meetings).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    pub id: String,
    /// The division code of the site that keeps it.
    pub jurisdiction: String,
    pub kind: String,
    pub date: Option<String>,
    pub data: serde_json::Map<String, serde_json::Value>,
    /// The op id of its latest change.
    pub version: String,
    /// The name of the officer who made that change (their id if unknown), if any.
    pub author: Option<String>,
}

const REGISTER_COLUMNS: &str =
    "id, coalesce(jurisdiction, ''), coalesce(kind, ''), date, data, clock";

fn register_row(conn: &Connection, r: &Row<'_>) -> Result<RegisterRow> {
    let (data, version, author) = data_version_author(conn, r.get(4)?, r.get(5)?)?;
    Ok(RegisterRow {
        id: r.get(0)?,
        jurisdiction: r.get(1)?,
        kind: r.get(2)?,
        date: r.get(3)?,
        data,
        version,
        author,
    })
}

/// A live register entry by id.
pub fn register_entry(conn: &Connection, id: &str) -> Result<Option<RegisterRow>> {
    let sql =
        format!("SELECT {REGISTER_COLUMNS} FROM register_entries WHERE deleted = 0 AND id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id])?;
    match rows.next()? {
        Some(r) => Ok(Some(register_row(conn, r)?)),
        None => Ok(None),
    }
}

/// The live entries of one register, of every jurisdiction (the API keeps those in scope),
/// newest first by date, then by id.
pub fn register_entries(conn: &Connection, kind: &str) -> Result<Vec<RegisterRow>> {
    let sql = format!(
        "SELECT {REGISTER_COLUMNS} FROM register_entries
         WHERE deleted = 0 AND kind = ?1
         ORDER BY date IS NULL, date DESC, id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([kind])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(register_row(conn, r)?);
    }
    Ok(out)
}

/// How many live records of `kind` a subject has.
pub fn count_records(conn: &Connection, subject_id: &str, kind: &str) -> Result<u64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM records WHERE deleted = 0 AND subject_id = ?1 AND kind = ?2",
        )?
        .query_row([subject_id, kind], |r| r.get(0))?)
}

/// An attachment's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub sha256: String,
    pub mime: String,
    pub size: u64,
    pub name: String,
}

/// A live attachment by its SHA-256.
pub fn attachment(conn: &Connection, sha256: &str) -> Result<Option<AttachmentRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, coalesce(mime, ''), coalesce(size, 0), coalesce(name, '')
             FROM attachments WHERE deleted = 0 AND id = ?1",
        )?
        .query_row([sha256], |r| {
            Ok(AttachmentRecord {
                sha256: r.get(0)?,
                mime: r.get(1)?,
                size: r.get(2)?,
                name: r.get(3)?,
            })
        })
        .optional()?)
}

/// The live rows of a plain entity (one column per declared field, as `Entity::fields`
/// lists them), each as field name → value (text, integer, real or null), in id order.
/// `filter` keeps only rows whose field equals the value. Records have their own readers.
pub fn entity_rows(
    conn: &Connection,
    entity: dossier_core::op::Entity,
    filter: Option<(&str, &str)>,
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    use rusqlite::types::ValueRef;
    use serde_json::Value;
    let fields = entity.fields();
    let cols: Vec<String> = fields.iter().map(|c| format!("\"{c}\"")).collect();
    let mut sql = format!(
        "SELECT id, {} FROM {} WHERE deleted = 0",
        cols.join(", "),
        entity.table()
    );
    let mut args: Vec<String> = Vec::new();
    if let Some((field, value)) = filter {
        // The id (the primary key) or a declared field: nothing else reaches the SQL.
        if field != "id" && !fields.contains(&field) {
            return Err(crate::Error::Refused(format!("unknown field {field}")));
        }
        sql.push_str(&format!(" AND \"{field}\" = ?1"));
        args.push(value.to_owned());
    }
    sql.push_str(" ORDER BY id");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut m = serde_json::Map::new();
        let names = std::iter::once("id").chain(fields.iter().copied());
        for (i, name) in names.enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => Value::Null,
            };
            m.insert(name.to_owned(), v);
        }
        out.push(m);
    }
    Ok(out)
}

/// What the reminders need from one subject's records: the latest day of each kind of
/// contact, and whether supervision measures are in place. Dates are YYYY-MM-DD text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactFacts {
    /// The latest check-in in person, by phone or by video that happened (not "missing").
    pub last_check_in: Option<String>,
    /// The latest written or thought report (思想汇报/书面报告) handed in.
    pub last_written_report: Option<String>,
    /// The latest education the subject attended.
    pub last_education: Option<String>,
    pub last_visit: Option<String>,
    /// The end of the latest positioning approval.
    pub positioning_end: Option<String>,
    /// The latest health report marked as a re-examination.
    pub last_health_reexam: Option<String>,
    /// A correction plan is on file.
    pub has_plan: bool,
    /// A current member of the correction group is responsible for supervision.
    pub has_responsible: bool,
}

const CONTACT_FACTS: &str = "
    max(CASE WHEN kind = 'checkin' AND json_extract(data, '$.form') IN ('in_person', 'phone', 'video')
        AND coalesce(json_extract(data, '$.punctuality'), '') <> 'missing' THEN date END),
    max(CASE WHEN kind = 'checkin' AND json_extract(data, '$.form') IN ('written', 'thought_report')
        AND coalesce(json_extract(data, '$.punctuality'), '') <> 'missing' THEN date END),
    max(CASE WHEN kind = 'education' AND coalesce(json_extract(data, '$.attendance'), 'attended') = 'attended' THEN date END),
    max(CASE WHEN kind = 'visit' THEN date END),
    max(CASE WHEN kind = 'positioning' THEN json_extract(data, '$.to') END),
    max(CASE WHEN kind = 'health_report' AND json_extract(data, '$.reexamination') = 1 THEN date END),
    max(kind = 'correction_plan'),
    max(kind = 'group_member' AND json_extract(data, '$.responsible') = 1
        AND json_extract(data, '$.left_on') IS NULL)";

fn contact_row(r: &Row<'_>, at: usize) -> rusqlite::Result<ContactFacts> {
    Ok(ContactFacts {
        last_check_in: r.get(at)?,
        last_written_report: r.get(at + 1)?,
        last_education: r.get(at + 2)?,
        last_visit: r.get(at + 3)?,
        positioning_end: r.get(at + 4)?,
        last_health_reexam: r.get(at + 5)?,
        has_plan: r.get::<_, Option<bool>>(at + 6)?.unwrap_or(false),
        has_responsible: r.get::<_, Option<bool>>(at + 7)?.unwrap_or(false),
    })
}

/// [`ContactFacts`] of every subject within `scope` that has records, by subject id.
pub fn contact_facts(
    conn: &Connection,
    scope: &str,
) -> Result<std::collections::BTreeMap<String, ContactFacts>> {
    let sql = format!(
        "SELECT r.subject_id, {CONTACT_FACTS} FROM records r JOIN subjects s ON s.id = r.subject_id
         WHERE r.deleted = 0 AND s.deleted = 0 AND substr(s.jurisdiction, 1, length(?1)) = ?1
         GROUP BY r.subject_id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([scope], |r| {
        Ok((r.get::<_, String>(0)?, contact_row(r, 1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// [`ContactFacts`] of one subject.
pub fn contact_facts_of(conn: &Connection, subject_id: &str) -> Result<ContactFacts> {
    let sql = format!("SELECT {CONTACT_FACTS} FROM records WHERE deleted = 0 AND subject_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([subject_id], |r| contact_row(r, 0))?)
}

/// A record that counts toward the "four ones" of a sensitive period: a visit (with its
/// place) or a talk (with whether it was psychological counselling).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FourOnesRow {
    pub subject_id: String,
    /// "visit" | "talk"
    pub kind: String,
    pub date: String,
    /// The visit's place ("home", "community", ...).
    pub place: Option<String>,
    pub counselling: bool,
}

/// Visits and talks of subjects within `scope` dated on or after `since` (YYYY-MM-DD).
pub fn four_ones(conn: &Connection, scope: &str, since: &str) -> Result<Vec<FourOnesRow>> {
    let mut stmt = conn.prepare(
        "SELECT r.subject_id, r.kind, r.date, json_extract(r.data, '$.place'),
                coalesce(json_extract(r.data, '$.counselling'), 0)
         FROM records r JOIN subjects s ON s.id = r.subject_id
         WHERE r.deleted = 0 AND s.deleted = 0 AND r.kind IN ('visit', 'talk') AND r.date >= ?2
           AND substr(s.jurisdiction, 1, length(?1)) = ?1
         ORDER BY r.subject_id, r.date",
    )?;
    let rows = stmt.query_map([scope, since], |r| {
        Ok(FourOnesRow {
            subject_id: r.get(0)?,
            kind: r.get(1)?,
            date: r.get(2)?,
            place: r.get::<_, Option<String>>(3).unwrap_or(None),
            counselling: r.get::<_, i64>(4).unwrap_or(0) != 0,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
