-- Signals from the data: SPC patterns, red KPIs and late data, each a
-- durable record with a life (open, acknowledged, resolved, dismissed).
-- live_key is the condition key (kind, rule, KPI, segment, effect) while the
-- condition holds and NULL once it has cleared, so that an ongoing
-- condition is one signal that updates, never a second alert.
CREATE TABLE signals (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	kind TEXT NOT NULL,
	rule TEXT NOT NULL DEFAULT '',
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	segment TEXT NOT NULL DEFAULT '',
	severity TEXT NOT NULL,
	effect TEXT NOT NULL,
	subject TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	owner_party_id TEXT NOT NULL REFERENCES parties(id),
	first_period DATE NOT NULL,
	last_period DATE NOT NULL,
	status TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	condition_key TEXT NOT NULL,
	live_key TEXT,
	opened_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	acknowledged_at TIMESTAMPTZ,
	acknowledged_by TEXT REFERENCES users(id),
	acknowledged_name TEXT NOT NULL DEFAULT '',
	closed_at TIMESTAMPTZ,
	closed_by TEXT REFERENCES users(id),
	closed_name TEXT NOT NULL DEFAULT '',
	UNIQUE (alliance_id, live_key)
);
CREATE INDEX signals_alliance ON signals (alliance_id, status, opened_at);
CREATE INDEX signals_kpi ON signals (kpi_id, live_key);
