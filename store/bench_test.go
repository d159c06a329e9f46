package store_test

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert/store"
	"skillcert/store/storetest"
)

const benchDocs = 200

func benchCollection(b *testing.B) *store.Collection {
	b.Helper()
	db := storetest.Open(b)
	c := db.Collection(store.CollCounters)
	docs := make([]any, benchDocs)
	for i := range docs {
		docs[i] = bson.D{{Key: "_id", Value: docID(i)}, {Key: "n", Value: 0}}
	}
	if _, err := c.InsertMany(context.Background(), docs); err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkBulkWriteBatched updates 200 documents in one BulkWrite, which
// the store sends as commands of WriteBatchSize. Baseline: the same 200
// updates as 200 UpdateOne calls (BenchmarkBulkWriteOneByOne).
func BenchmarkBulkWriteBatched(b *testing.B) {
	c := benchCollection(b)
	models := make([]mongo.WriteModel, benchDocs)
	for i := range models {
		models[i] = mongo.NewUpdateOneModel().SetFilter(byID(docID(i))).
			SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}})
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := c.BulkWrite(context.Background(), models, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBulkWriteOneByOne is the baseline of BenchmarkBulkWriteBatched.
func BenchmarkBulkWriteOneByOne(b *testing.B) {
	c := benchCollection(b)
	b.ResetTimer()
	for b.Loop() {
		for i := range benchDocs {
			if _, err := c.UpdateOne(context.Background(), byID(docID(i)), bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
