package initiative

import (
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// Dimension is one part of a readiness assessment.
type Dimension string

// The dimensions of readiness, each assessed before a phase starts or scales.
const (
	BackOffice           Dimension = "back_office"
	StaffBandwidth       Dimension = "staff_bandwidth"
	Training             Dimension = "training"
	ITIntegration        Dimension = "it_integration"
	PatientCommunication Dimension = "patient_communication"
	ClinicalSignoff      Dimension = "clinical_signoff"
)

// Dimensions lists every dimension in the order pages show them.
func Dimensions() []Dimension {
	return []Dimension{BackOffice, StaffBandwidth, Training, ITIntegration, PatientCommunication, ClinicalSignoff}
}

// Label returns the dimension's name for people.
func (d Dimension) Label() string {
	switch d {
	case BackOffice:
		return "Back-office capacity"
	case StaffBandwidth:
		return "Staff bandwidth"
	case Training:
		return "Training"
	case ITIntegration:
		return "IT and integration"
	case PatientCommunication:
		return "Patient communication"
	case ClinicalSignoff:
		return "Clinical sign-off"
	}
	return string(d)
}

// Valid reports whether d is one of the dimensions.
func (d Dimension) Valid() bool { return d.Label() != string(d) }

// Score is how ready one dimension is.
type Score string

// The scores of a dimension.
const (
	Ready               Score = "ready"
	ReadyWithConditions Score = "ready_with_conditions"
	NotReady            Score = "not_ready"
)

// Scores lists every score, most ready first.
func Scores() []Score { return []Score{Ready, ReadyWithConditions, NotReady} }

// Label returns the score's name for people.
func (s Score) Label() string {
	switch s {
	case Ready:
		return "Ready"
	case ReadyWithConditions:
		return "Ready with conditions"
	case NotReady:
		return "Not ready"
	}
	return string(s)
}

// Valid reports whether s is one of the scores.
func (s Score) Valid() bool { return s.Label() != string(s) }

// Assessor is who scored a dimension: the person, the role they scored it
// in, and their party with its kind (provider, payer, vendor, …).
type Assessor struct {
	Person    string
	Role      accord.Role
	PartyKind accord.PartyRole
	PartyID   string
}

// Assessment is one dimension's score with its note.
type Assessment struct {
	Dimension Dimension
	Score     Score
	// Note says why; it is required unless the score is Ready, so that
	// conditions and gaps are written down.
	Note string
	By   Assessor
}

// Validate reports the first thing wrong with a.
func (a Assessment) Validate() error {
	switch {
	case !a.Dimension.Valid():
		return fmt.Errorf("assessment: %q is not a dimension of readiness", a.Dimension)
	case !a.Score.Valid():
		return fmt.Errorf("assessment of %s: %q is not ready, ready_with_conditions or not_ready", a.Dimension.Label(), a.Score)
	case a.Score != Ready && strings.TrimSpace(a.Note) == "":
		return fmt.Errorf("assessment of %s: say what the conditions or gaps are in a note", a.Dimension.Label())
	case strings.TrimSpace(a.By.Person) == "" || a.By.Role == "" || a.By.PartyID == "":
		return fmt.Errorf("assessment of %s: say who scored it, in which role and for which party", a.Dimension.Label())
	}
	return nil
}

// signs reports whether a is a clinical sign-off that counts for the
// provider party: given by a clinical leader of that provider.
func (a Assessment) signs(party string) bool {
	return a.Dimension == ClinicalSignoff && a.By.Role == accord.RoleClinicalLeader &&
		a.By.PartyKind == accord.PartyProvider && a.By.PartyID == party
}
