package store_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// departed is a board with one more seat-holder, Bengt, who proposes a
// motion, votes on it with everyone, raises a concern by name, signs in
// and makes an API token: everything a person leaves behind.
type departed struct {
	board
	bengt   accord.User
	member  accord.Membership
	motion  accord.Motion
	session string
}

const bengtName, bengtEmail = "Bengt Quist-Holmsen", "bengt.quist@riverside.example"

func seatBengt(t *testing.T, db *store.DB) departed {
	t.Helper()
	ctx := context.Background()
	d := departed{board: seatBoard(t, db)}
	d.bengt = accord.User{Email: bengtEmail, Name: bengtName}
	if err := db.CreateUser(ctx, cli, &d.bengt, "hash"); err != nil {
		t.Fatal(err)
	}
	d.member = accord.Membership{AllianceID: d.alliance.ID, UserID: d.bengt.ID, PartyID: d.provider.ID, Roles: accord.Roles{accord.RoleExecutive}}
	if err := db.AddMember(ctx, cli, &d.member); err != nil {
		t.Fatal(err)
	}
	seat := accord.Seat{PartyID: d.provider.ID, Role: accord.RoleExecutive, MemberID: d.member.ID, TermStart: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := db.AddSeat(ctx, cli, d.committee.ID, &seat); err != nil {
		t.Fatal(err)
	}
	bengt := accord.Actor{UserID: d.bengt.ID, Name: bengtName, Via: "web"}
	closes := db.Now().AddDate(0, 0, 7)
	d.motion = accord.Motion{AllianceID: d.alliance.ID, CommitteeID: d.committee.ID, Title: "Adopt the falls bundle", Rule: "majority", ClosesAt: &closes}
	if err := db.ProposeMotion(ctx, bengt, &d.motion); err != nil {
		t.Fatal(err)
	}
	d.actors["Bengt"] = bengt
	for _, who := range []string{"Bengt", "Ada", "Cyd", "Ben", "Dee"} {
		if _, err := db.CastVote(ctx, d.actors[who], d.alliance.ID, d.motion.Number, "", "yes", ""); err != nil {
			t.Fatalf("CastVote(%s): %v", who, err)
		}
	}
	c := accord.Concern{AllianceID: d.alliance.ID, Category: accord.ConcernPatientSafety, Severity: "high", Body: "Bed alarms are off at night"}
	if _, err := db.RaiseConcern(ctx, bengt, &c, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AcknowledgeConcern(ctx, bengt, d.alliance.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	theirs := accord.Concern{AllianceID: d.alliance.ID, Category: accord.ConcernPatientSafety, Severity: "low", Body: "Discharge letters are late"}
	if _, err := db.RaiseConcern(ctx, d.actors["Ada"], &theirs, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReplyToConcern(ctx, bengt, d.alliance.ID, theirs.ID, "We are on it."); err != nil {
		t.Fatal(err)
	}
	var err error
	if d.session, err = db.CreateSession(ctx, d.bengt.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateAPIToken(ctx, bengt, &accord.APIToken{UserID: d.bengt.ID, Name: "Bengt's laptop", Scope: accord.ScopeRead}); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPersonDataExport exports Bengt's data: his account, membership,
// seat, ballot, concern by name, session and token (metadata only) and the
// audit entries he made, and nothing of the other people.
func TestPersonDataExport(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := seatBengt(t, db)
		got, err := db.PersonData(ctx, d.bengt.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Account.Email != bengtEmail || got.Erased {
			t.Errorf("account = %+v, erased %v", got.Account, got.Erased)
		}
		for kind, n := range map[string]int{"memberships": 1, "committee_seats": 1, "votes": 1, "concerns_raised_by_name": 1,
			"sessions": 1, "api_tokens": 1, "passkeys": 0, "survey_participation": 0} {
			if len(got.Records[kind]) != n {
				t.Errorf("%s: %d records, want %d: %v", kind, len(got.Records[kind]), n, got.Records[kind])
			}
		}
		if len(got.Records["audit_entries"]) < 4 {
			t.Errorf("audit entries = %v; want his motion, ballot, concern and token", got.Records["audit_entries"])
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ToLower(string(b))
		for _, other := range []string{"ada@plan.example", "cyd@example.org", "ben@example.org", "dee@example.org", d.admin.ID, "token_hash", "password_hash", "bed alarms"} {
			if strings.Contains(text, strings.ToLower(other)) {
				t.Errorf("the export holds %q", other)
			}
		}
		if _, err := db.PersonData(ctx, "no-such-person"); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("an unknown person: %v, want not found", err)
		}
	})
}

// TestErasePerson erases Bengt: no row but the audit trail's holds his name
// or address, the trail and a checkpoint made before still verify, the
// audit page reads his pseudonym, his ballot still counts and he can no
// longer sign in.
func TestErasePerson(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := seatBengt(t, db)
		head, err := db.AuditHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, key, _ := ed25519.GenerateKey(nil)
		cp := accord.SignAuditCheckpoint(key, head.Seq, head.Hash, head.At)
		// Ada's inbox quotes Bengt's reply (its body sealed at rest).
		adasInbox := func() string {
			ns, err := db.ListNotifications(ctx, accord.NotificationFilter{AllianceID: d.alliance.ID, UserID: d.admin.ID})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(ns)
			return string(b)
		}
		if !strings.Contains(adasInbox(), "Quist") {
			t.Error("no inbox of another person quotes Bengt; the test no longer sees what it checks")
		}
		ada := d.actors["Ada"]
		if _, err := db.ErasePerson(ctx, d.actors["Bengt"], d.bengt.ID); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("erasing oneself: %v, want invalid", err)
		}
		u, err := db.ErasePerson(ctx, ada, d.bengt.ID)
		pseudonym, _ := store.Pseudonym(d.bengt.ID)
		if err != nil || u.Name != pseudonym || !strings.HasPrefix(u.Name, "Former member ") || u.Active() {
			t.Fatalf("ErasePerson = %+v, %v", u, err)
		}
		if _, err := db.ErasePerson(ctx, ada, d.bengt.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("a second erasure: %v, want conflict", err)
		}
		if _, err := db.SetUserDisabled(ctx, cli, d.bengt.ID, false); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("enabling an erased account: %v, want conflict", err)
		}

		if inbox := adasInbox(); strings.Contains(inbox, "Quist") || !strings.Contains(inbox, pseudonym) {
			t.Errorf("Ada's inbox after the erasure: %s; want %s in place of Bengt", inbox, pseudonym)
		}
		inAudit := 0
		for row := range tableRows(t, db) {
			low := strings.ToLower(row)
			if !strings.Contains(low, "quist") && !strings.Contains(low, "bengt") {
				continue
			}
			if strings.HasPrefix(row, "audit_log ") {
				inAudit++
				continue
			}
			t.Errorf("a row still names the erased person: %s", row)
		}
		if inAudit == 0 {
			t.Error("the audit trail no longer holds the entries made before the erasure; the test no longer sees what it checks")
		}

		if r, err := db.VerifyAudit(ctx); err != nil || len(r.Problems) != 0 {
			t.Errorf("VerifyAudit = %+v, %v", r, err)
		}
		if probs, err := db.CheckAuditCheckpoint(ctx, cp); err != nil || len(probs) != 0 {
			t.Errorf("CheckAuditCheckpoint = %v, %v", probs, err)
		}
		entries, err := db.ListAudit(ctx, accord.AuditFilter{ActorID: d.bengt.ID, Limit: 500})
		if err != nil || len(entries) < 4 {
			t.Fatalf("ListAudit = %d entries, %v", len(entries), err)
		}
		all, err := db.ListAudit(ctx, accord.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range append(entries, all...) {
			if b, _ := json.Marshal(e); strings.Contains(strings.ToLower(string(b)), "quist") {
				t.Errorf("the audit page shows the erased person: %s", b)
			}
		}
		if entries[0].ActorName != pseudonym {
			t.Errorf("actor shown as %q, want %q", entries[0].ActorName, pseudonym)
		}

		ms, err := db.ListMotions(ctx, accord.DecisionFilter{AllianceID: d.alliance.ID}, "decided")
		if err != nil || len(ms) != 1 || ms[0].Status != accord.MotionPassed || ms[0].CreatedBy != pseudonym {
			t.Fatalf("ListMotions = %+v, %v; want the motion passed, proposed by %s", ms, err, pseudonym)
		}
		m, err := db.Motion(ctx, d.alliance.ID, d.motion.Number)
		if err != nil {
			t.Fatal(err)
		}
		counted := false
		for _, v := range m.Votes {
			counted = counted || v.MemberID == d.member.ID && v.Choice == "yes"
		}
		if !counted {
			t.Errorf("votes = %+v; want the erased person's ballot kept", m.Votes)
		}
		if _, err := db.SessionUser(ctx, d.session); accord.ErrorCode(err) != accord.EUNAUTHORIZED {
			t.Errorf("the erased person's session: %v, want unauthorized", err)
		}
		if _, _, err := db.UserByEmail(ctx, bengtEmail); accord.ErrorCode(err) != accord.ENOTFOUND {
			t.Errorf("the old address: %v, want not found", err)
		}
		data, err := db.PersonData(ctx, d.bengt.ID)
		if err != nil || !data.Erased || len(data.Records["sessions"]) != 0 || len(data.Records["api_tokens"]) != 0 || len(data.Records["votes"]) != 1 {
			t.Errorf("PersonData after erasure = %+v, %v", data, err)
		}
	})
}

// TestEraseKeepsAnAdmin refuses to erase an alliance's last admin.
func TestEraseKeepsAnAdmin(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := seed(t, db)
		if _, err := db.ErasePerson(context.Background(), cli, f.admin.ID); accord.ErrorCode(err) != accord.ECONFLICT {
			t.Errorf("erasing the last admin: %v, want conflict", err)
		}
	})
}
