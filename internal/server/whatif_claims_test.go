package server_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/accord-alliance/accord/internal/claims"
	"github.com/accord-alliance/accord/internal/store"
)

// claimsUpload is one multipart what-if request: fields first, then files.
type claimsUpload struct {
	fields [][2]string
	files  [][3]string // form name, file name, content
}

func (u claimsUpload) body(t *testing.T) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range u.fields {
		w.WriteField(f[0], f[1])
	}
	for _, f := range u.files {
		fw, err := w.CreateFormFile(f[0], f[1])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, f[2])
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

func (a *app) postUpload(c *http.Client, path string, u claimsUpload) (int, string) {
	a.t.Helper()
	body, ctype := u.body(a.t)
	req, _ := http.NewRequest("POST", a.srv.URL+path, body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", a.srv.URL)
	resp, err := c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// enrollmentRow is an enrollment file's row written with parquet-go.
type enrollmentRow struct {
	Bene  string `parquet:"CURRENT_BENE_MBI_ID"`
	Start string `parquet:"ENROLLMENT_START_DATE"`
	End   string `parquet:"ENROLLMENT_END_DATE"`
	Month string `parquet:"BENE_MEMBER_MONTH,optional"`
}

// TestWhatIfFromClaims uploads generated claims files on the what-if page
// and compares the current version with the pending amendment; a bad line
// is named by file, line and field, and nothing is settled; Parquet works
// as CSV does.
func TestWhatIfFromClaims(t *testing.T) {
	t.Parallel()
	a := newApp(t, store.SQLite)
	const page = "/a/north-valley/contracts/shared-savings/what-if"
	year := time.Now().Year() - 1
	dir := t.TempDir()
	if _, err := claims.Generate(dir, claims.GenOptions{Beneficiaries: 800, Lines: 12000, Year: year, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	member := a.login(roleAccounts["member"])
	st, body := a.get(member, page)
	if st != 200 || !strings.Contains(body, "What if, from claims files") || !strings.Contains(body, `value="amendment:4"`) {
		t.Fatalf("the what-if form: %d", st)
	}
	y := strconv.Itoa(year)
	fields := [][2]string{{"period_start", y + "-01-01"}, {"period_end", y + "-12-31"}, {"current", "version:3"}, {"alternative", "amendment:4"},
		{"runout", "3"}, {"truncate", "99"}}
	up := claimsUpload{fields: fields, files: [][3]string{
		{"enrollment", "enrollment.csv", read("enrollment.csv")},
		{"parta_claims_header", "parta_claims_header.csv", read("parta_claims_header.csv")},
		{"partb_physicians", "partb_physicians.csv", read("partb_physicians.csv")},
		{"partb_dme", "", ""},
	}}
	want, err := claims.FromDir(dir, func() claims.Options {
		o := claims.DefaultOptions(year)
		return o
	}())
	if err != nil {
		t.Fatal(err)
	}
	// The generated directory has a DME file the upload leaves out.
	os.Remove(filepath.Join(dir, "partb_dme.csv"))
	if want, err = claims.FromDir(dir, claims.DefaultOptions(year)); err != nil {
		t.Fatal(err)
	}
	st, body = a.postUpload(member, page, up)
	if st != 200 || !strings.Contains(body, `id="comparison"`) || !strings.Contains(body, "Under version 3") || !strings.Contains(body, "Under amendment 4") {
		t.Fatalf("what-if from the files: %d\n%s", st, errorOf(body))
	}
	settled := "$" + settleDisplay(want.ExpenditureCents)
	if !strings.Contains(body, settled) || !strings.Contains(body, groupDigits(want.MemberMonths)) || !strings.Contains(body, "read from the scorecard") {
		t.Errorf("the page does not show the files' expenditure %s, member months %d and the quality measures read", settled, want.MemberMonths)
	}

	// A bad amount on line 3 of the physician file.
	lines := strings.SplitN(read("partb_physicians.csv"), "\n", 4)
	cols := strings.Split(lines[0], ",")
	amt := -1
	for i, c := range cols {
		if c == "CLM_LINE_CVRD_PD_AMT" {
			amt = i
		}
	}
	row := strings.Split(lines[2], ",")
	row[amt] = "12.345"
	lines[2] = strings.Join(row, ",")
	bad := up
	bad.files = append([][3]string{}, up.files...)
	bad.files[2] = [3]string{"partb_physicians", "physicians-2024.csv", strings.Join(lines, "\n")}
	st, body = a.postUpload(member, page, bad)
	if st != 422 || !strings.Contains(body, "Nothing was settled") || !strings.Contains(body, "physicians-2024.csv") ||
		!strings.Contains(body, "line 3") || !strings.Contains(body, "CLM_LINE_CVRD_PD_AMT") || strings.Contains(body, `id="comparison"`) {
		t.Errorf("a bad amount: %d\n%s", st, errorOf(body))
	}
	noEnrollment := up
	noEnrollment.files = up.files[1:]
	if st, body = a.postUpload(member, page, noEnrollment); st != 422 || !strings.Contains(body, "enrollment") {
		t.Errorf("without the enrollment file: %d\n%s", st, errorOf(body))
	}

	// The enrollment file as Parquet, written here with parquet-go.
	recs, err := csv.NewReader(strings.NewReader(read("enrollment.csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []enrollmentRow
	for _, r := range recs[1:] {
		rows = append(rows, enrollmentRow{r[0], r[1], r[2], r[3]})
	}
	var pq bytes.Buffer
	if err := parquet.Write(&pq, rows); err != nil {
		t.Fatal(err)
	}
	withPQ := up
	withPQ.files = append([][3]string{{"enrollment", "enrollment.parquet", pq.String()}}, up.files[1:]...)
	st, body2 := a.postUpload(member, page, withPQ)
	if st != 200 || !strings.Contains(body2, settled) || !strings.Contains(body2, "enrollment.parquet") {
		t.Errorf("with a Parquet enrollment file: %d\n%s", st, errorOf(body2))
	}
}

func errorOf(body string) string {
	if i := strings.Index(body, `id="claims-error"`); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	return "(no error shown)"
}

func settleDisplay(cents int64) string {
	return groupDigits(cents/100) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
