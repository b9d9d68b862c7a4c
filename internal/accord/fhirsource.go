package accord

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// FHIRSource is an alliance's FHIR server, from which accord fetches the
// MeasureReports of its KPIs' Measures on a schedule (docs/fhir.md). The
// bearer token is never stored: TokenFile names a file the operator keeps
// in the server's FHIR token directory, read at each run.
type FHIRSource struct {
	AllianceID string `json:"-"`
	// BaseURL is the server's FHIR base URL (https://fhir.example.org/r4).
	BaseURL string `json:"base_url"`
	// TokenFile is the name of the token's file in the server's FHIR
	// token directory ("" sends no token).
	TokenFile string `json:"token_file"`
	// EveryHours is how often it is fetched: 1 to 168 hours.
	EveryHours int `json:"every_hours"`
	// Enabled turns the scheduled fetch on.
	Enabled bool `json:"enabled"`
	// Pending imports reports of status pending as provisional figures.
	Pending bool `json:"pending"`
	// UpdatedAt is when the settings last changed.
	UpdatedAt time.Time `json:"updated_at"`
	// LastRun is the last fetch's outcome; nil before the first.
	LastRun *FHIRSourceRun `json:"last_run,omitempty"`
}

// FHIRSourceRun is what one scheduled fetch did.
type FHIRSourceRun struct {
	At time.Time `json:"at"`
	// Since is the first period start searched.
	Since time.Time `json:"since"`
	// OK is false when the fetch or the import failed; Message says why.
	OK bool `json:"ok"`
	// Fetched counts the MeasureReports the server returned.
	Fetched int `json:"fetched"`
	// New, Revised and Unchanged count the observations imported.
	New       int `json:"new"`
	Revised   int `json:"revised"`
	Unchanged int `json:"unchanged"`
	// LeftOut counts the reasons parts were left out for (a part may have
	// several), each a line of Message.
	LeftOut int `json:"left_out"`
	// Message is the summary in words: what the reader saw, then each part
	// left out with its reason, or the failure.
	Message string `json:"message"`
	// ImportID names the import written, "" when none was.
	ImportID string `json:"import_id,omitempty"`
}

// Limits of a FHIR source's schedule.
const (
	FHIRSourceMinHours = 1
	FHIRSourceMaxHours = 7 * 24
)

// Validate checks the settings an admin gives.
func (s FHIRSource) Validate() error {
	u, err := url.Parse(s.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return FieldError("base_url", "give the FHIR server's base URL, http(s)://host/path, without a query")
	}
	if len(s.BaseURL) > 500 {
		return FieldError("base_url", "the base URL is longer than 500 characters")
	}
	if t := s.TokenFile; t != "" && (strings.ContainsAny(t, `/\`) || strings.HasPrefix(t, ".") || len(t) > 100) {
		return FieldError("token_file", "give the name of a file in the server's FHIR token directory (no folder, not starting with a dot)")
	}
	if s.EveryHours < FHIRSourceMinHours || s.EveryHours > FHIRSourceMaxHours {
		return FieldError("every_hours", "fetch every 1 to 168 hours")
	}
	return nil
}

// Due says whether the scheduled fetch should run at now.
func (s FHIRSource) Due(now time.Time) bool {
	if !s.Enabled {
		return false
	}
	return s.LastRun == nil || !now.Before(s.LastRun.At.Add(time.Duration(s.EveryHours)*time.Hour))
}

// FHIRSourceService keeps the alliances' FHIR sources.
type FHIRSourceService interface {
	// FHIRSource returns the alliance's source; not found when none is set.
	FHIRSource(ctx context.Context, allianceID string) (FHIRSource, error)
	SetFHIRSource(ctx context.Context, actor Actor, s FHIRSource) (FHIRSource, error)
	// FHIRSources lists every alliance's source, for the scheduled fetch.
	FHIRSources(ctx context.Context) ([]FHIRSource, error)
	// RecordFHIRSourceRun keeps a fetch's outcome on its source.
	RecordFHIRSourceRun(ctx context.Context, allianceID string, run FHIRSourceRun) error
}
