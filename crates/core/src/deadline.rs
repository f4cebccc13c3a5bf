//! Deadlines with a fixed shape: electronic positioning approvals, change of residence,
//! reporting after the judgment, the pre-sentence assessment and the court's ruling on a
//! revocation request.
//!
//! Each takes the date that starts the clock and the rules in force on that date, and
//! answers with dates; `due` turns them into dashboard items. Deliberately absent: the
//! approvals and transfers themselves (decision records and ops, made elsewhere), and any
//! notion of "today" — whether a deadline is missed is `due`'s question.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{Rules, add_days, add_months, sub_days};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("the end ({end}) is before the start ({start})")]
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error(
        "electronic positioning is approved for at most {months} months at a time: from {start} the latest end is {latest}"
    )]
    PositioningTooLong {
        months: u32,
        start: NaiveDate,
        latest: NaiveDate,
    },
    #[error("the move ({move_on}) is before the application ({applied_on})")]
    MoveBeforeApplication {
        applied_on: NaiveDate,
        move_on: NaiveDate,
    },
}

/// The end of a positioning approval from `start` (a renewal starts the day after the
/// previous end). No requested end: the longest allowed, the same date `positioning.max_months`
/// later (the last day of that month when the date does not exist). This is the reading
/// `record`'s positioning check uses (`end <= start + 3 months`), so the form and this rule
/// never disagree.
pub fn positioning_end(
    start: NaiveDate,
    requested_end: Option<NaiveDate>,
    rules: &Rules,
) -> Result<NaiveDate, DeadlineError> {
    let months = rules.positioning.max_months;
    let latest = add_months(start, months);
    match requested_end {
        None => Ok(latest),
        Some(end) if end < start => Err(DeadlineError::EndBeforeStart { start, end }),
        Some(end) if end > latest => Err(DeadlineError::PositioningTooLong {
            months,
            start,
            latest,
        }),
        Some(end) => Ok(end),
    }
}

/// The steps of a change of residence (执行地变更) and their dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidencePlan {
    /// The latest day to apply for a move on the planned day.
    pub apply_by: NaiveDate,
    pub applied_late: bool,
    /// The county asks the new place by this day.
    pub consult_by: NaiveDate,
    /// The new place answers by this day.
    pub answer_by: NaiveDate,
}

/// Dates for a move planned on `move_on`, applied for on `applied_on`. Applying late is not
/// refused (the move may be forced, e.g. demolition); the county sees `applied_late`.
pub fn residence_change(
    applied_on: NaiveDate,
    move_on: NaiveDate,
    rules: &Rules,
) -> Result<ResidencePlan, DeadlineError> {
    if move_on < applied_on {
        return Err(DeadlineError::MoveBeforeApplication {
            applied_on,
            move_on,
        });
    }
    let r = &rules.residence;
    let apply_by = sub_days(move_on, r.apply_ahead_days);
    let consult_by = add_days(applied_on, r.consult_within_days);
    Ok(ResidencePlan {
        apply_by,
        applied_late: applied_on > apply_by,
        consult_by,
        answer_by: add_days(consult_by, r.answer_within_days),
    })
}

/// The day by which the subject reports at the new place after the decision.
pub fn residence_report_by(decided_on: NaiveDate, rules: &Rules) -> NaiveDate {
    add_days(decided_on, rules.residence.report_within_days)
}

/// The day by which a subject must report after the judgment took effect (or, for 暂予监外
/// 执行, by which the handover is due).
pub fn report_by(judgment_effective: NaiveDate, rules: &Rules) -> NaiveDate {
    add_days(judgment_effective, rules.report.report_days)
}

/// The two 漏管 alert dates after the papers arrived with no report: (first, grave).
pub fn missing_report_alerts(papers_received: NaiveDate, rules: &Rules) -> (NaiveDate, NaiveDate) {
    let r = &rules.report;
    (
        add_days(papers_received, r.alert_days),
        add_days(papers_received, r.serious_alert_days),
    )
}

/// Days the court has to rule on a request to revoke probation or parole (Art 47). Statutory,
/// so not in the rules table.
pub const COURT_RULING_DAYS: u32 = 30;

