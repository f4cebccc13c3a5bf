//! What the API hands to its hosts: plain, serialisable views for the CLI's JSON output and
//! the desktop app's IPC (TypeScript types are generated from these with ts-rs).
//!
//! These are deliberately not the domain types of `dossier-core`: a view may flatten, label
//! or leave out fields, and changing one never changes what is stored or synced. Enumerations
//! travel as their stable snake_case codes ("probation", "male"); the UI translates them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An officer who can unlock the archive, as listed before anyone has unlocked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficerSlotView {
    pub officer_id: String,
    pub name: String,
    /// "village_worker" | "office_staff" | "office_admin"
    pub role: String,
}

/// The archive as seen from the unlock screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArchiveInfo {
    pub path: String,
    pub officers: Vec<OfficerSlotView>,
}

/// Who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionView {
    pub officer_id: String,
    pub officer_name: String,
    pub role: String,
    /// "village" | "office"
    pub site_role: String,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    /// May add, disable and remove officers: an office administrator, or the officer who
    /// created a village archive.
    pub administers_accounts: bool,
}

/// An officer of this site, for the accounts page (人员与账号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficerView {
    pub officer_id: String,
    pub name: String,
    /// "village_worker" | "office_staff" | "office_admin"
    pub role: String,
    /// False when disabled: the slot is kept but unlocking is refused.
    pub active: bool,
    /// The signed-in officer.
    pub is_self: bool,
    /// Administers this archive's accounts (an office administrator, or a village archive's
    /// founding officer).
    pub administers: bool,
}

/// A new officer and their first passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficerInput {
    pub name: String,
    /// "village_worker" | "office_staff" | "office_admin"
    pub role: String,
    pub passphrase: String,
}

/// The recovery key an archive's recovery slot is wrapped to: only its public half.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecoveryKeyView {
    /// `age1…`
    pub recipient: String,
}

/// One line of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SubjectRow {
    pub id: String,
    pub file_no: String,
    pub name: String,
    /// "male" | "female"
    pub sex: String,
    pub id_number: String,
    /// YYYY-MM-DD
    pub birth_date: String,
    /// "surveillance" | "probation" | "parole" | "temporary_outside"
    pub category: String,
    pub correction_start: String,
    pub correction_end: String,
    /// Village or community code (12 digits).
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    /// "awaiting_report" | "in_correction" | "released" | "terminated"
    pub status: String,
    pub ethnicity: String,
    pub phone: Option<String>,
    pub crime: Option<String>,
    /// "strict" | "normal" | "lenient" (严管/普管/宽管)
    pub management_level: String,
    /// A key subject (重点对象), by the rules or by a manual override.
    pub key_subject: bool,
}

/// A refusal or failure, as the UI receives it: a stable code to branch on and a message in
/// plain words to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorView {
    pub code: String,
    pub message: String,
}

/// What `dossier check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckView {
    pub ok: bool,
    #[ts(type = "number")]
    pub ops: u64,
    #[ts(type = "number")]
    pub devices: u64,
    /// Attachments described in the archive whose bytes are not here (yet); not a problem.
    #[ts(type = "number")]
    pub attachments_without_bytes: u64,
    pub problems: Vec<String>,
}

/// One entry of the audit log, as the audit screen and `dossier audit` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntryView {
    #[ts(type = "number")]
    pub seq: u64,
    #[ts(type = "number")]
    pub at_ms: i64,
    /// "YYYY-MM-DD HH:MM", China Standard Time.
    pub at: String,
    pub officer_id: Option<String>,
    /// The officer's name when they are an officer of this archive.
    pub officer_name: Option<String>,
    /// view_file | print | export | import | change | sign_in | sign_in_failed | backup |
    /// restore | view_audit
    pub action: String,
    pub subject_id: Option<String>,
    /// The subject's file number, when the subject is on file here.
    pub file_no: Option<String>,
    /// Entity kinds, op numbers, counts, bundle ids: never personal data.
    pub detail: String,
}

