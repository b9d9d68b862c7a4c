package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestSettleWithQualityGate: the settle form reads the terms' quality gate
// from the scorecard for the period, shows how, and settles with those
// figures; a figure from the scorecard cannot be typed over, an override of
// the standard needs a reason and is recorded on the worksheet; under
// sharing by protocol only what the settling party may see is read.
func TestSettleWithQualityGate(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			const page = "/a/north-valley/contracts/shared-savings"
			last := strconv.Itoa(time.Now().Year() - 1)
			fin := a.login(roleAccounts["finance"])
			q := "?period_start=" + last + "-07-01&period_end=" + last + "-12-31"
			st, body := a.get(fin, page+q)
			for _, want := range []string{`id="quality-gate"`, "read from the scorecard", "Σ numerators ÷ Σ denominators over 6 monthly periods, " + last + "-07 to " + last + "-12",
				"≥ 0.6000", "≤ 0.1500", "Quality standard", "from the gate: ", `value="` + last + `-07-01"`} {
				if !strings.Contains(body, want) {
					t.Errorf("contract page with the period (%d) lacks %q", st, want)
				}
			}
			if strings.Contains(body, "cannot be read") {
				t.Errorf("a measure of the demo's gate cannot be read for the second half of %s", last)
			}

			form := func(start string, extra url.Values) url.Values {
				f := url.Values{"period_start": {last + "-" + start}, "period_end": {last + "-12-31"}, "member_months": {"230000"}, "actual_expenditure": {"100000000"}, "confirm": {"yes"}}
				for k, v := range extra {
					f[k] = v
				}
				return f
			}
			resp := a.post(fin, page+"/settlements", form("07-01", nil))
			loc := resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, page+"/settlements/") {
				t.Fatalf("settle with the gate read from the scorecard: %d to %q", resp.StatusCode, loc)
			}
			stl, err := a.db.Settlement(context.Background(), contractID(t, a), strings.TrimPrefix(loc, page+"/settlements/"))
			if err != nil {
				t.Fatal(err)
			}
			if len(stl.Summary.QualityMeasures) != 3 || stl.Summary.QualityOverride != nil {
				t.Errorf("settled summary measures %v, override %v; want the three read from the scorecard and no override", stl.Summary.QualityMeasures, stl.Summary.QualityOverride)
			}

			typed := form("08-01", url.Values{"quality_measures": {"hba1c-control = 0.99"}})
			status, body := a.postPage(fin, page+"/settlements", typed)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `value="`+last+`-08-01"`) {
				t.Errorf("typing over a scorecard figure: %d, want the form again for the period", status)
			}
			if !strings.Contains(body, "cannot be typed over") {
				t.Error("no message saying the scorecard's figure cannot be typed over")
			}
			if r := a.post(fin, page+"/settlements", form("08-01", url.Values{"quality_override": {"no"}})); strings.Contains(r.Header.Get("Location"), "/settlements/") {
				t.Error("an override without a reason was settled")
			}
			why := "Eastgate's December HbA1c extract was incomplete; steering committee decision"
			resp = a.post(fin, page+"/settlements", form("08-01", url.Values{"quality_override": {"no"}, "quality_override_reason": {why}}))
			loc = resp.Header.Get("Location")
			if !strings.HasPrefix(loc, page+"/settlements/") {
				t.Fatalf("settle with an override: %d to %q", resp.StatusCode, loc)
			}
			if _, body := a.get(fin, loc); !strings.Contains(body, "overridden (") || !strings.Contains(body, html.EscapeString(why)) || !strings.Contains(body, "summary.quality_override") &&
				!strings.Contains(body, "Agreement §5") {
				t.Errorf("settlement page does not show the override and its reason")
			}

			// Sharing by protocol, with the protocol that shares Riverside's
			// quality data ended: the payer's finance lead cannot read it.
			admin := a.token(roleAccounts["admin"], "write")
			if r := a.api("PATCH", "/api/v1/alliances/north-valley", admin, `{"sharing_by_protocol":true}`, nil); r.StatusCode != 200 {
				t.Fatalf("sharing by protocol: %d", r.StatusCode)
			}
			ps, err := a.db.ListProtocols(context.Background(), mustAlliance(t, a).ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if strings.HasPrefix(p.Title, "Riverside's clinical") && p.Status == accord.ProtocolActive {
					if _, err := a.db.EndProtocol(context.Background(), accord.SystemActor("test"), p.AllianceID, p.ID, time.Now()); err != nil {
						t.Fatalf("end protocol: %v", err)
					}
				}
			}
			_, body = a.get(fin, page+q)
			if !strings.Contains(body, "not shared with your party") || !strings.Contains(body, "as your party may see it") {
				t.Errorf("under sharing by protocol without the protocol, the gate does not say the measures are not shared:\n%s", gateSection(body))
			}
		})
	}
}

func contractID(t *testing.T, a *app) string {
	t.Helper()
	c, err := a.db.ContractByKey(context.Background(), mustAlliance(t, a).ID, "shared-savings")
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func gateSection(body string) string {
	i := strings.Index(body, `id="quality-gate"`)
	if i < 0 {
		return "(no quality gate on the page)"
	}
	return fmt.Sprint(body[i:min(len(body), i+3000)])
}

// TestSettleAPIReadsQualityGate: settling through the API reads the gate's
// measures from the scorecard as the form does, and refuses a summary that
// types over them.
func TestSettleAPIReadsQualityGate(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	last := strconv.Itoa(time.Now().Year() - 1)
	tok := a.token(roleAccounts["finance"], "write")
	const path = "/api/v1/alliances/north-valley/contracts/shared-savings/settlements"
	period := `"period_start":"` + last + `-07-01","period_end":"` + last + `-12-31"`
	typed := `{` + period + `,"summary":{"member_months":230000,"actual_expenditure":"100000000","quality_measures":{"hba1c-control":"0.99"}}}`
	var refusal struct {
		Error struct{ Field string } `json:"error"`
	}
	if r := a.api("POST", path, tok, typed, &refusal); r.StatusCode != http.StatusUnprocessableEntity || refusal.Error.Field != "quality_measures" {
		t.Errorf("a summary typing over the scorecard: status %d on %q, want 422 on quality_measures", r.StatusCode, refusal.Error.Field)
	}
	var out struct {
		ID string `json:"id"`
	}
	plain := `{` + period + `,"summary":{"member_months":230000,"actual_expenditure":"100000000"}}`
	if r := a.api("POST", path, tok, plain, &out); r.StatusCode != http.StatusCreated {
		t.Fatalf("settle through the API: status %d", r.StatusCode)
	}
	stl, err := a.db.Settlement(context.Background(), contractID(t, a), out.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stl.Summary.QualityMeasures) != 3 {
		t.Errorf("settled through the API: measures %v; want the three read from the scorecard", stl.Summary.QualityMeasures)
	}
}
