package recruitment

import (
	"context"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/orgs"
	"skillcert/roster"
	"skillcert/store"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fakeRegister is an in-memory register of residents.
type fakeRegister struct {
	mu     sync.Mutex
	people map[string]Person
	groups map[string]int // person → times AddToPlatformStaff was called
	fail   error          // returned by AddToPlatformStaff when set
}

func newFakeRegister() *fakeRegister {
	return &fakeRegister{people: map[string]Person{}, groups: map[string]int{}}
}

func (r *fakeRegister) put(p Person) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.people[p.ID] = p
}

func (r *fakeRegister) Person(_ context.Context, id string) (Person, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.people[id]
	if !ok {
		return Person{}, skillcert.Errorf(skillcert.ENOTFOUND, "人员不存在")
	}
	return p, nil
}

func (r *fakeRegister) AddToPlatformStaff(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.groups[id]++
	return nil
}

// fakeTraining enrolls in the course open for a town, if any.
type fakeTraining struct {
	mu       sync.Mutex
	open     map[string]string // town → course ID ("" key: the city's)
	enrolled map[string]string // person → course ID
}

func newFakeTraining() *fakeTraining {
	return &fakeTraining{open: map[string]string{}, enrolled: map[string]string{}}
}

func (f *fakeTraining) EnrollInNextJobPostCourse(_ context.Context, personID, town string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.open[town]
	if !ok {
		id, ok = f.open[""]
	}
	if !ok {
		return "", skillcert.Errorf(skillcert.ENOTFOUND, "没有开班的岗位培训")
	}
	f.enrolled[personID] = id
	return id, nil
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// at sets the clock to 10:00 of a Shanghai day.
func (c *clock) at(y int, m time.Month, d int) { c.set(time.Date(y, m, d, 10, 0, 0, 0, shanghai)) }

// fixture is a service on a fresh database with fake dependencies.
type fixture struct {
	t        *testing.T
	db       *store.DB
	svc      *Service
	auth     *auth.Service
	audit    *audit.Log
	register *fakeRegister
	training *fakeTraining
	clock    *clock
	ctx      context.Context
}

var (
	cityAdmin = &skillcert.Actor{AccountID: "city-1", Username: "city", Role: skillcert.RoleCityAdmin}
	wzStaff   = &skillcert.Actor{AccountID: "wz-1", Username: "wz", Role: skillcert.RoleTownStaff, Town: "WZ"}
	zqStaff   = &skillcert.Actor{AccountID: "zq-1", Username: "zq", Role: skillcert.RoleTownStaff, Town: "ZQ"}
	village   = &skillcert.Actor{AccountID: "v-1", Username: "v", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}
)

func trainee(personID string) *skillcert.Actor {
	return &skillcert.Actor{AccountID: "acc-" + personID, Username: personID, Role: skillcert.RoleTrainee, PersonID: personID}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	log := audit.NewLog(db)
	as := auth.NewService(db, log, tree, []byte("test-secret-0123456789-0123456789"))
	f := &fixture{t: t, db: db, auth: as, audit: log, register: newFakeRegister(), training: newFakeTraining(), clock: &clock{}, ctx: ctx}
	f.svc = NewService(db, log, tree, Deps{Register: f.register, Accounts: as, Training: f.training})
	f.svc.SetClock(f.clock.Now)
	f.clock.at(2026, time.April, 1)
	return f
}

// person adds a resident born on birth with a college education and a
// computer certificate, as form declares them.
func (f *fixture) person(id, name string, birth skillcert.Date) Person {
	p := Person{ID: id, Name: name, IDMasked: "330483********" + id[len(id)-4:], BirthDate: birth, Town: "WZ", Village: "WZ02",
		Education: roster.EduCollege, ComputerSkill: ComputerSkill{Level: ComputerCertified, CertName: "全国计算机等级考试二级"}}
	f.register.put(p)
	return p
}

// form is a passing application form.
func form(personID string) ApplicationInput {
	return ApplicationInput{PersonID: personID, Phone: "13900001111",
		Education:     Education{Level: roster.EduCollege, School: "嘉兴职业技术学院", Major: "人力资源管理", FullTime: true},
		ComputerSkill: ComputerSkill{Level: ComputerCertified, CertName: "全国计算机等级考试二级"}}
}

// openPost opens a WZ post taking applications 2026-04-01 to 2026-04-30,
// ages counted at the deadline.
func (f *fixture) openPost(places int) *Post {
	f.t.Helper()
	p, err := f.svc.CreatePost(f.ctx, wzStaff, PostInput{Title: "乌镇镇人力社保协理员", Places: places, Opens: "2026-04-01", Closes: "2026-04-30"})
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

func (f *fixture) apply(postID, personID string) *Application {
	f.t.Helper()
	app, err := f.svc.Apply(f.ctx, wzStaff, postID, form(personID))
	if err != nil {
		f.t.Fatal(err)
	}
	return app
}

// auditActions lists the actions recorded for a target, newest first.
func (f *fixture) auditActions(targetID string) []string {
	f.t.Helper()
	page, err := f.audit.List(f.ctx, audit.Filter{TargetID: targetID}, skillcert.PageRequest{Size: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range page.Items {
		out = append(out, e.Action+":"+e.Result)
	}
	return out
}

// must(f())(t) fails the test if f returned an error, else returns the
// value.
func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := skillcert.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

func authAccount(user string, role skillcert.Role, town, village string) auth.NewAccount {
	return auth.NewAccount{Username: user, Name: "工作人员", Password: "Passw0rd1", Role: role, Town: town, Village: village}
}
