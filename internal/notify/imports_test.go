package notify_test

import (
	"go/build"
	"slices"
	"testing"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/notify"
)

// TestNotifyDoesNotImportJobs keeps delivery apart from the job runner:
// internal/cli wires the handlers notify exposes to internal/jobs.
func TestNotifyDoesNotImportJobs(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(pkg.Imports, "github.com/accord-alliance/accord/internal/jobs") {
		t.Errorf("notify imports internal/jobs (imports %v); expose handlers instead and wire them in internal/cli", pkg.Imports)
	}
}

// TestDeliveryJobs lists what the job queue must run for delivery: every
// kind the store queues for notifications, and the digest schedule's kind.
func TestDeliveryJobs(t *testing.T) {
	var kinds []string
	for _, j := range (&notify.Delivery{}).Jobs() {
		if j.Handle == nil {
			t.Errorf("job %s has no handler", j.Kind)
		}
		kinds = append(kinds, j.Kind)
	}
	want := []string{accord.JobNotifyMail, accord.JobNotifyDigest, accord.JobNotifyDigests, accord.JobWebhookDeliver}
	if !slices.Equal(kinds, want) {
		t.Errorf("jobs = %q, want %q", kinds, want)
	}
	for _, s := range notify.Schedules() {
		if !slices.Contains(kinds, s.Kind) || s.Every <= 0 || s.Name == "" {
			t.Errorf("schedule %+v: want a name, a period and a kind delivery handles", s)
		}
	}
}
