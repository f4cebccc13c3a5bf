//! The rules table: every number DOMAIN.md marks "default, configurable", in one value the
//! office administrator edits, versioned by the date each version takes effect.
//!
//! Provinces and counties differ (leave tiers, how far ahead to apply, points schemes), so
//! none of these numbers is hard-coded in the decisions that use them: `leave`, `level`,
//! `assessment`, `ladder`, `deadline` and `due` all take a `&Rules`. A [`RuleBook`] keeps
//! the versions; [`RuleBook::in_force`] answers "which rules judged an event on this date",
//! so changing a rule on the 15th never re-judges a leave applied for on the 10th.
//!
//! Also here: the working-day calendar (Monday to Friday, plus the office's list of extra
//! holidays and of weekend days made working days by China's 调休), because "N working
//! days" is a rule too. Deliberately absent: storage of the book (it is serialised by the
//! caller), who may edit it (an `api` permission), and the statutory rules that are not
//! configurable (those live in code next to the decision that applies them).

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::facts::{KeyRules, ReportRules};
use crate::ladder::Step;
use crate::subject::ManagementLevel;

/// One version of the rules. `Default` is DOMAIN.md's defaults plus the documented choices
/// where DOMAIN.md gives none (each field says which).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    pub calendar: CalendarRules,
    pub leave: LeaveRules,
    /// Reporting after the judgment and the 漏管 alerts (shared with `facts`).
    pub report: ReportRules,
    /// Which crimes make a key subject (shared with `facts`).
    pub key: KeyRules,
    pub levels: LevelRules,
    pub assessment: AssessmentRules,
    pub ladder: LadderRules,
    pub positioning: PositioningRules,
    pub residence: ResidenceRules,
    pub health: HealthRules,
    pub presentence: PresentenceRules,
    pub ending: EndingRules,
    pub decisions: DecisionRules,
    pub privacy: PrivacyRules,
}

/// Working days: Monday to Friday unless the office lists otherwise.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarRules {
    /// Weekdays that are not worked (春节, 国庆 and the like), as published each year.
    pub holidays: Vec<NaiveDate>,
    /// Weekend days that are worked (调休 make-up days).
    pub extra_working_days: Vec<NaiveDate>,
}

/// Leave (外出, Art 27).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeaveRules {
    /// Up to this many days the judicial office approves (and files with the county). 7.
    pub office_max_days: u32,
    /// Up to this many days in one approval the county approves; longer goes above it. 30.
    pub county_max_days: u32,
    /// The rolling window, in calendar months, for the cumulative rule. 2: any span such as
    /// Jan 11 – Mar 10; every such span that overlaps the requested leave is checked.
    pub window_months: u32,
    /// More than this many leave days within the window goes above the county. 30.
    pub window_max_days: u32,
    /// Apply at least this many days before a leave of up to `office_max_days`. 3.
    pub apply_ahead_days: u32,
    /// Apply at least this many days before a longer leave. 7 (one county's published rule;
    /// DOMAIN.md's general rule is 3 for all, so set this to 3 to follow it).
    pub apply_ahead_days_long: u32,
    /// Whether the apply-ahead days are working days. Default false: the general rule says
    /// days; the county that says working days sets this to true.
    pub apply_ahead_working_days: bool,
    /// At most this many leave days in a calendar year, if set. Default none: only one
    /// county publishes a cap (60).
    pub max_days_per_year: Option<u32>,
}

impl Default for LeaveRules {
    fn default() -> Self {
        LeaveRules {
            office_max_days: 7,
            county_max_days: 30,
            window_months: 2,
            window_max_days: 30,
            apply_ahead_days: 3,
            apply_ahead_days_long: 7,
            apply_ahead_working_days: false,
            max_days_per_year: None,
        }
    }
}

/// How often each kind of contact is due at one management level, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frequency {
    /// Check-in (报到).
    pub check_in_days: u32,
    /// Written report (思想汇报).
    pub written_report_days: u32,
    /// Individual education (个别教育).
    pub education_days: u32,
    /// Home or community visit (走访).
    pub visit_days: u32,
}

