// Package storetest opens real databases for tests: the embedded engine
// (one per test process, a fresh database per test) unless MONGODB_URI is
// set, in which case each test gets its own database there.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert/store"
)

var (
	engineOnce sync.Once
	engine     *store.Engine
	engineErr  error
	engineDir  string
)

func sharedEngine() (*store.Engine, error) {
	engineOnce.Do(func() {
		dir, err := os.MkdirTemp("", "skillcert-test-db-")
		if err != nil {
			engineErr = err
			return
		}
		engineDir = dir
		engine, engineErr = store.StartEngine(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	})
	return engine, engineErr
}

// Config returns a store configuration for a fresh test database: on the
// shared embedded engine, or on MONGODB_URI when set.
func Config(tb testing.TB) store.Config {
	tb.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + strings.ToLower(sanitize(tb.Name())) + "_" + hex.EncodeToString(b[:])
	if len(name) > 60 {
		name = name[:47] + "_" + hex.EncodeToString(b[:])
	}
	cfg := store.Config{
		URI:            os.Getenv("MONGODB_URI"),
		Database:       name,
		ConnectTimeout: 10 * time.Second,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if cfg.URI == "" {
		eng, err := sharedEngine()
		if err != nil {
			tb.Fatalf("start embedded engine: %v", err)
		}
		cfg.Embedded = eng
	}
	return cfg
}

// Open returns a migrated, empty test database, dropped when the test ends.
func Open(tb testing.TB) *store.DB {
	tb.Helper()
	store.RecordShapes(true)
	ctx := context.Background()
	db, err := store.Open(ctx, Config(tb))
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	if err := db.Migrate(ctx, store.Steps); err != nil {
		tb.Fatalf("migrate test database: %v", err)
	}
	tb.Cleanup(func() {
		_ = db.Drop(context.Background())
		_ = db.Close(context.Background())
	})
	return db
}

// Main runs the tests of a package and then fails the run if any query
// shape the tests issued is not served by a declared index. Use it as
// `func TestMain(m *testing.M) { storetest.Main(m) }`.
func Main(m *testing.M) {
	store.RecordShapes(true)
	code := m.Run()
	if bad := store.UnservedShapes(store.RecordedShapes(), store.Indexes, store.SmallCollections); len(bad) > 0 {
		fmt.Fprintln(os.Stderr, "FAIL: query shapes not served by a declared index (add one to store.Indexes):")
		for _, s := range bad {
			fmt.Fprintf(os.Stderr, "  %s on %s: filter %v sort %v\n", s.Command, s.Collection, s.Filter, s.Sort)
		}
		if code == 0 {
			code = 1
		}
	}
	if big := store.OversizedWrites(); len(big) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: write commands larger than store.WriteBatchSize (%d), which the embedded engine cannot be trusted with:\n", store.WriteBatchSize)
		for _, w := range big {
			fmt.Fprintf(os.Stderr, "  %s on %s: %d\n", w.Command, w.Collection, w.Size)
		}
		if code == 0 {
			code = 1
		}
	}
	if engine != nil {
		engine.Stop()
		_ = os.RemoveAll(engineDir)
	}
	os.Exit(code)
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
