-- Deduplication: every link that put a record into a study, and every pair
-- of records the matcher was unsure about or a reviewer decided on.
--
-- A study's active merges (undone_at = '') form a spanning tree of its
-- records: each record except one joined through exactly one merge row.
CREATE TABLE dedup_merge (
	id         INTEGER PRIMARY KEY,
	study_id   INTEGER NOT NULL,
	record_id  INTEGER NOT NULL,           -- the record that joined the study
	matched_id INTEGER NOT NULL,           -- the record it was found to match
	method     TEXT NOT NULL CHECK (method IN ('doi', 'pmid', 'fuzzy', 'manual')),
	score      REAL NOT NULL,
	fields     TEXT NOT NULL DEFAULT '[]', -- JSON array of the fields that agreed
	decided_by TEXT NOT NULL,              -- "oversikt" or the reviewer
	merged_at  TEXT NOT NULL,
	undone_at  TEXT NOT NULL DEFAULT '',
	undone_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dedup_merge_study ON dedup_merge(study_id) WHERE undone_at = '';
CREATE INDEX dedup_merge_record ON dedup_merge(record_id);

-- Pairs of records (a < b): 'uncertain' waits for a reviewer; 'same' and
-- 'different' are decisions every later run respects.
CREATE TABLE dedup_pair (
	a          INTEGER NOT NULL,
	b          INTEGER NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('uncertain', 'same', 'different')),
	score      REAL NOT NULL DEFAULT 0,
	fields     TEXT NOT NULL DEFAULT '[]',
	decided_by TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL,
	PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX dedup_pair_status ON dedup_pair(status);
