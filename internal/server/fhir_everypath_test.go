package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/cli"
	"github.com/accord-alliance/accord/internal/store"
)

// publishedKPIs are the KPIs the published-shape fixtures report to, by
// key: their Measure URLs are the fixtures' (docs/fhir.md, "Fixtures and
// the published examples they follow"). None takes "stratum" as its own
// dimension, so every stratum's segment is named after its stratifier.
var publishedKPIs = []accord.KPI{
	{Key: "cms146", Name: "Pharyngitis testing", Unit: accord.UnitPercent, Frequency: accord.Quarterly, IsRatio: true, SegmentBy: "stratum",
		MeasureURL: "http://hl7.org/fhir/Measure/CMS146"},
	{Key: "col", Name: "Colorectal screening", Unit: accord.UnitPercent, Frequency: accord.Yearly, IsRatio: true, SegmentBy: "gender", MeasureURL: colMeasure},
	{Key: "exm104", Name: "Stroke discharge on antithrombotics", Unit: accord.UnitPercent, Frequency: accord.Yearly, IsRatio: true,
		MeasureURL: "http://ecqi.healthit.gov/ecqms/Measure/EXM104"},
	{Key: "encounters", Name: "Encounters", Unit: accord.UnitCount, Frequency: accord.Yearly, MeasureURL: "http://example.org/fhir/Measure/CohortEncounters"},
	{Key: "hba1c-control", Name: "HbA1c control", Unit: accord.UnitPercent, Frequency: accord.Monthly, IsRatio: true, SegmentBy: "clinic",
		MeasureURL: "https://measures.accord-alliance.example/Measure/diabetes-hba1c-control"},
}

// leftOutPart is one part a fixture's import must list as left out.
type leftOutPart struct {
	line           int
	field, message string
}

// publishedCases are the fixtures in the order each path imports them,
// with what each must store (KPI, segment and figure, in the KPI's
// current figures once it is imported) and the parts it must list as left
// out. Fixtures of one Measure follow one another, so each import revises
// what the one before it stored; each is checked against its own figures.
var publishedCases = []struct {
	file    string
	stored  []string // "kpi segment=figure", figure num/den or a value
	leftOut []leftOutPart
}{
	{file: "r4-cms146-cat3.json", stored: []string{
		"cms146 =200/400",
		"cms146 stratifier-ages-up-to-9: true=100/200", "cms146 stratifier-ages-up-to-9: false=100/200",
		"cms146 stratifier-ages-10-plus: true=100/200", "cms146 stratifier-ages-10-plus: false=100/200",
		"cms146 stratifier-gender: male=100/200", "cms146 stratifier-gender: female=100/200",
		"cms146 stratifier-gender: other=0/0", "cms146 stratifier-gender: unknown=0/0",
	}},
	{file: "r4-cms146-cat1.json", stored: []string{
		"cms146 =1/1",
		"cms146 stratifier-ages-up-to-9: true=1/1", "cms146 stratifier-ages-up-to-9: false=0/0",
		"cms146 stratifier-gender: male=1/1", "cms146 stratifier-gender: female=0/0",
		"cms146 stratifier-gender: other=0/0", "cms146 stratifier-gender: unknown=0/0",
	}},
	{file: "deqm-individual-bundle.json", stored: []string{"col =1/2", "col female=1/1", "col male=0/1"},
		leftOut: []leftOutPart{{3, "status", "MeasureReport/measurereport-col-patient03: status is pending: the figures are not final yet"}}},
	{file: "deqm-summary.json", stored: []string{"col =250/480"}},
	{file: "deqm-stratified.json", stored: []string{
		"col =250/480", "col female=140/250", "col male=110/230", "col unknown=0/0",
		"col age band: 50-64=140/288", "col age band: 65-75=110/192",
	}, leftOut: []leftOutPart{
		{1, "group[0].stratifier[1].stratum[2].population", "left out: has no numerator population"},
		{1, "group[0].stratifier[1].stratum[2].population", "left out: has no denominator or initial-population population"},
	}},
	{file: "cqf-aggregate-bundle.json", stored: []string{"exm104 =9/11", "encounters =1379"},
		leftOut: []leftOutPart{{3, "period", "MeasureReport/cqf-quarter: the report's period 2020-01-01 to 2020-03-31 is the quarterly period 2020-Q1, but KPI exm104 is yearly"}}},
	{file: "summary-clinic-age.json", stored: []string{
		"hba1c-control =474/665",
		"hba1c-control clinic: north · age band: 18-64=121/172", "hba1c-control clinic: north · age band: 65+=86/121",
		"hba1c-control clinic: riverside · age band: 18-64=159/218", "hba1c-control clinic: riverside · age band: 65+=108/154",
	}},
}

