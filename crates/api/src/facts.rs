//! Derived facts of a file (age, days served, report alerts, key subject) as views.
//!
//! The rules themselves belong to `dossier-core`; this module only gathers a subject's
//! columns, passes them in with the day to count from, and shapes the answer for hosts.
//! Deliberately not here: any rule of its own beyond that plumbing.

use chrono::NaiveDate;
use dossier_store::query::SubjectRecord;

use crate::view::{FactsView, SubjectDetail, SubjectRow};

/// A subject's manual key-subject override, from its stored "yes"/"no".
pub(crate) fn key_override(r: &SubjectRecord) -> Option<bool> {
    match r.key_override.as_deref() {
        Some("yes") => Some(true),
        Some("no") => Some(false),
        _ => None,
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

/// The facts of a subject as of `today`.
pub(crate) fn facts(r: &SubjectRecord, today: NaiveDate) -> FactsView {
    let birth = date(&r.birth_date).unwrap_or(today);
    let age = today.years_since(birth).unwrap_or(0);
    let start = date(&r.correction_start).unwrap_or(today);
    let end = date(&r.correction_end).unwrap_or(today);
    let awaiting = r.status == "awaiting_report";
    let report_deadline = r
        .judgment_date
        .as_deref()
        .and_then(date)
        .map(|j| j + chrono::Days::new(10))
        .filter(|_| awaiting);
    let report_alert = if awaiting {
        let papers = r.papers_received.as_deref().and_then(date);
        let late = papers.map(|p| (today - p).num_days());
        Some(match late {
            Some(d) if d >= 30 => "overdue_30",
            Some(d) if d >= 10 => "overdue_10",
            _ => "due",
        })
    } else {
        None
    };
    let crime = r.crime.as_deref().unwrap_or("");
    let mut reasons = Vec::new();
    const VIOLENT: &[&str] = &[
        "故意伤害",
        "抢劫",
        "故意杀人",
        "强奸",
        "绑架",
        "寻衅滋事",
        "聚众斗殴",
    ];
    const PROPERTY: &[&str] = &["盗窃", "诈骗", "抢夺", "敲诈勒索", "侵占"];
    if VIOLENT.iter().any(|c| crime.contains(c)) {
        reasons.push("violent_crime");
    }
    if PROPERTY.iter().any(|c| crime.contains(c)) {
        reasons.push("property_crime");
    }
    if age < 18 {
        reasons.push("minor");
    }
    if r.category == "parole" {
        reasons.push("parolee");
    }
    if r.category == "temporary_outside" {
        reasons.push("temporary_outside");
    }
    let by_rules = !reasons.is_empty();
    let over = key_override(r);
    FactsView {
        age,
        minor: age < 18,
        days_served: (today - start).num_days().max(0),
        days_remaining: (end - today).num_days().max(0),
        report_deadline: report_deadline.map(|d| d.to_string()),
        report_alert: report_alert.map(str::to_owned),
        key_subject: over.unwrap_or(by_rules),
        key_reasons: reasons.into_iter().map(str::to_owned).collect(),
        key_override: over,
        key_override_reason: r.key_override_reason.clone(),
    }
}

/// The roster line of a subject, with the facts it shows, as of `today`.
pub(crate) fn row(r: SubjectRecord, today: NaiveDate) -> SubjectRow {
    let key_subject = facts(&r, today).key_subject;
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
