package views

import (
	"net/http"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
)

// WithholdImport cuts an import's report (a dry run's or a written
// import's) to what the submitter's party may see under data sharing by
// protocol: a row of a figure the party may not see is counted as
// withheld, not as new, revised or unchanged, since that would tell the
// figure there; a KPI is listed as changed only for rows the party sees.
// An alliance admin may submit any party's data, but sees what their own
// party sees (docs/sharing.md). kpis may be nil (they are read then).
func (s *Loader) WithholdImport(r *http.Request, kpis []accord.KPI, rows []accord.ObservationInput, rep *accord.ImportReport) error {
	if !edge.AllianceOf(r).Alliance.SharingByProtocol || rep.Outcomes == nil {
		return nil
	}
	sh, err := s.SharingFor(r, kpis)
	if err != nil {
		return err
	}
	withhold(sh, rows, rep)
	return nil
}

// withhold applies the viewer's sharing to an import's report.
func withhold(sh Sharing, rows []accord.ObservationInput, rep *accord.ImportReport) {
	shown := map[string]bool{} // KPIs with a change the viewer sees
	hidden := false
	for i, in := range rows {
		k, ok := sh.byKey[in.KPI]
		if !ok || i >= len(rep.Outcomes) || rep.Outcomes[i] == 0 {
			continue
		}
		if !sh.owns(k) {
			p, err := k.Frequency.ParsePeriod(in.Period)
			if err != nil || !sh.SeesPeriod(k, strings.TrimSpace(in.Segment), p) {
				hidden = true
				rep.Withheld++
				switch rep.Outcomes[i] {
				case accord.RowNew:
					rep.New--
				case accord.RowRevised:
					rep.Revised--
				case accord.RowUnchanged:
					rep.Unchanged--
				}
				continue
			}
		}
		if rep.Outcomes[i] != accord.RowUnchanged {
			shown[k.Key] = true
		}
	}
	if !hidden {
		return
	}
	keys := rep.KPIs[:0:0]
	for _, key := range rep.KPIs {
		if shown[key] {
			keys = append(keys, key)
		}
	}
	rep.KPIs = keys
}
