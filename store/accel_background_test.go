package store_test

import (
	"context"
	"math/rand"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/store"
	"skillcert/store/storetest"
)

// On a database above the size limit, start-up (the schema steps) leaves
// the read path's indexes to a background build: reads meanwhile give the
// engine's answers, and once the build is done they are served by SQL
// through the indexes, with the maintained counts.
func TestReadPathIndexesBuiltInTheBackground(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("embedded engine only")
	}
	ctx := context.Background()
	r := rand.New(rand.NewSource(3))
	insertAll(t, db.Collection(store.CollPersons), genPersons(r, 300))
	insertAll(t, db.Collection(store.CollAudit), genAudit(r, 300))
	old := store.SetSyncBuildBytes(0)
	defer store.SetSyncBuildBytes(old)

	if err := db.DropReadPathIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, store.Steps); err != nil {
		t.Fatal(err)
	}
	// A whole collection's count needs no index: SQL answers it at once.
	before, _ := db.ReadPathCounts()
	if _, err := db.Collection(store.CollAudit).Count(ctx, bson.D{}); err != nil {
		t.Fatal(err)
	}
	if after, _ := db.ReadPathCounts(); after != before+1 {
		t.Fatal("the audit trail's count during the build was left to the engine")
	}
	// Whether or not the build is still running, the answers are exact.
	compareCounts(t, db, "during the build", false)
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	ready, err := db.WaitReadPath(wctx)
	if err != nil || !ready {
		t.Fatalf("background build: ready %v, %v", ready, err)
	}
	compareCounts(t, db, "after the build", true)
	plan, err := db.ExplainEmbedded(ctx, store.CollAudit, bson.D{{Key: "actorId", Value: "u1"}}, bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}})
	if err != nil || !strings.Contains(plan, "USING INDEX") {
		t.Fatalf("after the build: %v\n%s", err, plan)
	}

	// Closing the database during a build stops it; the next start
	// resumes it.
	if err := db.DropReadPathIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, store.Steps); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- db.Close(ctx) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("Close waited more than a minute for the background build")
	}
}
