-- Settlements: one period of a contract settled under the version in force
-- on its first day. The summary (the performance inputs) and the result
-- (headline figures and the worksheet) are kept as the engine's JSON, so a
-- settlement reads years later exactly as it was computed. A period is
-- settled once: a second settlement of the same start is a conflict, and
-- "what if" questions are answered without storing anything.
CREATE TABLE settlements (
	id TEXT PRIMARY KEY,
	contract_id TEXT NOT NULL REFERENCES contracts(id),
	period_start DATE NOT NULL,
	period_end DATE NOT NULL,
	version_number INTEGER NOT NULL,
	summary TEXT NOT NULL,
	result TEXT NOT NULL,
	settled_by TEXT REFERENCES users(id),
	settled_name TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (contract_id, period_start)
);

CREATE FUNCTION settlements_immutable() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION 'settlements are immutable';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER settlements_immutable BEFORE UPDATE ON settlements
	FOR EACH ROW EXECUTE FUNCTION settlements_immutable();
