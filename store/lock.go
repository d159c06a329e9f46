package store

import (
	"context"
	"sync"
	"time"
)

// DefaultOpTimeout bounds a database call whose context carries no
// deadline of its own (every request and background job sets one; this is
// the floor under anything that forgot).
const DefaultOpTimeout = 30 * time.Second

// DefaultLockWarnAfter is how long the embedded engine's write lock may be
// held before the watchdog logs its holder as an error.
const DefaultLockWarnAfter = 10 * time.Second

// writeLock serializes writes on the embedded engine. It is a one-slot
// semaphore rather than a mutex so that a writer waiting for it gives up
// when its context ends, and it remembers its holder for the watchdog.
type writeLock struct {
	sem chan struct{}

	mu     sync.Mutex
	op     string
	coll   string
	since  time.Time
	warned bool
}

func newWriteLock() *writeLock { return &writeLock{sem: make(chan struct{}, 1)} }

// Holder describes who holds the write lock and since when.
type Holder struct {
	Op         string
	Collection string
	Since      time.Time
}

// holder returns the current holder, or false if the lock is free.
func (l *writeLock) holder() (Holder, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.since.IsZero() {
		return Holder{}, false
	}
	return Holder{Op: l.op, Collection: l.coll, Since: l.since}, true
}

// opContext gives ctx the default deadline when it has none.
func (d *DB) opContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d.opTimeout)
}

// lockWrites serializes writes on the embedded engine, which otherwise
// loses concurrent single-document updates (see shared/docs/engine.md).
// It waits at most until ctx ends and then returns EUNAVAILABLE; op and
// coll name the holder for the watchdog. On MongoDB every write is atomic
// per document and this is a no-op.
func (d *DB) lockWrites(ctx context.Context, op, coll string) (func(), error) {
	if !d.embedded {
		return func() {}, nil
	}
	select {
	case d.writes.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, translate(ctx.Err())
	}
	l := d.writes
	l.mu.Lock()
	l.op, l.coll, l.since, l.warned = op, coll, time.Now(), false
	l.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			if l.warned {
				d.log.Warn("store: write lock released after a long hold", "op", l.op, "collection", l.coll,
					"held", time.Since(l.since).Round(time.Millisecond).String())
			}
			l.op, l.coll, l.since, l.warned = "", "", time.Time{}, false
			l.mu.Unlock()
			<-l.sem
		})
	}, nil
}

// WriteLockHolder reports who holds the embedded engine's write lock, if
// anyone (the status page and tests).
func (d *DB) WriteLockHolder() (Holder, bool) {
	if !d.embedded {
		return Holder{}, false
	}
	return d.writes.holder()
}

// watchWrites logs an error, once per hold, naming the operation and the
// collection when the write lock has been held longer than warnAfter,
// until stop is closed.
func (d *DB) watchWrites(warnAfter time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(max(warnAfter/4, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		l := d.writes
		l.mu.Lock()
		if !l.since.IsZero() && !l.warned && time.Since(l.since) > warnAfter {
			l.warned = true
			d.log.Error("store: the write lock is held too long", "op", l.op, "collection", l.coll,
				"held", time.Since(l.since).Round(time.Millisecond).String(), "bound", warnAfter.String())
		}
		l.mu.Unlock()
	}
}
