//! Subjects (社区矫正对象): the people under community correction, and the checks a new
//! subject's basic information must pass.
//!
//! Birth date and sex are facts of the ID number; when someone also types them, they must
//! agree, because a mismatch almost always means a mistyped number or the wrong person.
//! Whether the jurisdiction code exists is not known here (that needs the archive's division
//! list); only its shape is checked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::division::Level;
use crate::idnumber::{IdNumber, IdNumberError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    #[serde(alias = "男", alias = "M")]
    Male,
    #[serde(alias = "女", alias = "F")]
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
    pub fn parse(s: &str) -> Option<Sex> {
        match s {
            "male" | "男" | "M" => Some(Sex::Male),
            "female" | "女" | "F" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// 矫正类别.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 管制
    #[serde(alias = "管制")]
    Surveillance,
    /// 缓刑
    #[serde(alias = "缓刑")]
    Probation,
    /// 假释
    #[serde(alias = "假释")]
    Parole,
    /// 暂予监外执行
    #[serde(alias = "暂予监外执行")]
    TemporaryOutside,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Surveillance,
        Category::Probation,
        Category::Parole,
        Category::TemporaryOutside,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Surveillance => "surveillance",
            Category::Probation => "probation",
            Category::Parole => "parole",
            Category::TemporaryOutside => "temporary_outside",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Surveillance => "管制",
            Category::Probation => "缓刑",
            Category::Parole => "假释",
            Category::TemporaryOutside => "暂予监外执行",
        }
    }
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s || c.label_zh() == s)
    }
}

/// Where a subject stands in the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 待报到: papers received, not yet reported.
    AwaitingReport,
    /// 在矫
    InCorrection,
    /// 解除: term completed.
    Released,
    /// 终止: revoked, returned to prison, or died.
    Terminated,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::AwaitingReport,
        Status::InCorrection,
        Status::Released,
        Status::Terminated,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::AwaitingReport => "awaiting_report",
            Status::InCorrection => "in_correction",
            Status::Released => "released",
            Status::Terminated => "terminated",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::AwaitingReport => "待报到",
            Status::InCorrection => "在矫",
            Status::Released => "解除",
            Status::Terminated => "终止",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|c| c.as_str() == s || c.label_zh() == s)
    }
    pub fn is_current(self) -> bool {
        matches!(self, Status::AwaitingReport | Status::InCorrection)
    }
}

/// 管理等级 (分类管理): how closely a subject in correction is supervised. Which level a
/// subject is put in is an office decision under its own rules, not derived here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagementLevel {
    /// 严管: weekly check-ins and written reports, weekly individual education.
    #[serde(alias = "严管")]
    Strict,
    /// 普管
    #[serde(alias = "普管")]
    Normal,
    /// 宽管
    #[serde(alias = "宽管")]
    Lenient,
}

impl ManagementLevel {
    pub const ALL: [ManagementLevel; 3] = [
        ManagementLevel::Strict,
        ManagementLevel::Normal,
        ManagementLevel::Lenient,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ManagementLevel::Strict => "strict",
            ManagementLevel::Normal => "normal",
            ManagementLevel::Lenient => "lenient",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ManagementLevel::Strict => "严管",
            ManagementLevel::Normal => "普管",
            ManagementLevel::Lenient => "宽管",
        }
    }
    /// Accepts the code or the Chinese label.
    pub fn parse(s: &str) -> Option<ManagementLevel> {
        let s = s.trim();
        ManagementLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == s || l.label_zh() == s)
    }
}

