package audience

import (
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// TestInitiativeSignalRecipients: who is told of the initiatives' signals.
func TestInitiativeSignalRecipients(t *testing.T) {
	signal := func(kind accord.SignalKind, sev accord.Severity, owner string, named, parties []string) Event {
		return Event{Kind: accord.NotifySignalOpened, SignalKind: kind, Severity: sev, OwnerPartyID: owner, Named: named, Parties: parties}
	}
	tests := []struct {
		name string
		ev   Event
		want string
	}{
		{"milestone at risk: the clinical lead acts",
			signal(accord.SignalMilestoneAtRisk, accord.SeverityWarning, "", []string{"dee"}, []string{"payer", "provider"}), "dee!"},
		{"milestone missed: the sponsors' executives hear too", signal(accord.SignalMilestoneAtRisk, accord.SeverityCritical, "", []string{"dee"}, []string{"provider"}), "ben dee!"},
		{"gate waiting: the clinical lead", signal(accord.SignalGateWaiting, accord.SeverityWarning, "", []string{"dee"}, []string{"payer"}), "dee!"},
		{"site over capacity this month: its party's handlers act", signal(accord.SignalSiteOverCapacity, accord.SeverityWarning, "provider", nil, nil), "ben! dee!"},
		{"site over capacity ahead: its party's handlers hear", signal(accord.SignalSiteOverCapacity, accord.SeverityInfo, "payer", nil, nil), "ada ops"},
		{"commitment past due: the party's finance and executives act", signal(accord.SignalCommitmentPastDue, accord.SeverityWarning, "payer", nil, nil), "ada! pat!"},
		{"contribution disputed, by the payer's finance: the provider answers",
			Event{Kind: accord.NotifySignalOpened, SignalKind: accord.SignalContributionDisputed, Severity: accord.SeverityWarning, OwnerPartyID: "provider", Actor: "pat"}, "ben!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(Recipients(tt.ev, people)); got != tt.want {
				t.Errorf("Recipients = %q, want %q", got, tt.want)
			}
		})
	}
}
