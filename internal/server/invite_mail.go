package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

// mailInvitation e-mails the invitation link when a mailer is configured.
// It reports whether the e-mail went out; a failure is logged and the
// inviter still has the link to pass on, so it does not fail the request.
func (s *Server) mailInvitation(r *http.Request, inv accord.Invitation, link string) bool {
	if s.cfg.Mailer == nil {
		return false
	}
	ac := allianceOf(r)
	var roles []string
	for _, role := range inv.Roles {
		roles = append(roles, role.Label())
	}
	m := accord.Mail{
		To:      inv.Email,
		Subject: "You are invited to " + ac.alliance.Name + " on accord",
		Text: fmt.Sprintf("Hello,\n\n%s invites you to join %s on accord, for %s, as %s.\n\nOpen this link to accept (it works once, until %s):\n\n%s\n\nIf you did not expect this invitation, you can ignore this message.\n",
			sessionOf(r).actor.Name, ac.alliance.Name, inv.PartyName, strings.Join(roles, ", "), inv.ExpiresAt.UTC().Format("2 January 2006"), link),
	}
	if err := s.cfg.Mailer.Send(context.WithoutCancel(r.Context()), m); err != nil {
		s.log.Warn("invitation e-mail not sent", "invitation", inv.ID, "err", err)
		return false
	}
	return true
}
