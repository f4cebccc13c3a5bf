//! Leave (外出, Art 27) as use cases: request, decision, extension, return, list.
//!
//! Each leave is its own op-logged `leave` entity. Whether a request may go ahead, who
//! approves it, what an extension or a late return means: all of that is core's `leave`
//! module, judged by the rules in force on the day of the event; here are the archive's
//! side of it (the subject's history and flags, who may do what, one op per step) and the
//! views. Villages and the office both record requests, extensions and returns; only the
//! office records decisions (for the county or the level above, it records theirs).
//!
//! The flags core needs, as we derive them (documented choices until a risk assessment is
//! recorded in the file): *high risk* = management level 严管 (the level the rules put
//! high-risk subjects in); *supervision measures in place* = a correction plan is on file
//! and a current member of the correction group is named responsible for supervision.
//!
//! An extension sends the leave back to "requested" with the approver the whole leave now
//! needs; its first approval stands meanwhile (the subject may stay until the old end). An
//! approved extension moves the end; a rejected one leaves it. A leave not yet started can
//! be withdrawn ("cancelled"). Deliberately absent: absences without any request (a
//! violation record, later).

use chrono::NaiveDate;
use dossier_core::leave::{self as rules, LeaveRequest, LeaveWarning, PastLeave, SubjectFlags};
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::rules::days_inclusive;
use dossier_core::subject::{ManagementLevel, Status};
use dossier_store::Change;
use dossier_store::query::{self, SubjectRecord};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

use crate::view::{LeaveInput, LeaveView};
use crate::{Env, Error, Result, Session};

/// A leave as stored (every column; the newest value of each field).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct StoredLeave {
    pub id: String,
    pub subject_id: String,
    pub from: String,
    pub to: String,
    pub days: Option<i64>,
    pub destination_code: String,
    pub destination_detail: String,
    pub reason: String,
    pub contact: String,
    pub applied_on: String,
    pub approver_level: String,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_on: Option<String>,
    pub decision_opinion: Option<String>,
    pub returned_on: Option<String>,
    pub extension_to: Option<String>,
    pub extension_requested_on: Option<String>,
    pub extension_reason: Option<String>,
    pub extension_status: Option<String>,
    pub overdue_days: Option<i64>,
    pub violation: Option<i64>,
    pub warnings: Option<String>,
}

fn damaged() -> Error {
    Error::Damaged("a stored leave is unreadable".into())
}

fn day(s: &str) -> Result<NaiveDate> {
    s.parse().map_err(|_| damaged())
}

impl StoredLeave {
    /// Approved and not back: the subject may be away (an extension may be pending).
    pub(crate) fn is_away(&self) -> bool {
        self.returned_on.is_none()
            && (self.status == "approved"
                || (self.status == "requested"
                    && self.extension_status.as_deref() == Some("requested")))
    }

    /// The leave as core's history sees it: pending and approved leaves are open, returned
    /// ones closed, rejected and cancelled ones never happened.
    pub(crate) fn past(&self) -> Result<Option<PastLeave>> {
        if !matches!(self.status.as_str(), "requested" | "approved" | "returned") {
            return Ok(None);
        }
        Ok(Some(PastLeave {
            from: day(&self.from)?,
            to: day(&self.to)?,
            returned_on: self.returned_on.as_deref().map(day).transpose()?,
        }))
    }
}

pub(crate) fn stored(conn: &Connection, subject_id: Option<&str>) -> Result<Vec<StoredLeave>> {
    crate::archive::typed_rows(
        conn,
        Entity::Leave,
        subject_id.map(|s| ("subject_id", s)),
        damaged,
    )
}

fn one(conn: &Connection, id: &str) -> Result<StoredLeave> {
    crate::archive::typed_rows(conn, Entity::Leave, Some(("id", id)), damaged)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::NotFound("The leave".into()))
}

