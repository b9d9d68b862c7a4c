package ui

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/claims"
	"github.com/accord-alliance/accord/internal/edge"
	"github.com/accord-alliance/accord/internal/number"
	"github.com/accord-alliance/accord/internal/settle"
	"github.com/accord-alliance/accord/internal/views"
)

// claimsFileField is a file input of the form and the layout of its file
// (nil for enrollment).
type claimsFileField struct {
	name, label string
	layout      *claims.Layout
}

// claimsFileFields are the form's file inputs: the enrollment file first
// (claims count only for enrolled months), then the claims files.
var claimsFileFields = []claimsFileField{
	{"enrollment", "Enrollment", nil},
	{"parta_claims_header", "Part A claim headers", &claims.PartAHeader},
	{"partb_physicians", "Part B physician claim lines", &claims.PartBPhysician},
	{"partb_dme", "Part B DME claim lines", &claims.PartBDME},
}

// claimsWhatIfView is what whatif_claims.html shows: the form, the error
// that stopped the files being read (naming the file, line and field), or
// the comparison.
type claimsWhatIfView struct {
	Contract accord.Contract
	// Choices are the terms to compare: "version:N" or "amendment:N".
	Choices []termsChoice
	Form    url.Values
	Files   []string
	Error   *claimsError
	Result  *claimsWhatIfResult
	// Limits are the upload limits in MiB, for the form.
	Limits struct{ Total, Parquet int }
	// current and alternative are the choices the form starts with: the
	// version in force today, and the first pending amendment or else the
	// version before it.
	current, alternative string
}

type termsChoice struct{ Value, Label string }

// claimsError is a bad input: the file (as uploaded), line or row, field
// or column, and what is wrong.
type claimsError struct {
	File, Where, Field, Message string
}

// claimsWhatIfResult is one period settled from the files under two sets
// of terms.
type claimsWhatIfResult struct {
	Totals claims.Totals
	// Facts are what the files add up to, for people.
	Facts        []termRow
	Summary      settle.Summary
	Current, Alt string
	Rows         []views.CompareRow
	Charts       []views.SettlementChart
	Worksheet    []views.WorksheetRow
	Read         []string
}

// claimsWhatIfForm shows the form to settle a period from claims files.
func (s *App) claimsWhatIfForm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.claimsWhatIfBase(r)
	if err != nil {
		return err
	}
	v.Form = url.Values{"runout": {"3"}, "truncate": {"99"}, "current": {v.current}, "alternative": {v.alternative}}
	s.render(w, r, "whatif_claims", views.PageData{Title: "What if, from claims · " + v.Contract.Title, Nav: "contracts", Data: v})
	return nil
}

// claimsWhatIfBase reads the contract and the terms one may compare: its
// versions, the one in force today first, and its pending amendments.
func (s *App) claimsWhatIfBase(r *http.Request) (claimsWhatIfView, error) {
	c, err := s.ContractOf(r)
	if err != nil {
		return claimsWhatIfView{}, err
	}
	vs, as, err := s.ContractHistory(r, c.ID)
	if err != nil {
		return claimsWhatIfView{}, err
	}
	v := claimsWhatIfView{Contract: c}
	v.Limits.Total, v.Limits.Parquet = edge.MaxClaimsUpload>>20, edge.MaxParquetUpload>>20
	today := accord.Day(s.Now())
	for i := len(vs) - 1; i >= 0; i-- {
		value := "version:" + strconv.Itoa(vs[i].Number)
		label := "Version " + strconv.Itoa(vs[i].Number) + " (from " + vs[i].EffectiveFrom.Format("2 Jan 2006") + ")"
		v.Choices = append(v.Choices, termsChoice{value, label})
		if vs[i].Governs(today) || v.current == "" && i == len(vs)-1 {
			v.current = value
			if i > 0 {
				v.alternative = "version:" + strconv.Itoa(vs[i-1].Number)
			}
		}
	}
	for _, a := range as {
		if a.Status == accord.AmendmentProposed {
			value := "amendment:" + strconv.Itoa(a.Number)
			v.Choices = append(v.Choices, termsChoice{value, "Pending amendment " + strconv.Itoa(a.Number) + ": " + a.Summary})
			if !strings.HasPrefix(v.alternative, "amendment:") {
				v.alternative = value
			}
		}
	}
	return v, nil
}

