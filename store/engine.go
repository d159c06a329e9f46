package store

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Engine is the embedded database engine: FerretDB on SQLite, in this
// process, listening on loopback only.
type Engine struct {
	f      *ferretdb.FerretDB
	cancel context.CancelFunc
	done   chan struct{}
	dir    string
	lock   *os.File
	uri    string // set by Via
}

// StartEngine starts the embedded engine with its files under dir, on a
// free loopback port.
func StartEngine(dir string, log *slog.Logger) (*Engine, error) {
	return StartEngineOn(dir, "127.0.0.1:0", log)
}

// StartEngineOn starts the embedded engine listening on addr, which must
// be a loopback address (a standalone engine for tests that stop and
// restart it on the same address).
func StartEngineOn(dir, addr string, log *slog.Logger) (*Engine, error) {
	if err := checkLoopback(addr); err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, fmt.Errorf("store: the embedded engine needs a data directory")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data directory %s: %w", abs, err)
	}
	if err := restrictDataDir(abs); err != nil {
		return nil, fmt.Errorf("store: restrict the data directory %s to its owner: %w", abs, err)
	}
	// One process owns the embedded engine's files: a second writer would
	// break the write serialization that keeps updates atomic.
	lock, err := os.OpenFile(filepath.Join(abs, "skillcert.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: open lock file: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = lock.Close()
		return nil, fmt.Errorf("store: the data directory %s is in use by another skillcert process (stop it first)", abs)
	}
	// FerretDB logs every error reply in full at WARN; only its errors
	// are worth our log.
	quiet := slog.New(log.Handler().WithGroup("ferretdb"))
	quiet = slog.New(levelFilter{h: quiet.Handler(), min: slog.LevelError})
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    quiet,
	})
	if err != nil {
		_ = lock.Close()
		return nil, fmt.Errorf("store: start embedded engine: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{f: f, cancel: cancel, done: make(chan struct{}), dir: abs, lock: lock}
	go func() {
		defer close(e.done)
		_ = f.Run(ctx)
	}()
	return e, nil
}

// URI is the loopback address the driver connects to.
func (e *Engine) URI() string {
	if e.uri != "" {
		return e.uri
	}
	return e.f.MongoDBURI()
}

// Dir is the absolute data directory.
func (e *Engine) Dir() string { return e.dir }

// Stop shuts the engine down and waits for it to close its files.
func (e *Engine) Stop() {
	e.cancel()
	<-e.done
	_ = e.lock.Close() // releases the lock
}

type levelFilter struct {
	h   slog.Handler
	min slog.Level
}

func (l levelFilter) Enabled(ctx context.Context, lv slog.Level) bool {
	return lv >= l.min && l.h.Enabled(ctx, lv)
}
func (l levelFilter) Handle(ctx context.Context, r slog.Record) error { return l.h.Handle(ctx, r) }
func (l levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFilter{h: l.h.WithAttrs(a), min: l.min}
}
func (l levelFilter) WithGroup(n string) slog.Handler {
	return levelFilter{h: l.h.WithGroup(n), min: l.min}
}
