package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"skillcert/demo"
	"skillcert/store"
)

func runCmd(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, nil)
	return out.String(), err
}

// TestBackupRestoreAndMigrateCommands runs the program's commands as an
// operator would: a backup of the embedded database while the server
// runs on it, a restore into a new data directory (refused into a
// database holding data unless -force, refused while a server holds the
// directory), the server started on the restored copy, and the restored
// copy moved into a standalone engine reached by URI as MongoDB is.
func TestBackupRestoreAndMigrateCommands(t *testing.T) {
	dir := t.TempDir()
	s := startServer(t, dir, nil)
	admin := login(t, s.URL, "admin", testDemoPassword)
	st, body := postJSON(t, s.URL+"/api/accounts", admin, map[string]string{"username": "before_backup", "name": "备份测试",
		"password": "Passw0rd1", "role": "instructor", "town": "WZ"})
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	archive := filepath.Join(t.TempDir(), "backup.tar.gz")
	out, err := runCmd(t, map[string]string{"SKILLCERT_DATA_DIR": dir}, "backup", "-out", archive)
	if err != nil {
		t.Fatalf("backup while the server runs: %v\n%s", err, out)
	}
	if !strings.Contains(out, "accounts") || !strings.Contains(out, "keys") {
		t.Errorf("backup output:\n%s", out)
	}
	// A restore into the running server's directory is refused.
	if out, err := runCmd(t, map[string]string{"SKILLCERT_DATA_DIR": dir}, "restore", "-in", archive, "-force"); err == nil || !strings.Contains(err.Error(), "stop the server") {
		t.Fatalf("restore into a running server's directory: %v\n%s", err, out)
	}
	s.Stop(t)

	// The operator keeps the key files apart from the archive and puts
	// them back beside the restored database (docs/operations.md).
	dir2 := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir2, "keys"), os.DirFS(filepath.Join(dir, "keys"))); err != nil {
		t.Fatal(err)
	}
	env2 := map[string]string{"SKILLCERT_DATA_DIR": dir2}
	out, err = runCmd(t, env2, "restore", "-in", archive)
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if !strings.Contains(out, "accounts") || !strings.Contains(out, "checksums match") {
		t.Errorf("restore output:\n%s", out)
	}
	if _, err := runCmd(t, env2, "restore", "-in", archive); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Fatalf("second restore without -force: %v", err)
	}
	if out, err := runCmd(t, env2, "restore", "-in", archive, "-force"); err != nil {
		t.Fatalf("restore -force: %v\n%s", err, out)
	}
	s2 := startServer(t, dir2, nil)
	login(t, s2.URL, "before_backup", "Passw0rd1")
	st, body = getJSON(t, s2.URL+"/api/accounts?size=100", login(t, s2.URL, "admin", testDemoPassword))
	var page struct{ Total int }
	_ = json.Unmarshal(body, &page)
	if st != 200 || page.Total != len(demo.Logins)+1 {
		t.Fatalf("accounts after restore: %d total %d, want %d", st, page.Total, len(demo.Logins)+1)
	}
	s2.Stop(t)

	// Move the restored pilot to "MongoDB": a standalone engine by URI.
	target, err := store.StartEngine(t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer target.Stop()
	out, err = runCmd(t, env2, "migrate-to", "-uri", target.URI())
	if err != nil {
		t.Fatalf("migrate-to: %v\n%s", err, out)
	}
	if !strings.Contains(out, "counts and checksums equal") || strings.Contains(out, "DIFFERENT") {
		t.Fatalf("migrate-to output:\n%s", out)
	}
	// The server runs on the target and finds the data.
	// On MongoDB the ID-number key is configured: the pilot's key file.
	idKey, err := os.ReadFile(filepath.Join(dir2, "keys", "idnumber.key"))
	if err != nil {
		t.Fatal(err)
	}
	s3 := startServer(t, t.TempDir(), map[string]string{"MONGODB_URI": target.URI(), "SKILLCERT_JWT_SECRET": strings.Repeat("k", 40),
		"SKILLCERT_ID_KEY": strings.TrimSpace(string(idKey))})
	admin3 := login(t, s3.URL, "admin", testDemoPassword)
	login(t, s3.URL, "before_backup", "Passw0rd1")
	// The sealed ID numbers open under the configured key: the audited
	// reveal of a demo resident answers with the whole number.
	st, body = getJSON(t, s3.URL+"/api/persons?size=1", admin3)
	var persons struct {
		Items []struct{ ID string }
	}
	if err := json.Unmarshal(body, &persons); st != 200 || err != nil || len(persons.Items) == 0 {
		t.Fatalf("persons on the target: %d %s", st, body)
	}
	st, body = postJSON(t, s3.URL+"/api/persons/"+persons.Items[0].ID+"/reveal", admin3, map[string]string{})
	if st != 200 || !strings.Contains(string(body), `"idNumber":"3`) {
		t.Fatalf("reveal on the target: %d %s", st, body)
	}
}

// TestLoadTargetsLoopbackOnly: the load command refuses any host that is
// not a loopback address, and unbounded runs, before sending anything.
func TestLoadTargetsLoopbackOnly(t *testing.T) {
	for _, target := range []string{"http://example.com", "http://10.0.0.5:8080", "http://0.0.0.0:8080", "https://127.0.0.1", "127.0.0.1:8080"} {
		if out, err := runCmd(t, nil, "load", "-target", target, "-clients", "1", "-duration", "1s"); err == nil || !strings.Contains(err.Error(), "target") && !strings.Contains(err.Error(), "loopback") {
			t.Errorf("load -target %s: %v\n%s", target, err, out)
		}
	}
	for _, args := range [][]string{{"-clients", "0"}, {"-clients", "501"}, {"-duration", "11m"}, {"-max-requests", "0"}} {
		if _, err := runCmd(t, nil, append([]string{"load", "-target", "http://127.0.0.1:1"}, args...)...); err == nil {
			t.Errorf("load %v accepted", args)
		}
	}
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"} {
		if _, err := loopbackTarget(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
}
