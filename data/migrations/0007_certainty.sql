-- Certainty of the evidence: GRADE ratings of an outcome's body of
-- evidence and GRADE-CERQual-style ratings of a factor or barrier finding.
-- Appended events; the latest per kind and subject counts, and each row
-- holds the whole assessment (not a change to the previous one).
CREATE TABLE certainty (
	id               INTEGER PRIMARY KEY,
	kind             TEXT NOT NULL CHECK (kind IN ('outcome', 'finding')),
	subject          TEXT NOT NULL,              -- a code slug: out_patient, fac_leader_anchor …
	start            TEXT NOT NULL DEFAULT '',   -- '' (from the designs), high, low
	risk_of_bias     TEXT NOT NULL DEFAULT '',   -- '', serious, very-serious
	inconsistency    TEXT NOT NULL DEFAULT '',
	indirectness     TEXT NOT NULL DEFAULT '',
	imprecision      TEXT NOT NULL DEFAULT '',
	publication_bias TEXT NOT NULL DEFAULT '',
	large_effect     INTEGER NOT NULL DEFAULT 0, -- 0, 1 large, 2 very large
	dose_response    INTEGER NOT NULL DEFAULT 0,
	confounding      INTEGER NOT NULL DEFAULT 0,
	limitations      TEXT NOT NULL DEFAULT '',   -- CERQual: '', no, minor, moderate, serious
	coherence        TEXT NOT NULL DEFAULT '',
	adequacy         TEXT NOT NULL DEFAULT '',
	relevance        TEXT NOT NULL DEFAULT '',
	note             TEXT NOT NULL DEFAULT '',
	rated_by         TEXT NOT NULL DEFAULT '',
	rated_at         TEXT NOT NULL
);
CREATE INDEX certainty_current ON certainty(kind, subject, id);