/// Management levels (分类管理): when 严管 and 宽管 are suggested, and what each demands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LevelRules {
    /// 严管 while in correction for less than this many months. 2.
    pub strict_first_months: u32,
    /// 严管 from this many 训诫. 2.
    pub strict_admonitions: u32,
    /// 严管 from this many 警告. 1 ("any 警告").
    pub strict_warnings: u32,
    /// 严管 from this many public-security penalties. 1 ("any 治安处罚").
    pub strict_police_penalties: u32,
    /// 宽管 only after this many months in correction. 6 (our choice: half a year of record).
    pub lenient_min_months: u32,
    /// ...and this many passing monthly assessments in a row, with no sanction ever. 3.
    pub lenient_good_months: u32,
    /// 严管: weekly check-ins, written reports and individual education (DOMAIN.md);
    /// a visit every 30 days (our choice).
    pub strict: Frequency,
    /// 普管 (our choice): check-in every two weeks, written report, education and visit
    /// monthly.
    pub normal: Frequency,
    /// 宽管 (our choice): check-in, written report and education monthly, a visit every
    /// two months.
    pub lenient: Frequency,
}

impl Default for LevelRules {
    fn default() -> Self {
        LevelRules {
            strict_first_months: 2,
            strict_admonitions: 2,
            strict_warnings: 1,
            strict_police_penalties: 1,
            lenient_min_months: 6,
            lenient_good_months: 3,
            strict: Frequency {
                check_in_days: 7,
                written_report_days: 7,
                education_days: 7,
                visit_days: 30,
            },
            normal: Frequency {
                check_in_days: 14,
                written_report_days: 30,
                education_days: 30,
                visit_days: 30,
            },
            lenient: Frequency {
                check_in_days: 30,
                written_report_days: 30,
                education_days: 30,
                visit_days: 60,
            },
        }
    }
}

impl LevelRules {
    pub fn frequency(&self, level: ManagementLevel) -> Frequency {
        match level {
            ManagementLevel::Strict => self.strict,
            ManagementLevel::Normal => self.normal,
            ManagementLevel::Lenient => self.lenient,
        }
    }
}

/// One line of the points table (计分考核): an addition (points > 0) or a deduction (< 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointItem {
    /// Stable code, what records and imports refer to.
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    /// Points per occurrence: positive adds, negative deducts.
    pub points: i32,
    /// At most this many occurrences count in one month (keeps additions from buying off
    /// deductions); none = no cap.
    pub max_per_month: Option<u32>,
}

/// A points threshold that raises a ladder proposal: a score at or below `at_most`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Threshold {
    pub at_most: i32,
    pub step: Step,
}

/// The monthly points scheme and its grades. Grades: 好 ≥ `good_min`, 较好 ≥ `fair_min`,
/// 一般 ≥ `pass_min`, 差 below (a failed assessment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssessmentRules {
    /// Points every subject starts each month with. 100.
    pub monthly_base: i32,
    pub good_min: i32,
    pub fair_min: i32,
    pub pass_min: i32,
    /// The monthly assessment of month M is due on this day of month M+1. 5.
    pub due_day_of_next_month: u32,
    pub items: Vec<PointItem>,
    /// A month at or below a threshold raises a proposal; the gravest one met wins.
    /// Default: ≤ 60 → 训诫, ≤ 40 → 警告.
    pub monthly_thresholds: Vec<Threshold>,
    /// The same over a quarter's total. Default: ≤ 210 (70 a month) → 训诫, ≤ 150 → 警告.
    pub quarterly_thresholds: Vec<Threshold>,
    /// A full quarter totalling at least this, with no failed month and no deduction,
    /// raises a 表扬 proposal. Default 285 (95 a month).
    pub quarterly_praise_min: i32,
}

/// The default points table: (code, 中文, English, points, at most per month).
#[rustfmt::skip]
const DEFAULT_ITEMS: &[(&str, &str, &str, i32, Option<u32>)] = &[
    (codes::GOOD_DEED, "见义勇为、好人好事", "good deed", 5, Some(2)),
    (codes::REPORTED_CRIME, "检举揭发违法犯罪", "reported a crime", 10, Some(1)),
    (codes::EDUCATION_EXCELLENT, "学习教育表现突出", "outstanding in education", 2, Some(1)),
    (codes::PUBLIC_SERVICE_EXTRA, "公益活动表现突出", "outstanding public service", 2, Some(1)),
    (codes::CHECK_IN_LATE, "未按时报到", "late check-in", -5, None),
    (codes::CHECK_IN_MISSED, "无故未报到", "missed check-in", -10, None),
    (codes::WRITTEN_REPORT_LATE, "未按时提交思想汇报", "late written report", -3, None),
    (codes::EDUCATION_ABSENT, "无故缺席教育学习", "absent from education", -5, None),
    (codes::PUBLIC_SERVICE_ABSENT, "无故缺席公益活动", "absent from public service", -5, None),
    (codes::VISIT_UNCOOPERATIVE, "不配合走访", "uncooperative at a visit", -5, None),
    (codes::LEAVE_OVERDUE, "外出逾期未归（每日）", "back late from leave (per day)", -3, None),
    (codes::LEAVE_UNAPPROVED, "未经批准擅自外出", "left without approval", -20, None),
    (codes::RESIDENCE_UNAPPROVED, "未经批准变更居住地", "moved without approval", -20, None),
    (codes::OUT_OF_CONTACT_DAY, "失去联系（每日）", "out of contact (per day)", -3, None),
    (codes::POSITIONING_TAMPERED, "擅自拆除、损坏定位装置", "tampered with positioning device", -20, None),
    (codes::INJUNCTION_BREACH, "违反禁止令", "breached an injunction", -30, None),
    (codes::ADMONISHED, "受到训诫", "admonished (训诫)", -10, None),
    (codes::WARNED, "受到警告", "warned (警告)", -20, None),
    (codes::POLICE_PENALTY, "受到治安管理处罚", "public-security penalty", -30, None),
];

