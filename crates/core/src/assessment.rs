//! The monthly assessment (月度考核) by points (计分考核) and its quarterly roll-up.
//!
//! A month starts from the base in the rules table; each recorded item adds or deducts the
//! points the table gives its code. Each item is valued by the rules in force on the day it
//! happened, so a deduction raised on the 20th does not change a breach of the 10th; the
//! base, the grades, the per-month caps and the thresholds are those in force on the last day
//! of the month (of the quarter, for the roll-up), the day the assessment speaks for.
//! A score at or below a threshold raises a proposal on the sanction ladder; a proposal is
//! not a decision.
//!
//! Deliberately absent: the assessment record (assessor, office opinion, signatures), and
//! turning conduct into items (the records and `leave::Violation` name their codes).

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ladder::Step;
use crate::rules::{AssessmentRules, RuleBook, Threshold};
use crate::subject::Status;

/// A calendar month, written "2026-02".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| YearMonth { year, month })
    }
    pub fn of(d: NaiveDate) -> YearMonth {
        YearMonth {
            year: d.year(),
            month: d.month(),
        }
    }
    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
    pub fn prev(self) -> YearMonth {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
    /// 1 to 4.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }
    pub fn contains(self, d: NaiveDate) -> bool {
        YearMonth::of(d) == self
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl From<YearMonth> for String {
    fn from(m: YearMonth) -> String {
        m.to_string()
    }
}

impl TryFrom<String> for YearMonth {
    type Error = String;
    fn try_from(s: String) -> Result<YearMonth, String> {
        s.split_once('-')
            .and_then(|(y, m)| YearMonth::new(y.parse().ok()?, m.parse().ok()?))
            .ok_or_else(|| format!("{s:?} is not a month written as YYYY-MM"))
    }
}

/// 好 / 较好 / 一般 / 差 (差 is a failed assessment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Fail,
    Pass,
    Fair,
    Good,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Fail => "fail",
            Grade::Pass => "pass",
            Grade::Fair => "fair",
            Grade::Good => "good",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Grade::Fail => "差",
            Grade::Pass => "一般",
            Grade::Fair => "较好",
            Grade::Good => "好",
        }
    }
    fn of(points: i32, r: &AssessmentRules) -> Grade {
        if points >= r.good_min {
            Grade::Good
        } else if points >= r.fair_min {
            Grade::Fair
        } else if points >= r.pass_min {
            Grade::Pass
        } else {
            Grade::Fail
        }
    }
}

/// Something recorded in the month that the points table scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyItem {
    pub code: String,
    pub on: NaiveDate,
    /// Occurrences (days, for the per-day items).
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyInput {
    pub month: YearMonth,
    pub status: Status,
    pub correction_start: NaiveDate,
    pub items: Vec<MonthlyItem>,
}

