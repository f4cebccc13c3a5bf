-- Dossier archive, schema 2 (issue 3): the rest of a subject's basic information, records
-- (file sections and daily work), attachment descriptions, and the local blob store.
-- `records.data` holds a record's own fields as canonical JSON (keys sorted); each key is
-- merged from the op log's `d.<name>` fields one at a time, with its own clock entry.
-- `blobs` is local content: attachment bytes addressed by their SHA-256. It lives inside the
-- SQLCipher file, so the bytes are encrypted like everything else.

ALTER TABLE subjects ADD COLUMN photo TEXT;
ALTER TABLE subjects ADD COLUMN judgment_date TEXT;
ALTER TABLE subjects ADD COLUMN papers_received TEXT;
ALTER TABLE subjects ADD COLUMN reported_on TEXT;
ALTER TABLE subjects ADD COLUMN management_level TEXT;
ALTER TABLE subjects ADD COLUMN key_override TEXT;
ALTER TABLE subjects ADD COLUMN key_override_reason TEXT;

CREATE TABLE records (
    id         TEXT PRIMARY KEY,
    subject_id TEXT,
    kind       TEXT,
    date       TEXT,
    data       TEXT NOT NULL DEFAULT '{}',
    deleted    INTEGER NOT NULL DEFAULT 0,
    clock      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX records_by_subject ON records (subject_id, kind);
CREATE INDEX records_by_kind_date ON records (kind, date);

CREATE TABLE attachments (
    id      TEXT PRIMARY KEY,
    mime    TEXT,
    size    INTEGER,
    name    TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    clock   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
);
