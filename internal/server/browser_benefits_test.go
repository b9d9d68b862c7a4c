package server_test

import (
	"testing"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserBenefits proposes a share of the agreement's shared savings
// for the demo's care-manager programme as the physician group's finance
// lead, approves it behind the confirmation box as the plan's, and reads
// the ledger's benefits and returns with money coming back, at a laptop's
// and a phone's width (screenshots in ACCORD_SCREENSHOTS when set); then
// the telehealth pilot's clinical lead reviews its ROI assessment with
// concerns.
func TestBrowserBenefits(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	b := newBrowserTab(t, browser, a.srv.URL)
	care := "/a/north-valley/initiatives/" + a.demo.Portfolio.CareManager + "/ledger"
	b.laptop()

	b.signIn(groupFinance, demo.Password)
	b.open(care)
	b.wantText("section[aria-labelledby=ben-h]", "HbA1c control", "valued at $150.00 a case", "Agreed")
	b.click(`details.addform:has(#s-pct) > summary`)
	b.typeIn("#s-pct", "10")
	b.follow(`form:has(#s-pct) button[type=submit]`)
	b.wantText(".flash", "Benefit proposed")
	b.wantText("section[aria-labelledby=ben-h]", "10% of the shared savings", "Proposed by Marcus Bell")
	b.signOut()

	b.signIn(planFinance, demo.Password)
	b.open(care)
	b.tick(`form[action$="/approve"] input[name=confirm]`)
	b.follow(`form[action$="/approve"] button[type=submit]`)
	b.wantText(".flash", "Benefit approved")
	b.wantText("section[aria-labelledby=ret-h]", "Valley Health Plan", "Riverside Physician Group")
	b.wantText("section[aria-labelledby=roi-h]", "The clinical lead agrees")
	b.atBothWidths("ledger-benefits")
	b.signOut()

	b.signIn("samuel.kim@riversidepg.example", demo.Password)
	b.open("/a/north-valley/initiatives/" + a.demo.Portfolio.Telehealth + "/ledger")
	b.wantText("section[aria-labelledby=roi-h]", "Awaiting the clinical lead's review")
	b.click(`section[aria-labelledby=roi-h] input[name=review][value=concerns]`)
	b.typeIn(`section[aria-labelledby=roi-h] textarea[name=note]`, "Video visits replace visits; they do not all save one.")
	b.tick(`section[aria-labelledby=roi-h] input[name=confirm]`)
	b.follow(`form[action$="/review"] button[type=submit]`)
	b.wantText(".flash", "Review recorded")
	b.wantText("section[aria-labelledby=roi-h]", "The clinical lead has concerns", "do not all save one")
	b.atBothWidths("ledger-review")
}
