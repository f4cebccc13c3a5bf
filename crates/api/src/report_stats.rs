//! The monthly statistics (社区矫正对象情况统计表): who was on the register at the end of
//! last month and of this one, who came and went, how this month's register divides (by
//! category, crime group, sex, ethnicity, urban or rural, age band, education), sanctions
//! and rewards decided, re-offending this month, absconding to date, and running totals.
//!
//! Definitions, so a count can be checked by hand:
//! - On the register on day d: not awaiting report, correction started on or before d, and
//!   not ended by d (ended on the subject's `ended_on`; a released subject without one ended
//!   on their correction end). So this month = last month + new − ended, always.
//! - Crime group: violent if the crime matches the office's violent-crime words, else a
//!   property crime if it matches those, else other (robbery counts once, as violent).
//! - Urban or rural: a community (居委会, village-level code 001–199) is urban, a village
//!   (村委会, 200–399) rural, as in the statistical division codes.
//! - Age on the month's last day. Education grouped from the text typed. Work or school from
//!   the file's 就业就学情况 record as it is now (未登记 without one): the file keeps what is
//!   true today, not what was true at the month's end.
//!
//! Minors are counted like everyone else: a count names no one.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use dossier_core::decision::EndReason;
use dossier_core::ladder::Step;
use dossier_core::op::Entity;
use dossier_core::record::EMPLOYMENT_STATUSES;
use dossier_core::subject::Category;
use dossier_report::{Column, Table};
use dossier_store::query::{self, SubjectRecord};
use serde_json::Value;

use crate::report::{Month, Scope, age_on};
use crate::{Error, Result, Session};

/// How a subject's correction ended, from the columns the ending decision writes.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Ending {
    id: String,
    ended_on: Option<String>,
    end_reason: Option<String>,
}

/// One subject as the statistics see them.
struct Counted {
    rec: SubjectRecord,
    start: Option<NaiveDate>,
    end: Option<(NaiveDate, Option<EndReason>)>,
}

