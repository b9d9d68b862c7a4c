package fhir

import "encoding/json"

// The structs below hold only the parts of FHIR R4 that accord reads;
// encoding/json ignores the rest. Numbers stay json.RawMessage so that they
// are read exactly, never through float64.

// head is the part every resource shares.
type head struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
}

type bundle struct {
	ResourceType string        `json:"resourceType"`
	Entry        []bundleEntry `json:"entry"`
}

type bundleEntry struct {
	Resource json.RawMessage `json:"resource"`
}

type measureReport struct {
	ResourceType string     `json:"resourceType"`
	ID           string     `json:"id"`
	Status       string     `json:"status"`
	Type         string     `json:"type"`
	Measure      string     `json:"measure"`
	Subject      *reference `json:"subject"`
	Period       *period    `json:"period"`
	Group        []group    `json:"group"`
	// ImprovementNotation says whether a higher or a lower score is
	// better (increase, decrease), checked against the KPI's direction.
	ImprovementNotation *codeableConcept `json:"improvementNotation"`
}

type reference struct {
	Reference string `json:"reference"`
}

type period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type group struct {
	Code         *codeableConcept `json:"code"`
	Population   []population     `json:"population"`
	MeasureScore *quantity        `json:"measureScore"`
	Stratifier   []stratifier     `json:"stratifier"`
}

type population struct {
	Code  *codeableConcept `json:"code"`
	Count json.RawMessage  `json:"count"`
}

type quantity struct {
	Value  json.RawMessage `json:"value"`
	Unit   string          `json:"unit"`
	System string          `json:"system"`
	Code   string          `json:"code"`
}

type stratifier struct {
	Code    []codeableConcept `json:"code"`
	Stratum []stratum         `json:"stratum"`
}

// stratum is named by its value or, in a stratifier of several
// dimensions, by its components: one or the other, never both.
type stratum struct {
	Value        *codeableConcept `json:"value"`
	Component    []component      `json:"component"`
	Population   []population     `json:"population"`
	MeasureScore *quantity        `json:"measureScore"`
}

// component is one dimension of a stratum: its code names the dimension
// (clinic), its value the stratum's place in it (north).
type component struct {
	Code  *codeableConcept `json:"code"`
	Value *codeableConcept `json:"value"`
}

type codeableConcept struct {
	Coding []coding `json:"coding"`
	Text   string   `json:"text"`
}

type coding struct {
	System string `json:"system"`
	Code   string `json:"code"`
}

// firstCode returns the code of the first coding, or "".
func (c *codeableConcept) firstCode() string {
	if c == nil || len(c.Coding) == 0 {
		return ""
	}
	return c.Coding[0].Code
}
