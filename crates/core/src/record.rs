//! Records: every section of the personal file (一人一档) beyond the basic information, and
//! every kind of daily work record, described as data.
//!
//! A record is one entry of one kind for one subject: a family member, a visit, a talk. What
//! fields a kind has, their labels in Chinese and English, their types, which are required,
//! which date rule applies (with a per-field exemption for dates that are legitimately ahead,
//! such as an injunction's end) and which pairs of fields form a period whose end must not
//! come before its start are declared once here, in [`kinds`]. The store keeps a
//! record's fields as individual op-log fields (`d.<name>`) so concurrent edits of different
//! fields merge; the API validates with [`validate`]; the UI renders its forms from the same
//! declarations (sent over IPC), so a new kind needs no new screen. What is deliberately not
//! here: leave, assessments and sanctions (their own workflows, with their own entities), and
//! checks that need more than one record (a female subject's group must include a woman;
//! exactly one group member is responsible for supervision): those belong to the API, which
//! sees the whole file.

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
    /// For a date field: the rule this field obeys instead of its kind's. `Some(Any)` marks a
    /// date that may lie ahead (an injunction's end, the next re-examination) in a kind whose
    /// other dates may not.
    pub date_rule: Option<DateRule>,
}

impl FieldSpec {
    /// The date rule this field obeys within `kind`.
    pub fn date_rule_in(&self, kind: &KindSpec) -> DateRule {
        self.date_rule.unwrap_or(kind.date_rule)
    }
}

/// Which part of the file a kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A section of the personal file (family, resume, sentence, ...).
    File,
    /// Daily work (check-ins, visits, talks, ...), shown on the timeline.
    Daily,
    /// An office-level register (台账) of no one subject: staff, volunteers, trainings,
    /// meetings; see [`crate::register`].
    Register,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::File => "file",
            Section::Daily => "daily",
            Section::Register => "register",
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
    /// Pairs of fields (dates or times) that make a period: its end must not come before its
    /// start.
    pub spans: &'static [Span],
}

/// A period made of two fields of one kind, both dates or both times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: &'static str,
    pub end: &'static str,
    /// The longest the period may be, in calendar months (dates only).
    pub max_months: Option<u32>,
}

pub(crate) const fn span(start: &'static str, end: &'static str) -> Span {
    Span {
        start,
        end,
        max_months: None,
    }
}

/// One approval of electronic positioning covers at most three months (Art 29); renewals are
/// new records. (default, configurable later: moves to the office's rules table with leave.)
pub const POSITIONING_MAX_MONTHS: u32 = 3;

impl KindSpec {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether `value` is one of the choices of the choice field `name`.
    pub fn allows_choice(&self, name: &str, value: &str) -> bool {
        match self.field(name).map(|f| f.ty) {
            Some(FieldType::Choice(cs)) => cs.iter().any(|c| c.value == value),
            _ => false,
        }
    }
}

pub(crate) const fn f(
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
        date_rule: None,
    }
}

/// A date field that may lie in the future whatever its kind's rule.
pub(crate) const fn ahead(spec: FieldSpec) -> FieldSpec {
    FieldSpec {
        date_rule: Some(DateRule::Any),
        ..spec
    }
}

pub(crate) const fn c(value: &'static str, zh: &'static str, en: &'static str) -> Choice {
    Choice { value, zh, en }
}

use FieldType::{Attachments, Bool, Choice as OneOf, Date, LongText, Text, Time};

/// Hours in one day's work: education, public-interest activities.
const HOURS: FieldType = FieldType::Number {
    min: 0.0,
    max: 24.0,
};

pub(crate) const SEXES: &[Choice] = &[c("male", "男", "Male"), c("female", "女", "Female")];

const VISIT_PLACES: &[Choice] = &[
    c("home", "家中", "Home"),
    c("community", "社区/村", "Community or village"),
    c("workplace", "工作单位", "Workplace"),
    c("other", "其他", "Other"),
];

const DOCUMENT_TYPES: &[Choice] = &[
    c(
        "judgment",
        "判决书/裁定书/决定书",
        "Judgment, ruling or decision",
    ),
    c("indictment", "起诉书副本", "Copy of the indictment"),
    c("execution_notice", "执行通知书", "Execution notice"),
    c("closing_form", "结案登记表", "Case-closing form"),
    c(
        "correction_notice",
        "社区矫正告知书",
        "Community correction notice",
    ),
    c("other", "其他", "Other"),
];

/// Work or school now, as the monthly statistics count it (就业就学情况).
pub const EMPLOYMENT_STATUSES: &[Choice] = &[
    c("employed", "就业", "Employed"),
    c("studying", "就学", "In school"),
    c("unemployed", "无业", "Not working"),
    c("retired", "离退休", "Retired"),
    c("unable", "丧失劳动能力", "Unable to work"),
];

const ASSESSMENT_OPINIONS: &[Choice] = &[
    c(
        "suitable",
        "适宜社区矫正",
        "Suitable for community correction",
    ),
    c(
        "unsuitable",
        "不适宜社区矫正",
        "Not suitable for community correction",
    ),
];

/// Who sits in a correction group (Art 25).
const GROUP_ROLES: &[Choice] = &[
    c("office_staff", "司法所工作人员", "Judicial office staff"),
    c(
        "village_staff",
        "村(居)委会人员",
        "Village or community committee staff",
    ),
    c("police", "社区民警", "Community police officer"),
    c("family", "家庭成员或监护人", "Family member or guardian"),
    c(
        "employer_school",
        "工作单位或学校人员",
        "Employer or school staff",
    ),
    c("social_worker", "社会工作者", "Social worker"),
    c("volunteer", "志愿者", "Volunteer"),
];

const INJUNCTION_TYPES: &[Choice] = &[
    c("activities", "禁止从事特定活动", "No specified activities"),
    c(
        "places",
        "禁止进入特定区域、场所",
        "No entering specified areas or places",
    ),
    c(
        "contacts",
        "禁止接触特定人员",
        "No contact with specified people",
    ),
];

/// The only reasons electronic positioning may be used (Art 29).
const POSITIONING_REASONS: &[Choice] = &[
    c(
        "penalised",
        "违反监督管理规定被给予治安管理处罚",
        "Given a public-security penalty for breaking supervision rules",
    ),
    c(
        "missed_reports",
        "两次以上无正当理由不按规定时间报告或者未经批准离开所居住的市县",
        "Twice or more failed to report on time without good reason, or left the city or county without approval",
    ),
    c(
        "revocation_pending",
        "拟提请撤销缓刑、假释或者暂予监外执行收监执行",
        "About to ask for probation or parole to be revoked, or for return to prison",
    ),
    c(
        "other",
        "其他需要采取电子定位措施的情形",
        "Other circumstances that call for electronic positioning",
    ),
];

