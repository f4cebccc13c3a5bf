//! Facts derived from a subject's file as of one day: age, days served and left, the day by
//! which they must report and the 漏管 alerts, and whether the rules make them a key subject
//! (重点对象) and why.
//!
//! Everything here is computed, never stored: the same file gives different facts tomorrow,
//! so the caller passes `today`. The thresholds are rules an office may change (the reporting
//! period, the 10- and 30-day alerts, which crimes count as violent or property crimes), so
//! they come in as [`Rules`], with the defaults in `Rules::default()`. What is deliberately not
//! here: gathering the inputs (whether someone is on leave or has been sanctioned is the API's
//! question to the archive), the management level (严管/普管/宽管 is an office decision,
//! recorded, not derived), and any wording for the screen beyond the codes and Chinese labels.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::idnumber::IdNumber;
use crate::subject::{Category, Status};

/// What [`derive`] needs to know about one subject.
#[derive(Debug, Clone, Copy)]
pub struct FactsInput<'a> {
    /// Birth date (and so age) comes from the ID number.
    pub id_number: &'a IdNumber,
    pub category: Category,
    pub status: Status,
    /// The crime as written in the judgment (罪名), matched against the rules' keywords.
    pub crime: Option<&'a str>,
    pub correction_start: NaiveDate,
    pub correction_end: NaiveDate,
    /// The judgment took effect (判决生效).
    pub judgment_date: Option<NaiveDate>,
    /// The legal papers reached the office.
    pub papers_received: Option<NaiveDate>,
    /// The subject reported.
    pub reported_on: Option<NaiveDate>,
    /// Out on approved leave today.
    pub on_leave: bool,
    /// Not complying: any 警告 or public-security penalty, or two or more 训诫.
    pub non_compliant: bool,
    /// A person's decision that overrides the rules: true = key subject, false = not.
    pub key_override: Option<bool>,
}

/// The facts of one subject on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// Whole years on the day.
    pub age: u32,
    /// Under 18 on the day.
    pub minor: bool,
    /// Days from the correction start to the day, 0 before it starts, the whole term after it
    /// ends.
    pub days_served: i64,
    /// Days from the day to the correction end, 0 after it ends.
    pub days_remaining: i64,
    /// While awaiting report: the judgment date plus the reporting period.
    pub report_deadline: Option<NaiveDate>,
    /// While awaiting report and not yet reported.
    pub report_alert: Option<ReportAlert>,
    /// Why the rules make them a key subject, in a fixed order; empty for past subjects.
    pub key_reasons: Vec<KeyReason>,
    /// The rules' answer unless a person overrode it; never for past subjects.
    pub key_subject: bool,
}

/// Where a subject awaiting report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReportAlert {
    /// Still within the reporting period.
    #[serde(rename = "due")]
    Due,
    /// Past the deadline, or papers in for the first alert threshold (10 days by default).
    #[serde(rename = "overdue_10")]
    Overdue10,
    /// Papers in for the second alert threshold (30 days by default).
    #[serde(rename = "overdue_30")]
    Overdue30,
}

impl ReportAlert {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportAlert::Due => "due",
            ReportAlert::Overdue10 => "overdue_10",
            ReportAlert::Overdue30 => "overdue_30",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ReportAlert::Due => "待报到",
            ReportAlert::Overdue10 => "逾期未报到（漏管）",
            ReportAlert::Overdue30 => "逾期未报到超过30日（漏管）",
        }
    }
}

/// Why someone is a key subject (重点对象), per the street work plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyReason {
    ViolentCrime,
    PropertyCrime,
    Minor,
    Parolee,
    TemporaryOutside,
    OnLeave,
    NonCompliant,
}

