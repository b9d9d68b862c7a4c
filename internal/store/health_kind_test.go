package store_test

import (
	"context"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestHealthItemKind stores an instrument with a bipolar item (too slow …
// too fast) and a dotted key, as the default instrument has, and reads the
// kinds back: an item given no kind is an agreement item.
func TestHealthItemKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := seed(t, db)
		in := accord.Instrument{AllianceID: f.alliance.ID, Key: "accord-pulse", Name: "Pulse", Factors: []accord.HealthFactor{
			{Key: "pace", Name: "Pace", Items: []accord.HealthItem{
				{Key: "pace.decisions", Text: "The speed of decisions is …", Kind: accord.HealthBipolar},
				{Key: "pace.fit", Text: "The pace suits us."},
			}},
		}}
		if err := db.CreateInstrument(ctx, cli, &in); err != nil {
			t.Fatal(err)
		}
		got, err := db.Instrument(ctx, f.alliance.ID, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		items := got.Items()
		if len(items) != 2 {
			t.Fatalf("got %d items, want 2", len(items))
		}
		for i, want := range []string{accord.HealthBipolar, accord.HealthAgreement} {
			if items[i].Kind != want {
				t.Errorf("item %s: got kind %q, want %q", items[i].Key, items[i].Kind, want)
			}
		}
		bad := in
		bad.Factors = []accord.HealthFactor{{Key: "pace", Name: "Pace", Items: []accord.HealthItem{{Key: "pace.x", Text: "Speed", Kind: accord.HealthBipolar, Reverse: true}}}}
		if err := db.CreateInstrument(ctx, cli, &bad); accord.ErrorField(err) != "factors[0].items[0].kind" {
			t.Errorf("reverse-keyed bipolar item: got %v, want a kind field error", err)
		}
	})
}
