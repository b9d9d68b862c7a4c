-- Signals not about a KPI's data: an action item overdue, a concern not
-- acknowledged in time, a contract's review due, a party's request to
-- renegotiate a contract. Such a signal has no KPI (and a concern's has no
-- owning party), and says what it is about: subject_type and subject_id,
-- and link, the subject's page relative to the alliance's address. A KPI's
-- signals are subject_type 'kpi' with subject_id its KPI.
--
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt: a new table
-- with every column of 0004 (in the same order) and the new ones at the
-- end, the rows copied, the old table dropped, the new one renamed and the
-- indexes made again. Nothing references signals, so dropping it under
-- foreign_keys=ON deletes nothing elsewhere; the migration runs in one
-- transaction, so a failure leaves the old table as it was.
CREATE TABLE signals_new (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	kind TEXT NOT NULL,
	rule TEXT NOT NULL DEFAULT '',
	kpi_id TEXT REFERENCES kpis(id),
	segment TEXT NOT NULL DEFAULT '',
	severity TEXT NOT NULL,
	effect TEXT NOT NULL,
	subject TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	owner_party_id TEXT REFERENCES parties(id),
	first_period TEXT NOT NULL,
	last_period TEXT NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	condition_key TEXT NOT NULL,
	live_key TEXT,
	opened_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	acknowledged_at TEXT,
	acknowledged_by TEXT REFERENCES users(id),
	acknowledged_name TEXT NOT NULL DEFAULT '',
	closed_at TEXT,
	closed_by TEXT REFERENCES users(id),
	closed_name TEXT NOT NULL DEFAULT '',
	subject_type TEXT NOT NULL DEFAULT 'kpi',
	subject_id TEXT NOT NULL DEFAULT '',
	link TEXT NOT NULL DEFAULT '',
	UNIQUE (alliance_id, live_key),
	CHECK (subject_type <> 'kpi' OR kpi_id IS NOT NULL)
);
INSERT INTO signals_new (id, alliance_id, kind, rule, kpi_id, segment, severity, effect, subject, summary, owner_party_id,
	first_period, last_period, status, reason, condition_key, live_key, opened_at, updated_at,
	acknowledged_at, acknowledged_by, acknowledged_name, closed_at, closed_by, closed_name, subject_type, subject_id, link)
SELECT id, alliance_id, kind, rule, kpi_id, segment, severity, effect, subject, summary, owner_party_id,
	first_period, last_period, status, reason, condition_key, live_key, opened_at, updated_at,
	acknowledged_at, acknowledged_by, acknowledged_name, closed_at, closed_by, closed_name, 'kpi', kpi_id, ''
FROM signals;
DROP TABLE signals;
ALTER TABLE signals_new RENAME TO signals;
CREATE INDEX signals_alliance ON signals (alliance_id, status, opened_at);
CREATE INDEX signals_kpi ON signals (kpi_id, live_key);
CREATE INDEX signals_subject ON signals (alliance_id, subject_type, subject_id);

-- A party's request to renegotiate a contract. It is outstanding while the
-- contract's latest version is still base_version; the next adopted
-- amendment answers it. Requests are never updated or deleted.
CREATE TABLE contract_renegotiations (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	contract_id TEXT NOT NULL REFERENCES contracts(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	reason TEXT NOT NULL,
	requested_by TEXT REFERENCES users(id),
	requested_name TEXT NOT NULL DEFAULT '',
	requested_at TEXT NOT NULL,
	base_version INTEGER NOT NULL
);
CREATE INDEX contract_renegotiations_contract ON contract_renegotiations (contract_id, requested_at);
