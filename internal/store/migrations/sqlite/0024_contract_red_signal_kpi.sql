-- A contract's review signal because a KPI named by its terms is red
-- (rule kpi_red) quotes that KPI's colour, so it now carries the KPI in
-- kpi_id and is shown to a party only as that KPI's sharing allows
-- (docs/sharing.md). Signals opened before carry the KPI's key only inside
-- their condition_key (kind|rule|contract:{id}|{kpi key}|effect); this
-- fills kpi_id in from it. subject_type stays 'contract': the signal is
-- still the contract's.
UPDATE signals SET kpi_id = (
	SELECT k.id FROM kpis k WHERE k.alliance_id = signals.alliance_id
		AND signals.condition_key = signals.kind || '|' || signals.rule || '|' || signals.subject_type || ':' || signals.subject_id || '|' || k.key || '|' || signals.effect
)
WHERE subject_type = 'contract' AND rule = 'kpi_red' AND kpi_id IS NULL;
