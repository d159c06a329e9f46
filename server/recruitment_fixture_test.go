package main

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/recruitment"
	"skillcert/roster"
	"skillcert/store"
)

// The recruitment tests run the real service with in-test fakes of the
// register and of job-post training (the lead wires the real ones) and a
// settable clock.

// fakeRegister is an in-memory register of residents.
type fakeRegister struct {
	mu     sync.Mutex
	people map[string]recruitment.Person
	staff  map[string]int // person → AddToPlatformStaff calls
}

func (r *fakeRegister) Person(_ context.Context, id string) (recruitment.Person, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.people[id]
	if !ok {
		return recruitment.Person{}, skillcert.Errorf(skillcert.ENOTFOUND, "人员不存在")
	}
	return p, nil
}

func (r *fakeRegister) AddToPlatformStaff(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.staff[id]++
	return nil
}

// fakeTraining has at most one open job-post course per town.
type fakeTraining struct {
	mu       sync.Mutex
	open     map[string]string    // town → course ID
	enrolled map[string][2]string // person → {course, town asked for}
}

func (f *fakeTraining) EnrollInNextJobPostCourse(_ context.Context, personID, town string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.open[town]
	if !ok {
		return "", skillcert.Errorf(skillcert.ENOTFOUND, "没有开班的岗位培训课程")
	}
	f.enrolled[personID] = [2]string{id, town}
	return id, nil
}

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// day sets the clock to 10:00 of a Shanghai calendar day.
func (c *testClock) day(y int, m time.Month, d int) {
	c.mu.Lock()
	c.t = time.Date(y, m, d, 10, 0, 0, 0, shanghai)
	c.mu.Unlock()
}

func (c *testClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// recruitmentFixture installs the fakes and the clock into a test app and
// builds posts and applications in every state through the service.
type recruitmentFixture struct {
	ta       *testApp
	register *fakeRegister
	training *fakeTraining
	clock    *testClock
	seq      int
	cache    map[string]string
	pools    map[string][]string
	trainee  string // the demo trainee's person ID
}

// cached returns the ID mk built the first time for key: read-only
// requests share their records, which keeps the data (and the embedded
// engine's scans) small.
func (rf *recruitmentFixture) cached(key string, mk func() string) string {
	if id, ok := rf.cache[key]; ok {
		return id
	}
	id := mk()
	rf.cache[key] = id
	return id
}

func newRecruitmentFixture(ta *testApp) *recruitmentFixture {
	rf := &recruitmentFixture{ta: ta,
		register: &fakeRegister{people: map[string]recruitment.Person{}, staff: map[string]int{}},
		training: &fakeTraining{open: map[string]string{}, enrolled: map[string][2]string{}},
		clock:    &testClock{}, cache: map[string]string{}}
	rf.clock.day(2026, time.June, 10)
	ta.app.Recruitment.SetDeps(recruitment.Deps{Register: rf.register, Training: rf.training})
	ta.app.Recruitment.SetClock(rf.clock.Now)
	rf.trainee = rf.actor("trainee").PersonID
	rf.addPerson(rf.trainee, "李学员", skillcert.NewDate(1996, time.March, 8))
	return rf
}

// addPerson registers a resident of 乌镇镇 with a masked ID number ending
// in the last four characters of the ID.
func (rf *recruitmentFixture) addPerson(id, name string, birth skillcert.Date) recruitment.Person {
	suffix := fmt.Sprintf("%04d", len(rf.register.people)+1)
	p := recruitment.Person{ID: id, Name: name, IDMasked: "330483********" + suffix, BirthDate: birth, Town: "WZ", Village: "WZ01",
		Education: roster.EduCollege, ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerBasic}, Mobile: "13900000000"}
	rf.register.mu.Lock()
	rf.register.people[id] = p
	rf.register.mu.Unlock()
	return p
}

// newPerson registers a fresh resident: 30 years old, or 45 when old.
func (rf *recruitmentFixture) newPerson(old bool) string {
	rf.seq++
	id := fmt.Sprintf("rp%05d", rf.seq)
	birth := skillcert.NewDate(1996, time.January, 1)
	if old {
		birth = skillcert.NewDate(1981, time.January, 1)
	}
	rf.addPerson(id, fmt.Sprintf("报名人%d", rf.seq), birth)
	return id
}