impl KeyReason {
    pub const ALL: [KeyReason; 7] = [
        KeyReason::ViolentCrime,
        KeyReason::PropertyCrime,
        KeyReason::Minor,
        KeyReason::Parolee,
        KeyReason::TemporaryOutside,
        KeyReason::OnLeave,
        KeyReason::NonCompliant,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            KeyReason::ViolentCrime => "violent_crime",
            KeyReason::PropertyCrime => "property_crime",
            KeyReason::Minor => "minor",
            KeyReason::Parolee => "parolee",
            KeyReason::TemporaryOutside => "temporary_outside",
            KeyReason::OnLeave => "on_leave",
            KeyReason::NonCompliant => "non_compliant",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            KeyReason::ViolentCrime => "暴力型犯罪",
            KeyReason::PropertyCrime => "盗窃抢劫等侵财型犯罪",
            KeyReason::Minor => "未成年人",
            KeyReason::Parolee => "假释",
            KeyReason::TemporaryOutside => "暂予监外执行",
            KeyReason::OnLeave => "请假外出",
            KeyReason::NonCompliant => "不服从管理",
        }
    }
    pub fn parse(s: &str) -> Option<KeyReason> {
        KeyReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Which crimes make someone a key subject: keywords found anywhere in the crime text, so
/// "故意伤害" matches "故意伤害罪" and "诈骗" matches "合同诈骗罪". A keyword can over-match
/// ("爆炸" is also in "过失爆炸罪"); the office edits the list, and a person can override the
/// result for one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeyRules {
    pub violent_crimes: Vec<String>,
    pub property_crimes: Vec<String>,
}

impl Default for KeyRules {
    fn default() -> Self {
        let list = |words: &[&str]| words.iter().map(|w| (*w).to_owned()).collect();
        KeyRules {
            violent_crimes: list(&[
                "故意杀人",
                "故意伤害",
                "抢劫",
                "强奸",
                "绑架",
                "放火",
                "爆炸",
                "投放危险物质",
                "以危险方法危害公共安全",
                "寻衅滋事",
                "聚众斗殴",
                "非法拘禁",
                "强制猥亵",
                "劫持",
            ]),
            // Robbery is both: violent by its means, a property crime by its chapter of the
            // Criminal Law, and the work plans name it with theft.
            property_crimes: list(&[
                "盗窃",
                "抢劫",
                "抢夺",
                "诈骗",
                "敲诈勒索",
                "侵占",
                "职务侵占",
                "合同诈骗",
                "挪用资金",
                "聚众哄抢",
                "故意毁坏财物",
            ]),
        }
    }
}

/// The reporting period and the 漏管 alert thresholds, in calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportRules {
    /// Days after the judgment takes effect within which the subject must report (Art 21).
    pub report_days: u32,
    /// Days after the papers arrive with no report: the first 漏管 alert
    /// ([`ReportAlert::Overdue10`]).
    pub alert_days: u32,
    /// Days after the papers arrive with no report: the second ([`ReportAlert::Overdue30`]).
    pub serious_alert_days: u32,
}

impl Default for ReportRules {
    fn default() -> Self {
        ReportRules {
            report_days: 10,
            alert_days: 10,
            serious_alert_days: 30,
        }
    }
}

/// Every rule [`derive`] applies; an office's rules table deserialises into this, and anything
/// it leaves out keeps its default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    pub key: KeyRules,
    pub report: ReportRules,
}

/// The facts of one subject on `today` under `rules`.
pub fn derive(input: &FactsInput, today: NaiveDate, rules: &Rules) -> Facts {
    let age = input.id_number.age_on(today);
    let minor = age < 18;
    let term = (input.correction_end - input.correction_start)
        .num_days()
        .max(0);
    let days_served = (today - input.correction_start).num_days().clamp(0, term);
    let days_remaining = (input.correction_end - today).num_days().max(0);

    let awaiting = input.status == Status::AwaitingReport;
    let report_deadline = input
        .judgment_date
        .filter(|_| awaiting)
        .and_then(|d| d.checked_add_days(Days::new(rules.report.report_days.into())));
    let report_alert = if awaiting && input.reported_on.is_none() {
        report_alert(report_deadline, input.papers_received, today, &rules.report)
    } else {
        None
    };

    let key_reasons = if input.status.is_current() {
        key_reasons(input, minor, &rules.key)
    } else {
        Vec::new()
    };
    let key_subject =
        input.status.is_current() && input.key_override.unwrap_or(!key_reasons.is_empty());

    Facts {
        age,
        minor,
        days_served,
        days_remaining,
        report_deadline,
        report_alert,
        key_reasons,
        key_subject,
    }
}

