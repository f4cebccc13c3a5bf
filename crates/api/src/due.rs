//! The reminders dashboard as a use case: a snapshot of every current subject in scope,
//! built from the archive, handed to core's `due::items`, plus counts per village.
//!
//! What counts as the last contact of each kind (read from records in one grouped query):
//! a check-in in person, by phone or by video; a written or thought report (书面报告/思想
//! 汇报, check-in records of those forms); education attended; any visit; the end of the
//! latest positioning approval; the latest health report marked a re-examination. Check-ins
//! marked "did not report" count for nothing. The open leave is the approved one not yet
//! returned from; the last assessed month comes from the assessments.
//!
//! The "four ones" are checked for the office's sensitive periods that have not ended more
//! than a month ago; any visit counts (a home visit at home, a community visit elsewhere),
//! any talk counts as the talk, and a talk marked counselling also as the counselling.
//! Deliberately absent: any rule of its own (core decides what is due and how grave it is).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dossier_core::assessment::YearMonth;
use dossier_core::due::{self, DueInput, DueKind, FourOne, FourOneDone, SensitivePeriod, Severity};
use dossier_core::officer::Action;
use dossier_core::subject::{Category, ManagementLevel, Status};
use dossier_store::query;

use crate::view::{DueItemView, DueView, VillageDueView};
use crate::{Result, Session};

use crate::facts::date;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Low => "info",
        Severity::Medium => "warning",
        Severity::High => "danger",
    }
}

impl Session {
    /// What is due this week or overdue on `today` (default: the session's day) for every
    /// current subject in scope, and counts per village.
    pub fn due(&self, today: Option<NaiveDate>) -> Result<DueView> {
        self.require(Action::ViewSubjects, "view reminders")?;
        let today = today.unwrap_or(self.today);
        let conn = self.archive.conn();
        let book = crate::rules::book(conn)?;
        // Sealed as of the session's day, whatever day the reminders are asked for: asking
        // about a later day must not open a minor's file early.
        let subjects: Vec<_> = self
            .visible_subjects(self.today)?
            .into_iter()
            .filter(|s| Status::parse(&s.status).is_some_and(Status::is_current))
            .collect();
        let contacts = query::contact_facts(conn, self.scope())?;
        let mut open_leaves: BTreeMap<String, (String, dossier_core::leave::PastLeave)> =
            BTreeMap::new();
        for l in crate::leave::stored(conn, None)? {
            if !l.is_away() {
                continue;
            }
            if let Some(p) = l.past()? {
                open_leaves.insert(l.subject_id.clone(), (l.id.clone(), p));
            }
        }
        let assessed = crate::assessment::last_assessed(conn)?;
        let mut proposals = crate::decision::open_by_subject(conn)?;
        let transfers = crate::decision::transfers(conn, &book)?;
        // Periods still on the dashboard: not ended more than a month ago.
        let recent = dossier_core::rules::sub_days(today, 31);
        let periods: Vec<SensitivePeriod> = crate::period::stored(conn)?
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| p.to >= recent)
            .collect();
        let mut four_ones: BTreeMap<String, Vec<FourOneDone>> = BTreeMap::new();
        if let Some(since) = periods.iter().map(|p| p.from).min() {
            for r in query::four_ones(conn, self.scope(), &since.to_string())? {
                let Some(on) = date(Some(&r.date)) else {
                    continue;
                };
                let kinds: &[FourOne] = match (r.kind.as_str(), r.place.as_deref()) {
                    ("visit", Some("home")) => &[FourOne::HomeVisit],
                    ("visit", _) => &[FourOne::CommunityVisit],
                    (_, _) if r.counselling => &[FourOne::Talk, FourOne::Counselling],
                    _ => &[FourOne::Talk],
                };
                let done = four_ones.entry(r.subject_id).or_default();
                done.extend(kinds.iter().map(|&kind| FourOneDone { kind, on }));
            }
        }
        let mut inputs = Vec::with_capacity(subjects.len());
        for s in &subjects {
            let (Some(status), Some(category)) =
                (Status::parse(&s.status), Category::parse(&s.category))
            else {
                continue; // damaged rows are `dossier check`'s business
            };
            let level = s
                .management_level
                .as_deref()
                .and_then(ManagementLevel::parse)
                .unwrap_or(ManagementLevel::Normal);
            let c = contacts.get(&s.id).cloned().unwrap_or_default();
            let mut input = DueInput::new(s.id.clone(), status, category, level);
            input.correction_start = date(Some(&s.correction_start));
            input.correction_end = date(Some(&s.correction_end));
            input.judgment_effective = date(s.judgment_date.as_deref());
            input.papers_received = date(s.papers_received.as_deref());
            input.last_check_in = date(c.last_check_in.as_deref());
            input.last_written_report = date(c.last_written_report.as_deref());
            input.last_education = date(c.last_education.as_deref());
            input.last_visit = date(c.last_visit.as_deref());
            input.positioning_end = date(c.positioning_end.as_deref());
            input.last_health_reexam = date(c.last_health_reexam.as_deref());
            input.open_leave = open_leaves.get(&s.id).map(|(_, p)| *p);
            input.four_ones_done = four_ones.remove(&s.id).unwrap_or_default();
            input.open_proposals = proposals.remove(&s.id).unwrap_or_default();
            input.transfer = transfers.get(&s.id).copied();
            input.last_assessed_month = assessed
                .get(&s.id)
                .and_then(|m| YearMonth::try_from(m.clone()).ok());
            inputs.push(input);
        }
        let items = due::items(&inputs, &periods, today, &book);
        let by_id: BTreeMap<&str, &query::SubjectRecord> =
            subjects.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut villages: BTreeMap<String, VillageDueView> = BTreeMap::new();
        for s in &subjects {
            villages
                .entry(s.jurisdiction.clone())
                .or_insert_with(|| VillageDueView {
                    jurisdiction: s.jurisdiction.clone(),
                    name: s.jurisdiction_name.clone(),
                    overdue: 0,
                    due: 0,
                });
        }
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            let Some(s) = by_id.get(i.subject_id.as_str()) else {
                continue;
            };
            if let Some(v) = villages.get_mut(&s.jurisdiction) {
                if i.overdue {
                    v.overdue += 1;
                } else {
                    v.due += 1;
                }
            }
            let note = match i.kind {
                DueKind::LeaveEnding | DueKind::LeaveOverdue => {
                    open_leaves.get(&s.id).map(|(id, _)| id.clone())
                }
                _ => Some(i.note).filter(|n| !n.is_empty()),
            };
            out.push(DueItemView {
                subject_id: s.id.clone(),
                subject_name: s.name.clone(),
                file_no: s.file_no.clone(),
                jurisdiction: s.jurisdiction.clone(),
                jurisdiction_name: s.jurisdiction_name.clone(),
                kind: i.kind.as_str().to_owned(),
                due: i.due.to_string(),
                overdue: i.overdue,
                severity: severity(i.severity).to_owned(),
                note,
            });
        }
        Ok(DueView {
            today: today.to_string(),
            items: out,
            villages: villages.into_values().collect(),
        })
    }
}
