package views

import (
	"net/url"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/egress"
)

// CheckWebhookURL refuses, when a webhook is added or its address changed,
// a URL whose host is itself an internal address (an IP literal such as
// 127.0.0.1 or 10.0.0.5, or a localhost name) that the installation does
// not allow. Names are checked on every delivery, on the address dialled
// (internal/egress); a malformed URL is left to Webhook.Validate to name.
func (s *Loader) CheckWebhookURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil
	}
	if egress.New(s.Cfg.WebhookAllowHosts).CheckHost(u.Hostname()) != nil {
		return accord.FieldError("url", "is inside a private network (loopback, link-local, private or reserved), which webhooks may not reach; an operator may allow the host with ACCORD_WEBHOOK_ALLOW_HOSTS")
	}
	return nil
}
