-- Rankings: the order a model put the studies of a stage in, so every
-- decision (decision.ranking_id, decision.position) can say what order it
-- was shown from. A ranking is derived data: it can be rebuilt from the
-- decisions and resolutions up to its watermarks with the same model,
-- parameters and seed.
CREATE TABLE ranking (
	id                INTEGER PRIMARY KEY,
	stage             TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
	reviewer          TEXT NOT NULL DEFAULT '', -- whose decisions it learnt from ('' = resolutions only)
	model             TEXT NOT NULL,            -- nb|logistic|svm
	params            TEXT NOT NULL DEFAULT '{}', -- JSON
	seed              INTEGER NOT NULL DEFAULT 0,
	trained_included  INTEGER NOT NULL,
	trained_excluded  INTEGER NOT NULL,
	decision_through  INTEGER NOT NULL DEFAULT 0, -- highest decision id it learnt from
	resolution_through INTEGER NOT NULL DEFAULT 0, -- highest resolution id it learnt from
	ranked            INTEGER NOT NULL,         -- studies ranked
	study_order       BLOB NOT NULL,            -- study ids, best first, as uvarints (at most the first `kept`)
	kept              INTEGER NOT NULL,
	created_at        TEXT NOT NULL
);
CREATE INDEX ranking_stage ON ranking(stage, reviewer, id);
