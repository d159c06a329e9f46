package store_test

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/store"
	"skillcert/store/storetest"
)

// The engine's _id lookup, and the application's hot reads through the
// SQL path, use an index (SEARCH, no full SCAN and no sort step), also
// after a collection is dropped and created again.
func TestEmbeddedReadsUseIndexes(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("embedded engine only")
	}
	ctx := context.Background()
	byName := bson.D{{Key: "name", Value: 1}}
	cases := []struct {
		coll   string
		filter bson.D
		sort   bson.D
	}{
		{store.CollPersons, bson.D{{Key: "_id", Value: "x"}}, nil},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}}, byName},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}, {Key: "village", Value: "WZ01"}}, byName},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}, {Key: "name", Value: bson.D{{Key: "$regex", Value: "^张"}}}}, byName},
		{store.CollPersons, bson.D{{Key: "name", Value: bson.D{{Key: "$regex", Value: "^张"}}}}, byName},
		{store.CollPersons, bson.D{}, byName},
		{store.CollPersons, bson.D{{Key: "groups", Value: "landless_farmer"}}, byName},
		{store.CollPersons, bson.D{{Key: "town", Value: "WZ"}, {Key: "groups", Value: "landless_farmer"}}, byName},
		{store.CollPersons, bson.D{{Key: "idHash", Value: "h"}}, nil},
		// The sorts as the application asks them (audit.List, pageCourses,
		// ListEnrollments).
		{store.CollAudit, bson.D{}, bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}}},
		{store.CollAudit, bson.D{{Key: "actorId", Value: "u"}}, bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}}},
		{store.CollAudit, bson.D{{Key: "action", Value: "login"}}, bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}}},
		{store.CollCourses, bson.D{{Key: "status", Value: "open"}, {Key: "town", Value: "WZ"}}, bson.D{{Key: "enrollOpens", Value: -1}, {Key: "_id", Value: 1}}},
		{store.CollCourses, bson.D{{Key: "town", Value: "WZ"}}, bson.D{{Key: "enrollOpens", Value: -1}, {Key: "_id", Value: 1}}},
		{store.CollCourses, bson.D{}, bson.D{{Key: "enrollOpens", Value: -1}, {Key: "_id", Value: 1}}},
		{store.CollCourses, bson.D{{Key: "status", Value: bson.D{{Key: "$in", Value: bson.A{"published", "in_progress"}}}}}, bson.D{{Key: "enrollOpens", Value: -1}, {Key: "_id", Value: 1}}},
		{store.CollEnrollments, bson.D{{Key: "courseId", Value: "c"}, {Key: "status", Value: "enrolled"}}, bson.D{{Key: "waitlistSeq", Value: 1}}},
		{store.CollEnrollments, bson.D{{Key: "courseId", Value: "c"}}, bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}},
		{store.CollCertificates, bson.D{{Key: "personId", Value: "p"}}, bson.D{{Key: "issueDate", Value: -1}}},
	}
	check := func(when string) {
		t.Helper()
		for _, c := range cases {
			plan, err := db.ExplainEmbedded(ctx, c.coll, c.filter, c.sort)
			if err != nil {
				t.Fatalf("%s: %s %v: %v", when, c.coll, c.filter, err)
			}
			t.Logf("%s %v sort %v:\n%s", c.coll, c.filter, c.sort, plan)
			if !strings.Contains(plan, "USING INDEX") || sortsMatches(plan) {
				t.Errorf("%s: %s %v sort %v is not served by an index:\n%s", when, c.coll, c.filter, c.sort, plan)
			}
		}
	}
	check("after migrate")

	// Dropped and created again (the engine reuses the table name).
	persons := db.Collection(store.CollPersons)
	if err := persons.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := persons.InsertOne(ctx, bson.D{{Key: "_id", Value: "a"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "甲"}}); err != nil {
		t.Fatal(err)
	}
	check("after the collection was dropped")
	// Restart: migrate again on the same database is idempotent.
	if err := db.Migrate(ctx, store.Steps); err != nil {
		t.Fatal(err)
	}
	check("after a second migrate")
	// The whole database dropped (seed -reset) and migrated again.
	if err := db.Drop(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, store.Steps); err != nil {
		t.Fatal(err)
	}
	check("after the database was dropped")
}

// Every declared index's fields have a kind for the embedded read path,
// so a query an index serves on MongoDB is one the read path can answer
// on the embedded engine. A new index on a new field fails here until the
// field's kind is declared in store/accel_kinds.go.
func TestDeclaredIndexesHaveReadPathKinds(t *testing.T) {
	for _, ix := range store.Indexes {
		if store.SmallCollections[ix.Collection] || ix.Collection == store.CollSchemaSteps {
			continue
		}
		var fields []string
		for _, k := range ix.Keys {
			fields = append(fields, strings.TrimPrefix(k, "-"))
		}
		// The index serves a filter on its leading field sorted by the rest,
		// or (an array field inside, e.g. groups) a filter on all but the
		// last field sorted by that one.
		s := store.Shape{Collection: ix.Collection, Filter: fields[:1], Sort: fields[1:]}
		if len(fields) > 2 && !store.Accelerable(s) {
			s = store.Shape{Collection: ix.Collection, Filter: fields[:len(fields)-1], Sort: fields[len(fields)-1:]}
		}
		if strings.Contains(strings.Join(fields, ","), ".") {
			// Dotted paths are left to the engine: notice.end (a short list
			// of posts) and evaluation.state (housekeeping's repair pass
			// over courses, not a page).
			continue
		}
		if !store.Accelerable(s) {
			t.Errorf("index %s on %s: the embedded read path has no kind for its fields", ix.Name(), ix.Collection)
		}
	}
}

// sortsMatches reports whether a plan sorts the matches of a table with a
// temporary B-tree. A sort of a subquery's rows is allowed: the ranges of a
// $in list merged in order are each cut at the page's end (accel_page.go).
func sortsMatches(plan string) bool {
	lines := strings.Split(plan, "\n")
	for i, l := range lines {
		if strings.Contains(l, "TEMP B-TREE") && (i == 0 || !strings.HasPrefix(lines[i-1], "SCAN (subquery-")) {
			return true
		}
	}
	return false
}
