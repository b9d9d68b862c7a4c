package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
	"github.com/accord-alliance/accord/internal/vote"
)

// motionFromForm reads a motion: to a meeting (meeting_id) or
// asynchronous until closes_on.
func (s *App) motionFromForm(r *http.Request) (accord.Motion, error) {
	ac := edge.AllianceOf(r)
	c, err := s.Svc.CommitteeByKey(r.Context(), ac.Alliance.ID, r.PostFormValue("committee"))
	if err != nil {
		return accord.Motion{}, accord.FieldError("committee", "choose a committee of this alliance")
	}
	m := accord.Motion{AllianceID: ac.Alliance.ID, CommitteeID: c.ID, MeetingID: r.PostFormValue("meeting_id"), Title: r.PostFormValue("title"),
		Body: r.PostFormValue("body"), SubjectKind: r.PostFormValue("subject_kind"), SubjectID: r.PostFormValue("subject_id"),
		Rule: r.PostFormValue("rule"), ClinicalConsent: r.PostFormValue("clinical_consent") != ""}
	if kind, id, ok := strings.Cut(r.PostFormValue("about"), ":"); ok {
		m.SubjectKind, m.SubjectID = kind, id
	}
	if m.MeetingID == "" {
		closes, err := views.ParseDate("closes_on", r.PostFormValue("closes_on"))
		if err != nil {
			return m, err
		}
		if closes != nil {
			end := closes.Add(24*time.Hour - time.Second) // the end of that day
			m.ClosesAt = &end
		}
	}
	return m, nil
}

// motionCreate proposes a motion from a meeting, committee or KPI page.
func (s *App) motionCreate(w http.ResponseWriter, r *http.Request) error {
	back := r.PostFormValue("back")
	if !localPath(back) {
		back = "/a/" + edge.AllianceOf(r).Alliance.Slug + "/governance"
	}
	m, err := s.motionFromForm(r)
	if err == nil {
		err = s.Svc.ProposeMotion(r.Context(), edge.SessionOf(r).Actor, &m)
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Motion "+strconv.Itoa(m.Number)+" is open for votes.")
	http.Redirect(w, r, "/a/"+edge.AllianceOf(r).Alliance.Slug+"/motions/"+strconv.Itoa(m.Number), http.StatusSeeOther)
	return nil
}

// motionView is what motion.html shows.
type motionView struct {
	Motion    accord.Motion
	Committee accord.Committee
	Result    *vote.Result
	Parties   map[string]string
	// MySeat is the viewer's membership when they hold a seat; Proxies are
	// the live proxies they hold for members who have not voted themselves.
	MySeat  bool
	MyVote  string
	Proxies []accord.Proxy
	// MyProxy is the live proxy the viewer gave for this motion or its
	// meeting; Holders are the seat-holders they could give one to.
	MyProxy      *accord.Proxy
	Holders      []accord.Seat
	CanGiveProxy bool
	// ByProxy are the ballots cast by proxy.
	ByProxy []accord.Vote
	// Subject is the page of what the motion is about, SubjectName its name.
	Subject, SubjectName string
	// VoteWait says why the viewer cannot vote yet (see votingWait).
	VoteWait string
	// CloseWait says why the vote cannot be closed from the page yet.
	CloseWait string
	// ByRole counts the ballots by the seat's role.
	ByRole []roleTally
}

// roleTally is the ballots of the seat-holders of one role.
type roleTally struct {
	Role  accord.Role
	Count vote.Count
}

// tallyByRole counts ballots by the role of the voter's seat, in the
// order of the roles.
func tallyByRole(c accord.Committee, votes []accord.Vote) []roleTally {
	roleOf := map[string]accord.Role{}
	for _, st := range c.Seats {
		roleOf[st.MemberID] = st.Role
	}
	counts := map[accord.Role]*vote.Count{}
	for _, v := range votes {
		r := roleOf[v.MemberID]
		if counts[r] == nil {
			counts[r] = &vote.Count{}
		}
		switch vote.Choice(v.Choice) {
		case vote.Yes:
			counts[r].Yes++
		case vote.No:
			counts[r].No++
		case vote.Abstain:
			counts[r].Abstain++
		case vote.Recuse:
			counts[r].Recused++
		}
	}
	var out []roleTally
	for _, r := range accord.AllRoles() {
		// Clinical leaders have their own row, for clinical consent.
		if n := counts[r]; n != nil && r != accord.RoleClinicalLeader {
			out = append(out, roleTally{r, *n})
		}
	}
	return out
}

// motionPage shows a motion, its ballots and, once decided, the tally by
// party and role with the reasons.
func (s *App) motionPage(w http.ResponseWriter, r *http.Request) error {
	ctx, ac := r.Context(), edge.AllianceOf(r)
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		return edge.ErrNotFound
	}
	m, err := s.Svc.Motion(ctx, ac.Alliance.ID, n)
	if err != nil {
		return edge.HideNotFound(err)
	}
	c, err := s.Svc.CommitteeByKey(ctx, ac.Alliance.ID, m.CommitteeKey)
	if err != nil {
		return err
	}
	v := motionView{Motion: m, Committee: c, Parties: map[string]string{}, ByRole: tallyByRole(c, m.Votes)}
	v.Subject, v.SubjectName = s.subjectLink(r, m)
	if v.VoteWait, err = s.VotingWait(r, m, c); err != nil {
		return err
	}
	v.CloseWait = views.CloseWait(v.VoteWait)
	parties, err := s.Svc.ListParties(ctx, ac.Alliance.ID)
	if err != nil {
		return err
	}
	for _, p := range parties {
		v.Parties[p.ID] = p.OrgName
	}
	if len(m.Tally) > 0 {
		var res vote.Result
		if json.Unmarshal(m.Tally, &res) == nil {
			res.Reasons = views.PartyNames(res.Reasons, parties)
			res.Quorum.Reasons = views.PartyNames(res.Quorum.Reasons, parties)
			v.Result = &res
		}
	}
	v.ballotsAndProxies(ac.Member.ID)
	s.render(w, r, "motion", views.PageData{Title: "Motion " + strconv.Itoa(m.Number), Nav: "governance", Data: v})
	return nil
}