/// A backup file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupView {
    pub path: String,
    pub archive_id: String,
    /// "YYYY-MM-DD HH:MM", China Standard Time.
    pub made_at: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// One automatic backup in the archive's `backups` folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AutoBackupView {
    /// The file's name (no folder: the host knows where the archive is).
    pub name: String,
    /// "YYYY-MM-DD HH:MM", China Standard Time.
    pub made_at: String,
    /// Why it was made: "daily" | "import" (another word from an older version is shown as is).
    pub reason: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The automatic backups kept, newest first, and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupListView {
    pub keep: u32,
    pub files: Vec<AutoBackupView>,
}

/// A backup file as seen before restoring it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfoView {
    /// "YYYY-MM-DD HH:MM", China Standard Time.
    pub made_at: String,
    /// Who can open it, as the unlock screen lists them.
    pub officers: Vec<OfficerSlotView>,
}

/// One allowed value of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChoiceView {
    pub value: String,
    pub zh: String,
    pub en: String,
}

/// One field of a record kind, for rendering and checking a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FieldView {
    pub name: String,
    pub zh: String,
    pub en: String,
    /// "text" | "long_text" | "date" | "time" | "number" | "bool" | "choice" | "attachments"
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub ty: String,
    pub required: bool,
    /// For "choice" fields; empty otherwise.
    pub choices: Vec<ChoiceView>,
    /// For "number" fields.
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// For "date" fields, the rule this field obeys: "any" | "not_future" |
    /// "during_correction" (usually the kind's; "any" for a date that may lie ahead, such as
    /// the end of a positioning period). Left out for other fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub date_rule: Option<String>,
}

/// A kind of record: a section of the personal file or a kind of daily work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KindView {
    pub name: String,
    pub zh: String,
    pub en: String,
    /// "file" | "daily"
    pub section: String,
    /// At most one record of this kind per subject.
    pub singular: bool,
    /// The field that dates the record on the timeline.
    pub date_field: Option<String>,
    /// "any" | "not_future" | "during_correction"
    pub date_rule: String,
    pub fields: Vec<FieldView>,
}

/// One record of a subject's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecordView {
    pub id: String,
    pub subject_id: String,
    pub kind: String,
    /// YYYY-MM-DD, from the kind's date field.
    pub date: Option<String>,
    /// Field name to value: text, number or true/false. Attachments are comma-separated
    /// SHA-256 digests.
    #[ts(type = "Record<string, string | number | boolean>")]
    pub data: std::collections::BTreeMap<String, serde_json::Value>,
    /// Who last changed it.
    pub author: Option<String>,
    /// The op id of its latest change: the base for an edit.
    pub version: String,
}

/// Facts derived from the file by the rules in dossier-core, as of today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FactsView {
    pub age: u32,
    pub minor: bool,
    /// Days from the correction start to today (0 before it starts).
    #[ts(type = "number")]
    pub days_served: i64,
    /// Days from today to the correction end (0 after it ends).
    #[ts(type = "number")]
    pub days_remaining: i64,
    /// The day by which the subject must report (judgment date + 10 days), while awaiting.
    pub report_deadline: Option<String>,
    /// "due" | "overdue_10" | "overdue_30" (漏管 alerts), while awaiting report.
    pub report_alert: Option<String>,
    pub key_subject: bool,
    /// Why the rules make them a key subject: "violent_crime" | "property_crime" | "minor" |
    /// "parolee" | "temporary_outside" | "on_leave" | "non_compliant".
    pub key_reasons: Vec<String>,
    /// A manual override of the rules: true = key subject, false = not.
    pub key_override: Option<bool>,
    pub key_override_reason: Option<String>,
}

/// The basic information beyond the roster line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SubjectDetail {
    pub education: Option<String>,
    pub marital_status: Option<String>,
    pub household_address: Option<String>,
    pub residence_address: Option<String>,
    pub original_sentence: Option<String>,
    /// YYYY-MM-DD: the judgment took effect.
    pub judgment_date: Option<String>,
    /// YYYY-MM-DD: the legal papers reached the office.
    pub papers_received: Option<String>,
    /// YYYY-MM-DD: the subject reported.
    pub reported_on: Option<String>,
    /// SHA-256 of the photo attachment.
    pub photo: Option<String>,
}

