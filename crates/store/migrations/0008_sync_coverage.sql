-- Dossier archive, schema 8 (issue 5): an office sends each village only what its
-- jurisdiction covers. Local-only, like every sync_* table: none of it is in the digest.

-- Per origin device, the highest sequence number up to which this archive holds every
-- operation meant for it: an office's bundle says which ranges it covers, and operations
-- it withheld (other villages' files) inside them are not missing. `oplog::marks` takes the
-- larger of this and the log's own highest sequence number.
CREATE TABLE sync_covered (
    origin TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL
);

-- At an office: the subjects whose whole history has been sent to a device (from bundle
-- `first_seq` of the chain to it on, in every bundle until the device confirms), so a
-- subject transferred in arrives with everything recorded before, below the device's
-- acknowledgement too.
CREATE TABLE sync_shared (
    peer       TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    first_seq  INTEGER NOT NULL,
    confirmed  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (peer, subject_id)
);

-- What each peer says it has imported: per sender, the highest bundle number of that
-- sender's chain. Confirms `sync_shared`.
CREATE TABLE sync_peer_imported (
    peer   TEXT NOT NULL,
    sender TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (peer, sender)
);
