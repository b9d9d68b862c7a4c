-- Bumped by every write to an alliance's initiatives, phases, sites,
-- milestones, readiness, gates and ledger, in the write's transaction, so
-- the portfolio's cached pages are rendered again; the scorecard keeps its
-- own version (scorecard_versions), which these writes leave alone.
CREATE TABLE portfolio_versions (
	alliance_id TEXT PRIMARY KEY REFERENCES alliances(id),
	version BIGINT NOT NULL
);
