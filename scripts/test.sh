#!/usr/bin/env bash
# Runs every accord test: formatting, vet, staticcheck, and `go test` on SQLite and
# PostgreSQL with the browser tests in headless Chromium.
#
# PostgreSQL: uses ACCORD_TEST_POSTGRES, or a server on 127.0.0.1:5432; if
# none answers and PostgreSQL's binaries are installed, starts a throwaway
# server in a temporary folder for the run.
# Chromium: uses ACCORD_CHROMIUM, /usr/bin/chromium or chromium on PATH.
# Without them those tests are skipped, unless ACCORD_STRICT=1 (CI=true
# implies it): then a missing database or browser, or any skipped test, fails.
set -euo pipefail
cd "$(dirname "$0")/.."

strict=${ACCORD_STRICT:-}
if [[ "${CI:-}" == "true" ]]; then strict=1; fi

say() { printf '\n== %s\n' "$*"; }

pg_answers() {
	go run ./scripts/pgping "$1" >/dev/null 2>&1
}

start_throwaway_postgres() {
	local bindir initdb
	initdb=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1 || true)
	[[ -n "$initdb" && -x "$initdb" ]] || return 1
	bindir=$(dirname "$initdb")
	PGTMP=$(mktemp -d /tmp/accord-pg.XXXXXX)
	local runas=()
	if [[ $(id -u) == 0 ]]; then
		id postgres >/dev/null 2>&1 || return 1
		chown postgres "$PGTMP"
		runas=(runuser -u postgres --)
	fi
	"${runas[@]}" "$bindir/initdb" -D "$PGTMP/data" -A trust -U postgres >/dev/null
	"${runas[@]}" "$bindir/pg_ctl" -D "$PGTMP/data" -o "-p 55432 -k $PGTMP -c listen_addresses=127.0.0.1" -l "$PGTMP/log" -w start >/dev/null
	trap '"${runas[@]}" "$bindir/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"' EXIT
	export ACCORD_TEST_POSTGRES="postgres://postgres@127.0.0.1:55432/postgres?sslmode=disable"
}

say "gofmt and go vet"
unformatted=$(gofmt -l cmd internal)
if [[ -n "$unformatted" ]]; then echo "not gofmt-formatted:"; echo "$unformatted"; exit 1; fi
go vet ./...

say "staticcheck"
# Pinned so that every machine reports the same findings; installed into
# the Go bin folder on first use (a clean machine needs only Go and the
# module proxy).
staticcheck_version=v0.8.2
staticcheck=$(go env GOPATH)/bin/staticcheck
if ! [[ -x "$staticcheck" ]] || ! "$staticcheck" -version 2>/dev/null | grep -q "${staticcheck_version#v}"; then
	echo "installing staticcheck $staticcheck_version"
	go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version"
fi
"$staticcheck" ./...

say "PostgreSQL"
export ACCORD_TEST_POSTGRES=${ACCORD_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
if pg_answers "$ACCORD_TEST_POSTGRES"; then
	echo "using $ACCORD_TEST_POSTGRES"
elif start_throwaway_postgres; then
	echo "started a throwaway server: $ACCORD_TEST_POSTGRES"
elif [[ -n "$strict" ]]; then
	echo "no PostgreSQL server answers and none could be started" >&2; exit 1
else
	echo "no PostgreSQL: its tests will be skipped"
fi

say "Chromium"
if [[ -z "${ACCORD_CHROMIUM:-}" ]]; then
	ACCORD_CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
fi
export ACCORD_CHROMIUM
if [[ -n "$ACCORD_CHROMIUM" ]]; then echo "using $ACCORD_CHROMIUM"; else echo "no Chromium: browser tests will be skipped"; fi

if [[ -n "$strict" ]]; then
	export ACCORD_REQUIRE_POSTGRES=1 ACCORD_REQUIRE_BROWSER=1
fi

say "go test"
log=$(mktemp)
set +e
# The server package runs for several minutes on a 2-core machine: the
# default 10-minute limit per package is too close.
go test -count=1 -p 2 -timeout 30m -v ./... 2>&1 | tee "$log" | grep -E '^(ok|FAIL|---|panic|\s+--- (FAIL|SKIP))' 
status=${PIPESTATUS[0]}
set -e
skipped=$(grep -cE -- '--- SKIP' "$log" || true)
passed=$(grep -cE -- '--- PASS' "$log" || true)
failed=$(grep -cE -- '--- FAIL' "$log" || true)
if [[ $status != 0 ]]; then
	# What the failing tests said, test by test, and any panic.
	echo; echo "== what failed"
	awk -f scripts/whatfailed.awk "$log" | head -300 || true
fi
rm -f "$log"

# A short fuzz pass in CI (ACCORD_FUZZ=1 asks for it elsewhere): each fuzz
# target of the tree, found by its `func FuzzXxx` line, one at a time and on
# one core for ACCORD_FUZZTIME new inputs (3000x), a few seconds a target.
# A count, not a duration: Go 1.26 can fail a target with "context deadline
# exceeded" when a duration runs out on a busy machine (go.dev/issue/75804).
# The seed corpora already ran with the unit tests; this tries new inputs.
# A failure prints what the target said; its input is left in the package's
# testdata/fuzz/FuzzXxx for `go test -run=FuzzXxx/<name>` to replay.
fuzz_summary=""
fuzz_failed=()
if [[ "${CI:-}" == "true" || -n "${ACCORD_FUZZ:-}" ]]; then
	say "fuzz"
	fuzztime=${ACCORD_FUZZTIME:-3000x}
	flog=$(mktemp)
	targets=0
	fuzz_start=$SECONDS
	while IFS=: read -r file target; do
		pkg=./$(dirname "$file")
		targets=$((targets + 1))
		if go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" -parallel 1 "$pkg" </dev/null >"$flog" 2>&1; then
			echo "ok   $pkg $target"
		else
			echo "FAIL $pkg $target"
			grep -vE '^fuzz: elapsed' "$flog" | tail -30 | sed 's/^/    /'
			fuzz_failed+=("$pkg $target")
		fi
	done < <(grep -rHoE --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+' cmd internal | sed 's/func //' | sort)
	rm -f "$flog"
	fuzz_summary="fuzz: $targets targets for $fuzztime each, ${#fuzz_failed[@]} failed ($((SECONDS - fuzz_start))s)"
fi

echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [[ -n "$fuzz_summary" ]]; then echo "$fuzz_summary"; fi
for f in "${fuzz_failed[@]}"; do echo "  fuzz failed: $f"; done
if [[ $status != 0 ]]; then exit "$status"; fi
if [[ ${#fuzz_failed[@]} != 0 ]]; then exit 1; fi
if [[ -n "$strict" && $skipped != 0 ]]; then
	echo "strict mode: $skipped test(s) were skipped; every test must run" >&2
	exit 1
fi