/// A subject's whole file: the roster line, the rest of the basic information, the derived
/// facts and every record, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SubjectFileView {
    pub subject: SubjectRow,
    pub detail: SubjectDetail,
    pub facts: FactsView,
    pub records: Vec<RecordView>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchHit {
    pub subject: SubjectRow,
    /// What matched: "name" | "pinyin" | "initials" | "id_number" | "file_no"
    pub matched: String,
}

/// An attachment stored in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttachmentView {
    pub sha256: String,
    /// "image/jpeg" | "image/png" | "application/pdf"
    pub mime: String,
    #[ts(type = "number")]
    pub size: u64,
    pub name: String,
}

/// One thing due or overdue on the reminders dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DueItemView {
    pub subject_id: String,
    pub subject_name: String,
    pub file_no: String,
    /// Village or community code.
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    /// "check_in" | "written_report" | "education" | "visit" | "four_ones" | "leave_ending" |
    /// "leave_overdue" | "report_deadline" | "missing_report_10" | "missing_report_30" |
    /// "monthly_assessment" | "term_ending" | "positioning_expiring" | "health_reexam" |
    /// "decision_pending" (note: the proposal id) | "transfer_report"
    pub kind: String,
    /// YYYY-MM-DD: the last day to do it (for an overdue leave, the day the subject should
    /// have been back).
    pub due: String,
    pub overdue: bool,
    /// "info" | "warning" | "danger"
    pub severity: String,
    /// Detail: the month of a monthly assessment ("2026-10"), the leave id of a leave item.
    pub note: Option<String>,
}

/// Counts of one village on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VillageDueView {
    pub jurisdiction: String,
    pub name: String,
    pub overdue: u32,
    /// Due this week, not yet overdue.
    pub due: u32,
}

/// The reminders dashboard: what is due this week or overdue, and counts per village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DueView {
    /// YYYY-MM-DD
    pub today: String,
    pub items: Vec<DueItemView>,
    pub villages: Vec<VillageDueView>,
}

/// A leave (外出) request and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LeaveView {
    pub id: String,
    pub subject_id: String,
    pub subject_name: String,
    /// YYYY-MM-DD, first day away.
    pub from: String,
    /// YYYY-MM-DD, the approved (or requested) last day away; extensions move it once approved.
    pub to: String,
    /// Days from `from` to `to`, both counted.
    pub days: u32,
    pub destination_code: String,
    /// The division's name when Dossier knows the code; empty otherwise.
    pub destination_name: String,
    pub destination_detail: String,
    pub reason: String,
    pub contact: String,
    pub applied_on: String,
    /// Who approves: "office" | "county" | "above_county" (for a pending extension, the
    /// level the whole leave with the extension needs).
    pub approver: String,
    /// "requested" | "approved" | "rejected" | "returned" | "cancelled". A leave whose
    /// extension waits for a decision is "requested" again; its first approval stands.
    pub status: String,
    /// The officer who recorded the decision.
    pub decided_by: Option<String>,
    pub decided_on: Option<String>,
    pub opinion: Option<String>,
    /// The end asked for by an extension (while `extension_status` is "requested", or when
    /// it was rejected).
    pub extension_to: Option<String>,
    /// "requested" | "approved" | "rejected" | "withdrawn"
    pub extension_status: Option<String>,
    pub extension_reason: Option<String>,
    pub returned_on: Option<String>,
    /// Days back after the approved end; for a leave not yet returned, days overdue today.
    pub overdue_days: u32,
    /// Back late: a violation that feeds the monthly assessment.
    pub violation: bool,
    /// Things the approver should know, in Chinese (applied late, the two-month total).
    pub warnings: Vec<String>,
}

