package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert/store"
	"skillcert/store/storetest"
)

func allByID(t *testing.T, db *store.DB, coll string) []bson.Raw {
	t.Helper()
	db.SetReadAcceleration(false)
	defer db.SetReadAcceleration(true)
	var out []bson.Raw
	if err := db.Collection(coll).Find(context.Background(), bson.D{}, &out, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})); err != nil {
		t.Fatal(err)
	}
	return out
}

// twinPersons opens two embedded databases holding the same n generated
// persons: the first writes through the SQL read path, the second leaves
// every selection to the engine.
func twinPersons(t *testing.T, seed int64, n int) (sqlDB, engDB *store.DB) {
	t.Helper()
	sqlDB, engDB = storetest.Open(t), storetest.Open(t)
	if !sqlDB.Embedded() {
		t.Skip("the SQL read path exists only on the embedded engine")
	}
	engDB.SetReadAcceleration(false)
	docs := genPersons(rand.New(rand.NewSource(seed)), n)
	insertAll(t, sqlDB.Collection(store.CollPersons), docs)
	insertAll(t, engDB.Collection(store.CollPersons), docs)
	return sqlDB, engDB
}

// samePersons fails unless both databases hold byte for byte the same
// persons.
func samePersons(t *testing.T, sqlDB, engDB *store.DB, when string) {
	t.Helper()
	g, e := allByID(t, sqlDB, store.CollPersons), allByID(t, engDB, store.CollPersons)
	if len(g) != len(e) {
		t.Fatalf("%s: %d documents, the engine %d", when, len(g), len(e))
	}
	for i := range g {
		if !bytes.Equal(g[i], e[i]) {
			t.Fatalf("%s, document %d differs:\n sql    %s\n engine %s", when, i, g[i], e[i])
		}
	}
}

// UpdateOne and DeleteOne with a filter beyond _id select their document
// with SQL and write it by _id: the same document, the same result and
// the same collection afterwards as the engine's own scan.
func TestConditionalWritesAnswerLikeTheEngine(t *testing.T) {
	sqlDB, engDB := twinPersons(t, 5, 300)
	ctx := context.Background()
	prefix := func(s string) bson.D { return bson.D{{Key: "$regex", Value: "^" + s}} }
	set := func(k string, v any) bson.D { return bson.D{{Key: "$set", Value: bson.D{{Key: k, Value: v}}}} }
	type write struct {
		filter, update bson.D // update nil: a delete
	}
	var writes []write
	for i := 0; i < 12; i++ {
		writes = append(writes,
			write{bson.D{{Key: "town", Value: "WZ"}, {Key: "status", Value: "active"}}, set("status", "pending")},
			write{bson.D{{Key: "town", Value: "PY"}, {Key: "name", Value: prefix("张")}}, set("town", "ZQ")},
			write{bson.D{{Key: "groups", Value: "retiree"}, {Key: "status", Value: bson.D{{Key: "$ne", Value: "gone"}}}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "gone"}}}, {Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}},
			write{bson.D{{Key: "town", Value: "ZQ"}, {Key: "village", Value: "V1"}}, nil},
			write{bson.D{{Key: "idSuffix", Value: "0003"}}, nil},
			write{bson.D{{Key: "town", Value: "nowhere"}}, set("status", "x")},
			write{bson.D{{Key: "town", Value: "nowhere"}}, nil},
		)
	}
	before := store.ReadPathWrites(sqlDB)
	for _, w := range writes {
		if w.update == nil {
			got, gerr := sqlDB.Collection(store.CollPersons).DeleteOne(ctx, w.filter)
			want, werr := engDB.Collection(store.CollPersons).DeleteOne(ctx, w.filter)
			if gerr != nil || werr != nil || got != want {
				t.Fatalf("delete %v: %d (%v), the engine %d (%v)", w.filter, got, gerr, want, werr)
			}
			continue
		}
		got, gerr := sqlDB.Collection(store.CollPersons).UpdateOne(ctx, w.filter, w.update)
		want, werr := engDB.Collection(store.CollPersons).UpdateOne(ctx, w.filter, w.update)
		if gerr != nil || werr != nil || got.MatchedCount != want.MatchedCount || got.ModifiedCount != want.ModifiedCount {
			t.Fatalf("update %v: %+v (%v), the engine %+v (%v)", w.filter, got, gerr, want, werr)
		}
	}
	if n := store.ReadPathWrites(sqlDB) - before; n != int64(len(writes)) {
		t.Fatalf("%d of %d writes selected their document with SQL", n, len(writes))
	}
	samePersons(t, sqlDB, engDB, "after the writes")
}

