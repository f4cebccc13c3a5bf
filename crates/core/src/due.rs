//! The reminders dashboard's brain: what is due or overdue today and this week, per subject.
//!
//! [`items`] takes a snapshot of each subject (the last check-in, visit, open leave, ...),
//! the office's sensitive periods and today's date, and lists what needs doing. A deadline
//! that an event starts (the next check-in after the last one, the report after the
//! judgment) is computed with the rules in force on that event's date; how far ahead the
//! dashboard looks (a week; 30 days for terms ending; the notice days of positioning and
//! health re-examinations) follows the rules in force today.
//!
//! Deliberately absent: reading the archive to build [`DueInput`] (the store's job),
//! whether anyone has seen or dismissed an item (a UI concern), and pushing alerts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assessment::YearMonth;
use crate::deadline;
use crate::leave::{self, PastLeave};
use crate::rules::{RuleBook, add_days, add_months};
use crate::subject::{Category, ManagementLevel, Status};

/// How many days "this week" covers, today included.
pub const WEEK_DAYS: u32 = 7;

/// One of the "four ones" (四个一) due in a sensitive period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FourOne {
    /// 一次社区走访
    CommunityVisit,
    /// 一次家访
    HomeVisit,
    /// 一次面对面谈话
    Talk,
    /// 一次心理疏导
    Counselling,
}

impl FourOne {
    pub const ALL: [FourOne; 4] = [
        FourOne::CommunityVisit,
        FourOne::HomeVisit,
        FourOne::Talk,
        FourOne::Counselling,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FourOne::CommunityVisit => "community_visit",
            FourOne::HomeVisit => "home_visit",
            FourOne::Talk => "talk",
            FourOne::Counselling => "counselling",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            FourOne::CommunityVisit => "社区走访",
            FourOne::HomeVisit => "家访",
            FourOne::Talk => "面对面谈话",
            FourOne::Counselling => "心理疏导",
        }
    }
}

/// A sensitive period the office sets (national meetings, holidays), inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivePeriod {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One of the four ones, done on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FourOneDone {
    pub kind: FourOne,
    pub on: NaiveDate,
}

/// What the dashboard needs to know about one subject. Dates absent = never happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueInput {
    pub subject_id: String,
    pub status: Status,
    pub category: Category,
    pub level: ManagementLevel,
    /// The day the correction started (the report, 入矫).
    pub correction_start: Option<NaiveDate>,
    pub correction_end: Option<NaiveDate>,
    pub judgment_effective: Option<NaiveDate>,
    pub papers_received: Option<NaiveDate>,
    pub last_check_in: Option<NaiveDate>,
    pub last_written_report: Option<NaiveDate>,
    pub last_education: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    /// The leave with no return recorded, if any.
    pub open_leave: Option<PastLeave>,
    pub last_assessed_month: Option<YearMonth>,
    /// The end of the current positioning approval, if positioning is in use.
    pub positioning_end: Option<NaiveDate>,
    /// For 暂予监外执行 only.
    pub last_health_reexam: Option<NaiveDate>,
    /// Four-ones records; those inside a sensitive period count for it.
    pub four_ones_done: Vec<FourOneDone>,
    /// Proposals waiting for a decision: the day each was made and its id.
    pub open_proposals: Vec<(NaiveDate, String)>,
    /// The latest approved change of residence: the day it was decided and the day the
    /// subject must report at the new place by.
    pub transfer: Option<(NaiveDate, NaiveDate)>,
}

