//! Leave (外出, Art 27): whether a request may go ahead, who approves it, extensions,
//! return (销假) and what an overdue or unapproved absence costs.
//!
//! Every function is a pure decision over dates the caller supplies. The rules are passed in
//! as the version in force on the day of the event (`book.in_force(req.applied_on)` for a
//! request, the day it was asked for an extension, the day of return), so a rule changed
//! mid-leave never re-judges what was already decided. Days are calendar days counted
//! inclusively: a leave from the 1st to the 7th is 7 days, returning on the 7th is on time.
//!
//! Deliberately absent: the approval itself (a decision record made by a person at the level
//! [`LeavePlan::approver`] names), storage, and the alert shown when a leave is overdue
//! (`due` builds it from [`overdue`]).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::rules::{Rules, codes, days_inclusive, months_period_end};
use crate::subject::Status;

/// What the subject asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Official division code of the destination (6, 9 or 12 digits).
    pub destination_code: String,
    pub destination_detail: String,
    pub reason: String,
    /// Contact at the destination (person and phone).
    pub contact: String,
    pub applied_on: NaiveDate,
}

/// An earlier approved leave of the same subject, as far as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastLeave {
    pub from: NaiveDate,
    /// The approved end, extensions included.
    pub to: NaiveDate,
    /// The day of 销假; none while the subject is away (or has not left yet).
    pub returned_on: Option<NaiveDate>,
}

impl PastLeave {
    /// The days actually away: to the return when there was one (early or late), else to the
    /// approved end.
    fn span(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.returned_on.unwrap_or(self.to))
    }
}

/// What the rules need to know about the subject on the day of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectFlags {
    pub high_risk: bool,
    /// Supervision measures (监管措施) in place for the time away.
    pub measures_in_place: bool,
    pub status: Status,
}

/// Who approves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApproverLevel {
    /// 司法所 approves and files with the county.
    Office,
    /// 县级社区矫正机构.
    County,
    /// The level above the county (市级).
    AboveCounty,
}

impl ApproverLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ApproverLevel::Office => "office",
            ApproverLevel::County => "county",
            ApproverLevel::AboveCounty => "above_county",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ApproverLevel::Office => "司法所",
            ApproverLevel::County => "县级社区矫正机构",
            ApproverLevel::AboveCounty => "上一级社区矫正机构",
        }
    }
}

/// Things the approver should know that do not stop the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LeaveWarning {
    /// Applied fewer days ahead than the rules ask (`working` = counted in working days).
    AppliedLate {
        ahead: u32,
        required: u32,
        working: bool,
    },
    /// Goes above the county because of the total within the window, not its own length.
    WindowTotal { days: u32, max: u32 },
}

/// The outcome of a request the rules allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeavePlan {
    /// Days of this leave (for an extension: the whole leave, extension included).
    pub days: u32,
    pub approver: ApproverLevel,
    pub applied_late: bool,
    /// The largest number of leave days, this one included, within any window of
    /// `leave.window_months` months that overlaps it.
    pub window_days: u32,
    pub warnings: Vec<LeaveWarning>,
}

