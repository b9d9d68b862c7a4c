package access_test

import (
	"slices"
	"testing"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// TestApproverRoles are the roles that approve money and contracts, as the
// policy has them: those the People page names for the "approvers"
// second-factor rule (admins, executives, finance).
func TestApproverRoles(t *testing.T) {
	got := access.ApproverRoles()
	slices.Sort(got)
	want := []accord.Role{accord.RoleAdmin, accord.RoleExecutive, accord.RoleFinance}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("approver roles %v, want %v", got, want)
	}
}
