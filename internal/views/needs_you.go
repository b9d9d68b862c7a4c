package views

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// The kinds of thing the overview's "Needs you" list asks of the viewer
// (the kind field of GET …/needs-you).
const (
	needVote      = "vote"       // a motion waiting for their ballot
	needPilotGate = "pilot_gate" // a pilot's readiness gate, voted as a motion
	needMinutes   = "minutes"    // draft minutes their committee approves next
	needAction    = "action_item"
	needConcerns  = "concerns" // a count, never one concern
	needRedKPI    = "red_kpi"
	needSignal    = "signal"
	needSignOff   = "settlement_signoff" // a draft settlement awaiting their party
)

// How urgent an item is: past its due date, due within dueSoon, or open.
const (
	urgencyOverdue = "overdue"
	urgencyDueSoon = "due_soon"
	urgencyOpen    = "open"
)

// dueSoon is how far ahead an action item or a vote counts as due soon;
// action items due later are not listed.
const dueSoon = 7 * 24 * time.Hour

// needItem is one thing that needs the viewer: a sentence in plain words,
// the page where they act, and its due date when there is one.
type needItem struct {
	Kind     string     `json:"kind"`
	Sentence string     `json:"sentence"`
	Link     string     `json:"link"`
	Due      *time.Time `json:"due,omitempty"`
	Urgency  string     `json:"urgency"`
	// DayOnly says the due date is a day (an action item), not a moment.
	DayOnly bool `json:"-"`
}

// nextMeeting is the next meeting of a committee where the viewer sits.
type nextMeeting struct {
	Committee string    `json:"committee"`
	StartsAt  time.Time `json:"starts_at"`
	Link      string    `json:"link"`
}

// needsYou is the overview's first card and GET …/needs-you: what needs
// the viewer, most urgent first, and their next meeting.
type needsYou struct {
	Items []needItem   `json:"items"`
	Next  *nextMeeting `json:"next_meeting,omitempty"`
	// Acts says the viewer holds a role that acts (anything but observer):
	// the card then says "Nothing needs you today" rather than hiding.
	Acts bool `json:"-"`
}

// needScope is what every source of items reads: the request's viewer and
// alliance, the time, and the committees where the viewer sits today.
type needScope struct {
	r      *http.Request
	ctx    context.Context
	ac     *edge.AllianceCtx
	now    time.Time
	base   string // "/a/{slug}/"
	seated map[string]bool
}

// may reports whether the viewer's roles allow an action, whatever the
// token they came with: the list says what their role asks of them.
func (sc *needScope) may(a access.Action) bool { return access.Allowed(sc.ac.Member.Roles, "", a) }

// needSource gathers one or more kinds of item.
type needSource func(sc *needScope) ([]needItem, error)

// needSources are the kinds of item the list gathers, in one place.
func (s *Loader) needSources() []needSource {
	return []needSource{
		s.needBallots, // votes and pilots' readiness gates
		s.needMinutes,
		s.needActions,
		s.needConcerns,
		s.needRedKPIs,
		s.needSignals,
		s.needSignOffs,
		s.needInitiatives,
	}
}

// WhatNeedsYou builds the list for the request's viewer: the page and the
// API both answer with it.
func (s *Loader) WhatNeedsYou(r *http.Request) (needsYou, error) {
	sc, err := s.newNeedScope(r)
	if err != nil {
		return needsYou{}, err
	}
	out := needsYou{Items: []needItem{}, Acts: slices.ContainsFunc(sc.ac.Member.Roles, func(ro accord.Role) bool { return ro != accord.RoleObserver })}
	for _, src := range s.needSources() {
		items, err := src(sc)
		if err != nil {
			return out, err
		}
		out.Items = append(out.Items, items...)
	}
	sortNeeds(out.Items)
	next, err := s.Svc.ListMeetings(sc.ctx, accord.MeetingFilter{AllianceID: sc.ac.Alliance.ID, UserID: sc.ac.Member.UserID, From: sc.now, Limit: 1})
	if err != nil {
		return out, err
	}
	if len(next) > 0 {
		out.Next = &nextMeeting{Committee: next[0].CommitteeName, StartsAt: next[0].StartsAt, Link: sc.base + "meetings/" + next[0].ID}
	}
	return out, nil
}

func (s *Loader) newNeedScope(r *http.Request) (*needScope, error) {
	ac := edge.AllianceOf(r)
	sc := &needScope{r: r, ctx: r.Context(), ac: ac, now: s.Now().UTC(), base: "/a/" + ac.Alliance.Slug + "/", seated: map[string]bool{}}
	cs, err := s.Svc.ListCommittees(sc.ctx, ac.Alliance.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		for _, st := range c.Seats {
			if st.MemberID == ac.Member.ID && st.Serving(sc.now) {
				sc.seated[c.ID] = true
			}
		}
	}
	return sc, nil
}

// sortNeeds orders the list: overdue first (earliest due first, undated
// ones after), then by due date, then the rest in the order their sources
// gave them.
func sortNeeds(items []needItem) {
	group := func(it needItem) int {
		switch {
		case it.Urgency == urgencyOverdue:
			return 0
		case it.Due != nil:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(items, func(a, b needItem) int {
		if ga, gb := group(a), group(b); ga != gb {
			return ga - gb
		}
		switch {
		case a.Due != nil && b.Due != nil:
			return a.Due.Compare(*b.Due)
		case a.Due != nil:
			return -1 // an overdue item with a date before a count
		case b.Due != nil:
			return 1
		}
		return 0
	})
}

// urgencyAt says how urgent something due at due is at now.
func urgencyAt(due *time.Time, now time.Time) string {
	switch {
	case due == nil:
		return urgencyOpen
	case due.Before(now):
		return urgencyOverdue
	case due.Sub(now) <= dueSoon:
		return urgencyDueSoon
	}
	return urgencyOpen
}
