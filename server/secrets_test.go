package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"skillcert/keys"
	"skillcert/store"
)

// Issue 11 item 2: no constant development secret, loopback by default.

func TestConfigListensOnLoopbackAndHasNoBuiltInSecret(t *testing.T) {
	c, err := LoadConfig(nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || !c.Loopback() {
		t.Errorf("default address %q with the embedded engine, want 127.0.0.1:8080", c.Addr)
	}
	if c.JWTSecret != "" {
		t.Errorf("a secret came from nowhere: %q", c.JWTSecret)
	}
	if _, err := LoadConfig(nil, func(k string) string { return map[string]string{"MONGODB_URI": "mongodb://db:27017"}[k] }); err == nil ||
		!strings.Contains(err.Error(), "SKILLCERT_JWT_SECRET is required") {
		t.Errorf("MongoDB without a secret: %v", err)
	}
	for addr, loop := range map[string]bool{"127.0.0.1:1": true, "localhost:1": true, "[::1]:1": true, ":8080": false, "0.0.0.0:8080": false, "10.1.2.3:80": false} {
		if got := (Config{Addr: addr}).Loopback(); got != loop {
			t.Errorf("Loopback(%q) = %v", addr, got)
		}
	}
}

func TestEmbeddedServerSignsWithARandomKeyOfItsDataDirectory(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, map[string]string{"SKILLCERT_ADDR": "0.0.0.0:0"})
	st, err := os.Stat(keys.Path(dir, keys.SigningKey))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %o, want 600", st.Mode().Perm())
	}
	if !strings.Contains(s.Log.String(), "SECURITY") || !strings.Contains(s.Log.String(), "non-loopback") {
		t.Errorf("no loud warning for a non-loopback address without configured secrets:\n%s", s.Log.String())
	}
	// The trainee's calendar feed: the address made with the former
	// constant secret is refused; the server's own address works, and is
	// the one derived from the data directory's key for this purpose.
	tok := login(t, s.URL, "trainee", testDemoPassword)
	code, body := getJSON(t, s.URL+"/api/my/calendar-feed", tok)
	var feed struct{ URL string }
	if code != 200 || json.Unmarshal(body, &feed) != nil {
		t.Fatalf("feed address: %d %s", code, body)
	}
	path := feed.URL[strings.Index(feed.URL, "/calendar/"):]
	accountID := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"), ".ics")
	accountID = accountID[:strings.Index(accountID, ".")]
	old := hmac.New(sha256.New, []byte("skillcert-embedded-development-secret-change-me"))
	old.Write([]byte("ics-feed"))
	m := hmac.New(sha256.New, old.Sum(nil))
	m.Write([]byte(accountID))
	forged := "/calendar/" + accountID + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18]) + ".ics"
	if st, _ := getJSON(t, s.URL+forged, ""); st != http.StatusNotFound {
		t.Errorf("feed address made with the former constant secret: %d", st)
	}
	if st, _ := getJSON(t, s.URL+path, ""); st != 200 {
		t.Errorf("own feed address: %d", st)
	}
	master, _, err := keys.LoadOrCreate(dir, keys.SigningKey)
	if err != nil {
		t.Fatal(err)
	}
	m = hmac.New(sha256.New, keys.Derive(master, keys.PurposeCalendar))
	m.Write([]byte(accountID))
	if want := "/calendar/" + accountID + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18]) + ".ics"; path != want {
		t.Errorf("feed address %s is not derived from the key file (%s)", path, want)
	}
}

// `server -verify-audit` checks the chain of a stopped server's data
// directory and names the first broken link.
func TestVerifyAuditCommand(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, nil)
	login(t, s.URL, "admin", testDemoPassword)
	s.Stop(t)
	getenv := func(k string) string {
		return map[string]string{"SKILLCERT_DATA_DIR": dir, "SKILLCERT_LOG_LEVEL": "error"}[k]
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-verify-audit"}, getenv, &out, nil); err != nil || !strings.Contains(out.String(), "审计日志完整") {
		t.Fatalf("intact: %v %s", err, out.String())
	}
	db, err := store.Open(context.Background(), store.Config{Database: "skillcert", DataDir: dir, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Collection(store.CollAudit).DeleteOne(context.Background(), bson.D{{Key: "seq", Value: int64(3)}}); err != nil {
		t.Fatal(err)
	}
	_ = db.Close(context.Background())
	out.Reset()
	if err := run(context.Background(), []string{"-verify-audit"}, getenv, &out, nil); !errors.Is(err, errAuditBroken) || !strings.Contains(out.String(), "第 3 条处断裂") {
		t.Fatalf("after deleting entry 3: %v %s", err, out.String())
	}
}
