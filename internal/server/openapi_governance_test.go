package server_test

import (
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// isGovernancePath reports whether a documented path belongs to
// co-governance, which TestOpenAPIGovernance checks on its own.
func isGovernancePath(path string) bool {
	for _, p := range []string{"/committees", "/meetings", "/action-items", "/motions", "/decisions", "/protocols", "/proxies", "/calendar-feed"} {
		if strings.Contains(path, p) {
			return true
		}
	}
	return false
}

// TestOpenAPIGovernance checks every governance operation against the
// document: the walk-through of TestGovernanceAPI, the refusals every
// operation of its kind must give, then that every status the document
// promises was seen.
func TestOpenAPIGovernance(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			newGovFlow(t, a, c).run()
			runCheckIn(t, a, c)
			pdfWithoutChromium(t, d, c)
			for _, tc := range genericCases(c.doc, isGovernancePath) {
				c.do(tc)
			}
			c.checkCoverage(isGovernancePath)
		})
	}
}
