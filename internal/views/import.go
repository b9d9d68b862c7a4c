package views

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/fhir"
	"github.com/accord-alliance/accord/internal/ingest"
)

// SubmitterParty is the party whose KPIs the viewer may submit: theirs,
// or any ("") for an alliance admin.
func SubmitterParty(ac *edge.AllianceCtx) string {
	if ac.Member.Roles.Has(accord.RoleAdmin) {
		return ""
	}
	return ac.Member.PartyID
}

// ImportRun is what one import did: the store's report, the rows read
// (in the file's order), the alliance's KPIs, and for a FHIR file what
// the reader left out (with its reasons) and saw.
type ImportRun struct {
	Report  accord.ImportReport
	Rows    []accord.ObservationInput
	KPIs    []accord.KPI
	LeftOut []accord.RowError
	FHIR    *fhir.Summary
}

// RunImport is RunImport with the options of a CSV file: all or nothing,
// no pending FHIR reports.
func (s *Loader) RunImport(r *http.Request, ac *edge.AllianceCtx, name string, content []byte, dryRun bool) (accord.ImportReport, []accord.ObservationInput, []accord.KPI, error) {
	run, err := s.RunImportWith(r, ac, name, content, dryRun, ingest.Options{AllOrNothing: true})
	return run.Report, run.Rows, run.KPIs, err
}

// RunImportWith is the one path every import from the web and the API
// takes: parse with the options given, check, write, and report what the
// submitter may see.
func (s *Loader) RunImportWith(r *http.Request, ac *edge.AllianceCtx, name string, content []byte, dryRun bool, opt ingest.Options) (ImportRun, error) {
	kpis, err := s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{})
	if err != nil {
		return ImportRun{}, err
	}
	res, err := ingest.ReadWith(bytes.NewReader(content), name, "", kpis, s.Now(), opt)
	if err != nil {
		return ImportRun{}, err
	}
	run := ImportRun{KPIs: kpis, LeftOut: res.LeftOut, FHIR: res.FHIR}
	if len(res.Errors) > 0 {
		run.Report = accord.ImportReport{Rows: len(res.Rows) + len(res.Errors), Errors: res.Errors, DryRun: dryRun}
		return run, nil
	}
	sum := sha256.Sum256(content)
	rep, err := s.Svc.ImportObservations(r.Context(), edge.SessionOf(r).Actor, accord.ImportRequest{
		AllianceID: ac.Alliance.ID, Format: res.Format, Filename: name, SHA256: hex.EncodeToString(sum[:]),
		Rows: res.Rows, PartyID: SubmitterParty(ac), DryRun: dryRun,
	})
	s.AfterImport(r.Context(), ac.Alliance.ID, rep, err)
	if err == nil {
		err = s.WithholdImport(r, kpis, res.Rows, &rep)
	}
	run.Report, run.Rows = rep, res.Rows
	return run, err
}
