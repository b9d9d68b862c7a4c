-- Kept by every import in the transaction that writes the observations:
-- per-period totals of each KPI's current observations, so the scorecard
-- and the signals sum a few rows a KPI instead of every segment's
-- observation, and the segments each KPI has data for.
--
-- In period_totals, whole is 1 for the whole alliance's row (segment '')
-- and 0 for the segments added up; each figure's sum is kept with the
-- number of rows that have it, so a figure no row has stays absent (SUM
-- over no values is NULL).
CREATE TABLE period_totals (
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	period TEXT NOT NULL,
	whole INTEGER NOT NULL,
	value_sum INTEGER NOT NULL DEFAULT 0,
	value_n INTEGER NOT NULL DEFAULT 0,
	numerator_sum INTEGER NOT NULL DEFAULT 0,
	numerator_n INTEGER NOT NULL DEFAULT 0,
	denominator_sum INTEGER NOT NULL DEFAULT 0,
	denominator_n INTEGER NOT NULL DEFAULT 0,
	points INTEGER NOT NULL,
	last_recorded_at TEXT NOT NULL,
	PRIMARY KEY (kpi_id, period, whole)
) WITHOUT ROWID;

INSERT INTO period_totals (kpi_id, period, whole, value_sum, value_n, numerator_sum, numerator_n,
	denominator_sum, denominator_n, points, last_recorded_at)
SELECT kpi_id, period, CASE WHEN segment = '' THEN 1 ELSE 0 END,
	COALESCE(SUM(value), 0), COUNT(value), COALESCE(SUM(numerator), 0), COUNT(numerator),
	COALESCE(SUM(denominator), 0), COUNT(denominator), COUNT(*), MAX(recorded_at)
FROM observations WHERE superseded_at IS NULL
GROUP BY kpi_id, period, CASE WHEN segment = '' THEN 1 ELSE 0 END;

-- The segments each KPI has observations for, and the latest period of
-- each: the scorecard's segment filter without reading every observation.
CREATE TABLE kpi_segments (
	kpi_id TEXT NOT NULL REFERENCES kpis(id),
	segment TEXT NOT NULL,
	last_period TEXT NOT NULL,
	PRIMARY KEY (kpi_id, segment)
) WITHOUT ROWID;

INSERT INTO kpi_segments (kpi_id, segment, last_period)
SELECT kpi_id, segment, MAX(period) FROM observations
WHERE superseded_at IS NULL AND segment <> ''
GROUP BY kpi_id, segment;
