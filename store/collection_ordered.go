package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// InsertOrdered inserts documents in order and stops at the first
// failure: it returns how many went in (a prefix of docs) and the error
// (ECONFLICT for a duplicate key). For appends where a later document
// depends on an earlier one (the audit chain).
func (c *Collection) InsertOrdered(ctx context.Context, docs []any) (int, error) {
	if len(docs) == 0 {
		return 0, nil
	}
	defer c.db.lockWrites()()
	res, err := c.c.InsertMany(ctx, docs, options.InsertMany().SetOrdered(true))
	n := 0
	if res != nil {
		n = len(res.InsertedIDs)
	}
	if err != nil && n == len(docs) {
		// The driver reports the documents it sent; with an error, count
		// only those before the failed one.
		n = 0
	}
	return n, translate(err)
}
