package cli

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/claims"
)

// cmdGenClaims writes a synthetic, realistic claims data set in the CCLF
// layout, for tests and benchmarks: accord gen claims --dir DIR.
func cmdGenClaims(_ context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "claims" {
		args = args[1:]
	} else if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		return usageErrorf("unknown data set %q: accord gen claims --dir DIR", args[0])
	}
	flags := newFlagSet(env, "gen claims", "gen claims --dir DIR [--beneficiaries N] [--lines N] [--year YYYY] [--seed N]")
	dir := flags.String("dir", "", "directory to write enrollment.csv and the claims files to (created if missing)")
	benes := flags.Int("beneficiaries", 1000, "number of beneficiaries")
	lines := flags.Int("lines", 10000, "number of claim lines (Part A headers, Part B physician and DME lines)")
	year := flags.Int("year", 2022, "performance year")
	seed := flags.Uint64("seed", 1, "random seed: the same seed and sizes give the same files")
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case flags.NArg() > 0:
		return usageErrorf("unexpected argument %q", flags.Arg(0))
	case *dir == "":
		return usageErrorf("--dir is required")
	}
	st, err := claims.Generate(*dir, claims.GenOptions{Beneficiaries: *benes, Lines: *lines, Year: *year, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %d beneficiaries (%d enrollment rows) and %d claim lines for %d to %s\n",
		st.Beneficiaries, st.EnrollmentRows, st.Lines, *year, *dir)
	return nil
}