// Racing conditional updates selected by SQL each take a different
// document: 200 callers promoting waitlisted enrollments of a course with
// 30 on the waitlist promote exactly 30, each once.
func TestConcurrentConditionalUpdatesBySQL(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("the SQL read path exists only on the embedded engine")
	}
	ctx := context.Background()
	c := db.Collection(store.CollEnrollments)
	var docs []any
	for i := 0; i < 60; i++ {
		status := "enrolled"
		if i%2 == 0 {
			status = "waitlisted"
		}
		docs = append(docs, bson.D{{Key: "_id", Value: string(rune('A'+i/26)) + string(rune('a'+i%26))}, {Key: "courseId", Value: "c1"}, {Key: "status", Value: status}})
	}
	insertAll(t, c, docs)
	before := store.ReadPathWrites(db)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.UpdateOne(ctx, bson.D{{Key: "courseId", Value: "c1"}, {Key: "status", Value: "waitlisted"}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "enrolled"}}}, {Key: "$inc", Value: bson.D{{Key: "promoted", Value: 1}}}})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			won += int(res.ModifiedCount)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if won != 30 {
		t.Fatalf("%d promotions, want 30", won)
	}
	if n := store.ReadPathWrites(db) - before; n != 200 {
		t.Fatalf("%d of 200 updates selected their document with SQL", n)
	}
	var promoted []bson.M
	if err := c.Find(ctx, bson.D{{Key: "courseId", Value: "c1"}}, &promoted); err != nil {
		t.Fatal(err)
	}
	for _, d := range promoted {
		if n, _ := d["promoted"].(int32); n > 1 || d["status"] != "enrolled" {
			t.Fatalf("after the race: %v", d)
		}
	}
}

// UpdateMany and DeleteMany matching a few documents write them by _id
// after selecting them with SQL; matching more than the bound they stay
// one engine statement. Either way the results and the collection
// afterwards are the engine's own.
func TestManyDocumentWritesAnswerLikeTheEngine(t *testing.T) {
	sqlDB, engDB := twinPersons(t, 7, 900)
	ctx := context.Background()
	set := func(k string, v any) bson.D { return bson.D{{Key: "$set", Value: bson.D{{Key: k, Value: v}}}} }
	type write struct {
		filter, update bson.D // update nil: a delete
		bySQL          bool   // few enough matches to be written by _id
	}
	writes := []write{
		{bson.D{{Key: "town", Value: "WZ"}, {Key: "village", Value: "V1"}}, set("status", "moved"), true},
		// the update changes the field it was selected by: each document once
		{bson.D{{Key: "town", Value: "ZQ"}, {Key: "status", Value: "active"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: "pending"}}}, {Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}, true},
		{bson.D{{Key: "groups", Value: "retiree"}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 2}}}}, true},
		{bson.D{{Key: "idSuffix", Value: "0007"}}, nil, true},
		{bson.D{{Key: "town", Value: "PY"}, {Key: "village", Value: "V2"}}, nil, true},
		{bson.D{{Key: "town", Value: "nowhere"}}, set("status", "x"), true},
		{bson.D{{Key: "town", Value: "nowhere"}}, nil, true},
		// more than the bound: the engine's statement
		{bson.D{{Key: "town", Value: bson.D{{Key: "$in", Value: bson.A{"WZ", "ZQ", "PY"}}}}}, set("notes", "y"), false},
		{bson.D{{Key: "town", Value: bson.D{{Key: "$in", Value: bson.A{"WZ", "ZQ", "PY"}}}}}, nil, false},
	}
	written := 0 // documents the SQL-selected writes touched
	for _, w := range writes {
		before := store.ReadPathWrites(sqlDB)
		n := 0
		if w.update == nil {
			got, gerr := sqlDB.Collection(store.CollPersons).DeleteMany(ctx, w.filter)
			want, werr := engDB.Collection(store.CollPersons).DeleteMany(ctx, w.filter)
			if gerr != nil || werr != nil || got != want {
				t.Fatalf("delete %v: %d (%v), the engine %d (%v)", w.filter, got, gerr, want, werr)
			}
			n = int(got)
		} else {
			got, gerr := sqlDB.Collection(store.CollPersons).UpdateMany(ctx, w.filter, w.update)
			want, werr := engDB.Collection(store.CollPersons).UpdateMany(ctx, w.filter, w.update)
			if gerr != nil || werr != nil || got.MatchedCount != want.MatchedCount || got.ModifiedCount != want.ModifiedCount {
				t.Fatalf("update %v: %+v (%v), the engine %+v (%v)", w.filter, got, gerr, want, werr)
			}
			n = int(got.MatchedCount)
		}
		if w.bySQL {
			written += n
		}
		if bySQL := store.ReadPathWrites(sqlDB) > before; bySQL != w.bySQL {
			t.Errorf("%v: selected by SQL %v, want %v", w.filter, bySQL, w.bySQL)
		}
		samePersons(t, sqlDB, engDB, fmt.Sprintf("after %v", w.filter))
	}
	if written < 50 {
		t.Fatalf("the writes selected by SQL touched %d documents: too few to compare", written)
	}
}

