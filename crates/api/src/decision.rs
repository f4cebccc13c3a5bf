//! Proposals and decisions as use cases: a village (or the office) proposes a sanction, a
//! change of residence, positioning, an injunction entry or the ending; the office decides.
//!
//! What may be proposed and what a decision changes are core's (`dossier_core::decision`),
//! judged by the rules in force on the day. Here: who may, which subject, at most one open
//! proposal per matter and subject, evidence that exists, and one write per step — the
//! decision record, the proposal's new status and the decision's effects (the subject's
//! status and end, its new jurisdiction, the positioning record) are kept or lost
//! together. Proposing needs `EditSubjects`; deciding and withdrawing someone else's
//! proposal need `Decide`. Deliberately absent: who signs at the county (the office
//! records the county's decision with its document number) and the court's ruling on a
//! revocation (an ending with reason "revoked").

use chrono::NaiveDate;
use dossier_core::decision::{self as rules, Ask, EndReason, Matter, Notice, Paper, SubjectState};
use dossier_core::ladder::Step;
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::subject::{Category, Status};
use dossier_store::Change;
use dossier_store::query::{self, SubjectRecord};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Map, json};

use crate::archive::fields;
use crate::leave::{division_name, officer_name};
use crate::view::{DecisionInput, DecisionView, ProposalInput, ProposalView};
use crate::{Env, Error, Result, Session};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct StoredProposal {
    id: String,
    subject_id: String,
    matter: String,
    ask: Option<String>,
    facts: String,
    grounds: String,
    doc_no: Option<String>,
    evidence: Option<String>,
    proposed_by: String,
    proposed_on: String,
    status: String,
    notices: Option<String>,
    decision_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct StoredDecision {
    id: String,
    outcome: String,
    facts: Option<String>,
    grounds: String,
    doc_no: Option<String>,
    evidence: Option<String>,
    decided_by: String,
    decided_on: String,
    effects: Option<String>,
}

fn damaged() -> Error {
    Error::Damaged("a stored proposal or decision is unreadable".into())
}

fn refused(what: &str, e: rules::Refusal) -> Error {
    Error::DecisionRefused(format!("The {what} was not recorded: {e}."))
}

fn rows<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    entity: Entity,
    filter: Option<(&str, &str)>,
) -> Result<Vec<T>> {
    crate::archive::typed_rows(conn, entity, filter, damaged)
}

fn day(what: &str, s: &Option<String>) -> Result<NaiveDate> {
    let s = s
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::Invalid(format!("{what} is missing; write it YYYY-MM-DD.")))?;
    s.parse()
        .map_err(|_| Error::Invalid(format!("{what} must be a date written YYYY-MM-DD.")))
}

fn text(what: &str, s: &Option<String>) -> Result<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::Invalid(format!("{what} is missing.")))
}

/// `value` parsed as one of a fixed set of codes, or a refusal that lists them ("There is
/// no step \"x\". The steps are: …").
fn one_of<T: Copy>(
    value: &str,
    (what, whats): (&str, &str),
    all: &[T],
    code: fn(T) -> &'static str,
) -> Result<T> {
    all.iter()
        .copied()
        .find(|t| code(*t) == value.trim())
        .ok_or_else(|| {
            let codes: Vec<_> = all.iter().map(|t| code(*t)).collect();
            Error::Invalid(format!(
                "There is no {what} {value:?}. The {whats} are: {}.",
                codes.join(", ")
            ))
        })
}

