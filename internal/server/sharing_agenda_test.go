package server_test

import (
	"context"
	"html/template"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/notify"
	"github.com/accord-alliance/accord/internal/notify/smtptest"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/pdfprint"
	"github.com/accord-alliance/accord/internal/server"
	"github.com/accord-alliance/accord/internal/store"
)

// shSignalSummary is the summary of the signal the agenda scenario opens on
// the provider's sh-visits: figures only the provider may read.
const shSignalSummary = "Visits fell to 61 of 100 in Beta Clinic"

// shMeeting is the agenda scenario: under sharing by protocol with no
// protocol, sh-a1c (reported by the provider) is red against an approved
// target and sh-visits has an open signal; a meeting of the scenario's
// committee is two days ahead. It returns the meeting and what the owner
// reads of sh-a1c's agenda item.
func (sc *shScene) shMeeting() (accord.Meeting, string) {
	sc.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	sc.cleanSlate()
	sc.setSharing(true)
	k, err := sc.a.db.KPIByKey(ctx, sc.al.ID, "sh-a1c")
	if err != nil {
		sc.t.Fatal(err)
	}
	tg := accord.Target{KPIID: k.ID, EffectiveAt: sc.periods[0], Value: number.DecimalFromInt(95), Green: number.DecimalFromInt(95), Amber: number.DecimalFromInt(90)}
	if err := sc.a.db.ProposeTarget(ctx, actor, sc.al.ID, k.OwnerPartyID, &tg); err != nil {
		sc.t.Fatal(err)
	}
	for _, p := range sc.parties {
		if p != k.OwnerPartyID {
			if _, err := sc.a.db.Approve(ctx, actor, sc.al.ID, "target", tg.ID, p); err != nil {
				sc.t.Fatal(err)
			}
		}
	}
	// Only the red tile speaks for sh-a1c; sh-visits has the one signal.
	if _, err := sc.a.db.SyncSignals(ctx, actor, sc.al.ID, k.ID, nil); err != nil {
		sc.t.Fatal(err)
	}
	visits, err := sc.a.db.KPIByKey(ctx, sc.al.ID, "sh-visits")
	if err != nil {
		sc.t.Fatal(err)
	}
	hook := accord.Webhook{AllianceID: sc.al.ID, URL: "https://hooks.example.org/sharing", Format: accord.WebhookSlack}
	if err := sc.a.db.CreateWebhook(ctx, sc.actor(roleAccounts["admin"]), &hook); err != nil {
		sc.t.Fatal(err)
	}
	last := sc.periods[len(sc.periods)-1]
	fell := accord.SignalCondition{Kind: accord.SignalTargetRed, Segment: "Beta Clinic", Severity: accord.SeverityWarning, Effect: accord.EffectDeterioration,
		Subject: "Shared sh-visits: fell in Beta Clinic", Summary: shSignalSummary, FirstPeriod: last, LastPeriod: last}
	if _, err := sc.a.db.SyncSignals(ctx, actor, sc.al.ID, visits.ID, []accord.SignalCondition{fell}); err != nil {
		sc.t.Fatal(err)
	}
	// A webhook's readers are not known: a signal not every party may see
	// is not posted.
	if log, err := sc.a.db.ListWebhookDeliveries(ctx, sc.al.ID, hook.ID, 0); err != nil || len(log) != 0 {
		sc.t.Errorf("posted to the webhook: %+v, %v; want nothing", log, err)
	}
	m := accord.Meeting{CommitteeID: sc.comm.ID, StartsAt: time.Now().UTC().AddDate(0, 0, 2).Truncate(time.Hour)}
	if err := sc.a.db.CreateMeeting(ctx, actor, &m); err != nil {
		sc.t.Fatal(err)
	}
	item := sc.agendaItem(shOwner, m.ID, accord.AgendaKPI, "sh-a1c")
	if item.Title != "Shared sh-a1c is red" || !strings.HasPrefix(item.Detail, sc.tile(shOwner, "sh-a1c", "").Value+" in ") {
		sc.t.Fatalf("the owner's agenda item on sh-a1c: %+v; want it red with its value", item)
	}
	if got := sc.agendaItem(shOwner, m.ID, accord.AgendaSignal, ""); !strings.Contains(got.Detail, shSignalSummary) {
		sc.t.Fatalf("the owner's agenda item on the signal: %+v", got)
	}
	return m, item.Detail
}

