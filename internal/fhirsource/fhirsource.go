// Package fhirsource runs the scheduled fetch of the alliances' FHIR
// servers: for each source that is due it searches the MeasureReports of
// the alliance's KPIs' Measures (internal/fhirfetch), reads them in parts
// (internal/ingest) and imports what is usable, then keeps the run's
// outcome on the source. It knows nothing of the job runner: cli
// registers Run on it (docs/fhir.md, "A FHIR server as a source").
package fhirsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/fhirfetch"
	"github.com/accord-alliance/accord/internal/ingest"
)

// Job is the job kind of the scheduled fetch, and Every how often the
// runner looks for sources that are due (each source has its own period,
// in hours).
const (
	Job   = "fhir.fetch"
	Every = 15 * time.Minute
)

// Format is the import format the fetch records: the paperwork index
// counts the observations of such imports as arriving through a feed.
const Format = accord.ImportFormatFHIRServer

// Store is what the fetch needs of accord's services.
type Store interface {
	FHIRSources(ctx context.Context) ([]accord.FHIRSource, error)
	RecordFHIRSourceRun(ctx context.Context, allianceID string, run accord.FHIRSourceRun) error
	ListKPIs(ctx context.Context, allianceID string, f accord.KPIFilter) ([]accord.KPI, error)
	ImportObservations(ctx context.Context, actor accord.Actor, req accord.ImportRequest) (accord.ImportReport, error)
	EvaluateSignals(ctx context.Context, actor accord.Actor, allianceID string, kpiKeys []string) (accord.SignalSync, error)
}

// Fetcher fetches every due source.
type Fetcher struct {
	Store Store
	// TokenDir is the directory holding the sources' token files; a source
	// naming a token file fails while it is "".
	TokenDir string
	// HTTP does the requests (nil: fhirfetch's default client). cli gives
	// one whose dialer follows the server's egress policy.
	HTTP *http.Client
	Now  func() time.Time
	Log  *slog.Logger
}

// actor is who the fetch's imports and signals are recorded as.
var actor = accord.SystemActor("fhir-source")

// RunDue fetches every enabled source whose period has passed since its
// last run. A source that fails keeps its failure on its row and does not
// stop the others.
func (f *Fetcher) RunDue(ctx context.Context) error {
	srcs, err := f.Store.FHIRSources(ctx)
	if err != nil {
		return err
	}
	now := f.Now()
	for _, s := range srcs {
		if !s.Due(now) {
			continue
		}
		run := f.Run(ctx, s, now)
		if err := f.Store.RecordFHIRSourceRun(ctx, s.AllianceID, run); err != nil {
			return fmt.Errorf("record fhir fetch of alliance %s: %w", s.AllianceID, err)
		}
		f.Log.Info("fhir source fetched", "alliance", s.AllianceID, "ok", run.OK, "fetched", run.Fetched, "new", run.New, "revised", run.Revised, "left_out", run.LeftOut)
	}
	return nil
}

// Since is the first period start a run searches: a year before the last
// run that succeeded (before now on the first run), since a report for a
// closed period arrives after the period and may be corrected later;
// reports imported before change nothing.
func Since(s accord.FHIRSource, now time.Time) time.Time {
	from := now
	if s.LastRun != nil && s.LastRun.OK {
		from = s.LastRun.At
	}
	y, m, _ := from.UTC().AddDate(-1, 0, 0).Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
}

// Run fetches one source now and imports what it returns, in parts.
func (f *Fetcher) Run(ctx context.Context, s accord.FHIRSource, now time.Time) accord.FHIRSourceRun {
	run := accord.FHIRSourceRun{At: now, Since: Since(s, now)}
	if err := f.run(ctx, s, &run); err != nil {
		run.OK, run.Message = false, failure(err)
		if run.Message == "" {
			run.Message = "the fetch failed"
		}
	}
	return run
}

