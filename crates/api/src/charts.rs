//! The dashboard's charts: how many subjects were on register at each month's end, who is
//! in correction now by category and by village, and leaves and sanctions per month — all
//! within the session's scope, counted from what the archive holds.
//!
//! Counts only; no person is named, so the UI may draw them anywhere. The readers are the
//! existing ones (subjects as typed rows, `leave::stored`, `decision::decided_steps`); this
//! module only buckets what they return by month. Deliberately absent: where a file was in
//! the past — a subject counts in the village its file is in now, so a file transferred
//! in during the period counts here for the months before too — and any figure the monthly
//! statistics ledger (`report`) prints, which has its own definitions.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use dossier_core::ladder::Step;
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::subject::{Category, Status};
use serde::Deserialize;

use crate::view::{ChartCountView, ChartsView, MonthChartView};
use crate::{Error, Result, Session};

/// At most this many months back: three years is as far as a dashboard looks.
pub const MAX_CHART_MONTHS: u32 = 36;

/// The subject columns the charts need.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct StoredSubject {
    id: String,
    jurisdiction: String,
    category: String,
    status: String,
    correction_start: String,
    correction_end: String,
    ended_on: Option<String>,
}

fn damaged() -> Error {
    Error::Damaged("a stored subject is unreadable".into())
}

impl StoredSubject {
    /// On register at the end of `day`: started by then and not yet ended. An ended
    /// correction's last day on register is the day before its recorded end, or its term's
    /// last day when no end was recorded; a current one stays on register past its term
    /// until it is released.
    fn on_register(&self, day: NaiveDate) -> bool {
        let Ok(start) = self.correction_start.parse::<NaiveDate>() else {
            return false;
        };
        if start > day {
            return false;
        }
        if Status::parse(&self.status).is_some_and(Status::is_current) {
            return true;
        }
        let ended = self.ended_on.as_deref().and_then(|d| d.parse().ok());
        match ended {
            Some(on) => day < on,
            None => self
                .correction_end
                .parse::<NaiveDate>()
                .is_ok_and(|end| day <= end),
        }
    }
}

/// "YYYY-MM" of a day.
fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The month `day` counts in, if it is one of `rows` and not after that month's end.
fn slot(rows: &mut [(NaiveDate, MonthChartView)], day: NaiveDate) -> Option<&mut MonthChartView> {
    let month = month_of(day);
    rows.iter_mut()
        .find(|(end, v)| v.month == month && day <= *end)
        .map(|(_, v)| v)
}

impl Session {
    /// The dashboard's charts for the last `months` months (this one included, counted to
    /// today). Refuses 0 or more than [`MAX_CHART_MONTHS`].
    pub fn dashboard_charts(&self, months: u32) -> Result<ChartsView> {
        self.require(Action::ViewSubjects, "view subjects")?;
        if months == 0 || months > MAX_CHART_MONTHS {
            return Err(Error::Invalid(format!(
                "The charts cover 1 to {MAX_CHART_MONTHS} months; {months} is outside that. Choose fewer months."
            )));
        }
        let conn = self.archive.conn();
        let today = self.today;
        let subjects: Vec<StoredSubject> =
            crate::archive::typed_rows(conn, Entity::Subject, None, damaged)?
                .into_iter()
                .filter(|s: &StoredSubject| s.jurisdiction.starts_with(self.scope()))
                .collect();
        let ids: BTreeSet<&str> = subjects.iter().map(|s| s.id.as_str()).collect();

        // Month ends, oldest first; the current month ends today.
        let first = today.with_day(1).unwrap_or(today);
        let mut rows: Vec<(NaiveDate, MonthChartView)> = (0..months)
            .rev()
            .map(|back| {
                let start = first - Months::new(back);
                let end = if back == 0 {
                    today
                } else {
                    (start + Months::new(1)).pred_opt().unwrap_or(start)
                };
                let view = MonthChartView {
                    month: month_of(start),
                    on_register: subjects.iter().filter(|s| s.on_register(end)).count() as u32,
                    leaves: 0,
                    sanctions: 0,
                    praises: 0,
                };
                (end, view)
            })
            .collect();
        // Leaves that went ahead (approved, away on an extension, or back), by first day.
        for l in crate::leave::stored(conn, None)? {
            let went = l.status == "returned" || l.is_away();
            if !went || !ids.contains(l.subject_id.as_str()) {
                continue;
            }
            if let Some(v) = l.from.parse().ok().and_then(|d| slot(&mut rows, d)) {
                v.leaves += 1;
            }
        }
        for (subject_id, step, on) in crate::decision::decided_steps(conn)? {
            if !ids.contains(subject_id.as_str()) {
                continue;
            }
            if let Some(v) = slot(&mut rows, on) {
                if step == Step::Praise {
                    v.praises += 1;
                } else {
                    v.sanctions += 1;
                }
            }
        }

        let current: Vec<&StoredSubject> = subjects
            .iter()
            .filter(|s| Status::parse(&s.status).is_some_and(Status::is_current))
            .collect();
        let by_category = Category::ALL
            .iter()
            .map(|c| ChartCountView {
                key: c.as_str().to_owned(),
                label: c.label_zh().to_owned(),
                count: current
                    .iter()
                    .filter(|s| Category::parse(&s.category) == Some(*c))
                    .count() as u32,
            })
            .collect();
        let mut villages: BTreeMap<&str, u32> = BTreeMap::new();
        for s in &current {
            *villages.entry(s.jurisdiction.as_str()).or_default() += 1;
        }
        let mut by_village = Vec::new();
        for (code, count) in villages {
            by_village.push(ChartCountView {
                key: code.to_owned(),
                label: crate::leave::division_name(conn, code)?,
                count,
            });
        }
        // The largest first: a long list of villages is read from the top.
        by_village.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));

        Ok(ChartsView {
            today: today.to_string(),
            months: rows.into_iter().map(|(_, v)| v).collect(),
            by_category,
            by_village,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_register_from_the_start_until_the_day_before_the_end() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        // (status, start, term end, recorded end, the day, on register)
        let cases = [
            (
                "in_correction",
                "2026-03-15",
                "2026-12-31",
                None,
                "2026-03-14",
                false,
            ),
            (
                "in_correction",
                "2026-03-15",
                "2026-12-31",
                None,
                "2026-03-15",
                true,
            ),
            (
                "awaiting_report",
                "2026-03-15",
                "2026-12-31",
                None,
                "2026-04-30",
                true,
            ),
            // Current past the term: on register until the release is recorded.
            (
                "in_correction",
                "2026-01-01",
                "2026-02-28",
                None,
                "2026-05-31",
                true,
            ),
            (
                "released",
                "2025-10-01",
                "2026-02-28",
                None,
                "2026-02-28",
                true,
            ),
            (
                "released",
                "2025-10-01",
                "2026-02-28",
                None,
                "2026-03-01",
                false,
            ),
            (
                "terminated",
                "2025-10-01",
                "2026-12-31",
                Some("2026-04-10"),
                "2026-04-09",
                true,
            ),
            (
                "terminated",
                "2025-10-01",
                "2026-12-31",
                Some("2026-04-10"),
                "2026-04-10",
                false,
            ),
            ("released", "", "2026-12-31", None, "2026-04-10", false),
        ];
        for (status, start, end, ended, on, want) in cases {
            let s = StoredSubject {
                status: status.into(),
                correction_start: start.into(),
                correction_end: end.into(),
                ended_on: ended.map(Into::into),
                ..Default::default()
            };
            assert_eq!(
                s.on_register(day(on)),
                want,
                "{status} {start}–{end} {ended:?} on {on}"
            );
        }
    }
}
