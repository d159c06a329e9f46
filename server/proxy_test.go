package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"skillcert"
	"skillcert/audit"
	"skillcert/store/storetest"
)

// TestClientIPBehindTrustedProxies: X-Forwarded-For names the client only
// when the connection comes from a configured proxy; the audit trail and
// the throttles see that address.
func TestClientIPBehindTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies []string
		wantIP  string
	}{
		{"no proxy configured: the header is ignored", nil, ""},
		{"a trusted proxy: the forwarded client", []string{"0.0.0.0/0", "::/0"}, "203.0.113.9"},
		{"an untrusted peer: the header is ignored", []string{"192.0.2.1"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.TrustedProxies = tc.proxies
			app, err := newAppWithDB(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), storetest.Open(t))
			if err != nil {
				t.Fatal(err)
			}
			ta := &testApp{t: t, app: app}
			res := ta.request("POST", "/api/auth/login", map[string]string{"username": "nobody", "password": "Wrong-pass-1"}, "",
				"X-Forwarded-For", "203.0.113.9, 10.0.0.1")
			if res.Status != 401 {
				t.Fatalf("login: %d", res.Status)
			}
			page, err := app.Audit.List(context.Background(), audit.Filter{Action: "login"}, skillcert.PageRequest{})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("audit: %v %+v", err, page.Items)
			}
			got := page.Items[0].IP
			if tc.wantIP != "" && got != tc.wantIP {
				t.Fatalf("audited IP %q, want %q", got, tc.wantIP)
			}
			if tc.wantIP == "" && got == "203.0.113.9" {
				t.Fatalf("audited the forged address %q", got)
			}
		})
	}
	if _, err := LoadConfig(nil, func(k string) string {
		return map[string]string{"SKILLCERT_TRUSTED_PROXIES": "10.0.0.0/8, not-an-ip"}[k]
	}); err == nil {
		t.Fatal("a bad trusted proxy was accepted")
	}
}
