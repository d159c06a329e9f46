package main

import (
	"strings"
	"testing"

	"skillcert/demo"
)

// TestDemoAccountsHaveNoPublishedPassword: a fresh embedded start gives
// the demo accounts a random password kept in the data directory (0600),
// never in the log; the password earlier versions published opens
// nothing; a restart keeps the same password.
func TestDemoAccountsHaveNoPublishedPassword(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, map[string]string{demo.PasswordEnv: "", "SKILLCERT_LOG_LEVEL": "info"})
	pw, err := demo.ReadPassword(dir)
	if err != nil {
		t.Fatalf("no demo password file after the first start: %v", err)
	}
	login(t, s.URL, "admin", pw)
	if st, _ := postJSON(t, s.URL+"/api/auth/login", "", map[string]string{"username": "admin", "password": "Demo@" + "2026"}); st != 401 {
		t.Errorf("the formerly published demo password: %d, want 401", st)
	}
	log := s.Log.String()
	if strings.Contains(log, pw) {
		t.Error("the demo password is written in the log")
	}
	if !strings.Contains(log, demo.PasswordFile(dir)) {
		t.Errorf("the log does not say where the demo password is:\n%s", log)
	}
	s.Stop(t)
	s2 := startServer(t, dir, map[string]string{demo.PasswordEnv: ""})
	login(t, s2.URL, "wz_staff", pw)
}
