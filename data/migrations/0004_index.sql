-- Full-text index bookkeeping. The index (bleve, beside the database) is
-- derived data; it notices new records, decisions and resolutions by their
-- ids (high-water marks kept in the index itself). What ids cannot tell —
-- records moved between studies, deleted records and studies, edited
-- records — is queued here by triggers, so the hot INSERT path of an
-- import carries no trigger at all.
-- The column is "target", not "study_id": dedup rewrites every study_id
-- column of a merged study, and a queued deletion must stay queued.
CREATE TABLE index_dirty (
	id     INTEGER PRIMARY KEY AUTOINCREMENT,
	target INTEGER NOT NULL DEFAULT 0, -- a study to re-index (0: none)
	tbl    TEXT NOT NULL DEFAULT '',   -- a deleted row whose id may be reused:
	row_id INTEGER NOT NULL DEFAULT 0  -- 'record', 'decision' or 'resolution'
);

CREATE TRIGGER index_dirty_record_update AFTER UPDATE ON record BEGIN
	INSERT INTO index_dirty(target) VALUES (old.study_id);
	INSERT INTO index_dirty(target) SELECT new.study_id WHERE new.study_id <> old.study_id;
END;
CREATE TRIGGER index_dirty_record_delete AFTER DELETE ON record BEGIN
	INSERT INTO index_dirty(target, tbl, row_id) VALUES (old.study_id, 'record', old.id);
END;
CREATE TRIGGER index_dirty_study_update AFTER UPDATE ON study BEGIN
	INSERT INTO index_dirty(target) VALUES (new.id);
END;
CREATE TRIGGER index_dirty_study_delete AFTER DELETE ON study BEGIN
	INSERT INTO index_dirty(target) VALUES (old.id);
END;
CREATE TRIGGER index_dirty_source_rename AFTER UPDATE OF name ON source BEGIN
	INSERT INTO index_dirty(target) SELECT DISTINCT study_id FROM record WHERE source_id = new.id;
END;
CREATE TRIGGER index_dirty_decision_delete AFTER DELETE ON decision BEGIN
	INSERT INTO index_dirty(target, tbl, row_id) VALUES (old.study_id, 'decision', old.id);
END;
CREATE TRIGGER index_dirty_resolution_delete AFTER DELETE ON resolution BEGIN
	INSERT INTO index_dirty(target, tbl, row_id) VALUES (old.study_id, 'resolution', old.id);
END;

-- Highlighting lists for screening: terms (words, phrases, trailing *
-- wildcards) to mark as signs of inclusion or exclusion.
CREATE TABLE highlight_term (
	id       INTEGER PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind IN ('include', 'exclude')),
	term     TEXT NOT NULL,
	added_by TEXT NOT NULL DEFAULT '',
	added_at TEXT NOT NULL,
	UNIQUE (kind, term)
);

-- Ties an index to the database it was built from: an index whose token
-- differs (the database was replaced) is rebuilt.
INSERT INTO setting(name, value) VALUES ('index_token', lower(hex(randomblob(16))))
	ON CONFLICT(name) DO NOTHING;
