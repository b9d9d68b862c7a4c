package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// seedFHIRKPI makes an alliance with one approved yearly KPI that carries
// the Da Vinci DEQM fixtures' Measure URL and is segmented by gender.
func seedFHIRKPI(t *testing.T, dsn string) {
	t.Helper()
	seedKPIs(t, dsn, "fhir-test", accord.KPI{Key: "col", Name: "Colorectal screening", Category: accord.CatQuality, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Yearly, IsRatio: true, SegmentBy: "gender",
		MeasureURL: "http://hl7.org/fhir/us/davinci-deqm/Measure/measure-exm130-FHIR"})
}

// TestImportFHIRCommand imports the DEQM individual reports, one of them
// pending: --all-or-nothing without --pending writes nothing; --pending
// writes the sums as provisional; without --pending the pending report is
// listed as left out and the rest written as final figures (revisions);
// --pending again leaves the final figures as they are. The summary line
// says what the reader saw.
func TestImportFHIRCommand(t *testing.T) {
	file, err := filepath.Abs("../fhir/testdata/deqm-individual-bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dsn := storetest.URL(t, d)
			seedFHIRKPI(t, dsn)
			imp := func(flags ...string) (int, string, string) {
				return run(t, "", nil, append(append([]string{"import", "observations", "--database", dsn, "--alliance", "fhir-test"}, flags...), file)...)
			}
			code, out, errs := imp("--all-or-nothing")
			if code != 1 || !strings.Contains(out, "bundle entry 3, MeasureReport/measurereport-col-patient03: status is pending") || !strings.Contains(errs, "nothing was imported") {
				t.Fatalf("all or nothing: exit %d, out %q, err %q", code, out, errs)
			}
			code, out, errs = imp("--pending")
			if code != 0 || !strings.Contains(out, "FHIR: 3 MeasureReport(s) read; 3 individual report(s) summed; 1 pending, imported as provisional; ignored: 1 Patient") ||
				!strings.Contains(out, "imported 3 rows: 3 new") {
				t.Fatalf("pending: exit %d, out %q, err %q", code, out, errs)
			}
			code, out, errs = imp()
			if code != 0 || !strings.Contains(out, "deqm-individual-bundle.json:3: status: bundle entry 3") ||
				!strings.Contains(out, "FHIR: 3 MeasureReport(s) read; 1 left out whole; 2 individual report(s) summed; ignored: 1 Patient") ||
				!strings.Contains(out, "imported 3 rows: 0 new, 3 revised") {
				t.Fatalf("complete reports only, in parts: exit %d, out %q, err %q", code, out, errs)
			}
			code, out, errs = imp("--pending", "--json")
			if code != 0 || !strings.Contains(out, `"pending": 1`) || !strings.Contains(out, `"kept_final": 3`) {
				t.Fatalf("pending after final, JSON: exit %d, out %q, err %q", code, out, errs)
			}
		})
	}
}

// TestImportFromFHIRServer imports from a FHIR server the test starts:
// the search names the KPI's Measure and the period, carries the token
// read from its file, and the DEQM summary it answers is imported.
func TestImportFromFHIRServer(t *testing.T) {
	report, err := os.ReadFile("../fhir/testdata/deqm-summary.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Path != "/r4/MeasureReport" ||
			q.Get("measure") != "http://hl7.org/fhir/us/davinci-deqm/Measure/measure-exm130-FHIR" || q.Get("period") != "ge2019-01-01" {
			http.Error(w, "unexpected request "+r.URL.String(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":%s}]}`, report)
	}))
	defer srv.Close()
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("tok\n"), 0o600)
	dsn := storetest.URL(t, store.SQLite)
	seedFHIRKPI(t, dsn)
	code, out, errs := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "fhir-test",
		"--fhir-server", srv.URL+"/r4", "--token-file", tokenFile, "--since", "2019-01-01")
	if code != 0 || !strings.Contains(out, "fetched 1 MeasureReport(s) in 1 page(s)") || !strings.Contains(out, "imported 1 rows: 1 new") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errs)
	}
	if code, _, _ := run(t, "", nil, "import", "observations", "--database", dsn, "--alliance", "fhir-test", "--fhir-server", srv.URL, "some.json"); code != 2 {
		t.Errorf("--fhir-server and a FILE: exit %d, want 2", code)
	}
}
