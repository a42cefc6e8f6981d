-- Version 2 of the board document (notes as immutable values, placements, no controls or votes in
-- the document). Boards stored before it are migrated when first loaded: `schema_version` says
-- whether that happened, `doc_epoch` changes with it (a browser's offline copy of the old
-- document must never merge into the new one), and the controls and votes the old document held
-- are kept here until the server's own tables hold them.
ALTER TABLE boards ADD COLUMN schema_version integer NOT NULL DEFAULT 1;
ALTER TABLE boards ADD COLUMN doc_epoch integer NOT NULL DEFAULT 1;
ALTER TABLE boards ADD COLUMN legacy_controls jsonb;
ALTER TABLE boards ADD COLUMN legacy_votes jsonb;
-- Boards made from here on are made at version 2.
ALTER TABLE boards ALTER COLUMN schema_version SET DEFAULT 2;