/// A leave request as typed in the form or given to `dossier leave request --file`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LeaveInput {
    /// YYYY-MM-DD
    pub from: String,
    /// YYYY-MM-DD
    pub to: String,
    /// Division code of the destination: 6, 9 or 12 digits.
    pub destination_code: String,
    pub destination_detail: String,
    pub reason: String,
    /// Contact at the destination (person and phone).
    pub contact: String,
    /// YYYY-MM-DD; null (or left out of a JSON file) = today. An application made on paper
    /// earlier may give its day.
    #[serde(default)]
    pub applied_on: Option<String>,
}

/// One scored line of a monthly assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScoreLineView {
    pub code: String,
    pub label: String,
    pub count: u32,
    pub counted: u32,
    pub points: i32,
}

/// A monthly assessment (月度考核).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssessmentView {
    pub id: String,
    pub subject_id: String,
    /// YYYY-MM
    pub month: String,
    pub points: i32,
    /// "good" | "fair" | "pass" | "fail" (好/较好/一般/差)
    pub grade: String,
    /// A step of the sanction ladder the score proposes ("admonition", "warning", ...).
    pub proposal: Option<String>,
    pub assessor: String,
    pub assessed_on: String,
    pub office_opinion: Option<String>,
    pub lines: Vec<ScoreLineView>,
}

/// One item of a monthly assessment as given to `dossier assess --file`: a code of the
/// points table, the day, and how many times (default 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AssessmentItemInput {
    pub code: String,
    /// YYYY-MM-DD, within the month.
    pub on: String,
    #[serde(default)]
    #[ts(optional)]
    pub count: Option<u32>,
}

/// One month counted in a quarterly roll-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuarterMonthView {
    /// YYYY-MM
    pub month: String,
    pub points: i32,
    /// "good" | "fair" | "pass" | "fail"
    pub grade: String,
}

/// The quarterly roll-up (季度考核) of a subject's monthly assessments, as core's points
/// scheme judges it: a quarter with fewer than three assessed months is judged on its average,
/// and praise needs all three.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuarterView {
    pub subject_id: String,
    /// "2026-Q4"
    pub quarter: String,
    pub year: i32,
    /// 1 to 4.
    pub number: u32,
    /// The assessed months of the quarter, in order.
    pub months: Vec<QuarterMonthView>,
    /// Months of the quarter with no assessment (not yet assessed, or outside the correction).
    pub missing: Vec<String>,
    pub total: i32,
    /// The monthly average, rounded down; the grade is the average's.
    pub average: i32,
    /// "good" | "fair" | "pass" | "fail"
    pub grade: String,
    /// A step of the sanction ladder the quarter proposes ("praise", "admonition", ...).
    pub proposal: Option<String>,
}

/// One line of the points table (计分考核) in force on a day: what an assessment may list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointItemView {
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    /// Per occurrence: positive adds, negative deducts.
    pub points: i32,
    /// At most this many occurrences count in one month; null = no cap.
    pub max_per_month: Option<u32>,
}

/// The points table in force on a day, with the base and the grade boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointsTableView {
    /// YYYY-MM-DD: the day asked about.
    pub on: String,
    /// Points every month starts from.
    pub base: i32,
    /// 好 from this many points, 较好 from `fair_min`, 一般 from `pass_min`; below is 差.
    pub good_min: i32,
    pub fair_min: i32,
    pub pass_min: i32,
    /// In the table's order.
    pub items: Vec<PointItemView>,
}

/// The management level the rules suggest for a subject today, beside the level on file.
/// Advice: the office decides, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LevelSuggestionView {
    pub subject_id: String,
    /// YYYY-MM-DD: the day judged.
    pub on: String,
    /// "strict" | "normal" | "lenient"; null when none is on file yet.
    pub current: Option<String>,
    /// "strict" | "normal" | "lenient"
    pub suggested: String,
    /// Why: "newly_in_correction" | "high_risk" | "admonitions" | "warning" |
    /// "police_penalty" | "failed_assessment" | "steady_record" | "ordinary".
    pub reasons: Vec<String>,
    /// Passing monthly assessments in a row up to the latest (what 宽管 needs).
    pub passing_months_in_a_row: u32,
    /// What the suggestion cannot see yet because the file does not record it: "risk" (a
    /// risk assessment). Approved sanctions are counted.
    pub not_considered: Vec<String>,
}

