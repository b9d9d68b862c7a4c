// Package ingest turns an uploaded file — CSV, or FHIR MeasureReports as a
// resource, a Bundle or NDJSON — into observation rows for the store, with
// every problem named by file, line and field. The web upload, the API and
// `accord import` all go through it, so each accepts the same files.
package ingest

import (
	"bytes"
	"io"
	"path"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/fhir"
	"github.com/accord-alliance/accord/internal/importcsv"
)

// The formats accepted.
const (
	CSV  = "csv"
	FHIR = "fhir"
)

// Detect names a file's format from its name, or else from its first
// non-blank byte: JSON and NDJSON start with '{'.
func Detect(filename string, head []byte) string {
	switch strings.ToLower(path.Ext(filename)) {
	case ".csv", ".txt":
		return CSV
	case ".json", ".ndjson", ".jsonl":
		return FHIR
	}
	if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return FHIR
	}
	return CSV
}

// Result is a parsed file.
type Result struct {
	Format string
	Rows   []accord.ObservationInput
	// Errors refuse the file: with any, nothing is to be written.
	Errors []accord.RowError
	// LeftOut names what a FHIR file read in parts (Options.AllOrNothing
	// false) left out and why: whole reports, groups' figures, strata and
	// rows the KPI does not take. Rows holds the rest.
	LeftOut []accord.RowError
	// FHIR is what the FHIR reader saw (nil for CSV): reports read and
	// refused, individual reports summed, pending reports, strata left
	// out, resources of other types ignored.
	FHIR *fhir.Summary
}

// Options say how a file is read. The zero value reads a FHIR file in
// parts and refuses pending reports.
type Options struct {
	// AllOrNothing refuses the whole file when any part of it is bad, as
	// a CSV file always is; otherwise a FHIR file's good parts are kept
	// and the rest listed in Result.LeftOut.
	AllOrNothing bool
	// AllowPending imports FHIR reports whose status is pending, as
	// provisional figures.
	AllowPending bool
}

// Read parses r in the format given ("" detects it) at the moment now,
// all or nothing (see ReadWith).
func Read(r io.Reader, filename, format string, kpis []accord.KPI, now time.Time) (*Result, error) {
	return ReadWith(r, filename, format, kpis, now, Options{AllOrNothing: true})
}

// ReadWith parses r in the format given ("" detects it) at the moment now.
// kpis are the alliance's KPIs, whose Measure URLs match FHIR reports to
// them; now bounds the periods a row may name (accord.KPI.PeriodBounds).
func ReadWith(r io.Reader, filename, format string, kpis []accord.KPI, now time.Time, opt Options) (*Result, error) {
	if format == "" {
		var head [512]byte
		n, _ := io.ReadFull(r, head[:])
		format = Detect(filename, head[:n])
		if s, ok := r.(io.Seeker); !ok || rewind(s, n) != nil {
			r = io.MultiReader(bytes.NewReader(head[:n]), r)
		}
	}
	switch format {
	case CSV:
		res, err := importcsv.Read(r, filename)
		if err != nil {
			return nil, err
		}
		out := &Result{Format: CSV, Rows: res.Rows, Errors: res.Errors}
		checkParsed(out, filename, kpis, now)
		return out, nil
	case FHIR:
		measures, err := fhir.MeasuresFromKPIs(kpis)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "the alliance's KPIs cannot be matched to FHIR Measures: %v", err)
		}
		res, err := fhir.Read(r, fhir.Options{File: filename, Measures: measures, MaxErrors: importcsv.MaxErrors,
			Partial: !opt.AllOrNothing, AllowPending: opt.AllowPending})
		if err != nil {
			return nil, err
		}
		out := &Result{Format: FHIR, Rows: res.Observations, Errors: res.Errors, LeftOut: res.LeftOut, FHIR: &res.Summary}
		if opt.AllOrNothing {
			checkParsed(out, filename, kpis, now)
		} else {
			leaveOutRefused(out, filename, kpis, now)
		}
		return out, nil
	}
	return nil, accord.FieldError("format", "%q is not a format accord reads; use csv or fhir", format)
}

// rewind moves a seekable reader back over the n bytes read to detect the
// format, so that the reader for the format sees the whole file as it is
// (a bytes.Reader then still knows its length).
func rewind(s io.Seeker, n int) error {
	_, err := s.Seek(int64(-n), io.SeekCurrent)
	return err
}
