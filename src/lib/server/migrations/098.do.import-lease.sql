-- An import being written into its board holds a lease: until when the process writing it has
-- last promised to finish or renew it (NULL once every note is stored). A process killed mid-import
-- renews nothing; once the lease has run out, the room takes the part that was stored off the
-- board and deletes the import, or, when every note is there, only clears the lease.
ALTER TABLE imports ADD COLUMN importing_until timestamptz;
