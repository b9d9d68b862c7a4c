package server

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
)

// inboxView is what inbox.html shows.
type inboxView struct {
	Items      []accord.Notification
	Unread     int
	Preference accord.NotificationPreference
	Modes      []string
}

// inboxPage lists the viewer's notifications in the alliance, unread
// first, with their e-mail preference.
func (s *Server) inboxPage(w http.ResponseWriter, r *http.Request) {
	ac, user := allianceOf(r), sessionOf(r).user
	v := inboxView{Modes: accord.MailModes()}
	var err error
	if v.Items, err = s.svc.ListNotifications(r.Context(), accord.NotificationFilter{AllianceID: ac.alliance.ID, UserID: user.ID, Limit: 200}); err != nil {
		s.fail(w, r, err)
		return
	}
	v.Items = withInboxLinks(ac.alliance.Slug, v.Items)
	for _, n := range v.Items {
		if n.Unread() {
			v.Unread++
		}
	}
	if v.Preference, err = s.svc.NotificationPreference(r.Context(), ac.alliance.ID, user.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "inbox", pageData{Title: "Inbox", Nav: "inbox", Data: v})
}

// inboxRead marks one notification read and goes back to the inbox or,
// with "open", to the page it is about.
func (s *Server) inboxRead(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/inbox"
	n, err := s.svc.MarkNotificationRead(r.Context(), ac.alliance.ID, sessionOf(r).user.ID, r.PathValue("id"))
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		// An old form or another person's notification: back to the inbox.
		flashError(w, "", "That notification is not in your inbox.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("open") != "" && n.Link != "" {
		http.Redirect(w, r, withInboxLinks(ac.alliance.Slug, []accord.Notification{n})[0].Link, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) inboxReadAll(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/inbox"
	n, err := s.svc.MarkAllNotificationsRead(r.Context(), ac.alliance.ID, sessionOf(r).user.ID)
	if err != nil {
		s.failBack(w, r, back, err)
		return
	}
	if n == 1 {
		flash(w, "1 notification marked read.")
	} else {
		flash(w, itoa(n)+" notifications marked read.")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) inboxPreference(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	back := "/a/" + ac.alliance.Slug + "/inbox"
	if _, err := s.svc.SetNotificationPreference(r.Context(), ac.alliance.ID, sessionOf(r).user.ID, r.PostFormValue("mode")); err != nil {
		s.failBack(w, r, back, err)
		return
	}
	flash(w, "Your e-mail preference is saved.")
	http.Redirect(w, r, back, http.StatusSeeOther)
}
