package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/textdiff"
	"github.com/accord-alliance/accord/internal/views"
)

// apiContract is a contract in the API, dates as YYYY-MM-DD.
type apiContract struct {
	ID             string  `json:"id"`
	Key            string  `json:"key"`
	Title          string  `json:"title"`
	ReviewOn       *string `json:"review_on,omitempty"`
	Versions       int     `json:"versions"`
	OpenAmendments int     `json:"open_amendments"`
	CreatedAt      string  `json:"created_at"`
}

// apiVersion is one version of a contract with the period it governs.
type apiVersion struct {
	Number        int             `json:"number"`
	Text          string          `json:"text"`
	Terms         json.RawMessage `json:"terms"`
	EffectiveFrom string          `json:"effective_from"`
	EffectiveTo   *string         `json:"effective_to,omitempty"`
	Amendment     int             `json:"amendment"`
	// TermsSource is the YAML terms document as written, when it was YAML.
	TermsSource string `json:"terms_source,omitempty"`
}

// apiAmendment is an amendment with its sign-offs and, for one amendment,
// the diff against the version it amends.
type apiAmendment struct {
	Number        int              `json:"number"`
	BaseVersion   int              `json:"base_version"`
	Summary       string           `json:"summary"`
	Text          string           `json:"text"`
	Terms         json.RawMessage  `json:"terms"`
	EffectiveFrom string           `json:"effective_from"`
	Status        string           `json:"status"`
	Version       *int             `json:"version,omitempty"`
	ProposedBy    string           `json:"proposed_by"`
	CreatedAt     string           `json:"created_at"`
	SignOffs      []accord.SignOff `json:"sign_offs"`
	Diff          *apiDiff         `json:"diff,omitempty"`
	// TermsSource is the YAML terms document as submitted, when it was YAML.
	TermsSource    string  `json:"terms_source,omitempty"`
	WithdrawnAt    *string `json:"withdrawn_at,omitempty"`
	WithdrawnBy    string  `json:"withdrawn_by,omitempty"`
	WithdrawReason string  `json:"withdraw_reason,omitempty"`
}

// apiDiff is the line diff of text and terms against the base version.
type apiDiff struct {
	Text  []apiDiffLine `json:"text"`
	Terms []apiDiffLine `json:"terms"`
}

type apiDiffLine struct {
	Op   string `json:"op"`
	Line string `json:"line"`
}

func dateStr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

func toAPIContract(c accord.Contract) apiContract {
	return apiContract{ID: c.ID, Key: c.Key, Title: c.Title, ReviewOn: dateStr(c.ReviewOn), Versions: c.Versions, OpenAmendments: c.Open,
		CreatedAt: c.CreatedAt.UTC().Format(time.RFC3339)}
}

func toAPIVersion(v accord.ContractVersion, amendment int) apiVersion {
	return apiVersion{Number: v.Number, Text: v.Text, Terms: json.RawMessage(v.Terms), EffectiveFrom: *dateStr(&v.EffectiveFrom),
		EffectiveTo: dateStr(v.EffectiveTo), Amendment: amendment, TermsSource: v.TermsSource}
}

func toAPIAmendment(a accord.Amendment) apiAmendment {
	out := apiAmendment{Number: a.Number, BaseVersion: a.BaseVersion, Summary: a.Summary, Text: a.Text, Terms: json.RawMessage(a.Terms),
		EffectiveFrom: *dateStr(&a.EffectiveFrom), Status: a.Status, ProposedBy: a.ProposedBy, CreatedAt: a.CreatedAt.UTC().Format(time.RFC3339), SignOffs: a.SignOffs,
		TermsSource: a.TermsSource, WithdrawnBy: a.WithdrawnBy, WithdrawReason: a.WithdrawReason}
	if a.Version > 0 {
		out.Version = &a.Version
	}
	if a.WithdrawnAt != nil {
		at := a.WithdrawnAt.UTC().Format(time.RFC3339)
		out.WithdrawnAt = &at
	}
	return out
}

func toAPIDiff(d []textdiff.Line) []apiDiffLine {
	ops := map[textdiff.Op]string{textdiff.Same: "same", textdiff.Insert: "insert", textdiff.Delete: "delete", textdiff.Skip: "skip"}
	out := make([]apiDiffLine, len(d))
	for i, l := range d {
		out[i] = apiDiffLine{Op: ops[l.Op], Line: l.Text}
	}
	return out
}

