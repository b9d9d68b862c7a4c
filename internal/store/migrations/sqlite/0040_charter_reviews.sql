-- The yearly charter review (docs/governance.md#the-yearly-charter-review).
-- charter_review_on anchors the review's day of the year; NULL means the
-- alliance's creation date.
ALTER TABLE alliances ADD COLUMN charter_review_on TEXT;

-- Each version of the charter's name, vision and values, with who made it:
-- a person's direct edit, or the motion whose passing applied it. Alliances
-- that existed before versions were kept start with their text as it is.
CREATE TABLE charter_versions (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	number INTEGER NOT NULL,
	name TEXT NOT NULL,
	vision TEXT NOT NULL,
	values_text TEXT NOT NULL,
	made_by TEXT NOT NULL,
	motion_id TEXT REFERENCES motions(id),
	created_at TEXT NOT NULL,
	UNIQUE (alliance_id, number)
);
INSERT INTO charter_versions (id, alliance_id, number, name, vision, values_text, made_by, created_at)
	SELECT id || '-v1', id, 1, name, vision, values_text, 'before versions were kept', updated_at FROM alliances;

-- A party's answer to a year's review: it reaffirms the charter, or
-- proposes a change put to a motion (motion_id) whose passing applies it.
CREATE TABLE charter_responses (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	review_year INTEGER NOT NULL,
	party_id TEXT NOT NULL REFERENCES parties(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	vision TEXT NOT NULL DEFAULT '',
	values_text TEXT NOT NULL DEFAULT '',
	motion_id TEXT REFERENCES motions(id),
	responded_by TEXT NOT NULL,
	responded_at TEXT NOT NULL,
	UNIQUE (alliance_id, review_year, party_id)
);
