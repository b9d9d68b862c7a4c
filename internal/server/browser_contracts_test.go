package server_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/accord-alliance/accord/internal/claims"
	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// The executives who sign the demo's contract for each party.
const (
	execValley    = "admin@accord-demo.example" // Morgan Ellis, also the alliance admin
	execRiverside = "elena.vasquez@riversidepg.example"
	execCedar     = "jonathan.reyes@cedarridge.example"
	execBright    = "leo.brandt@brightline.example"
	financeValley = "priya.raman@valleyhealthplan.example"
)

// amendedTermsYAML is the demo agreement's terms with a 1% minimum savings
// rate, written as YAML the way a person amends them.
const amendedTermsYAML = `# The demo agreement's terms, amended: MSR down to 1%.
name: north-valley-shared-savings
title: North Valley shared savings
benchmark: {source: target_pmpm, target_pmpm: 470}
savings:
  minimum: {method: fixed, rate: "1%", apply: gate}   # was 1.5%
  rate: 0.5
  quality: gate
  cap: 0.10
quality_gate:
  measures:
    - {kpi: hba1c-control, label: HbA1c control (<8%), at_least: 0.60}
    - {kpi: readmissions-30d, label: 30-day readmissions, at_most: 0.15}
    - {kpi: breast-cancer-screening, label: Breast cancer screening, at_least: 0.70}
  minimum_passing: 2
parties:
  - {name: Riverside Physician Group, role: provider, share: 0.70}
  - {name: Cedar Ridge Health Partners, role: investor, share: 0.20}
  - {name: Brightline Telehealth, role: vendor, share: 0.10}
rounding: {mode: half_up, final: cent}
citations:
  minimum_savings_rate: Agreement §4.2
  sharing_rate: Agreement §4.3
  quality_standard: Agreement §5.1
`

// TestBrowserContracts drives the amendment and settlement flows in
// headless Chromium: propose an amendment with YAML terms and read its
// diff, sign it off as each party's executive until it is adopted,
// withdraw a stale one, settle a period with the quality gate read from the
// scorecard and open its worksheet, and compare two sets of terms from
// uploaded claims files; each page at a phone's width too.
func TestBrowserContracts(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	t.Run("amendment", func(t *testing.T) { browserFlowAmendment(t, newBrowserTab(t, browser, a.srv.URL), a) })
	t.Run("settlement", func(t *testing.T) { browserFlowSettle(t, newBrowserTab(t, browser, a.srv.URL), a) })
	t.Run("what-if from claims", func(t *testing.T) { browserFlowClaimsWhatIf(t, newBrowserTab(t, browser, a.srv.URL), a) })
}

const contractPage = "/a/north-valley/contracts/shared-savings"

// phone sets a phone's viewport; laptop sets it back.
func (b *tab) phone() {
	b.do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
}
func (b *tab) laptop() { b.do("laptop", chromedp.EmulateViewport(1366, 900)) }

// atBothWidths screenshots the current page at a laptop's and a phone's
// width, and checks it fits the phone.
func (b *tab) atBothWidths(name string) {
	b.t.Helper()
	dir := os.Getenv("ACCORD_SCREENSHOTS")
	b.shot(dir, "laptop-"+name)
	b.phone()
	b.fitsWidth("phone "+name, 390)
	b.shot(dir, "phone-"+name)
	b.laptop()
}

// wantContent is wantText on the text as written, before the style sheet
// upper-cases headings and badges.
func (b *tab) wantContent(sel string, want ...string) {
	b.t.Helper()
	got := b.textContent(sel)
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Fatalf("%s: got text %q, want it to contain %q", sel, got, w)
		}
	}
}

