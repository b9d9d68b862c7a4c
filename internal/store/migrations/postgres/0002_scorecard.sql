-- Shared scorecard: KPIs, targets, approvals by each party, observations
-- with revisions, annotations and import records.
CREATE TABLE kpis (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	category TEXT NOT NULL,
	unit TEXT NOT NULL,
	direction TEXT NOT NULL,
	frequency TEXT NOT NULL,
	owner_party_id TEXT NOT NULL REFERENCES parties(id),
	numerator_def TEXT NOT NULL DEFAULT '',
	denominator_def TEXT NOT NULL DEFAULT '',
	exclusions TEXT NOT NULL DEFAULT '',
	source_system TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	is_ratio BOOLEAN NOT NULL DEFAULT FALSE,
	scale BIGINT NOT NULL DEFAULT 1,
	formula TEXT NOT NULL DEFAULT '',
	measure_url TEXT NOT NULL DEFAULT '',
	segment_by TEXT NOT NULL DEFAULT '',
	grace_days INTEGER NOT NULL DEFAULT 30,
	-- Kept by imports so the scorecard need not scan observations for them.
	latest_period DATE,
	last_recorded_at TIMESTAMPTZ,
	status TEXT NOT NULL,
	proposed_by TEXT REFERENCES users(id),
	proposed_party_id TEXT REFERENCES parties(id),
	proposed_at TIMESTAMPTZ NOT NULL,
	approved_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	UNIQUE (alliance_id, key)
);
CREATE INDEX kpis_measure ON kpis (alliance_id, measure_url);

CREATE TABLE kpi_targets (
	id TEXT PRIMARY KEY,
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	effective_from DATE NOT NULL,
	value BIGINT NOT NULL,
	green BIGINT NOT NULL,
	amber BIGINT NOT NULL,
	low BIGINT,
	high BIGINT,
	status TEXT NOT NULL,
	proposed_by TEXT REFERENCES users(id),
	proposed_party_id TEXT REFERENCES parties(id),
	approved_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX kpi_targets_kpi ON kpi_targets (kpi_id, effective_from);

-- One approval per party for a proposed KPI or target.
CREATE TABLE approvals (
	subject_type TEXT NOT NULL,
	subject_id TEXT NOT NULL,
	party_id TEXT NOT NULL REFERENCES parties(id),
	user_id TEXT REFERENCES users(id),
	user_name TEXT NOT NULL,
	approved_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (subject_type, subject_id, party_id)
);

CREATE TABLE observations (
	id TEXT PRIMARY KEY,
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	period DATE NOT NULL,
	segment TEXT NOT NULL DEFAULT '',
	value BIGINT,
	numerator BIGINT,
	denominator BIGINT,
	revision INTEGER NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	submitted_by TEXT REFERENCES users(id),
	submitted_name TEXT NOT NULL DEFAULT '',
	import_id TEXT,
	recorded_at TIMESTAMPTZ NOT NULL,
	superseded_at TIMESTAMPTZ,
	UNIQUE (kpi_id, period, segment, revision)
);
CREATE INDEX observations_current ON observations (kpi_id, superseded_at, period);

CREATE TABLE annotations (
	id TEXT PRIMARY KEY,
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	period DATE NOT NULL,
	label TEXT NOT NULL,
	created_by TEXT REFERENCES users(id),
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX annotations_kpi ON annotations (kpi_id, period);

CREATE TABLE imports (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	format TEXT NOT NULL,
	filename TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	rows_read BIGINT NOT NULL,
	rows_new BIGINT NOT NULL,
	rows_revised BIGINT NOT NULL,
	rows_unchanged BIGINT NOT NULL,
	created_by TEXT REFERENCES users(id),
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX imports_alliance ON imports (alliance_id, created_at);

-- Bumped by every change that alters what the scorecard shows, so servers
-- can cache rendered scorecard data until it changes.
CREATE TABLE scorecard_versions (
	alliance_id TEXT PRIMARY KEY REFERENCES alliances(id),
	version BIGINT NOT NULL
);

-- An uploaded file held between its preview and its confirmation.
CREATE TABLE import_drafts (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	user_id TEXT NOT NULL REFERENCES users(id),
	filename TEXT NOT NULL,
	format TEXT NOT NULL,
	content BYTEA NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
