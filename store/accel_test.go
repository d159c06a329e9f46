package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand"
	"regexp"
	"sort"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"skillcert"
	"skillcert/store"
	"skillcert/store/storetest"
)

// The embedded engine's SQL read path must answer exactly what the engine
// answers. These tests run every accelerated query shape twice on the same
// generated data, once through SQL and once through the engine, and
// compare the documents byte for byte, in order, and the counts.

// diffNames mixes ASCII, CJK, a 4-byte character, a combining accent, a
// regex metacharacter and names that are prefixes of each other.
var diffNames = []string{"张三", "张三丰", "张", "李四", "王五", "Zhang", "zhang", "a b", "ab", "a!", "a",
	"𠀀字", "é", "é", "a.b", "a*", "Ω", "", "张三"}

var diffGroups = []string{"enterprise_worker", "landless_farmer", "difficulty", "retiree", "zero_employment"}

func insertAll(t *testing.T, c *store.Collection, docs []any) {
	t.Helper()
	for len(docs) > 0 {
		n := min(40, len(docs))
		if _, err := c.InsertMany(context.Background(), docs[:n]); err != nil {
			t.Fatal(err)
		}
		docs = docs[n:]
	}
}

// genPersons makes persons with missing and null names, equal names,
// arrays, scalars and empty arrays of groups, and missing towns.
func genPersons(r *rand.Rand, n int) []any {
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		d := bson.D{{Key: "_id", Value: fmt.Sprintf("p%05d", r.Intn(1000000))}}
		switch r.Intn(12) {
		case 0: // no name
		case 1:
			d = append(d, bson.E{Key: "name", Value: nil})
		default:
			d = append(d, bson.E{Key: "name", Value: diffNames[r.Intn(len(diffNames))]})
		}
		if r.Intn(10) > 0 {
			d = append(d, bson.E{Key: "town", Value: []string{"WZ", "ZQ", "PY"}[r.Intn(3)]})
			d = append(d, bson.E{Key: "village", Value: fmt.Sprintf("V%d", r.Intn(4))})
		}
		switch r.Intn(6) {
		case 0: // no groups
		case 1:
			d = append(d, bson.E{Key: "groups", Value: diffGroups[r.Intn(len(diffGroups))]})
		case 2:
			d = append(d, bson.E{Key: "groups", Value: bson.A{}})
		default:
			var g bson.A
			for j := 0; j < 1+r.Intn(3); j++ {
				g = append(g, diffGroups[r.Intn(len(diffGroups))])
			}
			d = append(d, bson.E{Key: "groups", Value: g})
		}
		d = append(d, bson.E{Key: "status", Value: []string{"active", "pending"}[r.Intn(2)]})
		d = append(d, bson.E{Key: "idSuffix", Value: fmt.Sprintf("%04d", r.Intn(30))})
		d = append(d, bson.E{Key: "notes", Value: "x"})
		docs = append(docs, d)
	}
	return dedupe(docs)
}

func dedupe(docs []any) []any {
	seen := map[any]bool{}
	var out []any
	for _, d := range docs {
		id := d.(bson.D)[0].Value
		if !seen[id] {
			seen[id] = true
			out = append(out, d)
		}
	}
	return out
}

var cst = time.FixedZone("CST", 8*3600)

// genAudit makes audit records at day boundaries (China and UTC
// midnight, a millisecond either side) with equal times.
func genAudit(r *rand.Rand, n int) []any {
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, cst)
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		day := base.AddDate(0, 0, r.Intn(5))
		var at time.Time
		switch r.Intn(5) {
		case 0:
			at = day
		case 1:
			at = day.Add(-time.Millisecond)
		case 2:
			at = day.Add(time.Millisecond)
		case 3:
			at = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
		default:
			at = day.Add(time.Duration(r.Intn(86400)) * time.Second)
		}
		d := bson.D{{Key: "_id", Value: fmt.Sprintf("a%05d", r.Intn(1000000))}}
		if r.Intn(15) > 0 {
			d = append(d, bson.E{Key: "at", Value: at.UTC()})
		}
		d = append(d, bson.E{Key: "actorId", Value: []string{"u1", "u2", "u3"}[r.Intn(3)]},
			bson.E{Key: "action", Value: []string{"person.create", "person.update", "login"}[r.Intn(3)]},
			bson.E{Key: "targetId", Value: fmt.Sprintf("t%d", r.Intn(5))})
		docs = append(docs, d)
	}
	return dedupe(docs)
}