impl DueInput {
    /// A subject with only the mandatory fields; the rest absent.
    pub fn new(
        subject_id: impl Into<String>,
        status: Status,
        category: Category,
        level: ManagementLevel,
    ) -> DueInput {
        DueInput {
            subject_id: subject_id.into(),
            status,
            category,
            level,
            correction_start: None,
            correction_end: None,
            judgment_effective: None,
            papers_received: None,
            last_check_in: None,
            last_written_report: None,
            last_education: None,
            last_visit: None,
            open_leave: None,
            last_assessed_month: None,
            positioning_end: None,
            last_health_reexam: None,
            four_ones_done: Vec::new(),
            open_proposals: Vec::new(),
            transfer: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    CheckIn,
    WrittenReport,
    Education,
    Visit,
    FourOnes,
    LeaveEnding,
    LeaveOverdue,
    ReportDeadline,
    MissingReport10,
    MissingReport30,
    MonthlyAssessment,
    TermEnding,
    PositioningExpiring,
    HealthReexam,
    /// A proposal (sanction, transfer, positioning, ending, …) waiting for the office.
    DecisionPending,
    /// After an approved change of residence: the report at the new place, until the first
    /// check-in there is recorded.
    TransferReport,
}

impl DueKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::CheckIn => "check_in",
            DueKind::WrittenReport => "written_report",
            DueKind::Education => "education",
            DueKind::Visit => "visit",
            DueKind::FourOnes => "four_ones",
            DueKind::LeaveEnding => "leave_ending",
            DueKind::LeaveOverdue => "leave_overdue",
            DueKind::ReportDeadline => "report_deadline",
            DueKind::MissingReport10 => "missing_report_10",
            DueKind::MissingReport30 => "missing_report_30",
            DueKind::MonthlyAssessment => "monthly_assessment",
            DueKind::TermEnding => "term_ending",
            DueKind::PositioningExpiring => "positioning_expiring",
            DueKind::HealthReexam => "health_reexam",
            DueKind::DecisionPending => "decision_pending",
            DueKind::TransferReport => "transfer_report",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            DueKind::CheckIn => "报到",
            DueKind::WrittenReport => "思想汇报",
            DueKind::Education => "个别教育",
            DueKind::Visit => "走访",
            DueKind::FourOnes => "敏感期“四个一”",
            DueKind::LeaveEnding => "外出即将到期",
            DueKind::LeaveOverdue => "外出逾期未归",
            DueKind::ReportDeadline => "报到期限",
            DueKind::MissingReport10 => "漏管预警（10日）",
            DueKind::MissingReport30 => "漏管预警（30日）",
            DueKind::MonthlyAssessment => "月度考核",
            DueKind::TermEnding => "矫正期满",
            DueKind::PositioningExpiring => "电子定位到期",
            DueKind::HealthReexam => "病情复查",
            DueKind::DecisionPending => "待决定事项",
            DueKind::TransferReport => "迁入报到",
        }
    }
    /// How grave the item is before it is overdue.
    fn base_severity(self) -> Severity {
        match self {
            DueKind::LeaveOverdue | DueKind::MissingReport30 => Severity::High,
            DueKind::MissingReport10
            | DueKind::ReportDeadline
            | DueKind::PositioningExpiring
            | DueKind::FourOnes
            | DueKind::DecisionPending
            | DueKind::TransferReport => Severity::Medium,
            _ => Severity::Low,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueItem {
    pub subject_id: String,
    pub kind: DueKind,
    /// The last day to do it (for an overdue leave: the day the subject should have been back).
    pub due: NaiveDate,
    pub overdue: bool,
    pub severity: Severity,
    /// Machine-readable detail: the month for an assessment ("2026-02"), the period and the
    /// missing four ones ("国庆: home_visit,talk"). Empty otherwise.
    pub note: String,
}

/// Everything due by the end of this week (today + 6 days), or overdue, for every subject;
/// overdue first, then by date, then gravest first. `periods` is the office's list of
/// sensitive periods to check (current and recent: a period in the list stays on the
/// dashboard while a subject misses one of its four ones).
pub fn items(
    subjects: &[DueInput],
    periods: &[SensitivePeriod],
    today: NaiveDate,
    book: &RuleBook,
) -> Vec<DueItem> {
    let mut out = Vec::new();
    for s in subjects {
        subject_items(s, periods, today, book, &mut out);
    }
    out.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(a.due.cmp(&b.due))
            .then(b.severity.cmp(&a.severity))
            .then(a.subject_id.cmp(&b.subject_id))
            .then(a.kind.cmp(&b.kind))
            .then(a.note.cmp(&b.note))
    });
    out
}

