//! Finding subjects by what people type: a name or part of it, its pinyin or initials, an
//! ID-number fragment or a file number.
//!
//! The matching rules live in `dossier_core::search`; this module keeps, per session, the
//! search keys of every subject in scope (built on the first search, dropped on any write to
//! a subject), ranks the matches and cuts the list. Deliberately not here: an index in the
//! database (a street or county fits in memory, and names never leave the encrypted file).

use dossier_core::officer::Action;
use dossier_core::search as keys;

use crate::facts;
use crate::view::{SearchHit, SubjectRow};
use crate::{Result, Session};

/// At most this many hits are returned.
pub const MAX_HITS: usize = 50;

/// One subject in scope with its search keys.
#[derive(Debug)]
struct Entry {
    row: SubjectRow,
    keys: keys::NameKeys,
}

/// The search keys of every subject in scope, as of when they were built.
#[derive(Debug)]
pub(crate) struct KeyCache {
    entries: Vec<Entry>,
}

/// How a match ranks: lower is better.
fn rank(matched: keys::Matched) -> u8 {
    use keys::Matched;
    match matched {
        Matched::Name => 0,
        Matched::Initials => 1,
        Matched::Pinyin => 2,
        Matched::IdNumber => 3,
        Matched::FileNo => 4,
    }
}

impl Session {
    /// Subjects in scope matching `text`, best first (name, initials, pinyin, ID number, file
    /// number; then by name), at most [`MAX_HITS`].
    pub fn search(&mut self, text: &str) -> Result<Vec<SearchHit>> {
        self.require(Action::ViewSubjects, "view subjects")?;
        let Some(q) = keys::Query::parse(text) else {
            return Ok(Vec::new());
        };
        if self.name_keys.is_none() {
            let today = self.today;
            let away = facts::away(self.archive.conn(), today)?;
            let ctx = facts::context(self.archive.conn(), today)?;
            let entries = self
                .visible_subjects(today)?
                .into_iter()
                .map(|r| {
                    let keys = keys::NameKeys::of(&r.name);
                    Entry {
                        row: {
                            let on_leave = away.contains(&r.id);
                            facts::row(r, today, on_leave, &ctx)
                        },
                        keys,
                    }
                })
                .collect();
            self.name_keys = Some(KeyCache { entries });
        }
        let cache = self.name_keys.as_ref().expect("built above");
        let mut hits: Vec<(u8, &Entry, &'static str)> = cache
            .entries
            .iter()
            .filter_map(|e| {
                keys::matches(&q, &e.row.name, &e.keys, &e.row.id_number, &e.row.file_no)
                    .map(|m| (rank(m), e, m.as_str()))
            })
            .collect();
        hits.sort_by(|a, b| {
            (a.0, &a.1.row.name, &a.1.row.id).cmp(&(b.0, &b.1.row.name, &b.1.row.id))
        });
        Ok(hits
            .into_iter()
            .take(MAX_HITS)
            .map(|(_, e, m)| SearchHit {
                subject: e.row.clone(),
                matched: m.to_owned(),
            })
            .collect())
    }
}
