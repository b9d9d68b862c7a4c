package server_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// testKPI creates an approved ratio KPI owned by the provider.
func (a *app) testKPI(key string) accord.KPI {
	a.t.Helper()
	ctx := context.Background()
	al := mustAlliance(a.t, a)
	parties, _ := a.db.ListParties(ctx, al.ID)
	var provider string
	for _, p := range parties {
		if p.Role == accord.PartyProvider {
			provider = p.ID
		}
	}
	k := accord.KPI{AllianceID: al.ID, Key: key, Name: "Test " + key, Category: accord.CatQuality, Unit: accord.UnitPercent,
		Direction: accord.HigherIsBetter, Frequency: accord.Monthly, IsRatio: true, OwnerPartyID: provider, SegmentBy: "clinic"}
	actor := accord.SystemActor("test")
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

// upload posts a file to the import page as a browser would.
func (a *app) upload(c *http.Client, name, content string) (int, string) {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
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

var draftRE = regexp.MustCompile(`action="/a/north-valley/import/([0-9a-f-]+)"`)

// TestScorecardImportFlow is issue 3's story: a CSV with one bad row is
// refused with its line named and nothing written; the fixed file is
// previewed, confirmed and changes the KPI page.
func TestScorecardImportFlow(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			k := a.testKPI("flow-test")
			c := a.login("elena.vasquez@riversidepg.example") // provider executive and clinical leader
			bad := "kpi,period,segment,numerator,denominator\nflow-test,2024-01,Eastgate,80,100\nflow-test,2024-02,Eastgate,eighty,100\nflow-test,2024-03,Eastgate,85,100\n"
			status, page := a.upload(c, "clinic.csv", bad)
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, "nothing was imported") || !strings.Contains(page, ">3<") || !strings.Contains(page, "numerator") {
				t.Fatalf("bad file: status %d; want 422 naming line 3 and the numerator", status)
			}
			if obs, _ := a.db.Observations(context.Background(), k.ID, nil, false); len(obs) != 0 {
				t.Fatalf("a bad file wrote %d observations", len(obs))
			}
			good := strings.Replace(bad, "eighty", "82", 1)
			status, page = a.upload(c, "clinic.csv", good)
			m := draftRE.FindStringSubmatch(page)
			if status != http.StatusOK || m == nil || !strings.Contains(page, "3 new") {
				t.Fatalf("good file preview: status %d, confirm form %v", status, m != nil)
			}
			if obs, _ := a.db.Observations(context.Background(), k.ID, nil, false); len(obs) != 0 {
				t.Fatal("the preview wrote observations before confirmation")
			}
			resp := a.post(c, "/a/north-valley/import/"+m[1], nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("confirm: status %d", resp.StatusCode)
			}
			obs, _ := a.db.Observations(context.Background(), k.ID, nil, false)
			if len(obs) != 3 {
				t.Fatalf("after confirming: %d observations, want 3", len(obs))
			}
			if s := a.post(c, "/a/north-valley/import/"+m[1], nil).StatusCode; s != http.StatusNotFound {
				t.Errorf("confirming the same draft twice: status %d, want 404", s)
			}
			_, kpiPage := a.get(c, "/a/north-valley/kpis/flow-test")
			for _, want := range []string{"85%", "82%", "Run chart", "2024-03"} {
				if !strings.Contains(kpiPage, want) {
					t.Errorf("KPI page lacks %q", want)
				}
			}
			_, sc := a.get(c, "/a/north-valley/scorecard")
			if !strings.Contains(sc, "Test flow-test") || !strings.Contains(sc, "85%") {
				t.Error("the scorecard does not show the new KPI's latest value")
			}
			yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
			_, past := a.get(c, "/a/north-valley/scorecard?as_of="+yesterday)
			if !strings.Contains(past, "as it stood at the end of "+yesterday) || strings.Contains(past, ">85%<") {
				t.Error("the scorecard as of yesterday shows today's import")
			}
			var tiles struct {
				Items []struct{ Key, Value string }
			}
			tok := a.token("elena.vasquez@riversidepg.example", "read")
			for _, tc := range []struct{ query, want string }{{"", "85%"}, {"?as_of=" + yesterday, "—"}} {
				a.api("GET", "/api/v1/alliances/north-valley/scorecard"+tc.query, tok, "", &tiles)
				for _, it := range tiles.Items {
					if it.Key == "flow-test" && it.Value != tc.want {
						t.Errorf("API scorecard%s: flow-test = %q, want %q", tc.query, it.Value, tc.want)
					}
				}
			}
			// A payer analyst may not submit the provider's KPI.
			payer := a.login(roleAccounts["finance"])
			if status, page := a.upload(payer, "clinic.csv", good); status != http.StatusUnprocessableEntity || !strings.Contains(page, "only its people") {
				t.Errorf("payer uploading the provider's KPI: status %d", status)
			}
			_, csv := a.get(c, "/a/north-valley/kpis/flow-test/observations.csv")
			if !strings.HasPrefix(csv, "kpi,period,segment,value,numerator,denominator") || strings.Count(csv, "\n") != 4 {
				t.Errorf("export:\n%s", csv)
			}
		})
	}
}

// TestKPIProposalFlow proposes a KPI in the browser as the payer and
// approves it as the other parties.
func TestKPIProposalFlow(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	payer := a.login(roleAccounts["executive"])
	form := map[string][]string{"name": {"Flu vaccination"}, "category": {"quality"}, "unit": {"percent"}, "direction": {"higher_is_better"},
		"frequency": {"monthly"}, "is_ratio": {"on"}, "grace_days": {"30"}}
	al := mustAlliance(t, a)
	parties, _ := a.db.ListParties(context.Background(), al.ID)
	form["owner_party_id"] = []string{parties[1].ID}
	resp := a.post(payer, "/a/north-valley/kpis", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/a/north-valley/kpis/flu-vaccination" {
		t.Fatalf("propose: status %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := a.get(payer, "/a/north-valley/kpis/flu-vaccination")
	if !strings.Contains(page, "proposed") || strings.Contains(page, "Approve for Valley Health Plan") {
		t.Error("the proposer's page should show the proposal without an approve button for their own party")
	}
	for _, email := range []string{"elena.vasquez@riversidepg.example", "jonathan.reyes@cedarridge.example", "leo.brandt@brightline.example"} {
		c := a.login(email)
		if s := a.post(c, "/a/north-valley/kpis/flu-vaccination/approve", nil).StatusCode; s != http.StatusSeeOther {
			t.Fatalf("approve as %s: status %d", email, s)
		}
	}
	k, _ := a.db.KPIByKey(context.Background(), al.ID, "flu-vaccination")
	if k.Status != accord.KPIApproved {
		t.Errorf("after every party approved: status %q", k.Status)
	}
	member := a.login(roleAccounts["member"])
	if s := a.post(member, "/a/north-valley/kpis", form).StatusCode; s != http.StatusForbidden {
		t.Errorf("a plain member proposing: status %d, want 403", s)
	}
}
