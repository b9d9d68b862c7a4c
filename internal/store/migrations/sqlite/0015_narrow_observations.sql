-- Observations become one narrow B-tree: a row is its KPI's number, the
-- period (days since 1970-01-01), the segment, the revision, the three
-- figures, the number of the import that wrote it and when a later
-- revision replaced it. Who wrote a row, when and under which name are
-- the import's (they were the same on every row of an import, copied a
-- million times for a large file); a row keeps its own source only where
-- it differs from the import's. The observations' per-row ids are gone:
-- a KPI, period, segment and revision name an observation.
--
-- KPIs and imports get a number for observations to refer to, handed out
-- on insert (by the triggers below on SQLite, an identity on PostgreSQL).
-- Observations have no foreign key: the import checks every row's KPI,
-- and KPIs and imports are never deleted.
ALTER TABLE kpis ADD COLUMN seq INTEGER;
UPDATE kpis SET seq = r.n
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS n FROM kpis) r WHERE r.id = kpis.id;
CREATE UNIQUE INDEX kpis_seq ON kpis (seq);
CREATE TRIGGER kpis_seq AFTER INSERT ON kpis WHEN NEW.seq IS NULL BEGIN
	UPDATE kpis SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM kpis) WHERE id = NEW.id;
END;

ALTER TABLE imports ADD COLUMN seq INTEGER;
ALTER TABLE imports ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN created_name TEXT NOT NULL DEFAULT '';

-- Rows no import names (none are written so, but the column allowed it)
-- get one import per alliance, moment and submitter.
INSERT INTO imports (id, alliance_id, format, filename, sha256, rows_read, rows_new, rows_revised, rows_unchanged,
	created_by, created_at, created_name)
SELECT lower(hex(randomblob(16))), k.alliance_id, 'migrated', '', '', COUNT(*), COUNT(*), 0, 0,
	o.submitted_by, o.recorded_at, o.submitted_name
FROM observations o JOIN kpis k ON k.id = o.kpi_id
WHERE o.import_id IS NULL OR o.import_id NOT IN (SELECT id FROM imports)
GROUP BY k.alliance_id, o.recorded_at, o.submitted_by, o.submitted_name;
UPDATE observations SET import_id = (SELECT i.id FROM imports i JOIN kpis k ON k.alliance_id = i.alliance_id
	WHERE k.id = observations.kpi_id AND i.format = 'migrated' AND i.created_at = observations.recorded_at
	AND i.created_by IS observations.submitted_by AND i.created_name = observations.submitted_name)
WHERE import_id IS NULL OR import_id NOT IN (SELECT id FROM imports);

UPDATE imports SET seq = r.n
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS n FROM imports) r WHERE r.id = imports.id;
UPDATE imports SET source = a.source, created_name = a.name
FROM (SELECT import_id, MAX(source) AS source, MAX(submitted_name) AS name FROM observations GROUP BY import_id) a
WHERE a.import_id = imports.id;
CREATE UNIQUE INDEX imports_seq ON imports (seq);
CREATE TRIGGER imports_seq AFTER INSERT ON imports WHEN NEW.seq IS NULL BEGIN
	UPDATE imports SET seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM imports) WHERE id = NEW.id;
END;

CREATE TABLE observations_narrow (
	kpi_seq INTEGER NOT NULL,
	period INTEGER NOT NULL,
	segment TEXT NOT NULL,
	revision INTEGER NOT NULL,
	value INTEGER,
	numerator INTEGER,
	denominator INTEGER,
	import_seq INTEGER NOT NULL,
	source TEXT,
	superseded_at TEXT,
	PRIMARY KEY (kpi_seq, period, segment, revision)
) WITHOUT ROWID;

INSERT INTO observations_narrow (kpi_seq, period, segment, revision, value, numerator, denominator, import_seq, source, superseded_at)
SELECT k.seq, unixepoch(o.period) / 86400, o.segment, o.revision, o.value, o.numerator, o.denominator,
	i.seq, NULLIF(o.source, i.source), o.superseded_at
FROM observations o JOIN kpis k ON k.id = o.kpi_id JOIN imports i ON i.id = o.import_id;

DROP TABLE observations;
ALTER TABLE observations_narrow RENAME TO observations;
