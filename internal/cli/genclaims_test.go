package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenClaims(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "claims")
	env, out := settleEnv()
	args := []string{"claims", "--dir", dir, "--beneficiaries", "50", "--lines", "400", "--seed", "3"}
	if err := cmdGenClaims(context.Background(), env, args); err != nil {
		t.Fatal(err)
	}
	if want := "wrote 50 beneficiaries"; !strings.Contains(out.String(), want) {
		t.Errorf("got %q, want it to mention %q", out, want)
	}
	for _, f := range []string{"enrollment.csv", "parta_claims_header.csv", "partb_physicians.csv", "partb_dme.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"claims"}, "--dir is required"},
		{[]string{"patients", "--dir", dir}, `unknown data set "patients"`},
		{[]string{"claims", "--dir", dir, "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		err := cmdGenClaims(context.Background(), env, tt.args)
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want a usage error mentioning %q", tt.args, err, tt.want)
		}
	}
	err := cmdGenClaims(context.Background(), env, []string{"claims", "--dir", dir, "--beneficiaries", "0"})
	if err == nil || !strings.Contains(err.Error(), "beneficiaries") {
		t.Errorf("zero beneficiaries: got %v, want an error naming beneficiaries", err)
	}
}
