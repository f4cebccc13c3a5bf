//! Monthly assessments (月度考核) and management-level changes as use cases.
//!
//! The score is core's (`assessment::monthly`: base, additions and deductions from the
//! points table in force, grade, the ladder step a low score proposes); the level rules and
//! the check of a level decision are core's too (`level::suggest`, `level::change`). Here:
//! who may, which subject, and one op-logged entity per assessment or decision. An
//! assessment's id is `<subject id>/<YYYY-MM>`, so assessing a month again (a correction)
//! rewrites that month's entity rather than adding a second one; the log keeps both.
//! Villages assess (the proposal); the office adds its opinion and decides level changes.
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
use dossier_store::query;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::archive::fields;
use crate::view::{AssessmentItemInput, AssessmentView, LevelChangeView, ScoreLineView};
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
    query::entity_rows(
        conn,
        Entity::Assessment,
        subject_id.map(|s| ("subject_id", s)),
    )?
    .into_iter()
    .map(|m| serde_json::from_value(Value::Object(m)).map_err(|_| damaged()))
    .collect()
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

fn view(conn: &Connection, a: StoredAssessment) -> Result<AssessmentView> {
    let items: StoredItems = a
        .items
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| damaged())?
        .unwrap_or_default();
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
    /// `items` lists that code. A released or terminated
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
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
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
        let mut months = stored(conn, Some(subject_id))?;
        months.sort_by(|a, b| b.month.cmp(&a.month));
        let failed_assessment = months.first().is_some_and(|a| a.grade == "fail");
        let passing_months_in_a_row = months.iter().take_while(|a| a.grade != "fail").count();
        let correction_start: NaiveDate = s
            .correction_start
            .parse()
            .map_err(|_| Error::Damaged("a subject's correction start is unreadable".into()))?;
        // The sanctions the office approved count; proposals still waiting do not.
        let steps = crate::decision::sanctions_decided(conn, subject_id)?;
        let count = |step: Step| steps.iter().filter(|s| **s == step).count() as u32;
        let input = LevelInput {
            correction_start,
            today,
            high_risk: false,
            admonitions: count(Step::Admonition),
            warnings: count(Step::Warning),
            police_penalties: count(Step::PolicePenaltyRequest),
            failed_assessment,
            passing_months_in_a_row: passing_months_in_a_row as u32,
        };
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
}
