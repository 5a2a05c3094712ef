-- Coding of included studies against a codebook.

-- Codebook versions: the YAML as installed; the highest version is in force.
CREATE TABLE codebook (
	version   INTEGER PRIMARY KEY,
	name      TEXT NOT NULL DEFAULT '',
	yaml      TEXT NOT NULL,
	sha256    TEXT NOT NULL,
	stored_by TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT '',
	stored_at TEXT NOT NULL
);

-- Codings are appended events; the latest per study, reviewer and code
-- counts, and an empty value clears the code.
CREATE TABLE coding (
	id               INTEGER PRIMARY KEY,
	study_id         INTEGER NOT NULL,
	reviewer         TEXT NOT NULL,
	code             TEXT NOT NULL,
	value            TEXT NOT NULL DEFAULT '',
	quote            TEXT NOT NULL DEFAULT '',
	location         TEXT NOT NULL DEFAULT '', -- page or section
	note             TEXT NOT NULL DEFAULT '',
	codebook_version INTEGER NOT NULL,
	via              TEXT NOT NULL DEFAULT '', -- loop|scripted|import
	coded_at         TEXT NOT NULL
);
CREATE INDEX coding_current ON coding(study_id, reviewer, code, id);
CREATE INDEX coding_reviewer ON coding(reviewer, study_id);

-- A reviewer marks a study done (or reopens it); the latest row counts.
-- Reconciliation and agreement use the studies two reviewers have done.
CREATE TABLE coding_status (
	id       INTEGER PRIMARY KEY,
	study_id INTEGER NOT NULL,
	reviewer TEXT NOT NULL,
	done     INTEGER NOT NULL,
	at       TEXT NOT NULL
);
CREATE INDEX coding_status_current ON coding_status(study_id, reviewer, id);

-- Reconciled (final) values; append-only, the latest per study and code
-- counts. method 'agreement': both reviewers gave the same value.
CREATE TABLE coding_final (
	id               INTEGER PRIMARY KEY,
	study_id         INTEGER NOT NULL,
	code             TEXT NOT NULL,
	value            TEXT NOT NULL DEFAULT '',
	method           TEXT NOT NULL CHECK (method IN ('agreement', 'consensus', 'third-reviewer', 'single')),
	resolver         TEXT NOT NULL DEFAULT '',
	quote            TEXT NOT NULL DEFAULT '',
	location         TEXT NOT NULL DEFAULT '',
	note             TEXT NOT NULL DEFAULT '',
	codebook_version INTEGER NOT NULL,
	resolved_at      TEXT NOT NULL
);
CREATE INDEX coding_final_current ON coding_final(study_id, code, id);
