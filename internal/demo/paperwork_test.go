package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/health"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestDemoPaperworkStory: the physician group's figures arrived by file
// about three weeks after each period closed, then, for the last nine
// months, through its FHIR feed a few days after; its paperwork index, as
// the health page computes it over 18 months, falls with the move, while
// the other parties' imports stay files.
func TestDemoPaperworkStory(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, d, func() time.Time { return testNow })
			_, b := generate(t, db, testNow)
			parties, err := db.ListParties(ctx, b.alliance.ID)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]string{}
			for _, p := range parties {
				names[p.ID] = p.OrgName
			}
			counts, err := db.PaperworkCounts(ctx, b.alliance.ID, testNow.AddDate(0, -17, 0))
			if err != nil {
				t.Fatal(err)
			}
			switched := testNow.AddDate(0, -9, 0).Format("2006-01")
			var months []health.PaperworkMonth
			var before, after int
			for _, c := range counts {
				months = append(months, health.PaperworkMonth{Party: names[c.PartyID], Month: c.Month, Manual: c.Manual, Upload: c.Upload,
					API: c.API, Feed: c.Feed, LatencyDays: c.LatencyDays, Forms: c.Forms, Members: c.Members})
				obs := c.Manual + c.Upload + c.API + c.Feed
				switch {
				case names[c.PartyID] != "Riverside Physician Group":
					if c.Feed != 0 {
						t.Errorf("%s, %s: %d figures by a feed; only the physician group has one", names[c.PartyID], c.Month, c.Feed)
					}
				case obs == 0:
				case c.Month < switched:
					before++
					if c.Feed != 0 || c.Upload == 0 {
						t.Errorf("physician group, %s (before its feed): %+v; want its figures uploaded", c.Month, c)
					}
				case c.Month > switched:
					after++
					if c.Feed == 0 || c.Upload+c.Manual != 0 {
						t.Errorf("physician group, %s (its feed running): %+v; want its figures by the feed only", c.Month, c)
					}
				}
			}
			if before < 3 || after < 3 {
				t.Fatalf("physician group: %d months of uploads and %d of the feed in 18 months; want several of each", before, after)
			}
			points, err := health.Paperwork(months)
			if err != nil {
				t.Fatal(err)
			}
			var early, late []float64
			for _, p := range points {
				if p.Party != "Riverside Physician Group" || p.Observations == 0 {
					continue
				}
				if p.Month < switched {
					early = append(early, p.Index)
				} else if p.Month > switched {
					late = append(late, p.Index)
				}
			}
			if mean(early)-mean(late) < 25 {
				t.Errorf("the physician group's paperwork index: %.0f on average with files, %.0f with the feed; want it to fall by 25 points or more", mean(early), mean(late))
			}
		})
	}
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
