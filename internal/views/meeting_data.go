package views

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/agenda"
	"github.com/accord-alliance/accord/internal/packet"
	"github.com/accord-alliance/accord/internal/scorecard"
	"github.com/accord-alliance/accord/internal/vote"
)

// QuorumView is a meeting's quorum in words people read: party names,
// not ids. Recorded is false until attendance is taken.
type QuorumView struct {
	Recorded       bool     `json:"-"`
	Met            bool     `json:"met"`
	Present        int      `json:"present"`
	Clinical       int      `json:"clinical"`
	MissingParties []string `json:"missing_parties"`
	Reasons        []string `json:"reasons"`
}

// MeetingQuorum checks quorum for who is present among the seat-holders,
// counting a member represented by a proxy when the committee allows
// proxies and the proxy's holder is present.
func MeetingQuorum(c accord.Committee, holders []accord.Seat, present map[string]bool, proxies map[string]string) QuorumView {
	var members []vote.Member
	seen, names := map[string]bool{}, map[string]string{}
	for _, s := range holders {
		names[s.PartyID] = s.PartyName
		if !seen[s.MemberID] {
			seen[s.MemberID] = true
			members = append(members, vote.Member{ID: s.MemberID, Party: s.PartyID, Clinical: s.Clinical()})
		}
	}
	var ids []string
	for id, ok := range present {
		if ok {
			ids = append(ids, id)
		}
	}
	if c.AllowProxies {
		for member, holder := range proxies {
			if holder != "" && present[holder] {
				ids = append(ids, member)
			}
		}
	}
	q := vote.CheckQuorum(vote.Quorum{MinPresent: c.QuorumPresent, EveryParty: c.QuorumParties, MinClinical: c.QuorumClinical}, members, ids)
	out := QuorumView{Recorded: true, Met: q.Met, Present: q.Present, Clinical: q.Clinical, MissingParties: []string{}, Reasons: []string{}}
	for _, p := range q.MissingParties {
		out.MissingParties = append(out.MissingParties, names[p])
	}
	for _, r := range q.Reasons {
		for id, name := range names {
			r = strings.ReplaceAll(r, id, name)
		}
		out.Reasons = append(out.Reasons, r)
	}
	return out
}

// PartyNames replaces party ids in the engine's sentences with names.
func PartyNames(reasons []string, parties []accord.Party) []string {
	out := make([]string, len(reasons))
	for i, r := range reasons {
		for _, p := range parties {
			r = strings.ReplaceAll(r, p.ID, p.OrgName)
		}
		out[i] = r
	}
	return out
}

// ServingSeats returns the seats held on the meeting's day.
func ServingSeats(c accord.Committee, day time.Time) []accord.Seat {
	return packet.ServingSeats(c, day)
}

// AgendaInput gathers what needs the committee's attention before meeting
// m: the agenda engine orders it.
func (s *Loader) AgendaInput(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting) (agenda.Input, error) {
	in := agenda.Input{Now: s.Now().UTC()}
	prev, err := s.Svc.ListMeetings(ctx, accord.MeetingFilter{AllianceID: a.ID, CommitteeID: c.ID, To: m.StartsAt, Descending: true})
	if err != nil {
		return in, err
	}
	for _, p := range prev {
		if p.Status == accord.MeetingCancelled {
			continue
		}
		if in.Since.IsZero() {
			in.Since = p.StartsAt
		}
		if p.MinutesStatus == accord.MinutesDraft {
			in.Minutes = append(in.Minutes, p)
		}
	}
	if in.KPIs, err = s.troubledKPIs(ctx, a, Sharing{}); err != nil {
		return in, err
	}
	if in.Signals, err = s.Svc.ListSignals(ctx, accord.SignalFilter{AllianceID: a.ID, Limit: 1000}); err != nil {
		return in, err
	}
	if in.Concerns, err = s.Svc.ListConcerns(ctx, accord.ConcernFilter{AllianceID: a.ID}); err != nil {
		return in, err
	}
	if in.Motions, err = s.Svc.ListMotions(ctx, accord.DecisionFilter{AllianceID: a.ID, Committee: c.Key}, accord.MotionOpen); err != nil {
		return in, err
	}
	in.Actions, err = s.Svc.ListActionItems(ctx, accord.ActionFilter{AllianceID: a.ID, CommitteeID: c.ID, Status: accord.ActionOpen})
	return in, err
}