// genNumbersAndBools fills import errors (chunk: int32, int64, double)
// and messages (read: a boolean, sometimes missing).
func genImportErrors(r *rand.Rand, n int) []any {
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		var chunk any
		switch r.Intn(3) {
		case 0:
			chunk = int32(r.Intn(6))
		case 1:
			chunk = int64(r.Intn(6))
		default:
			chunk = float64(r.Intn(12)) / 2
		}
		docs = append(docs, bson.D{{Key: "_id", Value: fmt.Sprintf("e%05d", r.Intn(1000000))},
			{Key: "jobId", Value: []string{"j1", "j2"}[r.Intn(2)]}, {Key: "chunk", Value: chunk}})
	}
	return dedupe(docs)
}

func genMessages(r *rand.Rand, n int) []any {
	docs := make([]any, 0, n)
	for i := 0; i < n; i++ {
		d := bson.D{{Key: "_id", Value: fmt.Sprintf("m%05d", r.Intn(1000000))},
			{Key: "personId", Value: []string{"p1", "p2"}[r.Intn(2)]},
			{Key: "createdAt", Value: time.Date(2026, 5, 1+r.Intn(3), 0, 0, 0, 0, time.UTC)}}
		if r.Intn(8) > 0 {
			d = append(d, bson.E{Key: "read", Value: r.Intn(2) == 0})
		}
		docs = append(docs, d)
	}
	return dedupe(docs)
}

type diffCase struct {
	coll        string
	filter      bson.D
	sort        bson.D
	skip, limit int64
	projection  bson.D
}

func (c diffCase) String() string {
	return fmt.Sprintf("%s %v sort %v skip %d limit %d", c.coll, c.filter, c.sort, c.skip, c.limit)
}

