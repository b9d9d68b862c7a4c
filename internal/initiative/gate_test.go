package initiative

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
)

// Assessors of the gate tests: Eastgate Health (a provider) and its
// clinical leader, the plan (a payer) and its clinical leader.
var (
	eastOps   = Assessor{Person: "Omar", Role: accord.RoleOperations, PartyKind: accord.PartyProvider, PartyID: "eastgate-health"}
	eastChief = Assessor{Person: "Dr Ruiz", Role: accord.RoleClinicalLeader, PartyKind: accord.PartyProvider, PartyID: "eastgate-health"}
	lakeChief = Assessor{Person: "Dr Lee", Role: accord.RoleClinicalLeader, PartyKind: accord.PartyProvider, PartyID: "lakeview-care"}
	planChief = Assessor{Person: "Dr Park", Role: accord.RoleClinicalLeader, PartyKind: accord.PartyPayer, PartyID: "plan"}
)

var (
	eastgate = Party{ID: "eastgate-health", Name: "Eastgate Health"}
	lakeview = Party{ID: "lakeview-care", Name: "Lakeview Care"}
)

// allReady returns every dimension scored ready, the sign-off by Eastgate's
// clinical leader.
func allReady() []Assessment {
	var as []Assessment
	for _, d := range Dimensions() {
		by := eastOps
		if d == ClinicalSignoff {
			by = eastChief
		}
		as = append(as, Assessment{Dimension: d, Score: Ready, By: by})
	}
	return as
}

// with returns allReady with the assessment of d replaced by a (or removed
// when a's dimension is empty).
func with(d Dimension, a Assessment) []Assessment {
	var out []Assessment
	for _, x := range allReady() {
		if x.Dimension != d {
			out = append(out, x)
		} else if a.Dimension != "" {
			out = append(out, a)
		}
	}
	return out
}

func TestGate(t *testing.T) {
	over := Overload{Load: Load{Site: Site{Name: "Lakeview", MaxActive: 1, HoursPerWeek: dec(t, "10")},
		Month: MonthOf(date(t, "2027-05-01")), Hours: dec(t, "11"), Active: 2, OverHours: true, OverActive: true}}
	override := &Override{Reason: "The board accepts the extra load for one month", By: "Joint committee"}
	tests := []struct {
		name       string
		in         GateInput
		allowed    bool
		overridden bool
		reasons    []ReasonCode
		texts      string
	}{
		{"all ready", GateInput{Decision: Advance, Assessments: allReady(), Providers: []Party{eastgate}}, true, false, nil, ""},
		{"conditions do not stop it", GateInput{Decision: Scale, Providers: []Party{eastgate},
			Assessments: with(Training, Assessment{Training, ReadyWithConditions, "second cohort trained by May", eastOps})},
			true, false, nil, ""},
		{"not ready stops it", GateInput{Decision: Advance, Providers: []Party{eastgate},
			Assessments: with(StaffBandwidth, Assessment{StaffBandwidth, NotReady, "two nurses on leave", eastOps})},
			false, false, []ReasonCode{DimensionNotReady}, "Staff bandwidth: not ready (Omar, Operations): two nurses on leave"},
		{"a dimension not assessed", GateInput{Decision: Extend, Providers: []Party{eastgate}, Assessments: with(ITIntegration, Assessment{})},
			false, false, []ReasonCode{Unassessed}, "IT and integration: not assessed"},
		{"nothing assessed", GateInput{Decision: Advance, Providers: []Party{eastgate}}, false, false,
			[]ReasonCode{Unassessed, Unassessed, Unassessed, Unassessed, Unassessed, NoSignoff}, "not given by a clinical leader of Eastgate Health"},
		{"sign-off by a payer's clinical leader does not count", GateInput{Decision: Advance, Providers: []Party{eastgate},
			Assessments: with(ClinicalSignoff, Assessment{ClinicalSignoff, Ready, "", planChief})},
			false, false, []ReasonCode{SignoffIneligible, NoSignoff}, "Dr Park"},
		{"sign-off by operations does not count", GateInput{Decision: Advance, Providers: []Party{eastgate},
			Assessments: with(ClinicalSignoff, Assessment{ClinicalSignoff, Ready, "", eastOps})},
			false, false, []ReasonCode{SignoffIneligible, NoSignoff}, "does not count"},
		{"sign-off by a provider not in scope does not count", GateInput{Decision: Advance, Providers: []Party{eastgate},
			Assessments: with(ClinicalSignoff, Assessment{ClinicalSignoff, Ready, "", lakeChief})},
			false, false, []ReasonCode{SignoffIneligible, NoSignoff}, "Dr Lee"},
		{"each provider in scope signs off", GateInput{Decision: Scale, Providers: []Party{eastgate, lakeview}, Assessments: allReady()},
			false, false, []ReasonCode{NoSignoff}, "Lakeview Care"},
		{"both sign off", GateInput{Decision: Scale, Providers: []Party{eastgate, lakeview},
			Assessments: append(allReady(), Assessment{ClinicalSignoff, ReadyWithConditions, "weekly huddle first", lakeChief})},
			true, false, nil, ""},
		{"a clinician not ready", GateInput{Decision: Scale, Providers: []Party{eastgate},
			Assessments: with(ClinicalSignoff, Assessment{ClinicalSignoff, NotReady, "protocol not reviewed", eastChief})},
			false, false, []ReasonCode{DimensionNotReady}, "Clinical sign-off: not ready (Dr Ruiz, Clinical leader)"},
		{"no provider in scope: any provider's clinical leader", GateInput{Decision: Advance,
			Assessments: with(ClinicalSignoff, Assessment{ClinicalSignoff, Ready, "", lakeChief})}, true, false, nil, ""},
		{"no provider in scope: not a payer's", GateInput{Decision: Advance,
			Assessments: with(ClinicalSignoff, Assessment{ClinicalSignoff, Ready, "", planChief})},
			false, false, []ReasonCode{SignoffIneligible, NoSignoff}, "not given by a clinical leader of a provider"},
		{"over capacity", GateInput{Decision: Advance, Providers: []Party{eastgate}, Assessments: allReady(), Overloads: []Overload{over}},
			false, false, []ReasonCode{OverCapacity}, "Over capacity: Lakeview, May 2027: 11 staff hours a week against 10 available; 2 initiatives against 1 allowed"},
		{"overridden, reasons kept", GateInput{Decision: Advance, Providers: []Party{eastgate}, Assessments: allReady(), Overloads: []Overload{over}, Override: override},
			true, true, []ReasonCode{OverCapacity}, "Over capacity"},
		{"an override not needed is not used", GateInput{Decision: Advance, Providers: []Party{eastgate}, Assessments: allReady(), Override: override},
			true, false, nil, ""},
		{"pause needs no readiness", GateInput{Decision: Pause, Overloads: []Overload{over}}, true, false, nil, ""},
		{"stop needs no readiness", GateInput{Decision: Stop}, true, false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Gate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var codes []ReasonCode
			var texts []string
			for _, r := range got.Reasons {
				codes = append(codes, r.Code)
				texts = append(texts, r.Text)
			}
			if got.Allowed != tt.allowed || got.Overridden != tt.overridden || fmt.Sprint(codes) != fmt.Sprint(tt.reasons) {
				t.Errorf("got allowed %t, overridden %t, reasons %v, want %t, %t, %v", got.Allowed, got.Overridden, codes, tt.allowed, tt.overridden, tt.reasons)
			}
			if all := strings.Join(texts, "\n"); !strings.Contains(all, tt.texts) {
				t.Errorf("got reasons %q, want one with %q", all, tt.texts)
			}
			if got.Overridden && got.OverrideReason != override.Reason {
				t.Errorf("got override reason %q, want %q", got.OverrideReason, override.Reason)
			}
		})
	}
}

