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

func (s *API) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	f, err := inboxFilter(r)
	if err != nil {
		return err
	}
	ns, err := s.Svc.ListNotifications(r.Context(), f)
	if err != nil {
		return err
	}
	unread, err := s.Svc.UnreadNotifications(r.Context(), f.AllianceID, f.UserID)
	if err != nil {
		return err
	}
	if ns, err = s.MarkActionNeeded(r, views.WithInboxLinks(edge.AllianceOf(r).Alliance.Slug, ns)); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, inboxAnswer{Items: ns, Unread: unread})
	return nil
}

func (s *API) apiNotificationRead(w http.ResponseWriter, r *http.Request) error {
	ac := edge.AllianceOf(r)
	n, err := s.Svc.MarkNotificationRead(r.Context(), ac.Alliance.ID, edge.SessionOf(r).User.ID, r.PathValue("id"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	one, err := s.MarkActionNeeded(r, views.WithInboxLinks(ac.Alliance.Slug, []accord.Notification{n}))
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, one[0])
	return nil
}

func (s *API) apiNotificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	n, err := s.Svc.MarkAllNotificationsRead(r.Context(), edge.AllianceOf(r).Alliance.ID, edge.SessionOf(r).User.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, map[string]int{"marked": n})
	return nil
}

func (s *API) apiNotificationPreference(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Svc.NotificationPreference(r.Context(), edge.AllianceOf(r).Alliance.ID, edge.SessionOf(r).User.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *API) apiNotificationPreferenceSet(w http.ResponseWriter, r *http.Request) error {
	var b struct {
		Mode string `json:"mode"`
	}
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	p, err := s.Svc.SetNotificationPreference(r.Context(), edge.AllianceOf(r).Alliance.ID, edge.SessionOf(r).User.ID, b.Mode)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, p)
	return nil
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

func (s *API) apiWebhooks(w http.ResponseWriter, r *http.Request) error {
	hs, err := s.Svc.ListWebhooks(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, listOf(hs))
	return nil
}

func (s *API) apiWebhookCreate(w http.ResponseWriter, r *http.Request) error {
	var b webhookBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	if b.Active != nil {
		return accord.FieldError("active", "is set with PATCH: a new webhook is active")
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
		return err
	}
	if err := s.Svc.CreateWebhook(r.Context(), edge.SessionOf(r).Actor, &h); err != nil {
		return err
	}
	if h.Events == nil {
		h.Events = []accord.NotificationKind{}
	}
	edge.WriteJSON(w, http.StatusCreated, webhookCreated{Webhook: h, Secret: h.Secret})
	return nil
}

func (s *API) apiWebhook(w http.ResponseWriter, r *http.Request) error {
	h, err := s.Svc.Webhook(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusOK, h)
	return nil
}

func (s *API) apiWebhookUpdate(w http.ResponseWriter, r *http.Request) error {
	var b webhookBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		return err
	}
	if b.URL != nil {
		if err := s.CheckWebhookURL(*b.URL); err != nil {
			return err
		}
	}
	h, err := s.Svc.UpdateWebhook(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"),
		accord.WebhookUpdate{URL: b.URL, Format: b.Format, Events: b.Events, Active: b.Active})
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusOK, h)
	return nil
}

func (s *API) apiWebhookDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.Svc.DeleteWebhook(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id")); err != nil {
		return edge.HideNotFound(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *API) apiWebhookTest(w http.ResponseWriter, r *http.Request) error {
	d, err := s.Svc.TestWebhook(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Alliance.ID, r.PathValue("id"))
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusAccepted, d)
	return nil
}

func (s *API) apiWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return accord.FieldError("limit", "must be a whole number from 1 to 500")
		}
		limit = n
	}
	ds, err := s.Svc.ListWebhookDeliveries(r.Context(), edge.AllianceOf(r).Alliance.ID, r.PathValue("id"), limit)
	if err != nil {
		return edge.HideNotFound(err)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(ds))
	return nil
}
