-- Foundation: organisations, alliances, parties, people, sign-in, audit, jobs.
CREATE TABLE organizations (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	name_key TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
	id TEXT PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	org_id TEXT REFERENCES organizations(id),
	password_hash TEXT NOT NULL DEFAULT '',
	super_admin BOOLEAN NOT NULL DEFAULT FALSE,
	disabled_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE alliances (
	id TEXT PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	vision TEXT NOT NULL DEFAULT '',
	values_text TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE parties (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	org_id TEXT NOT NULL REFERENCES organizations(id),
	role TEXT NOT NULL,
	brings TEXT NOT NULL DEFAULT '',
	expects TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	UNIQUE (alliance_id, org_id)
);

CREATE TABLE memberships (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	user_id TEXT NOT NULL REFERENCES users(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	roles TEXT NOT NULL,
	active BOOLEAN NOT NULL DEFAULT TRUE,
	created_at TIMESTAMPTZ NOT NULL,
	deactivated_at TIMESTAMPTZ,
	UNIQUE (alliance_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE invitations (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	email TEXT NOT NULL,
	party_id TEXT NOT NULL REFERENCES parties(id),
	roles TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	invited_by TEXT REFERENCES users(id),
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	accepted_at TIMESTAMPTZ,
	accepted_by TEXT REFERENCES users(id),
	revoked_at TIMESTAMPTZ
);
CREATE INDEX invitations_alliance ON invitations (alliance_id, created_at);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	scope TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL,
	last_used_at TIMESTAMPTZ,
	revoked_at TIMESTAMPTZ
);

CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	used_at TIMESTAMPTZ
);

CREATE TABLE login_failures (
	id TEXT PRIMARY KEY,
	key TEXT NOT NULL,
	at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
	seq BIGINT PRIMARY KEY,
	at TIMESTAMPTZ NOT NULL,
	alliance_id TEXT,
	actor_id TEXT,
	actor_name TEXT NOT NULL,
	via TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	before_json TEXT,
	after_json TEXT,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_alliance ON audit_log (alliance_id, seq);

CREATE TABLE jobs (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL DEFAULT '{}',
	run_at TIMESTAMPTZ NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	max_attempts INTEGER NOT NULL DEFAULT 5,
	locked_by TEXT,
	locked_until TIMESTAMPTZ,
	last_error TEXT,
	done_at TIMESTAMPTZ,
	failed_at TIMESTAMPTZ,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_due ON jobs (done_at, failed_at, run_at);

CREATE TABLE schedules (
	name TEXT PRIMARY KEY,
	interval_seconds INTEGER NOT NULL,
	next_run_at TIMESTAMPTZ NOT NULL,
	last_run_at TIMESTAMPTZ,
	last_run_by TEXT
);
