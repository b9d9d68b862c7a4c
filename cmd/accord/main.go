// Command accord is the whole accord platform in one binary: the web
// application and JSON API (serve, demo) and the operator's command line.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/accord-alliance/accord/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv, Now: time.Now}
	code := cli.Run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}
