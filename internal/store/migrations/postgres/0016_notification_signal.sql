-- The signal a notification tells of, so that it is read as the data-sharing
-- rules let its reader see that signal now (docs/sharing.md). Notifications
-- written before have none: those of a KPI's signal are then read in full
-- only by the party that reports the KPI.
ALTER TABLE notifications ADD COLUMN signal_id TEXT;