// lineNumbersOnOneLine checks that no line number of a diff wraps (19 shown
// as 1 over 9 in a narrow column).
func (b *tab) lineNumbersOnOneLine() {
	b.t.Helper()
	wrapped := tabRun(b, "measure line numbers", chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.diff td.ln")]
		.filter(td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1 })
		.map(td => td.textContent)`))
	if len(wrapped) > 0 {
		b.t.Errorf("diff line numbers %q wrap onto more than one line", wrapped)
	}
}

func (b *tab) setValue(sel, v string) {
	b.t.Helper()
	b.do("set "+sel, chromedp.SetValue(chromedp.CSS(sel), v))
}

func browserFlowAmendment(t *testing.T, b *tab, a *app) {
	next := strconv.Itoa(time.Now().Year() + 2)
	b.signIn(execValley, demo.Password)
	b.open(contractPage)
	b.click(`details.addform > summary`) // the review form is first; the amendment form is the last details
	b.click(`details.card.addform > summary`)
	b.typeIn("#a-summary", "Lower the minimum savings rate to 1%")
	b.setValue("#a-from", next+"-01-01")
	b.setValue("#a-terms", amendedTermsYAML)
	b.follow(`details.card.addform button[type=submit]`)
	b.wantText(".flash", "Amendment proposed")
	b.wantContent("main h1", "Amendment 5 to version 3", "proposed")
	b.wantText("#tm-h + p", "written as YAML")
	b.wantContent("section[aria-labelledby=tm-h] table.diff", `"rate": "0.01"`, `"rate": "0.015"`)
	b.wantText("ul.signoffs", "Valley Health Plan", "Morgan Ellis", "not yet signed")
	b.atBothWidths("amendment-proposed")
	b.phone()
	b.lineNumbersOnOneLine()
	b.laptop()
	b.signOut()

	for i, email := range []string{execRiverside, execCedar, execBright} {
		b.signIn(email, demo.Password)
		b.open(contractPage + "/amendments/5")
		b.follow(`form[action$="/amendments/5/sign"] button`)
		b.wantText(".flash", "Signed off for")
		if i == 2 {
			b.wantText(".flash", "Every party has signed: version 4 governs from 1 Jan "+next)
			b.wantContent("main h1", "adopted")
			b.atBothWidths("amendment-adopted")
		}
		if i < 2 {
			b.signOut()
		}
	}
	// Brightline proposed amendment 4, which version 4 has overtaken: it
	// withdraws it.
	b.open(contractPage + "/amendments/4")
	b.click("#withdraw > summary")
	b.typeIn("#w-reason", "Overtaken by amendment 5; to be proposed again against version 4")
	b.wantText("#withdraw label.confirm", "Withdraw amendment 4?", "This cannot be undone")
	b.click(`#withdraw input[name=confirm]`)
	b.follow(`#withdraw button[type=submit]`)
	b.wantText(".flash", "Amendment 4 withdrawn")
	b.wantContent("main h1", "withdrawn")
	b.wantText("#sign-h + p", "Withdrawn by Leo Brandt")
	b.wantAbsent(`form[action$="/amendments/4/sign"]`)
	b.atBothWidths("amendment-withdrawn")

	b.open(contractPage + "?v=4")
	b.wantContent("ol.versions", "Version 4")
	b.wantContent("section[aria-labelledby=am-h]", "withdrawn by Leo Brandt")
	b.click(`section[aria-labelledby=terms-h] details > summary`)
	b.wantText(`section[aria-labelledby=terms-h]`, "The terms as written (YAML)", "# was 1.5%")
	b.atBothWidths("contract-version-4")
}

