package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"skillcert"
	"skillcert/courses"
)

// Background jobs run under leases (store.TryLease), so that of several
// instances against one database exactly one runs each job per period,
// and a job whose instance died is taken over once its lease expires.

const (
	// housekeepingEvery is the period of the periodic jobs.
	housekeepingEvery = 10 * time.Minute
	// jobLeaseTTL is how long a running job's lease lasts without
	// renewal; the holder renews it every third of that.
	jobLeaseTTL = 2 * time.Minute
	// importsStalledAfter is how long an import may go without progress
	// before another instance takes it for interrupted (a batch takes
	// seconds).
	importsStalledAfter = 5 * time.Minute
	// jobTimeout bounds one run of a job (its database calls included).
	jobTimeout = 5 * time.Minute
)

// instanceID names this process in the leases it holds.
var instanceID = func() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}()

// backgroundJob is one periodic job.
type backgroundJob struct {
	name string
	run  func(ctx context.Context, now time.Time) error
	// nightly jobs run once a day, in the first housekeeping pass within
	// nightlyHour China time, with nightlyTimeout instead of jobTimeout.
	nightly bool
}

const (
	// nightlyHour is the hour (China time) of the nightly jobs: the
	// offices are closed.
	nightlyHour = 2
	// nightlyTimeout bounds a nightly job (a rebuild of every summary).
	nightlyTimeout = 2 * time.Hour
)

// due reports whether the job is to run in a pass at now, and its period.
func (j backgroundJob) due(now time.Time) (bool, time.Duration) {
	if !j.nightly {
		return true, housekeepingEvery
	}
	return now.In(shanghai).Hour() == nightlyHour, 23 * time.Hour
}

// backgroundJobs are the periodic jobs (the embedded engine has no TTL
// indexes, and a crash's leftovers need repairs): expired sessions,
// enrollments cut off by a crash, check-in throttles, the notification
// outbox (to the log until an SMS gateway is plugged in), the
// certificates' throttles and batches, and imports left unfinished by a
// stopped instance.
func (a *App) backgroundJobs() []backgroundJob {
	return []backgroundJob{
		{name: "sessions.purge", run: func(ctx context.Context, _ time.Time) error { return a.Auth.PurgeExpired(ctx) }},
		{name: "activation-codes.purge", run: func(ctx context.Context, _ time.Time) error { return a.Roster.PurgeActivationCodes(ctx) }},
		{name: "courses.repair", run: func(ctx context.Context, _ time.Time) error { _, err := a.Courses.RepairStale(ctx); return err }},
		{name: "courses.checkin-throttles", run: func(ctx context.Context, _ time.Time) error { _, err := a.Courses.PurgeExpired(ctx); return err }},
		{name: "notifications.dispatch", run: func(ctx context.Context, _ time.Time) error {
			_, err := a.Courses.Dispatch(ctx, courses.LogSender{Log: a.log}, 500)
			return err
		}},
		{name: "certificates.throttles", run: func(ctx context.Context, _ time.Time) error { return a.Certificates.Purge(ctx) }},
		{name: "certificates.repair", run: func(ctx context.Context, _ time.Time) error {
			if _, err := a.Certificates.Repair(ctx); err != nil {
				return err
			}
			a.finishCertificateBatches(ctx, false)
			return nil
		}},
		{name: "courses.evaluations", run: func(ctx context.Context, _ time.Time) error { a.finishEvaluations(ctx, false); return nil }},
		{name: "imports.interrupted", run: func(ctx context.Context, now time.Time) error {
			_, err := a.Roster.MarkInterrupted(ctx, now.Add(-importsStalledAfter))
			return err
		}},
		// The coverage summaries are kept current change by change from a
		// queue in memory; what a crash or a failed refresh lost is
		// repaired by recomputing them every night.
		{name: "reports.rebuild", nightly: true, run: func(ctx context.Context, _ time.Time) error {
			if err := a.Courses.RebuildRatingSums(ctx); err != nil {
				return err
			}
			err := a.Reports.Rebuild(ctx)
			if skillcert.ErrorCode(err) == skillcert.ECONFLICT {
				return nil // an administrator's rebuild is running
			}
			return err
		}},
	}
}

// housekeepingPass runs every periodic job whose lease this instance gets
// and returns the names of those it ran.
func (a *App) housekeepingPass(ctx context.Context, now time.Time) []string {
	var ran []string
	for _, j := range a.backgroundJobs() {
		due, period := j.due(now)
		if !due {
			continue
		}
		timeout := jobTimeout
		if j.nightly {
			timeout = nightlyTimeout
		}
		ok, err := a.runJob(ctx, j.name, now, period, timeout, func(ctx context.Context) error { return j.run(ctx, now) })
		if err != nil && ctx.Err() == nil {
			a.log.Warn("background job failed", "job", j.name, "err", err)
		}
		if ok {
			ran = append(ran, j.name)
		}
	}
	return ran
}

// runJob runs fn if this instance gets the lease on job, renewing the
// lease while fn runs (fn's context ends if the lease is lost), then
// holds it until now+period (minus a little, so the next period's run is
// not skipped by timer drift) so that no other instance repeats the job
// within the period; period 0 releases the lease at once.
func (a *App) runJob(ctx context.Context, job string, now time.Time, period, timeout time.Duration, fn func(ctx context.Context) error) (bool, error) {
	lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	l, ok, err := a.DB.TryLease(lctx, job, instanceID, jobLeaseTTL, now)
	cancel()
	if err != nil || !ok {
		return false, err
	}
	if l.TookOver {
		a.log.Warn("background job taken over from an instance that stopped while holding it", "job", job)
	}
	jctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(jobLeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				held, err := l.Renew(rctx, time.Now())
				cancel()
				if err == nil && !held {
					a.log.Warn("background job lost its lease; stopping it", "job", job)
					stop()
					return
				}
			}
		}
	}()
	fctx, cancelFn := context.WithTimeout(jctx, timeout)
	err = fn(fctx)
	cancelFn()
	close(done)
	stop()
	rctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if period > 0 {
		_ = l.HoldUntil(rctx, now.Add(period-period/20))
	} else {
		_ = l.Release(rctx, time.Now())
	}
	return true, err
}

// recoverAtStart settles what a stopped server left: with the embedded
// engine this process is the only one, so every unfinished import is an
// interrupted one and is shown so at once.
func (a *App) recoverAtStart(ctx context.Context) {
	ectx, ecancel := context.WithTimeout(ctx, jobTimeout)
	a.finishEvaluations(ectx, true)
	a.finishCertificateBatches(ectx, true)
	ecancel()
	if !a.DB.Embedded() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	n, err := a.Roster.MarkInterrupted(ctx, time.Now())
	if err != nil {
		a.log.Warn("imports: mark interrupted", "err", err)
	} else if n > 0 {
		a.log.Warn("imports interrupted by the last stop marked as such", "jobs", n)
	}
}
