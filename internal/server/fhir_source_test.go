package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/fhirsource"
	"github.com/accord-alliance/accord/internal/store"
)

// fhirServer is a FHIR server in the test: it answers MeasureReport
// searches for the DEQM Measure with a searchset Bundle of the fixture
// given, and for any other Measure with an empty one, to requests that
// carry the bearer token, and remembers the queries it was asked.
type fhirServer struct {
	*httptest.Server
	mu      sync.Mutex
	queries []string
}

func newFHIRServer(t *testing.T, token, report string) *fhirServer {
	t.Helper()
	f := &fhirServer{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login","diagnostics":"bad token"}]}`)
			return
		}
		if r.URL.Path != "/r4/MeasureReport" {
			http.NotFound(w, r)
			return
		}
		f.mu.Lock()
		f.queries = append(f.queries, r.URL.RawQuery)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/fhir+json")
		if r.URL.Query().Get("measure") != colMeasure {
			io.WriteString(w, `{"resourceType":"Bundle","type":"searchset","total":0}`)
			return
		}
		io.WriteString(w, `{"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"resource":`+report+`}]}`)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fhirServer) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.queries...)
}

// TestFHIRSourceScheduledFetch sets an alliance's FHIR source through the
// API, runs the scheduled fetch against a FHIR server in the test serving
// the DEQM stratified report, and checks what was stored, what was left
// out and why (on the settings page and in the API, never the token), that
// the import is recorded as the feed's and the paperwork index counts its
// rows as the KPI owner's feed, and that the source is not fetched
// again before its period has passed. A wrong token fails the run, saying so.
func TestFHIRSourceScheduledFetch(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			k := a.colKPI()
			const token = "s3cret-fhir-token-value"
			srv := newFHIRServer(t, token, fixture(t, "deqm-stratified.json"))
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "nv.token"), []byte(token+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "wrong.token"), []byte("nope"), 0o600)
			admin := a.token(roleAccounts["admin"], "write")
			body := `{"base_url":"` + srv.URL + `/r4","token_file":"nv.token","every_hours":24,"enabled":true}`
			if status, b := rawAPI(t, a, "PUT", nv+"/fhir-source", admin, body, ""); status != http.StatusOK {
				t.Fatalf("set the source: status %d %s", status, b)
			}

			now := time.Now().UTC()
			clock := func() time.Time { return now }
			f := &fhirsource.Fetcher{Store: a.db, TokenDir: dir, HTTP: srv.Client(), Now: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
			ctx := context.Background()
			if err := f.RunDue(ctx); err != nil {
				t.Fatal(err)
			}
			searched := len(srv.asked())
			wantQuery := url.Values{"measure": {colMeasure}, "period": {"ge" + fhirsource.Since(accord.FHIRSource{}, now).Format(time.DateOnly)}}.Encode()
			if !slices.Contains(srv.asked(), wantQuery) {
				t.Fatalf("the server was asked %q; want a search by the KPI's measure and period, %s", srv.asked(), wantQuery)
			}
			src, err := a.db.FHIRSource(ctx, mustAlliance(t, a).ID)
			if err != nil || src.LastRun == nil {
				t.Fatalf("no run kept: %v", err)
			}
			run := *src.LastRun
			if !run.OK || run.Fetched != 1 || run.New != 6 || run.LeftOut != 2 || run.ImportID == "" ||
				!strings.Contains(run.Message, "group[0].stratifier[1].stratum[2].population") {
				t.Fatalf("run: got %+v; want 1 report fetched, 6 figures new, the stratum without populations left out for 2 reasons", run)
			}
			got := current(t, a, k)
			if len(got) != 6 || got[""].ImportID != run.ImportID {
				t.Fatalf("stored %d segments (import %q), want 6 from the run's import %q", len(got), got[""].ImportID, run.ImportID)
			}
			if !strings.HasPrefix(got[""].Source, "fhir:MeasureReport/") {
				t.Errorf("source %q, want the report named", got[""].Source)
			}
			es, err := a.db.ListAudit(ctx, accord.AuditFilter{AllianceID: mustAlliance(t, a).ID, Entity: "observations", Limit: 1})
			if err != nil || len(es) == 0 || !strings.Contains(string(es[0].After), `"format":"`+fhirsource.Format+`"`) {
				t.Errorf("the import's audit entry does not record the feed's format %q: %v %+v", fhirsource.Format, err, es)
			}

			counts, err := a.db.PaperworkCounts(ctx, mustAlliance(t, a).ID, now)
			feed := 0
			for _, pc := range counts {
				if pc.PartyID == k.OwnerPartyID {
					feed += pc.Feed
				}
			}
			if err != nil || feed != 6 {
				t.Errorf("the paperwork index counts %d rows as the provider's feed (%v), want the run's 6", feed, err)
			}

			c := a.login(roleAccounts["admin"])
			_, page := a.get(c, "/a/north-valley/fhir-source")
			for _, want := range []string{"fetched 1 MeasureReport", "6 new", "parts left out for 2 reasons", "left out: has no numerator population", "nv.token"} {
				if !strings.Contains(page, want) {
					t.Errorf("settings page: want %q", want)
				}
			}
			_, apiBody := rawAPI(t, a, "GET", nv+"/fhir-source", admin, "", "")
			var ans accord.FHIRSource
			json.Unmarshal(apiBody, &ans)
			if ans.LastRun == nil || ans.LastRun.New != 6 {
				t.Errorf("API: got %s, want the last run", apiBody)
			}
			if strings.Contains(page, token) || strings.Contains(string(apiBody), token) {
				t.Error("the token itself is shown")
			}

			now = now.Add(time.Hour) // not due for another 23 hours
			if err := f.RunDue(ctx); err != nil || len(srv.asked()) != searched {
				t.Errorf("an hour later: %v, %d searches; want none more than %d", err, len(srv.asked()), searched)
			}

			body = strings.Replace(body, "nv.token", "wrong.token", 1)
			if status, b := rawAPI(t, a, "PUT", nv+"/fhir-source", admin, body, ""); status != http.StatusOK {
				t.Fatalf("set the wrong token: status %d %s", status, b)
			}
			now = now.Add(24 * time.Hour)
			if err := f.RunDue(ctx); err != nil {
				t.Fatal(err)
			}
			src, _ = a.db.FHIRSource(ctx, mustAlliance(t, a).ID)
			if r := src.LastRun; r == nil || r.OK || !strings.Contains(r.Message, "401") || r.ImportID != "" {
				t.Errorf("wrong token: got %+v; want a failed run naming the server's 401", r)
			}
		})
	}
}