// troubledKPIs lists the approved KPIs whose latest value is amber or red
// on the scorecard of the view sh: the agenda is written from every
// figure (sh open) and read by each party from its own (see agendaAs).
// Reading them means reading the whole scorecard, so the answer is kept
// per scorecard version, day and, under sharing by protocol, the viewer's
// party, like the scorecard page's (an alliance read without its version,
// as the packet job reads it, is not cached).
func (s *Loader) troubledKPIs(ctx context.Context, a accord.Alliance, sh Sharing) ([]agenda.KPI, error) {
	key := ""
	if a.ScorecardVersion > 0 {
		key = strings.Join([]string{"troubled", a.ID, strconv.FormatInt(a.ScorecardVersion, 10), s.Now().UTC().Format(time.DateOnly), strconv.FormatBool(sh.On), sh.viewer}, "\x00")
		if v, ok := s.Frags.Get(key); ok {
			return v.([]agenda.KPI), nil
		}
	}
	out, err := s.readTroubledKPIs(ctx, a, sh)
	if err == nil && key != "" {
		s.Frags.Put(key, out)
	}
	return out, err
}

func (s *Loader) readTroubledKPIs(ctx context.Context, a accord.Alliance, sh Sharing) ([]agenda.KPI, error) {
	kpis, err := s.Svc.ListKPIs(ctx, a.ID, accord.KPIFilter{Status: accord.KPIApproved})
	if err != nil {
		return nil, err
	}
	cats, err := s.BuildTiles(ctx, a.ID, kpis, "", nil, sh)
	if err != nil {
		return nil, err
	}
	var out []agenda.KPI
	for _, cat := range cats {
		for _, t := range cat.Tiles {
			if t.Status == scorecard.Amber || t.Status == scorecard.Red {
				out = append(out, agenda.KPI{Key: t.KPI.Key, Name: t.KPI.Name, Status: string(t.Status), Value: t.Value, Target: t.Target, Period: t.Period})
			}
		}
	}
	return out, nil
}

// syncAgenda brings a scheduled meeting's agenda up to date with the data,
// and returns the data it was written from (nil for a meeting held or
// cancelled, whose agenda is history).
func (s *Loader) syncAgenda(ctx context.Context, a accord.Alliance, c accord.Committee, m accord.Meeting) (*agenda.Input, error) {
	if m.Status != accord.MeetingScheduled {
		return nil, nil
	}
	in, err := s.AgendaInput(ctx, a, c, m)
	if err != nil {
		return nil, err
	}
	return &in, s.applyAgenda(ctx, a, m, in)
}

// applyAgenda writes the items the data gives (in) into a scheduled
// meeting's agenda, when they are not there already as they are: most
// views of a meeting change nothing, and then take no write transaction.
func (s *Loader) applyAgenda(ctx context.Context, a accord.Alliance, m accord.Meeting, in agenda.Input) error {
	if m.Status != accord.MeetingScheduled {
		return nil
	}
	items := agenda.Build(in)
	have, err := s.Svc.Agenda(ctx, m.ID)
	if err != nil {
		return err
	}
	if agendaHolds(have, items) {
		return nil
	}
	_, err = s.Svc.SyncAgenda(ctx, a.ID, m.ID, items)
	return err
}

// agendaHolds reports whether the agenda already has every item, with the
// same title and detail.
func agendaHolds(have, items []accord.AgendaItem) bool {
	byRef := map[string]accord.AgendaItem{}
	for _, it := range have {
		byRef[it.Kind+"/"+it.RefID] = it
	}
	for _, it := range items {
		if was, ok := byRef[it.Kind+"/"+it.RefID]; !ok || was.Title != it.Title || was.Detail != it.Detail {
			return false
		}
	}
	return true
}
