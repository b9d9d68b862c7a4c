package views

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// MailInvitation e-mails the invitation link when a mailer is configured.
// It reports whether the e-mail went out; a failure is logged and the
// inviter still has the link to pass on, so it does not fail the request.
func (s *Loader) MailInvitation(r *http.Request, inv accord.Invitation, link string) bool {
	if s.Cfg.Mailer == nil {
		return false
	}
	ac := edge.AllianceOf(r)
	var roles []string
	for _, role := range inv.Roles {
		roles = append(roles, role.Label())
	}
	m := accord.Mail{
		To:      inv.Email,
		Subject: "You are invited to " + ac.Alliance.Name + " on accord",
		Text: fmt.Sprintf("Hello,\n\n%s invites you to join %s on accord, for %s, as %s.\n\nOpen this link to accept (it works once, until %s):\n\n%s\n\nIf you did not expect this invitation, you can ignore this message.\n",
			edge.SessionOf(r).Actor.Name, ac.Alliance.Name, inv.PartyName, strings.Join(roles, ", "), inv.ExpiresAt.UTC().Format("2 January 2006"), link),
	}
	if err := s.Cfg.Mailer.Send(context.WithoutCancel(r.Context()), m); err != nil {
		s.Log.Warn("invitation e-mail not sent", "invitation", inv.ID, "err", err)
		return false
	}
	return true
}
