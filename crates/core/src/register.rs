//! Registers (台账) of an office or village that are about no one subject: correction staff,
//! volunteers, trainings, and meetings (quarterly joint meetings, monthly office meetings).
//!
//! A register kind is a record kind ([`KindSpec`], section [`Section::Register`]) plus who
//! keeps it, so its fields, labels, date rules and periods are declared and checked by the
//! same machinery as a subject's records ([`record::validate`]) and the UI renders its forms
//! from the same field views. An entry belongs to the jurisdiction of the site that wrote it
//! (the office's street code, or a village's code), which is what sync scopes it by. What is
//! deliberately not here: who the officer is and which site they sit at (the API checks
//! [`Keeper`] against the role), checks across entries (one office meeting a month, a staff
//! member listed twice), and a link from a volunteer to the correction groups they sit in.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::record::{
    self, Choice, DateRule, FieldSpec, FieldType, KindSpec, NOTES, RecordContext, RecordError,
    SEXES, Section, ValidRecord, c, f, span,
};

/// Who may add to, edit and delete from a register; every site may read the registers of
/// its own jurisdiction and of the office above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeper {
    /// The judicial office (office roles) only: its staff, volunteers and meetings.
    Office,
    /// Any site, for its own jurisdiction: a village records the trainings its workers held.
    AnySite,
}

