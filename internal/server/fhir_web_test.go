package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// colMeasure is the Da Vinci DEQM colorectal cancer screening Measure the
// fixtures of internal/fhir/testdata report.
const colMeasure = "http://hl7.org/fhir/us/davinci-deqm/Measure/measure-exm130-FHIR"

// fixture reads one of the FHIR reader's published-shape fixtures.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "fhir", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// colKPI proposes and approves, for the provider, a yearly rate KPI
// segmented by gender carrying the DEQM Measure.
func (a *app) colKPI() accord.KPI {
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
	k := accord.KPI{AllianceID: al.ID, Key: "col", Name: "Colorectal screening", Category: accord.CatQuality, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Yearly, IsRatio: true, OwnerPartyID: provider, SegmentBy: "gender", MeasureURL: colMeasure}
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

// uploadWith posts a file to the import page with the form's other
// fields (the check boxes).
func (a *app) uploadWith(c *http.Client, name, content string, fields map[string]string) (int, string) {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", a.srv.URL+"/a/north-valley/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	return resp.StatusCode, readAll(a.t, resp)
}

// current returns the KPI's current observations by segment.
func current(t *testing.T, a *app, k accord.KPI) map[string]accord.Observation {
	t.Helper()
	obs, err := a.db.Observations(context.Background(), k.ID, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]accord.Observation{}
	for _, o := range obs {
		out[o.Segment] = o
	}
	return out
}

// TestFHIRImportPageInParts uploads the DEQM stratified report through the
// page: read in parts (the default), the preview lists the stratum left out
// with its reasons and the reader's summary; confirmed, it stores the other
// strata, 0 of 0 included, which the KPI page shows as no one in the
// stratum. All or nothing, the same file is refused.
func TestFHIRImportPageInParts(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			k := a.colKPI()
			c := a.login(roleAccounts["admin"])
			file := fixture(t, "deqm-stratified.json")

			status, page := a.uploadWith(c, "deqm-stratified.json", file, map[string]string{"all_or_nothing": "1"})
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, "nothing was imported") || !strings.Contains(page, "has no numerator population") {
				t.Fatalf("all or nothing: status %d; want 422 naming the stratum without populations", status)
			}

			status, page = a.uploadWith(c, "deqm-stratified.json", file, nil)
			for _, want := range []string{"Left out, and why", "group[0].stratifier[1].stratum[2].population", "left out: has no numerator population",
				"FHIR: 1 MeasureReport(s) read; 1 stratum or group figure(s) left out", "6 rows: 6 new"} {
				if !strings.Contains(page, want) {
					t.Errorf("preview in parts: status %d, want %q on the page", status, want)
				}
			}
			m := draftRE.FindStringSubmatch(page)
			if status != http.StatusOK || m == nil {
				t.Fatalf("preview in parts: status %d, no draft to confirm", status)
			}
			resp := a.post(c, "/a/north-valley/import/"+m[1], nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("confirm: status %d, want 200", resp.StatusCode)
			}
			got := current(t, a, k)
			if len(got) != 6 {
				t.Fatalf("stored %d segments, want 6 (whole, female, male, unknown and two age bands)", len(got))
			}
			if u := got["unknown"]; u.Numerator == nil || u.Denominator == nil || *u.Denominator != 0 {
				t.Errorf("the unknown stratum: got %+v, want 0 of 0 kept", u)
			}
			_, kpiPage := a.get(c, "/a/north-valley/kpis/col")
			if !strings.Contains(kpiPage, "0 of 0 (no one in this stratum)") {
				t.Errorf("the KPI page does not show the 0-of-0 stratum as no one in it")
			}
		})
	}
}

// fileAnswer is the API's answer to a file's import.
type fileAnswer struct {
	ImportID  string            `json:"import_id"`
	New       int               `json:"new"`
	Revised   int               `json:"revised"`
	KeptFinal int               `json:"kept_final"`
	Errors    []accord.RowError `json:"errors"`
	LeftOut   []accord.RowError `json:"left_out"`
	FHIR      *struct {
		MeasureReports int            `json:"measure_reports"`
		Rejected       int            `json:"rejected"`
		LeftOutParts   int            `json:"left_out_parts"`
		Pending        int            `json:"pending"`
		Individual     int            `json:"individual"`
		Ignored        map[string]int `json:"ignored"`
	} `json:"fhir"`
}

