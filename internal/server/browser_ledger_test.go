package server_test

import (
	"testing"
	"time"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserLedger enters the physician group's staff hours on the
// ledger page as its finance lead, disputes them as the plan's executive
// (out of the totals), resolves the dispute with the confirmation box, and
// reads the portfolio with Lakeview over capacity, at a laptop's and a
// phone's width (screenshots in ACCORD_SCREENSHOTS when set).
func TestBrowserLedger(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	sc := a.ledgerScene()
	b := newBrowserTab(t, browser, a.srv.URL)
	ledger := "/a/north-valley/initiatives/" + sc.care.ID + "/ledger"
	b.laptop()

	b.signIn(groupFinance, demo.Password)
	b.open(ledger)
	b.click(`details.addform:has(#x-com) > summary`)
	b.typeIn("#x-hours", "40")
	b.setValue("#x-date", time.Now().UTC().Format(time.DateOnly))
	b.typeIn("#x-note", "March rota")
	b.follow(`form[action$="/contributions"] button[type=submit]`)
	b.wantText(".flash", "Contribution entered: $2,500.00")
	b.wantText("table.ledger", "Awaiting another party's acknowledgement")
	b.signOut()

	b.signIn(planExec, demo.Password)
	b.open(ledger)
	b.click(`table.ledger details:has(input[name=reason]) > summary`)
	b.typeIn(`table.ledger input[name=reason]`, "The rota shows 30 hours.")
	b.follow(`table.ledger form[action$="/dispute"] button[type=submit]`)
	b.wantText("table.ledger", "Disputed", "The rota shows 30 hours.")
	b.wantText("section[aria-labelledby=tot-h]", "$2,500.00")
	b.atBothWidths("ledger-disputed")

	b.click(`table.ledger details:has(input[name=resolution]) > summary`)
	b.click(`table.ledger input[name=resolution][value=upheld]`)
	b.typeIn(`table.ledger input[name=note]`, "The March rota was found.")
	b.tick(`table.ledger input[name=confirm]`)
	b.follow(`table.ledger form[action$="/resolve"] button[type=submit]`)
	b.wantText(".flash", "Dispute resolved.")
	b.wantText("table.ledger", "Dispute resolved: upheld")
	b.wantText("section[aria-labelledby=ret-h]", "Riverside Physician Group", "−$2,500.00")

	b.open("/a/north-valley/portfolio")
	b.wantText("main", "site-months over capacity", "Lakeview")
	b.wantContent("section[aria-labelledby=lg-h]", "Valley Health Plan", "Riverside Physician Group")
	b.atBothWidths("portfolio")
}