// actor returns a demo account as an actor.
func (rf *recruitmentFixture) actor(username string) *skillcert.Actor {
	acc, err := rf.ta.app.Auth.FindAccountByUsername(context.Background(), username)
	if err != nil {
		rf.ta.t.Fatal(err)
	}
	return acc.Actor()
}

// staffOf is the demo town staff of a town.
func staffOf(town string) string { return map[string]string{"WZ": "wz_staff", "ZQ": "zq_staff"}[town] }

func sampleApplication(personID string) recruitment.ApplicationInput {
	return recruitment.ApplicationInput{PersonID: personID, Phone: "13911112222",
		Education:     recruitment.Education{Level: roster.EduBachelor, School: "浙江工业大学", Major: "社会保障", FullTime: true},
		ComputerSkill: recruitment.ComputerSkill{Level: recruitment.ComputerCertified, CertName: "全国计算机等级考试二级"}}
}

// builtPost is a post built into a state, with its applications.
type builtPost struct {
	Post *recruitment.Post
	Apps []*recruitment.Application
}

// postOpts shape a built post: a village station's post, the number of
// places (and of eligible applicants, one per place; default 1), and a
// further applicant failing the age limit.
type postOpts struct {
	Village bool
	Places  int
	Old     bool
}

// postIn builds a post of town in the given status with one eligible
// applicant per place (and, with Old, one more failing the age limit). An
// open post takes applications today; every other state was reached in
// the past, so a notice has ended and the hires may be made final.
func (rf *recruitmentFixture) postIn(town string, status recruitment.PostStatus, o postOpts) builtPost {
	if status == recruitment.PostOpen || status == pastDeadline {
		return rf.openPost(town, status, o)
	}
	return rf.storedPost(town, status, o)
}

// openPost opens a post and files its applications through the service.
func (rf *recruitmentFixture) openPost(town string, status recruitment.PostStatus, o postOpts) builtPost {
	t := rf.ta.t
	t.Helper()
	ctx := context.Background()
	svc := rf.ta.app.Recruitment
	staff := rf.actor(staffOf(town))
	if o.Places == 0 {
		o.Places = 1
	}
	base := rf.clock.Now()
	defer rf.clock.set(base)
	start := base
	if status == pastDeadline {
		start = base.AddDate(0, 0, -10)
	}
	rf.clock.set(start)
	in := recruitment.PostInput{Title: fmt.Sprintf("协理员岗位 %d", rf.seq), Places: o.Places,
		Opens: skillcert.DateOf(start).String(), Closes: skillcert.DateOf(start).AddDays(5).String()}
	if o.Village {
		in.Village = rf.ta.app.Orgs.Villages(town)[0].Code
	}
	p, err := svc.CreatePost(ctx, staff, in)
	if err != nil {
		t.Fatal(err)
	}
	b := builtPost{Post: p}
	apply := func(old bool) {
		app, err := svc.Apply(ctx, staff, p.ID, sampleApplication(rf.newPerson(old)))
		if err != nil {
			t.Fatal(err)
		}
		b.Apps = append(b.Apps, app)
	}
	for i := 0; i < o.Places; i++ {
		apply(false)
	}
	if o.Old {
		apply(true)
	}
	return b
}

// pastDeadline is the state of an open post whose deadline has passed.
const pastDeadline recruitment.PostStatus = "open-past-deadline"

