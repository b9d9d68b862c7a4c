package initiative

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Decision is what a gate decides for a phase.
type Decision string

// The gate decisions.
const (
	Advance Decision = "advance"
	Scale   Decision = "scale"
	Extend  Decision = "extend"
	Pause   Decision = "pause"
	Stop    Decision = "stop"
)

// Decisions lists every gate decision in the order motions offer them.
func Decisions() []Decision { return []Decision{Advance, Scale, Extend, Pause, Stop} }

// Label returns the decision's name for people.
func (d Decision) Label() string {
	switch d {
	case Advance:
		return "Advance to the next phase"
	case Scale:
		return "Scale to more sites"
	case Extend:
		return "Extend the phase"
	case Pause:
		return "Pause"
	case Stop:
		return "Stop"
	}
	return string(d)
}

// Valid reports whether d is one of the decisions.
func (d Decision) Valid() bool { return d.Label() != string(d) }

// NeedsReadiness reports whether the decision puts demand on sites (a phase
// starts, reaches more sites or runs longer), so that it passes the
// readiness gate; pausing and stopping never wait for readiness.
func (d Decision) NeedsReadiness() bool { return d == Advance || d == Scale || d == Extend }

// ReasonCode says which rule of the gate a reason comes from.
type ReasonCode string

// The reasons a gate can give.
const (
	Unassessed        ReasonCode = "unassessed"
	DimensionNotReady ReasonCode = "not_ready"
	NoSignoff         ReasonCode = "no_clinical_signoff"
	SignoffIneligible ReasonCode = "signoff_not_eligible"
	OverCapacity      ReasonCode = "over_capacity"
)

// Reason is one thing that stops a phase, in one plain sentence.
type Reason struct {
	Code ReasonCode
	Text string
}

// Override lets a phase start although the gate gives reasons: the motion
// that starts it records who overrode and why.
type Override struct {
	Reason, By string
}

// GateInput is what a gate decision is made on.
type GateInput struct {
	Decision    Decision
	Assessments []Assessment
	// Providers are the provider parties whose sites are in the phase's
	// scope; each must give clinical sign-off. When none is, a clinical
	// leader of any provider party may give it.
	Providers []Party
	// Overloads are the site-months the phase would take over capacity
	// (WouldOverload).
	Overloads []Overload
	Override  *Override
}

// GateResult is the gate's answer.
type GateResult struct {
	// Allowed says whether the phase may go ahead as decided.
	Allowed bool
	// Reasons are everything that stops it, kept when it is overridden so
	// that the record shows what was overridden.
	Reasons []Reason
	// Conditions are the notes of dimensions ready with conditions.
	Conditions []string
	// Overridden says that the phase goes ahead only by the override.
	Overridden     bool
	OverrideReason string
}

// Party is a party of the alliance, by its ID and its name for people.
type Party struct {
	ID, Name string
}

// ErrOverrideReason is returned for an override without a reason.
var ErrOverrideReason = errors.New("gate: an override needs its reason")

// Gate decides whether a phase may start, scale or extend: every dimension
// assessed, none not ready, clinical sign-off from a clinical leader of
// each provider in scope, and no site taken over capacity. Otherwise it
// lists the reasons, and an override with a reason lets it go ahead all
// the same. Pausing and stopping are always allowed. Invalid input (an
// unknown decision, an invalid assessment, an override without a reason)
// is an error.
func Gate(in GateInput) (GateResult, error) {
	if !in.Decision.Valid() {
		return GateResult{}, fmt.Errorf("gate: %q is not advance, scale, extend, pause or stop", in.Decision)
	}
	for _, a := range in.Assessments {
		if err := a.Validate(); err != nil {
			return GateResult{}, err
		}
	}
	if in.Override != nil && strings.TrimSpace(in.Override.Reason) == "" {
		return GateResult{}, ErrOverrideReason
	}
	if !in.Decision.NeedsReadiness() {
		return GateResult{Allowed: true}, nil
	}
	var r GateResult
	r.Reasons, r.Conditions = readiness(in.Assessments, in.Providers)
	for _, o := range in.Overloads {
		r.Reasons = append(r.Reasons, Reason{OverCapacity, "Over capacity: " + o.Sentence()})
	}
	r.Allowed = len(r.Reasons) == 0
	if !r.Allowed && in.Override != nil {
		r.Allowed, r.Overridden, r.OverrideReason = true, true, strings.TrimSpace(in.Override.Reason)
	}
	return r, nil
}

// readiness returns the reasons the assessments give, dimension by
// dimension in order, and the conditions noted.
func readiness(as []Assessment, providers []Party) (reasons []Reason, conditions []string) {
	for _, d := range Dimensions() {
		if d == ClinicalSignoff {
			reasons = append(reasons, signoff(as, providers)...)
		}
		assessed := false
		for _, a := range as {
			if a.Dimension != d || d == ClinicalSignoff && !eligible(a, providers) {
				continue
			}
			assessed = true
			switch a.Score {
			case NotReady:
				reasons = append(reasons, Reason{DimensionNotReady, fmt.Sprintf("%s: not ready (%s, %s): %s", d.Label(), a.By.Person, a.By.Role.Label(), a.Note)})
			case ReadyWithConditions:
				conditions = append(conditions, fmt.Sprintf("%s: %s", d.Label(), a.Note))
			}
		}
		if !assessed && d != ClinicalSignoff {
			reasons = append(reasons, Reason{Unassessed, d.Label() + ": not assessed"})
		}
	}
	return reasons, conditions
}

// eligible reports whether a clinical sign-off counts: by a clinical
// leader of a provider in scope, or of any provider when none is.
func eligible(a Assessment, providers []Party) bool {
	if len(providers) == 0 {
		return a.signs(a.By.PartyID)
	}
	return slices.ContainsFunc(providers, func(p Party) bool { return a.signs(p.ID) })
}

// signoff returns the reasons about clinical sign-off: sign-offs given by
// someone who may not give them, and providers in scope without one.
func signoff(as []Assessment, providers []Party) []Reason {
	var out []Reason
	for _, a := range as {
		if a.Dimension == ClinicalSignoff && !eligible(a, providers) {
			out = append(out, Reason{SignoffIneligible, fmt.Sprintf(
				"Clinical sign-off by %s (%s) does not count: only a clinical leader of a provider whose sites are in scope may give it", a.By.Person, a.By.Role.Label())})
		}
	}
	if len(providers) == 0 {
		if !slices.ContainsFunc(as, func(a Assessment) bool { return eligible(a, nil) }) {
			out = append(out, Reason{NoSignoff, "Clinical sign-off: not given by a clinical leader of a provider"})
		}
		return out
	}
	for _, p := range providers {
		if !slices.ContainsFunc(as, func(a Assessment) bool { return a.signs(p.ID) }) {
			out = append(out, Reason{NoSignoff, fmt.Sprintf("Clinical sign-off: not given by a clinical leader of %s", p.Name)})
		}
	}
	return out
}
