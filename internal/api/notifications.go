package api

import (
	"net/http"
	"strconv"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// inboxAnswer is GET …/notifications: the notifications, those that need
// the reader's action first, with the count of those unread.
type inboxAnswer struct {
	Items  []accord.Notification `json:"items"`
	Unread int                   `json:"unread"`
}

// inboxFilter reads ?unread=true and ?limit= for the viewer's inbox.
func inboxFilter(r *http.Request) (accord.NotificationFilter, error) {
	q := r.URL.Query()
	f := accord.NotificationFilter{AllianceID: edge.AllianceOf(r).Alliance.ID, UserID: edge.SessionOf(r).User.ID}
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

func (s *API) apiNotifications(w http.ResponseWriter, r *http.Request) {
	f, err := inboxFilter(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ns, err := s.Svc.ListNotifications(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	unread, err := s.Svc.UnreadNotifications(r.Context(), f.AllianceID, f.UserID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if ns, err = s.MarkActionNeeded(r, views.WithInboxLinks(edge.AllianceOf(r).Alliance.Slug, ns)); err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, inboxAnswer{Items: ns, Unread: unread})
}

func (s *API) apiNotificationRead(w http.ResponseWriter, r *http.Request) {
	ac := edge.AllianceOf(r)
	n, err := s.Svc.MarkNotificationRead(r.Context(), ac.Alliance.ID, edge.SessionOf(r).User.ID, r.PathValue("id"))
	if err != nil {
		s.Fail(w, r, edge.HideNotFound(err))
		return
	}
	one, err := s.MarkActionNeeded(r, views.WithInboxLinks(ac.Alliance.Slug, []accord.Notification{n}))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, one[0])
}

func (s *API) apiNotificationsReadAll(w http.ResponseWriter, r *http.Request) {
	n, err := s.Svc.MarkAllNotificationsRead(r.Context(), edge.AllianceOf(r).Alliance.ID, edge.SessionOf(r).User.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, map[string]int{"marked": n})
}

func (s *API) apiNotificationPreference(w http.ResponseWriter, r *http.Request) {
	p, err := s.Svc.NotificationPreference(r.Context(), edge.AllianceOf(r).Alliance.ID, edge.SessionOf(r).User.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, p)
}

func (s *API) apiNotificationPreferenceSet(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Mode string `json:"mode"`
	}
	if err := edge.DecodeJSON(r, &b); err != nil {
		s.Fail(w, r, err)
		return
	}
	p, err := s.Svc.SetNotificationPreference(r.Context(), edge.AllianceOf(r).Alliance.ID, edge.SessionOf(r).User.ID, b.Mode)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, p)
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

func (s *API) apiWebhooks(w http.ResponseWriter, r *http.Request) {
	hs, err := s.Svc.ListWebhooks(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, listOf(hs))
}

func (s *API) apiWebhookCreate(w http.ResponseWriter, r *http.Request) {
	var b webhookBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		s.Fail(w, r, err)
		return
	}
	if b.Active != nil {
		s.Fail(w, r, accord.FieldError("active", "is set with PATCH: a new webhook is active"))
		return
	}
	h := accord.Webhook{AllianceID: edge.AllianceOf(r).Alliance.ID}
	if b.URL != nil {
		h.URL = *b.URL
	}
	if b.Format != nil {
		h.Format = *b.Format
	}
	if b.Events != nil {
		h.Events = *b.Events
	}
	if err := s.CheckWebhookURL(h.URL); err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := s.Svc.CreateWebhook(r.Context(), edge.SessionOf(r).Actor, &h); err != nil {
		s.Fail(w, r, err)
		return
	}
	if h.Events == nil {
		h.Events = []accord.NotificationKind{}
	}
	edge.WriteJSON(w, http.StatusCreated, webhookCreated{Webhook: h, Secret: h.Secret})
}

func (s *API) apiWebhook(w http.ResponseWriter, r *http.Request) {
	h, err := s.Svc.Webhook(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		s.Fail(w, r, edge.HideNotFound(err))
		return
	}
	edge.WriteJSON(w, http.StatusOK, h)
}

func (s *API) apiWebhookUpdate(w http.ResponseWriter, r *http.Request) {
	var b webhookBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		s.Fail(w, r, err)
		return
	}
	if b.URL != nil {
		if err := s.CheckWebhookURL(*b.URL); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	h, err := s.Svc.UpdateWebhook(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"),
		accord.WebhookUpdate{URL: b.URL, Format: b.Format, Events: b.Events, Active: b.Active})
	if err != nil {
		s.Fail(w, r, edge.HideNotFound(err))
		return
	}
	edge.WriteJSON(w, http.StatusOK, h)
}

func (s *API) apiWebhookDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.Svc.DeleteWebhook(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id")); err != nil {
		s.Fail(w, r, edge.HideNotFound(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *API) apiWebhookTest(w http.ResponseWriter, r *http.Request) {
	d, err := s.Svc.TestWebhook(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		s.Fail(w, r, edge.HideNotFound(err))
		return
	}
	edge.WriteJSON(w, http.StatusAccepted, d)
}

func (s *API) apiWebhookDeliveries(w http.ResponseWriter, r *http.Request) {
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.Fail(w, r, accord.FieldError("limit", "must be a whole number from 1 to 500"))
			return
		}
		limit = n
	}
	ds, err := s.Svc.ListWebhookDeliveries(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), limit)
	if err != nil {
		s.Fail(w, r, edge.HideNotFound(err))
		return
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ds))
}
