//! Sealed files: who sees the file of a subject under 18, whose identity the law keeps
//! confidential (Art 54; DOMAIN.md "Privacy").
//!
//! One rule decides, [`may_see_minor`]: office staff and administrators always, village
//! workers only when the office's rules say so (`privacy.villages_see_minors`, false by
//! default). A file sealed from an officer is left out of what they list (roster, search,
//! dashboard, leaves, ledgers), refused when asked for by id ([`Error::Sealed`]), and not
//! sent to a village device at all ([`withheld`]). Where a minor's file is shown, it is
//! marked. Counts (charts, statistics) include minors, since a count names no one; the roster
//! says how many files are sealed so a worker knows they exist.
//!
//! A minor is someone under 18 on the day asked about (the session's day, or a ledger's
//! as-of day), so a file opens to villages on the person's 18th birthday. Deliberately
//! absent: the sealing of a juvenile's criminal record after the correction (CPL 286), which
//! is for the courts and the police, not for this archive.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use dossier_core::officer::Role;
use dossier_core::rules::PrivacyRules;
use dossier_store::query::{self, SubjectRecord};
use rusqlite::Connection;

use crate::report::age_on;
use crate::{Error, Result, Session};

/// Whether an officer of `role` sees minors' files under `rules`.
pub fn may_see_minor(role: Role, rules: &PrivacyRules) -> bool {
    matches!(role, Role::OfficeStaff | Role::OfficeAdmin) || rules.villages_see_minors
}

/// Whether the person born on `birth_date` is under 18 on `day` (an unreadable date is not).
pub(crate) fn is_minor(birth_date: &str, day: NaiveDate) -> bool {
    age_on(birth_date, day).is_some_and(|a| a < 18)
}

/// Which files are sealed from one officer on one day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seal {
    day: NaiveDate,
    sees_minors: bool,
}

impl Seal {
    pub(crate) fn hides(&self, r: &SubjectRecord) -> bool {
        !self.sees_minors && is_minor(&r.birth_date, self.day)
    }

    /// The subject, or the refusal to show a sealed file.
    pub(crate) fn check(&self, r: SubjectRecord) -> Result<SubjectRecord> {
        if self.hides(&r) {
            return Err(Error::Sealed);
        }
        Ok(r)
    }
}

/// The rules in force on `day` about minors.
fn privacy(conn: &Connection, day: NaiveDate) -> Result<PrivacyRules> {
    Ok(crate::rules::book(conn)?.in_force(day).privacy.clone())
}

/// The minors on `day` that an office withholds from every village device (none when its
/// rules let villages see minors). Archive-wide, not only inside the device's prefix: a
/// minor moved out of a village must not reach it as one who "left" (whose moves are sent).
pub(crate) fn withheld(conn: &Connection, day: NaiveDate) -> Result<BTreeSet<String>> {
    if may_see_minor(Role::VillageWorker, &privacy(conn, day)?) {
        return Ok(BTreeSet::new());
    }
    Ok(query::subjects(conn, "")?
        .into_iter()
        .filter(|r| is_minor(&r.birth_date, day))
        .map(|r| r.id)
        .collect())
}

impl Session {
    /// What is sealed from this officer on `day`.
    pub(crate) fn seal_on(&self, day: NaiveDate) -> Result<Seal> {
        Ok(Seal {
            day,
            sees_minors: may_see_minor(self.role, &privacy(self.archive.conn(), day)?),
        })
    }

    /// What is sealed from this officer today.
    pub(crate) fn seal(&self) -> Result<Seal> {
        self.seal_on(self.today)
    }

    /// The subjects in this officer's scope whose files are not sealed from them on `day`:
    /// what lists show.
    pub(crate) fn visible_subjects(&self, day: NaiveDate) -> Result<Vec<SubjectRecord>> {
        let seal = self.seal_on(day)?;
        let mut all = query::subjects(self.archive.conn(), self.scope())?;
        all.retain(|r| !seal.hides(r));
        Ok(all)
    }

    /// How many files in this officer's scope are sealed from them (the roster says so).
    pub fn sealed_count(&self) -> Result<usize> {
        self.require(dossier_core::officer::Action::ViewSubjects, "view subjects")?;
        let seal = self.seal()?;
        Ok(query::subjects(self.archive.conn(), self.scope())?
            .iter()
            .filter(|r| seal.hides(r))
            .count())
    }
}
