//! Derived facts of a file (age, days served, report alerts, key subject) as views.
//!
//! The rules themselves belong to `dossier-core`; this module only gathers a subject's
//! columns, passes them in with the day to count from, and shapes the answer for hosts.
//! Deliberately not here: any rule of its own beyond that plumbing.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use dossier_core::facts::{FactsInput, Rules, derive};
use dossier_core::idnumber::IdNumber;
use dossier_core::subject::{Category, Status};
use dossier_store::query::SubjectRecord;
use rusqlite::Connection;

use crate::Result;
use crate::view::{FactsView, SubjectDetail, SubjectRow};

/// A subject's manual key-subject override, from its stored "yes"/"no".
pub(crate) fn key_override(r: &SubjectRecord) -> Option<bool> {
    match r.key_override.as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

/// A stored YYYY-MM-DD column as a date; absent or unreadable is none.
pub(crate) fn date(s: Option<&str>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

/// What facts need beyond a subject's own columns, read once per request: the office's rules
/// in force on the day (key crimes, report deadlines) and who is not complying.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub rules: Rules,
    /// Subjects with an approved 警告 or a graver sanction: "not complying", a key subject
    /// (our reading of the work plans' 不服从管理; a 训诫 alone does not make one).
    pub non_compliant: BTreeSet<String>,
}

/// The context for facts as of `today`, from the archive.
pub(crate) fn context(conn: &Connection, today: NaiveDate) -> Result<Context> {
    Ok(Context {
        rules: crate::rules::book(conn)?.in_force(today).facts(),
        non_compliant: crate::decision::non_compliant(conn)?,
    })
}

/// The facts of a subject as of `today`. A row too damaged to derive from (an unreadable ID
/// number or date, which only a damaged archive holds) gets neutral facts rather than
/// failing the whole roster; `dossier check` is where damage is reported.
pub(crate) fn facts(
    r: &SubjectRecord,
    today: NaiveDate,
    on_leave: bool,
    ctx: &Context,
) -> FactsView {
    let over = key_override(r);
    let neutral = FactsView {
        age: 0,
        minor: false,
        days_served: 0,
        days_remaining: 0,
        report_deadline: None,
        report_alert: None,
        key_subject: over.unwrap_or(false),
        key_reasons: Vec::new(),
        key_override: over,
        key_override_reason: r.key_override_reason.clone(),
    };
    let (Ok(id), Some(category), Some(status), Some(start), Some(end)) = (
        IdNumber::parse(&r.id_number),
        Category::parse(&r.category),
        Status::parse(&r.status),
        date(Some(&r.correction_start)),
        date(Some(&r.correction_end)),
    ) else {
        return neutral;
    };
    let input = FactsInput {
        id_number: &id,
        category,
        status,
        crime: r.crime.as_deref(),
        correction_start: start,
        correction_end: end,
        judgment_date: date(r.judgment_date.as_deref()),
        papers_received: date(r.papers_received.as_deref()),
        reported_on: date(r.reported_on.as_deref()),
        on_leave,
        non_compliant: ctx.non_compliant.contains(&r.id),
        key_override: over,
    };
    let f = derive(&input, today, &ctx.rules);
    FactsView {
        age: f.age,
        minor: f.minor,
        days_served: f.days_served,
        days_remaining: f.days_remaining,
        report_deadline: f.report_deadline.map(|d| d.to_string()),
        report_alert: f.report_alert.map(|a| a.as_str().to_owned()),
        key_subject: f.key_subject,
        key_reasons: f
            .key_reasons
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
        key_override: over,
        key_override_reason: r.key_override_reason.clone(),
    }
}

/// The roster line of a subject, with the facts it shows, as of `today`.
/// `on_leave`: the subject is away on leave today (see [`away`]).
pub(crate) fn row(r: SubjectRecord, today: NaiveDate, on_leave: bool, ctx: &Context) -> SubjectRow {
    let key_subject = facts(&r, today, on_leave, ctx).key_subject;
    SubjectRow {
        management_level: r
            .management_level
            .clone()
            .unwrap_or_else(|| "normal".to_owned()),
        key_subject,
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
    }
}

/// The subjects away on an approved leave on `today` (started, not returned): key subjects
/// ("those out on leave").
pub(crate) fn away(
    conn: &rusqlite::Connection,
    today: NaiveDate,
) -> crate::Result<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    for l in crate::leave::stored(conn, None)? {
        let started = l.from.parse::<NaiveDate>().is_ok_and(|f| f <= today);
        if l.is_away() && started {
            out.insert(l.subject_id);
        }
    }
    Ok(out)
}

/// The basic information beyond the roster line.
pub(crate) fn detail(r: &SubjectRecord) -> SubjectDetail {
    SubjectDetail {
        education: r.education.clone(),
        marital_status: r.marital_status.clone(),
        household_address: r.household_address.clone(),
        residence_address: r.residence_address.clone(),
        original_sentence: r.original_sentence.clone(),
        judgment_date: r.judgment_date.clone(),
        papers_received: r.papers_received.clone(),
        reported_on: r.reported_on.clone(),
        photo: r.photo.clone(),
    }
}
