package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// Conditional writes on the embedded engine. The engine finds the
// documents of an update or delete through an index only when the filter
// is exactly {_id: <string>}; any other filter decodes the whole
// collection. Under the write lock (which every write on the embedded
// engine holds, and which one process owns) no other write can run between
// a read and a write, so an update or delete whose filter the read path
// can answer selects the matching _ids with SQL and then writes each
// document by its _id alone: the same documents, in the engine's order
// (insertion order), as the engine's own scan would find, with the
// condition still true when each is written.
//
// This serves UpdateOne, ReplaceOne and DeleteOne (each otherwise a scan
// per call, even when the filter names the _id beside a condition),
// and UpdateMany and DeleteMany matching at most maxAccelMany documents
// (a message box marked read, an account's sessions ended): each matching
// document written by its _id, one command each, where the engine would
// decode the whole collection once. More matches than that are left to
// the engine's one statement. Like the engine's, a many-document write is
// not one transaction: a failure part-way leaves the documents written
// before it written (the callers' writes are idempotent). Left to the
// engine as well: options of any kind (upsert, array filters, hint,
// collation, sort), pipeline updates and positional operators (they need
// the filter's array match).

// maxAccelMany is the most documents an UpdateMany or DeleteMany writes
// one by one by _id.
const maxAccelMany = 500

// accelWriteID selects, under the write lock, the _id of the first
// document matching filter in insertion order (none: ids empty); ok is
// false when the engine must write.
func (c *Collection) accelWriteID(ctx context.Context, filter any, command string) (ids []string, ok bool, err error) {
	return c.accelWriteIDs(ctx, filter, command, 1)
}

// accelWriteIDs selects, under the write lock, the _ids of the documents
// matching filter in insertion order, at most limit of them; ok is false
// when the engine must write (including when more than limit match and
// limit is not 1, which asks only for the first).
func (c *Collection) accelWriteIDs(ctx context.Context, filter any, command string, limit int) (ids []string, ok bool, err error) {
	a := c.db.accel
	if a == nil || !a.on.Load() || isIDLookup(filter) || accelKinds[c.Name()] == nil {
		return nil, false, nil
	}
	fetch := limit
	if limit > 1 {
		fetch = limit + 1 // one more tells that there are too many
	}
	// The selection is part of the write: not counted as a command.
	_, ok, err = c.accelRun(uncounted(ctx), filter, nil, false, func(_ *accelPlan, table, where string, args []any, _ string) (string, []any) {
		return "SELECT " + fieldExpr("_id") + ", " + typeExpr("_id") + " FROM " + quoteIdent(table) + where + " ORDER BY rowid LIMIT " + strconv.Itoa(fetch), args
	}, func(r *sql.Rows) error {
		var id, typ sql.NullString
		if err := r.Scan(&id, &typ); err != nil {
			return err
		}
		if !id.Valid || typ.String != "string" {
			return errNotAccelerable
		}
		ids = append(ids, id.String)
		return nil
	})
	if !ok || err != nil || len(ids) > limit {
		return nil, false, err
	}
	c.noteShape(filter, nil, command)
	a.writes.Add(1)
	return ids, true, nil
}

// plainUpdate reports whether an update document is a plain document of
// operators without positional paths.
func plainUpdate(update any) bool {
	if _, isSlice := update.(bson.A); isSlice {
		return false
	}
	r, ok := toRaw(update)
	if !ok {
		return false
	}
	ops, err := r.Elements()
	if err != nil || len(ops) == 0 {
		return false
	}
	for _, op := range ops {
		if !strings.HasPrefix(op.Key(), "$") {
			return false
		}
		fields, ok := op.Value().DocumentOK()
		if !ok {
			return false
		}
		elems, err := fields.Elements()
		if err != nil {
			return false
		}
		for _, f := range elems {
			if strings.Contains(f.Key(), "$") {
				return false
			}
		}
	}
	return true
}

// noOptions reports whether every option lister is nil.
func noOptions[T any](opts []T) bool {
	for _, o := range opts {
		if any(o) != nil {
			return false
		}
	}
	return true
}

// accelUpdateOne updates the first matching document by _id; ok is false
// when the engine must run the update. The caller holds the write lock.
func (c *Collection) accelUpdateOne(ctx context.Context, filter, update any) (*mongo.UpdateResult, bool, error) {
	if !plainUpdate(update) {
		return nil, false, nil
	}
	ids, ok, err := c.accelWriteID(ctx, filter, "update")
	if !ok || err != nil {
		return nil, ok, err
	}
	if len(ids) == 0 {
		return &mongo.UpdateResult{}, true, nil
	}
	res, err := c.c.UpdateOne(ctx, bson.D{{Key: "_id", Value: ids[0]}}, update)
	return res, true, translate(err)
}

// accelDeleteOne deletes the first matching document by _id; ok is false
// when the engine must run the delete. The caller holds the write lock.
func (c *Collection) accelDeleteOne(ctx context.Context, filter any) (int64, bool, error) {
	ids, ok, err := c.accelWriteID(ctx, filter, "delete")
	if !ok || err != nil {
		return 0, ok, err
	}
	if len(ids) == 0 {
		return 0, true, nil
	}
	res, err := c.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: ids[0]}})
	if err != nil {
		return 0, true, translate(err)
	}
	return res.DeletedCount, true, nil
}

// accelUpdateMany updates each matching document by _id; ok is false when
// the engine must run the update. The caller holds the write lock.
func (c *Collection) accelUpdateMany(ctx context.Context, filter, update any) (*mongo.UpdateResult, bool, error) {
	if !plainUpdate(update) {
		return nil, false, nil
	}
	ids, ok, err := c.accelWriteIDs(ctx, filter, "update", maxAccelMany)
	if !ok || err != nil {
		return nil, ok, err
	}
	out := &mongo.UpdateResult{}
	for _, id := range ids {
		res, err := c.c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
		if err != nil {
			return out, true, translate(err)
		}
		out.MatchedCount += res.MatchedCount
		out.ModifiedCount += res.ModifiedCount
	}
	return out, true, nil
}

// accelDeleteMany deletes each matching document by _id; ok is false when
// the engine must run the delete. The caller holds the write lock.
func (c *Collection) accelDeleteMany(ctx context.Context, filter any) (int64, bool, error) {
	ids, ok, err := c.accelWriteIDs(ctx, filter, "delete", maxAccelMany)
	if !ok || err != nil {
		return 0, ok, err
	}
	var n int64
	for _, id := range ids {
		res, err := c.c.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
		if err != nil {
			return n, true, translate(err)
		}
		n += res.DeletedCount
	}
	return n, true, nil
}

// accelReplaceOne replaces the first matching document by _id; ok is false
// when the engine must run the replacement. The caller holds the write
// lock.
func (c *Collection) accelReplaceOne(ctx context.Context, filter, doc any) (*mongo.UpdateResult, bool, error) {
	ids, ok, err := c.accelWriteID(ctx, filter, "update")
	if !ok || err != nil {
		return nil, ok, err
	}
	if len(ids) == 0 {
		return &mongo.UpdateResult{}, true, nil
	}
	res, err := c.c.ReplaceOne(ctx, bson.D{{Key: "_id", Value: ids[0]}}, doc)
	return res, true, translate(err)
}
