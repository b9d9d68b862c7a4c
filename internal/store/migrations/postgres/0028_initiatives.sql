-- Initiatives (docs/initiatives.md#data-model): each party's sites and
-- teams with their capacity for change; initiatives with their sponsors,
-- sites and the KPIs they mean to move; phases in order with the weekly
-- demand each puts on each site; milestones; readiness scores; gate
-- decisions taken by motion; and the co-investment ledger of commitments
-- and contributions. Hours and thresholds are exact decimals (millionths),
-- amounts whole cents. Every table carries alliance_id so that the
-- portfolio reads each in one query.
CREATE TABLE sites (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('site', 'team')),
	segment TEXT NOT NULL DEFAULT '',
	max_active INTEGER NOT NULL,
	staff_hours BIGINT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (alliance_id, name)
);

CREATE TABLE initiatives (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	purpose TEXT NOT NULL,
	clinical_lead_id TEXT NOT NULL REFERENCES memberships(id),
	status TEXT NOT NULL,
	adopting_motion_id TEXT REFERENCES motions(id),
	proposed_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	UNIQUE (alliance_id, name)
);

CREATE TABLE initiative_sponsors (
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	PRIMARY KEY (initiative_id, party_id)
);

CREATE TABLE initiative_sites (
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	site_id TEXT NOT NULL REFERENCES sites(id),
	PRIMARY KEY (initiative_id, site_id)
);

-- The effect an initiative means to have on a KPI: direction, size in the
-- KPI's unit (millionths), and the day by which.
CREATE TABLE initiative_kpis (
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	direction TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
	size BIGINT NOT NULL,
	by_date DATE NOT NULL,
	PRIMARY KEY (initiative_id, kpi_id)
);

CREATE TABLE initiative_phases (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	ordinal INTEGER NOT NULL,
	name TEXT NOT NULL,
	starts_on DATE NOT NULL,
	ends_on DATE NOT NULL,
	status TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (initiative_id, ordinal)
);
CREATE INDEX initiative_phases_alliance ON initiative_phases (alliance_id, starts_on);

-- A site in a phase's scope and the back-office hours a week it asks of it;
-- phase_staff holds the staff hours a week by role.
CREATE TABLE phase_sites (
	phase_id TEXT NOT NULL REFERENCES initiative_phases(id),
	site_id TEXT NOT NULL REFERENCES sites(id),
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	back_office_hours BIGINT NOT NULL,
	PRIMARY KEY (phase_id, site_id)
);
CREATE INDEX phase_sites_alliance ON phase_sites (alliance_id);
CREATE INDEX phase_sites_site ON phase_sites (site_id);

CREATE TABLE phase_staff (
	phase_id TEXT NOT NULL,
	site_id TEXT NOT NULL,
	role TEXT NOT NULL,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	hours BIGINT NOT NULL,
	PRIMARY KEY (phase_id, site_id, role),
	FOREIGN KEY (phase_id, site_id) REFERENCES phase_sites(phase_id, site_id)
);
CREATE INDEX phase_staff_alliance ON phase_staff (alliance_id);

