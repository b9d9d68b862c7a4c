package ui

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/views"
)

// webhookView is one webhook with the latest of its delivery log.
type webhookView struct {
	accord.Webhook
	Deliveries []accord.WebhookDelivery
}

// webhooksView is what webhooks.html shows.
type webhooksView struct {
	Hooks   []webhookView
	Formats []string
	Events  []accord.NotificationKind
	// New is the webhook just made, whose secret is shown this once.
	New *accord.Webhook
	// Form keeps what was typed when adding failed.
	Form accord.Webhook
}

// webhookLog is how many deliveries the page shows per webhook.
const webhookLog = 10

func (s *App) webhooksView(r *http.Request) (webhooksView, error) {
	ac := edge.AllianceOf(r)
	v := webhooksView{Formats: accord.WebhookFormats(), Events: accord.WebhookEvents(), Form: accord.Webhook{Format: accord.WebhookJSON}}
	hooks, err := s.Svc.ListWebhooks(r.Context(), ac.Alliance.ID)
	if err != nil {
		return v, err
	}
	for _, h := range hooks {
		ds, err := s.Svc.ListWebhookDeliveries(r.Context(), ac.Alliance.ID, h.ID, webhookLog)
		if err != nil {
			return v, err
		}
		v.Hooks = append(v.Hooks, webhookView{Webhook: h, Deliveries: ds})
	}
	return v, nil
}

// webhooksPage lists the alliance's webhooks with their delivery logs and
// the form to add one.
func (s *App) webhooksPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.webhooksView(r)
	if err != nil {
		return err
	}
	s.render(w, r, "webhooks", views.PageData{Title: "Webhooks", Nav: "webhooks", Data: v})
	return nil
}

// webhookCreate adds a webhook and shows its secret in the answer, once.
func (s *App) webhookCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	h := accord.Webhook{AllianceID: edge.AllianceOf(r).Alliance.ID, URL: r.PostFormValue("url"), Format: r.PostFormValue("format")}
	for _, e := range r.PostForm["events"] {
		h.Events = append(h.Events, accord.NotificationKind(e))
	}
	err := s.CheckWebhookURL(h.URL)
	if err == nil {
		err = s.Svc.CreateWebhook(r.Context(), edge.SessionOf(r).Actor, &h)
	}
	v, verr := s.webhooksView(r)
	if verr != nil {
		return verr
	}
	d := views.PageData{Title: "Webhooks", Nav: "webhooks", Data: &v}
	if err != nil {
		if code := accord.ErrorCode(err); code == accord.EINTERNAL {
			return err
		}
		v.Form = h
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	} else {
		v.New = &h
		d.Flash = "Webhook added. Copy its secret now: it will not be shown again."
	}
	s.render(w, r, "webhooks", d)
	return nil
}

// webhookAction tests, deactivates, activates or deletes a webhook.
func (s *App) webhookAction(w http.ResponseWriter, r *http.Request) error {
	ac, actor, id := edge.AllianceOf(r), edge.SessionOf(r).Actor, r.PathValue("id")
	back := "/a/" + ac.Alliance.Slug + "/webhooks"
	var err error
	var done string
	switch r.PathValue("action") {
	case "test":
		_, err = s.Svc.TestWebhook(r.Context(), actor, ac.Alliance.ID, id)
		done = "Test delivery queued: it appears in the log below within a few seconds."
	case "deactivate", "activate":
		on := r.PathValue("action") == "activate"
		_, err = s.Svc.UpdateWebhook(r.Context(), actor, ac.Alliance.ID, id, accord.WebhookUpdate{Active: &on})
		done = map[bool]string{true: "Webhook active again.", false: "Webhook deactivated: it receives nothing new."}[on]
	case "delete":
		err = s.Svc.DeleteWebhook(r.Context(), actor, ac.Alliance.ID, id)
		done = "Webhook deleted, with its delivery log."
	default:
		err = edge.ErrNotFound
	}
	if err != nil {
		return backTo(back, edge.HideNotFound(err))
	}
	flash(w, done)
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