// storedPost writes a post of town and its applications straight into the
// database in a state past its applications, as the service would have
// left them (the flow through the service is TestRecruitmentFlowThroughTheAPI;
// on the embedded engine it is too slow to repeat for every case). The
// post's window ended 35 days ago and its notice, if any, 25 days ago.
func (rf *recruitmentFixture) storedPost(town string, status recruitment.PostStatus, o postOpts) builtPost {
	t := rf.ta.t
	t.Helper()
	ctx := context.Background()
	if o.Places == 0 {
		o.Places = 1
	}
	today := skillcert.DateOf(rf.clock.Now())
	opens, closes := today.AddDays(-40), today.AddDays(-35)
	policy := recruitment.DefaultPolicy()
	now := rf.clock.Now().UTC().Truncate(time.Millisecond)
	p := &recruitment.Post{ID: skillcert.NewID(), Town: town, Title: fmt.Sprintf("协理员岗位 %d", rf.seq), Places: o.Places,
		Opens: opens, Closes: closes, Requirements: recruitment.RequirementsFrom(policy, closes), Weights: recruitment.DefaultWeights(),
		NoticeWorkingDays: policy.NoticeWorkingDays, Status: status, CreatedBy: "fixture", CreatedAt: now, UpdatedAt: now}
	if o.Village {
		p.Village = rf.ta.app.Orgs.Villages(town)[0].Code
	}
	appStatus := map[recruitment.PostStatus]recruitment.ApplicationStatus{
		recruitment.PostSelecting: recruitment.AppApplied, recruitment.PostSubmitted: recruitment.AppSubmitted,
		recruitment.PostReviewed: recruitment.AppApproved, recruitment.PostNotice: recruitment.AppApproved, recruitment.PostClosed: recruitment.AppHired,
	}[status]
	b := builtPost{Post: p}
	n := o.Places
	if o.Old {
		n++
	}
	for i := 0; i < n; i++ {
		person := rf.register.people[rf.newPerson(o.Old && i == o.Places)]
		in := sampleApplication(person.ID)
		app := &recruitment.Application{ID: recruitment.ApplicationID(p.ID, person.ID), PostID: p.ID, PostTitle: p.Title, PersonID: person.ID,
			Town: p.Town, Village: p.Village, Name: person.Name, IDMasked: person.IDMasked, BirthDate: person.BirthDate, HomeTown: person.Town,
			Phone: in.Phone, Education: in.Education, ComputerSkill: in.ComputerSkill, Status: recruitment.AppApplied,
			AppliedBy: "fixture", OnBehalf: true, CreatedAt: now.Add(time.Duration(i) * time.Millisecond), UpdatedAt: now}
		app.Screening = recruitment.Screen(app.Applicant(), p.Requirements)
		if app.Screening.Eligible {
			w, iv := recruitment.Score(800+10*i), recruitment.Score(850)
			app.Written, app.Interview, app.Total, app.Rank, app.Status = &w, &iv, p.Weights.Total(w, iv), n-i, appStatus
			if statusRank(status) >= statusRank(recruitment.PostSubmitted) {
				app.SubmittedAt = now
			}
			if statusRank(status) >= statusRank(recruitment.PostReviewed) {
				app.Review = &recruitment.Review{Decision: recruitment.DecisionApprove, By: "fixture", At: now}
			}
			if status == recruitment.PostClosed {
				app.Hire = &recruitment.Hire{At: now, By: "fixture", PlatformStaffGroup: true, NeedsJobPostTraining: true}
			}
		}
		b.Apps = append(b.Apps, app)
	}
	if statusRank(status) >= statusRank(recruitment.PostNotice) {
		p.Notice = &recruitment.Notice{Start: today.AddDays(-34), End: today.AddDays(-28), PublishedBy: "fixture", PublishedAt: now}
		for _, app := range b.Apps {
			if app.Screening.Eligible {
				p.Notice.Entries = append(p.Notice.Entries, recruitment.NoticeEntry{Name: app.Name, IDMasked: app.IDMasked, Town: rf.ta.app.Orgs.TownName(town)})
			}
		}
	}
	p.Applicants = len(b.Apps)
	if err := rf.ta.app.DB.Collection(store.CollRecruitmentPosts).InsertOne(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, app := range b.Apps {
		if err := rf.ta.app.DB.Collection(store.CollRecruitmentApplications).InsertOne(ctx, app); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// statusRank orders the statuses a fixture can be built in.
func statusRank(s recruitment.PostStatus) int {
	for i, x := range []recruitment.PostStatus{pastDeadline, recruitment.PostSelecting, recruitment.PostSubmitted,
		recruitment.PostReviewed, recruitment.PostNotice, recruitment.PostClosed} {
		if x == s {
			return i + 1
		}
	}
	return 0
}

// must(f())(t) fails the test if f returned an error.
func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// nextOf hands out the records of a shared fixture one per call: the
// applications of a post built once per key.
func (rf *recruitmentFixture) nextOf(key string, build func() []string) string {
	if rf.pools == nil {
		rf.pools = map[string][]string{}
	}
	ids, ok := rf.pools[key]
	if !ok {
		ids = build()
	}
	if len(ids) == 0 {
		rf.ta.t.Fatalf("fixture pool %s is used up", key)
	}
	rf.pools[key] = ids[1:]
	return ids[0]
}