/// The matter's own part of an input, as core checks it.
fn ask_of(input: &ProposalInput) -> Result<Ask> {
    let matter = one_of(
        &input.matter,
        ("matter", "matters"),
        &Matter::ALL,
        Matter::as_str,
    )?;
    Ok(match matter {
        Matter::Sanction => {
            let s = text("The step on the ladder", &input.step)?;
            Ask::Sanction {
                step: one_of(&s, ("step", "steps"), &Step::ALL, Step::as_str)?,
            }
        }
        Matter::Transfer => Ask::Transfer {
            destination: text("The new place's division code", &input.destination_code)?,
            move_on: day("The day of the move", &input.move_on)?,
        },
        Matter::Positioning => Ask::Positioning {
            reason: text("The reason for positioning", &input.positioning_reason)?,
            from: day("The first day of positioning", &input.from)?,
            to: match input.to.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(_) => Some(day("The last day of positioning", &input.to)?),
            },
        },
        Matter::InjunctionEntry => Ask::InjunctionEntry {
            place: input.place.clone().unwrap_or_default(),
            from: day("The first day of the entry", &input.from)?,
            to: day("The last day of the entry", &input.to)?,
        },
        Matter::Ending => {
            let r = text("The reason for ending", &input.end_reason)?;
            Ask::Ending {
                reason: one_of(
                    &r,
                    ("reason for ending", "reasons"),
                    &EndReason::ALL,
                    EndReason::as_str,
                )?,
                summary: input.summary.clone().unwrap_or_default(),
            }
        }
    })
}

/// Only the fields of the input's matter, trimmed: what is stored as `ask`.
fn ask_fields(input: &ProposalInput) -> ProposalInput {
    let t = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let mut a = ProposalInput {
        matter: input.matter.trim().to_owned(),
        ..ProposalInput::default()
    };
    match Matter::parse(&a.matter) {
        Some(Matter::Sanction) => a.step = t(&input.step),
        Some(Matter::Transfer) => {
            a.destination_code = t(&input.destination_code);
            a.move_on = t(&input.move_on);
        }
        Some(Matter::Positioning) => {
            a.positioning_reason = t(&input.positioning_reason);
            a.from = t(&input.from);
            a.to = t(&input.to);
        }
        Some(Matter::InjunctionEntry) => {
            a.place = t(&input.place);
            a.from = t(&input.from);
            a.to = t(&input.to);
        }
        Some(Matter::Ending) => {
            a.end_reason = t(&input.end_reason);
            a.summary = t(&input.summary);
            a.certificate_no = t(&input.certificate_no);
        }
        None => {}
    }
    a
}

fn state_of(s: &SubjectRecord) -> Result<SubjectState> {
    let bad = || Error::Damaged("a subject's category, status or dates are unreadable".into());
    Ok(SubjectState {
        category: Category::parse(&s.category).ok_or_else(bad)?,
        status: Status::parse(&s.status).ok_or_else(bad)?,
        correction_start: s.correction_start.parse().map_err(|_| bad())?,
        correction_end: s.correction_end.parse().map_err(|_| bad())?,
        jurisdiction: s.jurisdiction.clone(),
    })
}