fn report_alert(
    deadline: Option<NaiveDate>,
    papers_received: Option<NaiveDate>,
    today: NaiveDate,
    rules: &ReportRules,
) -> Option<ReportAlert> {
    let papers_age = papers_received.map(|p| (today - p).num_days());
    // The worse alert wins: papers long in the office are 漏管 even when the judgment date
    // would still allow time, and a missed deadline is overdue even when the papers are new.
    match papers_age {
        Some(days) if days >= i64::from(rules.serious_alert_days) => Some(ReportAlert::Overdue30),
        Some(days) if days >= i64::from(rules.alert_days) => Some(ReportAlert::Overdue10),
        _ => match deadline {
            Some(deadline) if today > deadline => Some(ReportAlert::Overdue10),
            Some(_) => Some(ReportAlert::Due),
            // Papers in but no judgment date typed yet: still waiting, not yet late.
            None if papers_received.is_some() => Some(ReportAlert::Due),
            None => None,
        },
    }
}

fn key_reasons(input: &FactsInput, minor: bool, rules: &KeyRules) -> Vec<KeyReason> {
    let crime = input.crime.unwrap_or("");
    // A blank row in an edited rules table must not make everyone a key subject.
    let named = |words: &[String]| {
        words
            .iter()
            .map(|w| w.trim())
            .any(|w| !w.is_empty() && crime.contains(w))
    };
    [
        (KeyReason::ViolentCrime, named(&rules.violent_crimes)),
        (KeyReason::PropertyCrime, named(&rules.property_crimes)),
        (KeyReason::Minor, minor),
        (KeyReason::Parolee, input.category == Category::Parole),
        (
            KeyReason::TemporaryOutside,
            input.category == Category::TemporaryOutside,
        ),
        (KeyReason::OnLeave, input.on_leave),
        (KeyReason::NonCompliant, input.non_compliant),
    ]
    .into_iter()
    .filter_map(|(reason, applies)| applies.then_some(reason))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A probationer in correction 2026-01-01..2027-01-01 (365 days) for dangerous driving,
    /// which is on neither crime list.
    fn base(id: &IdNumber) -> FactsInput<'_> {
        FactsInput {
            id_number: id,
            category: Category::Probation,
            status: Status::InCorrection,
            crime: Some("危险驾驶罪"),
            correction_start: day("2026-01-01"),
            correction_end: day("2027-01-01"),
            judgment_date: None,
            papers_received: None,
            reported_on: None,
            on_leave: false,
            non_compliant: false,
            key_override: None,
        }
    }

    fn born(date: &str) -> IdNumber {
        IdNumber::compose("330723", day(date), 11).unwrap()
    }

    type Edit = fn(&mut FactsInput);
    /// (what, birth date, edit, today, age, minor, days served, days remaining)
    type AgeCase = (
        &'static str,
        &'static str,
        Edit,
        &'static str,
        u32,
        bool,
        i64,
        i64,
    );
    /// (what, edit, today, report deadline, report alert)
    type ReportCase = (
        &'static str,
        Edit,
        &'static str,
        Option<&'static str>,
        Option<ReportAlert>,
    );

    #[test]
    fn age_and_days() {
        let cases: &[AgeCase] = &[
            (
                "mid term",
                "1990-05-20",
                |_| {},
                "2026-03-01",
                35,
                false,
                59,
                306,
            ),
            (
                "day before birthday",
                "1990-05-20",
                |_| {},
                "2026-05-19",
                35,
                false,
                138,
                227,
            ),
            (
                "on birthday",
                "1990-05-20",
                |_| {},
                "2026-05-20",
                36,
                false,
                139,
                226,
            ),
            (
                "before start",
                "1990-05-20",
                |_| {},
                "2025-12-01",
                35,
                false,
                0,
                396,
            ),
            (
                "on start",
                "1990-05-20",
                |_| {},
                "2026-01-01",
                35,
                false,
                0,
                365,
            ),
            (
                "on end",
                "1990-05-20",
                |_| {},
                "2027-01-01",
                36,
                false,
                365,
                0,
            ),
            (
                "after end",
                "1990-05-20",
                |_| {},
                "2027-06-01",
                37,
                false,
                365,
                0,
            ),
            (
                "day before 18th birthday",
                "2008-03-10",
                |_| {},
                "2026-03-09",
                17,
                true,
                67,
                298,
            ),
            (
                "18th birthday",
                "2008-03-10",
                |_| {},
                "2026-03-10",
                18,
                false,
                68,
                297,
            ),
            (
                "leap-day birth, non-leap year",
                "2008-02-29",
                |_| {},
                "2026-02-28",
                17,
                true,
                58,
                307,
            ),
            (
                "leap-day birth, day after",
                "2008-02-29",
                |_| {},
                "2026-03-01",
                18,
                false,
                59,
                306,
            ),
            (
                "reversed period clamps to nothing",
                "1990-05-20",
                |i| i.correction_end = day("2025-12-31"),
                "2026-03-01",
                35,
                false,
                0,
                0,
            ),
        ];
        for (what, birth, edit, today, age, minor, served, remaining) in cases {
            let id = born(birth);
            let mut input = base(&id);
            edit(&mut input);
            let facts = derive(&input, day(today), &Rules::default());
            assert_eq!(
                (
                    facts.age,
                    facts.minor,
                    facts.days_served,
                    facts.days_remaining
                ),
                (*age, *minor, *served, *remaining),
                "{what}"
            );
        }
    }

    /// Reporting: (what, edit, today, deadline, alert). Judgment 2026-03-01 gives the
    /// deadline 2026-03-11.
    #[test]
    fn report_deadlines_and_alerts() {
        fn awaiting(i: &mut FactsInput) {
            i.status = Status::AwaitingReport;
            i.judgment_date = Some(day("2026-03-01"));
        }
        use ReportAlert::{Due, Overdue10, Overdue30};
        let cases: &[ReportCase] = &[
            (
                "in correction: no deadline",
                |i| i.judgment_date = Some(day("2026-03-01")),
                "2026-03-05",
                None,
                None,
            ),
            (
                "awaiting, day 1",
                awaiting,
                "2026-03-02",
                Some("2026-03-11"),
                Some(Due),
            ),
            (
                "awaiting, day 9",
                awaiting,
                "2026-03-10",
                Some("2026-03-11"),
                Some(Due),
            ),
            (
                "awaiting, day 10 (the deadline)",
                awaiting,
                "2026-03-11",
                Some("2026-03-11"),
                Some(Due),
            ),
            (
                "awaiting, day 11, no papers",
                awaiting,
                "2026-03-12",
                Some("2026-03-11"),
                Some(Overdue10),
            ),
            (
                "awaiting, day 60, no papers",
                awaiting,
                "2026-04-30",
                Some("2026-03-11"),
                Some(Overdue10),
            ),
            (
                "reported while awaiting",
                |i| {
                    awaiting(i);
                    i.reported_on = Some(day("2026-03-05"));
                },
                "2026-04-30",
                Some("2026-03-11"),
                None,
            ),
            (
                "no judgment date, no papers",
                |i| i.status = Status::AwaitingReport,
                "2026-03-05",
                None,
                None,
            ),
            (
                "no judgment date, papers 9 days ago",
                |i| {
                    i.status = Status::AwaitingReport;
                    i.papers_received = Some(day("2026-03-01"));
                },
                "2026-03-10",
                None,
                Some(Due),
            ),
            (
                "no judgment date, papers 10 days ago",
                |i| {
                    i.status = Status::AwaitingReport;
                    i.papers_received = Some(day("2026-03-01"));
                },
                "2026-03-11",
                None,
                Some(Overdue10),
            ),
            (
                "papers 11 days ago",
                |i| {
                    i.status = Status::AwaitingReport;
                    i.papers_received = Some(day("2026-03-01"));
                },
                "2026-03-12",
                None,
                Some(Overdue10),
            ),
            (
                "papers 29 days ago",
                |i| {
                    awaiting(i);
                    i.papers_received = Some(day("2026-03-03"));
                },
                "2026-04-01",
                Some("2026-03-11"),
                Some(Overdue10),
            ),
            (
                "papers 30 days ago",
                |i| {
                    awaiting(i);
                    i.papers_received = Some(day("2026-03-03"));
                },
                "2026-04-02",
                Some("2026-03-11"),
                Some(Overdue30),
            ),
            (
                "papers 31 days ago",
                |i| {
                    awaiting(i);
                    i.papers_received = Some(day("2026-03-03"));
                },
                "2026-04-03",
                Some("2026-03-11"),
                Some(Overdue30),
            ),
            (
                "papers 10 days ago, deadline not yet passed: the worse wins",
                |i| {
                    awaiting(i);
                    i.papers_received = Some(day("2026-03-01"));
                },
                "2026-03-11",
                Some("2026-03-11"),
                Some(Overdue10),
            ),
            (
                "papers new, deadline passed: the worse wins",
                |i| {
                    awaiting(i);
                    i.papers_received = Some(day("2026-03-10"));
                },
                "2026-03-12",
                Some("2026-03-11"),
                Some(Overdue10),
            ),
            (
                "released: nothing",
                |i| {
                    awaiting(i);
                    i.status = Status::Released;
                    i.papers_received = Some(day("2026-03-01"));
                },
                "2026-06-01",
                None,
                None,
            ),
        ];
        for (what, edit, today, deadline, alert) in cases {
            let id = born("1990-05-20");
            let mut input = base(&id);
            edit(&mut input);
            let facts = derive(&input, day(today), &Rules::default());
            assert_eq!(facts.report_deadline, deadline.map(day), "{what}: deadline");
            assert_eq!(facts.report_alert, *alert, "{what}: alert");
        }
    }

    /// Key subjects: (what, birth date, edit, reasons, key). Today is 2026-03-01.
    #[test]
    fn key_subjects() {
        use KeyReason::*;
        let cases: &[(&str, &str, Edit, &[KeyReason], bool)] = &[
            ("nothing", "1990-05-20", |_| {}, &[], false),
            (
                "no crime typed",
                "1990-05-20",
                |i| i.crime = None,
                &[],
                false,
            ),
            (
                "assault",
                "1990-05-20",
                |i| i.crime = Some("故意伤害罪"),
                &[ViolentCrime],
                true,
            ),
            (
                "picking quarrels",
                "1990-05-20",
                |i| i.crime = Some("寻衅滋事罪"),
                &[ViolentCrime],
                true,
            ),
            (
                "theft",
                "1990-05-20",
                |i| i.crime = Some("盗窃罪"),
                &[PropertyCrime],
                true,
            ),
            (
                "contract fraud",
                "1990-05-20",
                |i| i.crime = Some("合同诈骗罪"),
                &[PropertyCrime],
                true,
            ),
            (
                "robbery is both",
                "1990-05-20",
                |i| i.crime = Some("抢劫罪"),
                &[ViolentCrime, PropertyCrime],
                true,
            ),
            (
                "several crimes",
                "1990-05-20",
                |i| i.crime = Some("盗窃罪、故意伤害罪"),
                &[ViolentCrime, PropertyCrime],
                true,
            ),
            ("minor", "2008-03-10", |_| {}, &[Minor], true),
            (
                "leap-day birth is 18 on 1 March",
                "2008-02-29",
                |_| {},
                &[],
                false,
            ),
            (
                "parolee",
                "1990-05-20",
                |i| i.category = Category::Parole,
                &[Parolee],
                true,
            ),
            (
                "medical parole",
                "1990-05-20",
                |i| i.category = Category::TemporaryOutside,
                &[TemporaryOutside],
                true,
            ),
            (
                "surveillance",
                "1990-05-20",
                |i| i.category = Category::Surveillance,
                &[],
                false,
            ),
            (
                "on leave",
                "1990-05-20",
                |i| i.on_leave = true,
                &[OnLeave],
                true,
            ),
            (
                "not complying",
                "1990-05-20",
                |i| i.non_compliant = true,
                &[NonCompliant],
                true,
            ),
            (
                "override off",
                "1990-05-20",
                |i| {
                    i.crime = Some("盗窃罪");
                    i.key_override = Some(false);
                },
                &[PropertyCrime],
                false,
            ),
            (
                "override on",
                "1990-05-20",
                |i| i.key_override = Some(true),
                &[],
                true,
            ),
            (
                "awaiting report counts",
                "1990-05-20",
                |i| {
                    i.status = Status::AwaitingReport;
                    i.category = Category::Parole;
                },
                &[Parolee],
                true,
            ),
            (
                "released is never key",
                "2008-03-10",
                |i| {
                    i.status = Status::Released;
                    i.crime = Some("抢劫罪");
                    i.key_override = Some(true);
                },
                &[],
                false,
            ),
            (
                "terminated is never key",
                "1990-05-20",
                |i| {
                    i.status = Status::Terminated;
                    i.on_leave = true;
                },
                &[],
                false,
            ),
        ];
        for (what, birth, edit, reasons, key) in cases {
            let id = born(birth);
            let mut input = base(&id);
            edit(&mut input);
            let facts = derive(&input, day("2026-03-01"), &Rules::default());
            assert_eq!(facts.key_reasons, *reasons, "{what}: reasons");
            assert_eq!(facts.key_subject, *key, "{what}: key");
        }
    }

    #[test]
    fn rules_come_from_a_partial_table() {
        // An office's table that changes one list and one threshold keeps the other defaults.
        let rules: Rules = serde_json::from_value(serde_json::json!({
            "key": {"violent_crimes": ["危险驾驶", " "]},
            "report": {"serious_alert_days": 20},
        }))
        .unwrap();
        assert_eq!(
            rules.key.property_crimes,
            KeyRules::default().property_crimes
        );
        assert_eq!(rules.report.alert_days, 10);
        let id = born("1990-05-20");
        let mut input = base(&id);
        input.status = Status::AwaitingReport;
        input.papers_received = Some(day("2026-03-01"));
        let facts = derive(&input, day("2026-03-21"), &rules);
        assert_eq!(facts.key_reasons, [KeyReason::ViolentCrime]);
        assert_eq!(facts.report_alert, Some(ReportAlert::Overdue30));
        input.crime = Some("交通肇事罪");
        let facts = derive(&input, day("2026-03-21"), &rules);
        assert!(
            facts.key_reasons.is_empty(),
            "a blank keyword matches nothing"
        );
    }

    #[test]
    fn codes_and_labels() {
        for reason in KeyReason::ALL {
            assert_eq!(KeyReason::parse(reason.as_str()), Some(reason));
            assert!(!reason.label_zh().is_empty());
            assert_eq!(
                serde_json::to_value(reason).unwrap(),
                serde_json::json!(reason.as_str())
            );
        }
        for alert in [
            ReportAlert::Due,
            ReportAlert::Overdue10,
            ReportAlert::Overdue30,
        ] {
            assert_eq!(
                serde_json::to_value(alert).unwrap(),
                serde_json::json!(alert.as_str())
            );
            assert!(!alert.label_zh().is_empty());
        }
    }
}
