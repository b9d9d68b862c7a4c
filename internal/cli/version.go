package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is stamped at build time with -ldflags "-X .../internal/cli.Version=v1.2.3";
// without it the module's build info is used.
var Version = "dev"

func cmdVersion(_ context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "version", "version")
	if err := fs.Parse(args); err != nil {
		return err
	}
	v := Version
	if info, ok := debug.ReadBuildInfo(); ok && v == "dev" {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v = "dev-" + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(env.Stdout, "accord %s\n", v)
	return nil
}