func diffCases() []diffCase {
	prefix := func(s string) bson.D { return bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(s)}} }
	byName := bson.D{{Key: "name", Value: 1}}
	byNameDesc := bson.D{{Key: "name", Value: -1}}
	cases := []diffCase{
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}}, sort: byName, limit: 20},
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}}, sort: byName, skip: 20, limit: 20},
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}, {Key: "village", Value: "V1"}}, sort: byName},
		{coll: store.CollPersons, filter: bson.D{}, sort: byName},
		{coll: store.CollPersons, filter: bson.D{}, sort: byNameDesc, limit: 30},
		{coll: store.CollPersons, filter: bson.D{}, limit: 25, skip: 5},
		{coll: store.CollPersons, filter: bson.D{{Key: "groups", Value: "difficulty"}}, sort: byName},
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "ZQ"}, {Key: "groups", Value: "retiree"}}, sort: byName, limit: 10},
		{coll: store.CollPersons, filter: bson.D{{Key: "groups", Value: bson.D{{Key: "$in", Value: bson.A{"retiree", "difficulty"}}}}}, sort: byName},
		{coll: store.CollPersons, filter: bson.D{{Key: "status", Value: "pending"}}, sort: byName, projection: bson.D{{Key: "notes", Value: 0}}},
		{coll: store.CollPersons, filter: bson.D{{Key: "idSuffix", Value: "0007"}}},
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: bson.D{{Key: "$in", Value: bson.A{"WZ", "PY"}}}}}, sort: byName, limit: 40},
		{coll: store.CollPersons, filter: bson.D{{Key: "name", Value: "张三"}}},
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}, {Key: "name", Value: bson.D{{Key: "$ne", Value: "张三"}}}}, sort: byName},
		{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "PY"}, {Key: "name", Value: bson.D{{Key: "$nin", Value: bson.A{"张三", "a"}}}}}, sort: byNameDesc},
		{coll: store.CollPersons, filter: bson.D{{Key: "status", Value: "active"}, {Key: "town", Value: bson.D{{Key: "$ne", Value: "WZ"}}}}, sort: byName, limit: 15},
		{coll: store.CollPersons, filter: bson.D{{Key: "name", Value: bson.D{{Key: "$gte", Value: "a"}, {Key: "$lt", Value: "张"}}}}, sort: byName},
		{coll: store.CollAudit, filter: bson.D{}, sort: bson.D{{Key: "at", Value: -1}}, limit: 50},
		{coll: store.CollAudit, filter: bson.D{}, sort: bson.D{{Key: "at", Value: 1}}},
		{coll: store.CollAudit, filter: bson.D{{Key: "actorId", Value: "u2"}}, sort: bson.D{{Key: "at", Value: -1}}, skip: 10, limit: 10},
		{coll: store.CollAudit, filter: bson.D{{Key: "action", Value: "login"}, {Key: "at", Value: bson.D{
			{Key: "$gte", Value: time.Date(2026, 3, 2, 0, 0, 0, 0, cst)}, {Key: "$lt", Value: time.Date(2026, 3, 3, 0, 0, 0, 0, cst)}}}},
			sort: bson.D{{Key: "at", Value: -1}}},
		{coll: store.CollAudit, filter: bson.D{{Key: "$and", Value: bson.A{bson.D{{Key: "targetId", Value: "t1"}}, bson.D{{Key: "actorId", Value: "u1"}}}}}, sort: bson.D{{Key: "at", Value: -1}}},
		{coll: store.CollRosterImportErrs, filter: bson.D{{Key: "jobId", Value: "j1"}}, sort: bson.D{{Key: "chunk", Value: 1}}},
		{coll: store.CollRosterImportErrs, filter: bson.D{{Key: "chunk", Value: bson.D{{Key: "$gte", Value: 2}, {Key: "$lt", Value: 4.5}}}}, sort: bson.D{{Key: "chunk", Value: -1}}},
		{coll: store.CollRosterImportErrs, filter: bson.D{{Key: "chunk", Value: int64(3)}}},
		{coll: store.CollMessages, filter: bson.D{{Key: "personId", Value: "p1"}, {Key: "read", Value: false}}, sort: bson.D{{Key: "createdAt", Value: -1}}},
		{coll: store.CollMessages, filter: bson.D{{Key: "personId", Value: "p1"}, {Key: "read", Value: bson.D{{Key: "$ne", Value: true}}}}, sort: bson.D{{Key: "createdAt", Value: -1}}},
		{coll: store.CollMessages, filter: bson.D{{Key: "personId", Value: "p2"}}, sort: bson.D{{Key: "read", Value: 1}, {Key: "createdAt", Value: -1}}},
	}
	for _, p := range []string{"张", "张三", "a", "a.", "a*", "é", "𠀀", "Z", ""} {
		cases = append(cases, diffCase{coll: store.CollPersons, filter: bson.D{{Key: "name", Value: prefix(p)}}, sort: byName, limit: 20})
		cases = append(cases, diffCase{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}, {Key: "name", Value: prefix(p)}}, sort: byName})
	}
	return cases
}

// withID appends _id to a sort so that the order is total.
func withID(s bson.D) bson.D {
	return append(append(bson.D{}, s...), bson.E{Key: "_id", Value: 1})
}

func runFind(t *testing.T, db *store.DB, c diffCase, sortSpec bson.D, accel bool) []bson.Raw {
	t.Helper()
	db.SetReadAcceleration(accel)
	defer db.SetReadAcceleration(true)
	opts := options.Find().SetSkip(c.skip).SetLimit(c.limit)
	if sortSpec != nil {
		opts.SetSort(sortSpec)
	}
	if c.projection != nil {
		opts.SetProjection(c.projection)
	}
	var out []bson.Raw
	sqlBefore, _ := db.ReadPathCounts()
	if err := db.Collection(c.coll).Find(context.Background(), c.filter, &out, opts); err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	sqlAfter, _ := db.ReadPathCounts()
	if accel && sqlAfter != sqlBefore+1 {
		t.Fatalf("%v: not answered by the SQL read path", c)
	}
	return out
}

