package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// pastAgenda writes the agenda meeting ms[i] had, a week before it was
// held, as the data and the chair wrote it: the previous meeting's minutes
// to approve, the topics its minutes record and the open action items. Its
// motions are added as they are put (see agendaMotion).
func (g *gov) pastAgenda(ctx context.Context, c accord.Committee, ms []accord.Meeting, i int) error {
	var items []accord.AgendaItem
	if i > 0 {
		prev := ms[i-1]
		items = append(items, accord.AgendaItem{Kind: accord.AgendaMinutes, RefID: prev.ID,
			Title: "Approve the minutes of " + prev.StartsAt.Format("2 January 2006"), Detail: c.Name})
	}
	for n, topic := range meetingTopics(i) {
		items = append(items, accord.AgendaItem{Kind: accord.AgendaCustom, RefID: fmt.Sprintf("topic-%d", n), Title: capitalize(topic)})
	}
	items = append(items, accord.AgendaItem{Kind: accord.AgendaCustom, RefID: "actions", Title: "Open action items, one by one"})
	if _, err := g.at(ms[i].StartsAt.AddDate(0, 0, -7)).SyncAgenda(ctx, g.alliance, ms[i].ID, items); err != nil {
		return fmt.Errorf("demo agenda: %w", err)
	}
	return nil
}

// agendaMotion puts a motion on its meeting's agenda, as the chair did
// when proposing it.
func (g *gov) agendaMotion(ctx context.Context, c accord.Committee, m accord.Meeting, mo accord.Motion, when time.Time) error {
	it := accord.AgendaItem{Title: fmt.Sprintf("Motion %d: %s", mo.Number, mo.Title), Detail: mo.Body}
	if err := g.at(when).AddAgendaItem(ctx, g.actors[chairOf(c)], g.alliance, m.ID, &it); err != nil {
		return fmt.Errorf("demo agenda: %w", err)
	}
	return nil
}
