package ui

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// motionProxy gives the viewer's proxy, from the motion page, for the
// motion or (scope=meeting) for every motion of its meeting.
func (s *App) motionProxy(w http.ResponseWriter, r *http.Request) error {
	ctx, ac, back := r.Context(), edge.AllianceOf(r), s.motionBack(r)
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		return edge.ErrNotFound
	}
	p, what := accord.Proxy{AllianceID: ac.Alliance.ID, HolderID: r.PostFormValue("holder"), MotionNumber: n}, "motion "+strconv.Itoa(n)
	if r.PostFormValue("scope") == "meeting" {
		m, err := s.Svc.Motion(ctx, ac.Alliance.ID, n)
		if err != nil {
			return edge.HideNotFound(err)
		}
		p.MeetingID, p.MotionNumber, what = m.MeetingID, 0, "every motion of its meeting"
	}
	switch {
	case p.HolderID == "":
		err = accord.Errorf(accord.EINVALID, "Choose the seat-holder who is to vote for you.")
	case p.MotionNumber == 0 && p.MeetingID == "":
		err = accord.Errorf(accord.EINVALID, "This motion is voted by ballot, not in a meeting: give your proxy for the motion.")
	default:
		err = s.Svc.GrantProxy(ctx, edge.SessionOf(r).Actor, &p)
	}
	if accord.ErrorField(err) == "holder_member_id" {
		err = accord.Errorf(accord.EINVALID, "Not given: the proxy holder %s.", accord.ErrorMessage(err))
	}
	if err != nil {
		return backTo(back, err)
	}
	flash(w, p.HolderName+" holds your proxy for "+what+"; you can revoke it until they vote with it.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// proxyRevoke revokes a proxy the viewer gave and goes back to the page
// the form was on.
func (s *App) proxyRevoke(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := r.PostFormValue("back")
	if !localPath(back) {
		back = "/a/" + ac.Alliance.Slug + "/governance"
	}
	p, err := s.Svc.RevokeProxy(r.Context(), edge.SessionOf(r).Actor, ac.Alliance.ID, r.PathValue("id"))
	if err != nil {
		return backTo(back, err)
	}
	flash(w, "Your proxy to "+p.HolderName+" is revoked.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
