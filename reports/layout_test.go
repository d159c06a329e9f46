package reports

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestTrendIsTheMonthlyCompletions checks the trend, read from the unit's
// history document, against the brute force of every month of the year
// and of the year before.
func TestTrendIsTheMonthlyCompletions(t *testing.T) {
	w := genWorld(4, 120)
	s := newTestService(t, w)
	refreshAll(t, s, w)
	ctx := context.Background()
	for _, unit := range []string{cityUnit, "T1", "T2V1"} {
		r, err := s.Coverage(ctx, cityAdmin, unit, YearPeriod(2026), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Trend) != 12 {
			t.Fatalf("%s: %d trend points", unit, len(r.Trend))
		}
		var sum int64
		for _, p := range r.Trend {
			cur := w.brute(unit, MonthPeriod(2026, p.Month)).Completed[dimAll]
			prev := w.brute(unit, MonthPeriod(2025, p.Month)).Completed[dimAll]
			if p.People != cur || p.Previous != prev {
				t.Fatalf("%s month %d: trend %d/%d, want %d/%d", unit, p.Month, p.People, p.Previous, cur, prev)
			}
			sum += p.People + p.Previous
		}
		if unit == cityUnit && sum == 0 {
			t.Fatal("the generated world has no completions: the test proves nothing")
		}
	}
}

// TestOlderLayoutIsRebuilt checks the migration of summaries written by a
// version with the previous layout (one document per unit-year, children
// in one document per parent): the service finds the older layout at
// start-up, rebuilds in the background, and the figures are right again;
// summaries started from nothing and rebuilt ones need no migration.
func TestOlderLayoutIsRebuilt(t *testing.T) {
	w := genWorld(5, 60)
	s := newTestService(t, w)
	ctx := context.Background()
	if started, err := s.MigrateLayout(ctx); err != nil || started {
		t.Fatalf("no summaries yet: started %v, %v", started, err)
	}
	refreshAll(t, s, w)
	if started, err := s.MigrateLayout(ctx); err != nil || started {
		t.Fatalf("summaries kept from nothing by this version: started %v, %v", started, err)
	}
	// What version 1 left: a meta document without layout, its documents,
	// none of this version's.
	if _, err := s.sums.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$ne", Value: metaID}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.sums.UpdateOne(ctx, bsonID(metaID), bson.D{{Key: "$unset", Value: bson.D{{Key: "layout", Value: ""}}}}); err != nil {
		t.Fatal(err)
	}
	old := []any{bson.M{"_id": "covp:2026:city", "c": bson.M{"T1": bson.M{"p": bson.M{"Y": bson.M{"co": bson.M{"all": 7}}}}}},
		bson.M{"_id": "reg:city", "m": bson.M{"202601": bson.M{"all": 3}}}}
	if _, err := s.sums.InsertMany(ctx, old); err != nil {
		t.Fatal(err)
	}
	r, err := s.Coverage(ctx, cityAdmin, cityUnit, YearPeriod(2026), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit.Registered[dimAll] != 0 {
		t.Fatalf("this version read the older layout: %+v", r.Unit)
	}
	started, err := s.MigrateLayout(ctx)
	if err != nil || !started {
		t.Fatalf("older layout: started %v, %v", started, err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for s.Status().Running {
		if time.Now().After(deadline) {
			t.Fatal("the rebuild did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st := s.Status(); st.Phase != "完成" {
		t.Fatalf("rebuild: %+v", st)
	}
	checkAll(t, s, w, "after the migration")
	n, err := s.sums.Count(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: []string{"covp:2026:city", "reg:city"}}}}})
	if err != nil || n != 0 {
		t.Fatalf("older documents left: %d, %v", n, err)
	}
	if started, err := s.MigrateLayout(ctx); err != nil || started {
		t.Fatalf("after the migration: started %v, %v", started, err)
	}
}
