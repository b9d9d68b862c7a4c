// Package cli implements accord's command line: one file per subcommand,
// each a function that parses its own flags and writes to the Env it is given.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Env is what every subcommand receives instead of reaching for globals.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// Getenv reads configuration from the environment (os.Getenv in main).
	Getenv func(string) string
	// Now is the clock; tests inject a fixed one.
	Now func() time.Time
}

// command is one subcommand of the accord binary.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// errUsage marks an error caused by how the command was called; Run prints
// it without a stack of context and exits with status 2.
var errUsage = errors.New("usage")

func usageErrorf(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

func commands() map[string]command {
	return map[string]command{
		"version": {"print the version", cmdVersion},
		"serve":   {"serve the web application and JSON API", cmdServe},
		"demo":    {"create a sample alliance on a fresh database and serve it", cmdDemo},
		"migrate": {"apply database migrations", cmdMigrate},
		"user":    {"create, list, disable people; set passwords; make reset links", cmdUser},
		"oidc":    {"add, list, remove sign-in providers (OpenID Connect), their domain rules and the parties that require them", cmdOIDC},
		"backup":  {"write a consistent copy of the database", cmdBackup},
		"audit":   {"verify the audit trail's hash chain (audit verify)", cmdAudit},
		"settle":  {"compute a shared-savings settlement", cmdSettle},
		"roi":     {"value co-investment cash flows: NPV, IRR and payback per party and in total", cmdROI},
		"signals": {"detect special-cause signals in a series", cmdSignals},
		"gen":     {"generate synthetic data sets (gen claims)", cmdGenClaims},
		"import":  {"import scorecard observations from CSV or FHIR (import observations)", cmdImport},
		"intake":  {"show, replace or turn off an alliance's concerns intake link", cmdIntake},
		"keys":    {"add a data key and re-seal stored secrets under it (keys add, keys rotate)", cmdKeys},
	}
}

// Run executes the subcommand named by args[0] and returns the process exit code.
func Run(ctx context.Context, env *Env, args []string) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(env.Stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "accord: unknown command %q (run 'accord help')\n", args[0])
		return 2
	}
	if err := c.run(ctx, env, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(env.Stderr, "accord %s: %v\n", args[0], err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func printHelp(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("accord runs a healthcare alliance: scorecard, signals, governance, contracts.\n\nUsage: accord <command> [flags]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'accord <command> --help' for a command's flags.\n")
	io.WriteString(w, b.String())
}

// isHelp reports whether args ask for a command's usage (accord X --help),
// so that commands with a sub-word answer it instead of a usage error.
func isHelp(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints its usage to the command's stderr.
func newFlagSet(env *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: accord %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
