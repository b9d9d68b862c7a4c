package accord

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

var (
	jan1  = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	mar31 = time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
)

func wantField(t *testing.T, name string, err error, field string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("%s: err = %v, want none", name, err)
		}
		return
	}
	if ErrorCode(err) != EINVALID || ErrorField(err) != field {
		t.Errorf("%s: err = %v (field %q), want invalid %s", name, err, ErrorField(err), field)
	}
}

func TestInitiativeSiteValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Site)
		field string
	}{
		{"valid", func(*Site) {}, ""},
		{"no party", func(s *Site) { s.PartyID = "" }, "party_id"},
		{"no name", func(s *Site) { s.Name = "  " }, "name"},
		{"unknown kind", func(s *Site) { s.Kind = "ward" }, "kind"},
		{"negative capacity", func(s *Site) { s.MaxActive = -1 }, "max_active_initiatives"},
		{"negative hours", func(s *Site) { s.StaffHours = -1 }, "staff_hours_per_week"},
		{"hours beyond reason", func(s *Site) { s.StaffHours = number.DecimalFromInt(20_000) }, "staff_hours_per_week"},
	} {
		s := Site{PartyID: "p", Name: "Eastgate", Kind: SiteKindSite, MaxActive: 2, StaffHours: number.DecimalFromInt(40)}
		tc.edit(&s)
		wantField(t, tc.name, s.Validate(), tc.field)
	}
}

func TestInitiativeValidate(t *testing.T) {
	kpi := InitiativeKPI{KPIID: "k", Direction: EffectDecrease, Size: number.DecimalFromInt(2), ByDate: mar31.Add(5 * time.Hour)}
	for _, tc := range []struct {
		name  string
		edit  func(*Initiative)
		field string
	}{
		{"valid", func(*Initiative) {}, ""},
		{"no name", func(in *Initiative) { in.Name = "" }, "name"},
		{"unknown kind", func(in *Initiative) { in.Kind = "pilot" }, "kind"},
		{"no purpose", func(in *Initiative) { in.Purpose = "" }, "purpose"},
		{"no sponsor", func(in *Initiative) { in.SponsorIDs = []string{" "} }, "sponsor_party_ids"},
		{"no clinical lead", func(in *Initiative) { in.ClinicalLeadID = "" }, "clinical_lead_member_id"},
		{"KPI twice", func(in *Initiative) { in.KPIs = append(in.KPIs, kpi) }, "kpis[1].kpi_id"},
		{"sideways effect", func(in *Initiative) { in.KPIs[0].Direction = "sideways" }, "kpis[0].direction"},
		{"no size", func(in *Initiative) { in.KPIs[0].Size = 0 }, "kpis[0].size"},
		{"no date", func(in *Initiative) { in.KPIs[0].ByDate = time.Time{} }, "kpis[0].by_date"},
	} {
		in := Initiative{Name: "Telehealth", Kind: InitiativeTelehealth, Purpose: "Video visits", SponsorIDs: []string{"a", "a", "b"},
			ClinicalLeadID: "m", SiteIDs: []string{"s"}, KPIs: []InitiativeKPI{kpi}}
		tc.edit(&in)
		err := in.Validate()
		wantField(t, tc.name, err, tc.field)
		if tc.field == "" && (len(in.SponsorIDs) != 2 || !in.KPIs[0].ByDate.Equal(mar31)) {
			t.Errorf("valid: sponsors %v, by %s; want each sponsor once and the date's day", in.SponsorIDs, in.KPIs[0].ByDate)
		}
	}
}

func TestInitiativePhaseValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*Phase)
		field string
	}{
		{"valid", func(*Phase) {}, ""},
		{"ends before it starts", func(p *Phase) { p.EndsOn = jan1.AddDate(0, 0, -1) }, "ends_on"},
		{"no start", func(p *Phase) { p.StartsOn = time.Time{} }, "starts_on"},
		{"site twice", func(p *Phase) { p.Sites = append(p.Sites, PhaseSite{SiteID: "s"}) }, "sites[1].site_id"},
		{"role twice", func(p *Phase) { p.Sites[0].Staff = append(p.Sites[0].Staff, RoleHours{Role: "nurse", Hours: 1}) }, "sites[0].staff_hours_per_week[1].role"},
		{"no hours", func(p *Phase) { p.Sites[0].Staff[0].Hours = 0 }, "sites[0].staff_hours_per_week[0].hours"},
		{"negative back office", func(p *Phase) { p.Sites[0].BackOfficeHours = -1 }, "sites[0].back_office_hours_per_week"},
	} {
		p := Phase{InitiativeID: "i", Name: "Eastgate", StartsOn: jan1, EndsOn: mar31,
			Sites: []PhaseSite{{SiteID: "s", Staff: []RoleHours{{Role: "Nurse", Hours: number.DecimalFromInt(6)}}}}}
		tc.edit(&p)
		wantField(t, tc.name, p.Validate(), tc.field)
	}
}

