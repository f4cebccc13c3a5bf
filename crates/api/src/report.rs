//! Printing ledgers (台账), the monthly statistics and the personal file: choosing what a
//! request covers and who may see it, gathering the rows from the readers that exist, and
//! handing plain text to `dossier-report`, which typesets it.
//!
//! A request names a ledger, a month, a jurisdiction within the site's scope (the whole
//! scope by default) and a format. Rows are labelled in Chinese here (codes to words, yes/no
//! to 是/否); record kinds and registers take their columns from their declarations in
//! `dossier-core`, so a new field appears in its ledger without a change here. Minors'
//! records are sealed (Art 54): [`crate::seal::may_see_minor`] is the one rule that says who sees them, and
//! those who do see them marked 未成年·封存. Files are written whole (a temporary file beside
//! the target, then renamed). Deliberately absent: typesetting (the report crate), the
//! statistics' arithmetic (`report_stats`), the personal file's sections (`report_file`),
//! and an audit entry for printing (the audit log is another change).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dossier_core::officer::Action;
use dossier_core::record::{FieldSpec, FieldType, KindSpec};
use dossier_core::subject::{Category, ManagementLevel, Sex, Status};
use dossier_report::{Block, Column, Format, Report, Table};
use dossier_store::query::{self, SubjectRecord};
use serde_json::Value;

use crate::seal::is_minor;
use crate::view::{LedgerView, ReportPreview, ReportProgress, ReportRequest, ReportSaved};
use crate::{Env, Error, Result, Session};

/// The mark printed beside a minor's name.
pub(crate) const MINOR_MARK: &str = "未成年·封存";

/// A ledger that can be printed.
pub(crate) struct LedgerSpec {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Covers one month (else no period).
    pub monthly: bool,
    pub needs_subject: bool,
}

const fn ledger(id: &'static str, zh: &'static str, en: &'static str, monthly: bool) -> LedgerSpec {
    LedgerSpec {
        id,
        zh,
        en,
        monthly,
        needs_subject: false,
    }
}

/// Every ledger, in the order the 报表 screen lists them.
pub(crate) const LEDGERS: &[LedgerSpec] = &[
    ledger("roster", "社区矫正对象花名册", "Roster", true),
    ledger("leave", "请假外出审批登记表", "Leave approvals", true),
    ledger("visit", "走访记录登记表", "Visits", true),
    ledger("talk", "个别谈话记录登记表", "Individual talks", true),
    ledger("thought_report", "思想汇报登记表", "Thought reports", true),
    ledger(
        "education",
        "集中教育学习记录表",
        "Education and learning",
        true,
    ),
    ledger(
        "public_service",
        "公益活动记录表",
        "Public-interest activities",
        true,
    ),
    ledger("assessment", "月度考核登记表", "Monthly assessments", true),
    ledger(
        "reward_sanction",
        "奖惩登记表",
        "Rewards and sanctions",
        true,
    ),
    ledger(
        "level_change",
        "管理等级变更登记表",
        "Management level changes",
        true,
    ),
    ledger(
        "abscond_reoffend",
        "脱管及重新犯罪登记表",
        "Absconding and re-offending",
        true,
    ),
    ledger("key_subject", "重点对象台账", "Key subjects", true),
    ledger(
        "correction_group",
        "矫正小组登记表",
        "Correction groups",
        false,
    ),
    ledger("volunteer", "志愿者登记表", "Volunteers", false),
    ledger("training", "工作人员培训登记表", "Staff trainings", true),
    ledger("meeting", "工作会议记录登记表", "Meetings", true),
    ledger(
        "monthly_stats",
        "社区矫正对象情况统计表",
        "Monthly statistics",
        true,
    ),
    LedgerSpec {
        id: "personal_file",
        zh: "社区矫正对象档案",
        en: "Personal file",
        monthly: false,
        needs_subject: true,
    },
];

fn find_ledger(id: &str) -> Result<&'static LedgerSpec> {
    LEDGERS.iter().find(|l| l.id == id).ok_or_else(|| {
        let ids: Vec<&str> = LEDGERS.iter().map(|l| l.id).collect();
        Error::UnknownLedger(id.to_owned(), ids.join(", "))
    })
}

fn parse_format(s: &str) -> Result<Format> {
    Format::parse(s).ok_or_else(|| Error::UnknownFormat(s.to_owned()))
}

