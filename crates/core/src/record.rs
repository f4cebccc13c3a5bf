//! Records: every section of the personal file (一人一档) beyond the basic information, and
//! every kind of daily work record, described as data.
//!
//! A record is one entry of one kind for one subject: a family member, a visit, a talk. What
//! fields a kind has, their labels in Chinese and English, their types, which are required
//! and which date rule applies are declared once here, in [`kinds`]. The store keeps a
//! record's fields as individual op-log fields (`d.<name>`) so concurrent edits of different
//! fields merge; the API validates with [`validate`]; the UI renders its forms from the same
//! declarations (sent over IPC), so a new kind needs no new screen. What is deliberately not
//! here: leave, assessments and sanctions (their own workflows, with their own entities).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Map, Value};

/// How a field's value is typed and shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines of text (notes, findings).
    LongText,
    /// A calendar date, YYYY-MM-DD.
    Date,
    /// A time of day, HH:MM.
    Time,
    /// A number within bounds (hours, days).
    Number { min: f64, max: f64 },
    /// Yes or no.
    Bool,
    /// One of a fixed list of codes.
    Choice(&'static [Choice]),
    /// Attachments: SHA-256 hex digests of attachments stored in the archive, comma-separated.
    Attachments,
}

impl FieldType {
    /// The stable name sent to the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::LongText => "long_text",
            FieldType::Date => "date",
            FieldType::Time => "time",
            FieldType::Number { .. } => "number",
            FieldType::Bool => "bool",
            FieldType::Choice(_) => "choice",
            FieldType::Attachments => "attachments",
        }
    }
}

/// One allowed value of a choice field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldSpec {
    /// The field's name: lowercase ASCII letters, digits and underscores.
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

/// Which part of the file a kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A section of the personal file (family, resume, sentence, ...).
    File,
    /// Daily work (check-ins, visits, talks, ...), shown on the timeline.
    Daily,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::File => "file",
            Section::Daily => "daily",
        }
    }
}

/// What dates a kind's record date may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRule {
    /// Any date (a resume entry from decades ago, a family member's birth date).
    Any,
    /// Not after today (papers received, assessments done before the correction).
    NotFuture,
    /// Work done during the correction: not before it started, not after today.
    DuringCorrection,
}

impl DateRule {
    pub fn as_str(self) -> &'static str {
        match self {
            DateRule::Any => "any",
            DateRule::NotFuture => "not_future",
            DateRule::DuringCorrection => "during_correction",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindSpec {
    /// The kind's name, as used by `dossier record add --kind` and over IPC.
    pub name: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub section: Section,
    /// At most one live record of this kind per subject (intake, pre-sentence assessment).
    pub singular: bool,
    /// The field that dates the record on the timeline; must be a required date field.
    pub date_field: Option<&'static str>,
    pub date_rule: DateRule,
    pub fields: &'static [FieldSpec],
}

impl KindSpec {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn f(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    ty: FieldType,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        name,
        zh,
        en,
        ty,
        required,
    }
}

const fn c(value: &'static str, zh: &'static str, en: &'static str) -> Choice {
    Choice { value, zh, en }
}

use FieldType::{Attachments, Bool, Date, LongText, Text};

const VISIT_PLACES: &[Choice] = &[
    c("home", "家中", "Home"),
    c("community", "社区/村", "Community or village"),
    c("workplace", "工作单位", "Workplace"),
    c("other", "其他", "Other"),
];

const KINDS: &[KindSpec] = &[
    KindSpec {
        name: "family_member",
        zh: "家庭成员及社会关系",
        en: "Family and social relations",
        section: Section::File,
        singular: false,
        date_field: None,
        date_rule: DateRule::Any,
        fields: &[
            f("name", "姓名", "Name", Text, true),
            f("relation", "关系", "Relation", Text, true),
            f("employer", "工作单位", "Employer", Text, false),
            f("phone", "联系电话", "Phone", Text, false),
            f("address", "住址", "Address", Text, false),
        ],
    },
    KindSpec {
        name: "visit",
        zh: "走访",
        en: "Visit",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "走访日期", "Date", Date, true),
            f(
                "place",
                "走访地点",
                "Place",
                FieldType::Choice(VISIT_PLACES),
                true,
            ),
            f("visitors", "走访人", "Visitors", Text, true),
            f("met", "走访对象", "Who was met", Text, true),
            f("reason", "走访事由", "Reason", Text, false),
            f(
                "findings",
                "了解情况（健康、收入、住房、习惯、近期表现）",
                "Findings (health, income, housing, habits, recent conduct)",
                LongText,
                true,
            ),
            f("outcome", "处理结果", "Outcome", LongText, false),
            f(
                "four_ones",
                "属于敏感时期“四个一”",
                "Part of a sensitive-period \"four ones\" round",
                Bool,
                false,
            ),
            f("photos", "照片", "Photos", Attachments, false),
        ],
    },
];

/// Every kind of record, in the order the file shows them.
pub fn kinds() -> &'static [KindSpec] {
    KINDS
}

/// The kind with this name.
pub fn kind(name: &str) -> Option<&'static KindSpec> {
    KINDS.iter().find(|k| k.name == name)
}

/// What a record is checked against besides its own fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordContext {
    pub correction_start: NaiveDate,
    pub today: NaiveDate,
}