/// A decided change of management level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LevelChangeView {
    pub id: String,
    pub subject_id: String,
    pub on: String,
    pub from_level: Option<String>,
    pub to_level: String,
    pub reason: String,
    pub decided_by: String,
    /// The decision departs from what the rules suggested.
    pub against_suggestion: bool,
}

/// A sensitive period the office set, when the "four ones" are due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SensitivePeriodView {
    pub id: String,
    pub name: String,
    /// YYYY-MM-DD, both days included.
    pub from: String,
    pub to: String,
}

/// A new subject's basic information as the UI sends it to `subject_add` (the JSON of
/// `dossier_core::subject::NewSubject`, which also accepts the Chinese labels). Dates are
/// YYYY-MM-DD; optional fields may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewSubjectInput {
    pub name: String,
    /// 18 characters (GB 11643); sex and birth date are taken from it.
    pub id_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ethnicity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub education: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub marital_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub household_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub residence_address: Option<String>,
    /// Village or community code (12 digits), or the street's (9).
    pub jurisdiction: String,
    /// "surveillance" | "probation" | "parole" | "temporary_outside"
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub crime: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub original_sentence: Option<String>,
    pub correction_start: String,
    pub correction_end: String,
    /// "awaiting_report" | "in_correction" (the default)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<String>,
}

/// A proposal as typed in the form or given to `dossier propose --file`: the paper trail
/// plus the fields of its matter (the others are left out).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProposalInput {
    /// "sanction" | "transfer" | "positioning" | "injunction_entry" | "ending"
    pub matter: String,
    /// Sanction: "praise" | "admonition" | "warning" | "police_penalty_request" |
    /// "revocation_request" | "return_to_prison"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub step: Option<String>,
    /// Transfer: the new place's division code (9 or 12 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub destination_code: Option<String>,
    /// Transfer: the day of the move, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub move_on: Option<String>,
    /// Positioning: a code of the reasons the positioning record lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub positioning_reason: Option<String>,
    /// Positioning or injunction entry: YYYY-MM-DD. Positioning without `to` runs as long as
    /// the rules allow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    /// Injunction entry: the place the injunction bans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<String>,
    /// Ending: "completed" | "pardoned" | "revoked" | "returned_to_prison" | "died"
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub end_reason: Option<String>,
    /// Ending: the closing summary (矫正小结) or the circumstances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub summary: Option<String>,
    /// Ending by 解除: the certificate number (解除矫正证明书编号), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub certificate_no: Option<String>,
    /// 事实
    pub facts: String,
    /// 依据
    pub grounds: String,
    /// 文书编号 of the proposal, if it has one yet.
    #[serde(default)]
    pub doc_no: String,
    /// Attachment hashes (add the files as attachments first).
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// The office's decision on a proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub approve: bool,
    #[serde(default)]
    pub facts: String,
    pub grounds: String,
    /// Required for an approval.
    #[serde(default)]
    pub doc_no: String,
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A decision, as the file shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionView {
    pub id: String,
    /// "approved" | "rejected"
    pub outcome: String,
    pub facts: String,
    pub grounds: String,
    pub doc_no: String,
    pub evidence: Vec<String>,
    pub decided_by: String,
    pub decided_on: String,
    /// What the decision changed, in words (zh).
    pub effects: Vec<String>,
}

