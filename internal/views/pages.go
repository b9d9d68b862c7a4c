package views

import (
	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// PageData is what every page template receives.
type PageData struct {
	Title     string
	User      *accord.User
	Alliance  *accord.Alliance
	Member    *accord.Membership
	Alliances []accord.Alliance
	Nav       string
	Flash     string
	Error     string
	Field     string
	// ErrorLead opens the error's alert: "Not saved." unless the page says
	// otherwise (a sign-in saves nothing: "Not signed in.").
	ErrorLead string
	Data      any
	// Allow decides the actions the viewer may take in the alliance.
	Allow func(access.Action) bool
}

// Can reports whether the viewer may take the named action in the current alliance.
func (d PageData) Can(action string) bool { return d.Allow != nil && d.Allow(access.Action(action)) }