/// Why a request, extension or return is refused. Messages are for the person at the desk.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeaveRefusal {
    #[error("the leave ends ({to}) before it starts ({from})")]
    EndBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("the destination must be a division code of 6, 9 or 12 digits")]
    BadDestination,
    #[error("the request has no {field}")]
    Missing { field: &'static str },
    #[error("the subject is not in correction ({status}), so no leave can be granted")]
    NotInCorrection { status: &'static str },
    #[error(
        "the leave started on {from}, before it was applied for on {applied_on}; leaving without approval is a violation, not a leave"
    )]
    AlreadyStarted {
        from: NaiveDate,
        applied_on: NaiveDate,
    },
    #[error("the subject already has a leave from {from} to {to} with no return recorded")]
    OpenLeave { from: NaiveDate, to: NaiveDate },
    #[error("the subject is assessed at high risk of re-offending, so no leave can be granted")]
    HighRisk,
    #[error("supervision measures are not in place, so no leave can be granted")]
    MeasuresNotInPlace,
    #[error("this leave would make {total} leave days in {year}, over the limit of {cap}")]
    OverYearLimit { year: i32, total: u32, cap: u32 },
    #[error("the subject has already returned (on {returned_on})")]
    AlreadyReturned { returned_on: NaiveDate },
    #[error("an extension must be asked for before the leave ends ({to}), not on {requested_on}")]
    ExtensionAfterEnd {
        to: NaiveDate,
        requested_on: NaiveDate,
    },
    #[error("the new end ({new_to}) is not later than the approved end ({to})")]
    ExtensionNotLater { to: NaiveDate, new_to: NaiveDate },
    #[error("a return on {returned_on} is before the leave started ({from})")]
    ReturnBeforeStart {
        from: NaiveDate,
        returned_on: NaiveDate,
    },
}

impl LeaveRefusal {
    /// A stable code for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            LeaveRefusal::EndBeforeStart { .. } => "end_before_start",
            LeaveRefusal::BadDestination => "bad_destination",
            LeaveRefusal::Missing { .. } => "missing",
            LeaveRefusal::NotInCorrection { .. } => "not_in_correction",
            LeaveRefusal::AlreadyStarted { .. } => "already_started",
            LeaveRefusal::OpenLeave { .. } => "open_leave",
            LeaveRefusal::HighRisk => "high_risk",
            LeaveRefusal::MeasuresNotInPlace => "measures_not_in_place",
            LeaveRefusal::OverYearLimit { .. } => "over_year_limit",
            LeaveRefusal::AlreadyReturned { .. } => "already_returned",
            LeaveRefusal::ExtensionAfterEnd { .. } => "extension_after_end",
            LeaveRefusal::ExtensionNotLater { .. } => "extension_not_later",
            LeaveRefusal::ReturnBeforeStart { .. } => "return_before_start",
        }
    }
}

/// A breach found by the leave rules; it feeds the monthly assessment and the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Violation {
    /// Back after the approved end.
    OverdueReturn { days: u32 },
    /// Went out with no approval (or before it).
    LeftWithoutApproval { days: u32 },
}

impl Violation {
    /// The points-table line and how many times it counts.
    pub fn assessment_item(&self) -> (&'static str, u32) {
        match *self {
            Violation::OverdueReturn { days } => (codes::LEAVE_OVERDUE, days),
            Violation::LeftWithoutApproval { .. } => (codes::LEAVE_UNAPPROVED, 1),
        }
    }
}

/// Judges a request with the rules in force on `req.applied_on`. `history` is the subject's
/// earlier approved leaves. The first reason to refuse is returned: checks run from the
/// request's own consistency to the subject's situation.
pub fn assess(
    req: &LeaveRequest,
    history: &[PastLeave],
    subject: SubjectFlags,
    rules: &Rules,
) -> Result<LeavePlan, LeaveRefusal> {
    if req.to < req.from {
        return Err(LeaveRefusal::EndBeforeStart {
            from: req.from,
            to: req.to,
        });
    }
    if crate::division::Level::from_code(&req.destination_code).is_none() {
        return Err(LeaveRefusal::BadDestination);
    }
    for (field, value) in [
        ("destination detail", &req.destination_detail),
        ("reason", &req.reason),
        ("contact at the destination", &req.contact),
    ] {
        if value.trim().is_empty() {
            return Err(LeaveRefusal::Missing { field });
        }
    }
    allowed(subject)?;
    // Applying on the day of departure is late but can be approved (a sudden family
    // emergency); applying after it is asking to approve an absence already taken.
    if req.applied_on > req.from {
        return Err(LeaveRefusal::AlreadyStarted {
            from: req.from,
            applied_on: req.applied_on,
        });
    }
    if let Some(open) = history.iter().find(|l| l.returned_on.is_none()) {
        return Err(LeaveRefusal::OpenLeave {
            from: open.from,
            to: open.to,
        });
    }
    let mut plan = plan(req.from, req.to, history, rules)?;
    let l = &rules.leave;
    let required = if plan.days <= l.office_max_days {
        l.apply_ahead_days
    } else {
        l.apply_ahead_days_long
    };
    // "Ahead" counts the days from the application up to, not including, the first day away:
    // applying on Monday for Thursday is 3 days ahead.
    let ahead = if l.apply_ahead_working_days {
        rules
            .calendar
            .working_days_between(req.applied_on, req.from)
    } else {
        days_inclusive(req.applied_on, req.from).saturating_sub(1)
    };
    if ahead < required {
        plan.applied_late = true;
        plan.warnings.insert(
            0,
            LeaveWarning::AppliedLate {
                ahead,
                required,
                working: l.apply_ahead_working_days,
            },
        );
    }
    Ok(plan)
}

