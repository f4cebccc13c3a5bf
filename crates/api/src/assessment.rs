//! Monthly assessments (月度考核) and management-level changes as use cases.
//!
//! The score is core's (`assessment::monthly`: base, additions and deductions from the
//! points table in force, grade, the ladder step a low score proposes); the level rules and
//! the check of a level decision are core's too (`level::suggest`, `level::change`). Here:
//! who may, which subject, and one op-logged entity per assessment or decision. An
//! assessment's id is `<subject id>/<YYYY-MM>`, so assessing a month again (a correction)
//! rewrites that month's entity rather than adding a second one; the log keeps both.
//! Villages assess (the proposal); the office adds its opinion and decides level changes.
//! Read here too: the quarterly roll-up (core's `quarterly` over the stored monthly scores,
//! never re-scored, so a later change of the points table or a subject released since does
//! not change a quarter already assessed), the points table in force on a day (what the form
//! offers) and the level the rules suggest today.
//! Sanctions are proposals and decisions (`decision`); the approved ones count here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dossier_core::assessment::{self as scoring, MonthlyInput, MonthlyItem, YearMonth};
use dossier_core::ladder::Step;
use dossier_core::level::{self, LevelInput};
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::subject::{ManagementLevel, Status};
use dossier_store::Change;
use dossier_store::query::{self, SubjectRecord};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::archive::fields;
use crate::view::{
    AssessmentItemInput, AssessmentView, LevelChangeView, LevelSuggestionView, PointItemView,
    PointsTableView, ProposalInput, QuarterMonthView, QuarterView, ScoreLineView,
};
use crate::{Env, Error, Result, Session};

/// What an assessment's `items` field holds (JSON text): the items as recorded and the
/// lines as scored.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredItems {
    items: Vec<MonthlyItem>,
    lines: Vec<scoring::ScoreLine>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct StoredAssessment {
    id: String,
    subject_id: String,
    month: String,
    items: Option<String>,
    points: Option<i64>,
    grade: String,
    proposal: Option<String>,
    assessor: String,
    assessed_on: String,
    office_opinion: Option<String>,
}

fn damaged() -> Error {
    Error::Damaged("a stored assessment is unreadable".into())
}

fn stored(conn: &Connection, subject_id: Option<&str>) -> Result<Vec<StoredAssessment>> {
    crate::archive::typed_rows(
        conn,
        Entity::Assessment,
        subject_id.map(|s| ("subject_id", s)),
        damaged,
    )
}

/// The latest assessed month ("YYYY-MM") of every subject that has one.
pub(crate) fn last_assessed(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for a in stored(conn, None)? {
        let e = out.entry(a.subject_id).or_default();
        if a.month > *e {
            *e = a.month;
        }
    }
    Ok(out)
}

fn stored_items(a: &StoredAssessment) -> Result<StoredItems> {
    Ok(a.items
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| damaged())?
        .unwrap_or_default())
}

/// A stored month as core scored it: the roll-up works from what was recorded.
fn score_of(a: &StoredAssessment) -> Result<scoring::MonthlyScore> {
    let month = YearMonth::try_from(a.month.clone()).map_err(|_| damaged())?;
    let grade: scoring::Grade = serde_json::from_value(json!(a.grade)).map_err(|_| damaged())?;
    let lines = stored_items(a)?.lines;
    let additions: i32 = lines.iter().map(|l| l.points).filter(|p| *p > 0).sum();
    let deductions: i32 = lines.iter().map(|l| l.points).filter(|p| *p < 0).sum();
    let points = a.points.ok_or_else(damaged)? as i32;
    Ok(scoring::MonthlyScore {
        month,
        base: points - additions - deductions,
        points,
        additions,
        deductions,
        grade,
        proposal: a.proposal.as_deref().and_then(Step::parse),
        lines,
    })
}