// importAnswer is what the API and `accord import observations --json`
// answer: the import's report with the parts left out.
type importAnswer struct {
	Rows    int               `json:"rows"`
	New     int               `json:"new"`
	Revised int               `json:"revised"`
	Errors  []accord.RowError `json:"errors"`
	LeftOut []accord.RowError `json:"left_out"`
}

// TestFHIRPublishedFixturesEveryPath imports every published-shape fixture
// (the R4 CMS146 summary and individual examples, the Da Vinci DEQM
// individual, summary and stratified examples, clinical-reasoning's
// aggregate reports and a summary whose strata have components) through
// the import page, the API and the command line, each into an alliance of
// its own on the same server, on both databases, and checks that each
// stores what the fixture says per stratum and component, 0 of 0 kept, and
// lists the parts left out with their line, field and reason.
func TestFHIRPublishedFixturesEveryPath(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			a := newApp(t, d)
			admin := roleAccounts["admin"]
			tok := a.token(admin, "write")
			c := a.login(admin)
			paths := []struct {
				name string
				send func(t *testing.T, slug, file, content string) importAnswer
			}{
				{"page", func(t *testing.T, slug, file, content string) importAnswer {
					return importByPage(t, a, c, slug, file, content)
				}},
				{"api", func(t *testing.T, slug, file, content string) importAnswer {
					status, b := rawAPI(t, a, "POST", "/api/v1/alliances/"+slug+"/imports?filename="+file, tok, content, "application/fhir+json")
					var ans importAnswer
					if err := json.Unmarshal(b, &ans); err != nil || status != http.StatusCreated {
						t.Fatalf("status %d %s: %v", status, b, err)
					}
					return ans
				}},
				{"cli", func(t *testing.T, slug, file, content string) importAnswer {
					var out, errs bytes.Buffer
					env := &cli.Env{Stdout: &out, Stderr: &errs, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }, Now: time.Now}
					path := filepath.Join("..", "fhir", "testdata", file)
					if code := cli.Run(context.Background(), env, []string{"import", "observations", "--database", a.dsn, "--alliance", slug, "--json", path}); code != 0 {
						t.Fatalf("exit %d: %s %s", code, out.String(), errs.String())
					}
					var ans importAnswer
					if err := json.Unmarshal(out.Bytes(), &ans); err != nil {
						t.Fatalf("decode %s: %v", out.String(), err)
					}
					return ans
				}},
			}
			for _, p := range paths {
				slug := "fhir-" + p.name
				kpis := a.publishedAlliance(slug, admin)
				for _, tc := range publishedCases {
					t.Run(p.name+"/"+tc.file, func(t *testing.T) {
						ans := p.send(t, slug, tc.file, fixture(t, tc.file))
						if len(ans.Errors) > 0 || ans.New+ans.Revised == 0 {
							t.Fatalf("report %+v; want figures written, no errors", ans)
						}
						checkLeftOut(t, tc.file, ans.LeftOut, tc.leftOut)
						got := map[string]string{}
						for key, k := range kpis {
							for seg, o := range current(t, a, k) {
								got[key+" "+seg] = figureOf(o)
							}
						}
						for _, want := range tc.stored {
							at := strings.LastIndex(want, "=")
							if g, ok := got[want[:at]]; !ok || g != want[at+1:] {
								t.Errorf("stored %s: got %q (present %v), want %s", want[:at], g, ok, want[at+1:])
							}
						}
					})
				}
			}
		})
	}
}

// figureOf writes an observation's figure as the cases do.
func figureOf(o accord.Observation) string {
	if o.Numerator != nil && o.Denominator != nil {
		return o.Numerator.String() + "/" + o.Denominator.String()
	}
	if o.Value != nil {
		return o.Value.String()
	}
	return "none"
}

// checkLeftOut compares the parts an import listed as left out with those
// the fixture must give, by line, field and the start of the reason.
func checkLeftOut(t *testing.T, file string, got []accord.RowError, want []leftOutPart) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("left out %+v; want %d parts", got, len(want))
		return
	}
	for i, w := range want {
		g := got[i]
		if g.File != file || g.Line != w.line || g.Field != w.field || !strings.Contains(g.Message, w.message) {
			t.Errorf("left out %d: got %s:%d %s %q; want line %d, field %s, reason with %q", i, g.File, g.Line, g.Field, g.Message, w.line, w.field, w.message)
		}
	}
}

