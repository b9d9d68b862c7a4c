package cli

import (
	"context"
	"fmt"
	"slices"
)

const keysUsage = `keys <add|rotate> [--database DB] [--data-key-file FILE] [flags]

  add [ID]   add a new data key to the ring, current from now on (ID: default k and the time, e.g. k20260601T120000)
  rotate     re-seal every sealed value under the ring's current key, in batches, while servers run
             [--batch N]; run it again until it reports nothing to do, then the older keys may go`

// cmdKeys manages the data key ring that seals concern texts, webhook
// secrets and TOTP seeds (docs/running.md, "Data keys").
func cmdKeys(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 {
		return usageErrorf("%s", keysUsage)
	}
	sub := args[0]
	fs := newFlagSet(env, "keys "+sub, keysUsage)
	if isHelp(args) {
		return fs.Parse([]string{"--help"})
	}
	var f dbFlags
	f.register(fs, env)
	batch := fs.Int("batch", 500, "rows re-sealed in one transaction (rotate)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch sub {
	case "add":
		// The id may come before the flags, too.
		id := fs.Arg(0)
		if fs.NArg() > 0 {
			if err := fs.Parse(fs.Args()[1:]); err != nil {
				return err
			}
		}
		if fs.NArg() > 0 {
			return usageErrorf("keys add takes at most one key id")
		}
		if id == "" {
			id = "k" + env.Now().UTC().Format("20060102T150405")
		}
		path := f.keys.file(f.database)
		if err := addDataKey(path, id); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "added data key %s to %s; it is the current key from now on.\n"+
			"Give every server the same ring (servers re-read the file when it changes), then run: accord keys rotate\n", id, path)
		return nil
	case "rotate":
		if fs.NArg() > 0 {
			return usageErrorf("keys rotate takes no arguments")
		}
		if *batch <= 0 {
			return usageErrorf("--batch must be a positive number")
		}
		db, err := f.open(ctx, env)
		if err != nil {
			return err
		}
		defer db.Close()
		done, err := db.Reseal(ctx, *batch)
		if err != nil {
			return err
		}
		total := 0
		names := make([]string, 0, len(done))
		for name, n := range done {
			names, total = append(names, name), total+n
		}
		slices.Sort(names)
		for _, name := range names {
			fmt.Fprintf(env.Stdout, "%-24s %d re-sealed\n", name, done[name])
		}
		if total == 0 {
			fmt.Fprintf(env.Stdout, "every value is sealed under the current key %s: nothing to do\n", db.DataKey())
		} else {
			fmt.Fprintf(env.Stdout, "%d values re-sealed under the current key %s\n", total, db.DataKey())
		}
		return nil
	}
	return usageErrorf("unknown keys command %q\n\n%s", sub, keysUsage)
}
