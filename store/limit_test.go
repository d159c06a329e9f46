package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
)

const limitChildEnv = "SKILLCERT_ENGINE_LIMIT_CHILD"

// TestEngineLimit measures where the embedded engine stops answering a
// multi-statement update: a child process starts an engine of its own in
// a temporary directory and sends, through the driver directly (not the
// store, which would split them), update commands of 2×WriteBatchSize−1
// statements and then of 2×WriteBatchSize = 100. The first must answer;
// the second is the engine's limit and must not (the child gives it five
// seconds). The wedged engine dies with the child, never in this process.
// On the wedged engine the child also checks what /readyz relies on: a
// ping still answers, DB.Ready does not.
func TestEngineLimit(t *testing.T) {
	if os.Getenv(limitChildEnv) == "1" {
		engineLimitChild()
		return
	}
	if testing.Short() {
		t.Skip("starts a child process with an engine of its own")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestEngineLimit$", "-test.count=1")
	cmd.Env = append(os.Environ(), limitChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	text := string(out)
	t.Logf("child:\n%s", text)
	if ctx.Err() != nil {
		t.Fatalf("child did not finish: %v", err)
	}
	safe, limit := 2*WriteBatchSize-1, 2*WriteBatchSize
	if !strings.Contains(text, fmt.Sprintf("size %d: answered", safe)) {
		t.Errorf("an update of %d statements did not answer", safe)
	}
	if !strings.Contains(text, fmt.Sprintf("size %d: no answer", limit)) {
		t.Errorf("an update of %d statements answered: the engine's limit moved; measure it again before changing WriteBatchSize", limit)
	}
	// What /readyz relies on: a wedged engine answers a ping but not a read.
	if !strings.Contains(text, "ping while wedged: answered") || !strings.Contains(text, "ready while wedged: "+skillcert.EUNAVAILABLE) {
		t.Errorf("Ready did not tell a wedged engine from a live one")
	}
}

// engineLimitChild runs in the child process and exits it.
func engineLimitChild() {
	code := 0
	defer func() { os.Exit(code) }()
	say := func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
	dir, err := os.MkdirTemp("", "skillcert-engine-limit-")
	if err != nil {
		say("tempdir: %v", err)
		code = 2
		return
	}
	defer os.RemoveAll(dir)
	eng, err := StartEngine(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		say("engine: %v", err)
		code = 2
		return
	}
	client, err := mongo.Connect(options.Client().ApplyURI(eng.URI()))
	if err != nil {
		say("connect: %v", err)
		code = 2
		return
	}
	coll := client.Database("limit").Collection("docs")
	ctx := context.Background()
	const docs = 2 * WriteBatchSize
	for lo := 0; lo < docs; lo += 10 {
		var batch []any
		for i := lo; i < lo+10; i++ {
			batch = append(batch, bson.D{{Key: "_id", Value: fmt.Sprintf("d%03d", i)}, {Key: "n", Value: 0}})
		}
		if _, err := coll.InsertMany(ctx, batch); err != nil {
			say("insert: %v", err)
			code = 2
			return
		}
	}
	update := func(size int, wait time.Duration) error {
		models := make([]mongo.WriteModel, size)
		for i := range models {
			models[i] = mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: fmt.Sprintf("d%03d", i)}}).
				SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
		}
		cctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		_, err := coll.BulkWrite(cctx, models, options.BulkWrite().SetOrdered(false))
		return err
	}
	// The application's view of the same database, migrated as at start-up.
	db, err := Open(ctx, Config{Database: "limit", Embedded: eng, ConnectTimeout: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil {
		err = db.Migrate(ctx, Steps)
	}
	if err != nil {
		say("open: %v", err)
		code = 2
		return
	}
	safe, limit := 2*WriteBatchSize-1, 2*WriteBatchSize
	start := time.Now()
	if err := update(safe, 10*time.Second); err != nil {
		say("size %d: no answer after %s (%v)", safe, time.Since(start).Round(time.Millisecond), err)
		return
	}
	say("size %d: answered in %s", safe, time.Since(start).Round(time.Millisecond))
	// The limit, without a deadline, as the application sent it before
	// the store split its writes.
	answered := make(chan error, 1)
	go func() { answered <- update(limit, time.Hour) }()
	select {
	case err := <-answered:
		say("size %d: answered (%v)", limit, err)
		return
	case <-time.After(5 * time.Second):
		say("size %d: no answer after 5s", limit)
	}
	// The engine is wedged now: a ping still answers, a read does not.
	if err := db.Ping(ctx); err != nil {
		say("ping while wedged: %v", err)
	} else {
		say("ping while wedged: answered")
	}
	start = time.Now()
	err = db.Ready(ctx)
	say("ready while wedged: %s after %s (%v)", skillcert.ErrorCode(err), time.Since(start).Round(100*time.Millisecond), err)
}
