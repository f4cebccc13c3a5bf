-- Dossier archive, schema 5 (issue 4): proposals and the office's decisions on them.
-- `proposals`: what a village or the office puts forward about a subject (a sanction, a
--   change of residence, positioning, an injunction entry, the ending). `ask` is the
--   matter's own part as JSON text; `evidence` a comma-separated list of attachment hashes;
--   `status` proposed | approved | rejected | withdrawn; `notices` JSON text.
-- `decisions`: the office's decision on one proposal, its own record with facts, grounds,
--   document number and evidence; `effects` (JSON text) says what it changed.
-- `subjects.ended_on`, `subjects.end_reason`: how the correction ended (解除/终止).

CREATE TABLE proposals (
    id          TEXT PRIMARY KEY,
    subject_id  TEXT,
    matter      TEXT,
    ask         TEXT,
    facts       TEXT,
    grounds     TEXT,
    doc_no      TEXT,
    evidence    TEXT,
    proposed_by TEXT,
    proposed_on TEXT,
    status      TEXT,
    notices     TEXT,
    decision_id TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    clock       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX proposals_by_subject ON proposals (subject_id);

CREATE TABLE decisions (
    id          TEXT PRIMARY KEY,
    subject_id  TEXT,
    proposal_id TEXT,
    outcome     TEXT,
    facts       TEXT,
    grounds     TEXT,
    doc_no      TEXT,
    evidence    TEXT,
    decided_by  TEXT,
    decided_on  TEXT,
    effects     TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    clock       TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX decisions_by_subject ON decisions (subject_id);

ALTER TABLE subjects ADD COLUMN ended_on TEXT;
ALTER TABLE subjects ADD COLUMN end_reason TEXT;
