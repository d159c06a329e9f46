package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"skillcert/demo"
	"skillcert/idcrypt"
	"skillcert/roster"
)

// TestRotateIDKeyReencryptsEverythingUnderANewKey: after the command the
// key file holds one new key, every person is under it, and the restarted
// server finds people by their whole number and reveals it. A second
// rotation works the same; none runs beside a running server.
func TestRotateIDKeyReencryptsEverythingUnderANewKey(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, idcrypt.KeyFile)
	getenv := func(k string) string {
		return map[string]string{"SKILLCERT_DATA_DIR": dir, "SKILLCERT_LOG_LEVEL": "warn"}[k]
	}
	s := startServer(t, dir, nil)
	// The embedded engine has one owner: no rotation beside the server.
	if err := run(context.Background(), []string{rotateIDKeyCommand}, getenv, &bytes.Buffer{}, nil); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("rotation beside a running server: %v", err)
	}
	s.Stop(t)
	before, err := idcrypt.ReadFile(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 2; round++ {
		var out bytes.Buffer
		if err := run(context.Background(), []string{rotateIDKeyCommand}, getenv, &out, nil); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		after, err := idcrypt.ReadFile(keyFile)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 1 || bytes.Equal(after[0], before[0]) {
			t.Fatalf("round %d: key file holds %d keys, new: %v", round, len(after), !bytes.Equal(after[0], before[0]))
		}
		if info, _ := os.Stat(keyFile); info.Mode().Perm() != 0o600 {
			t.Errorf("key file mode %v", info.Mode().Perm())
		}
		newKeys, _ := idcrypt.New(after[0])
		if !strings.Contains(out.String(), "under key "+newKeys.KeyID()) || !strings.Contains(out.String(), "0 already under this key") ||
			strings.Contains(out.String(), " 0 re-encrypted") {
			t.Errorf("round %d: %s", round, out.String())
		}
		before = after
	}

	s = startServer(t, dir, nil)
	wz := login(t, s.URL, "wz_staff", testDemoPassword)
	_, body := getJSON(t, s.URL+"/api/persons?idNumber="+demo.TraineeIDNumber, wz)
	var page struct {
		Items []roster.Person `json:"items"`
	}
	if _ = json.Unmarshal(body, &page); len(page.Items) != 1 {
		t.Fatalf("lookup by the whole number after rotation: %s", body)
	}
	if st, body := postJSON(t, s.URL+"/api/persons/"+page.Items[0].ID+"/reveal", wz, nil); st != 200 || !strings.Contains(string(body), demo.TraineeIDNumber) {
		t.Errorf("reveal after rotation: %d %s", st, body)
	}
	// Registering the demo trainee's number again still meets the register
	// (found by its hash under the new key): no second person appears.
	if st, body := postJSON(t, s.URL+"/api/register", "", roster.Registration{IDNumber: demo.TraineeIDNumber, Name: "李学员", Mobile: "13800000009",
		Password: "Passw0rd1", Village: "WZ01"}); st >= 500 {
		t.Fatalf("registration after rotation: %d %s", st, body)
	}
	_, body = getJSON(t, s.URL+"/api/persons?idNumber="+demo.TraineeIDNumber, wz)
	page.Items = nil
	if _ = json.Unmarshal(body, &page); len(page.Items) != 1 {
		t.Errorf("after a registration with the same number the register holds %d persons with it: %s", len(page.Items), body)
	}
}
