package server_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// graceEmail is a clinical leader of Riverside who owns an overdue action
// item in the demo and sits on the clinical council.
const graceEmail = "grace.liu@riversidepg.example"

// needItem is one item of GET …/needs-you as a client reads it.
type needItem struct {
	Kind, Sentence, Link, Urgency string
	Due                           *string
}

// needsYou reads the needs-you list of one person.
func (a *app) needsYou(email string) []needItem {
	a.t.Helper()
	var got struct{ Items []needItem }
	if r := a.api("GET", "/api/v1/alliances/north-valley/needs-you", a.token(email, "read"), "", &got); r.StatusCode != http.StatusOK {
		a.t.Fatalf("needs-you of %s: status %d", email, r.StatusCode)
	}
	return got.Items
}

// needIndex is the position of the first item whose sentence contains
// text, or -1.
func needIndex(items []needItem, text string) int {
	for i, it := range items {
		if strings.Contains(it.Sentence, text) {
			return i
		}
	}
	return -1
}

// TestOverviewForYou: the overview opens with "Needs you": Grace's overdue
// action item comes first, above things due later, on the page and the
// API alike; the admin's vote waits there with their next meeting; a plain
// member with nothing to do reads "Nothing needs you today"; an observer
// has no card.
func TestOverviewForYou(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			_, body := a.get(a.login(browserAdminEmail), "/a/north-valley")
			for _, want := range []string{`id="mine-h"`, "Needs you", "Your next meeting", "Steering committee", "Waiting for your vote", "Adopt the 2027 targets"} {
				if !strings.Contains(body, want) {
					t.Errorf("the admin's overview lacks %q", want)
				}
			}
			if strings.Index(body, `id="mine-h"`) > strings.Index(body, `class="stats"`) {
				t.Error("the Needs you card is not the first thing on the overview")
			}
			items := a.needsYou(graceEmail)
			if len(items) < 2 || items[0].Kind != "action_item" || items[0].Urgency != "overdue" || !strings.Contains(items[0].Sentence, "Share the Eastgate winter staffing plan") || items[0].Due == nil {
				t.Fatalf("Grace's list does not open with her overdue action item: %+v", items)
			}
			_, body = a.get(a.login(graceEmail), "/a/north-valley")
			first, later := strings.Index(body, "Your action item: Share the Eastgate winter staffing plan"), strings.Index(body, html.EscapeString(items[1].Sentence))
			if first < 0 || later < 0 || first > later || !strings.Contains(body, "overdue") {
				t.Errorf("Grace's overview does not show her overdue item first (at %d, next at %d)", first, later)
			}
			minutes := needIndex(items, "Minutes to approve at the next meeting: Clinical quality council")
			if minutes < 0 || items[minutes].Kind != "minutes" || items[minutes].Due == nil {
				t.Errorf("Grace's list lacks her council's draft minutes, due at its next meeting: %+v", items)
			}
			// A pilot's readiness gate put to her council waits for her vote.
			closes := time.Now().UTC().AddDate(0, 0, 20).Truncate(time.Hour).Format(time.RFC3339)
			if r := a.api("POST", nv+"/motions", a.token(roleAccounts["admin"], "write"), `{"committee":"clinical-council","title":"Scale remote monitoring to Lakeview",
				"subject_kind":"pilot_gate","subject_id":"remote-monitoring-phase-2","rule":"majority","closes_at":"`+closes+`"}`, nil); r.StatusCode != http.StatusCreated {
				t.Fatalf("propose the gate: status %d", r.StatusCode)
			}
			items = a.needsYou(graceEmail)
			gate := needIndex(items, "readiness gate waits for your vote")
			if gate < 0 || items[gate].Kind != "pilot_gate" || items[gate].Urgency != "open" || items[0].Kind != "action_item" {
				t.Errorf("Grace's list after a pilot gate is put to her council: %+v", items)
			}
			if got := a.needsYou(roleAccounts["member"]); len(got) != 0 {
				t.Errorf("a plain member's list: %+v, want nothing", got)
			}
			_, body = a.get(a.login(roleAccounts["member"]), "/a/north-valley")
			if !strings.Contains(body, `id="mine-h"`) || !strings.Contains(body, "Nothing needs you today") {
				t.Error("a plain member with nothing to do is not told so in one line")
			}
			_, body = a.get(a.login(roleAccounts["observer"]), "/a/north-valley")
			if strings.Contains(body, `id="mine-h"`) || len(a.needsYou(roleAccounts["observer"])) != 0 {
				t.Error("an observer with nothing to do is shown a Needs you card")
			}
		})
	}
}