func browserFlowSettle(t *testing.T, b *tab, a *app) {
	last := strconv.Itoa(time.Now().Year() - 1)
	b.signIn(financeValley, demo.Password)
	b.open(contractPage)
	b.click("#settle > summary")
	b.wantText("#quality-gate", "Quality gate of version", "read from the scorecard")
	b.setValue("#s-from", last+"-07-01")
	b.setValue("#s-to", last+"-12-31")
	b.follow(`#settle button[formmethod=get]`)
	b.wantVisible("#quality-gate")
	b.wantText("#quality-gate", "over 6 monthly periods, "+last+"-07 to "+last+"-12", "pass")
	if got := b.value("#s-from"); got != last+"-07-01" {
		t.Errorf("period start after reading the scorecard: %q", got)
	}
	b.atBothWidths("settle-form-gate")
	b.typeIn("#s-mm", "232800")
	b.typeIn("#s-act", "106500000")
	b.follow(`#settle button.primary`)
	// The confirmation says what will be recorded and what happens next.
	b.wantContent("main h1", "Settle 1 Jul "+last+" – 31 Dec "+last+"?")
	b.wantContent("main", "draft", "Brightline Telehealth", "cannot be settled again")
	b.atBothWidths("settle-confirm")
	b.follow(`main form button.primary`)
	b.wantText(".flash", "Settled under version 3")
	b.wantText("main h1", "1 Jul "+last+" – 31 Dec "+last)
	b.wantContent("main .status-line", "Draft — awaiting sign-off by Brightline Telehealth, Cedar Ridge Health Partners, Riverside Physician Group, Valley Health Plan")
	ws := b.textContent("table.worksheet")
	for _, want := range []string{"Quality measure HbA1c control", "Quality standard met", "measures pass"} {
		if !strings.Contains(ws, want) {
			t.Errorf("the worksheet lacks %q", want)
		}
	}
	b.atBothWidths("settlement-from-gate")
	b.signOut()

	// The demo's latest year awaits Brightline: its executive signs it off.
	b.signIn(execBright, demo.Password)
	b.open(contractPage)
	b.wantContent("table.settlements", "Needs your sign-off")
	b.follow(`table.settlements tbody tr:nth-child(2) a`) // the demo's year, after the half-year just settled
	b.wantContent("main .status-line", "Draft — awaiting sign-off by Brightline Telehealth")
	b.wantContent("ul.signoffs", "Cedar Ridge Health Partners", "awaiting sign-off")
	b.atBothWidths("settlement-draft")
	b.follow(`form[action$="/sign-off"] button`)
	b.wantContent("main h1", "Sign off", "for Brightline Telehealth?")
	b.atBothWidths("settlement-signoff-confirm")
	b.follow(`main form button.primary`)
	b.wantText(".flash", "the settlement is final")
	b.wantContent("main .status-line", "Final")
	b.signOut()
}

func browserFlowClaimsWhatIf(t *testing.T, b *tab, a *app) {
	year := time.Now().Year() - 1
	dir := t.TempDir()
	if _, err := claims.Generate(dir, claims.GenOptions{Beneficiaries: 500, Lines: 6000, Year: year, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	b.signIn(browserMemberEmail, demo.Password)
	b.open(contractPage)
	b.follow(`a[href="` + contractPage + `/what-if"]`)
	b.wantText("main h1", "What if, from claims files")
	y := strconv.Itoa(year)
	b.setValue("#w-from", y+"-01-01")
	b.setValue("#w-to", y+"-12-31")
	for sel, name := range map[string]string{"#w-enr": "enrollment.csv", "#w-pa": "parta_claims_header.csv", "#w-pb": "partb_physicians.csv", "#w-dme": "partb_dme.csv"} {
		b.do("choose "+name, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{filepath.Join(dir, name)}))
	}
	b.follow(`#claims-form button[type=submit]`)
	b.wantContent("#comparison", "Under version", "Shared savings")
	b.wantContent("#from-files", "Member months", "Claim lines read", "6,000")
	b.atBothWidths("whatif-claims")

	// A file with a bad line: the page names the file, the line and the field.
	bad := filepath.Join(dir, "bad-physicians.csv")
	data, _ := os.ReadFile(filepath.Join(dir, "partb_physicians.csv"))
	lines := strings.SplitN(string(data), "\n", 3)
	os.WriteFile(bad, []byte(lines[0]+"\n"+strings.Replace(lines[1], ",", ",\"", 1)+"\n"), 0o600)
	b.setValue("#w-from", y+"-01-01")
	b.setValue("#w-to", y+"-12-31")
	b.do("choose the enrollment", chromedp.SetUploadFiles(chromedp.CSS("#w-enr"), []string{filepath.Join(dir, "enrollment.csv")}))
	b.do("choose the bad file", chromedp.SetUploadFiles(chromedp.CSS("#w-pb"), []string{bad}))
	b.follow(`#claims-form button[type=submit]`)
	b.wantText("#claims-error", "Nothing was settled", "bad-physicians.csv", "line 2")
	b.atBothWidths("whatif-claims-error")
}