/// A month: its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Month {
    pub fn of(day: NaiveDate) -> Month {
        let first = day.with_day(1).unwrap_or(day);
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first);
        Month {
            first,
            last: next.pred_opt().unwrap_or(first),
        }
    }

    /// "2026-11" (strictly YYYY-MM).
    pub fn parse(text: &str) -> Result<Month> {
        let bad = || {
            Error::Invalid(format!(
                "The period {text:?} is not a month written YYYY-MM; write it like 2026-11."
            ))
        };
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !t.replace('-', "").bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let day = NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d").map_err(|_| bad())?;
        Ok(Month::of(day))
    }

    pub fn previous(self) -> Month {
        Month::of(self.first.pred_opt().unwrap_or(self.first))
    }

    pub fn contains(self, day: &str) -> bool {
        day.get(..10)
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .is_some_and(|d| d >= self.first && d <= self.last)
    }

    pub fn label(self) -> String {
        format!("{}年{}月", self.first.year(), self.first.month())
    }
}

/// A subject as ledgers show them: their record and whether they are a minor on the day
/// the ledger looks at.
pub(crate) struct Shown {
    pub rec: SubjectRecord,
    pub minor: bool,
}

impl Shown {
    /// The name as printed: a minor's carries the seal mark.
    pub fn name(&self) -> String {
        if self.minor {
            format!("{}（{MINOR_MARK}）", self.rec.name)
        } else {
            self.rec.name.clone()
        }
    }
}

/// Age in whole years on `day` from a stored birth date; none when unreadable.
pub(crate) fn age_on(birth_date: &str, day: NaiveDate) -> Option<u32> {
    let b: NaiveDate = birth_date.parse().ok()?;
    day.years_since(b)
}

/// What a request resolves to once checked.
pub(crate) struct Scope {
    pub ledger: &'static LedgerSpec,
    pub month: Month,
    /// Division code.
    pub code: String,
    /// Printed: "白洋街道（330723001）".
    pub place: String,
    /// The day facts are taken on: the month's end, or the session's day if sooner.
    pub as_of: NaiveDate,
}

/// Labels of stored codes.
pub(crate) fn sex_zh(code: &str) -> String {
    Sex::parse(code).map_or_else(|| code.to_owned(), |x| x.label_zh().to_owned())
}
pub(crate) fn category_zh(code: &str) -> String {
    Category::parse(code).map_or_else(|| code.to_owned(), |x| x.label_zh().to_owned())
}
pub(crate) fn status_zh(code: &str) -> String {
    Status::parse(code).map_or_else(|| code.to_owned(), |x| x.label_zh().to_owned())
}
pub(crate) fn level_zh(code: Option<&str>) -> String {
    let code = code.unwrap_or("normal");
    ManagementLevel::parse(code).map_or_else(|| code.to_owned(), |x| x.label_zh().to_owned())
}
pub(crate) fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_owned()
}
fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// A field's value as printed: a choice as its Chinese label, yes/no as 是/否, attachments
/// as how many there are.
pub(crate) fn cell(f: &FieldSpec, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(b)) => yes_no(*b),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => match f.ty {
            FieldType::Choice(choices) => choices
                .iter()
                .find(|c| c.value == s)
                .map_or_else(|| s.clone(), |c| c.zh.to_owned()),
            FieldType::Attachments => {
                let n = s.split(',').filter(|x| !x.trim().is_empty()).count();
                if n == 0 {
                    String::new()
                } else {
                    format!("{n}份")
                }
            }
            _ => s.clone(),
        },
        Some(other) => other.to_string(),
    }
}

/// A column for a declared field, as wide as its kind of value needs.
pub(crate) fn field_column(f: &FieldSpec) -> Column {
    let width = match f.ty {
        FieldType::LongText => 5,
        FieldType::Text => 3,
        FieldType::Date | FieldType::Choice(_) => 2,
        _ => 1,
    };
    // Long labels ("了解情况（健康、收入…）") are cut at their bracket on paper.
    let zh = f.zh.split('（').next().unwrap_or(f.zh);
    Column::new(zh, width)
}

/// The printed fields of a kind: all but attachments, which cannot be printed in a cell.
pub(crate) fn printed_fields(k: &KindSpec) -> impl Iterator<Item = &'static FieldSpec> {
    k.fields
        .iter()
        .filter(|f| !matches!(f.ty, FieldType::Attachments))
}