/// [`items`] at an instant, today being the date in China Standard Time.
pub fn items_at(
    subjects: &[DueInput],
    periods: &[SensitivePeriod],
    unix_ms: i64,
    book: &RuleBook,
) -> Vec<DueItem> {
    items(subjects, periods, crate::china_date(unix_ms), book)
}

struct Push<'a> {
    subject_id: &'a str,
    today: NaiveDate,
    out: &'a mut Vec<DueItem>,
}

impl Push<'_> {
    /// Adds the item when it is due by `until` (or overdue).
    fn add(&mut self, kind: DueKind, due: NaiveDate, until: NaiveDate, note: String) {
        if due > until {
            return;
        }
        let overdue = due < self.today;
        let base = kind.base_severity();
        let severity = if overdue {
            match base {
                Severity::Low => Severity::Medium,
                _ => Severity::High,
            }
        } else {
            base
        };
        self.out.push(DueItem {
            subject_id: self.subject_id.to_string(),
            kind,
            due,
            overdue,
            severity,
            note,
        });
    }
}

fn subject_items(
    s: &DueInput,
    periods: &[SensitivePeriod],
    today: NaiveDate,
    book: &RuleBook,
    out: &mut Vec<DueItem>,
) {
    let now = book.in_force(today);
    let week_end = add_days(today, WEEK_DAYS - 1);
    let mut push = Push {
        subject_id: &s.subject_id,
        today,
        out,
    };
    // A proposal waits for the office whatever the status (an ending is decided on a term
    // that has run out), and shows from the day it is made: someone has to act on it.
    for (on, id) in &s.open_proposals {
        let due = add_days(*on, book.in_force(*on).decisions.decide_within_days);
        push.add(DueKind::DecisionPending, due, due, id.clone());
    }
    match s.status {
        Status::Released | Status::Terminated => {}
        Status::AwaitingReport => {
            if let Some(j) = s.judgment_effective {
                let due = deadline::report_by(j, book.in_force(j));
                push.add(DueKind::ReportDeadline, due, week_end, String::new());
            }
            if let Some(p) = s.papers_received {
                let (first, grave) = deadline::missing_report_alerts(p, book.in_force(p));
                // Once the grave alert is reached it replaces the first.
                if today >= grave {
                    push.add(DueKind::MissingReport30, grave, week_end, String::new());
                } else {
                    push.add(DueKind::MissingReport10, first, week_end, String::new());
                }
            }
        }
        Status::InCorrection => {
            let Some(start) = s.correction_start else {
                return;
            };
            // Recurring contacts: the next one is due a level's interval after the last (or
            // after the start), by the rules in force on that last day.
            let recurring = [
                (DueKind::CheckIn, s.last_check_in),
                (DueKind::WrittenReport, s.last_written_report),
                (DueKind::Education, s.last_education),
                (DueKind::Visit, s.last_visit),
            ];
            for (kind, last) in recurring {
                let anchor = last.unwrap_or(start);
                let f = book.in_force(anchor).levels.frequency(s.level);
                let days = match kind {
                    DueKind::CheckIn => f.check_in_days,
                    DueKind::WrittenReport => f.written_report_days,
                    DueKind::Education => f.education_days,
                    _ => f.visit_days,
                };
                push.add(kind, add_days(anchor, days), week_end, String::new());
            }

            if let Some(l) = s.open_leave.filter(|l| l.returned_on.is_none()) {
                if leave::overdue(&l, today).is_some() {
                    push.add(DueKind::LeaveOverdue, l.to, week_end, String::new());
                } else {
                    push.add(DueKind::LeaveEnding, l.to, week_end, String::new());
                }
            }

            for p in periods {
                // A period that has not begun this week, or that lies outside the
                // correction, asks nothing of this subject.
                if p.from > week_end || p.to < start || s.correction_end.is_some_and(|e| p.from > e)
                {
                    continue;
                }
                let missing: Vec<&str> = FourOne::ALL
                    .into_iter()
                    .filter(|k| {
                        !s.four_ones_done
                            .iter()
                            .any(|d| d.kind == *k && (p.from..=p.to).contains(&d.on))
                    })
                    .map(FourOne::as_str)
                    .collect();
                if !missing.is_empty() {
                    // Shown from the start of the period, however far off its end.
                    let until = p.to.max(week_end);
                    push.add(
                        DueKind::FourOnes,
                        p.to,
                        until,
                        format!("{}: {}", p.name, missing.join(",")),
                    );
                }
            }

            // Every month from the first unassessed one to this one, while in correction.
            let mut m = s
                .last_assessed_month
                .map(YearMonth::next)
                .unwrap_or(YearMonth::of(start))
                .max(YearMonth::of(start));
            let last_month = s
                .correction_end
                .map(YearMonth::of)
                .unwrap_or(YearMonth::of(today))
                .min(YearMonth::of(today));
            while m <= last_month {
                let day = book.in_force(m.last_day()).assessment.due_day_of_next_month;
                let due = add_days(m.next().first_day(), day - 1);
                push.add(DueKind::MonthlyAssessment, due, week_end, m.to_string());
                m = m.next();
            }

            if let Some(end) = s.correction_end {
                let until = add_days(today, now.ending.notice_days);
                push.add(DueKind::TermEnding, end, until, String::new());
            }
            // Reported at the new place = a check-in on or after the decision.
            if let Some((decided, report_by)) = s.transfer
                && s.last_check_in.is_none_or(|c| c < decided)
            {
                push.add(
                    DueKind::TransferReport,
                    report_by,
                    report_by.max(week_end),
                    String::new(),
                );
            }
            if let Some(end) = s.positioning_end {
                let until = add_days(today, now.positioning.notice_days.max(WEEK_DAYS - 1));
                push.add(DueKind::PositioningExpiring, end, until, String::new());
            }
            if s.category == Category::TemporaryOutside {
                let anchor = s.last_health_reexam.unwrap_or(start);
                let due = add_months(anchor, book.in_force(anchor).health.reexam_months);
                let until = add_days(today, now.health.notice_days.max(WEEK_DAYS - 1));
                push.add(DueKind::HealthReexam, due, until, String::new());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleVersion, Rules, date};
    use DueKind::*;

    /// A subject in correction since 2026-01-05 who is up to date on 2026-03-02 (a Monday):
    /// it produces nothing this week.
    fn settled() -> DueInput {
        DueInput {
            correction_start: Some(date("2026-01-05")),
            correction_end: Some(date("2027-01-04")),
            last_check_in: Some(date("2026-03-01")),
            last_written_report: Some(date("2026-03-01")),
            last_education: Some(date("2026-03-01")),
            last_visit: Some(date("2026-03-01")),
            last_assessed_month: Some(YearMonth::of(date("2026-02-01"))),
            ..DueInput::new(
                "s1",
                Status::InCorrection,
                Category::Probation,
                ManagementLevel::Normal,
            )
        }
    }

    /// What `items` gives for one subject on `today`: (kind, due, overdue, note).
    fn check(
        s: DueInput,
        periods: &[SensitivePeriod],
        today: &str,
        book: &RuleBook,
        want: &[(DueKind, &str, bool, &str)],
    ) {
        let got: Vec<(DueKind, NaiveDate, bool, String)> =
            items(std::slice::from_ref(&s), periods, date(today), book)
                .into_iter()
                .map(|i| (i.kind, i.due, i.overdue, i.note))
                .collect();
        let want: Vec<(DueKind, NaiveDate, bool, String)> = want
            .iter()
            .map(|(k, d, o, n)| (*k, date(d), *o, n.to_string()))
            .collect();
        assert_eq!(got, want, "{s:?} on {today}");
    }

    #[test]
    fn a_settled_subject_has_nothing_due() {
        check(settled(), &[], "2026-03-02", &RuleBook::default(), &[]);
    }

    #[test]
    fn recurring_contacts_follow_the_level() {
        let book = RuleBook::default();
        type Want<'a> = Vec<(DueKind, &'a str, bool, &'a str)>;
        let cases: Vec<(DueInput, &str, Want)> = vec![
            // 普管 check-in every 14 days: last on Feb 20 → due Mar 6, within the week.
            (
                DueInput {
                    last_check_in: Some(date("2026-02-20")),
                    ..settled()
                },
                "2026-03-02",
                vec![(CheckIn, "2026-03-06", false, "")],
            ),
            // Exactly at the edge of the week (today + 6) and one day beyond it.
            (
                DueInput {
                    last_check_in: Some(date("2026-02-22")),
                    ..settled()
                },
                "2026-03-02",
                vec![(CheckIn, "2026-03-08", false, "")],
            ),
            (
                DueInput {
                    last_check_in: Some(date("2026-02-23")),
                    ..settled()
                },
                "2026-03-02",
                vec![],
            ),
            // Due today is not overdue; yesterday is.
            (
                DueInput {
                    last_check_in: Some(date("2026-02-16")),
                    ..settled()
                },
                "2026-03-02",
                vec![(CheckIn, "2026-03-02", false, "")],
            ),
            (
                DueInput {
                    last_check_in: Some(date("2026-02-15")),
                    ..settled()
                },
                "2026-03-02",
                vec![(CheckIn, "2026-03-01", true, "")],
            ),
            // 严管: weekly check-in, written report and education.
            (
                DueInput {
                    level: ManagementLevel::Strict,
                    ..settled()
                },
                "2026-03-02",
                vec![
                    (CheckIn, "2026-03-08", false, ""),
                    (WrittenReport, "2026-03-08", false, ""),
                    (Education, "2026-03-08", false, ""),
                ],
            ),
            // Never visited: counted from the start of the correction.
            (
                DueInput {
                    last_visit: None,
                    ..settled()
                },
                "2026-03-02",
                vec![(Visit, "2026-02-04", true, "")],
            ),
        ];
        for (s, today, want) in cases {
            check(s, &[], today, &book, &want);
        }
    }

    #[test]
    fn leaves_ending_and_overdue() {
        let book = RuleBook::default();
        let away = |to: &str| DueInput {
            open_leave: Some(PastLeave {
                from: date("2026-02-20"),
                to: date(to),
                returned_on: None,
            }),
            ..settled()
        };
        let cases = [
            (
                away("2026-03-02"),
                "2026-03-02",
                vec![(LeaveEnding, "2026-03-02", false, "")],
            ),
            (
                away("2026-03-08"),
                "2026-03-02",
                vec![(LeaveEnding, "2026-03-08", false, "")],
            ),
            (away("2026-03-09"), "2026-03-02", vec![]),
            (
                away("2026-03-01"),
                "2026-03-02",
                vec![(LeaveOverdue, "2026-03-01", true, "")],
            ),
        ];
        for (s, today, want) in cases {
            check(s, &[], today, &book, &want);
        }
    }

    #[test]
    fn awaiting_report_deadlines_and_missing_alerts() {
        let book = RuleBook::default();
        let waiting = |judgment: &str, papers: &str| DueInput {
            judgment_effective: Some(date(judgment)),
            papers_received: Some(date(papers)),
            ..DueInput::new(
                "s2",
                Status::AwaitingReport,
                Category::Parole,
                ManagementLevel::Strict,
            )
        };
        let cases = [
            // Judgment Dec 22 → report by Jan 1; papers Dec 24 → first alert Jan 3.
            (
                waiting("2026-12-22", "2026-12-24"),
                "2026-12-28",
                vec![
                    (ReportDeadline, "2027-01-01", false, ""),
                    (MissingReport10, "2027-01-03", false, ""),
                ],
            ),
            (
                waiting("2026-12-22", "2026-12-24"),
                "2027-01-02",
                vec![
                    (ReportDeadline, "2027-01-01", true, ""),
                    (MissingReport10, "2027-01-03", false, ""),
                ],
            ),
            (
                waiting("2026-12-22", "2026-12-24"),
                "2027-01-23",
                vec![
                    (ReportDeadline, "2027-01-01", true, ""),
                    (MissingReport30, "2027-01-23", false, ""),
                ],
            ),
            (
                waiting("2026-12-22", "2026-12-24"),
                "2027-01-24",
                vec![
                    (ReportDeadline, "2027-01-01", true, ""),
                    (MissingReport30, "2027-01-23", true, ""),
                ],
            ),
        ];
        for (s, today, want) in cases {
            check(s, &[], today, &book, &want);
        }
        // Released and terminated subjects have nothing due.
        let done = DueInput {
            status: Status::Released,
            last_check_in: Some(date("2020-01-01")),
            ..settled()
        };
        check(done, &[], "2026-03-02", &book, &[]);
    }

    #[test]
    fn monthly_assessments_until_done() {
        let book = RuleBook::default();
        let cases = [
            // February's assessment is due Mar 5: within the week of Mar 1.
            (
                DueInput {
                    last_assessed_month: Some(YearMonth::of(date("2026-01-31"))),
                    ..settled()
                },
                "2026-03-01",
                vec![(MonthlyAssessment, "2026-03-05", false, "2026-02")],
            ),
            (
                DueInput {
                    last_assessed_month: Some(YearMonth::of(date("2026-01-31"))),
                    ..settled()
                },
                "2026-02-26",
                vec![],
            ),
            // Never assessed since January: January overdue, February due.
            (
                DueInput {
                    last_assessed_month: None,
                    ..settled()
                },
                "2026-03-02",
                vec![
                    (MonthlyAssessment, "2026-02-05", true, "2026-01"),
                    (MonthlyAssessment, "2026-03-05", false, "2026-02"),
                ],
            ),
            // Year end: December's is due Jan 5.
            (
                DueInput {
                    last_assessed_month: Some(YearMonth::of(date("2026-11-01"))),
                    last_check_in: Some(date("2026-12-31")),
                    last_written_report: Some(date("2026-12-31")),
                    last_education: Some(date("2026-12-31")),
                    last_visit: Some(date("2026-12-31")),
                    ..settled()
                },
                "2026-12-30",
                vec![
                    (TermEnding, "2027-01-04", false, ""),
                    (MonthlyAssessment, "2027-01-05", false, "2026-12"),
                ],
            ),
        ];
        for (s, today, want) in cases {
            check(s, &[], today, &book, &want);
        }
    }

    #[test]
    fn terms_positioning_and_health() {
        let book = RuleBook::default();
        let cases = [
            (
                // Moved here on 03-02: report by 03-09, shown until a check-in on or after
                // the decision.
                DueInput {
                    transfer: Some((date("2026-03-02"), date("2026-03-09"))),
                    ..settled()
                },
                "2026-03-02",
                vec![(TransferReport, "2026-03-09", false, "")],
            ),
            (
                DueInput {
                    transfer: Some((date("2026-03-01"), date("2026-03-08"))),
                    ..settled()
                },
                "2026-03-02",
                vec![],
            ),
            (
                DueInput {
                    correction_end: Some(date("2026-04-01")),
                    ..settled()
                },
                "2026-03-02",
                vec![(TermEnding, "2026-04-01", false, "")],
            ),
            (
                DueInput {
                    correction_end: Some(date("2026-04-02")),
                    ..settled()
                },
                "2026-03-02",
                vec![],
            ),
            (
                DueInput {
                    positioning_end: Some(date("2026-03-09")),
                    ..settled()
                },
                "2026-03-02",
                vec![(PositioningExpiring, "2026-03-09", false, "")],
            ),
            (
                DueInput {
                    positioning_end: Some(date("2026-03-10")),
                    ..settled()
                },
                "2026-03-02",
                vec![],
            ),
            (
                DueInput {
                    positioning_end: Some(date("2026-02-28")),
                    ..settled()
                },
                "2026-03-02",
                vec![(PositioningExpiring, "2026-02-28", true, "")],
            ),
            // Medical parole: re-exam 3 months after the last, shown 14 days ahead.
            (
                DueInput {
                    category: Category::TemporaryOutside,
                    last_health_reexam: Some(date("2025-12-16")),
                    ..settled()
                },
                "2026-03-02",
                vec![(HealthReexam, "2026-03-16", false, "")],
            ),
            (
                DueInput {
                    category: Category::TemporaryOutside,
                    last_health_reexam: Some(date("2025-12-17")),
                    ..settled()
                },
                "2026-03-02",
                vec![],
            ),
        ];
        for (s, today, want) in cases {
            check(s, &[], today, &book, &want);
        }
    }

    #[test]
    fn four_ones_in_sensitive_periods() {
        let book = RuleBook::default();
        let spring = SensitivePeriod {
            name: "两会".into(),
            from: date("2026-03-04"),
            to: date("2026-03-20"),
        };
        let done = |kinds: &[FourOne], on: &str| DueInput {
            four_ones_done: kinds
                .iter()
                .map(|k| FourOneDone {
                    kind: *k,
                    on: date(on),
                })
                .collect(),
            ..settled()
        };
        let all = "两会: community_visit,home_visit,talk,counselling";
        let cases = [
            // Starts within the week: shown, due at its end.
            (
                done(&[], "2026-03-01"),
                "2026-03-02",
                vec![(FourOnes, "2026-03-20", false, all)],
            ),
            (done(&[], "2026-03-01"), "2026-02-25", vec![]),
            // A talk before the period does not count; one inside it does.
            (
                done(&[FourOne::Talk], "2026-03-03"),
                "2026-03-05",
                vec![(FourOnes, "2026-03-20", false, all)],
            ),
            (
                done(&[FourOne::Talk, FourOne::HomeVisit], "2026-03-20"),
                "2026-03-05",
                vec![(
                    FourOnes,
                    "2026-03-20",
                    false,
                    "两会: community_visit,counselling",
                )],
            ),
            (done(&FourOne::ALL, "2026-03-04"), "2026-03-05", vec![]),
            (
                done(&[], "2026-03-01"),
                "2026-03-21",
                vec![(FourOnes, "2026-03-20", true, all)],
            ),
        ];
        for (s, today, want) in cases {
            // Keep other reminders quiet: contacts recorded today.
            let s = DueInput {
                last_check_in: Some(date(today)),
                last_written_report: Some(date(today)),
                last_education: Some(date(today)),
                last_visit: Some(date(today)),
                ..s
            };
            check(s, std::slice::from_ref(&spring), today, &book, &want);
        }
    }

    #[test]
    fn deadlines_use_the_rules_in_force_when_the_clock_started() {
        let mut weekly = Rules::default();
        weekly.levels.normal.check_in_days = 7;
        let book = RuleBook::new(vec![RuleVersion {
            effective_from: date("2026-02-25"),
            rules: weekly,
        }])
        .unwrap();
        let cases = [
            // Last check-in under the old rules (14 days): due Mar 10, not this week.
            (
                DueInput {
                    last_check_in: Some(date("2026-02-24")),
                    ..settled()
                },
                vec![],
            ),
            // Under the new rules (7 days): due Mar 4.
            (
                DueInput {
                    last_check_in: Some(date("2026-02-25")),
                    ..settled()
                },
                vec![(CheckIn, "2026-03-04", false, "")],
            ),
        ];
        for (s, want) in cases {
            check(s, &[], "2026-03-02", &book, &want);
        }
    }

    #[test]
    fn sorted_overdue_first_and_today_turns_at_midnight_in_beijing() {
        let book = RuleBook::default();
        let a = DueInput {
            subject_id: "a".into(),
            last_check_in: Some(date("2026-02-20")),
            ..settled()
        };
        let b = DueInput {
            subject_id: "b".into(),
            open_leave: Some(PastLeave {
                from: date("2026-02-25"),
                to: date("2026-03-01"),
                returned_on: None,
            }),
            ..settled()
        };
        // 2026-03-01T15:59:59.999Z is 23:59:59.999 on Mar 1 in Beijing.
        let before = 1_772_380_799_999;
        let kinds = |ms| {
            items_at(&[a.clone(), b.clone()], &[], ms, &book)
                .into_iter()
                .map(|i| (i.subject_id, i.kind, i.overdue, i.severity))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds(before),
            vec![
                ("b".into(), LeaveEnding, false, Severity::Low),
                ("a".into(), CheckIn, false, Severity::Low)
            ]
        );
        assert_eq!(
            kinds(before + 1),
            vec![
                ("b".into(), LeaveOverdue, true, Severity::High),
                ("a".into(), CheckIn, false, Severity::Low)
            ]
        );
    }
}