-- A milestone is a condition on a KPI (kpi_id, segment, comparison,
-- threshold, and periods in a row or by_date) or a deliverable (due_on,
-- responsible_role, done_at/done_by with evidence).
CREATE TABLE milestones (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	phase_id TEXT NOT NULL REFERENCES initiative_phases(id),
	kind TEXT NOT NULL CHECK (kind IN ('condition', 'deliverable')),
	title TEXT NOT NULL,
	kpi_id TEXT REFERENCES kpis(id),
	segment TEXT NOT NULL DEFAULT '',
	comparison TEXT NOT NULL DEFAULT '',
	threshold BIGINT NOT NULL DEFAULT 0,
	periods INTEGER NOT NULL DEFAULT 0,
	by_date DATE,
	due_on DATE,
	responsible_role TEXT NOT NULL DEFAULT '',
	done_at TIMESTAMPTZ,
	done_by TEXT REFERENCES memberships(id),
	evidence TEXT NOT NULL DEFAULT '',
	evidence_link TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX milestones_alliance ON milestones (alliance_id);
CREATE INDEX milestones_phase ON milestones (phase_id);

-- One score per phase, dimension and party: a new one replaces the old.
CREATE TABLE readiness_assessments (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	phase_id TEXT NOT NULL REFERENCES initiative_phases(id),
	dimension TEXT NOT NULL,
	party_id TEXT NOT NULL REFERENCES parties(id),
	score TEXT NOT NULL CHECK (score IN ('ready', 'ready_with_conditions', 'not_ready')),
	note TEXT NOT NULL,
	assessed_by TEXT NOT NULL REFERENCES memberships(id),
	assessed_at TIMESTAMPTZ NOT NULL,
	UNIQUE (phase_id, dimension, party_id)
);
CREATE INDEX readiness_assessments_alliance ON readiness_assessments (alliance_id);

-- What a passed motion decided about a phase; a motion decides one gate.
CREATE TABLE gate_decisions (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	phase_id TEXT NOT NULL REFERENCES initiative_phases(id),
	kind TEXT NOT NULL CHECK (kind IN ('advance', 'scale', 'extend', 'pause', 'stop')),
	motion_id TEXT NOT NULL UNIQUE REFERENCES motions(id),
	override_reason TEXT NOT NULL DEFAULT '',
	new_ends_on DATE,
	decided_at TIMESTAMPTZ NOT NULL,
	recorded_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX gate_decisions_alliance ON gate_decisions (alliance_id);
CREATE INDEX gate_decisions_phase ON gate_decisions (phase_id);

-- A party's commitment to an initiative or one of its phases; amount is
-- its value in cents (hours × rate for staff time).
CREATE TABLE commitments (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	initiative_id TEXT NOT NULL REFERENCES initiatives(id),
	phase_id TEXT REFERENCES initiative_phases(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	kind TEXT NOT NULL CHECK (kind IN ('cash', 'in_kind', 'staff_time')),
	description TEXT NOT NULL,
	amount BIGINT NOT NULL CHECK (amount > 0),
	hours BIGINT NOT NULL DEFAULT 0,
	role TEXT NOT NULL DEFAULT '',
	rate BIGINT NOT NULL DEFAULT 0,
	due_on DATE NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commitments_alliance ON commitments (alliance_id);
CREATE INDEX commitments_initiative ON commitments (initiative_id);

-- A contribution against a commitment. disputed stays set once raised, so
-- the history shows it; resolution ('upheld' or 'withdrawn') ends the
-- dispute. Only an undisputed or upheld contribution counts in totals.
CREATE TABLE contributions (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	commitment_id TEXT NOT NULL REFERENCES commitments(id),
	amount BIGINT NOT NULL CHECK (amount > 0),
	hours BIGINT NOT NULL DEFAULT 0,
	on_date DATE NOT NULL,
	note TEXT NOT NULL,
	entered_by TEXT NOT NULL REFERENCES memberships(id),
	entered_at TIMESTAMPTZ NOT NULL,
	acknowledged_by TEXT REFERENCES memberships(id),
	acknowledged_at TIMESTAMPTZ,
	disputed INTEGER NOT NULL DEFAULT 0,
	dispute_reason TEXT NOT NULL DEFAULT '',
	disputed_by TEXT REFERENCES memberships(id),
	disputed_at TIMESTAMPTZ,
	resolution TEXT NOT NULL DEFAULT '' CHECK (resolution IN ('', 'upheld', 'withdrawn')),
	resolution_note TEXT NOT NULL DEFAULT '',
	resolved_by TEXT REFERENCES memberships(id),
	resolved_at TIMESTAMPTZ
);
CREATE INDEX contributions_alliance ON contributions (alliance_id);
CREATE INDEX contributions_commitment ON contributions (commitment_id);
