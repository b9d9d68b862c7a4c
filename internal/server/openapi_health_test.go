package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
)

// isHealthPath reports whether a documented path belongs to the health
// surveys, which TestOpenAPIHealth checks on its own.
func isHealthPath(path string) bool {
	return strings.Contains(path, "/health/") || isHealthResultsPath(path)
}

// isHealthSurveyPath is a path of the surveys' running and answering
// (TestOpenAPIHealth); isHealthResultsPath, of their results
// (TestOpenAPIHealthResults).
func isHealthSurveyPath(path string) bool { return strings.Contains(path, "/health/") }

func isHealthResultsPath(path string) bool { return strings.HasSuffix(path, "/health") }

const healthAPI = nv + "/health"

// TestOpenAPIHealth walks the health surveys' operations as clients would,
// on both databases, each answer checked against the document.
func TestOpenAPIHealth(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c := newChecker(t, a)
			today := a.db.Now().UTC()
			c.vars["opens"] = today.AddDate(0, 0, 1).Format("2006-01-02")
			c.vars["closes"] = today.AddDate(0, 0, 14).Format("2006-01-02")
			for _, tc := range append(healthCases(), genericCases(c.doc, isHealthSurveyPath)...) {
				c.do(tc)
			}
			c.checkCoverage(isHealthSurveyPath)
		})
	}
}

// saveFirstInstrument keeps the first instrument's id as {instrument}.
func saveFirstInstrument(c *checker, b []byte) {
	var l struct{ Items []struct{ ID string } }
	json.Unmarshal(b, &l)
	if len(l.Items) == 0 {
		c.t.Fatal("no instrument listed: the default one is not stored")
	}
	c.vars["instrument"] = l.Items[0].ID
}

func healthCases() []apiCase {
	settings := `{"min_respondents":6,"gap_threshold":"0.75","every_months":3,"open_days":14,"reminder_days":[7,12]}`
	round := `{"instrument_id":"{instrument}","opens_on":"{opens}","closes_on":"{closes}"}`
	answer := `{"answers":{"trust.word":4,"pace.decisions":2},"comments":{"trust":"Mostly."}}`
	return []apiCase{
		{name: "settings", method: "GET", path: healthAPI + "/settings", who: "admin", status: 200, save: wantValue("min_respondents", float64(5))},
		{name: "not an admin", method: "GET", path: healthAPI + "/settings", who: "executive", status: 403},
		{name: "change", method: "PUT", path: healthAPI + "/settings", who: "admin", body: settings, status: 200, save: wantValue("gap_threshold", "0.75")},
		{name: "below three", method: "PUT", path: healthAPI + "/settings", who: "admin", status: 422, field: "min_respondents", req: reqInvalid,
			body: `{"min_respondents":2,"gap_threshold":"1","every_months":3,"open_days":14,"reminder_days":[]}`},
		{name: "default instrument", method: "GET", path: healthAPI + "/instruments", who: "admin", status: 200, save: saveFirstInstrument},
		{name: "add a statement", method: "POST", path: healthAPI + "/instruments", who: "admin", status: 201, save: wantValue("version", float64(2)),
			body: `{"instrument_id":"{instrument}","factor":"trust","text":"The other parties share bad news early."}`},
		{name: "no text", method: "POST", path: healthAPI + "/instruments", who: "admin", status: 422, field: "text",
			body: `{"instrument_id":"{instrument}","factor":"trust","text":""}`},
		{name: "no round open", method: "GET", path: healthAPI + "/answer", who: "session", status: 200, save: wantValue("open", false)},
		{name: "nothing to answer", method: "POST", path: healthAPI + "/answer", who: "session", body: answer, status: 409},
		{name: "schedule", method: "POST", path: healthAPI + "/rounds", who: "admin", body: round, status: 201, save: saveID("round", "", "")},
		{name: "overlapping", method: "POST", path: healthAPI + "/rounds", who: "admin", body: round, status: 409},
		{name: "bad day", method: "POST", path: healthAPI + "/rounds", who: "admin", status: 422, field: "opens_on",
			body: `{"instrument_id":"{instrument}","opens_on":"soon","closes_on":"{closes}"}`},
		{name: "rounds", method: "GET", path: healthAPI + "/rounds", who: "admin", status: 200},
		{name: "not an admin", method: "GET", path: healthAPI + "/rounds", who: "observer", status: 403},
		{name: "not an admin", method: "GET", path: healthAPI + "/instruments", who: "executive", status: 403},
		{name: "bad status", method: "GET", path: healthAPI + "/rounds?status=maybe", who: "admin", status: 422, field: "status", req: reqInvalid},
		{name: "close before open", method: "POST", path: healthAPI + "/rounds/{round}/close", who: "admin", status: 409},
		{name: "open", method: "POST", path: healthAPI + "/rounds/{round}/open", who: "admin", status: 200, save: wantValue("status", "open")},
		{name: "open twice", method: "POST", path: healthAPI + "/rounds/{round}/open", who: "admin", status: 409},
		{name: "no such round", method: "POST", path: healthAPI + "/rounds/nope/open", who: "admin", status: 404},
		{name: "questionnaire", method: "GET", path: healthAPI + "/answer", who: "session", status: 200, save: wantValue("answered", false)},
		{name: "read token", method: "GET", path: healthAPI + "/answer", who: "admin-read", status: 403},
		{name: "unknown statement", method: "POST", path: healthAPI + "/answer", who: "executive", status: 422, field: "answers",
			body: `{"answers":{"mood":3}}`},
		{name: "answer", method: "POST", path: healthAPI + "/answer", who: "executive", body: answer, status: 201, save: wantValue("recorded", true)},
		{name: "answer twice", method: "POST", path: healthAPI + "/answer", who: "executive", body: answer, status: 409},
		{name: "close", method: "POST", path: healthAPI + "/rounds/{round}/close", who: "admin", status: 200, save: wantValue("responses", float64(1))},
		{name: "no such round", method: "POST", path: healthAPI + "/rounds/nope/close", who: "admin", status: 404},
	}
}