/// The flags core's leave rules need (see the module documentation).
pub(crate) fn flags(conn: &Connection, s: &SubjectRecord) -> Result<SubjectFlags> {
    let facts = query::contact_facts_of(conn, &s.id)?;
    let level = s
        .management_level
        .as_deref()
        .and_then(ManagementLevel::parse);
    Ok(SubjectFlags {
        high_risk: level == Some(ManagementLevel::Strict),
        measures_in_place: facts.has_plan && facts.has_responsible,
        status: Status::parse(&s.status)
            .ok_or_else(|| Error::Damaged("a subject's status is unreadable".into()))?,
    })
}

/// A warning in the words the approver reads.
fn warning_zh(w: &LeaveWarning) -> String {
    match *w {
        LeaveWarning::AppliedLate {
            ahead,
            required,
            working,
        } => {
            let unit = if working { "个工作日" } else { "天" };
            format!("申请提前{ahead}{unit}，规定应至少提前{required}{unit}")
        }
        LeaveWarning::WindowTotal { days, max } => {
            format!("两个月内累计外出{days}天，超过{max}天，须报上一级社区矫正机构审批")
        }
    }
}

fn refused(e: rules::LeaveRefusal) -> Error {
    Error::LeaveRefused(format!("The leave was refused: {e}."))
}

fn date_arg(what: &str, s: &str) -> Result<NaiveDate> {
    s.trim()
        .parse()
        .map_err(|_| Error::Invalid(format!("{what} must be a date written YYYY-MM-DD.")))
}

/// The name of a division code, from the archive's list or the built-in one.
pub(crate) fn division_name(conn: &Connection, code: &str) -> Result<String> {
    if let Some(n) = query::jurisdiction_name(conn, code)? {
        return Ok(n);
    }
    Ok(dossier_core::division::builtin()
        .into_iter()
        .find(|d| d.code == code)
        .map(|d| d.name)
        .unwrap_or_default())
}

pub(crate) fn officer_name(conn: &Connection, id: &str) -> Result<String> {
    Ok(query::officer(conn, id)?.map_or_else(|| id.to_owned(), |o| o.name))
}

pub(crate) fn view(
    conn: &Connection,
    l: &StoredLeave,
    subject_name: &str,
    today: NaiveDate,
) -> Result<LeaveView> {
    let overdue = if l.is_away() {
        let p = l.past()?.ok_or_else(damaged)?;
        rules::overdue(&p, today).unwrap_or(0)
    } else {
        l.overdue_days.unwrap_or(0).max(0) as u32
    };
    Ok(LeaveView {
        id: l.id.clone(),
        subject_id: l.subject_id.clone(),
        subject_name: subject_name.to_owned(),
        from: l.from.clone(),
        to: l.to.clone(),
        days: l.days.unwrap_or(0).max(0) as u32,
        destination_code: l.destination_code.clone(),
        destination_name: division_name(conn, &l.destination_code)?,
        destination_detail: l.destination_detail.clone(),
        reason: l.reason.clone(),
        contact: l.contact.clone(),
        applied_on: l.applied_on.clone(),
        approver: l.approver_level.clone(),
        status: l.status.clone(),
        decided_by: l
            .decided_by
            .as_deref()
            .map(|id| officer_name(conn, id))
            .transpose()?,
        decided_on: l.decided_on.clone(),
        opinion: l.decision_opinion.clone(),
        extension_to: l.extension_to.clone(),
        extension_status: l.extension_status.clone(),
        extension_reason: l.extension_reason.clone(),
        returned_on: l.returned_on.clone(),
        overdue_days: overdue,
        violation: l.violation.unwrap_or(0) != 0,
        warnings: l
            .warnings
            .as_deref()
            .and_then(|w| serde_json::from_str(w).ok())
            .unwrap_or_default(),
    })
}

