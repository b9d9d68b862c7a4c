-- An alliance's intake link lets people without an account raise a
-- concern (docs/concerns.md#the-intake-link). At most one link per
-- alliance is in use; replacing it deletes the old row, so the old link
-- stops working. Only the token's hash is kept, never the token: a copy of
-- the database does not open the link. created_by is the admin who made
-- it (NULL when made from the command line), created_by_name how the
-- audit trail names them.
CREATE TABLE concern_intake_links (
	alliance_id TEXT PRIMARY KEY REFERENCES alliances(id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	created_by TEXT REFERENCES users(id),
	created_by_name TEXT NOT NULL
);
