package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

// TestAmendmentByMotion: the demo's pending amendment is put to the
// steering committee under consent of every party; when the last
// seat-holder votes yes, the motion passes and the amendment is adopted as
// the contract's next version, signed for every party on the motion's
// authority.
func TestAmendmentByMotion(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			c, err := a.db.ContractByKey(context.Background(), mustAlliance(t, a).ID, "shared-savings")
			if err != nil {
				t.Fatal(err)
			}
			pending, err := a.db.ListAmendments(context.Background(), c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var am accord.Amendment
			for _, x := range pending {
				if x.Status == accord.AmendmentProposed {
					am = x
				}
			}
			if am.ID == "" {
				t.Fatal("the demo has no pending amendment")
			}
			var m accord.Motion
			body := `{"committee":"steering","title":"Adopt amendment ` + am.Summary + `","subject_kind":"amendment","subject_id":"` + am.ID +
				`","rule":"party-consent","closes_at":"2099-01-01T00:00:00Z"}`
			if r := a.api("POST", nv+"/motions", a.token(roleAccounts["admin"], "write"), body, &m); r.StatusCode != http.StatusCreated {
				t.Fatalf("propose: status %d", r.StatusCode)
			}
			voters := []string{"admin@accord-demo.example", "elena.vasquez@riversidepg.example", "samuel.kim@riversidepg.example",
				"jonathan.reyes@cedarridge.example", "leo.brandt@brightline.example"}
			for _, v := range voters {
				if r := a.api("POST", nv+"/motions/"+itoa(m.Number)+"/votes", a.token(v, "write"), `{"choice":"yes"}`, &m); r.StatusCode != 200 {
					t.Fatalf("vote of %s: status %d", v, r.StatusCode)
				}
			}
			if m.Status != accord.MotionPassed {
				t.Fatalf("motion after every seat-holder voted yes: %q, want passed", m.Status)
			}
			got, err := a.db.Amendment(context.Background(), c.ID, am.Number)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != accord.AmendmentAdopted || len(got.SignOffs) != 4 {
				t.Errorf("amendment after the motion passed: %q with %d sign-offs, want adopted and signed for all four parties", got.Status, len(got.SignOffs))
			}
		})
	}
}