fn item(code: &str, zh: &str, en: &str, points: i32, max: Option<u32>) -> PointItem {
    PointItem {
        code: code.into(),
        label_zh: zh.into(),
        label_en: en.into(),
        points,
        max_per_month: max,
    }
}

impl Default for AssessmentRules {
    fn default() -> Self {
        // Our defaults, modelled on published street-level schemes: a base of 100, small
        // capped additions, deductions that grow with how far a breach undermines
        // supervision. Codes that `leave` and `ladder` emit are listed in `codes`.
        let items = DEFAULT_ITEMS
            .iter()
            .map(|&(code, zh, en, points, max)| item(code, zh, en, points, max))
            .collect();
        AssessmentRules {
            monthly_base: 100,
            good_min: 90,
            fair_min: 75,
            pass_min: 60,
            due_day_of_next_month: 5,
            items,
            monthly_thresholds: vec![
                Threshold {
                    at_most: 60,
                    step: Step::Admonition,
                },
                Threshold {
                    at_most: 40,
                    step: Step::Warning,
                },
            ],
            quarterly_thresholds: vec![
                Threshold {
                    at_most: 210,
                    step: Step::Admonition,
                },
                Threshold {
                    at_most: 150,
                    step: Step::Warning,
                },
            ],
            quarterly_praise_min: 285,
        }
    }
}

impl AssessmentRules {
    pub fn item(&self, code: &str) -> Option<&PointItem> {
        self.items.iter().find(|i| i.code == code)
    }
}

/// Codes of the default points table that other modules emit, so a typo is a compile error.
pub mod codes {
    pub const GOOD_DEED: &str = "good_deed";
    pub const REPORTED_CRIME: &str = "reported_crime";
    pub const EDUCATION_EXCELLENT: &str = "education_excellent";
    pub const PUBLIC_SERVICE_EXTRA: &str = "public_service_extra";
    pub const CHECK_IN_LATE: &str = "check_in_late";
    pub const CHECK_IN_MISSED: &str = "check_in_missed";
    pub const WRITTEN_REPORT_LATE: &str = "written_report_late";
    pub const EDUCATION_ABSENT: &str = "education_absent";
    pub const PUBLIC_SERVICE_ABSENT: &str = "public_service_absent";
    pub const VISIT_UNCOOPERATIVE: &str = "visit_uncooperative";
    pub const LEAVE_OVERDUE: &str = "leave_overdue_day";
    pub const LEAVE_UNAPPROVED: &str = "leave_unapproved";
    pub const RESIDENCE_UNAPPROVED: &str = "residence_unapproved";
    pub const OUT_OF_CONTACT_DAY: &str = "out_of_contact_day";
    pub const POSITIONING_TAMPERED: &str = "positioning_tampered";
    pub const INJUNCTION_BREACH: &str = "injunction_breach";
    pub const ADMONISHED: &str = "admonished";
    pub const WARNED: &str = "warned";
    pub const POLICE_PENALTY: &str = "police_penalty";
}

/// The sanction ladder's triggers (实施办法 Art 34–36, 46, 49 as DOMAIN.md summarises them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LadderRules {
    /// Out of contact up to this many days: 训诫; more: 警告. 10.
    pub admonition_max_contact_days: u32,
    /// Out of contact more than this many days: revocation (or 收监). 30 ("over a month").
    pub revocation_contact_days: u32,
    /// This many earlier 训诫 and a new breach: 警告. 2.
    pub warning_after_admonitions: u32,
    /// This many earlier 警告 and a new breach: revocation (or 收监). 2.
    pub revocation_after_warnings: u32,
    /// This many minor breaches found at once count as "repeated": 警告. 2.
    pub repeated_breaches: u32,
}

