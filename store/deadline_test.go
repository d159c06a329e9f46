package store_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/store"
	"skillcert/store/storetest"
)

// syncBuffer is a log destination safe for the watchdog's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestStuckWriteFreesTheLock freezes the connection to the engine (a
// relay that stops passing bytes: the engine, as seen by the driver, never
// answers) while a write holds the write lock. The write ends at its
// deadline with EUNAVAILABLE and gives the lock up; a writer waiting for
// the lock gives up at its own deadline instead of waiting forever; a call
// with no deadline gets the store's default; the watchdog names the
// holder; Ready fails while the engine does not answer. Thawed, the same
// DB serves again.
func TestStuckWriteFreesTheLock(t *testing.T) {
	var logs syncBuffer
	db, relay := storetest.OpenThroughRelay(t, func(c *store.Config) {
		c.OpTimeout = 3 * time.Second
		c.LockWarnAfter = 300 * time.Millisecond
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	ctx := context.Background()
	c := db.Collection(store.CollCounters)
	inc := bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}
	if err := c.InsertOne(ctx, bson.D{{Key: "_id", Value: "x"}, {Key: "n", Value: 0}}); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("ready before the freeze: %v", err)
	}

	relay.Freeze()
	stuck := make(chan error, 1)
	go func() {
		wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := c.UpdateOne(wctx, byID("x"), inc)
		stuck <- err
	}()
	deadline := time.Now().Add(2 * time.Second)
	for {
		if h, ok := db.WriteLockHolder(); ok {
			if h.Op != "updateOne" || h.Collection != store.CollCounters {
				t.Fatalf("holder %+v", h)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the stuck write never took the lock")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A second writer waits for the lock only as long as its context.
	wctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	start := time.Now()
	_, err := c.UpdateOne(wctx, byID("x"), inc)
	cancel()
	if skillcert.ErrorCode(err) != skillcert.EUNAVAILABLE || time.Since(start) > 1500*time.Millisecond {
		t.Fatalf("waiting writer: %v after %s; want unavailable at its 500ms deadline", err, time.Since(start))
	}
	if err := db.Ready(ctx); skillcert.ErrorCode(err) != skillcert.EUNAVAILABLE {
		t.Fatalf("ready while the engine does not answer: %v", err)
	}
	select {
	case err := <-stuck:
		if skillcert.ErrorCode(err) != skillcert.EUNAVAILABLE {
			t.Fatalf("stuck write: %v, want unavailable", err)
		}
		if !strings.Contains(skillcert.ErrorMessage(err), "数据库暂时无法访问") {
			t.Fatalf("message %q", skillcert.ErrorMessage(err))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stuck write outlived its deadline")
	}
	if h, ok := db.WriteLockHolder(); ok {
		t.Fatalf("lock still held by %+v after the stuck write gave up", h)
	}
	log := logs.String()
	if !strings.Contains(log, "the write lock is held too long") || !strings.Contains(log, "op=updateOne") || !strings.Contains(log, "collection="+store.CollCounters) {
		t.Fatalf("watchdog did not name the holder:\n%s", log)
	}
	// No deadline of its own: the store's default (3s here) ends it.
	start = time.Now()
	_, err = c.UpdateOne(ctx, byID("x"), inc)
	if skillcert.ErrorCode(err) != skillcert.EUNAVAILABLE || time.Since(start) > 6*time.Second {
		t.Fatalf("write without a deadline: %v after %s", err, time.Since(start))
	}

	relay.Thaw()
	if _, err := c.UpdateOne(ctx, byID("x"), inc); err != nil {
		t.Fatalf("write after the thaw: %v", err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Fatalf("ready after the thaw: %v", err)
	}
}
