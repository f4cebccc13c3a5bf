-- Dossier archive, schema 1.
-- Local-only tables (never synced, never in the digest): local_device, settings.
-- Every other table but `ops` is a projection of the op log: its `clock` column maps each
-- field to the order key of the operation whose value it holds.

CREATE TABLE local_device (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    archive_id TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    site_id    TEXT NOT NULL,
    next_seq   INTEGER NOT NULL,
    hlc        TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE ops (
    op_id          TEXT PRIMARY KEY,
    device_id      TEXT NOT NULL,
    device_seq     INTEGER NOT NULL,
    hlc            TEXT NOT NULL,
    user_id        TEXT,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    base           TEXT,
    fields         TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    UNIQUE (device_id, device_seq)
);
CREATE INDEX ops_by_entity ON ops (entity, entity_id);

CREATE TABLE jurisdictions (
    id      TEXT PRIMARY KEY,
    name    TEXT,
    parent  TEXT,
    level   TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    clock   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE sites (
    id           TEXT PRIMARY KEY,
    name         TEXT,
    role         TEXT,
    jurisdiction TEXT,
    deleted      INTEGER NOT NULL DEFAULT 0,
    clock        TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE devices (
    id      TEXT PRIMARY KEY,
    site_id TEXT,
    name    TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    clock   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE officers (
    id      TEXT PRIMARY KEY,
    name    TEXT,
    role    TEXT,
    site_id TEXT,
    active  INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    clock   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE subjects (
    id                TEXT PRIMARY KEY,
    file_no           TEXT,
    name              TEXT,
    sex               TEXT,
    birth_date        TEXT,
    id_number         TEXT,
    ethnicity         TEXT,
    education         TEXT,
    marital_status    TEXT,
    phone             TEXT,
    household_address TEXT,
    residence_address TEXT,
    jurisdiction      TEXT,
    category          TEXT,
    crime             TEXT,
    original_sentence TEXT,
    correction_start  TEXT,
    correction_end    TEXT,
    status            TEXT,
    deleted           INTEGER NOT NULL DEFAULT 0,
    clock             TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX subjects_by_jurisdiction ON subjects (jurisdiction);
CREATE INDEX subjects_by_id_number ON subjects (id_number);
