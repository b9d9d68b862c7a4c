// Converts a claims directory's CSV files to Parquet with DuckDB, for the
// Parquet line of the claims benchmark (docs/settlement.md, "Parquet"):
// dates as DATE, amounts as DECIMAL(18,2), everything else as text, the
// way a data warehouse would export them.
//
//   npm install --prefix bench/claims
//   node bench/claims/to-parquet.mjs CSV_DIR PARQUET_DIR
import { DuckDBInstance } from '@duckdb/node-api';

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: node to-parquet.mjs CSV_DIR PARQUET_DIR');
  process.exit(2);
}
const files = ['enrollment', 'parta_claims_header', 'partb_physicians', 'partb_dme'];
const db = await (await DuckDBInstance.create(':memory:')).connect();
for (const f of files) {
  const csv = `read_csv('${src}/${f}.csv', header = true, all_varchar = true)`;
  const cols = (await (await db.run(`DESCRIBE SELECT * FROM ${csv}`)).getRowObjects()).map((r) => r.column_name);
  const select = cols.map((c) => {
    if (/_DT$|_DATE$|^BENE_MEMBER_MONTH$/.test(c)) return `CAST(NULLIF("${c}", '') AS DATE) AS "${c}"`;
    if (/_AMT$/.test(c)) return `CAST(NULLIF("${c}", '') AS DECIMAL(18,2)) AS "${c}"`;
    return `"${c}"`;
  });
  const t0 = Date.now();
  await db.run(`COPY (SELECT ${select.join(', ')} FROM ${csv}) TO '${dst}/${f}.parquet' (FORMAT PARQUET)`);
  console.error(`${f}.parquet written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
