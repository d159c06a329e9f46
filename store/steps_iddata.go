package store

import (
	"context"
	"fmt"
	"slices"
)

// dropPlainIDNumberIndex drops the unique index on the persons' former
// plaintext idNumber field: the number is now stored sealed and found by
// idHash, and a unique index on a field the documents lack refuses every
// second document on MongoDB.
func dropPlainIDNumberIndex(ctx context.Context, d *DB) error {
	names, err := d.IndexNames(ctx, CollPersons)
	if err != nil {
		return err
	}
	if !slices.Contains(names, "idNumber") {
		return nil
	}
	unlock, err := d.lockWrites(ctx, "dropIndex", CollPersons)
	if err != nil {
		return err
	}
	defer unlock()
	if err := d.db.Collection(CollPersons).Indexes().DropOne(ctx, "idNumber"); err != nil {
		return fmt.Errorf("drop index idNumber of %s: %w", CollPersons, err)
	}
	return nil
}
