package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

func isCharterPath(path string) bool { return strings.Contains(path, "/charter") }

const charterPath = nv + "/charter"

// TestOpenAPICharter checks the charter review's operations against the
// document: reading the charter, answering the review (refused to a
// non-executive, invalid without text, once per party) and setting its
// date, and the refusals every operation of its kind must give.
func TestOpenAPICharter(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			for _, tc := range []apiCase{
				{name: "read", method: "GET", path: charterPath, who: "member", status: 200, save: func(c *checker, b []byte) {
					var ch struct {
						Current struct{ Due bool } `json:"current"`
					}
					if json.Unmarshal(b, &ch) != nil || !ch.Current.Due {
						c.t.Errorf("the demo's charter review is not due: %s", b)
					}
				}},
				{name: "not an executive", method: "POST", path: charterPath + "/review", who: "observer", body: `{"kind":"reaffirm"}`, status: 403},
				{name: "no kind", method: "POST", path: charterPath + "/review", who: "executive", body: `{"kind":"agree"}`, status: 422, field: "kind", req: reqInvalid},
				{name: "proposal without text", method: "POST", path: charterPath + "/review", who: "executive", status: 422, field: "vision",
					body: `{"kind":"propose","name":"North Valley Care Alliance"}`},
				{name: "reaffirm", method: "POST", path: charterPath + "/review", who: "executive", body: `{"kind":"reaffirm"}`, status: 201,
					save: wantValue("kind", "reaffirm")},
				{name: "again", method: "POST", path: charterPath + "/review", who: "executive", body: `{"kind":"reaffirm"}`, status: 409},
				{name: "not an admin", method: "PUT", path: charterPath + "/review-date", who: "executive", body: `{"review_on":"2027-03-01"}`, status: 403},
				{name: "not a date", method: "PUT", path: charterPath + "/review-date", who: "admin", body: `{"review_on":"March"}`, status: 422, field: "review_on", req: reqInvalid},
				{name: "set", method: "PUT", path: charterPath + "/review-date", who: "admin", body: `{"review_on":"2027-03-01"}`, status: 200,
					save: wantValue("review_on", "2027-03-01T00:00:00Z")},
			} {
				c.do(tc)
			}
			for _, tc := range genericCases(c.doc, isCharterPath) {
				c.do(tc)
			}
			c.checkCoverage(isCharterPath)
		})
	}
}