impl Counted {
    fn on_register(&self, day: NaiveDate) -> bool {
        self.start.is_some_and(|s| s <= day) && self.end.is_none_or(|(e, _)| day < e)
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    s.get(..10)?.parse().ok()
}

/// The rows of the table: (group, item, count).
pub(crate) fn stats_rows(counted: &[CountedInput], month: Month) -> Vec<(String, String, u64)> {
    let mut rows: Vec<(String, String, u64)> = Vec::new();
    let mut push = |g: &str, i: &str, n: usize| rows.push((g.to_owned(), i.to_owned(), n as u64));
    let prev = month.previous().last;
    let now: Vec<&CountedInput> = counted
        .iter()
        .filter(|c| c.subject.on_register(month.last))
        .collect();
    push(
        "在册人数",
        "上月末在册",
        counted
            .iter()
            .filter(|c| c.subject.on_register(prev))
            .count(),
    );
    push("在册人数", "本月末在册", now.len());
    let in_month = |d: NaiveDate| d >= month.first && d <= month.last;
    push(
        "本月变动",
        "本月新增（入矫）",
        counted
            .iter()
            .filter(|c| c.subject.start.is_some_and(in_month))
            .count(),
    );
    let ended: Vec<Option<EndReason>> = counted
        .iter()
        .filter_map(|c| c.subject.end.filter(|(e, _)| in_month(*e)).map(|(_, r)| r))
        .collect();
    let count_end = |f: &dyn Fn(Option<EndReason>) -> bool| ended.iter().filter(|r| f(**r)).count();
    push(
        "本月变动",
        "期满解除",
        count_end(&|r| r == Some(EndReason::Completed)),
    );
    push(
        "本月变动",
        "收监执行",
        count_end(&|r| matches!(r, Some(EndReason::ReturnedToPrison | EndReason::Revoked))),
    );
    push(
        "本月变动",
        "死亡",
        count_end(&|r| r == Some(EndReason::Died)),
    );
    push(
        "本月变动",
        "其他（赦免等）",
        count_end(&|r| matches!(r, None | Some(EndReason::Pardoned))),
    );

    let by = |rows: &mut Vec<(String, String, u64)>,
              group: &str,
              items: &[&str],
              of: &dyn Fn(&CountedInput) -> &'static str| {
        for item in items {
            let n = now.iter().filter(|c| of(c) == *item).count();
            rows.push((group.to_owned(), (*item).to_owned(), n as u64));
        }
    };
    by(
        &mut rows,
        "矫正类别",
        &["管制", "缓刑", "假释", "暂予监外执行"],
        &|c| Category::parse(&c.subject.rec.category).map_or("", Category::label_zh),
    );
    by(
        &mut rows,
        "犯罪类型",
        &["暴力犯罪", "侵财犯罪", "其他犯罪"],
        &|c| c.crime_group,
    );
    by(
        &mut rows,
        "性别",
        &["男", "女"],
        &|c| match c.subject.rec.sex.as_str() {
            "male" => "男",
            "female" => "女",
            _ => "",
        },
    );
    by(&mut rows, "民族", &["汉族", "少数民族"], &|c| {
        if c.subject.rec.ethnicity.is_empty() || c.subject.rec.ethnicity == "汉族" {
            "汉族"
        } else {
            "少数民族"
        }
    });
    by(
        &mut rows,
        "城乡",
        &["城镇（居委会）", "农村（村委会）"],
        &|c| {
            let code = &c.subject.rec.jurisdiction;
            match code.get(9..10) {
                Some("0" | "1") => "城镇（居委会）",
                _ => "农村（村委会）",
            }
        },
    );
    by(
        &mut rows,
        "年龄",
        &["18岁以下", "18至45岁", "46至60岁", "61岁以上"],
        &|c| match age_on(&c.subject.rec.birth_date, month.last).unwrap_or(0) {
            0..=17 => "18岁以下",
            18..=45 => "18至45岁",
            46..=60 => "46至60岁",
            _ => "61岁以上",
        },
    );
    by(
        &mut rows,
        "文化程度",
        &[
            "大专及以上",
            "高中（含中专）",
            "初中",
            "小学及以下",
            "未登记",
        ],
        &|c| education_group(c.subject.rec.education.as_deref()),
    );
    let mut employment: Vec<&str> = EMPLOYMENT_STATUSES.iter().map(|c| c.zh).collect();
    employment.push("未登记");
    by(&mut rows, "就业就学", &employment, &|c| c.employment);

    for step in [
        Step::Praise,
        Step::Admonition,
        Step::Warning,
        Step::PolicePenaltyRequest,
        Step::RevocationRequest,
        Step::ReturnToPrison,
    ] {
        let n: usize = counted
            .iter()
            .map(|c| {
                c.decided
                    .iter()
                    .filter(|(s, d)| *s == step && in_month(*d))
                    .count()
            })
            .sum();
        rows.push(("本月奖惩".into(), step.label_zh().to_owned(), n as u64));
    }
    let events = |kind: &str, f: &dyn Fn(NaiveDate) -> bool| -> usize {
        counted
            .iter()
            .map(|c| c.events.iter().filter(|(k, d)| k == kind && f(*d)).count())
            .sum()
    };
    rows.push((
        "重新犯罪".into(),
        "本月重新犯罪".into(),
        events("reoffending", &in_month) as u64,
    ));
    rows.push((
        "脱管".into(),
        "截至月末累计脱管（人次）".into(),
        events("absconding", &|d| d <= month.last) as u64,
    ));
    rows.push((
        "累计".into(),
        "累计接收".into(),
        counted
            .iter()
            .filter(|c| c.subject.start.is_some_and(|s| s <= month.last))
            .count() as u64,
    ));
    rows.push((
        "累计".into(),
        "累计解除、终止".into(),
        counted
            .iter()
            .filter(|c| c.subject.end.is_some_and(|(e, _)| e <= month.last))
            .count() as u64,
    ));
    rows
}