/// One scored line, as the register prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreLine {
    pub code: String,
    /// Occurrences recorded.
    pub count: u32,
    /// Occurrences that counted after the monthly cap.
    pub counted: u32,
    pub points: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyScore {
    pub month: YearMonth,
    pub base: i32,
    pub points: i32,
    pub additions: i32,
    /// Zero or negative.
    pub deductions: i32,
    pub grade: Grade,
    /// The gravest threshold met, if any.
    pub proposal: Option<Step>,
    pub lines: Vec<ScoreLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterlyScore {
    pub year: i32,
    pub quarter: u32,
    pub months: u32,
    pub total: i32,
    /// The monthly average, rounded down.
    pub average: i32,
    pub grade: Grade,
    pub proposal: Option<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssessmentError {
    #[error("the subject's correction has ended ({status}); a finished subject is not assessed")]
    Finished { status: &'static str },
    #[error("the subject has not reported yet; assessment starts with the correction")]
    NotYetInCorrection,
    #[error("{month} is before the correction started ({start})")]
    BeforeCorrection { month: YearMonth, start: NaiveDate },
    #[error("the points table in force on {on} has no item {code:?}")]
    UnknownItem { code: String, on: NaiveDate },
    #[error("an item dated {on} does not belong to {month}")]
    ItemOutsideMonth { on: NaiveDate, month: YearMonth },
    #[error("a quarterly roll-up needs one to three monthly assessments of one quarter")]
    BadQuarter,
}

/// Scores one month. Items are valued by the rules in force on their own dates; base, caps,
/// grades and thresholds by those in force on the month's last day.
pub fn monthly(input: &MonthlyInput, book: &RuleBook) -> Result<MonthlyScore, AssessmentError> {
    match input.status {
        Status::Released | Status::Terminated => {
            return Err(AssessmentError::Finished {
                status: input.status.as_str(),
            });
        }
        Status::AwaitingReport => return Err(AssessmentError::NotYetInCorrection),
        Status::InCorrection => {}
    }
    if input.month < YearMonth::of(input.correction_start) {
        return Err(AssessmentError::BeforeCorrection {
            month: input.month,
            start: input.correction_start,
        });
    }
    let r = &book.in_force(input.month.last_day()).assessment;
    let mut lines: Vec<ScoreLine> = Vec::new();
    for it in &input.items {
        if !input.month.contains(it.on) {
            return Err(AssessmentError::ItemOutsideMonth {
                on: it.on,
                month: input.month,
            });
        }
        let def = book
            .in_force(it.on)
            .assessment
            .item(&it.code)
            .ok_or_else(|| AssessmentError::UnknownItem {
                code: it.code.clone(),
                on: it.on,
            })?;
        // The cap is a monthly allowance per code: earlier items use it up first.
        let cap = r.item(&it.code).and_then(|d| d.max_per_month);
        let used: u32 = lines
            .iter()
            .filter(|l| l.code == it.code)
            .map(|l| l.counted)
            .sum();
        let counted = match cap {
            Some(c) => it.count.min(c.saturating_sub(used)),
            None => it.count,
        };
        lines.push(ScoreLine {
            code: it.code.clone(),
            count: it.count,
            counted,
            points: def.points * counted as i32,
        });
    }
    let additions: i32 = lines.iter().map(|l| l.points).filter(|p| *p > 0).sum();
    let deductions: i32 = lines.iter().map(|l| l.points).filter(|p| *p < 0).sum();
    let points = r.monthly_base + additions + deductions;
    Ok(MonthlyScore {
        month: input.month,
        base: r.monthly_base,
        points,
        additions,
        deductions,
        grade: Grade::of(points, r),
        proposal: gravest(&r.monthly_thresholds, |t| points <= t.at_most),
        lines,
    })
}

/// Rolls up the monthly scores of one quarter. A quarter with fewer than three months (the
/// correction started or ended within it) is judged on its average: thresholds scale with
/// the months present, and praise needs all three.
pub fn quarterly(
    months: &[MonthlyScore],
    book: &RuleBook,
) -> Result<QuarterlyScore, AssessmentError> {
    let first = months.first().ok_or(AssessmentError::BadQuarter)?.month;
    let same_quarter = |m: YearMonth| m.year() == first.year() && m.quarter() == first.quarter();
    let distinct = months
        .iter()
        .enumerate()
        .all(|(i, m)| months[..i].iter().all(|o| o.month != m.month));
    if months.len() > 3 || !distinct || !months.iter().all(|m| same_quarter(m.month)) {
        return Err(AssessmentError::BadQuarter);
    }
    let quarter_end = YearMonth::new(first.year(), first.quarter() * 3)
        .map(|m| m.last_day())
        .unwrap_or(first.last_day());
    let r = &book.in_force(quarter_end).assessment;
    let n = months.len() as i32;
    let total: i32 = months.iter().map(|m| m.points).sum();
    let average = total.div_euclid(n);
    let mut proposal = gravest(&r.quarterly_thresholds, |t| total * 3 <= t.at_most * n);
    let clean = months
        .iter()
        .all(|m| m.grade != Grade::Fail && m.deductions == 0);
    if proposal.is_none() && n == 3 && clean && total >= r.quarterly_praise_min {
        proposal = Some(Step::Praise);
    }
    Ok(QuarterlyScore {
        year: first.year(),
        quarter: first.quarter(),
        months: n as u32,
        total,
        average,
        grade: Grade::of(average, r),
        proposal,
    })
}

fn gravest(thresholds: &[Threshold], met: impl Fn(&Threshold) -> bool) -> Option<Step> {
    thresholds.iter().filter(|t| met(t)).map(|t| t.step).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleVersion, Rules, codes, date};

    fn ym(s: &str) -> YearMonth {
        YearMonth::try_from(s.to_string()).unwrap()
    }

    fn input(month: &str, items: &[(&str, &str, u32)]) -> MonthlyInput {
        MonthlyInput {
            month: ym(month),
            status: Status::InCorrection,
            correction_start: date("2025-06-15"),
            items: items
                .iter()
                .map(|(code, on, count)| MonthlyItem {
                    code: (*code).into(),
                    on: date(on),
                    count: *count,
                })
                .collect(),
        }
    }

    fn check(i: MonthlyInput, book: &RuleBook, want: (i32, Grade, Option<Step>)) {
        let s = monthly(&i, book).unwrap_or_else(|e| panic!("{i:?}: {e}"));
        assert_eq!((s.points, s.grade, s.proposal), want, "{i:?}");
    }

    #[test]
    fn months_score_grade_and_propose() {
        let book = RuleBook::default();
        let cases = [
            (input("2026-01", &[]), (100, Grade::Good, None)),
            (
                input("2026-01", &[(codes::CHECK_IN_LATE, "2026-01-31", 2)]),
                (90, Grade::Good, None),
            ),
            (
                input("2026-01", &[(codes::CHECK_IN_LATE, "2026-01-31", 3)]),
                (85, Grade::Fair, None),
            ),
            (
                input(
                    "2026-02",
                    &[
                        (codes::LEAVE_UNAPPROVED, "2026-02-01", 1),
                        (codes::CHECK_IN_LATE, "2026-02-28", 1),
                    ],
                ),
                (75, Grade::Fair, None),
            ),
            (
                input("2028-02", &[(codes::LEAVE_UNAPPROVED, "2028-02-29", 2)]),
                (60, Grade::Pass, Some(Step::Admonition)),
            ),
            (
                input("2026-12", &[(codes::OUT_OF_CONTACT_DAY, "2026-12-31", 14)]),
                (58, Grade::Fail, Some(Step::Admonition)),
            ),
            (
                input("2026-12", &[(codes::INJUNCTION_BREACH, "2026-12-01", 2)]),
                (40, Grade::Fail, Some(Step::Warning)),
            ),
            // Additions are capped per month: three good deeds count as two.
            (
                input(
                    "2026-03",
                    &[
                        (codes::GOOD_DEED, "2026-03-01", 1),
                        (codes::GOOD_DEED, "2026-03-20", 2),
                        (codes::CHECK_IN_LATE, "2026-03-02", 4),
                    ],
                ),
                (90, Grade::Good, None),
            ),
        ];
        for (i, want) in cases {
            check(i, &book, want);
        }
    }

    #[test]
    fn a_rule_changed_mid_month_values_each_item_by_its_own_date() {
        let mut r = Rules::default();
        for it in &mut r.assessment.items {
            if it.code == codes::CHECK_IN_LATE {
                it.points = -8;
            }
        }
        r.assessment.monthly_thresholds[0].at_most = 85;
        let book = RuleBook::new(vec![RuleVersion {
            effective_from: date("2026-05-15"),
            rules: r,
        }])
        .unwrap();
        // Late on the 14th (old: -5) and the 15th (new: -8); thresholds of the month's end.
        check(
            input(
                "2026-05",
                &[
                    (codes::CHECK_IN_LATE, "2026-05-14", 1),
                    (codes::CHECK_IN_LATE, "2026-05-15", 1),
                ],
            ),
            &book,
            (87, Grade::Fair, None),
        );
        check(
            input("2026-05", &[(codes::CHECK_IN_LATE, "2026-05-14", 3)]),
            &book,
            (85, Grade::Fair, Some(Step::Admonition)),
        );
        // April is judged entirely by the old table.
        check(
            input("2026-04", &[(codes::CHECK_IN_LATE, "2026-04-30", 3)]),
            &book,
            (85, Grade::Fair, None),
        );
    }

    #[test]
    fn bad_input_is_refused_plainly() {
        let book = RuleBook::default();
        let cases = [
            (
                MonthlyInput {
                    status: Status::Released,
                    ..input("2026-01", &[])
                },
                "the subject's correction has ended (released); a finished subject is not assessed",
            ),
            (
                MonthlyInput {
                    status: Status::Terminated,
                    ..input("2026-01", &[])
                },
                "the subject's correction has ended (terminated); a finished subject is not assessed",
            ),
            (
                MonthlyInput {
                    status: Status::AwaitingReport,
                    ..input("2026-01", &[])
                },
                "the subject has not reported yet; assessment starts with the correction",
            ),
            (
                input("2025-05", &[]),
                "2025-05 is before the correction started (2025-06-15)",
            ),
            (
                input("2026-01", &[("bribe", "2026-01-02", 1)]),
                "the points table in force on 2026-01-02 has no item \"bribe\"",
            ),
            (
                input("2026-01", &[(codes::CHECK_IN_LATE, "2026-02-01", 1)]),
                "an item dated 2026-02-01 does not belong to 2026-01",
            ),
        ];
        for (i, message) in cases {
            assert_eq!(monthly(&i, &book).unwrap_err().to_string(), message);
        }
        // The month the correction started is assessed.
        assert!(monthly(&input("2025-06", &[]), &book).is_ok());
    }

    fn score(month: &str, points: i32) -> MonthlyScore {
        let r = Rules::default().assessment;
        MonthlyScore {
            month: ym(month),
            base: 100,
            points,
            additions: 0,
            deductions: (points - 100).min(0),
            grade: Grade::of(points, &r),
            proposal: None,
            lines: vec![],
        }
    }

    #[test]
    fn quarters_roll_up() {
        let book = RuleBook::default();
        // months → Ok((total, average, grade, proposal)) or Err
        type Rollup = (i32, i32, Grade, Option<Step>);
        let cases: Vec<(Vec<MonthlyScore>, Option<Rollup>)> = vec![
            (
                vec![
                    score("2026-01", 100),
                    score("2026-02", 100),
                    score("2026-03", 100),
                ],
                Some((300, 100, Grade::Good, Some(Step::Praise))),
            ),
            (
                vec![
                    score("2026-01", 100),
                    score("2026-02", 95),
                    score("2026-03", 100),
                ],
                Some((295, 98, Grade::Good, None)),
            ),
            (
                vec![
                    score("2026-10", 70),
                    score("2026-11", 70),
                    score("2026-12", 70),
                ],
                Some((210, 70, Grade::Pass, Some(Step::Admonition))),
            ),
            (
                vec![
                    score("2026-10", 71),
                    score("2026-11", 70),
                    score("2026-12", 70),
                ],
                Some((211, 70, Grade::Pass, None)),
            ),
            (
                vec![
                    score("2026-10", 50),
                    score("2026-11", 50),
                    score("2026-12", 50),
                ],
                Some((150, 50, Grade::Fail, Some(Step::Warning))),
            ),
            // Two months (correction started in May): 140 ≤ 210 × 2/3.
            (
                vec![score("2026-05", 70), score("2026-06", 70)],
                Some((140, 70, Grade::Pass, Some(Step::Admonition))),
            ),
            (
                vec![score("2026-05", 100), score("2026-06", 100)],
                Some((200, 100, Grade::Good, None)),
            ),
            (vec![], None),
            (vec![score("2026-03", 100), score("2026-04", 100)], None),
            (vec![score("2026-12", 100), score("2027-01", 100)], None),
            (vec![score("2026-01", 100), score("2026-01", 100)], None),
        ];
        for (months, want) in cases {
            let got = quarterly(&months, &book)
                .ok()
                .map(|q| (q.total, q.average, q.grade, q.proposal));
            assert_eq!(
                got,
                want,
                "{:?}",
                months
                    .iter()
                    .map(|m| m.month.to_string())
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn months_know_their_edges() {
        let cases = [
            ("2026-02", "2026-02-28", "2026-03", "2026-01", 1),
            ("2028-02", "2028-02-29", "2028-03", "2028-01", 1),
            ("2026-12", "2026-12-31", "2027-01", "2026-11", 4),
            ("2027-01", "2027-01-31", "2027-02", "2026-12", 1),
        ];
        for (m, last, next, prev, q) in cases {
            let m = ym(m);
            assert_eq!(m.last_day(), date(last));
            assert_eq!(m.next(), ym(next));
            assert_eq!(m.prev(), ym(prev));
            assert_eq!(m.quarter(), q);
        }
        assert_eq!(
            serde_json::to_string(&ym("2026-03")).unwrap(),
            "\"2026-03\""
        );
        assert!(serde_json::from_str::<YearMonth>("\"2026-13\"").is_err());
    }
}