/// Basic information as typed or imported (`dossier subject add --file`). Optional fields
/// may be left out of the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSubject {
    pub name: String,
    pub id_number: String,
    #[serde(default)]
    pub sex: Option<Sex>,
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[serde(default)]
    pub ethnicity: Option<String>,
    #[serde(default)]
    pub education: Option<String>,
    #[serde(default)]
    pub marital_status: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub household_address: Option<String>,
    #[serde(default)]
    pub residence_address: Option<String>,
    /// The village or community (12 digits) or street (9 digits) the subject belongs to.
    pub jurisdiction: String,
    pub category: Category,
    #[serde(default)]
    pub crime: Option<String>,
    #[serde(default)]
    pub original_sentence: Option<String>,
    pub correction_start: NaiveDate,
    pub correction_end: NaiveDate,
    #[serde(default)]
    pub status: Option<Status>,
    /// Human-facing file number (档案编号); made up when left out.
    #[serde(default)]
    pub file_no: Option<String>,
}

/// Basic information that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubjectBasics {
    pub file_no: Option<String>,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub id_number: IdNumber,
    pub ethnicity: String,
    pub education: Option<String>,
    pub marital_status: Option<String>,
    pub phone: Option<String>,
    pub household_address: Option<String>,
    pub residence_address: Option<String>,
    pub jurisdiction: String,
    pub category: Category,
    pub crime: Option<String>,
    pub original_sentence: Option<String>,
    pub correction_start: NaiveDate,
    pub correction_end: NaiveDate,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubjectError {
    #[error("the name is empty")]
    EmptyName,
    #[error("the name is longer than 50 characters")]
    NameTooLong,
    #[error("the ID number is not valid: {0}")]
    IdNumber(#[from] IdNumberError),
    #[error(
        "the sex typed does not match the ID number (the 17th digit is odd for men and even for women)"
    )]
    SexMismatch,
    #[error("the birth date typed does not match the birth date inside the ID number")]
    BirthDateMismatch,
    #[error("the correction period ends before it starts")]
    PeriodReversed,
    #[error(
        "the jurisdiction must be a 12-digit village or community code or a 9-digit street code"
    )]
    JurisdictionShape,
    #[error("the field {0} is longer than 200 characters")]
    FieldTooLong(&'static str),
}

