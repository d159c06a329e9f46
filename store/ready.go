package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"skillcert"
)

// ReadyTimeout bounds the readiness check.
const ReadyTimeout = 2 * time.Second

// Ready reports whether the database serves requests: it reads one
// document within ReadyTimeout. A ping is not enough: the embedded engine
// answers it without touching its storage, and did so while every read and
// write hung. On the embedded engine Ready also fails while the write lock
// has been held longer than the watchdog's bound, as every write then
// waits.
func (d *DB) Ready(ctx context.Context) error {
	if h, ok := d.WriteLockHolder(); ok && time.Since(h.Since) > d.lockWarnAfter {
		return &skillcert.Error{Code: skillcert.EUNAVAILABLE, Message: "数据库写入受阻，请稍后再试"}
	}
	ctx, cancel := context.WithTimeout(ctx, ReadyTimeout)
	defer cancel()
	var out bson.Raw
	err := d.db.Collection(CollSchemaSteps).FindOne(ctx, bson.D{}).Decode(&out)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return translate(err)
	}
	return nil
}
