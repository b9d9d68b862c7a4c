package edge

import (
	"context"
	"slices"
	"time"

	"github.com/accord-alliance/accord/internal/access"
	"github.com/accord-alliance/accord/internal/accord"
)

// PendingCookie carries a pending sign-in: the password was right and the
// second factor (or its enrolment) is still to come. It opens nothing but
// the second step's pages.
const PendingCookie = "accord_pending"

// PendingTTL bounds the second step; EnrolTTL the enrolment of a person
// who must have a second factor and has none.
const (
	PendingTTL = 5 * time.Minute
	EnrolTTL   = 15 * time.Minute
)

// MustHaveSecondFactor reports whether one of the person's alliances asks
// them for a second factor: everyone in it, or its approvers
// (access.ApproverRoles) when they hold such a role there.
func (s *Edge) MustHaveSecondFactor(ctx context.Context, userID string) (bool, error) {
	rules, err := s.Svc.SecondFactorRules(ctx, userID)
	if err != nil {
		return false, err
	}
	approvers := access.ApproverRoles()
	for _, r := range rules {
		if r.Rule == accord.SecondFactorEveryone {
			return true, nil
		}
		if r.Rule == accord.SecondFactorApprovers && slices.ContainsFunc(approvers, r.Roles.Has) {
			return true, nil
		}
	}
	return false, nil
}
