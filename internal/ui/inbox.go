package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// inboxView is what inbox.html shows.
type inboxView struct {
	Items  []accord.Notification
	Unread int
	// Groups are the Items under their headings: "Action needed" first
	// (when any needs the reader), then the rest.
	Groups     []inboxGroup
	Preference accord.NotificationPreference
	Modes      []string
}

// inboxGroup is a run of the inbox under one heading.
type inboxGroup struct {
	ID, Heading string
	Act         bool
	Items       []accord.Notification
}

// inboxGroups splits the inbox, action needed first, into its headed
// groups; with nothing to act on there is one group and no heading.
func inboxGroups(ns []accord.Notification) []inboxGroup {
	act := inboxGroup{ID: "act-h", Heading: "Action needed", Act: true}
	rest := inboxGroup{ID: "rest-h", Heading: "Everything else"}
	for _, n := range ns {
		if n.ActionNeeded {
			act.Items = append(act.Items, n)
		} else {
			rest.Items = append(rest.Items, n)
		}
	}
	if len(act.Items) == 0 {
		rest.Heading = ""
		return []inboxGroup{rest}
	}
	if len(rest.Items) == 0 {
		return []inboxGroup{act}
	}
	return []inboxGroup{act, rest}
}

// inboxPage lists the viewer's notifications in the alliance, those whose
// subject still needs the viewer's action first, then unread first, with
// their e-mail preference.
func (s *App) inboxPage(w http.ResponseWriter, r *http.Request) error {
	ac, user := edge.AllianceOf(r), edge.SessionOf(r).User
	v := inboxView{Modes: accord.MailModes()}
	var err error
	if v.Items, err = s.Svc.ListNotifications(r.Context(), accord.NotificationFilter{AllianceID: ac.Alliance.ID, UserID: user.ID, Limit: 200}); err != nil {
		return err
	}
	if v.Items, err = s.MarkActionNeeded(r, views.WithInboxLinks(ac.Alliance.Slug, v.Items)); err != nil {
		return err
	}
	for _, n := range v.Items {
		if n.Unread() {
			v.Unread++
		}
	}
	v.Groups = inboxGroups(v.Items)
	if v.Preference, err = s.Svc.NotificationPreference(r.Context(), ac.Alliance.ID, user.ID); err != nil {
		return err
	}
	s.render(w, r, "inbox", views.PageData{Title: "Inbox", Nav: "inbox", Data: v})
	return nil
}

// inboxRead marks one notification read and goes back to the inbox or,
// with "open", to the page it is about.
func (s *App) inboxRead(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/inbox"
	n, err := s.Svc.MarkNotificationRead(r.Context(), ac.Alliance.ID, edge.SessionOf(r).User.ID, r.PathValue("id"))
	if accord.ErrorCode(err) == accord.ENOTFOUND {
		// An old form or another person's notification: back to the inbox.
		flashError(w, "", "That notification is not in your inbox.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	if r.PostFormValue("open") != "" && n.Link != "" {
		http.Redirect(w, r, views.WithInboxLinks(ac.Alliance.Slug, []accord.Notification{n})[0].Link, http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *App) inboxReadAll(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/inbox"
	n, err := s.Svc.MarkAllNotificationsRead(r.Context(), ac.Alliance.ID, edge.SessionOf(r).User.ID)
	if err != nil {
		return backTo(back, err)
	}
	if n == 1 {
		flash(w, "1 notification marked read.")
	} else {
		flash(w, views.Itoa(n)+" notifications marked read.")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *App) inboxPreference(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	back := "/a/" + ac.Alliance.Slug + "/inbox"
	if _, err := s.Svc.SetNotificationPreference(r.Context(), ac.Alliance.ID, edge.SessionOf(r).User.ID, r.PostFormValue("mode")); err != nil {
		return backTo(back, err)
	}
	flash(w, "Your e-mail preference is saved.")
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
