package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
	"skillcert/store"
	"skillcert/store/storetest"
)

func docID(i int) string { return fmt.Sprintf("d%04d", i) }

func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

func seedDocs(t *testing.T, c *store.Collection, n int) {
	t.Helper()
	docs := make([]any, n)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: docID(i)}, {Key: "n", Value: 0}}
	}
	got, err := c.InsertMany(context.Background(), docs)
	if err != nil || got != n {
		t.Fatalf("InsertMany of %d: %d, %v", n, got, err)
	}
}

func bulkIncs(from, to int) []mongo.WriteModel {
	var models []mongo.WriteModel
	for i := from; i < to; i++ {
		models = append(models, mongo.NewUpdateOneModel().SetFilter(byID(docID(i))).
			SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}))
	}
	return models
}

// TestBulkWriteOfAThousandAnswers sends 1,000 updates in one BulkWrite
// while readers run beside it: it answers, every document is updated,
// and no command carried more than WriteBatchSize statements.
func TestBulkWriteOfAThousandAnswers(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	c := db.Collection(store.CollCounters)
	const n = 1000
	seedDocs(t, c, n)
	if got := store.LargestWrite("insert", store.CollCounters); got > store.WriteBatchSize {
		t.Fatalf("an insert command carried %d documents", got)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for r := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := r; ; i += 2 {
				select {
				case <-stop:
					return
				default:
				}
				var out bson.M
				if err := c.FindOne(ctx, byID(docID(i%n)), &out); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	res, err := c.BulkWrite(ctx, bulkIncs(0, n), false)
	if err != nil {
		t.Fatal(err)
	}
	if res.MatchedCount != n || res.ModifiedCount != n {
		t.Fatalf("matched %d modified %d, want %d", res.MatchedCount, res.ModifiedCount, n)
	}
	close(stop)
	wg.Wait()
	var docs []struct {
		N int `bson:"n"`
	}
	if err := c.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: ""}}}}, &docs); err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if d.N != 1 {
			t.Fatalf("document %d has n = %d, want 1", i, d.N)
		}
	}
	if len(docs) != n {
		t.Fatalf("%d documents, want %d", len(docs), n)
	}
	if got := store.LargestWrite("update", store.CollCounters); got == 0 || got > store.WriteBatchSize {
		t.Fatalf("largest update command carried %d statements, want 1..%d", got, store.WriteBatchSize)
	}
}

// TestBatchedWritesKeepOrderAndIndexes checks that split commands behave
// as one: an ordered bulk write stops at its first failing model, an
// unordered one goes on, and write errors and upserted IDs carry the
// model's index in the whole slice, across batch boundaries.
func TestBatchedWritesKeepOrderAndIndexes(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	c := db.Collection(store.CollCounters)
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "taken-a"}}); err != nil {
		t.Fatal(err)
	}
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "taken-b"}}); err != nil {
		t.Fatal(err)
	}
	inserts := func(prefix string, n int, dup map[int]string) []mongo.WriteModel {
		var models []mongo.WriteModel
		for i := range n {
			id := fmt.Sprintf("%s%04d", prefix, i)
			if d, ok := dup[i]; ok {
				id = d
			}
			models = append(models, mongo.NewInsertOneModel().SetDocument(bson.D{{Key: "_id", Value: id}}))
		}
		return models
	}
	indexes := func(err error) []int {
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) {
			t.Fatalf("want a BulkWriteException inside, got %v", err)
		}
		var out []int
		for _, we := range bwe.WriteErrors {
			out = append(out, we.Index)
		}
		return out
	}

	res, err := c.BulkWrite(ctx, inserts("o", 120, map[int]string{70: "taken-a", 110: "taken-b"}), true)
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("ordered with a duplicate: %v, want conflict", err)
	}
	if got := indexes(err); len(got) != 1 || got[0] != 70 {
		t.Fatalf("ordered: write errors at %v, want [70]", got)
	}
	if res.InsertedCount != 70 {
		t.Fatalf("ordered: inserted %d, want the 70 before the failure", res.InsertedCount)
	}
	if n, _ := c.Count(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: "o"}, {Key: "$lt", Value: "p"}}}}); n != 70 {
		t.Fatalf("ordered: %d stored, want 70", n)
	}

	res, err = c.BulkWrite(ctx, inserts("u", 120, map[int]string{30: "taken-a", 110: "taken-b"}), false)
	if got := indexes(err); len(got) != 2 || got[0] != 30 || got[1] != 110 {
		t.Fatalf("unordered: write errors at %v, want [30 110]", got)
	}
	if res.InsertedCount != 118 {
		t.Fatalf("unordered: inserted %d, want 118", res.InsertedCount)
	}

	var upserts []mongo.WriteModel
	for i := range 120 {
		upserts = append(upserts, mongo.NewUpdateOneModel().SetFilter(byID(fmt.Sprintf("up%04d", i))).SetUpsert(true).
			SetUpdate(bson.D{{Key: "$set", Value: bson.D{{Key: "i", Value: i}}}}))
	}
	res, err = c.BulkWrite(ctx, upserts, false)
	if err != nil || res.UpsertedCount != 120 || len(res.UpsertedIDs) != 120 {
		t.Fatalf("upserts: %+v, %v", res, err)
	}
	for i := range 120 {
		if res.UpsertedIDs[int64(i)] != fmt.Sprintf("up%04d", i) {
			t.Fatalf("upserted ID at %d = %v", i, res.UpsertedIDs[int64(i)])
		}
	}

	docs := []any{bson.D{{Key: "_id", Value: "m0"}}}
	for i := 1; i < 120; i++ {
		id := fmt.Sprintf("m%d", i)
		if i == 60 {
			id = "taken-a"
		}
		docs = append(docs, bson.D{{Key: "_id", Value: id}})
	}
	n, err := c.InsertMany(ctx, docs)
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT || n != 119 {
		t.Fatalf("InsertMany with a duplicate: %d, %v; want 119 and a conflict", n, err)
	}
	if got := indexes(err); len(got) != 1 || got[0] != 60 {
		t.Fatalf("InsertMany: write errors at %v, want [60]", got)
	}
}

// TestUpdateManyAndDeleteManyAtSize proves the single-statement writes at
// 1,000 matching documents: the engine runs each over one result set.
func TestUpdateManyAndDeleteManyAtSize(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	c := db.Collection(store.CollCounters)
	const n = 1000
	seedDocs(t, c, n)
	all := bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: "d"}}}}
	res, err := c.UpdateMany(ctx, all, bson.D{{Key: "$set", Value: bson.D{{Key: "n", Value: 7}}}})
	if err != nil || res.MatchedCount != n || res.ModifiedCount != n {
		t.Fatalf("UpdateMany of %d: %+v, %v", n, res, err)
	}
	deleted, err := c.DeleteMany(ctx, all)
	if err != nil || deleted != n {
		t.Fatalf("DeleteMany of %d: %d, %v", n, deleted, err)
	}
}