func sortKey(d bson.Raw, keys bson.D) string {
	var b bytes.Buffer
	for _, k := range keys {
		v, err := d.LookupErr(k.Key)
		if err != nil || v.Type == bson.TypeNull {
			b.WriteString("null|")
			continue
		}
		if v.Type == bson.TypeInt32 || v.Type == bson.TypeInt64 || v.Type == bson.TypeDouble {
			f, _ := v.AsFloat64OK()
			fmt.Fprintf(&b, "%g|", f)
			continue
		}
		b.WriteString(v.String() + "|")
	}
	return b.String()
}

func TestReadPathAnswersLikeTheEngine(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("the SQL read path exists only on the embedded engine")
	}
	r := rand.New(rand.NewSource(12))
	insertAll(t, db.Collection(store.CollPersons), genPersons(r, 400))
	insertAll(t, db.Collection(store.CollAudit), genAudit(r, 300))
	insertAll(t, db.Collection(store.CollRosterImportErrs), genImportErrors(r, 120))
	insertAll(t, db.Collection(store.CollMessages), genMessages(r, 120))
	ctx := context.Background()
	// Some cases ask shapes the application never asks (to reach numbers
	// and unsorted reads); they are not the index check's business.
	t.Cleanup(func() {
		store.ForgetShapes(func(s store.Shape) bool {
			return (s.Collection == store.CollRosterImportErrs && len(s.Filter) == 1 && s.Filter[0] == "chunk") ||
				(s.Collection == store.CollPersons && len(s.Filter) == 0 && len(s.Sort) == 0)
		})
	})

	for _, c := range diffCases() {
		// With _id as the last key the order is total: byte-for-byte equal.
		if c.sort != nil || c.limit > 0 {
			total := withID(c.sort)
			got, want := runFind(t, db, c, total, true), runFind(t, db, c, total, false)
			if len(got) != len(want) {
				t.Fatalf("%v: %d documents, the engine %d", c, len(got), len(want))
			}
			for i := range got {
				if !bytes.Equal(got[i], want[i]) {
					t.Fatalf("%v: document %d differs:\n sql    %s\n engine %s", c, i, got[i], want[i])
				}
			}
		}
		// As the application asks it: the same sort keys in the same order;
		// without a limit, the same documents.
		got, want := runFind(t, db, c, c.sort, true), runFind(t, db, c, c.sort, false)
		if len(got) != len(want) {
			t.Fatalf("%v: %d documents, the engine %d", c, len(got), len(want))
		}
		for i := range got {
			if sortKey(got[i], c.sort) != sortKey(want[i], c.sort) {
				t.Fatalf("%v: sort key %d differs: %s vs %s", c, i, sortKey(got[i], c.sort), sortKey(want[i], c.sort))
			}
		}
		if c.limit == 0 && c.skip == 0 {
			gs, ws := rawStrings(got), rawStrings(want)
			for i := range gs {
				if gs[i] != ws[i] {
					t.Fatalf("%v: different documents", c)
				}
			}
		}
		// Counts.
		if c.skip == 0 && c.limit == 0 && len(c.filter) > 0 {
			db.SetReadAcceleration(false)
			want, err := db.Collection(c.coll).Count(ctx, c.filter)
			db.SetReadAcceleration(true)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.Collection(c.coll).Count(ctx, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("%v: count %d, the engine %d", c, got, want)
			}
		}
		// FindOne: the first document.
		if c.skip == 0 {
			var g, w bson.Raw
			fo := options.FindOne().SetSort(withID(c.sort))
			gerr := db.Collection(c.coll).FindOne(ctx, c.filter, &g, fo)
			db.SetReadAcceleration(false)
			werr := db.Collection(c.coll).FindOne(ctx, c.filter, &w, fo)
			db.SetReadAcceleration(true)
			if store.IsNotFound(gerr) != store.IsNotFound(werr) || !bytes.Equal(g, w) {
				t.Fatalf("%v: FindOne %s (%v), the engine %s (%v)", c, g, gerr, w, werr)
			}
		}
	}
}

