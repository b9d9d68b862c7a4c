-- How an alliance reads its charts (rule sets and baseline), and
-- annotations that start a new phase of a KPI's control chart.
CREATE TABLE spc_settings (
	alliance_id TEXT PRIMARY KEY REFERENCES alliances(id),
	run_rules TEXT NOT NULL,
	control_rules TEXT NOT NULL,
	baseline INTEGER NOT NULL DEFAULT 0,
	updated_at TEXT NOT NULL
);
ALTER TABLE annotations ADD COLUMN new_phase INTEGER NOT NULL DEFAULT 0;