impl Keeper {
    pub fn as_str(self) -> &'static str {
        match self {
            Keeper::Office => "office",
            Keeper::AnySite => "any_site",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegisterSpec {
    pub kind: KindSpec,
    pub keeper: Keeper,
}

use FieldType::{Bool, Choice as OneOf, Date, LongText, Text};

/// Year-end evaluation grades (年度考核).
const EVALUATIONS: &[Choice] = &[
    c("excellent", "优秀", "Excellent"),
    c("competent", "称职", "Competent"),
    c("basically_competent", "基本称职", "Basically competent"),
    c("incompetent", "不称职", "Incompetent"),
];

/// A volunteer's year-end evaluation: the grades, or praise and reward (表彰奖励), which the
/// street plans name for volunteers.
const VOLUNTEER_EVALUATIONS: &[Choice] = &[
    c("excellent", "优秀", "Excellent"),
    c("competent", "称职", "Competent"),
    c("basically_competent", "基本称职", "Basically competent"),
    c("incompetent", "不称职", "Incompetent"),
    c("praised", "表彰奖励", "Praised or rewarded"),
];

const STAFF_ROLES: &[Choice] = &[
    c("office_head", "司法所所长", "Head of the judicial office"),
    c("office_staff", "司法所工作人员", "Judicial office staff"),
    c(
        "social_worker",
        "社区矫正社会工作者",
        "Correction social worker",
    ),
    c(
        "village_staff",
        "村(居)委会人员",
        "Village or community committee staff",
    ),
    c("police", "社区民警", "Community police officer"),
    c("other", "其他", "Other"),
];

const MEETING_TYPES: &[Choice] = &[
    c("joint", "联席会议(季度)", "Joint meeting (quarterly)"),
    c("office", "所务会(月度)", "Office meeting (monthly)"),
];

/// Hours of one training: a course may run over several days.
const TRAINING_HOURS: FieldType = FieldType::Number {
    min: 0.0,
    max: 200.0,
};

/// An evaluation lies in the past whatever the kind's rule (a term may start ahead).
const fn done(spec: FieldSpec) -> FieldSpec {
    FieldSpec {
        date_rule: Some(DateRule::NotFuture),
        ..spec
    }
}

const TERM_FROM: FieldSpec = f("term_from", "任期起", "Term from", Date, true);
// Left empty while the term runs on with no end set.
const TERM_TO: FieldSpec = f("term_to", "任期止", "Term to", Date, false);
const EVALUATED_ON: FieldSpec = done(f(
    "evaluated_on",
    "年度考核日期",
    "Evaluated on",
    Date,
    false,
));

const REGISTERS: &[RegisterSpec] = &[
    RegisterSpec {
        kind: KindSpec {
            name: "staff",
            zh: "社区矫正工作人员",
            en: "Correction staff",
            section: Section::Register,
            singular: false,
            date_field: Some("term_from"),
            // A term may be set to start next month.
            date_rule: DateRule::Any,
            fields: &[
                f("name", "姓名", "Name", Text, true),
                f("role", "人员类别", "Role", OneOf(STAFF_ROLES), true),
                f("post", "职务/岗位", "Post", Text, false),
                f("phone", "联系电话", "Phone", Text, false),
                TERM_FROM,
                TERM_TO,
                EVALUATED_ON,
                f(
                    "evaluation",
                    "年度考核结果",
                    "Year-end evaluation",
                    OneOf(EVALUATIONS),
                    false,
                ),
                NOTES,
            ],
            spans: &[
                span("term_from", "term_to"),
                span("term_from", "evaluated_on"),
            ],
        },
        keeper: Keeper::Office,
    },
    RegisterSpec {
        kind: KindSpec {
            name: "volunteer",
            zh: "社区矫正志愿者",
            en: "Volunteer",
            section: Section::Register,
            singular: false,
            date_field: Some("term_from"),
            date_rule: DateRule::Any,
            fields: &[
                f("name", "姓名", "Name", Text, true),
                f("sex", "性别", "Sex", OneOf(SEXES), true),
                f("phone", "联系电话", "Phone", Text, false),
                f("work_unit", "工作单位", "Work unit", Text, false),
                TERM_FROM,
                TERM_TO,
                f(
                    "agreement_signed",
                    "已签订志愿者协议",
                    "Agreement signed",
                    Bool,
                    false,
                ),
                EVALUATED_ON,
                f(
                    "evaluation",
                    "年度考核结果",
                    "Year-end evaluation",
                    OneOf(VOLUNTEER_EVALUATIONS),
                    false,
                ),
                NOTES,
            ],
            spans: &[
                span("term_from", "term_to"),
                span("term_from", "evaluated_on"),
            ],
        },
        keeper: Keeper::Office,
    },
    RegisterSpec {
        kind: KindSpec {
            name: "training",
            zh: "业务培训",
            en: "Training",
            section: Section::Register,
            singular: false,
            date_field: Some("date"),
            // Recorded once held.
            date_rule: DateRule::NotFuture,
            fields: &[
                f("date", "培训日期", "Date", Date, true),
                f("title", "培训主题", "Title", Text, true),
                f("organiser", "主办单位", "Organiser", Text, true),
                f("place", "培训地点", "Place", Text, false),
                f("hours", "学时", "Hours", TRAINING_HOURS, false),
                f("attendees", "参训人员", "Attendees", LongText, true),
                f("content", "培训内容", "Content", LongText, false),
                NOTES,
            ],
            spans: &[],
        },
        keeper: Keeper::AnySite,
    },
    RegisterSpec {
        kind: KindSpec {
            name: "meeting",
            zh: "会议记录",
            en: "Meeting",
            section: Section::Register,
            singular: false,
            date_field: Some("date"),
            // Minutes are written after the meeting.
            date_rule: DateRule::NotFuture,
            fields: &[
                f(
                    "meeting_type",
                    "会议类型",
                    "Meeting type",
                    OneOf(MEETING_TYPES),
                    true,
                ),
                f("date", "会议日期", "Date", Date, true),
                f("place", "会议地点", "Place", Text, true),
                f("chair", "主持人", "Chair", Text, true),
                f("recorder", "记录人", "Recorder", Text, false),
                f("attendees", "参会人员", "Attendees", LongText, true),
                f("absentees", "缺席人员", "Absentees", LongText, false),
                f("topics", "会议议题", "Topics", LongText, true),
                f("minutes", "会议纪要", "Minutes", LongText, true),
            ],
            spans: &[],
        },
        keeper: Keeper::Office,
    },
];

/// Every register kind, in the order the registers screen shows them.
pub fn registers() -> &'static [RegisterSpec] {
    REGISTERS
}

/// The register kind with this name.
pub fn register(name: &str) -> Option<&'static RegisterSpec> {
    REGISTERS.iter().find(|r| r.kind.name == name)
}

