package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The account-security feature's schema steps (IDs 30–39), listed in
// Steps (steps.go).

// numberLegacyAudit gives every audit entry without a sequence number one,
// in the order they were written (time, then key), from 1, so that the
// unique index on seq can exist; they carry no hash, and the chain (audit
// package) starts after them. The chain's head is set to the last one.
func numberLegacyAudit(ctx context.Context, d *DB) error {
	coll := d.Collection(CollAudit)
	var legacy []struct {
		ID any `bson:"_id"`
	}
	err := coll.Find(ctx, bson.D{{Key: "seq", Value: bson.D{{Key: "$exists", Value: false}}}}, &legacy,
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}).SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil || len(legacy) == 0 {
		return err
	}
	for i, e := range legacy {
		if _, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: e.ID}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "seq", Value: int64(i + 1)}, {Key: "prev", Value: ""}, {Key: "hash", Value: ""}}}}); err != nil {
			return err
		}
	}
	_, err = d.Collection(CollCounters).UpdateOne(ctx, bson.D{{Key: "_id", Value: "audit-chain"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seq", Value: int64(len(legacy))}, {Key: "hash", Value: ""}}}},
		options.UpdateOne().SetUpsert(true))
	return err
}