fn evidence_list(s: &Option<String>) -> Vec<String> {
    s.as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn notice_zh(n: &Notice) -> String {
    match n {
        Notice::TransferAppliedLate { apply_by } => {
            format!("申请晚于规定：应不迟于{apply_by}提出（提前一个月）")
        }
        Notice::PositioningBeyondTerm { correction_end } => {
            format!("定位期限超过矫正期满日{correction_end}")
        }
    }
}

fn ask_label(conn: &Connection, ask: &ProposalInput) -> Result<String> {
    let g = |s: &Option<String>| s.clone().unwrap_or_default();
    Ok(match Matter::parse(&ask.matter) {
        Some(Matter::Sanction) => ask
            .step
            .as_deref()
            .and_then(Step::parse)
            .map_or_else(String::new, |s| s.label_zh().to_owned()),
        Some(Matter::Transfer) => {
            let code = g(&ask.destination_code);
            let name = division_name(conn, &code)?;
            let place = if name.is_empty() { code } else { name };
            format!("迁往{place}（{}）", g(&ask.move_on))
        }
        Some(Matter::Positioning) => match &ask.to {
            Some(to) => format!("电子定位 {} 至 {to}", g(&ask.from)),
            None => format!("电子定位 自 {} 起三个月", g(&ask.from)),
        },
        Some(Matter::InjunctionEntry) => format!(
            "进入{}（{} 至 {}）",
            g(&ask.place),
            g(&ask.from),
            g(&ask.to)
        ),
        Some(Matter::Ending) => ask
            .end_reason
            .as_deref()
            .and_then(EndReason::parse)
            .map_or_else(String::new, |r| r.label_zh().to_owned()),
        None => String::new(),
    })
}

fn decision_view(conn: &Connection, d: StoredDecision) -> Result<DecisionView> {
    Ok(DecisionView {
        id: d.id,
        outcome: d.outcome,
        facts: d.facts.unwrap_or_default(),
        grounds: d.grounds,
        doc_no: d.doc_no.unwrap_or_default(),
        evidence: evidence_list(&d.evidence),
        decided_by: officer_name(conn, &d.decided_by)?,
        decided_on: d.decided_on,
        effects: match d.effects.as_deref() {
            None | Some("") => Vec::new(),
            Some(t) => serde_json::from_str(t).map_err(|_| damaged())?,
        },
    })
}

fn view(conn: &Connection, p: StoredProposal, subject_name: &str) -> Result<ProposalView> {
    let ask: ProposalInput = match p.ask.as_deref() {
        Some(t) => serde_json::from_str(t).map_err(|_| damaged())?,
        None => ProposalInput::default(),
    };
    let decision = match &p.decision_id {
        Some(id) => rows::<StoredDecision>(conn, Entity::Decision, Some(("id", id)))?
            .into_iter()
            .next()
            .map(|d| decision_view(conn, d))
            .transpose()?,
        None => None,
    };
    Ok(ProposalView {
        id: p.id,
        subject_id: p.subject_id,
        subject_name: subject_name.to_owned(),
        matter_label: Matter::parse(&p.matter)
            .map_or("", Matter::label_zh)
            .to_owned(),
        matter: p.matter,
        ask_label: ask_label(conn, &ask)?,
        ask,
        facts: p.facts,
        grounds: p.grounds,
        doc_no: p.doc_no.unwrap_or_default(),
        evidence: evidence_list(&p.evidence),
        proposed_by: officer_name(conn, &p.proposed_by)?,
        proposed_on: p.proposed_on,
        status: p.status,
        notices: match p.notices.as_deref() {
            None | Some("") => Vec::new(),
            Some(t) => serde_json::from_str(t).map_err(|_| damaged())?,
        },
        decision,
    })
}

/// Open proposals per subject: the day each was made and its id (for the dashboard).
pub(crate) fn open_by_subject(
    conn: &Connection,
) -> Result<std::collections::BTreeMap<String, Vec<(NaiveDate, String)>>> {
    let mut out: std::collections::BTreeMap<String, Vec<(NaiveDate, String)>> = Default::default();
    for p in rows::<StoredProposal>(conn, Entity::Proposal, None)? {
        if p.status != "proposed" {
            continue;
        }
        let on = p.proposed_on.parse().map_err(|_| damaged())?;
        out.entry(p.subject_id).or_default().push((on, p.id));
    }
    Ok(out)
}

/// Per subject, its latest approved change of residence: the day it was decided and the day
/// the subject reports at the new place by (for the dashboard).
pub(crate) fn transfers(
    conn: &Connection,
    book: &dossier_core::rules::RuleBook,
) -> Result<std::collections::BTreeMap<String, (NaiveDate, NaiveDate)>> {
    let decisions: std::collections::BTreeMap<String, StoredDecision> =
        rows::<StoredDecision>(conn, Entity::Decision, None)?
            .into_iter()
            .map(|d| (d.id.clone(), d))
            .collect();
    let mut out = std::collections::BTreeMap::new();
    for p in rows::<StoredProposal>(conn, Entity::Proposal, None)? {
        if p.matter != Matter::Transfer.as_str() || p.status != "approved" {
            continue;
        }
        let Some(d) = p.decision_id.as_ref().and_then(|id| decisions.get(id)) else {
            continue;
        };
        let decided: NaiveDate = d.decided_on.parse().map_err(|_| damaged())?;
        let by = dossier_core::deadline::residence_report_by(decided, book.in_force(decided));
        let slot = out.entry(p.subject_id).or_insert((decided, by));
        if decided > slot.0 {
            *slot = (decided, by);
        }
    }
    Ok(out)
}

/// Subjects with an approved 警告 or a graver sanction (see `facts::Context`).
pub(crate) fn non_compliant(conn: &Connection) -> Result<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    for p in rows::<StoredProposal>(conn, Entity::Proposal, None)? {
        if p.matter != Matter::Sanction.as_str() || p.status != "approved" {
            continue;
        }
        let ask: ProposalInput =
            serde_json::from_str(p.ask.as_deref().unwrap_or("{}")).map_err(|_| damaged())?;
        if ask
            .step
            .as_deref()
            .and_then(Step::parse)
            .is_some_and(|s| s >= Step::Warning)
        {
            out.insert(p.subject_id);
        }
    }
    Ok(out)
}

