package store

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// InsertOrdered inserts documents in order and stops at the first
// failure: it returns how many went in (a prefix of docs) and the error
// (ECONFLICT for a duplicate key). For appends where a later document
// depends on an earlier one (the audit chain). Like every bulk write it
// goes out in commands of at most WriteBatchSize documents.
func (c *Collection) InsertOrdered(ctx context.Context, docs []any) (int, error) {
	inserted := 0
	var failed error
	chunks(len(docs), func(lo, hi int) bool {
		bctx, done, err := c.beginWrite(ctx, "insertOrdered")
		if err != nil {
			failed = err
			return false
		}
		_, err = c.c.InsertMany(bctx, docs[lo:hi], options.InsertMany().SetOrdered(true))
		done()
		if err == nil {
			inserted += hi - lo
			return true
		}
		// An ordered insert stops at its first write error: the ones
		// before it went in.
		var bwe mongo.BulkWriteException
		if errors.As(err, &bwe) && len(bwe.WriteErrors) > 0 {
			inserted += bwe.WriteErrors[0].Index
		}
		failed = err
		return false
	})
	return inserted, translate(failed)
}
