package certificates

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/store"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fakeCompletions is the courses as the certificates see them, in memory.
type fakeCompletions struct {
	mu      sync.Mutex
	courses map[string]CourseFacts
	comps   map[string][]Completion // by course, in order
}

func newFakeCompletions() *fakeCompletions {
	return &fakeCompletions{courses: map[string]CourseFacts{}, comps: map[string][]Completion{}}
}

// addCourse adds a course with n completed trainees named from names
// (cycled, numbered when repeated).
func (f *fakeCompletions) addCourse(c CourseFacts, n int) []Completion {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.courses[c.ID] = c
	names := []string{"张三明", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十"}
	for i := range n {
		name := names[i%len(names)]
		if i >= len(names) {
			name += string(rune('甲' + i/len(names)))
		}
		gender := GenderMale
		if i%2 == 1 {
			gender = GenderFemale
		}
		f.comps[c.ID] = append(f.comps[c.ID], Completion{
			EnrollmentID: c.ID + ":p" + fmt.Sprint(i), PersonID: "p" + fmt.Sprint(i) + "-" + c.ID,
			HolderName: name, Gender: gender, IDMasked: "330483********123X",
			HolderTown: "WZ", HolderVillage: "WZ01", Course: c,
		})
	}
	return f.comps[c.ID]
}

// set replaces one completion (a corrected name, a different holder).
func (f *fakeCompletions) set(comp Completion) {
	f.mu.Lock()
	defer f.mu.Unlock()
	list := f.comps[comp.Course.ID]
	for i := range list {
		if list[i].EnrollmentID == comp.EnrollmentID {
			list[i] = comp
			return
		}
	}
	f.comps[comp.Course.ID] = append(list, comp)
}

func (f *fakeCompletions) CompletedEnrollment(_ context.Context, id string) (Completion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, list := range f.comps {
		for _, c := range list {
			if c.EnrollmentID == id {
				return c, nil
			}
		}
	}
	return Completion{}, skillcert.Errorf(skillcert.ENOTFOUND, "报名记录不存在")
}

func (f *fakeCompletions) CompletedEnrollments(_ context.Context, courseID string) (CourseFacts, []Completion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.courses[courseID]
	if !ok {
		return CourseFacts{}, nil, skillcert.Errorf(skillcert.ENOTFOUND, "课程不存在")
	}
	return c, append([]Completion(nil), f.comps[courseID]...), nil
}

func (f *fakeCompletions) CompletedEnrollmentIDs(ctx context.Context, courseID string) (CourseFacts, []string, error) {
	c, comps, err := f.CompletedEnrollments(ctx, courseID)
	ids := make([]string, len(comps))
	for i, comp := range comps {
		ids[i] = comp.EnrollmentID
	}
	return c, ids, err
}

// wzCourse is a vocational course of 乌镇镇 valid for 36 months.
func wzCourse(id string) CourseFacts {
	return CourseFacts{ID: id, Title: "2026年第一期电工职业技能培训班", Kind: KindVocational, Trade: "电工", Level: "中级",
		ClassHours: 120, Start: date(2026, 3, 2), End: date(2026, 5, 29), Town: "WZ", ValidityMonths: 36}
}

// testClock is a settable clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// fixture is a service on a fresh database with fake completions and a
// clock at 2026-06-05 10:00 in China.
type fixture struct {
	db    *store.DB
	svc   *Service
	fake  *fakeCompletions
	clock *testClock
	log   *audit.Log
}

const testBaseURL = "https://rsbz.tx.example.cn"

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	tree, err := orgs.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, fake: newFakeCompletions(), clock: &testClock{t: time.Date(2026, 6, 5, 10, 0, 0, 0, shanghai)}, log: audit.NewLog(db)}
	f.svc = NewService(db, f.log, tree, testRenderer(t), testBaseURL, f.fake)
	f.svc.SetClock(f.clock.now)
	return f
}

// Actors of the tests.
var (
	cityAdmin  = &skillcert.Actor{AccountID: "acc-admin", Username: "admin", Role: skillcert.RoleCityAdmin}
	wzStaff    = &skillcert.Actor{AccountID: "acc-wz", Username: "wz_staff", Role: skillcert.RoleTownStaff, Town: "WZ"}
	zqStaff    = &skillcert.Actor{AccountID: "acc-zq", Username: "zq_staff", Role: skillcert.RoleTownStaff, Town: "ZQ"}
	wzVillage  = &skillcert.Actor{AccountID: "acc-wz01", Username: "wz_village", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}
	wzVillage2 = &skillcert.Actor{AccountID: "acc-wz02", Username: "wz_village2", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ02"}
)

func traineeOf(personID string) *skillcert.Actor {
	return &skillcert.Actor{AccountID: "acc-" + personID, Username: personID, Role: skillcert.RoleTrainee, PersonID: personID}
}

// issue issues one certificate as the city and fails the test on error.
func (f *fixture) issue(t *testing.T, enrollmentID string) *Certificate {
	t.Helper()
	c, _, err := f.svc.Issue(context.Background(), cityAdmin, enrollmentID)
	if err != nil {
		t.Fatalf("issue %s: %v", enrollmentID, err)
	}
	return c
}

// stored reads every certificate record of an enrollment (of the
// course named before the colon).
func (f *fixture) stored(t *testing.T, enrollmentID string) []Certificate {
	t.Helper()
	course, _, _ := strings.Cut(enrollmentID, ":")
	var all, out []Certificate
	if err := f.db.Collection(store.CollCertificates).Find(context.Background(), bsonD("courseId", course), &all); err != nil {
		t.Fatal(err)
	}
	for _, c := range all {
		if c.EnrollmentID == enrollmentID {
			out = append(out, c)
		}
	}
	return out
}

// wantCode fails the test unless err has the code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := skillcert.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}