// publishedAlliance makes an alliance of one party, of which the person
// is an admin, with the KPIs the fixtures report to, proposed (and so
// approved) in 2013 so that they take the CMS146 examples' 2014 figures
// (a KPI takes figures back to ten years before its proposal).
func (a *app) publishedAlliance(slug, email string) map[string]accord.KPI {
	a.t.Helper()
	ctx, actor := context.Background(), accord.SystemActor("test")
	al := accord.Alliance{Slug: slug, Name: "FHIR " + slug}
	if err := a.db.CreateAlliance(ctx, actor, &al); err != nil {
		a.t.Fatal(err)
	}
	o, err := a.db.EnsureOrganization(ctx, actor, "Org of "+slug)
	if err != nil {
		a.t.Fatal(err)
	}
	p := accord.Party{AllianceID: al.ID, OrgID: o.ID, Role: accord.PartyProvider}
	if err := a.db.AddParty(ctx, actor, &p); err != nil {
		a.t.Fatal(err)
	}
	u, _, err := a.db.UserByEmail(ctx, email)
	if err != nil {
		a.t.Fatal(err)
	}
	if err := a.db.AddMember(ctx, actor, &accord.Membership{AllianceID: al.ID, UserID: u.ID, PartyID: p.ID, Roles: accord.Roles{accord.RoleAdmin}}); err != nil {
		a.t.Fatal(err)
	}
	out := map[string]accord.KPI{}
	then := a.db.AtTime(time.Date(2013, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, k := range publishedKPIs {
		k.AllianceID, k.OwnerPartyID, k.Category, k.Direction = al.ID, p.ID, accord.CatQuality, accord.HigherIsBetter
		if err := then.ProposeKPI(ctx, actor, p.ID, &k); err != nil || k.Status != accord.KPIApproved {
			a.t.Fatalf("KPI %s: %v, status %s", k.Key, err, k.Status)
		}
		out[k.Key] = k
	}
	return out
}

// importByPage uploads a file on the alliance's import page, read in parts
// as the page reads by default, confirms the preview and returns what the
// result page says: its rows new and revised and the parts it lists as
// left out, which must be those the preview listed.
func importByPage(t *testing.T, a *app, c *http.Client, slug, file, content string) importAnswer {
	t.Helper()
	page := "/a/" + slug + "/import"
	send := func(path string, body *bytes.Buffer, ctype string) string {
		req, _ := http.NewRequest("POST", a.srv.URL+path, body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Origin", a.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b := readAll(t, resp)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: status %d", path, resp.StatusCode)
		}
		return b
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", file)
	fw.Write([]byte(content))
	mw.Close()
	preview := send(page, &body, mw.FormDataContentType())
	m := regexp.MustCompile(`action="` + page + `/([0-9a-f-]+)"`).FindStringSubmatch(preview)
	if m == nil {
		t.Fatalf("no preview to confirm: %s", preview)
	}
	result := send(page+"/"+m[1], &bytes.Buffer{}, "application/x-www-form-urlencoded")
	ans := importAnswer{LeftOut: leftOutRows(file, result)}
	if !slices.Equal(ans.LeftOut, leftOutRows(file, preview)) {
		t.Errorf("the result lists %+v as left out, the preview %+v", ans.LeftOut, leftOutRows(file, preview))
	}
	counts := regexp.MustCompile(`✓ Imported [^<]*</h2>\s*<p>(\d+) rows: (\d+) new, (\d+) corrections`).FindStringSubmatch(result)
	if counts == nil {
		t.Fatalf("the result page does not say what was imported: %s", result)
	}
	ans.Rows, _ = strconv.Atoi(counts[1])
	ans.New, _ = strconv.Atoi(counts[2])
	ans.Revised, _ = strconv.Atoi(counts[3])
	return ans
}

// leftOutRows reads the page's table of parts left out.
func leftOutRows(file, page string) []accord.RowError {
	var out []accord.RowError
	re := regexp.MustCompile(`<tr><td data-label="Line" class="mono">(\d+)</td><td data-label="Field" class="mono">([^<]*)</td><td data-label="Reason">([^<]*)</td></tr>`)
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		line, _ := strconv.Atoi(m[1])
		out = append(out, accord.RowError{File: file, Line: line, Field: html.UnescapeString(m[2]), Message: html.UnescapeString(m[3])})
	}
	return out
}