// ballotsAndProxies fills in, for the viewer me, their seat and ballot,
// the proxies they hold and gave, and the ballots cast by proxy.
func (v *motionView) ballotsAndProxies(me string) {
	seen := map[string]bool{me: true}
	for _, st := range v.Committee.Seats {
		if st.MemberID == me {
			v.MySeat = true
		} else if st.MemberID != "" && !seen[st.MemberID] {
			seen[st.MemberID] = true
			v.Holders = append(v.Holders, st)
		}
	}
	votedSelf := map[string]bool{}
	for _, b := range v.Motion.Votes {
		if b.MemberID == me {
			v.MyVote = b.Choice
		}
		if b.CastBy == b.MemberID {
			votedSelf[b.MemberID] = true
		} else {
			v.ByProxy = append(v.ByProxy, b)
		}
	}
	for i, p := range v.Motion.Proxies {
		switch {
		case !p.Live():
		case p.MemberID == me:
			v.MyProxy = &v.Motion.Proxies[i]
		case p.HolderID == me && !votedSelf[p.MemberID]:
			v.Proxies = append(v.Proxies, p)
		}
	}
	v.CanGiveProxy = v.MySeat && v.Committee.AllowProxies && v.MyProxy == nil && !votedSelf[me]
}

// motionSubjects lists what a motion of committee c can be about.
func (s *App) motionSubjects(r *http.Request, c accord.Committee) ([]motionSubject, error) {
	ctx, allianceID := r.Context(), edge.AllianceOf(r).Alliance.ID
	var out []motionSubject
	if c.ApprovesScorecard {
		kpis, err := s.Svc.ListKPIs(ctx, allianceID, accord.KPIFilter{Status: accord.KPIProposed})
		if err != nil {
			return nil, err
		}
		for _, k := range kpis {
			out = append(out, motionSubject{accord.SubjectKPI + ":" + k.ID, "The proposed KPI " + k.Name})
		}
	}
	contracts, err := s.Svc.ListContracts(ctx, allianceID)
	if err != nil {
		return nil, err
	}
	for _, ct := range contracts {
		as, err := s.Svc.ListAmendments(ctx, ct.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			if a.Status == accord.AmendmentProposed {
				out = append(out, motionSubject{accord.SubjectAmendment + ":" + a.ID, fmt.Sprintf("Amendment %d of %s: %s", a.Number, ct.Title, a.Summary)})
			}
		}
	}
	return out, nil
}

// subjectLink is the page of what a motion is about, if it has one, and
// its name ("Amendment 3 of the shared-savings agreement", a KPI's name).
func (s *App) subjectLink(r *http.Request, m accord.Motion) (string, string) {
	ctx, ac := r.Context(), edge.AllianceOf(r)
	base := "/a/" + ac.Alliance.Slug
	switch m.SubjectKind {
	case accord.SubjectProtocol:
		name := "a data-sharing protocol"
		if ps, err := s.Svc.ListProtocols(ctx, ac.Alliance.ID); err == nil {
			for _, p := range ps {
				if p.ID == m.SubjectID {
					name = "the data-sharing protocol " + p.Title
				}
			}
		}
		return base + "/protocols#protocol-" + m.SubjectID, name
	case accord.SubjectAmendment:
		if cs, err := s.Svc.ListContracts(ctx, ac.Alliance.ID); err == nil {
			for _, c := range cs {
				as, _ := s.Svc.ListAmendments(ctx, c.ID)
				for _, a := range as {
					if a.ID == m.SubjectID {
						return base + "/contracts/" + c.Key + "/amendments/" + strconv.Itoa(a.Number), fmt.Sprintf("Amendment %d of %s", a.Number, c.Title)
					}
				}
			}
		}
	case accord.SubjectCharter:
		return base + "/charter", "the charter (its yearly review)"
	case accord.SubjectKPI:
		if ks, err := s.Svc.ListKPIs(ctx, ac.Alliance.ID, accord.KPIFilter{}); err == nil {
			for _, k := range ks {
				if k.ID == m.SubjectID {
					return base + "/kpis/" + k.Key, "the KPI " + k.Name
				}
			}
		}
	}
	return "", ""
}

