package cli

import (
	"context"
	"fmt"

	"github.com/accord-alliance/accord/internal/accord"
	"github.com/accord-alliance/accord/internal/store"
)

func cmdMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "migrate", "migrate [--database DB]\n\nApplies the schema migrations embedded in this binary. serve also does this at start-up.")
	var f dbFlags
	f.register(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := store.Open(ctx, f.database, store.Options{Now: env.Now})
	if err != nil {
		return err
	}
	defer db.Close()
	done, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(done) == 0 {
		fmt.Fprintln(env.Stdout, "the database schema is up to date")
	}
	for _, m := range done {
		fmt.Fprintf(env.Stdout, "applied %s\n", m)
	}
	return nil
}

func cmdBackup(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "backup", "backup [--database DB] FILE\n\nWrites a consistent copy of the running database to FILE (SQLite: VACUUM INTO; PostgreSQL: pg_dump custom format).")
	var f dbFlags
	f.register(fs, env)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("backup needs exactly one argument: the file to write")
	}
	db, err := f.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backup written to %s\n", fs.Arg(0))
	return nil
}

func cmdAudit(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "audit verify", "audit verify [--database DB] [--against CHECKPOINT]\n\nChecks every entry of the audit trail against its hash chain; exits 1 if anything was edited or removed.\nWith --against, also proves that the trail still extends a checkpoint a party downloaded and kept.")
	if isHelp(args) {
		return fs.Parse([]string{"--help"})
	}
	if len(args) == 0 || args[0] != "verify" {
		return usageErrorf("usage: accord audit verify [--database DB] [--against CHECKPOINT]")
	}
	var f dbFlags
	var key auditKeyFlag
	f.register(fs, env)
	key.register(fs, env)
	against := fs.String("against", "", "a checkpoint file downloaded from accord (Download the audit checkpoint); the trail must still extend it")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var cp *accord.AuditCheckpoint
	if *against != "" {
		c, err := readCheckpoint(env, *against, key.file(f.database))
		if err != nil {
			return err
		}
		cp = &c
	}
	db, err := f.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if cp != nil {
		probs, err := db.CheckAuditCheckpoint(ctx, *cp)
		if err != nil {
			return err
		}
		r.Problems = append(r.Problems, probs...)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(env.Stdout, "entry %d: %s\n", p.Seq, p.Reason)
	}
	if len(r.Problems) > 0 {
		return fmt.Errorf("the audit trail has %d problem(s): it was changed outside accord", len(r.Problems))
	}
	fmt.Fprintf(env.Stdout, "audit trail intact: %d entries, chain verified\n", r.Entries)
	if cp != nil {
		fmt.Fprintf(env.Stdout, "it extends the checkpoint of entry %d taken on %s\n", cp.Seq, cp.At.UTC().Format("2 Jan 2006 15:04 UTC"))
	}
	return nil
}