/// Judges an extension of `leave` to `new_to`, asked for on `requested_on`, with the rules
/// in force that day. `history` is the subject's other leaves. The whole leave, extension
/// included, decides the approver again.
pub fn extend(
    leave: &PastLeave,
    new_to: NaiveDate,
    requested_on: NaiveDate,
    history: &[PastLeave],
    subject: SubjectFlags,
    rules: &Rules,
) -> Result<LeavePlan, LeaveRefusal> {
    if let Some(returned_on) = leave.returned_on {
        return Err(LeaveRefusal::AlreadyReturned { returned_on });
    }
    // The last day of the leave still counts as "before the end": the subject is allowed
    // away until that day is over.
    if requested_on > leave.to {
        return Err(LeaveRefusal::ExtensionAfterEnd {
            to: leave.to,
            requested_on,
        });
    }
    if new_to <= leave.to {
        return Err(LeaveRefusal::ExtensionNotLater {
            to: leave.to,
            new_to,
        });
    }
    allowed(subject)?;
    plan(leave.from, new_to, history, rules)
}

/// What a return (销假) on `returned_on` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnOutcome {
    pub days_away: u32,
    /// Days after the approved end; 0 when on time or early.
    pub overdue_days: u32,
    pub violation: Option<Violation>,
}

/// Records a return. A return before the leave started is refused (a typing error, or a
/// leave that never happened and should be withdrawn instead).
pub fn return_(leave: &PastLeave, returned_on: NaiveDate) -> Result<ReturnOutcome, LeaveRefusal> {
    if let Some(already) = leave.returned_on {
        return Err(LeaveRefusal::AlreadyReturned {
            returned_on: already,
        });
    }
    if returned_on < leave.from {
        return Err(LeaveRefusal::ReturnBeforeStart {
            from: leave.from,
            returned_on,
        });
    }
    let overdue_days = (returned_on - leave.to).num_days().max(0) as u32;
    Ok(ReturnOutcome {
        days_away: days_inclusive(leave.from, returned_on),
        overdue_days,
        violation: (overdue_days > 0).then_some(Violation::OverdueReturn { days: overdue_days }),
    })
}

/// Days overdue on `today` for a leave with no return recorded: `Some(1)` on the day after
/// the end. `None` while not overdue or once returned.
pub fn overdue(leave: &PastLeave, today: NaiveDate) -> Option<u32> {
    if leave.returned_on.is_some() || today <= leave.to {
        return None;
    }
    Some((today - leave.to).num_days() as u32)
}

/// [`overdue`] at an instant, read in China Standard Time: 23:59 in Beijing on the last day
/// is not overdue yet, whatever the machine's time zone.
pub fn overdue_at(leave: &PastLeave, unix_ms: i64) -> Option<u32> {
    overdue(leave, crate::china_date(unix_ms))
}