pub(crate) fn record_kind(name: &str) -> &'static KindSpec {
    dossier_core::record::kinds()
        .iter()
        .chain(dossier_core::register::registers().iter().map(|r| &r.kind))
        .find(|k| k.name == name)
        .expect("a kind declared in dossier-core")
}

/// Prepends 序号 to a table.
pub(crate) fn numbered(mut columns: Vec<Column>, rows: Vec<Vec<String>>) -> Table {
    columns.insert(0, Column::new("序号", 1));
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            r.insert(0, (i + 1).to_string());
            r
        })
        .collect();
    Table { columns, rows }
}

fn who_columns() -> Vec<Column> {
    vec![Column::new("姓名", 2), Column::new("村（社区）", 3)]
}

/// Every ledger this build can print (no session needed: nothing about permissions).
pub fn ledger_views() -> Vec<LedgerView> {
    LEDGERS
        .iter()
        .map(|l| LedgerView {
            id: l.id.to_owned(),
            title: l.zh.to_owned(),
            title_en: l.en.to_owned(),
            period_kind: if l.monthly { "month" } else { "none" }.to_owned(),
            needs_subject: l.needs_subject,
            formats: Format::ALL.iter().map(|f| f.as_str().to_owned()).collect(),
        })
        .collect()
}

impl Session {
    /// Every ledger this build can print.
    pub fn report_list(&self) -> Vec<LedgerView> {
        ledger_views()
    }