func rawStrings(rs []bson.Raw) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	sort.Strings(out)
	return out
}

// A field holding a type its kind does not promise (an array where a
// string is declared, a string where a date is) sends the query to the
// engine, which then answers by MongoDB's rules.
func TestReadPathLeavesIrregularDataToTheEngine(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("embedded engine only")
	}
	ctx := context.Background()
	persons := db.Collection(store.CollPersons)
	insertAll(t, persons, []any{
		bson.D{{Key: "_id", Value: "a"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "乙"}},
		bson.D{{Key: "_id", Value: "b"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "甲"}},
	})
	var out []bson.Raw
	sqlStart, engStart := db.ReadPathCounts()
	if err := persons.Find(ctx, bson.D{{Key: "town", Value: "WZ"}}, &out, options.Find().SetSort(bson.D{{Key: "name", Value: 1}})); err != nil {
		t.Fatal(err)
	}
	sql0, eng0 := db.ReadPathCounts()
	if sql0 != sqlStart+1 || eng0 != engStart || len(out) != 2 {
		t.Fatalf("regular data: sql %d engine %d, %d documents", sql0, eng0, len(out))
	}
	// An array in town: the engine matches it by element; SQL would not.
	insertAll(t, persons, []any{bson.D{{Key: "_id", Value: "c"}, {Key: "town", Value: bson.A{"ZQ", "WZ"}}, {Key: "name", Value: "丙"}}})
	n, err := persons.Count(ctx, bson.D{{Key: "town", Value: "WZ"}})
	if err != nil {
		t.Fatal(err)
	}
	sql1, eng1 := db.ReadPathCounts()
	if n != 3 || sql1 != sql0 || eng1 != eng0+1 {
		t.Fatalf("array in town: count %d, sql %d engine %d", n, sql1, eng1)
	}
	// Sorting on a name that is a number somewhere.
	insertAll(t, persons, []any{bson.D{{Key: "_id", Value: "d"}, {Key: "town", Value: "PY"}, {Key: "name", Value: 7}}})
	out = nil
	if err := persons.Find(ctx, bson.D{{Key: "town", Value: "PY"}}, &out, options.Find().SetSort(bson.D{{Key: "name", Value: 1}})); err != nil {
		t.Fatal(err)
	}
	if sql2, _ := db.ReadPathCounts(); sql2 != sql1 || len(out) != 1 {
		t.Fatalf("a number in name: sql %d, %d documents", sql2, len(out))
	}
	// A date field holding a string.
	audit := db.Collection(store.CollAudit)
	insertAll(t, audit, []any{bson.D{{Key: "_id", Value: "x"}, {Key: "at", Value: "2026-01-01"}, {Key: "actorId", Value: "u"}}})
	out = nil
	if err := audit.Find(ctx, bson.D{{Key: "actorId", Value: "u"}}, &out, options.Find().SetSort(bson.D{{Key: "at", Value: -1}})); err != nil {
		t.Fatal(err)
	}
	if sql3, _ := db.ReadPathCounts(); sql3 != sql1 || len(out) != 1 {
		t.Fatalf("a string in a date: sql %d, %d documents", sql3, len(out))
	}
}