// TestNeedsYouSignalsAndSharing: a new deterioration on a KPI is listed
// for its party's handlers, an improvement is not, and neither once
// acknowledged; a red KPI is listed for another party's executive only
// while data sharing lets that party see it.
func TestNeedsYouSignalsAndSharing(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			ctx, actor, al := context.Background(), accord.SystemActor("test"), mustAlliance(t, a)
			k, err := a.db.KPIByKey(ctx, al.ID, "clinician-burnout")
			if err != nil {
				t.Fatal(err)
			}
			if k.OwnerPartyID == "" {
				t.Fatal("clinician-burnout has no owner")
			}
			fresh, err := a.db.LatestPeriods(ctx, al.ID)
			if err != nil {
				t.Fatal(err)
			}
			p := fresh[k.ID].LatestPeriod
			worse := accord.SignalCondition{Kind: accord.SignalSPC, Rule: "ihi-shift", Severity: accord.SeverityWarning, Effect: accord.EffectDeterioration,
				Subject: "Clinician burnout shifted up", Summary: "Eight quarters above the centre line.", FirstPeriod: p, LastPeriod: p}
			better := accord.SignalCondition{Kind: accord.SignalSPC, Rule: "ihi-trend", Severity: accord.SeverityWarning, Effect: accord.EffectImprovement,
				Subject: "Clinician burnout trends down in Eastgate", Segment: "Eastgate", Summary: "Six falling quarters.", FirstPeriod: p, LastPeriod: p}
			if _, err := a.db.SyncSignals(ctx, actor, al.ID, k.ID, []accord.SignalCondition{worse, better}); err != nil {
				t.Fatal(err)
			}
			items := a.needsYou(graceEmail)
			if needIndex(items, "New signal: Clinician burnout shifted up") < 0 {
				t.Errorf("Grace's list lacks the new deterioration: %+v", items)
			}
			if needIndex(items, "trends down") >= 0 {
				t.Error("Grace's list shows an improvement as needing her")
			}
			if needIndex(a.needsYou(roleAccounts["finance"]), "New signal") >= 0 {
				t.Error("finance, who does not handle signals, is listed a signal")
			}
			gs, err := a.db.ListSignals(ctx, accord.SignalFilter{AllianceID: al.ID, Status: accord.SignalOpen, KPIKey: k.Key})
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gs {
				if _, err := a.db.AcknowledgeSignal(ctx, actor, al.ID, g.ID); err != nil {
					t.Fatal(err)
				}
			}
			if needIndex(a.needsYou(graceEmail), "New signal") >= 0 {
				t.Error("an acknowledged signal is still listed as new")
			}

			// Sharing: the payer's executive sees Riverside's red KPI while
			// sharing is open; by protocol, Riverside's workforce data stays
			// with Riverside.
			dana := roleAccounts["executive"]
			if needIndex(a.needsYou(dana), "Clinician burnout is in the red") < 0 {
				t.Fatalf("with sharing open, Dana's list lacks the red KPI: %+v", a.needsYou(dana))
			}
			on := true
			if _, err := a.db.UpdateCharter(ctx, actor, al.ID, accord.CharterUpdate{SharingByProtocol: &on}); err != nil {
				t.Fatal(err)
			}
			items = a.needsYou(dana)
			if needIndex(items, "Clinician burnout is in the red") >= 0 {
				t.Error("by protocol, Dana's list shows a red KPI her party may not see")
			}
			if needIndex(items, "Claims denial rate is in the red") < 0 {
				t.Errorf("by protocol, Dana's list lacks her own party's red KPI: %+v", items)
			}
			_, body := a.get(a.login(dana), "/a/north-valley")
			if strings.Contains(body, "Clinician burnout is in the red") {
				t.Error("by protocol, Dana's overview shows a red KPI her party may not see")
			}
			if needIndex(a.needsYou("elena.vasquez@riversidepg.example"), "Clinician burnout is in the red") < 0 {
				t.Error("by protocol, Riverside's executive no longer sees Riverside's own red KPI")
			}
		})
	}
}

// TestNeedsYouSettlementSignOff: the demo's latest settlement is a draft
// awaiting Brightline Telehealth; its executive is asked to sign it off on
// the overview and its API twin, and nobody else is.
func TestNeedsYouSettlementSignOff(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			_, body := a.get(a.login("leo.brandt@brightline.example"), "/a/north-valley")
			if !strings.Contains(body, "Sign off the settlement of") || !strings.Contains(body, "/settlements/") {
				t.Error("Brightline's executive is not asked to sign off the draft settlement")
			}
			_, body = a.get(a.login(roleAccounts["executive"]), "/a/north-valley")
			if strings.Contains(body, "Sign off the settlement of") {
				t.Error("an executive whose party has signed is asked to sign off again")
			}
		})
	}
}