/// The fields of a new request that core's rules allowed.
pub(crate) fn request_fields(
    subject_id: &str,
    req: &LeaveRequest,
    plan: &rules::LeavePlan,
) -> Vec<(&'static str, Value)> {
    let warnings: Vec<String> = plan.warnings.iter().map(warning_zh).collect();
    vec![
        ("subject_id", json!(subject_id)),
        ("from", json!(req.from.to_string())),
        ("to", json!(req.to.to_string())),
        ("days", json!(plan.days)),
        ("destination_code", json!(req.destination_code)),
        ("destination_detail", json!(req.destination_detail)),
        ("reason", json!(req.reason)),
        ("contact", json!(req.contact)),
        ("applied_on", json!(req.applied_on.to_string())),
        ("approver_level", json!(plan.approver.as_str())),
        ("status", json!("requested")),
        (
            "warnings",
            json!(serde_json::to_string(&warnings).unwrap_or_default()),
        ),
    ]
}

pub(crate) fn change(op_id: String, leave_id: &str, pairs: Vec<(&str, Value)>) -> Change {
    Change {
        op_id,
        entity: Entity::Leave,
        entity_id: leave_id.to_owned(),
        fields: pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<BTreeMap<_, _>>(),
    }
}

impl Session {
    fn leave_write(&mut self, env: &mut Env, c: Change) -> Result<()> {
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![c])?;
        // Being away on leave makes a key subject: the roster's cached rows are stale.
        self.name_keys = None;
        Ok(())
    }

    fn leave_view_of(&self, id: &str, today: NaiveDate) -> Result<LeaveView> {
        let conn = self.archive.conn();
        let l = one(conn, id)?;
        let s = self.subject_in_scope(&l.subject_id)?;
        view(conn, &l, &s.name, today)
    }

    /// A leave this officer may see, with its subject.
    fn leave_in_scope(&self, leave_id: &str) -> Result<(StoredLeave, SubjectRecord)> {
        let l = one(self.archive.conn(), leave_id)?;
        let s = self.subject_in_scope(&l.subject_id)?;
        Ok((l, s))
    }

    /// Records a leave request. Core's rules decide whether it may go ahead and who
    /// approves it; a refusal (end before start, a leave still open, high risk, measures
    /// not in place, ...) is `leave_refused` with core's reason, and nothing is written.
    pub fn leave_request(
        &mut self,
        subject_id: &str,
        input: LeaveInput,
        env: &mut Env,
    ) -> Result<LeaveView> {
        self.require(Action::EditSubjects, "record leave requests")?;
        let s = self.subject_in_scope(subject_id)?;
        let today = env.today();
        let applied_on = match input.applied_on.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => date_arg("The day of the application", d)?,
            _ => today,
        };
        if applied_on > today {
            return Err(Error::Invalid(format!(
                "The day of the application ({applied_on}) is in the future; check the date."
            )));
        }
        let req = LeaveRequest {
            from: date_arg("The first day of the leave", &input.from)?,
            to: date_arg("The last day of the leave", &input.to)?,
            destination_code: input.destination_code.trim().to_owned(),
            destination_detail: input.destination_detail.trim().to_owned(),
            reason: input.reason.trim().to_owned(),
            contact: input.contact.trim().to_owned(),
            applied_on,
        };
        let book = crate::rules::book(self.archive.conn())?;
        let id = env.new_id();
        let op_id = env.new_id();
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        // The open-leave check and the write share one transaction, so two requests cannot
        // both pass it.
        let conn = self.archive.conn_mut();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut history = Vec::new();
        for l in stored(&tx, Some(subject_id))? {
            history.extend(l.past()?);
        }
        let subject_flags = flags(&tx, &s)?;
        let plan = rules::assess(&req, &history, subject_flags, book.in_force(applied_on))
            .map_err(refused)?;
        let c = change(op_id, &id, request_fields(subject_id, &req, &plan));
        dossier_store::oplog::write_in(&tx, now, Some(&officer), vec![c])?;
        tx.commit()?;
        self.name_keys = None;
        self.leave_view_of(&id, today)
    }

    /// Records the decision on a requested leave (or on its pending extension). Office
    /// roles only: a village worker gets `permission_denied`. A leave already decided is
    /// refused; a rejection needs an opinion saying why.
    pub fn leave_decide(
        &mut self,
        leave_id: &str,
        approve: bool,
        opinion: &str,
        env: &mut Env,
    ) -> Result<LeaveView> {
        self.require(
            Action::Decide,
            "decide on leave (villages record requests; the judicial office records decisions)",
        )?;
        let (l, _) = self.leave_in_scope(leave_id)?;
        if l.status != "requested" {
            return Err(Error::Invalid(format!(
                "This leave was already decided (it is {}); a decision cannot be made twice. To change it, ask for an extension or record the return.",
                l.status
            )));
        }
        let opinion = opinion.trim();
        if !approve && opinion.is_empty() {
            return Err(Error::Invalid(
                "Say why the leave is refused: a rejection needs an opinion.".into(),
            ));
        }
        let today = env.today();
        let mut fields = vec![
            ("decided_by", json!(self.officer.id)),
            ("decided_on", json!(today.to_string())),
            (
                "decision_opinion",
                if opinion.is_empty() {
                    Value::Null
                } else {
                    json!(opinion)
                },
            ),
        ];
        let extension = l.extension_status.as_deref() == Some("requested");
        match (extension, approve) {
            (true, true) => {
                let new_to = day(l.extension_to.as_deref().ok_or_else(damaged)?)?;
                fields.push(("to", json!(new_to.to_string())));
                fields.push(("days", json!(days_inclusive(day(&l.from)?, new_to))));
                fields.push(("extension_status", json!("approved")));
                fields.push(("status", json!("approved")));
            }
            (true, false) => {
                fields.push(("extension_status", json!("rejected")));
                fields.push(("status", json!("approved")));
            }
            (false, true) => fields.push(("status", json!("approved"))),
            (false, false) => fields.push(("status", json!("rejected"))),
        }
        let c = change(env.new_id(), leave_id, fields);
        self.leave_write(env, c)?;
        self.leave_view_of(leave_id, today)
    }

    /// Asks to extend an approved leave to `to`, before it ends. The whole leave decides
    /// the approver again; the leave goes back to "requested" until the extension is
    /// decided (its first approval stands meanwhile).
    pub fn leave_extend(
        &mut self,
        leave_id: &str,
        to: NaiveDate,
        reason: &str,
        env: &mut Env,
    ) -> Result<LeaveView> {
        self.require(Action::EditSubjects, "record leave extensions")?;
        let (l, s) = self.leave_in_scope(leave_id)?;
        match l.status.as_str() {
            "approved" | "returned" => {}
            "requested" => {
                return Err(Error::Invalid(
                    "This leave is waiting for a decision; an extension can be asked for once it is approved.".into(),
                ));
            }
            other => {
                return Err(Error::Invalid(format!(
                    "This leave was {other}; only an approved leave can be extended."
                )));
            }
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Invalid(
                "Say why the extension is needed: a reason is required.".into(),
            ));
        }
        let today = env.today();
        let this = l.past()?.ok_or_else(damaged)?;
        let conn = self.archive.conn();
        let mut history = Vec::new();
        for other in stored(conn, Some(&l.subject_id))? {
            if other.id != l.id {
                history.extend(other.past()?);
            }
        }
        let book = crate::rules::book(conn)?;
        let subject_flags = flags(conn, &s)?;
        let plan = rules::extend(
            &this,
            to,
            today,
            &history,
            subject_flags,
            book.in_force(today),
        )
        .map_err(refused)?;
        let warnings: Vec<String> = plan.warnings.iter().map(warning_zh).collect();
        let c = change(
            env.new_id(),
            leave_id,
            vec![
                ("extension_to", json!(to.to_string())),
                ("extension_requested_on", json!(today.to_string())),
                ("extension_reason", json!(reason)),
                ("extension_status", json!("requested")),
                ("approver_level", json!(plan.approver.as_str())),
                ("status", json!("requested")),
                (
                    "warnings",
                    json!(serde_json::to_string(&warnings).unwrap_or_default()),
                ),
            ],
        );
        self.leave_write(env, c)?;
        self.leave_view_of(leave_id, today)
    }

    /// Records the subject's return (销假) on `returned_on`. A return before the leave
    /// started, or in the future, is refused; a return after the approved end records the
    /// days overdue and a violation.
    pub fn leave_return(
        &mut self,
        leave_id: &str,
        returned_on: NaiveDate,
        env: &mut Env,
    ) -> Result<LeaveView> {
        self.require(Action::EditSubjects, "record returns from leave")?;
        let (l, _) = self.leave_in_scope(leave_id)?;
        let today = env.today();
        if l.status == "requested" && !l.is_away() {
            return Err(Error::Invalid(
                "This leave was never approved, so there is no return to record. If the subject left anyway, that is a violation, not a leave.".into(),
            ));
        }
        if matches!(l.status.as_str(), "rejected" | "cancelled") {
            return Err(Error::Invalid(format!(
                "This leave was {}; there is no return to record.",
                l.status
            )));
        }
        if returned_on > today {
            return Err(Error::Invalid(format!(
                "The return ({returned_on}) is in the future; record it on the day the subject reports back."
            )));
        }
        let this = l.past()?.ok_or_else(damaged)?;
        let outcome = rules::return_(&this, returned_on).map_err(refused)?;
        let mut fields = vec![
            ("returned_on", json!(returned_on.to_string())),
            ("overdue_days", json!(outcome.overdue_days)),
            ("violation", json!(outcome.violation.is_some())),
            ("status", json!("returned")),
        ];
        if l.extension_status.as_deref() == Some("requested") {
            fields.push(("extension_status", json!("withdrawn")));
        }
        let c = change(env.new_id(), leave_id, fields);
        self.leave_write(env, c)?;
        self.leave_view_of(leave_id, today)
    }

    /// Withdraws a leave that has not started: one waiting for a decision, or approved
    /// with its first day still ahead. A leave under way ends with a return instead.
    pub fn leave_cancel(&mut self, leave_id: &str, env: &mut Env) -> Result<LeaveView> {
        self.require(Action::EditSubjects, "withdraw leave requests")?;
        let (l, _) = self.leave_in_scope(leave_id)?;
        let today = env.today();
        let started = day(&l.from)? <= today;
        let pending_extension = l.extension_status.as_deref() == Some("requested");
        let may = matches!(l.status.as_str(), "requested" | "approved") && !pending_extension;
        if !may || (l.status == "approved" && started) {
            let why = if may || pending_extension {
                "it has started; record the return instead"
            } else {
                "only a leave waiting for a decision, or approved and not yet started, can be withdrawn"
            };
            return Err(Error::Invalid(format!(
                "This leave cannot be withdrawn: {why}."
            )));
        }
        let c = change(env.new_id(), leave_id, vec![("status", json!("cancelled"))]);
        self.leave_write(env, c)?;
        self.leave_view_of(leave_id, today)
    }

    /// Leaves of one subject, or of every subject in scope; the latest applied for first.
    pub fn leave_list(&self, subject_id: Option<&str>) -> Result<Vec<LeaveView>> {
        self.require(Action::ViewSubjects, "view leaves")?;
        let conn = self.archive.conn();
        let names: BTreeMap<String, String> = match subject_id {
            Some(id) => {
                let s = self.subject_in_scope(id)?;
                BTreeMap::from([(s.id, s.name)])
            }
            None => self
                .visible_subjects(self.today)?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect(),
        };
        let mut leaves: Vec<StoredLeave> = stored(conn, subject_id)?
            .into_iter()
            .filter(|l| names.contains_key(&l.subject_id))
            .collect();
        leaves.sort_by(|a, b| b.applied_on.cmp(&a.applied_on).then(b.id.cmp(&a.id)));
        leaves
            .iter()
            .map(|l| view(conn, l, &names[&l.subject_id], self.today))
            .collect()
    }
}
