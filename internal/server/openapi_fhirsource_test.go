package server_test

import (
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

func isFHIRSourcePath(path string) bool { return strings.HasSuffix(path, "/fhir-source") }

const fhirSourcePath = nv + "/fhir-source"

// TestOpenAPIFHIRSource checks the FHIR source's operations against the
// document: none set, refusals, setting it, reading it back without any
// token, and the refusals every operation of its kind must give.
func TestOpenAPIFHIRSource(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			const good = `{"base_url":"https://fhir.example.org/r4","token_file":"north-valley.token","every_hours":6,"enabled":true}`
			for _, tc := range []apiCase{
				{name: "none set", method: "GET", path: fhirSourcePath, who: "admin", status: 404},
				{name: "not an admin", method: "GET", path: fhirSourcePath, who: "executive", status: 403},
				{name: "read token", method: "GET", path: fhirSourcePath, who: "admin-read", status: 403},
				{name: "set", method: "PUT", path: fhirSourcePath, who: "admin", body: good, status: 200, save: wantValue("every_hours", float64(6))},
				{name: "not an admin", method: "PUT", path: fhirSourcePath, who: "executive", body: good, status: 403},
				{name: "bad URL", method: "PUT", path: fhirSourcePath, who: "admin", status: 422, field: "base_url",
					body: `{"base_url":"ftp://fhir.example.org","every_hours":6}`},
				{name: "token file in a folder", method: "PUT", path: fhirSourcePath, who: "admin", status: 422, field: "token_file",
					body: `{"base_url":"https://fhir.example.org/r4","token_file":"../../etc/passwd","every_hours":6}`},
				{name: "too rarely", method: "PUT", path: fhirSourcePath, who: "admin", status: 422, field: "every_hours", req: reqInvalid,
					body: `{"base_url":"https://fhir.example.org/r4","every_hours":500}`},
				{name: "read back", method: "GET", path: fhirSourcePath, who: "session", status: 200, save: func(c *checker, b []byte) {
					wantValue("token_file", "north-valley.token")(c, b)
					wantNoField(c, b, "last_run")
				}},
			} {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isFHIRSourcePath) {
				c.do(tc)
			}
			c.checkCoverage(isFHIRSourcePath)
		})
	}
}