/// The day by which the court should rule on a revocation request it received on `received_on`.
pub fn court_ruling_by(received_on: NaiveDate) -> NaiveDate {
    add_days(received_on, COURT_RULING_DAYS)
}

/// The day a pre-sentence assessment (调查评估) is due: `presentence.working_days` (or the
/// expedited count) working days after it was commissioned.
pub fn presentence_due(commissioned_on: NaiveDate, expedited: bool, rules: &Rules) -> NaiveDate {
    let p = &rules.presentence;
    let n = if expedited {
        p.working_days_expedited
    } else {
        p.working_days
    };
    rules.calendar.add_working_days(commissioned_on, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::date;

    #[test]
    fn positioning_lasts_at_most_three_calendar_months() {
        let r = Rules::default();
        // (start, requested end) → Ok(end) or Err(message)
        let cases: [(&str, Option<&str>, Result<&str, &str>); 7] = [
            ("2026-01-01", None, Ok("2026-04-01")),
            ("2026-11-30", None, Ok("2027-02-28")),
            ("2027-11-30", None, Ok("2028-02-29")),
            ("2027-12-31", None, Ok("2028-03-31")),
            ("2026-01-31", Some("2026-04-30"), Ok("2026-04-30")),
            (
                "2026-01-31",
                Some("2026-05-01"),
                Err(
                    "electronic positioning is approved for at most 3 months at a time: from 2026-01-31 the latest end is 2026-04-30",
                ),
            ),
            (
                "2026-01-31",
                Some("2026-01-30"),
                Err("the end (2026-01-30) is before the start (2026-01-31)"),
            ),
        ];
        for (start, end, want) in cases {
            let got = positioning_end(date(start), end.map(date), &r);
            match want {
                Ok(d) => assert_eq!(got, Ok(date(d)), "{start}"),
                Err(m) => assert_eq!(got.unwrap_err().to_string(), m),
            }
        }
    }

    #[test]
    fn residence_change_dates() {
        let r = Rules::default();
        let cases = [
            // (applied, move) → (apply_by, late, consult_by, answer_by)
            (
                "2026-01-01",
                "2026-01-31",
                ("2026-01-01", false, "2026-01-06", "2026-01-11"),
            ),
            (
                "2026-01-02",
                "2026-01-31",
                ("2026-01-01", true, "2026-01-07", "2026-01-12"),
            ),
            (
                "2028-02-25",
                "2028-04-01",
                ("2028-03-02", false, "2028-03-01", "2028-03-06"),
            ),
            (
                "2026-12-29",
                "2027-02-01",
                ("2027-01-02", false, "2027-01-03", "2027-01-08"),
            ),
        ];
        for (applied, mv, (by, late, consult, answer)) in cases {
            let p = residence_change(date(applied), date(mv), &r).unwrap();
            assert_eq!(
                (p.apply_by, p.applied_late, p.consult_by, p.answer_by),
                (date(by), late, date(consult), date(answer)),
                "{applied} → {mv}"
            );
        }
        assert_eq!(
            residence_report_by(date("2026-12-28"), &r),
            date("2027-01-04")
        );
        assert_eq!(
            residence_change(date("2026-03-02"), date("2026-03-01"), &r)
                .unwrap_err()
                .to_string(),
            "the move (2026-03-01) is before the application (2026-03-02)"
        );
    }

    #[test]
    fn reporting_and_presentence_deadlines() {
        let mut r = Rules::default();
        assert_eq!(report_by(date("2028-02-20"), &r), date("2028-03-01"));
        assert_eq!(
            missing_report_alerts(date("2026-12-22"), &r),
            (date("2027-01-01"), date("2027-01-21"))
        );
        // Friday 2026-11-20 + 10 working days = Friday 2026-12-04; + 5 = 2026-11-27.
        assert_eq!(
            presentence_due(date("2026-11-20"), false, &r),
            date("2026-12-04")
        );
        assert_eq!(
            presentence_due(date("2026-11-20"), true, &r),
            date("2026-11-27")
        );
        r.calendar.holidays.push(date("2026-11-26"));
        assert_eq!(
            presentence_due(date("2026-11-20"), true, &r),
            date("2026-11-30")
        );
    }
}