/// An absence found without any approval, from the day it began to the day it ended (or
/// today, if the subject is still away).
pub fn unapproved(from: NaiveDate, until: NaiveDate) -> Violation {
    Violation::LeftWithoutApproval {
        days: days_inclusive(from, until).max(1),
    }
}

fn allowed(subject: SubjectFlags) -> Result<(), LeaveRefusal> {
    if subject.status != Status::InCorrection {
        return Err(LeaveRefusal::NotInCorrection {
            status: subject.status.as_str(),
        });
    }
    if subject.high_risk {
        return Err(LeaveRefusal::HighRisk);
    }
    if !subject.measures_in_place {
        return Err(LeaveRefusal::MeasuresNotInPlace);
    }
    Ok(())
}

/// Days in `[a1, a2]` ∩ `[b1, b2]`.
fn overlap(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> u32 {
    days_inclusive(a.0.max(b.0), a.1.min(b.1))
}

fn plan(
    from: NaiveDate,
    to: NaiveDate,
    history: &[PastLeave],
    rules: &Rules,
) -> Result<LeavePlan, LeaveRefusal> {
    let l = &rules.leave;
    let days = days_inclusive(from, to);
    let this = (from, to);

    // The worst window of `window_months` that overlaps this leave: slide its start from
    // the one ending on `from` to the one starting on `to`.
    let mut window_days = 0;
    let mut start = from;
    while let Some(p) = start.pred_opt() {
        if months_period_end(p, l.window_months) < from {
            break;
        }
        start = p;
    }
    while start <= to {
        let window = (start, months_period_end(start, l.window_months));
        let total = overlap(this, window)
            + history
                .iter()
                .map(|p| overlap(p.span(), window))
                .sum::<u32>();
        window_days = window_days.max(total);
        start = match start.succ_opt() {
            Some(s) => s,
            None => break,
        };
    }

    if let Some(cap) = l.max_days_per_year {
        for year in from.year()..=to.year() {
            let y = (
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(from),
                NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(to),
            );
            let total =
                overlap(this, y) + history.iter().map(|p| overlap(p.span(), y)).sum::<u32>();
            if total > cap {
                return Err(LeaveRefusal::OverYearLimit { year, total, cap });
            }
        }
    }

    let mut warnings = Vec::new();
    let approver = if days > l.county_max_days {
        ApproverLevel::AboveCounty
    } else if window_days > l.window_max_days {
        warnings.push(LeaveWarning::WindowTotal {
            days: window_days,
            max: l.window_max_days,
        });
        ApproverLevel::AboveCounty
    } else if days > l.office_max_days {
        ApproverLevel::County
    } else {
        ApproverLevel::Office
    };
    Ok(LeavePlan {
        days,
        approver,
        applied_late: false,
        window_days,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleBook, RuleVersion, date};
    use ApproverLevel::*;

    fn req(applied: &str, from: &str, to: &str) -> LeaveRequest {
        LeaveRequest {
            from: date(from),
            to: date(to),
            destination_code: "330102".into(),
            destination_detail: "杭州市上城区某小区".into(),
            reason: "探望住院的母亲".into(),
            contact: "张某 13800000000".into(),
            applied_on: date(applied),
        }
    }

    fn ok_subject() -> SubjectFlags {
        SubjectFlags {
            high_risk: false,
            measures_in_place: true,
            status: Status::InCorrection,
        }
    }

    fn past(from: &str, to: &str) -> PastLeave {
        PastLeave {
            from: date(from),
            to: date(to),
            returned_on: Some(date(to)),
        }
    }

    /// (request, history) → (days, approver, applied_late, window_days)
    fn check(
        r: LeaveRequest,
        history: &[PastLeave],
        rules: &Rules,
        want: (u32, ApproverLevel, bool, u32),
    ) {
        let p = assess(&r, history, ok_subject(), rules)
            .unwrap_or_else(|e| panic!("{r:?}: refused: {e}"));
        assert_eq!(
            (p.days, p.approver, p.applied_late, p.window_days),
            want,
            "{r:?} after {history:?}"
        );
    }

    #[test]
    fn approver_follows_days_and_the_two_month_window() {
        let r = Rules::default();
        type Want = (u32, ApproverLevel, bool, u32);
        let cases: Vec<(LeaveRequest, Vec<PastLeave>, Want)> = vec![
            (
                req("2026-03-01", "2026-03-10", "2026-03-16"),
                vec![],
                (7, Office, false, 7),
            ),
            (
                req("2026-03-01", "2026-03-10", "2026-03-17"),
                vec![],
                (8, County, false, 8),
            ),
            (
                req("2026-03-01", "2026-03-10", "2026-04-08"),
                vec![],
                (30, County, false, 30),
            ),
            (
                req("2026-03-01", "2026-03-10", "2026-04-09"),
                vec![],
                (31, AboveCounty, false, 31),
            ),
            // Across the leap day and the year end.
            (
                req("2028-02-20", "2028-02-28", "2028-03-05"),
                vec![],
                (7, Office, false, 7),
            ),
            (
                req("2026-12-20", "2026-12-28", "2027-01-04"),
                vec![],
                (8, County, false, 8),
            ),
            // 25 days from Jan 11, then 6 in March to the 10th: 31 within two months → above the county.
            (
                req("2026-03-01", "2026-03-05", "2026-03-10"),
                vec![past("2026-01-11", "2026-02-04")],
                (6, AboveCounty, false, 31),
            ),
            // The same, the earlier leave a day further back: 30 at most → office.
            (
                req("2026-03-01", "2026-03-05", "2026-03-10"),
                vec![past("2026-01-10", "2026-02-03")],
                (6, Office, false, 30),
            ),
        ];
        for (q, history, want) in cases {
            check(q, &history, &r, want);
        }
    }

    #[test]
    fn applying_late_is_a_warning_and_after_leaving_a_refusal() {
        let r = Rules::default();
        let none: &[PastLeave] = &[];
        let cases = [
            // 3 days ahead for a short leave: Monday for Thursday.
            (
                req("2026-11-23", "2026-11-26", "2026-11-27"),
                (2, Office, false, 2),
            ),
            (
                req("2026-11-24", "2026-11-26", "2026-11-27"),
                (2, Office, true, 2),
            ),
            (
                req("2026-11-26", "2026-11-26", "2026-11-27"),
                (2, Office, true, 2),
            ),
            // 7 days ahead for a long one.
            (
                req("2026-11-19", "2026-11-26", "2026-12-05"),
                (10, County, false, 10),
            ),
            (
                req("2026-11-20", "2026-11-26", "2026-12-05"),
                (10, County, true, 10),
            ),
        ];
        for (q, want) in cases {
            check(q, none, &r, want);
        }
        let late = assess(
            &req("2026-11-24", "2026-11-26", "2026-11-27"),
            none,
            ok_subject(),
            &r,
        )
        .unwrap();
        assert_eq!(
            late.warnings,
            vec![LeaveWarning::AppliedLate {
                ahead: 2,
                required: 3,
                working: false
            }]
        );
        let err = assess(
            &req("2026-11-27", "2026-11-26", "2026-11-27"),
            none,
            ok_subject(),
            &r,
        )
        .unwrap_err();
        assert_eq!(err.code(), "already_started");
    }

    #[test]
    fn working_days_ahead_skip_the_weekend_and_holidays() {
        let mut r = Rules::default();
        r.leave.apply_ahead_working_days = true;
        r.calendar.holidays.push(date("2026-12-31"));
        let none: &[PastLeave] = &[];
        // Thursday to Monday is 2 working days (Thu, Fri): late. Wednesday: 3, on time.
        check(
            req("2026-11-19", "2026-11-23", "2026-11-24"),
            none,
            &r,
            (2, Office, true, 2),
        );
        check(
            req("2026-11-18", "2026-11-23", "2026-11-24"),
            none,
            &r,
            (2, Office, false, 2),
        );
        // Mon Dec 28 for Sat Jan 2: Mon, Tue, Wed, (Thu 31 a holiday), Fri Jan 1 = 4.
        check(
            req("2026-12-28", "2027-01-02", "2027-01-03"),
            none,
            &r,
            (2, Office, false, 2),
        );
        r.calendar.holidays.push(date("2027-01-01"));
        r.calendar.holidays.push(date("2026-12-30"));
        check(
            req("2026-12-28", "2027-01-02", "2027-01-03"),
            none,
            &r,
            (2, Office, true, 2),
        );
    }

    fn refused(
        q: LeaveRequest,
        history: &[PastLeave],
        s: SubjectFlags,
        rules: &Rules,
        message: &str,
    ) {
        let err = assess(&q, history, s, rules).unwrap_err();
        assert_eq!(err.to_string(), message, "{q:?}");
    }

    #[test]
    fn refusals_say_why() {
        let r = Rules::default();
        let q = || req("2026-03-01", "2026-03-10", "2026-03-12");
        let open = [PastLeave {
            from: date("2026-02-20"),
            to: date("2026-02-25"),
            returned_on: None,
        }];
        refused(
            req("2026-03-01", "2026-03-10", "2026-03-09"),
            &[],
            ok_subject(),
            &r,
            "the leave ends (2026-03-09) before it starts (2026-03-10)",
        );
        refused(
            LeaveRequest {
                destination_code: "3301".into(),
                ..q()
            },
            &[],
            ok_subject(),
            &r,
            "the destination must be a division code of 6, 9 or 12 digits",
        );
        refused(
            LeaveRequest {
                contact: " ".into(),
                ..q()
            },
            &[],
            ok_subject(),
            &r,
            "the request has no contact at the destination",
        );
        refused(
            q(),
            &open,
            ok_subject(),
            &r,
            "the subject already has a leave from 2026-02-20 to 2026-02-25 with no return recorded",
        );
        refused(
            q(),
            &[],
            SubjectFlags {
                high_risk: true,
                ..ok_subject()
            },
            &r,
            "the subject is assessed at high risk of re-offending, so no leave can be granted",
        );
        refused(
            q(),
            &[],
            SubjectFlags {
                measures_in_place: false,
                ..ok_subject()
            },
            &r,
            "supervision measures are not in place, so no leave can be granted",
        );
        refused(
            q(),
            &[],
            SubjectFlags {
                status: Status::Released,
                ..ok_subject()
            },
            &r,
            "the subject is not in correction (released), so no leave can be granted",
        );
        let mut capped = Rules::default();
        capped.leave.max_days_per_year = Some(60);
        refused(
            req("2026-11-01", "2026-12-05", "2027-01-10"),
            &[
                past("2026-06-01", "2026-06-30"),
                past("2026-09-01", "2026-09-05"),
            ],
            ok_subject(),
            &capped,
            "this leave would make 62 leave days in 2026, over the limit of 60",
        );
        // Exactly 60 is allowed.
        assert!(
            assess(
                &req("2026-11-01", "2026-12-07", "2026-12-31"),
                &[
                    past("2026-06-01", "2026-06-30"),
                    past("2026-09-01", "2026-09-05")
                ],
                ok_subject(),
                &capped
            )
            .is_ok()
        );
    }

    #[test]
    fn a_request_is_judged_by_the_rules_in_force_on_the_day_it_was_made() {
        let mut stricter = Rules::default();
        stricter.leave.office_max_days = 5;
        let book = RuleBook::new(vec![RuleVersion {
            effective_from: date("2026-03-15"),
            rules: stricter,
        }])
        .unwrap();
        let cases = [("2026-03-14", Office), ("2026-03-15", County)];
        for (applied, want) in cases {
            let q = req(applied, "2026-03-20", "2026-03-26");
            let p = assess(&q, &[], ok_subject(), book.in_force(q.applied_on)).unwrap();
            assert_eq!(p.approver, want, "applied {applied}");
        }
    }

    #[test]
    fn extensions_are_asked_before_the_end_and_decided_on_the_total() {
        let r = Rules::default();
        let away = PastLeave {
            from: date("2026-01-25"),
            to: date("2026-01-31"),
            returned_on: None,
        };
        // (requested on, new end) → Ok(days, approver) or Err(code)
        type Want<'a> = Result<(u32, ApproverLevel), &'a str>;
        let cases: [(&str, &str, Want); 6] = [
            ("2026-01-31", "2026-02-01", Ok((8, County))),
            ("2026-01-28", "2026-02-23", Ok((30, County))),
            ("2026-01-28", "2026-02-24", Ok((31, AboveCounty))),
            ("2026-02-01", "2026-02-05", Err("extension_after_end")),
            ("2026-01-28", "2026-01-31", Err("extension_not_later")),
            ("2026-01-28", "2026-01-30", Err("extension_not_later")),
        ];
        for (on, new_to, want) in cases {
            let got = extend(&away, date(new_to), date(on), &[], ok_subject(), &r)
                .map(|p| (p.days, p.approver))
                .map_err(|e| e.code());
            assert_eq!(got, want, "asked {on} for {new_to}");
        }
        let back = PastLeave {
            returned_on: Some(date("2026-01-30")),
            ..away
        };
        assert_eq!(
            extend(
                &back,
                date("2026-02-05"),
                date("2026-01-30"),
                &[],
                ok_subject(),
                &r
            )
            .unwrap_err()
            .to_string(),
            "the subject has already returned (on 2026-01-30)"
        );
    }

    #[test]
    fn returns_and_overdue_days() {
        let away = PastLeave {
            from: date("2028-02-25"),
            to: date("2028-02-29"),
            returned_on: None,
        };
        // (returned on) → Ok((days away, overdue days)) or Err(code)
        let cases = [
            ("2028-02-24", Err("return_before_start")),
            ("2028-02-25", Ok((1, 0))),
            ("2028-02-29", Ok((5, 0))),
            ("2028-03-01", Ok((6, 1))),
            ("2028-03-31", Ok((36, 31))),
        ];
        for (on, want) in cases {
            let got = return_(&away, date(on))
                .map(|o| (o.days_away, o.overdue_days))
                .map_err(|e| e.code());
            assert_eq!(got, want, "returned {on}");
        }
        let late = return_(&away, date("2028-03-02")).unwrap();
        assert_eq!(late.violation, Some(Violation::OverdueReturn { days: 2 }));
        assert_eq!(
            late.violation.unwrap().assessment_item(),
            ("leave_overdue_day", 2)
        );
        assert_eq!(
            unapproved(date("2026-12-31"), date("2027-01-01")).assessment_item(),
            ("leave_unapproved", 1)
        );
        let err = return_(&away, date("2028-02-24")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a return on 2028-02-24 is before the leave started (2028-02-25)"
        );
    }

    #[test]
    fn overdue_turns_over_at_midnight_in_beijing() {
        let away = PastLeave {
            from: date("2026-12-25"),
            to: date("2026-12-31"),
            returned_on: None,
        };
        let cases = [
            ("2026-12-31", None),
            ("2027-01-01", Some(1)),
            ("2027-01-31", Some(31)),
        ];
        for (today, want) in cases {
            assert_eq!(overdue(&away, date(today)), want, "{today}");
        }
        // 2026-12-31T15:59:59.999Z is 23:59:59.999 on Dec 31 in Beijing; 1 ms later, Jan 1.
        let last_ms = 1_798_732_799_999;
        assert_eq!(overdue_at(&away, last_ms), None);
        assert_eq!(overdue_at(&away, last_ms + 1), Some(1));
        let back = PastLeave {
            returned_on: Some(date("2027-01-03")),
            ..away
        };
        assert_eq!(overdue(&back, date("2027-01-05")), None);
    }
}
