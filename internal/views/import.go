package views

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
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

// RunImport is the one path every import takes: parse, check, write,
// and report what the submitter may see.
func (s *Loader) RunImport(r *http.Request, ac *edge.AllianceCtx, name string, content []byte, dryRun bool) (accord.ImportReport, []accord.ObservationInput, []accord.KPI, error) {
	kpis, err := s.Svc.ListKPIs(r.Context(), ac.Alliance.ID, accord.KPIFilter{})
	if err != nil {
		return accord.ImportReport{}, nil, nil, err
	}
	res, err := ingest.Read(bytes.NewReader(content), name, "", kpis, s.Now())
	if err != nil {
		return accord.ImportReport{}, nil, nil, err
	}
	if len(res.Errors) > 0 {
		return accord.ImportReport{Rows: len(res.Rows) + len(res.Errors), Errors: res.Errors, DryRun: dryRun}, nil, kpis, nil
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
	return rep, res.Rows, kpis, err
}
