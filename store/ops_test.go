package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert/store"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// privateEngine starts an embedded engine of its own in a temporary
// directory, stopped when the test ends.
func privateEngine(t *testing.T) *store.Engine {
	t.Helper()
	eng, err := store.StartEngine(t.TempDir(), quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Stop)
	return eng
}

func openOn(t *testing.T, cfg store.Config) *store.DB {
	t.Helper()
	cfg.Logger = quiet
	cfg.ConnectTimeout = 10 * time.Second
	if cfg.Database == "" {
		cfg.Database = "skillcert"
	}
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	if err := db.Migrate(context.Background(), store.Steps); err != nil {
		t.Fatal(err)
	}
	return db
}

// fill inserts n documents of several BSON types into coll, _id "<coll>-00001"…
func fill(t *testing.T, db *store.DB, coll string, n int) {
	t.Helper()
	ctx := context.Background()
	docs := make([]any, 0, 100)
	for i := 1; i <= n; i++ {
		docs = append(docs, bson.D{
			{Key: "_id", Value: fmt.Sprintf("%s-%05d", coll, i)},
			{Key: "name", Value: fmt.Sprintf("张三%d", i)},
			{Key: "n32", Value: int32(i)}, {Key: "n64", Value: int64(i) << 33}, {Key: "f", Value: float64(i) / 4},
			{Key: "at", Value: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)},
			{Key: "tags", Value: bson.A{"a", int32(i % 7)}},
			{Key: "sub", Value: bson.D{{Key: "z", Value: true}, {Key: "a", Value: "村"}}},
		})
		if len(docs) == 100 || i == n {
			if _, err := db.Collection(coll).InsertMany(ctx, docs); err != nil {
				t.Fatal(err)
			}
			docs = docs[:0]
		}
	}
}

// TestBackupWhileWritingAndRestore takes a backup of an embedded database
// while another goroutine keeps inserting into it (the engine holds the
// data directory's lock, as a running server does), restores it into a
// second engine and checks that the copy is one consistent moment (a
// gapless prefix of the inserts), that counts and checksums match the
// manifest, and that restore refuses a non-empty target without force
// and an archive from a newer schema.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	ctx := context.Background()
	eng := privateEngine(t)
	src := openOn(t, store.Config{Embedded: eng})
	fill(t, src, "people_test", 600)

	stop := make(chan struct{})
	var written atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := src.Collection("stream_test").InsertOne(ctx, bson.D{{Key: "_id", Value: fmt.Sprintf("s%06d", i)}, {Key: "i", Value: int32(i)}}); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 50 {
		time.Sleep(5 * time.Millisecond)
	}
	var buf bytes.Buffer
	m, err := store.BackupEmbedded(ctx, eng.Dir(), "skillcert", &buf, quiet)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for _, c := range m.Collections {
		counts[c.Name] = c.Count
	}
	if counts["people_test"] != 600 || counts["stream_test"] < 50 || counts[store.CollOrgUnits] == 0 {
		t.Fatalf("manifest counts %v", counts)
	}
	if m.Engine != "embedded" || len(m.Steps) == 0 {
		t.Fatalf("manifest %+v", m)
	}

	dst := openOn(t, store.Config{Embedded: privateEngine(t)})
	rep, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes()), false, store.Steps)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Collections) != len(m.Collections) {
		t.Fatalf("restored %d collections, manifest has %d", len(rep.Collections), len(m.Collections))
	}
	for _, want := range m.Collections {
		got, err := dst.Checksum(ctx, want.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: restored %+v, manifest %+v", want.Name, got, want)
		}
	}
	// One moment: the streamed inserts are a gapless prefix.
	var ids []struct {
		I int32 `bson:"i"`
	}
	if err := dst.Collection("stream_test").Find(ctx, bson.D{}, &ids, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})); err != nil {
		t.Fatal(err)
	}
	for k, d := range ids {
		if int(d.I) != k+1 {
			t.Fatalf("stream document %d is i=%d: the backup is not one moment", k+1, d.I)
		}
	}
	// The indexes the schema declares exist after the restore.
	names, err := dst.IndexNames(ctx, store.CollAccounts)
	if err != nil || !strings.Contains(strings.Join(names, ","), "username") {
		t.Fatalf("indexes after restore: %v %v", names, err)
	}

	if _, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes()), false, store.Steps); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("restore into a non-empty database: %v, want ErrNotEmpty", err)
	}
	if _, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes()), true, store.Steps); err != nil {
		t.Fatalf("restore -force: %v", err)
	}
	if n, _ := dst.Collection("people_test").Count(ctx, bson.D{}); n != 600 {
		t.Fatalf("after restore -force people_test has %d documents, want 600", n)
	}
	older := store.Steps[:len(store.Steps)-1] // a program that lacks the last step
	if _, err := dst.Restore(ctx, bytes.NewReader(buf.Bytes()), true, older); err == nil || !strings.Contains(err.Error(), "newer version") {
		t.Fatalf("restore of a newer archive: %v", err)
	}
	// A damaged archive is refused.
	bad := append([]byte(nil), buf.Bytes()[:buf.Len()/2]...)
	if _, err := openOn(t, store.Config{Embedded: privateEngine(t)}).Restore(ctx, bytes.NewReader(bad), false, store.Steps); err == nil {
		t.Fatal("a truncated archive was restored")
	}
}

