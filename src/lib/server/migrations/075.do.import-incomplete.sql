-- An import whose first notes were stored but whose later notes were not, and which could not be
-- taken off again at once (storage failed). The room takes its notes off and deletes it the next
-- time it loads the board, so no import is ever left half on a board.
ALTER TABLE imports ADD COLUMN incomplete boolean NOT NULL DEFAULT false;