// claimsWhatIf settles one period from uploaded claim and enrollment files
// under two sets of terms and shows them side by side. The files are read
// as they stream in and nothing is stored.
func (s *App) claimsWhatIf(w http.ResponseWriter, r *http.Request) error {
	v, err := s.claimsWhatIfBase(r)
	if err != nil {
		return err
	}
	v.Form = url.Values{}
	status := http.StatusOK
	totals, err := readClaimsUpload(r, v.Form, &v.Files)
	if err == nil {
		v.Result, err = s.compareFromClaims(r, v.Contract, v.Form, totals)
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		var pe *claims.ParseError
		switch {
		case errors.As(err, &tooBig):
			status = http.StatusRequestEntityTooLarge
		case errors.As(err, &pe):
			status = http.StatusUnprocessableEntity
		case accord.ErrorCode(err) == accord.EINTERNAL:
			return err
		default:
			status = edge.StatusOf(accord.ErrorCode(err))
		}
		v.Error = claimsErrorOf(err)
	}
	w.WriteHeader(status)
	s.render(w, r, "whatif_claims", views.PageData{Title: "What if, from claims · " + v.Contract.Title, Nav: "contracts", Data: v})
	return nil
}

// readClaimsUpload streams the multipart form: text fields into form, then
// the enrollment file and the claims files into a book for the period the
// fields give. files collects the names of the files read.
func readClaimsUpload(r *http.Request, form url.Values, files *[]string) (claims.Totals, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return claims.Totals{}, accord.Errorf(accord.EINVALID, "send the form as multipart/form-data, with the files")
	}
	var book *claims.Book
	read := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return claims.Totals{}, uploadError(err)
		}
		name := part.FormName()
		field := fileField(name)
		if field == nil {
			b, err := io.ReadAll(io.LimitReader(part, edge.MaxFormField+1))
			if err != nil {
				return claims.Totals{}, uploadError(err)
			}
			if len(b) > edge.MaxFormField {
				return claims.Totals{}, accord.FieldError(name, "is too long")
			}
			form.Add(name, string(b))
			continue
		}
		if part.FileName() == "" {
			continue // a file input left empty
		}
		if book == nil {
			if name != "enrollment" {
				return claims.Totals{}, accord.FieldError("enrollment", "choose the enrollment file: claims count only for enrolled months")
			}
			opts, err := claimsOptionsOf(form)
			if err != nil {
				return claims.Totals{}, err
			}
			if book, err = claims.NewBook(opts); err != nil {
				return claims.Totals{}, accord.FieldError("period_end", "%s", strings.TrimPrefix(err.Error(), "claims: "))
			}
		} else if name == "enrollment" {
			return claims.Totals{}, accord.FieldError("enrollment", "give one enrollment file")
		}
		if err := readClaimsPart(book, part, field); err != nil {
			return claims.Totals{}, err
		}
		*files = append(*files, part.FileName())
		if field.layout != nil {
			read++
		}
	}
	if book == nil {
		return claims.Totals{}, accord.FieldError("enrollment", "choose the enrollment file (CSV or Parquet)")
	}
	if read == 0 {
		return claims.Totals{}, accord.FieldError("partb_physicians", "choose at least one claims file (CSV or Parquet)")
	}
	if err := book.CheckEnrolled(); err != nil {
		return claims.Totals{}, err
	}
	t := book.Totals()
	t.FilesRead = slices.Clone(*files)
	return t, nil
}

