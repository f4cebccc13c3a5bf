-- Dossier archive, schema 3 (issue 4): the supervision workflows.
-- `rule_versions`: the office's rules table, one row per version, its id the day it takes
-- effect (YYYY-MM-DD) and `rules` the whole version as JSON text. It is op-logged (not the
-- local-only `settings`) because the office's rules must travel to the villages in bundles.
-- `leaves`: leave (外出) requests with their decision, extension and return.
-- `assessments`: monthly assessments, id `<subject id>/<YYYY-MM>`; `items` is JSON text.
-- `level_changes`: decided changes of management level.
-- `sensitive_periods`: the periods the office sets when the "four ones" are due.
-- "from", "to" and "on" are SQL keywords: the store quotes every column name it builds.

CREATE TABLE rule_versions (
    id      TEXT PRIMARY KEY,
    rules   TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    clock   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE leaves (
    id                     TEXT PRIMARY KEY,
    subject_id             TEXT,
    "from"                 TEXT,
    "to"                   TEXT,
    days                   INTEGER,
    destination_code       TEXT,
    destination_detail     TEXT,
    reason                 TEXT,
    contact                TEXT,
    applied_on             TEXT,
    approver_level         TEXT,
    status                 TEXT,
    decided_by             TEXT,
    decided_on             TEXT,
    decision_opinion       TEXT,
    returned_on            TEXT,
    extension_to           TEXT,
    extension_requested_on TEXT,
    extension_reason       TEXT,
    extension_status       TEXT,
    overdue_days           INTEGER,
    violation              INTEGER,
    warnings               TEXT,
    deleted                INTEGER NOT NULL DEFAULT 0,
    clock                  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX leaves_by_subject ON leaves (subject_id);

CREATE TABLE assessments (
    id             TEXT PRIMARY KEY,
    subject_id     TEXT,
    month          TEXT,
    items          TEXT,
    points         INTEGER,
    grade          TEXT,
    proposal       TEXT,
    assessor       TEXT,
    assessed_on    TEXT,
    office_opinion TEXT,
    deleted        INTEGER NOT NULL DEFAULT 0,
    clock          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX assessments_by_subject ON assessments (subject_id, month);

CREATE TABLE level_changes (
    id                 TEXT PRIMARY KEY,
    subject_id         TEXT,
    "on"               TEXT,
    from_level         TEXT,
    to_level           TEXT,
    reason             TEXT,
    decided_by         TEXT,
    against_suggestion INTEGER,
    deleted            INTEGER NOT NULL DEFAULT 0,
    clock              TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX level_changes_by_subject ON level_changes (subject_id);

CREATE TABLE sensitive_periods (
    id      TEXT PRIMARY KEY,
    name    TEXT,
    "from"  TEXT,
    "to"    TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    clock   TEXT NOT NULL DEFAULT '{}'
);