    /// Checks a request: a known ledger, a month, a jurisdiction within scope.
    fn report_scope(&self, req: &ReportRequest) -> Result<Scope> {
        self.require(Action::ViewSubjects, "print ledgers")?;
        let ledger = find_ledger(&req.ledger)?;
        let month = match req.period.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => Month::parse(p)?,
            _ => Month::of(self.today),
        };
        let code = match req.jurisdiction.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => c.to_owned(),
            _ => self.scope().to_owned(),
        };
        if !code.starts_with(self.scope()) {
            let known = dossier_core::division::builtin()
                .iter()
                .any(|d| d.code == code);
            return Err(if known {
                Error::OutsideScope(code)
            } else {
                Error::UnknownJurisdiction(code)
            });
        }
        let name = query::jurisdiction_name(self.archive.conn(), &code)?
            .ok_or_else(|| Error::UnknownJurisdiction(code.clone()))?;
        let as_of = if ledger.monthly {
            month.last.min(self.today)
        } else {
            self.today
        };
        if ledger.needs_subject
            && req
                .subject_id
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
        {
            return Err(Error::Invalid(format!(
                "The ledger {} is about one subject; choose the subject (--subject ID or file number).",
                ledger.id
            )));
        }
        Ok(Scope {
            ledger,
            month,
            place: format!("{name}（{code}）"),
            code,
            as_of,
        })
    }

    /// The subjects of a jurisdiction this officer may see in print: those whose files are
    /// not sealed from them today ([`crate::seal`]), each marked if a minor on `day`.
    pub(crate) fn shown_subjects(&self, code: &str, day: NaiveDate) -> Result<Vec<Shown>> {
        // Today's seal, as on screen: a ledger of a month when someone was 17 shows them
        // once their file opens, and marks them.
        let seal = self.seal()?;
        Ok(query::subjects(self.archive.conn(), code)?
            .into_iter()
            .filter(|rec| !seal.hides(rec))
            .map(|rec| {
                let minor = is_minor(&rec.birth_date, day);
                Shown { rec, minor }
            })
            .collect())
    }

    /// The document a request describes, with its rows gathered.
    pub(crate) fn report_document(&self, req: &ReportRequest, env: &mut Env) -> Result<Report> {
        let scope = self.report_scope(req)?;
        let mut about = String::new();
        let mut blocks = match scope.ledger.id {
            "monthly_stats" => vec![Block::Table(self.monthly_stats_table(&scope)?)],
            "personal_file" => {
                let id = self.subject_lookup(req.subject_id.as_deref().unwrap_or_default())?;
                let (file_no, blocks) = self.personal_file_blocks(&id)?;
                about = format!("档案编号：{file_no}");
                blocks
            }
            _ => vec![Block::Table(self.ledger_table(&scope)?)],
        };
        if blocks.is_empty() {
            blocks.push(Block::Table(Table::default()));
        }
        Ok(Report {
            title: scope.ledger.zh.to_owned(),
            jurisdiction: scope.place.clone(),
            period: if scope.ledger.monthly {
                scope.month.label()
            } else {
                String::new()
            },
            about,
            generated_at: dossier_core::china_minute(env.now_ms()),
            generated_by: self.officer.name.clone(),
            landscape: true,
            signatures: scope.ledger.id != "personal_file",
            blocks,
        })
    }

    /// Draws the first `max_pages` pages of a report (at least one) for the 报表 screen.
    pub fn report_preview(
        &mut self,
        req: &ReportRequest,
        max_pages: u32,
        env: &mut Env,
    ) -> Result<ReportPreview> {
        use base64::Engine as _;
        let doc = self.report_document(req, env)?;
        let (pngs, total) = dossier_report::preview_png(&doc, max_pages.max(1), 1.5)
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(ReportPreview {
            pages: pngs
                .iter()
                .map(|p| {
                    format!(
                        "data:image/png;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(p)
                    )
                })
                .collect(),
            total_pages: total,
            rows: doc.rows() as u32,
        })
    }

    /// Writes a report to `out`, whole or not at all, telling `progress` how far it got.
    pub fn report_save(
        &mut self,
        req: &ReportRequest,
        out: &Path,
        env: &mut Env,
        progress: &mut dyn FnMut(ReportProgress),
    ) -> Result<ReportSaved> {
        let format = parse_format(&req.format)?;
        let mut step = |done: u32, stage: &str| {
            progress(ReportProgress {
                done,
                total: 3,
                stage: stage.to_owned(),
            })
        };
        step(0, "collect");
        let doc = self.report_document(req, env)?;
        check_writable(out)?;
        step(1, "typeset");
        let rendered =
            dossier_report::render(&doc, format).map_err(|e| Error::Internal(e.to_string()))?;
        step(2, "write");
        crate::sync::write_whole(out, &rendered.bytes).map_err(
            |e| match crate::error::is_disk_full(&e) {
                true => Error::DiskFull,
                false => Error::CannotWrite(out.to_path_buf(), io_words(&e)),
            },
        )?;
        step(3, "done");
        Ok(ReportSaved {
            path: out.display().to_string(),
            bytes: rendered.bytes.len() as u64,
            pages: rendered.pages,
            rows: doc.rows() as u32,
        })
    }

    /// The table of a ledger that lists rows (all but the statistics and the personal file).
    fn ledger_table(&self, scope: &Scope) -> Result<Table> {
        let m = scope.month;
        match scope.ledger.id {
            "roster" => self.roster(scope),
            "leave" => self.leave_ledger(scope),
            "visit" => self.record_ledger(scope, "visit", |_| true),
            "talk" => self.record_ledger(scope, "talk", |_| true),
            "thought_report" => self.record_ledger(scope, "checkin", |d| {
                matches!(
                    d.get("form").and_then(Value::as_str),
                    Some("written" | "thought_report")
                )
            }),
            "education" => self.record_ledger(scope, "education", |_| true),
            "public_service" => self.record_ledger(scope, "community_service", |_| true),
            "abscond_reoffend" => self.record_ledger(scope, "emergency", |d| {
                matches!(
                    d.get("event_type").and_then(Value::as_str),
                    Some("absconding" | "reoffending")
                )
            }),
            "assessment" => self.assessment_ledger(scope),
            "reward_sanction" => self.sanction_ledger(scope),
            "level_change" => self.level_ledger(scope),
            "key_subject" => self.key_ledger(scope),
            "correction_group" => self.group_ledger(scope),
            "volunteer" => self.register_ledger(scope, "volunteer", None),
            "training" => self.register_ledger(scope, "training", Some(m)),
            "meeting" => self.register_ledger(scope, "meeting", Some(m)),
            other => Err(Error::Internal(format!("ledger {other} has no table"))),
        }
    }

    /// 花名册: everyone whose correction overlaps the month.
    fn roster(&self, scope: &Scope) -> Result<Table> {
        let conn = self.archive.conn();
        let columns = vec![
            Column::new("档案编号", 3),
            Column::new("姓名", 2),
            Column::new("性别", 1),
            Column::new("身份证号", 4),
            Column::new("出生日期", 2),
            Column::new("民族", 1),
            Column::new("文化程度", 1),
            Column::new("居住地址", 4),
            Column::new("罪名", 2),
            Column::new("原判刑罚", 2),
            Column::new("矫正类别", 2),
            Column::new("矫正起止", 3),
            Column::new("管理等级", 1),
            Column::new("状态", 1),
            Column::new("联系电话", 3),
            Column::new("禁止令", 3),
        ];
        let injunction = record_kind("injunction");
        let mut rows = Vec::new();
        for s in self.shown_subjects(&scope.code, scope.as_of)? {
            let r = &s.rec;
            if r.correction_start.as_str() > m_last(scope).as_str()
                || r.correction_end.as_str() < scope.month.first.to_string().as_str()
            {
                continue;
            }
            let bans: Vec<String> = query::records(conn, &r.id, Some("injunction"))?
                .iter()
                .map(|rec| {
                    injunction
                        .fields
                        .iter()
                        .find(|f| f.name == "content")
                        .map(|f| cell(f, rec.data.get("content")))
                        .unwrap_or_default()
                })
                .filter(|t| !t.is_empty())
                .collect();
            rows.push(vec![
                r.file_no.clone(),
                s.name(),
                sex_zh(&r.sex),
                r.id_number.clone(),
                r.birth_date.clone(),
                r.ethnicity.clone(),
                opt(&r.education),
                opt(&r.residence_address),
                opt(&r.crime),
                opt(&r.original_sentence),
                category_zh(&r.category),
                format!("{}至{}", r.correction_start, r.correction_end),
                level_zh(r.management_level.as_deref()),
                status_zh(&r.status),
                opt(&r.phone),
                bans.join("；"),
            ]);
        }
        rows.sort_by(|a, b| a[0].cmp(&b[0]));
        Ok(numbered(columns, rows))
    }

    /// 请假外出审批登记: leaves away at some time in the month.
    fn leave_ledger(&self, scope: &Scope) -> Result<Table> {
        let shown = self.shown_by_id(scope)?;
        let first = scope.month.first.to_string();
        let last = m_last(scope);
        let mut columns = who_columns();
        columns.extend(leave_columns());
        let mut leaves = self.leave_list(None)?;
        leaves.retain(|l| {
            shown.contains_key(&l.subject_id)
                && l.from <= last
                && l.to >= first
                && l.status != "cancelled"
        });
        leaves.sort_by(|a, b| a.from.cmp(&b.from).then(a.id.cmp(&b.id)));
        let rows = leaves
            .into_iter()
            .map(|l| {
                let s = &shown[&l.subject_id];
                let mut row = vec![s.name(), s.rec.jurisdiction_name.clone()];
                row.extend(leave_cells(l));
                row
            })
            .collect();
        Ok(numbered(columns, rows))
    }

    /// Subjects shown, by id.
    pub(crate) fn shown_by_id(
        &self,
        scope: &Scope,
    ) -> Result<std::collections::BTreeMap<String, Shown>> {
        Ok(self
            .shown_subjects(&scope.code, scope.as_of)?
            .into_iter()
            .map(|s| (s.rec.id.clone(), s))
            .collect())
    }

    /// A ledger of one record kind in the month (走访, 谈话, 思想汇报, …): who, where, then
    /// the kind's own fields.
    fn record_ledger(
        &self,
        scope: &Scope,
        kind: &str,
        keep: impl Fn(&serde_json::Map<String, Value>) -> bool,
    ) -> Result<Table> {
        let spec = record_kind(kind);
        let mut columns = who_columns();
        columns.extend(printed_fields(spec).map(field_column));
        let mut rows: Vec<(String, Vec<String>)> = Vec::new();
        for s in self.shown_subjects(&scope.code, scope.as_of)? {
            for r in query::records(self.archive.conn(), &s.rec.id, Some(kind))? {
                if !r.date.as_deref().is_some_and(|d| scope.month.contains(d)) || !keep(&r.data) {
                    continue;
                }
                let mut row = vec![s.name(), s.rec.jurisdiction_name.clone()];
                row.extend(record_cells(spec, &r.data));
                rows.push((format!("{}{}", r.date.unwrap_or_default(), r.id), row));
            }
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(numbered(columns, rows.into_iter().map(|r| r.1).collect()))
    }

    /// 月度考核: the month's assessments.
    fn assessment_ledger(&self, scope: &Scope) -> Result<Table> {
        let mut columns = who_columns();
        columns.extend(assessment_columns());
        let month = scope.month.first.format("%Y-%m").to_string();
        let mut rows = Vec::new();
        for s in self.shown_subjects(&scope.code, scope.as_of)? {
            for a in self.assessment_list(&s.rec.id)? {
                if a.month != month {
                    continue;
                }
                let mut row = vec![s.name(), s.rec.jurisdiction_name.clone()];
                row.extend(assessment_cells(&a));
                rows.push(row);
            }
        }
        Ok(numbered(columns, rows))
    }

    /// 奖惩登记: sanction and praise proposals put forward or decided in the month.
    fn sanction_ledger(&self, scope: &Scope) -> Result<Table> {
        let mut columns = who_columns();
        columns.extend(proposal_columns());
        let mut rows = Vec::new();
        for s in self.shown_subjects(&scope.code, scope.as_of)? {
            for p in self.proposals(Some(&s.rec.id))? {
                if p.matter != "sanction" {
                    continue;
                }
                let decided_in = p
                    .decision
                    .as_ref()
                    .is_some_and(|d| scope.month.contains(&d.decided_on));
                if !scope.month.contains(&p.proposed_on) && !decided_in {
                    continue;
                }
                let mut row = vec![s.name(), s.rec.jurisdiction_name.clone()];
                row.extend(proposal_cells(&p));
                rows.push((p.proposed_on.clone(), row));
            }
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(numbered(columns, rows.into_iter().map(|r| r.1).collect()))
    }

    /// 管理等级变更: level changes decided in the month.
    fn level_ledger(&self, scope: &Scope) -> Result<Table> {
        let conn = self.archive.conn();
        let shown = self.shown_by_id(scope)?;
        let mut changes = level_changes(conn, None)?;
        changes.retain(|c| shown.contains_key(&c.subject_id) && scope.month.contains(&c.on));
        let mut columns = who_columns();
        columns.extend(level_columns());
        let mut rows = Vec::new();
        for c in changes {
            let s = &shown[&c.subject_id];
            let mut row = vec![s.name(), s.rec.jurisdiction_name.clone()];
            row.extend(level_cells(conn, c)?);
            rows.push(row);
        }
        Ok(numbered(columns, rows))
    }

    /// 重点对象台账: key subjects in correction at the month's end, with why and who is
    /// responsible for their supervision.
    fn key_ledger(&self, scope: &Scope) -> Result<Table> {
        let conn = self.archive.conn();
        let ctx = crate::facts::context(conn, scope.as_of)?;
        let away = crate::facts::away(conn, scope.as_of)?;
        let columns = vec![
            Column::new("档案编号", 3),
            Column::new("姓名", 2),
            Column::new("村（社区）", 3),
            Column::new("矫正类别", 2),
            Column::new("罪名", 2),
            Column::new("矫正起止", 3),
            Column::new("管理等级", 1),
            Column::new("列为重点原因", 5),
            Column::new("监管责任人", 2),
            Column::new("责任人电话", 3),
        ];
        let group = record_kind("group_member");
        let mut rows = Vec::new();
        for s in self.shown_subjects(&scope.code, scope.as_of)? {
            if s.rec.status != "in_correction" {
                continue;
            }
            let f = crate::facts::facts(&s.rec, scope.as_of, away.contains(&s.rec.id), &ctx);
            if !f.key_subject {
                continue;
            }
            let mut reasons: Vec<String> = f
                .key_reasons
                .iter()
                .filter_map(|r| dossier_core::facts::KeyReason::parse(r))
                .map(|r| r.label_zh().to_owned())
                .collect();
            if f.key_override == Some(true) {
                reasons.push(format!(
                    "人工列为重点{}",
                    f.key_override_reason
                        .map(|r| format!("：{r}"))
                        .unwrap_or_default()
                ));
            }
            let responsible = query::records(conn, &s.rec.id, Some("group_member"))?
                .into_iter()
                .find(|m| m.data.get("responsible") == Some(&Value::Bool(true)));
            let field = |name: &str| {
                let f = group.fields.iter().find(|f| f.name == name);
                responsible
                    .as_ref()
                    .zip(f)
                    .map(|(m, f)| cell(f, m.data.get(name)))
                    .unwrap_or_default()
            };
            rows.push(vec![
                s.rec.file_no.clone(),
                s.name(),
                s.rec.jurisdiction_name.clone(),
                category_zh(&s.rec.category),
                opt(&s.rec.crime),
                format!("{}至{}", s.rec.correction_start, s.rec.correction_end),
                level_zh(s.rec.management_level.as_deref()),
                reasons.join("；"),
                field("name"),
                field("phone"),
            ]);
        }
        rows.sort_by(|a, b| a[0].cmp(&b[0]));
        Ok(numbered(columns, rows))
    }

    /// 矫正小组: the members of the groups of subjects in correction.
    fn group_ledger(&self, scope: &Scope) -> Result<Table> {
        let spec = record_kind("group_member");
        let mut columns = vec![Column::new("矫正对象", 2), Column::new("村（社区）", 3)];
        columns.extend(printed_fields(spec).map(field_column));
        let mut rows = Vec::new();
        for s in self.shown_subjects(&scope.code, scope.as_of)? {
            if s.rec.status != "in_correction" {
                continue;
            }
            let mut members = query::records(self.archive.conn(), &s.rec.id, Some("group_member"))?;
            members.sort_by(|a, b| a.id.cmp(&b.id));
            for m in members {
                let mut row = vec![s.name(), s.rec.jurisdiction_name.clone()];
                row.extend(record_cells(spec, &m.data));
                rows.push(row);
            }
        }
        Ok(numbered(columns, rows))
    }

    /// A register (志愿者, 培训, 会议): entries kept within the jurisdiction or by the office
    /// above it, in the month when one is given.
    fn register_ledger(&self, scope: &Scope, kind: &str, month: Option<Month>) -> Result<Table> {
        let spec = record_kind(kind);
        let mut columns = vec![Column::new("登记单位", 3)];
        columns.extend(printed_fields(spec).map(field_column));
        let mut entries = self.register_list(kind)?;
        entries.retain(|e| {
            (e.jurisdiction.starts_with(&scope.code) || scope.code.starts_with(&e.jurisdiction))
                && month.is_none_or(|m| e.date.as_deref().is_some_and(|d| m.contains(d)))
        });
        entries.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        let rows = entries
            .into_iter()
            .map(|e| {
                let mut row = vec![e.jurisdiction_name.clone()];
                row.extend(printed_fields(spec).map(|f| cell(f, e.data.get(f.name))));
                row
            })
            .collect();
        Ok(numbered(columns, rows))
    }
}

pub(crate) fn leave_columns() -> Vec<Column> {
    vec![
        Column::new("目的地", 4),
        Column::new("事由", 3),
        Column::new("外出起止", 3),
        Column::new("天数", 1),
        Column::new("审批层级", 2),
        Column::new("审批结果", 1),
        Column::new("审批意见及日期", 4),
        Column::new("审批人", 2),
        Column::new("销假日期", 2),
        Column::new("延期", 3),
        Column::new("逾期", 1),
    ]
}

fn decision_zh(status: &str) -> &str {
    match status {
        "requested" | "proposed" => "待审批",
        "approved" => "批准",
        "rejected" => "不批准",
        "returned" => "已销假",
        "withdrawn" => "撤回",
        "cancelled" => "取消",
        other => other,
    }
}

pub(crate) fn leave_cells(l: crate::view::LeaveView) -> Vec<String> {
    let approver = match l.approver.as_str() {
        "office" => "司法所",
        "county" => "县社区矫正机构",
        "above_county" => "上级机关",
        other => other,
    };
    let extension = match (&l.extension_to, &l.extension_status) {
        (Some(to), Some(st)) => format!("延至{to}（{}）", decision_zh(st)),
        _ => String::new(),
    };
    vec![
        format!("{}{}", l.destination_name, l.destination_detail),
        l.reason,
        format!("{}至{}", l.from, l.to),
        l.days.to_string(),
        approver.to_owned(),
        decision_zh(&l.status).to_owned(),
        format!(
            "{}{}",
            l.opinion.unwrap_or_default(),
            l.decided_on.map(|d| format!("（{d}）")).unwrap_or_default()
        ),
        l.decided_by.unwrap_or_default(),
        l.returned_on.unwrap_or_default(),
        extension,
        if l.overdue_days > 0 {
            format!("{}天", l.overdue_days)
        } else {
            String::new()
        },
    ]
}

pub(crate) fn assessment_columns() -> Vec<Column> {
    vec![
        Column::new("考核月份", 2),
        Column::new("得分", 1),
        Column::new("考核等次", 1),
        Column::new("加减分情况", 6),
        Column::new("建议奖惩", 2),
        Column::new("考核人", 2),
        Column::new("考核日期", 2),
        Column::new("司法所意见", 4),
    ]
}

pub(crate) fn assessment_cells(a: &crate::view::AssessmentView) -> Vec<String> {
    let grade = match a.grade.as_str() {
        "good" => "好",
        "fair" => "较好",
        "pass" => "一般",
        "fail" => "差",
        other => other,
    };
    let lines: Vec<String> = a
        .lines
        .iter()
        .map(|l| format!("{}{:+}", l.label, l.points))
        .collect();
    vec![
        a.month.clone(),
        a.points.to_string(),
        grade.to_owned(),
        lines.join("；"),
        a.proposal
            .as_deref()
            .and_then(dossier_core::ladder::Step::parse)
            .map(|p| p.label_zh().to_owned())
            .unwrap_or_default(),
        a.assessor.clone(),
        a.assessed_on.clone(),
        a.office_opinion.clone().unwrap_or_default(),
    ]
}

pub(crate) fn proposal_columns() -> Vec<Column> {
    vec![
        Column::new("事项", 3),
        Column::new("事实", 5),
        Column::new("依据", 4),
        Column::new("文书编号", 3),
        Column::new("提请人及日期", 3),
        Column::new("状态", 1),
        Column::new("决定人及日期", 3),
    ]
}

pub(crate) fn proposal_cells(p: &crate::view::ProposalView) -> Vec<String> {
    vec![
        p.ask_label.clone(),
        p.facts.clone(),
        p.grounds.clone(),
        p.decision
            .as_ref()
            .map_or_else(|| p.doc_no.clone(), |d| d.doc_no.clone()),
        format!("{}（{}）", p.proposed_by, p.proposed_on),
        decision_zh(&p.status).to_owned(),
        p.decision
            .as_ref()
            .map(|d| format!("{}（{}）", d.decided_by, d.decided_on))
            .unwrap_or_default(),
    ]
}

/// A stored change of management level.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(crate) struct StoredLevel {
    pub subject_id: String,
    pub on: String,
    pub from_level: Option<String>,
    pub to_level: String,
    pub reason: String,
    pub decided_by: String,
    pub against_suggestion: bool,
}

