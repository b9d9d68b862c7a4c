-- Sign-in through an organisation's OpenID Connect provider (docs/security.md).
-- The client secret is never kept here: secret_ref names where the server
-- reads it (env:NAME or file:/path). domains are the e-mail domains the
-- provider vouches for, separated by spaces.
CREATE TABLE oidc_providers (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	label TEXT NOT NULL,
	issuer TEXT NOT NULL,
	client_id TEXT NOT NULL,
	secret_ref TEXT NOT NULL,
	email_claim TEXT NOT NULL,
	name_claim TEXT NOT NULL,
	domains TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- A domain rule: anyone the provider vouches for at domain joins the party
-- of the alliance with roles, without an invitation.
CREATE TABLE oidc_join_rules (
	id TEXT PRIMARY KEY,
	provider_id TEXT NOT NULL REFERENCES oidc_providers(id),
	domain TEXT NOT NULL,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	party_id TEXT NOT NULL REFERENCES parties(id),
	roles TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (provider_id, domain, alliance_id)
);

-- A party whose people sign in through this provider only (no password).
CREATE TABLE oidc_party_requirements (
	party_id TEXT PRIMARY KEY REFERENCES parties(id),
	provider_id TEXT NOT NULL REFERENCES oidc_providers(id),
	created_at TEXT NOT NULL
);

-- Which account a provider's subject signed in as.
CREATE TABLE oidc_identities (
	provider_id TEXT NOT NULL REFERENCES oidc_providers(id),
	subject TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users(id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (provider_id, subject)
);

-- A sign-in on its way through the provider: found by the hash of its
-- state, used once, forgotten after expires_at.
CREATE TABLE oidc_logins (
	state_hash TEXT PRIMARY KEY,
	provider_id TEXT NOT NULL REFERENCES oidc_providers(id),
	nonce TEXT NOT NULL,
	verifier TEXT NOT NULL,
	next TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
