package store

import (
	"context"
	"time"
)

// Deadlines of the backup, restore, copy and lease calls: no database
// call goes without one, even when the caller's context has none.
const (
	// opsCall bounds one call: metadata, one batch, one lease write.
	opsCall = 30 * time.Second
	// opsScan bounds reading one whole collection through a cursor.
	opsScan = 30 * time.Minute
	// opsMigrate bounds applying the schema steps to a target.
	opsMigrate = 10 * time.Minute
)

func within(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, d)
}