// agendaItem returns the item of the meeting's agenda (from the API, as
// email reads it) of the kind and reference; ref "" is the item of the
// scene's signal (on one of its sh- KPIs; the demo's initiatives have
// signals on the agenda too).
func (sc *shScene) agendaItem(email, meetingID, kind, ref string) accord.AgendaItem {
	sc.t.Helper()
	var got struct{ Agenda []accord.AgendaItem }
	if r := sc.a.api("GET", "/api/v1/alliances/north-valley/meetings/"+meetingID, sc.tokens[email], "", &got); r.StatusCode != http.StatusOK {
		sc.t.Fatalf("meeting as %s: status %d", email, r.StatusCode)
	}
	for _, it := range got.Agenda {
		if it.Kind == kind && (it.RefID == ref || ref == "" && len(it.RefID) > 20 && strings.Contains(it.Title, "sh-")) {
			return it
		}
	}
	sc.t.Fatalf("the agenda as %s has no %s item %q: %+v", email, kind, ref, got.Agenda)
	return accord.AgendaItem{}
}

// TestAgendaAndPacketShareByProtocol: the agenda the data writes once for
// the committee, the meeting page, its JSON, the packet page and the
// packet e-mailed to each seat-holder show a party without a protocol none
// of the figures of another party's KPIs, while the owning party reads
// them all and a party under a protocol reads what its own scorecard
// shows; notifications and webhooks leave the signal out alike.
func TestAgendaAndPacketShareByProtocol(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			sink := smtptest.New(t)
			// No Chromium: the packet is e-mailed as its HTML page.
			a := newAppWith(t, d, server.Config{Mailer: &notify.SMTP{Addr: sink.Addr(), From: "accord <accord@example.org>"},
				BaseURL: "https://accord.example.org", Printer: pdfprint.Printer{Path: "/nonexistent/chromium"}})
			sc := newShScene(t, a)
			m, red := sc.shMeeting()
			figures := []string{red, shSignalSummary}
			escaped := []string{template.HTMLEscapeString(red), template.HTMLEscapeString(shSignalSummary)}

			// The JSON API.
			for _, viewer := range []string{shPayer, shInvestor} {
				if got := sc.agendaItem(viewer, m.ID, accord.AgendaKPI, "sh-a1c"); got.Title != "Shared sh-a1c" || got.Detail != "Not shared with your party." {
					t.Errorf("%s's agenda item on sh-a1c: %+v; want its name and no figure", viewer, got)
				}
				if got := sc.agendaItem(viewer, m.ID, accord.AgendaSignal, ""); got.Title != "Shared sh-visits" || got.Detail != "Not shared with your party." {
					t.Errorf("%s's agenda item on the signal: %+v; want the KPI's name and no figure", viewer, got)
				}
			}
			// Annotating an item answers with the item as its reader may read it.
			item := sc.agendaItem(shPayer, m.ID, accord.AgendaKPI, "sh-a1c")
			var noted accord.AgendaItem
			r := a.api("PUT", "/api/v1/alliances/north-valley/meetings/"+m.ID+"/agenda/"+item.ID+"/note", sc.tokens[shPayer], `{"note":"Ask the provider"}`, &noted)
			if r.StatusCode != http.StatusOK || noted.Note != "Ask the provider" || noted.Detail != "Not shared with your party." {
				t.Errorf("the payer's note on sh-a1c's item: status %d, %+v; want the item without its figures", r.StatusCode, noted)
			}
			// The meeting page and the packet page.
			for _, path := range []string{"/a/north-valley/meetings/" + m.ID, "/a/north-valley/meetings/" + m.ID + "/packet"} {
				owner, payer := sc.page(shOwner, path), sc.page(shPayer, path)
				for i := range figures {
					if !strings.Contains(owner, escaped[i]) {
						t.Errorf("%s as the owner lacks %q", path, figures[i])
					}
					if strings.Contains(payer, escaped[i]) || strings.Contains(payer, "Shared sh-a1c is red") {
						t.Errorf("%s as the payer shows %q", path, figures[i])
					}
				}
				if !strings.Contains(payer, "Not shared with your party") {
					t.Errorf("%s as the payer does not say what is withheld", path)
				}
			}
			// The packet e-mailed to each seat-holder, rendered for their party.
			if n, err := a.sendDuePackets(context.Background()); err != nil || n != 1 {
				t.Fatalf("SendDuePackets = %d, %v; want the scenario's meeting", n, err)
			}
			sc.wantMailedPacket(sink, m, figures)
			sc.wantNoSignalTold()
			sc.protocolAndHistory(m, red)
		})
	}
}

