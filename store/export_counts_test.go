package store

import "context"

// CountTriggersPresent reports whether the embedded read path's count
// triggers exist on a collection's table (accel_counts.go).
func CountTriggersPresent(ctx context.Context, d *DB, coll string) (bool, error) {
	db, err := d.accel.conn()
	if err != nil {
		return false, err
	}
	table, err := d.accel.tableOf(ctx, db, coll)
	if err != nil || table == "" {
		return false, err
	}
	var n int
	names := countTriggers(table)
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)", names[0], names[1], names[2]).Scan(&n)
	return n == 3, err
}

// CountedSets exposes accelCounted to the tests.
func CountedSets() map[string][][]string { return accelCounted }

// ReadPathKind reports a field's kind name in accelKinds ("" if none).
func ReadPathKind(coll, field string) string {
	switch accelKinds[coll][field] {
	case kindString:
		return "string"
	case kindStrings:
		return "strings"
	case kindDate:
		return "date"
	case kindNumber:
		return "number"
	case kindBool:
		return "bool"
	}
	return ""
}

// ReadPathIndexKeys lists the keys of the declared and extra indexes the
// read path builds SQLite indexes from.
func ReadPathIndexKeys(coll string) [][]string {
	var out [][]string
	for _, ix := range append(append([]Index(nil), Indexes...), accelExtraIndexes...) {
		if ix.Collection == coll {
			out = append(out, ix.Keys)
		}
	}
	return out
}

// SetSyncBuildBytes sets the database size above which the read path's
// indexes are built in the background; it returns the previous value.
func SetSyncBuildBytes(n int64) int64 {
	old := accelSyncBuildBytes
	accelSyncBuildBytes = n
	return old
}

// ReadPathWrites returns how many updates and deletes selected their
// document with SQL.
func ReadPathWrites(d *DB) int64 { return d.accel.writes.Load() }
