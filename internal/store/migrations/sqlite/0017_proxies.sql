-- Proxies a seat-holder gives another seat-holder of the same committee,
-- for one motion (motion_id) or for every motion of one meeting
-- (meeting_id): exactly one of the two. Revoking keeps the row, so that
-- who could vote for whom stays on record.
CREATE TABLE proxies (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	committee_id TEXT NOT NULL REFERENCES committees(id),
	member_id TEXT NOT NULL REFERENCES memberships(id),
	holder_id TEXT NOT NULL REFERENCES memberships(id),
	meeting_id TEXT REFERENCES meetings(id),
	motion_id TEXT REFERENCES motions(id),
	created_at TEXT NOT NULL,
	revoked_at TEXT,
	CHECK ((meeting_id IS NULL) <> (motion_id IS NULL)),
	CHECK (member_id <> holder_id)
);
CREATE INDEX proxies_member ON proxies (member_id, revoked_at);
CREATE INDEX proxies_holder ON proxies (holder_id, revoked_at);
CREATE INDEX proxies_meeting ON proxies (meeting_id);
CREATE INDEX proxies_motion ON proxies (motion_id);

-- The proxy a ballot was cast with; NULL for a ballot the member cast.
ALTER TABLE votes ADD COLUMN proxy_id TEXT REFERENCES proxies(id);
