package fhir

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/accord-alliance/accord/internal/accord"
)

// componentSep joins the parts of a segment named by a stratum's
// components: "clinic: north · age band: 65+".
const componentSep = " · "

// segment names the segment of the stratum at path p: by its value, or by
// its components in the order given, each as "<code>: <value>". A stratum
// with both, or with a part that names nothing, gives problems instead.
//
// A value-named stratum of a stratifier named dim is named "<dim>: <value>",
// so that the strata of two stratifiers (age and gender, whose values are
// both true and false in the R4 examples) never merge; dim is "" for the
// stratifier of the KPI's own segment dimension and for one without a
// code, whose strata are named by their value alone.
func segment(st stratum, dim, p string) (string, []problem) {
	if len(st.Component) == 0 {
		seg := conceptName(st.Value)
		if seg != "" && dim != "" {
			seg = dim + ": " + seg
		}
		if n := utf8.RuneCountInString(seg); n > accord.MaxSegmentLength {
			return "", []problem{problemf(p+".value", "the stratifier and value name a segment of %d characters (%q); accord keeps segment names to %d, so shorten the codes' or values' text", n, seg, accord.MaxSegmentLength)}
		}
		if seg != "" {
			return seg, nil
		}
		return "", []problem{problemf(p+".value", "the stratum has no value (text or a coding code) and no components to name its segment")}
	}
	if st.Value != nil {
		return "", []problem{problemf(p, "the stratum has both a value and components; it is named by one or the other")}
	}
	var probs []problem
	parts := make([]string, len(st.Component))
	for i, c := range st.Component {
		cp := fmt.Sprintf("%s.component[%d]", p, i)
		code, value := conceptName(c.Code), conceptName(c.Value)
		if code == "" {
			probs = append(probs, problemf(cp+".code", "the component has no code (text or a coding code) to name its dimension"))
		}
		if value == "" {
			probs = append(probs, problemf(cp+".value", "the component has no value (text or a coding code) to name its part of the segment"))
		}
		parts[i] = code + ": " + value
	}
	if len(probs) > 0 {
		return "", probs
	}
	seg := strings.Join(parts, componentSep)
	if n := utf8.RuneCountInString(seg); n > accord.MaxSegmentLength {
		return "", []problem{problemf(p+".component", "the components name a segment of %d characters (%q); accord keeps segment names to %d, so shorten the codes' or values' text", n, seg, accord.MaxSegmentLength)}
	}
	return seg, nil
}

// conceptName is the name accord gives a CodeableConcept: its text, else
// the code of its first coding; "" when it has neither. One rule for a
// stratum's value and for a component's code and value, so that a clinic
// keeps its name whether it is a stratum alone or one part of a stratum.
func conceptName(c *codeableConcept) string {
	if c == nil {
		return ""
	}
	if s := strings.TrimSpace(c.Text); s != "" {
		return s
	}
	return strings.TrimSpace(c.firstCode())
}

// stratifierName names a stratifier's strata's dimension: its codes' names
// joined by the component separator, or "" when it has no code or names
// the KPI's own segment dimension (compared without regard to case), so
// that a KPI segmented by clinic keeps the clinics' plain names.
func stratifierName(s stratifier, segmentBy string) string {
	var parts []string
	for i := range s.Code {
		if n := conceptName(&s.Code[i]); n != "" {
			parts = append(parts, n)
		}
	}
	name := strings.Join(parts, componentSep)
	if strings.EqualFold(name, strings.TrimSpace(segmentBy)) {
		return ""
	}
	return name
}
