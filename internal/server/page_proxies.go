package server

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
)

// motionProxy gives the viewer's proxy, from the motion page, for the
// motion or (scope=meeting) for every motion of its meeting.
func (s *Server) motionProxy(w http.ResponseWriter, r *http.Request) {
	ctx, ac, back := r.Context(), allianceOf(r), s.motionBack(r)
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		s.fail(w, r, errNotFound)
		return
	}
	p, what := accord.Proxy{AllianceID: ac.alliance.ID, HolderID: r.PostFormValue("holder"), MotionNumber: n}, "motion "+strconv.Itoa(n)
	if r.PostFormValue("scope") == "meeting" {
		m, err := s.svc.Motion(ctx, ac.alliance.ID, n)
		if err != nil {
			s.fail(w, r, hideNotFound(err))
			return
		}
		p.MeetingID, p.MotionNumber, what = m.MeetingID, 0, "every motion of its meeting"
	}
	switch {
	case p.HolderID == "":
		err = accord.Errorf(accord.EINVALID, "Choose the seat-holder who is to vote for you.")
	case p.MotionNumber == 0 && p.MeetingID == "":
		err = accord.Errorf(accord.EINVALID, "This motion is voted by ballot, not in a meeting: give your proxy for the motion.")
	default:
		err = s.svc.GrantProxy(ctx, sessionOf(r).actor, &p)
	}
	if accord.ErrorField(err) == "holder_member_id" {
		err = accord.Errorf(accord.EINVALID, "Not given: the proxy holder %s.", accord.ErrorMessage(err))
	}
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, p.HolderName+" holds your proxy for "+what+"; you can revoke it until they vote with it.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// proxyRevoke revokes a proxy the viewer gave and goes back to the page
// the form was on.
func (s *Server) proxyRevoke(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := r.PostFormValue("back")
	if !localPath(back) {
		back = "/a/" + ac.alliance.Slug + "/governance"
	}
	p, err := s.svc.RevokeProxy(r.Context(), sessionOf(r).actor, ac.alliance.ID, r.PathValue("id"))
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Your proxy to "+p.HolderName+" is revoked.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}
