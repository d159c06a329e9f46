package auth_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
	"skillcert/orgs"
	"skillcert/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var secret = []byte("test-secret-test-secret-test-secret")

var cityAdmin = &skillcert.Actor{AccountID: "root", Username: "root", Role: skillcert.RoleCityAdmin}

func newService(t *testing.T) (*auth.Service, *audit.Log) {
	t.Helper()
	db := storetest.Open(t)
	tree, err := orgs.Load(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	log := audit.NewLog(db)
	return auth.NewService(db, log, tree, secret), log
}

func mustCreate(t *testing.T, s *auth.Service, in auth.NewAccount) *auth.Account {
	t.Helper()
	acc, err := s.CreateAccount(context.Background(), cityAdmin, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Username, err)
	}
	return acc
}

func TestLoginAndTokens(t *testing.T) {
	s, log := newService(t)
	ctx := context.Background()
	mustCreate(t, s, auth.NewAccount{Username: "wz_staff", Name: "乌镇工作人员", Password: "Passw0rd1", Role: skillcert.RoleTownStaff, Town: "WZ"})

	if _, err := s.Login(ctx, "wz_staff", "wrong-pass1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := s.Login(ctx, "nobody", "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED || skillcert.ErrorMessage(err) != "用户名或密码错误" {
		t.Fatalf("unknown user: %v (must not differ from a wrong password)", err)
	}
	res, err := s.Login(ctx, " WZ_Staff ", "Passw0rd1")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(res.ExpiresAt); d > auth.StaffTokenLifetime || d < auth.StaffTokenLifetime-time.Minute {
		t.Fatalf("staff token lifetime %v", d)
	}
	a, err := s.Authenticate(ctx, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	if a.Role != skillcert.RoleTownStaff || a.Town != "WZ" || a.Username != "wz_staff" {
		t.Fatalf("actor = %+v", a)
	}
	entries, err := log.List(ctx, audit.Filter{Action: "login"}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, e := range entries.Items {
		switch e.Result {
		case audit.ResultOK:
			ok++
		case audit.ResultFailed:
			failed++
		}
	}
	if ok != 1 || failed != 2 {
		t.Fatalf("audited logins ok=%d failed=%d, want 1 and 2", ok, failed)
	}

	// Tokens that must be refused.
	parts := strings.Split(res.Token, ".")
	claims := func(c jwt.MapClaims) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	valid := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": auth.Issuer, "aud": auth.Audience, "sub": a.AccountID, "jti": a.SessionID, "role": "town_staff",
			"iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
	}
	noExp := valid()
	delete(noExp, "exp")
	expired := valid()
	expired["exp"] = time.Now().Add(-time.Minute).Unix()
	wrongIss := valid()
	wrongIss["iss"] = "someone-else"
	wrongAud := valid()
	wrongAud["aud"] = "other-api"
	upgraded := valid()
	upgraded["role"] = "city_admin"
	noneTok := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(strings.Replace(string(payload), "town_staff", "city_admin", 1))) + "." + parts[2]
	otherKey, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, valid()).SignedString([]byte("another-secret-another-secret"))
	hs512, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, valid()).SignedString(secret)

	if _, err := s.Authenticate(ctx, claims(valid())); err != nil {
		t.Fatalf("control token refused: %v", err)
	}
	for name, tok := range map[string]string{
		"alg none": noneTok, "tampered payload": tampered, "missing exp": claims(noExp), "expired": claims(expired),
		"wrong issuer": claims(wrongIss), "wrong audience": claims(wrongAud), "other key": otherKey,
		"HS512": hs512, "role not the session's": claims(upgraded), "garbage": "abc.def.ghi",
	} {
		if _, err := s.Authenticate(ctx, tok); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			t.Errorf("%s: %v, want unauthorized", name, err)
		}
	}

	// Logout revokes the token.
	if err := s.Logout(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, res.Token); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
		t.Fatalf("token after logout: %v", err)
	}
}

func TestPasswordChangeRevokesEveryToken(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	mustCreate(t, s, auth.NewAccount{Username: "trainee1", Name: "学员", Password: "Passw0rd1", Role: skillcert.RoleInstructor})
	r1, _ := s.Login(ctx, "trainee1", "Passw0rd1")
	r2, _ := s.Login(ctx, "trainee1", "Passw0rd1")
	a, err := s.Authenticate(ctx, r1.Token)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangePassword(ctx, a, "wrong", "NewPassw0rd"); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Fatalf("wrong old password: %v", err)
	}
	if err := s.ChangePassword(ctx, a, "Passw0rd1", "short"); skillcert.ErrorCode(err) != skillcert.EINVALID {
		t.Fatalf("weak new password: %v", err)
	}
	if err := s.ChangePassword(ctx, a, "Passw0rd1", "NewPassw0rd"); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{r1.Token, r2.Token} {
		if _, err := s.Authenticate(ctx, tok); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			t.Fatalf("token after password change: %v", err)
		}
	}
	if _, err := s.Login(ctx, "trainee1", "NewPassw0rd"); err != nil {
		t.Fatalf("login with new password: %v", err)
	}
}

