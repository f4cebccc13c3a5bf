-- Dossier archive: sync state (issue 5). Every table here is local-only: never part of the
-- digest, never carried as operations. What an archive knows about bundles it exchanged,
-- the devices it trusts, and this device's own keys.
--
-- sync_keys: this device's Ed25519 signing key and age (X25519) secret, as the sync crate's
--   secret text. It lives only here, inside the SQLCipher file.
-- sync_trust: the office this archive answers to: its device id, its Ed25519 public key (hex)
--   and its certificate (a signed file). At an office, the office itself.
-- sync_held: operations beyond a gap in their origin's sequence, waiting outside the log.
-- sync_chain: per sender, the manifests of the bundles imported from it (replays and forks).
-- sync_sent: per recipient, our own chain of bundles made for it.
-- sync_peer_ack: per peer, the acknowledgement vector it last sent us.
-- sync_certificates / sync_revocations: the office's signed files this archive knows.
-- sync_conflicts: two edits of one field from one base; resolved_by names the op that
--   settled it (NULL while it waits in the queue).
-- sync_flags: operations imported with a remark (a clock far in the future).

CREATE TABLE sync_keys (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id TEXT NOT NULL,
    secret    TEXT NOT NULL,
    made_at   INTEGER NOT NULL
);

CREATE TABLE sync_trust (
    singleton          INTEGER PRIMARY KEY CHECK (singleton = 1),
    office_device_id   TEXT NOT NULL,
    office_key         TEXT NOT NULL,
    office_certificate TEXT NOT NULL,
    accepted_at        INTEGER NOT NULL
);

CREATE TABLE sync_held (
    op_id      TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL,
    device_seq INTEGER NOT NULL,
    body       TEXT NOT NULL,
    bundle_id  TEXT NOT NULL,
    UNIQUE (device_id, device_seq)
);

CREATE TABLE sync_chain (
    sender             TEXT NOT NULL,
    seq                INTEGER NOT NULL,
    manifest_hash      TEXT NOT NULL,
    prev_manifest_hash TEXT,
    bundle_id          TEXT NOT NULL,
    imported_at        INTEGER NOT NULL,
    PRIMARY KEY (sender, seq)
);

CREATE TABLE sync_sent (
    recipient     TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    manifest_hash TEXT NOT NULL,
    bundle_id     TEXT NOT NULL,
    op_count      INTEGER NOT NULL,
    made_at       INTEGER NOT NULL,
    PRIMARY KEY (recipient, seq)
);

CREATE TABLE sync_peer_ack (
    peer   TEXT NOT NULL,
    origin TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (peer, origin)
);

CREATE TABLE sync_certificates (
    device_id TEXT NOT NULL,
    serial    INTEGER NOT NULL,
    file      TEXT NOT NULL,
    PRIMARY KEY (device_id, serial)
);

CREATE TABLE sync_revocations (
    device_id TEXT NOT NULL,
    serial    INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    file      TEXT NOT NULL,
    PRIMARY KEY (device_id, serial)
);

CREATE TABLE sync_conflicts (
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    winner      TEXT NOT NULL,
    loser       TEXT NOT NULL,
    resolved_by TEXT,
    PRIMARY KEY (entity, entity_id, field, winner, loser)
);

CREATE TABLE sync_flags (
    op_id     TEXT NOT NULL,
    flag      TEXT NOT NULL,
    bundle_id TEXT NOT NULL,
    PRIMARY KEY (op_id, flag)
);
