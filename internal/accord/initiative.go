package accord

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/number"
)

// The kinds of site a party declares: a place of care, or a team.
const (
	SiteKindSite = "site"
	SiteKindTeam = "team"
)

// Site is a party's site or team that initiatives touch: a clinic, a
// care-management team, an integration team. Where it matches a scorecard
// segment (Segment), its data is that segment's. Its capacity for change is
// how many initiatives may be in an active phase there at once and the
// staff hours per week it can give to change work; the initiative engine
// weighs phases' demand against it.
type Site struct {
	ID         string         `json:"id"`
	AllianceID string         `json:"alliance_id"`
	PartyID    string         `json:"party_id"`
	PartyName  string         `json:"party_name"`
	Name       string         `json:"name"`
	Kind       string         `json:"kind"`
	Segment    string         `json:"segment,omitempty"`
	MaxActive  int            `json:"max_active_initiatives"`
	StaffHours number.Decimal `json:"staff_hours_per_week"`
	CreatedAt  time.Time      `json:"created_at"`
}

// Validate checks a site before it is stored.
func (s *Site) Validate() error {
	s.Name, s.Segment = strings.TrimSpace(s.Name), strings.TrimSpace(s.Segment)
	if s.PartyID == "" {
		return FieldError("party_id", "is required: say which party the site or team belongs to")
	}
	if err := CheckDisplayText("name", s.Name, true, maxName); err != nil {
		return err
	}
	if s.Kind != SiteKindSite && s.Kind != SiteKindTeam {
		return FieldError("kind", "must be site or team")
	}
	if err := CheckDisplayText("segment", s.Segment, false, MaxSegmentLength); err != nil {
		return err
	}
	if s.MaxActive < 0 || s.MaxActive > 1000 {
		return FieldError("max_active_initiatives", "must be between 0 and 1000 initiatives at once")
	}
	return checkHours("staff_hours_per_week", s.StaffHours)
}

// checkHours refuses negative hours and more than a week holds for a
// hundred people, which is a typing error, not a plan.
func checkHours(field string, h number.Decimal) error {
	if h < 0 {
		return FieldError(field, "cannot be negative")
	}
	if h > number.DecimalFromInt(100*168) {
		return FieldError(field, "is more hours than a hundred people have in a week")
	}
	return nil
}

// SiteUpdate changes a site; nil fields are kept. The party never changes.
type SiteUpdate struct {
	Name       *string         `json:"name,omitempty"`
	Kind       *string         `json:"kind,omitempty"`
	Segment    *string         `json:"segment,omitempty"`
	MaxActive  *int            `json:"max_active_initiatives,omitempty"`
	StaffHours *number.Decimal `json:"staff_hours_per_week,omitempty"`
}

// Apply returns a copy of s with the update applied and validated.
func (u SiteUpdate) Apply(s Site) (Site, error) {
	set(&s.Name, u.Name)
	set(&s.Kind, u.Kind)
	set(&s.Segment, u.Segment)
	set(&s.MaxActive, u.MaxActive)
	set(&s.StaffHours, u.StaffHours)
	return s, s.Validate()
}

// set overwrites *field with *to when the update gives it (to is not nil):
// the one shape of every partial update of the initiative records (sites,
// initiatives, phases), whose Apply then runs the record's own Validate,
// the same one creation runs.
func set[T any](field *T, to *T) {
	if to != nil {
		*field = *to
	}
}

// setList is set for a list, which the record then owns.
func setList[T any](field *[]T, to *[]T) {
	if to != nil {
		*field = slices.Clone(*to)
	}
}

// The kinds of initiative.
const (
	InitiativeSharedRiskPilot   = "shared_risk_pilot"
	InitiativeEHRITEnhancement  = "ehr_it_enhancement"
	InitiativeTelehealth        = "telehealth_programme"
	InitiativeCareModelChange   = "care_model_change"
	InitiativeOtherKind         = "other"
	initiativeKindsInWords      = "shared_risk_pilot, ehr_it_enhancement, telehealth_programme, care_model_change or other"
	maxInitiativeSites          = 500
	maxInitiativeKPIs           = 50
	maxInitiativeSponsorParties = 20
)

// InitiativeKinds lists the kinds of initiative in display order.
func InitiativeKinds() []string {
	return []string{InitiativeSharedRiskPilot, InitiativeEHRITEnhancement, InitiativeTelehealth, InitiativeCareModelChange, InitiativeOtherKind}
}

// The statuses of an initiative. Proposed by a member, adopted by a passed
// motion, active once a gate starts one of its phases, paused or stopped by
// a gate, completed when its last phase is done.
const (
	InitiativeProposed  = "proposed"
	InitiativeAdopted   = "adopted"
	InitiativeActive    = "active"
	InitiativePaused    = "paused"
	InitiativeStopped   = "stopped"
	InitiativeCompleted = "completed"
)

// The directions an initiative means to move a KPI.
const (
	EffectIncrease = "increase"
	EffectDecrease = "decrease"
)

