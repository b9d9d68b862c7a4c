package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestPaperworkCounts imports a party's figures by file, by FHIR and by
// the form on three days, and reads them back per month by channel, with
// the days from each import's latest period closing to its arrival, and
// the KPI's proposal and approval counted as the party's forms.
func TestPaperworkCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, hba1c())
		admin := accord.Actor{UserID: f.admin.ID, Name: "Ada", Via: "web"}
		row := func(period, segment string) accord.ObservationInput {
			return accord.ObservationInput{KPI: k.Key, Period: period, Segment: segment, Numerator: dec("7"), Denominator: dec("10"), Line: 2}
		}
		for _, imp := range []struct {
			at     time.Time
			format string
			rows   []accord.ObservationInput
		}{
			{time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC), "csv", []accord.ObservationInput{row("2026-01", "A"), row("2026-01", "B")}},
			{time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), "fhir", []accord.ObservationInput{row("2026-02", "A")}},
			{time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC), "form", []accord.ObservationInput{row("2026-02", "C")}},
		} {
			for i := range imp.rows {
				imp.rows[i].Line = i + 2
			}
			rep, err := db.AtTime(imp.at).ImportObservations(ctx, admin, accord.ImportRequest{AllianceID: f.alliance.ID, Format: imp.format, Filename: "f", Rows: imp.rows})
			if err != nil || len(rep.Errors) > 0 {
				t.Fatalf("import %s: %v %+v", imp.format, err, rep.Errors)
			}
		}
		got, err := db.PaperworkCounts(ctx, f.alliance.ID, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		byMonth := map[string]accord.PaperworkCount{}
		for _, c := range got {
			if c.PartyID != f.payer.ID {
				t.Errorf("counts of party %s, want only the payer's (its admin did everything)", c.PartyID)
			}
			byMonth[c.Month] = c
		}
		feb, mar := byMonth["2026-02"], byMonth["2026-03"]
		if feb.Upload != 2 || feb.Feed+feb.Manual+feb.API != 0 || !slices.Equal(feb.LatencyDays, []int{9}) || feb.Members != 1 {
			t.Errorf("February: %+v, want 2 uploaded, 9 days late, 1 member", feb)
		}
		if mar.Feed != 1 || mar.Manual != 1 || mar.Upload != 0 || !slices.Equal(mar.LatencyDays, []int{4, 19}) {
			t.Errorf("March: %+v, want 1 by feed and 1 typed, 4 and 19 days late", mar)
		}
		forms := 0
		for _, c := range got {
			forms += c.Forms
		}
		if forms < 2 {
			t.Errorf("forms = %d, want the KPI's proposal and approval at least", forms)
		}
		if feb.Forms+mar.Forms != 0 {
			t.Errorf("imports counted as forms: %d in February, %d in March", feb.Forms, mar.Forms)
		}
	})
}

// TestPaperworkCountsFHIRServer imports figures as a FHIR server's fetch
// does (format fhir-server, made by no person) and reads them back as the
// feed of the party that reports the KPI, with their delay; an import by
// no person in another format (the command line's file) is nobody's.
func TestPaperworkCountsFHIRServer(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		k := approvedKPI(t, db, f, hba1c())
		row := func(period, segment string) accord.ObservationInput {
			return accord.ObservationInput{KPI: k.Key, Period: period, Segment: segment, Numerator: dec("7"), Denominator: dec("10"), Line: 1, Source: "fhir:MeasureReport/r1"}
		}
		at := time.Date(2026, 4, 6, 9, 0, 0, 0, time.UTC)
		for _, imp := range []struct {
			format string
			rows   []accord.ObservationInput
		}{
			{accord.ImportFormatFHIRServer, []accord.ObservationInput{row("2026-03", ""), row("2026-03", "A"), row("2026-03", "B")}},
			{"csv", []accord.ObservationInput{row("2026-02", "")}},
		} {
			rep, err := db.AtTime(at).ImportObservations(ctx, accord.SystemActor("fhir-source"), accord.ImportRequest{AllianceID: f.alliance.ID, Format: imp.format, Filename: "f", Rows: imp.rows})
			if err != nil || len(rep.Errors) > 0 || rep.New != len(imp.rows) {
				t.Fatalf("import %s: %v %+v", imp.format, err, rep)
			}
		}
		got, err := db.PaperworkCounts(ctx, f.alliance.ID, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		var apr *accord.PaperworkCount
		for i, c := range got {
			if c.Month == "2026-04" {
				if c.PartyID != k.OwnerPartyID || apr != nil {
					t.Errorf("April counts of party %s, want only the KPI's owner %s's", c.PartyID, k.OwnerPartyID)
				}
				apr = &got[i]
			}
		}
		if apr == nil || apr.Feed != 3 || apr.Upload+apr.Manual+apr.API != 0 || !slices.Equal(apr.LatencyDays, []int{5}) {
			t.Fatalf("April: %+v, want the 3 rows of the FHIR server's import as the owner's feed, 5 days after March closed, and the command line's file nobody's", apr)
		}
	})
}
