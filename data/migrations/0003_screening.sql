-- Screening: decisions are appended events; the latest event per study,
-- reviewer and stage counts ('retract' means the reviewer took it back).
CREATE TABLE decision (
	id         INTEGER PRIMARY KEY,
	study_id   INTEGER NOT NULL,
	reviewer   TEXT NOT NULL,
	stage      TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
	verdict    TEXT NOT NULL CHECK (verdict IN ('include', 'exclude', 'maybe', 'retract')),
	reason     TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	shown_by   TEXT NOT NULL DEFAULT '', -- file|random|priority|query|import|scripted
	ranking_id INTEGER,                  -- the ranking the study was shown from
	position   INTEGER,                  -- its place in that order
	decided_at TEXT NOT NULL
);
CREATE INDEX decision_current ON decision(study_id, stage, reviewer, id);
CREATE INDEX decision_reviewer ON decision(reviewer, stage);

-- Resolutions: the final verdict of a study at a stage; append-only, the
-- latest per study and stage counts.
CREATE TABLE resolution (
	id          INTEGER PRIMARY KEY,
	study_id    INTEGER NOT NULL,
	stage       TEXT NOT NULL CHECK (stage IN ('ta', 'ft')),
	verdict     TEXT NOT NULL CHECK (verdict IN ('include', 'exclude')),
	method      TEXT NOT NULL CHECK (method IN ('agreement', 'consensus', 'third-reviewer', 'single')),
	resolver    TEXT NOT NULL DEFAULT '',
	reason      TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	resolved_at TEXT NOT NULL
);
CREATE INDEX resolution_current ON resolution(study_id, stage, id);

-- Full texts: attached files or pages, and "sought but not retrieved".
CREATE TABLE fulltext (
	id          INTEGER PRIMARY KEY,
	study_id    INTEGER NOT NULL,
	path        TEXT NOT NULL DEFAULT '',
	sha256      TEXT NOT NULL DEFAULT '',
	missing     INTEGER NOT NULL DEFAULT 0,
	note        TEXT NOT NULL DEFAULT '',
	added_by    TEXT NOT NULL DEFAULT '',
	added_at    TEXT NOT NULL
);
CREATE INDEX fulltext_study ON fulltext(study_id, id);