const CHECKIN_FORMS: &[Choice] = &[
    c("in_person", "当面报到", "In person"),
    c("phone", "电话报告", "By phone"),
    c("written", "书面报告", "Written report"),
    c("thought_report", "思想汇报", "Thought report"),
    c("video", "视频报到", "By video"),
];

const PUNCTUALITY: &[Choice] = &[
    c("on_time", "按时", "On time"),
    c("late", "迟到", "Late"),
    c("missing", "未报到", "Did not report"),
];

const EDUCATION_FORMS: &[Choice] = &[
    c("group", "集中教育", "Group education"),
    c("individual", "个别教育", "Individual education"),
    c("online", "线上学习", "Online learning"),
    c("other", "其他", "Other"),
];

const ATTENDANCE: &[Choice] = &[
    c("attended", "参加", "Attended"),
    c("absent", "缺席", "Absent"),
];

/// What is reported up at once, level by level.
const EMERGENCY_TYPES: &[Choice] = &[
    c("reoffending", "重新犯罪", "Re-offending"),
    c("detention", "刑事拘留", "Criminal detention"),
    c("security_penalty", "治安处罚", "Public-security penalty"),
    c("imprisonment", "收监执行", "Returned to prison"),
    c("absconding", "脱管", "Absconded"),
    c("other", "其他", "Other"),
];

/// What a violation was. Codes that are also items of the points table (`leave_unapproved`,
/// `check_in_missed`) are counted by the monthly assessment of the month they happened in.
const VIOLATION_TYPES: &[Choice] = &[
    c(
        "leave_unapproved",
        "未经批准离开所居住市、县",
        "Left the city or county without approval",
    ),
    c("check_in_missed", "未按规定报到", "Missed a check-in"),
    c("lost_contact", "失去联系", "Out of contact"),
    c("injunction_breach", "违反禁止令", "Broke an injunction"),
    c(
        "other",
        "其他违反监督管理规定",
        "Other breach of supervision rules",
    ),
];

/// Days a violation lasted (away without approval, out of contact).
const DAYS: FieldType = FieldType::Number {
    min: 0.0,
    max: 366.0,
};

