package courses_test

import (
	"sort"
	"sync"
	"testing"

	"skillcert"
	"skillcert/courses"
)

// TestConcurrentEnrollCapacity: 300 different eligible trainees enroll at
// once in a course of 40 seats → exactly 40 enrolled, 260 waitlisted at
// positions 1..260 without gaps or repeats, and the seat counter at 40.
func TestConcurrentEnrollCapacity(t *testing.T) {
	capacityScenario(t, newFixture(t), 300, 40)
}

// TestConcurrentEnrollCapacityFilterConditions runs the scenario with the
// conditions in the update filters, as on MongoDB (the embedded engine
// serializes writes, so the filter form is atomic there too).
func TestConcurrentEnrollCapacityFilterConditions(t *testing.T) {
	f := newFixture(t)
	courses.SetLocalCAS(f.svc, false)
	capacityScenario(t, f, 60, 10)
}

func capacityScenario(t *testing.T, f *fixture, n, seats int) {
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = seats })
	people := make([]string, n)
	for i := range people {
		people[i] = f.person("WZ", "WZ01", "landless_farmer")
	}
	results := make([]*courses.EnrollResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = f.svc.Enroll(f.ctx, trainee(people[i]), c.ID)
		}()
	}
	close(start)
	wg.Wait()
	enrolled, waitlisted := 0, 0
	var told []int
	for i := range results {
		if errs[i] != nil {
			t.Fatalf("enroll %s: %v", people[i], errs[i])
		}
		switch results[i].Enrollment.Status {
		case courses.EnrollmentEnrolled:
			enrolled++
		case courses.EnrollmentWaitlisted:
			waitlisted++
			told = append(told, results[i].Position)
		default:
			t.Fatalf("%s: status %s", people[i], results[i].Enrollment.Status)
		}
	}
	wait := n - seats
	if enrolled != seats || waitlisted != wait {
		t.Fatalf("enrolled %d, waitlisted %d; want %d and %d", enrolled, waitlisted, seats, wait)
	}
	if got := f.get(c.ID).Enrolled; got != seats {
		t.Fatalf("course counter = %d, want %d", got, seats)
	}
	// The positions as they stand now: 1..wait, each once. Position is
	// 1 + the number waitlisted with a smaller number, so in number order
	// the k-th waitlisted must be told k; the service is asked for the
	// first, a middle and the last, the rest follow from the numbers.
	var waiting []courses.Enrollment
	for _, e := range f.enrollments(c.ID) {
		if e.SeatPending {
			t.Errorf("%s left with seatPending", e.ID)
		}
		if e.Status == courses.EnrollmentWaitlisted {
			waiting = append(waiting, e)
		}
	}
	sort.Slice(waiting, func(i, j int) bool { return waiting[i].WaitlistSeq < waiting[j].WaitlistSeq })
	for i := 1; i < len(waiting); i++ {
		if waiting[i].WaitlistSeq == waiting[i-1].WaitlistSeq {
			t.Fatalf("waitlist number %d handed out twice", waiting[i].WaitlistSeq)
		}
	}
	for _, k := range []int{0, wait / 2, wait - 1} {
		row, err := f.svc.MyEnrollment(f.ctx, trainee(waiting[k].PersonID), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if row.Position != k+1 {
			t.Fatalf("waitlisted #%d (number %d) is at position %d", k+1, waiting[k].WaitlistSeq, row.Position)
		}
	}
	last := (wait - 1) / 50
	page, err := f.svc.ListEnrollments(f.ctx, wzStaff, c.ID, courses.EnrollmentWaitlisted, skillcert.PageRequest{Page: last + 1, Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	items := page.Items
	if page.Total != int64(wait) || len(items) != wait-last*50 || items[0].Position != last*50+1 ||
		items[len(items)-1].Position != wait || items[len(items)-1].PersonID != waiting[wait-1].PersonID {
		t.Fatalf("last waitlist page: total %d, %d items", page.Total, len(items))
	}
	// Each trainee was told a position when they joined: 1..wait, each
	// once, and the one their number gives them now (no one left).
	sort.Ints(told)
	for i, p := range told {
		if p != i+1 {
			t.Fatalf("told positions are not 1..%d: #%d is %d", wait, i+1, p)
		}
	}
	if c := f.get(c.ID); c.Waiting != wait {
		t.Fatalf("waiting counter = %d, want %d", c.Waiting, wait)
	}
}

// TestConcurrentSameTraineeEnroll: one trainee sending 20 requests at
// once gets one enrollment; the others are told they are enrolled.
func TestConcurrentSameTraineeEnroll(t *testing.T) {
	bothWays(t, sameTraineeScenario)
}

// bothWays runs a scenario with local compare-and-set (the embedded
// engine's way) and with the conditions in the filters (MongoDB's way).
func bothWays(t *testing.T, scenario func(*testing.T, *fixture)) {
	t.Run("local", func(t *testing.T) { scenario(t, newFixture(t)) })
	t.Run("filter", func(t *testing.T) {
		f := newFixture(t)
		courses.SetLocalCAS(f.svc, false)
		scenario(t, f)
	})
}

func sameTraineeScenario(t *testing.T, f *fixture) {
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 5 })
	p := f.person("WZ", "WZ01")
	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = f.svc.Enroll(f.ctx, trainee(p), c.ID)
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
			continue
		}
		wantErr(t, err, skillcert.ECONFLICT, "您已报名该课程")
	}
	if ok != 1 {
		t.Fatalf("%d requests succeeded, want 1", ok)
	}
	if list := f.enrollments(c.ID); len(list) != 1 || list[0].Status != courses.EnrollmentEnrolled {
		t.Fatalf("enrollments = %+v", list)
	}
	if got := f.get(c.ID).Enrolled; got != 1 {
		t.Fatalf("counter = %d, want 1", got)
	}
}

