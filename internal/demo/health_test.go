package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/pulse"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

const (
	physicians = "Riverside Physician Group"
	vendor     = "Brightline Telehealth"
	investor   = "Cedar Ridge Health Partners"
)

// TestSurveyStory checks the demo's six rounds against the story it tells:
// trust steady, the physician group's pace falling and recovering, the
// vendor's clinical voice low, the investor hidden in one round.
func TestSurveyStory(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, nil)
			res, b := generate(t, db, testNow)
			if len(res.Health.Rounds) != 6 {
				t.Fatalf("rounds = %d, want 6", len(res.Health.Rounds))
			}
			parties, err := db.ListParties(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]string{}
			for _, p := range parties {
				names[p.ID] = p.OrgName
			}
			var results []health.Results
			for _, id := range res.Health.Rounds {
				r, err := db.HealthRound(ctx, b.alliance.ID, id)
				if err != nil || r.Status != accord.RoundClosed || !r.ClosesOn.Before(testNow) {
					t.Fatalf("round %s: %+v, %v; want closed before now", id, r, err)
				}
				in, err := db.Instrument(ctx, b.alliance.ID, r.InstrumentID)
				if err != nil {
					t.Fatal(err)
				}
				rs, err := db.HealthResponses(ctx, b.alliance.ID, id)
				if err != nil {
					t.Fatal(err)
				}
				got, err := health.Compute(pulse.Engine(in), pulse.Responses(rs, names), 5)
				if err != nil {
					t.Fatal(err)
				}
				results = append(results, got)
			}
			party := func(k int, factor, name string) health.Group {
				f, _ := results[k].Factor(factor)
				for _, g := range f.Parties {
					if g.Party == name {
						return g
					}
				}
				t.Fatalf("round %d: no %s on %s", k+1, name, factor)
				return health.Group{}
			}
			pace := []float64{}
			for k := range results {
				g := party(k, "pace", physicians)
				if !g.Shown {
					t.Fatalf("round %d: the physicians' pace is hidden: %s", k+1, g.Hidden)
				}
				pace = append(pace, g.Score.Mean)
				if tr := party(k, "trust", physicians); !tr.Shown || tr.Score.Mean < 3.5 {
					t.Errorf("round %d: physicians' trust %v (shown %v), want steady at 3.5 or more", k+1, tr.Score.Mean, tr.Shown)
				}
			}
			if !(pace[3] < pace[0]-1 && pace[5] > pace[3]+1) {
				t.Errorf("physicians' pace by round %.2v: want a fall by round 4 and a recovery after", pace)
			}
			if lean := party(3, "pace", physicians).Lean.Mean; health.LeanWord(lean) != health.TooFast {
				t.Errorf("round 4: physicians' pace leans %v (%s), want too fast", lean, health.LeanWord(lean))
			}
			if g := party(5, "clinical_voice", vendor); !g.Shown || g.Score.Mean > 2.8 {
				t.Errorf("latest round: the vendor's clinical voice %v (shown %v), want shown and low", g.Score.Mean, g.Shown)
			}
			for k := range results {
				g := party(k, "trust", investor)
				hidden := k == 3
				if g.Shown == hidden || (hidden && !strings.Contains(g.Hidden, "3 people answered")) {
					t.Errorf("round %d: investor shown %v (%q), want hidden only in round 4 for too few answers", k+1, g.Shown, g.Hidden)
				}
			}
			if res.Health.InvestorHidden != res.Health.Rounds[3] {
				t.Errorf("InvestorHidden = %s, want round 4", res.Health.InvestorHidden)
			}
		})
	}
}