pub(crate) const NOTES: FieldSpec = f("notes", "备注", "Notes", LongText, false);

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
        spans: &[],
    },
    KindSpec {
        name: "employment",
        zh: "就业就学情况",
        en: "Work or school",
        section: Section::File,
        // What is true now: one record, edited when it changes (its history is in the log).
        singular: true,
        date_field: None,
        date_rule: DateRule::Any,
        fields: &[
            f(
                "status",
                "就业就学",
                "Work or school",
                OneOf(EMPLOYMENT_STATUSES),
                true,
            ),
            f("unit", "工作单位或学校", "Employer or school", Text, false),
            f("job", "职业或岗位", "Job", Text, false),
            NOTES,
        ],
        spans: &[],
    },
    KindSpec {
        name: "resume_entry",
        zh: "个人简历",
        en: "Resume",
        section: Section::File,
        singular: false,
        date_field: Some("from"),
        date_rule: DateRule::Any,
        fields: &[
            f("from", "起始日期", "From", Date, true),
            // Left empty while it is still the subject's place: "至今".
            f("to", "截止日期", "To", Date, false),
            f(
                "place",
                "工作单位或学习地点",
                "Employer, school or place",
                Text,
                true,
            ),
            f("position", "职务/身份", "Position", Text, false),
            f("witness", "证明人", "Witness", Text, false),
        ],
        spans: &[span("from", "to")],
    },
    KindSpec {
        name: "legal_document",
        zh: "法律文书",
        en: "Legal document",
        section: Section::File,
        singular: false,
        date_field: Some("received_on"),
        date_rule: DateRule::NotFuture,
        fields: &[
            f(
                "doc_type",
                "文书类别",
                "Document type",
                OneOf(DOCUMENT_TYPES),
                true,
            ),
            f("doc_no", "文书编号", "Document number", Text, false),
            f("issued_by", "制作机关", "Issued by", Text, true),
            f("issued_on", "制作日期", "Issued on", Date, false),
            f("received_on", "接收日期", "Received on", Date, true),
            f("scans", "文书扫描件", "Scanned copies", Attachments, false),
            NOTES,
        ],
        spans: &[span("issued_on", "received_on")],
    },
    KindSpec {
        name: "pre_assessment",
        zh: "调查评估",
        en: "Pre-sentence assessment",
        section: Section::File,
        singular: true,
        date_field: Some("commissioned_on"),
        date_rule: DateRule::NotFuture,
        fields: &[
            f("commissioned_by", "委托机关", "Commissioned by", Text, true),
            f("commissioned_on", "委托日期", "Commissioned on", Date, true),
            // Decides the deadline: 5 working days instead of 10.
            f(
                "expedited",
                "适用速裁程序",
                "Expedited procedure",
                Bool,
                false,
            ),
            ahead(f("deadline", "反馈期限", "Deadline", Date, false)),
            f(
                "opinion",
                "评估意见",
                "Opinion",
                OneOf(ASSESSMENT_OPINIONS),
                false,
            ),
            f("submitted_on", "提交日期", "Submitted on", Date, false),
            NOTES,
        ],
        spans: &[
            span("commissioned_on", "deadline"),
            span("commissioned_on", "submitted_on"),
        ],
    },
    KindSpec {
        name: "intake",
        zh: "入矫",
        en: "Intake",
        section: Section::File,
        singular: true,
        date_field: Some("handover_on"),
        date_rule: DateRule::NotFuture,
        fields: &[
            f("handover_on", "交接日期", "Handover date", Date, true),
            f(
                "handed_over_by",
                "移交人（民警）",
                "Handed over by (police)",
                Text,
                false,
            ),
            f(
                "first_talk_on",
                "首次谈话日期",
                "First talk on",
                Date,
                false,
            ),
            f("announced_on", "入矫宣告日期", "Announced on", Date, false),
            f(
                "fingerprints",
                "已采集指纹",
                "Fingerprints taken",
                Bool,
                false,
            ),
            f(
                "first_talk_done",
                "已进行首次谈话",
                "First talk done",
                Bool,
                false,
            ),
            f(
                "profile_complete",
                "基本信息已采集完整",
                "Profile complete",
                Bool,
                false,
            ),
            f(
                "group_formed",
                "已成立矫正小组",
                "Correction group formed",
                Bool,
                false,
            ),
            f(
                "plan_made",
                "已制定矫正方案",
                "Correction plan made",
                Bool,
                false,
            ),
            f(
                "letters_printed",
                "已打印宣告书和责任书",
                "Announcement and responsibility letter printed",
                Bool,
                false,
            ),
            f(
                "volunteer_agreement",
                "已签订志愿者帮扶协议",
                "Volunteer agreement signed",
                Bool,
                false,
            ),
            f(
                "supervisor_named",
                "已明确监管责任人",
                "Supervisor named",
                Bool,
                false,
            ),
            NOTES,
        ],
        spans: &[
            span("handover_on", "first_talk_on"),
            span("handover_on", "announced_on"),
        ],
    },
    KindSpec {
        name: "correction_plan",
        zh: "矫正方案",
        en: "Correction plan",
        section: Section::File,
        // Adjusted over time: every version is kept, the newest is the plan in force.
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "制定（调整）日期", "Date", Date, true),
            f("reason", "调整原因", "Reason for the change", Text, false),
            f(
                "supervision",
                "监督管理措施",
                "Supervision measures",
                LongText,
                true,
            ),
            f(
                "education",
                "教育矫正措施",
                "Education measures",
                LongText,
                true,
            ),
            f(
                "assistance",
                "帮扶措施",
                "Assistance measures",
                LongText,
                false,
            ),
            f("other", "其他措施", "Other measures", LongText, false),
            f("made_by", "制定人", "Made by", Text, false),
        ],
        spans: &[],
    },
    KindSpec {
        name: "group_member",
        zh: "矫正小组成员",
        en: "Correction group member",
        section: Section::File,
        singular: false,
        date_field: None,
        date_rule: DateRule::NotFuture,
        fields: &[
            f("name", "姓名", "Name", Text, true),
            f("role", "身份", "Role", OneOf(GROUP_ROLES), true),
            f("sex", "性别", "Sex", OneOf(SEXES), false),
            f("employer", "工作单位", "Employer", Text, false),
            f("phone", "联系电话", "Phone", Text, false),
            f(
                "responsible",
                "监管责任人",
                "Responsible for supervision",
                Bool,
                false,
            ),
            f("joined_on", "加入日期", "Joined on", Date, false),
            f("left_on", "退出日期", "Left on", Date, false),
        ],
        spans: &[span("joined_on", "left_on")],
    },
    KindSpec {
        name: "guardian",
        zh: "监护人及家庭联系人",
        en: "Guardian or family contact",
        section: Section::File,
        singular: false,
        date_field: None,
        date_rule: DateRule::Any,
        fields: &[
            f("name", "姓名", "Name", Text, true),
            f("relation", "关系", "Relation", Text, true),
            f("phone", "联系电话", "Phone", Text, true),
            f("address", "住址", "Address", Text, false),
            f(
                "legal_guardian",
                "法定监护人",
                "Legal guardian",
                Bool,
                false,
            ),
        ],
        spans: &[],
    },
    KindSpec {
        name: "injunction",
        zh: "禁止令",
        en: "Injunction",
        section: Section::File,
        singular: false,
        date_field: Some("from"),
        // The court sets the period; it may start before the correction and end after today.
        date_rule: DateRule::Any,
        fields: &[
            f(
                "ban_type",
                "禁止令类型",
                "Type",
                OneOf(INJUNCTION_TYPES),
                true,
            ),
            f("content", "禁止内容", "What is forbidden", LongText, true),
            f("from", "起始日期", "From", Date, true),
            f("to", "截止日期", "To", Date, false),
            f("decided_by", "作出机关", "Decided by", Text, false),
        ],
        spans: &[span("from", "to")],
    },
    KindSpec {
        name: "positioning",
        zh: "电子定位",
        en: "Electronic positioning",
        section: Section::File,
        singular: false,
        date_field: Some("from"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f(
                "reason",
                "适用情形",
                "Reason",
                OneOf(POSITIONING_REASONS),
                true,
            ),
            f("approved_by", "批准机关", "Approved by", Text, true),
            f("approved_on", "批准日期", "Approved on", Date, false),
            f("from", "起始日期", "From", Date, true),
            ahead(f("to", "截止日期", "To", Date, true)),
            f("device_no", "设备编号", "Device number", Text, false),
            f("renewal", "属于续期", "Renewal", Bool, false),
            NOTES,
        ],
        spans: &[Span {
            start: "from",
            end: "to",
            max_months: Some(POSITIONING_MAX_MONTHS),
        }],
    },
    KindSpec {
        name: "checkin",
        zh: "报到及报告",
        en: "Check-in or report",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "日期", "Date", Date, true),
            f("form", "方式", "Form", OneOf(CHECKIN_FORMS), true),
            f(
                "punctuality",
                "是否按时",
                "Punctuality",
                OneOf(PUNCTUALITY),
                true,
            ),
            f("content", "报告内容", "What was reported", LongText, false),
            f(
                "documents",
                "书面材料",
                "Written report (scans)",
                Attachments,
                false,
            ),
            NOTES,
        ],
        spans: &[],
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
            f("place", "走访地点", "Place", OneOf(VISIT_PLACES), true),
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
        spans: &[],
    },
    KindSpec {
        name: "talk",
        zh: "个别谈话",
        en: "Individual talk",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "谈话日期", "Date", Date, true),
            f("start_time", "开始时间", "Start time", Time, false),
            f("end_time", "结束时间", "End time", Time, false),
            f("place", "谈话地点", "Place", Text, true),
            f("talker", "谈话人", "Talked with by", Text, true),
            f("recorder", "记录人", "Recorded by", Text, false),
            f("first_talk", "首次谈话", "First talk", Bool, false),
            f(
                "counselling",
                "心理辅导",
                "Psychological counselling",
                Bool,
                false,
            ),
            f("notes", "谈话内容", "What was said", LongText, true),
        ],
        spans: &[span("start_time", "end_time")],
    },
    KindSpec {
        name: "education",
        zh: "教育学习",
        en: "Education and learning",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "日期", "Date", Date, true),
            f("form", "形式", "Form", OneOf(EDUCATION_FORMS), true),
            f("content", "学习内容", "Content", Text, true),
            f("hours", "学时", "Hours", HOURS, false),
            f("attendance", "出勤", "Attendance", OneOf(ATTENDANCE), true),
            NOTES,
        ],
        spans: &[],
    },
    KindSpec {
        name: "community_service",
        zh: "公益活动",
        en: "Public-interest activity",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "日期", "Date", Date, true),
            f("place", "活动地点", "Place", Text, true),
            f("work", "活动内容", "Work done", Text, true),
            f("hours", "时长（小时）", "Hours", HOURS, true),
            NOTES,
        ],
        spans: &[],
    },
    KindSpec {
        name: "health_report",
        zh: "病情复查及健康报告",
        en: "Health report",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "日期", "Date", Date, true),
            f("hospital", "医院", "Hospital", Text, true),
            f(
                "condition",
                "病情及诊断",
                "Condition and diagnosis",
                LongText,
                true,
            ),
            f(
                "reexamination",
                "属于病情复查",
                "Re-examination",
                Bool,
                false,
            ),
            ahead(f(
                "next_due",
                "下次复查日期",
                "Next re-examination due",
                Date,
                false,
            )),
            f(
                "documents",
                "病历及诊断证明",
                "Medical records",
                Attachments,
                false,
            ),
            NOTES,
        ],
        spans: &[span("date", "next_due")],
    },
    KindSpec {
        name: "emergency",
        zh: "突发事件上报",
        en: "Emergency report",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "发生日期", "Date", Date, true),
            f(
                "event_type",
                "事件类型",
                "Type",
                OneOf(EMERGENCY_TYPES),
                true,
            ),
            f("description", "事件经过", "What happened", LongText, true),
            f("reported_to", "报告对象", "Reported to", Text, true),
            f("reported_at", "报告时间", "Reported at", Time, false),
            f("outcome", "处置结果", "Outcome", LongText, false),
        ],
        spans: &[],
    },
    KindSpec {
        name: "violation",
        zh: "违规情况",
        en: "Violation",
        section: Section::Daily,
        singular: false,
        date_field: Some("date"),
        date_rule: DateRule::DuringCorrection,
        fields: &[
            f("date", "发生日期", "Date", Date, true),
            f(
                "violation_type",
                "违规类型",
                "Type",
                OneOf(VIOLATION_TYPES),
                true,
            ),
            f("description", "违规经过", "What happened", LongText, true),
            f("days", "持续天数", "Days it lasted", DAYS, false),
            f("found_by", "发现人", "Found by", Text, false),
            f(
                "handling",
                "处理情况",
                "How it was handled",
                LongText,
                false,
            ),
        ],
        spans: &[],
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
    InFuture {
        field: &'static str,
        date: NaiveDate,
    },
    #[error("{end} ({end_value}) comes before {start} ({start_value})")]
    EndsBeforeStart {
        start: &'static str,
        start_value: String,
        end: &'static str,
        end_value: String,
    },
    #[error(
        "{end} is more than {months} months after {start}; one approval covers at most {months} months"
    )]
    PeriodTooLong {
        start: &'static str,
        end: &'static str,
        months: u32,
    },
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
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
            let limit = if spec.ty == FieldType::Text {
                200
            } else {
                5000
            };
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
            // Written back zero-padded so times compare as text, like dates.
            let time = chrono::NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| bad("must be a time written HH:MM"))?;
            Value::from(time.format("%H:%M").to_string())
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

