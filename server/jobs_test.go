package main

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"skillcert/store"
)

// twoInstances starts a standalone engine, as a database server on a
// loopback port, and two app instances given its URI as MONGODB_URI
// would be.
func twoInstances(t *testing.T) (*App, *App) {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := store.StartEngine(t.TempDir(), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Stop)
	open := func() *App {
		db, err := store.Open(context.Background(), store.Config{URI: eng.URI(), Database: "skillcert", Logger: quiet, ConnectTimeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(context.Background()) })
		app, err := newAppWithDB(context.Background(), testConfig(), quiet, db)
		if err != nil {
			t.Fatal(err)
		}
		return app
	}
	return open(), open()
}

// TestEachBackgroundJobRunsOnceAcrossInstances runs the housekeeping pass
// of two instances at the same moment, again at once, and again a period
// later: every job runs exactly once per period across both.
func TestEachBackgroundJobRunsOnceAcrossInstances(t *testing.T) {
	a, b := twoInstances(t)
	var all []string
	for _, j := range a.backgroundJobs() {
		all = append(all, j.name)
	}
	sort.Strings(all)
	ctx := context.Background()
	passes := func(now time.Time) (ranA, ranB []string) {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); ranA = a.housekeepingPass(ctx, now) }()
		go func() { defer wg.Done(); ranB = b.housekeepingPass(ctx, now) }()
		wg.Wait()
		return
	}
	now := time.Now()
	for round, at := range []time.Time{now, now.Add(time.Minute), now.Add(housekeepingEvery)} {
		ranA, ranB := passes(at)
		both := append(append([]string(nil), ranA...), ranB...)
		sort.Strings(both)
		want := all
		if round == 1 {
			want = nil // within the period nobody repeats a job
		}
		if !slices.Equal(both, want) {
			t.Fatalf("round %d: instance A ran %v, B ran %v; want each of %v once", round, ranA, ranB, want)
		}
		t.Logf("round %d: A ran %d jobs, B ran %d", round, len(ranA), len(ranB))
	}
}

// TestJobOfADeadInstanceIsTakenOver: an instance takes a job's lease and
// dies (never renews or releases); the other instance skips the job while
// the lease lasts and takes it over once it has expired.
func TestJobOfADeadInstanceIsTakenOver(t *testing.T) {
	a, b := twoInstances(t)
	ctx := context.Background()
	now := time.Now()
	if _, ok, err := a.DB.TryLease(ctx, "courses.repair", "dead-instance", jobLeaseTTL, now); err != nil || !ok {
		t.Fatalf("lease: %v %v", ok, err)
	}
	if ran := b.housekeepingPass(ctx, now.Add(time.Second)); slices.Contains(ran, "courses.repair") {
		t.Fatal("a job held by a live lease ran")
	}
	ran := b.housekeepingPass(ctx, now.Add(jobLeaseTTL+time.Second))
	if !slices.Contains(ran, "courses.repair") {
		t.Fatalf("the dead instance's job was not taken over: ran %v", ran)
	}
}
