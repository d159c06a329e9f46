package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"skillcert"
	"skillcert/auth"
)

// A throttled login says when the client may try again: the error
// carries the time until the lock lifts (the server's Retry-After), and
// its Chinese message names the same wait.
func TestThrottledLoginSaysWhenToRetry(t *testing.T) {
	s, _ := newService(t)
	mustCreate(t, s, auth.NewAccount{Username: "clerk7", Name: "办事员", Password: "Passw0rd1", Role: skillcert.RoleCityAdmin})
	for i := 0; i < auth.MaxFailures; i++ {
		if _, err := s.Login(from("198.51.100.20"), "clerk7", "wrong-pass1"); skillcert.ErrorCode(err) != skillcert.EUNAUTHORIZED {
			t.Fatalf("guess %d: %v", i, err)
		}
	}
	_, err := s.Login(from("198.51.100.20"), "clerk7", "Passw0rd1")
	var se *skillcert.Error
	if !errors.As(err, &se) || se.Code != skillcert.ERATELIMITED {
		t.Fatalf("sixth attempt: %v", err)
	}
	if se.RetryAfter <= 0 || se.RetryAfter > auth.LockDuration {
		t.Fatalf("RetryAfter %v, want in (0, %v]", se.RetryAfter, auth.LockDuration)
	}
	if want := auth.WaitText(se.RetryAfter); !strings.Contains(se.Message, want) {
		t.Errorf("message %q does not name the wait %q", se.Message, want)
	}
}

func TestWaitText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Millisecond:            "1 秒",
		5 * time.Second:                   "5 秒",
		59 * time.Second:                  "59 秒",
		59*time.Second + time.Millisecond: "1 分钟",
		60 * time.Second:                  "1 分钟",
		61 * time.Second:                  "2 分钟",
		15 * time.Minute:                  "15 分钟",
	} {
		if got := auth.WaitText(d); got != want {
			t.Errorf("WaitText(%v) = %q, want %q", d, got, want)
		}
	}
}
