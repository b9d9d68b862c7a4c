package demo

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
)

// fullHouse returns the first meeting from ms[from] on at which every
// seat-holder was present.
func (g *gov) fullHouse(ctx context.Context, ms []accord.Meeting, from int) (accord.Meeting, error) {
	for _, m := range ms[from : len(ms)-1] {
		held, err := g.svc.Meeting(ctx, g.alliance, m.ID)
		if err != nil {
			return m, err
		}
		all := len(held.Attendance) > 0
		for _, a := range held.Attendance {
			all = all && a.Present
		}
		if all {
			return m, nil
		}
	}
	return accord.Meeting{}, fmt.Errorf("demo: no meeting after %d with every seat-holder present", from)
}

// tells checks that the vote engine decided a motion as its rationale
// tells the story, so that the demo cannot say a motion failed while it
// passed (an absent seat-holder's ballot is not cast, which can change the
// outcome).
func tells(mo accord.Motion, want string) error {
	if mo.Status != want {
		return fmt.Errorf("demo motion %q is %s, but its story says %s", mo.Title, mo.Status, want)
	}
	return nil
}