// TestConcurrentCancelAndEnroll: on a full course of 6 with 12 waiting,
// 6 cancellations race 6 new enrollments; the seats freed go to the first
// 6 on the waitlist, newcomers queue behind, and the counters match.
func TestConcurrentCancelAndEnroll(t *testing.T) {
	bothWays(t, cancelAndEnrollScenario)
}

func cancelAndEnrollScenario(t *testing.T, f *fixture) {
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 6 })
	var seated, waiting, newcomers []string
	for range 6 {
		p := f.person("WZ", "WZ01")
		if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
			t.Fatal(err)
		}
		seated = append(seated, p)
	}
	for range 12 {
		p := f.person("WZ", "WZ01")
		if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
			t.Fatal(err)
		}
		waiting = append(waiting, p)
	}
	for range 6 {
		newcomers = append(newcomers, f.person("WZ", "WZ01"))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 6 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			if _, err := f.svc.CancelEnrollment(f.ctx, trainee(seated[i]), c.ID, seated[i], ""); err != nil {
				t.Error(err)
			}
		}()
		go func() {
			defer wg.Done()
			<-start
			if _, err := f.svc.Enroll(f.ctx, trainee(newcomers[i]), c.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	byPerson := map[string]courses.Enrollment{}
	for _, e := range f.enrollments(c.ID) {
		byPerson[e.PersonID] = e
	}
	for i, p := range waiting {
		want := courses.EnrollmentWaitlisted
		if i < 6 {
			want = courses.EnrollmentEnrolled
		}
		if byPerson[p].Status != want {
			t.Errorf("waiting #%d: %s, want %s", i+1, byPerson[p].Status, want)
		}
	}
	for _, p := range newcomers {
		if byPerson[p].Status != courses.EnrollmentWaitlisted {
			t.Errorf("newcomer %s: %s, want waitlisted", p, byPerson[p].Status)
		}
	}
	if got, n := f.get(c.ID).Enrolled, f.countStatus(c.ID, courses.EnrollmentEnrolled); got != 6 || n != 6 {
		t.Fatalf("counter %d, enrolled %d; want 6", got, n)
	}
	if got := f.get(c.ID).Waiting; got != 12 {
		t.Fatalf("waiting counter %d, want 12", got)
	}
	for _, p := range waiting[:6] {
		if !hasMessage(f.messages(p), courses.MessagePromoted) {
			t.Errorf("%s was promoted without a message", p)
		}
	}
}

// TestCancelPromotesFirstWaitlisted: a cancellation before the start
// gives the seat to the first on the waitlist, who is told, and the
// others move up.
func TestCancelPromotesFirstWaitlisted(t *testing.T) {
	f := newFixture(t)
	c := f.published(wzStaff, func(in *courses.CourseInput) { in.Capacity = 2 })
	var ps []string
	for range 5 {
		p := f.person("WZ", "WZ01")
		ps = append(ps, p)
		if _, err := f.svc.Enroll(f.ctx, trainee(p), c.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.svc.CancelEnrollment(f.ctx, trainee(ps[0]), c.ID, ps[0], "家中有事"); err != nil {
		t.Fatal(err)
	}
	status := func(p string) (courses.EnrollmentStatus, int) {
		row, err := f.svc.MyEnrollment(f.ctx, trainee(p), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return row.Status, row.Position
	}
	if st, _ := status(ps[2]); st != courses.EnrollmentEnrolled {
		t.Fatalf("first waitlisted is %s, want enrolled", st)
	}
	if st, pos := status(ps[3]); st != courses.EnrollmentWaitlisted || pos != 1 {
		t.Fatalf("second waitlisted: %s at %d, want waitlisted at 1", st, pos)
	}
	if st, pos := status(ps[4]); pos != 2 {
		t.Fatalf("third waitlisted: %s at %d, want 2", st, pos)
	}
	if !hasMessage(f.messages(ps[2]), courses.MessagePromoted) {
		t.Fatal("promoted person got no message")
	}
	if got := f.get(c.ID).Enrolled; got != 2 {
		t.Fatalf("counter = %d, want 2", got)
	}
	// A waitlisted person leaving moves the ones behind up.
	if _, err := f.svc.CancelEnrollment(f.ctx, trainee(ps[3]), c.ID, ps[3], ""); err != nil {
		t.Fatal(err)
	}
	if _, pos := status(ps[4]); pos != 1 {
		t.Fatalf("after a waitlisted cancellation: position %d, want 1", pos)
	}
}
