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
// the engine's one statement. Written this way a many-document write is
// not all or nothing: a failure part-way (a deadline) leaves the documents
// before it written, as MongoDB's updateMany and deleteMany outside a
// transaction may; every caller's write can simply be sent again. Left to the
// engine as well: options of any kind (upsert, array filters, hint,
// collation, sort), pipeline updates and positional operators (they need
// the filter's array match).

// maxAccelMany is the most documents an UpdateMany or DeleteMany writes
// one by one by _id.
const maxAccelMany = 500

// accelWriteIDs selects, under the write lock, the _ids of the documents
// matching filter in insertion order; ok is false when the engine must
// write. With limit 1 it is the first match; with a larger limit it is
// every match, and ok is false when more than limit match.
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

// accelWrite writes the documents matching filter one by one by _id:
// the first with limit 1, every one (at most limit) otherwise. write
// reports how many documents each write matched and modified; ok is false
// when the engine must write. The caller holds the write lock.
func (c *Collection) accelWrite(ctx context.Context, filter any, command string, limit int,
	write func(byID bson.D) (matched, modified int64, err error)) (*mongo.UpdateResult, bool, error) {
	ids, ok, err := c.accelWriteIDs(ctx, filter, command, limit)
	if !ok || err != nil {
		return nil, ok, err
	}
	out := &mongo.UpdateResult{Acknowledged: true}
	for _, id := range ids {
		matched, modified, err := write(bson.D{{Key: "_id", Value: id}})
		if err != nil {
			return out, true, translate(err)
		}
		out.MatchedCount += matched
		out.ModifiedCount += modified
	}
	return out, true, nil
}

// accelUpdate is UpdateOne (limit 1) or UpdateMany (maxAccelMany) by _id.
func (c *Collection) accelUpdate(ctx context.Context, filter, update any, limit int) (*mongo.UpdateResult, bool, error) {
	if !plainUpdate(update) {
		return nil, false, nil
	}
	return c.accelWrite(ctx, filter, "update", limit, func(byID bson.D) (int64, int64, error) {
		res, err := c.c.UpdateOne(ctx, byID, update)
		if err != nil {
			return 0, 0, err
		}
		return res.MatchedCount, res.ModifiedCount, nil
	})
}

// accelReplaceOne is ReplaceOne by _id.
func (c *Collection) accelReplaceOne(ctx context.Context, filter, doc any) (*mongo.UpdateResult, bool, error) {
	return c.accelWrite(ctx, filter, "update", 1, func(byID bson.D) (int64, int64, error) {
		res, err := c.c.ReplaceOne(ctx, byID, doc)
		if err != nil {
			return 0, 0, err
		}
		return res.MatchedCount, res.ModifiedCount, nil
	})
}

// accelDelete is DeleteOne (limit 1) or DeleteMany (maxAccelMany) by _id:
// the number deleted.
func (c *Collection) accelDelete(ctx context.Context, filter any, limit int) (int64, bool, error) {
	res, ok, err := c.accelWrite(ctx, filter, "delete", limit, func(byID bson.D) (int64, int64, error) {
		res, err := c.c.DeleteOne(ctx, byID)
		if err != nil {
			return 0, 0, err
		}
		return res.DeletedCount, res.DeletedCount, nil
	})
	if res == nil {
		return 0, ok, err
	}
	return res.MatchedCount, ok, err
}