/// A proposal and, once decided, its decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProposalView {
    pub id: String,
    pub subject_id: String,
    pub subject_name: String,
    pub matter: String,
    /// 奖惩, 执行地变更, …
    pub matter_label: String,
    /// What is asked, in one line (zh): "警告", "迁往 …（2026-06-30）", …
    pub ask_label: String,
    /// The matter's own fields as given (see ProposalInput).
    pub ask: ProposalInput,
    pub facts: String,
    pub grounds: String,
    pub doc_no: String,
    pub evidence: Vec<String>,
    pub proposed_by: String,
    pub proposed_on: String,
    /// "proposed" | "approved" | "rejected" | "withdrawn"
    pub status: String,
    /// Things the decider should know (zh), e.g. applied late.
    pub notices: Vec<String>,
    pub decision: Option<DecisionView>,
}

/// One side of a sync conflict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictSideView {
    /// The operation that wrote this value (what `sync_resolve` is given to keep it).
    pub op_id: String,
    /// The value as text ("" for empty).
    pub value: String,
    pub device_id: String,
    /// The officer who wrote it, when this archive knows them.
    pub officer: Option<String>,
    /// When it was written, "YYYY-MM-DD HH:MM" in China.
    pub at: String,
}

/// A field two devices changed from the same starting point: both values are kept, the
/// archive shows `shown` (the later by the sync order) until a person chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    pub entity: String,
    pub entity_id: String,
    pub field: String,
    /// The field's name in words (zh) where known, else `field`.
    pub field_label: String,
    /// The subject whose file this is, if any.
    pub subject_id: Option<String>,
    pub subject_name: Option<String>,
    pub shown: ConflictSideView,
    pub other: ConflictSideView,
}

/// A register (staff, volunteers, trainings, meetings) as the registers screen shows it: its
/// fields as a record kind's, who keeps it, and whether this officer may write to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RegisterKindView {
    pub kind: KindView,
    /// "office" (the judicial office keeps it) | "any_site" (every site keeps its own)
    pub keeper: String,
    pub may_edit: bool,
    /// Pairs of date fields (start, end) that make a period: the end must not come first.
    pub spans: Vec<(String, String)>,
}

/// One entry of a register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RegisterEntryView {
    pub id: String,
    /// The division code of the site that keeps it, and its name.
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub kind: String,
    /// YYYY-MM-DD, from the register's date field (term start, training or meeting day).
    pub date: Option<String>,
    /// Field name to value: text, number or true/false.
    #[ts(type = "Record<string, string | number | boolean>")]
    pub data: std::collections::BTreeMap<String, serde_json::Value>,
    /// Who last changed it.
    pub author: Option<String>,
    /// The op id of its latest change.
    pub version: String,
    /// Whether this officer may edit or delete it (only the keeping site may).
    pub may_edit: bool,
}
/// The last bundle of one series (received from a peer, or sent to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BundleLinkView {
    /// Its number in the series (1, 2, 3…).
    #[ts(type = "number")]
    pub seq: u64,
    /// When it was imported or made: "YYYY-MM-DD HH:MM", China Standard Time.
    pub at: String,
    /// Operations it carried; null for a bundle received before they were counted.
    #[ts(type = "number | null")]
    pub ops: Option<u64>,
    /// Bundles in the series so far.
    #[ts(type = "number")]
    pub count: u64,
}

/// One device this archive exchanges bundles with, and where the two stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeerView {
    pub device_id: String,
    /// "village" | "office"; null when this archive holds no certificate for it.
    pub role: Option<String>,
    /// The division-code prefix its certificate covers, and that division's name.
    pub jurisdiction: Option<String>,
    pub jurisdiction_name: Option<String>,
    /// The office revoked its certificate: its bundles are refused.
    pub revoked: bool,
    pub last_received: Option<BundleLinkView>,
    pub last_sent: Option<BundleLinkView>,
    /// Whether it ever said what it holds (with a bundle of its own).
    pub acknowledged: bool,
    /// Operations held here that it has not acknowledged: what the next export to it
    /// carries.
    #[ts(type = "number")]
    pub unacknowledged: u64,
    /// Operations from its bundles that wait here for an earlier bundle.
    #[ts(type = "number")]
    pub held: u64,
}

