package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Collection is the store's view of one collection. Domain stores use it
// instead of the driver's collection so that writes are serialized on the
// embedded engine and driver errors come back as skillcert errors
// (ENOTFOUND, ECONFLICT, EUNAVAILABLE, EINTERNAL).
type Collection struct {
	db *DB
	c  *mongo.Collection
}

// Name is the collection's name.
func (c *Collection) Name() string { return c.c.Name() }

// FindOne decodes the first matching document into out; ENOTFOUND if none.
func (c *Collection) FindOne(ctx context.Context, filter, out any, opts ...options.Lister[options.FindOneOptions]) error {
	if ok, err := c.accelFindOne(ctx, filter, out, opts); ok {
		return err
	}
	return translate(c.c.FindOne(ctx, filter, opts...).Decode(out))
}

// Find decodes all matching documents into out, a pointer to a slice.
func (c *Collection) Find(ctx context.Context, filter, out any, opts ...options.Lister[options.FindOptions]) error {
	if ok, err := c.accelFind(ctx, filter, out, opts); ok {
		return err
	}
	cur, err := c.c.Find(ctx, filter, opts...)
	if err != nil {
		return translate(err)
	}
	return translate(cur.All(ctx, out))
}

// Cursor opens a cursor over the matching documents for streaming; the
// caller closes it.
func (c *Collection) Cursor(ctx context.Context, filter any, opts ...options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	cur, err := c.c.Find(ctx, filter, opts...)
	return cur, translate(err)
}

// Count counts the matching documents. An empty filter reads the
// collection's metadata count instead of scanning it (on the embedded
// engine, whose count scans, SQLite counts an index instead).
func (c *Collection) Count(ctx context.Context, filter any) (int64, error) {
	if n, ok, err := c.accelCountDocs(ctx, filter); ok {
		return n, err
	}
	if isEmptyFilter(filter) {
		n, err := c.c.EstimatedDocumentCount(ctx)
		return n, translate(err)
	}
	n, err := c.c.CountDocuments(ctx, filter)
	return n, translate(err)
}

func isEmptyFilter(f any) bool {
	switch v := f.(type) {
	case nil:
		return true
	case bson.D:
		return len(v) == 0
	case bson.M:
		return len(v) == 0
	}
	return false
}

// Aggregate runs a pipeline and decodes the results into out. Keep to
// $match → $group (one $sum or $count) → $sort/$skip/$limit: the embedded
// engine computes nothing else correctly.
func (c *Collection) Aggregate(ctx context.Context, pipeline, out any) error {
	cur, err := c.c.Aggregate(ctx, pipeline)
	if err != nil {
		return translate(err)
	}
	return translate(cur.All(ctx, out))
}

// InsertOne inserts a document; ECONFLICT on a duplicate key.
func (c *Collection) InsertOne(ctx context.Context, doc any) error {
	ctx, done, err := c.beginWrite(ctx, "insertOne")
	if err != nil {
		return err
	}
	defer done()
	_, err = c.c.InsertOne(ctx, doc)
	return translate(err)
}

// InsertMany inserts documents unordered, in batches of at most
// WriteBatchSize, and returns how many went in; duplicates are skipped and
// reported as ECONFLICT after the others.
func (c *Collection) InsertMany(ctx context.Context, docs []any) (int, error) {
	if len(docs) == 0 {
		return 0, nil
	}
	n, err := c.insertManyBatched(ctx, docs)
	return n, translate(err)
}

// UpdateOne updates the first matching document.
func (c *Collection) UpdateOne(ctx context.Context, filter, update any, opts ...options.Lister[options.UpdateOneOptions]) (*mongo.UpdateResult, error) {
	ctx, done, err := c.beginWrite(ctx, "updateOne")
	if err != nil {
		return nil, err
	}
	defer done()
	if noOptions(opts) {
		if res, ok, err := c.accelUpdate(ctx, filter, update, 1); ok {
			return res, err
		}
	}
	res, err := c.c.UpdateOne(ctx, filter, update, opts...)
	return res, translate(err)
}

