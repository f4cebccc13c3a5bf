//! The audit log as the use cases write and read it.
//!
//! Changes are recorded by the store itself, in the transaction of each write (one entry per
//! write use case, naming its entity kinds and op numbers). This module records what the
//! store cannot see: opening and printing a personal file, exporting and importing bundles, signing in
//! (and the failed attempts counted while the archive was locked), backups and restores; and
//! it reads the log for the audit screen and `dossier audit`, for office roles only
//! (`Action::ReadAudit`: a village worker does not read who looked at what).
//!
//! Deliberately absent: the log is local (not synced, not in the digest), and details never
//! carry personal data — a subject is named by id, and shown with its file number.

use std::collections::BTreeMap;

use dossier_core::officer::Action;
use dossier_store::audit::{self, Action as AuditAction, NewEntry};

use crate::view::{AuditEntryView, SubjectFileView};
use crate::{Env, Result, Session};

impl Session {
    /// Appends one entry by the signed-in officer at `at_ms`.
    pub(crate) fn audit(
        &self,
        at_ms: i64,
        action: AuditAction,
        subject_id: Option<&str>,
        detail: &str,
    ) -> Result<()> {
        audit::append(
            self.archive.conn(),
            &NewEntry {
                at_ms,
                officer_id: Some(&self.officer.id),
                action,
                subject_id,
                detail,
            },
        )?;
        Ok(())
    }

    /// Opens a subject's personal file for reading, and records that it was opened. Hosts
    /// call this when a person asks to see a file; [`Session::subject_file`] is the plain
    /// read for refreshing a file already open.
    pub fn subject_open(&mut self, subject_id: &str, env: &mut Env) -> Result<SubjectFileView> {
        let file = self.subject_file(subject_id)?;
        self.audit(
            env.now_ms(),
            AuditAction::ViewFile,
            Some(subject_id),
            "personal file opened",
        )?;
        Ok(file)
    }

    /// Records that a subject's personal file was printed (the host prints it).
    pub fn subject_printed(&mut self, subject_id: &str, env: &mut Env) -> Result<()> {
        self.require(Action::ViewSubjects, "view subjects")?;
        self.subject_in_scope(subject_id)?;
        self.audit(
            env.now_ms(),
            AuditAction::Print,
            Some(subject_id),
            "personal file printed",
        )
    }

    /// The audit log, oldest first (with `subject`, only entries about that subject).
    /// Office roles only; reading it is itself recorded.
    pub fn audit_log(
        &mut self,
        subject: Option<&str>,
        env: &mut Env,
    ) -> Result<Vec<AuditEntryView>> {
        self.require(Action::ReadAudit, "read the audit log")?;
        let conn = self.archive.conn();
        let entries = audit::entries(conn, subject)?;
        let officers: BTreeMap<String, String> = conn
            .prepare("SELECT id, coalesce(name, '') FROM officers")
            .and_then(|mut st| {
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()
            })
            .map_err(dossier_store::Error::from)?;
        let file_nos: BTreeMap<String, String> = conn
            .prepare("SELECT id, coalesce(file_no, '') FROM subjects")
            .and_then(|mut st| {
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_, _>>()
            })
            .map_err(dossier_store::Error::from)?;
        let views = entries
            .into_iter()
            .map(|e| AuditEntryView {
                seq: e.seq,
                at_ms: e.at_ms,
                at: dossier_core::china_minute(e.at_ms),
                officer_name: e.officer_id.as_ref().and_then(|o| officers.get(o).cloned()),
                officer_id: e.officer_id,
                action: e.action,
                file_no: e
                    .subject_id
                    .as_ref()
                    .and_then(|s| file_nos.get(s).cloned())
                    .filter(|n| !n.is_empty()),
                subject_id: e.subject_id,
                detail: e.detail,
            })
            .collect();
        let what = match subject {
            Some(_) => "audit log of one subject read",
            None => "audit log read",
        };
        self.audit(env.now_ms(), AuditAction::ViewAudit, subject, what)?;
        Ok(views)
    }
}