// ReplaceOne with a condition beside the _id (the subsidies' and the
// applications' optimistic writes) or without an _id selects its document
// with SQL and replaces it by _id, as the engine would.
func TestConditionalReplaceAnswersLikeTheEngine(t *testing.T) {
	sqlDB, engDB := twinPersons(t, 11, 200)
	ctx := context.Background()
	var ids []string
	for _, d := range allByID(t, engDB, store.CollPersons) {
		ids = append(ids, d.Lookup("_id").StringValue())
	}
	filters := []bson.D{
		{{Key: "_id", Value: ids[3]}, {Key: "status", Value: "active"}},
		{{Key: "_id", Value: ids[4]}, {Key: "status", Value: "pending"}},
		{{Key: "_id", Value: ids[5]}, {Key: "status", Value: "gone"}}, // matches nothing
		{{Key: "_id", Value: "no-such-id"}, {Key: "status", Value: "active"}},
		{{Key: "town", Value: "WZ"}, {Key: "village", Value: "V3"}},
		{{Key: "town", Value: "WZ"}, {Key: "village", Value: "V3"}}, // the next one
	}
	before := store.ReadPathWrites(sqlDB)
	matched := 0
	for i, f := range filters {
		doc := bson.D{{Key: "name", Value: "替换"}, {Key: "town", Value: "ZQ"}, {Key: "status", Value: "replaced"}, {Key: "n", Value: int32(i)}}
		got, gerr := sqlDB.Collection(store.CollPersons).ReplaceOne(ctx, f, doc)
		want, werr := engDB.Collection(store.CollPersons).ReplaceOne(ctx, f, doc)
		if gerr != nil || werr != nil || got.MatchedCount != want.MatchedCount || got.ModifiedCount != want.ModifiedCount {
			t.Fatalf("replace %v: %+v (%v), the engine %+v (%v)", f, got, gerr, want, werr)
		}
		matched += int(got.MatchedCount)
	}
	if matched < 3 { // at least one by _id and condition, and both by town and village
		t.Fatalf("only %d of the replacements matched a document: the comparison shows little", matched)
	}
	if n := store.ReadPathWrites(sqlDB) - before; n != int64(len(filters)) {
		t.Fatalf("%d of %d replacements selected their document with SQL", n, len(filters))
	}
	samePersons(t, sqlDB, engDB, "after the replacements")
}
