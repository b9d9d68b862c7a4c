package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// approveProposed has every party approve the demo's proposed KPI, as a
// passed motion would, and returns it: a KPI just approved, with no data.
func approveProposed(t *testing.T, a *app) accord.KPI {
	t.Helper()
	ctx, al := context.Background(), mustAlliance(t, a)
	k, err := a.db.KPIByKey(ctx, al.ID, a.demo.Scorecard.Proposed)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := a.db.ListParties(ctx, al.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if _, err := a.db.Approve(ctx, accord.SystemActor("test"), al.ID, "kpi", k.ID, p.ID); err != nil && accord.ErrorCode(err) != accord.ECONFLICT {
			t.Fatalf("approve for %s: %v", p.ID, err)
		}
	}
	if k, err = a.db.KPIByKey(ctx, al.ID, k.Key); err != nil || k.Status != accord.KPIApproved {
		t.Fatalf("the proposed KPI after every party approved: %q, %v", k.Status, err)
	}
	return k
}

// TestNewKPIWaitsForItsFirstPeriod: a KPI approved today has no data and
// none is due yet, so its page says it is waiting for its first period and
// when that period's data is due, and nowhere calls it late.
func TestNewKPIWaitsForItsFirstPeriod(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			k := approveProposed(t, a)
			c := a.login(roleAccounts["admin"])
			code, page := a.get(c, "/a/north-valley/kpis/"+k.Key)
			if code != 200 {
				t.Fatalf("KPI page: status %d", code)
			}
			if !strings.Contains(page, "Waiting for its first period") || !strings.Contains(page, "due by") {
				t.Errorf("the new KPI's page does not say it waits for its first period and when it is due")
			}
			if strings.Contains(page, "No data reported yet") || strings.Contains(page, "was due") {
				t.Errorf("the new KPI's page calls it late")
			}
			_, sc := a.get(c, "/a/north-valley/scorecard")
			i := strings.Index(sc, k.Name)
			if i < 0 {
				t.Fatalf("the scorecard does not show %q", k.Name)
			}
			if tile := sc[i:min(len(sc), i+1500)]; !strings.Contains(tile, "Waiting for its first period") {
				t.Errorf("the new KPI's tile does not say it waits for its first period: %s", tile)
			}
		})
	}
}

// TestDemoShowsNoZeroDate fetches every page of the demo alliance that shows
// a period or a date — the scorecard, every KPI, every meeting and its
// packet — with a newly approved KPI that has no data, and finds no zero
// date ("0001-01") on any.
func TestDemoShowsNoZeroDate(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			approveProposed(t, a)
			ctx, al := context.Background(), mustAlliance(t, a)
			paths := []string{"/a/north-valley/scorecard", "/a/north-valley/governance"}
			ks, err := a.db.ListKPIs(ctx, al.ID, accord.KPIFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range ks {
				paths = append(paths, "/a/north-valley/kpis/"+k.Key)
			}
			ms, err := a.db.ListMeetings(ctx, accord.MeetingFilter{AllianceID: al.ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				paths = append(paths, "/a/north-valley/meetings/"+m.ID, "/a/north-valley/meetings/"+m.ID+"/packet")
			}
			c := a.login(roleAccounts["admin"])
			for _, p := range paths {
				code, page := a.get(c, p)
				if code != 200 {
					t.Errorf("%s: status %d", p, code)
				}
				if i := strings.Index(page, "0001-01"); i >= 0 {
					t.Errorf("%s shows the zero date: …%s…", p, page[max(0, i-200):min(len(page), i+100)])
				}
			}
		})
	}
}
