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
		if !j.nightly {
			all = append(all, j.name)
		}
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
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, shanghai) // outside the nightly hour
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

// TestNightlyRebuildRunsOnceANight: the coverage summaries' repair runs
// only in the nightly hour, once across instances, and again the next
// night.
func TestNightlyRebuildRunsOnceANight(t *testing.T) {
	a, b := twoInstances(t)
	ctx := context.Background()
	count := func(at time.Time) int {
		var wg sync.WaitGroup
		var ranA, ranB []string
		wg.Add(2)
		go func() { defer wg.Done(); ranA = a.housekeepingPass(ctx, at) }()
		go func() { defer wg.Done(); ranB = b.housekeepingPass(ctx, at) }()
		wg.Wait()
		n := 0
		for _, name := range append(ranA, ranB...) {
			if name == "reports.rebuild" {
				n++
			}
		}
		return n
	}
	night := time.Date(2030, 1, 2, nightlyHour, 5, 0, 0, shanghai)
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{night.Add(-3 * time.Hour), 0},             // evening: not due
		{night, 1},                                 // the night: once across both
		{night.Add(housekeepingEvery), 0},          // same night, later pass
		{night.Add(12 * time.Hour), 0},             // afternoon
		{night.Add(24*time.Hour + time.Minute), 1}, // next night
	} {
		if got := count(c.at); got != c.want {
			t.Fatalf("at %s the rebuild ran %d times, want %d", c.at.In(shanghai).Format("01-02 15:04"), got, c.want)
		}
	}
	if st := a.Reports.Status(); st.FinishedAt.IsZero() && b.Reports.Status().FinishedAt.IsZero() {
		t.Error("neither instance reports a finished rebuild")
	}
}
