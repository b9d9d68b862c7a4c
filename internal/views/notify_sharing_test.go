package views

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/audience"
)

// TestNotificationsShareLikePages checks that who is told about a KPI's
// signal (audience.Sharing, which the store applies in the transaction of
// the signal) follows the same data-sharing rule as the pages and the API
// (sharing.seesSignal), for every viewer, KPI, segment and span of the
// sharing fixtures.
func TestNotificationsShareLikePages(t *testing.T) {
	sh := audience.Sharing{On: true, Protocols: sharingProtocols(), KPIs: sharingKPIs()}
	months := []string{"", "2019-06-01", "2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2025-07-01", "2026-01-01", "2026-02-01"}
	checked, seen := 0, map[bool]int{}
	for _, viewer := range []string{partyPayer, partyProvider, partyInvestor, "party-nobody"} {
		page := sharingAs(viewer, true)
		for _, k := range sharingKPIs() {
			for _, seg := range []string{"", "East", "West"} {
				for i, first := range months {
					for _, last := range months[i:] {
						var f, l time.Time
						if first != "" {
							f = shDay(first)
						}
						if last != "" {
							l = shDay(last)
						}
						g := accord.Signal{KPIID: k.ID, Segment: seg, FirstPeriod: f, LastPeriod: l}
						got, want := sh.SeesSignal(viewer, k, seg, f, l), page.seesSignal(k, g)
						if got != want {
							t.Errorf("%s sees %s/%q %s–%s: notifications say %v, pages %v", viewer, k.Key, seg, first, last, got, want)
						}
						checked, seen[want] = checked+1, seen[want]+1
					}
				}
			}
		}
	}
	if checked < 1000 || seen[true] < 100 || seen[false] < 100 {
		t.Errorf("%d cases checked, %d seen and %d withheld: want many of both", checked, seen[true], seen[false])
	}
}
