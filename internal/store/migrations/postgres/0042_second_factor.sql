-- A second factor for password accounts (docs/security.md, docs/access.md):
-- a TOTP seed per person (one text value, so that it can be encrypted at
-- rest later), their recovery codes (hashed, each used once), their
-- passkeys (WebAuthn credentials), the pending sign-ins between the
-- password and the second factor (not sessions), the passkey ceremonies in
-- progress, and an alliance's requirement.
CREATE TABLE totp_factors (
	user_id TEXT PRIMARY KEY REFERENCES users(id),
	secret TEXT NOT NULL,
	confirmed_at TIMESTAMPTZ,
	last_step BIGINT NOT NULL DEFAULT 0,
	created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE recovery_codes (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	code_hash TEXT NOT NULL UNIQUE,
	created_at TIMESTAMPTZ NOT NULL,
	used_at TIMESTAMPTZ
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE passkeys (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	name TEXT NOT NULL,
	credential_id TEXT NOT NULL UNIQUE,
	credential TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	last_used_at TIMESTAMPTZ
);
CREATE INDEX passkeys_user ON passkeys (user_id);

CREATE TABLE pending_signins (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	enrol BOOLEAN NOT NULL,
	next TEXT NOT NULL,
	ceremony TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE passkey_ceremonies (
	user_id TEXT PRIMARY KEY REFERENCES users(id),
	ceremony TEXT NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE alliances ADD COLUMN second_factor TEXT NOT NULL DEFAULT '';
