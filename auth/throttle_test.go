package auth_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"skillcert"
	"skillcert/audit"
	"skillcert/auth"
)

func from(ip string) context.Context { return audit.WithIP(context.Background(), ip) }

// 60 parallel guesses at one account: each is counted before its password
// is checked, so at most MaxFailures are evaluated.
func TestParallelGuessesAreCountedBeforeEvaluation(t *testing.T) {
	s, _ := newService(t)
	mustCreate(t, s, auth.NewAccount{Username: "admin2", Name: "管理员", Password: "Passw0rd1", Role: skillcert.RoleCityAdmin})
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[string]int{}
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Login(from("203.0.113.9"), "admin2", fmt.Sprintf("guess-%d-x1", i))
			mu.Lock()
			codes[skillcert.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[skillcert.EUNAUTHORIZED] > auth.MaxFailures || codes[skillcert.EUNAUTHORIZED]+codes[skillcert.ERATELIMITED] != 60 {
		t.Errorf("outcomes %v: at most %d guesses may be evaluated", codes, auth.MaxFailures)
	}
}

// Wrong passwords from a stranger's address lock that address, not the
// owner, who logs in from elsewhere; even a flood from many addresses
// leaves the owner's known address alone.
func TestStrangersCannotLockTheOwnerOut(t *testing.T) {
	s, _ := newService(t)
	mustCreate(t, s, auth.NewAccount{Username: "boss", Name: "管理员", Password: "Passw0rd1", Role: skillcert.RoleCityAdmin})
	if _, err := s.Login(from("10.0.0.1"), "boss", "Passw0rd1"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if _, err := s.Login(from("198.51.100.7"), "boss", "wrong-pass1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	if _, err := s.Login(from("198.51.100.7"), "boss", "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.ERATELIMITED {
		t.Errorf("the guessing address is not locked: %v", err)
	}
	if _, err := s.Login(from("10.0.0.2"), "boss", "Passw0rd1"); err != nil {
		t.Errorf("owner from another address after five anonymous failures: %v", err)
	}
	// A distributed attack: 40 addresses, 2 guesses each.
	for i := 0; i < 40; i++ {
		for j := 0; j < 2; j++ {
			_, _ = s.Login(from(fmt.Sprintf("192.0.2.%d", i)), "boss", "wrong-pass1")
		}
	}
	if _, err := s.Login(from("10.0.0.1"), "boss", "Passw0rd1"); err != nil {
		t.Errorf("owner from their known address during a distributed attack: %v", err)
	}
	// New addresses are slowed: at most one of several is evaluated.
	evaluated := 0
	for i := 0; i < 5; i++ {
		_, err := s.Login(from(fmt.Sprintf("192.0.2.%d", 100+i)), "boss", "wrong-pass1")
		if skillcert.ErrorCode(err) == skillcert.EUNAUTHORIZED {
			evaluated++
		}
	}
	if evaluated > 1 {
		t.Errorf("%d guesses from new addresses evaluated during the account's backoff", evaluated)
	}
}

// One client trying one password against many accounts is stopped.
func TestOneAddressCannotSprayManyAccounts(t *testing.T) {
	s, _ := newService(t)
	limited := false
	for i := 0; i < auth.MaxPerAddress+2; i++ {
		_, err := s.Login(from("203.0.113.50"), fmt.Sprintf("user%02d", i), "Spring2026")
		if skillcert.ErrorCode(err) == skillcert.ERATELIMITED {
			limited = true
			if i < auth.MaxPerAddress {
				t.Fatalf("limited after %d attempts", i)
			}
		}
	}
	if !limited {
		t.Error("no per-address limit")
	}
	if _, err := s.Login(from("203.0.113.51"), "user00", "Spring2026"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
		t.Errorf("another address: %v", err)
	}
}

func TestAdministratorUnlocksAnAccount(t *testing.T) {
	s, log := newService(t)
	acc := mustCreate(t, s, auth.NewAccount{Username: "clerk", Name: "工作人员", Password: "Passw0rd1", Role: skillcert.RoleTownStaff, Town: "WZ"})
	for i := 0; i < 6; i++ {
		_, _ = s.Login(from("10.1.1.1"), "clerk", "wrong-pass1")
	}
	if _, err := s.Login(from("10.1.1.1"), "clerk", "Passw0rd1"); skillcert.ErrorCode(err) != skillcert.ERATELIMITED {
		t.Fatalf("not locked: %v", err)
	}
	other := &skillcert.Actor{AccountID: "zq", Username: "zq", Role: skillcert.RoleTownStaff, Town: "ZQ"}
	if _, err := s.Unlock(context.Background(), other, acc.ID); err == nil {
		t.Error("another town's staff unlocked the account")
	}
	if _, err := s.Unlock(skillcert.WithActor(context.Background(), cityAdmin), cityAdmin, acc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(from("10.1.1.1"), "clerk", "Passw0rd1"); err != nil {
		t.Errorf("after unlock: %v", err)
	}
	page, err := log.List(context.Background(), audit.Filter{Action: "account.unlock"}, skillcert.PageRequest{Page: 1, Size: 10})
	if err != nil || page.Total != 1 {
		t.Errorf("unlock audited %d times (%v)", page.Total, err)
	}
}

// A staff session unused for longer than the idle timeout ends; use keeps
// it alive; a trainee's session has no idle timeout.
func TestStaffSessionsEndWhenIdle(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	mustCreate(t, s, auth.NewAccount{Username: "clerk", Name: "工作人员", Password: "Passw0rd1", Role: skillcert.RoleTownStaff, Town: "WZ"})
	now := time.Now()
	s.SetClock(func() time.Time { return now })
	res, err := s.Login(ctx, "clerk", "Passw0rd1")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ { // used every 20 minutes: stays
		now = now.Add(20 * time.Minute)
		if _, err := s.Authenticate(ctx, res.Token); err != nil {
			t.Fatalf("used after 20 minutes: %v", err)
		}
	}
	now = now.Add(auth.StaffIdleTimeout + time.Minute)
	if _, err := s.Authenticate(ctx, res.Token); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED || !strings.Contains(skillcert.ErrorMessage(err), "长时间未操作") {
		t.Errorf("after %v idle: %v", auth.StaffIdleTimeout, err)
	}
	if _, err := s.Authenticate(ctx, res.Token); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
		t.Errorf("the idle session came back: %v", err)
	}
}

// A registration that linked to nobody frees its mobile number after
// PendingClaimLifetime.
func TestPendingRegistrationsLinkedToNobodyExpire(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	if _, err := s.RegisterTrainee(ctx, auth.NewTrainee{Mobile: "13900001111", Name: "某人", Password: "Passw0rd1", Pending: true}); err != nil {
		t.Fatal(err)
	}
	if free, _ := s.UsernameFree(ctx, "13900001111", false); free {
		t.Fatal("the mobile number is free right after the registration")
	}
	s.SetClock(func() time.Time { return time.Now().Add(auth.PendingClaimLifetime + time.Hour) })
	if err := s.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if free, _ := s.UsernameFree(ctx, "13900001111", false); !free {
		t.Error("the stale registration still holds the mobile number")
	}
}