/// Checks a whole entry of `spec` (for an edit: the entry with the edit applied) as of
/// `today`. Register kinds have no correction period: none uses
/// [`DateRule::DuringCorrection`] (a test keeps it so), so the context's correction start
/// is never read.
pub fn validate(
    spec: &'static RegisterSpec,
    data: &Map<String, Value>,
    today: NaiveDate,
) -> Result<ValidRecord, RecordError> {
    let ctx = RecordContext {
        correction_start: NaiveDate::MIN,
        today,
    };
    record::validate(&spec.kind, data, &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// `base` with `edit`'s keys replaced (a null value removes the key).
    fn with(base: &Value, edit: Value) -> Value {
        let mut out = base.clone();
        for (k, v) in edit.as_object().unwrap() {
            if v.is_null() {
                out.as_object_mut().unwrap().remove(k);
            } else {
                out[k] = v.clone();
            }
        }
        out
    }

    /// Today is 2026-06-15.
    fn check(name: &str, data: &Value) -> Result<ValidRecord, RecordError> {
        let spec = register(name).unwrap_or_else(|| panic!("no register {name}"));
        validate(spec, data.as_object().unwrap(), day("2026-06-15"))
    }

    fn reversed(start: &'static str, sv: &str, end: &'static str, ev: &str) -> RecordError {
        RecordError::EndsBeforeStart {
            start,
            start_value: sv.into(),
            end,
            end_value: ev.into(),
        }
    }

    #[test]
    fn entries_are_checked() {
        let staff = json!({"name": "测试员", "role": "office_staff", "term_from": "2026-01-01",
            "term_to": "2028-12-31", "evaluated_on": "2026-06-01", "evaluation": "称职"});
        let volunteer = json!({"name": "测试甲", "sex": "女", "term_from": "2025-03-01",
            "agreement_signed": "是", "evaluation": "praised"});
        let training = json!({"date": "2026-05-20", "title": "社区矫正法培训",
            "organiser": "县司法局", "hours": "3.5", "attendees": "测试员、测试乙"});
        let meeting = json!({"meeting_type": "所务会(月度)", "date": "2026-06-15", "place": "所会议室",
            "chair": "测试员", "attendees": "全体", "topics": "本月矫正工作", "minutes": "……"});
        let missing = |field| Err(RecordError::Missing { field });
        let future = |field, d| {
            Err(RecordError::InFuture {
                field,
                date: day(d),
            })
        };
        let bad = |field, why: &str| {
            Err(RecordError::BadValue {
                field,
                why: why.into(),
            })
        };
        let cases: Vec<(&str, &str, Value, Result<(), RecordError>)> = vec![
            ("staff ok", "staff", staff.clone(), Ok(())),
            (
                "staff term starting next year",
                "staff",
                with(
                    &staff,
                    json!({"term_from": "2027-01-01", "term_to": null, "evaluated_on": null}),
                ),
                Ok(()),
            ),
            (
                "staff term ends before it starts",
                "staff",
                with(&staff, json!({"term_to": "2025-12-31"})),
                Err(reversed("Term from", "2026-01-01", "Term to", "2025-12-31")),
            ),
            (
                "staff evaluated before the term",
                "staff",
                with(&staff, json!({"evaluated_on": "2025-12-01"})),
                Err(reversed(
                    "Term from",
                    "2026-01-01",
                    "Evaluated on",
                    "2025-12-01",
                )),
            ),
            (
                "staff evaluated in the future",
                "staff",
                with(&staff, json!({"evaluated_on": "2026-12-31"})),
                future("Evaluated on", "2026-12-31"),
            ),
            (
                "staff missing name",
                "staff",
                with(&staff, json!({"name": " "})),
                missing("Name"),
            ),
            (
                "staff unknown grade",
                "staff",
                with(&staff, json!({"evaluation": "praised"})),
                bad(
                    "Year-end evaluation",
                    "must be one of: excellent, competent, basically_competent, incompetent",
                ),
            ),
            ("volunteer ok", "volunteer", volunteer.clone(), Ok(())),
            (
                "volunteer missing sex",
                "volunteer",
                with(&volunteer, json!({"sex": null})),
                missing("Sex"),
            ),
            (
                "volunteer agreement neither yes nor no",
                "volunteer",
                with(&volunteer, json!({"agreement_signed": "maybe"})),
                bad("Agreement signed", "must be yes or no"),
            ),
            ("training ok", "training", training.clone(), Ok(())),
            (
                "training in the future",
                "training",
                with(&training, json!({"date": "2026-06-16"})),
                future("Date", "2026-06-16"),
            ),
            (
                "training hours not a number",
                "training",
                with(&training, json!({"hours": "三"})),
                bad("Hours", "must be a number"),
            ),
            (
                "training missing attendees",
                "training",
                with(&training, json!({"attendees": null})),
                missing("Attendees"),
            ),
            ("meeting ok", "meeting", meeting.clone(), Ok(())),
            (
                "meeting in the future",
                "meeting",
                with(&meeting, json!({"date": "2026-07-01"})),
                future("Date", "2026-07-01"),
            ),
            (
                "meeting of an unknown type",
                "meeting",
                with(&meeting, json!({"meeting_type": "party"})),
                bad("Meeting type", "must be one of: joint, office"),
            ),
            (
                "meeting without minutes",
                "meeting",
                with(&meeting, json!({"minutes": ""})),
                missing("Minutes"),
            ),
            (
                "meeting with a stray field",
                "meeting",
                with(&meeting, json!({"subject_id": "x"})),
                Err(RecordError::UnknownField {
                    kind: "meeting",
                    field: "subject_id".into(),
                }),
            ),
        ];
        for r in registers() {
            assert!(
                cases
                    .iter()
                    .any(|(_, name, _, want)| *name == r.kind.name && want.is_ok()),
                "no valid {} entry in the table",
                r.kind.name
            );
        }
        for (what, name, data, want) in cases {
            assert_eq!(check(name, &data).map(|_| ()), want, "{what}");
        }
        let v = check("meeting", &meeting).unwrap();
        assert_eq!(v.fields["meeting_type"], json!("office"));
        assert_eq!(v.date, Some(day("2026-06-15")));
        let v = check("volunteer", &volunteer).unwrap();
        assert_eq!(v.fields["agreement_signed"], json!(true));
        assert_eq!(v.date, Some(day("2025-03-01")));
    }

    #[test]
    fn every_register_is_well_formed() {
        let mut names: Vec<_> = registers().iter().map(|r| r.kind.name).collect();
        assert_eq!(names, ["staff", "volunteer", "training", "meeting"]);
        names.extend(record::kinds().iter().map(|k| k.name));
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "register names differ from record kinds'");
        for r in registers() {
            record::assert_well_formed(&r.kind);
            assert_eq!(r.kind.section, Section::Register, "{}", r.kind.name);
            assert!(r.kind.date_field.is_some(), "{}: dated", r.kind.name);
            // validate() passes no correction start.
            for field in r.kind.fields.iter().filter(|f| f.ty == FieldType::Date) {
                assert_ne!(
                    field.date_rule_in(&r.kind),
                    DateRule::DuringCorrection,
                    "{}.{}",
                    r.kind.name,
                    field.name
                );
            }
        }
        assert!(
            record::kinds()
                .iter()
                .all(|k| k.section != Section::Register)
        );
    }
}
