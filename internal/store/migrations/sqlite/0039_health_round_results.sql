-- A closed round's results, computed once when it closes and read after
-- (docs/health.md#reading-the-results): a closed round never changes and
-- its instrument version fixes its items. Results depend on the minimum of
-- respondents and on the parties' names (groups are sorted and named by
-- them), so each is kept under both: parties is the SHA-256 of the names.
-- results is the engine's results and the round's comments (party and
-- role only, as the responses keep them), gob-encoded: no person, no time.
CREATE TABLE health_round_results (
	round_id TEXT NOT NULL REFERENCES health_rounds(id),
	min_respondents INTEGER NOT NULL,
	parties TEXT NOT NULL,
	results BLOB NOT NULL,
	PRIMARY KEY (round_id, min_respondents, parties)
);
