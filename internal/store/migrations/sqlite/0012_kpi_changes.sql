-- Changes to an approved KPI's definition, approved like a KPI (every
-- party, or the motion of the committee that approves the scorecard).
-- changes and before_json hold only the fields that change.
CREATE TABLE kpi_changes (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	changes TEXT NOT NULL,
	before_json TEXT NOT NULL,
	reason TEXT NOT NULL,
	status TEXT NOT NULL,
	proposed_by TEXT NOT NULL,
	proposed_party_id TEXT NOT NULL REFERENCES parties(id),
	created_at TEXT NOT NULL,
	approved_at TEXT
);
CREATE INDEX kpi_changes_kpi ON kpi_changes (kpi_id, created_at);