/// Level changes (of one subject, if given), the earliest first.
pub(crate) fn level_changes(
    conn: &rusqlite::Connection,
    subject_id: Option<&str>,
) -> Result<Vec<StoredLevel>> {
    let mut changes: Vec<StoredLevel> = crate::archive::typed_rows(
        conn,
        dossier_core::op::Entity::LevelChange,
        subject_id.map(|s| ("subject_id", s)),
        || Error::Damaged("a stored level change is unreadable".into()),
    )?;
    changes.sort_by(|a, b| a.on.cmp(&b.on));
    Ok(changes)
}

pub(crate) fn level_columns() -> Vec<Column> {
    vec![
        Column::new("变更日期", 2),
        Column::new("原等级", 1),
        Column::new("新等级", 1),
        Column::new("变更理由", 6),
        Column::new("决定人", 2),
        Column::new("与建议不一致", 1),
    ]
}

pub(crate) fn level_cells(conn: &rusqlite::Connection, c: StoredLevel) -> Result<Vec<String>> {
    Ok(vec![
        c.on,
        c.from_level
            .as_deref()
            .map(|l| level_zh(Some(l)))
            .unwrap_or_default(),
        level_zh(Some(&c.to_level)),
        c.reason,
        crate::leave::officer_name(conn, &c.decided_by)?,
        yes_no(c.against_suggestion),
    ])
}

/// The cells of a record of a kind, its printed fields in order.
pub(crate) fn record_cells(spec: &KindSpec, data: &serde_json::Map<String, Value>) -> Vec<String> {
    printed_fields(spec)
        .map(|f| cell(f, data.get(f.name)))
        .collect()
}

/// The month's last day as stored dates are written.
fn m_last(scope: &Scope) -> String {
    scope.month.last.to_string()
}

/// An I/O failure in plain words (no path: the message names it already).
fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "that is a folder, not a file name".into(),
        _ => e.to_string(),
    }
}

/// Refuses an output path that cannot be a new file before any work is done: its folder
/// must exist and the path must not be a folder.
fn check_writable(out: &Path) -> Result<()> {
    let refuse = |why: &str| Err(Error::CannotWrite(out.to_path_buf(), why.to_owned()));
    if out.as_os_str().is_empty() || out.file_name().is_none() {
        return refuse("no file name was given");
    }
    if out.is_dir() {
        return refuse("that is a folder, not a file name");
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return refuse("the folder does not exist");
    }
    Ok(())
}