func postFile(t *testing.T, a *app, tok, query, body string) (int, fileAnswer) {
	t.Helper()
	status, b := rawAPI(t, a, "POST", nv+"/imports?"+query, tok, body, "application/fhir+json")
	var ans fileAnswer
	if err := json.Unmarshal(b, &ans); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return status, ans
}

// TestFHIRImportAPIPendingThenComplete sends the DEQM individual reports
// (two complete, one pending) to the API: without pending the pending one is
// left out with its reason; with pending=true the sums are provisional, as
// the KPI page and its export say; a complete report for the same points
// then replaces them with final revisions, and a pending one sent again
// is kept out by the final figure (kept_final). The stratified report sent
// all or nothing is refused.
func TestFHIRImportAPIPendingThenComplete(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			k := a.colKPI()
			tok := a.token(roleAccounts["admin"], "write")
			bundle := fixture(t, "deqm-individual-bundle.json")

			status, ans := postFile(t, a, tok, "filename=ind.json&all_or_nothing=true", fixture(t, "deqm-stratified.json"))
			if status != http.StatusUnprocessableEntity || len(ans.Errors) != 2 || ans.FHIR == nil || ans.FHIR.Rejected != 1 {
				t.Fatalf("stratified all or nothing: status %d, %d errors, fhir %+v; want 422 with the stratum's 2 errors", status, len(ans.Errors), ans.FHIR)
			}

			status, ans = postFile(t, a, tok, "filename=ind.json&dry_run=true", bundle)
			if status != http.StatusOK || len(ans.LeftOut) != 1 || ans.LeftOut[0].Field != "status" || !strings.Contains(ans.LeftOut[0].Message, "status is pending") ||
				ans.FHIR == nil || ans.FHIR.Individual != 2 || ans.FHIR.Ignored["Patient"] != 1 {
				t.Fatalf("without pending: status %d, left out %+v, fhir %+v; want the pending report left out by its status", status, ans.LeftOut, ans.FHIR)
			}

			status, ans = postFile(t, a, tok, "filename=ind.json&pending=true", bundle)
			if status != http.StatusCreated || ans.New != 3 || len(ans.LeftOut) != 0 || ans.FHIR.Pending != 1 {
				t.Fatalf("with pending: status %d %+v; want 201 with 3 new provisional rows", status, ans)
			}
			for seg, o := range current(t, a, k) {
				if !o.Provisional {
					t.Errorf("segment %q: not provisional after a pending report", seg)
				}
			}
			c := a.login(roleAccounts["admin"])
			if _, page := a.get(c, "/a/north-valley/kpis/col"); !strings.Contains(page, `<span class="chip provisional">provisional</span>`) {
				t.Errorf("the KPI page does not mark the provisional figures")
			}
			if _, csv := a.get(c, "/a/north-valley/kpis/col/observations.csv"); !strings.Contains(csv, ",provisional\n") || !strings.Contains(csv, ",true\n") {
				t.Errorf("the export has no provisional column marking them: %s", csv)
			}

			complete := strings.Replace(bundle, `"status": "pending"`, `"status": "complete"`, 1)
			if complete == bundle {
				t.Fatal("the fixture has no pending status to complete")
			}
			status, ans = postFile(t, a, tok, "filename=ind.json&pending=true", complete)
			if status != http.StatusCreated || ans.Revised != 3 {
				t.Fatalf("complete: status %d %+v; want the 3 points revised as final", status, ans)
			}
			for seg, o := range current(t, a, k) {
				if o.Provisional || o.Revision != 2 {
					t.Errorf("segment %q: provisional %v, revision %d; want final revision 2", seg, o.Provisional, o.Revision)
				}
			}
			status, ans = postFile(t, a, tok, "filename=ind.json&pending=true", bundle)
			if status != http.StatusCreated || ans.KeptFinal != 3 || ans.Revised != 0 {
				t.Errorf("pending again: status %d %+v; want the 3 provisional rows kept out by the final figures", status, ans)
			}
		})
	}
}