// Initiative is work the partners do together — a shared-risk pilot, an
// EHR enhancement, a telehealth programme, a care-model change — with its
// sponsors, its clinical lead (a clinical leader of a provider party), the
// sites it touches and the KPIs it is meant to move.
type Initiative struct {
	ID               string          `json:"id"`
	AllianceID       string          `json:"alliance_id"`
	Name             string          `json:"name"`
	Kind             string          `json:"kind"`
	Purpose          string          `json:"purpose"`
	SponsorIDs       []string        `json:"sponsor_party_ids"`
	ClinicalLeadID   string          `json:"clinical_lead_member_id"`
	ClinicalLeadName string          `json:"clinical_lead_name"`
	SiteIDs          []string        `json:"site_ids"`
	KPIs             []InitiativeKPI `json:"kpis"`
	Status           string          `json:"status"`
	AdoptingMotionID string          `json:"adopting_motion_id,omitempty"`
	ProposedBy       string          `json:"proposed_by"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
}

// InitiativeKPI is a KPI an initiative means to move: which way, by how
// much (in the KPI's unit) and by when.
type InitiativeKPI struct {
	KPIID     string         `json:"kpi_id"`
	Direction string         `json:"direction"`
	Size      number.Decimal `json:"size"`
	ByDate    time.Time      `json:"by_date"`
}

// Validate checks an initiative's own fields; the store checks that the
// parties, the clinical lead, the sites and the KPIs are the alliance's.
func (in *Initiative) Validate() error {
	in.Name, in.Purpose = strings.TrimSpace(in.Name), strings.TrimSpace(in.Purpose)
	if err := CheckDisplayText("name", in.Name, true, maxName); err != nil {
		return err
	}
	if !slices.Contains(InitiativeKinds(), in.Kind) {
		return FieldError("kind", "must be %s", initiativeKindsInWords)
	}
	if err := checkText("purpose", in.Purpose, true, maxText); err != nil {
		return err
	}
	if err := checkIDs("sponsor_party_ids", "sponsor party", &in.SponsorIDs, maxInitiativeSponsorParties); err != nil {
		return err
	}
	if len(in.SponsorIDs) == 0 {
		return FieldError("sponsor_party_ids", "name at least one sponsor party")
	}
	if in.ClinicalLeadID == "" {
		return FieldError("clinical_lead_member_id", "is required: every initiative has a clinical lead, a clinical leader of a provider party")
	}
	if err := checkIDs("site_ids", "site", &in.SiteIDs, maxInitiativeSites); err != nil {
		return err
	}
	return checkInitiativeKPIs(in.KPIs)
}

func checkInitiativeKPIs(ks []InitiativeKPI) error {
	if len(ks) > maxInitiativeKPIs {
		return FieldError("kpis", "an initiative moves at most %d KPIs", maxInitiativeKPIs)
	}
	seen := map[string]bool{}
	for i := range ks {
		k := &ks[i]
		field := "kpis[" + strconv.Itoa(i) + "]"
		switch {
		case k.KPIID == "":
			return FieldError(field+".kpi_id", "is required")
		case seen[k.KPIID]:
			return FieldError(field+".kpi_id", "names a KPI already listed")
		case k.Direction != EffectIncrease && k.Direction != EffectDecrease:
			return FieldError(field+".direction", "must be increase or decrease")
		case k.Size <= 0:
			return FieldError(field+".size", "must be more than zero, in the KPI's unit")
		case k.ByDate.IsZero():
			return FieldError(field+".by_date", "is required: by when the effect is expected")
		}
		seen[k.KPIID] = true
		k.ByDate = Day(k.ByDate)
	}
	return nil
}

// checkIDs trims, removes empty and repeated ids, and bounds how many.
func checkIDs(field, what string, ids *[]string, max int) error {
	var out []string
	for _, id := range *ids {
		id = strings.TrimSpace(id)
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	if len(out) > max {
		return FieldError(field, "at most %d of them (each %s once)", max, what)
	}
	*ids = out
	return nil
}

// InitiativeUpdate changes an initiative's description; nil fields are
// kept. Its status changes only through adoption and gate decisions.
type InitiativeUpdate struct {
	Name           *string          `json:"name,omitempty"`
	Kind           *string          `json:"kind,omitempty"`
	Purpose        *string          `json:"purpose,omitempty"`
	SponsorIDs     *[]string        `json:"sponsor_party_ids,omitempty"`
	ClinicalLeadID *string          `json:"clinical_lead_member_id,omitempty"`
	SiteIDs        *[]string        `json:"site_ids,omitempty"`
	KPIs           *[]InitiativeKPI `json:"kpis,omitempty"`
}

// Apply returns a copy of in with the update applied and validated, as a
// proposal is.
func (u InitiativeUpdate) Apply(in Initiative) (Initiative, error) {
	set(&in.Name, u.Name)
	set(&in.Kind, u.Kind)
	set(&in.Purpose, u.Purpose)
	setList(&in.SponsorIDs, u.SponsorIDs)
	set(&in.ClinicalLeadID, u.ClinicalLeadID)
	setList(&in.SiteIDs, u.SiteIDs)
	setList(&in.KPIs, u.KPIs)
	return in, in.Validate()
}

// Closed reports whether the initiative has ended: nothing more is planned
// or recorded in it.
func (in Initiative) Closed() bool {
	return in.Status == InitiativeStopped || in.Status == InitiativeCompleted
}
