-- How a survey item is answered (docs/health.md#the-default-instrument):
-- 'agreement' (strongly disagree … strongly agree) or 'bipolar' (far too
-- slow … far too fast, the middle best), as the default instrument's pace
-- items are. Items stored before this are agreement items.
ALTER TABLE health_items ADD COLUMN kind TEXT NOT NULL DEFAULT 'agreement';
