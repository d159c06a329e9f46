package subsidies

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/orgs"
	"skillcert/recruitment"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var (
	city    = &skillcert.Actor{AccountID: "city-1", Username: "admin", Name: "市局管理员", Role: skillcert.RoleCityAdmin}
	wzStaff = &skillcert.Actor{AccountID: "wz-1", Username: "wz_staff", Name: "乌镇工作人员", Role: skillcert.RoleTownStaff, Town: "WZ"}
	zqStaff = &skillcert.Actor{AccountID: "zq-1", Username: "zq_staff", Name: "洲泉工作人员", Role: skillcert.RoleTownStaff, Town: "ZQ"}
)

type fixture struct {
	t        *testing.T
	ctx      context.Context
	svc      *Service
	now      time.Time
	mu       sync.Mutex
	versions []recruitment.PolicyParams
	postings map[string][]recruitment.CoordinatorPosting
	scores   map[int]int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := storetest.Open(t)
	ctx := context.Background()
	tree, err := orgs.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: ctx, versions: []recruitment.PolicyParams{recruitment.DefaultPolicy()},
		postings: map[string][]recruitment.CoordinatorPosting{}, scores: map[int]int64{}}
	f.svc = NewService(db, audit.NewLog(db), tree, Deps{
		Policies: func(context.Context) ([]recruitment.PolicyParams, error) { return f.versions, nil },
		Postings: func(_ context.Context, town string) ([]recruitment.CoordinatorPosting, error) {
			return f.postings[town], nil
		},
		Score: func(_ context.Context, town string, year int) (int64, bool, error) {
			s, ok := f.scores[year]
			return s, ok && town == "WZ", nil
		},
	})
	f.at(2026, time.April, 15)
	f.svc.SetClock(func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now })
	return f
}

func (f *fixture) at(y int, m time.Month, d int) {
	f.mu.Lock()
	f.now = time.Date(y, m, d, 10, 0, 0, 0, skillcert.CST)
	f.mu.Unlock()
}

func posting(id, name, from, to string, pay recruitment.Fen) recruitment.CoordinatorPosting {
	p := recruitment.CoordinatorPosting{ApplicationID: "app-" + id, MonthlyPay: pay,
		Posting: recruitment.Posting{PersonID: id, Name: name, From: skillcert.MustParseDate(from)}}
	if to != "" {
		p.To = skillcert.MustParseDate(to)
	}
	return p
}

func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
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

func wantError(t *testing.T, err error, code, field, message string) {
	t.Helper()
	var e *skillcert.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want %s %q", err, code, message)
	}
	if e.Code != code || e.Message != message || (field != "" && e.Field != field) {
		t.Fatalf("error = {%s %s %q}, want {%s %s %q}", e.Code, e.Field, e.Message, code, field, message)
	}
}
