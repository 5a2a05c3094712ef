-- A resolution row with void = 1 takes an automatic resolution back (the
-- decisions it rested on changed); the study is unresolved again.
ALTER TABLE resolution ADD COLUMN void INTEGER NOT NULL DEFAULT 0;

-- Explicit allocation: when a stage has any rows here, a reviewer's queue
-- holds only the studies allocated to them.
CREATE TABLE allocation (
	study_id INTEGER NOT NULL,
	stage    TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
	reviewer TEXT NOT NULL,
	PRIMARY KEY (stage, reviewer, study_id)
);