func (f *Fetcher) run(ctx context.Context, s accord.FHIRSource, run *accord.FHIRSourceRun) error {
	kpis, err := f.Store.ListKPIs(ctx, s.AllianceID, accord.KPIFilter{})
	if err != nil {
		return err
	}
	var urls []string
	for _, k := range kpis {
		urls = append(urls, k.MeasureURL)
	}
	measures := fhirfetch.SearchMeasures(urls)
	if len(measures) == 0 {
		return errors.New("no KPI of this alliance carries a FHIR Measure URL: nothing to search for")
	}
	c := &fhirfetch.Client{Base: s.BaseURL, HTTP: f.HTTP}
	if s.TokenFile != "" {
		if f.TokenDir == "" {
			return errors.New("the server has no FHIR token directory (accord serve --fhir-token-dir): ask its operator")
		}
		if c.Token, err = fhirfetch.TokenFromFile(filepath.Join(f.TokenDir, s.TokenFile)); err != nil {
			return fmt.Errorf("the token file %s cannot be read: ask the server's operator", s.TokenFile)
		}
	}
	got, err := c.Fetch(ctx, measures, run.Since)
	if err != nil {
		return err
	}
	run.Fetched = got.Reports
	if got.Reports == 0 {
		run.OK, run.Message = true, fmt.Sprintf("no MeasureReport for %d Measure(s) since %s", len(measures), run.Since.Format(time.DateOnly))
		return nil
	}
	return f.importFetched(ctx, s, kpis, got.NDJSON, run)
}

// importFetched reads the fetched reports in parts and imports the rest.
func (f *Fetcher) importFetched(ctx context.Context, s accord.FHIRSource, kpis []accord.KPI, content []byte, run *accord.FHIRSourceRun) error {
	name := "MeasureReport search at " + host(s.BaseURL)
	res, err := ingest.ReadWith(bytes.NewReader(content), name, ingest.FHIR, kpis, run.At, ingest.Options{AllowPending: s.Pending})
	if err != nil {
		return err
	}
	run.LeftOut = len(res.LeftOut)
	lines := []string{}
	if res.FHIR != nil {
		lines = append(lines, summary(res.FHIR.MeasureReports, res.FHIR.Rejected, res.FHIR.LeftOutParts, res.FHIR.Pending))
	}
	for _, e := range append(res.Errors, res.LeftOut...) {
		lines = append(lines, e.Error())
	}
	run.Message = strings.Join(lines, "\n")
	if len(res.Errors) > 0 {
		return errors.New(run.Message)
	}
	sum := sha256.Sum256(content)
	rep, err := f.Store.ImportObservations(ctx, actor, accord.ImportRequest{AllianceID: s.AllianceID, Format: Format,
		Filename: name, SHA256: hex.EncodeToString(sum[:]), Rows: res.Rows})
	if err != nil {
		return err
	}
	run.OK, run.ImportID = true, rep.ImportID
	run.New, run.Revised, run.Unchanged = rep.New, rep.Revised, rep.Unchanged
	if rep.New+rep.Revised > 0 && len(rep.KPIs) > 0 {
		if _, err := f.Store.EvaluateSignals(ctx, actor, s.AllianceID, rep.KPIs); err != nil {
			f.Log.Error("evaluate signals after fhir fetch", "alliance", s.AllianceID, "err", err)
		}
	}
	return nil
}

func summary(read, rejected, parts, pending int) string {
	return fmt.Sprintf("%d MeasureReport(s) read, %d left out whole, %d stratum or group figure(s) left out, %d pending taken as provisional", read, rejected, parts, pending)
}

// failure is the message kept for a failed run: the domain error's safe
// message, or the error's text (fetch errors name the server's answer).
func failure(err error) string {
	var ae *accord.Error
	if errors.As(err, &ae) {
		return accord.ErrorMessage(err)
	}
	return err.Error()
}

func host(base string) string {
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		return u.Host
	}
	return base
}
