-- Dossier archive, schema 7 (issue 5): how many operations each imported bundle carried,
-- for the sync status screen ("last bundle received: number 3, 120 operations"). NULL for
-- bundles imported before this column existed. Local-only like the rest of sync_chain.

ALTER TABLE sync_chain ADD COLUMN op_count INTEGER;
