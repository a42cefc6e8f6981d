-- What the board's readers need to know of an import (its mapping: which column became which
-- field, with roles and scales). It was kept in the board document before version 2; the
-- document now holds only the notes.
ALTER TABLE imports ADD COLUMN record jsonb;
