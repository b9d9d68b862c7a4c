package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/textdiff"
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

// parseDate reads a YYYY-MM-DD field; "" gives nil.
func parseDate(field, s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, accord.FieldError(field, "must be a date (YYYY-MM-DD)")
	}
	return &t, nil
}

func (s *Server) apiContracts(w http.ResponseWriter, r *http.Request) {
	cs, err := s.svc.ListContracts(r.Context(), allianceOf(r).alliance.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiContract, len(cs))
	for i, c := range cs {
		out[i] = toAPIContract(c)
	}
	writeJSON(w, http.StatusOK, listOf(out))
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

// amendmentRequest proposes the next version of a contract.
type amendmentRequest struct {
	Summary       string          `json:"summary"`
	Text          string          `json:"text"`
	Terms         json.RawMessage `json:"terms"`
	EffectiveFrom string          `json:"effective_from"`
}

func (q amendmentRequest) amendment() (accord.Amendment, error) {
	from, err := parseDate("effective_from", q.EffectiveFrom)
	if err != nil {
		return accord.Amendment{}, err
	}
	terms, err := termsDocument(q.Terms)
	if err != nil {
		return accord.Amendment{}, err
	}
	a := accord.Amendment{Summary: q.Summary, Text: q.Text, Terms: terms}
	if from != nil {
		a.EffectiveFrom = *from
	}
	return a, nil
}

// termsDocument reads a request's terms: a JSON object is the terms
// document itself; a string holds a YAML (or JSON) document, the way a
// YAML file is sent inside a JSON request.
func termsDocument(raw json.RawMessage) (string, error) {
	var doc string
	if err := json.Unmarshal(raw, &doc); err == nil {
		return doc, nil
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '{' && !bytes.Equal(t, []byte("null")) {
		return "", accord.FieldError("terms", "must be a terms object, or a string holding a YAML or JSON terms document")
	}
	return string(raw), nil
}

func (s *Server) apiContractCreate(w http.ResponseWriter, r *http.Request) {
	var req contractRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	ac := allianceOf(r)
	review, err := parseDate("review_on", req.ReviewOn)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orig, err := amendmentRequest{Summary: req.Summary, Text: req.Text, Terms: req.Terms, EffectiveFrom: req.EffectiveFrom}.amendment()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if orig.Summary == "" {
		orig.Summary = "Original agreement"
	}
	c := accord.Contract{AllianceID: ac.alliance.ID, Key: req.Key, Title: req.Title, ReviewOn: review}
	if err := s.svc.CreateContract(r.Context(), sessionOf(r).actor, ac.member.PartyID, &c, &orig); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err = s.svc.ContractByKey(r.Context(), ac.alliance.ID, c.Key)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAPIContract(c))
}

// contractOf loads the contract named by {contract}.
func (s *Server) contractOf(r *http.Request) (accord.Contract, error) {
	return s.svc.ContractByKey(r.Context(), allianceOf(r).alliance.ID, r.PathValue("contract"))
}

// apiContractDetail is a contract with its versions.
type apiContractDetail struct {
	apiContract
	VersionList []apiVersion `json:"version_list"`
}

func (s *Server) apiContract(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vs, as, err := s.contractHistory(r, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiContractDetail{apiContract: toAPIContract(c), VersionList: make([]apiVersion, len(vs))}
	for i, v := range vs {
		out.VersionList[i] = toAPIVersion(v, amendmentOf(as, v.AmendmentID))
	}
	writeJSON(w, http.StatusOK, out)
}

// contractHistory reads a contract's versions and amendments.
func (s *Server) contractHistory(r *http.Request, contractID string) ([]accord.ContractVersion, []accord.Amendment, error) {
	vs, err := s.svc.ContractVersions(r.Context(), contractID)
	if err != nil {
		return nil, nil, err
	}
	as, err := s.svc.ListAmendments(r.Context(), contractID)
	return vs, as, err
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

func (s *Server) apiContractUpdate(w http.ResponseWriter, r *http.Request) {
	var req reviewRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	on, err := parseDate("review_on", req.ReviewOn)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c, err = s.svc.SetContractReview(r.Context(), sessionOf(r).actor, c.ID, on); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIContract(c))
}

// apiVersionAt answers "which version governed this day?" (?on=YYYY-MM-DD).
func (s *Server) apiVersionAt(w http.ResponseWriter, r *http.Request) {
	on, err := parseDate("on", r.URL.Query().Get("on"))
	if err == nil && on == nil {
		err = accord.FieldError("on", "is required (YYYY-MM-DD)")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.VersionAt(r.Context(), c.ID, *on)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	as, err := s.svc.ListAmendments(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAPIVersion(v, amendmentOf(as, v.AmendmentID)))
}

func (s *Server) apiAmendments(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	as, err := s.svc.ListAmendments(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]apiAmendment, len(as))
	for i, a := range as {
		out[i] = toAPIAmendment(a)
	}
	writeJSON(w, http.StatusOK, listOf(out))
}

func (s *Server) apiAmendmentCreate(w http.ResponseWriter, r *http.Request) {
	var req amendmentRequest
	if err := decodeJSON(r, &req); err != nil {
		s.fail(w, r, err)
		return
	}
	am, err := req.amendment()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	am.ContractID = c.ID
	if err := s.svc.ProposeAmendment(r.Context(), sessionOf(r).actor, allianceOf(r).member.PartyID, &am); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeAmendment(w, r, c.ID, am.Number, http.StatusCreated)
}

// amendmentNumber reads {number}; anything else is a not-found amendment.
func amendmentNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 {
		return 0, accord.Errorf(accord.ENOTFOUND, "amendment not found")
	}
	return n, nil
}

func (s *Server) apiAmendment(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := amendmentNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeAmendment(w, r, c.ID, n, http.StatusOK)
}

func (s *Server) apiAmendmentSign(w http.ResponseWriter, r *http.Request) {
	c, err := s.contractOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := amendmentNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.svc.SignAmendment(r.Context(), sessionOf(r).actor, c.ID, n, allianceOf(r).member.PartyID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeAmendment(w, r, c.ID, n, http.StatusOK)
}

// writeAmendment answers with the amendment and its diff.
func (s *Server) writeAmendment(w http.ResponseWriter, r *http.Request, contractID string, n, status int) {
	a, base, err := s.amendmentWithBase(r, contractID, n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := toAPIAmendment(a)
	out.Diff = &apiDiff{Text: toAPIDiff(textdiff.Diff(base.Text, a.Text)), Terms: toAPIDiff(textdiff.Diff(base.Terms, a.Terms))}
	writeJSON(w, status, out)
}

// amendmentWithBase reads an amendment and the version it amends (empty
// for the original agreement).
func (s *Server) amendmentWithBase(r *http.Request, contractID string, n int) (accord.Amendment, accord.ContractVersion, error) {
	a, err := s.svc.Amendment(r.Context(), contractID, n)
	if err != nil || a.BaseVersion == 0 {
		return a, accord.ContractVersion{}, err
	}
	vs, err := s.svc.ContractVersions(r.Context(), contractID)
	if err != nil {
		return a, accord.ContractVersion{}, err
	}
	for _, v := range vs {
		if v.Number == a.BaseVersion {
			return a, v, nil
		}
	}
	return a, accord.ContractVersion{}, nil
}
