-- An alliance's FHIR server, fetched on a schedule (docs/fhir.md). The
-- bearer token is not kept here: token_file names a file in the server's
-- FHIR token directory. The last run's outcome is kept on the row.
CREATE TABLE fhir_sources (
	alliance_id TEXT PRIMARY KEY REFERENCES alliances(id),
	base_url TEXT NOT NULL,
	token_file TEXT NOT NULL,
	every_hours INTEGER NOT NULL,
	enabled BOOLEAN NOT NULL,
	pending BOOLEAN NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	last_run_at TIMESTAMPTZ,
	last_since TIMESTAMPTZ,
	last_ok BOOLEAN NOT NULL DEFAULT FALSE,
	last_fetched INTEGER NOT NULL DEFAULT 0,
	last_new INTEGER NOT NULL DEFAULT 0,
	last_revised INTEGER NOT NULL DEFAULT 0,
	last_unchanged INTEGER NOT NULL DEFAULT 0,
	last_left_out INTEGER NOT NULL DEFAULT 0,
	last_message TEXT NOT NULL DEFAULT '',
	last_import_id TEXT
);
