package views

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// actionState is what decides whether a notification still needs its
// reader: the current state of the subjects of the notifications in hand,
// each read once and only when a notification of its kind is there.
type actionState struct {
	s  *Loader
	sc *needScope

	ballots  map[string]bool // links of the motions waiting for the reader's vote
	actions  []accord.ActionItem
	concerns map[string]bool // links of the concerns still waiting for acknowledgement
	signals  map[string]bool // links of the KPIs with a new deterioration the reader answers for
	signoffs map[string]bool // links of amendments, whether the reader's party still has to sign
	survey   *bool           // whether an open survey round waits for the reader's answer
}

// MarkActionNeeded sets ActionNeeded on the notifications (their links
// already paths) whose subject still needs the reader, by the rules of
// docs/notifications.md, and puts them first; the rest keep their order.
func (s *Loader) MarkActionNeeded(r *http.Request, ns []accord.Notification) ([]accord.Notification, error) {
	sc, err := s.newNeedScope(r)
	if err != nil {
		return nil, err
	}
	st := &actionState{s: s, sc: sc, signoffs: map[string]bool{}}
	for i := range ns {
		if ns[i].ActionNeeded, err = st.needed(ns[i]); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(ns, func(a, b accord.Notification) int {
		switch {
		case a.ActionNeeded == b.ActionNeeded:
			return 0
		case a.ActionNeeded:
			return -1
		}
		return 1
	})
	return ns, nil
}

// needed is the rule for one notification: its kind says what it asked,
// the current state of its subject whether that is still to do.
func (st *actionState) needed(n accord.Notification) (bool, error) {
	switch n.Kind {
	case accord.NotifyMotionOpened:
		return st.memo(&st.ballots, st.loadBallots, n.Link)
	case accord.NotifyActionAssigned, accord.NotifyActionOverdue:
		return st.ownsOpenAction(n)
	case accord.NotifyConcernRaised, accord.NotifyConcernOverdue, accord.NotifyConcernEscalated:
		return st.memo(&st.concerns, st.loadConcerns, n.Link)
	case accord.NotifySignalOpened, accord.NotifySignalRaised:
		return st.memo(&st.signals, st.loadSignals, n.Link)
	case accord.NotifyAmendmentSignoff:
		return st.mustSign(n.Link)
	case accord.NotifyHealthRoundOpened, accord.NotifyHealthReminder:
		return st.surveyWaits()
	}
	return false, nil
}

// memo answers whether link is in a set, loading the set the first time.
func (st *actionState) memo(set *map[string]bool, load func() (map[string]bool, error), link string) (bool, error) {
	if *set == nil {
		m, err := load()
		if err != nil {
			return false, err
		}
		*set = m
	}
	return (*set)[link], nil
}

func (st *actionState) loadBallots() (map[string]bool, error) {
	items, err := st.s.needBallots(st.sc)
	return linksOf(items), err
}

func (st *actionState) loadSignals() (map[string]bool, error) {
	gs, err := st.s.newDeteriorations(st.sc)
	m := map[string]bool{}
	for _, g := range gs {
		m[st.sc.base+"kpis/"+g.KPIKey] = true
	}
	return m, err
}

func (st *actionState) loadConcerns() (map[string]bool, error) {
	m := map[string]bool{}
	if !st.sc.may(access.HandleConcern) {
		return m, nil
	}
	open, err := st.s.Svc.ListConcerns(st.sc.ctx, accord.ConcernFilter{AllianceID: st.sc.ac.Alliance.ID, Status: accord.ConcernOpen, Limit: 500})
	for _, c := range open {
		m[st.sc.base+"concerns/"+c.ID] = true
	}
	return m, err
}

func linksOf(items []needItem) map[string]bool {
	m := map[string]bool{}
	for _, it := range items {
		m[it.Link] = true
	}
	return m
}

// ownsOpenAction reports whether the reader still owns an open action item
// the notification names (its title, on the page the notification links).
func (st *actionState) ownsOpenAction(n accord.Notification) (bool, error) {
	if st.actions == nil {
		items, err := st.s.Svc.ListActionItems(st.sc.ctx, accord.ActionFilter{AllianceID: st.sc.ac.Alliance.ID, Status: accord.ActionOpen})
		if err != nil {
			return false, err
		}
		st.actions = []accord.ActionItem{}
		for _, a := range items {
			if a.OwnerID == st.sc.ac.Member.ID {
				st.actions = append(st.actions, a)
			}
		}
	}
	for _, a := range st.actions {
		if strings.Contains(n.Subject, a.Title) && (a.MeetingID == "" || n.Link == st.sc.base+"meetings/"+a.MeetingID) {
			return true, nil
		}
	}
	return false, nil
}

// mustSign reports whether the amendment a notification links to is still
// proposed and waits for the reader's party, which the reader signs for.
func (st *actionState) mustSign(link string) (bool, error) {
	if v, ok := st.signoffs[link]; ok {
		return v, nil
	}
	st.signoffs[link] = false
	rest, ok := strings.CutPrefix(link, st.sc.base+"contracts/")
	key, num, ok2 := strings.Cut(rest, "/amendments/")
	number, err := strconv.Atoi(num)
	if !ok || !ok2 || err != nil || !st.sc.may(access.SignAmendment) {
		return false, nil
	}
	c, err := st.s.Svc.ContractByKey(st.sc.ctx, st.sc.ac.Alliance.ID, key)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	a, err := st.s.Svc.Amendment(st.sc.ctx, c.ID, number)
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		return false, nil
	}
	if err != nil || a.Status != accord.AmendmentProposed {
		return false, err
	}
	st.signoffs[link] = !a.Signed(st.sc.ac.Member.PartyID)
	return st.signoffs[link], nil
}
