// The same per-beneficiary sums, truncation and totals as `accord settle
// --claims` (docs/settlement.md, "From claims files"), computed by DuckDB
// over the same CSV files, for the benchmark in docs/benchmarks.md:
//
//   npm install --prefix bench/claims
//   node bench/claims/duckdb.mjs DIR [YEAR] [RUNOUT_MONTHS] [PERCENTILE]
//
// It prints the totals in cents as JSON, and the wall-clock time.
import { DuckDBInstance } from '@duckdb/node-api';

const [dir, yearArg = '2022', runoutArg = '3', pctArg = '99'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node duckdb.mjs DIR [YEAR] [RUNOUT_MONTHS] [PERCENTILE]');
  process.exit(2);
}
const year = Number(yearArg), runout = Number(runoutArg), pct = Number(pctArg) / 100;
const csv = (f) => `read_csv('${dir}/${f}', header = true, all_varchar = true)`;
const lastLoad = `(DATE '${year + 1}-01-01' + INTERVAL ${runout} MONTH - INTERVAL 1 DAY)`;

const sql = `
WITH enr AS (
  SELECT DISTINCT CURRENT_BENE_MBI_ID AS b, date_trunc('month', CAST(BENE_MEMBER_MONTH AS DATE)) AS m
  FROM ${csv('enrollment.csv')}
  WHERE year(CAST(BENE_MEMBER_MONTH AS DATE)) = ${year}
),
lines AS (
  SELECT BENE_MBI_ID AS b, CAST(CLM_THRU_DT AS DATE) AS d, CAST(CLM_PMT_AMT AS DECIMAL(18,2)) AS amt,
         CLM_ADJSMT_TYPE_CD AS adj, CAST(CLM_IDR_LD_DT AS DATE) AS ld
  FROM ${csv('parta_claims_header.csv')}
  UNION ALL
  SELECT BENE_MBI_ID, CAST(COALESCE(NULLIF(CLM_LINE_THRU_DT, ''), CLM_THRU_DT) AS DATE), CAST(CLM_LINE_CVRD_PD_AMT AS DECIMAL(18,2)),
         CLM_ADJSMT_TYPE_CD, CAST(CLM_IDR_LD_DT AS DATE)
  FROM ${csv('partb_physicians.csv')}
  UNION ALL
  SELECT BENE_MBI_ID, CAST(COALESCE(NULLIF(CLM_LINE_THRU_DT, ''), CLM_THRU_DT) AS DATE), CAST(CLM_LINE_CVRD_PD_AMT AS DECIMAL(18,2)),
         CLM_ADJSMT_TYPE_CD, CAST(CLM_IDR_LD_DT AS DATE)
  FROM ${csv('partb_dme.csv')}
),
counted AS (
  SELECT l.b, SUM(CASE WHEN l.adj = '1' THEN -l.amt ELSE l.amt END) AS tot
  FROM lines l JOIN enr e ON e.b = l.b AND e.m = date_trunc('month', l.d)
  WHERE year(l.d) = ${year} AND ${runout < 0 ? 'TRUE' : `l.ld <= ${lastLoad}`}
  GROUP BY l.b
),
totals AS (
  SELECT bene.b, COALESCE(c.tot, 0) AS tot FROM (SELECT DISTINCT b FROM enr) bene LEFT JOIN counted c USING (b)
),
ranked AS (
  SELECT tot, row_number() OVER (ORDER BY tot) AS rn, count(*) OVER () AS n FROM totals
),
cap AS (
  SELECT tot AS cap FROM ranked WHERE rn = greatest(ceil(${pct} * n), 1)
)
SELECT
  (SELECT count(*) FROM totals) AS beneficiaries,
  (SELECT count(*) FROM enr) AS member_months,
  CAST(round((SELECT sum(tot) FROM totals) * 100) AS BIGINT) AS raw_expenditure_cents,
  CAST(round((SELECT cap FROM cap) * 100) AS BIGINT) AS truncation_cents,
  CAST(round((SELECT sum(${pct > 0 ? 'least(tot, (SELECT cap FROM cap))' : 'tot'}) FROM totals) * 100) AS BIGINT) AS expenditure_cents
`;

const start = process.hrtime.bigint();
const db = await DuckDBInstance.create(':memory:');
const conn = await db.connect();
const reader = await conn.runAndReadAll(sql);
const [row] = reader.getRowObjectsJson();
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ ...row, seconds: Number(seconds.toFixed(2)) }));
