-- Co-governance: committees and their seats, meetings with attendance,
-- agendas, minutes and action items, motions and their votes, and the
-- data-sharing protocols the motions approve.
CREATE TABLE committees (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	key TEXT NOT NULL,
	name TEXT NOT NULL,
	purpose TEXT NOT NULL DEFAULT '',
	cadence TEXT NOT NULL,
	cadence_days INTEGER NOT NULL DEFAULT 0,
	meeting_time TEXT NOT NULL,
	meeting_minutes INTEGER NOT NULL,
	quorum_present INTEGER NOT NULL DEFAULT 0,
	quorum_parties INTEGER NOT NULL DEFAULT 0,
	quorum_clinical INTEGER NOT NULL DEFAULT 0,
	allow_proxies INTEGER NOT NULL DEFAULT 0,
	approves_scorecard INTEGER NOT NULL DEFAULT 0,
	packet_days INTEGER NOT NULL DEFAULT 3,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (alliance_id, key)
);

-- A seat is for a person of a party and role; member_id is its holder
-- (NULL while vacant) for the term.
CREATE TABLE committee_seats (
	id TEXT PRIMARY KEY,
	committee_id TEXT NOT NULL REFERENCES committees(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	role TEXT NOT NULL,
	member_id TEXT REFERENCES memberships(id),
	chair INTEGER NOT NULL DEFAULT 0,
	term_start DATE NOT NULL,
	term_end DATE
);
CREATE INDEX committee_seats_committee ON committee_seats (committee_id);
CREATE INDEX committee_seats_member ON committee_seats (member_id);

CREATE TABLE meetings (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	committee_id TEXT NOT NULL REFERENCES committees(id),
	title TEXT NOT NULL,
	starts_at TIMESTAMPTZ NOT NULL,
	duration_minutes INTEGER NOT NULL,
	location TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	sequence INTEGER NOT NULL DEFAULT 0,
	minutes TEXT NOT NULL DEFAULT '',
	minutes_status TEXT NOT NULL DEFAULT 'none',
	minutes_approved_in TEXT REFERENCES meetings(id),
	packet_sent_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (committee_id, starts_at)
);
CREATE INDEX meetings_alliance ON meetings (alliance_id, starts_at);

-- Attendance of seat-holders; proxy_id is who held an absent member's proxy.
CREATE TABLE meeting_attendance (
	meeting_id TEXT NOT NULL REFERENCES meetings(id),
	member_id TEXT NOT NULL REFERENCES memberships(id),
	present INTEGER NOT NULL,
	proxy_id TEXT REFERENCES memberships(id),
	PRIMARY KEY (meeting_id, member_id)
);

-- Agenda items: written by the data (kind + ref_id, once per meeting) or
-- added by people (kind 'custom').
CREATE TABLE agenda_items (
	id TEXT PRIMARY KEY,
	meeting_id TEXT NOT NULL REFERENCES meetings(id),
	position INTEGER NOT NULL,
	kind TEXT NOT NULL,
	ref_id TEXT NOT NULL DEFAULT '',
	title TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	added_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
CREATE UNIQUE INDEX agenda_items_ref ON agenda_items (meeting_id, kind, ref_id) WHERE kind <> 'custom';

CREATE TABLE action_items (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	committee_id TEXT NOT NULL REFERENCES committees(id),
	meeting_id TEXT REFERENCES meetings(id),
	title TEXT NOT NULL,
	owner_id TEXT NOT NULL REFERENCES memberships(id),
	due_on DATE NOT NULL,
	status TEXT NOT NULL,
	done_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_items_alliance ON action_items (alliance_id, status, due_on);

CREATE TABLE motions (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	committee_id TEXT NOT NULL REFERENCES committees(id),
	meeting_id TEXT REFERENCES meetings(id),
	number INTEGER NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	subject_kind TEXT NOT NULL,
	subject_id TEXT NOT NULL DEFAULT '',
	rule TEXT NOT NULL,
	clinical_consent INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL,
	closes_at TIMESTAMPTZ,
	decided_at TIMESTAMPTZ,
	rationale TEXT NOT NULL DEFAULT '',
	tally TEXT,
	created_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (alliance_id, number)
);
CREATE INDEX motions_committee ON motions (committee_id, status);
CREATE INDEX motions_subject ON motions (alliance_id, subject_kind, subject_id);

-- One ballot per seat-holder; cast_by differs from member_id for a proxy.
CREATE TABLE votes (
	motion_id TEXT NOT NULL REFERENCES motions(id),
	member_id TEXT NOT NULL REFERENCES memberships(id),
	cast_by TEXT NOT NULL REFERENCES memberships(id),
	choice TEXT NOT NULL,
	reason TEXT NOT NULL DEFAULT '',
	cast_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (motion_id, member_id)
);

-- What one party's observations another party (NULL: every other party)
-- may see. kpi_keys, categories and segments are comma-separated; empty
-- means every one.
CREATE TABLE protocols (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	title TEXT NOT NULL,
	from_party_id TEXT NOT NULL REFERENCES parties(id),
	to_party_id TEXT REFERENCES parties(id),
	kpi_keys TEXT NOT NULL DEFAULT '',
	categories TEXT NOT NULL DEFAULT '',
	segments TEXT NOT NULL DEFAULT '',
	purpose TEXT NOT NULL,
	starts_on DATE NOT NULL,
	ends_on DATE,
	status TEXT NOT NULL,
	motion_id TEXT REFERENCES motions(id),
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX protocols_alliance ON protocols (alliance_id, status);

-- Secret links to calendar feeds: calendar apps cannot sign in, so a
-- person's feed URL carries a token whose hash is kept here.
CREATE TABLE calendar_feeds (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (user_id, alliance_id)
);

-- Alliances choose whether observations are shared by protocol only.
ALTER TABLE alliances ADD COLUMN sharing_by_protocol INTEGER NOT NULL DEFAULT 0;
