-- Settlements become final when an executive of every party has signed them
-- off, and a period not yet ended may be settled provisionally.
--
-- provisional marks a settlement recorded before its period ended: an
-- estimate that is never signed off, so the settled-once rule holds for the
-- others only, and the period is settled for good once it has ended. SQLite
-- cannot drop the table's UNIQUE (contract_id, period_start), so the table
-- is rebuilt (nothing references it) and the rule becomes a partial index.
CREATE TABLE settlements_new (
	id TEXT PRIMARY KEY,
	contract_id TEXT NOT NULL REFERENCES contracts(id),
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	version_number INTEGER NOT NULL,
	summary TEXT NOT NULL,
	result TEXT NOT NULL,
	settled_by TEXT REFERENCES users(id),
	settled_name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	provisional INTEGER NOT NULL DEFAULT 0
);
INSERT INTO settlements_new (id, contract_id, period_start, period_end, version_number, summary, result, settled_by, settled_name, created_at)
	SELECT id, contract_id, period_start, period_end, version_number, summary, result, settled_by, settled_name, created_at FROM settlements;
DROP TABLE settlements;
ALTER TABLE settlements_new RENAME TO settlements;
CREATE UNIQUE INDEX settlements_settled_once ON settlements (contract_id, period_start) WHERE provisional = 0;
CREATE INDEX settlements_contract ON settlements (contract_id, period_start);

CREATE TRIGGER settlements_immutable BEFORE UPDATE ON settlements
BEGIN
	SELECT RAISE(ABORT, 'settlements are immutable');
END;

-- One sign-off per party, with who and when.
CREATE TABLE settlement_signoffs (
	settlement_id TEXT NOT NULL REFERENCES settlements(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	user_id TEXT REFERENCES users(id),
	user_name TEXT NOT NULL,
	signed_at TEXT NOT NULL,
	PRIMARY KEY (settlement_id, party_id)
);

-- A settlement is final from the moment its last party signed it off (a row
-- here); a draft until then. The figures themselves never change, so the
-- status lives beside them. Settlements recorded before sign-offs existed
-- were treated as final, and stay so, from when they were recorded.
CREATE TABLE settlement_finals (
	settlement_id TEXT PRIMARY KEY REFERENCES settlements(id),
	final_at TEXT NOT NULL
);
INSERT INTO settlement_finals (settlement_id, final_at) SELECT id, created_at FROM settlements;
