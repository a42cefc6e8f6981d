-- A client id can be claimed for presence by a tab that never writes to the document (a viewer's,
-- or one that only looked). Such rows are marked, so that those older than a day whose tab never
-- wrote can be removed when the board is next loaded instead of piling up with every tab that joined.
ALTER TABLE board_clients ADD COLUMN presence_only boolean NOT NULL DEFAULT false;
