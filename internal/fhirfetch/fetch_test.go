package fhirfetch

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/ingest"
)

const colURL = "http://hl7.org/fhir/us/davinci-deqm/Measure/measure-exm130-FHIR"

// fixtureEntries reads the MeasureReports of a fixture of internal/fhir:
// a resource, or a Bundle's entries.
func fixtureEntries(t *testing.T, name string) []json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fhir", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		ResourceType string `json:"resourceType"`
		Entry        []struct {
			Resource json.RawMessage `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(b, &bundle); err != nil {
		t.Fatal(err)
	}
	if bundle.ResourceType != "Bundle" {
		return []json.RawMessage{b}
	}
	var out []json.RawMessage
	for _, e := range bundle.Entry {
		out = append(out, e.Resource)
	}
	return out
}

// fhirServer serves the DEQM fixtures as a searchset in pages of two,
// with an OperationOutcome on the first page as servers add, checking the
// token and the search parameters.
func fhirServer(t *testing.T, token string) *httptest.Server {
	t.Helper()
	entries := append(fixtureEntries(t, "deqm-individual-bundle.json"), fixtureEntries(t, "deqm-stratified.json")...)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login","diagnostics":"invalid token"}]}`))
			return
		}
		q := r.URL.Query()
		if r.URL.Path != "/fhir/MeasureReport" || q.Get("measure") != colURL || q.Get("period") != "ge2019-01-01" {
			t.Errorf("request %s; want a MeasureReport search by measure and period", r.URL)
		}
		page := 0
		if q.Get("page") == "2" {
			page = 1
		}
		b := map[string]any{"resourceType": "Bundle", "type": "searchset"}
		var es []any
		if page == 0 {
			es = append(es, map[string]any{"resource": json.RawMessage(`{"resourceType":"OperationOutcome","issue":[]}`), "search": map[string]any{"mode": "outcome"}})
		}
		for _, e := range entries[page*3 : min(len(entries), page*3+3)] {
			es = append(es, map[string]any{"resource": e, "search": map[string]any{"mode": "match"}})
		}
		b["entry"] = es
		if page == 0 {
			next := *r.URL
			q.Set("page", "2")
			next.RawQuery = q.Encode()
			b["link"] = []any{map[string]any{"relation": "self", "url": r.URL.String()}, map[string]any{"relation": "next", "url": srv.URL + next.String()}}
		}
		w.Header().Set("Content-Type", "application/fhir+json")
		json.NewEncoder(w).Encode(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestFetchFollowsPagesAndFeedsTheImport searches a FHIR server the test
// starts, follows its next link, and reads what it fetched as an import
// does: the three individual reports (one pending) and the stratified
// summary, with the Patient and OperationOutcome entries ignored.
func TestFetchFollowsPagesAndFeedsTheImport(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "token"), []byte("s3cret\n"), 0o600)
	token, err := TokenFromFile(filepath.Join(dir, "token"))
	if err != nil || token != "s3cret" {
		t.Fatalf("TokenFromFile = %q, %v", token, err)
	}
	srv := fhirServer(t, token)
	c := &Client{Base: srv.URL + "/fhir/", Token: token, HTTP: srv.Client()}
	measures := SearchMeasures([]string{colURL + "#group-1", colURL, ""})
	if len(measures) != 1 || measures[0] != colURL {
		t.Fatalf("SearchMeasures = %q; want the one Measure URL", measures)
	}
	got, err := c.Fetch(context.Background(), measures, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if got.Reports != 4 || got.Pages != 2 || got.Ignored["Patient"] != 1 || got.Ignored["OperationOutcome"] != 1 {
		t.Fatalf("fetched %d reports in %d pages, ignored %v; want 4 in 2, a Patient and an OperationOutcome", got.Reports, got.Pages, got.Ignored)
	}
	if n := bytes.Count(got.NDJSON, []byte("\n")); n != 4 {
		t.Fatalf("NDJSON has %d lines, want 4", n)
	}
	k := accord.KPI{Key: "col", Name: "Colorectal screening", Unit: accord.UnitPercent, Frequency: accord.Yearly, Direction: accord.HigherIsBetter,
		IsRatio: true, Scale: 100, MeasureURL: colURL, SegmentBy: "gender", Status: accord.KPIApproved}
	res, err := ingest.ReadWith(bytes.NewReader(got.NDJSON), "fhir-server.ndjson", ingest.FHIR, []accord.KPI{k}, time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The pending individual report is left out; the summary of the same
	// KPI, period and segments then repeats the individual sums and is
	// left out too, as docs/fhir.md says of summary and individual
	// reports in one file.
	if len(res.Errors) != 0 || len(res.Rows) != 3 || res.FHIR.MeasureReports != 4 || res.FHIR.Individual != 2 {
		t.Fatalf("import: rows %+v, left out %v, errors %v, summary %+v", res.Rows, res.LeftOut, res.Errors, res.FHIR)
	}
	if len(res.LeftOut) != 4 || !strings.Contains(res.LeftOut[0].Message, "status is pending") || !strings.Contains(res.LeftOut[1].Message, "was already reported by individual reports") {
		t.Errorf("left out = %v; want the pending report, then the summary's three figures the individual reports gave", res.LeftOut)
	}
}

// TestFetchRefuses names the server's own complaint on an error status,
// and does not follow a next link to another server (the token would go
// with it).
func TestFetchRefuses(t *testing.T) {
	srv := fhirServer(t, "right")
	c := &Client{Base: srv.URL + "/fhir", Token: "wrong", HTTP: srv.Client()}
	_, err := c.Fetch(context.Background(), []string{colURL}, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized: invalid token") {
		t.Errorf("wrong token: error %v; want the 401 and the server's diagnostics", err)
	}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"resourceType":"Bundle","type":"searchset","link":[{"relation":"next","url":"http://other.invalid/fhir/MeasureReport?page=2"}]}`))
	}))
	defer elsewhere.Close()
	c = &Client{Base: elsewhere.URL, Token: "t", HTTP: elsewhere.Client()}
	_, err = c.Fetch(context.Background(), []string{colURL}, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))
	if err == nil || !strings.Contains(err.Error(), "on another server") {
		t.Errorf("next link elsewhere: error %v; want it refused", err)
	}
	if _, err := (&Client{Base: "ftp://x"}).Fetch(context.Background(), []string{colURL}, time.Time{}); err == nil {
		t.Errorf("ftp base: no error; want one")
	}
}
