package audit_test

import (
	"context"
	"fmt"
	"testing"

	"skillcert"
	"skillcert/audit"
	"skillcert/store"
	"skillcert/store/storetest"
)

// TestRecordManyOfAThousand records an import's 1,000 entries in one call:
// they go in the store's batches, and all are kept.
func TestRecordManyOfAThousand(t *testing.T) {
	const n = 1000
	db := storetest.Open(t)
	log := audit.NewLog(db)
	a := &skillcert.Actor{AccountID: "a1", Username: "wz_staff", Role: skillcert.RoleTownStaff, Town: "WZ"}
	items := make([]audit.Item, n)
	for i := range items {
		items[i] = audit.Item{Action: "person.import", TargetType: "person", TargetID: fmt.Sprintf("p%04d", i), Result: audit.ResultOK}
	}
	if err := log.RecordMany(context.Background(), a, items); err != nil {
		t.Fatal(err)
	}
	page, err := log.List(context.Background(), audit.Filter{ActorID: "a1"}, skillcert.PageRequest{Page: 1, Size: 1})
	if err != nil || page.Total != n {
		t.Fatalf("entries kept: %d, %v; want %d", page.Total, err, n)
	}
	if got := store.LargestWrite("insert", store.CollAudit); got > store.WriteBatchSize {
		t.Fatalf("an insert carried %d entries", got)
	}
}