// Every BSON type the engine stores comes back from the read path's own
// conversion byte for byte as the engine sends it, with exclusion and
// inclusion projections.
func TestReadPathConvertsEveryStoredType(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("embedded engine only")
	}
	oid := bson.NewObjectID()
	docs := []any{
		bson.D{{Key: "_id", Value: "t1"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "甲 \"引号\" \\ <b>&amp; \u2028 \x01 𠀀"},
			{Key: "i32", Value: int32(-7)}, {Key: "i64", Value: int64(1) << 60}, {Key: "f", Value: 0.1}, {Key: "negz", Value: math.Copysign(0, -1)},
			{Key: "big", Value: 1e300}, {Key: "t", Value: true}, {Key: "nul", Value: nil}, {Key: "when", Value: time.Date(1969, 12, 31, 23, 59, 59, 999e6, time.UTC)},
			{Key: "oid", Value: oid}, {Key: "bin", Value: bson.Binary{Subtype: 4, Data: []byte{0, 1, 2, 255}}},
			{Key: "ts", Value: bson.Timestamp{T: 1700000000, I: 3}}, {Key: "re", Value: bson.Regex{Pattern: "^a.b$", Options: "i"}},
			{Key: "obj", Value: bson.D{{Key: "z", Value: 1}, {Key: "a", Value: bson.D{{Key: "deep", Value: bson.A{"x", int32(2), nil}}}}}},
			{Key: "arr", Value: bson.A{bson.D{{Key: "k", Value: "v"}}, 2.5, "s", false}}, {Key: "empty", Value: bson.A{}}, {Key: "eobj", Value: bson.D{}}},
		bson.D{{Key: "_id", Value: "t2"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "乙"}, {Key: "groups", Value: bson.A{"a", "b"}}},
	}
	insertAll(t, db.Collection(store.CollPersons), docs)
	for _, proj := range []bson.D{nil, {{Key: "idNumber", Value: 0}}, {{Key: "obj", Value: 0}, {Key: "bin", Value: 0}},
		{{Key: "name", Value: 1}, {Key: "arr", Value: 1}}, {{Key: "_id", Value: 0}, {Key: "when", Value: true}}} {
		c := diffCase{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}}, sort: bson.D{{Key: "name", Value: 1}}, projection: proj}
		loads := db.ReadPathLoads()
		got, want := runFind(t, db, c, c.sort, true), runFind(t, db, c, c.sort, false)
		if db.ReadPathLoads() != loads {
			t.Fatalf("projection %v: documents loaded through the engine instead of converted", proj)
		}
		if len(got) != 2 || len(want) != 2 {
			t.Fatalf("projection %v: %d and %d documents", proj, len(got), len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("projection %v: document %d differs:\n sql    %s\n engine %s", proj, i, got[i], want[i])
			}
		}
	}
}

// Documents written by the bulk loader read back through the engine (and
// through the read path) exactly as they were given; a duplicate _id is
// refused.
func TestBulkLoadWritesTheEngineFormat(t *testing.T) {
	db := storetest.Open(t)
	if !db.Embedded() {
		t.Skip("embedded engine only")
	}
	ctx := context.Background()
	in := []bson.D{
		{{Key: "_id", Value: "b1"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "甲 \"q\" <&> \u2028"}, {Key: "i", Value: int32(-3)},
			{Key: "l", Value: int64(1) << 62}, {Key: "f", Value: -0.25}, {Key: "ok", Value: false}, {Key: "n", Value: nil},
			{Key: "at", Value: bson.DateTime(-1)}, {Key: "oid", Value: bson.NewObjectID()},
			{Key: "sub", Value: bson.D{{Key: "b", Value: bson.A{"x", int32(1)}}, {Key: "e", Value: bson.D{}}}}, {Key: "groups", Value: bson.A{}}},
		{{Key: "_id", Value: "b2"}, {Key: "town", Value: "WZ"}, {Key: "name", Value: "乙"}, {Key: "groups", Value: bson.A{"a"}}},
	}
	docs := []any{in[0], in[1]}
	if err := db.BulkLoadEmbedded(ctx, store.CollPersons, docs); err != nil {
		t.Fatal(err)
	}
	for _, accel := range []bool{false, true} {
		c := diffCase{coll: store.CollPersons, filter: bson.D{{Key: "town", Value: "WZ"}}}
		got := runFind(t, db, c, bson.D{{Key: "_id", Value: 1}}, accel)
		if len(got) != 2 {
			t.Fatalf("accel %v: %d documents", accel, len(got))
		}
		for i := range in {
			want, _ := bson.Marshal(in[i])
			if !bytes.Equal(got[i], want) {
				t.Fatalf("accel %v: document %d:\n got  %s\n want %s", accel, i, got[i], bson.Raw(want))
			}
		}
	}
	if err := db.BulkLoadEmbedded(ctx, store.CollPersons, []any{bson.D{{Key: "_id", Value: "b1"}}}); skillcert.ErrorCode(err) != skillcert.ECONFLICT {
		t.Fatalf("duplicate _id: %v", err)
	}
}
