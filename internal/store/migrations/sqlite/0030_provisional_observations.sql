-- A figure its sender has not finalised (a FHIR MeasureReport with status
-- pending, imported when asked) is kept marked provisional until a final
-- figure for the same series point replaces it (docs/fhir.md). 1 marks it;
-- every figure before this migration is final.
ALTER TABLE observations ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
