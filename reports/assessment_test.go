package reports

import (
	"context"
	"testing"

	"skillcert"
	"skillcert/recruitment"
)

// TestAssessmentScoresFromTheFigures recomputes a town's scorecard from
// the brute-force figures and checks the ranking and the town's view.
func TestAssessmentScoresFromTheFigures(t *testing.T) {
	w := genWorld(4, 120)
	s := newTestService(t, w)
	refreshAll(t, s, w)
	policy := recruitment.DefaultPolicy()
	s.SetAssessmentDeps(AssessmentDeps{
		Policy: func(context.Context, skillcert.Date) (recruitment.PolicyParams, error) { return policy, nil },
		Ratings: func(context.Context, int) (map[string]RatingSums, error) {
			return map[string]RatingSums{"T1": {Count: 2, Total: 24}}, nil
		},
	})
	as, err := s.Assess(context.Background(), cityAdmin, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(as.Cards) != 3 || as.Weights.Validate() != nil {
		t.Fatalf("cards %d, weights %+v", len(as.Cards), as.Weights)
	}
	for i := 1; i < len(as.Cards); i++ {
		if as.Cards[i].Tenths > as.Cards[i-1].Tenths || as.Cards[i].Rank < as.Cards[i-1].Rank {
			t.Fatalf("not ranked: %+v", as.Cards)
		}
	}
	var t1 Scorecard
	for _, c := range as.Cards {
		if c.Town == "T1" {
			t1 = c
		}
	}
	f := w.brute("T1", YearPeriod(2026))
	staff := int64(0)
	for _, id := range w.ids() {
		p := w.people[id]
		if p.active && p.town == "T1" && (&PersonFacts{Groups: p.groups}).InGroup("platform_staff") {
			staff++
		}
	}
	// 0 residents: the town office needs none, each of 2 villages 1.
	want := []Fraction{{f.Completed["all"], f.Registered["all"]}, {f.Passed, f.Evaluated},
		{f.Certified["all"], f.Completed["all"]}, {min(staff, 2), 2}, {24, 30}}
	weights := []int{35, 20, 15, 15, 15}
	var total int64
	for i, it := range t1.Items {
		if it.Rate != want[i] || it.Weight != weights[i] {
			t.Fatalf("item %d %s: %+v, want rate %+v", i, it.Label, it, want[i])
		}
		exp := int64(0)
		if want[i].Den > 0 {
			exp = (int64(weights[i])*10*min(want[i].Num, want[i].Den)*2 + want[i].Den) / (2 * want[i].Den)
		}
		if it.Tenths != exp || it.Computation == "" {
			t.Fatalf("item %s: %d tenths, want %d (%s)", it.Label, it.Tenths, exp, it.Computation)
		}
		total += exp
	}
	if t1.Tenths != total || t1.Items[4].Tenths != 120 {
		t.Fatalf("total %d want %d; rating %d", t1.Tenths, total, t1.Items[4].Tenths)
	}
	town := &skillcert.Actor{AccountID: "t2", Role: skillcert.RoleTownStaff, Town: "T2"}
	own, err := s.Assess(context.Background(), town, 2026)
	if err != nil || len(own.Cards) != 1 || own.Cards[0].Town != "T2" || own.Cards[0].Rank == 0 {
		t.Fatalf("town view: %+v %v", own, err)
	}
	if _, err := s.Assess(context.Background(), &skillcert.Actor{Role: skillcert.RoleVillageStaff}, 2026); skillcert.ErrorCode(err) != skillcert.EFORBIDDEN {
		t.Fatalf("village staff: %v", err)
	}
}
