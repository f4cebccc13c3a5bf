//! The office's rules table in the archive: reading the versions into a core `RuleBook`,
//! and setting a new version.
//!
//! Each version is an op-logged `rule_version` entity whose id is the day it takes effect
//! and whose `rules` field holds the whole version as JSON text. It is synced data, not the
//! local-only `settings` table, because the rules the office sets must travel to its villages
//! in bundles and judge their leaves and reminders the same way. One entity per version (not
//! one document for the book) keeps versions append-only: a new version never rewrites an
//! old one, and two devices setting different days never conflict. Deliberately absent: the
//! rules themselves and their validation (core's `rules`).

use chrono::NaiveDate;
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_core::rules::{RuleBook, RuleVersion, Rules};
use dossier_store::Change;
use dossier_store::query;
use rusqlite::Connection;
use serde_json::json;

use crate::archive::fields;
use crate::{Env, Error, Result, Session};

/// Every stored version, as a validated book (the defaults when there is none).
pub(crate) fn book(conn: &Connection) -> Result<RuleBook> {
    let mut versions = Vec::new();
    for row in query::entity_rows(conn, Entity::RuleVersion, None)? {
        let damaged = || Error::Damaged("a stored version of the rules is unreadable".into());
        let day = row.get("id").and_then(|v| v.as_str()).ok_or_else(damaged)?;
        let effective_from: NaiveDate = day.parse().map_err(|_| damaged())?;
        let text = row
            .get("rules")
            .and_then(|v| v.as_str())
            .ok_or_else(damaged)?;
        let rules: Rules = serde_json::from_str(text).map_err(|_| damaged())?;
        versions.push(RuleVersion {
            effective_from,
            rules,
        });
    }
    RuleBook::new(versions)
        .map_err(|e| Error::Damaged(format!("the stored rules are inconsistent ({e})")))
}

impl Session {
    /// The rules table: every version the office has set (the defaults before the first).
    pub fn rules(&self) -> Result<RuleBook> {
        self.require(Action::ViewSubjects, "view the rules")?;
        book(self.archive.conn())
    }

    /// Sets a version of the rules, in force from `effective_from` (today or later) until
    /// the next version. Only the office administrator may. `rules_json` is a JSON object
    /// of the rules (sections left out take their defaults), checked by core.
    pub fn rules_set(
        &mut self,
        effective_from: NaiveDate,
        rules_json: &str,
        env: &mut Env,
    ) -> Result<RuleBook> {
        self.require(
            Action::EditRules,
            "change the rules (only the office administrator may)",
        )?;
        let rules: Rules = serde_json::from_str(rules_json).map_err(|e| {
            let what = if e.is_syntax() || e.is_eof() {
                "is not valid JSON"
            } else {
                "does not describe the rules"
            };
            Error::Invalid(format!(
                "The rules were not changed: the rules file {what}: {e}. `dossier rules show --json` prints a valid one to start from."
            ))
        })?;
        let today = env.today();
        if effective_from < today {
            return Err(Error::Invalid(format!(
                "The rules were not changed: a version cannot take effect in the past ({effective_from}, today is {today}), because events already judged would be judged again. Choose today or a later day."
            )));
        }
        let mut book = book(self.archive.conn())?;
        book.add(RuleVersion {
            effective_from,
            rules: rules.clone(),
        })
        .map_err(|e| {
            Error::Invalid(format!(
                "The rules were not changed: {e}. Fix the file (or choose another day) and try again."
            ))
        })?;
        let text = serde_json::to_string(&rules)
            .map_err(|e| Error::Internal(format!("rules do not serialise: {e}")))?;
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::RuleVersion,
            entity_id: effective_from.to_string(),
            fields: fields(&[("rules", json!(text))]),
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        Ok(book)
    }
}
