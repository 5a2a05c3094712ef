-- Sources and records: what was imported, verbatim and normalised.
CREATE TABLE source (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	file        TEXT NOT NULL,
	format      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	sha256      TEXT NOT NULL UNIQUE,
	encoding    TEXT NOT NULL,
	search_date TEXT NOT NULL DEFAULT '',
	query       TEXT NOT NULL DEFAULT '',
	fetched_at  TEXT NOT NULL DEFAULT '',
	snapshot    BLOB,
	imported_at TEXT NOT NULL,
	records     INTEGER NOT NULL DEFAULT 0,
	rejected    INTEGER NOT NULL DEFAULT 0,
	complete    INTEGER NOT NULL DEFAULT 0
);

-- A study is a deduplicated cluster of records; until dedup runs each
-- record is its own study, with the record's id.
CREATE TABLE study (
	id        INTEGER PRIMARY KEY,
	rep_id    INTEGER NOT NULL
);

CREATE TABLE record (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
	study_id   INTEGER NOT NULL,
	line       INTEGER NOT NULL,
	source_key TEXT NOT NULL DEFAULT '',
	raw        TEXT NOT NULL,
	type       TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	abstract   TEXT NOT NULL DEFAULT '',
	authors    TEXT NOT NULL DEFAULT '', -- one per line
	year       INTEGER NOT NULL DEFAULT 0,
	journal    TEXT NOT NULL DEFAULT '',
	volume     TEXT NOT NULL DEFAULT '',
	issue      TEXT NOT NULL DEFAULT '',
	pages      TEXT NOT NULL DEFAULT '',
	doi        TEXT NOT NULL DEFAULT '',
	pmid       TEXT NOT NULL DEFAULT '',
	pmcid      TEXT NOT NULL DEFAULT '',
	isbn       TEXT NOT NULL DEFAULT '',
	url        TEXT NOT NULL DEFAULT '',
	keywords   TEXT NOT NULL DEFAULT '', -- one per line
	language   TEXT NOT NULL DEFAULT '',
	extra      TEXT NOT NULL DEFAULT '[]' -- JSON array of {name,value}
);
CREATE INDEX record_source ON record(source_id);
CREATE INDEX record_study ON record(study_id);
CREATE INDEX record_doi ON record(doi) WHERE doi <> '';
CREATE INDEX record_pmid ON record(pmid) WHERE pmid <> '';

-- Settings of the review (title, screening configuration …).
CREATE TABLE setting (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
