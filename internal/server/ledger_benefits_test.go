package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/views"
)

// TestLedgerBenefits works the demo care-manager programme's benefits and
// ROI assessments through the pages, then the data-sharing rule through
// the page and the API, on both databases: a benefit proposed on the
// ledger by the physician group's finance lead is not approved without
// the confirmation box and is approved with it by the plan's; the plan's
// finance lead submits an assessment at the page's rates and the clinical
// lead reviews it. By protocol with no protocol in force, the plan (which
// does not report HbA1c) sees the money the benefit brings in and none of
// the figures it is measured from; the physician group, which reports it,
// sees both.
func TestLedgerBenefits(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx := context.Background()
			al := mustAlliance(t, a)
			care := a.demo.Portfolio.CareManager
			base := "/a/north-valley/initiatives/" + care
			page := base + "/ledger"
			enrol, err := a.db.KPIByKey(ctx, al.ID, "care-management-enrolment")
			if err != nil {
				t.Fatal(err)
			}
			plan, group := a.login(planFinance), a.login(groupFinance)
			var planID string
			ps, err := a.db.ListParties(ctx, al.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.OrgName == "Valley Health Plan" {
					planID = p.ID
				}
			}
			a.post(group, base+"/benefits", url.Values{"kind": {"kpi"}, "kpi_id": {enrol.ID}, "baseline": {"40"}, "measure_from": {"2026-01"},
				"unit_value": {"20"}, "share_" + planID: {"100"}})
			benefits := func() []accord.Benefit {
				bs, err := a.db.ListBenefits(ctx, al.ID)
				if err != nil {
					t.Fatal(err)
				}
				var out []accord.Benefit
				for _, b := range bs {
					if b.InitiativeID == care && b.KPIID == enrol.ID {
						out = append(out, b)
					}
				}
				return out
			}
			bs := benefits()
			if len(bs) != 1 || bs[0].Status != accord.BenefitProposed || bs[0].UnitValue != 2000 {
				t.Fatalf("after the page's proposal: %+v; want one proposed benefit at $20.00", bs)
			}
			a.post(plan, base+"/benefits/"+bs[0].ID+"/approve", url.Values{})
			if benefits()[0].Status != accord.BenefitProposed {
				t.Error("approved without the confirmation box")
			}
			a.post(plan, base+"/benefits/"+bs[0].ID+"/approve", url.Values{"confirm": {"yes"}})
			if b := benefits()[0]; b.Status != accord.BenefitApproved || b.ApprovedPartyID != planID {
				t.Errorf("after the plan's approval: %+v", b)
			}
			a.post(plan, base+"/roi-assessments", url.Values{"rate": {"7%"}})
			as, err := a.db.ROIAssessments(ctx, al.ID, care)
			if err != nil || len(as) != 2 || as[0].Rates.Common != 0.07 || as[0].Reviewed() {
				t.Fatalf("after the page's submission: %+v, %v; want a new unreviewed assessment at 7%%", as, err)
			}
			lead := a.login(groupExec)
			a.post(lead, base+"/roi-assessments/"+as[0].ID+"/review", url.Values{"review": {"agree"}, "confirm": {"yes"}})
			if as, _ = a.db.ROIAssessments(ctx, al.ID, care); !as[0].Reviewed() || as[0].ReviewedByName != "Dr. Elena Vasquez" {
				t.Errorf("after the lead's review: %+v", as[0])
			}

			protocols, err := a.db.ListProtocols(ctx, al.ID)
			if err != nil {
				t.Fatal(err)
			}
			sys := accord.SystemActor("test")
			for _, p := range protocols {
				if p.Status == accord.ProtocolActive {
					if _, err := a.db.EndProtocol(ctx, sys, al.ID, p.ID, time.Now().AddDate(0, 0, -1)); err != nil {
						t.Fatal(err)
					}
				}
			}
			on := true
			if _, err := a.db.UpdateCharter(ctx, sys, al.ID, accord.CharterUpdate{SharingByProtocol: &on}); err != nil {
				t.Fatal(err)
			}
			type ledgerBody struct {
				Benefits []struct {
					Title         string
					FiguresShared *bool `json:"figures_shared"`
					Total         float64
					Periods       []map[string]any
				}
			}
			for _, c := range []struct {
				email string
				sees  bool
			}{{planFinance, false}, {groupFinance, true}} {
				var lv ledgerBody
				if r := a.api("GET", "/api/v1/alliances/north-valley/initiatives/"+care+"/ledger", a.token(c.email, "read"), "", &lv); r.StatusCode != http.StatusOK {
					t.Fatalf("%s: ledger status %d", c.email, r.StatusCode)
				}
				hba1c := lv.Benefits[0]
				if !strings.HasPrefix(hba1c.Title, "HbA1c control") || hba1c.FiguresShared == nil || *hba1c.FiguresShared != c.sees || hba1c.Total <= 0 || len(hba1c.Periods) == 0 {
					t.Fatalf("%s: benefit %+v; want figures shared %v and the money either way", c.email, hba1c, c.sees)
				}
				_, hasValue := hba1c.Periods[0]["value"]
				_, hasAmount := hba1c.Periods[0]["amount"]
				if hasValue != c.sees || !hasAmount {
					t.Errorf("%s: a period reads %v; want the value only if the figures are shared, the amount always", c.email, hba1c.Periods[0])
				}
				_, body := a.get(a.login(c.email), page)
				b, _ := json.Marshal(hba1c.Periods[0]["amount"])
				i := strings.Index(body, "HbA1c control")
				if i < 0 {
					t.Fatalf("%s: the ledger page does not show the HbA1c benefit", c.email)
				}
				article := body[i : i+strings.Index(body[i:], "</article>")]
				if strings.Contains(article, "At the sites") != c.sees || strings.Contains(article, "figures are not shared with your party") == c.sees ||
					!strings.Contains(article, views.Money(number.Money(int64(hba1c.Periods[0]["amount"].(float64)*100+0.5)))) {
					t.Errorf("%s: the HbA1c benefit on the page shows its figures %v, want %v, and its money (%s) either way", c.email, !c.sees, c.sees, b)
				}
			}
		})
	}
}
