-- Dossier archive, schema 9 (issue 7): the audit log. Who viewed, exported, imported,
-- changed, signed in, backed up and restored what, and when. Local-only: never an
-- operation, never in a bundle, never in the digest.
--
-- Append-only and hash-chained: each entry's `hash` is SHA-256 over the previous entry's
-- hash and a canonical encoding of its own columns (see dossier_store::audit), so editing
-- or removing an entry breaks the chain from there on, and `dossier check` names the first
-- broken seq. The triggers refuse UPDATE and DELETE outright; someone with the key could
-- drop them, which is what the chain is for. `detail` holds no personal data: entity kinds,
-- op ids, counts, bundle ids.

CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at_ms      INTEGER NOT NULL,
    officer_id TEXT,
    action     TEXT NOT NULL,
    subject_id TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE INDEX audit_subject ON audit (subject_id) WHERE subject_id IS NOT NULL;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
