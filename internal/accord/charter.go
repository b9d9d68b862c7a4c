package accord

import (
	"strings"
	"time"
)

// CharterReviewWindow is how long before the charter's review date each
// year the review opens (docs/governance.md#the-yearly-charter-review).
const CharterReviewWindow = 30 * 24 * time.Hour

// The ways a party answers a charter review.
const (
	CharterReaffirm = "reaffirm"
	CharterPropose  = "propose"
)

// SubjectCharter is a motion to change the charter, proposed in a review:
// its subject is the party's response, and its passing applies the text.
const SubjectCharter = "charter"

// CharterVersion is one version of the charter's name, vision and values.
type CharterVersion struct {
	Number       int       `json:"number"`
	Name         string    `json:"name"`
	Vision       string    `json:"vision"`
	Values       string    `json:"values"`
	MadeBy       string    `json:"made_by"`
	MotionID     string    `json:"motion_id,omitempty"`
	MotionNumber int       `json:"motion_number,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// CharterResponse is a party's answer to a year's review.
type CharterResponse struct {
	ID           string    `json:"id"`
	Year         int       `json:"year"`
	PartyID      string    `json:"party_id"`
	Party        string    `json:"party"`
	Kind         string    `json:"kind"`
	Name         string    `json:"name,omitempty"`
	Vision       string    `json:"vision,omitempty"`
	Values       string    `json:"values,omitempty"`
	MotionID     string    `json:"motion_id,omitempty"`
	MotionNumber int       `json:"motion_number,omitempty"`
	MotionStatus string    `json:"motion_status,omitempty"`
	RespondedBy  string    `json:"responded_by"`
	RespondedAt  time.Time `json:"responded_at"`
}

// Validate checks a response before it is recorded: a proposal carries
// the whole proposed charter.
func (c *CharterResponse) Validate() error {
	c.Name, c.Vision, c.Values = strings.TrimSpace(c.Name), strings.TrimSpace(c.Vision), strings.TrimSpace(c.Values)
	switch c.Kind {
	case CharterReaffirm:
		c.Name, c.Vision, c.Values = "", "", ""
		return nil
	case CharterPropose:
		a := Alliance{Slug: "x", Name: c.Name, Vision: c.Vision, Values: c.Values}
		if err := a.Validate(); err != nil {
			return err
		}
		if c.Vision == "" && c.Values == "" {
			return FieldError("vision", "a proposed change needs the vision or the values")
		}
		return nil
	}
	return FieldError("kind", "must be reaffirm or propose")
}

// CharterReview is one year's review: open from OpensOn, due until every
// party has responded.
type CharterReview struct {
	Year      int               `json:"year"`
	On        time.Time         `json:"on"`
	OpensOn   time.Time         `json:"opens_on"`
	Open      bool              `json:"open"`
	Complete  bool              `json:"complete"`
	Due       bool              `json:"due"`
	Responses []CharterResponse `json:"responses"`
	// Waiting names the parties that have not responded.
	Waiting []string `json:"waiting"`
}

// Charter is the charter's review date, the current review, past reviews
// (newest first) and every version (newest first).
type Charter struct {
	ReviewOn time.Time        `json:"review_on"`
	Current  CharterReview    `json:"current"`
	Past     []CharterReview  `json:"past"`
	Versions []CharterVersion `json:"versions"`
}

// CharterReviewOn is the review's date in the year.
func CharterReviewOn(anchor time.Time, year int) time.Time {
	return time.Date(year, anchor.Month(), anchor.Day(), 0, 0, 0, 0, time.UTC)
}

// CurrentCharterReview is the year of the review that now stands: the
// latest whose window has opened, of a date after the alliance's creation
// (its parties have just agreed the charter), else the first to come.
func CurrentCharterReview(anchor, created, now time.Time) int {
	first := created.Year()
	if !CharterReviewOn(anchor, first).After(Day(created)) {
		first++
	}
	y := now.Year() + 1
	for y > first && CharterReviewOn(anchor, y).Add(-CharterReviewWindow).After(now) {
		y--
	}
	return y
}
