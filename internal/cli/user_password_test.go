package cli

import (
	"strings"
	"testing"

	"github.com/accord-alliance/accord/internal/store"
	"github.com/accord-alliance/accord/internal/store/storetest"
)

// TestUserPasswordRefusesGuessable: the operator's commands apply the
// same password rules as the pages, the person's own name included.
func TestUserPasswordRefusesGuessable(t *testing.T) {
	dsn := storetest.URL(t, store.SQLite)
	if code, _, errs := run(t, "", nil, "migrate", "--database", dsn); code != 0 {
		t.Fatalf("migrate: %d %q", code, errs)
	}
	code, _, errs := run(t, "Password2024!\n", nil, "user", "create", "--database", dsn, "--email", "op@x.example", "--name", "Op", "--password-stdin")
	if code == 0 || !strings.Contains(errs, "too easy to guess") {
		t.Errorf("user create with a well-known password: exit %d, %q; want refused as too easy to guess", code, errs)
	}
	if code, _, errs := run(t, adminPW+"\n", nil, "user", "create", "--database", dsn, "--email", "op@x.example", "--name", "Olga Petrova", "--password-stdin"); code != 0 {
		t.Fatalf("user create: %d %q", code, errs)
	}
	code, _, errs = run(t, "petrova-2026!\n", nil, "user", "set-password", "--database", dsn, "--email", "op@x.example")
	if code == 0 || !strings.Contains(errs, "too easy to guess") {
		t.Errorf("set-password built on the person's name: exit %d, %q; want refused", code, errs)
	}
}
