#!/usr/bin/env bash
# Claims settlement benchmark (issue 6): accord settle --claims against DuckDB
# computing the same per-beneficiary sums, truncation and totals over the
# same CSV files, in the same run. Prints a Markdown table for
# docs/benchmarks.md and fails if the two disagree on any total.
#
#   bench/claims/run.sh [DIR] [BENEFICIARIES] [LINES]
#
# Needs Node.js (npm install --prefix bench/claims) and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-/tmp/accord-claims-bench}
benes=${2:-1000000}
lines=${3:-10000000}

go build -o /tmp/accord-bench ./cmd/accord
if [[ ! -f "$dir/enrollment.csv" ]]; then
	echo "generating $lines claim lines for $benes beneficiaries in $dir"
	/tmp/accord-bench gen claims --dir "$dir" --beneficiaries "$benes" --lines "$lines"
fi
[[ -d bench/claims/node_modules ]] || npm install --prefix bench/claims --no-audit --no-fund >/dev/null

summary=$(mktemp)
echo '{"benchmark_expenditure": "1", "quality_score": 0.9, "quality_standard_met": true, "minimum_savings_rate": 0.02}' >"$summary"
measure() { # prints "seconds maxrss_kib" of the command, its stdout to $out
	local t; t=$(mktemp)
	/usr/bin/time -f '%e %M' -o "$t" "$@" >"$out"
	cat "$t"
}
out=$(mktemp)
read -r a_sec a_kib < <(measure /tmp/accord-bench settle --terms mssp-2022-basic-a --claims "$dir" --year 2022 --summary "$summary")
a_json=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["claims"]; print(json.dumps({k: c[k] for k in ("beneficiaries","member_months","raw_expenditure_cents","truncation_cents","expenditure_cents")}, sort_keys=True))' "$out")
read -r d_sec d_kib < <(measure node bench/claims/duckdb.mjs "$dir" 2022 3 99)
d_json=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(json.dumps({k: int(c[k]) for k in ("beneficiaries","member_months","raw_expenditure_cents","truncation_cents","expenditure_cents")}, sort_keys=True))' "$out")
rm -f "$summary" "$out"

size=$(du -sh "$dir" | cut -f1)
echo
echo "| settle $lines claim lines, $benes beneficiaries ($size of CSV) | wall-clock | peak memory |"
echo "|---|---|---|"
echo "| accord settle --claims | ${a_sec} s | $((a_kib / 1024)) MiB |"
echo "| DuckDB (node, same sums, truncation and totals) | ${d_sec} s | $((d_kib / 1024)) MiB |"
echo
echo "accord: $a_json"
echo "duckdb: $d_json"
if [[ "$a_json" != "$d_json" ]]; then
	echo "the totals differ" >&2
	exit 1
fi
echo "the totals agree to the cent"