impl Default for LadderRules {
    fn default() -> Self {
        LadderRules {
            admonition_max_contact_days: 10,
            revocation_contact_days: 30,
            warning_after_admonitions: 2,
            revocation_after_warnings: 2,
            repeated_breaches: 2,
        }
    }
}

/// Electronic positioning (电子定位, Art 29).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PositioningRules {
    /// One approval lasts at most this many months. 3.
    pub max_months: u32,
    /// Show the approval on the dashboard this many days before it ends. 7 (our choice: a
    /// renewal needs county approval, a week is enough to get it).
    pub notice_days: u32,
}

impl Default for PositioningRules {
    fn default() -> Self {
        PositioningRules {
            max_months: 3,
            notice_days: 7,
        }
    }
}

/// Change of residence (执行地变更).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResidenceRules {
    /// Apply this many days before the move. 30 ("a month ahead").
    pub apply_ahead_days: u32,
    /// The county asks the new place within this many days of the application. 5.
    pub consult_within_days: u32,
    /// The new place answers within this many days of being asked. 5.
    pub answer_within_days: u32,
    /// The subject reports at the new place within this many days of the decision. 7.
    pub report_within_days: u32,
}

impl Default for ResidenceRules {
    fn default() -> Self {
        ResidenceRules {
            apply_ahead_days: 30,
            consult_within_days: 5,
            answer_within_days: 5,
            report_within_days: 7,
        }
    }
}

/// Health reports for 暂予监外执行 (medical parole).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthRules {
    /// Re-examination every this many months. 3.
    pub reexam_months: u32,
    /// Show it on the dashboard this many days before it is due. 14 (our choice: booking a
    /// hospital examination takes time).
    pub notice_days: u32,
}

impl Default for HealthRules {
    fn default() -> Self {
        HealthRules {
            reexam_months: 3,
            notice_days: 14,
        }
    }
}

/// Pre-sentence assessment (调查评估, Art 18), counted in working days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PresentenceRules {
    /// 10 working days.
    pub working_days: u32,
    /// 5 working days when the court asks for an expedited answer.
    pub working_days_expedited: u32,
}

impl Default for PresentenceRules {
    fn default() -> Self {
        PresentenceRules {
            working_days: 10,
            working_days_expedited: 5,
        }
    }
}

/// Ending (解除/终止).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EndingRules {
    /// Terms ending within this many days are shown (to prepare the 解除 papers). 30.
    pub notice_days: u32,
}

impl Default for EndingRules {
    fn default() -> Self {
        EndingRules { notice_days: 30 }
    }
}

/// Proposals waiting for the office (see `decision`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionRules {
    /// A proposal not decided within this many days shows as overdue on the dashboard. 7
    /// (our choice: no rule sets it; most sanctions hinge on facts that go stale).
    pub decide_within_days: u32,
}

impl Default for DecisionRules {
    fn default() -> Self {
        DecisionRules {
            decide_within_days: 7,
        }
    }
}

/// Who sees the files of subjects under 18, whose identity is confidential (Art 54).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrivacyRules {
    /// Whether village workers see minors' files. false (our choice: Art 52 has minors
    /// corrected apart from adults, which offices do with their own staff, and Art 54 seals
    /// their identity): the file is the office's, and village devices neither show it nor
    /// are sent it. An office that has its villages supervise minors sets true.
    pub villages_see_minors: bool,
}

