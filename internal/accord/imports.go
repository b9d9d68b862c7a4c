package accord

import "time"

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
	ImportID  string     `json:"import_id,omitempty"`
	DryRun    bool       `json:"dry_run"`
	Rows      int        `json:"rows"`
	New       int        `json:"new"`
	Revised   int        `json:"revised"`
	Unchanged int        `json:"unchanged"`
	KPIs      []string   `json:"kpis"`
	Errors    []RowError `json:"errors"`
}

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
