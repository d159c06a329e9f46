package store_test

import (
	"bytes"
	"context"
	"testing"

	"skillcert/store"
)

func TestZZDumpByURI(t *testing.T) {
	eng := privateEngine(t)
	db := openOn(t, store.Config{URI: eng.URI()})
	fill(t, db, "people_test", 10)
	var buf bytes.Buffer
	m, err := db.Dump(context.Background(), &buf)
	t.Logf("manifest %+v err %v", m, err)
}
