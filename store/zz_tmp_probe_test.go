package store

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

func TestTmpProbe(t *testing.T) {
	dir := os.Getenv("PROBE_DIR")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := Open(ctx, Config{Database: "scale", DataDir: dir, ConnectTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	sortA := bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}}
	plan, err := db.ExplainEmbedded(ctx, CollAudit, bson.D{}, sortA)
	fmt.Println(plan, err)
	for i := 0; i < 5; i++ {
		st := time.Now()
		var out []bson.M
		err := db.Collection(CollAudit).Find(ctx, bson.D{}, &out, options.Find().SetSort(sortA).SetLimit(20))
		d1 := time.Since(st)
		st = time.Now()
		n, err2 := db.Collection(CollAudit).Count(ctx, bson.D{})
		fmt.Println(len(out), err, d1, n, err2, time.Since(st))
	}
}
