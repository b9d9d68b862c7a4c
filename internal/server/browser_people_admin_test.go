package server_test

import (
	"testing"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/store"
)

// TestBrowserPeopleAdmin: the installation admin goes from the home page
// to the people of the installation, finds Sofia, opens her page and
// erases her identity with the confirmation box ticked, at a laptop's and
// a phone's width (screenshots in ACCORD_SCREENSHOTS when set).
func TestBrowserPeopleAdmin(t *testing.T) {
	browser := startBrowser(t)
	a := newApp(t, store.SQLite)
	b := newBrowserTab(t, browser, a.srv.URL)
	b.laptop()
	b.signIn(roleAccounts["admin"], demo.Password)
	b.open("/")
	b.follow(`a[href="/admin/people"]`)
	b.typeIn("#q", "marin")
	b.follow(`form[role=search] button[type=submit]`)
	b.wantText("table.people", "Sofia Marin")
	b.atBothWidths("people-admin")
	b.follow(`table.people a[href^="/admin/people/"]`)
	b.wantText("main", "What accord holds", "Export as JSON", "Not in the export")
	b.atBothWidths("person-admin")
	b.tick(`form[action$="/erase"] input[name=confirm]`)
	b.follow(`form[action$="/erase"] button[type=submit]`)
	b.wantText(".flash", "identity has been erased", "Former member")
	b.wantText("main", "Identity erased")
	b.wantAbsent(`form[action$="/erase"]`)
	b.atBothWidths("person-erased")
}
