package store_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/store"
	"skillcert/store/storetest"
)

// Every counted field set is the leading fields of an index the read path
// builds (the counts are grouped from it) and its fields are plain strings.
func TestCountedSetsAreIndexedStrings(t *testing.T) {
	for coll, sets := range store.CountedSets() {
		for _, set := range sets {
			for _, f := range set {
				if k := store.ReadPathKind(coll, f); k != "string" {
					t.Errorf("%s %v: field %s is %q, not a string", coll, set, f, k)
				}
			}
			if len(set) == 0 {
				continue
			}
			found := false
			for _, keys := range store.ReadPathIndexKeys(coll) {
				if len(keys) >= len(set) && strings.Join(keys[:len(set)], ",") == strings.Join(set, ",") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %v: no index starts with these fields", coll, set)
			}
		}
	}
}

// countFilters are the filters compared: the counted sets (single values,
// $in lists with a repeated value, values no document holds) and others.
func countFilters() []struct {
	coll   string
	filter bson.D
} {
	in := func(v ...any) bson.D { return bson.D{{Key: "$in", Value: append(bson.A{}, v...)}} }
	return []struct {
		coll   string
		filter bson.D
	}{
		{store.CollPersons, bson.D{}},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}}},
		{store.CollPersons, bson.D{{Key: "town", Value: "a'b"}}},
		{store.CollPersons, bson.D{{Key: "town", Value: "𠀀"}}},
		{store.CollPersons, bson.D{{Key: "town", Value: ""}}},
		{store.CollPersons, bson.D{{Key: "town", Value: "nowhere"}}},
		{store.CollPersons, bson.D{{Key: "town", Value: in("WZ", "PY", "WZ")}}},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}, {Key: "village", Value: "V1"}}},
		{store.CollPersons, bson.D{{Key: "village", Value: "V2"}, {Key: "town", Value: "ZQ"}}},
		{store.CollPersons, bson.D{{Key: "town", Value: in("WZ", "ZQ")}, {Key: "village", Value: in("V1", "V3")}}},
		{store.CollPersons, bson.D{{Key: "town", Value: in()}}},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}, {Key: "status", Value: "active"}}},
		{store.CollPersons, bson.D{{Key: "$and", Value: bson.A{bson.D{{Key: "town", Value: "WZ"}}, bson.D{{Key: "town", Value: "PY"}}}}}},
		{store.CollCourses, bson.D{{Key: "status", Value: in("published", "in_progress")}}},
		{store.CollCourses, bson.D{{Key: "town", Value: "WZ"}}},
		{store.CollAudit, bson.D{}},
		{store.CollAudit, bson.D{{Key: "actorId", Value: "u2"}}},
		{store.CollAudit, bson.D{{Key: "actorId", Value: in("u1", "u3")}}},
		{store.CollAudit, bson.D{{Key: "action", Value: "login"}}},
		{store.CollAudit, bson.D{{Key: "actorId", Value: "u1"}, {Key: "action", Value: "login"}}},
	}
}

func compareCounts(t *testing.T, db *store.DB, stage string, bySQL ...bool) {
	t.Helper()
	ctx := context.Background()
	for _, c := range countFilters() {
		db.SetReadAcceleration(false)
		want, err := db.Collection(c.coll).Count(ctx, c.filter)
		db.SetReadAcceleration(true)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := db.ReadPathCounts()
		got, err := db.Collection(c.coll).Count(ctx, c.filter)
		if err != nil {
			t.Fatal(err)
		}
		after, _ := db.ReadPathCounts()
		if (len(bySQL) == 0 || bySQL[0]) && after != before+1 {
			t.Fatalf("%s: %s %v: not counted by the SQL read path", stage, c.coll, c.filter)
		}
		if got != want {
			t.Fatalf("%s: %s %v: count %d, the engine %d", stage, c.coll, c.filter, got, want)
		}
	}
	for _, coll := range []string{store.CollPersons, store.CollAudit, store.CollCourses} {
		if len(bySQL) > 0 && !bySQL[0] {
			break
		}
		ok, err := store.CountTriggersPresent(ctx, db, coll)
		if err != nil || !ok {
			t.Fatalf("%s: %s has no count triggers (%v)", stage, coll, err)
		}
	}
}

// The maintained counts equal the engine's count through inserts,
// updates that move documents between values, replacements, deletes and
// a dropped and recreated collection.
func TestMaintainedCountsMatchTheEngine(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("the maintained counts exist only on the embedded engine")
	}
	ctx := context.Background()
	r := rand.New(rand.NewSource(7))
	persons, auditColl := db.Collection(store.CollPersons), db.Collection(store.CollAudit)
	insertAll(t, persons, genPersons(r, 300))
	insertAll(t, auditColl, genAudit(r, 200))
	insertAll(t, db.Collection(store.CollCourses), genCourses(r, 100))
	compareCounts(t, db, "inserted")

	// Towns with quotes, 4-byte characters and the empty string.
	insertAll(t, persons, []any{
		bson.D{{Key: "_id", Value: "q1"}, {Key: "town", Value: "a'b"}, {Key: "village", Value: "V1"}},
		bson.D{{Key: "_id", Value: "q2"}, {Key: "town", Value: "𠀀"}},
		bson.D{{Key: "_id", Value: "q3"}, {Key: "town", Value: ""}},
		bson.D{{Key: "_id", Value: "q4"}, {Key: "town", Value: nil}},
	})
	compareCounts(t, db, "unusual values")

	if _, err := persons.UpdateMany(ctx, bson.D{{Key: "town", Value: "PY"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "town", Value: "WZ"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := persons.UpdateOne(ctx, bson.D{{Key: "_id", Value: "q1"}}, bson.D{{Key: "$unset", Value: bson.D{{Key: "town", Value: ""}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := persons.ReplaceOne(ctx, bson.D{{Key: "_id", Value: "q2"}}, bson.D{{Key: "town", Value: "ZQ"}, {Key: "village", Value: "V3"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := auditColl.UpdateMany(ctx, bson.D{{Key: "actorId", Value: "u1"}}, bson.D{{Key: "$set", Value: bson.D{{Key: "actorId", Value: "u3"}}}}); err != nil {
		t.Fatal(err)
	}
	compareCounts(t, db, "updated")

	if _, err := persons.DeleteMany(ctx, bson.D{{Key: "town", Value: "ZQ"}, {Key: "village", Value: "V1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := auditColl.DeleteOne(ctx, bson.D{{Key: "actorId", Value: "u2"}}); err != nil {
		t.Fatal(err)
	}
	compareCounts(t, db, "deleted")

	if err := persons.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	var more []any
	for i := 0; i < 30; i++ {
		more = append(more, bson.D{{Key: "_id", Value: fmt.Sprintf("n%02d", i)}, {Key: "town", Value: []string{"WZ", "PY"}[i%2]}, {Key: "village", Value: "V1"}})
	}
	insertAll(t, persons, more)
	compareCounts(t, db, "dropped and recreated")
}