func (s *API) apiContracts(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.Svc.ListContracts(r.Context(), edge.AllianceOf(r).Alliance.ID)
	if err != nil {
		return err
	}
	out := make([]apiContract, len(cs))
	for i, c := range cs {
		out[i] = toAPIContract(c)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

// contractRequest records a contract and proposes its original agreement.
type contractRequest struct {
	Key           string          `json:"key"`
	Title         string          `json:"title"`
	ReviewOn      string          `json:"review_on"`
	Summary       string          `json:"summary"`
	Text          string          `json:"text"`
	Terms         json.RawMessage `json:"terms"`
	EffectiveFrom string          `json:"effective_from"`
}

func (s *API) apiContractCreate(w http.ResponseWriter, r *http.Request) error {
	var req contractRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	ac := edge.AllianceOf(r)
	review, err := views.ParseDate("review_on", req.ReviewOn)
	if err != nil {
		return err
	}
	orig, err := views.AmendmentRequest{Summary: req.Summary, Text: req.Text, Terms: req.Terms, EffectiveFrom: req.EffectiveFrom}.Amendment()
	if err != nil {
		return err
	}
	if orig.Summary == "" {
		orig.Summary = "Original agreement"
	}
	c := accord.Contract{AllianceID: ac.Alliance.ID, Key: req.Key, Title: req.Title, ReviewOn: review}
	if err := s.Svc.CreateContract(r.Context(), edge.SessionOf(r).Actor, ac.Member.PartyID, &c, &orig); err != nil {
		return err
	}
	c, err = s.Svc.ContractByKey(r.Context(), ac.Alliance.ID, c.Key)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusCreated, toAPIContract(c))
	return nil
}

// apiContractDetail is a contract with its versions.
type apiContractDetail struct {
	apiContract
	VersionList []apiVersion `json:"version_list"`
}

func (s *API) apiContract(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	vs, as, err := s.ContractHistory(r, c.ID)
	if err != nil {
		return err
	}
	out := apiContractDetail{apiContract: toAPIContract(c), VersionList: make([]apiVersion, len(vs))}
	for i, v := range vs {
		out.VersionList[i] = toAPIVersion(v, amendmentOf(as, v.AmendmentID))
	}
	edge.WriteJSON(w, http.StatusOK, out)
	return nil
}

func amendmentOf(as []accord.Amendment, id string) int {
	for _, a := range as {
		if a.ID == id {
			return a.Number
		}
	}
	return 0
}

// reviewRequest sets a contract's review date, or clears it with "".
type reviewRequest struct {
	ReviewOn string `json:"review_on"`
}

func (s *API) apiContractUpdate(w http.ResponseWriter, r *http.Request) error {
	var req reviewRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	on, err := views.ParseDate("review_on", req.ReviewOn)
	if err != nil {
		return err
	}
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	if c, err = s.Svc.SetContractReview(r.Context(), edge.SessionOf(r).Actor, c.ID, on); err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, toAPIContract(c))
	return nil
}

// apiVersionAt answers "which version governed this day?" (?on=YYYY-MM-DD).
func (s *API) apiVersionAt(w http.ResponseWriter, r *http.Request) error {
	on, err := views.ParseDate("on", r.URL.Query().Get("on"))
	if err == nil && on == nil {
		err = accord.FieldError("on", "is required (YYYY-MM-DD)")
	}
	if err != nil {
		return err
	}
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	v, err := s.Svc.VersionAt(r.Context(), c.ID, *on)
	if err != nil {
		return err
	}
	as, err := s.Svc.ListAmendments(r.Context(), c.ID)
	if err != nil {
		return err
	}
	edge.WriteJSON(w, http.StatusOK, toAPIVersion(v, amendmentOf(as, v.AmendmentID)))
	return nil
}

func (s *API) apiAmendments(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	as, err := s.Svc.ListAmendments(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := make([]apiAmendment, len(as))
	for i, a := range as {
		out[i] = toAPIAmendment(a)
	}
	edge.WriteJSON(w, http.StatusOK, listOf(out))
	return nil
}

func (s *API) apiAmendmentCreate(w http.ResponseWriter, r *http.Request) error {
	var req views.AmendmentRequest
	if err := edge.DecodeJSON(r, &req); err != nil {
		return err
	}
	am, err := req.Amendment()
	if err != nil {
		return err
	}
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	am.ContractID = c.ID
	if err := s.Svc.ProposeAmendment(r.Context(), edge.SessionOf(r).Actor, edge.AllianceOf(r).Member.PartyID, &am); err != nil {
		return err
	}
	return s.writeAmendment(w, r, c.ID, am.Number, http.StatusCreated)
}

func (s *API) apiAmendment(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	n, err := views.AmendmentNumber(r)
	if err != nil {
		return err
	}
	return s.writeAmendment(w, r, c.ID, n, http.StatusOK)
}

func (s *API) apiAmendmentSign(w http.ResponseWriter, r *http.Request) error {
	c, err := s.ContractOf(r)
	if err != nil {
		return err
	}
	n, err := views.AmendmentNumber(r)
	if err != nil {
		return err
	}
	if _, err := s.Svc.SignAmendment(r.Context(), edge.SessionOf(r).Actor, c.ID, n, edge.AllianceOf(r).Member.PartyID); err != nil {
		return err
	}
	return s.writeAmendment(w, r, c.ID, n, http.StatusOK)
}

// writeAmendment answers with the amendment and its diff.
func (s *API) writeAmendment(w http.ResponseWriter, r *http.Request, contractID string, n, status int) error {
	a, base, err := s.AmendmentWithBase(r, contractID, n)
	if err != nil {
		return err
	}
	out := toAPIAmendment(a)
	out.Diff = &apiDiff{Text: toAPIDiff(textdiff.Diff(base.Text, a.Text)), Terms: toAPIDiff(textdiff.Diff(base.Terms, a.Terms))}
	edge.WriteJSON(w, status, out)
	return nil
}
