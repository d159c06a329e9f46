package courses_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/courses"
	"skillcert/store"
)

// TestRatingTotalsEqualTheRatings: the totals the assessment reads equal
// a brute-force sum over the ratings, by year and organizing town; a
// total gone wrong (a rating written by an earlier version, a crash
// between the rating and its total) is repaired by the rebuild, which
// also removes totals no rating supports.
func TestRatingTotalsEqualTheRatings(t *testing.T) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(7, 11))
	towns := []string{"WZ", "ZQ", ""}
	var planted []any
	want := map[int]map[string]courses.RatingSummary{}
	for i := range 300 {
		year, town := 2025+rng.IntN(2), towns[rng.IntN(len(towns))]
		c, te, o := 1+rng.IntN(5), 1+rng.IntN(5), 1+rng.IntN(5)
		planted = append(planted, bson.D{{Key: "_id", Value: fmt.Sprintf("r%03d", i)}, {Key: "courseId", Value: "c"},
			{Key: "town", Value: town}, {Key: "year", Value: year}, {Key: "content", Value: c}, {Key: "teacher", Value: te}, {Key: "organization", Value: o}})
		if want[year] == nil {
			want[year] = map[string]courses.RatingSummary{}
		}
		s := want[year][town]
		s.Count++
		s.Content += int64(c)
		s.Teacher += int64(te)
		s.Organization += int64(o)
		want[year][town] = s
	}
	if _, err := f.db.Collection(store.CollCourseRatings).InsertMany(f.ctx, planted); err != nil {
		t.Fatal(err)
	}
	// A stale total of a year without ratings, and a wrong one.
	if _, err := f.db.Collection(store.CollCourseRatingSums).InsertMany(f.ctx, []any{
		bson.D{{Key: "_id", Value: "2024:WZ"}, {Key: "year", Value: 2024}, {Key: "town", Value: "WZ"}, {Key: "count", Value: int64(3)}},
		bson.D{{Key: "_id", Value: "2026:ZQ"}, {Key: "year", Value: 2026}, {Key: "town", Value: "ZQ"}, {Key: "count", Value: int64(1)}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.RebuildRatingSums(f.ctx); err != nil {
		t.Fatal(err)
	}
	for _, year := range []int{2024, 2025, 2026} {
		got, err := f.svc.RatingsByTown(f.ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want[year]) {
			t.Errorf("%d: totals for %d towns, want %d (%v)", year, len(got), len(want[year]), got)
		}
		for town, w := range want[year] {
			if got[town] != w {
				t.Errorf("%d %q: %+v, want %+v", year, town, got[town], w)
			}
			if one, err := f.svc.TownRatings(f.ctx, town, year); err != nil || one != w {
				t.Errorf("TownRatings(%q, %d) = %+v %v, want %+v", town, year, one, err, w)
			}
		}
	}
}