func TestGateConditionsRecorded(t *testing.T) {
	got, err := Gate(GateInput{Decision: Scale, Providers: []Party{eastgate},
		Assessments: with(Training, Assessment{Training, ReadyWithConditions, "second cohort trained by May", eastOps})})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Training: second cohort trained by May"}; fmt.Sprint(got.Conditions) != fmt.Sprint(want) {
		t.Errorf("got conditions %q, want %q", got.Conditions, want)
	}
}

func TestGateRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		in   GateInput
		want string
	}{
		{"unknown decision", GateInput{Decision: "launch"}, "not advance"},
		{"unknown dimension", GateInput{Decision: Advance, Assessments: []Assessment{{Dimension: "budget", Score: Ready, By: eastOps}}}, "not a dimension"},
		{"unknown score", GateInput{Decision: Advance, Assessments: []Assessment{{Dimension: Training, Score: "maybe", By: eastOps}}}, "not ready, ready_with_conditions"},
		{"not ready without a note", GateInput{Decision: Advance, Assessments: []Assessment{{Dimension: Training, Score: NotReady, By: eastOps}}}, "note"},
		{"conditions without a note", GateInput{Decision: Advance, Assessments: []Assessment{{Dimension: Training, Score: ReadyWithConditions, Note: " ", By: eastOps}}}, "note"},
		{"no assessor", GateInput{Decision: Advance, Assessments: []Assessment{{Dimension: Training, Score: Ready}}}, "who scored it"},
		{"override without a reason", GateInput{Decision: Advance, Override: &Override{Reason: "  ", By: "committee"}}, "override needs its reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Gate(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
	if _, err := Gate(GateInput{Decision: Stop, Override: &Override{}}); !errors.Is(err, ErrOverrideReason) {
		t.Errorf("got %v, want ErrOverrideReason", err)
	}
}

func TestLabels(t *testing.T) {
	for _, d := range Dimensions() {
		if !d.Valid() || d.Label() == string(d) {
			t.Errorf("dimension %s: got label %q", d, d.Label())
		}
	}
	for _, s := range Scores() {
		if !s.Valid() {
			t.Errorf("score %s is not valid", s)
		}
	}
	for _, d := range Decisions() {
		if !d.Valid() {
			t.Errorf("decision %s is not valid", d)
		}
	}
	for _, s := range []State{NoData, Met, OnTrack, AtRisk, Missed} {
		if s.Label() == string(s) {
			t.Errorf("state %s has no label", s)
		}
	}
	if got, want := Advance.Label()+"/"+Stop.Label(), "Advance to the next phase/Stop"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
