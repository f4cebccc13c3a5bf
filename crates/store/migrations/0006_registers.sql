-- Dossier archive: registers (台账) about no one subject (issue 4, item 5): correction staff,
-- volunteers, trainings and meetings. One table for every kind, like `records`: `kind` names
-- the register (dossier_core::register), `jurisdiction` the site that keeps the entry (what
-- sync scopes it by), `date` the kind's date field (term start, training or meeting day),
-- and `data` the entry's own fields as canonical JSON (keys sorted), merged from the op
-- log's `d.<name>` fields one at a time, each with its own clock entry.

CREATE TABLE register_entries (
    id           TEXT PRIMARY KEY,
    jurisdiction TEXT,
    kind         TEXT,
    date         TEXT,
    data         TEXT NOT NULL DEFAULT '{}',
    deleted      INTEGER NOT NULL DEFAULT 0,
    clock        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX register_entries_by_kind_date ON register_entries (kind, date);
