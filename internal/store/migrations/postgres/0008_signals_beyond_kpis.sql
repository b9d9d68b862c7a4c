-- Signals not about a KPI's data: an action item overdue, a concern not
-- acknowledged in time, a contract's review due, a party's request to
-- renegotiate a contract. Such a signal has no KPI (and a concern's has no
-- owning party), and says what it is about: subject_type and subject_id,
-- and link, the subject's page relative to the alliance's address. A KPI's
-- signals are subject_type 'kpi' with subject_id its KPI.
ALTER TABLE signals ALTER COLUMN kpi_id DROP NOT NULL;
ALTER TABLE signals ALTER COLUMN owner_party_id DROP NOT NULL;
ALTER TABLE signals ADD COLUMN subject_type TEXT NOT NULL DEFAULT 'kpi';
ALTER TABLE signals ADD COLUMN subject_id TEXT NOT NULL DEFAULT '';
ALTER TABLE signals ADD COLUMN link TEXT NOT NULL DEFAULT '';
UPDATE signals SET subject_id = kpi_id;
ALTER TABLE signals ADD CONSTRAINT signals_kpi_subject CHECK (subject_type <> 'kpi' OR kpi_id IS NOT NULL);
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
	requested_at TIMESTAMPTZ NOT NULL,
	base_version INTEGER NOT NULL
);
CREATE INDEX contract_renegotiations_contract ON contract_renegotiations (contract_id, requested_at);
