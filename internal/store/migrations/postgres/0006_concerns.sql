-- Concerns raised by people (safe voice) and their threads. An anonymous
-- concern keeps no reporter, no time finer than the day (raised_at is
-- NULL, raised_on holds the day) and no receipt in clear: receipt_lookup is
-- the receipt's random first characters, to find the row, and
-- receipt_hash an argon2id hash of the whole code. A named concern keeps
-- its reporter, visible only to handlers, and no receipt.
CREATE TABLE concerns (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	category TEXT NOT NULL,
	severity TEXT NOT NULL,
	body TEXT NOT NULL,
	kpi_id TEXT REFERENCES kpis(id),
	reporter_id TEXT REFERENCES users(id),
	receipt_lookup TEXT UNIQUE,
	receipt_hash TEXT,
	status TEXT NOT NULL,
	raised_on DATE NOT NULL,
	raised_at TIMESTAMPTZ,
	ack_due_at TIMESTAMPTZ NOT NULL,
	acknowledged_at TIMESTAMPTZ,
	acknowledged_by TEXT REFERENCES users(id),
	acknowledged_name TEXT NOT NULL DEFAULT '',
	escalation_level INTEGER NOT NULL DEFAULT 0,
	closed_at TIMESTAMPTZ,
	closed_by TEXT REFERENCES users(id),
	closed_name TEXT NOT NULL DEFAULT '',
	close_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX concerns_alliance ON concerns (alliance_id, status, raised_on);
CREATE INDEX concerns_due ON concerns (status, ack_due_at);

-- A concern's thread. author is 'reporter' for the person who raised it
-- (author_id stays NULL) or a handler's name with their account. Reporter
-- messages of anonymous concerns keep only the day (created_on).
CREATE TABLE concern_messages (
	id TEXT PRIMARY KEY,
	concern_id TEXT NOT NULL REFERENCES concerns(id),
	seq INTEGER NOT NULL,
	author TEXT NOT NULL,
	author_id TEXT REFERENCES users(id),
	body TEXT NOT NULL,
	created_on DATE,
	created_at TIMESTAMPTZ,
	UNIQUE (concern_id, seq)
);
