package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/accord-alliance/accord/internal/accord"
)

const intakeUsage = `intake <show|rotate|disable> --alliance SLUG [flags]

  show     whether the alliance's concerns intake link is on, since when and by whom (never the link)
  rotate   turn the link on, or replace it (the old link stops working), and print the new link once
           [--base-url URL]
  disable  turn the link off (it stops working)`

// cmdIntake manages an alliance's concerns intake link from the command
// line (docs/concerns.md#the-intake-link), for operators who set an
// alliance up before anyone signs in. Each change is audited as made by
// accord (cli).
func cmdIntake(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return usageErrorf("%s", intakeUsage)
	}
	sub := args[0]
	fs := newFlagSet(env, "intake "+sub, intakeUsage)
	if isHelp(args) {
		return fs.Parse([]string{"--help"})
	}
	var f dbFlags
	f.register(fs, env)
	slug := fs.String("alliance", "", "the alliance's short name")
	baseURL := fs.String("base-url", envDefault(env, "ACCORD_BASE_URL", "http://127.0.0.1:8080"), "public URL for the link (rotate)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch sub {
	case "show", "rotate", "disable":
	default:
		return usageErrorf("unknown intake command %q\n\n%s", sub, intakeUsage)
	}
	if *slug == "" {
		return usageErrorf("--alliance is required")
	}
	db, err := f.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := db.AllianceBySlug(ctx, *slug)
	if err != nil {
		return err
	}
	actor := accord.SystemActor("cli")
	switch sub {
	case "show":
		in, err := db.ConcernIntake(ctx, a.ID)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			fmt.Fprintf(env.Stdout, "the intake link of %s is off\n", a.Name)
			return nil
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "the intake link of %s is on: made %s by %s\n", a.Name, in.CreatedAt.UTC().Format("2 Jan 2006 15:04 UTC"), in.CreatedByName)
	case "rotate":
		token, _, err := db.EnableConcernIntake(ctx, actor, a.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s/intake/%s\n", strings.TrimRight(*baseURL, "/"), token)
		fmt.Fprintln(env.Stderr, "This link is shown only this once; any link before it no longer works.")
	case "disable":
		if err := db.DisableConcernIntake(ctx, actor, a.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "the intake link of %s is turned off\n", a.Name)
	}
	return nil
}
