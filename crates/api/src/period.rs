//! Sensitive periods (敏感时期: national meetings, holidays) that the office sets, during
//! which every subject in correction is due the "four ones" (四个一): a community visit, a
//! home visit, a face-to-face talk and psychological counselling.
//!
//! Each period is an op-logged `sensitive_period` entity, so the office's list travels to its
//! villages like the rules. What is due within a period is core's `due`; which records count
//! (any visit, by its place; any talk, and a talk marked counselling for counselling) is
//! decided in `due` here. Deliberately absent: editing or deleting a period.

use chrono::NaiveDate;
use dossier_core::due::SensitivePeriod;
use dossier_core::officer::Action;
use dossier_core::op::Entity;
use dossier_store::Change;
use dossier_store::query;
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::archive::fields;
use crate::view::SensitivePeriodView;
use crate::{Env, Error, Result, Session};

/// Every stored period, as (id, core period), the earliest first.
pub(crate) fn stored(conn: &Connection) -> Result<Vec<(String, SensitivePeriod)>> {
    let damaged = || Error::Damaged("a stored sensitive period is unreadable".into());
    let mut out = Vec::new();
    for m in query::entity_rows(conn, Entity::SensitivePeriod, None)? {
        let text = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
        let day = |k: &str| -> Result<NaiveDate> {
            text(k).and_then(|d| d.parse().ok()).ok_or_else(damaged)
        };
        out.push((
            text("id").ok_or_else(damaged)?,
            SensitivePeriod {
                name: text("name").unwrap_or_default(),
                from: day("from")?,
                to: day("to")?,
            },
        ));
    }
    out.sort_by(|a, b| (a.1.from, &a.0).cmp(&(b.1.from, &b.0)));
    Ok(out)
}

fn view((id, p): (String, SensitivePeriod)) -> SensitivePeriodView {
    SensitivePeriodView {
        id,
        name: p.name,
        from: p.from.to_string(),
        to: p.to.to_string(),
    }
}

impl Session {
    /// The office's sensitive periods, the earliest first.
    pub fn sensitive_periods(&self) -> Result<Vec<SensitivePeriodView>> {
        self.require(Action::ViewSubjects, "view sensitive periods")?;
        Ok(stored(self.archive.conn())?.into_iter().map(view).collect())
    }

    /// Sets a sensitive period (office roles only), both days included.
    pub fn sensitive_period_add(
        &mut self,
        name: &str,
        from: NaiveDate,
        to: NaiveDate,
        env: &mut Env,
    ) -> Result<SensitivePeriodView> {
        self.require(
            Action::Decide,
            "set sensitive periods (the judicial office sets them)",
        )?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 50 {
            return Err(Error::Invalid(
                "Name the sensitive period in 1 to 50 characters (e.g. 国庆).".into(),
            ));
        }
        if to < from {
            return Err(Error::Invalid(format!(
                "The period ends ({to}) before it starts ({from}); check the dates."
            )));
        }
        if (to - from).num_days() > 92 {
            return Err(Error::Invalid(
                "A sensitive period lasts at most three months; split a longer one.".into(),
            ));
        }
        let id = env.new_id();
        let change = Change {
            op_id: env.new_id(),
            entity: Entity::SensitivePeriod,
            entity_id: id.clone(),
            fields: fields(&[
                ("name", json!(name)),
                ("from", json!(from.to_string())),
                ("to", json!(to.to_string())),
            ]),
        };
        let now = env.now_ms();
        let officer = self.officer.id.clone();
        dossier_store::oplog::write(self.archive.conn_mut(), now, Some(&officer), vec![change])?;
        Ok(view((
            id,
            SensitivePeriod {
                name: name.to_owned(),
                from,
                to,
            },
        )))
    }
}