// UpdateMany updates every matching document. On MongoDB, and on the
// embedded engine when many documents match, it is one statement, which
// the engine runs over one result set however many match (proven at
// 1,000 by TestUpdateManyAndDeleteManyAtSize); a few matches are written
// by _id on the embedded engine (accel_write.go).
func (c *Collection) UpdateMany(ctx context.Context, filter, update any, opts ...options.Lister[options.UpdateManyOptions]) (*mongo.UpdateResult, error) {
	ctx, done, err := c.beginWrite(ctx, "updateMany")
	if err != nil {
		return nil, err
	}
	defer done()
	if noOptions(opts) {
		if res, ok, err := c.accelUpdate(ctx, filter, update, maxAccelMany); ok {
			return res, err
		}
	}
	res, err := c.c.UpdateMany(ctx, filter, update, opts...)
	return res, translate(err)
}

// ReplaceOne replaces the first matching document.
func (c *Collection) ReplaceOne(ctx context.Context, filter, doc any, opts ...options.Lister[options.ReplaceOptions]) (*mongo.UpdateResult, error) {
	ctx, done, err := c.beginWrite(ctx, "replaceOne")
	if err != nil {
		return nil, err
	}
	defer done()
	if noOptions(opts) {
		if res, ok, err := c.accelReplaceOne(ctx, filter, doc); ok {
			return res, err
		}
	}
	res, err := c.c.ReplaceOne(ctx, filter, doc, opts...)
	return res, translate(err)
}

// DeleteOne deletes the first matching document.
func (c *Collection) DeleteOne(ctx context.Context, filter any) (int64, error) {
	ctx, done, err := c.beginWrite(ctx, "deleteOne")
	if err != nil {
		return 0, err
	}
	defer done()
	if n, ok, err := c.accelDelete(ctx, filter, 1); ok {
		return n, err
	}
	res, err := c.c.DeleteOne(ctx, filter)
	if err != nil {
		return 0, translate(err)
	}
	return res.DeletedCount, nil
}

// DeleteMany deletes every matching document: one statement, or a few
// deletes by _id on the embedded engine, as UpdateMany.
func (c *Collection) DeleteMany(ctx context.Context, filter any) (int64, error) {
	ctx, done, err := c.beginWrite(ctx, "deleteMany")
	if err != nil {
		return 0, err
	}
	defer done()
	if n, ok, err := c.accelDelete(ctx, filter, maxAccelMany); ok {
		return n, err
	}
	res, err := c.c.DeleteMany(ctx, filter)
	if err != nil {
		return 0, translate(err)
	}
	return res.DeletedCount, nil
}

// FindOneAndUpdate updates the first matching document atomically and
// decodes it (before or after, per opts) into out; ENOTFOUND if none.
func (c *Collection) FindOneAndUpdate(ctx context.Context, filter, update, out any, opts ...options.Lister[options.FindOneAndUpdateOptions]) error {
	ctx, done, err := c.beginWrite(ctx, "findOneAndUpdate")
	if err != nil {
		return err
	}
	defer done()
	return translate(c.c.FindOneAndUpdate(ctx, filter, update, opts...).Decode(out))
}

// BulkWrite runs write models in commands of at most WriteBatchSize
// models each, ordered or not; the result sums them, and upserted IDs and
// write errors carry the model's index in models.
func (c *Collection) BulkWrite(ctx context.Context, models []mongo.WriteModel, ordered bool) (*mongo.BulkWriteResult, error) {
	if len(models) == 0 {
		return &mongo.BulkWriteResult{}, nil
	}
	res, err := c.bulkWriteBatched(ctx, models, ordered)
	return res, translate(err)
}

// beginWrite gives ctx the default deadline if it has none and takes the
// write lock under it; done releases both.
func (c *Collection) beginWrite(ctx context.Context, op string) (context.Context, func(), error) {
	ctx, cancel := c.db.opContext(ctx)
	unlock, err := c.db.lockWrites(ctx, op, c.Name())
	if err != nil {
		cancel()
		return nil, nil, err
	}
	return ctx, func() { unlock(); cancel() }, nil
}