// TestFHIRSourceFormErrors posts refused settings: the page comes back with
// the message under the field at fault and the entries kept, and nothing
// is saved.
func TestFHIRSourceFormErrors(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	c := a.login(roleAccounts["admin"])
	for _, fc := range []formCase{
		{area: "FHIR source: base URL", field: "base_url", keep: "token_file", keepHTML: `value="nv.token"`,
			form: url.Values{"base_url": {"ftp://fhir.example.org"}, "token_file": {"nv.token"}, "every_hours": {"24"}}},
		{area: "FHIR source: token file", field: "token_file", keep: "base_url", keepHTML: `value="https://fhir.example.org/r4"`,
			form: url.Values{"base_url": {"https://fhir.example.org/r4"}, "token_file": {"../../etc/passwd"}, "every_hours": {"24"}}},
		{area: "FHIR source: schedule", field: "every_hours", keep: "base_url", keepHTML: `value="https://fhir.example.org/r4"`,
			form: url.Values{"base_url": {"https://fhir.example.org/r4"}, "every_hours": {"0"}}},
	} {
		fc.who, fc.path = "admin", "/a/north-valley/fhir-source"
		status, body := a.postPage(c, fc.path, fc.form)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", fc.area, status)
			continue
		}
		checkFieldError(t, fc, body)
	}
	if _, err := a.db.FHIRSource(context.Background(), mustAlliance(t, a).ID); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("refused settings were saved: %v", err)
	}
}
