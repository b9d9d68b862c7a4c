-- Settlements become final when an executive of every party has signed them
-- off, and a period not yet ended may be settled provisionally.
--
-- provisional marks a settlement recorded before its period ended: an
-- estimate that is never signed off, so the settled-once rule holds for the
-- others only, and the period is settled for good once it has ended.
ALTER TABLE settlements ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE settlements DROP CONSTRAINT settlements_contract_id_period_start_key;
CREATE UNIQUE INDEX settlements_settled_once ON settlements (contract_id, period_start) WHERE NOT provisional;
CREATE INDEX settlements_contract ON settlements (contract_id, period_start);

-- One sign-off per party, with who and when.
CREATE TABLE settlement_signoffs (
	settlement_id TEXT NOT NULL REFERENCES settlements(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	user_id TEXT REFERENCES users(id),
	user_name TEXT NOT NULL,
	signed_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (settlement_id, party_id)
);

-- A settlement is final from the moment its last party signed it off (a row
-- here); a draft until then. The figures themselves never change, so the
-- status lives beside them. Settlements recorded before sign-offs existed
-- were treated as final, and stay so, from when they were recorded.
CREATE TABLE settlement_finals (
	settlement_id TEXT PRIMARY KEY REFERENCES settlements(id),
	final_at TIMESTAMPTZ NOT NULL
);
INSERT INTO settlement_finals (settlement_id, final_at) SELECT id, created_at FROM settlements;
