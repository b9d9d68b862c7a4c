package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/egress"
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

func (s *Server) webhooksView(r *http.Request) (webhooksView, error) {
	ac := allianceOf(r)
	v := webhooksView{Formats: accord.WebhookFormats(), Events: accord.WebhookEvents(), Form: accord.Webhook{Format: accord.WebhookJSON}}
	hooks, err := s.svc.ListWebhooks(r.Context(), ac.alliance.ID)
	if err != nil {
		return v, err
	}
	for _, h := range hooks {
		ds, err := s.svc.ListWebhookDeliveries(r.Context(), ac.alliance.ID, h.ID, webhookLog)
		if err != nil {
			return v, err
		}
		v.Hooks = append(v.Hooks, webhookView{Webhook: h, Deliveries: ds})
	}
	return v, nil
}

// webhooksPage lists the alliance's webhooks with their delivery logs and
// the form to add one.
func (s *Server) webhooksPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.webhooksView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "webhooks", pageData{Title: "Webhooks", Nav: "webhooks", Data: v})
}

// webhookCreate adds a webhook and shows its secret in the answer, once.
func (s *Server) webhookCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	h := accord.Webhook{AllianceID: allianceOf(r).alliance.ID, URL: r.PostFormValue("url"), Format: r.PostFormValue("format")}
	for _, e := range r.PostForm["events"] {
		h.Events = append(h.Events, accord.NotificationKind(e))
	}
	err := s.checkWebhookURL(h.URL)
	if err == nil {
		err = s.svc.CreateWebhook(r.Context(), sessionOf(r).actor, &h)
	}
	v, verr := s.webhooksView(r)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	d := pageData{Title: "Webhooks", Nav: "webhooks", Data: &v}
	if err != nil {
		if code := accord.ErrorCode(err); code == accord.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		v.Form = h
		d.Error, d.Field = accord.ErrorMessage(err), accord.ErrorField(err)
		w.WriteHeader(http.StatusUnprocessableEntity)
	} else {
		v.New = &h
		d.Flash = "Webhook added. Copy its secret now: it will not be shown again."
	}
	s.render(w, r, "webhooks", d)
}

// webhookAction tests, deactivates, activates or deletes a webhook.
func (s *Server) webhookAction(w http.ResponseWriter, r *http.Request) {
	ac, actor, id := allianceOf(r), sessionOf(r).actor, r.PathValue("id")
	back := "/a/" + ac.alliance.Slug + "/webhooks"
	var err error
	var done string
	switch r.PathValue("action") {
	case "test":
		_, err = s.svc.TestWebhook(r.Context(), actor, ac.alliance.ID, id)
		done = "Test delivery queued: it appears in the log below within a few seconds."
	case "deactivate", "activate":
		on := r.PathValue("action") == "activate"
		_, err = s.svc.UpdateWebhook(r.Context(), actor, ac.alliance.ID, id, accord.WebhookUpdate{Active: &on})
		done = map[bool]string{true: "Webhook active again.", false: "Webhook deactivated: it receives nothing new."}[on]
	case "delete":
		err = s.svc.DeleteWebhook(r.Context(), actor, ac.alliance.ID, id)
		done = "Webhook deleted, with its delivery log."
	default:
		err = errNotFound
	}
	if err != nil {
		s.failBack(w, r, back, hideNotFound(err))
		return
	}
	flash(w, done)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// checkWebhookURL refuses, when a webhook is added or its address changed,
// a URL whose host is itself an internal address (an IP literal such as
// 127.0.0.1 or 10.0.0.5, or a localhost name) that the installation does
// not allow. Names are checked on every delivery, on the address dialled
// (internal/egress); a malformed URL is left to Webhook.Validate to name.
func (s *Server) checkWebhookURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil
	}
	if egress.New(s.cfg.WebhookAllowHosts).CheckHost(u.Hostname()) != nil {
		return accord.FieldError("url", "is inside a private network (loopback, link-local, private or reserved), which webhooks may not reach; an operator may allow the host with ACCORD_WEBHOOK_ALLOW_HOSTS")
	}
	return nil
}