// wantMailedPacket checks the packet each seat-holder was e-mailed: the
// owner's holds the figures, the payer's and the investor's none of them.
func (sc *shScene) wantMailedPacket(sink *smtptest.Server, m accord.Meeting, figures []string) {
	sc.t.Helper()
	name := "packet-" + sc.comm.Key + "-" + m.StartsAt.Format("2006-01-02") + ".html"
	seen := map[string]bool{}
	for _, msg := range sink.Messages() {
		packet := string(mimeParts(sc.t, msg.Data)[name])
		if packet == "" {
			sc.t.Errorf("the e-mail to %s has no %s", msg.To, name)
			continue
		}
		for _, email := range []string{shOwner, shPayer, shInvestor} {
			if !strings.Contains(msg.To, email) {
				continue
			}
			seen[email] = true
			for _, f := range figures {
				if has := strings.Contains(packet, template.HTMLEscapeString(f)); has != (email == shOwner) {
					sc.t.Errorf("the packet e-mailed to %s shows %q: %v", email, f, has)
				}
			}
		}
	}
	if len(seen) != 3 {
		sc.t.Errorf("packets e-mailed to %v; want the owner, the payer and the investor", seen)
	}
}

// wantNoSignalTold checks the in-app notifications (which the e-mails and
// digests carry): the owner was told of the signal, the payer not.
func (sc *shScene) wantNoSignalTold() {
	sc.t.Helper()
	told := func(email string) bool {
		var got struct{ Items []accord.Notification }
		sc.a.api("GET", "/api/v1/alliances/north-valley/notifications", sc.tokens[email], "", &got)
		for _, n := range got.Items {
			if strings.Contains(n.Body, shSignalSummary) {
				return true
			}
		}
		return false
	}
	if !told(shOwner) || told(shPayer) || told(shInvestor) {
		sc.t.Errorf("told of the signal: owner %v, payer %v, investor %v; want the owner only", told(shOwner), told(shPayer), told(shInvestor))
	}
}

// protocolAndHistory: once a protocol shares sh-a1c with the investor, the
// investor reads the agenda item as its own scorecard gives it, the payer
// still nothing. When the meeting is held its agenda is history: another
// party's KPI's item is then shown only to a party that sees all of the
// KPI's figures, the owner.
func (sc *shScene) protocolAndHistory(m accord.Meeting, red string) {
	sc.t.Helper()
	ctx := context.Background()
	sc.activate(accord.Protocol{Title: "A1c for the investor", ToPartyID: sc.parties[accord.PartyInvestor], KPIKeys: []string{"sh-a1c"},
		StartsOn: sc.periods[0]}, shInvestor, "sh-a1c")
	value := sc.tile(shInvestor, "sh-a1c", "").Value
	if got := sc.agendaItem(shInvestor, m.ID, accord.AgendaKPI, "sh-a1c"); got.Title != "Shared sh-a1c is red" || !strings.HasPrefix(got.Detail, value+" in ") || value == "—" {
		sc.t.Errorf("under a protocol, the investor's agenda item on sh-a1c: %+v; want it red at %s", got, value)
	}
	if got := sc.agendaItem(shPayer, m.ID, accord.AgendaKPI, "sh-a1c"); got.Detail != "Not shared with your party." {
		sc.t.Errorf("the payer's agenda item on sh-a1c with the investor's protocol: %+v", got)
	}
	c, err := sc.a.db.CommitteeByKey(ctx, sc.al.ID, sc.comm.Key)
	if err != nil {
		sc.t.Fatal(err)
	}
	var att []accord.Attendance
	for _, st := range c.Seats {
		att = append(att, accord.Attendance{MemberID: st.MemberID, Present: true})
	}
	if _, err := sc.a.db.RecordAttendance(ctx, sc.actor(shPayer), sc.al.ID, m.ID, att); err != nil {
		sc.t.Fatal(err)
	}
	want := map[string]string{shOwner: red, shInvestor: "Not shared with your party.", shPayer: "Not shared with your party."}
	for email, detail := range want {
		if got := sc.agendaItem(email, m.ID, accord.AgendaKPI, "sh-a1c"); got.Detail != detail {
			sc.t.Errorf("the held meeting's agenda item on sh-a1c as %s: %+v; want %q", email, got, detail)
		}
	}
}
