-- What each import says about its notes' customer context (fields with roles, labels and
-- scales; questions; problems by kind), and every problem row, so the imports list keeps them.
ALTER TABLE imports ADD COLUMN summary jsonb;
ALTER TABLE imports ADD COLUMN problems jsonb;
ALTER TABLE imports ADD COLUMN set_aside integer NOT NULL DEFAULT 0;
