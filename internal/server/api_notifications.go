package server

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
)

// inboxAnswer is GET …/notifications: the notifications, those that need
// the reader's action first, with the count of those unread.
type inboxAnswer struct {
	Items  []accord.Notification `json:"items"`
	Unread int                   `json:"unread"`
}

// withInboxLinks turns notifications' links, relative to the alliance's
// address in the store, into paths.
func withInboxLinks(slug string, ns []accord.Notification) []accord.Notification {
	if ns == nil {
		return []accord.Notification{}
	}
	for i, n := range ns {
		if n.Link != "" {
			ns[i].Link = "/a/" + slug + "/" + n.Link
		}
	}
	return ns
}

// inboxFilter reads ?unread=true and ?limit= for the viewer's inbox.
func inboxFilter(r *http.Request) (accord.NotificationFilter, error) {
	q := r.URL.Query()
	f := accord.NotificationFilter{AllianceID: allianceOf(r).alliance.ID, UserID: sessionOf(r).user.ID}
	switch q.Get("unread") {
	case "", "false":
	case "true":
		f.UnreadOnly = true
	default:
		return f, accord.FieldError("unread", "must be true or false")
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return f, accord.FieldError("limit", "must be a whole number from 1 to 500")
		}
		f.Limit = n
	}
	return f, nil
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	f, err := inboxFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ns, err := s.svc.ListNotifications(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unread, err := s.svc.UnreadNotifications(r.Context(), f.AllianceID, f.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ns, err = s.markActionNeeded(r, withInboxLinks(allianceOf(r).alliance.Slug, ns)); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, inboxAnswer{Items: ns, Unread: unread})
}

func (s *Server) apiNotificationRead(w http.ResponseWriter, r *http.Request) {
	ac := allianceOf(r)
	n, err := s.svc.MarkNotificationRead(r.Context(), ac.alliance.ID, sessionOf(r).user.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	one, err := s.markActionNeeded(r, withInboxLinks(ac.alliance.Slug, []accord.Notification{n}))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, one[0])
}

func (s *Server) apiNotificationsReadAll(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.MarkAllNotificationsRead(r.Context(), allianceOf(r).alliance.ID, sessionOf(r).user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"marked": n})
}

func (s *Server) apiNotificationPreference(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.NotificationPreference(r.Context(), allianceOf(r).alliance.ID, sessionOf(r).user.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiNotificationPreferenceSet(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Mode string `json:"mode"`
	}
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.SetNotificationPreference(r.Context(), allianceOf(r).alliance.ID, sessionOf(r).user.ID, b.Mode)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// webhookCreated answers the creation of a webhook with its secret, in
// this answer and nowhere else.
type webhookCreated struct {
	accord.Webhook
	Secret string `json:"secret"`
}

// webhookBody is the body of POST and PATCH …/webhooks.
type webhookBody struct {
	URL    *string                    `json:"url"`
	Format *string                    `json:"format"`
	Events *[]accord.NotificationKind `json:"events"`
	Active *bool                      `json:"active"`
}

func (s *Server) apiWebhooks(w http.ResponseWriter, r *http.Request) {
	hs, err := s.svc.ListWebhooks(r.Context(), allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(hs))
}

func (s *Server) apiWebhookCreate(w http.ResponseWriter, r *http.Request) {
	var b webhookBody
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if b.Active != nil {
		s.fail(w, r, accord.FieldError("active", "is set with PATCH: a new webhook is active"))
		return
	}
	h := accord.Webhook{AllianceID: allianceOf(r).alliance.ID}
	if b.URL != nil {
		h.URL = *b.URL
	}
	if b.Format != nil {
		h.Format = *b.Format
	}
	if b.Events != nil {
		h.Events = *b.Events
	}
	if err := s.checkWebhookURL(h.URL); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.CreateWebhook(r.Context(), sessionOf(r).actor, &h); err != nil {
		s.fail(w, r, err)
		return
	}
	if h.Events == nil {
		h.Events = []accord.NotificationKind{}
	}
	writeJSON(w, http.StatusCreated, webhookCreated{Webhook: h, Secret: h.Secret})
}

func (s *Server) apiWebhook(w http.ResponseWriter, r *http.Request) {
	h, err := s.svc.Webhook(r.Context(), allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiWebhookUpdate(w http.ResponseWriter, r *http.Request) {
	var b webhookBody
	if err := decodeJSON(r, &b); err != nil {
		s.fail(w, r, err)
		return
	}
	if b.URL != nil {
		if err := s.checkWebhookURL(*b.URL); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	h, err := s.svc.UpdateWebhook(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"),
		accord.WebhookUpdate{URL: b.URL, Format: b.Format, Events: b.Events, Active: b.Active})
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) apiWebhookDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.DeleteWebhook(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id")); err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiWebhookTest(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.TestWebhook(r.Context(), sessionOf(r).actor, allianceOf(r).alliance.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusAccepted, d)
}

func (s *Server) apiWebhookDeliveries(w http.ResponseWriter, r *http.Request) {
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.fail(w, r, accord.FieldError("limit", "must be a whole number from 1 to 500"))
			return
		}
		limit = n
	}
	ds, err := s.svc.ListWebhookDeliveries(r.Context(), allianceOf(r).alliance.ID, r.PathValue("id"), limit)
	if err != nil {
		s.fail(w, r, hideNotFound(err))
		return
	}
	writeJSON(w, http.StatusOK, listOf(ds))
}
