package initiative

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// DueSoonDays is the window before a deliverable's due date in which a
// deliverable not yet done is at risk: from 14 days before the due date
// to the due date itself, both included.
const DueSoonDays = 14

// Deliverable is a milestone that a named role marks done with evidence.
type Deliverable struct {
	Name string
	// Due is the date it is due; done on that day is on time.
	Due time.Time
	// Done is nil until someone marks it done.
	Done *Completion
}

// Completion records who marked a deliverable done, when, and the evidence.
type Completion struct {
	By       string
	At       time.Time
	Evidence string
}

// Validate reports the first thing wrong with d.
func (d Deliverable) Validate() error {
	switch {
	case d.Due.IsZero():
		return errors.New("deliverable: a due date is required")
	case d.Done == nil:
		return nil
	case strings.TrimSpace(d.Done.By) == "":
		return errors.New("deliverable: say who marked it done")
	case d.Done.At.IsZero():
		return errors.New("deliverable: say when it was done")
	case strings.TrimSpace(d.Done.Evidence) == "":
		return errors.New("deliverable: evidence is required to mark it done")
	}
	return nil
}

// Evaluate computes the deliverable's state on today: met once done (late
// or not, the reason says which); otherwise missed after the due date, at
// risk within DueSoonDays of it, on track before.
func (d Deliverable) Evaluate(today time.Time) (Evaluation, error) {
	if err := d.Validate(); err != nil {
		return Evaluation{}, err
	}
	due, now := dateOnly(d.Due), dateOnly(today)
	dueText := due.Format(time.DateOnly)
	if d.Done != nil {
		done := dateOnly(d.Done.At)
		late := ""
		if days := int(done.Sub(due).Hours() / 24); days > 0 {
			late = fmt.Sprintf(", %s after the due date", plural(days, "day"))
		}
		return Evaluation{Met, fmt.Sprintf("%s: done by %s on %s%s", d.Name, d.Done.By, done.Format(time.DateOnly), late)}, nil
	}
	left := int(due.Sub(now).Hours() / 24)
	switch {
	case left < 0:
		return Evaluation{Missed, fmt.Sprintf("%s: missed, due %s and not done", d.Name, dueText)}, nil
	case left <= DueSoonDays:
		return Evaluation{AtRisk, fmt.Sprintf("%s: at risk, due %s (in %s) and not done", d.Name, dueText, plural(left, "day"))}, nil
	}
	return Evaluation{OnTrack, fmt.Sprintf("%s: on track, due %s", d.Name, dueText)}, nil
}

// plural writes n with its noun, adding an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