/// A record's fields after checking: dates as YYYY-MM-DD, numbers as numbers, booleans as
/// booleans, choices as their codes, attachments as sorted comma-separated digests, empty
/// optional fields left out.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRecord {
    /// The value of the kind's date field, if it has one.
    pub date: Option<NaiveDate>,
    pub fields: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecordError {
    #[error("a {kind} record has no field named {field}")]
    UnknownField { kind: &'static str, field: String },
    #[error("{field} is required")]
    Missing { field: &'static str },
    #[error("{field} {why}")]
    BadValue { field: &'static str, why: String },
    #[error("{field} ({date}) is before the correction started ({start})")]
    BeforeCorrection {
        field: &'static str,
        date: NaiveDate,
        start: NaiveDate,
    },
    #[error("{field} ({date}) is in the future")]
    InFuture { field: &'static str, date: NaiveDate },
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_value(spec: &'static FieldSpec, v: &Value) -> Result<Option<Value>, RecordError> {
    let bad = |why: &str| RecordError::BadValue {
        field: spec.en,
        why: why.to_owned(),
    };
    if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    let text = || v.as_str().map(str::trim).ok_or_else(|| bad("must be text"));
    Ok(Some(match spec.ty {
        FieldType::Text | FieldType::LongText => {
            let t = text()?;
            let limit = if spec.ty == FieldType::Text { 200 } else { 5000 };
            if t.chars().count() > limit {
                return Err(bad(&format!("is longer than {limit} characters")));
            }
            Value::from(t)
        }
        FieldType::Date => {
            let t = text()?;
            let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_err(|_| bad("must be a date written YYYY-MM-DD"))?;
            Value::from(d.to_string())
        }
        FieldType::Time => {
            let t = text()?;
            let ok = chrono::NaiveTime::parse_from_str(t, "%H:%M").is_ok();
            if !ok {
                return Err(bad("must be a time written HH:MM"));
            }
            Value::from(t)
        }
        FieldType::Number { min, max } => {
            let n = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            }
            .filter(|n| n.is_finite())
            .ok_or_else(|| bad("must be a number"))?;
            if n < min || n > max {
                return Err(bad(&format!("must be between {min} and {max}")));
            }
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        }
        FieldType::Bool => match v {
            Value::Bool(b) => Value::Bool(*b),
            Value::String(s) if matches!(s.as_str(), "true" | "yes" | "是") => Value::Bool(true),
            Value::String(s) if matches!(s.as_str(), "false" | "no" | "否") => Value::Bool(false),
            _ => return Err(bad("must be yes or no")),
        },
        FieldType::Choice(choices) => {
            let t = text()?;
            let hit = choices
                .iter()
                .find(|c| c.value == t || c.zh == t || c.en.eq_ignore_ascii_case(t))
                .ok_or_else(|| {
                    let allowed: Vec<&str> = choices.iter().map(|c| c.value).collect();
                    bad(&format!("must be one of: {}", allowed.join(", ")))
                })?;
            Value::from(hit.value)
        }
        FieldType::Attachments => {
            let t = text()?;
            let mut digests: Vec<&str> = t
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if digests.iter().any(|d| !is_sha256_hex(d)) {
                return Err(bad("must list attachments by their SHA-256 digests"));
            }
            digests.sort_unstable();
            digests.dedup();
            Value::from(digests.join(","))
        }
    }))
}

/// Checks a whole record of `kind` (for an edit: the record's fields with the edit applied).
pub fn validate(
    kind: &'static KindSpec,
    data: &Map<String, Value>,
    ctx: &RecordContext,
) -> Result<ValidRecord, RecordError> {
    for name in data.keys() {
        if kind.field(name).is_none() {
            return Err(RecordError::UnknownField {
                kind: kind.name,
                field: name.clone(),
            });
        }
    }
    let mut fields = BTreeMap::new();
    for spec in kind.fields {
        match data.get(spec.name).map(|v| check_value(spec, v)).transpose()? {
            Some(Some(v)) => {
                fields.insert(spec.name.to_owned(), v);
            }
            _ if spec.required => return Err(RecordError::Missing { field: spec.en }),
            _ => {}
        }
    }
    // Every date field obeys the kind's rule, not only the one that dates the record: a talk
    // cannot end in the future any more than it can start there.
    for spec in kind.fields.iter().filter(|s| s.ty == FieldType::Date) {
        let Some(d) = fields.get(spec.name).and_then(Value::as_str) else {
            continue;
        };
        let d: NaiveDate = d.parse().expect("normalised above");
        match kind.date_rule {
            DateRule::Any => {}
            DateRule::NotFuture | DateRule::DuringCorrection if d > ctx.today => {
                return Err(RecordError::InFuture {
                    field: spec.en,
                    date: d,
                });
            }
            DateRule::DuringCorrection if d < ctx.correction_start => {
                return Err(RecordError::BeforeCorrection {
                    field: spec.en,
                    date: d,
                    start: ctx.correction_start,
                });
            }
            _ => {}
        }
    }
    let date = kind
        .date_field
        .and_then(|n| fields.get(n))
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    Ok(ValidRecord { date, fields })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_well_formed() {
        let mut names: Vec<_> = kinds().iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), kinds().len(), "kind names are unique");
        for k in kinds() {
            if let Some(d) = k.date_field {
                let spec = k.field(d).expect("date field exists");
                assert_eq!(spec.ty, FieldType::Date, "{}", k.name);
                assert!(spec.required, "{}", k.name);
            }
            for field in k.fields {
                assert!(
                    field
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                    "{}.{}",
                    k.name,
                    field.name
                );
            }
        }
    }
}
