package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/accord-alliance/accord/internal/store"
)

// dbFlags are the flags every command that opens the database shares.
type dbFlags struct {
	database string
	keys     dataKeyFlag
	// makeKeys makes the data key ring when it does not exist (serve, demo).
	makeKeys bool
}

// envDefault returns the ACCORD_* variable's value, or def.
func envDefault(env *Env, name, def string) string {
	if v := env.Getenv(name); v != "" {
		return v
	}
	return def
}

func (f *dbFlags) register(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&f.database, "database", envDefault(env, "ACCORD_DATABASE", "accord.db"),
		"SQLite file path, or a postgres:// URL (env ACCORD_DATABASE)")
	f.keys.register(fs, env)
}

// open connects and migrates, so every command sees the current schema.
func (f *dbFlags) open(ctx context.Context, env *Env) (*store.DB, error) {
	keys, err := f.keys.load(f.database, f.makeKeys)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, f.database, store.Options{Now: env.Now, Keys: keys})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if f.makeKeys {
		// A server that made a new ring beside a database sealed under
		// another would seal new values under a key nobody can pair with
		// the old ones: refuse to start instead.
		missing, err := db.MissingDataKeys(ctx)
		if err == nil && len(missing) > 0 {
			err = fmt.Errorf("the database holds values sealed under data key %s, which the key ring %s does not have; restore that key file from your backup (docs/running.md, Data keys) before starting accord",
				strings.Join(missing, ", "), f.keys.describe(f.database))
		}
		if err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// logFlags configure structured logging.
type logFlags struct {
	format string
	level  string
}

func (f *logFlags) register(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&f.format, "log-format", envDefault(env, "ACCORD_LOG_FORMAT", "text"), "log format: text or json (env ACCORD_LOG_FORMAT)")
	fs.StringVar(&f.level, "log-level", envDefault(env, "ACCORD_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env ACCORD_LOG_LEVEL)")
}

func (f *logFlags) logger(w io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(f.level)); err != nil {
		return nil, usageErrorf("--log-level: %q is not a level", f.level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(f.format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, usageErrorf("--log-format must be text or json, not %q", f.format)
}

// durationFlag reads a duration default from the environment.
// intEnv reads a whole number from the ACCORD_* variable, or def.
func intEnv(env *Env, name string, def int) (int, error) {
	v := env.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a whole number", name, v)
	}
	return n, nil
}

func durationEnv(env *Env, name string, def time.Duration) (time.Duration, error) {
	v := env.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not a duration (e.g. 12h)", name, v)
	}
	return d, nil
}
