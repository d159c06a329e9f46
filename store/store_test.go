package store_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestConcurrentConditionalIncrement proves that writes are atomic per
// document on the embedded engine as they are on MongoDB: 200 racing
// conditional increments against a limit of 30 end at exactly 30.
func TestConcurrentConditionalIncrement(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	c := db.Collection(store.CollCounters)
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "seats"}, {Key: "n", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	const callers, limit = 200, 30
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.UpdateOne(ctx,
				bson.D{{Key: "_id", Value: "seats"}, {Key: "n", Value: bson.D{{Key: "$lt", Value: limit}}}},
				bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
			if err != nil {
				t.Error(err)
				return
			}
			if res.ModifiedCount == 1 {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var doc struct {
		N int `bson:"n"`
	}
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: "seats"}}, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.N != limit || won != limit {
		t.Fatalf("counter = %d, winners = %d; want both %d", doc.N, won, limit)
	}
}

func TestMigrateIsIdempotentAndCreatesDeclaredIndexes(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if err := db.Migrate(ctx, store.Steps); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	n, err := db.Collection(store.CollOrgUnits).Count(ctx, bson.D{{Key: "parent", Value: "TX"}})
	if err != nil {
		t.Fatal(err)
	}
	if n != 14 {
		t.Fatalf("towns after two migrations = %d, want 14", n)
	}
	for _, ix := range store.Indexes {
		names, err := db.IndexNames(ctx, ix.Collection)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(names, ix.Name()) {
			t.Errorf("index %s missing on %s (have %v)", ix.Name(), ix.Collection, names)
		}
	}
}

func TestMigrateRefusesStepsOutOfOrder(t *testing.T) {
	db := storetest.Open(t)
	noop := func(context.Context, *store.DB) error { return nil }
	err := db.Migrate(context.Background(), []store.Step{{ID: 5, Name: "a", Apply: noop}, {ID: 3, Name: "b", Apply: noop}})
	if err == nil {
		t.Fatal("steps out of order were accepted")
	}
}

func TestErrorsAreTranslated(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	c := db.Collection(store.CollAccounts)
	var out bson.M
	if err := c.FindOne(ctx, bson.D{{Key: "_id", Value: "nobody"}}, &out); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Fatalf("find missing: %v, want not_found", err)
	}
	doc := bson.D{{Key: "_id", Value: "a1"}, {Key: "username", Value: "same"}}
	if err := c.InsertOne(ctx, doc); err != nil {
		t.Fatal(err)
	}
	err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "a2"}, {Key: "username", Value: "same"}})
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("duplicate username: %v, want conflict", err)
	}
	// A unique violation caused by an update must read as a conflict too.
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "a3"}, {Key: "username", Value: "other"}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.UpdateOne(ctx, bson.D{{Key: "_id", Value: "a3"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "username", Value: "same"}}}})
	if skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("update into duplicate: %v, want conflict", err)
	}
}

func TestCounterCountsCommandsOfAContext(t *testing.T) {
	db := storetest.Open(t)
	ctx, counter := store.WithCounter(context.Background())
	c := db.Collection(store.CollOrgUnits)
	var units []bson.M
	if err := c.Find(ctx, bson.D{{Key: "parent", Value: "WZ"}}, &units, options.Find().SetSort(bson.D{{Key: "order", Value: 1}})); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Count(ctx, bson.D{{Key: "parent", Value: "WZ"}}); err != nil {
		t.Fatal(err)
	}
	if got := counter.N(); got != 2 {
		t.Fatalf("commands counted = %d, want 2", got)
	}
	// Work under another context is not counted here.
	if _, err := c.Count(context.Background(), bson.D{{Key: "parent", Value: "WZ"}}); err != nil {
		t.Fatal(err)
	}
	if got := counter.N(); got != 2 {
		t.Fatalf("commands counted = %d after unrelated work, want 2", got)
	}
}

func TestShapesAreRecordedAndChecked(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	c := db.Collection(store.CollAudit)
	var out []bson.M
	// A query on an unindexed field, recorded but judged against a list
	// (not store.Indexes, so TestMain's check is not tripped by it).
	if err := c.Find(ctx, bson.D{{Key: "zzUnindexed", Value: 1}}, &out); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateOne(ctx, bson.D{{Key: "actorId", Value: "x"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "y", Value: 1}}}}); err != nil {
		t.Fatal(err)
	}
	var sawFind, sawUpdate bool
	for _, s := range store.RecordedShapes() {
		if s.Collection == store.CollAudit && slices.Equal(s.Filter, []string{"zzUnindexed"}) {
			sawFind = true
			bad := store.UnservedShapes([]store.Shape{s}, store.Indexes, nil)
			if len(bad) != 1 {
				t.Errorf("unindexed shape judged served")
			}
		}
		if s.Collection == store.CollAudit && s.Command == "update" && slices.Equal(s.Filter, []string{"actorId"}) {
			sawUpdate = true
			if bad := store.UnservedShapes([]store.Shape{s}, store.Indexes, nil); len(bad) != 0 {
				t.Errorf("indexed update shape judged unserved")
			}
		}
	}
	if !sawFind || !sawUpdate {
		t.Fatalf("shapes not recorded: find %v update %v", sawFind, sawUpdate)
	}
	// Drop the deliberate bad shape so the package check passes.
	store.ForgetShapes(func(s store.Shape) bool { return slices.Contains(s.Filter, "zzUnindexed") })
}

func TestUnservedShapeRules(t *testing.T) {
	ix := []store.Index{
		{Collection: "c", Keys: []string{"town", "name"}},
		{Collection: "c", Keys: []string{"-at"}},
	}
	cases := []struct {
		s    store.Shape
		want bool // served
	}{
		{store.Shape{Collection: "c", Filter: []string{"_id"}}, true},
		{store.Shape{Collection: "c", Filter: []string{"name", "town"}}, true},
		{store.Shape{Collection: "c", Filter: []string{"name"}}, false},
		{store.Shape{Collection: "c", Sort: []string{"at"}}, true},
		{store.Shape{Collection: "c", Sort: []string{"name"}}, false},
		{store.Shape{Collection: "c"}, false},
		{store.Shape{Collection: "small"}, true},
	}
	for _, tc := range cases {
		got := len(store.UnservedShapes([]store.Shape{tc.s}, ix, map[string]bool{"small": true})) == 0
		if got != tc.want {
			t.Errorf("%+v served = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestDataDirectoryIsLockedToOneProcess(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e1, err := store.StartEngine(dir, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.StartEngine(dir, log); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second engine on the same directory: %v", err)
	}
	e1.Stop()
	e2, err := store.StartEngine(dir, log)
	if err != nil {
		t.Fatalf("after stop: %v", err)
	}
	e2.Stop()
}
