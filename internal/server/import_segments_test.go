package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// wholeKPI proposes and approves, for the provider, a rate KPI with no
// segment dimension (an empty segment_by) and a FHIR Measure URL.
func (a *app) wholeKPI(key, measure string) accord.KPI {
	a.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	al := mustAlliance(a.t, a)
	parties, _ := a.db.ListParties(ctx, al.ID)
	var provider string
	for _, p := range parties {
		if p.Role == accord.PartyProvider {
			provider = p.ID
		}
	}
	k := accord.KPI{AllianceID: al.ID, Key: key, Name: "Whole " + key, Category: accord.CatQuality, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, OwnerPartyID: provider, MeasureURL: measure}
	if err := a.db.ProposeKPI(ctx, actor, provider, &k); err != nil {
		a.t.Fatal(err)
	}
	for _, p := range parties {
		if p.ID != provider {
			if _, err := a.db.Approve(ctx, actor, al.ID, "kpi", k.ID, p.ID); err != nil {
				a.t.Fatal(err)
			}
		}
	}
	return k
}

// TestImportRefusesSegmentsOfKPIWithoutSegments sends rows giving a segment
// for a KPI without segments through every way in: the upload page, the
// API's observation batch, a CSV file and a FHIR MeasureReport with strata
// to the API. Each is refused naming every such row's line and the segment
// field, and nothing is written.
func TestImportRefusesSegmentsOfKPIWithoutSegments(t *testing.T) {
	const measure = "https://measures.accord-test.example/Measure/whole-a1c"
	const want = "has no segments; leave segment empty"
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			k := a.wholeKPI("whole-a1c", measure)
			const email = "elena.vasquez@riversidepg.example" // provider executive
			const file = "kpi,period,segment,numerator,denominator\nwhole-a1c,2024-01,,80,100\nwhole-a1c,2024-02,Eastgate,81,100\nwhole-a1c,2024-03,Northside,82,100\n"

			status, page := a.upload(a.login(email), "whole.csv", file)
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, "2 rows have problems") ||
				strings.Count(page, "Whole whole-a1c&#39; "+want) != 2 || !strings.Contains(page, ">segment<") {
				t.Errorf("upload: status %d; want 422 naming lines 3 and 4's segment as the KPI having no segments", status)
			}

			tok := a.token(email, "write")
			batch := `{"observations":[{"kpi":"whole-a1c","period":"2024-01","numerator":80,"denominator":100},` +
				`{"kpi":"whole-a1c","period":"2024-02","segment":"Eastgate","numerator":81,"denominator":100}]}`
			checkRefused(t, "observation batch", rawReport(t, a, "/observations", tok, batch, "application/json"), "request", 2)
			checkRefused(t, "CSV file", rawReport(t, a, "/imports?filename=whole.csv", tok, file, "text/csv"), "whole.csv", 3, 4)
			fhir := measureReport("whole-p1", measure, "2024-01-01", 80, 100, map[string][2]int{"Eastgate": {50, 60}})
			checkRefused(t, "FHIR MeasureReport", rawReport(t, a, "/imports?filename=whole.json&all_or_nothing=true", tok, fhir, "application/fhir+json"), "whole.json", 1)

			if obs, _ := a.db.Observations(context.Background(), k.ID, nil, false); len(obs) != 0 {
				t.Fatalf("refused imports wrote %d observations", len(obs))
			}
			// Without the segments, the same file imports.
			ok := strings.NewReplacer("Eastgate", "", "Northside", "").Replace(file)
			if status, b := rawAPI(t, a, "POST", nv+"/imports?filename=whole.csv", tok, ok, "text/csv"); status != http.StatusCreated {
				t.Fatalf("the file without segments: status %d %s, want 201", status, b)
			}
		})
	}
}

type segmentReport struct {
	status int
	Errors []accord.RowError `json:"errors"`
}

// rawReport posts body to the alliance's API path and decodes the import report.
func rawReport(t *testing.T, a *app, path, tok, body, ctype string) segmentReport {
	t.Helper()
	status, b := rawAPI(t, a, "POST", nv+path, tok, body, ctype)
	r := segmentReport{status: status}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("POST %s: decode %q: %v", path, b, err)
	}
	return r
}

// checkRefused wants a 422 naming the segment of exactly the lines given.
func checkRefused(t *testing.T, what string, r segmentReport, file string, lines ...int) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity || len(r.Errors) != len(lines) {
		t.Errorf("%s: status %d, errors %+v; want 422 naming lines %v", what, r.status, r.Errors, lines)
		return
	}
	for i, e := range r.Errors {
		if e.File != file || e.Line != lines[i] || e.Field != "segment" || !strings.HasSuffix(e.Message, "has no segments; leave segment empty") {
			t.Errorf("%s: error %d = %+v; want %s line %d, field segment, the KPI having no segments", what, i, e, file, lines[i])
		}
	}
}
