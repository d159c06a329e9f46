package platform_test

import (
	"context"
	"reflect"
	"testing"

	"skillcert"
	"skillcert/reports"
	"skillcert/roster"
)

// TestDemoCoverageFollowsTheServices loads the demo through the services,
// checks that its coverage shows figures, and that the summaries the
// callbacks kept current equal a rebuild from the collections; then moves
// a trained person to another village through the register and checks
// the figures follow.
func TestDemoCoverageFollowsTheServices(t *testing.T) {
	s := newPlatform(t)
	ctx := context.Background()
	if err := s.Reports.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	admin := actorOf(t, s, "admin")
	year := s.Reports.Today().Year
	read := func() map[string]reports.Figures {
		out := map[string]reports.Figures{}
		for _, per := range []reports.Period{reports.YearPeriod(year), reports.YearPeriod(year - 1)} {
			r, err := s.Reports.Coverage(ctx, admin, "city", per, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range append([]reports.Figures{r.Unit}, r.Children...) {
				out[per.Label()+f.Unit] = f
			}
		}
		return out
	}
	before := read()
	city := before[reports.YearPeriod(year).Label()+"city"]
	if city.Completed["all"] < 10 || city.Certified["all"] == 0 || city.Registered["all"] < 100 {
		t.Fatalf("the demo shows too little: %+v", city)
	}
	towns := 0
	for k, f := range before {
		if k != reports.YearPeriod(year).Label()+"city" && f.Completed["all"] > 0 {
			towns++
		}
	}
	if towns < 3 {
		t.Fatalf("only %d units with completions", towns)
	}
	if err := s.Reports.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if after := read(); !reflect.DeepEqual(normalize(before), normalize(after)) {
		t.Fatalf("incremental summaries differ from the rebuild:\n%v\n%v", before, after)
	}

	// Move a person to another village of their town through the register.
	people, err := s.Roster.List(ctx, admin, roster.Filter{Town: "PY"}, skillcert.PageRequest{Page: 1, Size: 5})
	if err != nil || len(people.Items) == 0 {
		t.Fatalf("residents of 濮院镇: %v", err)
	}
	p := people.Items[0]
	villages := s.Orgs.Villages("PY")
	to := villages[0].Code
	if to == p.Village {
		to = villages[1].Code
	}
	villageFigures := func() map[string]int64 {
		r, err := s.Reports.Coverage(ctx, admin, "PY", reports.YearPeriod(year), 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int64{}
		for _, f := range r.Children {
			out[f.Unit] = f.Registered["all"]
		}
		return out
	}
	was := villageFigures()
	in := p.Input()
	in.Village = to
	staff := &skillcert.Actor{AccountID: "t", Username: "t", Role: skillcert.RoleTownStaff, Town: "PY"}
	if _, err := s.Roster.Update(ctx, staff, p.ID, in); err != nil {
		t.Fatalf("move: %v", err)
	}
	if err := s.Reports.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	now := villageFigures()
	if now[to] != was[to]+1 || now[p.Village] != was[p.Village]-1 {
		t.Fatalf("the move did not follow: %v → %v", was, now)
	}
	moved := read()
	if err := s.Reports.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalize(moved), normalize(read())) || !reflect.DeepEqual(now, villageFigures()) {
		t.Fatal("after a move, incremental summaries differ from the rebuild")
	}
}

func normalize(m map[string]reports.Figures) map[string]reports.Figures {
	out := map[string]reports.Figures{}
	for k, f := range m {
		for _, mm := range []map[string]int64{f.Registered, f.Enrolled, f.Completed, f.Certified, f.ByType} {
			for d, v := range mm {
				if v == 0 {
					delete(mm, d)
				}
			}
		}
		out[k] = f
	}
	return out
}