func (s *App) motionBack(r *http.Request) string {
	return "/a/" + edge.AllianceOf(r).Alliance.Slug + "/motions/" + r.PathValue("number")
}

// motionVote casts the viewer's ballot, or one they hold as a proxy.
func (s *App) motionVote(w http.ResponseWriter, r *http.Request) error {
	back := s.motionBack(r)
	n, _ := strconv.Atoi(r.PathValue("number"))
	if err := s.CheckBallot(r, n); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	m, err := s.Svc.CastVote(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, n, r.PostFormValue("for"), r.PostFormValue("choice"), r.PostFormValue("reason"))
	if err != nil {
		return backTo(back, s.BallotError(r, n, "", err))
	}
	msg := "Your vote is recorded; you can change it until the motion is decided."
	if m.Status != accord.MotionOpen {
		msg = "Your vote is recorded. Every seat-holder has voted: the motion " + views.Humanize(m.Status) + "."
	}
	flash(w, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// motionDecide closes the vote and records the outcome.
func (s *App) motionDecide(w http.ResponseWriter, r *http.Request) error {
	back := s.motionBack(r)
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("close the vote now"))
	}
	n, _ := strconv.Atoi(r.PathValue("number"))
	if err := s.CheckClose(r, n); err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	m, err := s.Svc.DecideMotion(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, n, r.PostFormValue("rationale"))
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Decided: the motion "+views.Humanize(m.Status)+".")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// decisionsPage is the searchable decision log.
func (s *App) decisionsPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	q := r.URL.Query()
	f := accord.DecisionFilter{AllianceID: ac.Alliance.ID, Committee: q.Get("committee"), Query: q.Get("q"), Subject: q.Get("subject"), Limit: 200}
	ms, err := s.Svc.ListMotions(r.Context(), f, "decided")
	if err != nil {
		return err
	}
	cs, err := s.Svc.ListCommittees(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	s.render(w, r, "decisions", views.PageData{Title: "Decision log", Nav: "governance", Data: map[string]any{"Motions": ms, "Filter": f, "Committees": cs}})
	return nil
}

// protocolsPage lists the data-sharing protocols with the form to propose one.
func (s *App) protocolsPage(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	ps, err := s.Svc.ListProtocols(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	parties, err := s.Svc.ListParties(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	cs, err := s.Svc.ListCommittees(r.Context(), ac.Alliance.ID)
	if err != nil {
		return err
	}
	s.render(w, r, "protocols", views.PageData{Title: "Data-sharing protocols", Nav: "governance",
		Data: map[string]any{"Protocols": ps, "Parties": parties, "Committees": cs, "Today": accord.Day(s.Now())}})
	return nil
}

// protocolCreate proposes a protocol and its motion.
func (s *App) protocolCreate(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/protocols"
	if err := r.ParseForm(); err != nil {
		return backTo(back, accord.Errorf(accord.EINVALID, "the form could not be read"))
	}
	p := accord.Protocol{AllianceID: ac.Alliance.ID, Title: r.PostFormValue("title"), FromPartyID: r.PostFormValue("from_party_id"),
		ToPartyID: r.PostFormValue("to_party_id"), KPIKeys: splitList(strings.ToLower(r.PostFormValue("kpis"))), Categories: r.PostForm["categories"],
		Segments: splitList(r.PostFormValue("segments")), Purpose: r.PostFormValue("purpose")}
	starts, err := views.ParseDate("starts_on", r.PostFormValue("starts_on"))
	if err == nil && starts != nil {
		p.StartsOn = *starts
	}
	if err == nil {
		p.EndsOn, err = views.ParseDate("ends_on", r.PostFormValue("ends_on"))
	}
	var m accord.Motion
	if err == nil {
		m, err = s.motionFromForm(r)
		m.Title = ""
	}
	if err == nil {
		err = s.Svc.ProposeProtocol(r.Context(), edge.SessionOf(r).Actor, &p, &m)
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Protocol proposed: it takes effect when motion "+strconv.Itoa(m.Number)+" passes.")
	http.Redirect(w, r, "/a/"+ac.Alliance.Slug+"/motions/"+strconv.Itoa(m.Number), http.StatusSeeOther)
	return nil
}

// protocolEnd ends an active protocol today.
func (s *App) protocolEnd(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/protocols"
	if !confirmed(r) {
		return backTo(back, errNotConfirmed("end this protocol today"))
	}
	if _, err := s.Svc.EndProtocol(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id"), s.Now()); err != nil {
		return backTo(back, err)
	}
	flash(w, "Protocol ended: sharing under it stops today.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// splitList reads a list typed one per line or with commas.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