fn education_group(text: Option<&str>) -> &'static str {
    let t = text.unwrap_or("").trim();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if t.is_empty() {
        "未登记"
    } else if has(&["大专", "本科", "大学", "研究生", "硕士", "博士"]) {
        "大专及以上"
    } else if has(&["高中", "中专", "职高", "技校", "中技"]) {
        "高中（含中专）"
    } else if has(&["初中"]) {
        "初中"
    } else if has(&["小学", "文盲", "识字"]) {
        "小学及以下"
    } else {
        "未登记"
    }
}

/// What the arithmetic needs about one subject, gathered from the archive.
pub(crate) struct CountedInput {
    subject: Counted,
    crime_group: &'static str,
    /// Approved sanctions and praise: step and day decided.
    decided: Vec<(Step, NaiveDate)>,
    /// Emergencies: type code and day.
    events: Vec<(String, NaiveDate)>,
    /// Work or school as the file says now (its 就业就学情况 record), or 未登记.
    employment: &'static str,
}

impl Session {
    /// The statistics table of a jurisdiction and month.
    pub(crate) fn monthly_stats_table(&self, scope: &Scope) -> Result<Table> {
        let conn = self.archive.conn();
        let endings: BTreeMap<String, Ending> =
            crate::archive::typed_rows::<Ending>(conn, Entity::Subject, None, || {
                Error::Damaged("a stored subject is unreadable".into())
            })?
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
        let rules = crate::rules::book(conn)?.in_force(scope.as_of).facts();
        let matches = |crime: &str, words: &[String]| {
            words
                .iter()
                .any(|w| !w.is_empty() && crime.contains(w.as_str()))
        };
        // Read from the rows, not through `proposals`, which refuses sealed files: a count
        // names no one, so minors are counted for every role.
        let mut decided_by: BTreeMap<String, Vec<(Step, NaiveDate)>> = BTreeMap::new();
        for (subject, step, day) in crate::decision::decided_steps(conn)? {
            decided_by.entry(subject).or_default().push((step, day));
        }
        let mut counted = Vec::new();
        for rec in query::subjects(conn, &scope.code)? {
            let ending = endings.get(&rec.id);
            let start = (rec.status != "awaiting_report")
                .then(|| date(&rec.correction_start))
                .flatten();
            let end = match ending.and_then(|e| e.ended_on.as_deref()).and_then(date) {
                Some(on) => Some((
                    on,
                    ending
                        .and_then(|e| e.end_reason.as_deref())
                        .and_then(EndReason::parse),
                )),
                None => match rec.status.as_str() {
                    "released" => {
                        date(&rec.correction_end).map(|d| (d, Some(EndReason::Completed)))
                    }
                    "terminated" => date(&rec.correction_end).map(|d| (d, None)),
                    _ => None,
                },
            };
            let crime = rec.crime.clone().unwrap_or_default();
            let crime_group = if matches(&crime, &rules.key.violent_crimes) {
                "暴力犯罪"
            } else if matches(&crime, &rules.key.property_crimes) {
                "侵财犯罪"
            } else {
                "其他犯罪"
            };
            let decided = decided_by.remove(&rec.id).unwrap_or_default();
            let events = query::records(conn, &rec.id, Some("emergency"))?
                .into_iter()
                .filter_map(|r| {
                    let kind = r.data.get("event_type").and_then(Value::as_str)?.to_owned();
                    Some((kind, date(r.date.as_deref()?)?))
                })
                .collect();
            let employment = query::records(conn, &rec.id, Some("employment"))?
                .first()
                .and_then(|r| r.data.get("status").and_then(Value::as_str))
                .and_then(|v| EMPLOYMENT_STATUSES.iter().find(|c| c.value == v))
                .map_or("未登记", |c| c.zh);
            counted.push(CountedInput {
                subject: Counted { rec, start, end },
                crime_group,
                decided,
                events,
                employment,
            });
        }
        let rows = stats_rows(&counted, scope.month)
            .into_iter()
            .map(|(g, i, n)| vec![g, i, n.to_string()])
            .collect();
        Ok(Table {
            columns: vec![
                Column::new("类别", 2),
                Column::new("项目", 4),
                Column::new("人数", 1),
            ],
            rows,
        })
    }
}