func TestInitiativeMilestoneValidate(t *testing.T) {
	cond := func() Milestone {
		return Milestone{PhaseID: "p", Kind: MilestoneCondition, KPIID: "k", Comparison: CompareAtMost, Threshold: number.DecimalFromInt(8), Periods: 3}
	}
	deliv := func() Milestone {
		return Milestone{PhaseID: "p", Kind: MilestoneDeliverable, Title: "Staff trained", DueOn: &jan1, ResponsibleRole: RoleOperations}
	}
	for _, tc := range []struct {
		name  string
		m     Milestone
		edit  func(*Milestone)
		field string
	}{
		{"valid condition", cond(), func(*Milestone) {}, ""},
		{"condition by a date", cond(), func(m *Milestone) { m.Periods, m.ByDate = 0, &mar31 }, ""},
		{"condition with both", cond(), func(m *Milestone) { m.ByDate = &mar31 }, "consecutive_periods"},
		{"condition with neither", cond(), func(m *Milestone) { m.Periods = 0 }, "consecutive_periods"},
		{"condition without KPI", cond(), func(m *Milestone) { m.KPIID = "" }, "kpi_id"},
		{"unknown comparison", cond(), func(m *Milestone) { m.Comparison = "near" }, "comparison"},
		{"condition with a role", cond(), func(m *Milestone) { m.ResponsibleRole = RoleFinance }, "kind"},
		{"valid deliverable", deliv(), func(*Milestone) {}, ""},
		{"deliverable without title", deliv(), func(m *Milestone) { m.Title = "" }, "title"},
		{"deliverable without due date", deliv(), func(m *Milestone) { m.DueOn = nil }, "due_on"},
		{"deliverable without role", deliv(), func(m *Milestone) { m.ResponsibleRole = "nurse" }, "responsible_role"},
		{"deliverable with a KPI", deliv(), func(m *Milestone) { m.KPIID = "k" }, "kind"},
		{"unknown kind", deliv(), func(m *Milestone) { m.Kind = "goal" }, "kind"},
	} {
		m := tc.m
		tc.edit(&m)
		wantField(t, tc.name, m.Validate(), tc.field)
	}
}

func TestInitiativeCheckEvidence(t *testing.T) {
	for _, tc := range []struct {
		evidence, link, field string
	}{
		{"Roster signed", "", ""},
		{"Roster signed", "https://example.org/roster", ""},
		{"", "https://example.org/roster", "evidence"},
		{"Roster signed", "javascript:alert(1)", "evidence_link"},
		{"Roster signed", "example.org/roster", "evidence_link"},
	} {
		_, _, err := CheckEvidence(tc.evidence, tc.link)
		wantField(t, tc.evidence+" "+tc.link, err, tc.field)
	}
}

func TestInitiativeReadinessAndGateValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		a     ReadinessAssessment
		field string
	}{
		{"ready needs no note", ReadinessAssessment{PhaseID: "p", Dimension: ReadyTraining, Score: ScoreReady}, ""},
		{"not ready says why", ReadinessAssessment{PhaseID: "p", Dimension: ReadyTraining, Score: ScoreNotReady}, "note"},
		{"with conditions says which", ReadinessAssessment{PhaseID: "p", Dimension: ReadyIT, Score: ScoreWithConditions, Note: " "}, "note"},
		{"unknown dimension", ReadinessAssessment{PhaseID: "p", Dimension: "morale", Score: ScoreReady}, "dimension"},
		{"unknown score", ReadinessAssessment{PhaseID: "p", Dimension: ReadyIT, Score: "maybe"}, "score"},
	} {
		wantField(t, tc.name, tc.a.Validate(), tc.field)
	}
	for _, tc := range []struct {
		name  string
		g     GateDecision
		field string
	}{
		{"advance", GateDecision{PhaseID: "p", Kind: GateAdvance, MotionID: "m"}, ""},
		{"extend to a date", GateDecision{PhaseID: "p", Kind: GateExtend, MotionID: "m", NewEndsOn: &mar31}, ""},
		{"extend without a date", GateDecision{PhaseID: "p", Kind: GateExtend, MotionID: "m"}, "new_ends_on"},
		{"a date without extending", GateDecision{PhaseID: "p", Kind: GatePause, MotionID: "m", NewEndsOn: &mar31}, "new_ends_on"},
		{"no motion", GateDecision{PhaseID: "p", Kind: GateStop}, "motion_id"},
		{"unknown kind", GateDecision{PhaseID: "p", Kind: "accelerate", MotionID: "m"}, "kind"},
	} {
		wantField(t, tc.name, tc.g.Validate(), tc.field)
	}
}

func TestInitiativeCommitmentValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Commitment
		field string
		want  number.Money
	}{
		{"cash", Commitment{Kind: CommitCash, Amount: number.Dollars(1000)}, "", number.Dollars(1000)},
		{"no amount", Commitment{Kind: CommitCash}, "amount", 0},
		{"in kind says what", Commitment{Kind: CommitInKind, Amount: number.Dollars(10)}, "description", 0},
		{"cash with hours", Commitment{Kind: CommitCash, Amount: 100, Hours: 1}, "hours", 0},
		{"staff time", Commitment{Kind: CommitStaffTime, Hours: number.DecimalFromInt(3), Role: "Nurse", Rate: 3333}, "", 9999},
		// 2.5 h × $33.33 = $83.325, half up to $83.33.
		{"staff time rounds half up", Commitment{Kind: CommitStaffTime, Hours: 2_500_000, Role: "Nurse", Rate: 3333}, "", 8333},
		{"staff time with the wrong amount", Commitment{Kind: CommitStaffTime, Hours: number.DecimalFromInt(3), Role: "Nurse", Rate: 3333, Amount: 10_000}, "amount", 0},
		{"staff time without a role", Commitment{Kind: CommitStaffTime, Hours: number.DecimalFromInt(3), Rate: 3333}, "role", 0},
		{"staff time without a rate", Commitment{Kind: CommitStaffTime, Hours: number.DecimalFromInt(3), Role: "Nurse"}, "rate_per_hour", 0},
		{"unknown kind", Commitment{Kind: "equity", Amount: 100}, "kind", 0},
	} {
		c := tc.c
		c.InitiativeID, c.PartyID, c.DueOn = "i", "p", mar31
		err := c.Validate()
		wantField(t, tc.name, err, tc.field)
		if err == nil && c.Amount != tc.want {
			t.Errorf("%s: amount = %s, want %s", tc.name, c.Amount, tc.want)
		}
	}
}

func TestInitiativeContributionCounts(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    Contribution
		want bool
	}{
		{"undisputed", Contribution{}, true},
		{"disputed", Contribution{Disputed: true}, false},
		{"upheld", Contribution{Disputed: true, Resolution: ResolutionUpheld}, true},
		{"withdrawn", Contribution{Disputed: true, Resolution: ResolutionWithdrawn}, false},
	} {
		if got := tc.c.Counts(); got != tc.want {
			t.Errorf("%s: Counts() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestInitiativeDisputeChecks(t *testing.T) {
	for _, tc := range []struct {
		name, reason, resolution, note, field string
	}{
		{"dispute with a reason", "No invoice", "", "", ""},
		{"dispute without one", "  ", "", "", "reason"},
		{"upheld with a note", "", ResolutionUpheld, "Invoice shown", ""},
		{"withdrawn without a note", "", ResolutionWithdrawn, "", "note"},
		{"unknown outcome", "", "split", "Halved", "resolution"},
	} {
		var err error
		if tc.resolution == "" {
			_, err = CheckDisputeReason(tc.reason)
		} else {
			_, err = CheckResolution(tc.resolution, tc.note)
		}
		wantField(t, tc.name, err, tc.field)
	}
}
