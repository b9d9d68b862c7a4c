package views

import (
	"github.com/accord-alliance/accord/internal/accord"
)

// WithInboxLinks turns notifications' links, relative to the alliance's
// address in the store, into paths.
func WithInboxLinks(slug string, ns []accord.Notification) []accord.Notification {
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
