package health

import (
	"math"
	"strings"
	"testing"
)

// answers builds responses of one party and role to small()'s "one"
// factor, one per value.
func answers(party, role string, values ...int) []Response {
	var out []Response
	for _, v := range values {
		out = append(out, Response{Party: party, Role: role, Answers: map[string]int{"one.a": v}})
	}
	return out
}

func join(groups ...[]Response) []Response {
	var out []Response
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// TestComputeThresholds checks which groups are shown and that a hidden
// group carries no figure.
func TestComputeThresholds(t *testing.T) {
	rs := join(
		answers("payer", "clinician", 4, 4, 5, 3),
		answers("payer", "manager", 2, 3, 3),
		answers("provider", "clinician", 1, 2, 2, 1, 2, 3),
		answers("vendor", "engineer", 5, 5),
	)
	res, err := Compute(small(), rs, 5)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := res.Factor("one")
	if !f.Alliance.Shown || f.Alliance.Score.N != 15 || !near(f.Alliance.Score.Mean, 45.0/15) {
		t.Errorf("alliance: got %+v, want shown, n 15, mean 3", f.Alliance)
	}
	want := map[string]string{
		"payer":    "",
		"provider": ShieldReason, // shields the vendor's 2
		"vendor":   "Hidden: 2 people answered; results show from 5",
	}
	for _, p := range f.Parties {
		if p.Hidden != want[p.Party] || p.Shown != (want[p.Party] == "") {
			t.Errorf("party %s: got shown %v %q, want %q", p.Party, p.Shown, p.Hidden, want[p.Party])
		}
		if !p.Shown && (!math.IsNaN(p.Score.Mean) || !math.IsNaN(p.Score.Low) || !math.IsNaN(p.Score.SD)) {
			t.Errorf("party %s hidden: got figures %+v, want NaN", p.Party, p.Score)
		}
	}
	if f.Parties[0].Score.N != 7 || !near(f.Parties[0].Score.Mean, 24.0/7) {
		t.Errorf("payer: got %+v, want n 7, mean 24/7", f.Parties[0].Score)
	}
	cells := map[string]string{
		"payer/clinician":    "Hidden: 4 people answered; results show from 5",
		"payer/manager":      "Hidden: 3 people answered; results show from 5",
		"provider/clinician": "Hidden: the party's results are hidden",
		"vendor/engineer":    "Hidden: 2 people answered; results show from 5",
	}
	for _, b := range f.Breakdown {
		if got := b.Hidden; got != cells[b.Party+"/"+b.Role] || b.Shown {
			t.Errorf("cell %s/%s: got %q, want %q", b.Party, b.Role, got, cells[b.Party+"/"+b.Role])
		}
	}
	if f.Gap.OK {
		t.Errorf("gap with one party shown: got %+v, want none", f.Gap)
	}
}

// TestComputeBreakdownShown checks a breakdown cell shown, and its figures.
func TestComputeBreakdownShown(t *testing.T) {
	rs := join(answers("payer", "clinician", 4, 4, 5, 3, 4), answers("payer", "manager", 2, 3, 3, 2, 2))
	res, err := Compute(small(), rs, 5)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := res.Factor("one")
	if len(f.Breakdown) != 2 || !f.Breakdown[0].Shown || !f.Breakdown[1].Shown {
		t.Fatalf("breakdown: got %+v, want two cells shown", f.Breakdown)
	}
	if f.Alliance.Level != OfAlliance || f.Parties[0].Level != OfParty || f.Breakdown[0].Level != OfBreakdown {
		t.Errorf("levels: got %v, %v, %v; want alliance, party, breakdown", f.Alliance.Level, f.Parties[0].Level, f.Breakdown[0].Level)
	}
	if got := f.Breakdown[1]; got.Role != "manager" || !near(got.Score.Mean, 2.4) || got.Score.N != 5 {
		t.Errorf("manager cell: got %+v, want mean 2.4 of 5", got)
	}
}

// TestComputeAllianceTooSmall checks that nothing is shown under the
// minimum, each party with its own count.
func TestComputeAllianceTooSmall(t *testing.T) {
	res, err := Compute(small(), join(answers("a", "", 3, 4), answers("b", "", 5)), 3)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := res.Factor("one")
	if !f.Alliance.Shown || f.Alliance.Score.N != 3 {
		t.Errorf("alliance of 3 under 3: got %+v, want shown", f.Alliance)
	}
	res, _ = Compute(small(), join(answers("a", "", 3, 4), answers("b", "", 5)), 4)
	f, _ = res.Factor("one")
	if f.Alliance.Shown || f.Alliance.Hidden != "Hidden: 3 people answered; results show from 4" {
		t.Errorf("alliance: got %+v, want hidden with its reason", f.Alliance)
	}
	for _, p := range f.Parties {
		if p.Shown || !strings.HasPrefix(p.Hidden, "Hidden: ") || !strings.Contains(p.Hidden, "answered") {
			t.Errorf("party %s: got %q, want hidden for its own count", p.Party, p.Hidden)
		}
	}
}

// TestComputeRefuses checks a minimum under the floor and a bad answer.
func TestComputeRefuses(t *testing.T) {
	if _, err := Compute(small(), nil, 2); err == nil {
		t.Errorf("Compute with minimum 2: got nil, want an error")
	}
	if _, err := Compute(small(), nil, 0); err == nil {
		t.Errorf("Compute with minimum 0: got nil, want an error (use MinRespondents)")
	}
	if _, err := Compute(small(), answers("a", "", 9), 5); err == nil || !strings.Contains(err.Error(), "response 1") {
		t.Errorf("Compute with an answer of 9: got %v, want an error naming response 1", err)
	}
}

// TestPaceLean checks that pace keeps the direction apart from its score.
func TestPaceLean(t *testing.T) {
	var rs []Response
	for _, v := range []int{1, 2, 2, 1, 3} {
		rs = append(rs, Response{Party: "p", Answers: map[string]int{"pace.a": v, "pace.b": v}})
	}
	res, err := Compute(small(), rs, 5)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := res.Factor("pace")
	if !near(f.Alliance.Score.Mean, 2.6) || !near(f.Alliance.Lean.Mean, 1.8) || f.Alliance.Lean.N != 5 {
		t.Errorf("pace: got score %+v lean %+v, want 2.6 and lean 1.8 of 5", f.Alliance.Score, f.Alliance.Lean)
	}
	if got := LeanWord(f.Alliance.Lean.Mean); got != TooSlow {
		t.Errorf("LeanWord(1.8): got %q, want %q", got, TooSlow)
	}
	for mean, want := range map[float64]string{2.5: TooSlow, 2.51: AboutRight, 3: AboutRight, 3.49: AboutRight, 3.5: TooFast, math.NaN(): ""} {
		if got := LeanWord(mean); got != want {
			t.Errorf("LeanWord(%v): got %q, want %q", mean, got, want)
		}
	}
}