func fileField(name string) *claimsFileField {
	for i := range claimsFileFields {
		if claimsFileFields[i].name == name {
			return &claimsFileFields[i]
		}
	}
	return nil
}

// readClaimsPart adds one uploaded file, CSV streamed or Parquet held in
// memory, named by the file's own name in errors.
func readClaimsPart(b *claims.Book, part *multipart.Part, field *claimsFileField) error {
	name := part.FileName()
	br := bufio.NewReaderSize(part, 64<<10)
	head, _ := br.Peek(4)
	if claims.IsParquet(head) || strings.HasSuffix(strings.ToLower(name), ".parquet") {
		data, err := io.ReadAll(io.LimitReader(br, edge.MaxParquetUpload+1))
		if err != nil {
			return uploadError(err)
		}
		if len(data) > edge.MaxParquetUpload {
			return accord.FieldError(field.name, "%s: a Parquet file is read in memory and may be at most %d MiB; upload it as CSV, which streams", name, edge.MaxParquetUpload>>20)
		}
		if field.layout == nil {
			return b.ReadEnrollmentParquet(bytes.NewReader(data), int64(len(data)), name)
		}
		return b.ReadClaimsParquet(bytes.NewReader(data), int64(len(data)), name, *field.layout)
	}
	if field.layout == nil {
		return b.ReadEnrollment(br, name)
	}
	return b.ReadClaims(br, name, *field.layout)
}

// uploadError keeps a body over the limit as such (413) and calls the rest
// an upload that did not arrive whole.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return accord.Errorf(accord.EINVALID, "the upload did not arrive whole: %v", err)
}

// claimsOptionsOf reads the period and the rules from the form fields that
// came before the files.
func claimsOptionsOf(form url.Values) (claims.Options, error) {
	p, err := views.SettlementPeriod(form.Get("period_start"), form.Get("period_end"))
	if err != nil {
		return claims.Options{}, err
	}
	opts := claims.Options{First: claims.MonthOf(p.Start), Last: claims.MonthOf(p.End), TruncatePPM: 990_000, RunoutMonths: 3}
	if v := strings.TrimSpace(form.Get("runout")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < -1 || n > 36 {
			return opts, accord.FieldError("runout", "must be a number of months from 0 to 36 (or -1: no limit)")
		}
		opts.RunoutMonths = n
	}
	if v := strings.TrimSpace(form.Get("truncate")); v != "" {
		pct, err := number.ParseRate(v)
		ppm := pct.Mul(number.NewRate(10_000, 1))
		if err != nil || pct.Sign() < 0 || pct.Cmp(number.NewRate(100, 1)) > 0 || !ppm.Rat().IsInt() {
			return opts, accord.FieldError("truncate", "must be a percentile from 0 to 100 with at most four decimals (0: no truncation)")
		}
		opts.TruncatePPM = ppm.Rat().Num().Int64()
	}
	if v := strings.TrimSpace(form.Get("exclude")); v != "" {
		opts.ExcludeTypes = map[string]bool{}
		for _, c := range strings.Split(v, ",") {
			opts.ExcludeTypes[strings.TrimSpace(c)] = true
		}
	}
	return opts, nil
}

// claimsErrorOf writes what went wrong for the page: a bad file names its
// line (or row) and field (or column).
func claimsErrorOf(err error) *claimsError {
	var pe *claims.ParseError
	if errors.As(err, &pe) {
		e := &claimsError{File: pe.File, Field: pe.Field, Message: pe.Msg}
		switch {
		case pe.Row && pe.Line > 0:
			e.Where = "row " + strconv.FormatInt(pe.Line, 10)
		case !pe.Row && pe.Line > 0:
			e.Where = "line " + strconv.FormatInt(pe.Line, 10)
		}
		return e
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &claimsError{Message: fmt.Sprintf("the upload is larger than %d MiB", edge.MaxClaimsUpload>>20)}
	}
	return &claimsError{Field: accord.ErrorField(err), Message: accord.ErrorMessage(err)}
}
