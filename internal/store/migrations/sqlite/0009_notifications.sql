-- Notifications: what each person is told about, in their inbox. Rows are
-- written in the same transaction as the event. email_now marks those to
-- e-mail on their own (the person's preference is "immediately", or they
-- must act); a delivery job claims them (email_claim, email_claimed_at)
-- and sets emailed_at once sent. deliver_after holds back e-mail and
-- digests: a notification about an anonymous concern is dated to the day
-- (created_at) and leaves accord only at the next digest hour, so that no
-- e-mail dates the report. digested_at is set when a digest listed it.
CREATE TABLE notifications (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	user_id TEXT NOT NULL REFERENCES users(id),
	kind TEXT NOT NULL,
	subject TEXT NOT NULL,
	link TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	must_act INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	read_at TEXT,
	deliver_after TEXT NOT NULL,
	email_now INTEGER NOT NULL DEFAULT 0,
	email_claim TEXT,
	email_claimed_at TEXT,
	emailed_at TEXT,
	digested_at TEXT
);
-- The inbox and the unread count of the navigation.
CREATE INDEX notifications_inbox ON notifications (user_id, alliance_id, read_at, created_at);
-- E-mail due to a person.
CREATE INDEX notifications_mail ON notifications (user_id, email_now, emailed_at);

-- Each person's e-mail preference per alliance: immediately (the default
-- when there is no row), digest or off. last_digest_at is when the last
-- digest went (or the preference became digest); digest_queued_for the
-- digest moment a job was last queued for, so each is queued once.
CREATE TABLE notification_preferences (
	user_id TEXT NOT NULL REFERENCES users(id),
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	mode TEXT NOT NULL,
	last_digest_at TEXT,
	digest_queued_for TEXT,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (user_id, alliance_id)
);
CREATE INDEX notification_preferences_digest ON notification_preferences (mode, digest_queued_for);

-- Webhooks an alliance's admins manage: the address, the body's format,
-- the secret that signs deliveries (kept to sign with; shown once), the
-- events carried (comma-separated; empty: all).
CREATE TABLE webhooks (
	id TEXT PRIMARY KEY,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	url TEXT NOT NULL,
	format TEXT NOT NULL,
	secret TEXT NOT NULL,
	events TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT '',
	deactivated_at TEXT
);
CREATE INDEX webhooks_alliance ON webhooks (alliance_id, active);

-- The delivery log: one row per event per webhook, with its attempts.
CREATE TABLE webhook_deliveries (
	id TEXT PRIMARY KEY,
	webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
	alliance_id TEXT NOT NULL REFERENCES alliances(id),
	event TEXT NOT NULL,
	subject TEXT NOT NULL,
	link TEXT NOT NULL DEFAULT '',
	occurred_at TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	status_code INTEGER NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT '',
	next_attempt_at TEXT,
	delivered_at TEXT,
	failed_at TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);
