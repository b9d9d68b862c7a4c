package api

import (
	"net/http"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/fhir"
	"github.com/accord-alliance/accord/internal/views"
)

// fileImportAnswer is the answer to a file's import: the store's report,
// and for a FHIR file the parts left out with their reasons and what the
// reader saw, as `accord import observations --json` prints them.
type fileImportAnswer struct {
	accord.ImportReport
	LeftOut []accord.RowError `json:"left_out,omitempty"`
	FHIR    *fhir.Summary     `json:"fhir,omitempty"`
}

// writeFileImport answers an import of a file: 422 when it was refused,
// 201 when written, 200 for a dry run.
func (s *API) writeFileImport(w http.ResponseWriter, run views.ImportRun) error {
	rep := run.Report
	if rep.Errors == nil {
		rep.Errors = []accord.RowError{}
	}
	if rep.KPIs == nil {
		rep.KPIs = []string{}
	}
	ans := fileImportAnswer{ImportReport: rep, LeftOut: run.LeftOut}
	if run.FHIR != nil {
		sum := *run.FHIR
		if sum.Ignored == nil {
			sum.Ignored = map[string]int{}
		}
		ans.FHIR = &sum
	}
	status := http.StatusOK
	switch {
	case len(rep.Errors) > 0:
		status = http.StatusUnprocessableEntity
	case rep.ImportID != "":
		status = http.StatusCreated
	}
	edge.WriteJSON(w, status, ans)
	return nil
}
