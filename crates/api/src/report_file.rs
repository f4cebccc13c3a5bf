//! The personal file (一人一档) of one subject as one document, its sections in the order
//! DOMAIN.md lists them: basic information, the crime and sentence, then every section of
//! the file and every kind of daily work in the order `dossier-core` declares them, then
//! leave, changes of residence, assessments, level changes, rewards and sanctions,
//! emergencies, and the ending.
//!
//! A section with nothing in it is printed with its heading and "本期无记录", so a reader
//! sees it was looked at. A minor's file is printed only for roles that may see minors
//! ([`crate::seal::may_see_minor`]), marked 未成年·封存. Deliberately absent: the photo
//! and scans themselves (their count is printed; the images stay in the archive).

use dossier_core::record::{KindSpec, Section};
use dossier_report::{Block, Table};
use dossier_store::query;

use crate::report::{
    MINOR_MARK, assessment_cells, assessment_columns, category_zh, field_column, leave_cells,
    leave_columns, level_cells, level_changes, level_columns, level_zh, numbered, printed_fields,
    proposal_cells, proposal_columns, record_cells, sex_zh, status_zh,
};
use crate::seal::is_minor;
use crate::{Result, Session};

fn pair(k: &str, v: impl Into<String>) -> (String, String) {
    (k.to_owned(), v.into())
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

impl Session {
    /// A subject's file number and the blocks of their personal file (the subject must be
    /// in scope).
    pub(crate) fn personal_file_blocks(&self, subject_id: &str) -> Result<(String, Vec<Block>)> {
        let conn = self.archive.conn();
        // A sealed file is refused here, by `subject_in_scope`.
        let s = self.subject_in_scope(subject_id)?;
        let minor = is_minor(&s.birth_date, self.today);
        let mut blocks = Vec::new();
        let name = if minor {
            format!("{}（{MINOR_MARK}）", s.name)
        } else {
            s.name.clone()
        };
        blocks.push(Block::Heading("一、基本信息".into()));
        blocks.push(Block::Fields(vec![
            pair("档案编号", s.file_no.clone()),
            pair("姓名", name),
            pair("性别", sex_zh(&s.sex)),
            pair("民族", s.ethnicity.clone()),
            pair("身份证号", s.id_number.clone()),
            pair("出生日期", s.birth_date.clone()),
            pair("文化程度", opt(&s.education)),
            pair("婚姻状况", opt(&s.marital_status)),
            pair("户籍地址", opt(&s.household_address)),
            pair("居住地址", opt(&s.residence_address)),
            pair("联系电话", opt(&s.phone)),
            pair("村（社区）", s.jurisdiction_name.clone()),
            pair(
                "照片",
                if s.photo.is_some() {
                    "已存档"
                } else {
                    "未存档"
                },
            ),
        ]));
        blocks.push(Block::Heading("二、犯罪及判决情况".into()));
        blocks.push(Block::Fields(vec![
            pair("罪名", opt(&s.crime)),
            pair("原判刑罚", opt(&s.original_sentence)),
            pair("矫正类别", category_zh(&s.category)),
            pair("判决生效日期", opt(&s.judgment_date)),
            pair(
                "矫正期限",
                format!("{}至{}", s.correction_start, s.correction_end),
            ),
            pair("法律文书收到日期", opt(&s.papers_received)),
            pair("报到日期", opt(&s.reported_on)),
            pair("矫正状态", status_zh(&s.status)),
            pair("管理等级", level_zh(s.management_level.as_deref())),
        ]));

        let mut n = 2;
        let mut heading = |blocks: &mut Vec<Block>, title: &str| {
            n += 1;
            blocks.push(Block::Heading(format!("{}、{title}", chinese_number(n))));
        };
        let kinds: Vec<&KindSpec> = dossier_core::record::kinds()
            .iter()
            .filter(|k| k.section == Section::File)
            .chain(
                dossier_core::record::kinds()
                    .iter()
                    .filter(|k| k.section == Section::Daily && k.name != "emergency"),
            )
            .collect();
        for k in kinds {
            heading(&mut blocks, k.zh);
            let mut records = query::records(conn, subject_id, Some(k.name))?;
            records.reverse(); // the earliest first, as a file is read
            let rows = records.iter().map(|r| record_cells(k, &r.data)).collect();
            blocks.push(Block::Table(numbered(
                printed_fields(k).map(field_column).collect(),
                rows,
            )));
        }

        heading(&mut blocks, "请假外出");
        let mut leaves = self.leave_list(Some(subject_id))?;
        leaves.reverse();
        blocks.push(Block::Table(numbered(
            leave_columns(),
            leaves.into_iter().map(leave_cells).collect(),
        )));

        let mut proposals = self.proposals(Some(subject_id))?;
        proposals.reverse();
        let of = |matters: &[&str]| -> Table {
            numbered(
                proposal_columns(),
                proposals
                    .iter()
                    .filter(|p| matters.contains(&p.matter.as_str()))
                    .map(proposal_cells)
                    .collect(),
            )
        };
        heading(&mut blocks, "执行地变更");
        blocks.push(Block::Table(of(&["transfer"])));

        heading(&mut blocks, "月度考核");
        let mut assessments = self.assessment_list(subject_id)?;
        assessments.reverse();
        blocks.push(Block::Table(numbered(
            assessment_columns(),
            assessments.iter().map(assessment_cells).collect(),
        )));

        heading(&mut blocks, "管理等级变更");
        let rows = level_changes(conn, Some(subject_id))?
            .into_iter()
            .map(|c| level_cells(conn, c))
            .collect::<Result<_>>()?;
        blocks.push(Block::Table(numbered(level_columns(), rows)));

        heading(&mut blocks, "奖惩及其他审批事项");
        blocks.push(Block::Table(of(&[
            "sanction",
            "positioning",
            "injunction_entry",
        ])));

        let emergency = crate::report::record_kind("emergency");
        heading(&mut blocks, emergency.zh);
        let mut records = query::records(conn, subject_id, Some("emergency"))?;
        records.reverse();
        blocks.push(Block::Table(numbered(
            printed_fields(emergency).map(field_column).collect(),
            records
                .iter()
                .map(|r| record_cells(emergency, &r.data))
                .collect(),
        )));

        heading(&mut blocks, "解除、终止矫正");
        blocks.push(Block::Table(of(&["ending"])));
        Ok((s.file_no, blocks))
    }
}

/// 1 → 一, 12 → 十二, 21 → 二十一 (section numbers stay under 100).
fn chinese_number(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".into(),
        1..=9 => D[n as usize].into(),
        10..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => format!("{}十{}", D[(n / 10 % 10) as usize], D[(n % 10) as usize]),
    }
}
