# whatfailed.awk: from `go test -v` output, prints what each failed test
# said. go test -v streams a test's t.Error/t.Log lines under the latest
# "=== RUN/CONT/NAME" header and reports "--- FAIL: name" later, so the
# lines are kept per test and printed for the tests that failed. Panics are
# printed as they come.
/^=== (RUN|CONT|NAME)/ { cur = $3; next }
/^=== / { next }
/^panic:/ { panicking = 1 }
panicking { print; next }
/^[ \t]+[^ \t]+_test\.go:[0-9]+:/ { said[cur] = said[cur] $0 "\n"; next }
/^[ \t]*--- FAIL: / {
	name = $3
	failed[++n] = name
	next
}
END {
	for (i = 1; i <= n; i++) {
		if (said[failed[i]] != "") {
			print "--- " failed[i]
			printf "%s", said[failed[i]]
		}
	}
}
