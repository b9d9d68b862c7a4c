-- Benefits an initiative's parties agree (docs/initiatives.md, "Benefits"):
-- a KPI's change against a baseline at the initiative's sites × a unit
-- value, or a share of a contract's settled shared savings; proposed by
-- a member of one party and approved by a member of another. Decimals are
-- millionths, amounts whole cents. benefit_shares says which parties a
-- KPI benefit accrues to, as percentages adding up to 100.
CREATE TABLE initiative_benefits (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	kind TEXT NOT NULL CHECK (kind IN ('kpi', 'savings_share')),
	kpi_id TEXT REFERENCES kpis(id),
	baseline BIGINT,
	baseline_from DATE,
	baseline_to DATE,
	measure_from DATE,
	unit_value BIGINT NOT NULL DEFAULT 0,
	contract_id TEXT REFERENCES contracts(id),
	savings_percent BIGINT NOT NULL DEFAULT 0,
	status TEXT NOT NULL CHECK (status IN ('proposed', 'approved')),
	proposed_by TEXT NOT NULL REFERENCES memberships(id),
	proposed_party_id TEXT NOT NULL REFERENCES parties(id),
	approved_by TEXT REFERENCES memberships(id),
	approved_party_id TEXT REFERENCES parties(id),
	created_at TIMESTAMPTZ NOT NULL,
	approved_at TIMESTAMPTZ
);
CREATE INDEX initiative_benefits_alliance ON initiative_benefits (alliance_id);

CREATE TABLE benefit_shares (
	benefit_id TEXT NOT NULL REFERENCES initiative_benefits(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	percent BIGINT NOT NULL,
	PRIMARY KEY (benefit_id, party_id)
);

-- An ROI assessment: the ledger's returns as computed when finance or an
-- executive of a sponsor submitted it (snapshot, JSON), and the clinical
-- lead's review of it.
CREATE TABLE roi_assessments (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	submitted_by TEXT NOT NULL REFERENCES memberships(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	submitted_at TIMESTAMPTZ NOT NULL,
	snapshot TEXT NOT NULL,
	review TEXT NOT NULL DEFAULT '' CHECK (review IN ('', 'agree', 'concerns')),
	review_note TEXT NOT NULL DEFAULT '',
	reviewed_by TEXT REFERENCES memberships(id),
	reviewed_at TIMESTAMPTZ
);
CREATE INDEX roi_assessments_initiative ON roi_assessments (initiative_id, submitted_at);
