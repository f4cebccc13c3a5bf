//! Finding subjects by what people type: a name or part of it, its pinyin or initials, an
//! ID-number fragment or a file number.
//!
//! The matching rules live in `dossier_core::search`; this module keeps, per session, the
//! search keys of every subject in scope (built on the first search, dropped on any write to
//! a subject), ranks the matches and cuts the list. Deliberately not here: an index in the
//! database (a street or county fits in memory, and names never leave the encrypted file).

use dossier_core::officer::Action;
use dossier_store::query;

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
fn rank(matched: &str) -> u8 {
    match matched {
        "name" => 0,
        "initials" => 1,
        "pinyin" => 2,
        "id_number" => 3,
        "file_no" => 4,
        _ => 5,
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
            let entries = query::subjects(self.archive.conn(), self.scope())?
                .into_iter()
                .map(|r| {
                    let keys = keys::NameKeys::of(&r.name);
                    Entry {
                        row: facts::row(r, today),
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
                    .map(|m| (rank(m), e, m))
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

/// Stand-in for `dossier_core::search` until it is merged: plain substring matching on the
/// name, ID number and file number.
mod keys {
    #[derive(Debug)]
    pub struct NameKeys;

    impl NameKeys {
        pub fn of(_name: &str) -> NameKeys {
            NameKeys
        }
    }

    pub struct Query(String);

    impl Query {
        pub fn parse(text: &str) -> Option<Query> {
            let t = text.trim();
            (!t.is_empty()).then(|| Query(t.to_uppercase()))
        }
    }

    pub fn matches(
        q: &Query,
        name: &str,
        _keys: &NameKeys,
        id_number: &str,
        file_no: &str,
    ) -> Option<&'static str> {
        if name.contains(&q.0) {
            Some("name")
        } else if q.0.len() >= 4 && id_number.contains(&q.0) {
            Some("id_number")
        } else if q.0.len() >= 4 && file_no.contains(&q.0) {
            Some("file_no")
        } else {
            None
        }
    }
}