impl NewSubject {
    /// Checks everything that can be checked without the archive.
    pub fn validate(self) -> Result<SubjectBasics, SubjectError> {
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            return Err(SubjectError::EmptyName);
        }
        if name.chars().count() > 50 {
            return Err(SubjectError::NameTooLong);
        }
        let id_number = IdNumber::parse(&self.id_number)?;
        if self.sex.is_some_and(|s| s != id_number.sex()) {
            return Err(SubjectError::SexMismatch);
        }
        if self.birth_date.is_some_and(|d| d != id_number.birth_date()) {
            return Err(SubjectError::BirthDateMismatch);
        }
        if self.correction_end < self.correction_start {
            return Err(SubjectError::PeriodReversed);
        }
        if !matches!(
            Level::from_code(&self.jurisdiction),
            Some(Level::Village | Level::Street)
        ) {
            return Err(SubjectError::JurisdictionShape);
        }
        let text =
            |field: &'static str, v: Option<String>| -> Result<Option<String>, SubjectError> {
                match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
                    Some(s) if s.chars().count() > 200 => Err(SubjectError::FieldTooLong(field)),
                    other => Ok(other),
                }
            };
        Ok(SubjectBasics {
            file_no: text("file_no", self.file_no)?,
            name,
            sex: id_number.sex(),
            birth_date: id_number.birth_date(),
            ethnicity: text("ethnicity", self.ethnicity)?.unwrap_or_else(|| "汉族".to_owned()),
            education: text("education", self.education)?,
            marital_status: text("marital_status", self.marital_status)?,
            phone: text("phone", self.phone)?,
            household_address: text("household_address", self.household_address)?,
            residence_address: text("residence_address", self.residence_address)?,
            jurisdiction: self.jurisdiction,
            category: self.category,
            crime: text("crime", self.crime)?,
            original_sentence: text("original_sentence", self.original_sentence)?,
            correction_start: self.correction_start,
            correction_end: self.correction_end,
            status: self.status.unwrap_or(Status::InCorrection),
            id_number,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> NewSubject {
        serde_json::from_value(serde_json::json!({
            "name": "测试甲",
            "id_number": "11010519491231002X",
            "jurisdiction": "330723001202",
            "category": "缓刑",
            "correction_start": "2026-01-01",
            "correction_end": "2027-01-01",
        }))
        .unwrap()
    }

    #[test]
    fn validation_table() {
        type Edit = fn(&mut NewSubject);
        let cases: &[(&str, Edit, Result<(), SubjectError>)] = &[
            ("minimal", |_| {}, Ok(())),
            ("sex agrees", |s| s.sex = Some(Sex::Female), Ok(())),
            (
                "sex disagrees",
                |s| s.sex = Some(Sex::Male),
                Err(SubjectError::SexMismatch),
            ),
            (
                "birth agrees",
                |s| s.birth_date = NaiveDate::from_ymd_opt(1949, 12, 31),
                Ok(()),
            ),
            (
                "birth disagrees",
                |s| s.birth_date = NaiveDate::from_ymd_opt(1949, 12, 30),
                Err(SubjectError::BirthDateMismatch),
            ),
            (
                "blank name",
                |s| s.name = "  ".into(),
                Err(SubjectError::EmptyName),
            ),
            (
                "bad id",
                |s| s.id_number = "110105194912310021".into(),
                Err(SubjectError::IdNumber(IdNumberError::WrongCheckCharacter)),
            ),
            (
                "reversed period",
                |s| s.correction_end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                Err(SubjectError::PeriodReversed),
            ),
            (
                "county code",
                |s| s.jurisdiction = "330723".into(),
                Err(SubjectError::JurisdictionShape),
            ),
            (
                "street code",
                |s| s.jurisdiction = "330723001".into(),
                Ok(()),
            ),
        ];
        for (what, edit, want) in cases {
            let mut s = base();
            edit(&mut s);
            assert_eq!(s.validate().map(|_| ()), *want, "{what}");
        }
    }

    #[test]
    fn derived_fields_fill_in() {
        let b = base().validate().unwrap();
        assert_eq!(b.sex, Sex::Female);
        assert_eq!(b.birth_date.to_string(), "1949-12-31");
        assert_eq!(b.ethnicity, "汉族");
        assert_eq!(b.status, Status::InCorrection);
    }

    #[test]
    fn management_levels_parse() {
        let cases: &[(&str, Option<ManagementLevel>)] = &[
            ("strict", Some(ManagementLevel::Strict)),
            ("严管", Some(ManagementLevel::Strict)),
            ("normal", Some(ManagementLevel::Normal)),
            ("普管", Some(ManagementLevel::Normal)),
            (" lenient ", Some(ManagementLevel::Lenient)),
            ("宽管", Some(ManagementLevel::Lenient)),
            ("Strict", None),
            ("严", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(ManagementLevel::parse(input), *want, "{input:?}");
        }
        for level in ManagementLevel::ALL {
            assert_eq!(ManagementLevel::parse(level.as_str()), Some(level));
            assert_eq!(ManagementLevel::parse(level.label_zh()), Some(level));
            let json = serde_json::to_value(level).unwrap();
            assert_eq!(json, serde_json::json!(level.as_str()));
            let zh: ManagementLevel =
                serde_json::from_value(serde_json::json!(level.label_zh())).unwrap();
            assert_eq!(zh, level);
        }
    }

    #[test]
    fn json_accepts_chinese_and_english_labels() {
        let s: NewSubject = serde_json::from_value(serde_json::json!({
            "name": "x", "id_number": "11010519491231002X", "jurisdiction": "330723001202",
            "category": "probation", "sex": "女",
            "correction_start": "2026-01-01", "correction_end": "2027-01-01",
        }))
        .unwrap();
        assert_eq!(s.category, Category::Probation);
        assert_eq!(s.sex, Some(Sex::Female));
    }
}
