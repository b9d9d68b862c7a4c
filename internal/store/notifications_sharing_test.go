package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestSignalNotificationsReadAsSharingNow: a KPI's signal told to every
// executive while sharing was open is read, once the alliance shares by
// protocol, in full only by a party that may see the signal now — in the
// inbox, an e-mail, a digest and when marked read — and in full again
// once a protocol shares it; a notification that names no signal (written
// before they did) in full only by the party that reports the KPI.
func TestSignalNotificationsReadAsSharingNow(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			clk := &clock{t: time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)}
			db := storetest.Open(t, d, clk.Now)
			b := seatNotifyBoard(t, db)
			k := approvedKPI(t, db, b.fixture, hba1c()) // reported by the provider
			red := cond(accord.SignalTargetRed, "", accord.EffectDeterioration, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
			red.Summary = "HbA1c control fell to 61.2% in October"
			if _, err := db.SyncSignals(ctx, cli, b.alliance.ID, k.ID, []accord.SignalCondition{red}); err != nil {
				t.Fatal(err)
			}
			withheld := func(name string) bool {
				t.Helper()
				ns := b.inbox(t, db, name, accord.NotifySignalOpened)
				if len(ns) != 1 {
					t.Fatalf("%s has %d notifications of the signal, want 1", name, len(ns))
				}
				switch ns[0].Body {
				case red.Summary:
					return false
				case "Under the alliance's data-sharing protocols your party may not see this signal's figures.":
					if ns[0].Subject != k.Name+": not shared with your party" || ns[0].Link != "kpis/"+k.Key {
						t.Errorf("%s's withheld notification: %+v", name, ns[0])
					}
					return true
				}
				t.Fatalf("%s's notification: %+v", name, ns[0])
				return false
			}
			if withheld("Ada") || withheld("Ben") {
				t.Fatal("with sharing open, a notification is withheld")
			}
			on := true
			if _, err := db.UpdateCharter(ctx, cli, b.alliance.ID, accord.CharterUpdate{SharingByProtocol: &on}); err != nil {
				t.Fatal(err)
			}
			if !withheld("Ada") || withheld("Ben") {
				t.Errorf("under sharing by protocol: Ada (payer) withheld %v, Ben (provider) %v; want Ada's only", withheld("Ada"), withheld("Ben"))
			}
			wantDeliveriesWithheld(t, db, b, red.Summary)

			sharePayer(t, db, b)
			if withheld("Ada") {
				t.Error("with a protocol sharing the KPI with the payer, Ada's notification is still withheld")
			}
			// Written before notifications named their signal: only the
			// party that reports the KPI reads it in full.
			if _, err := db.SQL().Exec("UPDATE notifications SET signal_id = NULL"); err != nil {
				t.Fatal(err)
			}
			if !withheld("Ada") || withheld("Ben") {
				t.Errorf("a notification naming no signal: Ada withheld %v, Ben %v; want Ada's only", withheld("Ada"), withheld("Ben"))
			}
		})
	}
}

// wantDeliveriesWithheld checks that Ada's e-mail, digest and the answer
// to marking the notification read leave the signal's figures out.
func wantDeliveriesWithheld(t *testing.T, db *store.DB, b notifyBoard, summary string) {
	t.Helper()
	ctx := context.Background()
	mail, err := db.ClaimMail(ctx, b.users["Ada"], "claim-sharing")
	if err != nil || len(mail.Items) == 0 {
		t.Fatalf("ClaimMail = %+v, %v; want Ada's e-mail", mail, err)
	}
	for _, n := range mail.Items {
		if n.Body == summary {
			t.Errorf("Ada's e-mail carries the signal: %+v", n)
		}
	}
	if _, err := db.SetNotificationPreference(ctx, b.alliance.ID, b.users["Ada"], accord.MailDigest); err != nil {
		t.Fatal(err)
	}
	digest, ok, err := db.Digest(ctx, b.users["Ada"], b.alliance.ID, time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC))
	if err != nil || !ok || len(digest.Items) == 0 {
		t.Fatalf("Digest = %+v, %v, %v; want Ada's digest", digest, ok, err)
	}
	for _, n := range digest.Items {
		if n.Body == summary {
			t.Errorf("Ada's digest carries the signal: %+v", n)
		}
	}
	n, err := db.MarkNotificationRead(ctx, b.alliance.ID, b.users["Ada"], b.inbox(t, db, "Ada", accord.NotifySignalOpened)[0].ID)
	if err != nil || n.ReadAt == nil || n.Body != "Under the alliance's data-sharing protocols your party may not see this signal's figures." {
		t.Errorf("MarkNotificationRead = %+v, %v; want it read, the signal withheld", n, err)
	}
}

// sharePayer activates a protocol sharing the provider's HbA1c control
// with the payer.
func sharePayer(t *testing.T, db *store.DB, b notifyBoard) {
	t.Helper()
	ctx := context.Background()
	closes := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	p := accord.Protocol{AllianceID: b.alliance.ID, Title: "Quality data to the plan", FromPartyID: b.provider.ID, ToPartyID: b.payer.ID,
		KPIKeys: []string{"hba1c-control"}, Purpose: "Quality bonus", StartsOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	m := accord.Motion{CommitteeID: b.committee.ID, ClosesAt: &closes}
	if err := db.ProposeProtocol(ctx, b.actors["Ben"], &p, &m); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"Ada", "Cyd", "Ben"} {
		if _, err := db.CastVote(ctx, b.actors[who], b.alliance.ID, m.Number, "", "yes", ""); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := db.CastVote(ctx, b.actors["Dee"], b.alliance.ID, m.Number, "", "recuse", "I advise the plan"); err != nil || got.Status != accord.MotionPassed {
		t.Fatalf("the protocol's motion = %q, %v; want passed", got.Status, err)
	}
}