fn check_span(
    kind: &'static KindSpec,
    period: &Span,
    fields: &BTreeMap<String, Value>,
) -> Result<(), RecordError> {
    let value = |name: &str| fields.get(name).and_then(Value::as_str);
    // An open end (a resume entry "to this day", an injunction until further notice) is
    // not an error; required-ness is the field's own business.
    let (Some(start_value), Some(end_value)) = (value(period.start), value(period.end)) else {
        return Ok(());
    };
    let label = |name: &str| kind.field(name).map_or("", |f| f.en);
    // Both values are normalised (YYYY-MM-DD, HH:MM), so text order is time order.
    if end_value < start_value {
        return Err(RecordError::EndsBeforeStart {
            start: label(period.start),
            start_value: start_value.to_owned(),
            end: label(period.end),
            end_value: end_value.to_owned(),
        });
    }
    if let Some(months) = period.max_months {
        let (Ok(start), Ok(end)) = (
            start_value.parse::<NaiveDate>(),
            end_value.parse::<NaiveDate>(),
        ) else {
            return Ok(());
        };
        let limit = start.checked_add_months(chrono::Months::new(months));
        if limit.is_none_or(|limit| end > limit) {
            return Err(RecordError::PeriodTooLong {
                start: label(period.start),
                end: label(period.end),
                months,
            });
        }
    }
    Ok(())
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
        match data
            .get(spec.name)
            .map(|v| check_value(spec, v))
            .transpose()?
        {
            Some(Some(v)) => {
                fields.insert(spec.name.to_owned(), v);
            }
            _ if spec.required => return Err(RecordError::Missing { field: spec.en }),
            _ => {}
        }
    }
    // Every date field obeys the kind's rule, not only the one that dates the record (a
    // document cannot be issued in the future any more than received there), unless the field
    // is declared as one that may lie ahead.
    for spec in kind.fields.iter().filter(|s| s.ty == FieldType::Date) {
        let Some(d) = fields.get(spec.name).and_then(Value::as_str) else {
            continue;
        };
        let d: NaiveDate = d.parse().expect("normalised above");
        match spec.date_rule_in(kind) {
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
    for period in kind.spans {
        check_span(kind, period, &fields)?;
    }
    let date = kind
        .date_field
        .and_then(|n| fields.get(n))
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    Ok(ValidRecord { date, fields })
}

/// Panics unless `k` is well formed: labels, unique field names and English labels (errors
/// name fields by them), date fields, choices, numbers and spans that make sense. Used for
/// record kinds and register kinds alike.
#[cfg(test)]
pub(crate) fn assert_well_formed(k: &KindSpec) {
    assert!(!k.zh.is_empty() && !k.en.is_empty(), "{}", k.name);
    assert!(!k.fields.is_empty(), "{}", k.name);
    if let Some(d) = k.date_field {
        let spec = k.field(d).expect("date field exists");
        assert_eq!(spec.ty, FieldType::Date, "{}", k.name);
        assert!(spec.required, "{}", k.name);
    }
    if k.section == Section::Daily {
        assert_eq!(k.date_field, Some("date"), "{}", k.name);
        assert_eq!(k.date_rule, DateRule::DuringCorrection, "{}", k.name);
    }
    let mut field_names: Vec<_> = k.fields.iter().map(|f| f.name).collect();
    field_names.sort_unstable();
    field_names.dedup();
    assert_eq!(
        field_names.len(),
        k.fields.len(),
        "{}: field names unique",
        k.name
    );
    // Errors name fields by their English label, so two fields must not share one.
    let mut labels: Vec<_> = k.fields.iter().map(|f| f.en).collect();
    labels.sort_unstable();
    labels.dedup();
    assert_eq!(
        labels.len(),
        k.fields.len(),
        "{}: English labels unique",
        k.name
    );
    for field in k.fields {
        let at = format!("{}.{}", k.name, field.name);
        assert!(
            field
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{at}"
        );
        assert!(!field.zh.is_empty() && !field.en.is_empty(), "{at}");
        if field.date_rule.is_some() {
            assert_eq!(field.ty, FieldType::Date, "{at}: only dates have a rule");
            assert_eq!(field.ty.as_str(), "date", "{at}");
        }
        if let FieldType::Choice(choices) = field.ty {
            assert!(!choices.is_empty(), "{at}");
            let mut values: Vec<_> = choices.iter().map(|c| c.value).collect();
            values.sort_unstable();
            values.dedup();
            assert_eq!(values.len(), choices.len(), "{at}: choice values unique");
            for choice in choices {
                assert!(!choice.zh.is_empty() && !choice.en.is_empty(), "{at}");
                assert!(
                    choice
                        .value
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{at}: {}",
                    choice.value
                );
            }
        }
        if let FieldType::Number { min, max } = field.ty {
            assert!(min < max, "{at}");
        }
    }
    for period in k.spans {
        let (start, end) = (k.field(period.start), k.field(period.end));
        let (Some(start), Some(end)) = (start, end) else {
            panic!("{}: span names a missing field", k.name);
        };
        assert_eq!(start.ty, end.ty, "{}: span of one type", k.name);
        assert!(
            matches!(start.ty, FieldType::Date | FieldType::Time),
            "{}",
            k.name
        );
        if period.max_months.is_some() {
            assert_eq!(start.ty, FieldType::Date, "{}", k.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Correction started 2026-01-01; today is 2026-06-15.
    fn ctx() -> RecordContext {
        RecordContext {
            correction_start: day("2026-01-01"),
            today: day("2026-06-15"),
        }
    }

    fn check(kind_name: &str, data: Value) -> Result<ValidRecord, RecordError> {
        let k = kind(kind_name).unwrap_or_else(|| panic!("no kind {kind_name}"));
        let Value::Object(map) = data else {
            panic!("test data must be an object")
        };
        validate(k, &map, &ctx())
    }

    const DIGEST: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn bad(field: &'static str, why: &str) -> Result<(), RecordError> {
        Err(RecordError::BadValue {
            field,
            why: why.to_owned(),
        })
    }

    fn missing(field: &'static str) -> Result<(), RecordError> {
        Err(RecordError::Missing { field })
    }

    fn future(field: &'static str, date: &str) -> Result<(), RecordError> {
        Err(RecordError::InFuture {
            field,
            date: day(date),
        })
    }

    fn before_start(field: &'static str, date: &str) -> Result<(), RecordError> {
        Err(RecordError::BeforeCorrection {
            field,
            date: day(date),
            start: day("2026-01-01"),
        })
    }

    fn reversed(
        start: &'static str,
        start_value: &str,
        end: &'static str,
        end_value: &str,
    ) -> Result<(), RecordError> {
        Err(RecordError::EndsBeforeStart {
            start,
            start_value: start_value.to_owned(),
            end,
            end_value: end_value.to_owned(),
        })
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

    #[test]
    fn validation_table() {
        let family = json!({"name": "测试乙", "relation": "父亲"});
        let employment = json!({"status": "employed", "unit": "某某五金厂", "job": "操作工"});
        let resume = json!({"from": "1998-09-01", "to": "2001-07-01", "place": "某某中学", "position": "学生"});
        let document = json!({"doc_type": "judgment", "doc_no": "（2025）浙0723刑初1号", "issued_by": "某县人民法院", "issued_on": "2025-12-20", "received_on": "2025-12-28", "scans": DIGEST});
        let assessment = json!({"commissioned_by": "某县人民法院", "commissioned_on": "2025-11-01", "deadline": "2026-12-01", "opinion": "适宜社区矫正"});
        let intake = json!({"handover_on": "2026-01-05", "handed_over_by": "某派出所民警", "first_talk_on": "2026-01-05", "fingerprints": true, "supervisor_named": "是"});
        let plan = json!({"date": "2026-01-10", "supervision": "每周电话报告一次", "education": "每月参加集中教育"});
        let member = json!({"name": "测试丙", "role": "police", "sex": "女", "responsible": true, "joined_on": "2026-01-05"});
        let guardian = json!({"name": "测试丁", "relation": "母亲", "phone": "13800000000", "legal_guardian": false});
        let injunction = json!({"ban_type": "places", "content": "禁止进入网吧", "from": "2025-12-20", "to": "2027-12-19"});
        let positioning = json!({"reason": "missed_reports", "approved_by": "某县社区矫正机构", "from": "2026-06-01", "to": "2026-09-01", "device_no": "DW-001"});
        let checkin = json!({"date": "2026-06-15", "form": "当面报到", "punctuality": "on_time"});
        let visit = json!({"date": "2026-03-02", "place": "home", "visitors": "测试戊", "met": "本人及家属", "findings": "身体健康，在家务农"});
        let talk = json!({"date": "2026-02-01", "start_time": "9:00", "end_time": "09:40", "place": "司法所", "talker": "测试戊", "first_talk": true, "notes": "了解近期思想动态"});
        let education = json!({"date": "2026-04-10", "form": "group", "content": "法治教育", "hours": 2, "attendance": "attended"});
        let service = json!({"date": "2026-05-01", "place": "村文化礼堂", "work": "打扫卫生", "hours": "3.5"});
        let health = json!({"date": "2026-06-01", "hospital": "某县人民医院", "condition": "病情稳定", "reexamination": true, "next_due": "2026-09-01"});
        let emergency = json!({"date": "2026-06-14", "event_type": "absconding", "description": "连续三日联系不上", "reported_to": "县社区矫正机构", "reported_at": "08:30"});
        let violation = json!({"date": "2026-06-10", "violation_type": "leave_unapproved", "description": "未经批准前往外省三天", "days": 3});

        let cases: Vec<(&str, &str, Value, Result<(), RecordError>)> = vec![
            // family_member: no date at all.
            ("family ok", "family_member", family.clone(), Ok(())),
            (
                "family missing relation",
                "family_member",
                with(&family, json!({"relation": null})),
                missing("Relation"),
            ),
            (
                "family blank relation",
                "family_member",
                with(&family, json!({"relation": "  "})),
                missing("Relation"),
            ),
            (
                "family unknown field",
                "family_member",
                with(&family, json!({"age": "40"})),
                Err(RecordError::UnknownField {
                    kind: "family_member",
                    field: "age".into(),
                }),
            ),
            (
                "family text too long",
                "family_member",
                with(&family, json!({"name": "长".repeat(201)})),
                bad("Name", "is longer than 200 characters"),
            ),
            // resume_entry: any date, decades ago; open end allowed.
            ("resume ok", "resume_entry", resume.clone(), Ok(())),
            (
                "resume to this day",
                "resume_entry",
                with(&resume, json!({"to": null})),
                Ok(()),
            ),
            (
                "resume bad date",
                "resume_entry",
                with(&resume, json!({"from": "1998/09/01"})),
                bad("From", "must be a date written YYYY-MM-DD"),
            ),
            (
                "resume impossible date",
                "resume_entry",
                with(&resume, json!({"from": "1998-02-30"})),
                bad("From", "must be a date written YYYY-MM-DD"),
            ),
            (
                "resume to before from",
                "resume_entry",
                with(&resume, json!({"to": "1998-08-31"})),
                reversed("From", "1998-09-01", "To", "1998-08-31"),
            ),
            (
                "resume same day",
                "resume_entry",
                with(&resume, json!({"to": "1998-09-01"})),
                Ok(()),
            ),
            (
                "resume missing place",
                "resume_entry",
                with(&resume, json!({"place": null})),
                missing("Employer, school or place"),
            ),
            // legal_document: not in the future, before the correction is fine.
            ("document ok", "legal_document", document.clone(), Ok(())),
            (
                "document by chinese type",
                "legal_document",
                with(&document, json!({"doc_type": "执行通知书"})),
                Ok(()),
            ),
            (
                "document bad type",
                "legal_document",
                with(&document, json!({"doc_type": "verdict"})),
                bad(
                    "Document type",
                    "must be one of: judgment, indictment, execution_notice, closing_form, correction_notice, other",
                ),
            ),
            (
                "document received in future",
                "legal_document",
                with(&document, json!({"received_on": "2026-06-16"})),
                future("Received on", "2026-06-16"),
            ),
            (
                "document received today",
                "legal_document",
                with(&document, json!({"received_on": "2026-06-15"})),
                Ok(()),
            ),
            (
                "document received before issued",
                "legal_document",
                with(&document, json!({"received_on": "2025-12-19"})),
                reversed("Issued on", "2025-12-20", "Received on", "2025-12-19"),
            ),
            (
                "document bad digest",
                "legal_document",
                with(&document, json!({"scans": "abc"})),
                bad(
                    "Scanned copies",
                    "must list attachments by their SHA-256 digests",
                ),
            ),
            (
                "document upper-case digest",
                "legal_document",
                with(&document, json!({"scans": DIGEST.to_uppercase()})),
                bad(
                    "Scanned copies",
                    "must list attachments by their SHA-256 digests",
                ),
            ),
            (
                "document two digests",
                "legal_document",
                with(
                    &document,
                    json!({"scans": format!("{DIGEST}, {}", "f".repeat(64))}),
                ),
                Ok(()),
            ),
            (
                "document missing received",
                "legal_document",
                with(&document, json!({"received_on": null})),
                missing("Received on"),
            ),
            // pre_assessment: the deadline may be ahead, nothing else.
            (
                "assessment ok",
                "pre_assessment",
                assessment.clone(),
                Ok(()),
            ),
            (
                "assessment commissioned in future",
                "pre_assessment",
                with(&assessment, json!({"commissioned_on": "2026-07-01"})),
                future("Commissioned on", "2026-07-01"),
            ),
            (
                "assessment submitted in future",
                "pre_assessment",
                with(&assessment, json!({"submitted_on": "2026-07-01"})),
                future("Submitted on", "2026-07-01"),
            ),
            (
                "assessment deadline before commission",
                "pre_assessment",
                with(&assessment, json!({"deadline": "2025-10-31"})),
                reversed("Commissioned on", "2025-11-01", "Deadline", "2025-10-31"),
            ),
            (
                "assessment bad opinion",
                "pre_assessment",
                with(&assessment, json!({"opinion": "maybe"})),
                bad("Opinion", "must be one of: suitable, unsuitable"),
            ),
            (
                "assessment bad bool",
                "pre_assessment",
                with(&assessment, json!({"expedited": "perhaps"})),
                bad("Expedited procedure", "must be yes or no"),
            ),
            // employment: what is true now, no date.
            ("employment ok", "employment", employment.clone(), Ok(())),
            (
                "employment by its label",
                "employment",
                with(&employment, json!({"status": "就学"})),
                Ok(()),
            ),
            (
                "employment missing status",
                "employment",
                with(&employment, json!({"status": null})),
                missing("Work or school"),
            ),
            (
                "employment bad status",
                "employment",
                with(&employment, json!({"status": "busy"})),
                bad(
                    "Work or school",
                    "must be one of: employed, studying, unemployed, retired, unable",
                ),
            ),
            // intake: the checklist is yes/no.
            ("intake ok", "intake", intake.clone(), Ok(())),
            (
                "intake handover in future",
                "intake",
                with(&intake, json!({"handover_on": "2026-06-16"})),
                future("Handover date", "2026-06-16"),
            ),
            (
                "intake first talk before handover",
                "intake",
                with(&intake, json!({"first_talk_on": "2026-01-04"})),
                reversed("Handover date", "2026-01-05", "First talk on", "2026-01-04"),
            ),
            (
                "intake checklist not bool",
                "intake",
                with(&intake, json!({"plan_made": 1})),
                bad("Correction plan made", "must be yes or no"),
            ),
            (
                "intake missing handover",
                "intake",
                with(&intake, json!({"handover_on": null})),
                missing("Handover date"),
            ),
            // correction_plan: during the correction.
            ("plan ok", "correction_plan", plan.clone(), Ok(())),
            (
                "plan before start",
                "correction_plan",
                with(&plan, json!({"date": "2025-12-31"})),
                before_start("Date", "2025-12-31"),
            ),
            (
                "plan on start",
                "correction_plan",
                with(&plan, json!({"date": "2026-01-01"})),
                Ok(()),
            ),
            (
                "plan missing education",
                "correction_plan",
                with(&plan, json!({"education": null})),
                missing("Education measures"),
            ),
            // group_member
            ("member ok", "group_member", member.clone(), Ok(())),
            (
                "member bad role",
                "group_member",
                with(&member, json!({"role": "boss"})),
                bad(
                    "Role",
                    "must be one of: office_staff, village_staff, police, family, employer_school, social_worker, volunteer",
                ),
            ),
            (
                "member role by english label",
                "group_member",
                with(&member, json!({"role": "volunteer"})),
                Ok(()),
            ),
            (
                "member bad sex",
                "group_member",
                with(&member, json!({"sex": "x"})),
                bad("Sex", "must be one of: male, female"),
            ),
            (
                "member joins in future",
                "group_member",
                with(&member, json!({"joined_on": "2026-07-01"})),
                future("Joined on", "2026-07-01"),
            ),
            (
                "member left before joining",
                "group_member",
                with(&member, json!({"left_on": "2026-01-04"})),
                reversed("Joined on", "2026-01-05", "Left on", "2026-01-04"),
            ),
            // guardian
            ("guardian ok", "guardian", guardian.clone(), Ok(())),
            (
                "guardian missing phone",
                "guardian",
                with(&guardian, json!({"phone": null})),
                missing("Phone"),
            ),
            (
                "guardian number as text",
                "guardian",
                with(&guardian, json!({"name": 5})),
                bad("Name", "must be text"),
            ),
            // injunction: any dates, but not reversed.
            ("injunction ok", "injunction", injunction.clone(), Ok(())),
            (
                "injunction bad type",
                "injunction",
                with(&injunction, json!({"ban_type": "all"})),
                bad("Type", "must be one of: activities, places, contacts"),
            ),
            (
                "injunction to before from",
                "injunction",
                with(&injunction, json!({"to": "2025-12-19"})),
                reversed("From", "2025-12-20", "To", "2025-12-19"),
            ),
            (
                "injunction open end",
                "injunction",
                with(&injunction, json!({"to": null})),
                Ok(()),
            ),
            // positioning: from during the correction, to may be ahead, at most 3 months.
            ("positioning ok", "positioning", positioning.clone(), Ok(())),
            (
                "positioning exactly 3 months",
                "positioning",
                with(
                    &positioning,
                    json!({"from": "2026-05-31", "to": "2026-08-31"}),
                ),
                Ok(()),
            ),
            (
                "positioning month-end clamp",
                "positioning",
                with(
                    &positioning,
                    json!({"from": "2026-05-31", "to": "2026-09-01"}),
                ),
                Err(RecordError::PeriodTooLong {
                    start: "From",
                    end: "To",
                    months: 3,
                }),
            ),
            (
                "positioning over 3 months",
                "positioning",
                with(&positioning, json!({"to": "2026-09-02"})),
                Err(RecordError::PeriodTooLong {
                    start: "From",
                    end: "To",
                    months: 3,
                }),
            ),
            (
                "positioning to before from",
                "positioning",
                with(&positioning, json!({"to": "2026-05-31"})),
                reversed("From", "2026-06-01", "To", "2026-05-31"),
            ),
            (
                "positioning from in future",
                "positioning",
                with(
                    &positioning,
                    json!({"from": "2026-06-16", "to": "2026-07-01"}),
                ),
                future("From", "2026-06-16"),
            ),
            (
                "positioning from before start",
                "positioning",
                with(
                    &positioning,
                    json!({"from": "2025-12-31", "to": "2026-01-31"}),
                ),
                before_start("From", "2025-12-31"),
            ),
            (
                "positioning missing to",
                "positioning",
                with(&positioning, json!({"to": null})),
                missing("To"),
            ),
            (
                "positioning bad reason",
                "positioning",
                with(&positioning, json!({"reason": "just in case"})),
                bad(
                    "Reason",
                    "must be one of: penalised, missed_reports, revocation_pending, other",
                ),
            ),
            // checkin
            ("checkin ok", "checkin", checkin.clone(), Ok(())),
            (
                "checkin late",
                "checkin",
                with(&checkin, json!({"punctuality": "迟到"})),
                Ok(()),
            ),
            (
                "checkin bad punctuality",
                "checkin",
                with(&checkin, json!({"punctuality": "early"})),
                bad("Punctuality", "must be one of: on_time, late, missing"),
            ),
            (
                "checkin tomorrow",
                "checkin",
                with(&checkin, json!({"date": "2026-06-16"})),
                future("Date", "2026-06-16"),
            ),
            (
                "checkin before start",
                "checkin",
                with(&checkin, json!({"date": "2025-12-31"})),
                before_start("Date", "2025-12-31"),
            ),
            (
                "checkin missing form",
                "checkin",
                with(&checkin, json!({"form": null})),
                missing("Form"),
            ),
            (
                "checkin bad digest",
                "checkin",
                with(&checkin, json!({"documents": "not-a-digest"})),
                bad(
                    "Written report (scans)",
                    "must list attachments by their SHA-256 digests",
                ),
            ),
            // visit
            ("visit ok", "visit", visit.clone(), Ok(())),
            (
                "visit bad place",
                "visit",
                with(&visit, json!({"place": "moon"})),
                bad("Place", "must be one of: home, community, workplace, other"),
            ),
            (
                "visit before start",
                "visit",
                with(&visit, json!({"date": "2025-06-01"})),
                before_start("Date", "2025-06-01"),
            ),
            (
                "visit bad photos",
                "visit",
                with(&visit, json!({"photos": format!("{DIGEST},xyz")})),
                bad("Photos", "must list attachments by their SHA-256 digests"),
            ),
            // talk
            ("talk ok", "talk", talk.clone(), Ok(())),
            (
                "talk ends before it starts",
                "talk",
                with(&talk, json!({"end_time": "08:59"})),
                reversed("Start time", "09:00", "End time", "08:59"),
            ),
            (
                "talk bad time",
                "talk",
                with(&talk, json!({"start_time": "25:00"})),
                bad("Start time", "must be a time written HH:MM"),
            ),
            (
                "talk missing notes",
                "talk",
                with(&talk, json!({"notes": null})),
                missing("What was said"),
            ),
            (
                "talk in future",
                "talk",
                with(&talk, json!({"date": "2027-01-01"})),
                future("Date", "2027-01-01"),
            ),
            // education
            ("education ok", "education", education.clone(), Ok(())),
            (
                "education absent, no hours",
                "education",
                with(&education, json!({"attendance": "缺席", "hours": null})),
                Ok(()),
            ),
            (
                "education too many hours",
                "education",
                with(&education, json!({"hours": 25})),
                bad("Hours", "must be between 0 and 24"),
            ),
            (
                "education negative hours",
                "education",
                with(&education, json!({"hours": -1})),
                bad("Hours", "must be between 0 and 24"),
            ),
            (
                "education hours not a number",
                "education",
                with(&education, json!({"hours": "two"})),
                bad("Hours", "must be a number"),
            ),
            (
                "education bad attendance",
                "education",
                with(&education, json!({"attendance": "maybe"})),
                bad("Attendance", "must be one of: attended, absent"),
            ),
            // community_service
            ("service ok", "community_service", service.clone(), Ok(())),
            (
                "service 24 hours",
                "community_service",
                with(&service, json!({"hours": 24})),
                Ok(()),
            ),
            (
                "service missing hours",
                "community_service",
                with(&service, json!({"hours": null})),
                missing("Hours"),
            ),
            (
                "service over a day",
                "community_service",
                with(&service, json!({"hours": 24.5})),
                bad("Hours", "must be between 0 and 24"),
            ),
            // health_report: the next re-examination is ahead.
            ("health ok", "health_report", health.clone(), Ok(())),
            (
                "health next due before report",
                "health_report",
                with(&health, json!({"next_due": "2026-05-31"})),
                reversed(
                    "Date",
                    "2026-06-01",
                    "Next re-examination due",
                    "2026-05-31",
                ),
            ),
            (
                "health report in future",
                "health_report",
                with(&health, json!({"date": "2026-06-20", "next_due": null})),
                future("Date", "2026-06-20"),
            ),
            (
                "health missing hospital",
                "health_report",
                with(&health, json!({"hospital": null})),
                missing("Hospital"),
            ),
            // emergency
            ("emergency ok", "emergency", emergency.clone(), Ok(())),
            (
                "emergency bad type",
                "emergency",
                with(&emergency, json!({"event_type": "fire"})),
                bad(
                    "Type",
                    "must be one of: reoffending, detention, security_penalty, imprisonment, absconding, other",
                ),
            ),
            (
                "emergency in future",
                "emergency",
                with(&emergency, json!({"date": "2026-06-16"})),
                future("Date", "2026-06-16"),
            ),
            (
                "emergency bad time",
                "emergency",
                with(&emergency, json!({"reported_at": "half past eight"})),
                bad("Reported at", "must be a time written HH:MM"),
            ),
            ("violation ok", "violation", violation.clone(), Ok(())),
            (
                "violation lasting a negative number of days",
                "violation",
                with(&violation, json!({"days": -1})),
                bad("Days it lasted", "must be between 0 and 366"),
            ),
        ];
        for k in kinds() {
            assert!(
                cases
                    .iter()
                    .any(|(_, name, _, want)| *name == k.name && want.is_ok()),
                "no valid {} record in the table",
                k.name
            );
        }
        for (what, kind_name, data, want) in cases {
            assert_eq!(check(kind_name, data).map(|_| ()), want, "{what}");
        }
    }

    #[test]
    fn normalised_values() {
        let cases: &[(&str, Value, &str, Value)] = &[
            (
                "talk",
                json!({"date": "2026-02-01", "start_time": " 9:05 ", "place": "p", "talker": "t", "notes": "n"}),
                "start_time",
                json!("09:05"),
            ),
            (
                "checkin",
                json!({"date": "2026-02-01", "form": "电话报告", "punctuality": "Late"}),
                "form",
                json!("phone"),
            ),
            (
                "checkin",
                json!({"date": "2026-02-01", "form": "电话报告", "punctuality": "Late"}),
                "punctuality",
                json!("late"),
            ),
            (
                "education",
                json!({"date": "2026-02-01", "form": "group", "content": "c", "attendance": "attended", "hours": "1.5"}),
                "hours",
                json!(1.5),
            ),
            (
                "intake",
                json!({"handover_on": "2026-01-05", "fingerprints": "是", "plan_made": "否"}),
                "fingerprints",
                json!(true),
            ),
            (
                "intake",
                json!({"handover_on": "2026-01-05", "fingerprints": "是", "plan_made": "否"}),
                "plan_made",
                json!(false),
            ),
            (
                "visit",
                json!({"date": "2026-02-01", "place": "home", "visitors": "v", "met": "m", "findings": "f", "photos": format!("{}, {DIGEST},{DIGEST}", "f".repeat(64))}),
                "photos",
                json!(format!("{DIGEST},{}", "f".repeat(64))),
            ),
        ];
        for (kind_name, data, field, want) in cases {
            let got = check(kind_name, data.clone()).unwrap_or_else(|e| panic!("{kind_name}: {e}"));
            assert_eq!(got.fields.get(*field), Some(want), "{kind_name}.{field}");
        }
        let got = check("positioning", json!({"reason": "other", "approved_by": "a", "from": "2026-06-01", "to": "2026-08-01", "notes": ""})).unwrap();
        assert_eq!(got.date, Some(day("2026-06-01")));
        assert!(
            !got.fields.contains_key("notes"),
            "empty optional fields are left out"
        );
    }

    #[test]
    fn errors_read_as_plain_words() {
        let cases: &[(RecordError, &str)] = &[
            (
                RecordError::EndsBeforeStart {
                    start: "From",
                    start_value: "2026-06-01".into(),
                    end: "To",
                    end_value: "2026-05-31".into(),
                },
                "To (2026-05-31) comes before From (2026-06-01)",
            ),
            (
                RecordError::PeriodTooLong {
                    start: "From",
                    end: "To",
                    months: 3,
                },
                "To is more than 3 months after From; one approval covers at most 3 months",
            ),
            (
                RecordError::Missing { field: "Hospital" },
                "Hospital is required",
            ),
        ];
        for (err, want) in cases {
            assert_eq!(err.to_string(), *want);
        }
    }

    #[test]
    fn every_kind_is_well_formed() {
        let mut names: Vec<_> = kinds().iter().map(|k| k.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), kinds().len(), "kind names are unique");
        // File sections first, then daily work.
        let first_daily = kinds()
            .iter()
            .position(|k| k.section == Section::Daily)
            .unwrap();
        assert!(
            kinds()[first_daily..]
                .iter()
                .all(|k| k.section == Section::Daily)
        );
        for k in kinds() {
            assert_well_formed(k);
        }
        // Dates that are legitimately ahead are exempt from their kind's rule.
        for (k, field) in [
            ("injunction", "to"),
            ("positioning", "to"),
            ("health_report", "next_due"),
            ("pre_assessment", "deadline"),
        ] {
            let k = kind(k).unwrap();
            assert_ne!(k.field(field).unwrap().date_rule_in(k), DateRule::NotFuture);
            assert_ne!(
                k.field(field).unwrap().date_rule_in(k),
                DateRule::DuringCorrection
            );
        }
        let order: Vec<_> = kinds().iter().map(|k| k.name).collect();
        assert_eq!(
            order,
            [
                "family_member",
                "employment",
                "resume_entry",
                "legal_document",
                "pre_assessment",
                "intake",
                "correction_plan",
                "group_member",
                "guardian",
                "injunction",
                "positioning",
                "checkin",
                "visit",
                "talk",
                "education",
                "community_service",
                "health_report",
                "emergency",
                "violation",
            ]
        );
    }
}
