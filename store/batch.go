package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// WriteBatchSize is the most statements (updates, replacements, deletes)
// or documents (inserts) the store sends in one write command.
//
// The embedded engine (FerretDB v1.24.2, SQLite handler) keeps the result
// set of every update statement of a command open until the command ends,
// and opens each database with a pool of 100 SQLite connections: an
// `update` command of 100 statements that match documents waits forever
// for a 101st connection and wedges the engine for every later request
// (shared/docs/engine.md; TestEngineLimit in this package reproduces it
// on an engine of its own). 50 leaves the other half of the pool to the
// reads running beside a bulk write; TestBatchSizeIsSafe proves twice this
// size on the engine the tests share. MongoDB would take 100,000 per
// command; the split costs it one round trip per 50 writes, so one code
// path serves both engines.
const WriteBatchSize = 50

// chunks calls fn with consecutive slices of at most WriteBatchSize items
// of n, by their start and end, until fn returns false.
func chunks(n int, fn func(lo, hi int) bool) {
	for lo := 0; lo < n; lo += WriteBatchSize {
		if !fn(lo, min(lo+WriteBatchSize, n)) {
			return
		}
	}
}

// batchErrors gathers the write errors of several commands into one
// BulkWriteException whose indexes refer to the caller's whole slice.
type batchErrors struct {
	ex    mongo.BulkWriteException
	other error // a failure that is not a write error (deadline, network)
}

// add merges err from the command that carried items from offset lo on,
// and reports whether the caller may go on with the next batch.
func (b *batchErrors) add(err error, lo int, ordered bool) bool {
	if err == nil {
		return true
	}
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || len(bwe.WriteErrors) == 0 {
		b.other = err
		return false
	}
	for _, we := range bwe.WriteErrors {
		we.Index += lo
		b.ex.WriteErrors = append(b.ex.WriteErrors, we)
	}
	if bwe.WriteConcernError != nil {
		b.ex.WriteConcernError = bwe.WriteConcernError
	}
	b.ex.Labels = append(b.ex.Labels, bwe.Labels...)
	return !ordered
}

func (b *batchErrors) err() error {
	if b.other != nil {
		return b.other
	}
	if len(b.ex.WriteErrors) > 0 || b.ex.WriteConcernError != nil {
		return b.ex
	}
	return nil
}

// bulkWriteBatched runs models in commands of at most WriteBatchSize,
// one after another, each under the write lock and within ctx's deadline
// or, if ctx has none, a default deadline of its own. Ordered stops at the
// first batch with a write error, as one ordered command stops at its
// first failing write; unordered goes on with the others. The result sums
// the batches; upserted IDs and write errors are keyed by the model's
// index in models.
func (c *Collection) bulkWriteBatched(ctx context.Context, models []mongo.WriteModel, ordered bool) (*mongo.BulkWriteResult, error) {
	total := &mongo.BulkWriteResult{UpsertedIDs: map[int64]any{}, Acknowledged: true}
	var errs batchErrors
	chunks(len(models), func(lo, hi int) bool {
		bctx, cancel := c.db.opContext(ctx)
		defer cancel()
		unlock, err := c.db.lockWrites(bctx, "bulkWrite", c.Name())
		if err != nil {
			errs.other = err
			return false
		}
		res, err := c.c.BulkWrite(bctx, models[lo:hi], options.BulkWrite().SetOrdered(ordered))
		unlock()
		if res != nil {
			total.InsertedCount += res.InsertedCount
			total.MatchedCount += res.MatchedCount
			total.ModifiedCount += res.ModifiedCount
			total.DeletedCount += res.DeletedCount
			total.UpsertedCount += res.UpsertedCount
			for i, id := range res.UpsertedIDs {
				total.UpsertedIDs[i+int64(lo)] = id
			}
		}
		return errs.add(err, lo, ordered)
	})
	return total, errs.err()
}

// insertManyBatched inserts docs unordered in commands of at most
// WriteBatchSize and returns how many went in; write errors (duplicates)
// come back together, indexed into docs.
func (c *Collection) insertManyBatched(ctx context.Context, docs []any) (int, error) {
	inserted := 0
	var errs batchErrors
	chunks(len(docs), func(lo, hi int) bool {
		bctx, cancel := c.db.opContext(ctx)
		defer cancel()
		unlock, err := c.db.lockWrites(bctx, "insertMany", c.Name())
		if err != nil {
			errs.other = err
			return false
		}
		_, err = c.c.InsertMany(bctx, docs[lo:hi], options.InsertMany().SetOrdered(false))
		unlock()
		refused := len(errs.ex.WriteErrors)
		ok := errs.add(err, lo, false)
		if ok {
			inserted += hi - lo - (len(errs.ex.WriteErrors) - refused)
		}
		return ok
	})
	return inserted, errs.err()
}
