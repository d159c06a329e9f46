package store

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"sort"
	"time"
)

// The first start of a version whose read path wants indexes the data
// directory lacks (an upgrade) builds them on tables that may hold
// hundreds of thousands of documents: minutes at a city's size. Below
// accelSyncBuildBytes the build runs within start-up, as before; above
// it, start-up returns and a background build creates the indexes one at
// a time, each in its own transaction and under the store's write lock:
// the application's writes queue for one index at a time (up to their
// deadline, then EUNAVAILABLE) instead of meeting SQLite's busy timeout
// inside the engine. The engine's _id lookup indexes of every table come
// first. Until a table is done its reads are left to the engine — the
// same answers, at the engine's speed.

// accelSyncBuildBytes is the database file size up to which the indexes
// are built during start-up (a variable for the tests).
var accelSyncBuildBytes int64 = 64 << 20

var errBuilding = errors.New("store: the read path's indexes of this table are being built")

// lockFunc takes the store's write lock for a collection.
type lockFunc func(ctx context.Context, coll string) (func(), error)

// background is a running background build.
type background struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// buildIndexes creates the missing indexes of every table: within the
// call for a small database, otherwise in the background.
func (a *accel) buildIndexes(ctx context.Context, log *slog.Logger, lock lockFunc) error {
	fi, err := os.Stat(a.file)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return err
	}
	if fi.Size() <= accelSyncBuildBytes {
		start := time.Now()
		n, err := a.ensureAll(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			log.Info("embedded engine read indexes created", "indexes", n, "took", time.Since(start).Round(time.Millisecond).String())
		}
		return nil
	}
	db, err := a.conn()
	if err != nil {
		return err
	}
	all, err := a.tables(ctx)
	if err != nil {
		return err
	}
	var todo []collTable
	for _, p := range all {
		missing, have, err := missingIndexes(ctx, db, p.coll, p.table)
		if err != nil {
			return err
		}
		counts := len(countStatements(p.coll, p.table)) > 0
		for _, n := range countTriggers(p.table) {
			counts = counts && !have[n]
		}
		if len(missing) > 0 || counts {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	// The counts' table exists from the start, so that a count reads it
	// (and, without its table's triggers, counts the rows) from the start.
	if _, err := db.ExecContext(ctx, createCountsTable); err != nil {
		return err
	}
	a.stopBackground()
	bctx, cancel := context.WithCancel(context.Background())
	bg := &background{cancel: cancel, done: make(chan struct{})}
	a.mu.Lock()
	a.pending = map[string]bool{}
	for _, p := range todo {
		a.pending[p.table] = true
	}
	a.bg = bg
	a.mu.Unlock()
	log.Info("embedded engine read indexes: building in the background; until each collection is done its reads go to the engine",
		"collections", len(todo), "fileBytes", fi.Size())
	go func() {
		defer close(bg.done)
		defer cancel()
		start := time.Now()
		n, err := a.buildBackground(bctx, todo, lock)
		if err != nil {
			log.Error("embedded engine read indexes: background build stopped; the next start resumes it", "indexes", n, "err", err)
			return
		}
		log.Info("embedded engine read indexes created", "indexes", n, "took", time.Since(start).Round(time.Millisecond).String())
	}()
	return nil
}

// buildBackground builds the tables' indexes: first the engine's _id
// lookup index of each, then the rest table by table, smallest first,
// each table's reads returning to SQL when it is done.
func (a *accel) buildBackground(ctx context.Context, todo []collTable, lock lockFunc) (int, error) {
	db, err := a.conn()
	if err != nil {
		return 0, err
	}
	size := map[string]int64{}
	for _, p := range todo {
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(p.table)).Scan(&n); err != nil {
			return 0, err
		}
		size[p.table] = n
	}
	sort.SliceStable(todo, func(i, j int) bool { return size[todo[i].table] < size[todo[j].table] })
	total := 0
	for _, p := range todo {
		ix := wantedIndexes(p.coll)[0] // the _id lookup expression
		unlock, err := lock(ctx, p.coll)
		if err != nil {
			return total, err
		}
		_, err = db.ExecContext(ctx, "CREATE INDEX IF NOT EXISTS "+quoteIdent(p.table+"_"+ix.name)+" ON "+quoteIdent(p.table)+" "+ix.sql)
		unlock()
		if err != nil {
			return total, err
		}
	}
	for _, p := range todo {
		n, err := a.buildTable(ctx, db, p.coll, p.table, lock)
		total += n
		if err != nil {
			return total, err
		}
		a.mu.Lock()
		delete(a.pending, p.table)
		a.mu.Unlock()
	}
	return total, nil
}

// stopBackground cancels a background build and waits for it.
func (a *accel) stopBackground() {
	a.mu.Lock()
	bg := a.bg
	a.bg = nil
	a.mu.Unlock()
	if bg != nil {
		bg.cancel()
		<-bg.done
	}
}

// WaitReadPath waits until a background build of the read path's indexes
// (if any) has finished; it reports whether every table is ready.
func (d *DB) WaitReadPath(ctx context.Context) (bool, error) {
	if d.accel == nil {
		return true, nil
	}
	d.accel.mu.Lock()
	bg := d.accel.bg
	d.accel.mu.Unlock()
	if bg != nil {
		select {
		case <-bg.done:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
	d.accel.mu.Lock()
	defer d.accel.mu.Unlock()
	return len(d.accel.pending) == 0, nil
}