/// What is wrong with a rules table. Messages name the field as the JSON spells it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("{field} must be greater than zero")]
    NotPositive { field: &'static str },
    #[error("{lower} ({lower_value}) must be less than {upper} ({upper_value})")]
    Misordered {
        lower: &'static str,
        lower_value: i64,
        upper: &'static str,
        upper_value: i64,
    },
    #[error("{lower} ({lower_value}) must not be more than {upper} ({upper_value})")]
    Above {
        lower: &'static str,
        lower_value: i64,
        upper: &'static str,
        upper_value: i64,
    },
    #[error("{field} must be a day of the month from 1 to 28, not {value}")]
    BadDayOfMonth { field: &'static str, value: u32 },
    #[error("the points table lists the code {code:?} more than once")]
    DuplicateItem { code: String },
    #[error("the points table item {code:?} is worth zero points")]
    ZeroItem { code: String },
    #[error("{date} is listed both as a holiday and as an extra working day")]
    HolidayAndWorkingDay { date: NaiveDate },
    #[error("two versions of the rules take effect on the same day, {date}")]
    DuplicateEffectiveDate { date: NaiveDate },
    #[error("a ladder threshold proposes {step}, which is not a sanction")]
    ThresholdNotSanction { step: &'static str },
}

fn positive(field: &'static str, v: u32) -> Result<(), RulesError> {
    if v == 0 {
        Err(RulesError::NotPositive { field })
    } else {
        Ok(())
    }
}

fn ordered(lower: &'static str, a: i64, upper: &'static str, b: i64) -> Result<(), RulesError> {
    if a < b {
        Ok(())
    } else {
        Err(RulesError::Misordered {
            lower,
            lower_value: a,
            upper,
            upper_value: b,
        })
    }
}

fn not_above(lower: &'static str, a: i64, upper: &'static str, b: i64) -> Result<(), RulesError> {
    if a <= b {
        Ok(())
    } else {
        Err(RulesError::Above {
            lower,
            lower_value: a,
            upper,
            upper_value: b,
        })
    }
}

impl Rules {
    /// The sections `facts::derive` reads, so facts and deadlines answer from one table.
    pub fn facts(&self) -> crate::facts::Rules {
        crate::facts::Rules {
            key: self.key.clone(),
            report: self.report,
        }
    }

    /// Thresholds positive and in order; codes unique; the calendar consistent. The first
    /// problem found is returned, so the administrator fixes one thing at a time.
    pub fn validate(&self) -> Result<(), RulesError> {
        let l = &self.leave;
        positive("leave.office_max_days", l.office_max_days)?;
        positive("leave.county_max_days", l.county_max_days)?;
        positive("leave.window_months", l.window_months)?;
        positive("leave.window_max_days", l.window_max_days)?;
        ordered(
            "leave.office_max_days",
            l.office_max_days.into(),
            "leave.county_max_days",
            l.county_max_days.into(),
        )?;
        not_above(
            "leave.apply_ahead_days",
            l.apply_ahead_days.into(),
            "leave.apply_ahead_days_long",
            l.apply_ahead_days_long.into(),
        )?;
        if let Some(cap) = l.max_days_per_year {
            positive("leave.max_days_per_year", cap)?;
        }
        positive(
            "decisions.decide_within_days",
            self.decisions.decide_within_days,
        )?;
        let r = &self.report;
        positive("report.report_days", r.report_days)?;
        positive("report.alert_days", r.alert_days)?;
        ordered(
            "report.alert_days",
            r.alert_days.into(),
            "report.serious_alert_days",
            r.serious_alert_days.into(),
        )?;
        let v = &self.levels;
        positive("levels.strict_admonitions", v.strict_admonitions)?;
        positive("levels.strict_warnings", v.strict_warnings)?;
        positive("levels.strict_police_penalties", v.strict_police_penalties)?;
        for (name, f) in [
            ("levels.strict", v.strict),
            ("levels.normal", v.normal),
            ("levels.lenient", v.lenient),
        ] {
            // A zero frequency would make a contact due every day forever.
            if f.check_in_days == 0
                || f.written_report_days == 0
                || f.education_days == 0
                || f.visit_days == 0
            {
                return Err(RulesError::NotPositive { field: name });
            }
        }
        let a = &self.assessment;
        ordered(
            "assessment.pass_min",
            a.pass_min.into(),
            "assessment.fair_min",
            a.fair_min.into(),
        )?;
        ordered(
            "assessment.fair_min",
            a.fair_min.into(),
            "assessment.good_min",
            a.good_min.into(),
        )?;
        not_above(
            "assessment.good_min",
            a.good_min.into(),
            "assessment.monthly_base",
            a.monthly_base.into(),
        )?;
        if !(1..=28).contains(&a.due_day_of_next_month) {
            return Err(RulesError::BadDayOfMonth {
                field: "assessment.due_day_of_next_month",
                value: a.due_day_of_next_month,
            });
        }
        for (i, it) in a.items.iter().enumerate() {
            if a.items[..i].iter().any(|o| o.code == it.code) {
                return Err(RulesError::DuplicateItem {
                    code: it.code.clone(),
                });
            }
            if it.points == 0 {
                return Err(RulesError::ZeroItem {
                    code: it.code.clone(),
                });
            }
        }
        for t in a.monthly_thresholds.iter().chain(&a.quarterly_thresholds) {
            if t.step == Step::Praise {
                return Err(RulesError::ThresholdNotSanction {
                    step: t.step.as_str(),
                });
            }
        }
        let d = &self.ladder;
        positive(
            "ladder.admonition_max_contact_days",
            d.admonition_max_contact_days,
        )?;
        ordered(
            "ladder.admonition_max_contact_days",
            d.admonition_max_contact_days.into(),
            "ladder.revocation_contact_days",
            d.revocation_contact_days.into(),
        )?;
        positive(
            "ladder.warning_after_admonitions",
            d.warning_after_admonitions,
        )?;
        positive(
            "ladder.revocation_after_warnings",
            d.revocation_after_warnings,
        )?;
        positive("ladder.repeated_breaches", d.repeated_breaches)?;
        positive("positioning.max_months", self.positioning.max_months)?;
        let s = &self.residence;
        positive("residence.consult_within_days", s.consult_within_days)?;
        positive("residence.answer_within_days", s.answer_within_days)?;
        positive("residence.report_within_days", s.report_within_days)?;
        positive("health.reexam_months", self.health.reexam_months)?;
        let p = &self.presentence;
        positive(
            "presentence.working_days_expedited",
            p.working_days_expedited,
        )?;
        not_above(
            "presentence.working_days_expedited",
            p.working_days_expedited.into(),
            "presentence.working_days",
            p.working_days.into(),
        )?;
        if let Some(date) = self
            .calendar
            .holidays
            .iter()
            .find(|d| self.calendar.extra_working_days.contains(d))
        {
            return Err(RulesError::HolidayAndWorkingDay { date: *date });
        }
        Ok(())
    }
}

impl CalendarRules {
    /// Monday to Friday, unless listed as a holiday; a listed extra working day always is.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.extra_working_days.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The working days in `[from, to)`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .take_while(|d| *d < to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }

    /// The `n`th working day after `start` (start itself not counted): the deadline of
    /// "within n working days of start". `n = 0` gives `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// `d` plus `n` calendar days (saturating at the end of the calendar, which is far away).
pub fn add_days(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_days(Days::new(n.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// `d` minus `n` calendar days.
pub fn sub_days(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_days(Days::new(n.into()))
        .unwrap_or(NaiveDate::MIN)
}

/// `d` plus `n` months; a day that does not exist in the target month becomes its last
/// day (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day of a period of `n` months starting on `start` (公历月 counting, as for
/// sentences): the day before the same date `n` months on, or the last day of the target
/// month when that date does not exist. Jan 1 + 3 months ends Mar 31; Jan 31 ends Apr 30;
/// Nov 30 2027 ends Feb 29 2028.
pub fn months_period_end(start: NaiveDate, n: u32) -> NaiveDate {
    let same = add_months(start, n);
    if same.day() < start.day() {
        same
    } else {
        same.pred_opt().unwrap_or(same)
    }
}

/// Days from `from` to `to` inclusive (a leave from the 1st to the 7th is 7 days); zero
/// when `to` is before `from`.
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> u32 {
    let n = (to - from).num_days() + 1;
    n.max(0) as u32
}

/// Every version of the rules an office has had, each from the day it took effect. Read from
/// JSON through [`RuleBook::new`], so a stored book is validated like a typed one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<RuleVersion>", into = "Vec<RuleVersion>")]
pub struct RuleBook {
    /// Sorted by `effective_from`, no two on one day.
    versions: Vec<RuleVersion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleVersion {
    pub effective_from: NaiveDate,
    pub rules: Rules,
}

impl TryFrom<Vec<RuleVersion>> for RuleBook {
    type Error = RulesError;
    fn try_from(versions: Vec<RuleVersion>) -> Result<RuleBook, RulesError> {
        RuleBook::new(versions)
    }
}

impl From<RuleBook> for Vec<RuleVersion> {
    fn from(book: RuleBook) -> Vec<RuleVersion> {
        book.versions
    }
}

static DEFAULT_RULES: LazyLock<Rules> = LazyLock::new(Rules::default);

impl RuleBook {
    /// A book from versions in any order; each is validated.
    pub fn new(mut versions: Vec<RuleVersion>) -> Result<RuleBook, RulesError> {
        versions.sort_by_key(|v| v.effective_from);
        for w in versions.windows(2) {
            if w[0].effective_from == w[1].effective_from {
                return Err(RulesError::DuplicateEffectiveDate {
                    date: w[0].effective_from,
                });
            }
        }
        for v in &versions {
            v.rules.validate()?;
        }
        Ok(RuleBook { versions })
    }

    /// Adds a version (validated); a version on a day that already has one is refused, so an
    /// edit of a past version is never silent.
    pub fn add(&mut self, version: RuleVersion) -> Result<(), RulesError> {
        version.rules.validate()?;
        if self
            .versions
            .iter()
            .any(|v| v.effective_from == version.effective_from)
        {
            return Err(RulesError::DuplicateEffectiveDate {
                date: version.effective_from,
            });
        }
        let at = self
            .versions
            .partition_point(|v| v.effective_from < version.effective_from);
        self.versions.insert(at, version);
        Ok(())
    }

    pub fn versions(&self) -> &[RuleVersion] {
        &self.versions
    }

    /// The rules that judged events on `date`: the latest version in effect on or before it;
    /// before the first version, the defaults.
    pub fn in_force(&self, date: NaiveDate) -> &Rules {
        let at = self.versions.partition_point(|v| v.effective_from <= date);
        match at {
            0 => &DEFAULT_RULES,
            n => &self.versions[n - 1].rules,
        }
    }
}

#[cfg(test)]
pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_round_trip_through_json() {
        let r = Rules::default();
        r.validate().unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Rules>(&json).unwrap(), r);
        // A table saved by an older version, missing whole sections, still loads.
        let partial: Rules = serde_json::from_str(r#"{"leave":{"office_max_days":5}}"#).unwrap();
        assert_eq!(partial.leave.office_max_days, 5);
        assert_eq!(partial.leave.county_max_days, 30);
        assert_eq!(partial.report, ReportRules::default());
    }

    fn check_invalid(edit: fn(&mut Rules), message: &str) {
        let mut r = Rules::default();
        edit(&mut r);
        let err = r.validate().unwrap_err();
        assert_eq!(err.to_string(), message);
    }

    #[test]
    fn validation_names_the_field_in_plain_english() {
        type Edit = fn(&mut Rules);
        let cases: &[(Edit, &str)] = &[
            (
                |r| r.leave.office_max_days = 0,
                "leave.office_max_days must be greater than zero",
            ),
            (
                |r| r.leave.office_max_days = 30,
                "leave.office_max_days (30) must be less than leave.county_max_days (30)",
            ),
            (
                |r| r.leave.apply_ahead_days_long = 1,
                "leave.apply_ahead_days (3) must not be more than leave.apply_ahead_days_long (1)",
            ),
            (
                |r| r.report.serious_alert_days = 10,
                "report.alert_days (10) must be less than report.serious_alert_days (10)",
            ),
            (
                |r| r.levels.normal.visit_days = 0,
                "levels.normal must be greater than zero",
            ),
            (
                |r| r.assessment.fair_min = 95,
                "assessment.fair_min (95) must be less than assessment.good_min (90)",
            ),
            (
                |r| r.assessment.good_min = 101,
                "assessment.good_min (101) must not be more than assessment.monthly_base (100)",
            ),
            (
                |r| r.presentence.working_days_expedited = 11,
                "presentence.working_days_expedited (11) must not be more than presentence.working_days (10)",
            ),
            (
                |r| r.assessment.due_day_of_next_month = 31,
                "assessment.due_day_of_next_month must be a day of the month from 1 to 28, not 31",
            ),
            (
                |r| {
                    let dup = r.assessment.items[0].clone();
                    r.assessment.items.push(dup);
                },
                "the points table lists the code \"good_deed\" more than once",
            ),
            (
                |r| r.assessment.items[1].points = 0,
                "the points table item \"reported_crime\" is worth zero points",
            ),
            (
                |r| r.assessment.monthly_thresholds[0].step = Step::Praise,
                "a ladder threshold proposes praise, which is not a sanction",
            ),
            (
                |r| r.ladder.revocation_contact_days = 10,
                "ladder.admonition_max_contact_days (10) must be less than ladder.revocation_contact_days (10)",
            ),
            (
                |r| {
                    r.calendar.holidays.push(date("2026-10-10"));
                    r.calendar.extra_working_days.push(date("2026-10-10"));
                },
                "2026-10-10 is listed both as a holiday and as an extra working day",
            ),
        ];
        for (edit, message) in cases {
            check_invalid(*edit, message);
        }
    }

    fn book() -> RuleBook {
        let mut r5 = Rules::default();
        r5.leave.office_max_days = 5;
        let mut r10 = Rules::default();
        r10.leave.office_max_days = 10;
        // Given out of order on purpose.
        RuleBook::new(vec![
            RuleVersion {
                effective_from: date("2027-01-01"),
                rules: r10,
            },
            RuleVersion {
                effective_from: date("2026-07-15"),
                rules: r5,
            },
        ])
        .unwrap()
    }

    #[test]
    fn the_version_in_force_is_the_latest_on_or_before_the_date() {
        let b = book();
        let cases = [
            ("2026-07-14", 7), // before the first version: defaults
            ("2026-07-15", 5), // the day it takes effect
            ("2026-12-31", 5), // year end
            ("2027-01-01", 10),
            ("2030-02-28", 10),
        ];
        for (d, want) in cases {
            assert_eq!(b.in_force(date(d)).leave.office_max_days, want, "{d}");
        }
    }

    #[test]
    fn book_refuses_two_versions_on_one_day_and_invalid_rules() {
        let mut b = book();
        let err = b
            .add(RuleVersion {
                effective_from: date("2026-07-15"),
                rules: Rules::default(),
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "two versions of the rules take effect on the same day, 2026-07-15"
        );
        let mut bad = Rules::default();
        bad.positioning.max_months = 0;
        assert!(
            b.add(RuleVersion {
                effective_from: date("2028-01-01"),
                rules: bad
            })
            .is_err()
        );
        b.add(RuleVersion {
            effective_from: date("2026-09-01"),
            rules: Rules::default(),
        })
        .unwrap();
        assert_eq!(b.in_force(date("2026-09-01")).leave.office_max_days, 7);
        assert_eq!(b.in_force(date("2026-08-31")).leave.office_max_days, 5);
        assert_eq!(b.versions().len(), 3);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(serde_json::from_str::<RuleBook>(&json).unwrap(), b);
        let bad = r#"[{"effective_from":"2026-01-01","rules":{"health":{"reexam_months":0}}}]"#;
        assert_eq!(
            serde_json::from_str::<RuleBook>(bad)
                .unwrap_err()
                .to_string(),
            "health.reexam_months must be greater than zero"
        );
    }

    fn calendar() -> CalendarRules {
        CalendarRules {
            // 国庆 2026: Oct 1–7 off (Oct 1, 2 fall on Thu, Fri); Sat Oct 10 worked.
            holidays: (1..=7).map(|d| date(&format!("2026-10-0{d}"))).collect(),
            extra_working_days: vec![date("2026-10-10")],
        }
    }

    #[test]
    fn working_days_across_weekends_and_holidays() {
        let c = calendar();
        // (start, n working days later, expected deadline)
        let cases = [
            ("2026-11-20", 1, "2026-11-23"), // Friday + 1 = Monday
            ("2026-11-21", 1, "2026-11-23"), // Saturday + 1 = Monday
            ("2026-11-23", 5, "2026-11-30"), // a full week
            ("2026-09-30", 1, "2026-10-08"), // Wed before the holiday: the 8th (Thu)
            ("2026-09-30", 3, "2026-10-10"), // the make-up Saturday counts
            ("2026-12-31", 1, "2027-01-01"), // no holiday listed for 2027: Jan 1 is a Friday
            ("2026-11-23", 0, "2026-11-23"),
        ];
        for (start, n, want) in cases {
            assert_eq!(
                c.add_working_days(date(start), n),
                date(want),
                "{start}+{n}"
            );
        }
        assert_eq!(
            c.working_days_between(date("2026-09-28"), date("2026-10-12")),
            6 // Mon 28, Tue 29, Wed 30; Oct 1-7 off; Thu 8, Fri 9, make-up Sat 10
        );
        assert!(!c.is_working_day(date("2026-10-01")));
        assert!(c.is_working_day(date("2026-10-10")));
        assert!(!c.is_working_day(date("2026-10-11")));
    }

    #[test]
    fn month_periods_at_month_ends_and_leap_days() {
        let cases = [
            ("2026-01-01", 3, "2026-03-31"),
            ("2026-01-31", 3, "2026-04-30"),
            ("2026-03-01", 3, "2026-05-31"),
            ("2027-11-30", 3, "2028-02-29"), // into a leap February
            ("2028-02-29", 3, "2028-05-28"),
            ("2028-02-29", 12, "2029-02-28"),
            ("2026-10-01", 3, "2026-12-31"),
            ("2026-12-31", 2, "2027-02-28"),
        ];
        for (start, n, want) in cases {
            assert_eq!(
                months_period_end(date(start), n),
                date(want),
                "{start}+{n}m"
            );
        }
        assert_eq!(days_inclusive(date("2028-02-28"), date("2028-03-01")), 3);
        assert_eq!(days_inclusive(date("2026-12-31"), date("2027-01-01")), 2);
        assert_eq!(days_inclusive(date("2026-12-31"), date("2026-12-30")), 0);
    }
}