/// Operations of one device kept aside because earlier ones never arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GapView {
    /// The device that made the operations.
    pub origin: String,
    /// Its division's name when this archive holds its certificate.
    pub origin_name: Option<String>,
    /// The missing operations' numbers, first and last.
    #[ts(type = "number")]
    pub missing_from: u64,
    #[ts(type = "number")]
    pub missing_to: u64,
    /// Operations waiting beyond them.
    #[ts(type = "number")]
    pub held: u64,
}

/// Where this archive stands in sync, for the 数据同步 screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatusView {
    /// This archive's device id.
    pub device_id: String,
    /// Whether it can send and receive bundles yet (keys, a trusted office, a certificate).
    pub enrolled: bool,
    /// "village" | "office"
    pub site_role: String,
    /// Every device it exchanges bundles with; empty on a fresh archive.
    pub peers: Vec<PeerView>,
    pub gaps: Vec<GapView>,
    /// Conflicts waiting for a person.
    #[ts(type = "number")]
    pub open_conflicts: u64,
}

/// How far an import has got, streamed to the UI while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProgressView {
    /// New operations written so far, of `total`.
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// A ledger (台账) or document that can be printed, for the 报表 screen's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LedgerView {
    /// "roster", "leave", …, "monthly_stats", "personal_file"
    pub id: String,
    /// Its title in Chinese, as printed.
    pub title: String,
    pub title_en: String,
    /// "month": covers one month (YYYY-MM); "none": covers no period.
    pub period_kind: String,
    /// Whether it is about one subject (the personal file), who must be chosen.
    pub needs_subject: bool,
    /// "pdf" | "xlsx" | "csv"
    pub formats: Vec<String>,
}

/// What to print: a ledger, its month, its jurisdiction (a division code within the site's
/// scope; the whole scope when left out), the subject for a personal file, the format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportRequest {
    pub ledger: String,
    /// YYYY-MM; the current month when left out.
    pub period: Option<String>,
    pub jurisdiction: Option<String>,
    pub subject_id: Option<String>,
    /// "pdf" | "xlsx" | "csv"
    pub format: String,
}

/// A report written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSaved {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Pages of a PDF; none for a spreadsheet.
    pub pages: Option<u32>,
    /// Table rows printed.
    pub rows: u32,
}

/// The first pages of a report as images, to look at before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportPreview {
    /// "data:image/png;base64,…", one per page shown.
    pub pages: Vec<String>,
    pub total_pages: u32,
    pub rows: u32,
}

/// How far a report has got, streamed to the UI while it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportProgress {
    pub done: u32,
    pub total: u32,
    /// "collect" | "typeset" | "write" | "done"
    pub stage: String,
}

pub use crate::sync::{ExportView, ImportView};

// --- Dashboard charts (charts.rs) ---

/// One month of the dashboard's charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MonthChartView {
    /// YYYY-MM
    pub month: String,
    /// Subjects on register at the month's end (today, for the current month).
    pub on_register: u32,
    /// Leaves that went ahead (approved, away or back), by the month they started.
    pub leaves: u32,
    /// Approved 训诫 or graver, by the month decided.
    pub sanctions: u32,
    /// Approved 表扬, by the month decided.
    pub praises: u32,
}

/// A count under a label: a category or a village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChartCountView {
    /// The code: "probation", or a village's division code.
    pub key: String,
    /// Its Chinese name: 缓刑, 童庐村委会.
    pub label: String,
    pub count: u32,
}

/// The dashboard's charts, for the session's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChartsView {
    /// YYYY-MM-DD: the day counted to.
    pub today: String,
    /// The months asked for, oldest first, the current one last.
    pub months: Vec<MonthChartView>,
    /// Subjects in correction now (awaiting report or in correction) by category, all four
    /// categories in their fixed order, zeros included.
    pub by_category: Vec<ChartCountView>,
    /// Subjects in correction now by village, the largest first; villages with none left out.
    pub by_village: Vec<ChartCountView>,
}
