package audience

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// The people of the tables: two parties, payer and provider.
var people = []Person{
	{UserID: "ada", PartyID: "payer", Roles: accord.Roles{accord.RoleAdmin, accord.RoleExecutive}},
	{UserID: "pat", PartyID: "payer", Roles: accord.Roles{accord.RoleFinance}},
	{UserID: "ops", PartyID: "payer", Roles: accord.Roles{accord.RoleOperations}},
	{UserID: "ben", PartyID: "provider", Roles: accord.Roles{accord.RoleExecutive}},
	{UserID: "dee", PartyID: "provider", Roles: accord.Roles{accord.RoleClinicalLeader}},
	{UserID: "eve", PartyID: "provider", Roles: accord.Roles{accord.RoleMember}},
	{UserID: "obs", PartyID: "provider", Roles: accord.Roles{accord.RoleObserver}},
}

// show writes recipients as "ben! dee": a "!" marks who must act.
func show(rs []Recipient) string {
	var parts []string
	for _, r := range rs {
		s := r.UserID
		if r.MustAct {
			s += "!"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestRecipients(t *testing.T) {
	kpiSignal := func(sev accord.Severity, seenBy map[string]bool) Event {
		return Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalTargetRed, Severity: sev, AboutKPI: true, OwnerPartyID: "provider", SeenBy: seenBy}
	}
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{"KPI signal: owning party's handlers and every executive", kpiSignal(accord.SeverityWarning, nil), "ada ben dee"},
		{"critical KPI signal: the owning party's handlers must act", kpiSignal(accord.SeverityCritical, nil), "ada ben! dee!"},
		{"KPI signal the payer may not see", kpiSignal(accord.SeverityWarning, map[string]bool{"provider": true}), "ben dee"},
		{"KPI signal nobody may see", kpiSignal(accord.SeverityWarning, map[string]bool{}), ""},
		{"an improvement interrupts nobody", kpiSignal(accord.SeverityInfo, nil), ""},
		{"severity risen", Event{Kind: accord.NotifySignalRaised, SignalKind: accord.SignalDataLate, Severity: accord.SeverityCritical, AboutKPI: true, OwnerPartyID: "payer"}, "ada! ops! ben"},
		{"action overdue: its owner", Event{Kind: accord.NotifyActionOverdue, SignalKind: accord.SignalActionOverdue, Named: []string{"eve"}}, "eve!"},
		{"concern not acknowledged: its escalation tells", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalConcernUnacknowledged, Severity: accord.SeverityCritical}, ""},
		{"contract review: the signers", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalContractReview, Severity: accord.SeverityInfo}, "ada ben"},
		{"contract review, a KPI in red the payer may not see: the provider's signers", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalContractReview, Severity: accord.SeverityWarning, SeenBy: map[string]bool{"provider": true}}, "ben"},
		{"survey: a factor dropped, every party's executives", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalSurvey, Severity: accord.SeverityWarning, OwnerPartyID: "provider"}, "ada ben"},
		{"survey: a response rate too low interrupts nobody", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalSurvey, Severity: accord.SeverityInfo}, ""},
		{"renegotiation asked by Ben: not Ben", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalContractRenegotiation, Actor: "ben"}, "ada"},
		{"concern raised: handlers", Event{Kind: accord.NotifyConcernRaised, Category: accord.ConcernFinance, ConcernSeverity: "low"}, "ada ops ben dee"},
		{"patient-safety concern: handlers must act", Event{Kind: accord.NotifyConcernRaised, Category: accord.ConcernPatientSafety, ConcernSeverity: "low"}, "ada! ops! ben! dee!"},
		{"high-severity concern by Dee, named: not Dee", Event{Kind: accord.NotifyConcernRaised, Category: accord.ConcernData, ConcernSeverity: "high", Actor: "dee"}, "ada! ops! ben!"},
		{"concern overdue: handlers, executives and the chair", Event{Kind: accord.NotifyConcernOverdue, Named: []string{"pat"}}, "ada! pat! ops! ben! dee!"},
		{"concern escalated: every executive and the chair", Event{Kind: accord.NotifyConcernEscalated, Named: []string{"pat"}}, "ada! pat! ben!"},
		{"reply to a named concern: its reporter", Event{Kind: accord.NotifyConcernReply, Named: []string{"eve"}, Actor: "ben"}, "eve"},
		{"reply to an anonymous concern: nobody", Event{Kind: accord.NotifyConcernReply, Actor: "ben"}, ""},
		{"motion: seat-holders vote", Event{Kind: accord.NotifyMotionOpened, Named: []string{"dee", "ada", "gone"}}, "ada! dee!"},
		{"motion proposed by a seat-holder", Event{Kind: accord.NotifyMotionOpened, Named: []string{"dee", "ada"}, Actor: "ada"}, "dee!"},
		{"action assigned", Event{Kind: accord.NotifyActionAssigned, Named: []string{"obs"}, Actor: "ada"}, "obs!"},
		{"amendment waiting for the provider", Event{Kind: accord.NotifyAmendmentSignoff, Parties: []string{"provider"}}, "ben!"},
		{"amendment waiting for both", Event{Kind: accord.NotifyAmendmentSignoff, Parties: []string{"payer", "provider"}, Actor: "pat"}, "ada! ben!"},
		{"settlement waiting for both: executives only", Event{Kind: accord.NotifySettlementSignoff, Parties: []string{"payer", "provider"}, Actor: "pat"}, "ada! ben!"},
		{"settlement waiting for the provider", Event{Kind: accord.NotifySettlementSignoff, Parties: []string{"provider"}}, "ben!"},
		{"unknown kind", Event{Kind: "gossip"}, ""},
		{"the webhook test", Event{Kind: accord.NotifyWebhookTest}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(Recipients(tt.ev, people)); got != tt.want {
				t.Errorf("Recipients = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRecipientsOnce(t *testing.T) {
	twice := append(slices.Clone(people), people[0])
	got := show(Recipients(Event{Kind: accord.NotifyMotionOpened, Named: []string{"ada"}}, twice))
	if got != "ada!" {
		t.Errorf("a person listed twice: %q, want once", got)
	}
}

func TestPublic(t *testing.T) {
	parties := []string{"payer", "provider"}
	tests := []struct {
		name string
		ev   Event
		want bool
	}{
		{"concern raised", Event{Kind: accord.NotifyConcernRaised}, true},
		{"reply to a reporter", Event{Kind: accord.NotifyConcernReply}, false},
		{"KPI signal, sharing open", Event{Kind: accord.NotifySignalOpened, AboutKPI: true}, true},
		{"KPI signal every party sees", Event{Kind: accord.NotifySignalOpened, AboutKPI: true, SeenBy: map[string]bool{"payer": true, "provider": true}}, true},
		{"KPI signal one party may not see", Event{Kind: accord.NotifySignalOpened, AboutKPI: true, SeenBy: map[string]bool{"provider": true}}, false},
		{"concern's signal", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalConcernUnacknowledged}, false},
		{"contract's red review one party may not see", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalContractReview, SeenBy: map[string]bool{"provider": true}}, false},
		{"contract's review date", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalContractReview}, true},
		{"survey's signal: the members' only", Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalSurvey, Severity: accord.SeverityWarning}, false},
		{"motion", Event{Kind: accord.NotifyMotionOpened}, true},
		{"webhook test (sent by TestWebhook, not by events)", Event{Kind: accord.NotifyWebhookTest}, false},
	}
	for _, tt := range tests {
		if got := Public(tt.ev, parties); got != tt.want {
			t.Errorf("%s: Public = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSignalKindOf(t *testing.T) {
	tests := []struct {
		kind   accord.SignalKind
		rising bool
		want   accord.NotificationKind
	}{
		{accord.SignalSPC, false, accord.NotifySignalOpened},
		{accord.SignalDataLate, true, accord.NotifySignalRaised},
		{accord.SignalActionOverdue, false, accord.NotifyActionOverdue},
		{accord.SignalActionOverdue, true, accord.NotifyActionOverdue},
	}
	for _, tt := range tests {
		if got := SignalKindOf(tt.kind, tt.rising); got != tt.want {
			t.Errorf("SignalKindOf(%s, %v) = %s, want %s", tt.kind, tt.rising, got, tt.want)
		}
	}
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSharingSeesSignal(t *testing.T) {
	kpis := []accord.KPI{
		{ID: "k1", Key: "a1c", Category: accord.CatQuality, Frequency: accord.Monthly, OwnerPartyID: "provider"},
		{ID: "k2", Key: "staff", Category: accord.CatOperations, Frequency: accord.Monthly, OwnerPartyID: "provider"},
		{ID: "k3", Key: "ratio", Category: accord.CatQuality, Frequency: accord.Monthly, OwnerPartyID: "payer", Formula: "a1c / staff"},
	}
	ends := day("2026-03-31")
	sh := Sharing{On: true, KPIs: kpis, Protocols: []accord.Protocol{
		{FromPartyID: "provider", Categories: []string{string(accord.CatQuality)}, StartsOn: day("2026-01-01"), EndsOn: &ends, Status: accord.ProtocolActive},
		{FromPartyID: "provider", ToPartyID: "payer", KPIKeys: []string{"staff"}, Segments: []string{"East"}, StartsOn: day("2020-01-01"), Status: accord.ProtocolActive},
		{FromPartyID: "provider", KPIKeys: []string{"staff"}, StartsOn: day("2020-01-01"), Status: accord.ProtocolProposed},
	}}
	tests := []struct {
		name, party string
		kpi         int
		seg         string
		first, last string
		want        bool
	}{
		{"the owner", "provider", 1, "", "2025-01-01", "2025-06-01", true},
		{"covered periods", "payer", 0, "", "2026-01-01", "2026-03-01", true},
		{"a period after the protocol ends", "payer", 0, "", "2026-02-01", "2026-04-01", false},
		{"before it starts", "payer", 0, "", "2025-12-01", "2026-01-01", false},
		{"whole alliance of a segment-only protocol", "payer", 1, "", "2026-01-01", "2026-01-01", false},
		{"its segment", "payer", 1, "East", "2026-01-01", "2026-02-01", true},
		{"another segment", "payer", 1, "West", "2026-01-01", "2026-01-01", false},
		{"a proposed protocol shares nothing", "investor", 1, "", "2026-01-01", "2026-01-01", false},
		{"derived: its inputs too", "payer", 2, "", "2026-01-01", "2026-01-01", false},
		{"derived: the inputs' owner sees only if it sees the derived KPI", "provider", 2, "", "2026-01-01", "2026-01-01", false},
		{"no periods: any segment shared", "payer", 1, "East", "", "", true},
	}
	for _, tt := range tests {
		var first, last time.Time
		if tt.first != "" {
			first, last = day(tt.first), day(tt.last)
		}
		if got := sh.SeesSignal(tt.party, kpis[tt.kpi], tt.seg, first, last); got != tt.want {
			t.Errorf("%s: SeesSignal = %v, want %v", tt.name, got, tt.want)
		}
	}
	if !(Sharing{}).SeesSignal("anyone", kpis[1], "", day("2026-01-01"), day("2026-01-01")) {
		t.Error("sharing open: a party does not see")
	}
	if got := sh.Parties([]string{"payer", "provider"}, kpis[0], "", day("2026-01-01"), day("2026-01-01")); !got["payer"] || !got["provider"] {
		t.Errorf("Parties = %v, want both", got)
	}
}
