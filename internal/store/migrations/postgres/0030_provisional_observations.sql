-- A figure its sender has not finalised (a FHIR MeasureReport with status
-- pending, imported when asked) is kept marked provisional until a final
-- figure for the same series point replaces it (docs/fhir.md). Every
-- figure before this migration is final.
ALTER TABLE observations ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
