package cli

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/accord-alliance/accord/internal/demo"
	"github.com/accord-alliance/accord/internal/password"
)

func cmdDemo(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "demo", "demo [flags]\n\nCreates the North Valley Care Alliance on a fresh database and serves it.\nBy default the database is a new SQLite file in a temporary folder, removed on exit.")
	var f serveFlags
	if err := f.register(fs, env); err != nil {
		return err
	}
	fs.Lookup("database").DefValue = "a new temporary SQLite file"
	explicit := false
	if err := fs.Parse(args); err != nil {
		return err
	}
	fs.Visit(func(fl *flag.Flag) { explicit = explicit || fl.Name == "database" })
	if !explicit {
		dir, err := os.MkdirTemp("", "accord-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		f.db.database = filepath.Join(dir, "demo.db")
	}
	db, err := f.db.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	hash, err := password.Hash(demo.Password, password.Default)
	if err != nil {
		return err
	}
	res, err := demo.Generate(ctx, db, hash, env.Now())
	if err != nil {
		return err
	}
	// Evaluate once, as the nightly job would, so the demo opens with its signals.
	if err := evaluateAllSignals(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
		return err
	}
	return runServer(ctx, env, &f, f.config(), db, func(addr string) {
		printLogins(env, "http://"+addr, res)
	})
}

func printLogins(env *Env, url string, res demo.Result) {
	fmt.Fprintf(env.Stdout, "\naccord demo is running at %s/a/%s\n\nSign in with any of these accounts; the password of each is %s\n\n", url, res.AllianceSlug, demo.Password)
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  E-MAIL\tNAME\tPARTY\tROLES")
	for _, l := range res.Logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", l.Email, l.Name, l.Party, l.Roles)
	}
	tw.Flush()
	fmt.Fprintln(env.Stdout, "\nadmin@accord-demo.example is also an installation admin.")
	if res.Concerns.Receipt != "" {
		fmt.Fprintf(env.Stdout, "\nTo try the anonymous reporter's follow-up, open %s/concern (no sign-in) with the alliance %s\nand the receipt code %s of one of the demo's anonymous concerns.\n",
			url, res.AllianceSlug, res.Concerns.Receipt)
	}
	fmt.Fprintln(env.Stdout, "\nPress Ctrl+C to stop.")
}