/// How many approved sanctions of each step a subject has: what the level rules count.
pub(crate) fn sanctions_decided(conn: &Connection, subject_id: &str) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    for p in rows::<StoredProposal>(conn, Entity::Proposal, Some(("subject_id", subject_id)))? {
        if p.matter != Matter::Sanction.as_str() || p.status != "approved" {
            continue;
        }
        let ask: ProposalInput =
            serde_json::from_str(p.ask.as_deref().unwrap_or("{}")).map_err(|_| damaged())?;
        if let Some(step) = ask.step.as_deref().and_then(Step::parse) {
            steps.push(step);
        }
    }
    Ok(steps)
}

/// Every approved sanction or praise in the archive: whose, which step, and the day it was
/// decided (what the dashboard's charts count per month).
pub(crate) fn decided_steps(conn: &Connection) -> Result<Vec<(String, Step, NaiveDate)>> {
    let decided: std::collections::BTreeMap<String, NaiveDate> =
        rows::<StoredDecision>(conn, Entity::Decision, None)?
            .into_iter()
            .map(|d| Ok((d.id, d.decided_on.parse().map_err(|_| damaged())?)))
            .collect::<Result<_>>()?;
    let mut out = Vec::new();
    for p in rows::<StoredProposal>(conn, Entity::Proposal, None)? {
        if p.matter != Matter::Sanction.as_str() || p.status != "approved" {
            continue;
        }
        let Some(on) = p.decision_id.as_ref().and_then(|id| decided.get(id)) else {
            continue;
        };
        let ask: ProposalInput =
            serde_json::from_str(p.ask.as_deref().unwrap_or("{}")).map_err(|_| damaged())?;
        if let Some(step) = ask.step.as_deref().and_then(Step::parse) {
            out.push((p.subject_id, step, *on));
        }
    }
    Ok(out)
}

impl Session {
    fn check_evidence(&self, evidence: &[String]) -> Result<()> {
        for sha in evidence {
            if query::attachment(self.archive.conn(), sha)?.is_none() {
                return Err(Error::Invalid(format!(
                    "The evidence {}… is not in this archive. Add the file as an attachment first.",
                    sha.get(..12).unwrap_or(sha)
                )));
            }
        }
        Ok(())
    }

