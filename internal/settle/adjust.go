package settle

import (
	"fmt"

	"github.com/accord-alliance/accord/internal/number"
)

// adjust applies what comes after sharing: the extreme-and-uncontrollable
// reduction of owed losses, and sequestration of savings paid.
func (e *engine) adjust() error {
	s, r, w := e.s, e.r, e.w
	hasAdjustment := s.LossAdjustment > 0 || (s.LossAdjustmentShare != nil && !s.LossAdjustmentShare.IsZero())
	switch {
	case e.working < 0:
		owed := -e.working
		var forgiven number.Money
		if sh := s.LossAdjustmentShare; sh != nil && !sh.IsZero() {
			f := owed.MulRate(*sh, e.mode)
			forgiven += f
			w.money("loss_adjustment_share", "Extreme and uncontrollable circumstances: share of losses forgiven", f, "summary.loss_adjustment_share",
				fmt.Sprintf("%s × %s", owed.Display(), sh.Percent(2)))
		}
		if s.LossAdjustment > 0 {
			a := min(s.LossAdjustment, owed-forgiven)
			forgiven += a
			w.money("loss_adjustment", "Extreme and uncontrollable circumstances: amount forgiven", a, "summary.loss_adjustment",
				fmt.Sprintf("summary loss_adjustment %s, at most the losses still owed", s.LossAdjustment.Display()))
		}
		r.LossAdjustment = forgiven
		e.working += forgiven
		if forgiven > 0 {
			w.money("losses_after_adjustment", "Shared losses after adjustment", e.working, "losses", "shared losses + amount forgiven")
		}
	case hasAdjustment:
		r.Notes = append(r.Notes, "loss_adjustment not used: no shared losses are owed")
	}
	if seq := e.t.Sequestration; e.working > 0 && !seq.IsZero() {
		q := e.working.MulRate(seq, e.mode)
		r.Sequestration = q
		w.money("sequestration", "Sequestration", -q, "sequestration", fmt.Sprintf("%s × %s", e.working.Display(), seq.Percent(2)))
		e.working -= q
		w.money("after_sequestration", "Shared savings after sequestration", e.working, "sequestration", "")
	}
	return nil
}
