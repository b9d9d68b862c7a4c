package views

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/number"
)

// CommitmentInput is a commitment as the page's form and the API give it,
// dates as YYYY-MM-DD.
type CommitmentInput struct {
	PartyID     string         `json:"party_id"`
	PhaseID     string         `json:"phase_id"`
	Kind        string         `json:"kind"`
	Description string         `json:"description"`
	Amount      number.Money   `json:"amount"`
	Hours       number.Decimal `json:"hours"`
	Role        string         `json:"role"`
	Rate        number.Money   `json:"rate_per_hour"`
	DueOn       string         `json:"due_on"`
}

// Commitment is the input as the domain's commitment to the initiative.
func (in CommitmentInput) Commitment(allianceID, initiativeID string) (accord.Commitment, error) {
	due, err := parseDay("due_on", in.DueOn)
	return accord.Commitment{AllianceID: allianceID, InitiativeID: initiativeID, PhaseID: strings.TrimSpace(in.PhaseID),
		PartyID: strings.TrimSpace(in.PartyID), Kind: in.Kind, Description: in.Description, Amount: in.Amount,
		Hours: in.Hours, Role: in.Role, Rate: in.Rate, DueOn: due}, err
}

// ContributionInput is a contribution as the page's form and the API give
// it: an amount, or hours for staff time.
type ContributionInput struct {
	CommitmentID string         `json:"commitment_id"`
	Amount       number.Money   `json:"amount"`
	Hours        number.Decimal `json:"hours"`
	Date         string         `json:"date"`
	Note         string         `json:"note"`
}

// Contribution is the input as the domain's contribution.
func (in ContributionInput) Contribution(allianceID string) (accord.Contribution, error) {
	on, err := parseDay("date", in.Date)
	return accord.Contribution{AllianceID: allianceID, CommitmentID: strings.TrimSpace(in.CommitmentID), Amount: in.Amount,
		Hours: in.Hours, On: on, Note: in.Note}, err
}

// CommitmentForm reads a commitment from a posted form.
func CommitmentForm(f url.Values) (CommitmentInput, error) {
	in := CommitmentInput{PartyID: f.Get("party_id"), PhaseID: f.Get("phase_id"), Kind: f.Get("kind"),
		Description: f.Get("description"), Role: f.Get("role"), DueOn: f.Get("due_on")}
	var err error
	if in.Amount, err = formMoney(f, "amount"); err != nil {
		return in, err
	}
	if in.Hours, err = formDecimal(f, "hours"); err != nil {
		return in, err
	}
	in.Rate, err = formMoney(f, "rate_per_hour")
	return in, err
}

// ContributionForm reads a contribution from a posted form.
func ContributionForm(f url.Values) (ContributionInput, error) {
	in := ContributionInput{CommitmentID: f.Get("commitment_id"), Date: f.Get("date"), Note: f.Get("note")}
	var err error
	if in.Amount, err = formMoney(f, "amount"); err != nil {
		return in, err
	}
	in.Hours, err = formDecimal(f, "hours")
	return in, err
}

func formMoney(f url.Values, field string) (number.Money, error) {
	s := strings.ReplaceAll(strings.TrimSpace(f.Get(field)), ",", "")
	if s == "" {
		return 0, nil
	}
	m, err := number.ParseMoney(strings.TrimPrefix(s, "$"))
	if err != nil {
		return 0, accord.FieldError(field, "must be dollars, such as 1234.56")
	}
	return m, nil
}

func formDecimal(f url.Values, field string) (number.Decimal, error) {
	s := strings.ReplaceAll(strings.TrimSpace(f.Get(field)), ",", "")
	if s == "" {
		return 0, nil
	}
	d, err := number.ParseDecimal(s)
	if err != nil {
		return 0, accord.FieldError(field, "must be a number, such as 12.5")
	}
	return d, nil
}

func parseDay(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, accord.FieldError(field, "is required (YYYY-MM-DD)")
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, accord.FieldError(field, "must be a date, YYYY-MM-DD")
	}
	return t, nil
}

// CheckCommitment refuses a contribution against a commitment that is not
// one to the initiative of the path it was posted to.
func (l *Loader) CheckCommitment(ctx context.Context, allianceID, initiativeID, commitmentID string) error {
	cs, err := l.Svc.ListCommitments(ctx, allianceID)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.ID == commitmentID && c.InitiativeID == initiativeID {
			return nil
		}
	}
	return accord.FieldError("commitment_id", "is not a commitment to this initiative")
}
