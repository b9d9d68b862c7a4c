package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-alliance/accord/internal/accord"
)

// readBefore is how far back the demo's people have read their inbox.
const readBefore = 14 * 24 * time.Hour

// Inbox leaves the demo's people an inbox as two years of use would: the
// notifications the story wrote through the same store paths as real
// events (votes opened, action items given, concerns raised and escalated,
// amendments to sign) are read up to two weeks ago, and the recent ones
// wait unread. The nightly evaluation `accord demo` runs next adds the
// signals', e-mailed (when a relay is set) as one message per person.
func Inbox(ctx context.Context, svc accord.Services, allianceID string, now time.Time) error {
	members, err := svc.ListMembers(ctx, allianceID)
	if err != nil {
		return fmt.Errorf("demo inbox: %w", err)
	}
	then := svc
	if tt, ok := svc.(timeTraveller); ok {
		then = tt.AtTime(now.Add(-readBefore))
	}
	for _, m := range members {
		if _, err := then.MarkAllNotificationsRead(ctx, allianceID, m.UserID); err != nil {
			return fmt.Errorf("demo inbox: %w", err)
		}
	}
	return nil
}
