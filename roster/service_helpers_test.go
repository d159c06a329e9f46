package roster

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/orgs"
	"skillcert/store"
	"skillcert/store/storetest"
)

// TestMain runs the package's tests and then fails the run if a query the
// service issued is not served by a declared index.
func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a service on a fresh test database with the accounts service
// beside it.
type fixture struct {
	t    testing.TB
	db   *store.DB
	svc  *Service
	auth *auth.Service
	now  time.Time
}

// Actors of the tests: 乌镇镇 (WZ) is "own", 洲泉镇 (ZQ) another town.
var (
	cityAdmin = &skillcert.Actor{AccountID: "acc-city", Username: "admin", Role: skillcert.RoleCityAdmin}
	wzStaff   = &skillcert.Actor{AccountID: "acc-wz", Username: "wz_staff", Name: "乌镇镇管理所", Role: skillcert.RoleTownStaff, Town: "WZ"}
	wzVillage = &skillcert.Actor{AccountID: "acc-wz01", Username: "wz_village", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}
	wz02Staff = &skillcert.Actor{AccountID: "acc-wz02", Username: "wz02_village", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ02"}
	zqStaff   = &skillcert.Actor{AccountID: "acc-zq", Username: "zq_staff", Role: skillcert.RoleTownStaff, Town: "ZQ"}
	teacher   = &skillcert.Actor{AccountID: "acc-t", Username: "teacher", Role: skillcert.RoleInstructor, Town: "WZ"}
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	log := audit.NewLog(db)
	acc := auth.NewService(db, log, tree, []byte("test-secret-0123456789-0123456789-0123"))
	f := &fixture{t: t, db: db, svc: NewService(db, log, tree, acc, testKeys(t)), auth: acc, now: time.Now()}
	f.svc.SetActivationKey([]byte("activation-test-key-0123456789-abcdef"))
	return f
}

// ctx is a context acting as a.
func ctxAs(a *skillcert.Actor) context.Context { return skillcert.WithActor(context.Background(), a) }

// input is a valid form input for a person of WZ01 (民合村).
func input(name, id string) PersonInput {
	return PersonInput{Name: name, IDNumber: id, Town: "WZ", Village: "WZ01", Groups: []string{"企业职工"},
		Education: "高中", Employment: "在职"}
}

// create registers a person as a or fails the test.
func (f *fixture) create(a *skillcert.Actor, in PersonInput) *Person {
	f.t.Helper()
	p, err := f.svc.Create(ctxAs(a), a, in)
	if err != nil {
		f.t.Fatalf("create %s: %v", in.Name, err)
	}
	return p
}

// stored reads every person of the register, by ID number.
func (f *fixture) stored() map[string]Person {
	f.t.Helper()
	var all []Person
	// Filter by town so the read is a served query shape.
	for _, town := range f.svc.orgs.Towns() {
		var some []Person
		if err := f.svc.persons.Find(context.Background(), bson.D{{Key: "town", Value: town.Code}}, &some); err != nil {
			f.t.Fatal(err)
		}
		all = append(all, some...)
	}
	out := map[string]Person{}
	for _, p := range all {
		if err := f.svc.openID(&p); err != nil {
			f.t.Fatal(err)
		}
		out[p.IDNumber] = p
	}
	return out
}

// auditCount counts the audit entries of an action, all of them or
// those about one target.
func (f *fixture) auditCount(action, target string) int {
	f.t.Helper()
	filter := audit.Filter{Action: action}
	if target != "" {
		filter = audit.Filter{TargetID: target}
	}
	page, err := audit.NewLog(f.db).List(context.Background(), filter, skillcert.PageRequest{Size: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	if target == "" {
		return int(page.Total)
	}
	n := 0
	for _, e := range page.Items {
		if e.Action == action {
			n++
		}
	}
	return n
}
