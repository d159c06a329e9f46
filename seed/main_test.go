package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/demo"
	"skillcert/store"
)

func countAccounts(t *testing.T, dir string) int64 {
	t.Helper()
	db, err := store.Open(context.Background(), store.Config{Database: "skillcert", DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	n, err := db.Collection(store.CollAccounts).Count(context.Background(), bson.D{{Key: "role", Value: "trainee"}})
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.Collection(store.CollAccounts).Count(context.Background(), bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	if n < 1 {
		t.Fatalf("no trainee account after seeding")
	}
	return all
}

// TestSeedIsIdempotentAndResets seeds an embedded database twice (nothing
// doubles) and then with -reset.
func TestSeedIsIdempotentAndResets(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	if err := run([]string{"-data", dir}, env); err != nil {
		t.Fatal(err)
	}
	first := countAccounts(t, dir)
	if first < int64(len(demo.Logins)) {
		t.Fatalf("accounts after seeding = %d, want at least %d", first, len(demo.Logins))
	}
	if err := run([]string{"-data", dir}, env); err != nil {
		t.Fatal(err)
	}
	if again := countAccounts(t, dir); again != first {
		t.Fatalf("accounts after seeding twice = %d, want %d", again, first)
	}
	// A record added after seeding must be gone after -reset.
	db, err := store.Open(context.Background(), store.Config{Database: "skillcert", DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Collection(store.CollAccounts).InsertOne(context.Background(), bson.D{{Key: "_id", Value: "extra"}, {Key: "username", Value: "extra"}}); err != nil {
		t.Fatal(err)
	}
	_ = db.Close(context.Background())
	if err := run([]string{"-data", dir, "-reset"}, env); err != nil {
		t.Fatal(err)
	}
	if reset := countAccounts(t, dir); reset != first {
		t.Fatalf("accounts after -reset = %d, want %d", reset, first)
	}
	if err := run([]string{"-reset"}, func(k string) string {
		return map[string]string{"MONGODB_URI": "mongodb://127.0.0.1:1"}[k]
	}); err == nil {
		t.Fatal("-reset against MONGODB_URI was accepted")
	}
}
