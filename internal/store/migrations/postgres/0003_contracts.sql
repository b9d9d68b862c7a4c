-- Living contracts: a contract has versions (text + terms + the date from
-- which each governs); every version comes from an amendment signed off by
-- every party. The first amendment of a contract (base_version 0) is the
-- original agreement.
CREATE TABLE contracts (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	key TEXT NOT NULL,
	title TEXT NOT NULL,
	review_on DATE,
	created_by TEXT REFERENCES users(id),
	created_at TIMESTAMPTZ NOT NULL,
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
	effective_from DATE NOT NULL,
	status TEXT NOT NULL,
	version INTEGER,
	proposed_by TEXT REFERENCES users(id),
	proposed_name TEXT NOT NULL,
	proposed_party_id TEXT REFERENCES parties(id),
	created_at TIMESTAMPTZ NOT NULL,
	adopted_at TIMESTAMPTZ,
	UNIQUE (contract_id, number)
);

-- One sign-off per party per amendment.
CREATE TABLE contract_signoffs (
	amendment_id TEXT NOT NULL REFERENCES contract_amendments(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	user_id TEXT REFERENCES users(id),
	user_name TEXT NOT NULL,
	signed_at TIMESTAMPTZ NOT NULL,
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
	effective_from DATE NOT NULL,
	amendment_id TEXT NOT NULL REFERENCES contract_amendments(id),
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (contract_id, number),
	UNIQUE (contract_id, effective_from)
);

CREATE FUNCTION contract_versions_immutable() RETURNS trigger AS $$
BEGIN
	RAISE EXCEPTION 'contract versions are immutable';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER contract_versions_immutable BEFORE UPDATE OR DELETE ON contract_versions
	FOR EACH ROW EXECUTE FUNCTION contract_versions_immutable();
