// Command server is the skillcert program: the HTTP API and the pages of
// the training and certification platform, on MongoDB or, when
// MONGODB_URI is unset, on the embedded engine with demo data.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "skillcert:", err)
		os.Exit(1)
	}
}

// run starts the server and blocks until ctx is done, then shuts down
// gracefully. ready, if not nil, receives the listening address.
func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer, ready chan<- string) error {
	if len(args) > 0 && args[0] == rotateIDKeyCommand {
		return rotateIDKey(ctx, args[1:], getenv, out)
	}
	cfg, err := LoadConfig(args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, out)
	app, err := NewApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	return app.Serve(ctx, ready)
}