// TestCopyDatabaseResumes moves an embedded database into a second
// engine reached by URI, as MongoDB is (the same driver code, no write
// serialization), interrupts the copy, resumes it and compares counts and
// checksums of every collection.
func TestCopyDatabaseResumes(t *testing.T) {
	ctx := context.Background()
	src := openOn(t, store.Config{Embedded: privateEngine(t)})
	fill(t, src, "people_test", 730)
	fill(t, src, "courses_test", 120)
	target := privateEngine(t)
	dst := openOn(t, store.Config{URI: target.URI()})
	if dst.Embedded() {
		t.Fatal("the target must be opened as a MongoDB deployment")
	}
	cpFile := filepath.Join(t.TempDir(), "migrate.json")
	opts := store.CopyOptions{Steps: store.Steps, Checkpoint: cpFile, Target: "target/skillcert", Batch: 100}
	interrupted := errors.New("interrupted")
	store.SetAfterBatch(&opts, func(coll string, copied int64) error {
		if coll == "people_test" && copied == 300 {
			return interrupted
		}
		return nil
	})
	if _, err := store.CopyDatabase(ctx, src, dst, opts); !errors.Is(err, interrupted) {
		t.Fatalf("first run: %v", err)
	}
	if n, _ := dst.Collection("people_test").Count(ctx, bson.D{}); n != 300 {
		t.Fatalf("after the interruption the target has %d people, want 300", n)
	}
	// Another target is refused while the checkpoint belongs to this one.
	other := opts
	other.Target = "elsewhere/skillcert"
	if _, err := store.CopyDatabase(ctx, src, dst, other); err == nil {
		t.Fatal("a checkpoint was applied to another target")
	}
	var seen []int64
	store.SetAfterBatch(&opts, func(coll string, copied int64) error {
		if coll == "people_test" {
			seen = append(seen, copied)
		}
		return nil
	})
	rep, err := store.CopyDatabase(ctx, src, dst, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Resumed || len(seen) == 0 || seen[0] != 400 {
		t.Fatalf("resumed %v, batches after resume %v (want to start at 400)", rep.Resumed, seen)
	}
	if !rep.Equal() {
		t.Fatalf("source %+v\ntarget %+v", rep.Source, rep.Target)
	}
	for _, s := range rep.Source {
		if s.Name == "people_test" && s.Count != 730 {
			t.Fatalf("people_test count %d", s.Count)
		}
	}
	// A fresh copy into a database holding data is refused.
	opts.Checkpoint = filepath.Join(t.TempDir(), "again.json")
	if _, err := store.CopyDatabase(ctx, src, dst, opts); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("copy into a non-empty database: %v", err)
	}
}

// TestLeaseOneHolder races two database clients ("instances") on one
// standalone engine for the same job: exactly one wins; after expiry the
// job is taken over once, the old holder learns it lost it, and a
// released lease is taken at once.
func TestLeaseOneHolder(t *testing.T) {
	ctx := context.Background()
	eng := privateEngine(t)
	a := openOn(t, store.Config{URI: eng.URI()})
	b := openOn(t, store.Config{URI: eng.URI()})
	now := time.Now()
	var wins atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := a
			if i%2 == 1 {
				db = b
			}
			_, ok, err := db.TryLease(ctx, "job-x", fmt.Sprintf("inst-%d", i), time.Minute, now)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d holders of one lease, want 1", wins.Load())
	}
	// The holder died; after expiry exactly one instance takes over.
	later := now.Add(2 * time.Minute)
	wins.Store(0)
	var taken *store.Lease
	var mu sync.Mutex
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := a
			if i%2 == 1 {
				db = b
			}
			l, ok, err := db.TryLease(ctx, "job-x", fmt.Sprintf("late-%d", i), time.Minute, later)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
				mu.Lock()
				taken = l
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 || !taken.TookOver || taken.Generation() != 2 {
		t.Fatalf("takeover: %d winners, lease %+v", wins.Load(), taken)
	}
	if ok, err := taken.Renew(ctx, later.Add(10*time.Second)); !ok || err != nil {
		t.Fatalf("renew by the holder: %v %v", ok, err)
	}
	if _, ok, _ := a.TryLease(ctx, "job-x", "other", time.Minute, later.Add(30*time.Second)); ok {
		t.Fatal("a renewed lease was taken")
	}
	if err := taken.Release(ctx, later.Add(40*time.Second)); err != nil {
		t.Fatal(err)
	}
	l, ok, err := b.TryLease(ctx, "job-x", "next", time.Minute, later.Add(41*time.Second))
	if err != nil || !ok || l.TookOver {
		t.Fatalf("after release: %v %v %+v", ok, err, l)
	}
	if ok, _ := taken.Renew(ctx, later.Add(42*time.Second)); ok {
		t.Fatal("the previous holder renewed a lease taken by another")
	}
}

// TestDumpAndRestoreByURI takes the MongoDB path (a database reached by
// URI: snapshot session, no write serialization) on a standalone engine
// standing in for MongoDB, and restores into another by URI.
func TestDumpAndRestoreByURI(t *testing.T) {
	ctx := context.Background()
	src := openOn(t, store.Config{URI: privateEngine(t).URI()})
	fill(t, src, "people_test", 250)
	var buf bytes.Buffer
	m, err := src.Dump(ctx, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if m.Engine != "mongodb" {
		t.Fatalf("engine %q", m.Engine)
	}
	dst := openOn(t, store.Config{URI: privateEngine(t).URI()})
	rep, err := dst.Restore(ctx, &buf, false, store.Steps)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range m.Collections {
		got, err := src.Checksum(ctx, want.Name)
		if err != nil || got != want || rep.Collections[i] != want {
			t.Fatalf("%s: source now %+v, manifest %+v, restored %+v (%v)", want.Name, got, want, rep.Collections[i], err)
		}
	}
}
