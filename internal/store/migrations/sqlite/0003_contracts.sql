-- Living contracts: a contract has versions (text + terms + the date from
-- which each governs); every version comes from an amendment signed off by
-- every party. The first amendment of a contract (base_version 0) is the
-- original agreement.
CREATE TABLE contracts (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	key TEXT NOT NULL,
	title TEXT NOT NULL,
	review_on TEXT,
	created_by TEXT REFERENCES users(id),
	created_at TEXT NOT NULL,
	UNIQUE (alliance_id, key)
);

CREATE TABLE contract_amendments (
	id TEXT PRIMARY KEY,
	contract_id TEXT NOT NULL REFERENCES contracts(id),
	number INTEGER NOT NULL,
	base_version INTEGER NOT NULL,
	summary TEXT NOT NULL,
	body TEXT NOT NULL,
	terms TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	status TEXT NOT NULL,
	version INTEGER,
	proposed_by TEXT REFERENCES users(id),
	proposed_name TEXT NOT NULL,
	proposed_party_id TEXT REFERENCES parties(id),
	created_at TEXT NOT NULL,
	adopted_at TEXT,
	UNIQUE (contract_id, number)
);

-- One sign-off per party per amendment.
CREATE TABLE contract_signoffs (
	amendment_id TEXT NOT NULL REFERENCES contract_amendments(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	user_id TEXT REFERENCES users(id),
	user_name TEXT NOT NULL,
	signed_at TEXT NOT NULL,
	PRIMARY KEY (amendment_id, party_id)
);

-- A version's period ends the day before the next version's effective_from;
-- it is not stored, so that a version row is never updated.
CREATE TABLE contract_versions (
	id TEXT PRIMARY KEY,
	contract_id TEXT NOT NULL REFERENCES contracts(id),
	number INTEGER NOT NULL,
	body TEXT NOT NULL,
	terms TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	amendment_id TEXT NOT NULL REFERENCES contract_amendments(id),
	created_at TEXT NOT NULL,
	UNIQUE (contract_id, number),
	UNIQUE (contract_id, effective_from)
);

CREATE TRIGGER contract_versions_immutable BEFORE UPDATE ON contract_versions
BEGIN
	SELECT RAISE(ABORT, 'contract versions are immutable');
END;
CREATE TRIGGER contract_versions_kept BEFORE DELETE ON contract_versions
BEGIN
	SELECT RAISE(ABORT, 'contract versions are immutable');
END;
