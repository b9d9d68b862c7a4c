package accord

import "time"

// ImportFormatFHIRServer is the format of an import of MeasureReports
// searched on a FHIR server (the scheduled fetch, or the command line's
// --fhir-server): made by no person, the paperwork index counts its
// observations as arriving through a feed, for the parties reporting their
// KPIs.
const ImportFormatFHIRServer = "fhir-server"

// ImportRequest is a batch of observations from one file or API call.
type ImportRequest struct {
	AllianceID string
	Format     string // csv, fhir, json
	Filename   string
	SHA256     string
	Rows       []ObservationInput
	// PartyID, when set, limits the batch to KPIs that party reports: a
	// party submits its own data (admins submit for any party).
	PartyID string
	DryRun  bool
}

// ImportReport says what an import did, or would do, and what was wrong.
type ImportReport struct {
	ImportID  string `json:"import_id,omitempty"`
	DryRun    bool   `json:"dry_run"`
	Rows      int    `json:"rows"`
	New       int    `json:"new"`
	Revised   int    `json:"revised"`
	Unchanged int    `json:"unchanged"`
	// Withheld counts the rows whose figures the submitter's party may not
	// see under data sharing by protocol: whether each is new, a correction
	// or already recorded would reveal the figure there (docs/sharing.md),
	// so they are counted here instead of in New, Revised or Unchanged.
	Withheld int `json:"withheld,omitempty"`
	// KeptFinal counts provisional rows (from pending FHIR reports) left
	// out because their series point already has a final figure: a
	// pending report never replaces a complete one.
	KeptFinal int        `json:"kept_final,omitempty"`
	KPIs      []string   `json:"kpis"`
	Errors    []RowError `json:"errors"`
	// Outcomes holds what the import does with each row of the request, in
	// its order; nil when rows were refused. It is for the edge, which
	// withholds what the submitter may not see; it is never sent.
	Outcomes []RowOutcome `json:"-"`
}

// RowOutcome is what an import does with one row.
type RowOutcome uint8

// What an import does with a row: adds a figure, corrects one (a new
// revision), or finds it recorded already.
const (
	RowNew RowOutcome = iota + 1
	RowRevised
	RowUnchanged
)

// KPIFilter selects KPIs.
type KPIFilter struct {
	Status   string
	Category Category
	Key      string
}

// ImportDraft is an uploaded file held between preview and confirmation.
type ImportDraft struct {
	ID         string
	AllianceID string
	UserID     string
	Filename   string
	Format     string
	Content    []byte
	CreatedAt  time.Time
}
