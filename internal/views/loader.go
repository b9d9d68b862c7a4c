package views

import "github.com/accord-alliance/accord/internal/edge"

// Loader reads what a viewer may see, for the pages and the API alike; it
// stands on the shared edge and keeps the caches both use.
type Loader struct {
	*edge.Edge
	// Frags keeps rendered fragments and computed lists that repeated
	// views reuse (see FragCache).
	Frags *FragCache
	// Switcher keeps each person's list of alliances.
	Switcher *SwitcherCache
}

// New builds the loader over the edge.
func New(e *edge.Edge) *Loader {
	return &Loader{Edge: e, Frags: NewFragCache(256), Switcher: NewSwitcherCache()}
}