func TestLoginLockout(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	mustCreate(t, s, auth.NewAccount{Username: "auditor", Name: "审计员", Password: "Passw0rd1", Role: skillcert.RoleAuditor})
	for i := 0; i < auth.MaxFailures; i++ {
		if _, err := s.Login(ctx, "auditor", "bad-guess1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, err := s.Login(ctx, "auditor", "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.ERATELIMITED {
		t.Fatalf("right password while locked: %v, want rate_limited", err)
	}
	s.SetClock(func() time.Time { return time.Now().Add(auth.LockDuration + time.Minute) })
	if _, err := s.Login(ctx, "auditor", "Passw0rd1"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

func TestAccountManagementScope(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	wz := mustCreate(t, s, auth.NewAccount{Username: "wz_admin", Name: "乌镇", Password: "Passw0rd1", Role: skillcert.RoleTownStaff, Town: "WZ"})
	zq := mustCreate(t, s, auth.NewAccount{Username: "zq_admin", Name: "洲泉", Password: "Passw0rd1", Role: skillcert.RoleTownStaff, Town: "ZQ"})
	wzActor := wz.Actor()
	cases := []struct {
		name string
		in   auth.NewAccount
		code string
	}{
		{"village staff of own town", auth.NewAccount{Username: "wz01", Name: "村干部", Password: "Passw0rd1", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}, ""},
		{"village staff of another town", auth.NewAccount{Username: "zq01", Name: "村干部", Password: "Passw0rd1", Role: skillcert.RoleVillageStaff, Town: "ZQ", Village: "ZQ01"}, skillcert.ENOTFOUND},
		{"a city admin", auth.NewAccount{Username: "boss", Name: "局长", Password: "Passw0rd1", Role: skillcert.RoleCityAdmin}, skillcert.ENOTFOUND},
		{"village not in town", auth.NewAccount{Username: "x1", Name: "村干部", Password: "Passw0rd1", Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "ZQ01"}, skillcert.EINVALID},
		{"duplicate username", auth.NewAccount{Username: "ZQ_Admin", Name: "重名", Password: "Passw0rd1", Role: skillcert.RoleInstructor, Town: "WZ"}, skillcert.ECONFLICT},
		{"weak password", auth.NewAccount{Username: "weak", Name: "弱", Password: "12345678", Role: skillcert.RoleInstructor, Town: "WZ"}, skillcert.EINVALID},
	}
	for _, tc := range cases {
		_, err := s.CreateAccount(ctx, wzActor, tc.in)
		if skillcert.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.code)
		}
	}
	if _, err := s.GetAccount(ctx, wzActor, zq.ID); skillcert.ErrorCode(err) != skillcert.ENOTFOUND {
		t.Errorf("town staff reading another town's account: %v", err)
	}
	page, err := s.ListAccounts(ctx, wzActor, auth.AccountFilter{}, skillcert.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, acc := range page.Items {
		if acc.Town != "WZ" {
			t.Errorf("town list shows %s of %s", acc.Username, acc.Town)
		}
	}
	if page.Total != 2 {
		t.Errorf("WZ accounts = %d, want 2", page.Total)
	}
}

func TestCheckScope(t *testing.T) {
	town := &skillcert.Actor{Role: skillcert.RoleTownStaff, Town: "WZ"}
	village := &skillcert.Actor{Role: skillcert.RoleVillageStaff, Town: "WZ", Village: "WZ01"}
	trainee := &skillcert.Actor{Role: skillcert.RoleTrainee, PersonID: "p1"}
	cases := []struct {
		a             *skillcert.Actor
		town, village string
		ok            bool
	}{
		{cityAdmin, "ZQ", "ZQ01", true},
		{town, "WZ", "WZ02", true},
		{town, "WZ", "", true},
		{town, "ZQ", "", false},
		{village, "WZ", "WZ01", true},
		{village, "WZ", "WZ02", false},
		{village, "WZ", "", false},
		{trainee, "WZ", "WZ01", false},
		{nil, "WZ", "", false},
	}
	for _, tc := range cases {
		err := auth.CheckScope(tc.a, tc.town, tc.village)
		if (err == nil) != tc.ok {
			t.Errorf("%+v on %s/%s: %v, want ok=%v", tc.a, tc.town, tc.village, err, tc.ok)
		}
	}
	if auth.CheckOwner(trainee, "p1") != nil || auth.CheckOwner(trainee, "p2") == nil {
		t.Error("CheckOwner wrong")
	}
}
