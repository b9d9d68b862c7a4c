-- Partnership health surveys (docs/health.md). An alliance's settings,
-- its instruments (each version stored once and never changed), rounds,
-- and the answers. Who answered (health_respondents) and what was
-- answered (health_responses) are kept apart: neither has a time, a
-- response has no person and a random id, and both are WITHOUT ROWID
-- tables, stored in the order of their keys, so that no row number keeps
-- the order in which they were written (see docs/health.md#anonymity).
CREATE TABLE health_settings (
	alliance_id TEXT PRIMARY KEY REFERENCES alliances(id),
	min_respondents INTEGER NOT NULL,
	gap_threshold INTEGER NOT NULL,
	every_months INTEGER NOT NULL,
	open_days INTEGER NOT NULL,
	reminder_days TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE health_instruments (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	key TEXT NOT NULL,
	version INTEGER NOT NULL,
	name TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT REFERENCES users(id),
	UNIQUE (alliance_id, key, version)
);

CREATE TABLE health_factors (
	instrument_id TEXT NOT NULL REFERENCES health_instruments(id),
	position INTEGER NOT NULL,
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	PRIMARY KEY (instrument_id, position)
);

CREATE TABLE health_items (
	instrument_id TEXT NOT NULL REFERENCES health_instruments(id),
	factor_position INTEGER NOT NULL,
	position INTEGER NOT NULL,
	key TEXT NOT NULL,
	text TEXT NOT NULL,
	reverse_keyed INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (instrument_id, factor_position, position)
);

-- A round: opens_on and closes_on are days, both included. eligible and
-- responses are counted when it closes, with each party's count in
-- health_round_parties.
CREATE TABLE health_rounds (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	instrument_id TEXT NOT NULL REFERENCES health_instruments(id),
	opens_on TEXT NOT NULL,
	closes_on TEXT NOT NULL,
	status TEXT NOT NULL,
	reminder_days TEXT NOT NULL,
	reminders_sent INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	opened_at TEXT,
	closed_at TEXT,
	eligible INTEGER NOT NULL DEFAULT 0,
	responses INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX health_rounds_alliance ON health_rounds (alliance_id, opens_on);
CREATE INDEX health_rounds_due ON health_rounds (status, opens_on);

CREATE TABLE health_round_parties (
	round_id TEXT NOT NULL REFERENCES health_rounds(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	eligible INTEGER NOT NULL,
	responses INTEGER NOT NULL,
	PRIMARY KEY (round_id, party_id)
);

-- Who has answered a round, for reminders and for one answer per person:
-- the round and the membership, nothing else (no time).
CREATE TABLE health_respondents (
	round_id TEXT NOT NULL REFERENCES health_rounds(id),
	membership_id TEXT NOT NULL REFERENCES memberships(id),
	PRIMARY KEY (round_id, membership_id)
) WITHOUT ROWID;

-- What was answered: the breakdown keys (party, role) and the answers
-- (JSON: item key → 1..5) and comments (JSON: factor key → text), under a
-- random id (UUIDv4, not time-ordered). No person and no time.
CREATE TABLE health_responses (
	round_id TEXT NOT NULL REFERENCES health_rounds(id),
	id TEXT NOT NULL,
	party_id TEXT NOT NULL REFERENCES parties(id),
	role TEXT NOT NULL,
	answers TEXT NOT NULL,
	comments TEXT,
	PRIMARY KEY (round_id, id)
) WITHOUT ROWID;
