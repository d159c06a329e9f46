package store_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/store"
	"skillcert/store/storetest"
)

// TestLegacyDatetimesBecomeCalendarDates: records written before the Date
// type kept calendar dates as datetimes, which a range query on strings
// (certificates expiring soon) never matches. The step rewrites each into
// its day in China time — scalars, nested fields and array elements —
// leaves instants and already converted records alone, and is idempotent.
func TestLegacyDatetimesBecomeCalendarDates(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	if db.Embedded() && !db.ReadAcceleration() {
		t.Fatal("the embedded engine's SQL path is off: the step's SQL selection goes untested")
	}
	cst := time.FixedZone("CST", 8*3600)
	midnightCST := time.Date(2027, 3, 1, 0, 0, 0, 0, cst)        // 2027-02-28T16:00Z
	midnightUTC := time.Date(1990, 12, 31, 0, 0, 0, 0, time.UTC) // 08:00 in China
	created := time.Date(2026, 1, 2, 23, 30, 0, 0, time.UTC)

	certs := db.Collection(store.CollCertificates)
	if _, err := certs.InsertMany(ctx, []any{
		bson.D{{Key: "_id", Value: "old"}, {Key: "status", Value: "valid"}, {Key: "validUntil", Value: midnightCST}, {Key: "issueDate", Value: midnightUTC},
			{Key: "courseStart", Value: midnightUTC}, {Key: "courseEnd", Value: midnightCST}, {Key: "createdAt", Value: created}},
		bson.D{{Key: "_id", Value: "new"}, {Key: "status", Value: "valid"}, {Key: "validUntil", Value: "2027-03-01"}, {Key: "issueDate", Value: "2026-12-01"}},
	}); err != nil {
		t.Fatal(err)
	}
	posts := db.Collection(store.CollRecruitmentPosts)
	if _, err := posts.InsertMany(ctx, []any{bson.D{{Key: "_id", Value: "p"}, {Key: "opens", Value: midnightUTC},
		{Key: "requirements", Value: bson.D{{Key: "cutoff", Value: midnightCST}, {Key: "ageLimit", Value: 35}}},
		{Key: "notice", Value: nil}}}); err != nil {
		t.Fatal(err)
	}
	hols := db.Collection(store.CollHolidayCalendars)
	if _, err := hols.InsertMany(ctx, []any{bson.D{{Key: "_id", Value: 2027},
		{Key: "daysOff", Value: bson.A{midnightCST, "2027-10-01"}}, {Key: "workingWeekends", Value: bson.A{}}}}); err != nil {
		t.Fatal(err)
	}

	// Before: the expiring-soon query of certificates misses the old record.
	expiring := bson.D{{Key: "status", Value: "valid"}, {Key: "validUntil", Value: bson.D{{Key: "$gte", Value: "2027-02-01"}, {Key: "$lte", Value: "2027-03-31"}}}}
	if n, err := certs.Count(ctx, expiring); err != nil || n != 1 {
		t.Fatalf("before the step: %d certificates expiring (%v), want only the new one", n, err)
	}
	for range 2 {
		if err := store.ConvertLegacyDates(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := certs.Count(ctx, expiring); err != nil || n != 2 {
		t.Fatalf("after the step: %d certificates expiring (%v), want 2", n, err)
	}
	var old bson.M
	if err := certs.FindOne(ctx, bson.D{{Key: "_id", Value: "old"}}, &old); err != nil {
		t.Fatal(err)
	}
	want := bson.M{"validUntil": "2027-03-01", "issueDate": "1990-12-31", "courseStart": "1990-12-31", "courseEnd": "2027-03-01"}
	for k, v := range want {
		if old[k] != v {
			t.Errorf("certificate %s = %#v, want %q", k, old[k], v)
		}
	}
	if at, ok := old["createdAt"].(bson.DateTime); !ok || !at.Time().Equal(created) {
		t.Errorf("an instant was changed: createdAt = %#v", old["createdAt"])
	}
	var p bson.M
	if err := posts.FindOne(ctx, bson.D{{Key: "_id", Value: "p"}}, &p); err != nil {
		t.Fatal(err)
	}
	req, _ := p["requirements"].(bson.D)
	if p["opens"] != "1990-12-31" || len(req) != 2 || req[0] != (bson.E{Key: "cutoff", Value: "2027-03-01"}) || req[1].Value != int32(35) {
		t.Errorf("post after the step: %#v", p)
	}
	var h bson.M
	if err := hols.FindOne(ctx, bson.D{{Key: "_id", Value: 2027}}, &h); err != nil {
		t.Fatal(err)
	}
	days, _ := h["daysOff"].(bson.A)
	if len(days) != 2 || days[0] != "2027-03-01" || days[1] != "2027-10-01" {
		t.Errorf("holiday days after the step: %#v", h["daysOff"])
	}
}