    fn stored_proposal(&self, id: &str) -> Result<StoredProposal> {
        rows::<StoredProposal>(self.archive.conn(), Entity::Proposal, Some(("id", id)))?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound("The proposal".into()))
    }

    fn proposal_view(&self, id: &str, subject_name: &str) -> Result<ProposalView> {
        let p = self.stored_proposal(id)?;
        view(self.archive.conn(), p, subject_name)
    }

    /// The op that records a checked proposal about `s` (not yet written): the rules, one
    /// open proposal per matter, evidence that exists.
    pub(crate) fn new_proposal(
        &self,
        s: &SubjectRecord,
        input: &ProposalInput,
        env: &mut Env,
    ) -> Result<Change> {
        let subject_id = s.id.as_str();
        let ask = ask_of(input)?;
        let paper = Paper {
            facts: input.facts.trim().to_owned(),
            grounds: input.grounds.trim().to_owned(),
            doc_no: input.doc_no.trim().to_owned(),
            evidence: input.evidence.clone(),
        };
        self.check_evidence(&paper.evidence)?;
        let today = env.today();
        let conn = self.archive.conn();
        let book = crate::rules::book(conn)?;
        let checked =
            rules::check_proposal(&ask, &paper, &state_of(s)?, today, book.in_force(today))
                .map_err(|e| refused("proposal", e))?;
        let matter = ask.matter();
        let open =
            rows::<StoredProposal>(conn, Entity::Proposal, Some(("subject_id", subject_id)))?
                .into_iter()
                .any(|p| p.matter == matter.as_str() && p.status == "proposed");
        if open {
            return Err(Error::DecisionRefused(format!(
                "The proposal was not recorded: this subject already has an open proposal of {} waiting for a decision. Decide or withdraw that one first.",
                matter.label_zh()
            )));
        }
        let notices: Vec<String> = checked.notices.iter().map(notice_zh).collect();
        let id = env.new_id();
        let ask_json = serde_json::to_string(&ask_fields(input))
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Change {
            op_id: env.new_id(),
            entity: Entity::Proposal,
            entity_id: id.clone(),
            fields: fields(&[
                ("subject_id", json!(subject_id)),
                ("matter", json!(matter.as_str())),
                ("ask", json!(ask_json)),
                ("facts", json!(paper.facts)),
                ("grounds", json!(paper.grounds)),
                ("doc_no", json!(paper.doc_no)),
                ("evidence", json!(paper.evidence.join(","))),
                ("proposed_by", json!(self.officer.id)),
                ("proposed_on", json!(today.to_string())),
                ("status", json!("proposed")),
                (
                    "notices",
                    json!(serde_json::to_string(&notices).unwrap_or_default()),
                ),
            ]),
        })
    }

    /// Puts a matter forward for the office to decide. Refused with `decision_refused`
    /// when core's rules say no (an ended correction, a step the category does not have,
    /// a positioning too long, …) or when the subject already has an open proposal of this
    /// matter; nothing is written then.
    pub fn propose(
        &mut self,
        subject_id: &str,
        input: ProposalInput,
        env: &mut Env,
    ) -> Result<ProposalView> {
        self.require(Action::EditSubjects, "make proposals")?;
        let s = self.subject_in_scope(subject_id)?;
        let change = self.new_proposal(&s, &input, env)?;
        let id = change.entity_id.clone();
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        self.proposal_view(&id, &s.name)
    }

    /// Records the office's decision on an open proposal, and what an approval changes,
    /// in one write. Office roles only.
    pub fn decide(
        &mut self,
        proposal_id: &str,
        input: DecisionInput,
        env: &mut Env,
    ) -> Result<ProposalView> {
        self.require(
            Action::Decide,
            "decide on proposals (the judicial office decides)",
        )?;
        let p = self.stored_proposal(proposal_id)?;
        let s = self.subject_in_scope(&p.subject_id)?;
        let ask_input: ProposalInput =
            serde_json::from_str(p.ask.as_deref().unwrap_or("{}")).map_err(|_| damaged())?;
        let ask = ask_of(&ask_input).map_err(|_| damaged())?;
        let paper = Paper {
            facts: input.facts.trim().to_owned(),
            grounds: input.grounds.trim().to_owned(),
            doc_no: input.doc_no.trim().to_owned(),
            evidence: input.evidence.clone(),
        };
        self.check_evidence(&paper.evidence)?;
        let today = env.today();
        let book = crate::rules::book(self.archive.conn())?;
        let effect = rules::check_decision(
            &ask,
            &p.status,
            input.approve,
            &paper,
            &state_of(&s)?,
            today,
            book.in_force(today),
        )
        .map_err(|e| refused("decision", e))?;

        let decision_id = env.new_id();
        let outcome = if input.approve {
            "approved"
        } else {
            "rejected"
        };
        let mut changes = Vec::new();
        let mut effects: Vec<String> = Vec::new();
        if let Some((status, on)) = effect.ended {
            let reason = ask_input.end_reason.clone().unwrap_or_default();
            changes.push(Change {
                op_id: env.new_id(),
                entity: Entity::Subject,
                entity_id: s.id.clone(),
                fields: fields(&[
                    ("status", json!(status.as_str())),
                    ("ended_on", json!(on.to_string())),
                    ("end_reason", json!(reason)),
                ]),
            });
            effects.push(format!("矫正于{on}{}", status.label_zh()));
        }
        if let Some((to, report_by)) = &effect.moved_to {
            let name = division_name(self.archive.conn(), to)?;
            changes.push(Change {
                op_id: env.new_id(),
                entity: Entity::Subject,
                entity_id: s.id.clone(),
                fields: fields(&[("jurisdiction", json!(to))]),
            });
            let place = if name.is_empty() { to.clone() } else { name };
            effects.push(format!(
                "档案由{}移交{place}；应于{report_by}前到新执行地报到",
                s.jurisdiction_name
            ));
        }
        if let Some((from, to)) = effect.positioning {
            let kind = crate::record::find_kind("positioning")?;
            let mut data = Map::new();
            data.insert(
                "reason".into(),
                json!(ask_input.positioning_reason.clone().unwrap_or_default()),
            );
            data.insert("approved_by".into(), json!("县级社区矫正机构"));
            data.insert("approved_on".into(), json!(today.to_string()));
            data.insert("from".into(), json!(from.to_string()));
            data.insert("to".into(), json!(to.to_string()));
            data.insert("notes".into(), json!(format!("决定书 {}", paper.doc_no)));
            // Approved ahead of its first day, the record is judged as of that day.
            changes.push(self.new_record(kind, &s, &data, from.max(today), env)?);
            effects.push(format!("电子定位 {from} 至 {to}"));
        }
        changes.push(Change {
            op_id: env.new_id(),
            entity: Entity::Decision,
            entity_id: decision_id.clone(),
            fields: fields(&[
                ("subject_id", json!(s.id)),
                ("proposal_id", json!(p.id)),
                ("outcome", json!(outcome)),
                ("facts", json!(paper.facts)),
                ("grounds", json!(paper.grounds)),
                ("doc_no", json!(paper.doc_no)),
                ("evidence", json!(paper.evidence.join(","))),
                ("decided_by", json!(self.officer.id)),
                ("decided_on", json!(today.to_string())),
                (
                    "effects",
                    json!(serde_json::to_string(&effects).unwrap_or_default()),
                ),
            ]),
        });
        changes.push(Change {
            op_id: env.new_id(),
            entity: Entity::Proposal,
            entity_id: p.id.clone(),
            fields: fields(&[
                ("status", json!(outcome)),
                ("decision_id", json!(decision_id)),
            ]),
        });
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), changes)?;
        self.name_keys = None;
        // Read back without the scope check: a transfer may have moved the file away.
        self.proposal_view(proposal_id, &s.name)
    }

    /// Withdraws an open proposal. Its proposer may; so may the office.
    pub fn withdraw(&mut self, proposal_id: &str, env: &mut Env) -> Result<ProposalView> {
        self.require(Action::EditSubjects, "withdraw proposals")?;
        let p = self.stored_proposal(proposal_id)?;
        let s = self.subject_in_scope(&p.subject_id)?;
        if p.proposed_by != self.officer.id && self.require(Action::Decide, "").is_err() {
            return Err(Error::PermissionDenied(
                "withdraw someone else's proposal (its proposer or the office may)",
            ));
        }
        if p.status != "proposed" {
            return Err(Error::DecisionRefused(format!(
                "The proposal cannot be withdrawn: it was already {}.",
                p.status
            )));
        }
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::Proposal,
            entity_id: p.id.clone(),
            fields: fields(&[("status", json!("withdrawn"))]),
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        self.proposal_view(proposal_id, &s.name)
    }

    /// A subject's proposals, the newest first; or, without a subject, every open
    /// proposal in this site's scope (what waits for the office).
    pub fn proposals(&self, subject_id: Option<&str>) -> Result<Vec<ProposalView>> {
        self.require(Action::ViewSubjects, "view proposals")?;
        let conn = self.archive.conn();
        let mut out = Vec::new();
        match subject_id {
            Some(id) => {
                let s = self.subject_in_scope(id)?;
                for p in rows::<StoredProposal>(conn, Entity::Proposal, Some(("subject_id", id)))? {
                    out.push(view(conn, p, &s.name)?);
                }
            }
            None => {
                for p in rows::<StoredProposal>(conn, Entity::Proposal, None)? {
                    if p.status != "proposed" {
                        continue;
                    }
                    let Ok(s) = self.subject_in_scope(&p.subject_id) else {
                        continue;
                    };
                    out.push(view(conn, p, &s.name)?);
                }
            }
        }
        out.sort_by(|a, b| b.proposed_on.cmp(&a.proposed_on).then(b.id.cmp(&a.id)));
        Ok(out)
    }
}
