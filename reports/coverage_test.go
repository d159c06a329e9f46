package reports

import (
	"context"
	"maps"
	"reflect"
	"testing"
	"time"

	"skillcert"
	"skillcert/courses"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var cityAdmin = &skillcert.Actor{AccountID: "a1", Role: skillcert.RoleCityAdmin}

func newTestService(t *testing.T, w *world) *Service {
	t.Helper()
	s := NewService(storetest.Open(t), testTree(), source{w: w})
	s.SetClock(func() time.Time { return cst(2026, 12, 7, 10, 0) })
	return s
}

func dropZeros(m map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func comparable(f Figures) Figures {
	f.Unit, f.UnitName = "", ""
	f.Registered, f.Enrolled, f.Completed = dropZeros(f.Registered), dropZeros(f.Enrolled), dropZeros(f.Completed)
	f.Certified, f.ByType = dropZeros(f.Certified), dropZeros(f.ByType)
	return f
}

func testPeriods(t *testing.T) []Period {
	rng, err := RangePeriod(skillcert.NewDate(2025, 11, 15), skillcert.NewDate(2026, 3, 31))
	if err != nil {
		t.Fatal(err)
	}
	ps := []Period{YearPeriod(2025), YearPeriod(2026), QuarterPeriod(2026, 1), MonthPeriod(2026, 3), MonthPeriod(2026, 4), rng}
	return ps
}

// checkAll compares every figure of every unit and period with the brute
// force over the raw records.
func checkAll(t *testing.T, s *Service, w *world, label string) map[string]Figures {
	t.Helper()
	ctx := context.Background()
	got := map[string]Figures{}
	for _, per := range testPeriods(t) {
		for _, unit := range []string{cityUnit, "T1", "T2", "T3"} {
			r, err := s.Coverage(ctx, cityAdmin, unit, per, 0)
			if err != nil {
				t.Fatalf("%s: coverage %s %s: %v", label, unit, per.Label(), err)
			}
			all := append([]Figures{r.Unit}, r.Children...)
			for _, f := range all {
				want := comparable(w.brute(f.Unit, per))
				if g := comparable(f); !reflect.DeepEqual(g, want) {
					t.Fatalf("%s: %s %s\n got %+v\nwant %+v", label, f.Unit, per.Label(), g, want)
				}
				got[f.Unit+"|"+per.Label()] = comparable(f)
			}
		}
	}
	return got
}

func refreshAll(t *testing.T, s *Service, w *world) {
	t.Helper()
	s.PeopleChanged(w.ids()...)
	if err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCoverageMatchesBruteForce generates a world with boundary cases,
// follows it incrementally through changes (a move of village, a revoked
// certificate, a cancelled enrollment, a deleted person), compares every
// figure with a brute-force count after each step, and checks that a
// rebuild arrives at the same numbers.
func TestCoverageMatchesBruteForce(t *testing.T) {
	w := genWorld(1, 160)
	// Boundary cases: an enrollment at 23:30 on the period's last day and a
	// completion at 23:59 China time (15:59 UTC, still 31 March).
	edge := &rawPerson{id: "p9000", name: "边界", town: "T1", village: "T1V1", groups: []string{"landless_farmer"},
		active: true, created: cst(2025, 1, 1, 9, 0)}
	w.people[edge.id] = edge
	w.enrollments = append(w.enrollments,
		&rawEnrollment{person: edge.id, course: "e1", ctype: courses.TypeVocational, status: courses.EnrollmentEnrolled,
			enrolledAt: cst(2026, 3, 31, 23, 30)},
		&rawEnrollment{person: edge.id, course: "e2", ctype: courses.TypeEntrepreneurship, status: courses.EnrollmentEnrolled,
			enrolledAt: cst(2026, 2, 1, 9, 0), courseDone: true, evaluatedAt: cst(2026, 3, 31, 23, 59), completed: true, attended: 9, req: 10})
	// Registered on the last day of March at 23:59 China time.
	late := &rawPerson{id: "p9001", name: "月末登记", town: "T2", village: "T2V1", groups: []string{"landless_farmer"},
		active: true, created: cst(2026, 3, 31, 23, 59)}
	w.people[late.id] = late

	s := newTestService(t, w)
	refreshAll(t, s, w)
	checkAll(t, s, w, "initial")

	ctx := context.Background()
	march := MonthPeriod(2026, 3)
	r, err := s.Coverage(ctx, cityAdmin, "T1V1", march, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit.Enrolled["landless_farmer"] == 0 || r.Unit.ByType[string(courses.TypeEntrepreneurship)] == 0 {
		t.Fatalf("the boundary enrollment and completion are not in March: %+v", r.Unit)
	}

	// Changes: the edge person moves village; a valid certificate is
	// revoked; an enrollment is cancelled; a person is deleted.
	w.mu.Lock()
	edge.town, edge.village = "T3", "T3V2"
	var changed []string
	for _, c := range w.certs {
		if c.status == "valid" {
			c.status = "revoked"
			changed = append(changed, c.person)
			break
		}
	}
	for _, e := range w.enrollments {
		if e.status == courses.EnrollmentEnrolled && e.completed {
			e.status = courses.EnrollmentCancelled
			changed = append(changed, e.person)
			break
		}
	}
	w.people["p0003"].deleted = true
	w.mu.Unlock()
	s.PeopleChanged(append(changed, edge.id, "p0003")...)
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	incremental := checkAll(t, s, w, "after changes")
	r, err = s.Coverage(ctx, cityAdmin, "T3V2", march, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit.Completed["landless_farmer"] == 0 {
		t.Fatal("the moved person's completion did not move to the new village")
	}

	if err := s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	rebuilt := checkAll(t, s, w, "after rebuild")
	if !maps.EqualFunc(incremental, rebuilt, func(a, b Figures) bool { return reflect.DeepEqual(a, b) }) {
		t.Fatal("the rebuild differs from the incremental summaries")
	}
	if st := s.Status(); st.Running || st.Phase != "完成" || st.Done != st.Total || st.Total == 0 {
		t.Fatalf("rebuild status %+v", st)
	}
}

// TestOutreachMatchesBruteForce compares the outreach list of every
// village with the brute force, page by page.
func TestOutreachMatchesBruteForce(t *testing.T) {
	w := genWorld(2, 120)
	s := newTestService(t, w)
	refreshAll(t, s, w)
	ctx := context.Background()
	for _, per := range testPeriods(t) {
		for _, v := range villages {
			want := w.bruteOutreach(v, "landless_farmer", per)
			var got []string
			for page := 1; ; page++ {
				p, err := s.Outreach(ctx, cityAdmin, v, "landless_farmer", per, skillcert.PageRequest{Page: page, Size: 5})
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != int64(len(want)) {
					t.Fatalf("%s %s: total %d, want %d", v, per.Label(), p.Total, len(want))
				}
				for _, row := range p.Items {
					got = append(got, row.Name)
				}
				if page >= p.Pages() {
					break
				}
			}
			if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("%s %s: got %v want %v", v, per.Label(), got, want)
			}
		}
	}
}

// TestTownSeesOnlyItsOwn checks the scope: a town's staff read their town
// and its villages, not the city, another town or its villages.
func TestTownSeesOnlyItsOwn(t *testing.T) {
	w := genWorld(3, 10)
	s := newTestService(t, w)
	ctx := context.Background()
	town := &skillcert.Actor{AccountID: "t1", Role: skillcert.RoleTownStaff, Town: "T1"}
	if _, err := s.Coverage(ctx, town, "T1", YearPeriod(2026), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Coverage(ctx, town, "T1V2", YearPeriod(2026), 0); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"", cityUnit, "T2", "T2V1"} {
		if _, err := s.Coverage(ctx, town, u, YearPeriod(2026), 0); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
			t.Fatalf("town staff read %q: %v", u, err)
		}
	}
	if _, err := s.Outreach(ctx, town, "T2V1", "landless_farmer", YearPeriod(2026), skillcert.PageRequest{}); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Fatalf("town staff read another town's outreach list: %v", err)
	}
}