/// "2026-Q4" (also "2026q4", any case, spaces around) as (2026, 4).
fn parse_quarter(text: &str) -> Result<(i32, u32)> {
    let bad = || {
        Error::Invalid(format!(
            "The quarter {text:?} is not written YYYY-Qn; write it like 2026-Q4 (quarters 1 to 4)."
        ))
    };
    let upper = text.trim().to_ascii_uppercase();
    let (y, q) = upper.split_once('Q').ok_or_else(bad)?;
    let y = y.strip_suffix('-').unwrap_or(y);
    let year = (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .then(|| y.parse::<i32>().ok())
        .flatten()
        .ok_or_else(bad)?;
    let number = (q.len() == 1)
        .then(|| q.parse::<u32>().ok())
        .flatten()
        .filter(|n| (1..=4).contains(n))
        .ok_or_else(bad)?;
    Ok((year, number))
}

/// What core's level rules look at, as the file records it on `today`. Approved sanctions
/// count (`decision`); a risk assessment is not recorded in the file yet, so the risk is low
/// until it is (the suggestion view says so).
fn level_input(conn: &Connection, s: &SubjectRecord, today: NaiveDate) -> Result<LevelInput> {
    let mut months = stored(conn, Some(&s.id))?;
    months.sort_by(|a, b| b.month.cmp(&a.month));
    let failed_assessment = months.first().is_some_and(|a| a.grade == "fail");
    let passing_months_in_a_row = months.iter().take_while(|a| a.grade != "fail").count();
    let correction_start: NaiveDate = s
        .correction_start
        .parse()
        .map_err(|_| Error::Damaged("a subject's correction start is unreadable".into()))?;
    // The sanctions the office approved count; proposals still waiting do not.
    let steps = crate::decision::sanctions_decided(conn, &s.id)?;
    let count = |step: Step| steps.iter().filter(|x| **x == step).count() as u32;
    Ok(LevelInput {
        correction_start,
        today,
        high_risk: false,
        admonitions: count(Step::Admonition),
        warnings: count(Step::Warning),
        police_penalties: count(Step::PolicePenaltyRequest),
        failed_assessment,
        passing_months_in_a_row: passing_months_in_a_row as u32,
    })
}

fn view(conn: &Connection, a: StoredAssessment) -> Result<AssessmentView> {
    let items = stored_items(&a)?;
    let table = crate::rules::book(conn)?;
    let labels = &table.in_force(NaiveDate::MAX).assessment;
    Ok(AssessmentView {
        assessor: query::officer(conn, &a.assessor)?.map_or(a.assessor.clone(), |o| o.name),
        id: a.id,
        subject_id: a.subject_id,
        month: a.month,
        points: a.points.unwrap_or(0) as i32,
        grade: a.grade,
        proposal: a.proposal,
        assessed_on: a.assessed_on,
        office_opinion: a.office_opinion,
        lines: items
            .lines
            .into_iter()
            .map(|l| ScoreLineView {
                label: labels
                    .item(&l.code)
                    .map_or_else(|| l.code.clone(), |i| i.label_zh.clone()),
                code: l.code,
                count: l.count,
                counted: l.counted,
                points: l.points,
            })
            .collect(),
    })
}

/// The op that records a scored month (`items` as recorded, `score` as core made it).
pub(crate) fn assessment_change(
    op_id: String,
    subject_id: &str,
    items: Vec<MonthlyItem>,
    score: &scoring::MonthlyScore,
    assessor: &str,
    assessed_on: NaiveDate,
) -> Change {
    let stored_items = StoredItems {
        items,
        lines: score.lines.clone(),
    };
    Change {
        op_id,
        entity: Entity::Assessment,
        entity_id: format!("{subject_id}/{}", score.month),
        fields: fields(&[
            ("subject_id", json!(subject_id)),
            ("month", json!(score.month.to_string())),
            (
                "items",
                json!(serde_json::to_string(&stored_items).unwrap_or_default()),
            ),
            ("points", json!(score.points)),
            ("grade", json!(score.grade.as_str())),
            ("proposal", json!(score.proposal.map(|p| p.as_str()))),
            ("assessor", json!(assessor)),
            ("assessed_on", json!(assessed_on.to_string())),
        ]),
    }
}

impl Session {
    /// Assesses one month of a subject with core's points scheme. `month` is "YYYY-MM";
    /// `items` are codes of the points table with their days; a late return from leave
    /// recorded in the month is added as `leave_overdue_day` items (one per day late) unless
    /// `items` lists that code, and so is each violation record of the month whose type is
    /// an item of the points table (e.g. `leave_unapproved`). A score at a threshold of the
    /// points table also records the sanction proposal it calls for (see `decision`), unless
    /// one is open. A released or terminated
    /// subject, a month before the correction or an unknown item is `assessment_refused`.
    pub fn assess(
        &mut self,
        subject_id: &str,
        month: &str,
        items: Vec<AssessmentItemInput>,
        env: &mut Env,
    ) -> Result<AssessmentView> {
        self.require(Action::EditSubjects, "record assessments")?;
        let s = self.subject_in_scope(subject_id)?;
        let month = YearMonth::try_from(month.trim().to_owned())
            .map_err(|e| Error::Invalid(format!("The month is wrong: {e}.")))?;
        let today = env.today();
        if month > YearMonth::of(today) {
            return Err(Error::Invalid(format!(
                "{month} has not begun yet; a month is assessed during or after it."
            )));
        }
        let mut parsed = Vec::with_capacity(items.len());
        for it in items {
            let on: NaiveDate = it.on.trim().parse().map_err(|_| {
                Error::Invalid(format!(
                    "The day of the item {:?} must be a date written YYYY-MM-DD.",
                    it.code
                ))
            })?;
            let count = it.count.unwrap_or(1);
            if count == 0 {
                return Err(Error::Invalid(format!(
                    "The item {:?} counts zero times; leave it out instead.",
                    it.code
                )));
            }
            parsed.push(MonthlyItem {
                code: it.code.trim().to_owned(),
                on,
                count,
            });
        }
        let status = Status::parse(&s.status)
            .ok_or_else(|| Error::Damaged("a subject's status is unreadable".into()))?;
        let correction_start: NaiveDate = s
            .correction_start
            .parse()
            .map_err(|_| Error::Damaged("a subject's correction start is unreadable".into()))?;
        let book = crate::rules::book(self.archive.conn())?;
        // A late return from leave recorded in the month feeds the assessment by itself,
        // unless the assessor listed that item already.
        let overdue_code = dossier_core::rules::codes::LEAVE_OVERDUE;
        if !parsed.iter().any(|i| i.code == overdue_code) {
            for l in crate::leave::stored(self.archive.conn(), Some(subject_id))? {
                let Some(on) = l.returned_on.as_deref().and_then(|d| d.parse().ok()) else {
                    continue;
                };
                let days = l.overdue_days.unwrap_or(0);
                let scored = book.in_force(on).assessment.item(overdue_code).is_some();
                if days > 0 && month.contains(on) && scored {
                    parsed.push(MonthlyItem {
                        code: overdue_code.to_owned(),
                        on,
                        count: days as u32,
                    });
                }
            }
        }
        // So does a violation recorded in the month whose type is an item of the points
        // table (leaving without approval, a missed check-in), once per violation, unless
        // the assessor listed that item.
        let listed: Vec<String> = parsed.iter().map(|i| i.code.clone()).collect();
        for r in query::records(self.archive.conn(), subject_id, Some("violation"))? {
            let (Some(on), Some(code)) = (
                r.date.as_deref().and_then(|d| d.parse::<NaiveDate>().ok()),
                r.data.get("violation_type").and_then(Value::as_str),
            ) else {
                continue;
            };
            let scored = book.in_force(on).assessment.item(code).is_some();
            if month.contains(on) && scored && !listed.iter().any(|c| c == code) {
                parsed.push(MonthlyItem {
                    code: code.to_owned(),
                    on,
                    count: 1,
                });
            }
        }
        let input = MonthlyInput {
            month,
            status,
            correction_start,
            items: parsed,
        };
        let score = scoring::monthly(&input, &book)
            .map_err(|e| Error::AssessmentRefused(format!("The assessment was refused: {e}.")))?;
        let id = format!("{subject_id}/{month}");
        let change = assessment_change(
            env.new_id(),
            subject_id,
            input.items,
            &score,
            &self.officer.id,
            today,
        );
        let mut changes = vec![change];
        // A score at a threshold raises the proposal the ladder names, in the same write,
        // for the office to decide — unless one is open already or the step does not apply
        // to the category: the assessment stands either way.
        if let Some(step) = score.proposal {
            let input = ProposalInput {
                matter: "sanction".into(),
                step: Some(step.as_str().into()),
                facts: format!(
                    "{month}月度考核{}分，达到计分考核细则中提请{}的分数线。",
                    score.points,
                    step.label_zh()
                ),
                grounds: "社区矫正计分考核细则（司法所规则表）".into(),
                ..ProposalInput::default()
            };
            if let Ok(c) = self.new_proposal(&s, &input, env) {
                changes.push(c);
            }
        }
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), changes)?;
        let conn = self.archive.conn();
        let a = stored(conn, Some(subject_id))?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::Internal("the assessment cannot be read back".into()))?;
        view(conn, a)
    }

    /// Records the office's opinion on a monthly assessment (office roles only). The id is
    /// the assessment's (`<subject id>/<YYYY-MM>`).
    pub fn assessment_opinion(
        &mut self,
        assessment_id: &str,
        opinion: &str,
        env: &mut Env,
    ) -> Result<AssessmentView> {
        self.require(
            Action::Decide,
            "give the office's opinion on assessments (the judicial office gives it)",
        )?;
        let subject_id = assessment_id.split('/').next().unwrap_or_default();
        self.subject_in_scope(subject_id)?;
        let conn = self.archive.conn();
        if !stored(conn, Some(subject_id))?
            .iter()
            .any(|a| a.id == assessment_id)
        {
            return Err(Error::NotFound("The assessment".into()));
        }
        let opinion = opinion.trim();
        if opinion.is_empty() {
            return Err(Error::Invalid(
                "The opinion is empty; write the office's opinion.".into(),
            ));
        }
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Assessment,
            entity_id: assessment_id.to_owned(),
            fields: fields(&[("office_opinion", json!(opinion))]),
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        let conn = self.archive.conn();
        let a = stored(conn, Some(subject_id))?
            .into_iter()
            .find(|a| a.id == assessment_id)
            .ok_or_else(|| Error::Internal("the assessment cannot be read back".into()))?;
        view(conn, a)
    }

    /// A subject's monthly assessments, the latest month first.
    pub fn assessment_list(&self, subject_id: &str) -> Result<Vec<AssessmentView>> {
        self.require(Action::ViewSubjects, "view assessments")?;
        self.subject_in_scope(subject_id)?;
        let conn = self.archive.conn();
        let mut all = stored(conn, Some(subject_id))?;
        all.sort_by(|a, b| b.month.cmp(&a.month));
        all.into_iter().map(|a| view(conn, a)).collect()
    }

    /// Decides a change of management level (严管/普管/宽管) with its reason: core checks
    /// the decision against the level the rules suggest and records whether it departs
    /// from it. Office roles only. The subject's level and the decision are one write.
    pub fn level_change(
        &mut self,
        subject_id: &str,
        to: &str,
        reason: &str,
        env: &mut Env,
    ) -> Result<LevelChangeView> {
        self.require(
            Action::Decide,
            "change management levels (the judicial office decides)",
        )?;
        let s = self.subject_in_scope(subject_id)?;
        let to = ManagementLevel::parse(to).ok_or_else(|| {
            Error::Invalid(
                "The management level must be strict, normal or lenient (严管/普管/宽管).".into(),
            )
        })?;
        let from = s
            .management_level
            .as_deref()
            .and_then(ManagementLevel::parse);
        let today = env.today();
        let conn = self.archive.conn();
        let book = crate::rules::book(conn)?;
        let input = level_input(conn, &s, today)?;
        let suggestion = level::suggest(&input, book.in_force(today));
        let decided = level::change(from, to, today, reason, &self.officer.id, &suggestion)
            .map_err(|e| Error::Invalid(format!("The management level was not changed: {e}.")))?;
        let id = env.new_id();
        let changes = vec![
            Change {
                op_id: env.new_id(),
                entity: Entity::LevelChange,
                entity_id: id.clone(),
                fields: fields(&[
                    ("subject_id", json!(subject_id)),
                    ("on", json!(today.to_string())),
                    ("from_level", json!(from.map(ManagementLevel::as_str))),
                    ("to_level", json!(to.as_str())),
                    ("reason", json!(decided.reason)),
                    ("decided_by", json!(decided.decided_by)),
                    ("against_suggestion", json!(decided.against_suggestion)),
                ]),
            },
            Change {
                op_id: env.new_id(),
                entity: Entity::Subject,
                entity_id: subject_id.to_owned(),
                fields: fields(&[("management_level", json!(to.as_str()))]),
            },
        ];
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), changes)?;
        self.name_keys = None;
        Ok(LevelChangeView {
            id,
            subject_id: subject_id.to_owned(),
            on: today.to_string(),
            from_level: from.map(|l| l.as_str().to_owned()),
            to_level: to.as_str().to_owned(),
            reason: decided.reason,
            decided_by: self.officer.name.clone(),
            against_suggestion: decided.against_suggestion,
        })
    }

    /// The quarterly roll-up (季度考核) of one subject: core's `quarterly` over the months of
    /// `quarter` ("2026-Q4") assessed so far. A quarter with no assessed month is refused
    /// with `invalid_input`, as is a quarter not written YYYY-Qn.
    pub fn assessment_quarter(&self, subject_id: &str, quarter: &str) -> Result<QuarterView> {
        self.require(Action::ViewSubjects, "view assessments")?;
        let (year, number) = parse_quarter(quarter)?;
        self.subject_in_scope(subject_id)?;
        let conn = self.archive.conn();
        let in_quarter: Vec<YearMonth> = (1..=3)
            .filter_map(|i| YearMonth::new(year, (number - 1) * 3 + i))
            .collect();
        let mut months: Vec<StoredAssessment> = stored(conn, Some(subject_id))?
            .into_iter()
            .filter(|a| in_quarter.iter().any(|m| m.to_string() == a.month))
            .collect();
        months.sort_by(|a, b| a.month.cmp(&b.month));
        if months.is_empty() {
            return Err(Error::Invalid(format!(
                "No month of {year}-Q{number} has been assessed for this subject yet; assess at least one of its months first."
            )));
        }
        let scores = months.iter().map(score_of).collect::<Result<Vec<_>>>()?;
        let book = crate::rules::book(conn)?;
        let q = scoring::quarterly(&scores, &book).map_err(|e| {
            Error::AssessmentRefused(format!("The quarter cannot be rolled up: {e}."))
        })?;
        Ok(QuarterView {
            subject_id: subject_id.to_owned(),
            quarter: format!("{}-Q{}", q.year, q.quarter),
            year: q.year,
            number: q.quarter,
            missing: in_quarter
                .iter()
                .map(|m| m.to_string())
                .filter(|m| months.iter().all(|a| a.month != *m))
                .collect(),
            months: scores
                .iter()
                .map(|m| QuarterMonthView {
                    month: m.month.to_string(),
                    points: m.points,
                    grade: m.grade.as_str().to_owned(),
                })
                .collect(),
            total: q.total,
            average: q.average,
            grade: q.grade.as_str().to_owned(),
            proposal: q.proposal.map(|p| p.as_str().to_owned()),
        })
    }

    /// The points table in force on `on`: the items an assessment may list, with the base
    /// and the grade boundaries, so a form offers exactly what the rules score.
    pub fn assessment_items(&self, on: NaiveDate) -> Result<PointsTableView> {
        self.require(Action::ViewSubjects, "view the rules")?;
        let book = crate::rules::book(self.archive.conn())?;
        let r = &book.in_force(on).assessment;
        Ok(PointsTableView {
            on: on.to_string(),
            base: r.monthly_base,
            good_min: r.good_min,
            fair_min: r.fair_min,
            pass_min: r.pass_min,
            items: r
                .items
                .iter()
                .map(|i| PointItemView {
                    code: i.code.clone(),
                    label_zh: i.label_zh.clone(),
                    label_en: i.label_en.clone(),
                    points: i.points,
                    max_per_month: i.max_per_month,
                })
                .collect(),
        })
    }

    /// The management level the rules suggest for a subject on the session's day (core's
    /// `level::suggest`, the same input `level_change` weighs a decision against), beside the
    /// level on file. Advice only; the office decides.
    pub fn level_suggestion(&self, subject_id: &str) -> Result<LevelSuggestionView> {
        self.require(Action::ViewSubjects, "view management levels")?;
        let s = self.subject_in_scope(subject_id)?;
        let conn = self.archive.conn();
        let today = self.today();
        let input = level_input(conn, &s, today)?;
        let book = crate::rules::book(conn)?;
        let suggestion = level::suggest(&input, book.in_force(today));
        Ok(LevelSuggestionView {
            subject_id: subject_id.to_owned(),
            on: today.to_string(),
            current: s.management_level.clone(),
            suggested: suggestion.level.as_str().to_owned(),
            reasons: suggestion
                .reasons
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect(),
            passing_months_in_a_row: input.passing_months_in_a_row,
            not_considered: vec!["risk".into()],
        })
    }
}
