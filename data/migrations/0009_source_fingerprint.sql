-- A source's fingerprint: the SHA-256 of its size and first and last
-- mebibytes, known before the whole file is read. A large import begins
-- under it (sha256 holds 'pending:' and the fingerprint until the file's
-- hash is known), so a re-run after a kill finds what to replace, and a
-- file imported before is recognised at once.
ALTER TABLE source ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
