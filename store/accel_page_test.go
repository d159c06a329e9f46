package store_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/store"
	"skillcert/store/storetest"
)

// genCourses makes courses with equal, missing and null enrollment
// windows, statuses of a $in list and others, and towns.
func genCourses(r *rand.Rand, n int) []any {
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, cst)
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		d := bson.D{{Key: "_id", Value: fmt.Sprintf("c%05d", r.Intn(1000000))},
			{Key: "status", Value: []string{"published", "in_progress", "draft", "finished"}[r.Intn(4)]}}
		switch r.Intn(8) {
		case 0: // no window
		case 1:
			d = append(d, bson.E{Key: "enrollOpens", Value: nil})
		default:
			d = append(d, bson.E{Key: "enrollOpens", Value: base.AddDate(0, 0, r.Intn(6)).Add(time.Duration(r.Intn(2)) * time.Millisecond).UTC()})
		}
		if r.Intn(6) > 0 {
			d = append(d, bson.E{Key: "town", Value: []string{"WZ", "PY", ""}[r.Intn(3)]})
		}
		docs = append(docs, d)
	}
	return dedupe(docs)
}

// genEnrollments makes a few courses' enrollments with equal creation
// times and some without one.
func genEnrollments(r *rand.Rand, n int) []any {
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, cst)
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		d := bson.D{{Key: "_id", Value: fmt.Sprintf("e%05d", r.Intn(1000000))},
			{Key: "courseId", Value: []string{"c1", "c2", "c3"}[r.Intn(3)]},
			{Key: "status", Value: []string{"enrolled", "waitlisted"}[r.Intn(2)]}}
		if r.Intn(10) > 0 {
			d = append(d, bson.E{Key: "createdAt", Value: base.Add(time.Duration(r.Intn(20)) * time.Second).UTC()})
		}
		docs = append(docs, d)
	}
	return dedupe(docs)
}

// genChainedAudit makes audit records with sequence numbers and many
// equal times.
func genChainedAudit(r *rand.Rand, n int) []any {
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, cst)
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("s%05d", i)}, {Key: "seq", Value: int64(r.Intn(1000000))},
			{Key: "at", Value: base.Add(time.Duration(r.Intn(30)) * time.Second).UTC()},
			{Key: "actorId", Value: []string{"u1", "u2", "u3"}[r.Intn(3)]},
			{Key: "action", Value: []string{"login", "person.create"}[r.Intn(2)]}})
	}
	return docs
}

// The page shapes of accel_page.go (rows chosen by rowid, then read; a
// $in list read as merged ranges) answer exactly as the engine, on every
// page.
func TestReadPathPagesAnswerLikeTheEngine(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("the SQL read path exists only on the embedded engine")
	}
	r := rand.New(rand.NewSource(21))
	insertAll(t, db.Collection(store.CollCourses), genCourses(r, 300))
	insertAll(t, db.Collection(store.CollEnrollments), genEnrollments(r, 300))
	insertAll(t, db.Collection(store.CollAudit), genChainedAudit(r, 300))
	t.Cleanup(func() {
		store.ForgetShapes(func(s store.Shape) bool {
			return s.Collection == store.CollCourses || s.Collection == store.CollEnrollments
		})
	})
	bySeq := bson.D{{Key: "at", Value: -1}, {Key: "seq", Value: -1}}
	byOpens := bson.D{{Key: "enrollOpens", Value: -1}, {Key: "_id", Value: 1}}
	byCreated := bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}
	in := func(v ...any) bson.D { return bson.D{{Key: "$in", Value: append(bson.A{}, v...)}} }
	var cases []diffCase
	for _, page := range []int64{0, 20, 40, 100, 280} {
		cases = append(cases,
			diffCase{coll: store.CollAudit, filter: bson.D{}, sort: bySeq, skip: page, limit: 20},
			diffCase{coll: store.CollAudit, filter: bson.D{{Key: "actorId", Value: "u2"}}, sort: bySeq, skip: page, limit: 20},
			diffCase{coll: store.CollAudit, filter: bson.D{{Key: "actorId", Value: in("u1", "u3")}}, sort: bySeq, skip: page, limit: 20},
			diffCase{coll: store.CollCourses, filter: bson.D{{Key: "status", Value: in("published", "in_progress")}}, sort: byOpens, skip: page, limit: 20},
			diffCase{coll: store.CollCourses, filter: bson.D{{Key: "status", Value: in("published", "in_progress", "published")}, {Key: "town", Value: "WZ"}}, sort: byOpens, skip: page, limit: 20},
			diffCase{coll: store.CollCourses, filter: bson.D{{Key: "town", Value: "PY"}}, sort: byOpens, skip: page, limit: 20},
			diffCase{coll: store.CollCourses, filter: bson.D{}, sort: byOpens, skip: page, limit: 20},
			diffCase{coll: store.CollEnrollments, filter: bson.D{{Key: "courseId", Value: "c2"}}, sort: byCreated, skip: page, limit: 20},
			diffCase{coll: store.CollEnrollments, filter: bson.D{{Key: "courseId", Value: in("c1", "c3")}}, sort: byCreated, skip: page, limit: 20},
		)
	}
	cases = append(cases,
		diffCase{coll: store.CollCourses, filter: bson.D{{Key: "status", Value: in("published", "draft")}}, sort: byOpens},
		diffCase{coll: store.CollEnrollments, filter: bson.D{{Key: "courseId", Value: "c1"}}, sort: byCreated},
		diffCase{coll: store.CollAudit, filter: bson.D{{Key: "action", Value: in("login", "none")}}, sort: bySeq, limit: 7},
	)
	for _, c := range cases {
		// The sorts end in _id or a unique seq: the order is total, the
		// documents byte for byte equal.
		got, want := runFind(t, db, c, c.sort, true), runFind(t, db, c, c.sort, false)
		if len(got) != len(want) {
			t.Fatalf("%v: %d documents, the engine %d", c, len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("%v: document %d differs:\n sql    %s\n engine %s", c, i, got[i], want[i])
			}
		}
	}
}
